//! `whk.toml` on the command line: the global `--config`, `--no-config` and `--app` flags, the
//! `whk config` and `whk init` arguments, and [`apply`], which fills each command's arguments
//! from the resolved settings (flags > `WHK_*` variables > `whk.toml` > defaults) before it runs.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, ValueEnum};
use serde_json::Value;

use super::{
    AlgorithmArg, Command, EncodingArg, ProviderChoice, SchemeArgs, SecretArgs, provider_parser,
};
use crate::config::{self, Flags, Resolved, Selection};
use crate::platform::Kind;
use crate::webhook::Provider;

/// Which project config to read and which app in it.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Project config (whk.toml)")]
pub struct ProjectArgs {
    /// Read this whk.toml instead of looking for one here and in the folders above [env:
    /// WHK_CONFIG].
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Read no whk.toml at all.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file's `default`, or its
    /// only app].
    #[arg(long, global = true, value_name = "NAME")]
    pub app: Option<String>,
}

impl ProjectArgs {
    pub fn selection(&self) -> Selection {
        Selection {
            file: self.config.clone(),
            none: self.no_config,
            app: self.app.clone(),
        }
    }
}

/// Show the effective settings of the app, each with where it came from.
#[derive(Debug, Args)]
#[command(
    after_help = "Precedence: flags, then WHK_* environment variables (listen.port → \
WHK_LISTEN_PORT), then whk.toml, then built-in defaults. Secrets are never shown: only whether \
the app's secret resolves and from where.\n\nExit status: 0, or 2 when whk.toml is invalid."
)]
pub struct ConfigArgs {
    /// Print {"app", "file", "settings": {KEY: {"value", "source"}}}.
    #[arg(long, conflicts_with = "schema")]
    pub json: bool,

    /// Print the JSON Schema of whk.toml (for editors; `whk init` writes it beside the file).
    #[arg(long)]
    pub schema: bool,

    /// Show the settings as this command line would see them, its flags included: e.g.
    /// `whk config -- listen --port 9000`.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,

    /// The settings, filled in by `apply` before the command runs.
    #[arg(skip)]
    pub resolved: Resolved,
}

/// Write a whk.toml for this project.
#[derive(Debug, Args)]
#[command(
    after_help = "Without --provider or --from, and on a terminal, whk init asks: the \
provider(s), the secret variable names (offering each provider's usual one) and the app's URLs, \
and checks each URL with one signed request. It writes ./whk.toml (or the --config FILE), never \
over an existing file without --force, through a temporary file and a rename, and \
whk.schema.json beside it for editors.\n\nExamples:\n  whk init --provider vonage --answer \
http://127.0.0.1:8000/api/hume-twilio/vonage-voice-webhook/ --event \
http://127.0.0.1:8000/api/hume-twilio/vonage-event-callback/ --secret-env \
VONAGE_SIGNATURE_SECRET\n  whk init --from recordings/ --base http://127.0.0.1:8000"
)]
pub struct InitArgs {
    /// The provider of each app (repeatable: one app each, named after it; the first is the
    /// default). --app NAME names a single app.
    #[arg(long, short = 'p', value_parser = provider_parser(), value_name = "PROVIDER")]
    pub provider: Vec<Provider>,

    /// The variable holding each provider's secret, in --provider order [default: each
    /// provider's usual one, see `whk providers`].
    #[arg(long, value_name = "VAR")]
    pub secret_env: Vec<String>,

    /// Vonage answer URL.
    #[arg(long, value_name = "URL")]
    pub answer: Option<String>,
    /// Vonage event URL.
    #[arg(long, value_name = "URL")]
    pub event: Option<String>,
    /// Vonage fallback URL.
    #[arg(long, value_name = "URL")]
    pub fallback: Option<String>,
    /// Twilio/SignalWire voice URL.
    #[arg(long, value_name = "URL")]
    pub voice: Option<String>,
    /// Twilio/SignalWire status callback URL.
    #[arg(long, value_name = "URL")]
    pub status: Option<String>,
    /// Twilio/SignalWire action URL.
    #[arg(long, value_name = "URL")]
    pub action: Option<String>,
    /// Vapi server URL.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The webhook URL of any other provider.
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,

    /// Signature header name (e.g. X-Webhook-Signature for a generic HMAC system).
    #[arg(long, value_name = "NAME")]
    pub signature_header: Option<String>,

    /// Port `whk listen` uses for this app.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,

    /// Infer providers and URLs from a folder written by `whk listen --record`.
    #[arg(long, value_name = "DIR", conflicts_with = "provider")]
    pub from: Option<PathBuf>,

    /// With --from: the app's base URL; each recorded path is appended [default: the URL each
    /// delivery was recorded at].
    #[arg(long, value_name = "URL", requires = "from")]
    pub base: Option<String>,

    /// Check each URL: send one signed request (and one with a wrong signature) and say whether
    /// the app answers 2xx and verifies. Always done when asking on a terminal.
    #[arg(long)]
    pub check: bool,

    /// Replace an existing whk.toml.
    #[arg(long)]
    pub force: bool,

