//! `whk audit URL`: build the forgery cases, send them, print the table.

use std::time::Duration;

use crate::audit::{self, Report, Sender, Target, Verdict};
use crate::cli::ReportFormat;
use crate::cli::audit::AuditArgs;
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::finding::github;
use crate::input;
use crate::outbound::Keyring;
use crate::output::Output;
use crate::output::format::{column_width, humantime};
use crate::webhook;

pub fn run(args: AuditArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let url = url::Url::parse(&args.url).map_err(|e| {
        crate::hinted(
            format!("{:?} is not a URL: {e}", args.url),
            "give the full endpoint URL, e.g. http://127.0.0.1:3000/webhooks/vapi",
        )
    })?;
    if url.scheme() != "http" {
        return Err(crate::hinted(
            format!(
                "whk audit speaks plain http; {} is {}",
                args.url,
                url.scheme()
            ),
            "audit the app directly on its local port (http://127.0.0.1:PORT/…), not through a TLS tunnel",
        ));
    }
    let (provider, shape) = resolve_fixture(&args, clock)?;
    let options = args.scheme.options();
    webhook::build(provider, &options)
        .map_err(|e| crate::hinted(e.0, "see `whk providers` for what each provider takes"))?;
    let signer = Keyring::signer_for(&args.secret.spec(), provider, &options, &mut |w| {
        out.warn(&w)
    })?;
    let target = Target {
        url: with_query(&args.url, &shape.query),
        method: shape.method,
        provider,
        options,
        secret: signer.secret().clone(),
        body: shape.body,
        extra_headers: input::parse_header_args(&args.headers)?,
        now: clock.unix(),
    };
    let sender = Sender::new(args.deadline);
    let report = audit::run_skipping(&target, &args.skip, &|r| sender.send(r)).map_err(|e| {
        crate::hinted(
            e.to_string(),
            "start your app first, or point whk audit at `whk listen` to try it out",
        )
    })?;
    match ReportFormat::pick(args.json, args.format) {
        ReportFormat::Json => out.out(&serde_json::to_string(&report)?),
        ReportFormat::Human => print_table(&report, out),
        ReportFormat::Github => {
            for f in &report.findings {
                out.out(&github::annotation(f, &report.url));
            }
        }
    }
    Ok(ExitStatus::from_ok(report.ok()))
}

/// The delivery the cases are built from: method, query and body.
struct Shape {
    method: String,
    query: String,
    body: Vec<u8>,
}

/// `url` with the fixture's query appended (a Vonage answer GET carries its fields there).
fn with_query(url: &str, query: &str) -> String {
    if query.is_empty() {
        url.to_string()
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}{query}")
    }
}

/// The provider and delivery to build cases from: a fixture file, or the provider's default.
fn resolve_fixture(args: &AuditArgs, clock: &Clock) -> anyhow::Result<(webhook::Provider, Shape)> {
    match (&args.fixture, args.provider) {
        (Some(f), provider) => {
            let loaded = load_fixture(f, clock)?;
            let provider = provider.or(loaded.0).ok_or_else(|| {
                crate::hinted(
                    format!("cannot tell which provider {f} is for"),
                    "name it with --provider",
                )
            })?;
            Ok((provider, loaded.1))
        }
        (None, Some(p)) => Ok((
            p,
            Shape {
                method: "POST".into(),
                query: String::new(),
                body: audit::default_body(p).to_vec(),
            },
        )),
        (None, None) => Err(crate::hinted(
            "whk audit needs --provider or a FIXTURE",
            "e.g. whk audit http://127.0.0.1:3000/webhooks/vapi --provider vapi",
        )),
    }
}

/// A fixture's provider and rendered delivery (templates filled, as `whk replay` would send
/// it). Lifecycles are refused: an audit attacks one delivery shape.
fn load_fixture(arg: &str, clock: &Clock) -> anyhow::Result<(Option<webhook::Provider>, Shape)> {
    use crate::fixtures::{Compiled, Context, Item, resolve};
    let items = resolve(arg).map_err(|e| {
        crate::hinted(
            e.to_string(),
            "give a fixture file, or a shipped id from `whk fixtures` (e.g. vapi/end-of-call-report)",
        )
    })?;
    let fixture = match items.into_iter().next() {
        Some(Item::Single(f)) => f,
        Some(Item::Lifecycle(_)) => {
            return Err(crate::hinted(
                format!("{arg} is a lifecycle; whk audit needs a single delivery"),
                "pick one of its steps, e.g. vonage/event.completed",
            ));
        }
        None => anyhow::bail!("{arg} holds no fixture"),
    };
    let compiled = Compiled::new(&fixture.envelope, false)
        .map_err(|e| anyhow::anyhow!("fixture {arg}: {e}"))?;
    let rendered = compiled.render(&mut Context::new(0, clock.clone()));
    // A body-less fixture (a Vonage answer GET) is sent as it is; anything else as a POST.
    let method = if rendered.body.is_empty() && rendered.method != "POST" {
        rendered.method
    } else {
        "POST".to_string()
    };
    Ok((
        fixture.provider(),
        Shape {
            method,
            query: rendered.query,
            body: rendered.body,
        },
    ))
}

fn print_table(report: &Report, out: &Output) {
    let s = &out.out_style;
    out.out(&format!(
        "{} {} ({})\n",
        s.heading("whk audit"),
        report.url,
        report.provider
    ));
    let sent_width = column_width(report.cases.iter().map(|c| c.sent.as_str()), 4, usize::MAX);
    out.out(&s.dim(&format!(
        "  {:<22} {:<sent_width$} {:>6} {:>9}  VERDICT",
        "CASE", "SENT", "STATUS", "LATENCY"
    )));
    for c in &report.cases {
        let verdict = match c.verdict {
            Verdict::Pass => s.valid(c.verdict.label()),
            Verdict::Fail => s.invalid(c.verdict.label()),
            Verdict::Warn => s.warning(c.verdict.label()),
        };
        let status = c.status.map_or("-".to_string(), |v| v.to_string());
        let latency = humantime(Duration::from_secs_f64(c.latency_ms / 1000.0));
        out.out(&format!(
            "  {:<22} {:<sent_width$} {:>6} {latency:>9}  {verdict}",
            c.id, c.sent, status
        ));
    }
    for k in &report.skipped {
        out.out(&format!(
            "  {:<22} {}",
            k.id,
            s.dim(&format!("skipped: {}", k.reason))
        ));
    }
    let notes: Vec<_> = report
        .cases
        .iter()
        .filter(|c| c.verdict != Verdict::Pass)
        .collect();
    if !notes.is_empty() {
        out.out("");
    }
    for c in notes {
        let label = match c.verdict {
            Verdict::Fail => s.invalid("FAIL"),
            _ => s.warning("warn"),
        };
        out.out(&format!("{label} {}: {}", s.bold(c.id), c.explanation));
    }
    if let Some(a) = &report.aborted {
        out.out(&format!("\n{} {a}", s.invalid("stopped:")));
    }
    out.out(&format!(
        "\nsummary: {} pass, {} FAIL, {} warn",
        report.summary.pass, report.summary.fail, report.summary.warn
    ));
}
