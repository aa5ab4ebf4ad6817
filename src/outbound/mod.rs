//! The one outbound path: every request whk sends (replay, listen's `--forward-to`, audit,
//! and later the emulator and the inspector's replay) goes the same way.
//!
//! ```text
//! Target (URL) ─┐
//! method, path, ├─▶ Request ──sign_request(Signer from the Keyring)──▶ Request as sent
//! headers, body ┘                                                          │
//!                      Client (hyper, pooled, deadline, bounded capture) ◀─┘   audit: ureq,
//!                                          │                                  same types
//!                                          ▼
//!                       Exchange { request, status, headers, body, latency, error, findings }
//!                                          │
//!                 replay: assertions → Report    listen: Reply + hub (Message::Exchange)
//! ```
//!
//! - [`exchange`]: [`Target`], [`Request`] and [`Exchange`], the data.
//! - [`keyring`]: [`Keyring`], which secret and scheme for which provider, resolved once: the
//!   one place every command (sign, verify, listen in every mode, replay, audit) finds a
//!   secret; listen verifies with it, replay and audit sign with it.
//! - [`sign`]: [`Signer`] and [`sign_request`], the one signing path (core `webhook::sign`).
//! - [`client`]: [`Client`], async HTTP/1.1 on hyper's connection API: keep-alive pool per
//!   host, one deadline for the whole exchange, answer bodies kept up to a bound.
//! - [`error`]: [`SendError`], the one description of connection failures (refused, timeout,
//!   reset, not HTTP, DNS/invalid URL) every sender reports.

pub mod client;
pub mod error;
pub mod exchange;
pub mod keyring;
pub mod sign;

pub use client::{Client, MAX_ANSWER_BYTES, SHOWN_ANSWER_BYTES};
pub use error::SendError;
pub use exchange::{Exchange, Request, Target, TargetError};
pub use keyring::Keyring;
pub use sign::{SignError, Signer, sign_request};
