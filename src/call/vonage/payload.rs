//! The bodies Vonage sends, field for field and in its order (webhook reference: "Answer
//! webhook", "Event webhook", "Input", "Record", "Transcription", "Errors", "Transfer").

use serde_json::{Map, Value, json};

use super::Leg;

/// The answer webhook's fields, in the order of Vonage's GET example
/// (`to, from, conversation_uuid, uuid`), then `region_url`.
pub fn answer(leg: &Leg, conversation_uuid: &str) -> Value {
    json!({
        "to": leg.to,
        "from": leg.from,
        "conversation_uuid": conversation_uuid,
        "uuid": leg.uuid,
        "region_url": super::REGION_URL,
    })
}

/// A status event: `from, to, uuid, conversation_uuid, status, direction, timestamp`.
pub fn status(
    leg: &Leg,
    conversation_uuid: &str,
    status: &str,
    timestamp: &str,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("from".into(), json!(leg.from));
    m.insert("to".into(), json!(leg.to));
    m.insert("uuid".into(), json!(leg.uuid));
    m.insert("conversation_uuid".into(), json!(conversation_uuid));
    m.insert("status".into(), json!(status));
    m.insert("direction".into(), json!(leg.direction));
    m.insert("timestamp".into(), json!(timestamp));
    m
}

/// `answered`: `start_time`, `rate` and `network` present but null (as Vonage sends them).
pub fn answered(leg: &Leg, conversation_uuid: &str, timestamp: &str) -> Value {
    let mut m = status(leg, conversation_uuid, "answered", timestamp);
    m.insert("start_time".into(), Value::Null);
    m.insert("rate".into(), Value::Null);
    m.insert("network".into(), Value::Null);
    Value::Object(m)
}

/// What a minute costs in these emulated calls (EUR, as Vonage writes it).
pub const RATE: &str = "0.00450000";

/// `completed`: times, duration (whole seconds, a string), rate, price, network and who
/// disconnected (`user` or `platform`).
pub fn completed(
    leg: &Leg,
    conversation_uuid: &str,
    timestamp: &str,
    secs: u64,
    disconnected_by: &str,
) -> Value {
    let mut m = status(leg, conversation_uuid, "completed", timestamp);
    let price = 0.0045 * secs as f64 / 60.0;
    m.insert("start_time".into(), json!(leg.answered_at));
    m.insert("end_time".into(), json!(timestamp));
    m.insert("duration".into(), json!(secs.to_string()));
    m.insert("rate".into(), json!(RATE));
    m.insert("price".into(), json!(format!("{price:.8}")));
    m.insert("network".into(), json!("GB-FIXED"));
    m.insert("disconnected_by".into(), json!(disconnected_by));
    Value::Object(m)
}

/// A failed callee: `busy`, `unanswered` (`detail: unavailable`), `rejected` (`detail:
/// declined`), `failed` (`detail: cannot_route`), `timeout`.
pub fn failure(leg: &Leg, conversation_uuid: &str, status_name: &str, timestamp: &str) -> Value {
    let mut m = status(leg, conversation_uuid, status_name, timestamp);
    let detail = match status_name {
        "unanswered" => Some("unavailable"),
        "rejected" => Some("declined"),
        "failed" => Some("cannot_route"),
        _ => None,
    };
    if let Some(d) = detail {
        m.insert("detail".into(), json!(d));
    }
    Value::Object(m)
}

/// Answering-machine detection: `human` or `machine`, about `call_uuid` (not `uuid`), with
/// `from, to, status, conversation_uuid, timestamp` (webhook reference, "Human / Machine");
/// advanced detection in `detect_beep` mode adds `sub_state: beep_start` for a machine.
pub fn machine_detection(
    leg: &Leg,
    conversation_uuid: &str,
    result: &str,
    sub_state: Option<&str>,
    timestamp: &str,
) -> Value {
    let mut m = Map::new();
    m.insert("call_uuid".into(), json!(leg.uuid));
    m.insert("from".into(), json!(leg.from));
    m.insert("to".into(), json!(leg.to));
    m.insert("status".into(), json!(result));
    if let Some(s) = sub_state {
        m.insert("sub_state".into(), json!(s));
    }
    m.insert("conversation_uuid".into(), json!(conversation_uuid));
    m.insert("timestamp".into(), json!(timestamp));
    Value::Object(m)
}

