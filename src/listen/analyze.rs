//! What a delivery is: its body's shape (JSON, form, text, bytes), the provider and event it
//! carries, fields its event needs but lacks, and how old it claims to be. Pure functions of
//! the request; no I/O, no state (duplicates live in `dedupe`).

use serde_json::Value;

use crate::finding::{Code, Finding, Location};
use crate::platform::{
    self, Contract, DefaultAnswer, Kind, Recognition, Seen, get_path, param, str_at,
};
use crate::webhook::{Headers, Provider};

/// The body, classified.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Empty,
    /// Valid JSON. The parsed value is not kept (it is cheap to parse again where it is
    /// shown, and freeing it here keeps the server's allocations on its own threads).
    Json,
    /// Declared (or shaped) as JSON, but it does not parse.
    InvalidJson(JsonError),
    /// `application/x-www-form-urlencoded` fields, in order, decoded.
    Form(Vec<(String, String)>),
    /// UTF-8 text that is neither JSON nor a form.
    Text,
    /// Bytes that are not UTF-8.
    Binary,
}

/// A JSON syntax error with its position (1-based line and column, never column 0).
pub type JsonError = crate::json_error::Located;

/// Where the provider was recognised from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderSource {
    /// Its signature headers.
    Headers,
    /// `--provider`.
    Flag,
    /// The payload's shape (unsigned deliveries).
    Payload,
}

impl ProviderSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderSource::Headers => "headers",
            ProviderSource::Flag => "flag",
            ProviderSource::Payload => "payload",
        }
    }
}

/// Everything recognised about one delivery's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub body: Body,
    pub provider: Option<Provider>,
    pub provider_from: Option<ProviderSource>,
    /// What the provider's platform recognised: event, event id, missing fields, problems,
    /// warnings and the event's own time.
    pub recognition: Recognition,
    /// Which of the platform's URLs it is for (`answer`, `event`, `voice`, `server`, …).
    pub kind: Kind,
    /// The reply the platform expects, when it expects one (an NCCO, TwiML, tool results).
    pub contract: Option<Contract>,
    /// The minimal reply that passes [`Analysis::contract`]: listen's default answer.
    pub default_answer: Option<DefaultAnswer>,
    /// The call it belongs to, as the platform names it.
    pub call_id: Option<String>,
}

/// How much a payload finding counts: an error fails the delivery, a warning only with
/// `--strict`.
pub use crate::finding::Severity;

/// A payload warning: what is wrong, and what the provider really sends.
pub use crate::platform::Warning;

impl Analysis {
    /// The payload findings, in order: invalid JSON (`listen.invalid_json`, at its line and
    /// column), each missing field (`listen.missing_field`, at its JSONPath), other problems
    /// (`listen.payload_problem`), then warnings with their hints (`listen.payload_shape`).
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Body::InvalidJson(e) = &self.body {
            out.push(
                Finding::error(
                    Code::LISTEN_INVALID_JSON,
                    format!("invalid JSON: {}", e.message),
                )
                .at(Location::LineCol {
                    line: e.line,
                    column: e.column,
                }),
            );
        }
        let event = self.recognition.event.as_deref().unwrap_or("the event");
        for m in &self.recognition.missing {
            let mut f = Finding::error(
                Code::LISTEN_MISSING_FIELD,
                format!("{event} lacks {}", m.replace('|', " or ")),
            );
            // A JSON payload's fields have a JSONPath (the first of `a|b` alternatives).
            if self.body == Body::Json {
                let first = m.split('|').next().unwrap_or(m);
                f = f.at(Location::JsonPath(format!("$.{first}")));
            }
            out.push(f);
        }
        out.extend(
            self.recognition
                .problems
                .iter()
                .map(|p| Finding::error(Code::LISTEN_PAYLOAD_PROBLEM, p.clone())),
        );
        out.extend(self.recognition.warnings.iter().map(|w| Finding {
            hint: w.hint.clone(),
            ..Finding::new(
                Code::LISTEN_PAYLOAD_SHAPE,
                Severity::Warning,
                w.message.clone(),
            )
        }));
        out
    }

    /// Whether the payload has an error: invalid JSON, a missing field, another problem.
    pub fn has_errors(&self) -> bool {
        matches!(self.body, Body::InvalidJson(_))
            || !self.recognition.missing.is_empty()
            || !self.recognition.problems.is_empty()
    }
}

