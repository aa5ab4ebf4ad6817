//! One thin file per subcommand: arguments in, domain calls, results to `output`, exit status out.

pub mod audit;
pub mod call;
pub mod completions;
pub mod config;
pub mod fixtures;
pub mod init;
pub mod lint;
pub mod listen;
pub mod ncco;
pub mod providers;
pub mod replay;
pub mod sign;
pub mod twiml;
pub mod verify;

use crate::cli::Command;
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::output::Output;

/// Run one subcommand. `clock` is the run's one clock (`WHK_NOW`, `WHK_CLOCK`): commands that
/// read the time or wait get it, and domain code reads time only through it.
pub fn dispatch(command: Command, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Sign(a) => sign::run(a, out, clock),
        Command::Verify(a) => verify::run(a, out, clock),
        Command::Providers(a) => providers::run(a, out),
        Command::Listen(a) => listen::run(a, out, clock),
        Command::Replay(a) => replay::run(a, out, clock),
        Command::Fixtures(a) => fixtures::run(a, out, clock),
        Command::Ncco(a) => ncco::run(a, out),
        Command::Twiml(a) => twiml::run(a, out),
        Command::Audit(a) => audit::run(a, out, clock),
        Command::Call(a) => call::run(*a, out, clock),
        Command::Completions(a) => completions::run(a, out),
        Command::Config(a) => config::run(a, out),
        Command::Init(a) => init::run(a, out, clock),
    }
}