/// `disconnected` (the app closed a WebSocket): the status fields without `direction`, as the
/// webhook reference lists them.
pub fn disconnected(leg: &Leg, conversation_uuid: &str, timestamp: &str) -> Value {
    let mut m = status(leg, conversation_uuid, "disconnected", timestamp);
    m.remove("direction");
    Value::Object(m)
}

/// The error event: `reason`, `conversation_uuid`, `timestamp`.
pub fn error(reason: &str, conversation_uuid: &str, timestamp: &str) -> Value {
    json!({ "reason": reason, "conversation_uuid": conversation_uuid, "timestamp": timestamp })
}

/// What an `input` collected.
#[derive(Clone, Debug, Default)]
pub struct InputResult {
    /// `Some` when DTMF was listened for: the digits (empty when none came).
    pub digits: Option<String>,
    pub dtmf_timed_out: bool,
    /// `Some` when speech was listened for: the results (text, confidence).
    pub speech: Option<Vec<(String, f64)>>,
    /// `end_on_silence_timeout`, `max_duration` or `start_timeout`.
    pub timeout_reason: Option<&'static str>,
    /// `speech.recording_url` (`saveAudio: true` and something was said).
    pub recording_url: Option<String>,
}

/// The input webhook: `from, to, dtmf {digits, timed_out}, speech {…}, uuid,
/// conversation_uuid, timestamp` (Vonage's 2022 examples: an unused `speech` is
/// `{"results": []}`, unused `dtmf` digits are null; `confidence` is a string as in Vonage's
/// captured examples).
pub fn input(leg: &Leg, conversation_uuid: &str, r: &InputResult, timestamp: &str) -> Value {
    let dtmf = json!({
        "digits": r.digits.as_deref().filter(|d| !d.is_empty()),
        "timed_out": r.dtmf_timed_out,
    });
    let mut speech = Map::new();
    if let Some(reason) = r.timeout_reason {
        speech.insert("timeout_reason".into(), json!(reason));
    }
    let results: Vec<Value> = r
        .speech
        .iter()
        .flatten()
        .map(|(text, c)| json!({ "text": text, "confidence": format!("{c}") }))
        .collect();
    speech.insert("results".into(), Value::Array(results));
    if let Some(url) = &r.recording_url {
        speech.insert("recording_url".into(), json!(url));
    }
    json!({
        "from": leg.from,
        "to": leg.to,
        "dtmf": dtmf,
        "speech": speech,
        "uuid": leg.uuid,
        "conversation_uuid": conversation_uuid,
        "timestamp": timestamp,
    })
}

/// The record event: `start_time, end_time, recording_url, size, recording_uuid,
/// conversation_uuid, timestamp`.
pub fn record(
    start: &str,
    end: &str,
    recording_uuid: &str,
    size: u64,
    conversation_uuid: &str,
) -> Value {
    json!({
        "start_time": start,
        "end_time": end,
        "recording_url": format!("https://api.nexmo.com/v1/files/{recording_uuid}"),
        "size": size,
        "recording_uuid": recording_uuid,
        "conversation_uuid": conversation_uuid,
        "timestamp": end,
    })
}

/// The transcription callback that follows a record with `transcription`.
pub fn transcription(
    recording_uuid: &str,
    conversation_uuid: &str,
    transcription_uuid: &str,
) -> Value {
    json!({
        "conversation_uuid": conversation_uuid,
        "type": "record",
        "recording_uuid": recording_uuid,
        "status": "transcribed",
        "transcription_url": format!("https://api.nexmo.com/v1/files/{transcription_uuid}"),
    })
}

/// The transfer event: `conversation_uuid_from, conversation_uuid_to, uuid, timestamp`.
pub fn transfer(leg: &Leg, from: &str, to: &str, timestamp: &str) -> Value {
    json!({
        "conversation_uuid_from": from,
        "conversation_uuid_to": to,
        "uuid": leg.uuid,
        "timestamp": timestamp,
    })
}
