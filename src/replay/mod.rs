//! `whk replay`: fixture → template → signed request → endpoint → assertion.
//!
//! An engine other commands reuse (`whk audit`, a future inspector's "replay" button, a call
//! emulator):
//! - [`prepare`]: a rendered fixture + [`Target`] + [`Signer`] → an outbound [`Request`],
//!   signed at send time with `outbound::sign_request`.
//! - `crate::outbound`: [`Client::send`]`(&Request, deadline)` → [`Exchange`] (status,
//!   headers, body, latency, error); plain http/1.1, keep-alive pool, no redirects. Signers
//!   come from the run's [`Keyring`].
//! - [`assert`]: status specs, deadlines, the `expect` block and the platform's contract for
//!   the request's kind (`crate::platform::check`: NCCO, TwiML, Vapi) → findings
//!   ([`crate::finding::Finding`], codes `replay.*` and `contract.*`); a refusal's likely
//!   causes become the `replay.status` finding's hint. `cmd::replay` renders them as lines,
//!   JSON (`findings`, and `failures` as their messages) or GitHub annotations.
//! - Routes: each [`UnitStep`] may carry its own [`Target`] (`--route KIND=URL`), else the
//!   run's (`--to`).
//! - [`refusal`]: the likely causes of a 401/403 for the provider that signed, as data.
//! - [`runner`]: units × repeat with concurrency, rate, duplicates, shuffle and retry/backoff,
//!   one [`Report`] per request and a [`Summary`] with latency percentiles ([`stats`]).

pub mod assert;
pub mod prepare;
pub mod refusal;
pub mod runner;
pub mod stats;

pub use crate::outbound::{Client, Exchange, Keyring, Request, SendError, Signer, Target};
pub use assert::{Expectations, StatusSpec};
pub use prepare::prepare;
pub use refusal::Hint;
pub use runner::{Report, RetryPolicy, RunOptions, Summary, Unit, UnitStep, run, run_blocking};
