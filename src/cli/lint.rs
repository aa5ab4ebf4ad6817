//! Arguments shared by the linters (`whk ncco`, `whk twiml`): `lint`, `rules`, `explain`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or folders to lint (folders: every *.json file below for NCCOs, every *.xml for
    /// TwiML, sorted; hidden entries and symlinked folders skipped). `-` reads stdin. With no path, stdin is read when it is not
    /// a terminal.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow
    /// annotations).
    #[arg(long, value_enum, default_value_t = LintFormat::Human, value_name = "FORMAT")]
    pub format: LintFormat,

    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Apply safe fixes in place (the FIX column of `rules` says which rules have one; for
    /// NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a
    /// boolean or number is expected), then lint again. For stdin, the fixed
    /// document is printed to stdout and findings go to stderr.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the rules as a JSON array (with their full docs).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (NCCO031, ncco031, TWIML012) or name (stream-websocket-url).
    #[arg(value_name = "CODE")]
    pub code: String,
}
