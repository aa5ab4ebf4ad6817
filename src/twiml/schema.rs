//! What TwiML allows: every verb and noun, where it may appear, and its attributes with their
//! types. Sources: Twilio's TwiML reference (twilio.com/docs/voice/twiml/<verb>) and the
//! attribute interfaces, enum types and `ele()` children of twilio-node's
//! `src/twiml/VoiceResponse.ts` (checked against its July 2026 version; a few documented or
//! legacy attributes it lacks are accepted too: `<Dial record="true">`, `callReason`,
//! `<Record storageUrl>`, `<Gather dtmfDetection>`); SignalWire cXML's own
//! additions (`<Echo>`, `<Denoise>`, `<AI>`, `<Verto>`) are known but their attributes are not
//! checked.

/// An attribute value's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Any text.
    Str,
    /// `true` or `false`.
    Bool,
    /// A whole number in `min..=max`.
    Int(u32, u32),
    /// One of these (case-insensitive).
    Enum(&'static [&'static str]),
    /// Space-separated words, each one of these (case-insensitive).
    List(&'static [&'static str]),
    /// `GET` or `POST`.
    Method,
    /// Zero or more of `0-9`, `#`, `*` (`<Record finishOnKey>`).
    Keys,
    /// One of `0-9`, `#`, `*`, or empty (`<Gather finishOnKey>`).
    Key,
    /// A whole number of seconds, or `auto` (`<Gather speechTimeout>`).
    SpeechTimeout,
}

/// An element: its name, the elements it may hold, and its attributes (`None`: not checked).
pub struct Element {
    pub name: &'static str,
    pub children: &'static [&'static str],
    pub attrs: Option<&'static [(&'static str, Ty)]>,
}

/// Verbs `<Response>` may hold directly.
pub const VERBS: &[&str] = &[
    "Say", "Play", "Pause", "Gather", "Dial", "Record", "Redirect", "Hangup", "Reject", "Enqueue",
    "Leave", "Sms", "Message", "Connect", "Start", "Stop", "Pay", "Refer", "Echo", "Denoise", "AI",
];

/// SSML elements `<Say>` (and each other) may hold.
pub const SSML: &[&str] = &[
    "break",
    "emphasis",
    "lang",
    "p",
    "phoneme",
    "prosody",
    "s",
    "say-as",
    "sub",
    "w",
    "amazon:effect",
    "amazon:domain",
    "amazon:auto-breaths",
];

const METHOD: Ty = Ty::Method;
const BOOL: Ty = Ty::Bool;
const STR: Ty = Ty::Str;
const CALL_EVENTS: Ty = Ty::List(&["initiated", "ringing", "answered", "completed"]);
const REC_EVENTS: Ty = Ty::List(&["in-progress", "completed", "absent"]);
const TRIM: Ty = Ty::Enum(&["trim-silence", "do-not-trim"]);
macro_rules! attrs {
    ($($n:literal: $t:expr),* $(,)?) => { Some(&[$(($n, $t)),*]) };
}

/// [`attrs!`] plus the answering-machine-detection attributes `<Number>` and `<Sip>` share.
macro_rules! attrs_with_amd {
    ($($n:literal: $t:expr),* $(,)?) => {
        attrs![
            $($n: $t,)*
            "machineDetection": Ty::Enum(&["Enable", "DetectMessageEnd"]),
            "machineDetectionTimeout": Ty::Int(3, 59),
            "machineDetectionSpeechThreshold": Ty::Int(1000, 6000),
            "machineDetectionSpeechEndThreshold": Ty::Int(500, 5000),
            "machineDetectionSilenceTimeout": Ty::Int(2000, 10000),
            "amdStatusCallback": STR,
            "amdStatusCallbackMethod": METHOD,
        ]
    };
}

