//! A call scenario: what the far end does, which URLs the platform calls, and what to expect.
//!
//! The JSON field names are the interface users' scenario files are written against
//! (issue 12); `fixtures/scenario.schema.json` describes the same shape for editors (and is
//! written by `whk fixtures export`).
//!
//! A scenario comes from a file ([`Scenario::load`]: every mistake is reported once, as
//! `file:line:column: message`, with a did-you-mean for misspelt fields and values), from flags
//! ([`ScenarioFlags`]), or both: [`Scenario::from_parts`] lays the flags over the file and fills
//! the defaults, so the engine reads a complete scenario.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

/// `fixtures/scenario.schema.json`, for `whk fixtures export`.
pub static SCENARIO_SCHEMA: &[u8] = include_bytes!("../../fixtures/scenario.schema.json");

/// The providers `whk call` can play (issue 14 adds `twilio`, `signalwire`, `vapi`).
pub const PROVIDERS: &[&str] = &["vonage", "twilio", "signalwire", "vapi"];

/// The events a Twilio/SignalWire status callback can subscribe to, in the order they happen.
pub const STATUS_CALLBACK_EVENTS: &[&str] = &["initiated", "ringing", "answered", "completed"];

/// The caller's number when neither the file nor a flag gives one.
pub const DEFAULT_FROM: &str = "447700900000";
/// The number called (the app's number) when neither the file nor a flag gives one.
pub const DEFAULT_TO: &str = "447700900001";
/// Who can end a call, as `expect.ended_by` names them.
pub const ENDED_BY: &[&str] = &["caller", "app", "callee", "platform"];

/// One scenario, as read from a file or built from flags.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// `"$schema"`: a pointer to `scenario.schema.json` for editors; ignored by whk.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// `vonage` (issue 14 adds `twilio`, `signalwire`, `vapi`).
    #[serde(default = "default_provider", deserialize_with = "provider")]
    pub provider: String,
    #[serde(default, deserialize_with = "opt_url")]
    pub answer_url: Option<String>,
    /// `GET` (Vonage's default: query fields) or `POST` (a JSON body).
    #[serde(default, deserialize_with = "opt_method")]
    pub answer_method: Option<String>,
    #[serde(default, deserialize_with = "opt_url")]
    pub event_url: Option<String>,
    /// `POST` (default, JSON body) or `GET`.
    #[serde(default, deserialize_with = "opt_method")]
    pub event_method: Option<String>,
    #[serde(default, deserialize_with = "opt_url")]
    pub fallback_answer_url: Option<String>,
    /// Twilio/SignalWire: the voice URL (the first request; its reply is TwiML/cXML).
    #[serde(
        default,
        deserialize_with = "opt_url",
        skip_serializing_if = "Option::is_none"
    )]
    pub voice_url: Option<String>,
    /// Twilio/SignalWire: `POST` (default, form fields) or `GET` (query fields).
    #[serde(
        default,
        deserialize_with = "opt_method",
        skip_serializing_if = "Option::is_none"
    )]
    pub voice_method: Option<String>,
    /// Twilio/SignalWire: the number's voice fallback URL, asked (with `ErrorCode` and
    /// `ErrorUrl`) when the voice URL or an action URL gives no usable TwiML.
    #[serde(
        default,
        deserialize_with = "opt_url",
        skip_serializing_if = "Option::is_none"
    )]
    pub voice_fallback_url: Option<String>,
    /// Twilio/SignalWire: the status callback URL (call progress events).
    #[serde(
        default,
        deserialize_with = "opt_url",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_callback: Option<String>,
    /// Twilio/SignalWire: `POST` (default) or `GET`.
    #[serde(
        default,
        deserialize_with = "opt_method",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_callback_method: Option<String>,
    /// Twilio/SignalWire: `initiated`, `ringing`, `answered`, `completed` (default
    /// `completed` only, as Twilio's).
    #[serde(
        default,
        deserialize_with = "status_events",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub status_callback_events: Vec<String>,
    /// Vapi: the server URL every server message is POSTed to.
    #[serde(
        default,
        deserialize_with = "opt_url",
        skip_serializing_if = "Option::is_none"
    )]
    pub server_url: Option<String>,
    /// Vapi: `hmac` (default; the HMAC credential's `x-signature`) or `x-vapi-secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_mode: Option<crate::call::vapi::script::SecretMode>,
    /// Vapi: the assistant the call runs with; without one, `assistant-request` comes first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assistant: Option<crate::call::vapi::script::AssistantInfo>,
    /// Vapi: send `partial` transcripts while someone speaks, before the `final` one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial_transcripts: bool,
    /// Vapi: the conversation, turn by turn (`{"user": …}`, `{"assistant": …, "tool_calls": […]}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub turns: Vec<crate::call::vapi::script::Turn>,
    /// Vapi: the `endedReason` when the turns run out (default `customer-ended-call`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_reason: Option<String>,
    #[serde(default)]
    pub call: CallInfo,
    /// Answers to `input` actions, in order.
    #[serde(default)]
    pub caller: Vec<CallerStep>,
    /// Outcome of `connect` per number (or endpoint URI); `default` for any other.
    #[serde(default)]
    pub callee: BTreeMap<String, CalleeOutcome>,
    /// What answering-machine detection reports for a `connect` with `machineDetection`.
    #[serde(default)]
    pub machine_detection: Option<MachineDetection>,
    /// The caller hangs up this long after the call is answered (`"120s"`, `"5m"`).
    #[serde(
        default,
        deserialize_with = "opt_duration",
        serialize_with = "ser_opt_duration"
    )]
    pub hangup_after: Option<Duration>,
    #[serde(default)]
    pub expect: Vec<Expect>,
}

