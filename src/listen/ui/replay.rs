//! `POST /_whk/api/requests/{id}/replay`: send a delivery again with a **fresh signature**
//! (the gap other inspectors leave), optionally edited (method, path, headers, body: the body
//! is sent as the edited bytes and signed as such) and to another URL.
//!
//! One outbound path: the request is an `outbound::Request`, signed by `sign_request` with
//! the listener's own `Signer` for the delivery's provider (the keyring `--secret`/the
//! provider's variables resolved at start, the same one `whk replay` signs with), sent by the
//! `outbound::Client`. To the listener itself it carries `X-Whk-Replay-Of: ID` and becomes a
//! delivery like any other; to another URL, a row is made from what was sent and answered.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Value, json};

use super::store::{NewRow, Row};
use super::{Outside, Ui};
use crate::fixtures::envelope::HOP_HEADERS;
use crate::listen::delivery::{Forward, Reply};
use crate::outbound::{Request, SendError, Target, sign_request};
use crate::output::format::millis;
use crate::webhook::Headers;
use crate::webhook::request::is_sensitive;

/// The header a replay sent through the listener carries, naming the row it replays.
pub const REPLAY_OF_HEADER: &str = "x-whk-replay-of";

/// What the page changed before replaying; `None` keeps the original.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Edits {
    pub method: Option<String>,
    /// Path, with `?query` when given (which then replaces the query).
    pub path: Option<String>,
    /// Every header to send, in order (replaces the original list).
    pub headers: Option<Vec<(String, String)>>,
    pub body: Option<Bytes>,
    /// Another base URL to send to.
    pub target: Option<String>,
}

impl Edits {
    /// Read the request body of the replay endpoint (see `API.md`).
    pub fn from_json(v: &Value) -> Result<Edits, String> {
        let Value::Object(m) = v else {
            return Err("the replay body must be a JSON object".into());
        };
        let text = |k: &str| -> Result<Option<String>, String> {
            match m.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("\"{k}\" must be a string")),
            }
        };
        let method = text("method")?.map(|s| s.trim().to_ascii_uppercase());
        if let Some(mth) = &method
            && (mth.is_empty() || hyper::Method::from_bytes(mth.as_bytes()).is_err())
        {
            return Err(format!("\"method\" {mth:?} is not an HTTP method"));
        }
        let path = text("path")?.map(|p| {
            if p.starts_with('/') {
                p
            } else {
                format!("/{p}")
            }
        });
        if let Some(p) = &path
            && p.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(format!(
                "\"path\" {p:?} has spaces or control characters; percent-encode them"
            ));
        }
        let headers = match m.get("headers") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_array().map(Vec::as_slice) {
                        Some([Value::String(n), Value::String(v)]) => {
                            let ok = hyper::header::HeaderName::from_bytes(n.as_bytes()).is_ok()
                                && hyper::header::HeaderValue::from_str(v).is_ok();
                            if !ok {
                                return Err(format!("header {n:?}: {v:?} is not a valid header"));
                            }
                            out.push((n.clone(), v.clone()));
                        }
                        _ => {
                            return Err(
                                "\"headers\" must be a list of [name, value] string pairs".into()
                            );
                        }
                    }
                }
                Some(out)
            }
            Some(_) => return Err("\"headers\" must be a list of [name, value] pairs".into()),
        };
        let body = match (text("body")?, text("body_base64")?) {
            (Some(_), Some(_)) => return Err("give \"body\" or \"body_base64\", not both".into()),
            (Some(t), None) => Some(Bytes::from(t)),
            (None, Some(b)) => Some(Bytes::from(
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .map_err(|e| format!("\"body_base64\" is not base64: {e}"))?,
            )),
            (None, None) => None,
        };
        let target = text("target")?.filter(|t| !t.trim().is_empty());
        Ok(Edits {
            method,
            path,
            headers,
            body,
            target,
        })
    }
}

