//! `<Pause>`: `length` seconds (default 1).

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    let length = verb.number("length", 1.0);
    super::timed(
        t,
        "Pause",
        index,
        super::secs(length),
        detail!("length_s": length),
    )
    .await
}