fn default_provider() -> String {
    "vonage".to_string()
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CallInfo {
    #[serde(default, deserialize_with = "opt_number")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "opt_number")]
    pub to: Option<String>,
    /// `inbound` (default) or `outbound`.
    #[serde(default, deserialize_with = "opt_direction")]
    pub direction: Option<String>,
}

/// One caller step: answers the next `input` action.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged, try_from = "RawStep")]
pub enum CallerStep {
    Dtmf {
        dtmf: String,
    },
    Speech {
        speech: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confidence: Option<f64>,
    },
    Silence {
        silence: bool,
    },
}

impl CallerStep {
    /// `--press DIGITS`.
    pub fn press(digits: impl Into<String>) -> CallerStep {
        CallerStep::Dtmf {
            dtmf: digits.into(),
        }
    }

    /// `--say TEXT`.
    pub fn say(text: impl Into<String>) -> CallerStep {
        CallerStep::Speech {
            speech: text.into(),
            confidence: None,
        }
    }

    /// Whether the step is well formed; the message says what is wrong.
    pub fn check(&self) -> Result<(), String> {
        match self {
            CallerStep::Dtmf { dtmf } => {
                if dtmf.is_empty() {
                    return Err("dtmf: no digits; write e.g. \"1\" or \"1234#\"".into());
                }
                if let Some(c) = dtmf
                    .chars()
                    .find(|c| !(c.is_ascii_digit() || *c == '*' || *c == '#'))
                {
                    return Err(format!(
                        "dtmf {dtmf:?}: {c:?} is not a key on a phone; use 0-9, * and #"
                    ));
                }
                Ok(())
            }
            CallerStep::Speech { speech, confidence } => {
                if speech.trim().is_empty() {
                    return Err("speech: no words; write what the caller says".into());
                }
                if let Some(c) = confidence
                    && !(0.0..=1.0).contains(c)
                {
                    return Err(format!("confidence {c} is not between 0 and 1"));
                }
                Ok(())
            }
            CallerStep::Silence { silence: true } => Ok(()),
            CallerStep::Silence { silence: false } => Err(
                "silence: false says nothing; write {\"silence\": true} to let the input time out"
                    .into(),
            ),
        }
    }

    /// How the step reads in messages: `dtmf 1`, `speech "book a cleaning"`, `silence`.
    pub fn describe(&self) -> String {
        match self {
            CallerStep::Dtmf { dtmf } => format!("dtmf {dtmf}"),
            CallerStep::Speech { speech, .. } => format!("speech {speech:?}"),
            CallerStep::Silence { .. } => "silence".into(),
        }
    }
}

/// A caller step as written: exactly one of `dtmf`, `speech` (with an optional `confidence`)
/// or `silence`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    dtmf: Option<String>,
    speech: Option<String>,
    confidence: Option<f64>,
    silence: Option<bool>,
}

impl TryFrom<RawStep> for CallerStep {
    type Error = String;

