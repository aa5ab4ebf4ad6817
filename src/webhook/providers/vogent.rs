//! Vogent: `X-Elto-Signature: hex(HMAC-SHA256(secret, raw body))`.
//!
//! Source: docs.vogent.ai, "Verifying the Webhook Signature" (Elto is Vogent's former name).
//! No prefix, no timestamp. The seed guide's `vogent-signature` header does not exist; the
//! verify diagnosis names it when it is present.

use super::Provider;
use super::generic::BodyHmac;
use crate::webhook::crypto::{Algorithm, Encoding};

pub fn vogent() -> BodyHmac {
    BodyHmac {
        provider: Provider::Vogent,
        header: "X-Elto-Signature".into(),
        prefix: String::new(),
        algorithm: Algorithm::Sha256,
        encoding: Encoding::Hex,
    }
}
