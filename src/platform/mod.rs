//! What whk knows about each platform beyond its signatures: which event a request carries,
//! its call id, its webhook kind, the reply the platform expects for it (the *contract*), and
//! the minimal reply that passes that contract (listen's default answer).
//!
//! One file per platform: [`vonage`], [`twilio`] (Twilio and SignalWire's compatibility API,
//! cXML), [`signalwire`] (RELAY and SWML), [`vapi`], and small ones for [`vogent`],
//! [`elevenlabs`], [`stripe`] and [`standard`]. Everything else in whk asks this module, so a
//! platform's rules live once:
//!
//! ```text
//!                     request (method, query/form params, JSON)     [Seen]
//!                                   │
//!           ┌───────────────────────┼──────────────────────────┐
//!           ▼                       ▼                          ▼
//!   recognise: event, fields   kind(): answer, event, …   contract(): Ncco, Twiml, …
//!   (listen::analyze)          (replay --route, fixtures)      │
//!                                                   ┌──────────┴───────────┐
//!                                                   ▼                      ▼
//!                                   default_answer(): listen's      check(contract, reply)
//!                                   reply with no --answer/--respond ├─ replay assertions
//!                                                                     └─ listen --forward-to
//! ```
//!
//! Sample bodies are the shipped fixtures themselves ([`sample`] names one per platform and
//! kind), never written again in code.
//!
//! # Adding a provider
//!
//! 1. **Scheme** (signatures): one file in `src/webhook/providers/`, listed in the provider
//!    table there (`whk sign`, `verify`, `listen`, `replay` and `audit` pick it up).
//! 2. **Platform** (everything else): one file here with, as the platform has them,
//!    - `recognise(r, seen)`: the event name, the fields each event needs, a warning for a
//!      shape the platform does not send (see [`Sends`]);
//!    - `call_id(seen)`, `kind(seen)` (a [`Kind`]), `contract(seen)` (a [`Contract`]);
//!    - the check for a new contract and its default answer;
//!    - `SAMPLES`: the shipped fixture of each kind.
//!
//!    Then add one arm per function in this file's dispatchers ([`kind`], [`contract`],
//!    [`call_id`], [`recognise`], [`sample`]).
//! 3. **Fixtures**: `fixtures/<provider>/<event>.json`, one per event and kind; a test
//!    replays every shipped fixture into a default `whk listen` and expects both sides to
//!    pass.

pub mod elevenlabs;
pub mod signalwire;
pub mod standard;
pub mod stripe;
pub mod twilio;
pub mod vapi;
pub mod vogent;
pub mod vonage;

use std::time::Duration;

use serde_json::Value;

use crate::finding::{Code, Finding};
use crate::webhook::Provider;

/// Which of a platform's URLs a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Vonage: the answer URL (the reply is the call's NCCO).
    Answer,
    /// Vonage: the event URL (status events, `input`, `record`, `notify`, …).
    Event,
    /// Vonage: the fallback URL (asked when the answer or event URL fails).
    Fallback,
    /// Twilio/SignalWire: the voice URL (the reply is TwiML/cXML; SWML for RELAY).
    Voice,
    /// Twilio/SignalWire: status callbacks (call, recording, AMD).
    Status,
    /// Twilio/SignalWire: a verb's `action` URL (`<Gather>`, `<Dial>`, `<Record>`).
    Action,
    /// Vapi: the server URL (every server message).
    Server,
    /// Everyone else: one webhook URL.
    Webhook,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Answer,
        Kind::Event,
        Kind::Fallback,
        Kind::Voice,
        Kind::Status,
        Kind::Action,
        Kind::Server,
        Kind::Webhook,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Answer => "answer",
            Kind::Event => "event",
            Kind::Fallback => "fallback",
            Kind::Voice => "voice",
            Kind::Status => "status",
            Kind::Action => "action",
            Kind::Server => "server",
            Kind::Webhook => "webhook",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        let t = s.trim().to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| {
                format!(
                    "{s:?} is not a webhook kind (one of {})",
                    Kind::ALL.map(Kind::as_str).join(", ")
                )
            })
    }
}

