//! The `whk` binary: everything lives in the library; this only hands over argv.

fn main() -> std::process::ExitCode {
    whk::run(std::env::args_os()).into()
}
