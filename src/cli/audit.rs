//! `whk audit` arguments.

use clap::Args;

use super::{SchemeArgs, SecretArgs, provider_parser};
use crate::webhook::Provider;

/// Attack your own endpoint the way a forger would, and report what it let through.
///
/// Sends a correctly signed delivery (which must be accepted), then the cases that mean
/// something for the scheme: forgeries (no signature, empty, wrong secret, another provider's
/// scheme), body tampering where the body is signed (a changed byte, a re-serialised body),
/// stale and future timestamps, a replay, a signature for another URL, and malformed input. A
/// Vonage answer's reply is linted as an NCCO. Each FAIL names the cause the whole set of
/// results supports. Only the URL you name is contacted; redirects are never followed.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The endpoint to audit, e.g. http://127.0.0.1:3000/webhooks/vapi
    #[arg(value_name = "URL")]
    pub url: String,

    /// A fixture to base the deliveries on (a file, or a shipped id like vapi/call.ended);
    /// its provider is used unless --provider is given.
    #[arg(value_name = "FIXTURE")]
    pub fixture: Option<String>,

    /// The provider scheme the endpoint verifies.
    #[arg(long, short = 'p', value_parser = provider_parser(), value_name = "PROVIDER")]
    pub provider: Option<Provider>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// How long each request may take before it counts as a hang.
    #[arg(long, default_value = "5s", value_name = "DURATION", value_parser = crate::input::parse_duration)]
    pub deadline: std::time::Duration,

    /// Extra header for every request, `Name: value` (e.g. an API key the endpoint needs).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Print one JSON object for CI instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Output format: human, json (the same as --json), or github (GitHub Actions
    /// annotations, one ::error/::warning per finding, titled with its code).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<super::ReportFormat>,

    #[command(flatten)]
    pub scheme: SchemeArgs,

    /// Cases not to send, with the reason (`[apps.NAME.audit.skip]` in whk.toml).
    #[arg(skip)]
    pub skip: Vec<(String, String)>,
}
