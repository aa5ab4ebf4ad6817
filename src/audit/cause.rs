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
    /// Accepted an empty signature (or secret), but not a wrong one.
    AcceptsEmptySignature,
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
        (Family::Signature, "empty-signature") => Cause::AcceptsEmptySignature,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &'static str, family: Family, status: u16) -> CaseResult {
        let accepted = (200..300).contains(&status);
        CaseResult {
            id,
            sent: String::new(),
            status: Some(status),
            latency_ms: 0.0,
            verdict: if accepted {
                Verdict::Fail
            } else {
                Verdict::Pass
            },
            explanation: format!("own bug of {id}"),
            cause: None,
            family,
            location: None,
        }
    }

    fn causes(results: &[CaseResult]) -> Vec<(&'static str, Option<Cause>)> {
        results.iter().map(|r| (r.id, r.cause)).collect()
    }

    #[test]
    fn a_wrong_secret_accepted_explains_the_body_and_timestamp_cases() {
        let mut r = vec![
            case("no-signature", Family::Signature, 401),
            case("empty-signature", Family::Signature, 401),
            case("wrong-secret", Family::Signature, 200),
            case("body-reserialized", Family::Body, 200),
            case("stale-1h", Family::Time, 200),
            case("invalid-json", Family::Input, 500),
        ];
        attribute(&mut r, Provider::Standard);
        assert_eq!(
            causes(&r),
            [
                ("no-signature", None),
                ("empty-signature", None),
                ("wrong-secret", Some(Cause::DoesNotCompare)),
                ("body-reserialized", Some(Cause::DoesNotCompare)),
                ("stale-1h", Some(Cause::DoesNotCompare)),
                ("invalid-json", None),
            ]
        );
        assert_eq!(
            r[3].explanation,
            "accepted because the handler does not compare signatures: it accepted one made with another secret (wrong-secret)"
        );
        assert_eq!(r[5].explanation, "own bug of invalid-json");
    }

    #[test]
    fn an_empty_and_a_wrong_signature_accepted_is_a_presence_check() {
        let mut r = vec![
            case("no-signature", Family::Signature, 401),
            case("empty-signature", Family::Signature, 200),
            case("wrong-secret", Family::Signature, 200),
            case("body-byte-changed", Family::Body, 200),
        ];
        attribute(&mut r, Provider::Github);
        assert!(r[1..].iter().all(|c| c.cause == Some(Cause::PresenceOnly)));
        assert!(
            r[2].explanation
                .contains("checks only that the X-Hub-Signature-256"),
            "{}",
            r[2].explanation
        );
    }

    #[test]
    fn an_empty_signature_alone_is_its_own_cause() {
        let mut r = vec![
            case("no-signature", Family::Signature, 401),
            case("empty-signature", Family::Signature, 200),
            case("wrong-secret", Family::Signature, 401),
        ];
        attribute(&mut r, Provider::Stripe);
        assert_eq!(r[1].cause, Some(Cause::AcceptsEmptySignature));
        assert_eq!(r[1].explanation, "own bug of empty-signature");
    }
}
