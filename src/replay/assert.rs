//! Assertions on an answer: status, deadline, the platform's contract for the request's kind
//! (`crate::platform`: an NCCO for a Vonage answer, TwiML for a Twilio/SignalWire voice or
//! action request, Vapi's tool-call and assistant-request rules), and the fixture's `expect`
//! block (NCCO, JSON, Content-Type, body text, Vapi's tool-call contract).
//!
//! Precedence for status and deadline: the command line, else the fixture, else the default
//! (2xx, 5 s — the budget providers give).

use std::time::Duration;

use serde_json::Value;

use crate::finding::{Code, Finding};
use crate::fixtures::Expect;
use crate::fixtures::load::parse_duration;
use crate::outbound::Request;
use crate::outbound::{Exchange, SendError};
use crate::output::format::duration_written as format_duration;
use crate::platform::{self, Contract};

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
    /// The platform's contract for the request (from its kind), checked whatever `expect`
    /// says.
    pub contract: Option<Contract>,
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
            contract: None,
        }
    }
}

impl Expectations {
    /// Whether checking an answer to `req` reads its whole body (beyond what a report shows).
    pub fn read_body(&self) -> bool {
        self.ncco
            || self.json
            || self.body_contains.is_some()
            || self.vapi_tool_results
            || self.contract.is_some()
    }

    /// The contracts an answer is held to: the request's own, and those `expect` asks for.
    fn contracts(&self) -> Vec<Contract> {
        let mut c: Vec<Contract> = self.contract.into_iter().collect();
        for (wanted, contract) in [
            (self.ncco, Contract::Ncco),
            (self.vapi_tool_results, Contract::VapiToolCalls),
        ] {
            if wanted && !c.contains(&contract) {
                c.push(contract);
            }
        }
        // An expected NCCO replaces the lenient check of an `input` reply.
        if c.contains(&Contract::Ncco) {
            c.retain(|x| *x != Contract::NccoIfAny);
        }
        c
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

/// Whether the failure is one a provider would retry: no answer, or a status outside the spec.
pub fn is_retryable(exp: &Expectations, out: &Exchange) -> bool {
    match (out.status, &out.error) {
        (_, Some(_)) => true,
        (Some(s), None) => !exp.status.matches(s),
        (None, None) => true,
    }
}

/// Check an answer; every reason it fails as a finding, or empty when it passes. When the
/// status is not the one expected, the body contract (NCCO, tool-call results, JSON,
/// Content-Type, body text) is not checked.
pub fn check(exp: &Expectations, req: &Request, out: &Exchange) -> Vec<Finding> {
    let mut why = Vec::new();
    if let Some(e) = &out.error {
        why.push(match e {
            SendError::Timeout(d) => Finding::error(
                Code::REPLAY_DEADLINE,
                format!("no answer within {} (deadline)", format_duration(*d)),
            ),
            other => Finding::error(Code::REPLAY_SEND, other.to_string()),
        });
        return why;
    }
    let Some(status) = out.status else {
        why.push(Finding::error(Code::REPLAY_SEND, "no answer"));
        return why;
    };
    let status_ok = exp.status.matches(status);
    if !status_ok {
        why.push(Finding::error(
            Code::REPLAY_STATUS,
            format!("status {status}, expected {}", exp.status),
        ));
    }
    if out.latency > exp.deadline {
        why.push(Finding::error(
            Code::REPLAY_DEADLINE,
            format!(
                "answered in {}, over the {} deadline",
                format_duration(out.latency),
                format_duration(exp.deadline)
            ),
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
            why.push(Finding::error(
                Code::REPLAY_CONTENT_TYPE,
                format!(
                    "Content-Type {}, expected {ct}",
                    if got.is_empty() { "missing" } else { got }
                ),
            ));
        }
    }
    if let Some(text) = &exp.body_contains
        && !String::from_utf8_lossy(&out.body).contains(text.as_str())
    {
        why.push(Finding::error(
            Code::REPLAY_BODY_CONTAINS,
            format!("the answer does not contain {text:?}"),
        ));
    }
    if exp.json && serde_json::from_slice::<Value>(&out.body).is_err() {
        why.push(Finding::error(Code::REPLAY_JSON, "the answer is not JSON"));
    }
    let answer = platform::Answer {
        status,
        content_type: out.headers.get("content-type"),
        body: &out.body,
        latency: Some(out.latency),
    };
    for c in exp.contracts() {
        why.extend(platform::check(c, &req.body, &answer));
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
}
