//! ElevenLabs Agents: post-call webhooks under `type`, with `data`.

use serde_json::Value;

use super::{Recognition, Seen, Sends, foreign, require, str_at};

pub(crate) const ELEVENLABS: Sends = Sends {
    provider: "ElevenLabs",
    layout: "under `type`, with `data`",
    event: "post_call_transcription",
    fixture: "elevenlabs/post_call_transcription",
    seeds: &[
        (
            "voice.processing",
            "post_call_transcription",
            "elevenlabs/post_call_transcription",
        ),
        (
            "voice.completed",
            "post_call_transcription",
            "elevenlabs/post_call_transcription",
        ),
        (
            "agent.ready",
            "post_call_transcription",
            "elevenlabs/post_call_transcription",
        ),
        (
            "agent.speaking",
            "post_call_transcription",
            "elevenlabs/post_call_transcription",
        ),
        (
            "agent.listening",
            "post_call_transcription",
            "elevenlabs/post_call_transcription",
        ),
        (
            "agent.error",
            "call_initiation_failure",
            "elevenlabs/call_initiation_failure",
        ),
    ],
    unnamed: false,
};

/// The webhooks ElevenLabs sends (all post-call).
const ELEVENLABS_EVENTS: &[&str] = &[
    "post_call_transcription",
    "post_call_audio",
    "call_initiation_failure",
];

pub fn recognise(r: &mut Recognition, v: &Value) {
    let t = str_at(v, "type");
    // Its own event names are recognised even without `data` (then the fields are missing);
    // other names must come in its `{type, data}` shape.
    let recognised = t.as_deref().is_some_and(|t| ELEVENLABS_EVENTS.contains(&t))
        || (t.is_some() && v.get("data").is_some_and(Value::is_object));
    let (Some(t), true) = (t, recognised) else {
        foreign(r, v, &ELEVENLABS);
        return;
    };
    let fields: &[&str] = match t.as_str() {
        "post_call_transcription" => &[
            "data.agent_id",
            "data.conversation_id",
            "data.status",
            "data.transcript",
        ],
        "post_call_audio" => &["data.agent_id", "data.conversation_id", "data.full_audio"],
        _ => &[],
    };
    require(r, v, fields);
    if let Some(conv) = str_at(v, "data.conversation_id") {
        // One post-call webhook of each type per conversation: a natural idempotency key.
        r.event_id = Some(format!("{conv}/{t}"));
    }
    r.event = Some(t);
}

pub fn call_id(seen: &Seen<'_>) -> Option<String> {
    str_at(seen.json?, "data.conversation_id")
}
