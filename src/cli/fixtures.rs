//! `whk fixtures` arguments.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// List the fixture events whk ships, show one filled in, or copy them all to a folder.
///
/// Without a subcommand, lists every shipped fixture and lifecycle: id, provider, event and
/// description (`--json` adds the path and kind). Any id (or a path to your own fixture) works
/// with `whk replay`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  whk fixtures\n  whk fixtures --provider vonage\n  whk fixtures show vapi/end-of-call-report\n  whk fixtures show lifecycles/vonage-inbound\n  whk fixtures export ./my-fixtures"
)]
pub struct FixturesArgs {
    #[command(subcommand)]
    pub command: Option<FixturesCommand>,

    /// Only this provider folder (vapi, vonage, twilio, lifecycles, …).
    #[arg(long, short = 'p', value_name = "FOLDER")]
    pub provider: Option<String>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum FixturesCommand {
    /// Print one fixture (or each step of a lifecycle) as the request it sends, placeholders
    /// filled in.
    Show(ShowArgs),
    /// Copy the shipped fixtures (and the JSON Schema) into a folder to edit them.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A shipped fixture id (`vapi/end-of-call-report`) or a fixture file.
    #[arg(value_name = "ID|FILE")]
    pub id: String,

    /// Show the bytes as written, placeholders not filled in.
    #[arg(long)]
    pub keep: bool,

    /// Set a template variable (repeatable), as `whk replay --var` does.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::var_pair)]
    pub vars: Vec<(String, String)>,

    /// Print only the body.
    #[arg(long)]
    pub body: bool,

    /// Print the rendered request as JSON (an envelope).
    #[arg(long, conflicts_with = "body")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write into (created if needed).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}
