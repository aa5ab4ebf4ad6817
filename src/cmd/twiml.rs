//! `whk twiml lint | rules | explain`: the shared linter driver (`cmd::lint`) with the TwiML
//! linter.

use crate::cli::twiml::{TwimlArgs, TwimlCommand};
use crate::exit::ExitStatus;
use crate::output::Output;

use super::lint;

pub fn run(args: TwimlArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let lang = &crate::twiml::LANGUAGE;
    match args.command {
        TwimlCommand::Lint(a) => lint::lint(lang, a, out),
        TwimlCommand::Rules(a) => lint::rules(lang, &a, out),
        TwimlCommand::Explain(a) => lint::explain(lang, &a, out),
    }
}
