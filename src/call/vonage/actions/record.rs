//! `record`: records the call. With an end condition it holds the NCCO until it ends:
//! `endOnSilence` (the caller speaks [`SPEAKING`], then is silent that long), `endOnKey`
//! (when the next caller step keys it, after [`SPEAKING`]), `timeOut`. Without one it runs
//! in the background to the end of the call (Vonage's current behaviour). Either way its
//! `record` event (with `recording_url`) goes out when it ends, and a `transcription`
//! callback follows when the action asks for one.

use std::time::Duration;

use serde_json::Value;

use super::super::{Flow, PendingRecord, Vonage, payload};
use crate::call::engine::Spent;
use crate::call::scenario::CallerStep;
use crate::detail;

/// How long the caller talks into a recording that ends on silence or a key.
pub const SPEAKING: Duration = Duration::from_secs(5);
/// Bytes per second of a recording (MP3 at 16 kbit/s).
pub const BYTES_PER_SECOND: u64 = 2000;

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let t = v.call.mark();
    let rec = PendingRecord {
        action: action.clone(),
        started_iso: v.call.now_iso(),
        started_ms: t,
        recording_uuid: v.call.ids.uuid(),
    };
    let end_on_key = action.get("endOnKey").and_then(Value::as_str);
    let keyed = matches!(
        (end_on_key, v.peek_step()),
        (Some(k), Some(CallerStep::Dtmf { dtmf })) if dtmf.contains(k)
    );
    let (length, ended_by) = if let Some(s) = super::secs_field(action, "endOnSilence") {
        (Some(SPEAKING + super::secs(s)), "end_on_silence")
    } else if keyed {
        v.next_step();
        (Some(SPEAKING), "end_on_key")
    } else if let Some(s) = super::secs_field(action, "timeOut") {
        (Some(super::secs(s)), "time_out")
    } else {
        (None, "call_end")
    };
    let Some(length) = length else {
        v.call.push_action(
            t,
            "record",
            index,
            detail!("recording_uuid": rec.recording_uuid, "ends": ended_by, "background": true),
        );
        v.recordings.push(rec);
        return Flow::Next;
    };
    let spent = v.spend(length).await;
    v.call.push_action(
        t,
        "record",
        index,
        detail!("recording_uuid": rec.recording_uuid, "ends": ended_by, "background": false),
    );
    if spent != Spent::Done {
        v.recordings.push(rec);
        return v.after(spent);
    }
    finish(v, &rec).await;
    Flow::Next
}

/// The recording ends now: its `record` event, then the transcription callback if asked.
pub async fn finish(v: &mut Vonage<'_, '_>, rec: &PendingRecord) {
    let end = v.call.now_iso();
    let secs = v.call.mark().saturating_sub(rec.started_ms) / 1000;
    let body = payload::record(
        &rec.started_iso,
        &end,
        &rec.recording_uuid,
        secs.max(1) * BYTES_PER_SECOND,
        &v.conversation_uuid,
    );
    let url = super::url_field(&rec.action, "eventUrl").or_else(|| v.caller.event_url.clone());
    if let Some(url) = url.clone() {
        let method = super::method_field(&rec.action, "eventMethod");
        let hook = v.hook("record", "record", &v.caller.uuid, url, method, body);
        v.call.send(hook).await;
    }
    let Some(tr) = rec.action.get("transcription").filter(|t| t.is_object()) else {
        return;
    };
    let Some(turl) = super::url_field(tr, "eventUrl").or(url) else {
        return;
    };
    let transcription_uuid = v.call.ids.uuid();
    let body = payload::transcription(
        &rec.recording_uuid,
        &v.conversation_uuid,
        &transcription_uuid,
    );
    let method = super::method_field(tr, "eventMethod");
    let hook = v.hook(
        "transcription",
        "transcription",
        &v.caller.uuid,
        turl,
        method,
        body,
    );
    v.call.send(hook).await;
}
