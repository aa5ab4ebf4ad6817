//! `whk listen`: a local receiver that shows, verifies, answers, forwards and records webhook
//! deliveries.
//!
//! Data flows one way:
//!
//! ```text
//! socket → server (read within limits) → Delivery { analyze, signature, dedupe, reply }
//!        │                        └─ --forward-to: outbound::Client → Exchange ─┐
//!        → hub (Delivery, Notice, Exchange) ◀──────────────────────────────────┘
//!            ├─ guaranteed channel → sink thread: record, print / JSON, summary
//!            └─ broadcast → live subscribers (lossy; tests)
//!        → --ui: ui::Store, the inspector's history (every delivery, byte cap)
//!                  └─ bounded broadcast → pages (SSE; a lagging page gets `resync`)
//! ```
//!
//! - [`config`]: the settings as plain data, and the duration/size parsers.
//! - [`server`]: hyper connections, limits and timeouts, replies, forwarding, shutdown; each
//!   request in named stages: read → verify → analyse → answer/forward → record → publish.
//! - [`delivery`]: the [`delivery::Delivery`] value every consumer reads, and its JSON form.
//! - [`analyze`]: body shape, provider, then the platform's recognition (`crate::platform`):
//!   event, required fields, timestamps, webhook kind, the reply contract and the default
//!   answer (pure).
//! - [`signature`]: secrets per provider, resolved once into an `outbound::Keyring` (the one
//!   replay and audit sign with); one check per delivery.
//! - [`dedupe`]: duplicate deliveries and attempts per event (`--fail-first`).
//! - [`forward`]: the round trip to the developer's app through the shared outbound client
//!   (`crate::outbound`); [`respond`]: whk's own replies.
//! - [`hub`]: the delivery stream; it also carries each forward's outbound exchange.
//! - [`inflight`]: requests between their head and their published delivery, for shutdown.
//! - [`sink`], [`render`], [`record`]: what happens to each delivery after it is answered.
//! - [`ui`]: `--ui`, the web inspector under `/_whk/`: history, JSON API, live stream, replay
//!   with a fresh signature. Fed in the publish stage, next to the hub, so its history misses
//!   nothing while a page that lags only skips ahead.
//! - [`ncco`]: NCCO checks for `--answer` and forwarded answers; every other forwarded reply
//!   is checked with `crate::platform::check`, as replay checks answers.

pub mod analyze;
pub mod config;
pub mod dedupe;
pub mod delivery;
pub mod forward;
pub mod hub;
pub mod inflight;
pub mod ncco;
pub mod record;
pub mod render;
pub mod respond;
pub mod server;
pub mod signature;
pub mod sink;
pub mod ui;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

pub use config::{Config, Format};

use crate::exit::ExitStatus;
use crate::output::Output;

/// Why the listener stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// `--count` deliveries arrived.
    Count,
    /// `--timeout` passed.
    Timeout,
    /// Ctrl-C or SIGTERM.
    Signal,
}

impl Stopped {
    fn as_str(self) -> &'static str {
        match self {
            Stopped::Count => "count",
            Stopped::Timeout => "timeout",
            Stopped::Signal => "signal",
        }
    }
}

