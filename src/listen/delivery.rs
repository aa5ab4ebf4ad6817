//! The [`Delivery`]: one received request with everything found about it and how it was
//! answered. The server builds it, the hub publishes it, and every consumer (printer, JSON
//! writer, recorder, the web inspector) reads the same value.

use std::net::SocketAddr;
use std::time::Duration;

use std::borrow::Cow;

use base64::Engine as _;
use bytes::Bytes;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::analyze::{Analysis, Body, Warning};
use super::dedupe::Duplicate;
use super::ncco::NccoReport;
use super::signature::{SigStatus, SignatureCheck};
use crate::finding::{Code, Finding};
use crate::platform::Contract;
use crate::webhook::Headers;
use crate::webhook::request::{is_sensitive, mask};

/// One delivery, complete.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// 1-based, in order of arrival.
    pub seq: u64,
    pub received_at: jiff::Timestamp,
    pub remote: Option<SocketAddr>,
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string without `?`.
    pub query: Option<String>,
    /// The URL signatures were checked against.
    pub url: String,
    pub headers: Headers,
    /// The body exactly as received (empty when rejected).
    pub body: Bytes,
    /// Why the body was not accepted (413, 408, 400), if it was not.
    pub rejected: Option<Rejected>,
    pub analysis: Analysis,
    pub signature: SignatureCheck,
    pub duplicate: Option<Duplicate>,
    /// Which attempt at this event (by delivery id, event id or bytes) this is.
    pub attempt: u32,
    /// A stale (or future) timestamp, described.
    pub stale: Option<String>,
    /// What the sender was answered.
    pub reply: Reply,
    /// Set when the delivery was passed to the app.
    pub forward: Option<Forward>,
    /// From the end of the request head to the reply being ready (or, when the sender gave
    /// up, to when it would have been).
    pub latency: Duration,
    /// The sender closed the connection before the answer: when, and what it was waiting for.
    pub gave_up: Option<GaveUp>,
    /// The listener was stopped at once before this delivery was answered.
    pub cut_off: bool,
    /// Whether it matches `--events` (hidden ones are still answered, counted and recorded).
    pub shown: bool,
    /// `--strict`: payload warnings count against the exit status like errors.
    pub strict: bool,
    /// `--record`: the fixture written before the reply went out, or why it could not be.
    pub recorded: Option<Result<String, String>>,
}

/// A sender that hung up after its body arrived, before the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GaveUp {
    /// How long after the request head it closed the connection.
    pub after: Duration,
    /// What the answer was waiting on at that moment.
    pub waiting_for: Waiting,
}

/// What an answer was waiting on when the sender gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// The app behind `--forward-to`: its slowness is a finding.
    App,
    /// `--delay`, which asked for it.
    Delay,
    /// whk itself (recording, a full output backlog).
    Whk,
}

impl GaveUp {
    /// One line: "the sender gave up after 0.5 s, before the answer (200) at 1.5 s (--delay);
    /// …".
    pub fn describe(&self, status: &str, answered_after: Duration) -> String {
        let why = match self.waiting_for {
            Waiting::App => " (the app was still working: --forward-to)",
            Waiting::Delay => " (--delay)",
            Waiting::Whk => "",
        };
        format!(
            "the sender gave up after {}, before the answer ({status}) at {}{why}; a real provider would count a failure and retry",
            humantime(self.after),
            humantime(answered_after)
        )
    }
}

/// Why a body was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    TooLarge { limit: u64, declared: Option<u64> },
    BodyTimeout(Duration),
    BodyError(String),
}

impl Rejected {
    pub fn describe(&self) -> String {
        match self {
            Rejected::TooLarge {
                limit,
                declared: Some(n),
            } => format!(
                "body of {} is over the {} limit (--max-body); answered 413",
                human_size(*n),
                human_size(*limit)
            ),
            Rejected::TooLarge { limit, .. } => format!(
                "body is over the {} limit (--max-body); answered 413",
                human_size(*limit)
            ),
            Rejected::BodyTimeout(d) => format!(
                "the body did not arrive within {} (--read-timeout); answered 408",
                humantime(*d)
            ),
            Rejected::BodyError(e) => format!("the body could not be read: {e}"),
        }
    }
}

