//! `whk fixtures`: list the shipped fixtures, show one rendered, export them all.

use crate::output::format::column_width;
use serde_json::{Value, json};

use crate::cli::fixtures::{ExportArgs, FixturesArgs, FixturesCommand, ShowArgs};
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::fixtures::load::{FileKind, Origin, id_of, parse};
use crate::fixtures::{self, Compiled, Context, Fixture, Item, embedded};
use crate::output::Output;
use crate::platform;

pub fn run(args: FixturesArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    match &args.command {
        None => list(&args, out),
        Some(FixturesCommand::Show(s)) => show(s, out, clock),
        Some(FixturesCommand::Export(e)) => export(e, out),
    }
}

/// One row of the listing.
struct Row {
    id: String,
    provider: String,
    event: String,
    kind: FileKind,
    /// The webhook kind (`answer`, `voice`, …); a lifecycle's steps' kinds, in order of
    /// first use, joined with commas.
    webhook_kind: String,
    path: String,
    description: Option<String>,
    steps: Vec<String>,
}

fn rows() -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (rel, bytes) in embedded::FILES {
        let item = parse(Origin::Embedded(rel), bytes)?;
        let path = format!("fixtures/{rel}");
        rows.push(match item {
            Item::Single(f) => Row {
                id: id_of(rel),
                provider: f.provider().map_or("-".into(), |p| p.id().to_string()),
                event: f.event().unwrap_or_else(|| "-".into()),
                kind: f.kind,
                webhook_kind: platform::fixture_kind(&f).to_string(),
                path,
                description: f.description(),
                steps: Vec::new(),
            },
            Item::Lifecycle(l) => {
                let mut providers: Vec<String> = Vec::new();
                let mut kinds: Vec<&str> = Vec::new();
                for s in &l.steps {
                    let k = platform::fixture_kind(&s.fixture).as_str();
                    if !kinds.contains(&k) {
                        kinds.push(k);
                    }
                    let p = s
                        .fixture
                        .provider()
                        .map_or("-".into(), |p| p.id().to_string());
                    if !providers.contains(&p) {
                        providers.push(p);
                    }
                }
                Row {
                    id: id_of(rel),
                    provider: providers.join(","),
                    event: format!("{} steps", l.steps.len()),
                    kind: FileKind::Lifecycle,
                    webhook_kind: kinds.join(","),
                    path,
                    description: Some(l.title.clone()),
                    steps: l.steps.iter().map(|s| s.fixture.name.clone()).collect(),
                }
            }
        });
    }
    Ok(rows)
}

fn list(args: &FixturesArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let mut rows = rows()?;
    if let Some(p) = &args.provider {
        let p = p.trim_end_matches('/');
        rows.retain(|r| r.id.split('/').next() == Some(p) || r.provider == p);
        if rows.is_empty() {
            return Err(crate::hinted(
                format!("no shipped fixtures for {p}"),
                "run `whk fixtures` to see the folders",
            ));
        }
    }
    if args.json {
        let items: Vec<Value> = rows
            .iter()
            .map(|r| {
                let mut v = json!({
                    "id": r.id,
                    "provider": r.provider,
                    "event": r.event,
                    "kind": r.kind,
                    "webhook_kind": r.webhook_kind,
                    "path": r.path,
                    "description": r.description,
                });
                if r.kind == FileKind::Lifecycle {
                    v["steps"] = json!(r.steps);
                }
                v
            })
            .collect();
        out.out(&serde_json::to_string_pretty(&items)?);
        return Ok(ExitStatus::Success);
    }
    let s = &out.out_style;
    let w_id = column_width(rows.iter().map(|r| r.id.as_str()), 2, usize::MAX);
    let w_p = column_width(rows.iter().map(|r| r.provider.as_str()), 8, usize::MAX);
    let w_e = column_width(rows.iter().map(|r| r.event.as_str()), 5, usize::MAX);
    let w_k = column_width(rows.iter().map(|r| r.webhook_kind.as_str()), 4, usize::MAX);
    // The path is always fixtures/ID.json: the table leaves it to --json, for room.
    out.out(&s.heading(&format!(
        "{:w_id$}  {:w_p$}  {:w_e$}  {:w_k$}  DESCRIPTION",
        "ID", "PROVIDER", "EVENT", "KIND"
    )));
    for r in &rows {
        out.out(&format!(
            "{}  {:w_p$}  {:w_e$}  {:w_k$}  {}",
            s.key(&format!("{:w_id$}", r.id)),
            r.provider,
            r.event,
            r.webhook_kind,
            s.dim(&crate::ncco::rules::shorten(
                r.description.as_deref().unwrap_or("-"),
                DESCRIPTION_WIDTH
            ))
        ));
    }
    let lifecycles = rows
        .iter()
        .filter(|r| r.kind == FileKind::Lifecycle)
        .count();
    out.err(&format!(
        "{} fixtures, {} lifecycles, each in fixtures/ID.json. Replay one: whk replay {}; see one: whk fixtures show ID",
        rows.len() - lifecycles,
        lifecycles,
        rows.first().map_or("vapi/status-update", |r| r.id.as_str())
    ));
    Ok(ExitStatus::Success)
}

