//! A call scenario: what the far end does, which URLs the platform calls, and what to expect.
//!
//! The JSON field names are the interface users' scenario files are written against
//! (issue 12); `fixtures/scenario.schema.json` describes the same shape for editors.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

/// One scenario, as read from a file or built from flags.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// `vonage` (issue 14 adds `twilio`, `signalwire`, `vapi`).
    #[serde(default = "default_provider")]
    pub provider: String,
    pub answer_url: Option<String>,
    /// `GET` (Vonage's default: query fields) or `POST` (a JSON body).
    #[serde(default)]
    pub answer_method: Option<String>,
    pub event_url: Option<String>,
    /// `POST` (default, JSON body) or `GET`.
    #[serde(default)]
    pub event_method: Option<String>,
    #[serde(default)]
    pub fallback_answer_url: Option<String>,
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
    #[serde(default, deserialize_with = "opt_duration", serialize_with = "ser_opt_duration")]
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
    pub from: Option<String>,
    pub to: Option<String>,
    /// `inbound` (default) or `outbound`.
    pub direction: Option<String>,
}

/// One caller step: answers the next `input` action.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged, deny_unknown_fields)]
pub enum CallerStep {
    Dtmf { dtmf: String },
    Speech {
        speech: String,
        #[serde(default)]
        confidence: Option<f64>,
    },
    Silence { silence: bool },
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

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MachineDetection {
    Human,
    Machine,
}

/// One expectation about the finished call.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
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
    #[serde(deserialize_with = "duration", serialize_with = "ser_duration")]
    MaxDuration(Duration),
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(d)?;
    crate::input::parse_duration(&text).map_err(serde::de::Error::custom)
}

fn opt_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    duration(d).map(Some)
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
