//! `<Record>`: records the caller after an optional beep. The next caller step decides what
//! is recorded: speech is recorded (0.4 s a word) and the recording ends `timeout` (default
//! 5 s) of silence later, or at `maxLength` (default 3600 s); a key in `finishOnKey`
//! (default any key) ends it after [`SPEAKING`]; silence (or no step) records nothing and the
//! document goes on with the next verb, without a request. A recording's `action` (default
//! the document's URL) gets `RecordingUrl`, `RecordingSid`, `RecordingDuration` and `Digits`
//! and answers with TwiML that replaces the document; `recordingStatusCallback` then gets the
//! recording's `completed` status. A caller who hangs up ends the recording: the action is
//! still requested (`Digits=hangup`) and the call ends.

use serde_json::Value;

use super::super::twiml::Verb;
use super::super::{Flavour, Flow, Twilio, status::rfc2822};
use crate::call::scenario::CallerStep;
use crate::call::vonage::actions::input::WORD_TIME;
pub use crate::call::vonage::actions::record::SPEAKING;
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    let timeout = super::secs(verb.number("timeout", 5.0));
    let max_length = super::secs(verb.number("maxLength", 3600.0));
    let finish_on = verb.attr("finishOnKey").unwrap_or("1234567890*#");
    let (talk, key) = match t.next_step() {
        Some(CallerStep::Speech { speech, .. }) => (
            WORD_TIME.saturating_mul(speech.split_whitespace().count().max(1) as u32),
            None,
        ),
        Some(CallerStep::Dtmf { dtmf }) => match dtmf.chars().find(|c| finish_on.contains(*c)) {
            Some(k) => (SPEAKING, Some(k.to_string())),
            None => (SPEAKING, None),
        },
        _ => {
            return super::timed(t, "Record", index, timeout, detail!("recorded": false)).await;
        }
    };
    let recording = talk.min(max_length);
    let wait = if key.is_some() || recording >= max_length {
        recording
    } else {
        recording + timeout
    };
    let started = t.call.now();
    let slot = t.call.begin_action("Record", index);
    let spent = t.call.spend(wait).await;
    let ended = t.call.ended_by_wait(spent);
    let secs = t.call.now().duration_since(started).as_secs().max(0) as u64;
    let secs = if ended.is_some() {
        secs
    } else {
        recording.as_secs()
    };
    let sid = match t.flavour {
        Flavour::Twilio => format!("RE{}", t.call.ids.hex32()),
        Flavour::SignalWire => t.call.ids.uuid(),
    };
    let base = match t.flavour {
        Flavour::Twilio => "https://api.twilio.com/2010-04-01",
        Flavour::SignalWire => "https://example.signalwire.com/api/laml/2010-04-01",
    };
    let rec_url = format!("{base}/Accounts/{}/Recordings/{sid}", t.account_sid);
    let digits = match (&ended, key) {
        (Some(_), _) => "hangup".to_string(),
        (None, Some(k)) => k,
        (None, None) => String::new(),
    };
    let url = t.action_url(verb);
    t.call.end_action(
        slot,
        detail!("recorded": true, "recording_sid": sid, "recording_duration_s": secs, "action": url),
    );
    let extra = vec![
        ("RecordingUrl", rec_url.clone()),
        ("RecordingSid", sid.clone()),
        ("RecordingDuration", secs.to_string()),
        ("Digits", digits),
    ];
    let flow = match ended {
        Some(by) => {
            t.after_hangup("record", url, verb.method("method"), extra)
                .await;
            Flow::End(by)
        }
        None => t.follow("record", url, verb.method("method"), extra).await,
    };
    if let Some(cb) = verb.attr("recordingStatusCallback") {
        let cb = t.resolve(cb);
        let mut p = serde_json::Map::new();
        for (k, v) in [
            ("AccountSid", t.account_sid.clone()),
            ("CallSid", t.call_sid.clone()),
            ("RecordingSid", sid),
            ("RecordingUrl", rec_url),
            ("RecordingStatus", "completed".into()),
            ("RecordingDuration", secs.to_string()),
            ("RecordingChannels", "1".into()),
            ("RecordingStartTime", rfc2822(started)),
            ("RecordingSource", "RecordVerb".into()),
            ("ErrorCode", "0".into()),
        ] {
            p.insert(k.into(), Value::from(v));
        }
        let hook = t.hook(
            "recording_status",
            "recording",
            cb,
            verb.method("recordingStatusCallbackMethod"),
            p,
        );
        t.call.send(hook).await;
    }
    flow
}
