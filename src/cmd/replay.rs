//! `whk replay`: fixtures → units → signed requests → endpoint → assertions → report.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::cli::ReportFormat;
use crate::cli::replay::ReplayArgs;
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::finding::github;
use crate::fixtures::{self, Compiled, Context, Fixture, Item};
use crate::input;
use crate::outbound::SendError;
use crate::output::Output;
use crate::platform::Kind;
use crate::replay::{
    self, Expectations, Hint, Keyring, Report, RetryPolicy, RunOptions, Signer, Summary, Target,
    Unit, UnitStep,
};
use crate::webhook::{Headers, Provider};

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
    let mut units = build_units(&args, &items, &extra)?;
    let signers = build_signers(&args, &units, out)?;
    let steps = units.iter_mut().flat_map(|u| u.steps.iter_mut());
    let mut to_used = false;
    let mut routes_used = vec![false; routes.len()];
    for step in steps {
        match routes.iter().position(|(k, _, _)| *k == step.kind) {
            Some(i) => {
                step.target = Some(routes[i].1.clone());
                routes_used[i] = true;
            }
            None => to_used = true,
        }
    }
    for ((kind, _, url), used) in routes.iter().zip(&routes_used) {
        if !used {
            out.err(&format!(
                "whk replay: --route {kind}={url}: no fixture in this run is of kind {kind} (`whk fixtures` shows kinds)"
            ));
        }
    }
    if args.dry_run {
        dry_run(&args, &units, &target, &signers, out, clock)?;
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
                    out2.out(&report_json(r).to_string());
                }
            } else if github {
                // An attempt that is retried is not a finding yet.
                if !r.will_retry {
                    for f in &r.findings {
                        out2.out(&github::annotation(f, &label(r)));
                    }
                }
            } else if !(quiet || bar_visible) || !r.passed() {
                let hints = !r.hints.is_empty() && !r.will_retry && hinted.insert(r.provider);
                let line = report_text(r, hints, &out2);
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
        ReportFormat::Json => out.out(&json!({ "summary": summary_json(&summary) }).to_string()),
        ReportFormat::Human => out.out(&summary_line(&summary, out)),
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

fn build_units(args: &ReplayArgs, items: &[Item], extra: &Headers) -> anyhow::Result<Vec<Unit>> {
    let mut units = Vec::new();
    for item in items {
        match item {
            Item::Single(f) => units.push(Unit {
                name: f.name.as_str().into(),
                lifecycle: false,
                gap: None,
                steps: vec![unit_step(args, f, None, Default::default(), extra)?],
            }),
            Item::Lifecycle(l) => {
                let mut steps = Vec::new();
                for s in &l.steps {
                    steps.push(unit_step(args, &s.fixture, s.delay, s.vars.clone(), extra)?);
                }
                units.push(Unit {
                    name: l.name.as_str().into(),
                    lifecycle: true,
                    gap: l.gap,
                    steps,
                });
            }
        }
    }
    Ok(units)
}

fn unit_step(
    args: &ReplayArgs,
    f: &Fixture,
    delay: Option<Duration>,
    vars: std::collections::HashMap<String, String>,
    extra: &Headers,
) -> anyhow::Result<UnitStep> {
    let file = f.origin.display();
    let provider = if args.unsigned {
        None
    } else {
        Some(args.provider.or(f.provider()).ok_or_else(|| {
            crate::hinted(
                format!("{file}: which provider signs this fixture?"),
                "pass --provider P, put the file in a folder named after the provider (vapi/, vonage/, …), set \"provider\" in an envelope, or pass --unsigned",
            )
        })?)
    };
    let mut env = f.envelope.clone();
    if !extra.is_empty() {
        let mut h = env.headers.take().unwrap_or_default();
        for n in extra.names() {
            h.retain(|k, _| !k.eq_ignore_ascii_case(n));
        }
        for (n, v) in extra.iter() {
            h.insert(n.to_string(), Value::String(v.to_string()));
        }
        env.headers = Some(h);
    }
    let compiled =
        Compiled::new(&env, args.keep).map_err(|e| anyhow::anyhow!("bad fixture {file}: {e}"))?;
    let vars = super::template_vars(&f.name, &compiled, vars, &args.vars)?;
    let mut expect = Expectations::resolve(
        args.expect_status.as_ref(),
        args.deadline,
        env.expect.as_ref(),
    )
    .map_err(|e| anyhow::anyhow!("bad fixture {file}: {e}"))?;
    // The kind and contract from a sample rendering: they depend on the request's shape, not
    // on the values placeholders give it (nor on the time).
    let mut ctx = Context::new(0, crate::clock::Clock::System);
    ctx.set_vars(&vars);
    let (kind, contract) =
        crate::platform::of_rendered(args.provider.or(f.provider()), &compiled.render(&mut ctx));
    expect.contract = contract;
    Ok(UnitStep {
        fixture: f.name.as_str().into(),
        event: f.event().map(Into::into),
        provider,
        compiled,
        delay,
        vars,
        expect,
        kind,
        target: None,
    })
}

fn build_signers(args: &ReplayArgs, units: &[Unit], out: &Output) -> anyhow::Result<Keyring> {
    let mut first_use: Vec<(Provider, Arc<str>)> = Vec::new();
    for u in units {
        for s in &u.steps {
            if let Some(p) = s.provider
                && !first_use.iter().any(|(q, _)| *q == p)
            {
                first_use.push((p, s.fixture.clone()));
            }
        }
    }
    let spec = args.secret.spec();
    let opts = args.scheme.options();
    let mut signers = Keyring::default();
    for (p, fixture) in first_use {
        let (secret, origin) = input::secret_and_origin_for(&spec, p, out).map_err(|e| {
            crate::hinted(
                format!("{fixture} is signed with {p}: {e:#}"),
                "or pass --unsigned to send without signatures",
            )
        })?;
        let mut signer = Signer::new(p, &opts, secret)
            .map_err(|e| crate::hinted(e, "see `whk providers` for what each provider takes"))?;
        signer.secret_origin = Some(origin);
        signers.insert(signer);
    }
    Ok(signers)
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

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
}

fn fmt_latency(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2}ms")
    } else if ms < 1000.0 {
        format!("{ms:.1}ms")
    } else {
        format!("{:.2}s", ms / 1e3)
    }
}

