//! Assertions on an answer: status, deadline, and the fixture's `expect` block (NCCO, JSON,
//! Content-Type, body text, Vapi's tool-call contract).
//!
//! Precedence for status and deadline: the command line, else the fixture, else the default
//! (2xx, 5 s — the budget providers give).

use std::time::Duration;

use serde_json::Value;

use super::client::{Outcome, SendError};
use super::prepare::Prepared;
use crate::fixtures::Expect;
use crate::fixtures::load::{format_duration, parse_duration};
use crate::webhook::Provider;

/// The default answer deadline.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// Accepted status codes: `200`, `2xx`, `200,204`, `200-299`, or a mix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusSpec {
    ranges: Vec<(u16, u16)>,
    text: String,
}

impl Default for StatusSpec {
    fn default() -> Self {
        StatusSpec {
            ranges: vec![(200, 299)],
            text: "2xx".into(),
        }
    }
}

impl std::fmt::Display for StatusSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for StatusSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a status spec (try 200, 2xx, 200,204 or 200-299)");
        let code = |t: &str| -> Result<u16, String> {
            t.trim()
                .parse::<u16>()
                .ok()
                .filter(|c| (100..=599).contains(c))
                .ok_or_else(bad)
        };
        let mut ranges = Vec::new();
        for part in s.split(',') {
            let p = part.trim().to_ascii_lowercase();
            if p.len() == 3 && p.ends_with("xx") {
                let d = p[..1].parse::<u16>().map_err(|_| bad())?;
                if !(1..=5).contains(&d) {
                    return Err(bad());
                }
                ranges.push((d * 100, d * 100 + 99));
            } else if let Some((a, b)) = p.split_once('-') {
                let (a, b) = (code(a)?, code(b)?);
                if a > b {
                    return Err(bad());
                }
                ranges.push((a, b));
            } else {
                let c = code(&p)?;
                ranges.push((c, c));
            }
        }
        if ranges.is_empty() {
            return Err(bad());
        }
        Ok(StatusSpec {
            ranges,
            text: s.trim().to_string(),
        })
    }
}

impl StatusSpec {
    pub fn matches(&self, status: u16) -> bool {
        self.ranges.iter().any(|(a, b)| (*a..=*b).contains(&status))
    }

    /// From an `expect.status` value: a number or a spec string.
    pub fn from_value(v: &Value) -> Result<StatusSpec, String> {
        match v {
            Value::Number(n) => n.to_string().parse(),
            Value::String(s) => s.parse(),
            _ => Err("expect.status is a number or a string such as \"2xx\"".into()),
        }
    }
}

/// Everything one request is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectations {
    pub status: StatusSpec,
    pub deadline: Duration,
    pub ncco: bool,
    pub json: bool,
    pub content_type: Option<String>,
    pub body_contains: Option<String>,
    pub vapi_tool_results: bool,
}

impl Default for Expectations {
    fn default() -> Self {
        Expectations {
            status: StatusSpec::default(),
            deadline: DEFAULT_DEADLINE,
            ncco: false,
            json: false,
            content_type: None,
            body_contains: None,
            vapi_tool_results: false,
        }
    }
}

impl Expectations {
    /// Whether checking an answer to `req` reads its whole body (beyond what a report shows).
    pub fn read_body(&self, req: &Prepared) -> bool {
        self.ncco
            || self.json
            || self.body_contains.is_some()
            || self.vapi_tool_results
            || is_vonage_answer(req)
    }

    /// Combine the command line (`status`, `deadline` when given), the fixture's `expect`, and
    /// the defaults.
    pub fn resolve(
        cli_status: Option<&StatusSpec>,
        cli_deadline: Option<Duration>,
        expect: Option<&Expect>,
    ) -> Result<Expectations, String> {
        let mut e = Expectations::default();
        if let Some(x) = expect {
            if let Some(s) = &x.status {
                e.status = StatusSpec::from_value(s)?;
            }
            if let Some(d) = &x.deadline {
                e.deadline = parse_duration(d).map_err(|m| format!("expect.deadline: {m}"))?;
                if e.deadline.is_zero() {
                    return Err("expect.deadline must be more than 0 (e.g. \"5s\")".into());
                }
            }
            e.ncco = x.ncco.unwrap_or(false);
            e.json = x.json.unwrap_or(false);
            e.content_type = x.content_type.clone();
            e.body_contains = x.body_contains.clone();
            e.vapi_tool_results = x.vapi_tool_results.unwrap_or(false);
        }
        if let Some(s) = cli_status {
            e.status = s.clone();
        }
        if let Some(d) = cli_deadline {
            e.deadline = d;
        }
        Ok(e)
    }
}

