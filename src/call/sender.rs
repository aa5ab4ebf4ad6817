//! How a call's webhooks go out: one at a time, each signed (on the wall clock) and sent
//! through the one outbound path, with the platform's retries and fallback, and every reply
//! held to its contract. Each try is one `request` entry on the timeline.

use std::time::Duration;

use bytes::Bytes;
use serde_json::{Map, Value};

use super::engine::Call;
use super::timeline::{Sent, Verdict};
use crate::clock::Clock;
use crate::finding::{Code, Finding};
use crate::outbound::{Request, SendError, sign_request};
use crate::platform::{self, Answer, Contract};
use crate::webhook::Headers;

/// Finding codes of the call engine (README, "Findings").
pub const SEND: Code = Code::of("call.send");
pub const DEADLINE: Code = Code::of("call.deadline");
pub const STATUS: Code = Code::of("call.status");
pub const REFUSED: Code = Code::of("call.refused");

/// What the platform does when a try fails (no answer, or HTTP 429/503/504).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Never try again (Vapi's server messages).
    Never,
    /// Try again once only when the connection failed (Twilio's default `rc=1`, `rp=ct`).
    OnConnect,
    /// Try once more, then give up.
    Once,
    /// Try once more, then the application's fallback URL twice (answer; `input`/`notify`).
    Fallback,
}

/// How a POST carries its fields (a GET always puts them in the query).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// A JSON body (Vonage, Vapi).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded` (Twilio, SignalWire cXML), in the payload's order.
    Form,
}

/// One webhook to send.
#[derive(Clone, Debug)]
pub struct Hook {
    /// How a POST body is written.
    pub encoding: Encoding,
    /// `answer`, `event`, `input`, `record`, `transcription`, `notify`.
    pub kind: &'static str,
    /// The event it carries (`started`, `input`, …; `answer` for the answer webhook).
    pub name: String,
    pub leg: Option<String>,
    /// `GET` (the fields as a query) or `POST` (a JSON body).
    pub method: String,
    pub url: String,
    /// A JSON object.
    pub payload: Value,
    pub contract: Option<Contract>,
    pub deadline: Duration,
    pub retry: Retry,
    /// `original_request.type` in a fallback request (`answer` or `event`).
    pub original_type: &'static str,
}

impl Hook {
    /// Its reply may carry an NCCO for the platform to run (`input`, `notify`, a
    /// synchronous connect's events): held to that contract, retried as `retry` says.
    pub fn expecting_ncco(mut self, retry: Retry) -> Hook {
        self.contract = Some(Contract::NccoIfAny);
        self.retry = retry;
        self
    }
}

/// What came of a hook, after retries and fallback.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    /// The last answer's status, when one arrived.
    pub status: Option<u16>,
    pub body: Bytes,
    /// The NCCO the accepted reply carried (it met the contract).
    pub ncco: Option<Value>,
    /// A 2xx reply arrived and met its contract.
    pub ok: bool,
    /// Every try failed to connect at all: the message.
    pub unreachable: Option<String>,
    /// A reply arrived but broke its contract (the findings are on the call).
    pub broken: bool,
}

/// The statuses after which the platform tries again (besides no answer at all).
fn retryable_status(s: u16) -> bool {
    matches!(s, 429 | 503 | 504)
}

