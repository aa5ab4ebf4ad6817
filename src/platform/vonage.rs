//! Vonage Voice: the answer URL (GET with query parameters, or POST with a JSON body; the
//! reply is the call's NCCO), the event URL (`status` events, `input`, `record`, `transfer`,
//! errors) and the fallback URL; and Vonage SMS (inbound messages, delivery receipts).

use serde_json::Value;

use crate::finding::{Code, Finding, Location};

use super::{
    Contract, DefaultAnswer, Kind, Recognition, Seen, Sends, foreign, param, require,
    require_params, str_at,
};

/// The shipped fixture of each kind.
#[cfg(test)]
pub const SAMPLES: &[(Kind, &str)] = &[
    (Kind::Answer, "vonage/answer"),
    (Kind::Event, "vonage/started"),
];

pub(crate) const VONAGE: Sends = Sends {
    provider: "Vonage",
    layout: "as `status`, with `uuid` and `conversation_uuid`",
    event: "completed",
    fixture: "vonage/completed",
    seeds: &[],
    unnamed: false,
};

/// Whether a request is an answer request, by its content: `uuid` and `to` (a JSON body) or
/// `uuid` (parameters), with no `status`, `dtmf` or `speech`; or it came to the answer path.
pub fn is_answer(seen: &Seen<'_>) -> bool {
    if seen.answer_path {
        return true;
    }
    match seen.json {
        Some(v) => {
            v.get("status").is_none()
                && v.get("uuid").is_some()
                && v.get("to").is_some()
                && v.get("dtmf").is_none()
                && v.get("speech").is_none()
        }
        None => param(seen.params, "uuid").is_some() && param(seen.params, "status").is_none(),
    }
}

pub fn kind(seen: &Seen<'_>) -> Kind {
    if is_answer(seen) {
        Kind::Answer
    } else {
        Kind::Event
    }
}

pub fn call_id(seen: &Seen<'_>) -> Option<String> {
    match seen.json {
        Some(v) => str_at(v, "uuid").or_else(|| str_at(v, "call_uuid")),
        None => param(seen.params, "uuid").map(str::to_string),
    }
}

/// An answer's reply is an NCCO; an `input` or `notify` event's reply may be one.
pub fn contract(seen: &Seen<'_>) -> Option<Contract> {
    if is_answer(seen) {
        return Some(Contract::Ncco);
    }
    let v = seen.json?;
    let input = v.get("status").is_none() && (v.get("dtmf").is_some() || v.get("speech").is_some());
    // `notify` posts its own `payload` to the eventUrl.
    let notify = v.get("status").is_none() && v.get("payload").is_some() && v.get("uuid").is_some();
    (input || notify).then_some(Contract::NccoIfAny)
}

/// The event and the fields it needs.
pub fn recognise(r: &mut Recognition, seen: &Seen<'_>) {
    if let Some(v) = seen.json {
        let status = str_at(v, "status");
        if is_answer(seen) {
            r.event = Some("answer".into());
            require(r, v, &["uuid", "conversation_uuid", "to", "from|from_user"]);
        } else if let Some(s) = status {
            match s.as_str() {
                "human" | "machine" => require(r, v, &["call_uuid|uuid", "conversation_uuid"]),
                // Transcription callbacks name the recording, not the call leg.
                "transcribed" => require(r, v, &["conversation_uuid", "transcription_url"]),
                _ => require(r, v, &["uuid|call_uuid", "conversation_uuid", "timestamp"]),
            }
            r.event = Some(s);
        } else if v.get("conversation_uuid_from").is_some() {
            r.event = Some("transfer".into());
        } else if v.get("dtmf").is_some() || v.get("speech").is_some() {
            r.event = Some("input".into());
            require(r, v, &["conversation_uuid"]);
        } else if v.get("recording_url").is_some() {
            r.event = Some("record".into());
            require(r, v, &["recording_url", "conversation_uuid"]);
        } else if v.get("reason").is_some() && v.get("conversation_uuid").is_some() {
            r.event = Some("error".into());
        } else {
            foreign(r, v, &VONAGE);
        }
        if let Some(ts) = str_at(v, "timestamp")
            && let Ok(t) = ts.parse::<jiff::Timestamp>()
        {
            r.event_time = Some((t.as_second(), "timestamp"));
        }
        return;
    }
    let params = seen.params;
    if is_answer(seen) {
        r.event = Some("answer".into());
        if !params.is_empty() || seen.method == "GET" {
            require_params(
                r,
                params,
                &["uuid", "conversation_uuid", "to", "from|from_user"],
            );
        }
    } else if let Some(s) = param(params, "status") {
        r.event = Some(s.to_string());
    }
}