/// Descriptions longer than this are cut in the table (`--json` has them whole).
const DESCRIPTION_WIDTH: usize = 90;

fn show(args: &ShowArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let items = fixtures::resolve(&args.id).map_err(|e| match e {
        fixtures::LoadError::NotFound(m) => {
            crate::hinted(m, "`whk fixtures` lists the shipped fixture ids")
        }
        other => anyhow::Error::new(other),
    })?;
    let mut first = true;
    for item in &items {
        let mut ctx = Context::new(0, clock.clone());
        let steps: Vec<(
            Option<String>,
            &Fixture,
            std::collections::HashMap<String, String>,
        )> = match item {
            Item::Single(f) => vec![(None, f, Default::default())],
            Item::Lifecycle(l) => l
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        Some(format!("{} step {}/{}", l.name, i + 1, l.steps.len())),
                        &s.fixture,
                        s.vars.clone(),
                    )
                })
                .collect(),
        };
        for (i, (title, f, vars)) in steps.into_iter().enumerate() {
            ctx.step = i as u64;
            let compiled = Compiled::new(&f.envelope, args.keep)
                .map_err(|e| anyhow::anyhow!("bad fixture {}: {e}", f.origin.display()))?;
            ctx.set_vars(&crate::fixtures::template_vars(
                &f.name, &compiled, vars, &args.vars,
            )?);
            let r = compiled.render(&mut ctx);
            if args.json {
                out.out(&serde_json::to_string_pretty(&rendered_envelope(f, &r))?);
                continue;
            }
            if args.body {
                out.out_bytes(&r.body);
                if !r.body.ends_with(b"\n") {
                    out.out("");
                }
                continue;
            }
            if !first {
                out.out("");
            }
            first = false;
            let s = &out.out_style;
            let provider = f
                .provider()
                .map_or("no provider".into(), |p| p.id().to_string());
            out.out(&s.dim(&format!(
                "# {}{} ({provider}, {}) — {}",
                title.map(|t| format!("{t}: ")).unwrap_or_default(),
                f.name,
                f.event().unwrap_or_else(|| "-".into()),
                f.origin.display()
            )));
            if let Some(d) = f.description() {
                out.out(&s.dim(&format!("# {d}")));
            }
            let target = if r.query.is_empty() {
                r.path.clone()
            } else {
                format!("{}?{}", r.path, r.query)
            };
            out.out(&format!("{} {target} HTTP/1.1", s.bold(&r.method)));
            for (n, v) in r.headers.iter() {
                out.out(&format!("{}: {v}", s.key(n)));
            }
            if !r.body.is_empty() {
                out.out("");
                out.out_bytes(&display_body(f, &r.body));
                out.out("");
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// Bodies of envelopes are stored compact; show JSON pretty for reading.
fn display_body(f: &Fixture, body: &[u8]) -> Vec<u8> {
    if f.kind == FileKind::Envelope
        && f.envelope.body.is_some()
        && let Ok(v) = serde_json::from_slice::<Value>(body)
        && let Ok(s) = serde_json::to_string_pretty(&v)
    {
        return s.into_bytes();
    }
    let mut b = body.to_vec();
    while b.last() == Some(&b'\n') {
        b.pop();
    }
    b
}

fn rendered_envelope(f: &Fixture, r: &crate::fixtures::Rendered) -> fixtures::Envelope {
    let mut env = fixtures::Envelope {
        provider: f.provider().map(|p| p.id().to_string()),
        event: f.event(),
        method: Some(r.method.clone()),
        path: Some(r.path.clone()),
        expect: f.envelope.expect.clone(),
        ..Default::default()
    };
    if !r.query.is_empty() {
        env.query = Some(fixtures::Query::Raw(r.query.clone()));
    }
    let mut h = serde_json::Map::new();
    for (n, v) in r.headers.iter() {
        h.insert(n.to_string(), v.into());
    }
    if !h.is_empty() {
        env.headers = Some(h);
    }
    let ct = r.headers.get("content-type").unwrap_or("application/json");
    if ct.contains("json")
        && let Ok(v) = serde_json::from_slice::<Value>(&r.body)
    {
        env.body = Some(v);
    } else {
        env.set_body_exact(Some(ct), &r.body);
    }
    env
}

fn export(args: &ExportArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let mut files: Vec<(String, &[u8])> = embedded::FILES
        .iter()
        .map(|(p, b)| (p.to_string(), *b))
        .collect();
    files.push(("fixture.schema.json".into(), embedded::SCHEMA));
    files.push((
        "scenario.schema.json".into(),
        crate::call::scenario::SCENARIO_SCHEMA,
    ));
    files.push(("descriptions.txt".into(), embedded::DESCRIPTIONS.as_bytes()));
    files.push(("README.md".into(), embedded::README));
    let mut written = 0;
    let mut skipped = 0;
    for (rel, bytes) in files {
        let path = args.dir.join(&rel);
        if path.exists() && !args.force {
            skipped += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        written += 1;
    }
    let mut msg = format!("wrote {written} files to {}", args.dir.display());
    if skipped > 0 {
        msg.push_str(&format!(
            "; kept {skipped} existing files (--force overwrites them)"
        ));
    }
    out.err(&msg);
    Ok(ExitStatus::Success)
}
