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

/// The TwiML reply contract: the reply linted by `whk twiml lint` (well-formed XML, `<Response>`
/// root, known verbs and nouns in allowed places, attribute types and enums) with its
/// Content-Type (TWIML014). One `contract.twiml` finding per lint error, naming the rule's
/// code and the position; warnings are `whk twiml lint`'s to show.
pub fn check_twiml(content_type: Option<&str>, body: &[u8]) -> Vec<Finding> {
    let err = |m: String| Finding::error(Code::CONTRACT_TWIML, m);
    if body.trim_ascii().is_empty() {
        return vec![err(
            "the answer is empty, expected TwiML (<Response>…</Response>)".into(),
        )];
    }
    // Leading blank lines before `<?xml …?>` are forgiven (as Twilio's parser does); positions
    // still count them.
    let start = body.len() - body.trim_ascii_start().len();
    let (skipped, doc) = match body[start..].starts_with(b"<?xml") {
        true => body.split_at(start),
        false => (&b""[..], body),
    };
    let lines = skipped.iter().filter(|b| **b == b'\n').count();
    let cols = skipped.iter().rev().take_while(|b| **b != b'\n').count();
    crate::twiml::lint_reply(content_type, doc)
        .into_iter()
        .filter(|d| d.severity == crate::twiml::Severity::Error)
        .map(|d| {
            let line = d.line + lines;
            let column = if d.line == 1 {
                d.column + cols
            } else {
                d.column
            };
            let (at, loc) = match d.code {
                "TWIML014" => (String::new(), None),
                _ => (
                    format!(" at {line}:{column}"),
                    Some(Location::LineCol { line, column }),
                ),
            };
            let mut f = err(format!("TwiML: {} {}{at}", d.code, d.message));
            f.location = loc;
            f.hint = d.help;
            f
        })
        .collect()
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
        assert!(ok("\n  <?xml version=\"1.0\"?><Response/>").is_empty());
        assert_eq!(
            ok("<Response><Say>Hi</Response>"),
            ["TwiML: TWIML001 not well-formed XML: expected 'Say' tag, not 'Response' at 1:18"]
        );
        assert_eq!(
            ok("<Response>\n  <Sya>Hi</Sya>\n</Response>"),
            ["TwiML: TWIML004 unknown element <Sya> (did you mean <Say>?) at 2:3"]
        );
        assert_eq!(
            ok("<Responce><Say>Hi</Say></Responce>"),
            ["TwiML: TWIML003 the root element is <Responce>, expected <Response> at 1:1"]
        );
        assert_eq!(
            ok("<Response><Gather><Dial/></Gather></Response>"),
            ["TwiML: TWIML005 <Dial> is not allowed inside <Gather> at 1:19"]
        );
        assert_eq!(
            messages(check_twiml(Some("application/json"), b"<Response/>")),
            ["TwiML: TWIML014 Content-Type application/json, expected text/xml or application/xml"]
        );
        assert_eq!(check_twiml(None, b"  ").len(), 1);
        assert_eq!(
            check_twiml(
                Some("text/xml"),
                b"\n<?xml version=\"1.0\"?>\n<Response>\n  <Sya>Hi</Sya>\n</Response>"
            )[0]
            .location,
            Some(Location::LineCol { line: 4, column: 3 })
        );
        let d = default_answer();
        assert!(check_twiml(Some(d.content_type), &d.body).is_empty());
    }
}
