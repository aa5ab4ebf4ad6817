//! `input`: takes the next caller step and reports it to the action's `eventUrl` (else the
//! event URL); an NCCO in the reply replaces the rest of the running one.
//!
//! - DTMF (`dtmf` settings: `maxDigits` 4, `submitOnHash` false, `timeOut` 3 s): the caller
//!   keys the digits, [`KEY_TIME`] each. The input ends at `maxDigits`, at `#` with
//!   `submitOnHash`, or `timeOut` after the last key (`timed_out: true`).
//! - Speech (`endOnSilence` 2 s, `startTimeout` 10 s, `maxDuration` 60 s): the caller speaks
//!   [`WORD_TIME`] a word; the input ends `endOnSilence` later (`end_on_silence_timeout`),
//!   or at `maxDuration` (`max_duration`). With `saveAudio`, `speech.recording_url`.
//! - Silence (or no steps left): DTMF waits `timeOut`; speech waits `startTimeout`
//!   (`start_timeout`).

use std::time::Duration;

use serde_json::Value;

use super::super::payload::{self, InputResult};
use super::super::{Flow, Vonage};
use crate::call::engine::Spent;
use crate::call::scenario::CallerStep;
use crate::detail;

/// The time between two keys.
pub const KEY_TIME: Duration = Duration::from_millis(500);
/// The time to say one word.
pub const WORD_TIME: Duration = Duration::from_millis(400);
/// Confidence reported for speech a step gives none for.
pub const CONFIDENCE: f64 = 0.9;

