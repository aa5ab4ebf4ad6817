//! `whk ncco` arguments: `lint`, `rules`, `explain`.

use clap::{Args, Subcommand};

pub use super::lint::{ExplainArgs, LintArgs, RulesArgs};

#[derive(Debug, Args)]
pub struct NccoArgs {
    #[command(subcommand)]
    pub command: NccoCommand,
}

#[derive(Debug, Subcommand)]
pub enum NccoCommand {
    /// Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the
    /// cross-action rules of the NCCO reference.
    ///
    /// Exit status: 0 no errors (warnings allowed unless --deny-warnings), 1 errors found,
    /// 2 usage error or a file that could not be read or written (the other files are still
    /// linted and reported).
    Lint(LintArgs),
    /// List every rule: code, name, severity, whether --fix fixes it, summary.
    Rules(RulesArgs),
    /// Show a rule's documentation (what it does, why it is bad, examples).
    Explain(ExplainArgs),
}
