//! What a delivery is: its body's shape (JSON, form, text, bytes), the provider and event it
//! carries, fields its event needs but lacks, and how old it claims to be. Pure functions of
//! the request; no I/O, no state (duplicates live in `dedupe`).

use serde_json::Value;

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

impl Body {
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Empty => "empty",
            Body::Json => "json",
            Body::InvalidJson(_) => "invalid_json",
            Body::Form(_) => "form",
            Body::Text => "text",
            Body::Binary => "binary",
        }
    }
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
    /// The event type as the provider names it (`end-of-call-report`, `dial.updated`,
    /// `completed`, `ringing`, `answer`).
    pub event: Option<String>,
    /// The event's own id, when the payload carries one (Stripe `id`, ElevenLabs conversation).
    pub event_id: Option<String>,
    /// Fields the event needs that are absent or null (dotted paths, `a|b` = either).
    pub missing: Vec<String>,
    /// Other payload problems (an unknown status value, a non-object payload).
    pub problems: Vec<String>,
    /// Payload warnings: a shape the provider does not send (a seed guide's invented event,
    /// Vapi without `message.type`). Errors (`missing`, `problems`) fail the delivery;
    /// warnings only do with `--strict`.
    pub warnings: Vec<Warning>,
    /// The event's own timestamp (unix seconds) and the field it came from.
    pub event_time: Option<(i64, &'static str)>,
}

/// How much a payload finding counts: an error fails the delivery, a warning only with
/// `--strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A payload warning: what is wrong, and what the provider really sends.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Analysis {
    /// The payload findings that are messages, with their severity: problems (errors), then
    /// warnings with their hints. Invalid JSON and missing fields have their own shapes
    /// (`body`, `missing`).
    pub fn findings(&self) -> impl Iterator<Item = (Severity, &str, Option<&str>)> {
        self.problems
            .iter()
            .map(|p| (Severity::Error, p.as_str(), None))
            .chain(
                self.warnings
                    .iter()
                    .map(|w| (Severity::Warning, w.message.as_str(), w.hint.as_deref())),
            )
    }

    /// Whether the payload has an error: invalid JSON, a missing field, another problem.
    pub fn has_errors(&self) -> bool {
        matches!(self.body, Body::InvalidJson(_))
            || !self.missing.is_empty()
            || !self.problems.is_empty()
    }
}

/// The request parts analysis looks at.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub method: &'a str,
    pub path: &'a str,
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
    let query: Vec<(String, String)> = input
        .query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    // Parameters: the form body, or the query of a body-less request (Vonage answer GETs).
    let params: &[(String, String)] = match &body {
        Body::Form(f) => f,
        Body::Empty => &query,
        _ => &[],
    };
    let json = value.as_ref();
    let (provider, provider_from) = match input.signed_by {
        Some((p, source)) => (Some(p), Some(source)),
        None => match guess_provider(json, params, input) {
            Some(p) => (Some(p), Some(ProviderSource::Payload)),
            None => (None, None),
        },
    };
    let mut a = Analysis {
        body: Body::Empty,
        provider,
        provider_from,
        event: None,
        event_id: None,
        missing: Vec::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        event_time: None,
    };
    recognise(&mut a, json, params, input);
    a.body = body;
    a
}

/// Decide what the body is from its Content-Type and bytes.
pub fn classify(content_type: Option<&str>, body: &[u8]) -> Body {
    classify_parse(content_type, body).0
}

/// [`classify`], and the parsed JSON value when the body is JSON.
fn classify_parse(content_type: Option<&str>, body: &[u8]) -> (Body, Option<Value>) {
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

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn get_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, key| cur.get(key))
}