fn label(r: &Report) -> String {
    if r.unit.as_ref() == r.fixture.as_ref() {
        r.fixture.to_string()
    } else {
        format!("{} › {}", r.unit, r.fixture)
    }
}

fn report_line(r: &Report, out: &Output) -> String {
    let s = &out.out_style;
    let mark = if r.will_retry {
        s.warning("RETRY")
    } else if r.passed() {
        s.valid("PASS ")
    } else {
        s.invalid("FAIL ")
    };
    let status = r
        .outcome
        .status
        .map_or_else(|| "---".to_string(), |c| c.to_string());
    let mut line = format!(
        "{mark} {status} {:>8}  {}  {} {}",
        fmt_latency(r.outcome.latency),
        s.bold(&label(r)),
        r.method,
        s.dim(&r.url)
    );
    if r.attempt > 1 {
        line.push_str(&format!(" {}", s.dim(&format!("(attempt {})", r.attempt))));
    }
    if r.duplicate {
        line.push_str(&format!(" {}", s.dim("(duplicate)")));
    }
    if !r.findings.is_empty() {
        line.push_str(" — ");
        line.push_str(&r.failures().join("; "));
    }
    line
}

/// Bytes of a refused request's answer shown under its line.
const ANSWER_PREVIEW_BYTES: usize = 200;
/// Bytes of every answer's body in `--json` (`response_body`).
const ANSWER_JSON_BYTES: usize = 4096;

