//! `whk call` arguments.
//!
//! `--press` and `--say` answer `input` actions in the order they are written, so the
//! arguments are read by hand around the derived [`CallOpts`]: their positions on the command
//! line interleave them into one list of caller steps.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgMatches, Args, FromArgMatches, ValueEnum};

use super::{ReportFormat, SchemeArgs, SecretArgs};
use crate::call::engine::Order;
use crate::call::scenario::{CallerStep, Scenario};

fn deadline(s: &str) -> Result<Duration, String> {
    match crate::input::parse_duration(s)? {
        d if d.is_zero() => Err(format!("{s:?}: the deadline must be more than 0 (e.g. 5s)")),
        d => Ok(d),
    }
}

fn at_least_one(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("{s:?} is not a whole number of at least 1")),
    }
}

/// `--order`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    /// The provider's documented order (Vonage: started, ringing, answered, …, completed).
    #[default]
    Documented,
    /// The order seen in real captures (Vonage: ringing before started).
    Observed,
    /// Status events sent together go out in a random order (repeat it with --seed).
    Shuffle,
}

impl From<OrderArg> for Order {
    fn from(o: OrderArg) -> Order {
        match o {
            OrderArg::Documented => Order::Documented,
            OrderArg::Observed => Order::Observed,
            OrderArg::Shuffle => Order::Shuffle,
        }
    }
}

/// Play a whole phone call against your answer and event URLs, offline, on a virtual clock.
#[derive(Clone, Debug, Args)]
pub struct CallOpts {
    /// A scenario file (JSON): URLs, the caller's steps, callee outcomes, expectations. Flags
    /// override it. A name from whk.toml's `[apps.NAME.call.scenarios]` works too.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// The platform whk plays: vonage (default), twilio, signalwire (cXML) or vapi. Overrides
    /// the scenario's `provider`.
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,

    /// The answer URL (GET with query fields by default, as Vonage does).
    #[arg(long, value_name = "URL")]
    pub answer_url: Option<String>,

    /// The event URL (status events, input, record, errors).
    #[arg(long, value_name = "URL")]
    pub event_url: Option<String>,

    /// The fallback URL: Vonage's application fallback (tried twice after the answer URL failed
    /// twice); Twilio/SignalWire's voice fallback (asked with ErrorCode and ErrorUrl).
    #[arg(long, value_name = "URL")]
    pub fallback_url: Option<String>,

    /// The app's base URL: answer URL URL/answer, event URL URL/event (what `whk listen`
    /// serves); for twilio and signalwire voice URL URL/voice, status callback URL/status;
    /// for vapi the server URL itself.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// The caller keys these digits at the next input (repeatable; in order with --say).
    #[arg(long, value_name = "DIGITS")]
    pub press: Vec<String>,

    /// The caller says this at the next input (repeatable; in order with --press).
    #[arg(long, value_name = "TEXT")]
    pub say: Vec<String>,

    /// What a connect to NUMBER meets: answered, busy, unanswered, rejected, failed, timeout
    /// or machine (repeatable; NUMBER `default` for any other).
    #[arg(long, value_name = "NUMBER=OUTCOME")]
    pub callee: Vec<String>,

    /// The caller hangs up this long after the call is answered (e.g. 120s, 5m).
    #[arg(long, value_name = "DURATION")]
    pub hangup_after: Option<String>,

