//! The JSON shapes of the inspector's API (documented in `API.md` next to this file): a list
//! row, and a row's detail. Built from the same [`Delivery`] the terminal and `--json` show,
//! so headers are masked exactly as there.

use std::time::Duration;

use base64::Engine as _;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::Ui;
use super::store::Row;
use crate::listen::analyze::Body;
use crate::listen::delivery::{Delivery, ReplySource, timestamp_ms};
use crate::output::format::millis;
use crate::platform::Contract;
use crate::webhook::request::{is_sensitive, mask};

/// How long the provider waits for the reply, where whk knows it: Vapi's `assistant-request`
/// 7.5 s, a Vonage answer URL 5 s (then one retry), Twilio's and SignalWire's voice and
/// action URLs 15 s.
pub fn deadline(d: &Delivery) -> Option<Duration> {
    match d.analysis.contract? {
        Contract::VapiAssistantRequest => Some(crate::platform::vapi::ASSISTANT_REQUEST_DEADLINE),
        Contract::Ncco => Some(Duration::from_secs(5)),
        Contract::Twiml => Some(Duration::from_secs(15)),
        Contract::NccoIfAny | Contract::VapiToolCalls => None,
    }
}

/// One row of `GET /_whk/api/requests` and of the `request` SSE event.
pub fn row_json(ui: &Ui, row: &Row) -> Value {
    serde_json::to_value(RowJson::new(row, ui.store.is_pinned(row.id))).unwrap_or(Value::Null)
}

/// A row as JSON text, with its pinned state given (a new row's is `false`): what the live
/// stream sends, made once per row without touching the store.
pub fn row_text(row: &Row, pinned: bool) -> String {
    serde_json::to_string(&RowJson::new(row, pinned)).unwrap_or_default()
}

/// A list row (field order is the output order; see `API.md`).
#[derive(Serialize)]
struct RowJson<'a> {
    id: u64,
    seq: u64,
    received_at: String,
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    status: u16,
    provider: Option<&'static str>,
    event: Option<&'a str>,
    kind: &'static str,
    call_id: Option<&'a str>,
    signature: &'static str,
    contract: Option<&'static str>,
    contract_ok: Option<bool>,
    ok: bool,
    findings: usize,
    duplicate: bool,
    out_of_order: bool,
    replay_of: Option<u64>,
    sent_to: Option<&'a str>,
    pinned: bool,
    content_type: Option<&'a str>,
    body_size: usize,
    latency_ms: Option<f64>,
    deadline_ms: Option<f64>,
    late: Option<bool>,
    loaded: bool,
}

