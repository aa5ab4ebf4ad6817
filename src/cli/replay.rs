//! `whk replay` arguments.

use std::time::Duration;

use clap::Args;

use super::{SchemeArgs, SecretArgs, provider_parser};
use crate::platform::Kind;
use crate::replay::StatusSpec;
use crate::webhook::Provider;

fn duration(s: &str) -> Result<Duration, String> {
    crate::fixtures::parse_duration(s)
}

/// A deadline of zero would fail every request before it is sent.
fn deadline(s: &str) -> Result<Duration, String> {
    match crate::fixtures::parse_duration(s)? {
        d if d.is_zero() => Err(format!("{s:?}: the deadline must be more than 0 (e.g. 5s)")),
        d => Ok(d),
    }
}

/// Requests per second: positive, and at least one every 1000 s (below that the interval
/// between requests is beyond any local run).
fn rate(s: &str) -> Result<f64, String> {
    let r = positive_f64(s)?;
    if r < 0.001 {
        return Err(format!(
            "{s:?} is too low: at least 0.001 (one request every 1000 s)"
        ));
    }
    Ok(r)
}

/// `--route KIND=URL`.
fn route(s: &str) -> Result<(Kind, String), String> {
    let example = "e.g. --route answer=http://localhost:3000/webhooks/answer";
    let Some((kind, url)) = s.split_once('=') else {
        return Err(format!("{s:?} is not KIND=URL ({example})"));
    };
    let url = url.trim();
    if url.is_empty() {
        return Err(format!("{s:?} has no URL after = ({example})"));
    }
    Ok((kind.parse()?, url.to_string()))
}

fn status_spec(s: &str) -> Result<StatusSpec, String> {
    s.parse()
}

fn positive_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a positive number")),
    }
}

/// Send freshly signed fixture events to an endpoint and check the answers.
///
/// Each FIXTURE is a file, a folder (every *.json in it), or the id of a fixture whk ships
/// (`vapi/end-of-call-report`, a whole provider such as `vonage`, or a lifecycle such as
/// `lifecycles/vonage-inbound`; see `whk fixtures`). A path on disk wins over an id.
/// Placeholders such as {{call_id}} and {{now_ms}} are filled in fresh for every delivery and
/// every request is signed when sent, so timestamps are always current.
///
/// Exit status: 0 every request passed, 1 any failed, 2 usage or I/O error (bad fixture,
/// no secret, nothing listening at --to).
#[derive(Debug, Args)]
#[command(
    after_help = "FIXTURE is a file, a folder (every *.json in it), or the id of a shipped fixture \
(vapi/end-of-call-report), provider folder (vonage) or lifecycle (lifecycles/vonage-inbound); \
see `whk fixtures`. A path on disk wins over an id. Placeholders such as {{call_id}} are filled \
in fresh for every delivery, and every request is signed when it is sent.\n\n\
Exit status: 0 every request passed, 1 any failed, 2 usage or I/O error (bad fixture, no \
secret, nothing listening at --to).\n\nExamples:\n  whk replay vapi/end-of-call-report\n  whk replay fixtures/vonage --to http://localhost:3000/webhooks/event\n  whk replay lifecycles/vonage-inbound --gap 1s\n  whk replay lifecycles/vonage-inbound --route answer=http://localhost:3000/answer --route event=http://localhost:3000/event\n  whk replay vapi/tool-calls --var call_id=3f1e2c44-6a0d-4b8e-9c1f-2b7d5e8a9f01\n  whk replay vapi/status-update --repeat 1000 --concurrency 32 --duplicate --json\n  whk replay twilio/voice --dry-run"
)]
pub struct ReplayArgs {
    /// Fixture files, folders, or shipped fixture ids.
    #[arg(value_name = "FIXTURE|DIR", required = true)]
    pub fixtures: Vec<String>,

    /// Where to send: the fixture's path and query are appended to this URL (http only).
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8787/")]
    pub to: String,

