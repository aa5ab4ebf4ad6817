//! `<Hangup>`: the app ends the call.

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::call::timeline::EndedBy;
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, _verb: &Verb, index: usize) -> Flow {
    let slot = t.call.begin_action("Hangup", index);
    t.call.end_action(slot, detail!());
    t.call
        .push_event("ended", detail!("by": "app", "reason": "<Hangup>"));
    Flow::End(EndedBy::App)
}
