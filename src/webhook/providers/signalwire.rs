//! SignalWire RELAY / SWML / Call Fabric (JSON): `X-SignalWire-Signature:
//! lower_hex(HMAC-SHA1(signing key, url + raw body))`, and the SHA-256 variant in
//! `X-SignalWire-Sha256-Signature`.
//!
//! Reference signer: `signalwire==2.1.1` `RequestValidator.build_signature`; verifier:
//! `signalwire-sdk==3.7.5` `validate_webhook_signature` (and `_sha256`). The compatibility
//! (cXML/LaML) surface uses the Twilio scheme instead: see `twilio.rs`. SDK vector in
//! `tests/vectors.rs`.

use super::Provider;
use crate::webhook::crypto::{Algorithm, Encoding, ct_eq, decode_mac, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed,
};

#[derive(Debug)]
pub struct Relay;

const SHA1_HEADER: &str = "X-SignalWire-Signature";
const SHA256_HEADER: &str = "X-SignalWire-Sha256-Signature";

impl Scheme for Relay {
    fn provider(&self) -> Provider {
        Provider::Signalwire
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let url = input.url.unwrap_or_default();
        let mut s = Signed::default();
        let sha1 = hmac(Algorithm::Sha1, key.bytes(), &[url.as_bytes(), input.body]);
        let sha256 = hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[url.as_bytes(), input.body],
        );
        s.header(SHA1_HEADER, hex::encode(sha1));
        s.header(SHA256_HEADER, hex::encode(sha256));
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let mut sigs = Vec::new();
        let mut header = String::new();
        if let Some(v) = req.headers.get(SHA1_HEADER) {
            let v = v.trim();
            if decode_mac(v, Encoding::Hex, Algorithm::Sha1).is_err() {
                if decode_mac(v, Encoding::Base64, Algorithm::Sha1).is_ok() {
                    return Err(ParseError::OtherScheme {
                        provider: Provider::SignalwireCompat,
                        detail: format!(
                            "{SHA1_HEADER} is base64, which is the compatibility (cXML/LaML) scheme; RELAY/SWML signs in hex"
                        ),
                    });
                }
                return Err(ParseError::Malformed {
                    header: SHA1_HEADER.into(),
                    detail: "expected 40 lower-case hex characters".into(),
                });
            }
            sigs.push(format!("sha1:{v}"));
            header = SHA1_HEADER.into();
        }
        if let Some(v) = req.headers.get(SHA256_HEADER) {
            let v = v.trim();
            decode_mac(v, Encoding::Hex, Algorithm::Sha256).map_err(|detail| {
                ParseError::Malformed {
                    header: SHA256_HEADER.into(),
                    detail,
                }
            })?;
            sigs.push(format!("sha256:{v}"));
            if header.is_empty() {
                header = SHA256_HEADER.into();
            }
        }
        if sigs.is_empty() {
            return Err(ParseError::Missing {
                expected: vec![SHA1_HEADER.into()],
            });
        }
        if req.url.is_none() {
            return Err(ParseError::NeedsUrl);
        }
        Ok(Parsed {
            header,
            signatures: sigs,
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let url = req.url.unwrap_or_default();
        let ok = parsed.signatures.iter().any(|s| {
            let (alg, h) = match s.split_once(':') {
                Some(("sha1", h)) => (Algorithm::Sha1, h),
                Some(("sha256", h)) => (Algorithm::Sha256, h),
                _ => return false,
            };
            let mac = hmac(alg, key.bytes(), &[url.as_bytes(), req.body]);
            decode_mac(h, Encoding::Hex, alg).is_ok_and(|g| ct_eq(&g, &mac))
        });
        if ok { Check::Match } else { Check::NoMatch }
    }

    fn signs_url(&self) -> bool {
        true
    }
}