/// Where the reply came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplySource {
    /// The default `{"received": true}`, or `--status`.
    Default,
    /// `--respond FILE`.
    File,
    /// `--answer NCCO_FILE`.
    Answer,
    /// `--fail-first`.
    FailFirst,
    /// The app behind `--forward-to`.
    App,
    /// whk itself, because the app could not be reached (502/504).
    AppError,
    /// whk itself, refusing the request (413/408/400).
    Refused,
    /// whk itself: `--record` could not write the delivery, so it was not acknowledged (500)
    /// and the sender will retry.
    RecordFailed,
    /// Nothing was sent: the listener was stopped at once before the answer.
    CutOff,
}

impl ReplySource {
    pub fn as_str(self) -> &'static str {
        match self {
            ReplySource::Default => "default",
            ReplySource::File => "respond_file",
            ReplySource::Answer => "answer",
            ReplySource::FailFirst => "fail_first",
            ReplySource::App => "app",
            ReplySource::AppError => "app_error",
            ReplySource::Refused => "refused",
            ReplySource::RecordFailed => "record_failed",
            ReplySource::CutOff => "cut_off",
        }
    }
}

/// The reply sent to the sender.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub source: ReplySource,
    pub content_type: Option<String>,
    pub body: Bytes,
    /// The NCCO lint of the reply, for answers to Vonage answer/event requests.
    pub ncco: Option<NccoReport>,
    /// The platform's contract for the reply (whk's own default answers meet it; the app's
    /// replies behind `--forward-to` are checked against it).
    pub contract: Option<ContractCheck>,
}

/// A reply held to its platform's contract ([`crate::platform::check`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractCheck {
    pub contract: Contract,
    /// Every way the reply breaks it; empty when it passes.
    pub failures: Vec<Finding>,
}

/// The round trip to the app.
#[derive(Clone, Debug)]
pub struct Forward {
    /// Where it went.
    pub url: String,
    /// The app's status, when it answered.
    pub status: Option<u16>,
    /// Why it did not (connection refused, timeout).
    pub error: Option<String>,
    /// It did not answer within `--forward-timeout`.
    pub timed_out: bool,
    pub latency: Duration,
    /// The app answered 4xx/5xx to a delivery whose signature whk verified as valid.
    pub refused: Option<Refusal>,
}

/// The app refused a delivery whose signature is valid (a finding), and what whk can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The app's status.
    pub status: u16,
    /// Well-known re-encodings of the body (`JSON.stringify(body)`, `json.dumps(body)`) that
    /// are other bytes than the ones received and whose signature differs from the one sent.
    pub reencodings: Vec<&'static str>,
    /// What that points to, for people.
    pub hint: String,
}

impl Refusal {
    pub const MESSAGE: &'static str = "your app refused a delivery whose signature is valid";

    /// The refusal as a finding (`listen.app_refused`), for the delivery and its exchange.
    pub fn finding(&self) -> Finding {
        Finding::error(
            Code::LISTEN_APP_REFUSED,
            format!("{} (HTTP {})", Refusal::MESSAGE, self.status),
        )
        .with_hint(self.hint.clone())
    }
}

impl Delivery {
    /// Whether this delivery counts as good for the exit status: body accepted and parsed,
    /// signature valid (or nothing to check), the event's fields present, the app reachable
    /// and quick enough that the sender waited for its answer; with `--strict`, no payload
    /// warnings either.
    pub fn ok(&self) -> bool {
        self.ok_but_for_the_app_being_slow() && !self.app_too_slow()
    }

    /// The sender gave up while the app behind `--forward-to` was still working.
    pub fn app_too_slow(&self) -> bool {
        self.gave_up.is_some_and(|g| g.waiting_for == Waiting::App)
    }