impl Call<'_> {
    /// Send `hook` the way the platform does and record every try.
    pub async fn send(&mut self, mut hook: Hook) -> Reply {
        // The payload moves into the tries (a retry clones it): large payloads (Vapi's
        // conversation) are not copied per try.
        let first = std::mem::take(&mut hook.payload);
        let mut tries: Vec<(String, Value, &'static str, u32)> =
            vec![(hook.url.clone(), first, hook.kind, 1)];
        let mut reply = Reply::default();
        let mut all_unreachable = true;
        let mut i = 0;
        while i < tries.len() {
            let (url, kind, attempt) = (tries[i].0.clone(), tries[i].2, tries[i].3);
            i += 1;
            let (mut sent, outcome) = self
                .try_once(&hook, &url, &tries[i - 1].1, kind, attempt)
                .await;
            let again = match &outcome {
                Outcome::Failed(e) => {
                    if !e.is_connect() {
                        all_unreachable = false;
                    }
                    reply.unreachable = Some(e.to_string());
                    Some(reason_of(e))
                }
                Outcome::Status(s, _) if retryable_status(*s) => {
                    all_unreachable = false;
                    reply.status = Some(*s);
                    Some(format!("HTTP {s}."))
                }
                Outcome::Status(s, body) => {
                    all_unreachable = false;
                    reply.status = Some(*s);
                    reply.body = body.clone();
                    reply.ok = sent.1.verdict == Verdict::Ok;
                    reply.broken = (200..300).contains(s) && !reply.ok;
                    reply.ncco = sent.1.ncco.clone();
                    None
                }
            };
            // The timeline keeps the payload: moved there when no try follows, else a copy.
            sent.1.payload = if again.is_none() {
                std::mem::take(&mut tries[i - 1].1)
            } else {
                tries[i - 1].1.clone()
            };
            self.push_request_now(sent);
            let Some(reason) = again else {
                reply.unreachable = None;
                return reply;
            };
            let connect_failed = matches!(&outcome, Outcome::Failed(e) if e.is_connect());
            if i == tries.len()
                && hook.retry != Retry::Never
                && (hook.retry != Retry::OnConnect || connect_failed)
            {
                // Plan the next tries after the first failure.
                if attempt == 1 && kind == hook.kind {
                    let payload = tries[i - 1].1.clone();
                    tries.push((url.clone(), payload, kind, 2));
                } else if attempt == 2
                    && kind == hook.kind
                    && hook.retry == Retry::Fallback
                    && let Some(fb) = self.scenario.fallback_answer_url.clone()
                {
                    let body = fallback_payload(&hook, &tries[0].1, &reason);
                    tries.push((fb.clone(), body.clone(), "fallback", 1));
                    tries.push((fb, body, "fallback", 2));
                }
            }
        }
        if !all_unreachable {
            reply.unreachable = None;
        }
        reply
    }

    /// Record a request entry at the time it was sent (stored on the entry).
    fn push_request_now(&mut self, sent: (u64, Sent)) {
        self.push_request(sent.0, sent.1);
    }

    async fn try_once(
        &mut self,
        hook: &Hook,
        url: &str,
        payload: &Value,
        kind: &'static str,
        attempt: u32,
    ) -> ((u64, Sent), Outcome) {
        let t_ms = self.mark();
        let mut sent = Sent {
            kind: kind.to_string(),
            name: hook.name.clone(),
            leg: hook.leg.clone(),
            method: hook.method.clone(),
            url: url.to_string(),
            attempt,
            // Filled in by `send` (moved, not copied, when no try follows).
            payload: Value::Null,
            status: None,
            latency_ms: 0.0,
            error: None,
            contract: hook.contract.map(Contract::as_str),
            verdict: Verdict::Failed,
            ncco: None,
            findings: Vec::new(),
        };
        let req = match build(&hook.method, hook.encoding, url, payload) {
            Ok(mut r) => {
                // Tokens are issued on the wall clock: verifiers reject one from the future.
                match sign_request(&mut r, &self.ctx.signer, Clock::System.unix(), None, None) {
                    Ok(()) => r,
                    Err(e) => return self.failed_to_build(sent, t_ms, e.0),
                }
            }
            Err(e) => return self.failed_to_build(sent, t_ms, e),
        };
        sent.url = req.url.clone();
        let ex = self.ctx.client.send(&req, hook.deadline).await;
        self.waited_for_app(ex.latency);
        if matches!(ex.error, Some(SendError::Timeout(_))) && !self.ctx.count_latency {
            // The platform waited the whole deadline: known without measuring.
            self.ctx.clock.advance(hook.deadline);
        }
        sent.latency_ms = crate::output::format::millis(ex.latency);
        let what = format!("{} {}", hook.method, describe(kind, &hook.name));
        let outcome = match (&ex.error, ex.status) {
            (Some(e), _) => {
                sent.error = Some(e.to_string());
                let code = if matches!(e, SendError::Timeout(_)) {
                    DEADLINE
                } else {
                    SEND
                };
                sent.findings.push(
                    Finding::error(code, format!("{what} to {url}: {e}"))
                        .with_hint(deadline_hint(kind, hook.deadline)),
                );
                Outcome::Failed(e.clone())
            }
            (None, Some(status)) => {
                sent.status = Some(status);
                let content_type = ex.headers.get("content-type");
                if (200..300).contains(&status) {
                    if let Some(c) = hook.contract {
                        let answer = Answer {
                            status,
                            content_type,
                            body: &ex.body,
                            latency: Some(ex.latency),
                        };
                        sent.findings.extend(
                            platform::check(c, &req.body, &answer)
                                .into_iter()
                                .map(|mut f| {
                                    f.message = format!("{what}: {}", f.message);
                                    f
                                }),
                        );
                        if sent.findings.is_empty() {
                            sent.ncco = serde_json::from_slice::<Value>(&ex.body)
                                .ok()
                                .filter(Value::is_array);
                        }
                    }
                    if sent.findings.is_empty() {
                        sent.verdict = Verdict::Ok;
                    }
                } else if status == 401 || status == 403 || (400..500).contains(&status) {
                    let hints = crate::replay::refusal::hints(status, Some(&self.ctx.signer), url);
                    let mut f = Finding::error(
                        REFUSED,
                        format!(
                            "{what}: the app refused it with HTTP {status}{}",
                            if hints.is_empty() {
                                String::new()
                            } else {
                                "; whk's signature is valid, so the app's verification is wrong"
                                    .to_string()
                            }
                        ),
                    );
                    if !hints.is_empty() {
                        f = f.with_hint(crate::replay::refusal::summary(&hints));
                    }
                    sent.findings.push(f);
                } else {
                    sent.findings.push(Finding::error(
                        STATUS,
                        format!("{what}: the app answered HTTP {status}"),
                    ));
                }
                Outcome::Status(status, ex.body.clone())
            }
            (None, None) => {
                let e = SendError::Http("no answer".into());
                sent.error = Some(e.to_string());
                Outcome::Failed(e)
            }
        };
        ((t_ms, sent), outcome)
    }

    fn failed_to_build(&mut self, mut sent: Sent, t_ms: u64, e: String) -> ((u64, Sent), Outcome) {
        sent.error = Some(e.clone());
        sent.findings.push(Finding::error(
            SEND,
            format!("cannot send to {}: {e}", sent.url),
        ));
        ((t_ms, sent), Outcome::Failed(SendError::Request(e)))
    }
}