/// A report's line, and under a FAIL with a 4xx/5xx the start of the answer's body and, with
/// `hints`, the likely causes of a refusal (an attempt that is retried stays one line).
fn report_text(r: &Report, hints: bool, out: &Output) -> String {
    let s = &out.out_style;
    let mut text = report_line(r, out);
    if r.passed() || r.will_retry || r.outcome.status.is_none_or(|c| c < 400) {
        return text;
    }
    let (preview, cut) = body_prefix(&r.outcome.body, ANSWER_PREVIEW_BYTES);
    let shown = if r.outcome.body_len == 0 {
        s.dim("(empty body)")
    } else if (cut as u64) < r.outcome.body_len {
        format!(
            "{}… {}",
            escape_line(&preview),
            s.dim(&format!("(first {cut} of {} bytes)", r.outcome.body_len))
        )
    } else {
        escape_line(&preview)
    };
    text.push_str(&format!("\n      {} {shown}", s.dim("answer:")));
    if hints && let Some(status) = r.outcome.status {
        text.push_str(&format!(
            "\n      {} the endpoint refused the request ({status}); likely causes:",
            s.warning("hint:")
        ));
        for h in &r.hints {
            text.push_str(&format!("\n        - {h}"));
        }
    }
    text
}

/// The start of a body, at most `max` bytes cut at a character boundary, as text (invalid
/// UTF-8 replaced); and how many bytes that is.
fn body_prefix(body: &[u8], max: usize) -> (String, usize) {
    let mut cut = body.len().min(max);
    if let Err(e) = std::str::from_utf8(&body[..cut])
        && e.error_len().is_none()
    {
        cut = e.valid_up_to();
    }
    (String::from_utf8_lossy(&body[..cut]).into_owned(), cut)
}

/// Text on one line: line breaks, tabs and other control characters escaped.
fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn report_json(r: &Report) -> Value {
    let (body, body_cut) = body_prefix(&r.outcome.body, ANSWER_JSON_BYTES);
    json!({
        "unit": r.unit.as_ref(),
        "fixture": r.fixture.as_ref(),
        "event": r.event.as_deref(),
        "provider": r.provider.map(|p| p.id()),
        "kind": r.kind.as_str(),
        "seq": r.seq,
        "step": r.step,
        "attempt": r.attempt,
        "duplicate": r.duplicate,
        "method": r.method,
        "url": r.url,
        "status": r.outcome.status,
        "latency_ms": ms(r.outcome.latency),
        "pass": r.passed(),
        "retry": r.will_retry,
        "failures": r.failures(),
        "error": r.outcome.error.as_ref().map(|e| e.to_string()),
        "call_id": r.call_id,
        "response_headers": r.outcome.status.map(|_| r.outcome.headers.to_json(true)),
        "response_body": r.outcome.status.map(|_| body),
        "response_body_bytes": r.outcome.body_len,
        "response_body_truncated": (body_cut as u64) < r.outcome.body_len,
        "hints": r.hints.iter().map(Hint::to_string).collect::<Vec<_>>(),
        "findings": r.findings,
    })
}

fn summary_json(s: &Summary) -> Value {
    let secs = s.elapsed.as_secs_f64();
    json!({
        "sent": s.sent,
        "passed": s.passed,
        "failed": s.failed,
        "retried": s.retried,
        "elapsed_ms": ms(s.elapsed),
        "requests_per_sec": if secs > 0.0 { (s.sent as f64 / secs * 10.0).round() / 10.0 } else { 0.0 },
        "latency_ms": {
            "p50": ms(s.latency.percentile(50.0)),
            "p95": ms(s.latency.percentile(95.0)),
            "p99": ms(s.latency.percentile(99.0)),
            "max": ms(s.latency.max()),
            "mean": ms(s.latency.mean()),
        },
    })
}

