//! `whk replay`: fixture → template → signed request → endpoint → assertion.
//!
//! Data flows one way:
//!
//! ```text
//!  fixtures / lifecycles (ids, paths)          --route KIND=URL, --to
//!            │ fixtures::resolve                        │
//!            ▼                                          ▼
//!  build: Unit { UnitStep: Compiled template, vars, Expectations + contract, kind, target }
//!         Signers (one per provider, its secret found once)
//!            │
//!            ▼  runner: units × --repeat, concurrency, rate, duplicates, shuffle, retries
//!  render template (Context: seq, step, call id, Clock) → prepare: sign → Prepared
//!            │
//!            ▼  client (hyper, keep-alive, deadline)
//!  endpoint ──► Outcome { status, headers, body, latency, error }
//!            │
//!            ▼  assert: status spec, deadline, expect block, platform::check(contract)
//!  Report { failures, hints (refusal) } ──► render: line / JSON ──► cmd/replay.rs → output
//!            │
//!            ▼
//!  Summary { sent, passed, failed, latency percentiles (stats) } ──► render: summary
//! ```
//!
//! An engine other commands reuse (`whk audit`, a future inspector's "replay" button, a call
//! emulator):
//! - [`build`]: resolved fixtures + plain options → [`Unit`]s, their [`Signers`], routes
//!   applied; a dry run's signed requests, unsent.
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
//! - [`render`]: reports, the summary and dry-run requests as text or JSON (formatting from
//!   `crate::output::format`); `cmd/replay.rs` only wires arguments → [`build`] → [`runner`]
//!   → [`render`] → output.

pub mod assert;
pub mod build;
pub mod client;
pub mod prepare;
pub mod refusal;
pub mod render;
pub mod runner;
pub mod stats;

pub use assert::{Expectations, StatusSpec};
pub use client::{Client, Outcome, SendError};
pub use prepare::{Prepared, Signer, Signers, Target, prepare};
pub use refusal::Hint;
pub use runner::{Report, RetryPolicy, RunOptions, Summary, Unit, UnitStep, run, run_blocking};