    /// Every finding about the delivery and its reply (`findings` in `--json`): the
    /// payload's, the app's refusal of a valid delivery (`listen.app_refused`), the reply's
    /// contract (`contract.*`) and its NCCO lint diagnostics (`NCCO0xx`).
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = self.analysis.findings();
        if let Some(r) = self.forward.as_ref().and_then(|f| f.refused.as_ref()) {
            out.push(r.finding());
        }
        if let Some(c) = &self.reply.contract {
            out.extend(c.failures.iter().cloned());
        }
        if let Some(n) = &self.reply.ncco {
            out.extend(n.findings.iter().cloned());
        }
        out
    }

    /// Everything [`Delivery::ok`] checks except the sender's patience with the app.
    pub fn ok_but_for_the_app_being_slow(&self) -> bool {
        self.rejected.is_none()
            && matches!(
                self.signature.status,
                SigStatus::Valid | SigStatus::Unchecked
            )
            && !self.analysis.has_errors()
            && (!self.strict || self.analysis.recognition.warnings.is_empty())
            && self
                .forward
                .as_ref()
                .is_none_or(|f| f.error.is_none() && f.refused.is_none())
            && self.reply.ncco.as_ref().is_none_or(|n| n.errors == 0)
            && self
                .reply
                .contract
                .as_ref()
                .is_none_or(|c| c.failures.is_empty())
    }

    /// The query string as an object (repeated names become arrays).
    pub fn query_json(&self) -> Value {
        params_json(
            self.query
                .as_deref()
                .map(|q| {
                    form_urlencoded::parse(q.as_bytes())
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
                .iter(),
        )
    }

    /// The body for JSON output and its encoding: parsed JSON, form fields as an object,
    /// text as a string, bytes as base64.
    fn body_json(&self) -> (BodyJson<'_>, &'static str) {
        match &self.analysis.body {
            Body::Empty => (BodyJson::Null, "none"),
            Body::Json => (json_body(&self.body), "json"),
            Body::Form(f) => (BodyJson::Value(params_json(f.iter())), "form"),
            Body::InvalidJson(_) | Body::Text => {
                (BodyJson::Text(String::from_utf8_lossy(&self.body)), "utf8")
            }
            Body::Binary => (
                BodyJson::Text(Cow::Owned(
                    base64::engine::general_purpose::STANDARD.encode(&self.body),
                )),
                "base64",
            ),
        }
    }

    /// The `--json` line for this delivery as a value (secrets masked); for unit tests.
    #[cfg(test)]
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.json_line(None)).unwrap_or(Value::Null)
    }

    /// Append the `--json` line (and a newline) to `out`; `recorded` is the fixture's path.
    pub fn write_json(&self, out: &mut Vec<u8>, recorded: Option<&str>) {
        if serde_json::to_writer(&mut *out, &self.json_line(recorded)).is_ok() {
            out.push(b'\n');
        }
    }

    /// The `--json` object, borrowing from the delivery (no copy of the body).
    pub fn json_line<'a>(&'a self, recorded: Option<&'a str>) -> JsonLine<'a> {
        let (body, body_encoding) = self.body_json();
        let sig = &self.signature;
        JsonLine {
            seq: self.seq,
            received_at: timestamp_ms(self.received_at),
            method: &self.method,
            path: &self.path,
            query: self.query_json(),
            url: &self.url,
            remote: self.remote.map(|r| r.to_string()),
            headers: MaskedHeaders(&self.headers),
            body,
            body_encoding,
            body_size: self.body.len(),
            json_error: match &self.analysis.body {
                Body::InvalidJson(e) => Some(JsonErrorJson {
                    line: e.line,
                    column: e.column,
                    message: &e.message,
                }),
                _ => None,
            },
            provider: self.analysis.provider.map(|p| p.id()),
            provider_from: self.analysis.provider_from.map(|p| p.as_str()),
            event: self.analysis.recognition.event.as_deref(),
            event_id: self.analysis.recognition.event_id.as_deref(),
            signature: SignatureJson {
                status: sig.status.as_str(),
                provider: sig.provider.map(|p| p.id()),
                reason: sig.reason(),
                message: &sig.message,
                hint: sig.hint.as_deref(),
                timestamp: sig.verdict.as_ref().and_then(|v| v.timestamp),
            },
            missing_fields: &self.analysis.recognition.missing,
            problems: &self.analysis.recognition.problems,
            warnings: &self.analysis.recognition.warnings,
            stale: self.stale.as_deref(),
            duplicate: self.duplicate.is_some(),
            duplicate_of: self.duplicate.as_ref().map(|d| d.of),
            duplicate_by: self.duplicate.as_ref().map(|d| d.by),
            attempt: self.attempt,
            rejected: self.rejected.as_ref().map(Rejected::describe),
            response_status: self.reply.status,
            response_source: self.reply.source.as_str(),
            latency_ms: millis(self.latency),
            sender_gave_up: self.gave_up.is_some(),
            sender_waited_ms: self.gave_up.map(|g| millis(g.after)),
            answered_after_ms: (!self.cut_off).then(|| millis(self.latency)),
            cut_off: self.cut_off,
            forward: self.forward.as_ref().map(|f| ForwardJson {
                url: &f.url,
                status: f.status,
                error: f.error.as_deref(),
                latency_ms: millis(f.latency),
                reply_body: reply_body_json(&self.reply),
                refused_valid: f.refused.is_some(),
                message: f.refused.as_ref().map(|_| Refusal::MESSAGE),
                hint: f.refused.as_ref().map(|r| r.hint.as_str()),
                reencodings: f.refused.as_ref().map(|r| r.reencodings.as_slice()),
            }),
            ncco: self.reply.ncco.as_ref(),
            kind: self.analysis.kind.as_str(),
            call_id: self.analysis.call_id.as_deref(),
            contract: self.reply.contract.as_ref().map(|c| c.contract.as_str()),
            contract_failures: self
                .reply
                .contract
                .as_ref()
                .map_or_else(Vec::new, |c| crate::finding::messages(&c.failures)),
            findings: self.findings(),
            ok: self.ok(),
            recorded,
        }
    }
}

