//! whk: webhooks from voice and telephony AI platforms, signed, verified, received, replayed,
//! linted and audited — offline, in one binary.
//!
//! Data flows one way through each command:
//! - sign/verify: request bytes → [`webhook::Scheme`] → [`webhook::Verdict`];
//! - listen: socket → request → scheme → verdict → delivery stream → printer / recorder;
//! - replay: fixture → template → signed request → endpoint → assertion;
//! - ncco lint: text → spanned JSON → rules → diagnostics → renderer.
//!
//! What replay, listen and audit find wrong is one [`finding::Finding`] (code, severity,
//! message, hint, location), rendered as human lines, JSON and GitHub annotations.
//!
//! `cli` holds the clap types; `cmd::*` turns them into domain calls; `output` is the only
//! module that prints; everything else is domain code that never sees clap. Time comes from one
//! [`clock::Clock`] per run (`WHK_NOW`, `WHK_CLOCK`), handed down by `cmd::dispatch`: domain
//! code never reads the time itself.

// The library surface: what the binary, the integration tests (`tests/main.rs`), `fuzz/` and
// documented library use (README "Library use") need. Everything else is `pub(crate)`.
pub mod audit;
pub mod clock;
pub mod config;
pub mod finding;
pub mod fixtures;
pub mod fuzzing;
pub mod lint;
pub mod ncco;
pub mod outbound;
pub mod output;
pub mod replay;
pub mod secret;
pub mod twiml;
pub mod webhook;

pub(crate) mod call;
pub(crate) mod cli;
pub(crate) mod cmd;
pub(crate) mod exit;
pub(crate) mod input;
pub(crate) mod json_error;
pub(crate) mod listen;
pub(crate) mod platform;

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};

pub use exit::ExitStatus;

/// Where `whk listen` listens by default, and so where `whk replay` sends by default.
pub(crate) const DEFAULT_LISTEN_HOST: &str = "127.0.0.1";
pub(crate) const DEFAULT_LISTEN_PORT: u16 = 8787;

/// An error with hint lines for the user (`whk: error: …` then `hint: …`).
#[derive(Debug)]
pub(crate) struct Hinted {
    pub(crate) message: String,
    pub(crate) hints: Vec<String>,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Build an error with one hint.
pub(crate) fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted {
        message: message.into(),
        hints: vec![hint.into()],
    })
}

/// Parse `args`, run the command, print any error, and return the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitStatus {
    let parsed = cli::Cli::command()
        .try_get_matches_from(args)
        .and_then(|m| cli::Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (mut cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
            // clap prints --help/--version to stdout and usage errors to stderr.
            let _ = e.print();
            return code;
        }
    };
    let out = output::Output::detect(cli.color.into());
    let clock = match clock::Clock::from_env() {
        Ok(c) => c,
        Err(e) => {
            report(
                &out,
                &hinted(
                    e,
                    "WHK_NOW fixes the time whk reads (tests, CI) and WHK_CLOCK picks system, fixed or virtual; unset them for the system clock",
                ),
            );
            return ExitStatus::Error;
        }
    };
    // Project config (whk.toml): flags > WHK_* variables > the file > defaults.
    if let Err(e) = cli::config::apply(&mut cli, &matches) {
        report(&out, &e);
        return ExitStatus::Error;
    }
    match cmd::dispatch(cli.command, &out, &clock) {
        Ok(status) => status,
        Err(err) => {
            report(&out, &err);
            ExitStatus::Error
        }
    }
}

/// Print an error and its causes as one line, with hints when it carries them.
pub(crate) fn report(out: &output::Output, err: &anyhow::Error) {
    if let Some(h) = err.downcast_ref::<Hinted>() {
        out.error(&h.message, &h.hints);
    } else {
        out.error(&format!("{err:#}"), &[]);
    }
}