/// The request parts analysis looks at.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub method: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a Headers,
    pub body: &'a [u8],
    /// The provider named by `--provider` or whose signature headers are present, if any.
    pub signed_by: Option<(Provider, ProviderSource)>,
    /// The request is for the `--answer-path`.
    pub answer_path: bool,
}

/// Classify the body and recognise the provider and event.
pub fn analyze(input: &Input<'_>) -> Analysis {
    let (body, value) = classify_parse(input.headers.get("content-type"), input.body);
    // Parameters: the form body, or the query of a body-less request (Vonage answer GETs).
    let query;
    let params: &[(String, String)] = match &body {
        Body::Form(f) => f,
        _ => {
            query = params_of(&body, input.query);
            &query
        }
    };
    let json = value.as_ref();
    let (provider, provider_from) = match input.signed_by {
        Some((p, source)) => (Some(p), Some(source)),
        None => match guess_provider(json, params, input) {
            Some(p) => (Some(p), Some(ProviderSource::Payload)),
            None => (None, None),
        },
    };
    let seen = Seen {
        method: input.method,
        params,
        json,
        answer_path: input.answer_path,
    };
    let contract = platform::contract(provider, &seen);
    Analysis {
        provider,
        provider_from,
        recognition: recognise(provider, &seen, input),
        kind: platform::kind(provider, &seen),
        contract,
        default_answer: contract.and_then(|c| platform::default_answer(c, &seen)),
        call_id: platform::call_id(provider, &seen),
        body,
    }
}

