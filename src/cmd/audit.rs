//! `whk audit`. (Placeholder: being built.)

use crate::cli::audit::AuditArgs;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn run(_args: AuditArgs, _out: &Output) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("whk audit is not built yet")
}
