//! `whk listen`. (Placeholder: being built.)

use crate::cli::listen::ListenArgs;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(_args: ListenArgs, _out: &Output) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("whk listen is not built yet")
}
