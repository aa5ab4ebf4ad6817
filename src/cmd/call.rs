//! `whk call`: scenario (file + flags) → signer, clock, context → the engine → timeline,
//! expectations → output and exit status.

use std::sync::Arc;

use crate::call::engine::{self, CallContext, Deadlines};
use crate::call::scenario::{Scenario, ScenarioFlags};
use crate::call::timeline::CallRun;
use crate::call::vapi::script::SecretMode;
use crate::call::{audio, record, render, repeat, websocket};
use crate::cli::ReportFormat;
use crate::cli::call::CallArgs;
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::finding::Finding;
use crate::outbound::{Client, Keyring};
use crate::output::Output;
use crate::webhook::Provider;

pub fn run(args: CallArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let CallArgs { opts: a, caller } = args;
    let format = ReportFormat::pick(a.json, a.format);
    let file = match &a.scenario {
        Some(path) => Some(Scenario::load(path)?),
        None => None,
    };
    let file = a.routes.under(file);
    let flags = ScenarioFlags {
        provider: a.provider.clone(),
        answer_url: a.answer_url.clone(),
        event_url: a.event_url.clone(),
        fallback_url: a.fallback_url.clone(),
        to: a.to.clone(),
        caller,
        callee: a.callee.clone(),
        hangup_after: a.hangup_after.clone(),
    };
    let scenario = Scenario::from_parts(file, &flags)?;
    let signer = Keyring::signer_for(
        &a.secret.spec(),
        signing_provider(&scenario),
        &a.scheme.options(),
        &mut |w| out.warn(&w),
    )?;
    let mut socket = websocket::SocketOptions::default();
    if let Some(w) = &a.ws_to {
        socket.ws_to = Some(websocket::parse_ws_to(w).map_err(anyhow::Error::msg)?);
    }
    if let Some(path) = &a.audio {
        socket.audio = Some(Arc::new(
            audio::Pcm::from_wav(path).map_err(anyhow::Error::msg)?,
        ));
    }
    if let Some(dir) = &a.record {
        if a.repeat > 1 {
            return Err(crate::hinted(
                "--record records one call; it cannot be combined with --repeat",
                "drop --repeat to record, or --record to repeat",
            ));
        }
        record::prepare(dir).map_err(anyhow::Error::msg)?;
    }
    let mut client = Client::new();
    client.connect_timeout = Some(engine::CONNECT_DEADLINE);
    let ctx = CallContext {
        client: Arc::new(client),
        signer: Arc::new(signer),
        // The call runs on its own clock: virtual from the run's "now" (WHK_NOW when set),
        // or the wall clock with --realtime.
        clock: if a.realtime {
            Clock::System
        } else {
            Clock::starting_at(clock.now())
        },
        count_latency: !matches!(clock, Clock::Fixed(_)),
        order: a.order.into(),
        duplicate_events: a.duplicate_events,
        seed: a.seed.unwrap_or_else(engine::fresh_seed),
        deadlines: {
            let d = Deadlines::for_provider(&scenario.provider);
            Deadlines {
                answer: a.answer_deadline.unwrap_or(d.answer),
                event: a.event_deadline.unwrap_or(d.event),
            }
        },
        socket,
    };
    if a.repeat > 1 {
        // Many calls spread over threads of their own (`repeat::run_many`).
        let bar = out.progress(a.repeat, format == ReportFormat::Human);
        let opts = repeat::Repeat {
            calls: a.repeat,
            concurrency: a.concurrency as usize,
        };
        let scenario = Arc::new(scenario);
        let summary = repeat::run_many(scenario, &ctx, &opts, expectations, &bar);
        bar.finish_and_clear();
        match format {
            ReportFormat::Json => out.out(&serde_json::json!({ "summary": summary }).to_string()),
            _ => {
                out.out(&summary.line());
                for f in &summary.examples {
                    out.out(&render::finding_text(f, &out.out_style));
                }
            }
        }
        return Ok(match summary.exit {
            0 => ExitStatus::Success,
            1 => ExitStatus::Findings,
            _ => ExitStatus::Error,
        });
    }
    // One call is one conversation, one request at a time: a single-threaded runtime keeps the
    // connection task and the call on one thread (no cross-thread wake-up per webhook).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let run = rt.block_on(engine::run_call(&scenario, &ctx));
    let extra = if run.unreachable.is_none() {
        expectations(&scenario, &run)
    } else {
        Vec::new()
    };
    let exit: u8 = if run.unreachable.is_some() {
        2
    } else if run.has_errors() || !extra.is_empty() {
        1
    } else {
        0
    };
    match format {
        ReportFormat::Json => {
            for line in render::json_entries(&run) {
                out.out(&line);
            }
            out.out(&render::json_summary(&run, &extra, exit, ctx.order.as_str()).to_string());
        }
        ReportFormat::Human => out.out(&render::human(&run, &extra, exit, &out.out_style)),
        ReportFormat::Github => {
            for line in render::github(&run, &extra) {
                out.out(&line);
            }
        }
    }
    if let Some(dir) = &a.record {
        let written = record::write(dir, &run).map_err(anyhow::Error::msg)?;
        if format == ReportFormat::Human {
            out.err(&format!(
                "whk call: recorded {} requests as {}",
                written.requests,
                written.lifecycle.display()
            ));
        }
    }
    let unreachable = run.unreachable.clone();
    // A run can hold megabytes of payloads (a long Vapi conversation resends the whole
    // conversation each turn) in many small allocations; the process ends right after this, so
    // the OS takes them back at once instead of the allocator freeing them one by one.
    std::mem::forget(run);
    if let Some(why) = &unreachable {
        return Err(crate::hinted(
            why.clone(),
            match scenario.provider.as_str() {
                "vapi" => {
                    "start your server (or `whk listen`) and point --to (the server URL) or the scenario's server_url at it"
                }
                "twilio" | "signalwire" => {
                    "start your app (or `whk listen`) and point --to or the scenario's voice_url at it"
                }
                _ => "start your app (or `whk listen`) and point --answer-url or --to at it",
            },
        ));
    }
    Ok(ExitStatus::from_ok(exit == 0))
}

/// The scheme the platform signs its requests with.
fn signing_provider(scenario: &Scenario) -> Provider {
    match scenario.provider.as_str() {
        "twilio" => Provider::Twilio,
        "signalwire" => Provider::SignalwireCompat,
        "vapi" => match scenario.secret_mode.unwrap_or_default() {
            SecretMode::Hmac => Provider::Vapi,
            SecretMode::XVapiSecret => Provider::VapiSecret,
        },
        _ => Provider::Vonage,
    }
}

/// The scenario's expectations about a finished call, as findings.
fn expectations(scenario: &Scenario, run: &CallRun) -> Vec<Finding> {
    crate::call::expect::evaluate(scenario, run)
}