fn summary_line(s: &Summary, out: &Output) -> String {
    let st = &out.out_style;
    let secs = s.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        s.sent as f64 / secs
    } else {
        0.0
    };
    let failed = format!("{} failed", s.failed);
    // Latencies are of answers only: with none, zeros would read as "instant".
    let latency = if s.latency.count() == 0 {
        "no answers to time".to_string()
    } else {
        format!(
            "latency p50 {} p95 {} p99 {} max {}",
            fmt_latency(s.latency.percentile(50.0)),
            fmt_latency(s.latency.percentile(95.0)),
            fmt_latency(s.latency.percentile(99.0)),
            fmt_latency(s.latency.max()),
        )
    };
    format!(
        "{} sent, {} passed, {}, {} retried in {:.2}s ({:.0} req/s) · {latency}",
        s.sent,
        s.passed,
        if s.failed > 0 {
            st.invalid(&failed)
        } else {
            failed
        },
        s.retried,
        secs,
        rate,
    )
}

fn secret_var(args: &ReplayArgs, provider: Provider) -> String {
    args.secret
        .secret_env
        .clone()
        .unwrap_or_else(|| provider.secret_vars()[0].to_string())
}

fn dry_run(
    args: &ReplayArgs,
    units: &[Unit],
    target: &Target,
    signers: &Keyring,
    out: &Output,
    clock: &Clock,
) -> anyhow::Result<()> {
    use crate::cmd::sign::sh_quote;
    for seq in 0..args.repeat {
        for unit in units {
            let mut ctx = Context::new(seq, clock.clone());
            for (i, step) in unit.steps.iter().enumerate() {
                ctx.step = i as u64;
                ctx.set_vars(&step.vars);
                let rendered = step.compiled.render(&mut ctx);
                let signer = step.provider.and_then(|p| signers.get(p));
                let p = replay::prepare(
                    &rendered,
                    step.target.as_deref().unwrap_or(target),
                    signer,
                    clock.unix(),
                    Some(&replay::runner::delivery_id(step.provider)),
                )
                .map_err(|e| anyhow::anyhow!("{}: cannot sign: {e}", step.fixture))?;
                let var = step
                    .provider
                    .map(|pr| secret_var(args, pr))
                    .unwrap_or_default();
                if args.json {
                    let mut headers = serde_json::Map::new();
                    for (n, v) in p.headers.iter() {
                        let v = if p.sensitive.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                            format!("${{{var}}}")
                        } else {
                            v.to_string()
                        };
                        headers.insert(n.to_string(), v.into());
                    }
                    out.out(
                        &json!({
                            "fixture": step.fixture.as_ref(),
                            "provider": step.provider.map(|x| x.id()),
                            "method": p.method,
                            "url": p.url,
                            "headers": headers,
                            "body": String::from_utf8_lossy(&p.body),
                        })
                        .to_string(),
                    );
                    continue;
                }
                let mut lines = vec![format!(
                    "# {}{}",
                    if unit.lifecycle {
                        format!("{} step {}: ", unit.name, i + 1)
                    } else {
                        String::new()
                    },
                    step.fixture
                )];
                let mut parts = vec!["curl".to_string()];
                if p.method != "POST" || p.body.is_empty() {
                    parts.push(format!("-X {}", sh_quote(&p.method)));
                }
                parts.push(sh_quote(&p.url));
                for (n, v) in p.headers.iter() {
                    if p.sensitive.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                        parts.push(format!("-H \"{n}: ${var}\""));
                    } else {
                        parts.push(format!("-H {}", sh_quote(&format!("{n}: {v}"))));
                    }
                }
                if !p.body.is_empty() {
                    match std::str::from_utf8(&p.body) {
                        Ok(t) if !t.contains('\0') => {
                            parts.push(format!("--data-binary {}", sh_quote(t)))
                        }
                        _ => parts.push("--data-binary @-  # the body is binary".into()),
                    }
                }
                lines.push(parts.join(" \\\n  "));
                out.out(&lines.join("\n"));
            }
        }
    }
    Ok(())
}