    /// Send requests of one webhook kind to their own URL (repeatable): answer, event,
    /// fallback (Vonage), voice, status, action (Twilio, SignalWire), server (Vapi), webhook
    /// (the rest). Kinds without a route go to --to; `whk fixtures` shows each fixture's kind.
    #[arg(long = "route", value_name = "KIND=URL", value_parser = route)]
    pub routes: Vec<(Kind, String)>,

    /// How many of `routes` (at the end) came from whk.toml: a project's routes for kinds this
    /// run does not send are not worth a warning.
    #[arg(skip)]
    pub file_routes: usize,

    /// Sign every fixture with this provider's scheme, whatever its folder or envelope says.
    #[arg(long, short = 'p', value_parser = provider_parser(), value_name = "PROVIDER")]
    pub provider: Option<Provider>,

    /// whk.toml's provider, for fixtures that name none (a fixture's own provider wins).
    #[arg(skip)]
    pub default_provider: Option<Provider>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Send without signatures (no secret needed).
    #[arg(long)]
    pub unsigned: bool,

    /// Extra header for every request, before signing (repeatable): -H 'Name: value'.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// Send the bytes exactly as written: no placeholders filled in (still signed).
    #[arg(long)]
    pub keep: bool,

    /// Set a template variable (repeatable): fills {{var:NAME}} (beating the lifecycle's vars
    /// and the default); `call_id`, `call_sid`, `account_sid` and named placeholders such as
    /// `uuid:conversation` pin those values.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::var_pair)]
    pub vars: Vec<(String, String)>,

    /// Send each fixture (or lifecycle) N times, fresh ids each time.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub repeat: u64,

    /// Deliveries in flight at once (a lifecycle's steps always go one after another).
    #[arg(long, short = 'c', value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub concurrency: u64,

    /// At most R requests per second.
    #[arg(long, value_name = "R", value_parser = rate)]
    pub rate: Option<f64>,

    /// Send every delivery twice with the same id and signature, as a provider retry does.
    #[arg(long)]
    pub duplicate: bool,

    /// Deliver out of order: fixtures in random order, and a lifecycle's steps too.
    #[arg(long)]
    pub shuffle: bool,

    /// Wait between lifecycle steps, overriding the lifecycle files (e.g. 500ms, 2s).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub gap: Option<Duration>,

    /// Answer deadline per request [default: the fixture's, else 5s].
    #[arg(long, value_name = "DURATION", value_parser = deadline)]
    pub deadline: Option<Duration>,

    /// Accepted statuses: 200, 2xx, 200,204 or 200-299 [default: the fixture's, else 2xx].
    #[arg(long, value_name = "SPEC", value_parser = status_spec)]
    pub expect_status: Option<StatusSpec>,

    /// Retry failed deliveries (non-matching status, timeout, connection error) with
    /// exponential backoff, re-signing each attempt.
    #[arg(long)]
    pub retry: bool,

    /// Attempts in all, the first included (implies --retry) [default: 5].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: Option<u32>,

    /// Wait before the first retry (implies --retry) [default: 1s].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub initial_delay: Option<Duration>,

    /// Longest wait between attempts (implies --retry) [default: 30s].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub max_delay: Option<Duration>,

    /// Each wait is the previous one times this (implies --retry) [default: 2].
    #[arg(long, value_name = "FACTOR", value_parser = positive_f64)]
    pub backoff_factor: Option<f64>,

    /// One JSON object per request, then {"summary": {...}}.
    #[arg(long)]
    pub json: bool,

    /// Output format: human, json (the same as --json), or github (GitHub Actions
    /// annotations, one ::error/::warning per finding, titled with its code).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<super::ReportFormat>,

    /// Print each signed request as a curl command instead of sending it (the secret is not
    /// in it).
    #[arg(long)]
    pub dry_run: bool,

    /// Print only failed requests and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    #[command(flatten)]
    pub scheme: SchemeArgs,
}