/// One `--json` line. Field order is the output order.
#[derive(Serialize)]
pub struct JsonLine<'a> {
    pub seq: u64,
    pub received_at: String,
    pub method: &'a str,
    pub path: &'a str,
    pub query: Value,
    pub url: &'a str,
    pub remote: Option<String>,
    pub headers: MaskedHeaders<'a>,
    pub body: BodyJson<'a>,
    pub body_encoding: &'static str,
    pub body_size: usize,
    pub json_error: Option<JsonErrorJson<'a>>,
    pub provider: Option<&'static str>,
    pub provider_from: Option<&'static str>,
    pub event: Option<&'a str>,
    pub event_id: Option<&'a str>,
    pub signature: SignatureJson<'a>,
    pub missing_fields: &'a [String],
    pub problems: &'a [String],
    /// Payload warnings, `{"message", "hint"}` each.
    pub warnings: &'a [Warning],
    pub stale: Option<&'a str>,
    pub duplicate: bool,
    pub duplicate_of: Option<u64>,
    pub duplicate_by: Option<&'static str>,
    pub attempt: u32,
    pub rejected: Option<String>,
    pub response_status: u16,
    pub response_source: &'static str,
    pub latency_ms: f64,
    /// The sender closed the connection before the answer (the delivery is still here).
    pub sender_gave_up: bool,
    /// How long it waited, when it gave up.
    pub sender_waited_ms: Option<f64>,
    /// When the answer was (or, for a sender that gave up, would have been) ready; `null`
    /// when the listener was stopped before answering.
    pub answered_after_ms: Option<f64>,
    /// The listener was stopped at once before answering.
    pub cut_off: bool,
    pub forward: Option<ForwardJson<'a>>,
    pub ncco: Option<&'a NccoReport>,
    /// Which of the platform's URLs the request is for (`answer`, `voice`, `server`, …).
    pub kind: &'static str,
    /// The call it belongs to, as the platform names it.
    pub call_id: Option<&'a str>,
    /// The contract the reply is held to (`ncco`, `twiml`, `vapi_tool_calls`, …), if any.
    pub contract: Option<&'static str>,
    /// How the reply (the app's, behind `--forward-to`) breaks that contract.
    pub contract_failures: Vec<&'a str>,
    /// Every finding about the delivery and its reply: payload findings (`listen.*`), the
    /// reply's contract (`contract.*`) and its NCCO lint (`NCCO0xx`).
    pub findings: Vec<Finding>,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<&'a str>,
}

