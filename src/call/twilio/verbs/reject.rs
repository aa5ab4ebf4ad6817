//! `<Reject>`: the call is not answered (no charge). `reason="busy"` ends it as `busy`, the
//! default `rejected` as `no-answer` (the final `CallStatus` of the `completed` callback).
//! After the call was answered it ends the call like `<Hangup>`.

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::call::timeline::EndedBy;
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    let reason = verb.attr("reason").unwrap_or("rejected").to_string();
    let slot = t.call.begin_action("Reject", index);
    t.call.end_action(slot, detail!("reason": reason));
    if t.answered_ms.is_none() {
        t.call_status = if reason == "busy" {
            "busy"
        } else {
            "no-answer"
        }
        .into();
    }
    t.call
        .push_event("ended", detail!("by": "app", "reason": "<Reject>"));
    Flow::End(EndedBy::App)
}
