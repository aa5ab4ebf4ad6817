//! Command-line definitions: clap types only, no I/O and no domain logic.
//!
//! `///` on each field is its `--help` text. Arguments shared by several subcommands (secret
//! sources, scheme options, provider choice) live here; each larger subcommand has its own file.
//! Conversions into domain types (`SecretSpec`, `SchemeOptions`) are the only code here, so the
//! domain never sees clap.

pub mod audit;
pub mod call;
pub mod config;
pub mod fixtures;
pub mod lint;
pub mod listen;
pub mod ncco;
pub mod replay;
pub mod twiml;

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::ColorChoice;
use crate::secret::{Secret, SecretSpec};
use crate::webhook::crypto::{Algorithm, Encoding};
use crate::webhook::{AlgorithmChoice, Provider, SchemeOptions};

/// Sign, verify, receive, replay and audit webhooks from voice and telephony AI platforms
/// (Vapi, Vogent, SignalWire, ElevenLabs, Vonage, Twilio) and anything signed the common ways.
/// Offline, no account, byte-exact.
#[derive(Debug, Parser)]
#[command(name = "whk", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(flatten)]
    pub project: config::ProjectArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign a body the way a provider does and print the headers to send.
    Sign(SignArgs),
    /// Check a webhook signature, and say why it fails and how to fix it.
    Verify(VerifyArgs),
    /// List the providers and schemes whk knows, with headers and secret variables.
    Providers(ProvidersArgs),
    /// Run a local receiver that shows, validates, answers, forwards and records deliveries.
    Listen(listen::ListenArgs),
    /// Send freshly signed fixture events to an endpoint and assert on the answers.
    Replay(replay::ReplayArgs),
    /// List or show the fixture events whk ships.
    Fixtures(fixtures::FixturesArgs),
    /// Lint Vonage NCCO call-control documents.
    Ncco(ncco::NccoArgs),
    /// Lint Twilio TwiML (and SignalWire cXML) voice documents.
    Twiml(twiml::TwimlArgs),
    /// Attack your own endpoint with forgeries, stale replays and malformed input.
    Audit(audit::AuditArgs),
    /// Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline.
    Call(Box<call::CallArgs>),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Show the project config (whk.toml) in effect: each setting and where it came from.
    Config(config::ConfigArgs),
    /// Write a whk.toml for this project (asks on a terminal, or takes flags).
    Init(config::InitArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(c: ColorArg) -> Self {
        match c {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

/// `--provider` values: a provider, or `auto` where the command can detect it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderChoice {
    Auto,
    One(Provider),
}

fn provider_values(with_auto: bool) -> Vec<PossibleValue> {
    let mut v: Vec<PossibleValue> = Provider::ALL
        .iter()
        .map(|p| {
            let info = p.info();
            PossibleValue::new(info.id)
                .aliases(info.aliases.iter().copied())
                .help(info.name)
        })
        .collect();
    if with_auto {
        v.push(PossibleValue::new("auto").help("recognise the scheme from the headers"));
    }
    v
}

/// Parser for `--provider P|auto`.
pub fn provider_choice_parser() -> impl TypedValueParser<Value = ProviderChoice> {
    PossibleValuesParser::new(provider_values(true)).map(|s| {
        if s == "auto" {
            ProviderChoice::Auto
        } else {
            ProviderChoice::One(Provider::from_id(&s).expect("possible values are provider ids"))
        }
    })
}

/// `--var NAME=VALUE` (replay, fixtures show): a template variable for `{{var:NAME}}`, or a
/// named placeholder it pins (`call_id`, `uuid:conversation`).
pub fn var_pair(s: &str) -> Result<(String, String), String> {
    let example = "e.g. --var call_id=abc123";
    let Some((name, value)) = s.split_once('=') else {
        return Err(format!("{s:?} is not NAME=VALUE ({example})"));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{s:?} has no name before = ({example})"));
    }
    if !crate::fixtures::template::is_var_name(name) {
        return Err(format!(
            "{name:?} is not a variable name: use letters, digits, _ and -, or a named placeholder such as call_id or uuid:conversation"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// Parser for `--provider P` (no `auto`).
pub fn provider_parser() -> impl TypedValueParser<Value = Provider> {
    PossibleValuesParser::new(provider_values(false))
        .map(|s| Provider::from_id(&s).expect("possible values are provider ids"))
}

/// Where the signing secret comes from. Without any of these, each provider's usual
/// environment variable and then WHK_SECRET are read (see `whk providers`).
#[derive(Clone, Debug, Default, Args)]
pub struct SecretArgs {
    /// The secret itself. Visible to other users in `ps` and shell history: prefer
    /// --secret-env or --secret-file.
    #[arg(long, value_name = "SECRET", conflicts_with_all = ["secret_env", "secret_file"], hide_env_values = true)]
    pub secret: Option<String>,

    /// Read the secret from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "secret_file")]
    pub secret_env: Option<String>,

    /// Read the secret from this file (one trailing newline is ignored).
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

impl SecretArgs {
    pub fn spec(&self) -> SecretSpec {
        SecretSpec {
            value: self.secret.as_deref().map(Secret::new),
            env: self.secret_env.clone(),
            file: self.secret_file.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    /// Vonage SMS legacy default: md5(params + secret).
    Md5hash,
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl From<AlgorithmArg> for AlgorithmChoice {
    fn from(a: AlgorithmArg) -> Self {
        match a {
            AlgorithmArg::Md5hash => AlgorithmChoice::Md5Hash,
            AlgorithmArg::Md5 => AlgorithmChoice::Hmac(Algorithm::Md5),
            AlgorithmArg::Sha1 => AlgorithmChoice::Hmac(Algorithm::Sha1),
            AlgorithmArg::Sha256 => AlgorithmChoice::Hmac(Algorithm::Sha256),
            AlgorithmArg::Sha512 => AlgorithmChoice::Hmac(Algorithm::Sha512),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    Hex,
    Base64,
}

/// Settings for schemes that have them (vapi, vapi-secret, generic, vonage-sms, vonage).
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Scheme options")]
pub struct SchemeArgs {
    /// Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic).
    #[arg(long, value_enum, value_name = "ALG")]
    pub algorithm: Option<AlgorithmArg>,

    /// Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic:
    /// X-Webhook-Signature).
    #[arg(long, value_name = "NAME")]
    pub signature_header: Option<String>,

    /// Timestamp header name (vapi; default x-timestamp).
    #[arg(long, value_name = "NAME")]
    pub timestamp_header: Option<String>,

    /// Message-id header for payload formats that sign {svix-id} (vapi).
    #[arg(long, value_name = "NAME")]
    pub id_header: Option<String>,

    /// What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default
    /// "{timestamp}.{body}").
    #[arg(long, value_name = "TEMPLATE")]
    pub payload_format: Option<String>,

    /// Signature encoding (vapi, generic; default hex).
    #[arg(long, value_enum, value_name = "ENC")]
    pub encoding: Option<EncodingArg>,

    /// Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=").
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,

    /// The secret is base64: sign with its decoded bytes (vapi secretIsBase64).
    #[arg(long)]
    pub secret_base64: bool,

    /// Timestamps in milliseconds instead of seconds (vapi).
    #[arg(long)]
    pub timestamp_ms: bool,

    /// The api_key claim of Vonage JWTs.
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,

    /// The application_id claim of Vonage JWTs.
    #[arg(long, value_name = "UUID")]
    pub application_id: Option<String>,
}

impl SchemeArgs {
    pub fn options(&self) -> SchemeOptions {
        SchemeOptions {
            algorithm: self.algorithm.map(Into::into),
            signature_header: self.signature_header.clone(),
            timestamp_header: self.timestamp_header.clone(),
            id_header: self.id_header.clone(),
            payload_format: self.payload_format.clone(),
            encoding: self.encoding.map(|e| match e {
                EncodingArg::Hex => Encoding::Hex,
                EncodingArg::Base64 => Encoding::Base64,
            }),
            prefix: self.prefix.clone(),
            secret_base64: self.secret_base64,
            timestamp_ms: self.timestamp_ms,
            api_key: self.api_key.clone(),
            application_id: self.application_id.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// `Name: value` lines.
    Headers,
    /// One JSON object: {"headers": {...}}, plus "url" / "body" when the scheme changes them.
    Json,
    /// A ready curl command (the secret is not in it).
    Curl,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Provider whose scheme to sign with (see `whk providers`) [default: the app's in
    /// whk.toml].
    #[arg(long, short = 'p', value_parser = provider_parser(), value_name = "PROVIDER")]
    pub provider: Option<Provider>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// The exact URL the request goes to (required by twilio, signalwire, signalwire-compat).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// HTTP method.
    #[arg(long, short = 'X', default_value = "POST", value_name = "METHOD")]
    pub method: String,

    /// Unix timestamp to sign with (default: now).
    #[arg(long, value_name = "UNIX")]
    pub timestamp: Option<i64>,

    /// Message/delivery id for schemes that carry one (default: generated).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Extra request header, `Name: value` (e.g. the Content-Type Twilio uses to tell form
    /// from JSON). Repeatable.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SignFormat::Headers)]
    pub format: SignFormat,

    #[command(flatten)]
    pub scheme: SchemeArgs,

    /// The body to sign: a file, or - for stdin (read raw, byte for byte).
    #[arg(value_name = "BODY_FILE|-")]
    pub body: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Provider whose scheme to check, or auto to recognise it from the headers.
    #[arg(long, short = 'p', value_parser = provider_choice_parser(), value_name = "PROVIDER|auto", default_value = "auto")]
    pub provider: ProviderChoice,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// A received header, `Name: value`. Repeatable; names are case-insensitive.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Headers from a file: a JSON object, the {"headers": {...}} that `whk sign --format json`
    /// prints, `Name: value` lines (a pasted HTTP request head), `curl -v` output (its `> `
    /// lines), or a file written by `whk listen --record`. Replaces a recording's headers.
    #[arg(long, value_name = "FILE")]
    pub headers_file: Option<PathBuf>,

    /// The exact URL the provider called (URL-signed schemes: twilio, signalwire). Default for
    /// a recording: the URL listen checked against.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// HTTP method of the request [default: POST, or the recording's].
    #[arg(long, short = 'X', value_name = "METHOD")]
    pub method: Option<String>,

    /// Timestamp window in seconds, replacing the provider's (0 turns the check off).
    #[arg(long, value_name = "SECS")]
    pub tolerance: Option<u64>,

    /// Verify as if it were this unix time (for captured deliveries and tests). Default for a
    /// recording: when listen received it.
    #[arg(long, value_name = "UNIX")]
    pub now: Option<i64>,

    /// Print one JSON object: {"valid", "provider", "reason", "message", "hint"}.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub scheme: SchemeArgs,

    /// The body as received: a file, or - for stdin (read raw, byte for byte). A file written
    /// by `whk listen --record` is verified as that delivery: method, URL, headers and body
    /// bytes come from it (-X, --url, -H and --headers-file still win).
    #[arg(value_name = "BODY_FILE|-")]
    pub body: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How `whk replay` and `whk audit` print their results: `--format human|json|github`, with
/// `--json` standing for `--format json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Lines (replay) or a table (audit) for people.
    Human,
    /// The same as `--json`.
    Json,
    /// GitHub Actions workflow commands, one `::error`/`::warning` per finding.
    Github,
}

impl ReportFormat {
    /// The format asked for: `--json`, else `--format`, else human.
    pub fn pick(json: bool, format: Option<ReportFormat>) -> ReportFormat {
        if json {
            ReportFormat::Json
        } else {
            format.unwrap_or(ReportFormat::Human)
        }
    }
}
