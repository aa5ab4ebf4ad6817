//! `whk twiml` arguments: `lint`, `rules`, `explain` (the shared linter arguments).

use clap::{Args, Subcommand};

use super::lint::{ExplainArgs, LintArgs, RulesArgs};

#[derive(Debug, Args)]
pub struct TwimlArgs {
    #[command(subcommand)]
    pub command: TwimlCommand,
}

#[derive(Debug, Subcommand)]
pub enum TwimlCommand {
    /// Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute
    /// types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`,
    /// a non-wss Stream URL, verbs after Hangup).
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
