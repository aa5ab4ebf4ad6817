//! Why a handler let a case through, decided from the whole set of results, not case by case.
//!
//! One accepted case can explain others: a handler that accepted a delivery with no signature
//! at all does not verify, so every other forgery it accepted says that, not "JSON.stringify".
//! The rules, in order:
//!
//! 1. `no-signature` accepted → [`Cause::DoesNotVerify`] explains every accepted forgery.
//! 2. `empty-signature` and `wrong-secret` accepted → [`Cause::PresenceOnly`].
//! 3. `wrong-secret` accepted → [`Cause::DoesNotCompare`].
//! 4. Body cases: `body-byte-changed` accepted → [`Cause::JwtWithoutPayloadHash`] (Vonage) or
//!    [`Cause::BodyNotVerified`] for every accepted body case; otherwise each accepted body
//!    case is its own evidence (`body-reserialized` → [`Cause::VerifiesReserializedJson`]).
//! 5. Every other accepted case is its own evidence.

use serde::Serialize;

use super::{CaseResult, Family, Verdict};
use crate::webhook::Provider;

/// The bug a case's acceptance shows. Serialised as a stable snake_case code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Accepted a delivery with no signature at all.
    DoesNotVerify,
    /// Accepted an empty signature and one made with a wrong secret: only the header's
    /// presence is checked.
    PresenceOnly,
    /// Accepted a signature made with another secret, but not an empty one.
    DoesNotCompare,
    /// Accepted an empty signature, but not a wrong one: compares only what it was sent.
    ComparesSentLength,
    /// Vonage: accepted a changed body under a genuine JWT.
    JwtWithoutPayloadHash,
    /// Accepted a changed body under a genuine signature.
    BodyNotVerified,
    /// Accepted the re-serialised body, not a changed one.
    VerifiesReserializedJson,
    /// Accepted reordered keys, not a changed body.
    VerifiesNormalizedJson,
    /// Accepted another provider's signature.
    AnySignature,
    /// `vapi-secret`: accepted the secret from a header Vapi does not send it in.
    SecretFromOtherHeader,
    /// Accepted a stale or future timestamp.
    IgnoresTimestamp,
    /// Accepted the signature for another URL.
    IgnoresUrl,
}

impl Cause {
    /// The case whose acceptance proves a shared cause.
    fn evidence(self) -> Option<&'static str> {
        match self {
            Cause::DoesNotVerify => Some("no-signature"),
            Cause::PresenceOnly | Cause::DoesNotCompare => Some("wrong-secret"),
            Cause::JwtWithoutPayloadHash | Cause::BodyNotVerified => Some("body-byte-changed"),
            _ => None,
        }
    }

    /// The cause for people, as said on the case that proves it.
    fn text(self, provider: Provider) -> String {
        match self {
            Cause::DoesNotVerify => {
                "accepted a delivery with no signature at all: the handler does not verify (or treats verification as optional when the header is absent)".into()
            }
            Cause::PresenceOnly => format!(
                "accepted an empty signature and one made with a wrong secret: the handler checks only that {} is present",
                header_name(provider)
            ),
            Cause::DoesNotCompare => "accepted a signature made with another secret: the handler does not really compare signatures (or verifies with an empty/default secret)".into(),
            Cause::JwtWithoutPayloadHash => "accepted a changed body under a genuine JWT: the handler checks the JWT but not `payload_hash` (as both official Vonage SDKs do); compare `payload_hash` with the SHA-256 of the raw body".into(),
            Cause::BodyNotVerified => "accepted a body whose signature was computed over different bytes: the handler does not verify the body it processes".into(),
            _ => String::new(),
        }
    }

    /// The cause for people, as said on another case it explains.
    fn via(self, provider: Provider) -> String {
        let evidence = self.evidence().unwrap_or("");
        match self {
            Cause::DoesNotVerify => format!(
                "accepted because the handler does not verify: it accepted a delivery with no signature at all ({evidence})"
            ),
            Cause::PresenceOnly => format!(
                "accepted because the handler checks only that {} is present ({evidence}, empty-signature)",
                header_name(provider)
            ),
            Cause::DoesNotCompare => format!(
                "accepted because the handler does not compare signatures: it accepted one made with another secret ({evidence})"
            ),
            Cause::JwtWithoutPayloadHash => format!(
                "accepted because the handler checks the JWT but not `payload_hash` ({evidence})"
            ),
            Cause::BodyNotVerified => format!(
                "accepted because the handler does not verify the body it processes ({evidence})"
            ),
            _ => String::new(),
        }
    }
}

fn header_name(provider: Provider) -> String {
    provider
        .info()
        .headers
        .first()
        .map(|h| format!("the {h} header"))
        .unwrap_or_else(|| "a signature".into())
}

fn accepted(r: &CaseResult) -> bool {
    r.status.is_some_and(|s| (200..300).contains(&s))
}

/// The cause a case's acceptance shows on its own.
fn own(r: &CaseResult) -> Option<Cause> {
    Some(match (r.family, r.id) {
        (Family::Signature, "no-signature") => Cause::DoesNotVerify,
        (Family::Signature, "empty-signature") => Cause::ComparesSentLength,
        (Family::Signature, "wrong-secret") => Cause::DoesNotCompare,
        (Family::Signature, "secret-other-header") => Cause::SecretFromOtherHeader,
        (Family::Signature, _) => Cause::AnySignature,
        (Family::Body, "body-reserialized") => Cause::VerifiesReserializedJson,
        (Family::Body, "keys-reordered") => Cause::VerifiesNormalizedJson,
        (Family::Body, _) => Cause::BodyNotVerified,
        (Family::Time, _) => Cause::IgnoresTimestamp,
        (Family::Url, _) => Cause::IgnoresUrl,
        _ => return None,
    })
}

/// Give every accepted forgery (FAIL or warn) the cause the whole set of results supports, and
/// say it in its explanation.
pub fn attribute(results: &mut [CaseResult], provider: Provider) {
    let was_accepted = |id: &str| results.iter().any(|r| r.id == id && accepted(r));
    let root = if was_accepted("no-signature") {
        Some(Cause::DoesNotVerify)
    } else if was_accepted("wrong-secret") && was_accepted("empty-signature") {
        Some(Cause::PresenceOnly)
    } else if was_accepted("wrong-secret") {
        Some(Cause::DoesNotCompare)
    } else {
        None
    };
    let body = was_accepted("body-byte-changed").then_some(if provider == Provider::Vonage {
        Cause::JwtWithoutPayloadHash
    } else {
        Cause::BodyNotVerified
    });
    for r in results.iter_mut() {
        if r.verdict == Verdict::Pass || !accepted(r) {
            continue;
        }
        let Some(own) = own(r) else { continue };
        let shared = match r.family {
            // A signature that is not compared explains every signature case but itself
            // and the missing one.
            Family::Signature if r.id == "no-signature" => None,
            Family::Body => root.or(body),
            _ => root,
        };
        let cause = shared.unwrap_or(own);
        r.cause = Some(cause);
        if cause.evidence() == Some(r.id) {
            r.explanation = cause.text(provider);
        } else if shared.is_some() {
            r.explanation = cause.via(provider);
        }
    }
}
