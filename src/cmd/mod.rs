//! One thin file per subcommand: arguments in, domain calls, results to `output`, exit status out.

pub mod audit;
pub mod completions;
pub mod fixtures;
pub mod listen;
pub mod ncco;
pub mod providers;
pub mod replay;
pub mod sign;
pub mod verify;

use crate::cli::Command;
use crate::exit::ExitStatus;
use crate::output::Output;

pub fn dispatch(command: Command, out: &Output) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Sign(a) => sign::run(a, out),
        Command::Verify(a) => verify::run(a, out),
        Command::Providers(a) => providers::run(a, out),
        Command::Listen(a) => listen::run(a, out),
        Command::Replay(a) => replay::run(a, out),
        Command::Fixtures(a) => fixtures::run(a, out),
        Command::Ncco(a) => ncco::run(a, out),
        Command::Audit(a) => audit::run(a, out),
        Command::Completions(a) => completions::run(a, out),
    }
}
