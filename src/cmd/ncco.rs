//! `whk ncco lint | rules | explain`: the shared linter driver (`cmd::lint`) with the NCCO
//! linter.

use crate::cli::ncco::{NccoArgs, NccoCommand};
use crate::exit::ExitStatus;
use crate::output::Output;

use super::lint;

pub fn run(args: NccoArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let lang = &crate::ncco::LANGUAGE;
    match args.command {
        NccoCommand::Lint(a) => lint::lint(lang, a, out),
        NccoCommand::Rules(a) => lint::rules(lang, &a, out),
        NccoCommand::Explain(a) => lint::explain(lang, &a, out),
    }
}
