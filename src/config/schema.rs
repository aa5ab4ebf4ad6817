//! What `whk.toml` may hold: one table of settings, each with its type, default, flag,
//! environment variable and the commands that read it. Parsing, resolution, `whk config`,
//! `whk init` and the JSON Schema for editors (`docs/whk.schema.json`) all come from here.

use serde_json::{Value, json};

/// A setting's type: what the file must hold, checked with the value's position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A provider id or alias (`whk providers`).
    Provider,
    /// The name of an environment variable (never the secret itself).
    EnvVar,
    /// A file or folder; relative paths are relative to the folder of `whk.toml`.
    Path,
    /// Any text.
    Str,
    /// A URL path: starts with `/`.
    UrlPath,
    /// An `http://` or `https://` URL.
    Url,
    /// A TCP port, 0–65535.
    Port,
    /// A duration such as `5s`, `250ms`, `2m`.
    Duration,
    /// Accepted statuses: `200`, `2xx`, `200,204`, `200-299`.
    Status,
    /// Requests in flight, 1–4096.
    Count,
    Bool,
    /// `md5hash`, `md5`, `sha1`, `sha256`, `sha512`.
    Algorithm,
    /// `hex` or `base64`.
    Encoding,
    /// A table of names to reasons (`[apps.NAME.audit.skip]`).
    Reasons,
    /// A table of names to file paths (`[apps.NAME.call.scenarios]`).
    Paths,
}

impl Ty {
    /// What a value of this type looks like, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            Ty::Provider => "a provider id as a string (see `whk providers`), e.g. \"vonage\"",
            Ty::EnvVar => {
                "the name of an environment variable as a string, e.g. \"VONAGE_SIGNATURE_SECRET\""
            }
            Ty::Path => "a file path as a string",
            Ty::Str => "a string",
            Ty::UrlPath => "a URL path as a string, starting with /",
            Ty::Url => "an http:// or https:// URL as a string",
            Ty::Port => "a port number (an integer from 0 to 65535)",
            Ty::Duration => "a duration as a string, e.g. \"5s\" or \"250ms\"",
            Ty::Status => "a status spec as a string: \"200\", \"2xx\", \"200,204\" or \"200-299\"",
            Ty::Count => "an integer from 1 to 4096",
            Ty::Bool => "true or false",
            Ty::Algorithm => "one of \"md5hash\", \"md5\", \"sha1\", \"sha256\", \"sha512\"",
            Ty::Encoding => "\"hex\" or \"base64\"",
            Ty::Reasons => "a table of case = \"reason\"",
            Ty::Paths => "a table of name = \"path\"",
        }
    }

    /// A table of names rather than one value.
    pub fn is_table(self) -> bool {
        matches!(self, Ty::Reasons | Ty::Paths)
    }
}

/// A built-in default, as shown by `whk config`.
#[derive(Clone, Copy, Debug)]
pub enum Default {
    None,
    Str(&'static str),
    Int(i64),
    Bool(bool),
}

impl Default {
    pub fn value(self) -> Value {
        match self {
            Default::None => Value::Null,
            Default::Str(s) => s.into(),
            Default::Int(i) => i.into(),
            Default::Bool(b) => b.into(),
        }
    }
}

/// One setting of an app.
#[derive(Debug)]
pub struct Setting {
    /// Dotted key inside `[apps.NAME]`: `provider`, `listen.port`, `routes.answer`.
    pub key: &'static str,
    pub ty: Ty,
    /// One line for `--help`-like listings and the JSON Schema.
    pub help: &'static str,
    pub default: Default,
    /// The flag that overrides it, on the commands that read it.
    pub flag: Option<&'static str>,
    /// The commands that read it.
    pub commands: &'static [&'static str],
}

impl Setting {
    /// The environment variable that overrides the file: `WHK_` + the key in capitals, dots
    /// as `_` (`listen.port` → `WHK_LISTEN_PORT`). Tables have none.
    pub fn env_var(&self) -> Option<String> {
        (!self.ty.is_table())
            .then(|| format!("WHK_{}", self.key.replace('.', "_").to_ascii_uppercase()))
    }

    /// The table part of the key (`listen` for `listen.port`), `None` at the app's top level.
    pub fn section(&self) -> Option<&'static str> {
        self.key.split_once('.').map(|(s, _)| s)
    }

    /// The last part of the key (`port` for `listen.port`).
    pub fn name(&self) -> &'static str {
        self.key.rsplit_once('.').map_or(self.key, |(_, n)| n)
    }
}

const SIGNING: &[&str] = &["sign", "verify", "listen", "replay", "audit"];
const SENDING: &[&str] = &["replay", "call"];

macro_rules! s {
    ($key:literal, $ty:ident, $default:expr, $flag:expr, $cmds:expr, $help:literal) => {
        Setting {
            key: $key,
            ty: Ty::$ty,
            help: $help,
            default: $default,
            flag: $flag,
            commands: $cmds,
        }
    };
}

