//! `whk replay`: fixtures → units → signed requests → endpoint → assertions → report.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use crate::cli::ReportFormat;
use crate::cli::replay::ReplayArgs;
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::finding::github;
use crate::fixtures;
use crate::input;
use crate::outbound::{Keyring, SendError};
use crate::output::Output;
use crate::platform::Kind;
use crate::replay::build::{self, BuildOptions};
use crate::replay::render;
use crate::replay::{self, Report, RetryPolicy, RunOptions, Target};
use crate::webhook::Provider;

/// Runs with at least this many requests get a progress bar (on a terminal).
const PROGRESS_FROM: u64 = 200;

pub fn run(mut args: ReplayArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let format = ReportFormat::pick(args.json, args.format);
    args.json = format == ReportFormat::Json;
    let github = format == ReportFormat::Github;
    const LOCAL: &str =
        "replay targets are local: use http://127.0.0.1:PORT/… (e.g. `whk listen`'s address)";
    let target = Target::parse(&args.to).map_err(|e| crate::hinted(e.to_string(), LOCAL))?;
    let mut routes: Vec<(Kind, Arc<Target>, &str)> = Vec::new();
    for (kind, url) in &args.routes {
        if routes.iter().any(|(k, _, _)| k == kind) {
            return Err(crate::hinted(
                format!("--route {kind} is given twice"),
                "give each kind one URL",
            ));
        }
        let t = Target::parse(url).map_err(|e| {
            crate::hinted(
                format!(
                    "--route {kind}={url}: {}",
                    e.to_string().replacen("--to ", "", 1)
                ),
                LOCAL,
            )
        })?;
        routes.push((*kind, Arc::new(t), url.as_str()));
    }
    let extra = input::parse_header_args(&args.headers)?;
    let mut items = Vec::new();
    for arg in &args.fixtures {
        let found = fixtures::resolve(arg).map_err(|e| match e {
            fixtures::LoadError::NotFound(m) => {
                crate::hinted(m, "`whk fixtures` lists the shipped fixture ids")
            }
            other => anyhow::Error::new(other),
        })?;
        items.extend(found);
    }
    let mut units = build::build_units(
        &items,
        &BuildOptions {
            provider: args.provider,
            default_provider: args.default_provider,
            unsigned: args.unsigned,
            keep: args.keep,
            vars: &args.vars,
            expect_status: args.expect_status.as_ref(),
            deadline: args.deadline,
            headers: &extra,
        },
    )?;
    let spec = args.secret.spec();
    let signers = build::build_signers(&units, &spec, &args.scheme.options(), out)?;
    let targets: Vec<(Kind, Arc<Target>)> =
        routes.iter().map(|(k, t, _)| (*k, t.clone())).collect();
    let used = build::apply_routes(&mut units, &targets);
    let (to_used, routes_used) = (used.default, used.routes);
    let given = routes.len() - args.file_routes;
    for ((kind, _, url), used) in routes.iter().zip(&routes_used).take(given) {
        if !used {
            out.err(&format!(
                "whk replay: --route {kind}={url}: no fixture in this run is of kind {kind} (`whk fixtures` shows kinds)"
            ));
        }
    }
    if args.dry_run {
        build::dry_run(&units, &target, &signers, args.repeat, clock, |d| {
            let var = d
                .step
                .provider
                .map(|p| Keyring::variable_for(&spec, p))
                .unwrap_or_default();
            out.out(&if args.json {
                render::dry_run_json(&d, &var).to_string()
            } else {
                render::dry_run_curl(&d, &var)
            });
        })?;
        return Ok(ExitStatus::Success);
    }
    if to_used {
        preflight(&target, &args.to)?;
    }
    for ((_, t, url), used) in routes.iter().zip(&routes_used) {
        if *used {
            preflight(t, url)?;
        }
    }
    let opts = RunOptions {
        repeat: args.repeat,
        concurrency: args.concurrency as usize,
        rate: args.rate,
        duplicate: args.duplicate,
        shuffle: args.shuffle,
        retry: retry_policy(&args),
        gap: args.gap,
        clock: clock.clone(),
    };
    let steps: u64 = units.iter().map(|u| u.steps.len() as u64).sum();
    let expected = steps
        .saturating_mul(args.repeat)
        .saturating_mul(if args.duplicate { 2 } else { 1 });
    let bar = out.progress(
        expected,
        format == ReportFormat::Human && expected >= PROGRESS_FROM,
    );
    let bar_visible = !bar.is_hidden();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (json_out, quiet) = (args.json, args.quiet);
    let (out2, bar2) = (out.clone(), bar.clone());
    // Refusal hints are printed once per provider, under its first refusal.
    let mut hinted: HashSet<Option<Provider>> = HashSet::new();
    let summary = replay::run_blocking(
        Arc::new(units),
        Arc::new(target),
        Arc::new(signers),
        opts,
        threads,
        move |r: &Report| {
            bar2.inc(1);
            if json_out {
                if !quiet || !r.passed() {
                    out2.out(&render::report_json(r).to_string());
                }
            } else if github {
                // An attempt that is retried is not a finding yet.
                if !r.will_retry {
                    for f in &r.findings {
                        out2.out(&github::annotation(f, &render::label(r)));
                    }
                }
            } else if !(quiet || bar_visible) || !r.passed() {
                let hints = !r.hints.is_empty() && !r.will_retry && hinted.insert(r.provider);
                let line = render::report_text(r, hints, &out2);
                if bar_visible {
                    bar2.suspend(|| out2.out(&line));
                } else {
                    out2.out(&line);
                }
            }
        },
    )?;
    bar.finish_and_clear();
    if summary.sent > 0 && summary.refused == summary.sent {
        return Err(refused_error(&args.to));
    }
    match format {
        ReportFormat::Json => {
            out.out(&json!({ "summary": render::summary_json(&summary) }).to_string())
        }
        ReportFormat::Human => out.out(&render::summary_line(&summary, out)),
        // Annotations only: the exit code says whether the run passed.
        ReportFormat::Github => {}
    }
    Ok(ExitStatus::from_ok(summary.failed == 0))
}