/// Replay `row` with `edits`; the HTTP status and body of the answer to the page.
pub async fn replay(ui: &Ui, row: &Row, edits: Edits) -> (u16, Value) {
    let d = &row.delivery;
    let cfg = &ui.cfg;
    let to_self = edits.target.is_none();
    let target = match &edits.target {
        Some(t) => match Target::parse(t) {
            Ok(t) => t,
            Err(e) => {
                let msg = e.to_string().replacen("--to ", "target ", 1);
                return (400, json!({ "error": msg }));
            }
        },
        None => {
            let ip = if ui.listener.ip().is_unspecified() {
                "127.0.0.1".to_string()
            } else {
                ui.listener.ip().to_string()
            };
            let host = if ui.listener.is_ipv6() && !ui.listener.ip().is_unspecified() {
                format!("[{ip}]")
            } else {
                ip
            };
            match Target::parse(&format!("http://{host}:{}", ui.listener.port())) {
                Ok(t) => t,
                Err(e) => return (500, json!({ "error": e.to_string() })),
            }
        }
    };
    let method = edits.method.clone().unwrap_or_else(|| d.method.clone());
    let (path, query) = match &edits.path {
        Some(p) => match p.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (p.clone(), None),
        },
        None => (d.path.clone(), d.query.clone()),
    };
    let headers = headers_to_send(&d.headers, edits.headers.as_deref());
    let body = edits.body.clone().unwrap_or_else(|| d.body.clone());
    // To the listener itself the path is the whole path; to another URL it is appended to
    // the target's own.
    let request_target = if to_self {
        match query.as_deref().filter(|q| !q.is_empty()) {
            Some(q) => format!("{path}?{q}"),
            None => path.clone(),
        }
    } else {
        target.request_target(&path, query.as_deref().unwrap_or(""))
    };
    let mut req = Request::new(&method, &target, request_target, headers, body);
    if to_self {
        req.headers.set("X-Whk-Replay-Of", row.id.to_string());
    }
    let provider = d.signature.provider.or(d.analysis.provider);
    let now = cfg.clock.unix();
    let mut warning = None;
    let signed = match provider.and_then(|p| cfg.verifier.signer(p).map(|s| (p, s))) {
        Some((p, signer)) => {
            // The listener checks URL-signed schemes against --public-url + path when set.
            let signed_url = match (&cfg.public_url, to_self) {
                (Some(base), true) => Some(format!("{base}{}", req.target)),
                _ => None,
            };
            if let Err(e) = sign_request(&mut req, signer, now, None, signed_url.as_deref()) {
                return (
                    400,
                    json!({ "error": format!("cannot sign the replay: {e}") }),
                );
            }
            Some(json!({ "provider": p.id(), "timestamp": now }))
        }
        None => {
            warning = Some(match provider {
                Some(p) => format!(
                    "no secret for {p}: sent without a fresh signature (start whk listen with {} or --secret-env VAR)",
                    p.secret_vars().join(" or ")
                ),
                None => "not signed: the original delivery was not signed by a known scheme".into(),
            });
            None
        }
    };
    let deadline =
        cfg.forward_timeout + cfg.reply.delay.unwrap_or_default() + Duration::from_secs(5);
    let before = ui.store.last_id();
    let req = std::sync::Arc::new(req);
    let sent_at = cfg.clock.now();
    let mut ex = ui.client.send(&req, deadline).await;
    ex.request = Some(req.clone());
    let id = if to_self {
        // The listener published the delivery before answering it.
        let (rows, _) = ui
            .store
            .list(1, Some(before), None, |r| r.replay_of == Some(row.id));
        rows.first().map(|r| r.id)
    } else {
        Some(sent_row(ui, row, &req, &ex, sent_at).id)
    };
    let error = ex.error.as_ref().map(|e| match e {
        e if e.is_connect() => format!("cannot connect to {}: {e}", req.url),
        SendError::Timeout(_) => format!(
            "{} did not answer within {}",
            req.url,
            crate::output::format::humantime(deadline)
        ),
        e => e.to_string(),
    });
    (
        200,
        json!({
            "id": id,
            "replay_of": row.id,
            "url": req.url,
            "status": ex.status,
            "latency_ms": millis(ex.latency),
            "error": error,
            "signed": signed,
            "warning": warning,
        }),
    )
}