/// Every element whk knows, verbs first.
pub static ELEMENTS: &[Element] = &[
    Element {
        name: "Response",
        children: VERBS,
        attrs: attrs![],
    },
    Element {
        name: "Say",
        children: SSML,
        attrs: attrs!["voice": STR, "loop": Ty::Int(0, 1000), "language": STR],
    },
    Element {
        name: "Play",
        children: &[],
        attrs: attrs!["loop": Ty::Int(0, 1000), "digits": STR],
    },
    Element {
        name: "Pause",
        children: &[],
        attrs: attrs!["length": Ty::Int(1, 3600)],
    },
    Element {
        name: "Gather",
        children: &["Say", "Play", "Pause"],
        attrs: attrs![
            "action": STR, "actionOnEmptyResult": BOOL, "bargeIn": BOOL, "debug": BOOL,
            "enhanced": BOOL, "finishOnKey": Ty::Key, "hints": STR,
            "input": Ty::List(&["dtmf", "speech"]), "language": STR, "maxSpeechTime": Ty::Int(1, 3600),
            "method": METHOD, "numDigits": Ty::Int(1, 1000), "partialResultCallback": STR,
            "partialResultCallbackMethod": METHOD, "profanityFilter": BOOL, "speechModel": STR,
            "speechTimeout": Ty::SpeechTimeout, "timeout": Ty::Int(1, 3600), "dtmfDetection": BOOL,
        ],
    },
    Element {
        name: "Dial",
        children: &[
            "Number",
            "Client",
            "Sip",
            "Conference",
            "Queue",
            "Sim",
            "Application",
            "WhatsApp",
            "Verto",
        ],
        attrs: attrs![
            "action": STR, "answerOnBridge": BOOL, "callerId": STR, "callReason": STR,
            "events": Ty::Enum(&["call-progress-event"]), "hangupOnStar": BOOL, "method": METHOD,
            "record": Ty::Enum(&["do-not-record", "record-from-answer", "record-from-ringing", "record-from-answer-dual", "record-from-ringing-dual", "true", "false"]),
            "recordingStatusCallback": STR, "recordingStatusCallbackMethod": METHOD,
            "recordingStatusCallbackEvent": REC_EVENTS,
            "recordingTrack": Ty::Enum(&["both", "inbound", "outbound"]),
            "referUrl": STR, "referMethod": METHOD, "ringTone": STR, "sequential": BOOL,
            "recordingConfigurationId": STR, "timeLimit": Ty::Int(1, 86400), "timeout": Ty::Int(1, 600), "trim": TRIM,
        ],
    },
    Element {
        name: "Number",
        children: &[],
        attrs: attrs_with_amd![
            "sendDigits": STR, "url": STR, "method": METHOD, "statusCallbackEvent": CALL_EVENTS,
            "statusCallback": STR, "statusCallbackMethod": METHOD, "byoc": STR,
        ],
    },
    Element {
        name: "Client",
        children: &["Identity", "Parameter"],
        attrs: attrs!["url": STR, "method": METHOD, "statusCallbackEvent": CALL_EVENTS, "statusCallback": STR, "statusCallbackMethod": METHOD],
    },
    Element {
        name: "Sip",
        children: &["Headers", "Uri"],
        attrs: attrs_with_amd![
            "username": STR, "password": STR, "url": STR, "method": METHOD,
            "statusCallbackEvent": CALL_EVENTS, "statusCallback": STR, "statusCallbackMethod": METHOD,
            "customerId": STR,
        ],
    },
    Element {
        name: "Conference",
        children: &[],
        attrs: attrs![
            "muted": BOOL, "beep": Ty::Enum(&["true", "false", "onEnter", "onExit"]),
            "startConferenceOnEnter": BOOL, "endConferenceOnExit": BOOL, "waitUrl": STR,
            "waitMethod": METHOD, "maxParticipants": Ty::Int(2, 250),
            "record": Ty::Enum(&["do-not-record", "record-from-start"]), "region": STR,
            "coach": STR, "trim": TRIM,
            "statusCallbackEvent": Ty::List(&["start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"]),
            "statusCallback": STR, "statusCallbackMethod": METHOD,
            "recordingStatusCallback": STR, "recordingStatusCallbackMethod": METHOD,
            "recordingStatusCallbackEvent": REC_EVENTS, "eventCallbackUrl": STR,
            "jitterBufferSize": Ty::Enum(&["large", "medium", "small", "off"]),
            "recordingConfigurationId": STR, "participantLabel": STR, "beepOnCustomerEntrance": BOOL, "coaching": BOOL, "callSidToCoach": STR,
        ],
    },
    Element {
        name: "Queue",
        children: &[],
        attrs: attrs!["url": STR, "method": METHOD, "reservationSid": STR, "postWorkActivitySid": STR],
    },
    Element {
        name: "Sim",
        children: &[],
        attrs: attrs![],
    },
    Element {
        name: "Application",
        children: &["ApplicationSid", "Parameter"],
        attrs: attrs!["url": STR, "method": METHOD, "statusCallbackEvent": CALL_EVENTS, "statusCallback": STR, "statusCallbackMethod": METHOD, "customerId": STR, "copyParentTo": BOOL],
    },
    Element {
        name: "Record",
        children: &[],
        attrs: attrs![
            "action": STR, "method": METHOD, "timeout": Ty::Int(0, 3600), "finishOnKey": Ty::Keys,
            "maxLength": Ty::Int(1, 14400), "playBeep": BOOL, "trim": TRIM,
            "recordingStatusCallback": STR, "recordingStatusCallbackMethod": METHOD,
            "recordingStatusCallbackEvent": REC_EVENTS, "storageUrl": STR, "storageUrlMethod": METHOD,
            "transcribe": BOOL, "transcribeCallback": STR, "recordingConfigurationId": STR,
        ],
    },
    Element {
        name: "Redirect",
        children: &[],
        attrs: attrs!["method": METHOD],
    },
    Element {
        name: "Hangup",
        children: &["Parameter"],
        attrs: attrs![],
    },
    Element {
        name: "Reject",
        children: &["Parameter"],
        attrs: attrs!["reason": Ty::Enum(&["rejected", "busy"])],
    },
    Element {
        name: "Enqueue",
        children: &["Task"],
        attrs: attrs!["action": STR, "maxQueueSize": Ty::Int(1, 5000), "method": METHOD, "waitUrl": STR, "waitUrlMethod": METHOD, "workflowSid": STR],
    },
    Element {
        name: "Leave",
        children: &[],
        attrs: attrs![],
    },
    Element {
        name: "Sms",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Message",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Connect",
        children: &[
            "Stream",
            "Room",
            "Conversation",
            "VirtualAgent",
            "Autopilot",
            "ConversationRelay",
            "ConversationRelaySession",
            "AiSession",
            "Assistant",
            "AI",
        ],
        attrs: attrs!["action": STR, "method": METHOD],
    },
    Element {
        name: "Start",
        children: &["Stream", "Siprec", "Transcription", "Recording", "Denoise"],
        attrs: attrs!["action": STR, "method": METHOD],
    },
    Element {
        name: "Stop",
        children: &["Stream", "Siprec", "Transcription", "Recording", "Denoise"],
        attrs: attrs![],
    },
    Element {
        name: "Stream",
        children: &["Parameter"],
        attrs: attrs![
            "name": STR, "connectorName": STR, "url": STR,
            "track": Ty::Enum(&["inbound_track", "outbound_track", "both_tracks"]),
            "statusCallback": STR, "statusCallbackMethod": METHOD,
        ],
    },
    Element {
        name: "Parameter",
        children: &[],
        attrs: attrs!["name": STR, "value": STR],
    },
    Element {
        name: "Identity",
        children: &[],
        attrs: attrs![],
    },
    Element {
        name: "ApplicationSid",
        children: &[],
        attrs: attrs![],
    },
    Element {
        name: "Task",
        children: &[],
        attrs: attrs!["priority": Ty::Int(0, 2147483647), "timeout": Ty::Int(1, 2147483647)],
    },
    Element {
        name: "Room",
        children: &[],
        attrs: attrs!["participantIdentity": STR],
    },
    Element {
        name: "Pay",
        children: &["Prompt", "Parameter"],
        attrs: None,
    },
    Element {
        name: "Prompt",
        children: &["Say", "Play", "Pause"],
        attrs: None,
    },
    Element {
        name: "Refer",
        children: &["Sip"],
        attrs: attrs!["action": STR, "method": METHOD],
    },
    Element {
        name: "Siprec",
        children: &["Parameter"],
        attrs: None,
    },
    Element {
        name: "Transcription",
        children: &["Config", "Parameter"],
        attrs: None,
    },
    Element {
        name: "Recording",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Conversation",
        children: &[],
        attrs: None,
    },
    Element {
        name: "VirtualAgent",
        children: &["Config", "Parameter"],
        attrs: None,
    },
    Element {
        name: "ConversationRelay",
        children: &["Language", "Parameter"],
        attrs: None,
    },
    Element {
        name: "Assistant",
        children: &["Language", "Parameter"],
        attrs: None,
    },
    Element {
        name: "Autopilot",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Config",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Headers",
        children: &["Header"],
        attrs: attrs![],
    },
    Element {
        name: "Header",
        children: &[],
        attrs: attrs!["name": STR, "value": STR],
    },
    Element {
        name: "Uri",
        children: &[],
        attrs: None,
    },
    Element {
        name: "AiSession",
        children: &[],
        attrs: None,
    },
    Element {
        name: "ConversationRelaySession",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Language",
        children: &[],
        attrs: None,
    },
    Element {
        name: "WhatsApp",
        children: &[],
        attrs: None,
    },
    // SignalWire cXML.
    Element {
        name: "Echo",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Denoise",
        children: &[],
        attrs: None,
    },
    Element {
        name: "AI",
        children: &[],
        attrs: None,
    },
    Element {
        name: "Verto",
        children: &[],
        attrs: None,
    },
];

