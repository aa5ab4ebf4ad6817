//! The one module that prints.
//!
//! Colour, TTY and progress-bar decisions are made once, in [`Output::detect`], and passed
//! down. Everything else in whk builds strings or values and hands them here; the clippy lints
//! `print_stdout`/`print_stderr` keep it that way. A closed pipe (`whk … | head`) ends the
//! process quietly with exit 0, as ripgrep does.
//!
//! Durations, sizes, latencies and table columns are formatted in [`format`], once for
//! every command.

pub(crate) mod curl;
pub(crate) mod format;
pub(crate) mod palette;

use std::io::{IsTerminal, Write};

pub use palette::Palette;

/// When to colour output, from `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Where and how output goes; decided once per process.
#[derive(Clone, Debug)]
pub struct Output {
    /// stdout is a terminal.
    pub stdout_tty: bool,
    /// stderr is a terminal.
    pub stderr_tty: bool,
    /// Styles for text written to stdout.
    pub out_style: Palette,
    /// Styles for text written to stderr.
    pub err_style: Palette,
}

impl Output {
    /// Decide colour from `--color`, `NO_COLOR`, `TERM=dumb` and whether each stream is a
    /// terminal. `NO_COLOR` (any non-empty value) always wins.
    pub fn detect(choice: ColorChoice) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let decide = |tty: bool| match choice {
            _ if no_color => false,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !dumb,
        };
        // We decide per stream ourselves; tell `colored` not to second-guess us.
        colored::control::set_override(true);
        Output {
            stdout_tty,
            stderr_tty,
            out_style: Palette::new(decide(stdout_tty)),
            err_style: Palette::new(decide(stderr_tty)),
        }
    }

    /// Plain output for tests and library callers: no colour, no TTY.
    pub fn plain() -> Self {
        Output {
            stdout_tty: false,
            stderr_tty: false,
            out_style: Palette::new(false),
            err_style: Palette::new(false),
        }
    }

    /// Write `text` and a newline to stdout.
    pub fn out(&self, text: &str) {
        write_or_exit(&mut std::io::stdout().lock(), text, true);
    }

    /// Write `text` to stdout without adding a newline.
    pub fn out_raw(&self, text: &str) {
        write_or_exit(&mut std::io::stdout().lock(), text, false);
    }

    /// Write raw bytes to stdout (bodies that are not UTF-8).
    pub fn out_bytes(&self, bytes: &[u8]) {
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(bytes).and_then(|_| out.flush()) {
            handle_write_error(e);
        }
    }

    /// Write `text` and a newline to stderr.
    pub fn err(&self, text: &str) {
        write_or_exit(&mut std::io::stderr().lock(), text, true);
    }

    /// Write a question to stderr without a newline (`whk init` asking on a terminal).
    pub fn prompt(&self, text: &str) {
        write_or_exit(&mut std::io::stderr().lock(), text, false);
    }

    /// Print an error the way every whk command does: `whk: error: …` plus optional hint lines.
    pub fn error(&self, message: &str, hints: &[String]) {
        let s = &self.err_style;
        let mut text = format!("{} {message}", s.error("whk: error:"));
        for hint in hints {
            text.push('\n');
            text.push_str(&format!("  {} {hint}", s.hint("hint:")));
        }
        self.err(&text);
    }

    /// Print a warning line to stderr.
    pub fn warn(&self, message: &str) {
        self.err(&format!(
            "{} {message}",
            self.err_style.warning("whk: warning:")
        ));
    }

    /// A progress bar drawn on stderr, or a hidden one when stderr is not a terminal.
    pub fn progress(&self, len: u64, enabled: bool) -> indicatif::ProgressBar {
        if !(enabled && self.stderr_tty) {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {per_sec} {msg}",
        ) {
            bar.set_style(style);
        }
        bar
    }
}

fn write_or_exit(w: &mut dyn Write, text: &str, newline: bool) {
    let result = w
        .write_all(text.as_bytes())
        .and_then(|_| if newline { w.write_all(b"\n") } else { Ok(()) })
        .and_then(|_| w.flush());
    if let Err(e) = result {
        handle_write_error(e);
    }
}

fn handle_write_error(e: std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader went away (`| head`): nothing more to say, and not an error.
        std::process::exit(0);
    }
}