    fn try_from(r: RawStep) -> Result<CallerStep, String> {
        let step = match (r.dtmf, r.speech, r.silence) {
            (Some(dtmf), None, None) if r.confidence.is_none() => CallerStep::Dtmf { dtmf },
            (None, Some(speech), None) => CallerStep::Speech {
                speech,
                confidence: r.confidence,
            },
            (None, None, Some(silence)) if r.confidence.is_none() => {
                CallerStep::Silence { silence }
            }
            (None, None, None) => {
                return Err(format!(
                    "{OBJECT_LEVEL}a caller step needs one of `dtmf`, `speech` or `silence`, e.g. {{\"dtmf\": \"1\"}}"
                ));
            }
            (Some(_), None, None) | (None, None, Some(_)) => {
                return Err(format!(
                    "{OBJECT_LEVEL}`confidence` goes with `speech` only"
                ));
            }
            _ => {
                return Err(format!(
                    "{OBJECT_LEVEL}a caller step is one of `dtmf`, `speech` or `silence`, not several; write one step each"
                ));
            }
        };
        step.check()?;
        Ok(step)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CalleeOutcome {
    Answered,
    Busy,
    Unanswered,
    Rejected,
    Failed,
    Timeout,
    Machine,
}

impl CalleeOutcome {
    pub const ALL: [CalleeOutcome; 7] = [
        CalleeOutcome::Answered,
        CalleeOutcome::Busy,
        CalleeOutcome::Unanswered,
        CalleeOutcome::Rejected,
        CalleeOutcome::Failed,
        CalleeOutcome::Timeout,
        CalleeOutcome::Machine,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CalleeOutcome::Answered => "answered",
            CalleeOutcome::Busy => "busy",
            CalleeOutcome::Unanswered => "unanswered",
            CalleeOutcome::Rejected => "rejected",
            CalleeOutcome::Failed => "failed",
            CalleeOutcome::Timeout => "timeout",
            CalleeOutcome::Machine => "machine",
        }
    }

    fn parse(text: &str) -> Result<CalleeOutcome, String> {
        CalleeOutcome::ALL
            .into_iter()
            .find(|o| o.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = CalleeOutcome::ALL.iter().map(|o| o.as_str()).collect();
                format!(
                    "unknown outcome {text:?}{}; use one of {}",
                    did_you_mean(text, &names),
                    names.join(", ")
                )
            })
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MachineDetection {
    Human,
    Machine,
}

/// One expectation about the finished call.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case", try_from = "RawExpect")]
pub enum Expect {
    /// Some `talk` said text containing this.
    Said(String),
    /// An `input` received this (`{"dtmf": "1"}` or `{"speech": "…"}`).
    Input(CallerStep),
    /// A `connect` reached this number/endpoint and it answered.
    Connected(String),
    /// A `record` action produced a recording (`true`) or none did (`false`).
    Recorded(bool),
    /// Who ended the call: `caller`, `app` (NCCO ran out or hung up), `callee`, `platform`.
    EndedBy(String),
    /// The call lasted at most this long.
    #[serde(serialize_with = "ser_duration")]
    MaxDuration(Duration),
    /// Vapi: every tool call got a result from the app (`true`), or some did not (`false`).
    ToolCallsAnswered(bool),
    /// Vapi: some tool result contains this text.
    ResultContains(String),
    /// Vapi: the assistant the call ran with (its id, else its name).
    Assistant(String),
    /// Vapi: the call's `endedReason`.
    EndedReason(String),
}

/// An expectation as written: one key of [`Expect`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    said: Option<String>,
    input: Option<CallerStep>,
    connected: Option<String>,
    recorded: Option<bool>,
    #[serde(default, deserialize_with = "opt_ended_by")]
    ended_by: Option<String>,
    #[serde(default, deserialize_with = "opt_duration")]
    max_duration: Option<Duration>,
    tool_calls_answered: Option<bool>,
    result_contains: Option<String>,
    assistant: Option<String>,
    ended_reason: Option<String>,
}

impl TryFrom<RawExpect> for Expect {
    type Error = String;

    fn try_from(r: RawExpect) -> Result<Expect, String> {
        let mut all: Vec<Expect> = Vec::new();
        all.extend(r.said.map(Expect::Said));
        all.extend(r.input.map(Expect::Input));
        all.extend(r.connected.map(Expect::Connected));
        all.extend(r.recorded.map(Expect::Recorded));
        all.extend(r.ended_by.map(Expect::EndedBy));
        all.extend(r.max_duration.map(Expect::MaxDuration));
        all.extend(r.tool_calls_answered.map(Expect::ToolCallsAnswered));
        all.extend(r.result_contains.map(Expect::ResultContains));
        all.extend(r.assistant.map(Expect::Assistant));
        all.extend(r.ended_reason.map(Expect::EndedReason));
        match all.len() {
            1 => Ok(all.remove(0)),
            0 => Err(format!(
                "{OBJECT_LEVEL}an expectation needs one of `said`, `input`, `connected`, `recorded`, `ended_by`, `max_duration`, `tool_calls_answered`, `result_contains`, `assistant` or `ended_reason`"
            )),
            _ => Err(format!(
                "{OBJECT_LEVEL}an expectation has one key; write each in its own {{…}} in the `expect` list"
            )),
        }
    }
}

/// The command-line side of a scenario, as plain data (the CLI fills it; no clap here).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioFlags {
    /// `--provider`: overrides the file's `provider`.
    pub provider: Option<String>,
    /// `--answer-url`.
    pub answer_url: Option<String>,
    /// `--event-url`.
    pub event_url: Option<String>,
    /// `--fallback-url`.
    pub fallback_url: Option<String>,
    /// `--to URL`: `URL/answer` and `URL/event`, what `whk listen` serves.
    pub to: Option<String>,
    /// `--press` and `--say`, in command-line order: each answers the next `input`.
    pub caller: Vec<CallerStep>,
    /// `--callee NUMBER=OUTCOME`, as written.
    pub callee: Vec<String>,
    /// `--hangup-after DURATION`, as written.
    pub hangup_after: Option<String>,
}

/// Why a scenario could not be built. Every variant is a usage error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read {file}: {error}")]
    Io { file: String, error: std::io::Error },
    /// A mistake in the file, with its 1-based position.
    #[error("{file}:{line}:{column}: {message}")]
    File {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A bad flag value (`--callee`, `--hangup-after`, a URL).
    #[error("{0}")]
    Flag(String),
    /// Something the call cannot run without.
    #[error("{0}")]
    Missing(String),
}

