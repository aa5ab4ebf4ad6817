//! `<Redirect>`: fetch the document at its URL (relative to the running one; `method`
//! default POST); it replaces the running document.

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    let url = t.resolve(&verb.text);
    let slot = t.call.begin_action("Redirect", index);
    t.call.end_action(slot, detail!("url": url));
    t.follow("redirect", url, verb.method("method"), Vec::new())
        .await
}