/// Whether a request is a Vonage answer webhook (GET with `uuid` and `conversation_uuid`),
/// whose reply must be an NCCO even without an `expect` block.
pub fn is_vonage_answer(req: &Prepared) -> bool {
    req.provider == Some(Provider::Vonage)
        && req.method == "GET"
        && req.target.split_once('?').is_some_and(|(_, q)| {
            let keys: Vec<_> = form_urlencoded::parse(q.as_bytes())
                .map(|(k, _)| k)
                .collect();
            keys.iter().any(|k| k == "uuid") && keys.iter().any(|k| k == "conversation_uuid")
        })
}

/// Whether the failure is one a provider would retry: no answer, or a status outside the spec.
pub fn is_retryable(exp: &Expectations, out: &Outcome) -> bool {
    match (out.status, &out.error) {
        (_, Some(_)) => true,
        (Some(s), None) => !exp.status.matches(s),
        (None, None) => true,
    }
}

/// Check an answer; every reason it fails, or empty when it passes. When the status is not
/// the one expected, the body contract (NCCO, tool-call results, JSON, Content-Type, body text)
/// is not checked.
pub fn check(exp: &Expectations, req: &Prepared, out: &Outcome) -> Vec<String> {
    let mut why = Vec::new();
    if let Some(e) = &out.error {
        why.push(match e {
            SendError::Timeout(d) => format!("no answer within {} (deadline)", format_duration(*d)),
            other => other.to_string(),
        });
        return why;
    }
    let Some(status) = out.status else {
        why.push("no answer".into());
        return why;
    };
    let status_ok = exp.status.matches(status);
    if !status_ok {
        why.push(format!("status {status}, expected {}", exp.status));
    }
    if out.latency > exp.deadline {
        why.push(format!(
            "answered in {}, over the {} deadline",
            format_duration(out.latency),
            format_duration(exp.deadline)
        ));
    }
    // A refused request has no answer to hold to the body contract: "401" says it all, and
    // "the answer has no results array" after it would only be noise.
    if !status_ok {
        return why;
    }
    if let Some(ct) = &exp.content_type {
        let got = out.headers.get("content-type").unwrap_or("");
        if !got
            .to_ascii_lowercase()
            .starts_with(&ct.to_ascii_lowercase())
        {
            why.push(format!(
                "Content-Type {}, expected {ct}",
                if got.is_empty() { "missing" } else { got }
            ));
        }
    }
    if let Some(text) = &exp.body_contains
        && !String::from_utf8_lossy(&out.body).contains(text.as_str())
    {
        why.push(format!("the answer does not contain {text:?}"));
    }
    if exp.json && serde_json::from_slice::<Value>(&out.body).is_err() {
        why.push("the answer is not JSON".into());
    }
    if exp.ncco || is_vonage_answer(req) {
        why.extend(check_ncco(&out.body));
    }
    if exp.vapi_tool_results {
        why.extend(check_vapi_tool_results(&req.body, &out.body));
    }
    why
}

/// The answer must be an NCCO: a JSON array of actions that lints without errors.
pub fn check_ncco(body: &[u8]) -> Vec<String> {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return vec!["the answer is empty, expected an NCCO (a JSON array of actions)".into()];
    }
    match serde_json::from_slice::<Value>(trimmed) {
        Err(e) => {
            return vec![format!(
                "the answer is not an NCCO: not JSON ({})",
                crate::json_error::message(&e)
            )];
        }
        Ok(Value::Array(_)) => {}
        Ok(_) => {
            return vec!["the answer is not an NCCO: expected a JSON array of actions".into()];
        }
    }
    let diags = crate::ncco::lint_bytes(body);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == crate::ncco::Severity::Error)
        .collect();
    if errors.is_empty() {
        return Vec::new();
    }
    let first = errors[0];
    let mut m = format!(
        "the NCCO has {} lint error{}: {} {} at {}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        first.code,
        first.message,
        first.path
    );
    if errors.len() > 1 {
        m.push_str(" (run `whk ncco lint` on the answer for all)");
    }
    vec![m]
}

