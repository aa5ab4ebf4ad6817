//! `<Connect><Stream url="wss://…">`: a bidirectional Media Stream to the app (played by
//! [`media_streams`](crate::call::media_streams): `--ws-to` maps the URL, `--audio` is the
//! caller's voice). It runs until the app closes the socket or the caller hangs up; then the
//! `action` (if any) is requested and its TwiML replaces the document, else the document goes
//! on. Other nouns (`<Room>`, `<ConversationRelay>`, …) are not emulated.

use super::super::twiml::Verb;
use super::super::{Flavour, Flow, Twilio};
use crate::call::media_streams::{self, StreamSpec};
use crate::call::timeline::EndedBy;
use crate::call::websocket::Closed;
use crate::detail;

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    let slot = t.call.begin_action("Connect", index);
    let Some(stream) = verb.children.iter().find(|n| n.name == "Stream") else {
        let noun = verb.children.first().map(|n| n.name.clone());
        t.call
            .end_action(slot, detail!("noun": noun, "emulated": false));
        return Flow::Next;
    };
    let spec = StreamSpec {
        url: stream.attr("url").unwrap_or("").to_string(),
        name: stream.attr("name").map(str::to_string),
        parameters: stream
            .children
            .iter()
            .filter(|p| p.name == "Parameter")
            .map(|p| {
                (
                    p.attr("name").unwrap_or("").to_string(),
                    p.attr("value").unwrap_or("").to_string(),
                )
            })
            .collect(),
        account_sid: t.account_sid.clone(),
        call_sid: t.call_sid.clone(),
        stream_sid: match t.flavour {
            Flavour::Twilio => media_streams::stream_sid(&mut t.call.ids),
            Flavour::SignalWire => t.call.ids.uuid(),
        },
        handshake_headers: Vec::new(),
    };
    let report = media_streams::play(t.call, &spec).await;
    let hung_up = matches!(report.closed, Closed::Hangup);
    t.call.end_action(
        slot,
        detail!("noun": "Stream", "url": spec.url, "stream_sid": spec.stream_sid),
    );
    if hung_up {
        t.call.push_event("hangup", detail!("by": "caller"));
        return Flow::End(EndedBy::Caller);
    }
    match verb.attr("action") {
        Some(a) => {
            let url = t.resolve(a);
            t.follow("connect", url, verb.method("method"), Vec::new())
                .await
        }
        None => Flow::Next,
    }
}
