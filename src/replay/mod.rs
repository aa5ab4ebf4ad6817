//! `whk replay`: fixture → template → signed request → endpoint → assertion.
//!
//! An engine other commands reuse (`whk audit`, a future inspector's "replay" button, a call
//! emulator):
//! - [`prepare`]: a rendered fixture + [`Target`] + [`Signer`] → a [`Prepared`] request, signed
//!   at send time with the core's `webhook::sign`.
//! - [`client`]: [`Client::send`]`(&Prepared, deadline)` → [`Outcome`] (status, headers, body,
//!   latency, error); plain http/1.1, keep-alive pool, no redirects.
//! - [`assert`]: status specs, deadlines, the `expect` block and the platform's contract for
//!   the request's kind (`crate::platform::check`: NCCO, TwiML, Vapi) → failure reasons.
//! - Routes: each [`UnitStep`] may carry its own [`Target`] (`--route KIND=URL`), else the
//!   run's (`--to`).
//! - [`refusal`]: the likely causes of a 401/403 for the provider that signed, as data.
//! - [`runner`]: units × repeat with concurrency, rate, duplicates, shuffle and retry/backoff,
//!   one [`Report`] per request and a [`Summary`] with latency percentiles ([`stats`]).

pub(crate) mod assert;
pub(crate) mod client;
pub(crate) mod prepare;
pub(crate) mod refusal;
pub(crate) mod runner;
pub(crate) mod stats;

pub use assert::{Expectations, StatusSpec};
pub use client::{Client, Outcome, SendError};
pub use prepare::{Prepared, Signer, Signers, Target, prepare};
pub use refusal::Hint;
pub use runner::{Report, RetryPolicy, RunOptions, Summary, Unit, UnitStep, run, run_blocking};