/// Every setting, in the order `whk config` lists them.
pub const SETTINGS: &[Setting] = &[
    s!(
        "provider",
        Provider,
        Default::None,
        Some("--provider"),
        SIGNING,
        "The provider whose scheme signs this app's webhooks (see `whk providers`)."
    ),
    s!(
        "secret_env",
        EnvVar,
        Default::None,
        Some("--secret-env"),
        SIGNING,
        "The environment variable that holds the signing secret (never the secret itself)."
    ),
    s!(
        "secret_file",
        Path,
        Default::None,
        Some("--secret-file"),
        SIGNING,
        "A file that holds the signing secret (keep it out of version control)."
    ),
    s!(
        "algorithm",
        Algorithm,
        Default::None,
        Some("--algorithm"),
        SIGNING,
        "Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)."
    ),
    s!(
        "signature_header",
        Str,
        Default::None,
        Some("--signature-header"),
        SIGNING,
        "Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)."
    ),
    s!(
        "timestamp_header",
        Str,
        Default::None,
        Some("--timestamp-header"),
        SIGNING,
        "Timestamp header name (vapi)."
    ),
    s!(
        "id_header",
        Str,
        Default::None,
        Some("--id-header"),
        SIGNING,
        "Message-id header for payload formats that sign {svix-id} (vapi)."
    ),
    s!(
        "payload_format",
        Str,
        Default::None,
        Some("--payload-format"),
        SIGNING,
        "What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi)."
    ),
    s!(
        "encoding",
        Encoding,
        Default::None,
        Some("--encoding"),
        SIGNING,
        "Signature encoding (vapi, generic)."
    ),
    s!(
        "prefix",
        Str,
        Default::None,
        Some("--prefix"),
        SIGNING,
        "Text before the signature, e.g. \"sha256=\" (vapi, generic)."
    ),
    s!(
        "secret_base64",
        Bool,
        Default::Bool(false),
        Some("--secret-base64"),
        SIGNING,
        "The secret is base64: sign with its decoded bytes (vapi)."
    ),
    s!(
        "timestamp_ms",
        Bool,
        Default::Bool(false),
        Some("--timestamp-ms"),
        SIGNING,
        "Timestamps in milliseconds instead of seconds (vapi)."
    ),
    s!(
        "api_key",
        Str,
        Default::None,
        Some("--api-key"),
        SIGNING,
        "The api_key claim of Vonage JWTs."
    ),
    s!(
        "application_id",
        Str,
        Default::None,
        Some("--application-id"),
        SIGNING,
        "The application_id claim of Vonage JWTs."
    ),
    s!(
        "routes.answer",
        Url,
        Default::None,
        Some("--route answer=URL"),
        SENDING,
        "Vonage answer URL."
    ),
    s!(
        "routes.event",
        Url,
        Default::None,
        Some("--route event=URL"),
        SENDING,
        "Vonage event URL."
    ),
    s!(
        "routes.fallback",
        Url,
        Default::None,
        Some("--route fallback=URL"),
        SENDING,
        "Vonage fallback URL."
    ),
    s!(
        "routes.voice",
        Url,
        Default::None,
        Some("--route voice=URL"),
        SENDING,
        "Twilio/SignalWire voice URL."
    ),
    s!(
        "routes.status",
        Url,
        Default::None,
        Some("--route status=URL"),
        SENDING,
        "Twilio/SignalWire status callback URL."
    ),
    s!(
        "routes.action",
        Url,
        Default::None,
        Some("--route action=URL"),
        SENDING,
        "Twilio/SignalWire verb action URL."
    ),
    s!(
        "routes.server",
        Url,
        Default::None,
        Some("--route server=URL"),
        SENDING,
        "Vapi server URL."
    ),
    s!(
        "routes.webhook",
        Url,
        Default::None,
        Some("--route webhook=URL"),
        SENDING,
        "The one webhook URL of every other provider."
    ),
    s!(
        "listen.port",
        Port,
        Default::Int(crate::DEFAULT_LISTEN_PORT as i64),
        Some("--port"),
        &["listen"],
        "Port whk listen listens on (0 picks a free one)."
    ),
    s!(
        "listen.path",
        UrlPath,
        Default::Str("/"),
        Some("--path"),
        &["listen"],
        "Only accept deliveries under this path prefix."
    ),
    s!(
        "listen.answer",
        Path,
        Default::None,
        Some("--answer"),
        &["listen"],
        "Vonage NCCO file to answer answer requests with."
    ),
    s!(
        "listen.respond",
        Path,
        Default::None,
        Some("--respond"),
        &["listen"],
        "Reply body file for every delivery."
    ),
    s!(
        "listen.forward_to",
        Url,
        Default::None,
        Some("--forward-to"),
        &["listen"],
        "Pass every delivery to your app at this URL."
    ),
    s!(
        "listen.public_url",
        Url,
        Default::None,
        Some("--public-url"),
        &["listen"],
        "The public URL the provider calls (your tunnel)."
    ),
    s!(
        "listen.record",
        Path,
        Default::None,
        Some("--record"),
        &["listen"],
        "Write every delivery to this folder as a replayable fixture."
    ),
    s!(
        "replay.to",
        Url,
        Default::Str("http://127.0.0.1:8787/"),
        Some("--to"),
        &["replay"],
        "Where whk replay sends kinds without a route."
    ),
    s!(
        "replay.deadline",
        Duration,
        Default::Str("5s"),
        Some("--deadline"),
        &["replay"],
        "Answer deadline per request (a fixture's own wins over the default)."
    ),
    s!(
        "replay.expect_status",
        Status,
        Default::Str("2xx"),
        Some("--expect-status"),
        &["replay"],
        "Accepted statuses (a fixture's own wins over the default)."
    ),
    s!(
        "replay.concurrency",
        Count,
        Default::Int(1),
        Some("--concurrency"),
        &["replay"],
        "Deliveries in flight at once."
    ),
    s!(
        "audit.skip",
        Reasons,
        Default::None,
        None,
        &["audit"],
        "Audit cases not to send, each with the reason (case = \"reason\")."
    ),
    s!(
        "call.scenarios",
        Paths,
        Default::None,
        None,
        &["call"],
        "whk call scenarios by name (name = \"path/to/scenario\")."
    ),
];

