//! Twilio Programmable Voice, and SignalWire's compatibility API (cXML, the same requests and
//! replies): the voice URL (the reply is TwiML), status callbacks (call, recording,
//! transcription, AMD, messages) and verbs' `action` URLs (`<Gather>`, `<Dial>`, `<Record>`,
//! whose replies are TwiML too).

use crate::finding::{Code, Finding, Location};

use super::{Contract, DefaultAnswer, Kind, Recognition, Seen, Sends, param, require_params};

/// The shipped fixture of each kind (Twilio).
#[cfg(test)]
pub const SAMPLES: &[(Kind, &str)] = &[
    (Kind::Voice, "twilio/voice"),
    (Kind::Status, "twilio/status.completed"),
    (Kind::Action, "twilio/gather.digits"),
];

/// The shipped fixture of each kind (SignalWire's compatibility API).
#[cfg(test)]
pub const SAMPLES_COMPAT: &[(Kind, &str)] = &[
    (Kind::Voice, "signalwire-compat/voice"),
    (Kind::Status, "signalwire-compat/status.completed"),
    (Kind::Action, "signalwire-compat/gather.digits"),
];

pub(crate) const TWILIO: Sends = Sends {
    provider: "Twilio",
    layout: "as form fields (`CallStatus`, with `CallSid`)",
    event: "completed",
    fixture: "twilio/status.completed",
    seeds: &[],
    unnamed: false,
};

pub(crate) const SIGNALWIRE_COMPAT: Sends = Sends {
    provider: "SignalWire's compatibility API",
    layout: "as form fields (`CallStatus`, with `CallSid`)",
    event: "completed",
    fixture: "signalwire-compat/status.completed",
    seeds: &[],
    unnamed: false,
};

/// Fields only status callbacks carry.
const STATUS_FIELDS: &[&str] = &[
    "CallbackSource",
    "SequenceNumber",
    "RecordingStatus",
    "TranscriptionStatus",
    "MessageStatus",
    "SmsStatus",
    "AnsweredBy",
    "CallDuration",
];

/// Fields only verbs' action requests carry.
const ACTION_FIELDS: &[&str] = &[
    "Digits",
    "SpeechResult",
    "DialCallStatus",
    "DialCallSid",
    "RecordingUrl",
];

pub fn kind(seen: &Seen<'_>) -> Kind {
    let has = |names: &[&str]| names.iter().any(|n| param(seen.params, n).is_some());
    if seen.json.is_some() || has(STATUS_FIELDS) {
        Kind::Status
    } else if has(ACTION_FIELDS) {
        Kind::Action
    } else if param(seen.params, "CallSid").is_some() {
        Kind::Voice
    } else {
        Kind::Webhook
    }
}

pub fn call_id(seen: &Seen<'_>) -> Option<String> {
    param(seen.params, "CallSid").map(str::to_string)
}

/// Voice and action requests are answered with TwiML.
pub fn contract(seen: &Seen<'_>) -> Option<Contract> {
    matches!(kind(seen), Kind::Voice | Kind::Action).then_some(Contract::Twiml)
}

pub fn recognise(r: &mut Recognition, params: &[(String, String)]) {
    for key in [
        "CallStatus",
        "RecordingStatus",
        "TranscriptionStatus",
        "MessageStatus",
        "SmsStatus",
    ] {
        if let Some(s) = param(params, key) {
            r.event = Some(s.to_string());
            if key == "CallStatus" {
                require_params(r, params, &["CallSid", "AccountSid"]);
            }
            return;
        }
    }
    if param(params, "AnsweredBy").is_some() {
        // Answering machine detection (asyncAmd) callbacks carry no CallStatus.
        r.event = Some("amd".into());
        require_params(r, params, &["CallSid", "AccountSid"]);
    }
}

/// `<Response><Say>…</Say></Response>` as `text/xml`.
pub fn default_answer() -> DefaultAnswer {
    DefaultAnswer {
        content_type: "text/xml",
        body: format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>{}</Say></Response>",
            super::SPOKEN
        )
        .into_bytes(),
    }
}

/// TwiML verbs directly under `<Response>` (Twilio's, and SignalWire cXML's own).
const VERBS: &[&str] = &[
    "Say", "Play", "Pause", "Gather", "Dial", "Record", "Redirect", "Hangup", "Reject", "Enqueue",
    "Leave", "Sms", "Message", "Connect", "Start", "Stop", "Pay", "Refer", "Echo", "Denoise",
];

