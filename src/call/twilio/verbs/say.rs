//! `<Say>`: the words take time to speak (as a Vonage `talk`: about 65 ms a character),
//! `loop` times.

use super::super::twiml::Verb;
use super::super::{Flow, Twilio};
use crate::call::vonage::actions::talk::speaking_time;
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    let d = speaking_time(&verb.text).saturating_mul(super::loops(verb));
    let mut m = detail!("text": verb.text);
    if let Some(v) = verb.attr("voice") {
        m.insert("voice".into(), v.into());
    }
    super::timed(t, "Say", index, d, m).await
}
