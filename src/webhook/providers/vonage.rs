//! Vonage signed callbacks (Voice, Messages, Dispatch): `Authorization: Bearer <JWT>`.
//!
//! The JWT is HS256 with the account *signature secret*; its claims are `iat`, `jti`,
//! `iss: "Vonage"`, `payload_hash` (SHA-256 hex of the body), `api_key`, optionally
//! `application_id`. The official verifiers (`vonage-jwt==1.1.5`, `@vonage/jwt@1.17.1`) check
//! only the JWT signature, so a tampered body passes them; whk also compares `payload_hash`
//! with the raw body, and rejects a token without one when there is a body. `exp`/`nbf` are
//! checked when present. HS256 is written here over `hmac` (20 lines) rather than through the
//! `jsonwebtoken` crate, whose only HMAC-capable backend brings RSA and elliptic-curve crates.
//! GET answer webhooks: the support article hashes a compact JSON object of the query
//! parameters; whk accepts that or the empty body's hash (UNCERTAIN, see the research note).

use serde_json::Value;

use super::Provider;
use crate::webhook::crypto::{Algorithm, b64url, ct_eq, hmac, sha256_hex};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SchemeOptions, SignError, SignInput, Signed,
};

#[derive(Debug)]
pub struct Vonage {
    api_key: Option<String>,
    application_id: Option<String>,
}

const HEADER: &str = "Authorization";

impl Vonage {
    pub fn from_options(o: &SchemeOptions) -> Self {
        Vonage {
            api_key: o.api_key.clone(),
            application_id: o.application_id.clone(),
        }
    }
}

fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

/// The claims of a JWT, without checking anything (for display and detection).
pub fn decode_jwt_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    serde_json::from_slice(&b64url_decode(payload)?).ok()
}

/// `Bearer <JWT>` whose claims look like Vonage's.
pub fn looks_like_vonage_jwt(authorization: &str) -> bool {
    let Some(token) = bearer(authorization) else {
        return false;
    };
    decode_jwt_claims(token).is_some_and(|c| {
        c.get("payload_hash").is_some() || c.get("iss").and_then(Value::as_str) == Some("Vonage")
    })
}

fn bearer(value: &str) -> Option<&str> {
    let v = value.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// Hashes a GET answer webhook's `payload_hash` may have been computed from.
fn get_hashes(req: &Request<'_>) -> Vec<String> {
    let mut out = vec![sha256_hex(b"")];
    if let Some(q) = req.url.and_then(|u| u.split_once('?')).map(|(_, q)| q) {
        let mut obj = serde_json::Map::new();
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            obj.insert(k.into_owned(), Value::String(v.into_owned()));
        }
        if let Ok(s) = serde_json::to_string(&Value::Object(obj)) {
            out.push(sha256_hex(s.as_bytes()));
        }
    }
    out
}

impl Scheme for Vonage {
    fn provider(&self) -> Provider {
        Provider::Vonage
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let header = b64url(br#"{"alg":"HS256","typ":"JWT"}"#);
        let mut claims = serde_json::Map::new();
        claims.insert("iat".into(), Value::from(input.timestamp));
        claims.insert(
            "jti".into(),
            Value::from(
                input
                    .id
                    .map(str::to_string)
                    .unwrap_or_else(crate::webhook::random_uuid),
            ),
        );
        claims.insert("iss".into(), Value::from("Vonage"));
        claims.insert("payload_hash".into(), Value::from(sha256_hex(input.body)));
        if let Some(k) = &self.api_key {
            claims.insert("api_key".into(), Value::from(k.clone()));
        }
        if let Some(a) = &self.application_id {
            claims.insert("application_id".into(), Value::from(a.clone()));
        }
        let payload = b64url(
            serde_json::to_string(&Value::Object(claims))
                .map_err(|e| SignError(e.to_string()))?
                .as_bytes(),
        );
        let signing_input = format!("{header}.{payload}");
        let sig = b64url(&hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[signing_input.as_bytes()],
        ));
        let mut s = Signed::default();
        s.header(HEADER, format!("Bearer {signing_input}.{sig}"));
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let Some(value) = req.headers.get(HEADER) else {
            return Err(ParseError::Missing {
                expected: vec!["Authorization: Bearer <JWT>".into()],
            });
        };
        let malformed = |detail: String| ParseError::Malformed {
            header: HEADER.into(),
            detail,
        };
        let token = bearer(value).ok_or_else(|| malformed("expected `Bearer <JWT>`".into()))?;
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() != 3 {
            return Err(malformed(format!(
                "a JWT has three dot-separated parts; this has {}",
                parts.len()
            )));
        }
        let header: Value = b64url_decode(parts[0])
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| malformed("the JWT header is not base64url-encoded JSON".into()))?;
        match header.get("alg").and_then(Value::as_str) {
            Some("HS256") => {}
            Some(alg) if alg.eq_ignore_ascii_case("none") => {
                return Err(malformed(
                    "the JWT says `alg: none`; unsigned tokens are never accepted".into(),
                ));
            }
            Some(alg) => {
                return Err(malformed(format!(
                    "the JWT is signed with {alg}; Vonage signs callbacks with HS256 and your signature secret (RS256 tokens are the ones your app sends to Vonage)"
                )));
            }
            None => return Err(malformed("the JWT header has no `alg`".into())),
        }
        let claims: Value = b64url_decode(parts[1])
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| malformed("the JWT claims are not base64url-encoded JSON".into()))?;
        if b64url_decode(parts[2]).is_none() {
            return Err(malformed("the JWT signature is not base64url".into()));
        }
        if claims.get("payload_hash").and_then(Value::as_str).is_none() && !req.body.is_empty() {
            return Err(malformed(
                "the JWT has no payload_hash claim, so nothing binds it to the body; whk does not accept unbound tokens".into(),
            ));
        }
        let int = |name: &str| claims.get(name).and_then(Value::as_i64);
        Ok(Parsed {
            header: HEADER.into(),
            signatures: vec![token.to_string()],
            timestamp: int("iat"),
            id: claims
                .get("jti")
                .and_then(Value::as_str)
                .map(str::to_string),
            expires_at: int("exp"),
            not_before: int("nbf"),
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let Some(token) = parsed.signatures.first() else {
            return Check::NoMatch;
        };
        let Some((signing_input, sig)) = token.rsplit_once('.') else {
            return Check::NoMatch;
        };
        let Some(given) = b64url_decode(sig) else {
            return Check::NoMatch;
        };
        let mac = hmac(Algorithm::Sha256, key.bytes(), &[signing_input.as_bytes()]);
        if !ct_eq(&mac, &given) {
            return Check::NoMatch;
        }
        let claimed = decode_jwt_claims(token).and_then(|c| {
            c.get("payload_hash")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let Some(claimed) = claimed else {
            // Only reachable with an empty body (see parse): nothing to bind.
            return Check::Match;
        };
        let actual = sha256_hex(req.body);
        if actual.eq_ignore_ascii_case(&claimed) {
            return Check::Match;
        }
        if req.body.is_empty()
            && get_hashes(req)
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&claimed))
        {
            return Check::Match;
        }
        Check::BodyHash { claimed, actual }
    }
}