/// The parts of a request the platforms look at: its method, its parameters (the form body,
/// or the query of a body-less request) and its JSON body.
#[derive(Clone, Copy, Debug)]
pub struct Seen<'a> {
    pub method: &'a str,
    pub params: &'a [(String, String)],
    pub json: Option<&'a Value>,
    /// It came to the path configured for answer requests (`whk listen --answer-path`).
    pub answer_path: bool,
}

/// A request's parsed parts, owned: for callers that start from bytes (replay, fixtures).
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub method: String,
    pub params: Vec<(String, String)>,
    pub json: Option<Value>,
}

impl Parsed {
    /// Parse a request as listen does: JSON by Content-Type or shape, form fields, and the
    /// query's parameters for a body-less request.
    pub fn new(method: &str, content_type: Option<&str>, body: &[u8], query: &str) -> Parsed {
        let (body, json) = crate::listen::analyze::classify_parse(content_type, body);
        Parsed {
            method: method.to_string(),
            params: crate::listen::analyze::params_of(&body, Some(query).filter(|q| !q.is_empty())),
            json,
        }
    }

    pub fn seen(&self) -> Seen<'_> {
        Seen {
            method: &self.method,
            params: &self.params,
            json: self.json.as_ref(),
            answer_path: false,
        }
    }
}

/// The webhook kind of a request from `provider`.
pub fn kind(provider: Option<Provider>, seen: &Seen<'_>) -> Kind {
    match provider {
        Some(Provider::Vonage) => vonage::kind(seen),
        Some(Provider::Twilio | Provider::SignalwireCompat) => twilio::kind(seen),
        Some(Provider::Signalwire) => signalwire::kind(seen),
        Some(Provider::Vapi | Provider::VapiSecret) => Kind::Server,
        _ => Kind::Webhook,
    }
}

/// The call a request belongs to, as the platform names it.
pub fn call_id(provider: Option<Provider>, seen: &Seen<'_>) -> Option<String> {
    match provider {
        Some(Provider::Vonage) => vonage::call_id(seen),
        Some(Provider::Twilio | Provider::SignalwireCompat) => twilio::call_id(seen),
        Some(Provider::Signalwire) => signalwire::call_id(seen),
        Some(Provider::Vapi | Provider::VapiSecret) => vapi::call_id(seen),
        Some(Provider::Vogent) => vogent::call_id(seen),
        Some(Provider::Elevenlabs) => elevenlabs::call_id(seen),
        _ => None,
    }
}

/// What a reply must be for the platform to use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contract {
    /// A Vonage answer: an NCCO (a JSON array of actions) that lints without errors.
    Ncco,
    /// A Vonage `input` or `notify` event: nothing, or an NCCO that lints without errors
    /// (it replaces the call's NCCO).
    NccoIfAny,
    /// A Twilio/SignalWire voice or action request: well-formed TwiML (cXML) with known
    /// verbs.
    Twiml,
    /// Vapi `tool-calls`: HTTP 200, a `results` array, one result per `toolCallId`,
    /// single-line strings.
    VapiToolCalls,
    /// Vapi `assistant-request`: within 7.5 s, one of `assistantId`, `assistant`,
    /// `destination`, `error`.
    VapiAssistantRequest,
}

impl Contract {
    /// The name in `--json` output (`contract`).
    pub fn as_str(self) -> &'static str {
        match self {
            Contract::Ncco => "ncco",
            Contract::NccoIfAny => "ncco_if_any",
            Contract::Twiml => "twiml",
            Contract::VapiToolCalls => "vapi_tool_calls",
            Contract::VapiAssistantRequest => "vapi_assistant_request",
        }
    }

    /// The code of a finding that breaks it (`contract.ncco`, `contract.twiml`, …).
    pub fn code(self) -> Code {
        match self {
            Contract::Ncco | Contract::NccoIfAny => Code::CONTRACT_NCCO,
            Contract::Twiml => Code::CONTRACT_TWIML,
            Contract::VapiToolCalls => Code::CONTRACT_VAPI_TOOL_CALLS,
            Contract::VapiAssistantRequest => Code::CONTRACT_VAPI_ASSISTANT_REQUEST,
        }
    }

    /// For people: "TwiML", "Vapi tool-calls results".
    pub fn describe(self) -> &'static str {
        match self {
            Contract::Ncco | Contract::NccoIfAny => "NCCO",
            Contract::Twiml => "TwiML",
            Contract::VapiToolCalls => "Vapi tool-calls results",
            Contract::VapiAssistantRequest => "Vapi assistant-request answer",
        }
    }
}

