//! `whk completions SHELL`: completion scripts generated from the clap definitions. The
//! committed copies in `completions/` are checked by `tests/completions.rs`.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::ExitStatus;
use crate::output::Output;

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "whk", &mut buf);
    buf
}

pub fn run(args: CompletionsArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    out.out_bytes(&script(args.shell));
    Ok(ExitStatus::Success)
}
