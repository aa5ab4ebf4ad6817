//! `whk init`: write a whk.toml from flags, a `listen --record` folder, or answers on a
//! terminal; check each URL with one signed request when asked (always when asking).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::config::InitArgs;
use crate::clock::Clock;
use crate::config::init::{self, AppSpec};
use crate::exit::ExitStatus;
use crate::outbound::Keyring;
use crate::output::Output;
use crate::secret::SecretSpec;
use crate::webhook::{Provider, SchemeOptions};

pub fn run(args: InitArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let path = args
        .target
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::discover::FILE_NAME));
    if path.exists() && !args.force {
        return Err(crate::hinted(
            format!(
                "{} already exists; whk init does not overwrite it",
                path.display()
            ),
            "pass --force to replace it, or edit it (whk config shows what it holds)",
        ));
    }
    let asking = args.provider.is_empty() && args.from.is_none();
    let mut apps = if let Some(dir) = &args.from {
        init::infer(dir, args.base.as_deref())?
    } else if !asking {
        from_flags(&args)?
    } else if std::io::stdin().is_terminal() {
        ask(out)?
    } else {
        return Err(crate::hinted(
            "whk init asks its questions only on a terminal",
            "in scripts, pass --provider P (and --answer/--event/--server/--webhook URL, --secret-env VAR), or --from DIR",
        ));
    };
    if let (Some(name), [one]) = (&args.name, apps.as_mut_slice()) {
        one.name = name.clone();
    }
    let mut all_verify = true;
    if asking || args.check {
        for app in &apps {
            all_verify &= check_app(app, out, clock);
        }
    }
    init::write(&path, &init::render(&apps), args.force)?;
    let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
    out.out(&format!(
        "wrote {} ({}: {}) and {} beside it; `whk config` shows the settings in effect",
        path.display(),
        if apps.len() == 1 { "app" } else { "apps" },
        names.join(", "),
        init::SCHEMA_FILE
    ));
    Ok(ExitStatus::from_ok(all_verify))
}

fn from_flags(args: &InitArgs) -> anyhow::Result<Vec<AppSpec>> {
    if args.secret_env.len() > args.provider.len() {
        return Err(crate::hinted(
            "more --secret-env than --provider",
            "give one --secret-env per --provider, in the same order",
        ));
    }
    let mut apps: Vec<AppSpec> = args.provider.iter().map(|p| AppSpec::new(*p)).collect();
    for (app, var) in apps.iter_mut().zip(&args.secret_env) {
        if !crate::config::parse::is_var_name(var) {
            return Err(crate::hinted(
                "--secret-env takes the name of an environment variable, and the value given is not one (it may be the secret itself, so it is not repeated)",
                "name the variable that holds the secret (e.g. VONAGE_SIGNATURE_SECRET), never the secret itself",
            ));
        }
        app.secret_env = var.clone();
    }
    init::assign_routes(&mut apps, &args.routes())
        .map_err(|e| crate::hinted(e, "pass a --provider that calls that kind of URL"))?;
    for app in &mut apps {
        if let Some(h) = &args.signature_header {
            app.options.push(("signature_header", h.clone()));
        }
    }
    if let Some(first) = apps.first_mut() {
        first.listen_port = args.port;
    }
    Ok(apps)
}

/// Check every URL of `app`; whether each one verifies.
fn check_app(app: &AppSpec, out: &Output, clock: &Clock) -> bool {
    let spec = SecretSpec {
        env: Some(app.secret_env.clone()),
        ..SecretSpec::default()
    };
    let secret = Keyring::find(&spec, Some(app.provider), &mut |w| out.warn(&w))
        .ok()
        .flatten()
        .map(|(s, _)| s);
    if secret.is_none() {
        out.err(&format!(
            "{}: ${} is not set: each URL gets one unsigned request",
            app.name, app.secret_env
        ));
    }
    let mut options = SchemeOptions::default();
    for (k, v) in &app.options {
        if *k == "signature_header" {
            options.signature_header = Some(v.clone());
        }
    }
    let mut ok = true;
    for (kind, url) in &app.routes {
        let c = init::check_url(
            app.provider,
            &options,
            url,
            secret.as_ref(),
            clock.unix(),
            Duration::from_secs(5),
        );
        ok &= c.verifies();
        let s = &out.err_style;
        let label = if c.verifies() {
            s.valid("ok")
        } else {
            s.invalid("!!")
        };
        out.err(&format!(
            "{label} {} {kind} {url}: {}",
            app.name,
            c.describe()
        ));
    }
    ok
}

/// Questions on a terminal: providers, secret variables, URLs.
fn ask(out: &Output) -> anyhow::Result<Vec<AppSpec>> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut read = |q: &str| -> anyhow::Result<String> {
        out.prompt(q);
        match lines.next() {
            Some(Ok(l)) => Ok(l.trim().to_string()),
            _ => Err(crate::hinted(
                "input ended before whk init had its answers",
                "run it again, or pass flags (whk init --help)",
            )),
        }
    };
    out.err("whk init: a whk.toml for this project (Enter takes the [default]).");
    let ids: Vec<&str> = Provider::ALL.iter().map(|p| p.id()).collect();
    let providers = loop {
        let answer = read(&format!(
            "Providers, comma-separated ({}): ",
            ids.join(", ")
        ))?;
        let mut ps = Vec::new();
        let mut bad = None;
        for word in answer.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match Provider::from_id(word) {
                Some(p) => ps.push(p),
                None => bad = Some(word.to_string()),
            }
        }
        match bad {
            Some(w) => out.err(
                &match crate::ncco::suggest::closest(&w, ids.iter().copied()) {
                    Some(c) => format!("  unknown provider {w:?}: did you mean {c}?"),
                    None => format!("  unknown provider {w:?}"),
                },
            ),
            None if ps.is_empty() => out.err("  name at least one provider"),
            None => break ps,
        }
    };
    let mut apps = Vec::new();
    for p in providers {
        let mut app = AppSpec::new(p);
        let vars = p.secret_vars();
        app.secret_env = loop {
            let v = read(&format!(
                "Variable holding the {} secret [{}] (usual: {}): ",
                p.id(),
                app.secret_env,
                vars.join(", ")
            ))?;
            if v.is_empty() {
                break app.secret_env.clone();
            }
            if crate::config::parse::is_var_name(&v) {
                break v;
            }
            out.err("  that is not a variable name: name the variable that holds the secret, never the secret itself");
        };
        for kind in init::kinds_of(p) {
            let url = loop {
                let u = read(&format!("{} {kind} URL (Enter to skip): ", p.id()))?;
                if u.is_empty()
                    || url::Url::parse(&u).is_ok_and(|x| matches!(x.scheme(), "http" | "https"))
                {
                    break u;
                }
                out.err("  an http:// URL, e.g. http://127.0.0.1:8000/webhooks");
            };
            if !url.is_empty() {
                app.routes.push((*kind, url));
            }
        }
        apps.push(app);
    }
    Ok(apps)
}
