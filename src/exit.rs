//! The process-level contract, written down once: 0 success, 1 findings, 2 errors.
//!
//! Findings (an invalid signature, a lint error, a failed assertion) are data, not errors:
//! commands return them as `ExitStatus::Findings`. Usage, I/O and network problems are `Err`
//! values that `lib::run` prints and maps to `ExitStatus::Error`.

use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything checked out.
    Success,
    /// The command ran and found problems (invalid signature, lint error, failed assertion).
    Findings,
    /// Usage, I/O or network error: the command could not do its job.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }

    /// `Success` when `ok`, `Findings` otherwise.
    pub fn from_ok(ok: bool) -> Self {
        if ok {
            ExitStatus::Success
        } else {
            ExitStatus::Findings
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}