    /// The file to write: the global --config FILE, else ./whk.toml (set by `apply`).
    #[arg(skip)]
    pub target: Option<PathBuf>,

    /// The global --app NAME: the name of a single app (set by `apply`).
    #[arg(skip)]
    pub name: Option<String>,
}

impl InitArgs {
    /// The URLs given, by kind.
    pub fn routes(&self) -> Vec<(Kind, String)> {
        [
            (Kind::Answer, &self.answer),
            (Kind::Event, &self.event),
            (Kind::Fallback, &self.fallback),
            (Kind::Voice, &self.voice),
            (Kind::Status, &self.status),
            (Kind::Action, &self.action),
            (Kind::Server, &self.server),
            (Kind::Webhook, &self.webhook),
        ]
        .into_iter()
        .filter_map(|(k, u)| u.clone().map(|u| (k, u)))
        .collect()
    }
}

/// The commands that read no whk.toml.
fn reads_config(name: &str) -> bool {
    !matches!(
        name,
        "providers" | "fixtures" | "ncco" | "completions" | "init"
    )
}

/// The clap id of a setting's flag on the command line (`--secret-env` → `secret_env`).
fn arg_id(flag: &str) -> Option<String> {
    let f = flag.strip_prefix("--")?;
    (!f.contains(' ')).then(|| f.replace('-', "_"))
}

/// The settings given as flags to subcommand `name`.
fn given(name: &str, sub: &ArgMatches, command: &Command) -> Flags {
    let mut flags: Flags = Vec::new();
    for s in config::schema::SETTINGS
        .iter()
        .filter(|s| s.commands.contains(&name))
    {
        let Some(id) = s.flag.and_then(arg_id) else {
            continue;
        };
        if sub.value_source(&id) != Some(ValueSource::CommandLine) {
            continue;
        }
        if let Ok(Some(mut raw)) = sub.try_get_raw(&id)
            && let Some(v) = raw.next()
        {
            let text = v.to_string_lossy().into_owned();
            let value = match s.ty {
                config::schema::Ty::Port | config::schema::Ty::Count => text
                    .parse::<i64>()
                    .map_or(Value::from(text.clone()), Value::from),
                config::schema::Ty::Bool => true.into(),
                _ => text.into(),
            };
            flags.push((s.key, value));
        }
    }
    if let Command::Replay(a) = command {
        for (kind, url) in &a.routes {
            if let Some(s) = config::schema::setting(&format!("routes.{kind}")) {
                flags.push((s.key, url.clone().into()));
            }
        }
    }
    flags
}

/// Load the project config for this command line and fill the command's arguments from it.
pub fn apply(cli: &mut super::Cli, matches: &ArgMatches) -> anyhow::Result<()> {
    let Some((name, sub)) = matches.subcommand() else {
        return Ok(());
    };
    if let Command::Init(a) = &mut cli.command {
        a.target = cli.project.config.clone();
        a.name = cli.project.app.clone();
    }
    if !reads_config(name) {
        return Ok(());
    }
    let (flags, selection) = match &cli.command {
        Command::Config(a) if !a.command.is_empty() => as_run_by(&a.command, &cli.project)?,
        command => (given(name, sub, command), cli.project.selection()),
    };
    let r = config::load(&selection, &flags)?;
    match &mut cli.command {
        Command::Sign(a) => {
            if a.provider.is_none() {
                a.provider = provider(&r);
            }
            secret(&mut a.secret, &r);
            scheme(&mut a.scheme, &r);
        }
        Command::Verify(a) => {
            if let Some(p) = provider(&r) {
                a.provider = ProviderChoice::One(p);
            }
            secret(&mut a.secret, &r);
            scheme(&mut a.scheme, &r);
        }
        Command::Listen(a) => {
            if let Some(p) = provider(&r) {
                a.provider = ProviderChoice::One(p);
            }
            secret(&mut a.secret, &r);
            scheme(&mut a.scheme, &r);
            if let Some(p) = r.fill("listen.port").and_then(Value::as_u64) {
                a.port = p as u16;
            }
            if let Some(p) = r.fill_str("listen.path") {
                a.path = p.into();
            }
            fill_path(&mut a.answer, &r, "listen.answer");
            fill_path(&mut a.record, &r, "listen.record");
            fill_str(&mut a.public_url, &r, "listen.public_url");
            // A flag for one side of an exclusive pair beats the file's other side.
            if a.forward_to.is_none() && a.status.is_none() {
                fill_path(&mut a.respond, &r, "listen.respond");
            }
            if a.respond.is_none() && a.status.is_none() {
                fill_str(&mut a.forward_to, &r, "listen.forward_to");
            }
        }
        Command::Replay(a) => {
            // A fixture names its own provider; the app's signs only those that name none.
            if a.provider.is_none() {
                a.default_provider = r.fill_str("provider").and_then(Provider::from_id);
            }
            secret(&mut a.secret, &r);
            scheme(&mut a.scheme, &r);
            if let Some(to) = r.fill_str("replay.to") {
                a.to = to.into();
            }
            if let Some(d) = r.fill_str("replay.deadline") {
                a.deadline = crate::input::parse_duration(d).ok();
            }
            if let Some(s) = r.fill_str("replay.expect_status") {
                a.expect_status = s.parse().ok();
            }
            if let Some(c) = r.fill("replay.concurrency").and_then(Value::as_u64) {
                a.concurrency = c;
            }
            for kind in Kind::ALL {
                if let Some(url) = r.fill_str(&format!("routes.{kind}")) {
                    a.routes.push((kind, url.into()));
                    a.file_routes += 1;
                }
            }
        }
        Command::Audit(a) => {
            if a.provider.is_none() {
                a.provider = provider(&r);
            }
            secret(&mut a.secret, &r);
            scheme(&mut a.scheme, &r);
            if let Some(Value::Object(m)) = r.fill("audit.skip") {
                a.skip = m
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect();
            }
        }
        Command::Call(a) => {
            let a = &mut a.opts;
            secret(&mut a.secret, &r);
            scheme(&mut a.scheme, &r);
            if let Some(path) = a
                .scenario
                .as_ref()
                .filter(|p| !p.exists())
                .and_then(|name| name.to_str())
                .and_then(|name| config::call_scenario(&r, name))
            {
                a.scenario = Some(path);
            }
            a.routes.provider = r
                .fill_str("provider")
                .filter(|p| crate::call::scenario::PROVIDERS.contains(p))
                .map(str::to_string);
            fill_str(&mut a.routes.answer, &r, "routes.answer");
            fill_str(&mut a.routes.event, &r, "routes.event");
            fill_str(&mut a.routes.fallback, &r, "routes.fallback");
            fill_str(&mut a.routes.voice, &r, "routes.voice");
            fill_str(&mut a.routes.status, &r, "routes.status");
            fill_str(&mut a.routes.server, &r, "routes.server");
        }
        Command::Config(a) => a.resolved = r.clone(),
        _ => {}
    }
    config::set_current(r);
    Ok(())
}

