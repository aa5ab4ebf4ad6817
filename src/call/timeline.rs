//! What happened on a call, as data: the timeline entries (`--json` prints one object per
//! entry) and the [`CallRun`] the engine returns, which expectations, `--record` and the
//! renderers read.
//!
//! Every entry has `t_ms` (virtual milliseconds since the call started) and a `type`:
//! - `request`: a webhook whk sent and the reply it got ([`Sent`]);
//! - `action`: an NCCO action as it ran ([`ActionRun`]);
//! - `event`: something that happened to the call or a leg ([`CallEvent`]: a callee's outcome,
//!   a hang-up, the end of the call);
//! - `media`: what a WebSocket endpoint did (the details are the socket report's).

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::call::scenario::{CalleeOutcome, CallerStep};
use crate::finding::{Finding, Severity};

/// One timeline entry.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Virtual milliseconds since the call started.
    pub t_ms: u64,
    #[serde(flatten)]
    pub item: Item,
}

/// Entries are built once each and kept in one Vec per call; boxing the big variant would
/// only add an allocation per request.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Request(Sent),
    Action(ActionRun),
    Event(CallEvent),
    Media(Map<String, Value>),
}

/// How a reply fared against its contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It met the contract (or there is none and the app accepted the request).
    Ok,
    /// It broke the contract, or the app refused or never answered.
    Failed,
}

/// One webhook request whk sent and what came back.
#[derive(Clone, Debug, Serialize)]
pub struct Sent {
    /// What the request is: `answer`, `event`, `input`, `record`, `transcription`, `notify`,
    /// `on_answer` (a phone endpoint's `onAnswer.url`), `fallback` (the application's fallback
    /// URL); Twilio/SignalWire: `voice`, `action` (a verb's `action` or `<Redirect>`), `status`
    /// (a status callback), `recording_status` (`recordingStatusCallback`).
    pub kind: String,
    /// The event it carries: `started`, `ringing`, `input`, `error`, … (`answer` for the
    /// answer webhook).
    pub name: String,
    /// The leg it is about (`uuid`), when it is about one.
    pub leg: Option<String>,
    pub method: String,
    pub url: String,
    /// 1 for the first try, 2 for the retry.
    pub attempt: u32,
    /// The fields sent (the JSON body, or the query fields of a GET as an object).
    pub payload: Value,
    pub status: Option<u16>,
    pub latency_ms: f64,
    /// Why no answer arrived (refused, timeout, …).
    pub error: Option<String>,
    /// The contract the reply is held to (`ncco`, `ncco_if_any`), when there is one.
    pub contract: Option<&'static str>,
    pub verdict: Verdict,
    /// The NCCO the reply carried, when the platform runs it.
    pub ncco: Option<Value>,
    pub findings: Vec<Finding>,
}

/// One NCCO action as it ran.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRun {
    /// `talk`, `stream`, `wait`, `input`, `record`, `connect`, `notify`, `transfer`,
    /// `conversation`.
    pub action: String,
    /// Its index in the NCCO that was running (each replacement NCCO counts from 0).
    pub index: usize,
    /// Virtual time it took.
    pub duration_ms: u64,
    /// What it did, per action (`text`, `digits`, `outcome`, …).
    #[serde(flatten)]
    pub detail: Map<String, Value>,
}

/// Something that happened to the call or a leg.
#[derive(Clone, Debug, Serialize)]
pub struct CallEvent {
    /// `answered`, `callee`, `hangup`, `ended`, …
    pub event: String,
    #[serde(flatten)]
    pub detail: Map<String, Value>,
}

/// Who ended the call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// The caller hung up (`hangup_after`).
    Caller,
    /// The app: its NCCO ran out (or a transfer/hang-up it asked for).
    #[default]
    App,
    /// The callee of the last `connect` hung up and nothing followed.
    Callee,
    /// The platform: a broken NCCO, no answer, or the call's length limit.
    Platform,
}