    /// The order status events go out in.
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = OrderArg::Documented)]
    pub order: OrderArg,

    /// Send every status event twice (does the app handle duplicates?).
    #[arg(long)]
    pub duplicate_events: bool,

    /// Run the call on the wall clock instead of the virtual one.
    #[arg(long)]
    pub realtime: bool,

    /// The seed of the call's ids and of --order shuffle (printed in the summary), to repeat a
    /// run exactly.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// How long the answer URL (and the fallback URL) gets to answer [default: 5s; vapi: the
    /// assistant-request's 7.5s; twilio/signalwire: 15s for each TwiML request].
    #[arg(long, value_name = "DURATION", value_parser = deadline)]
    pub answer_deadline: Option<Duration>,

    /// How long the event URL gets to answer each webhook [default: 10s; vapi: a tool call's
    /// 20s; twilio/signalwire: 15s for each status callback].
    #[arg(long, value_name = "DURATION", value_parser = deadline)]
    pub event_deadline: Option<Duration>,

    /// Map the NCCO's WebSocket host to a local app: ws://127.0.0.1:PORT/….
    #[arg(long, value_name = "URL")]
    pub ws_to: Option<String>,

    /// The caller's audio on a WebSocket leg: a WAV file (16-bit PCM; resampled), else
    /// silence.
    #[arg(long, value_name = "FILE.wav")]
    pub audio: Option<PathBuf>,

    /// Write the run as a lifecycle and fixtures that `whk replay` can send again.
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,

    /// Play the call this many times (fresh ids each), for load.
    #[arg(long, value_name = "N", value_parser = at_least_one, default_value = "1")]
    pub repeat: u64,

    /// With --repeat: at most this many calls at once.
    #[arg(long, value_name = "C", value_parser = at_least_one, default_value = "1")]
    pub concurrency: u64,

    /// One JSON object per timeline entry, then {"summary": {...}}.
    #[arg(long)]
    pub json: bool,

    /// Output format: human, json (the same as --json), or github (GitHub Actions
    /// annotations, one per finding).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<ReportFormat>,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub scheme: SchemeArgs,

    /// The app's provider and routes from whk.toml: used only where neither a flag nor the
    /// scenario file says.
    #[arg(skip)]
    pub routes: RouteDefaults,
}

/// The provider and URLs from the project config, below the command line and the scenario file.
#[derive(Clone, Debug, Default)]
pub struct RouteDefaults {
    /// The app's provider, when `whk call` plays it (vonage, twilio, signalwire, vapi).
    pub provider: Option<String>,
    pub answer: Option<String>,
    pub event: Option<String>,
    pub fallback: Option<String>,
    pub voice: Option<String>,
    pub status: Option<String>,
    pub server: Option<String>,
}

impl RouteDefaults {
    /// `file` with the config's URLs where it has none (a call without a scenario file starts
    /// from an empty one, in the app's provider). Flags are laid over the result later, so they
    /// still win.
    pub fn under(&self, file: Option<Scenario>) -> Option<Scenario> {
        let urls = [
            &self.answer,
            &self.event,
            &self.fallback,
            &self.voice,
            &self.status,
            &self.server,
        ];
        if self.provider.is_none() && urls.iter().all(|u| u.is_none()) {
            return file;
        }
        let mut s = file.unwrap_or_else(|| Scenario {
            provider: self.provider.clone().unwrap_or_default(),
            ..Scenario::default()
        });
        let fill = |slot: &mut Option<String>, v: &Option<String>| {
            if slot.is_none() {
                *slot = v.clone();
            }
        };
        fill(&mut s.answer_url, &self.answer);
        fill(&mut s.event_url, &self.event);
        fill(&mut s.fallback_answer_url, &self.fallback);
        fill(&mut s.voice_url, &self.voice);
        if matches!(s.provider.as_str(), "twilio" | "signalwire") {
            fill(&mut s.voice_fallback_url, &self.fallback);
        }
        fill(&mut s.status_callback, &self.status);
        fill(&mut s.server_url, &self.server);
        Some(s)
    }
}

/// `whk call`'s arguments: the options, and `--press`/`--say` as caller steps in command-line
/// order.
#[derive(Clone, Debug)]
pub struct CallArgs {
    pub opts: CallOpts,
    pub caller: Vec<CallerStep>,
}

impl FromArgMatches for CallArgs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let opts = CallOpts::from_arg_matches(m)?;
        let mut steps: Vec<(usize, CallerStep)> = Vec::new();
        for id in ["press", "say"] {
            if let (Some(idx), Some(vals)) = (m.indices_of(id), m.get_many::<String>(id)) {
                steps.extend(idx.zip(vals).map(|(i, v)| {
                    let step = if id == "press" {
                        CallerStep::press(v.clone())
                    } else {
                        CallerStep::say(v.clone())
                    };
                    (i, step)
                }));
            }
        }
        steps.sort_by_key(|(i, _)| *i);
        Ok(CallArgs {
            opts,
            caller: steps.into_iter().map(|(_, s)| s).collect(),
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = CallArgs::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for CallArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        CallOpts::augment_args(cmd)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        CallOpts::augment_args_for_update(cmd)
    }
}
