//! Webhook signatures: request bytes → scheme → verdict.
//!
//! - [`request`]: the request model (`Headers`, `Request`).
//! - [`scheme`]: the [`Scheme`] trait every provider implements, for signing and verifying.
//! - [`providers`]: one file per provider, the [`Provider`] table, `build` and `detect`.
//! - [`verify()`]: the shared pipeline — parse, check, timestamp window — and, when a check
//!   fails, the diagnosis that says *why* (re-serialised body, secret encoding, URL, wrong
//!   provider or options). The diagnosis only ever explains a failure; `valid` is only ever
//!   the exact scheme.
//! - [`reserialize`]: the JSON re-encodings the diagnosis tries.

pub mod crypto;
pub mod providers;
pub(crate) mod request;
pub mod reserialize;
pub(crate) mod scheme;
pub(crate) mod verdict;
mod verify;

pub use providers::{Provider, ProviderInfo, build, detect};
pub use request::{Headers, Request};
pub use scheme::{
    AlgorithmChoice, Check, Key, KeyError, ParseError, Parsed, Scheme, SchemeOptions, SignError,
    SignInput, Signed, SignedHeader, Unprefixed, Window,
};
pub use verdict::{Reason, Verdict};
pub use verify::{VerifyError, VerifyOptions, verify, verify_auto};

use crate::secret::Secret;

/// Sign `input` with `scheme` and the user's secret.
pub fn sign(
    scheme: &dyn Scheme,
    secret: &Secret,
    input: &SignInput<'_>,
) -> Result<Signed, SignError> {
    let key = scheme.key(secret).map_err(|e| SignError(e.0))?;
    if scheme.signs_url() && input.url.is_none() {
        return Err(SignError(format!(
            "{} signs the request URL: pass --url with the exact URL the provider calls",
            scheme.provider()
        )));
    }
    scheme.sign(&key, input)
}

/// The system clock in unix seconds, for callers outside whk's commands (tests, other
/// crates). whk's own code reads the run's [`Clock`](crate::clock::Clock) instead, so that
/// `WHK_NOW` reaches it.
pub fn now_unix() -> i64 {
    crate::clock::Clock::System.unix()
}

/// A fresh random id with a prefix (`msg_…`), for schemes that carry one.
pub fn random_id(prefix: &str) -> String {
    use rand::RngExt as _;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let tail: String = (0..24)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{prefix}{tail}")
}

/// A random version-4 UUID, lower-case with dashes.
pub fn random_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