/// The contract a reply to this request is held to, if the platform has one for it.
pub fn contract(provider: Option<Provider>, seen: &Seen<'_>) -> Option<Contract> {
    match provider {
        Some(Provider::Vonage) => vonage::contract(seen),
        Some(Provider::Twilio | Provider::SignalwireCompat) => twilio::contract(seen),
        Some(Provider::Vapi | Provider::VapiSecret) => vapi::contract(seen),
        _ => None,
    }
}

/// A reply, as a contract sees it.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
    /// How long it took, when known.
    pub latency: Option<Duration>,
}

/// Every way `answer` breaks `contract` for a request with body `request`, as findings
/// (code `contract.*`, severity error, one sentence each, located where known); empty when
/// it passes.
pub fn check(contract: Contract, request: &[u8], answer: &Answer<'_>) -> Vec<Finding> {
    match contract {
        Contract::Ncco => vonage::check_ncco(answer.body),
        Contract::NccoIfAny => vonage::check_ncco_if_any(answer.body),
        Contract::Twiml => twilio::check_twiml(answer.content_type, answer.body),
        Contract::VapiToolCalls => vapi::check_tool_calls(request, answer),
        Contract::VapiAssistantRequest => vapi::check_assistant_request(answer),
    }
}

/// A reply whk gives on the app's behalf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultAnswer {
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// The minimal reply that passes `contract` for this request (listen's default answer).
pub fn default_answer(contract: Contract, seen: &Seen<'_>) -> Option<DefaultAnswer> {
    match contract {
        Contract::Ncco => Some(vonage::default_answer()),
        Contract::Twiml => Some(twilio::default_answer()),
        Contract::VapiToolCalls => Some(vapi::default_tool_results(seen)),
        Contract::VapiAssistantRequest => Some(vapi::default_assistant()),
        Contract::NccoIfAny => None,
    }
}

/// The words whk's default answers speak.
pub const SPOKEN: &str = "This is whk listen answering the call.";

/// The shipped fixture that shows `kind` for `provider` (a sample body). Only the unit tests
/// read it today; the call emulator will.
#[cfg(test)]
pub fn sample(provider: Provider, kind: Kind) -> Option<&'static str> {
    let samples: &[(Kind, &str)] = match provider {
        Provider::Vonage => vonage::SAMPLES,
        Provider::Twilio => twilio::SAMPLES,
        Provider::SignalwireCompat => twilio::SAMPLES_COMPAT,
        Provider::Signalwire => signalwire::SAMPLES,
        Provider::Vapi | Provider::VapiSecret => vapi::SAMPLES,
        _ => &[],
    };
    samples.iter().find(|(k, _)| *k == kind).map(|(_, id)| *id)
}

/// A fixture's webhook kind: its provider's, judged on the request it renders to.
pub fn fixture_kind(f: &crate::fixtures::Fixture) -> Kind {
    match crate::fixtures::Compiled::new(&f.envelope, false) {
        Ok(c) => {
            of_rendered(
                f.provider(),
                &c.render(&mut crate::fixtures::Context::new(
                    0,
                    crate::clock::Clock::System,
                )),
            )
            .0
        }
        Err(_) => Kind::Webhook,
    }
}