/// What the caller does for this input, and how long it takes.
fn collect(action: &Value, step: Option<&CallerStep>) -> (InputResult, Duration) {
    let types: Vec<&str> = action
        .get("type")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let dtmf_on = types.contains(&"dtmf");
    let speech_on = types.contains(&"speech");
    let dtmf = action.get("dtmf").cloned().unwrap_or(Value::Null);
    let speech = action.get("speech").cloned().unwrap_or(Value::Null);
    let time_out = super::secs_field(&dtmf, "timeOut").unwrap_or(3.0);
    let max_digits = dtmf
        .get("maxDigits")
        .and_then(Value::as_u64)
        .unwrap_or(4)
        .max(1) as usize;
    let on_hash = dtmf
        .get("submitOnHash")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let end_on_silence = super::secs_field(&speech, "endOnSilence").unwrap_or(2.0);
    let start_timeout = super::secs_field(&speech, "startTimeout").unwrap_or(10.0);
    let max_duration = super::secs_field(&speech, "maxDuration").unwrap_or(60.0);
    let mut r = InputResult {
        digits: dtmf_on.then(String::new),
        speech: speech_on.then(Vec::new),
        ..InputResult::default()
    };
    match step {
        Some(CallerStep::Dtmf { dtmf: keys }) if dtmf_on => {
            let mut digits = String::new();
            let mut ended = false;
            for c in keys.chars() {
                if c == '#' && on_hash {
                    ended = true;
                    break;
                }
                digits.push(c);
                if digits.chars().count() >= max_digits {
                    ended = true;
                    break;
                }
            }
            let keyed = KEY_TIME.saturating_mul(digits.chars().count().max(1) as u32);
            r.digits = Some(digits);
            if ended {
                (r, keyed)
            } else {
                r.dtmf_timed_out = true;
                (r, keyed + super::secs(time_out))
            }
        }
        Some(CallerStep::Speech {
            speech: text,
            confidence,
        }) if speech_on => {
            let words = text.split_whitespace().count().max(1) as u32;
            let talking = WORD_TIME.saturating_mul(words);
            let max = super::secs(max_duration);
            r.speech = Some(vec![(text.clone(), confidence.unwrap_or(CONFIDENCE))]);
            if talking >= max {
                r.timeout_reason = Some("max_duration");
                (r, max)
            } else {
                r.timeout_reason = Some("end_on_silence_timeout");
                (r, talking + super::secs(end_on_silence))
            }
        }
        _ => {
            // Silence, or a step this input does not listen for.
            if speech_on {
                r.timeout_reason = Some("start_timeout");
            }
            r.dtmf_timed_out = dtmf_on;
            let wait = if speech_on { start_timeout } else { time_out };
            (r, super::secs(wait))
        }
    }
}

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let slot = v.call.begin_action("input", index);
    let step = v.next_step();
    let (mut result, took) = collect(action, step.as_ref());
    let save_audio = action.pointer("/speech/saveAudio") == Some(&Value::Bool(true));
    if save_audio && result.speech.as_ref().is_some_and(|s| !s.is_empty()) {
        let file = v.call.ids.uuid();
        result.recording_url = Some(format!("https://api.nexmo.com/v1/files/{file}"));
    }
    let spent = v.spend(took).await;
    let silent = result.timeout_reason == Some("start_timeout");
    let mut d = detail!("timed_out": result.dtmf_timed_out || silent);
    if let Some(digits) = &result.digits {
        d.insert("digits".into(), Value::from(digits.clone()));
    }
    if let Some((text, c)) = result.speech.as_ref().and_then(|s| s.first()) {
        d.insert("speech".into(), Value::from(text.clone()));
        d.insert("confidence".into(), Value::from(*c));
    }
    if let Some(reason) = result.timeout_reason {
        d.insert("timeout_reason".into(), Value::from(reason));
    }
    v.call.end_action(slot, d);
    if spent != Spent::Done {
        return v.after(spent);
    }
    let url = super::url_field(action, "eventUrl").or_else(|| v.caller.event_url.clone());
    let Some(url) = url else {
        return Flow::Next;
    };
    let body = payload::input(&v.caller, &v.conversation_uuid, &result, &v.call.now_iso());
    let method = super::method_field(action, "eventMethod");
    let hook = v.hook("input", "input", &v.caller.uuid, url, method, body);
    v.send_for_ncco(hook).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dtmf(settings: Value, keys: &str) -> (InputResult, Duration) {
        let action = json!({"action": "input", "type": ["dtmf"], "dtmf": settings});
        collect(&action, Some(&CallerStep::press(keys)))
    }

    #[test]
    fn dtmf_ends_at_max_digits_hash_or_time_out() {
        let (r, d) = dtmf(json!({"maxDigits": 2}), "1234");
        assert_eq!((r.digits.as_deref(), r.dtmf_timed_out), (Some("12"), false));
        assert_eq!(d, Duration::from_secs(1));
        let (r, _) = dtmf(json!({"submitOnHash": true}), "12#9");
        assert_eq!((r.digits.as_deref(), r.dtmf_timed_out), (Some("12"), false));
        let (r, d) = dtmf(json!({"timeOut": 5}), "12");
        assert_eq!((r.digits.as_deref(), r.dtmf_timed_out), (Some("12"), true));
        assert_eq!(d, Duration::from_secs(6));
    }

    #[test]
    fn speech_ends_on_silence_max_duration_or_start_timeout() {
        let action = json!({"action": "input", "type": ["speech"],
                            "speech": {"maxDuration": 1, "startTimeout": 4}});
        let (r, d) = collect(&action, Some(&CallerStep::say("one two three four")));
        assert_eq!(r.timeout_reason, Some("max_duration"));
        assert_eq!(d, Duration::from_secs(1));
        let (r, d) = collect(&action, None);
        assert_eq!(r.timeout_reason, Some("start_timeout"));
        assert_eq!(d, Duration::from_secs(4));
        let action = json!({"action": "input", "type": ["speech"]});
        let (r, d) = collect(&action, Some(&CallerStep::say("sales")));
        assert_eq!(r.timeout_reason, Some("end_on_silence_timeout"));
        assert_eq!(d, Duration::from_millis(2400));
        // A DTMF step at a speech-only input is silence to it.
        let (r, _) = collect(&action, Some(&CallerStep::press("1")));
        assert_eq!(r.timeout_reason, Some("start_timeout"));
    }
}
