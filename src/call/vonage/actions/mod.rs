//! One file per NCCO action, each run on the call's clock. An action returns the next
//! [`Flow`]: go on, a replacement NCCO, or the end of the call.

pub mod connect;
pub mod conversation;
pub mod input;
pub mod notify;
pub mod record;
pub mod stream;
pub mod talk;
pub mod transfer;
pub mod wait;

use std::time::Duration;

use serde_json::Value;

use super::{Flow, Vonage};
use crate::detail;

/// Run one action.
pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    match action.get("action").and_then(Value::as_str).unwrap_or("") {
        "talk" => talk::run(v, action, index).await,
        "stream" => stream::run(v, action, index).await,
        "wait" => wait::run(v, action, index).await,
        "input" => input::run(v, action, index).await,
        "record" => record::run(v, action, index).await,
        "connect" => connect::run(v, action, index).await,
        "notify" => notify::run(v, action, index).await,
        "transfer" => transfer::run(v, action, index).await,
        "conversation" => conversation::run(v, action, index).await,
        other => {
            // The contract check lets only a legacy action (`pay`) through to here.
            let t = v.call.mark();
            v.call.push_action(
                t,
                other,
                index,
                detail!("emulated": false, "note": "whk call does not emulate this action; it is skipped"),
            );
            Flow::Next
        }
    }
}

/// The one URL of an `eventUrl`-style field (`["https://…"]`, or a bare string).
pub fn url_field(action: &Value, key: &str) -> Option<String> {
    match action.get(key)? {
        Value::Array(a) => a.first()?.as_str().map(str::to_string),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// `eventMethod` (or another method field), upper-case; `POST` by default.
pub fn method_field(action: &Value, key: &str) -> String {
    action
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase)
        .unwrap_or_else(|| "POST".into())
}

/// A number of seconds in a field, when it is one.
pub fn secs_field(action: &Value, key: &str) -> Option<f64> {
    action
        .get(key)
        .and_then(Value::as_f64)
        .filter(|s| s.is_finite() && *s >= 0.0)
}

pub fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s.clamp(0.0, 1e7))
}

/// `loop`: how many times (0 = until something stops it).
pub fn loops(action: &Value) -> u64 {
    action.get("loop").and_then(Value::as_u64).unwrap_or(1)
}

/// How long a `talk` or `stream` plays, given one pass, its `loop` and `bargeIn`: the time,
/// and whether the caller's keypress cut it short. A `bargeIn` prompt is cut after
/// [`BARGE_AFTER`] when the next caller step is DTMF.
pub fn playing_time(v: &Vonage<'_, '_>, action: &Value, once: Duration) -> (Duration, bool) {
    let barge = action
        .get("bargeIn")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let n = loops(action);
    let full = if n == 0 {
        crate::call::engine::CALL_LIMIT
    } else {
        once.saturating_mul(n.min(u32::MAX as u64) as u32)
    };
    if barge
        && matches!(
            v.peek_step(),
            Some(crate::call::scenario::CallerStep::Dtmf { .. })
        )
    {
        (full.min(BARGE_AFTER), true)
    } else {
        (full, false)
    }
}

/// Play a `talk` or `stream` (one pass takes `once`) and record it with `detail` plus its
/// `loop` and whether the caller barged in.
pub async fn play(
    v: &mut Vonage<'_, '_>,
    action: &Value,
    index: usize,
    once: Duration,
    mut detail: serde_json::Map<String, Value>,
) -> Flow {
    let t = v.call.mark();
    let (d, barged) = playing_time(v, action, once);
    let spent = v.spend(d).await;
    detail.insert("loop".into(), Value::from(loops(action)));
    detail.insert("barged_in".into(), Value::from(barged));
    let name = action
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("talk");
    v.call.push_action(t, name, index, detail);
    v.after(spent)
}

/// When a caller who barges in presses the first key.
pub const BARGE_AFTER: Duration = Duration::from_secs(1);
