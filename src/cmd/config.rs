//! `whk config`: the settings in effect, each with its source; `--schema` prints the JSON
//! Schema of whk.toml.

use crate::cli::config::ConfigArgs;
use crate::config::{explain, schema};
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(args: ConfigArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    if args.schema {
        out.out(&serde_json::to_string_pretty(&schema::json_schema())?);
        return Ok(ExitStatus::Success);
    }
    let r = &args.resolved;
    let secret = explain::secret_check(r);
    if args.json {
        out.out(&serde_json::to_string_pretty(&explain::to_json(
            r, &secret,
        ))?);
        return Ok(ExitStatus::Success);
    }
    let s = &out.out_style;
    let rows = explain::rows(r, &secret);
    let file = match &r.file {
        Some(p) => p.display().to_string(),
        None => "(none: no whk.toml here or in a folder above; `whk init` writes one)".into(),
    };
    let app = match &r.app {
        Some(name) => format!(
            "{name} ({})",
            r.app_source
                .as_ref()
                .map_or("default".into(), |src| match src {
                    crate::config::Source::Flag => "--app".into(),
                    crate::config::Source::Env(v) => v.clone(),
                    crate::config::Source::File(l) => format!("whk.toml:{l}"),
                    crate::config::Source::Default => "default".into(),
                })
        ),
        None => "(none)".into(),
    };
    out.out(&format!("{} {file}", s.heading("file")));
    out.out(&format!("{}  {app}\n", s.heading("app")));
    let kw = rows.iter().map(|r| r.key.len()).max().unwrap_or(0);
    let sw = rows.iter().map(|r| r.source.len()).max().unwrap_or(0);
    for row in &rows {
        let key = format!("{:<kw$}", row.key);
        let source = format!("{:<sw$}", row.source);
        out.out(&format!(
            "{}  {}  {}",
            s.key(&key),
            s.dim(&source),
            row.value
        ));
    }
    Ok(ExitStatus::Success)
}
