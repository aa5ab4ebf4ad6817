//! Vogent: `dial.*` events under `event` with `payload`, and function calls (`dial_id`,
//! `params`).

use serde_json::Value;

use super::{Recognition, Seen, Sends, foreign, require, str_at};

pub(crate) const VOGENT: Sends = Sends {
    provider: "Vogent",
    layout: "under `event`, with `payload`",
    event: "dial.updated",
    fixture: "vogent/dial.updated",
    seeds: &[
        ("dial.started", "dial.updated", "vogent/dial.updated"),
        ("dial.ended", "dial.updated", "vogent/dial.updated"),
        ("dial.failed", "dial.updated", "vogent/dial.updated"),
    ],
    unnamed: false,
};

pub fn recognise(r: &mut Recognition, v: &Value) {
    let Some(e) = str_at(v, "event") else {
        if v.get("dial_id").is_some() && v.get("params").is_some() {
            r.event = Some("function-call".into());
        } else {
            foreign(r, v, &VOGENT);
        }
        return;
    };
    let fields: &[&str] = match e.as_str() {
        "dial.created" => &["payload.dial_session_id", "payload.dial_id"],
        "dial.inbound" => &[
            "payload.dial_session_id",
            "payload.dial_id",
            "payload.dest_number_id",
            "payload.call_agent_id",
            "payload.source_number",
        ],
        "dial.updated" => &[
            "payload.dial_session_id",
            "payload.dial_id",
            "payload.status",
        ],
        "dial.recording_created" => &["payload.dial_id", "payload.recording_url"],
        "dial.extractor" => &["payload.dial_id", "payload.ai_result"],
        "dial.transcript" => &["payload.dial_id", "payload.transcript"],
        _ => &[],
    };
    require(r, v, fields);
    r.event = Some(e);
}

pub fn call_id(seen: &Seen<'_>) -> Option<String> {
    let v = seen.json?;
    str_at(v, "payload.dial_id").or_else(|| str_at(v, "dial_id"))
}