/// The headers to send: the edited list (masked values put back) or the original one, less
/// the ones the client sets for the new connection and any earlier replay mark.
fn headers_to_send(original: &Headers, edited: Option<&[(String, String)]>) -> Headers {
    let mut out = Headers::new();
    let list: Vec<(String, String)> = match edited {
        Some(list) => list
            .iter()
            .map(|(n, v)| {
                // The page shows credentials masked ("Bearer ****"); an unchanged masked value
                // means the original one.
                let v = match original.get(n) {
                    Some(orig) if is_sensitive(n) && v.contains("****") => orig.to_string(),
                    _ => v.clone(),
                };
                (n.clone(), v)
            })
            .collect(),
        None => original
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    };
    for (n, v) in list {
        let lower = n.to_ascii_lowercase();
        if HOP_HEADERS.contains(&lower.as_str()) || lower == REPLAY_OF_HEADER {
            continue;
        }
        out.push(n, v);
    }
    out
}

/// A replay to another URL: its row, from what was sent and what came back.
fn sent_row(
    ui: &Ui,
    row: &Row,
    req: &Request,
    ex: &crate::outbound::Exchange,
    sent_at: jiff::Timestamp,
) -> std::sync::Arc<Row> {
    let (path, query) = match req.target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (req.target.clone(), None),
    };
    let forward = Forward {
        url: req.url.clone(),
        status: ex.status,
        error: ex.error.as_ref().map(ToString::to_string),
        timed_out: matches!(ex.error, Some(SendError::Timeout(_))),
        latency: ex.latency,
        refused: None,
    };
    let outside = Outside {
        method: req.method.clone(),
        path,
        query,
        url: req.url.clone(),
        headers: req.headers.clone(),
        body: req.body.clone(),
        received_at: sent_at,
        seq: 0,
    };
    let request_body = req.body.clone();
    let reply_forward = forward.clone();
    let d = outside.delivery(
        &ui.cfg,
        |analysis| match crate::listen::forward::app_reply(ex) {
            Some(app) => crate::listen::server::judge_app_reply(
                analysis,
                false,
                &request_body,
                &app,
                ex.latency,
            ),
            None => Reply::app_error(&reply_forward),
        },
        Some(forward),
        ex.latency,
    );
    ui.store.push(
        std::sync::Arc::new(d),
        NewRow {
            replay_of: Some(row.id),
            sent_to: Some(req.url.clone()),
            ..NewRow::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_checked_and_masked_values_restored() {
        let e = Edits::from_json(&json!({
            "method": "put", "path": "x?a=1", "body": "{}",
            "headers": [["Authorization", "Bearer ****"], ["Host", "h"], ["X-A", "1"]]
        }))
        .unwrap();
        assert_eq!(e.method.as_deref(), Some("PUT"));
        assert_eq!(e.path.as_deref(), Some("/x?a=1"));
        let mut orig = Headers::new();
        orig.push("Authorization", "Bearer real");
        let h = headers_to_send(&orig, e.headers.as_deref());
        assert_eq!(h.get("authorization"), Some("Bearer real"));
        assert!(!h.contains("host"));
        assert_eq!(h.get("x-a"), Some("1"));
        for bad in [
            json!({"method": "GE T"}),
            json!({"headers": [["a"]]}),
            json!({"body": "a", "body_base64": "YQ=="}),
            json!({"body_base64": "!!"}),
            json!([]),
        ] {
            assert!(Edits::from_json(&bad).is_err(), "{bad}");
        }
    }
}
