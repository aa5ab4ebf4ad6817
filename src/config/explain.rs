//! What `whk config` shows: each setting's value and source, and whether the secret resolves
//! (never the secret). Data only; `cmd::config` prints it.

use serde_json::{Map, Value, json};

use super::resolve::{Resolved, Source};
use crate::outbound::Keyring;
use crate::secret::SecretSpec;
use crate::webhook::Provider;

/// Whether the app's secret can be had, and from where: never its value.
#[derive(Clone, Debug)]
pub struct SecretCheck {
    pub resolves: bool,
    /// `$VAR` or the file it came from.
    pub from: Option<String>,
    /// Why it does not resolve.
    pub problem: Option<String>,
    pub source: Source,
}

/// The app's secret as the commands would find it: `secret_env`/`secret_file`, else the
/// provider's usual variables and `WHK_SECRET` (through the [`Keyring`], the one resolver).
pub fn secret_check(r: &Resolved) -> SecretCheck {
    let text = |k: &str| r.get(k).and_then(|e| e.value.as_str()).map(str::to_string);
    let spec = SecretSpec {
        value: None,
        env: text("secret_env"),
        file: text("secret_file").map(Into::into),
    };
    let provider = text("provider").and_then(|p| Provider::from_id(&p));
    let named = ["secret_env", "secret_file"]
        .iter()
        .filter_map(|k| r.get(k))
        .find(|e| !e.value.is_null())
        .map(|e| e.source.clone());
    match Keyring::find(&spec, provider, &mut |_| {}) {
        Ok(Some((_, origin))) => SecretCheck {
            resolves: true,
            from: Some(origin.to_string()),
            problem: None,
            source: named.unwrap_or(Source::Env(origin.to_string())),
        },
        Ok(None) => SecretCheck {
            resolves: false,
            from: None,
            problem: Some(match provider {
                Some(p) => crate::secret::SecretError::Missing {
                    tried: p.secret_vars().iter().map(|v| v.to_string()).collect(),
                    bundled: Vec::new(),
                }
                .to_string(),
                None => "no provider and no secret_env or secret_file: nothing to look for".into(),
            }),
            source: named.unwrap_or(Source::Default),
        },
        Err(e) => SecretCheck {
            resolves: false,
            from: None,
            problem: Some(match e {
                crate::secret::SecretError::EnvUnset { var } => format!("${var} is not set"),
                e => e.to_string(),
            }),
            source: named.unwrap_or(Source::Default),
        },
    }
}

/// `{"app", "file", "settings": {KEY: {"value", "source"}}}`; the secret as
/// `"secret": {"value": {"resolves", "from", "problem"}, "source"}`.
pub fn to_json(r: &Resolved, secret: &SecretCheck) -> Value {
    let mut settings = Map::new();
    for e in &r.entries {
        settings.insert(
            e.setting.key.into(),
            json!({"value": e.value, "source": e.source.label()}),
        );
        if e.setting.key == "secret_file" {
            settings.insert(
                "secret".into(),
                json!({
                    "value": {"resolves": secret.resolves, "from": secret.from, "problem": secret.problem},
                    "source": secret.source.label(),
                }),
            );
        }
    }
    json!({
        "app": r.app,
        "file": r.file.as_ref().map(|p| p.display().to_string()),
        "settings": settings,
    })
}

/// One row of the human table: key, value as shown, source as shown.
pub struct Row {
    pub key: String,
    pub value: String,
    pub source: String,
}

/// The human rows: values as TOML would write them, sources as `flag`, `env VAR`,
/// `whk.toml:LINE` or `default`.
pub fn rows(r: &Resolved, secret: &SecretCheck) -> Vec<Row> {
    let file_name = r
        .file
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or("whk.toml".into(), |n| n.to_string_lossy().into_owned());
    let source = |s: &Source| match s {
        Source::Flag => "flag".to_string(),
        Source::Env(v) => format!("env {v}"),
        Source::File(line) => format!("{file_name}:{line}"),
        Source::Default => "default".into(),
    };
    let mut out = Vec::new();
    for e in &r.entries {
        out.push(Row {
            key: e.setting.key.into(),
            value: show(&e.value),
            source: source(&e.source),
        });
        if e.setting.key == "secret_file" {
            out.push(Row {
                key: "secret".into(),
                value: match (&secret.from, &secret.problem) {
                    (Some(from), _) => format!("resolves (from {from}; the value is never shown)"),
                    (None, Some(p)) => format!("does not resolve: {p}"),
                    (None, None) => "does not resolve".into(),
                },
                source: source(&secret.source),
            });
        }
    }
    out
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "(unset)".into(),
        Value::String(s) => format!("{s:?}"),
        Value::Object(m) if m.is_empty() => "(unset)".into(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k} = {}", show(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