impl Scenario {
    /// Read and parse a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| ScenarioError::Io {
            file: file.clone(),
            error,
        })?;
        Scenario::parse(&file, &bytes)
    }

    /// Parse a scenario file's bytes; `name` is how errors name the file.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        let at = |line, column, message| ScenarioError::File {
            file: name.to_string(),
            line,
            column,
            message,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_col(bytes, e.valid_up_to());
            at(line, column, "the file is not UTF-8 text".into())
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some((start, message)) = not_an_object(text) {
            let (line, column) = line_col(text.as_bytes(), start);
            return Err(at(line, column, message));
        }
        serde_json::from_str::<Scenario>(text).map_err(|e| {
            let l = crate::json_error::locate(&e, text.as_bytes());
            let (line, column) = if l.line == 0 {
                (1, 1)
            } else {
                (l.line, l.column)
            };
            let object_level = l.message.starts_with(OBJECT_LEVEL);
            let message = explain(l.message.trim_start_matches(OBJECT_LEVEL));
            if e.classify() != serde_json::error::Category::Data {
                return at(line, column, message);
            }
            // serde_json reports a value's mistake where it stopped reading (after the value,
            // or after the object that holds it): point at the value itself.
            let end = line_offset(text, line) + column;
            let (line, column) = match culprit(text, end, object_level) {
                Some(start) => line_col(text.as_bytes(), start),
                None => (line, column),
            };
            at(line, column, message)
        })
    }

    /// The scenario the call runs: `flags` laid over `file` (flags win), then every default
    /// filled in. Afterwards `answer_url`, `answer_method`, `event_method`, `call.*` and
    /// `machine_detection` are set and `callee` has a `default`; `event_url` may stay unset.
    pub fn from_parts(
        file: Option<Scenario>,
        flags: &ScenarioFlags,
    ) -> Result<Scenario, ScenarioError> {
        let mut s = file.unwrap_or_default();
        if let Some(p) = &flags.provider {
            if !PROVIDERS.contains(&p.as_str()) {
                return Err(ScenarioError::Flag(format!(
                    "--provider {p}: unknown provider{}; whk call plays {}",
                    did_you_mean(p, PROVIDERS),
                    PROVIDERS.join(", ")
                )));
            }
            s.provider = p.clone();
        }
        if s.provider.is_empty() {
            s.provider = default_provider();
        }
        let twiml = matches!(s.provider.as_str(), "twilio" | "signalwire");
        let flag_url = |name: &str, url: &str| {
            check_url(url).map_err(|e| ScenarioError::Flag(format!("--{name} {url}: {e}")))
        };
        if let Some(base) = &flags.to {
            flag_url("to", base)?;
            let (path, query) = match base.split_once('?') {
                Some((p, q)) => (p, format!("?{q}")),
                None => (base.as_str(), String::new()),
            };
            let path = path.trim_end_matches('/');
            if s.provider == "vapi" {
                // Vapi has one URL: --to is the server URL itself.
                s.server_url = Some(base.clone());
            } else if twiml {
                s.voice_url = Some(format!("{path}/voice{query}"));
                s.status_callback = Some(format!("{path}/status{query}"));
            } else {
                s.answer_url = Some(format!("{path}/answer{query}"));
                s.event_url = Some(format!("{path}/event{query}"));
            }
        }
        if let Some(u) = &flags.answer_url {
            flag_url("answer-url", u)?;
            s.answer_url = Some(u.clone());
        }
        if let Some(u) = &flags.event_url {
            flag_url("event-url", u)?;
            s.event_url = Some(u.clone());
        }
        if let Some(u) = &flags.fallback_url {
            flag_url("fallback-url", u)?;
            if twiml {
                s.voice_fallback_url = Some(u.clone());
            } else {
                s.fallback_answer_url = Some(u.clone());
            }
        }
        if !flags.caller.is_empty() {
            for step in &flags.caller {
                step.check().map_err(|e| {
                    let flag = match step {
                        CallerStep::Speech { .. } => "--say",
                        _ => "--press",
                    };
                    ScenarioError::Flag(format!("{flag}: {e}"))
                })?;
            }
            s.caller = flags.caller.clone();
        }
        for c in &flags.callee {
            let (number, outcome) = parse_callee_flag(c).map_err(ScenarioError::Flag)?;
            s.callee.insert(number, outcome);
        }
        if let Some(h) = &flags.hangup_after {
            s.hangup_after = Some(
                crate::input::parse_duration(h)
                    .map_err(|e| ScenarioError::Flag(format!("--hangup-after: {e}")))?,
            );
        }
        if twiml {
            if s.voice_url.is_none() {
                return Err(ScenarioError::Missing(format!(
                    "no voice URL: give a scenario file with \"voice_url\", or --to URL (URL/voice and URL/status) for --provider {}",
                    s.provider
                )));
            }
            s.voice_method.get_or_insert_with(|| "POST".into());
            s.status_callback_method
                .get_or_insert_with(|| "POST".into());
            if s.status_callback_events.is_empty() {
                s.status_callback_events = vec!["completed".into()];
            }
        } else if s.provider == "vapi" {
            if s.server_url.is_none() {
                return Err(ScenarioError::Missing(
                    "no server URL: give a scenario file with \"server_url\", or --to URL (the server URL itself) for --provider vapi".into(),
                ));
            }
        } else if s.provider == "vonage" && s.answer_url.is_none() {
            return Err(ScenarioError::Missing(
                "no answer URL: give a scenario file with \"answer_url\", --answer-url URL, or --to URL (URL/answer and URL/event)".into(),
            ));
        }
        s.answer_method.get_or_insert_with(|| "GET".into());
        s.event_method.get_or_insert_with(|| "POST".into());
        s.call.from.get_or_insert_with(|| DEFAULT_FROM.into());
        s.call.to.get_or_insert_with(|| DEFAULT_TO.into());
        s.call.direction.get_or_insert_with(|| "inbound".into());
        s.machine_detection.get_or_insert(MachineDetection::Human);
        s.callee
            .entry("default".into())
            .or_insert(CalleeOutcome::Answered);
        Ok(s)
    }

    /// What a `connect` to `number_or_uri` meets: its own entry in `callee`, else `default`,
    /// else `answered`.
    pub fn callee_outcome(&self, number_or_uri: &str) -> CalleeOutcome {
        self.callee
            .get(number_or_uri)
            .or_else(|| self.callee.get("default"))
            .copied()
            .unwrap_or(CalleeOutcome::Answered)
    }
}