/// The flags (and file/app selection) of `whk COMMAND…`, for `whk config -- COMMAND…`; the
/// global flags given before `config` hold unless the command line repeats them.
fn as_run_by(command: &[String], outer: &ProjectArgs) -> anyhow::Result<(Flags, Selection)> {
    use clap::{CommandFactory, FromArgMatches};
    let argv = std::iter::once("whk".to_string()).chain(command.iter().cloned());
    let bad = |e: clap::Error| {
        crate::hinted(
            format!("whk config -- {}: {}", command.join(" "), e.kind()),
            "give a whk command line after --, e.g. whk config -- listen --port 9000",
        )
    };
    let matches = super::Cli::command()
        .try_get_matches_from(argv)
        .map_err(bad)?;
    let inner = super::Cli::from_arg_matches(&matches).map_err(bad)?;
    let Some((name, sub)) = matches.subcommand() else {
        return Ok((Vec::new(), outer.selection()));
    };
    let project = ProjectArgs {
        config: inner.project.config.or_else(|| outer.config.clone()),
        no_config: inner.project.no_config || outer.no_config,
        app: inner.project.app.or_else(|| outer.app.clone()),
    };
    Ok((given(name, sub, &inner.command), project.selection()))
}

fn provider(r: &Resolved) -> Option<Provider> {
    r.fill_str("provider").and_then(Provider::from_id)
}

fn fill_str(slot: &mut Option<String>, r: &Resolved, key: &str) {
    if let Some(v) = r.fill_str(key) {
        *slot = Some(v.into());
    }
}

fn fill_path(slot: &mut Option<PathBuf>, r: &Resolved, key: &str) {
    if let Some(v) = r.fill_str(key) {
        *slot = Some(v.into());
    }
}

/// The app's secret variable or file, unless a secret flag was given.
fn secret(a: &mut SecretArgs, r: &Resolved) {
    if a.secret.is_some() || a.secret_env.is_some() || a.secret_file.is_some() {
        return;
    }
    if let Some(v) = r.fill_str("secret_env") {
        a.secret_env = Some(v.into());
    } else if let Some(f) = r.fill_str("secret_file") {
        a.secret_file = Some(f.into());
    }
}

fn scheme(a: &mut SchemeArgs, r: &Resolved) {
    if let Some(v) = r.fill_str("algorithm") {
        a.algorithm = AlgorithmArg::from_str(v, true).ok();
    }
    if let Some(v) = r.fill_str("encoding") {
        a.encoding = EncodingArg::from_str(v, true).ok();
    }
    fill_str(&mut a.signature_header, r, "signature_header");
    fill_str(&mut a.timestamp_header, r, "timestamp_header");
    fill_str(&mut a.id_header, r, "id_header");
    fill_str(&mut a.payload_format, r, "payload_format");
    fill_str(&mut a.prefix, r, "prefix");
    fill_str(&mut a.api_key, r, "api_key");
    fill_str(&mut a.application_id, r, "application_id");
    if let Some(b) = r.fill("secret_base64").and_then(Value::as_bool) {
        a.secret_base64 = b;
    }
    if let Some(b) = r.fill("timestamp_ms").and_then(Value::as_bool) {
        a.timestamp_ms = b;
    }
}
