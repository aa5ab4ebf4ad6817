//! `whk replay`: fixture → template → signed request → endpoint → assertion.
//!
//! Data flows one way:
//!
//! ```text
//!  fixtures / lifecycles (ids, paths)          --route KIND=URL, --to
//!            │ fixtures::resolve                        │
//!            ▼                                          ▼
//!  build: Unit { UnitStep: Compiled template, vars, Expectations + contract, kind, target }
//!         Keyring (one signer per provider, its secret found once)
//!            │
//!            ▼  runner: units × --repeat, concurrency, rate, duplicates, shuffle, retries
//!  render template (Context: seq, step, call id, Clock) → prepare: sign → outbound Request
//!            │
//!            ▼  outbound::Client (hyper, keep-alive, deadline)
//!  endpoint ──► Exchange { request, status, headers, body, latency, error }
//!            │
//!            ▼  assert: status spec, deadline, expect block, platform::check(contract)
//!  Report { findings, hints (refusal) } ──► render: line / JSON ──► cmd/replay.rs → output
//!            │
//!            ▼
//!  Summary { sent, passed, failed, latency percentiles (stats) } ──► render: summary
//! ```
//!
//! An engine other commands reuse (`whk audit`, a future inspector's "replay" button, a call
//! emulator):
//! - [`build`]: resolved fixtures + plain options → [`Unit`]s, their signers (a
//!   [`Keyring`]), routes applied; a dry run's signed requests, unsent.
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
//! - [`render`]: reports, the summary and dry-run requests as text or JSON (formatting from
//!   `crate::output::format`); `cmd/replay.rs` only wires arguments → [`build`] → [`runner`]
//!   → [`render`] → output.

pub(crate) mod assert;
pub(crate) mod build;
pub(crate) mod prepare;
pub(crate) mod refusal;
pub(crate) mod render;
pub(crate) mod runner;
pub(crate) mod stats;

pub use crate::outbound::{Client, Exchange, Keyring, Request, SendError, Signer, Target};
pub use assert::{Expectations, StatusSpec};
pub use prepare::prepare;
pub use refusal::Hint;
pub use runner::{Report, RetryPolicy, RunOptions, Summary, Unit, UnitStep, run, run_blocking};
