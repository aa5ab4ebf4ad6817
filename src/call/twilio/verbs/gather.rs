//! `<Gather>`: its nested `<Say>`/`<Play>`/`<Pause>` play first, then it takes the next
//! caller step, as its attributes say (Twilio's defaults: `input="dtmf"`, `timeout` 5 s,
//! `finishOnKey="#"`, `numDigits` unlimited, `speechTimeout` = `timeout`, `auto` = 1 s of
//! silence):
//!
//! - DTMF: keys (half a second each) until `numDigits`, a `finishOnKey` key, or `timeout`
//!   after the last key; the action gets `Digits` and `FinishedOnKey` (empty unless a
//!   finishing key ended it).
//! - Speech: words (0.4 s each), then `speechTimeout` of silence; the action gets
//!   `SpeechResult` and `Confidence`.
//! - Silence, a step the gather does not listen for, or no steps left: `timeout` passes with
//!   no input and the document goes on with the next verb (falls through), unless
//!   `actionOnEmptyResult="true"`, which requests the action anyway.
//!
//! The action (default: the document's own URL, POST) answers with TwiML that replaces the
//! document.
//!
//! Barge-in: when the caller's next step is a key (and the gather listens for DTMF) or speech
//! (and `bargeIn` is not `false`), the caller starts [`BARGE_AFTER`] into the prompts: the
//! prompt playing then stops there, and the prompts after it do not play.

use std::time::Duration;

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::call::scenario::CallerStep;
use crate::call::vonage::actions::BARGE_AFTER;
use crate::call::vonage::actions::input::{CONFIDENCE, KEY_TIME, WORD_TIME};
use crate::detail;

/// Whether the caller's next step stops the `<Gather>`'s prompt: a key always does when the
/// gather listens for DTMF, speech does unless `bargeIn="false"` (Twilio's default is true).
fn barges_in(verb: &Verb, step: Option<&CallerStep>) -> bool {
    let input = verb.attr("input").unwrap_or("dtmf");
    match step {
        Some(CallerStep::Dtmf { .. }) => input.contains("dtmf"),
        Some(CallerStep::Speech { .. }) => {
            input.contains("speech") && verb.attr("bargeIn") != Some("false")
        }
        _ => false,
    }
}

/// What the caller gave.
enum Got {
    Digits { digits: String, finished: String },
    Speech { text: String, confidence: f64 },
    Nothing,
}

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    // With barge-in the caller starts BARGE_AFTER into the prompts: the prompt playing then
    // stops, and the ones after it never play.
    let mut left = barges_in(verb, t.peek_step()).then_some(BARGE_AFTER);
    for (i, prompt) in verb.children.iter().enumerate() {
        if !matches!(prompt.name.as_str(), "Say" | "Play" | "Pause") {
            continue;
        }
        if left.is_some_and(|l| l.is_zero()) {
            break;
        }
        let start = t.call.mark();
        t.barge_after = left;
        let flow = Box::pin(super::run(t, prompt, i)).await;
        t.barge_after = None;
        if let Flow::End(by) = flow {
            return Flow::End(by);
        }
        let played = Duration::from_millis(t.call.mark().saturating_sub(start));
        left = left.map(|l| l.saturating_sub(played));
    }
    let step = t.next_step();
    let (got, d) = listen(verb, step.as_ref());
    let mut m = match &got {
        Got::Digits { digits, finished } => {
            detail!("digits": digits, "finished_on_key": finished)
        }
        Got::Speech { text, confidence } => detail!("speech": text, "confidence": confidence),
        Got::Nothing => detail!("timed_out": true),
    };
    let slot = t.call.begin_action("Gather", index);
    let spent = t.call.spend(d).await;
    if let Some(by) = t.call.ended_by_wait(spent) {
        t.call.end_action(slot, m);
        return Flow::End(by);
    }
    let empty = matches!(got, Got::Nothing);
    let act = !empty || verb.flag("actionOnEmptyResult");
    let url = t.action_url(verb);
    if act {
        m.insert("action".into(), url.clone().into());
    }
    t.call.end_action(slot, m);
    if !act {
        return Flow::Next;
    }
    let extra = match got {
        Got::Digits { digits, finished } => {
            vec![("Digits", digits), ("FinishedOnKey", finished)]
        }
        Got::Speech { text, confidence } => vec![
            ("SpeechResult", text),
            ("Confidence", format!("{confidence}")),
        ],
        Got::Nothing => Vec::new(),
    };
    t.follow("gather", url, verb.method("method"), extra).await
}