/// `NUMBER=OUTCOME` (`--callee 447700900123=busy`).
pub fn parse_callee_flag(text: &str) -> Result<(String, CalleeOutcome), String> {
    let Some((number, outcome)) = text.split_once('=') else {
        return Err(format!(
            "--callee {text}: write NUMBER=OUTCOME, e.g. 447700900123=busy or default=unanswered"
        ));
    };
    let number = number.trim();
    if number.is_empty() {
        return Err(format!(
            "--callee {text}: no number before `=`; use `default` for any number"
        ));
    }
    let outcome =
        CalleeOutcome::parse(outcome.trim()).map_err(|e| format!("--callee {text}: {e}"))?;
    Ok((number.to_string(), outcome))
}

/// A URL the platform can request: absolute `http` or `https` with a host.
fn check_url(text: &str) -> Result<(), String> {
    let u = url::Url::parse(text)
        .map_err(|e| format!("not a URL ({e}); write e.g. http://127.0.0.1:3000/answer"))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err("not an http(s) URL; write e.g. http://127.0.0.1:3000/answer".into());
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(())
}

/// serde_json's message made clearer: a did-you-mean for an unknown field or value, and the
/// untagged-enum message named for what it is.
fn explain(message: &str) -> String {
    for prefix in ["unknown field `", "unknown variant `"] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((word, tail)) = rest.split_once('`')
        {
            let candidates: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let what = if prefix.contains("field") {
                "field"
            } else {
                "value"
            };
            let hint = did_you_mean(word, &candidates);
            let list = if candidates.is_empty() {
                String::new()
            } else {
                format!("; expected one of {}", candidates.join(", "))
            };
            return format!("unknown {what} `{word}`{hint}{list}");
        }
    }
    message.to_string()
}

/// ` (did you mean `x`?)` or nothing.
fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    crate::ncco::suggest::closest(word, candidates.iter().copied())
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// serde reads a struct from an array too (`[]` would be an empty scenario): the places that
/// take an object must hold one. The first that does not, with what belongs there.
fn not_an_object(text: &str) -> Option<(usize, String)> {
    use crate::ncco::tree::{Node, Value, get_last};
    let parsed = crate::ncco::syntax::parse(text, 0);
    let root = parsed.root?;
    let want = |n: &Node<'_>, what: &str| -> Option<(usize, String)> {
        (!matches!(n.value, Value::Object(_))).then(|| {
            (
                n.span.start,
                format!("{what} is a JSON object, not {}", n.kind().article()),
            )
        })
    };
    if let Some(e) = want(&root, "a scenario") {
        return Some(e);
    }
    let members = root.as_object()?;
    if let Some(m) = get_last(members, "call")
        && let Some(e) = want(&m.value, "`call`")
    {
        return Some(e);
    }
    let items = |key: &str| {
        get_last(members, key)
            .and_then(|m| m.value.as_array())
            .unwrap_or_default()
            .to_vec()
    };
    for step in items("caller") {
        if let Some(e) = want(&step, "a caller step") {
            return Some(e);
        }
    }
    for ex in items("expect") {
        if let Some(e) = want(&ex, "an expectation") {
            return Some(e);
        }
        if let Some(m) = ex.as_object().and_then(|o| get_last(o, "input"))
            && let Some(e) = want(&m.value, "`input`")
        {
            return Some(e);
        }
    }
    None
}

/// Marks a custom error about a whole object (a caller step), so its position goes to the
/// object rather than to its last value.
const OBJECT_LEVEL: &str = "\u{1}";

/// The byte offset where 1-based `line` starts.
fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// Where the value (or key) a data error at byte `end` is about starts: the innermost node
/// (key or value) that ends at or before `end` with only closing brackets and blanks after it.
/// `object` asks for the innermost object instead.
fn culprit(text: &str, end: usize, object: bool) -> Option<usize> {
    use crate::ncco::tree::{Node, Value};
    let parsed = crate::ncco::syntax::parse(text, 0);
    let root = parsed.root?;
    let tail_ok = |span_end: usize| {
        span_end <= end
            && text
                .get(span_end..end.min(text.len()))
                .is_some_and(|t| t.chars().all(|c| c.is_whitespace() || c == '}' || c == ']'))
    };
    let mut best: Option<std::ops::Range<usize>> = None;
    let mut consider = |span: &std::ops::Range<usize>, is_object: bool| {
        if tail_ok(span.end)
            && (!object || is_object)
            && best.as_ref().is_none_or(|b| span.len() < b.len())
        {
            best = Some(span.clone());
        }
    };
    fn walk(n: &Node<'_>, f: &mut dyn FnMut(&std::ops::Range<usize>, bool)) {
        f(&n.span, matches!(n.value, Value::Object(_)));
        match &n.value {
            Value::Array(items) => items.iter().for_each(|i| walk(i, f)),
            Value::Object(members) => {
                for m in members {
                    f(&m.key_span, false);
                    walk(&m.value, f);
                }
            }
            _ => {}
        }
    }
    walk(&root, &mut consider);
    best.map(|b| b.start)
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, col)
}

