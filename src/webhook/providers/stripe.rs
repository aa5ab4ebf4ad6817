//! Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…][,v0=…]`.
//!
//! `v1 = hex(HMAC-SHA256(key = the "whsec_…" string as UTF-8, "{t}.{body}"))`; the secret is
//! not decoded. Several `v1` appear during secret rotation; `v0` (legacy test mode) is ignored.
//! Tolerance 300 s into the past only, as `stripe==16.1.0` and `stripe@23.1.0` check.

use super::Provider;
use crate::webhook::crypto::{Algorithm, Encoding, ct_eq, decode_mac, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed, Window,
};

#[derive(Debug)]
pub struct Stripe;

const HEADER: &str = "Stripe-Signature";

/// Split `t=1,v1=ab,v1=cd` into pairs, trimming spaces. Shared with ElevenLabs.
pub(super) fn kv_pairs(value: &str) -> Vec<(&str, &str)> {
    value
        .split(',')
        .filter_map(|part| {
            let (k, v) = part.split_once('=')?;
            Some((k.trim(), v.trim()))
        })
        .collect()
}

/// Read `t=` as unix seconds, or say what is wrong with it.
pub(super) fn parse_t(header: &str, pairs: &[(&str, &str)]) -> Result<(i64, String), ParseError> {
    let Some((_, t)) = pairs.iter().find(|(k, _)| *k == "t") else {
        return Err(ParseError::Malformed {
            header: header.into(),
            detail: "no `t=` timestamp".into(),
        });
    };
    let ts = t.parse::<i64>().map_err(|_| ParseError::Malformed {
        header: header.into(),
        detail: format!("`t={t}` is not a unix timestamp in seconds"),
    })?;
    Ok((ts, t.to_string()))
}

impl Scheme for Stripe {
    fn provider(&self) -> Provider {
        Provider::Stripe
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let t = input.timestamp.to_string();
        let mac = hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[t.as_bytes(), b".", input.body],
        );
        let mut s = Signed::default();
        s.header(HEADER, format!("t={t},v1={}", hex::encode(mac)));
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
            .filter(|(k, _)| *k == "v1")
            .map(|(_, v)| v.to_string())
            .collect();
        if sigs.is_empty() {
            return Err(ParseError::Malformed {
                header: HEADER.into(),
                detail: "no `v1=` signature (`v0` is Stripe's legacy test scheme and is ignored)"
                    .into(),
            });
        }
        for s in &sigs {
            decode_mac(s, Encoding::Hex, Algorithm::Sha256).map_err(|detail| {
                ParseError::Malformed {
                    header: HEADER.into(),
                    detail: format!("v1: {detail}"),
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
        let Some(ts) = parsed.timestamp else {
            return Check::NoMatch;
        };
        // The SDKs format the parsed integer back ("%d"), not the header text.
        let t = ts.to_string();
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
        Window::past_only(300)
    }
}