fn str_at(v: &Value, path: &str) -> Option<String> {
    match get_path(v, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
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

/// Fill in event, event id, required fields and the event time.
fn recognise(
    a: &mut Analysis,
    json: Option<&Value>,
    params: &[(String, String)],
    input: &Input<'_>,
) {
    let provider = a.provider;
    match (provider, json) {
        (Some(Provider::Vapi) | Some(Provider::VapiSecret), Some(v)) => vapi(a, v),
        (Some(Provider::Vogent), Some(v)) => vogent(a, v),
        (Some(Provider::Elevenlabs), Some(v)) => elevenlabs(a, v),
        (Some(Provider::Vonage), _) => vonage(a, json, params, input),
        (Some(Provider::VonageSms), _) => vonage_sms(a, json, params),
        (Some(Provider::Twilio) | Some(Provider::SignalwireCompat), None) => twilio(a, params),
        (Some(Provider::Signalwire), Some(v)) => signalwire(a, v),
        (Some(Provider::Twilio), Some(v)) => foreign(a, v, &TWILIO),
        (Some(Provider::SignalwireCompat), Some(v)) => foreign(a, v, &SIGNALWIRE_COMPAT),
        (Some(Provider::Stripe), Some(v)) => stripe(a, v),
        (Some(Provider::Standard), Some(v)) => standard(a, v),
        (Some(Provider::Github), _) => {
            if let Some(e) = input.headers.get("x-github-event") {
                let action = json.and_then(|v| str_at(v, "action"));
                a.event = Some(match action {
                    Some(act) => format!("{e}.{act}"),
                    None => e.to_string(),
                });
            }
        }
        _ => {}
    }
    if a.event.is_none()
        && let Some(v) = json
    {
        a.event = generic_event(v);
    }
    if a.event.is_none() && !params.is_empty() {
        a.event = ["event", "type", "event_type", "CallStatus", "status"]
            .iter()
            .find_map(|k| param(params, k).map(str::to_string));
    }
    if a.event.is_none() && input.answer_path {
        a.event = Some("answer".into());
    }
    if a.event_id.is_none()
        && let Some(v) = json
    {
        a.event_id = ["id", "event_id", "eventId", "webhook_id"]
            .iter()
            .find_map(|k| str_at(v, k));
    }
}

/// The event name of a JSON payload from an unknown sender: the seeds' `event`, `type`,
/// `event_type`, `eventType`, Vapi's `message.type`.
pub fn generic_event(v: &Value) -> Option<String> {
    event_field(v).map(|(_, e)| e)
}

/// [`generic_event`] and the field it was found in.
fn event_field(v: &Value) -> Option<(&'static str, String)> {
    ["event", "type", "event_type", "eventType", "message.type"]
        .into_iter()
        .find_map(|k| match get_path(v, k) {
            Some(Value::String(s)) => Some((k, s.clone())),
            _ => None,
        })
}

/// Record every required path that is absent or null. `a|b` means either will do.
fn require(a: &mut Analysis, v: &Value, paths: &[&str]) {
    for p in paths {
        let present = p
            .split('|')
            .any(|alt| get_path(v, alt).is_some_and(|x| !x.is_null()));
        if !present {
            a.missing.push(p.to_string());
        }
    }
}

fn require_params(a: &mut Analysis, params: &[(String, String)], names: &[&str]) {
    for n in names {
        if !n.split('|').any(|alt| param(params, alt).is_some()) {
            a.missing.push(n.to_string());
        }
    }
}

const VAPI_STATUSES: &[&str] = &[
    "scheduled",
    "queued",
    "ringing",
    "in-progress",
    "forwarding",
    "ended",
    "not-found",
    "deletion-failed",
];

fn vapi(a: &mut Analysis, v: &Value) {
    let Some(t) = str_at(v, "message.type") else {
        foreign(a, v, &VAPI);
        return;
    };
    let fields: &[&str] = match t.as_str() {
        "end-of-call-report" => &[
            "message.endedReason",
            "message.artifact",
            "message.analysis",
        ],
        "status-update" => &["message.status"],
        "tool-calls" => &["message.toolCallList", "message.toolWithToolCallList"],
        "transcript" | "transcript[transcriptType=\"final\"]" => &[
            "message.role",
            "message.transcriptType",
            "message.transcript",
        ],
        _ => &[],
    };
    require(a, v, fields);
    if t == "status-update"
        && let Some(s) = str_at(v, "message.status")
        && !VAPI_STATUSES.contains(&s.as_str())
    {
        a.problems.push(format!(
            "message.status {s:?} is not a Vapi status ({})",
            VAPI_STATUSES.join(", ")
        ));
    }
    if let Some(Value::Number(n)) = get_path(v, "message.timestamp")
        && let Some(ts) = n.as_i64()
    {
        // Vapi sends milliseconds; accept seconds too.
        let secs = if ts > 100_000_000_000 { ts / 1000 } else { ts };
        a.event_time = Some((secs, "message.timestamp"));
    }
    a.event = Some(t);
}

fn vogent(a: &mut Analysis, v: &Value) {
    let Some(e) = str_at(v, "event") else {
        if v.get("dial_id").is_some() && v.get("params").is_some() {
            a.event = Some("function-call".into());
        } else {
            foreign(a, v, &VOGENT);
        }
        return;
    };
    let fields: &[&str] = match e.as_str() {
        "dial.created" => &["payload.dial_session_id", "payload.dial_id"],
        "dial.inbound" => &[
            "payload.dial_session_id",
            "payload.dial_id",
            "payload.dest_number_id",
            "payload.call_agent_id",
            "payload.source_number",
        ],
        "dial.updated" => &[
            "payload.dial_session_id",
            "payload.dial_id",
            "payload.status",
        ],
        "dial.recording_created" => &["payload.dial_id", "payload.recording_url"],
        "dial.extractor" => &["payload.dial_id", "payload.ai_result"],
        "dial.transcript" => &["payload.dial_id", "payload.transcript"],
        _ => &[],
    };
    require(a, v, fields);
    a.event = Some(e);
}

/// The webhooks ElevenLabs sends (all post-call).
const ELEVENLABS_EVENTS: &[&str] = &[
    "post_call_transcription",
    "post_call_audio",
    "call_initiation_failure",
];

fn elevenlabs(a: &mut Analysis, v: &Value) {
    let t = str_at(v, "type");
    // Its own event names are recognised even without `data` (then the fields are missing);
    // other names must come in its `{type, data}` shape.
    let recognised = t.as_deref().is_some_and(|t| ELEVENLABS_EVENTS.contains(&t))
        || (t.is_some() && v.get("data").is_some_and(Value::is_object));
    let (Some(t), true) = (t, recognised) else {
        foreign(a, v, &ELEVENLABS);
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
    require(a, v, fields);
    if let Some(conv) = str_at(v, "data.conversation_id") {
        // One post-call webhook of each type per conversation: a natural idempotency key.
        a.event_id = Some(format!("{conv}/{t}"));
    }
    a.event = Some(t);
}

fn vonage(a: &mut Analysis, json: Option<&Value>, params: &[(String, String)], input: &Input<'_>) {
    if let Some(v) = json {
        let status = str_at(v, "status");
        let looks_like_answer = status.is_none()
            && v.get("uuid").is_some()
            && v.get("to").is_some()
            && v.get("dtmf").is_none()
            && v.get("speech").is_none();
        if input.answer_path || looks_like_answer {
            a.event = Some("answer".into());
            require(a, v, &["uuid", "conversation_uuid", "to", "from|from_user"]);
        } else if let Some(s) = status {
            match s.as_str() {
                "human" | "machine" => require(a, v, &["call_uuid|uuid", "conversation_uuid"]),
                // Transcription callbacks name the recording, not the call leg.
                "transcribed" => require(a, v, &["conversation_uuid", "transcription_url"]),
                _ => require(a, v, &["uuid|call_uuid", "conversation_uuid", "timestamp"]),
            }
            a.event = Some(s);
        } else if v.get("conversation_uuid_from").is_some() {
            a.event = Some("transfer".into());
        } else if v.get("dtmf").is_some() || v.get("speech").is_some() {
            a.event = Some("input".into());
            require(a, v, &["conversation_uuid"]);
        } else if v.get("recording_url").is_some() {
            a.event = Some("record".into());
            require(a, v, &["recording_url", "conversation_uuid"]);
        } else if v.get("reason").is_some() && v.get("conversation_uuid").is_some() {
            a.event = Some("error".into());
        } else {
            foreign(a, v, &VONAGE);
        }
        if let Some(ts) = str_at(v, "timestamp")
            && let Ok(t) = ts.parse::<jiff::Timestamp>()
        {
            a.event_time = Some((t.as_second(), "timestamp"));
        }
        return;
    }
    if input.answer_path || (param(params, "uuid").is_some() && param(params, "status").is_none()) {
        a.event = Some("answer".into());
        if !params.is_empty() || input.method == "GET" {
            require_params(
                a,
                params,
                &["uuid", "conversation_uuid", "to", "from|from_user"],
            );
        }
    } else if let Some(s) = param(params, "status") {
        a.event = Some(s.to_string());
    }
}

fn vonage_sms(a: &mut Analysis, json: Option<&Value>, params: &[(String, String)]) {
    if json.is_some() {
        return;
    }
    if let Some(s) = param(params, "status") {
        a.event = Some(format!("dlr.{s}"));
        require_params(a, params, &["messageId", "msisdn"]);
    } else {
        a.event = Some("inbound-sms".into());
        require_params(a, params, &["msisdn", "to", "messageId", "text|type"]);
        a.event_id = param(params, "messageId").map(|m| format!("sms/{m}"));
    }
    if let Some(ts) = param(params, "timestamp").and_then(|t| t.parse::<i64>().ok()) {
        a.event_time = Some((ts, "timestamp"));
    }
}

fn twilio(a: &mut Analysis, params: &[(String, String)]) {
    for key in [
        "CallStatus",
        "RecordingStatus",
        "TranscriptionStatus",
        "MessageStatus",
        "SmsStatus",
    ] {
        if let Some(s) = param(params, key) {
            a.event = Some(s.to_string());
            if key == "CallStatus" {
                require_params(a, params, &["CallSid", "AccountSid"]);
            }
            return;
        }
    }
    if param(params, "AnsweredBy").is_some() {
        // Answering machine detection (asyncAmd) callbacks carry no CallStatus.
        a.event = Some("amd".into());
        require_params(a, params, &["CallSid", "AccountSid"]);
    }
}

/// What a provider really sends, for payloads in a shape it does not send.
struct Sends {
    /// The provider as people write it.
    provider: &'static str,
    /// Where its event name lives (`under \`message.type\``).
    layout: &'static str,
    /// The event to point at, and the shipped fixture that shows it.
    event: &'static str,
    fixture: &'static str,
    /// The seed guides' events for this provider: (seed event, real event, its fixture).
    seeds: &'static [(&'static str, &'static str, &'static str)],
    /// Warn about a payload that names no event at all (Vapi and Stripe always name one);
    /// for the others such a payload may be a request whk does not model.
    unnamed: bool,
}

const VAPI: Sends = Sends {
    provider: "Vapi",
    layout: "under `message.type`",
    event: "end-of-call-report",
    fixture: "vapi/end-of-call-report",
    seeds: &[
        ("call.started", "status-update", "vapi/status-update"),
        (
            "call.ended",
            "end-of-call-report",
            "vapi/end-of-call-report",
        ),
        (
            "call.failed",
            "end-of-call-report",
            "vapi/end-of-call-report",
        ),
        ("transcript.updated", "transcript", "vapi/transcript"),
        (
            "recording.ready",
            "end-of-call-report",
            "vapi/end-of-call-report",
        ),
    ],
    unnamed: true,
};

const VOGENT: Sends = Sends {
    provider: "Vogent",
    layout: "under `event`, with `payload`",
    event: "dial.updated",
    fixture: "vogent/dial.updated",
    seeds: &[
        ("dial.started", "dial.updated", "vogent/dial.updated"),
        ("dial.ended", "dial.updated", "vogent/dial.updated"),
        ("dial.failed", "dial.updated", "vogent/dial.updated"),
    ],
    unnamed: false,
};

const ELEVENLABS: Sends = Sends {
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

const SIGNALWIRE: Sends = Sends {
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

const VONAGE: Sends = Sends {
    provider: "Vonage",
    layout: "as `status`, with `uuid` and `conversation_uuid`",
    event: "completed",
    fixture: "vonage/completed",
    seeds: &[],
    unnamed: false,
};

const TWILIO: Sends = Sends {
    provider: "Twilio",
    layout: "as form fields (`CallStatus`, with `CallSid`)",
    event: "completed",
    fixture: "twilio/status.completed",
    seeds: &[],
    unnamed: false,
};

const SIGNALWIRE_COMPAT: Sends = Sends {
    provider: "SignalWire's compatibility API",
    layout: "as form fields (`CallStatus`, with `CallSid`)",
    event: "completed",
    fixture: "signalwire-compat/status.completed",
    seeds: &[],
    unnamed: false,
};

const STRIPE: Sends = Sends {
    provider: "Stripe",
    layout: "under `type`, in an `\"object\": \"event\"` with `data.object`",
    event: "payment_intent.succeeded",
    fixture: "stripe/payment_intent.succeeded",
    seeds: &[],
    unnamed: true,
};

/// A JSON payload in a shape the provider does not send: a warning that names what it really
/// sends and the fixture that shows it.
fn foreign(a: &mut Analysis, v: &Value, sends: &Sends) {
    let named = event_field(v);
    // Twilio's own JSON (Event Streams) names its events `com.twilio.…`.
    if named
        .as_ref()
        .is_some_and(|(_, e)| e.starts_with("com.twilio."))
        || (named.is_none() && !sends.unnamed)
    {
        return;
    }
    let seed = named
        .as_ref()
        .and_then(|(_, e)| sends.seeds.iter().find(|(s, _, _)| s == e));
    let (event, fixture) = seed.map_or((sends.event, sends.fixture), |(_, e, f)| (*e, *f));
    let message = match (&named, seed) {
        (Some((field, e)), Some(_)) => format!(
            "`{e}` under `{field}` is a seed guide's event, not one {} sends",
            sends.provider
        ),
        (Some((field, e)), None) => format!(
            "`{e}` under `{field}` is not in a shape {} sends",
            sends.provider
        ),
        (None, _) => format!(
            "not in a shape {} sends: the payload names no event {}",
            sends.provider, sends.layout
        ),
    };
    a.warnings.push(Warning {
        message,
        hint: Some(format!(
            "{} sends `{event}` {}; see `whk fixtures show {fixture}`",
            sends.provider, sends.layout
        )),
    });
}

/// SignalWire RELAY events (`calling.*` under `event_type`) and SWML requests (`call`).
fn signalwire(a: &mut Analysis, v: &Value) {
    match str_at(v, "event_type") {
        Some(t) if t.starts_with("calling.") => a.event = Some(t),
        Some(_) => foreign(a, v, &SIGNALWIRE),
        None => {
            a.event = str_at(v, "call.call_state");
            if v.get("call").is_some() {
                require(a, v, &["call.call_id"]);
            }
        }
    }
}

/// Stripe sends `{"id": "evt_…", "object": "event", "type", "data": {"object"}}`.
fn stripe(a: &mut Analysis, v: &Value) {
    if v.get("object").and_then(Value::as_str) != Some("event")
        && !str_at(v, "id").is_some_and(|id| id.starts_with("evt_"))
    {
        foreign(a, v, &STRIPE);
        return;
    }
    require(a, v, &["id", "object", "type", "data.object"]);
    a.event = str_at(v, "type");
    if let Some(Value::Number(n)) = v.get("created")
        && let Some(ts) = n.as_i64()
    {
        a.event_time = Some((ts, "created"));
    }
}

/// Standard Webhooks recommends `{"type", "timestamp", "data"}`; the spec says "should", so a
/// payload without them is a warning.
fn standard(a: &mut Analysis, v: &Value) {
    let absent: Vec<&str> = ["type", "timestamp", "data"]
        .into_iter()
        .filter(|k| v.get(k).is_none_or(Value::is_null))
        .collect();
    a.event = str_at(v, "type");
    if !absent.is_empty() {
        a.warnings.push(Warning {
            message: format!(
                "not the payload structure the Standard Webhooks spec recommends: no {}",
                absent
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: Some(
                "the spec's payloads are {\"type\", \"timestamp\", \"data\"}; see `whk fixtures show standard/user.created`".into(),
            ),
        });
    }
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
            crate::webhook::describe_age(age)
        )
    } else {
        format!(
            "{label} {} in the future: check the sender's clock",
            crate::webhook::describe_age(-age)
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
            path: "/",
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
        assert_eq!(a.event.as_deref(), Some("end-of-call-report"));
        assert_eq!(a.missing, vec!["message.endedReason", "message.analysis"]);
        let a = run(
            "application/json",
            r#"{"message":{"type":"status-update","status":"dancing"}}"#,
        );
        assert!(a.missing.is_empty());
        assert_eq!(a.problems.len(), 1);
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
                a.missing.is_empty() && a.problems.is_empty(),
                "{body}: {a:?}"
            );
            assert_eq!(
                a.warnings,
                vec![Warning {
                    message: message.into(),
                    hint: Some(hint.into())
                }],
                "{body}"
            );
            assert!(!a.has_errors());
        }
        let a = signed_by(Provider::Standard, r#"{"type":"user.created"}"#);
        assert_eq!(a.event.as_deref(), Some("user.created"));
        assert!(
            a.warnings[0].message.ends_with("no `timestamp`, `data`"),
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
                a.warnings.is_empty() && !a.has_errors(),
                "{provider:?} {body}: {a:?}"
            );
        }
        // A recognised event without a field it needs is still an error.
        let a = signed_by(Provider::Vapi, r#"{"message":{"type":"status-update"}}"#);
        assert_eq!(a.missing, vec!["message.status"]);
        assert!(a.warnings.is_empty() && a.has_errors());
        let a = signed_by(
            Provider::Stripe,
            r#"{"id":"evt_1","object":"event","type":"x"}"#,
        );
        assert_eq!(a.missing, vec!["data.object"]);
        let a = signed_by(Provider::Stripe, r#"{"id":"evt_1","type":"x","data":{}}"#);
        assert_eq!(a.missing, vec!["object", "data.object"]);
        let a = signed_by(
            Provider::Elevenlabs,
            r#"{"type":"post_call_audio","data":{}}"#,
        );
        assert_eq!(a.missing.len(), 3);
        let a = signed_by(
            Provider::Elevenlabs,
            r#"{"type":"post_call_transcription","event_timestamp":1}"#,
        );
        assert_eq!(a.missing.len(), 4);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn findings_carry_their_severity() {
        let mut a = signed_by(Provider::Vapi, r#"{"type":"call.ended"}"#);
        a.problems.push("p".into());
        let f: Vec<_> = a
            .findings()
            .map(|(s, m, h)| (s, m.to_string(), h.is_some()))
            .collect();
        assert_eq!(f[0], (Severity::Error, "p".to_string(), false));
        assert_eq!(f[1].0, Severity::Warning);
        assert!(f[1].2);
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
        assert_eq!(a.event.as_deref(), Some("ringing"));
        assert!(matches!(a.body, Body::Form(ref f) if f[3].1 == "+1555"));
        let a = run(
            "application/x-www-form-urlencoded",
            "msisdn=447700900001&to=447700900000&messageId=0A1&text=Hi&type=text",
        );
        assert_eq!(a.provider, Some(Provider::VonageSms));
        assert_eq!(a.event.as_deref(), Some("inbound-sms"));
    }

    #[test]
    fn seeds_and_other_shapes() {
        let a = run(
            "application/json",
            r#"{"event":"call.completed","callId":"c1"}"#,
        );
        assert_eq!(a.provider, None);
        assert_eq!(a.event.as_deref(), Some("call.completed"));
        let a = run(
            "application/json",
            r#"{"from":"447700900000","to":"447700900001","uuid":"u","conversation_uuid":"CON-1","status":"completed","timestamp":"2026-11-24T05:01:02.000Z"}"#,
        );
        assert_eq!(a.provider, Some(Provider::Vonage));
        assert_eq!(a.event.as_deref(), Some("completed"));
        assert!(a.event_time.is_some());
        let a = run(
            "application/json",
            r#"{"type":"post_call_transcription","event_timestamp":1,"data":{"agent_id":"a","conversation_id":"c","status":"done"}}"#,
        );
        assert_eq!(a.provider, Some(Provider::Elevenlabs));
        assert_eq!(a.missing, vec!["data.transcript"]);
        assert_eq!(a.event_id.as_deref(), Some("c/post_call_transcription"));
    }

    #[test]
    fn bodies_that_are_not_json() {
        assert_eq!(run("text/plain", "hello").body, Body::Text);
        assert_eq!(run("", "").body, Body::Empty);
        let h = Headers::new();
        let a = analyze(&Input {
            method: "POST",
            path: "/",
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
            path: "/answer",
            query: Some("to=447700900000&from=447700900001&uuid=abc&conversation_uuid=CON-1"),
            headers: &h,
            body: b"",
            signed_by: None,
            answer_path: true,
        });
        assert_eq!(a.provider, Some(Provider::Vonage));
        assert_eq!(a.event.as_deref(), Some("answer"));
        assert!(a.missing.is_empty(), "{:?}", a.missing);
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