/// The setting with this dotted key.
pub fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The tables an app may hold (`routes`, `listen`, …).
pub fn sections() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = SETTINGS.iter().filter_map(Setting::section).collect();
    v.dedup();
    v
}

/// The keys allowed in one place: `None` for the app's top level (its own keys and tables).
pub fn keys_in(section: Option<&str>) -> Vec<&'static str> {
    match section {
        None => SETTINGS
            .iter()
            .filter(|s| s.section().is_none())
            .map(|s| s.key)
            .chain(sections())
            .collect(),
        Some(t) => SETTINGS
            .iter()
            .filter(|s| s.section() == Some(t))
            .map(Setting::name)
            .collect(),
    }
}

/// The keys of the file's top level.
pub const TOP_KEYS: &[&str] = &["default", "apps"];

fn value_schema(s: &Setting) -> Value {
    let mut v = match s.ty {
        Ty::Provider => {
            json!({"type": "string", "enum": crate::webhook::Provider::ALL.iter().map(|p| p.id()).collect::<Vec<_>>()})
        }
        Ty::EnvVar => json!({"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}),
        Ty::Path | Ty::Str => json!({"type": "string"}),
        Ty::UrlPath => json!({"type": "string", "pattern": "^/"}),
        Ty::Url => json!({"type": "string", "format": "uri", "pattern": "^https?://"}),
        Ty::Port => json!({"type": "integer", "minimum": 0, "maximum": 65535}),
        Ty::Duration => json!({"type": "string", "examples": ["5s", "250ms", "2m"]}),
        Ty::Status => json!({"type": "string", "examples": ["2xx", "200", "200,204", "200-299"]}),
        Ty::Count => json!({"type": "integer", "minimum": 1, "maximum": 4096}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Algorithm => {
            json!({"type": "string", "enum": ["md5hash", "md5", "sha1", "sha256", "sha512"]})
        }
        Ty::Encoding => json!({"type": "string", "enum": ["hex", "base64"]}),
        Ty::Reasons | Ty::Paths => {
            json!({"type": "object", "additionalProperties": {"type": "string", "minLength": 1}})
        }
    };
    v["description"] = s.help.into();
    if let d @ (Default::Str(_) | Default::Int(_) | Default::Bool(_)) = s.default {
        v["default"] = d.value();
    }
    v
}

/// The JSON Schema of `whk.toml` (committed as `docs/whk.schema.json`; taplo and editors read
/// it through the `#:schema` line `whk init` writes).
pub fn json_schema() -> Value {
    let mut app = serde_json::Map::new();
    for s in SETTINGS.iter().filter(|s| s.section().is_none()) {
        app.insert(s.key.into(), value_schema(s));
    }
    for t in sections() {
        let mut props = serde_json::Map::new();
        for s in SETTINGS.iter().filter(|s| s.section() == Some(t)) {
            props.insert(s.name().into(), value_schema(s));
        }
        app.insert(
            t.into(),
            json!({"type": "object", "additionalProperties": false, "properties": props}),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "whk.toml",
        "description": "Project config for whk: one [apps.NAME] per webhook setup. Secrets are never written here: name the variable (secret_env) or file (secret_file) that holds them.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "default": {"type": "string", "description": "The app used when --app is not given (required with more than one app)."},
            "apps": {
                "type": "object",
                "description": "One table per app: [apps.NAME].",
                "additionalProperties": {"type": "object", "additionalProperties": false, "properties": app}
            }
        }
    })
}
