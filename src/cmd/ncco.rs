//! `whk ncco`. (Placeholder: being built.)

use crate::cli::ncco::NccoArgs;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(_args: NccoArgs, _out: &Output) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("whk ncco is not built yet")
}
