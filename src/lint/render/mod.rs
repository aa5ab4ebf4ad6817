//! Turning diagnostics into text: rustc/ruff-style code frames, JSON, SARIF 2.1.0 and GitHub
//! workflow commands. Renderers build strings; `cmd::lint` prints them.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use super::Diagnostic;
use super::fix::AppliedFix;

/// Everything known about one linted input.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The name shown: the path as given, or `<stdin>`.
    pub name: String,
    /// The text the diagnostics refer to (after fixing, with `--fix`); lossy for non-UTF-8.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied with `--fix`.
    pub fixed: Vec<AppliedFix>,
    /// JSONPath of the NCCO that was linted: `$`, or `$.ncco` in a `POST /v1/calls` body.
    pub ncco_at: &'static str,
}

impl FileReport {
    /// What was linted, when the NCCO was not the whole document.
    pub fn note(&self) -> Option<String> {
        (self.ncco_at != "$").then(|| {
            format!(
                "a `POST /v1/calls` request body: linted the NCCO in its `ncco` member, at {}",
                self.ncco_at
            )
        })
    }
}

/// A file that could not be read or written.
#[derive(Debug, Clone)]
pub struct IoProblem {
    pub name: String,
    pub message: String,
}

/// Totals over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub fixable: usize,
    pub fixed: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport], problems: &[IoProblem]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            unreadable: problems.len(),
            ..Summary::default()
        };
        for r in reports {
            s.errors += super::error_count(&r.diagnostics);
            s.warnings += super::warning_count(&r.diagnostics);
            s.fixable += r.diagnostics.iter().filter(|d| d.fix.is_some()).count();
            s.fixed += r.fixed.len();
            s.files_with_findings += usize::from(!r.diagnostics.is_empty());
        }
        s
    }
}

/// "1 error", "2 warnings".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