/// What each verb may hold (verbs not listed hold text only).
const NOUNS: &[(&str, &[&str])] = &[
    ("Gather", &["Say", "Play", "Pause"]),
    (
        "Dial",
        &[
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
    ),
    (
        "Connect",
        &[
            "Stream",
            "Room",
            "Conversation",
            "VirtualAgent",
            "Autopilot",
            "ConversationRelay",
            "Assistant",
            "AI",
            "Parameter",
        ],
    ),
    (
        "Start",
        &["Stream", "Siprec", "Transcription", "Recording", "Denoise"],
    ),
    (
        "Stop",
        &["Stream", "Siprec", "Transcription", "Recording", "Denoise"],
    ),
    ("Pay", &["Prompt", "Parameter"]),
    ("Refer", &["Sip"]),
    (
        "Say",
        &[
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
        ],
    ),
];

/// Well-formed TwiML: XML whose root is `<Response>`, holding known verbs (and each verb
/// only the nouns it takes), served as XML.
pub fn check_twiml(content_type: Option<&str>, body: &[u8]) -> Vec<Finding> {
    let err = |m: String| Finding::error(Code::CONTRACT_TWIML, m);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t.trim(),
        Err(_) => return vec![err("TwiML: the answer is not UTF-8 text".into())],
    };
    if text.is_empty() {
        return vec![err(
            "the answer is empty, expected TwiML (<Response>…</Response>)".into(),
        )];
    }
    let mut why = Vec::new();
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if !ct.contains("xml") {
            why.push(err(format!(
                "TwiML: Content-Type {ct}, expected text/xml or application/xml"
            )));
        }
    }
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let p = e.pos();
            why.push(
                err(format!("TwiML: not well-formed XML: {e}")).at(Location::LineCol {
                    line: p.row as usize,
                    column: p.col as usize,
                }),
            );
            return why;
        }
    };
    let root = doc.root_element();
    // A node's position: in the message as `line:column`, and as the finding's location.
    let at = |n: roxmltree::Node<'_, '_>| {
        let p = doc.text_pos_at(n.range().start);
        (
            format!("{}:{}", p.row, p.col),
            Location::LineCol {
                line: p.row as usize,
                column: p.col as usize,
            },
        )
    };
    if root.tag_name().name() != "Response" {
        let (pos, loc) = at(root);
        why.push(
            err(format!(
                "TwiML: the root element is <{}> at {pos}, expected <Response>",
                root.tag_name().name(),
            ))
            .at(loc),
        );
        return why;
    }
    for verb in root.children().filter(roxmltree::Node::is_element) {
        let name = verb.tag_name().name();
        if !VERBS.contains(&name) {
            let (pos, loc) = at(verb);
            why.push(err(format!("TwiML: unknown verb <{name}> at {pos}")).at(loc));
            continue;
        }
        let allowed = NOUNS.iter().find(|(v, _)| *v == name).map(|(_, n)| *n);
        for noun in verb.children().filter(roxmltree::Node::is_element) {
            let n = noun.tag_name().name();
            if !allowed.is_some_and(|a| a.contains(&n)) {
                let (pos, loc) = at(noun);
                why.push(
                    err(format!(
                        "TwiML: <{n}> at {pos} is not something <{name}> takes"
                    ))
                    .at(loc),
                );
            }
        }
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twiml_contract() {
        let messages = |f: Vec<Finding>| f.into_iter().map(|f| f.message).collect::<Vec<_>>();
        let ok = |b: &str| messages(check_twiml(Some("text/xml"), b.as_bytes()));
        assert!(ok("<Response><Say>Hi</Say></Response>").is_empty());
        assert!(ok("<?xml version=\"1.0\"?>\n<Response><Gather input=\"dtmf\"><Say>Press 1</Say></Gather><Dial><Number>+15550100</Number></Dial></Response>").is_empty());
        assert!(ok("<Response/>").is_empty());
        assert_eq!(
            ok("<Response><Say>Hi</Response>"),
            ["TwiML: not well-formed XML: expected 'Say' tag, not 'Response' at 1:18"]
        );
        assert_eq!(
            ok("<Response>\n  <Sya>Hi</Sya>\n</Response>"),
            ["TwiML: unknown verb <Sya> at 2:3"]
        );
        assert_eq!(
            ok("<Responce><Say>Hi</Say></Responce>"),
            ["TwiML: the root element is <Responce> at 1:1, expected <Response>"]
        );
        assert_eq!(
            ok("<Response><Gather><Dial/></Gather></Response>"),
            ["TwiML: <Dial> at 1:19 is not something <Gather> takes"]
        );
        assert_eq!(
            messages(check_twiml(Some("application/json"), b"<Response/>")),
            ["TwiML: Content-Type application/json, expected text/xml or application/xml"]
        );
        assert_eq!(check_twiml(None, b"  ").len(), 1);
        assert_eq!(
            check_twiml(
                Some("text/xml"),
                b"<Response>\n  <Sya>Hi</Sya>\n</Response>"
            )[0]
            .location,
            Some(Location::LineCol { line: 2, column: 3 })
        );
        let d = default_answer();
        assert!(check_twiml(Some(d.content_type), &d.body).is_empty());
    }
}
