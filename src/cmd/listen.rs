//! `whk listen`: flags → [`listen::Config`], files read and checked up front (a bad `--answer`
//! NCCO or `--respond` file is an error before anything is bound), then [`listen::run`].

use std::net::ToSocketAddrs as _;

use bytes::Bytes;

use crate::cli::ProviderChoice;
use crate::cli::listen::ListenArgs;
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::listen::config::{self, RecordConfig, ReplyConfig};
use crate::listen::signature::{ProviderMode, Verifier};
use crate::listen::{self, Config, Format};
use crate::output::Output;

pub fn run(args: ListenArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    // Bound first: a port in use is the only line printed, before any warning.
    let addr = address(&args)?;
    let listener = listen::bind(addr)?;
    let cfg = build(args, addr, out, clock)?;
    listen::run(cfg, listener, out)
}

fn address(args: &ListenArgs) -> anyhow::Result<std::net::SocketAddr> {
    (args.host.as_str(), args.port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            crate::hinted(
                format!(
                    "--host {:?} is not an address or a known host name",
                    args.host
                ),
                "use an IP address such as 127.0.0.1 (the default)",
            )
        })
}

fn build(
    args: ListenArgs,
    addr: std::net::SocketAddr,
    out: &Output,
    clock: &Clock,
) -> anyhow::Result<Config> {
    let mode = match args.provider {
        ProviderChoice::Auto => ProviderMode::Auto,
        ProviderChoice::One(p) => ProviderMode::One(p),
    };
    let (verifier, warnings) = Verifier::new(
        mode,
        &args.secret.spec(),
        args.scheme.options(),
        args.tolerance,
    )?;
    for w in &warnings {
        out.warn(w);
    }
    let public_url = match &args.public_url {
        Some(u) => {
            let parsed = url::Url::parse(u).map_err(|e| {
                crate::hinted(
                    format!("--public-url {u:?} is not a URL: {e}"),
                    "give the base URL the provider calls, e.g. https://abc.ngrok.app",
                )
            })?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(crate::hinted(
                    format!("--public-url {u:?} is not an http(s) URL"),
                    "give the base URL the provider calls, e.g. https://abc.ngrok.app",
                ));
            }
            Some(u.trim_end_matches('/').to_string())
        }
        None => None,
    };
    let prefix = config::normalize_prefix(&args.path);
    let answer_path = {
        let p = config::normalize_prefix(args.answer_path.as_deref().unwrap_or("/answer"));
        if config::under_prefix(&p, &prefix) {
            p
        } else {
            config::join_path(&prefix, &p)
        }
    };
    let mut reply = ReplyConfig {
        status: args.status.unwrap_or(200),
        delay: args.delay,
        fail_first: args.fail_first.unwrap_or(0),
        answer_path,
        answer_path_only: args.answer_path.is_some(),
        ..ReplyConfig::default()
    };
    if let Some(path) = &args.respond {
        let bytes = std::fs::read(path).map_err(|e| {
            crate::hinted(
                format!("cannot read the --respond file {}: {e}", path.display()),
                "check the path",
            )
        })?;
        reply.body = Some((
            Bytes::from(bytes),
            config::content_type_for(path).to_string(),
        ));
    }
    if let Some(path) = &args.answer {
        reply.answer = Some(read_answer(path, out)?);
    }
    let forward_to = match &args.forward_to {
        Some(u) => Some(forward_url(u)?),
        None => None,
    };
    let events: Vec<String> = args
        .events
        .iter()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect();
    Ok(Config {
        addr,
        path_prefix: prefix,
        verifier,
        public_url,
        stale_after: args.stale_after,
        events,
        reply,
        forward_to,
        forward_timeout: args.forward_timeout,
        count: args.count,
        timeout: args.timeout,
        record: args.record.map(|dir| RecordConfig {
            dir,
            redact: args.redact,
        }),
        max_body: args.max_body,
        read_timeout: args.read_timeout,
        strict: args.strict,
        ui: args.ui.then_some(config::UiConfig {
            port: args.ui_port,
            history: args.ui_history,
        }),
        clock: clock.clone(),
        format: if args.json {
            Format::Json
        } else if args.compact {
            Format::Compact
        } else {
            Format::Pretty
        },
    })
}

/// Read and lint the `--answer` NCCO: not a JSON array or lint errors → exit 2.
fn read_answer(path: &std::path::Path, out: &Output) -> anyhow::Result<Bytes> {
    let bytes = std::fs::read(path).map_err(|e| {
        crate::hinted(
            format!("cannot read the --answer file {}: {e}", path.display()),
            "check the path",
        )
    })?;
    if !listen::ncco::is_json_array(&bytes) {
        return Err(crate::hinted(
            format!(
                "--answer {}: an NCCO must be a JSON array of actions",
                path.display()
            ),
            "write it as [{\"action\": \"talk\", \"text\": \"Hello\"}]; check it with `whk ncco lint FILE`",
        ));
    }
    let report = listen::ncco::check(&bytes);
    let name = path.display().to_string();
    if report.errors > 0 || report.warnings > 0 {
        out.err(listen::ncco::frames(&name, &bytes, &out.err_style).trim_end());
    }
    if report.errors > 0 {
        return Err(crate::hinted(
            format!(
                "--answer {name}: the NCCO has {} error(s); Vonage would reject or misplay it",
                report.errors
            ),
            format!("fix the errors above (`whk ncco lint --fix {name}` fixes the safe ones)"),
        ));
    }
    if report.warnings > 0 {
        out.warn(&format!(
            "--answer {name}: {} warning(s) in the NCCO (shown above); serving it anyway",
            report.warnings
        ));
    }
    Ok(Bytes::from(bytes))
}

/// `--forward-to`: an http:// URL (the scheme may be left out: `localhost:3000/hooks`).
fn forward_url(u: &str) -> anyhow::Result<url::Url> {
    let text = if u.contains("://") {
        u.to_string()
    } else {
        format!("http://{u}")
    };
    let parsed = url::Url::parse(&text).map_err(|e| {
        crate::hinted(
            format!("--forward-to {u:?} is not a URL: {e}"),
            "give your app's local URL, e.g. http://127.0.0.1:3000/webhooks",
        )
    })?;
    if parsed.scheme() != "http" {
        return Err(crate::hinted(
            format!("--forward-to {u:?}: only http:// is supported"),
            "forward to your app's plain-HTTP local address, e.g. http://127.0.0.1:3000",
        ));
    }
    if parsed.host().is_none() {
        return Err(crate::hinted(
            format!("--forward-to {u:?} has no host"),
            "e.g. http://127.0.0.1:3000/webhooks",
        ));
    }
    Ok(parsed)
}
