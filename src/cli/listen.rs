//! `whk listen` arguments.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{ProviderChoice, SchemeArgs, SecretArgs, provider_choice_parser};
use crate::input::parse_duration;
use crate::listen::config::parse_size;

/// Run a local receiver: every delivery is shown, verified, answered (or forwarded to your app)
/// and optionally recorded as a replayable fixture.
#[derive(Debug, Args)]
#[command(after_help = "\
Exit status: 0 when every delivery verified and parsed (payload warnings, such as a shape the \
provider does not send, are shown and counted but pass unless --strict), 1 when one did not (or \
--count was not reached before --timeout), 2 on errors such as a port in use.

URL-signed schemes (twilio, signalwire) are verified against --public-url BASE + path + query \
when given, else http://<Host header><path>?<query>.")]
pub struct ListenArgs {
    /// Address to bind. Loopback by default; 0.0.0.0 exposes the receiver to your network.
    #[arg(long, default_value = crate::DEFAULT_LISTEN_HOST, value_name = "HOST")]
    pub host: String,

    /// Port to listen on; 0 picks a free one (printed at start).
    #[arg(long, default_value_t = crate::DEFAULT_LISTEN_PORT, value_name = "N")]
    pub port: u16,

    /// Only accept deliveries under this path prefix (others get 404).
    #[arg(long, default_value = "/", value_name = "PREFIX")]
    pub path: String,

    /// Provider whose signatures to check, or auto to recognise each delivery's scheme from
    /// its headers.
    #[arg(long, short = 'p', value_parser = provider_choice_parser(), value_name = "PROVIDER|auto", default_value = "auto")]
    pub provider: ProviderChoice,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// The public URL the provider calls (your tunnel, e.g. https://abc.ngrok.app): URL-signed
    /// schemes are verified against BASE + path + query.
    #[arg(long, value_name = "BASE")]
    pub public_url: Option<String>,

    /// Timestamp window in seconds, replacing the provider's (0 turns the check off).
    #[arg(long, value_name = "SECS")]
    pub tolerance: Option<u64>,

    /// Flag signed timestamps older (or further in the future) than this as possible replays.
    #[arg(long, default_value = "5m", value_parser = parse_duration, value_name = "DURATION")]
    pub stale_after: Duration,

    /// Show only deliveries whose event matches one of these patterns (`*` is a wildcard),
    /// e.g. `call.*,end-of-call-report`. The rest are still answered, counted and recorded.
    #[arg(long, value_delimiter = ',', value_name = "PATTERN,...")]
    pub events: Vec<String>,

    /// Print one JSON object per delivery on stdout (first line: {"listening": URL}; last
    /// line: {"summary": {...}}).
    #[arg(long)]
    pub json: bool,

    /// Print one line per delivery instead of the full block.
    #[arg(long, conflicts_with = "json")]
    pub compact: bool,

    /// Status code to answer with (default 200).
    #[arg(help_heading = "Answering", long, value_name = "CODE", value_parser = clap::value_parser!(u16).range(100..=599), conflicts_with = "forward_to")]
    pub status: Option<u16>,

    /// Wait this long before answering (e.g. 6s, 250ms), to test the sender's timeouts.
    #[arg(help_heading = "Answering", long, value_parser = parse_duration, value_name = "DURATION")]
    pub delay: Option<Duration>,

    /// Answer the first N deliveries of each event id with 500, to watch the provider retry.
    #[arg(help_heading = "Answering", long, value_name = "N")]
    pub fail_first: Option<u32>,

    /// Reply body from a file; the Content-Type comes from its extension (.json, .xml, .txt…).
    #[arg(
        help_heading = "Answering",
        long,
        value_name = "FILE",
        conflicts_with = "forward_to"
    )]
    pub respond: Option<PathBuf>,

    /// Serve this Vonage NCCO (a JSON array, linted at start) to answer requests.
    #[arg(help_heading = "Answering", long, value_name = "NCCO_FILE")]
    pub answer: Option<PathBuf>,

    /// Only requests to this path are answer requests (GET or POST); under --path when that
    /// is set [default: Vonage answer requests recognised by their content on any path, and
    /// /answer].
    #[arg(help_heading = "Answering", long, value_name = "PATH")]
    pub answer_path: Option<String>,

    /// Pass every delivery to your app (http://…) byte for byte, and its reply back to the
    /// sender. The request path is appended to URL's path.
    #[arg(help_heading = "Answering", long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// How long to wait for the app's reply before answering 504.
    #[arg(help_heading = "Answering", long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub forward_timeout: Duration,

    /// Exit after N deliveries.
    #[arg(help_heading = "CI and recording", long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Stop after this long; exit 1 if --count deliveries (or, without --count, any delivery)
    /// did not arrive by then.
    #[arg(help_heading = "CI and recording", long, value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Option<Duration>,

    /// Fail (exit 1) on payload warnings too: a payload in a shape the provider does not
    /// send, such as a seed guide's invented event.
    #[arg(help_heading = "CI and recording", long)]
    pub strict: bool,

    /// Write every delivery to DIR as a replayable fixture (one JSON file each).
    #[arg(help_heading = "CI and recording", long, value_name = "DIR")]
    pub record: Option<PathBuf>,

    /// In recordings, mask phone numbers and credential headers.
    #[arg(help_heading = "CI and recording", long, requires = "record")]
    pub redact: bool,

    /// Largest body accepted (e.g. 10MiB, 512KiB); larger ones get 413.
    #[arg(help_heading = "Limits", long, default_value = "10MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_body: u64,

    /// How long a client may take to send the request head, and then the body.
    #[arg(help_heading = "Limits", long, default_value = "10s", value_parser = parse_duration, value_name = "DURATION")]
    pub read_timeout: Duration,

    /// Serve the web inspector on 127.0.0.1 under /_whk/ (on this port, or --ui-port): live
    /// list, detail, signature verdicts, replay with a fresh signature.
    #[arg(help_heading = "Inspector", long)]
    pub ui: bool,

    /// Serve the inspector on its own loopback port instead (0 picks a free one).
    #[arg(help_heading = "Inspector", long, value_name = "PORT", requires = "ui")]
    pub ui_port: Option<u16>,

    /// How much delivery data the inspector keeps in memory; the oldest go first.
    #[arg(help_heading = "Inspector", long, default_value = "50MiB", value_parser = parse_size, value_name = "SIZE", requires = "ui")]
    pub ui_history: u64,

    #[command(flatten)]
    pub scheme: SchemeArgs,
}