impl EndedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            EndedBy::Caller => "caller",
            EndedBy::App => "app",
            EndedBy::Callee => "callee",
            EndedBy::Platform => "platform",
        }
    }
}

/// A whole call as the engine ran it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CallRun {
    pub provider: String,
    /// The caller's leg id and the conversation id.
    pub uuid: String,
    pub conversation_uuid: String,
    pub entries: Vec<Entry>,
    /// What whk found (refusals, broken contracts, deadlines), in order.
    pub findings: Vec<Finding>,
    pub ended_by: EndedBy,
    /// Virtual call length, from the answer request to the end.
    pub duration: Duration,
    pub webhooks_sent: usize,
    pub actions_run: usize,
    /// Set when the answer URL could not be reached at all (connection refused, no such
    /// host): the call never started, which is a usage error (exit 2), not a finding.
    pub unreachable: Option<String>,
    /// The seed the call's ids (and `--order shuffle`) came from.
    pub seed: u64,
}

impl CallRun {
    /// The requests sent, in order.
    pub fn requests(&self) -> impl Iterator<Item = (u64, &Sent)> {
        self.entries.iter().filter_map(|e| match &e.item {
            Item::Request(s) => Some((e.t_ms, s)),
            _ => None,
        })
    }

    /// The actions run, in order.
    pub fn actions(&self) -> impl Iterator<Item = (u64, &ActionRun)> {
        self.entries.iter().filter_map(|e| match &e.item {
            Item::Action(a) => Some((e.t_ms, a)),
            _ => None,
        })
    }

    /// The actions with any of these names (an NCCO action and its TwiML verb: `talk`/`Say`).
    fn actions_named<'a>(
        &'a self,
        names: &'a [&'a str],
    ) -> impl Iterator<Item = &'a ActionRun> + 'a {
        self.actions()
            .map(|(_, a)| a)
            .filter(move |a| names.contains(&a.action.as_str()))
    }

    /// The texts every `talk` (TwiML `<Say>`) said (each once, however often it looped).
    pub fn said(&self) -> Vec<&str> {
        self.actions_named(&["talk", "Say"])
            .filter_map(|a| a.detail.get("text").and_then(Value::as_str))
            .collect()
    }

    /// What each `input` (TwiML `<Gather>`) received: digits, speech, or silence (timed out with nothing).
    pub fn inputs(&self) -> Vec<CallerStep> {
        self.actions_named(&["input", "Gather"])
            .map(|a| {
                if let Some(d) = a.detail.get("digits").and_then(Value::as_str)
                    && !d.is_empty()
                {
                    return CallerStep::Dtmf {
                        dtmf: d.to_string(),
                    };
                }
                if let Some(s) = a.detail.get("speech").and_then(Value::as_str) {
                    return CallerStep::Speech {
                        speech: s.to_string(),
                        confidence: a.detail.get("confidence").and_then(Value::as_f64),
                    };
                }
                CallerStep::Silence { silence: true }
            })
            .collect()
    }

    /// Every `connect` (TwiML `<Dial>`): the number, user or URI it called and the callee's outcome.
    pub fn connects(&self) -> Vec<(String, CalleeOutcome)> {
        self.actions_named(&["connect", "Dial"])
            .filter_map(|a| {
                let target = a.detail.get("target")?.as_str()?.to_string();
                let outcome = serde_json::from_value(a.detail.get("outcome")?.clone()).ok()?;
                Some((target, outcome))
            })
            .collect()
    }

    /// The targets of `connect`s the callee answered (a human or a machine).
    pub fn connected(&self) -> Vec<String> {
        self.connects()
            .into_iter()
            .filter(|(_, o)| matches!(o, CalleeOutcome::Answered | CalleeOutcome::Machine))
            .map(|(t, _)| t)
            .collect()
    }

    /// How many recordings were made (one `record` event each).
    pub fn recordings(&self) -> usize {
        self.requests()
            .filter(|(_, s)| s.name == "record" && s.attempt == 1)
            .count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}