fn provider<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let p = String::deserialize(d)?;
    if PROVIDERS.contains(&p.as_str()) {
        return Ok(p);
    }
    Err(serde::de::Error::custom(format!(
        "unknown provider {p:?}{}; whk call plays {}",
        did_you_mean(&p, PROVIDERS),
        PROVIDERS.join(", ")
    )))
}

fn opt_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(u) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    check_url(&u)
        .map(|()| Some(u.clone()))
        .map_err(|e| serde::de::Error::custom(format!("{u:?}: {e}")))
}

fn opt_method<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(m) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let upper = m.to_ascii_uppercase();
    if upper == "GET" || upper == "POST" {
        return Ok(Some(upper));
    }
    Err(serde::de::Error::custom(format!(
        "method {m:?}: Vonage requests webhooks with GET or POST"
    )))
}

fn status_events<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let events = Vec::<String>::deserialize(d)?;
    for e in &events {
        if !STATUS_CALLBACK_EVENTS.contains(&e.as_str()) {
            return Err(serde::de::Error::custom(format!(
                "status callback event {e:?}{}: use any of {}",
                did_you_mean(e, STATUS_CALLBACK_EVENTS),
                STATUS_CALLBACK_EVENTS.join(", ")
            )));
        }
    }
    Ok(events)
}

fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(n) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    if n.trim().is_empty() {
        return Err(serde::de::Error::custom(
            "an empty number; write it as Vonage does, e.g. \"447700900000\"",
        ));
    }
    Ok(Some(n))
}

fn opt_direction<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(v) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    match v.as_str() {
        "inbound" | "outbound" => Ok(Some(v)),
        _ => Err(serde::de::Error::custom(format!(
            "direction {v:?}{}: use inbound or outbound",
            did_you_mean(&v, &["inbound", "outbound"])
        ))),
    }
}

fn opt_ended_by<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(v) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    if ENDED_BY.contains(&v.as_str()) {
        return Ok(Some(v));
    }
    Err(serde::de::Error::custom(format!(
        "ended_by {v:?}{}: use one of {}",
        did_you_mean(&v, ENDED_BY),
        ENDED_BY.join(", ")
    )))
}

fn opt_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => crate::input::parse_duration(&text)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

fn ser_duration<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::output::format::duration_written(*d))
}