/// What the caller gives this gather, and how long the gather takes.
fn listen(verb: &Verb, step: Option<&CallerStep>) -> (Got, Duration) {
    let input = verb.attr("input").unwrap_or("dtmf").to_ascii_lowercase();
    let dtmf_on = input.contains("dtmf");
    let speech_on = input.contains("speech");
    let timeout = super::secs(verb.number("timeout", 5.0));
    let num_digits = verb
        .attr("numDigits")
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|n| *n > 0);
    let finish_on = verb.attr("finishOnKey").unwrap_or("#");
    match step {
        Some(CallerStep::Dtmf { dtmf }) if dtmf_on => {
            let mut digits = String::new();
            let mut finished = String::new();
            let mut keys = 0u32;
            for c in dtmf.chars() {
                keys += 1;
                if finish_on.contains(c) {
                    finished.push(c);
                    break;
                }
                digits.push(c);
                if num_digits.is_some_and(|n| digits.chars().count() >= n) {
                    break;
                }
            }
            let keyed = KEY_TIME.saturating_mul(keys);
            let ended = !finished.is_empty() || num_digits.is_some_and(|n| digits.len() >= n);
            let d = if ended { keyed } else { keyed + timeout };
            if digits.is_empty() {
                return (Got::Nothing, d);
            }
            (Got::Digits { digits, finished }, d)
        }
        Some(CallerStep::Speech { speech, confidence }) if speech_on => {
            let words = speech.split_whitespace().count().max(1) as u32;
            let silence = match verb.attr("speechTimeout") {
                Some("auto") => Duration::from_secs(1),
                Some(s) => s.trim().parse::<f64>().map(super::secs).unwrap_or(timeout),
                None => timeout,
            };
            (
                Got::Speech {
                    text: speech.clone(),
                    confidence: confidence.unwrap_or(CONFIDENCE),
                },
                WORD_TIME.saturating_mul(words) + silence,
            )
        }
        _ => (Got::Nothing, timeout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gather(attrs: &[(&str, &str)]) -> Verb {
        Verb {
            name: "Gather".into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Verb::default()
        }
    }

    #[test]
    fn digits_end_at_num_digits_finish_key_or_timeout() {
        let press = |g: &Verb, keys: &str| {
            let (got, d) = listen(g, Some(&CallerStep::press(keys)));
            match got {
                Got::Digits { digits, finished } => (digits, finished, d.as_millis()),
                _ => ("-".into(), String::new(), d.as_millis()),
            }
        };
        let one = gather(&[("numDigits", "1")]);
        assert_eq!(press(&one, "12"), ("1".into(), "".into(), 500));
        let plain = gather(&[]);
        assert_eq!(press(&plain, "12#"), ("12".into(), "#".into(), 1500));
        assert_eq!(press(&plain, "12"), ("12".into(), "".into(), 6000));
        let speech_only = gather(&[("input", "speech"), ("timeout", "3")]);
        assert_eq!(press(&speech_only, "1"), ("-".into(), "".into(), 3000));
        let (got, d) = listen(
            &gather(&[("input", "dtmf speech"), ("speechTimeout", "auto")]),
            Some(&CallerStep::say("book a cleaning")),
        );
        assert!(matches!(got, Got::Speech { ref text, .. } if text == "book a cleaning"));
        assert_eq!(d.as_millis(), 2200);
    }
}