/// Vonage SMS: delivery receipts (`status`) and inbound messages.
pub fn recognise_sms(r: &mut Recognition, seen: &Seen<'_>) {
    if seen.json.is_some() {
        return;
    }
    let params = seen.params;
    if let Some(s) = param(params, "status") {
        r.event = Some(format!("dlr.{s}"));
        require_params(r, params, &["messageId", "msisdn"]);
    } else {
        r.event = Some("inbound-sms".into());
        require_params(r, params, &["msisdn", "to", "messageId", "text|type"]);
        r.event_id = param(params, "messageId").map(|m| format!("sms/{m}"));
    }
    if let Some(ts) = param(params, "timestamp").and_then(|t| t.parse::<i64>().ok()) {
        r.event_time = Some((ts, "timestamp"));
    }
}

/// A one-`talk` NCCO.
pub fn default_answer() -> DefaultAnswer {
    DefaultAnswer {
        content_type: "application/json",
        body: serde_json::to_vec(&serde_json::json!([
            { "action": "talk", "text": super::SPOKEN }
        ]))
        .unwrap_or_default(),
    }
}

/// The outcome of linting one NCCO (listen's `ncco` field).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct NccoReport {
    pub errors: usize,
    pub warnings: usize,
    /// One line per finding, for people.
    pub messages: Vec<String>,
    /// The linter's diagnostics as findings (code `NCCO0xx`, JSONPath location).
    pub findings: Vec<Finding>,
}

/// Lint NCCO bytes with whk's NCCO linter (`whk ncco lint`): every finding, for a report.
pub fn lint_report(bytes: &[u8]) -> NccoReport {
    let diags = crate::ncco::lint_bytes(bytes);
    NccoReport {
        errors: crate::ncco::error_count(&diags),
        warnings: crate::ncco::warning_count(&diags),
        messages: diags
            .iter()
            .map(|d| {
                format!(
                    "{} {} at {}:{} ({}): {}",
                    d.severity, d.code, d.line, d.column, d.path, d.message
                )
            })
            .collect(),
        findings: diags.iter().map(Finding::from).collect(),
    }
}

/// The answer must be an NCCO: a JSON array of actions that lints without errors.
pub fn check_ncco(body: &[u8]) -> Vec<Finding> {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return vec![Finding::error(
            Code::CONTRACT_NCCO,
            "the answer is empty, expected an NCCO (a JSON array of actions)",
        )];
    }
    ncco_errors(trimmed)
}

/// An `input`/`notify` reply: empty, or a JSON array that is a valid NCCO. Other JSON (an
/// acknowledgement) is ignored by Vonage.
pub fn check_ncco_if_any(body: &[u8]) -> Vec<Finding> {
    let trimmed = body.trim_ascii();
    if trimmed.first() != Some(&b'[') {
        return Vec::new();
    }
    ncco_errors(trimmed)
}

/// One finding for an NCCO with lint errors (the first error's code and JSONPath; `whk ncco
/// lint` shows them all).
fn ncco_errors(trimmed: &[u8]) -> Vec<Finding> {
    match serde_json::from_slice::<Value>(trimmed) {
        Err(e) => {
            let l = crate::json_error::locate(&e, trimmed);
            return vec![
                Finding::error(
                    Code::CONTRACT_NCCO,
                    format!(
                        "the answer is not an NCCO: not JSON ({})",
                        crate::json_error::message(&e)
                    ),
                )
                .at(Location::LineCol {
                    line: l.line,
                    column: l.column,
                }),
            ];
        }
        Ok(Value::Array(_)) => {}
        Ok(_) => {
            return vec![
                Finding::error(
                    Code::CONTRACT_NCCO,
                    "the answer is not an NCCO: expected a JSON array of actions",
                )
                .at(Location::JsonPath("$".into())),
            ];
        }
    }
    let diags = crate::ncco::lint_bytes(trimmed);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == crate::ncco::Severity::Error)
        .collect();
    let Some(first) = errors.first() else {
        return Vec::new();
    };
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
    let mut f = Finding::error(Code::CONTRACT_NCCO, m).at(Location::JsonPath(first.path.clone()));
    f.hint = first.help.clone();
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncco_shape() {
        assert!(!check_ncco(b"").is_empty());
        assert!(!check_ncco(br#"{"action":"talk"}"#).is_empty());
        assert!(check_ncco(br#"[{"action":"talk","text":"Hello"}]"#).is_empty());
        assert!(check_ncco_if_any(b"").is_empty());
        assert!(check_ncco_if_any(br#"{"received":true}"#).is_empty());
        assert!(!check_ncco_if_any(br#"[{"action":"tlak"}]"#).is_empty());
    }
}