/// Vapi's tool-call contract (`fern/tools/custom-tools-troubleshooting.mdx`).
pub fn check_vapi_tool_results(request: &[u8], answer: &[u8]) -> Vec<String> {
    let mut why = Vec::new();
    let ids: Vec<String> = serde_json::from_slice::<Value>(request)
        .ok()
        .and_then(|v| v.pointer("/message/toolCallList").cloned())
        .and_then(|l| {
            l.as_array().map(|a| {
                a.iter()
                    .filter_map(|t| t.get("id").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default();
    let Ok(v) = serde_json::from_slice::<Value>(answer) else {
        return vec!["Vapi tool-calls: the answer is not JSON".into()];
    };
    let Some(results) = v.get("results").and_then(Value::as_array) else {
        return vec!["Vapi tool-calls: the answer has no \"results\" array".into()];
    };
    for id in &ids {
        if !results
            .iter()
            .any(|r| r.get("toolCallId").and_then(Value::as_str) == Some(id.as_str()))
        {
            why.push(format!("Vapi tool-calls: no result for toolCallId {id:?}"));
        }
    }
    for (i, r) in results.iter().enumerate() {
        match r.get("toolCallId").and_then(Value::as_str) {
            None => why.push(format!(
                "Vapi tool-calls: results[{i}] has no toolCallId string"
            )),
            Some(id) if !ids.is_empty() && !ids.iter().any(|x| x == id) => why.push(format!(
                "Vapi tool-calls: results[{i}].toolCallId {id:?} is not one of this request's"
            )),
            _ => {}
        }
        let field = r.get("result").or_else(|| r.get("error"));
        match field {
            Some(Value::String(s)) if s.contains('\n') => why.push(format!(
                "Vapi tool-calls: results[{i}] is not a single-line string (line breaks break Vapi's parsing)"
            )),
            Some(Value::String(_)) => {}
            Some(_) => why.push(format!(
                "Vapi tool-calls: results[{i}].result must be a string, not an object"
            )),
            None => why.push(format!("Vapi tool-calls: results[{i}] has no result or error")),
        }
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_specs() {
        let s: StatusSpec = "2xx".parse().unwrap();
        assert!(s.matches(204) && !s.matches(301));
        let s: StatusSpec = "200,204".parse().unwrap();
        assert!(s.matches(204) && !s.matches(201));
        let s: StatusSpec = "200-299, 409".parse().unwrap();
        assert!(s.matches(409) && s.matches(250));
        assert!("6xx".parse::<StatusSpec>().is_err());
        assert!("abc".parse::<StatusSpec>().is_err());
        assert!("300-200".parse::<StatusSpec>().is_err());
        assert!("".parse::<StatusSpec>().is_err());
    }

    #[test]
    fn tool_results_contract() {
        let req = br#"{"message":{"type":"tool-calls","toolCallList":[{"id":"call_1"}]}}"#;
        assert!(
            check_vapi_tool_results(
                req,
                br#"{"results":[{"toolCallId":"call_1","result":"ok"}]}"#
            )
            .is_empty()
        );
        assert_eq!(
            check_vapi_tool_results(
                req,
                br#"{"results":[{"toolCallId":"call_2","result":"ok"}]}"#
            )
            .len(),
            2
        );
        assert_eq!(
            check_vapi_tool_results(
                req,
                br#"{"results":[{"toolCallId":"call_1","result":{"a":1}}]}"#
            )
            .len(),
            1
        );
        assert_eq!(
            check_vapi_tool_results(
                req,
                br#"{"results":[{"toolCallId":"call_1","result":"a\nb"}]}"#
            )
            .len(),
            1
        );
        assert_eq!(check_vapi_tool_results(req, b"nope").len(), 1);
    }

    #[test]
    fn ncco_shape() {
        assert!(!check_ncco(b"").is_empty());
        assert!(!check_ncco(br#"{"action":"talk"}"#).is_empty());
        assert!(check_ncco(br#"[{"action":"talk","text":"Hello"}]"#).is_empty());
    }
}