/// The body in a JSON line.
#[derive(Serialize)]
#[serde(untagged)]
pub enum BodyJson<'a> {
    Null,
    /// The received JSON itself, when it is on one line (no copy, no re-encoding).
    Raw(&'a RawValue),
    Value(Value),
    Text(Cow<'a, str>),
}

/// A JSON body for a JSON line: the received bytes when they fit on one line, else the
/// parsed value (re-encoded compactly).
fn json_body(body: &[u8]) -> BodyJson<'_> {
    if !body.iter().any(|&b| b == b'\n' || b == b'\r')
        && let Ok(raw) = serde_json::from_slice::<&RawValue>(body)
    {
        return BodyJson::Raw(raw);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => BodyJson::Value(v),
        Err(_) => BodyJson::Text(String::from_utf8_lossy(body)),
    }
}

#[derive(Serialize)]
pub struct JsonErrorJson<'a> {
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

#[derive(Serialize)]
pub struct SignatureJson<'a> {
    pub status: &'static str,
    pub provider: Option<&'static str>,
    pub reason: &'static str,
    pub message: &'a str,
    pub hint: Option<&'a str>,
    pub timestamp: Option<i64>,
}

#[derive(Serialize)]
pub struct ForwardJson<'a> {
    pub url: &'a str,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub latency_ms: f64,
    pub reply_body: Value,
    /// The app answered 4xx/5xx to a delivery whose signature whk verified (a finding).
    pub refused_valid: bool,
    /// When refused: [`Refusal::MESSAGE`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    /// When refused: what whk can tell about why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'a str>,
    /// When refused: the re-encodings of the body whose signature would differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reencodings: Option<&'a [&'static str]>,
}

/// Headers as a JSON object, credentials masked, repeated names joined with ", ".
pub struct MaskedHeaders<'a>(pub &'a Headers);

impl Serialize for MaskedHeaders<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut merged: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(self.0.len());
        for (n, v) in self.0.iter() {
            let v: Cow<'_, str> = if is_sensitive(n) {
                Cow::Owned(mask(v))
            } else {
                Cow::Borrowed(v)
            };
            match merged.iter_mut().find(|(m, _)| *m == n) {
                Some((_, existing)) => {
                    let joined = format!("{existing}, {v}");
                    *existing = Cow::Owned(joined);
                }
                None => merged.push((n, v)),
            }
        }
        let mut m = s.serialize_map(Some(merged.len()))?;
        for (n, v) in &merged {
            m.serialize_entry(n, v)?;
        }
        m.end()
    }
}

fn reply_body_json(r: &Reply) -> Value {
    if r.body.is_empty() {
        return Value::Null;
    }
    if let Ok(v) = serde_json::from_slice::<Value>(&r.body) {
        return v;
    }
    match std::str::from_utf8(&r.body) {
        Ok(s) => Value::String(s.to_string()),
        Err(_) => Value::String(base64::engine::general_purpose::STANDARD.encode(&r.body)),
    }
}

/// Ordered parameters as a JSON object; repeated names become arrays.
pub fn params_json<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        match m.get_mut(k) {
            Some(Value::Array(items)) => items.push(json!(v)),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, json!(v)]);
            }
            None => {
                m.insert(k.clone(), json!(v));
            }
        }
    }
    Value::Object(m)
}

