//! `whk replay`. (Placeholder: being built.)

use crate::cli::replay::ReplayArgs;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(_args: ReplayArgs, _out: &Output) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("whk replay is not built yet")
}