fn ser_opt_duration<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_duration(d, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Scenario::parse("s.json", text.as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_issue_example_parses() {
        let text = r#"{
  "provider": "vonage",
  "answer_url": "http://127.0.0.1:3000/webhooks/answer",
  "answer_method": "GET",
  "event_url": "http://127.0.0.1:3000/webhooks/event",
  "event_method": "POST",
  "fallback_answer_url": null,
  "call": {"from": "447700900000", "to": "447700900001", "direction": "inbound"},
  "caller": [{"dtmf": "1"}, {"speech": "book a cleaning", "confidence": 0.92}, {"silence": true}],
  "callee": {"default": "answered", "447700900123": "busy"},
  "machine_detection": "human",
  "hangup_after": "120s",
  "expect": [{"said": "Welcome"}, {"input": {"dtmf": "1"}}, {"connected": "447700900002"},
             {"recorded": true}, {"ended_by": "caller"}, {"max_duration": "5m"}]
}"#;
        let s = Scenario::parse("s.json", text.as_bytes()).unwrap();
        assert_eq!(s.caller.len(), 3);
        assert_eq!(
            s.caller[1],
            CallerStep::Speech {
                speech: "book a cleaning".into(),
                confidence: Some(0.92)
            }
        );
        assert_eq!(s.callee_outcome("447700900123"), CalleeOutcome::Busy);
        assert_eq!(s.callee_outcome("447700900999"), CalleeOutcome::Answered);
        assert_eq!(s.hangup_after, Some(Duration::from_secs(120)));
        assert_eq!(s.expect[5], Expect::MaxDuration(Duration::from_secs(300)));
        assert_eq!(s.expect[4], Expect::EndedBy("caller".into()));
    }

    #[test]
    fn mistakes_have_positions_and_suggestions() {
        assert_eq!(
            err("{\n  \"answer_ur\": \"http://x/a\"\n}"),
            "s.json:2:3: unknown field `answer_ur` (did you mean `answer_url`?); expected one of $schema, provider, answer_url, answer_method, event_url, event_method, fallback_answer_url, voice_url, voice_method, voice_fallback_url, status_callback, status_callback_method, status_callback_events, server_url, secret_mode, assistant, partial_transcripts, turns, ended_reason, call, caller, callee, machine_detection, hangup_after, expect"
        );
        assert!(
            err("{\"callee\": {\"default\": \"bussy\"}}")
                .contains("unknown value `bussy` (did you mean `busy`?)")
        );
        assert!(err("{\"provider\": \"vonag\"}").contains("did you mean `vonage`?"));
        assert!(err("{\"answer_url\": \"localhost:3000/answer\"}").contains("not an http(s) URL"));
        assert!(err("{\"answer_url\": \"/answer\"}").contains("not a URL"));
        assert!(err("{\"answer_method\": \"PUT\"}").contains("GET or POST"));
        assert!(err("{\"hangup_after\": \"soon\"}").contains("not a duration"));
        assert!(err("{\"caller\": [{\"dtmf\": \"1x\"}]}").contains("not a key on a phone"));
        assert!(
            err("{\"caller\": [{\"dtmf\": \"1\", \"speech\": \"hi\"}]}").contains("not several")
        );
        assert!(err("{\"caller\": [{\"dtmf\": 1}]}").contains("invalid type"));
        assert!(err("{\"expect\": [{\"sayd\": \"x\"}]}").contains("did you mean `said`?"));
        assert!(
            err("{\"expect\": [{\"said\": \"x\", \"recorded\": true}]}")
                .starts_with("s.json:1:13: an expectation has one key")
        );
        assert!(err("{\"expect\": [{\"ended_by\": \"user\"}]}").contains("caller, app"));
        assert!(err("{\n").starts_with("s.json:1:2: EOF"));
        assert!(err("").starts_with("s.json:1:1: EOF"));
        assert_eq!(
            err("[]"),
            "s.json:1:1: a scenario is a JSON object, not an array"
        );
        assert_eq!(
            err("{\"caller\": [[\"1\"]]}"),
            "s.json:1:13: a caller step is a JSON object, not an array"
        );
        assert!(err("{\"expect\": [{\"input\": [\"1\"]}]}").contains("`input` is a JSON object"));
    }

    #[test]
    fn flags_override_the_file_and_defaults_fill_the_rest() {
        let file = Scenario::parse(
            "s.json",
            br#"{"answer_url": "http://a/answer", "caller": [{"dtmf": "9"}], "callee": {"1": "busy"}}"#,
        )
        .unwrap();
        let flags = ScenarioFlags {
            to: Some("http://127.0.0.1:8080/".into()),
            caller: vec![CallerStep::press("1"), CallerStep::say("yes")],
            callee: vec!["1=answered".into(), "default=unanswered".into()],
            hangup_after: Some("90s".into()),
            ..ScenarioFlags::default()
        };
        let s = Scenario::from_parts(Some(file), &flags).unwrap();
        assert_eq!(
            s.answer_url.as_deref(),
            Some("http://127.0.0.1:8080/answer")
        );
        assert_eq!(s.event_url.as_deref(), Some("http://127.0.0.1:8080/event"));
        assert_eq!(s.caller, flags.caller);
        assert_eq!(s.callee_outcome("1"), CalleeOutcome::Answered);
        assert_eq!(s.callee_outcome("2"), CalleeOutcome::Unanswered);
        assert_eq!(s.hangup_after, Some(Duration::from_secs(90)));
        assert_eq!(s.answer_method.as_deref(), Some("GET"));
        assert_eq!(s.event_method.as_deref(), Some("POST"));
        assert_eq!(s.call.from.as_deref(), Some(DEFAULT_FROM));
        assert_eq!(s.call.to.as_deref(), Some(DEFAULT_TO));
        assert_eq!(s.call.direction.as_deref(), Some("inbound"));
        assert_eq!(s.machine_detection, Some(MachineDetection::Human));
        assert_eq!(s.provider, "vonage");

        let only = ScenarioFlags {
            answer_url: Some("http://x/a".into()),
            ..ScenarioFlags::default()
        };
        let s = Scenario::from_parts(None, &only).unwrap();
        assert_eq!(s.event_url, None);
        assert_eq!(s.callee_outcome("x"), CalleeOutcome::Answered);
    }

    #[test]
    fn bad_flags_are_usage_errors() {
        let run =
            |flags: ScenarioFlags| Scenario::from_parts(None, &flags).unwrap_err().to_string();
        assert!(run(ScenarioFlags::default()).starts_with("no answer URL"));
        let to = |t: &str| ScenarioFlags {
            to: Some(t.into()),
            ..ScenarioFlags::default()
        };
        assert!(run(to("127.0.0.1:3000")).starts_with("--to 127.0.0.1:3000: "));
        let mut f = to("http://h");
        f.callee = vec!["447=bsy".into()];
        assert_eq!(
            run(f.clone()),
            "--callee 447=bsy: unknown outcome \"bsy\" (did you mean `busy`?); use one of answered, busy, unanswered, rejected, failed, timeout, machine"
        );
        f.callee = vec!["busy".into()];
        assert!(run(f.clone()).contains("NUMBER=OUTCOME"));
        f.callee = vec![];
        f.hangup_after = Some("later".into());
        assert!(run(f.clone()).starts_with("--hangup-after: "));
        f.hangup_after = None;
        f.caller = vec![CallerStep::press("12a")];
        assert!(run(f).starts_with("--press: "));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const EXAMPLE: &str = r#"{"answer_url": "http://127.0.0.1:3000/answer", "event_url": "http://127.0.0.1:3000/event",
 "call": {"from": "447700900000", "direction": "inbound"},
 "caller": [{"dtmf": "1"}, {"speech": "book a cleaning", "confidence": 0.92}, {"silence": true}],
 "callee": {"default": "answered", "447700900123": "busy"}, "hangup_after": "120s",
 "expect": [{"said": "Welcome"}, {"input": {"dtmf": "1"}}, {"max_duration": "5m"}]}"#;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            /// A valid file with one stretch cut out and some text put in never panics, and a
            /// mistake's position is inside the file.
            #[test]
            fn edited_files_never_panic_and_errors_point_inside(
                at in 0usize..EXAMPLE.len(),
                cut in 0usize..12,
                insert in "\\PC{0,6}",
            ) {
                let mut text = EXAMPLE.as_bytes()[..at].to_vec();
                text.extend_from_slice(insert.as_bytes());
                text.extend_from_slice(&EXAMPLE.as_bytes()[(at + cut).min(EXAMPLE.len())..]);
                if let Err(ScenarioError::File { line, column, .. }) = Scenario::parse("p.json", &text) {
                    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
                    prop_assert!(line >= 1 && line <= lines.len().max(1), "line {line}");
                    prop_assert!(column >= 1 && column <= lines[line - 1].len() + 1, "column {column}");
                }
            }
        }
    }

    /// The shipped JSON Schema names exactly the fields the types accept.
    #[test]
    fn the_schema_matches_the_types() {
        use std::collections::BTreeSet;
        let schema: serde_json::Value = serde_json::from_slice(SCENARIO_SCHEMA).unwrap();
        let keys = |v: &serde_json::Value| -> BTreeSet<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let full = Scenario {
            schema: Some("x".into()),
            provider: "vonage".into(),
            answer_url: Some("x".into()),
            answer_method: Some("x".into()),
            event_url: Some("x".into()),
            event_method: Some("x".into()),
            fallback_answer_url: Some("x".into()),
            voice_url: Some("x".into()),
            voice_method: Some("x".into()),
            voice_fallback_url: Some("x".into()),
            status_callback: Some("x".into()),
            status_callback_method: Some("x".into()),
            status_callback_events: vec!["completed".into()],
            server_url: Some("x".into()),
            secret_mode: Some(crate::call::vapi::script::SecretMode::Hmac),
            assistant: Some(Default::default()),
            partial_transcripts: true,
            turns: vec![crate::call::vapi::script::Turn::User("x".into())],
            ended_reason: Some("x".into()),
            call: CallInfo {
                from: Some("x".into()),
                to: Some("x".into()),
                direction: Some("x".into()),
            },
            caller: vec![],
            callee: BTreeMap::new(),
            machine_detection: Some(MachineDetection::Human),
            hangup_after: Some(Duration::from_secs(1)),
            expect: vec![],
        };
        let v = serde_json::to_value(&full).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(keys(&schema["properties"]), keys(&v));
        assert_eq!(
            keys(&schema["$defs"]["call"]["properties"]),
            keys(&v["call"])
        );
        let enum_of = |v: &serde_json::Value| -> BTreeSet<String> {
            v["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        let outcomes: BTreeSet<String> = CalleeOutcome::ALL
            .iter()
            .map(|o| o.as_str().to_string())
            .collect();
        assert_eq!(enum_of(&schema["$defs"]["outcome"]), outcomes);
        let providers: BTreeSet<String> = PROVIDERS.iter().map(|s| s.to_string()).collect();
        assert_eq!(enum_of(&schema["properties"]["provider"]), providers);
        let ended: BTreeSet<String> = ENDED_BY.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            enum_of(&schema["$defs"]["expect"]["properties"]["ended_by"]),
            ended
        );
        // Every expectation kind, and each caller step kind.
        let expects = [
            Expect::Said("x".into()),
            Expect::Input(CallerStep::press("1")),
            Expect::Connected("x".into()),
            Expect::Recorded(true),
            Expect::EndedBy("caller".into()),
            Expect::MaxDuration(Duration::from_secs(1)),
            Expect::ToolCallsAnswered(true),
            Expect::ResultContains("x".into()),
            Expect::Assistant("x".into()),
            Expect::EndedReason("x".into()),
        ];
        let kinds: BTreeSet<String> = expects
            .iter()
            .flat_map(|e| keys(&serde_json::to_value(e).unwrap()))
            .collect();
        assert_eq!(keys(&schema["$defs"]["expect"]["properties"]), kinds);
        let steps = [
            CallerStep::press("1"),
            CallerStep::Speech {
                speech: "x".into(),
                confidence: Some(0.5),
            },
            CallerStep::Silence { silence: true },
        ];
        let fields: BTreeSet<String> = steps
            .iter()
            .flat_map(|s| keys(&serde_json::to_value(s).unwrap()))
            .collect();
        assert_eq!(keys(&schema["$defs"]["step"]["properties"]), fields);
        // The schema's own example is a valid scenario.
        for example in schema["examples"].as_array().unwrap() {
            let text = serde_json::to_string(example).unwrap();
            Scenario::parse("example", text.as_bytes()).unwrap();
        }
    }
}