/// The parameters of a request: its form fields, or for a body-less one its query's.
pub(crate) fn params_of(body: &Body, query: Option<&str>) -> Vec<(String, String)> {
    match (body, query) {
        (Body::Form(f), _) => f.clone(),
        (Body::Empty, Some(q)) => form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Decide what the body is from its Content-Type and bytes (unit tests build bodies with it).
#[cfg(test)]
pub fn classify(content_type: Option<&str>, body: &[u8]) -> Body {
    classify_parse(content_type, body).0
}

/// [`classify`], and the parsed JSON value when the body is JSON.
pub(crate) fn classify_parse(content_type: Option<&str>, body: &[u8]) -> (Body, Option<Value>) {
    if body.is_empty() {
        return (Body::Empty, None);
    }
    let ct = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let declared_json = ct.contains("json");
    let shaped_json =
        matches!(first, Some(b'{') | Some(b'[')) && (ct.is_empty() || ct.starts_with("text/"));
    if declared_json || shaped_json {
        return match serde_json::from_slice::<Value>(body) {
            Ok(v) => (Body::Json, Some(v)),
            Err(e) => (Body::InvalidJson(crate::json_error::locate(&e, body)), None),
        };
    }
    if ct == "application/x-www-form-urlencoded" {
        return (
            Body::Form(
                form_urlencoded::parse(body)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            ),
            None,
        );
    }
    if std::str::from_utf8(body).is_ok() {
        (Body::Text, None)
    } else {
        (Body::Binary, None)
    }
}

/// Recognise an unsigned delivery's provider from the payload's shape.
fn guess_provider(
    json: Option<&Value>,
    params: &[(String, String)],
    input: &Input<'_>,
) -> Option<Provider> {
    if input.headers.contains("x-github-event") {
        return Some(Provider::Github);
    }
    if let Some(v) = json {
        if get_path(v, "message.type").is_some_and(Value::is_string) {
            return Some(Provider::Vapi);
        }
        if str_at(v, "event").is_some_and(|e| e.starts_with("dial.")) {
            return Some(Provider::Vogent);
        }
        if v.get("type").is_some_and(Value::is_string)
            && v.get("event_timestamp").is_some()
            && v.get("data").is_some_and(Value::is_object)
        {
            return Some(Provider::Elevenlabs);
        }
        if v.get("conversation_uuid").is_some()
            || v.get("conversation_uuid_from").is_some()
            || (input.answer_path && v.get("uuid").is_some())
        {
            return Some(Provider::Vonage);
        }
        if get_path(v, "call.call_state").is_some() {
            return Some(Provider::Signalwire);
        }
        if str_at(v, "id").is_some_and(|id| id.starts_with("evt_"))
            && v.get("object").and_then(Value::as_str) == Some("event")
        {
            return Some(Provider::Stripe);
        }
        return None;
    }
    if param(params, "CallSid").is_some()
        || param(params, "MessageSid").is_some()
        || param(params, "SmsSid").is_some()
    {
        let account = param(params, "AccountSid").unwrap_or("");
        return Some(if account.starts_with("AC") || account.is_empty() {
            Provider::Twilio
        } else {
            Provider::SignalwireCompat
        });
    }
    if param(params, "msisdn").is_some() {
        return Some(Provider::VonageSms);
    }
    if param(params, "conversation_uuid").is_some()
        || (input.answer_path && param(params, "uuid").is_some())
    {
        return Some(Provider::Vonage);
    }
    if input.answer_path {
        return Some(Provider::Vonage);
    }
    None
}

/// The event, event id, required fields and the event time: the platform's recognition
/// ([`platform::recognise`]), then the names any sender might use.
fn recognise(provider: Option<Provider>, seen: &Seen<'_>, input: &Input<'_>) -> Recognition {
    let mut r = Recognition::default();
    let (json, params) = (seen.json, seen.params);
    match provider {
        Some(Provider::Github) => {
            if let Some(e) = input.headers.get("x-github-event") {
                let action = json.and_then(|v| str_at(v, "action"));
                r.event = Some(match action {
                    Some(act) => format!("{e}.{act}"),
                    None => e.to_string(),
                });
            }
        }
        Some(p) => platform::recognise(p, &mut r, seen),
        None => {}
    }
    if r.event.is_none()
        && let Some(v) = json
    {
        r.event = generic_event(v);
    }
    if r.event.is_none() && !params.is_empty() {
        r.event = ["event", "type", "event_type", "CallStatus", "status"]
            .iter()
            .find_map(|k| param(params, k).map(str::to_string));
    }
    if r.event.is_none() && input.answer_path {
        r.event = Some("answer".into());
    }
    if r.event_id.is_none()
        && let Some(v) = json
    {
        r.event_id = ["id", "event_id", "eventId", "webhook_id"]
            .iter()
            .find_map(|k| str_at(v, k));
    }
    r
}

/// The event name of a JSON payload from an unknown sender: the seeds' `event`, `type`,
/// `event_type`, `eventType`, Vapi's `message.type`.
pub fn generic_event(v: &Value) -> Option<String> {
    platform::event_field(v).map(|(_, e)| e)
}

/// How far a timestamp is from now, when it is further than `window` seconds: a possible
/// replay (past) or a clock problem (future).
pub fn staleness(
    signed: Option<i64>,
    event_time: Option<(i64, &'static str)>,
    now: i64,
    window: u64,
) -> Option<String> {
    let (ts, what) = match (signed, event_time) {
        (Some(t), _) => (t, "signed"),
        (None, Some((t, field))) => (t, field),
        (None, None) => return None,
    };
    let age = now - ts;
    if age.unsigned_abs() <= window {
        return None;
    }
    let label = if what == "signed" {
        "signed".to_string()
    } else {
        format!("dated ({what})")
    };
    Some(if age > 0 {
        format!(
            "{label} {} ago: a stale delivery, possibly a replay or a late retry",
            crate::output::format::describe_age(age)
        )
    } else {
        format!(
            "{label} {} in the future: check the sender's clock",
            crate::output::format::describe_age(-age)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ct: &str, body: &str) -> Analysis {
        run_as(ct, body, None)
    }

    /// A POST to `/`, with `signed_by` as the signature check found it.
    fn run_as(ct: &str, body: &str, signed_by: Option<(Provider, ProviderSource)>) -> Analysis {
        let mut h = Headers::new();
        if !ct.is_empty() {
            h.push("Content-Type", ct);
        }
        analyze(&Input {
            method: "POST",
            query: None,
            headers: &h,
            body: body.as_bytes(),
            signed_by,
            answer_path: false,
        })
    }

    #[test]
    fn vapi_event_and_required_fields() {
        let a = run(
            "application/json",
            r#"{"message":{"type":"end-of-call-report","artifact":{}}}"#,
        );
        assert_eq!(a.provider, Some(Provider::Vapi));
        assert_eq!(a.recognition.event.as_deref(), Some("end-of-call-report"));
        assert_eq!(
            a.recognition.missing,
            vec!["message.endedReason", "message.analysis"]
        );
        let a = run(
            "application/json",
            r#"{"message":{"type":"status-update","status":"dancing"}}"#,
        );
        assert!(a.recognition.missing.is_empty());
        assert_eq!(a.recognition.problems.len(), 1);
        assert!(a.has_errors());
    }

    fn signed_by(provider: Provider, body: &str) -> Analysis {
        run_as(
            "application/json",
            body,
            Some((provider, ProviderSource::Headers)),
        )
    }

    #[test]
    fn shapes_a_provider_does_not_send_are_warnings_naming_the_real_event() {
        // (provider, body, the fixture the hint must name)
        let cases = [
            (
                Provider::Vapi,
                r#"{"type":"call.ended","call":{"id":"c"}}"#,
                "`call.ended` under `type` is a seed guide's event, not one Vapi sends",
                "Vapi sends `end-of-call-report` under `message.type`; see `whk fixtures show vapi/end-of-call-report`",
            ),
            (
                Provider::Vapi,
                r#"{"call":{"id":"c"}}"#,
                "not in a shape Vapi sends: the payload names no event under `message.type`",
                "Vapi sends `end-of-call-report` under `message.type`; see `whk fixtures show vapi/end-of-call-report`",
            ),
            (
                Provider::Vogent,
                r#"{"type":"dial.started","data":{"dialId":"d"}}"#,
                "`dial.started` under `type` is a seed guide's event, not one Vogent sends",
                "Vogent sends `dial.updated` under `event`, with `payload`; see `whk fixtures show vogent/dial.updated`",
            ),
            (
                Provider::Elevenlabs,
                r#"{"event_type":"voice.completed","timestamp":"t"}"#,
                "`voice.completed` under `event_type` is a seed guide's event, not one ElevenLabs sends",
                "ElevenLabs sends `post_call_transcription` under `type`, with `data`; see `whk fixtures show elevenlabs/post_call_transcription`",
            ),
            (
                Provider::Signalwire,
                r#"{"event_type":"call.completed","call_id":"c"}"#,
                "`call.completed` under `event_type` is a seed guide's event, not one SignalWire sends",
                "SignalWire sends `calling.call.state` under `event_type`, with `params`; see `whk fixtures show signalwire/calling.call.state.ended`",
            ),
            (
                Provider::Vonage,
                r#"{"type":"call.completed","uuid":"u"}"#,
                "`call.completed` under `type` is not in a shape Vonage sends",
                "Vonage sends `completed` as `status`, with `uuid` and `conversation_uuid`; see `whk fixtures show vonage/completed`",
            ),
            (
                Provider::Twilio,
                r#"{"event":"call.completed"}"#,
                "`call.completed` under `event` is not in a shape Twilio sends",
                "Twilio sends `completed` as form fields (`CallStatus`, with `CallSid`); see `whk fixtures show twilio/status.completed`",
            ),
            (
                Provider::Stripe,
                r#"{"type":"payment_intent.succeeded"}"#,
                "`payment_intent.succeeded` under `type` is not in a shape Stripe sends",
                "Stripe sends `payment_intent.succeeded` under `type`, in an `\"object\": \"event\"` with `data.object`; see `whk fixtures show stripe/payment_intent.succeeded`",
            ),
        ];
        for (provider, body, message, hint) in cases {
            let a = signed_by(provider, body);
            assert!(
                a.recognition.missing.is_empty() && a.recognition.problems.is_empty(),
                "{body}: {a:?}"
            );
            assert_eq!(
                a.recognition.warnings,
                vec![Warning {
                    message: message.into(),
                    hint: Some(hint.into())
                }],
                "{body}"
            );
            assert!(!a.has_errors());
        }
        let a = signed_by(Provider::Standard, r#"{"type":"user.created"}"#);
        assert_eq!(a.recognition.event.as_deref(), Some("user.created"));
        assert!(
            a.recognition.warnings[0]
                .message
                .ends_with("no `timestamp`, `data`"),
            "{a:?}"
        );
    }

    #[test]
    fn real_shapes_have_no_warnings_and_recognised_events_keep_their_errors() {
        for (provider, body) in [
            (Provider::Vapi, r#"{"message":{"type":"hang"}}"#),
            (
                Provider::Vogent,
                r#"{"event":"dial.created","payload":{"dial_session_id":"s","dial_id":"d"}}"#,
            ),
            (Provider::Vogent, r#"{"dial_id":"d","params":{}}"#),
            (
                Provider::Elevenlabs,
                r#"{"type":"call_initiation_failure","event_timestamp":1,"data":{}}"#,
            ),
            (
                Provider::Signalwire,
                r#"{"event_type":"calling.call.state","params":{}}"#,
            ),
            (
                Provider::Signalwire,
                r#"{"call":{"call_id":"c","call_state":"created"}}"#,
            ),
            // SignalWire's other JSON (SWAIG, post_prompt) names no event: not ours to judge.
            (
                Provider::Signalwire,
                r#"{"function":"lookup","argument":{}}"#,
            ),
            (
                Provider::Vonage,
                r#"{"reason":"bad NCCO","conversation_uuid":"CON-1","timestamp":"2026-11-24T05:00:00.000Z"}"#,
            ),
            (
                Provider::Vonage,
                r#"{"conversation_uuid":"CON-1","type":"record","recording_uuid":"r","status":"transcribed","transcription_url":"https://x"}"#,
            ),
            (
                Provider::Twilio,
                r#"{"type":"com.twilio.voice.status-callback.call.completed"}"#,
            ),
            (
                Provider::Stripe,
                r#"{"id":"evt_1","object":"event","type":"x.y","data":{"object":{}}}"#,
            ),
            (
                Provider::Standard,
                r#"{"type":"user.created","timestamp":"t","data":{}}"#,
            ),
        ] {
            let a = signed_by(provider, body);
            assert!(
                a.recognition.warnings.is_empty() && !a.has_errors(),
                "{provider:?} {body}: {a:?}"
            );
        }
        // A recognised event without a field it needs is still an error.
        let a = signed_by(Provider::Vapi, r#"{"message":{"type":"status-update"}}"#);
        assert_eq!(a.recognition.missing, vec!["message.status"]);
        assert!(a.recognition.warnings.is_empty() && a.has_errors());
        let a = signed_by(
            Provider::Stripe,
            r#"{"id":"evt_1","object":"event","type":"x"}"#,
        );
        assert_eq!(a.recognition.missing, vec!["data.object"]);
        let a = signed_by(Provider::Stripe, r#"{"id":"evt_1","type":"x","data":{}}"#);
        assert_eq!(a.recognition.missing, vec!["object", "data.object"]);
        let a = signed_by(
            Provider::Elevenlabs,
            r#"{"type":"post_call_audio","data":{}}"#,
        );
        assert_eq!(a.recognition.missing.len(), 3);
        let a = signed_by(
            Provider::Elevenlabs,
            r#"{"type":"post_call_transcription","event_timestamp":1}"#,
        );
        assert_eq!(a.recognition.missing.len(), 4);
        assert!(a.recognition.warnings.is_empty());
    }

    #[test]
    fn findings_carry_their_severity() {
        let mut a = signed_by(Provider::Vapi, r#"{"type":"call.ended"}"#);
        a.recognition.problems.push("p".into());
        a.recognition
            .missing
            .push("message.call.id|message.callId".into());
        let f = a.findings();
        assert_eq!(f[0].code, Code::LISTEN_MISSING_FIELD);
        assert_eq!(
            f[0].location,
            Some(Location::JsonPath("$.message.call.id".into()))
        );
        assert!(
            f[0].message
                .ends_with("lacks message.call.id or message.callId")
        );
        assert_eq!(f[1], Finding::error(Code::LISTEN_PAYLOAD_PROBLEM, "p"));
        assert_eq!(f[2].code, Code::LISTEN_PAYLOAD_SHAPE);
        assert_eq!(f[2].severity, Severity::Warning);
        assert!(f[2].hint.is_some());
        let bad = run("application/json", "{\n  \"b\" 2\n}");
        assert_eq!(
            bad.findings()[0].location,
            Some(Location::LineCol { line: 2, column: 7 })
        );
    }

    #[test]
    fn json_errors_have_positions() {
        let a = run("application/json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
        match a.body {
            Body::InvalidJson(e) => {
                assert_eq!((e.line, e.column), (3, 7));
                assert!(!e.message.contains("line"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn forms_are_recognised() {
        let a = run(
            "application/x-www-form-urlencoded",
            "AccountSid=AC1&CallSid=CA1&CallStatus=ringing&From=%2B1555",
        );
        assert_eq!(a.provider, Some(Provider::Twilio));
        assert_eq!(a.recognition.event.as_deref(), Some("ringing"));
        assert!(matches!(a.body, Body::Form(ref f) if f[3].1 == "+1555"));
        let a = run(
            "application/x-www-form-urlencoded",
            "msisdn=447700900001&to=447700900000&messageId=0A1&text=Hi&type=text",
        );
        assert_eq!(a.provider, Some(Provider::VonageSms));
        assert_eq!(a.recognition.event.as_deref(), Some("inbound-sms"));
    }

    #[test]
    fn seeds_and_other_shapes() {
        let a = run(
            "application/json",
            r#"{"event":"call.completed","callId":"c1"}"#,
        );
        assert_eq!(a.provider, None);
        assert_eq!(a.recognition.event.as_deref(), Some("call.completed"));
        let a = run(
            "application/json",
            r#"{"from":"447700900000","to":"447700900001","uuid":"u","conversation_uuid":"CON-1","status":"completed","timestamp":"2026-11-24T05:01:02.000Z"}"#,
        );
        assert_eq!(a.provider, Some(Provider::Vonage));
        assert_eq!(a.recognition.event.as_deref(), Some("completed"));
        assert!(a.recognition.event_time.is_some());
        let a = run(
            "application/json",
            r#"{"type":"post_call_transcription","event_timestamp":1,"data":{"agent_id":"a","conversation_id":"c","status":"done"}}"#,
        );
        assert_eq!(a.provider, Some(Provider::Elevenlabs));
        assert_eq!(a.recognition.missing, vec!["data.transcript"]);
        assert_eq!(
            a.recognition.event_id.as_deref(),
            Some("c/post_call_transcription")
        );
    }

    #[test]
    fn bodies_that_are_not_json() {
        assert_eq!(run("text/plain", "hello").body, Body::Text);
        assert_eq!(run("", "").body, Body::Empty);
        let h = Headers::new();
        let a = analyze(&Input {
            method: "POST",
            query: None,
            headers: &h,
            body: &[0xff, 0xfe, 0x00],
            signed_by: None,
            answer_path: false,
        });
        assert_eq!(a.body, Body::Binary);
    }

    #[test]
    fn vonage_answer_get() {
        let h = Headers::new();
        let a = analyze(&Input {
            method: "GET",
            query: Some("to=447700900000&from=447700900001&uuid=abc&conversation_uuid=CON-1"),
            headers: &h,
            body: b"",
            signed_by: None,
            answer_path: true,
        });
        assert_eq!(a.provider, Some(Provider::Vonage));
        assert_eq!(a.recognition.event.as_deref(), Some("answer"));
        assert!(
            a.recognition.missing.is_empty(),
            "{:?}",
            a.recognition.missing
        );
    }

    #[test]
    fn stale_timestamps() {
        assert!(staleness(Some(1000), None, 1000 + 301, 300).is_some());
        assert!(staleness(Some(1000), None, 1000 + 299, 300).is_none());
        assert!(
            staleness(None, Some((5000, "timestamp")), 1000, 300)
                .unwrap()
                .contains("future")
        );
        assert!(staleness(None, None, 1000, 300).is_none());
    }
}
