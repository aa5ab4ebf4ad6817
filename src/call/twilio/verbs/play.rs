//! `<Play>`: an audio file (whk does not fetch it: 5 s each, as a Vonage `stream`), `loop`
//! times; `<Play digits="…">` keys the digits (half a second each).

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::call::vonage::actions::input::KEY_TIME;
use crate::call::vonage::actions::stream::STREAM_TIME;
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    if let Some(digits) = verb.attr("digits") {
        let d = KEY_TIME.saturating_mul(digits.chars().count() as u32);
        return super::timed(t, "Play", index, d, detail!("digits": digits)).await;
    }
    let d = STREAM_TIME.saturating_mul(super::loops(verb));
    let url = t.resolve(&verb.text);
    super::timed(t, "Play", index, d, detail!("url": url)).await
}