/// The kind of a rendered request from `provider`, and the contract its reply is held to.
pub fn of_rendered(
    provider: Option<Provider>,
    r: &crate::fixtures::Rendered,
) -> (Kind, Option<Contract>) {
    of_request(
        provider,
        &r.method,
        r.headers.get("content-type"),
        &r.body,
        &r.query,
    )
}

/// The kind of a request from `provider` given as its parts (`whk audit`'s delivery), and the
/// contract its reply is held to.
pub fn of_request(
    provider: Option<Provider>,
    method: &str,
    content_type: Option<&str>,
    body: &[u8],
    query: &str,
) -> (Kind, Option<Contract>) {
    let parsed = Parsed::new(method, content_type, body, query);
    let seen = parsed.seen();
    (kind(provider, &seen), contract(provider, &seen))
}

// Recognition: the event a request carries and the fields it needs.

/// A payload warning: what is wrong, and what the provider really sends.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// What recognition found in a request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recognition {
    /// The event type as the provider names it.
    pub event: Option<String>,
    /// The event's own id, when the payload carries one.
    pub event_id: Option<String>,
    /// Fields the event needs that are absent or null (dotted paths, `a|b` = either).
    pub missing: Vec<String>,
    /// Other payload problems (an unknown status value).
    pub problems: Vec<String>,
    /// A shape the provider does not send.
    pub warnings: Vec<Warning>,
    /// The event's own timestamp (unix seconds) and the field it came from.
    pub event_time: Option<(i64, &'static str)>,
}

/// Recognise the event of a request from `provider` (which must be known).
pub fn recognise(provider: Provider, r: &mut Recognition, seen: &Seen<'_>) {
    match (provider, seen.json) {
        (Provider::Vapi | Provider::VapiSecret, Some(v)) => vapi::recognise(r, v),
        (Provider::Vogent, Some(v)) => vogent::recognise(r, v),
        (Provider::Elevenlabs, Some(v)) => elevenlabs::recognise(r, v),
        (Provider::Vonage, _) => vonage::recognise(r, seen),
        (Provider::VonageSms, _) => vonage::recognise_sms(r, seen),
        (Provider::Twilio | Provider::SignalwireCompat, None) => twilio::recognise(r, seen.params),
        (Provider::Signalwire, Some(v)) => signalwire::recognise(r, v),
        (Provider::Twilio, Some(v)) => foreign(r, v, &twilio::TWILIO),
        (Provider::SignalwireCompat, Some(v)) => foreign(r, v, &twilio::SIGNALWIRE_COMPAT),
        (Provider::Stripe, Some(v)) => stripe::recognise(r, v),
        (Provider::Standard, Some(v)) => standard::recognise(r, v),
        _ => {}
    }
}

pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub(crate) fn get_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, key| cur.get(key))
}

pub(crate) fn str_at(v: &Value, path: &str) -> Option<String> {
    match get_path(v, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Record every required path that is absent or null. `a|b` means either will do.
pub(crate) fn require(r: &mut Recognition, v: &Value, paths: &[&str]) {
    for p in paths {
        let present = p
            .split('|')
            .any(|alt| get_path(v, alt).is_some_and(|x| !x.is_null()));
        if !present {
            r.missing.push(p.to_string());
        }
    }
}

pub(crate) fn require_params(r: &mut Recognition, params: &[(String, String)], names: &[&str]) {
    for n in names {
        if !n.split('|').any(|alt| param(params, alt).is_some()) {
            r.missing.push(n.to_string());
        }
    }
}

/// The event field of a JSON payload from an unknown sender and its name: the seeds'
/// `event`, `type`, `event_type`, `eventType`, Vapi's `message.type`.
pub fn event_field(v: &Value) -> Option<(&'static str, String)> {
    ["event", "type", "event_type", "eventType", "message.type"]
        .into_iter()
        .find_map(|k| match get_path(v, k) {
            Some(Value::String(s)) => Some((k, s.clone())),
            _ => None,
        })
}

/// What a provider really sends, for payloads in a shape it does not send.
pub struct Sends {
    /// The provider as people write it.
    pub provider: &'static str,
    /// Where its event name lives (`under \`message.type\``).
    pub layout: &'static str,
    /// The event to point at, and the shipped fixture that shows it.
    pub event: &'static str,
    pub fixture: &'static str,
    /// The seed guides' events for this provider: (seed event, real event, its fixture).
    pub seeds: &'static [(&'static str, &'static str, &'static str)],
    /// Warn about a payload that names no event at all (Vapi and Stripe always name one);
    /// for the others such a payload may be a request whk does not model.
    pub unnamed: bool,
}

