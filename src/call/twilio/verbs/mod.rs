//! The TwiML verbs, one file each. Each runs on the call's clock and says what the document
//! does next ([`Flow`]). Verbs whk does not play (`<Enqueue>`, `<Pay>`, …) are put on the
//! timeline with `emulated: false` and skipped.

pub mod connect;
pub mod dial;
pub mod gather;
pub mod hangup;
pub mod pause;
pub mod play;
pub mod record;
pub mod redirect;
pub mod reject;
pub mod say;

use std::time::Duration;

use serde_json::{Map, Value};

use super::twiml::Verb;
use super::{Flow, Twilio};
use crate::detail;

/// Run one verb of the document.
pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    match verb.name.as_str() {
        "Say" => say::run(t, verb, index).await,
        "Play" => play::run(t, verb, index).await,
        "Pause" => pause::run(t, verb, index).await,
        "Gather" => gather::run(t, verb, index).await,
        "Record" => record::run(t, verb, index).await,
        "Dial" => dial::run(t, verb, index).await,
        "Redirect" => redirect::run(t, verb, index).await,
        "Hangup" => hangup::run(t, verb, index).await,
        "Reject" => reject::run(t, verb, index).await,
        "Connect" => connect::run(t, verb, index).await,
        other => {
            let slot = t.call.begin_action(other, index);
            t.call.end_action(slot, detail!("emulated": false));
            Flow::Next
        }
    }
}

/// A verb that takes `d` of the call's time: on the timeline as `name` with `detail`; the
/// call ends here when the caller hangs up (or the limit comes) first.
pub async fn timed(
    t: &mut Twilio<'_, '_>,
    name: &str,
    index: usize,
    d: Duration,
    mut detail: Map<String, Value>,
) -> Flow {
    let slot = t.call.begin_action(name, index);
    // A caller barging in on a <Gather>'s prompt cuts it short.
    let d = match t.barge_after {
        Some(cap) if cap < d => {
            detail.insert("barged_in".into(), true.into());
            cap
        }
        _ => d,
    };
    let spent = t.call.spend(d).await;
    t.call.end_action(slot, detail);
    match t.call.ended_by_wait(spent) {
        None => Flow::Next,
        Some(by) => Flow::End(by),
    }
}

/// `loop` (default 1; 0 plays until the call ends, counted as 1000 times).
pub fn loops(verb: &Verb) -> u32 {
    match verb.number("loop", 1.0) as u32 {
        0 => 1000,
        n => n,
    }
}

/// Seconds as a duration.
pub fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s.clamp(0.0, 1.0e7))
}