/// Serve on `std_listener` (from [`bind`]) until stopped, drain, print the summary; return
/// the exit status.
pub fn run(
    cfg: Config,
    std_listener: std::net::TcpListener,
    out: &Output,
) -> anyhow::Result<ExitStatus> {
    let recorder = match &cfg.record {
        Some(r) => Some(record::Recorder::new(&r.dir, r.redact)?),
        None => None,
    };
    let local = std_listener.local_addr()?;
    let url = format!("http://{local}");
    // `--ui-port`: its own loopback listener, bound before anything is printed.
    let ui_listener = match cfg.ui.as_ref().and_then(|u| u.port) {
        Some(p) => Some(bind(std::net::SocketAddr::from(([127, 0, 0, 1], p)))?),
        None => None,
    };
    let ui_port = match &ui_listener {
        Some(l) => Some(l.local_addr()?.port()),
        None => cfg.ui.as_ref().map(|_| local.port()),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;

    let cfg = Arc::new(cfg);
    let mut loaded = 0;
    let ui = match (&cfg.ui, ui_port) {
        (Some(u), Some(port)) => {
            let ui = Arc::new(ui::Ui::new(cfg.clone(), local, port, u.history));
            if let Some(r) = &cfg.record {
                let l = ui::history::load(&ui, &r.dir);
                if let Some(w) = l.warning {
                    out.warn(&w);
                }
                loaded = l.rows;
            }
            Some(ui)
        }
        _ => None,
    };

    if cfg.format == Format::Json {
        let mut first = serde_json::json!({ "listening": url });
        if let Some(ui) = &ui {
            first["ui"] = ui.url().into();
        }
        out.out(&first.to_string());
    }
    announce(&cfg, out, &url, ui.as_deref().map(|u| (u, loaded)));

    let (hub, rx) = hub::Hub::new();
    let sink = sink::Sink::new(out.clone(), cfg.format);
    let sink_thread = std::thread::Builder::new()
        .name("whk-listen-sink".into())
        .spawn(move || sink.run(rx))?;

    let grace = cfg.read_timeout
        + cfg.reply.delay.unwrap_or_default()
        + if cfg.forward_to.is_some() {
            cfg.forward_timeout
        } else {
            Duration::ZERO
        }
        + Duration::from_secs(5);

    let (stopped, delivered) = rt.block_on(async {
        let listener = tokio::net::TcpListener::from_std(std_listener)?;
        let state = Arc::new(server::State::new(
            cfg.clone(),
            hub,
            local,
            recorder,
            ui.clone(),
        ));
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let ui_server = match (ui_listener, &ui) {
            (Some(l), Some(ui)) => Some(tokio::spawn(ui::serve(
                tokio::net::TcpListener::from_std(l)?,
                ui.clone(),
                shutdown_rx.clone(),
            ))),
            _ => None,
        };
        let (abort_tx, abort_rx) = watch::channel(false);
        let server = tokio::spawn(server::serve(
            listener,
            state.clone(),
            shutdown_rx,
            abort_rx,
            grace,
        ));
        let mut signals = Signals::new()?;
        let timeout = async {
            match cfg.timeout {
                Some(t) => tokio::time::sleep(t).await,
                None => std::future::pending().await,
            }
        };
        let stopped = tokio::select! {
            _ = signals.next() => Stopped::Signal,
            _ = state.count_reached.notified() => Stopped::Count,
            _ = timeout => Stopped::Timeout,
        };
        if stopped == Stopped::Signal {
            out.err(&out.err_style.dim(
                "whk listen: stopping — finishing in-flight deliveries (press Ctrl-C again to stop now)",
            ));
        }
        let _ = shutdown_tx.send(true);
        let mut server = server;
        tokio::select! {
            _ = &mut server => {}
            _ = signals.next() => {
                let _ = abort_tx.send(true);
                let _ = server.await;
            }
        }
        if let Some(s) = ui_server {
            let _ = s.await;
        }
        let delivered = state.delivered();
        drop(state);
        anyhow::Ok((stopped, delivered))
    })?;
    rt.shutdown_timeout(Duration::from_secs(1));

    let (summary, record_error) = sink_thread
        .join()
        .map_err(|_| anyhow::anyhow!("the output thread stopped unexpectedly"))?;

    let (status, outcome) = verdict(&cfg, stopped, delivered, &summary);
    if cfg.format == Format::Json {
        out.out_raw(&render::summary_json(
            &summary,
            status.code(),
            stopped.as_str(),
            &outcome,
        ));
    } else {
        out.out_raw(&render::summary_human(&summary, &out.out_style, &outcome));
    }
    if let Some(e) = record_error {
        return Err(crate::hinted(
            format!(
                "{} deliver{} could not be recorded ({e})",
                summary.record_errors,
                if summary.record_errors == 1 {
                    "y"
                } else {
                    "ies"
                }
            ),
            "check the --record directory's free space and permissions",
        ));
    }
    Ok(status)
}

/// The exit status and one line saying why.
fn verdict(
    cfg: &Config,
    stopped: Stopped,
    delivered: u64,
    sum: &sink::Summary,
) -> (ExitStatus, String) {
    let wait = cfg
        .timeout
        .map(crate::output::format::humantime)
        .unwrap_or_default();
    if let Some(c) = cfg.count
        && delivered < c
    {
        let when = match stopped {
            Stopped::Timeout => format!("within {wait}"),
            _ => "before the listener was stopped".into(),
        };
        return (
            ExitStatus::Findings,
            format!("exit 1: {delivered} of {c} deliveries arrived {when}"),
        );
    }
    if cfg.count.is_none() && stopped == Stopped::Timeout && delivered == 0 {
        return (
            ExitStatus::Findings,
            format!("exit 1: no delivery arrived within {wait}"),
        );
    }
    let plural = |n: u64| if n == 1 { "y" } else { "ies" };
    if sum.failed > 0 {
        let text = if sum.refused_valid == sum.failed {
            format!(
                "exit 1: your app refused {} deliver{} whose signature is valid",
                sum.failed,
                plural(sum.failed)
            )
        } else if sum.app_too_slow == sum.failed {
            format!(
                "exit 1: the sender gave up waiting for the app (--forward-to) on {} deliver{}; a real provider would count a failure and retry",
                sum.failed,
                plural(sum.failed)
            )
        } else if sum.app_too_slow > 0 {
            format!(
                "exit 1: {} deliver{} did not verify or parse, or the sender gave up waiting for the app",
                sum.failed,
                plural(sum.failed)
            )
        } else {
            format!(
                "exit 1: {} deliver{} did not verify or parse{}{}",
                sum.failed,
                plural(sum.failed),
                if cfg.strict && sum.warnings > 0 {
                    ", or had payload warnings (--strict)"
                } else {
                    ""
                },
                if sum.refused_valid > 0 {
                    ", or were refused by the app though validly signed"
                } else {
                    ""
                }
            )
        };
        return (ExitStatus::Findings, text);
    }
    let mut text = if delivered == 0 {
        "exit 0: no deliveries".to_string()
    } else if sum.unchecked == sum.deliveries {
        "exit 0: every delivery parsed (signatures not checked: no secret)".to_string()
    } else if sum.unchecked > 0 {
        format!(
            "exit 0: every delivery verified (or had no secret to check) and parsed; {} unchecked",
            sum.unchecked
        )
    } else {
        "exit 0: every delivery verified and parsed".to_string()
    };
    if sum.warnings > 0 {
        text.push_str(&format!(
            "; {} with payload warnings (--strict fails them)",
            sum.warnings
        ));
    }
    // Not findings, but worth the last word: the sender hung up on --delay, or the run was
    // stopped before answering.
    if sum.sender_gave_up > 0 {
        text.push_str(&format!(
            "; the sender gave up before the answer on {} (--delay)",
            sum.sender_gave_up
        ));
    }
    if sum.cut_off > 0 {
        text.push_str(&format!(
            "; {} cut off before the answer (stopped at once)",
            sum.cut_off
        ));
    }
    (ExitStatus::Success, text)
}

/// Bind the listening socket. A port in use is one line (no hint line): it is all that is
/// printed when it happens.
pub fn bind(addr: std::net::SocketAddr) -> anyhow::Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "port {} on {} is already in use: stop whatever is listening there, or pick another port (--port 0 picks a free one)",
            addr.port(),
            addr.ip()
        ),
        std::io::ErrorKind::PermissionDenied => crate::hinted(
            format!("not allowed to listen on {addr}: {e}"),
            "ports below 1024 need privileges: use e.g. --port 8787, or --port 0 for a free one",
        ),
        std::io::ErrorKind::AddrNotAvailable => crate::hinted(
            format!("cannot listen on {addr}: {e}"),
            "--host must be an address of this machine, e.g. 127.0.0.1",
        ),
        _ => crate::hinted(
            format!("cannot listen on {addr}: {e}"),
            "try another --port, or --port 0 for a free one",
        ),
    })?;
    l.set_nonblocking(true)?;
    Ok(l)
}