/// A JSON payload in a shape the provider does not send: a warning that names what it really
/// sends and the fixture that shows it.
pub(crate) fn foreign(r: &mut Recognition, v: &Value, sends: &Sends) {
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
    r.warnings.push(Warning {
        message,
        hint: Some(format!(
            "{} sends `{event}` {}; see `whk fixtures show {fixture}`",
            sends.provider, sends.layout
        )),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(method: &str, ct: &str, body: &str, query: &str) -> Parsed {
        Parsed::new(method, Some(ct), body.as_bytes(), query)
    }

    #[test]
    fn kinds_parse_and_print() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        assert!(
            "answr"
                .parse::<Kind>()
                .unwrap_err()
                .contains("answer, event")
        );
    }

    #[test]
    fn every_shipped_fixture_has_a_kind_and_samples_are_shipped() {
        for (rel, bytes) in crate::fixtures::embedded::FILES {
            let origin = crate::fixtures::load::Origin::Embedded(rel);
            if let Ok(crate::fixtures::Item::Single(f)) =
                crate::fixtures::load::parse(origin, bytes)
            {
                let k = fixture_kind(&f);
                let expected = match f.name.as_str() {
                    "vonage/answer" | "vonage/answer.post" => Kind::Answer,
                    "twilio/voice" | "signalwire-compat/voice" | "signalwire/swml.request" => {
                        Kind::Voice
                    }
                    n if n.contains("gather.") => Kind::Action,
                    n if n.starts_with("vonage/") => Kind::Event,
                    n if n.starts_with("twilio/") || n.starts_with("signalwire-compat/") => {
                        Kind::Status
                    }
                    n if n.starts_with("vapi/") => Kind::Server,
                    n if n.starts_with("signalwire/calling.") => Kind::Status,
                    _ => Kind::Webhook,
                };
                assert_eq!(k, expected, "{}", f.name);
            }
        }
        for p in Provider::ALL {
            for k in Kind::ALL {
                if let Some(id) = sample(p, k) {
                    let found = crate::fixtures::resolve(id).expect(id);
                    let crate::fixtures::Item::Single(f) = &found[0] else {
                        panic!("{id}")
                    };
                    assert_eq!(fixture_kind(f), k, "{id}");
                }
            }
        }
    }

    #[test]
    fn default_answers_pass_their_contracts() {
        let tool = r#"{"message":{"type":"tool-calls","toolCallList":[{"id":"a"},{"id":"b"}]}}"#;
        let cases = [
            (
                Provider::Vonage,
                parsed("GET", "", "", "uuid=u&conversation_uuid=c&to=1&from=2"),
            ),
            (
                Provider::Twilio,
                parsed(
                    "POST",
                    "application/x-www-form-urlencoded",
                    "CallSid=CA1&CallStatus=ringing",
                    "",
                ),
            ),
            (Provider::Vapi, parsed("POST", "application/json", tool, "")),
            (
                Provider::Vapi,
                parsed(
                    "POST",
                    "application/json",
                    r#"{"message":{"type":"assistant-request"}}"#,
                    "",
                ),
            ),
        ];
        for (p, req) in cases {
            let c = contract(Some(p), &req.seen()).expect("a contract");
            let a = default_answer(c, &req.seen()).expect("a default answer");
            let body = serde_json::to_vec(&req.json).unwrap();
            let answer = Answer {
                status: 200,
                content_type: Some(a.content_type),
                body: &a.body,
                latency: None,
            };
            assert_eq!(check(c, &body, &answer), Vec::<Finding>::new(), "{c:?}");
        }
    }
}
