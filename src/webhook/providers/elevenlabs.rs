//! ElevenLabs: `ElevenLabs-Signature: t=<unix s>,v0=<hex>`.
//!
//! `hex(HMAC-SHA256(key = secret as UTF-8 including any "wsec_" prefix, "{t}.{body}"))`.
//! The SDKs (`elevenlabs==2.78.0`, `@elevenlabs/elevenlabs-js@2.73.0`) reject `t` older than
//! 30 minutes and accept any future `t`; so does whk by default. With several `v0` entries
//! Python keeps the last and Node the first; whk accepts a match on any of them.

use super::Provider;
use super::stripe::{kv_pairs, parse_t};
use crate::webhook::crypto::{Algorithm, Encoding, ct_eq, decode_mac, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed, Window,
};

#[derive(Debug)]
pub struct ElevenLabs;

const HEADER: &str = "ElevenLabs-Signature";

impl Scheme for ElevenLabs {
    fn provider(&self) -> Provider {
        Provider::Elevenlabs
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let t = input.timestamp.to_string();
        let mac = hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[t.as_bytes(), b".", input.body],
        );
        let mut s = Signed::default();
        s.header(HEADER, format!("t={t},v0={}", hex::encode(mac)));
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let Some(value) = req.headers.get(HEADER) else {
            return Err(ParseError::Missing {
                expected: vec![HEADER.into()],
            });
        };
        let pairs = kv_pairs(value);
        let (ts, raw) = parse_t(HEADER, &pairs)?;
        let sigs: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| *k == "v0")
            .map(|(_, v)| v.to_string())
            .collect();
        if sigs.is_empty() {
            return Err(ParseError::Malformed {
                header: HEADER.into(),
                detail: "no `v0=` signature".into(),
            });
        }
        for s in &sigs {
            decode_mac(s, Encoding::Hex, Algorithm::Sha256).map_err(|detail| {
                ParseError::Malformed {
                    header: HEADER.into(),
                    detail: format!("v0: {detail}"),
                }
            })?;
        }
        Ok(Parsed {
            header: HEADER.into(),
            signatures: sigs,
            timestamp: Some(ts),
            raw_timestamp: Some(raw),
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        // The SDKs sign the header's text of `t` as given.
        let Some(t) = parsed.raw_timestamp.as_deref() else {
            return Check::NoMatch;
        };
        let mac = hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[t.as_bytes(), b".", req.body],
        );
        let ok = parsed.signatures.iter().any(|s| {
            decode_mac(s, Encoding::Hex, Algorithm::Sha256).is_ok_and(|g| ct_eq(&g, &mac))
        });
        if ok { Check::Match } else { Check::NoMatch }
    }

    fn window(&self) -> Window {
        Window::past_only(1800)
    }
}
