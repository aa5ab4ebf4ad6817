//! `whk fixtures` arguments. (Placeholder: being built; see the issue for the interface.)

use clap::Args;

#[derive(Debug, Args)]
pub struct FixturesArgs {}