/// The lines for people at start, on stderr.
fn announce(cfg: &Config, out: &Output, url: &str, ui: Option<(&ui::Ui, usize)>) {
    let s = &out.err_style;
    let mut lines = vec![format!(
        "{} {}{}",
        s.heading("whk listen:"),
        s.bold(url),
        if cfg.path_prefix == "/" {
            String::new()
        } else {
            cfg.path_prefix.clone()
        }
    )];
    let mut add = |label: &str, text: String| {
        lines.push(format!("  {} {text}", s.dim(&format!("{label:<9}"))));
    };
    add("verifying", cfg.verifier.describe());
    if let Some(base) = &cfg.public_url {
        add("signed as", format!("{base} + path (--public-url)"));
    }
    match &cfg.forward_to {
        Some(f) => add("answering", format!("by forwarding to {f}")),
        None => add(
            "answering",
            match (&cfg.reply.body, cfg.reply.status) {
                (Some((_, ct)), st) => format!("{st} with the --respond file ({ct})"),
                (None, st) => format!(
                    "{st} {{\"received\": true}}; what the platform expects to answer requests, TwiML to voice requests, results to Vapi tool calls"
                ),
            },
        ),
    }
    if cfg.reply.answer.is_some() {
        add(
            "answer",
            if cfg.reply.answer_path_only {
                format!("{} serves the --answer NCCO", cfg.reply.answer_path)
            } else {
                format!(
                    "Vonage answer requests (recognised on any path, and {}) get the --answer NCCO",
                    cfg.reply.answer_path
                )
            },
        );
    }
    if let Some(d) = cfg.reply.delay {
        add(
            "delay",
            format!("{} before each reply", crate::output::format::humantime(d)),
        );
    }
    if cfg.reply.fail_first > 0 {
        add(
            "failing",
            format!(
                "the first {} attempt(s) of each event with 500",
                cfg.reply.fail_first
            ),
        );
    }
    if let Some(r) = &cfg.record {
        add(
            "recording",
            format!(
                "to {}{}",
                r.dir.display(),
                if r.redact { " (redacted)" } else { "" }
            ),
        );
    }
    if let Some((ui, loaded)) = ui {
        add(
            "inspector",
            if loaded > 0 {
                format!(
                    "{} ({loaded} earlier deliver{} loaded from --record)",
                    ui.url(),
                    if loaded == 1 { "y" } else { "ies" }
                )
            } else {
                ui.url()
            },
        );
    }
    if !cfg.events.is_empty() {
        add(
            "showing",
            format!("events matching {}", cfg.events.join(", ")),
        );
    }
    let mut stop = Vec::new();
    if let Some(c) = cfg.count {
        stop.push(format!(
            "after {c} deliver{}",
            if c == 1 { "y" } else { "ies" }
        ));
    }
    if let Some(t) = cfg.timeout {
        stop.push(format!("after {}", crate::output::format::humantime(t)));
    }
    stop.push("on Ctrl-C".into());
    add("stopping", stop.join(", or "));
    if !cfg.addr.ip().is_loopback() {
        lines.push(format!(
            "  {} listening on {}: other machines can reach this receiver",
            s.warning("!"),
            cfg.addr.ip()
        ));
    }
    out.err(&lines.join("\n"));
}

/// Ctrl-C and SIGTERM as one stream.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> anyhow::Result<Self> {
        Ok(Signals {
            #[cfg(unix)]
            term: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?,
        })
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = self.term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
