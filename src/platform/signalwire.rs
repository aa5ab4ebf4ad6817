//! SignalWire RELAY and SWML: `calling.*` events under `event_type` (status), and the SWML
//! request (`call`, the voice URL of a SWML application).

use serde_json::Value;

use super::{Kind, Recognition, Seen, Sends, foreign, require, str_at};

/// The shipped fixture of each kind.
#[cfg(test)]
pub const SAMPLES: &[(Kind, &str)] = &[
    (Kind::Voice, "signalwire/swml.request"),
    (Kind::Status, "signalwire/calling.call.state.answered"),
];

/// `calling.*` events are status; the SWML request (a `call` with a `call_state`) is the
/// voice URL's; anything else (SWAIG functions, the seeds' `call.*`) is a webhook.
pub fn kind(seen: &Seen<'_>) -> Kind {
    let Some(v) = seen.json else {
        return Kind::Webhook;
    };
    match str_at(v, "event_type") {
        Some(t) if t.starts_with("calling.") => Kind::Status,
        Some(_) => Kind::Webhook,
        None if v.pointer("/call/call_state").is_some() => Kind::Voice,
        None => Kind::Webhook,
    }
}

pub fn call_id(seen: &Seen<'_>) -> Option<String> {
    let v = seen.json?;
    str_at(v, "params.call_id")
        .or_else(|| str_at(v, "call.call_id"))
        .or_else(|| str_at(v, "call_id"))
}

pub(crate) const SIGNALWIRE: Sends = Sends {
    provider: "SignalWire",
    layout: "under `event_type`, with `params`",
    event: "calling.call.state",
    fixture: "signalwire/calling.call.state.answered",
    seeds: &[
        (
            "call.created",
            "calling.call.state",
            "signalwire/calling.call.state.created",
        ),
        (
            "call.ringing",
            "calling.call.state",
            "signalwire/calling.call.state.ringing",
        ),
        (
            "call.answered",
            "calling.call.state",
            "signalwire/calling.call.state.answered",
        ),
        (
            "call.completed",
            "calling.call.state",
            "signalwire/calling.call.state.ended",
        ),
        (
            "recording.started",
            "calling.call.record",
            "signalwire/calling.call.record",
        ),
        (
            "recording.completed",
            "calling.call.record",
            "signalwire/calling.call.record",
        ),
    ],
    unnamed: false,
};

/// SignalWire RELAY events (`calling.*` under `event_type`) and SWML requests (`call`).
pub fn recognise(r: &mut Recognition, v: &Value) {
    match str_at(v, "event_type") {
        Some(t) if t.starts_with("calling.") => r.event = Some(t),
        Some(_) => foreign(r, v, &SIGNALWIRE),
        None => {
            r.event = str_at(v, "call.call_state");
            if v.get("call").is_some() {
                require(r, v, &["call.call_id"]);
            }
        }
    }
}