/// RFC 3339 in UTC with milliseconds: `2026-11-24T05:01:02.123Z`.
pub fn timestamp_ms(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

use crate::output::format::{human_size, humantime, millis};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::listen::analyze::{Analysis, Body};
    use crate::listen::signature::SignatureCheck;

    pub(crate) fn delivery(content_type: &str, body: &'static [u8]) -> Delivery {
        let mut headers = Headers::new();
        headers.push("content-type", content_type);
        headers.push("authorization", "Bearer secret-token");
        headers.push("x-tag", "a");
        headers.push("x-tag", "b");
        Delivery {
            seq: 7,
            received_at: jiff::Timestamp::from_second(1_795_497_159).unwrap(),
            remote: None,
            method: "POST".into(),
            path: "/hook".into(),
            query: Some("a=1&a=2&b=x".into()),
            url: "http://127.0.0.1/hook?a=1&a=2&b=x".into(),
            headers,
            body: Bytes::from_static(body),
            rejected: None,
            analysis: Analysis {
                body: crate::listen::analyze::classify(Some(content_type), body),
                provider: None,
                provider_from: None,
                recognition: Default::default(),
                kind: crate::platform::Kind::Webhook,
                contract: None,
                default_answer: None,
                call_id: None,
            },
            signature: SignatureCheck {
                status: SigStatus::Unchecked,
                provider: None,
                verdict: None,
                message: "not signed".into(),
                hint: None,
                signature: None,
            },
            duplicate: None,
            attempt: 1,
            stale: None,
            reply: Reply::default_ack(200, 7),
            forward: None,
            latency: Duration::from_micros(250),
            gave_up: None,
            cut_off: false,
            shown: true,
            strict: false,
            recorded: None,
        }
    }

    fn line(d: &Delivery) -> Value {
        let mut out = Vec::new();
        d.write_json(&mut out, None);
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1, "one line");
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn json_lines_mask_credentials_and_keep_bodies() {
        let d = delivery("application/json", br#"{"b":1.50,"a":[true]}"#);
        let v = line(&d);
        assert_eq!(v["headers"]["authorization"], "Bearer ****");
        assert_eq!(v["headers"]["x-tag"], "a, b");
        assert_eq!(v["query"]["a"], serde_json::json!(["1", "2"]));
        assert_eq!(v["body_encoding"], "json");
        assert_eq!(v["received_at"], "2026-11-24T05:12:39.000Z");
        // The received JSON is embedded as it was (number formatting kept).
        let mut out = Vec::new();
        d.write_json(&mut out, None);
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains(r#""body":{"b":1.50,"a":[true]}"#)
        );
        assert!(!v.to_string().contains("secret-token"));
        assert_eq!(d.to_json()["seq"], 7);
    }

    #[test]
    fn multi_line_json_stays_one_line() {
        let v = line(&delivery("application/json", b"{\n  \"a\": \"x\\ny\"\n}\n"));
        assert_eq!(v["body"]["a"], "x\ny");
    }

    #[test]
    fn forms_text_and_bytes() {
        let v = line(&delivery(
            "application/x-www-form-urlencoded",
            b"From=%2B1555&To=2",
        ));
        assert_eq!(v["body"]["From"], "+1555");
        assert_eq!(v["body_encoding"], "form");
        let v = line(&delivery("application/octet-stream", &[0xff, 0x00]));
        assert_eq!(
            (v["body"].as_str(), v["body_encoding"].as_str()),
            (Some("/wA="), Some("base64"))
        );
        let d = delivery("application/json", b"{oops");
        assert!(matches!(d.analysis.body, Body::InvalidJson(_)));
        let v = line(&d);
        assert_eq!(v["body"], "{oops");
        assert_eq!(v["json_error"]["line"], 1);
        assert_eq!(v["ok"], false);
    }
}
