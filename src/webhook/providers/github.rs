//! GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`, and the legacy
//! `X-Hub-Signature: sha1=<hex>` which GitHub still sends beside it. Delivery id in
//! `X-GitHub-Delivery` (for duplicate detection). Docs vector in `tests/vectors.rs`.

use super::Provider;
use super::generic::BodyHmac;
use crate::webhook::crypto::{Algorithm, Encoding, ct_eq, decode_mac, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed, Unprefixed,
};

#[derive(Debug)]
pub struct Github;

const SHA256_HEADER: &str = "X-Hub-Signature-256";
const SHA1_HEADER: &str = "X-Hub-Signature";

impl Scheme for Github {
    fn provider(&self) -> Provider {
        Provider::Github
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let mut s = Signed::default();
        let sha256 = hmac(Algorithm::Sha256, key.bytes(), &[input.body]);
        let sha1 = hmac(Algorithm::Sha1, key.bytes(), &[input.body]);
        s.header(SHA256_HEADER, format!("sha256={}", hex::encode(sha256)));
        s.header(SHA1_HEADER, format!("sha1={}", hex::encode(sha1)));
        let id = input
            .id
            .map(str::to_string)
            .unwrap_or_else(crate::webhook::random_uuid);
        s.header("X-GitHub-Delivery", id);
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let (header, value, prefix, alg) = if let Some(v) = req.headers.get(SHA256_HEADER) {
            (SHA256_HEADER, v, "sha256=", Algorithm::Sha256)
        } else if let Some(v) = req.headers.get(SHA1_HEADER) {
            (SHA1_HEADER, v, "sha1=", Algorithm::Sha1)
        } else {
            return Err(ParseError::Missing {
                expected: vec![SHA256_HEADER.into()],
            });
        };
        let Some(sig) = value.trim().strip_prefix(prefix) else {
            return Err(ParseError::Malformed {
                header: header.into(),
                detail: format!("expected `{prefix}<hex>`"),
            });
        };
        decode_mac(sig, Encoding::Hex, alg).map_err(|detail| ParseError::Malformed {
            header: header.into(),
            detail,
        })?;
        Ok(Parsed {
            header: header.into(),
            signatures: vec![format!("{prefix}{sig}")],
            id: req.headers.get("x-github-delivery").map(str::to_string),
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let ok = parsed.signatures.iter().any(|s| {
            let (alg, hexsig) = match s.split_once('=') {
                Some(("sha256", h)) => (Algorithm::Sha256, h),
                Some(("sha1", h)) => (Algorithm::Sha1, h),
                _ => return false,
            };
            let mac = hmac(alg, key.bytes(), &[req.body]);
            decode_mac(hexsig, Encoding::Hex, alg).is_ok_and(|g| ct_eq(&g, &mac))
        });
        if ok { Check::Match } else { Check::NoMatch }
    }

    /// A sender that writes bare hex in `X-Hub-Signature-256` (receivers that
    /// `.replace('sha256=', '')` accept it; GitHub never sends it).
    fn without_prefix(&self) -> Option<Unprefixed> {
        Some(Unprefixed {
            prefix: "sha256=".into(),
            options: format!("--provider generic --signature-header {SHA256_HEADER} --prefix ''"),
            scheme: Box::new(BodyHmac {
                provider: Provider::Github,
                header: SHA256_HEADER.into(),
                prefix: String::new(),
                algorithm: Algorithm::Sha256,
                encoding: Encoding::Hex,
            }),
        })
    }
}