enum Outcome {
    Failed(SendError),
    Status(u16, Bytes),
}

/// `answer webhook`, `started event`, `input event`.
pub fn describe(kind: &str, name: &str) -> String {
    match kind {
        "answer" => "answer webhook".into(),
        "fallback" => format!("fallback for {name}"),
        "server" => format!("{name} message"),
        _ if name == kind => format!("{name} webhook"),
        _ => format!("{name} event"),
    }
}

fn deadline_hint(kind: &str, deadline: Duration) -> String {
    let d = crate::output::format::duration_written(deadline);
    if kind == "server" {
        return format!(
            "Vapi waits {d} for this answer (assistant-request: 7.5 s; tool-calls: the tool's timeoutSeconds, 20 s by default) and does not retry"
        );
    }
    if kind == "answer" {
        format!(
            "the platform waits {d} for the answer URL, tries twice, then the fallback URL twice, then ends the call"
        )
    } else {
        format!("the platform waits {d} for a webhook, then tries once more")
    }
}

/// The `reason` of a fallback request. Vonage documents one value, `Connection closed.`
/// (webhook reference, "Fallback URL"); the others follow its form.
fn reason_of(e: &SendError) -> String {
    match e {
        SendError::Timeout(_) => "Timeout.".into(),
        SendError::Refused { .. } | SendError::Connect { .. } | SendError::Http(_) => {
            "Connection closed.".into()
        }
        other => format!("{other}."),
    }
}

/// The original payload plus `reason` and `original_request {url, type}` (Vonage's fallback).
fn fallback_payload(hook: &Hook, payload: &Value, reason: &str) -> Value {
    let mut m = payload.as_object().cloned().unwrap_or_default();
    m.insert("reason".into(), Value::from(reason));
    m.insert(
        "original_request".into(),
        serde_json::json!({ "url": hook.url, "type": hook.original_type }),
    );
    Value::Object(m)
}

/// The request: GET with the fields as a query (in the payload's order), or a POST with a
/// JSON or form body.
fn build(method: &str, encoding: Encoding, url: &str, payload: &Value) -> Result<Request, String> {
    let empty = Map::new();
    let fields = payload.as_object().unwrap_or(&empty);
    if method.eq_ignore_ascii_case("GET") {
        let mut u = url::Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        {
            let mut q = u.query_pairs_mut();
            for (k, v) in field_pairs(fields) {
                q.append_pair(k, &v);
            }
        }
        Request::to_url("GET", u.as_str(), Headers::new(), Bytes::new()).map_err(|e| e.to_string())
    } else if encoding == Encoding::Form {
        let mut h = Headers::new();
        h.set("Content-Type", "application/x-www-form-urlencoded");
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (k, v) in field_pairs(fields) {
            body.append_pair(k, &v);
        }
        Request::to_url("POST", url, h, Bytes::from(body.finish())).map_err(|e| e.to_string())
    } else {
        let mut h = Headers::new();
        h.set("Content-Type", "application/json");
        let body = serde_json::to_vec(payload).map_err(|e| e.to_string())?;
        Request::to_url("POST", url, h, Bytes::from(body)).map_err(|e| e.to_string())
    }
}

/// A payload's fields as text pairs, in order (nulls left out; strings as they are, other
/// values as JSON).
fn field_pairs(
    fields: &Map<String, Value>,
) -> impl Iterator<Item = (&str, std::borrow::Cow<'_, str>)> {
    fields.iter().filter_map(|(k, v)| match v {
        Value::Null => None,
        Value::String(s) => Some((k.as_str(), std::borrow::Cow::Borrowed(s.as_str()))),
        other => Some((k.as_str(), std::borrow::Cow::Owned(other.to_string()))),
    })
}
