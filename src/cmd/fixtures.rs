//! `whk fixtures`. (Placeholder: being built.)

use crate::cli::fixtures::FixturesArgs;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(_args: FixturesArgs, _out: &Output) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("whk fixtures is not built yet")
}
