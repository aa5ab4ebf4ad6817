//! What `whk init` writes: apps from answers, flags or a `listen --record` folder, rendered as
//! a commented `whk.toml` (checked by the same parser before it is written), written
//! atomically and never over an existing file unasked; and the URL check, one signed request
//! through the one outbound path.

use std::path::{Path, PathBuf};

use bytes::Bytes;

use super::schema;
use crate::outbound::{Exchange, Request, Signer, sign_request};
use crate::platform::Kind;
use crate::secret::Secret;
use crate::webhook::{Provider, SchemeOptions};

/// One app to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppSpec {
    pub name: String,
    pub provider: Provider,
    pub secret_env: String,
    /// URLs by kind, in the order they are written.
    pub routes: Vec<(Kind, String)>,
    /// Scheme options written as they are (`signature_header`, …).
    pub options: Vec<(&'static str, String)>,
    pub listen_port: Option<u16>,
}

impl AppSpec {
    /// An app for `provider` named after it, with its usual secret variable.
    pub fn new(provider: Provider) -> AppSpec {
        AppSpec {
            name: provider.id().to_string(),
            provider,
            secret_env: usual_var(provider).to_string(),
            routes: Vec::new(),
            options: Vec::new(),
            listen_port: None,
        }
    }
}

/// The variable a provider's secret usually lives in (the first `whk providers` lists).
pub fn usual_var(p: Provider) -> &'static str {
    p.secret_vars()[0]
}

/// The webhook kinds a provider calls (its URLs).
pub fn kinds_of(p: Provider) -> &'static [Kind] {
    match p {
        Provider::Vonage => &[Kind::Answer, Kind::Event, Kind::Fallback],
        Provider::Twilio | Provider::Signalwire | Provider::SignalwireCompat => {
            &[Kind::Voice, Kind::Status, Kind::Action]
        }
        Provider::Vapi | Provider::VapiSecret => &[Kind::Server],
        _ => &[Kind::Webhook],
    }
}