impl<'a> RowJson<'a> {
    fn new(row: &'a Row, pinned: bool) -> RowJson<'a> {
        let d = &row.delivery;
        let deadline = deadline(d);
        RowJson {
            id: row.id,
            seq: d.seq,
            received_at: timestamp_ms(d.received_at),
            method: &d.method,
            path: &d.path,
            query: d.query.as_deref(),
            status: d.reply.status,
            provider: d.analysis.provider.map(|p| p.id()),
            event: d.analysis.recognition.event.as_deref(),
            kind: d.analysis.kind.as_str(),
            call_id: d.analysis.call_id.as_deref(),
            signature: d.signature.status.as_str(),
            contract: d.reply.contract.as_ref().map(|c| c.contract.as_str()),
            contract_ok: d.reply.contract.as_ref().map(|c| c.failures.is_empty()),
            ok: d.ok(),
            findings: d.findings().len(),
            duplicate: d.duplicate.is_some(),
            out_of_order: row.out_of_order,
            replay_of: row.replay_of,
            sent_to: row.sent_to.as_deref(),
            pinned,
            content_type: d.headers.get("content-type"),
            body_size: d.body.len(),
            latency_ms: (!row.loaded).then(|| millis(d.latency)),
            deadline_ms: deadline.map(millis),
            late: deadline.map(|dl| !row.loaded && d.latency > dl),
            loaded: row.loaded,
        }
    }
}

/// `GET /_whk/api/requests/{id}`: the row, everything `--json` says about the delivery, the
/// raw bytes, and the parsed views.
pub fn detail_json(ui: &Ui, row: &Row) -> Value {
    let d = &row.delivery;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut v = row_json(ui, row);
    let Value::Object(m) = &mut v else {
        return v;
    };
    let file = row.file.as_ref().map(|p| p.display().to_string());
    m.insert(
        "delivery".into(),
        serde_json::to_value(d.json_line(file.as_deref())).unwrap_or(Value::Null),
    );
    m.insert("url".into(), d.url.clone().into());
    m.insert(
        "headers".into(),
        Value::Array(
            d.headers
                .iter()
                .map(|(n, v)| {
                    json!([
                        n,
                        if is_sensitive(n) {
                            mask(v)
                        } else {
                            v.to_string()
                        }
                    ])
                })
                .collect(),
        ),
    );
    m.insert("query_params".into(), d.query_json());
    m.insert("raw".into(), b64.encode(&d.body).into());
    m.insert("body".into(), body_view(d));
    let sig = &d.signature;
    m.insert(
        "signature".into(),
        json!({
            "status": sig.status.as_str(),
            "provider": sig.provider.map(|p| p.id()),
            "reason": sig.reason(),
            "message": sig.message,
            "hint": sig.hint,
            "timestamp": sig.verdict.as_ref().and_then(|v| v.timestamp),
        }),
    );
    m.insert(
        "payload_findings".into(),
        serde_json::to_value(d.analysis.findings()).unwrap_or(Value::Null),
    );
    m.insert("reply".into(), reply_view(row));
    m.insert("call".into(), call_view(ui, row));
    m.insert("file".into(), file.into());
    v
}

/// The body, parsed for people: `kind` (`none`, `json`, `invalid_json`, `form`, `xml`,
/// `text`, `binary`), `text` (UTF-8, whole), `pretty` (JSON indented), `form` (pairs), `hex`
/// (binary), `json_error` (line, column, message).
fn body_view(d: &Delivery) -> Value {
    let text = std::str::from_utf8(&d.body).ok();
    let mut m = Map::new();
    let kind = match &d.analysis.body {
        Body::Empty => "none",
        Body::Json => "json",
        Body::InvalidJson(e) => {
            m.insert(
                "json_error".into(),
                json!({"line": e.line, "column": e.column, "message": e.message}),
            );
            "invalid_json"
        }
        Body::Form(pairs) => {
            m.insert(
                "form".into(),
                Value::Array(pairs.iter().map(|(k, v)| json!([k, v])).collect()),
            );
            "form"
        }
        Body::Text if looks_like_xml(text) => "xml",
        Body::Text => "text",
        Body::Binary => {
            m.insert("hex".into(), hex::encode(&d.body).into());
            "binary"
        }
    };
    m.insert("kind".into(), kind.into());
    m.insert("size".into(), d.body.len().into());
    m.insert("text".into(), text.map(str::to_string).into());
    if matches!(d.analysis.body, Body::Json)
        && let Ok(v) = serde_json::from_slice::<Value>(&d.body)
    {
        m.insert(
            "pretty".into(),
            serde_json::to_string_pretty(&v).unwrap_or_default().into(),
        );
    }
    Value::Object(m)
}

fn looks_like_xml(text: Option<&str>) -> bool {
    text.is_some_and(|t| t.trim_start().starts_with('<'))
}

/// The reply whk sent (or the app's, passed on), its latency against the provider's deadline,
/// the contract verdict and the NCCO lint diagnostics with their JSONPath positions.
fn reply_view(row: &Row) -> Value {
    let d = &row.delivery;
    let r = &d.reply;
    let deadline = deadline(d);
    let text = std::str::from_utf8(&r.body).ok();
    json!({
        "status": r.status,
        "source": if row.loaded { "recorded" } else { r.source.as_str() },
        "content_type": r.content_type,
        "body_text": text,
        "body_base64": if text.is_none() {
            Some(base64::engine::general_purpose::STANDARD.encode(&r.body))
        } else {
            None
        },
        "known": !row.loaded,
        "latency_ms": (!row.loaded).then(|| millis(d.latency)),
        "deadline_ms": deadline.map(millis),
        "late": deadline.map(|dl| !row.loaded && d.latency > dl),
        "contract": r.contract.as_ref().map(|c| json!({
            "name": c.contract.as_str(),
            "ok": c.failures.is_empty(),
            "failures": c.failures,
        })),
        "ncco": r.ncco,
        "from_app": r.source == ReplySource::App,
        "forward": d.forward.as_ref().map(|f| json!({
            "url": f.url,
            "status": f.status,
            "error": f.error,
            "latency_ms": millis(f.latency),
            "refused": f.refused.as_ref().map(|x| json!({"message": crate::listen::delivery::Refusal::MESSAGE, "hint": x.hint})),
        })),
    })
}

/// The call the row belongs to: every row of it still in the history, in arrival order.
fn call_view(ui: &Ui, row: &Row) -> Value {
    let Some(call) = row.delivery.analysis.call_id.as_deref() else {
        return Value::Null;
    };
    let rows: Vec<Value> = ui
        .store
        .since(0)
        .iter()
        .filter(|r| r.delivery.analysis.call_id.as_deref() == Some(call))
        .map(|r| {
            json!({
                "id": r.id,
                "event": r.delivery.analysis.recognition.event,
                "received_at": timestamp_ms(r.delivery.received_at),
                "event_time": r.delivery.analysis.recognition.event_time.map(|(t, _)| t),
                "duplicate": r.delivery.duplicate.is_some(),
                "out_of_order": r.out_of_order,
            })
        })
        .collect();
    json!({ "id": call, "rows": rows })
}

/// Whether a row matches the list's `q` search: method, path, query, provider, event, status,
/// verdict, header names and (masked) values, and the body text; case-insensitive (`q` in
/// lower case).
pub fn matches(row: &Row, q: &str) -> bool {
    let d = &row.delivery;
    let has = |s: &str| s.to_lowercase().contains(q);
    has(&d.method)
        || has(&d.path)
        || d.query.as_deref().is_some_and(has)
        || d.analysis.provider.is_some_and(|p| has(p.id()))
        || d.analysis.recognition.event.as_deref().is_some_and(has)
        || has(&d.reply.status.to_string())
        || has(d.signature.status.as_str())
        || d.headers.iter().any(|(n, v)| {
            has(n)
                || (if is_sensitive(n) {
                    has(&mask(v))
                } else {
                    has(v)
                })
        })
        || String::from_utf8_lossy(&d.body).to_lowercase().contains(q)
}