/// An element by name; SSML elements are known (with any children among SSML and any
/// attributes).
pub fn element(name: &str) -> Option<&'static Element> {
    static SSML_ELEMENT: Element = Element {
        name: "ssml",
        children: SSML,
        attrs: None,
    };
    ELEMENTS
        .iter()
        .find(|e| e.name == name)
        .or_else(|| SSML.contains(&name).then_some(&SSML_ELEMENT))
}

/// Every element name, for suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    ELEMENTS.iter().map(|e| e.name).chain(SSML.iter().copied())
}

/// Whether `value` is of type `ty`; `Err` says what was expected.
pub fn check(ty: Ty, value: &str) -> Result<(), String> {
    let v = value.trim();
    let words = |set: &[&str]| crate::ncco::rules::quoted_list(set);
    let int = |min: u32, max: u32| match v.parse::<u64>() {
        Ok(n) if (u64::from(min)..=u64::from(max)).contains(&n) => Ok(()),
        Ok(_) => Err(format!("a whole number from {min} to {max}")),
        Err(_) => Err(format!("a whole number ({min} to {max})")),
    };
    match ty {
        Ty::Str => Ok(()),
        Ty::Bool => match v.to_ascii_lowercase().as_str() {
            "true" | "false" => Ok(()),
            _ => Err("`true` or `false`".into()),
        },
        Ty::Int(min, max) => int(min, max),
        Ty::Enum(set) => match set.iter().any(|s| s.eq_ignore_ascii_case(v)) {
            true => Ok(()),
            false => Err(format!("one of {}", words(set))),
        },
        Ty::List(set) => {
            let ok = !v.is_empty()
                && v.split([' ', ','])
                    .filter(|w| !w.is_empty())
                    .all(|w| set.iter().any(|s| s.eq_ignore_ascii_case(w)));
            match ok {
                true => Ok(()),
                false => Err(format!("space-separated words from {}", words(set))),
            }
        }
        Ty::Method => match v.to_ascii_uppercase().as_str() {
            "GET" | "POST" => Ok(()),
            _ => Err("`GET` or `POST`".into()),
        },
        Ty::Keys => match value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '#' || c == '*')
        {
            true => Ok(()),
            false => Err("keys from `0`-`9`, `#` and `*`".into()),
        },
        Ty::Key => match value.chars().count() <= 1
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || c == '#' || c == '*')
        {
            true => Ok(()),
            false => Err("one key: `0`-`9`, `#` or `*` (or empty for none)".into()),
        },
        Ty::SpeechTimeout => match v == "auto" || v.parse::<u32>().is_ok_and(|n| n >= 1) {
            true => Ok(()),
            false => Err("a whole number of seconds (1 or more) or `auto`".into()),
        },
    }
}