fn retry_policy(args: &ReplayArgs) -> Option<RetryPolicy> {
    let any = args.retry
        || args.max_attempts.is_some()
        || args.initial_delay.is_some()
        || args.max_delay.is_some()
        || args.backoff_factor.is_some();
    let d = RetryPolicy::default();
    any.then(|| RetryPolicy {
        max_attempts: args.max_attempts.unwrap_or(d.max_attempts),
        initial_delay: args.initial_delay.unwrap_or(d.initial_delay),
        max_delay: args.max_delay.unwrap_or(d.max_delay),
        backoff_factor: args.backoff_factor.unwrap_or(d.backoff_factor),
    })
}

/// Check something listens at `--to` before sending anything.
fn preflight(target: &Target, to: &str) -> anyhow::Result<()> {
    use std::net::ToSocketAddrs as _;
    let addrs: Vec<_> = target
        .addr
        .to_socket_addrs()
        .map_err(|e| crate::hinted(format!("cannot resolve {to}: {e}"), "check --to"))?
        .collect();
    let mut last = None;
    for a in &addrs {
        match std::net::TcpStream::connect_timeout(a, Duration::from_secs(3)) {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
    }
    match last.map(|e| crate::outbound::error::connect_failed(&target.addr, &e)) {
        Some(SendError::Refused { .. }) => Err(refused_error(to)),
        Some(SendError::Connect { detail, .. }) => Err(crate::hinted(
            format!("cannot connect to {to}: {detail}"),
            "check --to, and that the receiver is running",
        )),
        _ => Err(crate::hinted(format!("cannot resolve {to}"), "check --to")),
    }
}

fn refused_error(to: &str) -> anyhow::Error {
    crate::hinted(
        format!("cannot connect to {to}: connection refused (nothing is listening there)"),
        format!(
            "start a receiver with `whk listen` (it listens on {}:{}), or point --to at your endpoint",
            crate::DEFAULT_LISTEN_HOST,
            crate::DEFAULT_LISTEN_PORT
        ),
    )
}
