//! `whk providers`: the provider table.

use crate::cli::ProvidersArgs;
use crate::exit::ExitStatus;
use crate::output::Output;
use crate::webhook::Provider;

pub fn run(args: ProvidersArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let infos: Vec<_> = Provider::ALL.iter().map(|p| p.info()).collect();
    if args.json {
        out.out(&serde_json::to_string_pretty(&infos)?);
        return Ok(ExitStatus::Success);
    }
    let s = &out.out_style;
    for (i, info) in infos.iter().enumerate() {
        if i > 0 {
            out.out("");
        }
        let aliases = if info.aliases.is_empty() {
            String::new()
        } else {
            s.dim(&format!(" (alias {})", info.aliases.join(", ")))
        };
        out.out(&format!("{}{aliases}  {}", s.heading(info.id), info.name));
        out.out(&format!(
            "  {} {}",
            s.key("headers:  "),
            info.headers.join(", ")
        ));
        out.out(&format!("  {} {}", s.key("algorithm:"), info.algorithm));
        out.out(&format!("  {} {}", s.key("signs:    "), info.signed));
        out.out(&format!("  {} {}", s.key("window:   "), info.window));
        let mut vars: Vec<&str> = info.env.to_vec();
        vars.push("WHK_SECRET");
        out.out(&format!("  {} {}", s.key("secret:   "), vars.join(", ")));
        if info.needs_url {
            out.out(&format!("  {} yes (--url)", s.key("needs URL:")));
        }
    }
    Ok(ExitStatus::Success)
}