/// Give each URL to the app whose provider calls that kind (the first one when several do,
/// or the only app).
pub fn assign_routes(apps: &mut [AppSpec], routes: &[(Kind, String)]) -> Result<(), String> {
    for (kind, url) in routes {
        let i = match apps {
            [_] => 0,
            _ => apps
                .iter()
                .position(|a| kinds_of(a.provider).contains(kind))
                .ok_or_else(|| {
                    format!(
                        "none of the providers ({}) calls a {kind} URL",
                        apps.iter()
                            .map(|a| a.provider.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?,
        };
        apps[i].routes.push((*kind, url.clone()));
    }
    Ok(())
}

/// The apps the recordings in `dir` (written by `whk listen --record`) show: one per provider,
/// with a route per webhook kind at the URL it was delivered to (or `base` + its path).
pub fn infer(dir: &Path, base: Option<&str>) -> anyhow::Result<Vec<AppSpec>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            crate::hinted(
                format!("cannot read {}: {e}", dir.display()),
                "name the folder `whk listen --record DIR` wrote",
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut apps: Vec<AppSpec> = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let Ok(Some(rec)) = crate::fixtures::Recording::parse(&bytes) else {
            continue;
        };
        let (Some(provider), Some(url)) = (rec.provider, rec.url.as_deref()) else {
            continue;
        };
        let Ok(parsed) = url::Url::parse(url) else {
            continue;
        };
        let (kind, _) = crate::platform::of_request(
            Some(provider),
            &rec.method,
            rec.headers.get("content-type"),
            &rec.body,
            parsed.query().unwrap_or(""),
        );
        let route = match base {
            Some(b) => format!("{}{}", b.trim_end_matches('/'), parsed.path()),
            None => {
                let mut u = parsed.clone();
                u.set_query(None);
                u.to_string()
            }
        };
        let i = match apps.iter().position(|a| a.provider == provider) {
            Some(i) => i,
            None => {
                apps.push(AppSpec::new(provider));
                apps.len() - 1
            }
        };
        if !apps[i].routes.iter().any(|(k, _)| *k == kind) {
            apps[i].routes.push((kind, route));
        }
    }
    if apps.is_empty() {
        return Err(crate::hinted(
            format!(
                "{} holds no recorded deliveries from a known provider",
                dir.display()
            ),
            "record some first: whk listen --record DIR, then let the provider (or whk replay) send",
        ));
    }
    Ok(apps)
}

/// Where the JSON Schema goes, beside the config: `#:schema` points at it.
pub const SCHEMA_FILE: &str = "whk.schema.json";

fn quote(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The file's text: the `#:schema` line, `default` when there are several apps, then one
/// commented `[apps.NAME]` per app.
pub fn render(apps: &[AppSpec]) -> String {
    let mut t = format!(
        "#:schema ./{SCHEMA_FILE}\n# whk project config: every whk command reads it (flags > WHK_* variables > this file > defaults).\n# `whk config` shows what is in effect. Secrets never go here: name the variable that holds them.\n"
    );
    if apps.len() > 1 {
        t.push_str(&format!("default = {}\n", quote(&apps[0].name)));
    }
    for a in apps {
        t.push_str(&format!(
            "\n[apps.{}]\nprovider = {}\nsecret_env = {}\n",
            a.name,
            quote(a.provider.id()),
            quote(&a.secret_env)
        ));
        for (k, v) in &a.options {
            t.push_str(&format!("{k} = {}\n", quote(v)));
        }
        if !a.routes.is_empty() {
            t.push_str(&format!("\n[apps.{}.routes]\n", a.name));
            for (k, url) in &a.routes {
                t.push_str(&format!("{k} = {}\n", quote(url)));
            }
        }
        if let Some(p) = a.listen_port {
            t.push_str(&format!("\n[apps.{}.listen]\nport = {p}\n", a.name));
        }
    }
    t
}

/// Write `text` to `path` through a temporary file and a rename; an existing file only with
/// `force`. The JSON Schema goes beside it.
pub fn write(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        return Err(crate::hinted(
            format!(
                "{} already exists; whk init does not overwrite it",
                path.display()
            ),
            "pass --force to replace it, or edit it (whk config shows what it holds)",
        ));
    }
    // The same checks every command applies, before anything is written.
    super::parse::parse(path, text).map_err(super::parse::ConfigError::into_error)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    atomic(path, text.as_bytes())?;
    let schema = serde_json::to_string_pretty(&schema::json_schema())? + "\n";
    atomic(&dir.join(SCHEMA_FILE), schema.as_bytes())
}

fn atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or("whk.toml".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let fail = |e: std::io::Error| {
        crate::hinted(
            format!("cannot write {}: {e}", path.display()),
            "run whk init in a folder you can write to",
        )
    };
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// What one URL check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// No answer at all (refused, timeout…).
    Unreachable(String),
    /// No secret to sign with: the app answered this to an unsigned request.
    Unsigned(u16),
    /// The correctly signed request was refused with this status.
    Refused(u16),
    /// Signed: accepted; a request signed with a wrong secret got `forged`.
    Accepted { status: u16, forged: u16 },
}

impl Check {
    /// Whether the URL answers 2xx to a signed request and refuses a forged one.
    pub fn verifies(&self) -> bool {
        matches!(self, Check::Accepted { forged, .. } if !(200..300).contains(forged))
    }

    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Check::Unreachable(e) => format!("no answer: {e}"),
            Check::Unsigned(s) => format!(
                "answered {s} to an unsigned request; verification not checked (no secret to sign with)"
            ),
            Check::Refused(s) => format!(
                "answered {s} to a correctly signed request: the app's secret or scheme differs from this one"
            ),
            Check::Accepted { status, forged } if (200..300).contains(forged) => format!(
                "answered {status}, but also {forged} to a request signed with a wrong secret: the app does not verify signatures"
            ),
            Check::Accepted { status, forged } => {
                format!("answered {status}, and {forged} to a wrong signature: verification works")
            }
        }
    }
}

/// Send one request signed for `provider` to `url` (and, when it is accepted, one signed with
/// a wrong secret) through the outbound path, and say what the app did.
pub fn check_url(
    provider: Provider,
    options: &SchemeOptions,
    url: &str,
    secret: Option<&Secret>,
    now: i64,
    deadline: std::time::Duration,
) -> Check {
    let body = crate::audit::default_body(provider).to_vec();
    let target = crate::audit::Target {
        url: url.to_string(),
        method: "POST".into(),
        provider,
        options: options.clone(),
        secret: secret
            .cloned()
            .unwrap_or_else(|| Secret::new("whk-init-unsigned")),
        body: body.clone(),
        extra_headers: Default::default(),
        now,
    };
    let sender = crate::audit::Sender::new(deadline);
    let send = |key: Option<Secret>| -> Result<Exchange, String> {
        let mut headers = crate::webhook::Headers::new();
        headers.set("Content-Type", target.content_type());
        let mut req = Request::to_url("POST", url, headers, Bytes::from(body.clone()))
            .map_err(|e| e.to_string())?;
        if let Some(k) = key {
            let signer = Signer::unchecked(provider, options, k).map_err(|e| e.to_string())?;
            sign_request(&mut req, &signer, now, None, None).map_err(|e| e.to_string())?;
        }
        Ok(sender.send(&req))
    };
    let status = |x: Result<Exchange, String>| match x {
        Ok(x) => match (x.status, x.error) {
            (Some(s), _) => Ok(s),
            (None, Some(e)) => Err(e.to_string()),
            (None, None) => Err("no answer".into()),
        },
        Err(e) => Err(e),
    };
    let Some(secret) = secret else {
        return match status(send(None)) {
            Ok(s) => Check::Unsigned(s),
            Err(e) => Check::Unreachable(e),
        };
    };
    match status(send(Some(secret.clone()))) {
        Err(e) => Check::Unreachable(e),
        Ok(s) if !(200..300).contains(&s) => Check::Refused(s),
        Ok(s) => {
            let wrong = Secret::new(format!("{}-wrong", secret.expose()));
            match status(send(Some(wrong))) {
                Ok(forged) => Check::Accepted { status: s, forged },
                Err(e) => Check::Unreachable(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_init_writes_parses_back_to_the_same_apps() {
        let mut vonage = AppSpec::new(Provider::Vonage);
        let vapi = AppSpec::new(Provider::VapiSecret);
        let mut apps = vec![vonage.clone(), vapi];
        assign_routes(
            &mut apps,
            &[
                (
                    Kind::Answer,
                    "http://127.0.0.1:8000/api/hume-twilio/vonage-voice-webhook/".into(),
                ),
                (
                    Kind::Server,
                    "http://localhost:8000/api/webhook/vapi/".into(),
                ),
            ],
        )
        .unwrap();
        vonage.routes = apps[0].routes.clone();
        let text = render(&apps);
        let file = super::super::parse::parse(Path::new("/p/whk.toml"), &text).unwrap();
        assert_eq!(file.default.as_ref().map(|d| d.0.as_str()), Some("vonage"));
        assert_eq!(file.apps.len(), 2);
        assert_eq!(
            file.apps[0].get("routes.answer").unwrap().value,
            "http://127.0.0.1:8000/api/hume-twilio/vonage-voice-webhook/"
        );
        assert_eq!(
            file.apps[1].get("secret_env").unwrap().value,
            "VAPI_WEBHOOK_SECRET"
        );
        assert!(assign_routes(&mut apps, &[(Kind::Voice, "http://x/".into())]).is_err());
    }
}
