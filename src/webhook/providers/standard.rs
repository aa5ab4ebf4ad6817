//! Standard Webhooks (and Svix): `webhook-id`, `webhook-timestamp`, `webhook-signature:
//! v1,<base64> [v1,<base64>…]`.
//!
//! Key: base64-decode of the secret after `whsec_` (a malformed secret is rejected, as the
//! Python library does; Node's lenient decoder is the outlier). Signed bytes:
//! `"{id}.{timestamp}.{body}"`. Tolerance ±300 s. Svix's `svix-*` headers are accepted too.
//! Spec vector in `tests/vectors.rs`.

use super::Provider;
use crate::secret::Secret;
use crate::webhook::crypto::{Algorithm, b64, b64_decode_any, b64_decode_strict, ct_eq, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, KeyError, ParseError, Parsed, Scheme, SignError, SignInput, Signed, Window,
};

#[derive(Debug)]
pub struct Standard;

fn header<'a>(req: &'a Request<'_>, suffix: &str) -> Option<(String, &'a str)> {
    for family in ["webhook-", "svix-"] {
        let name = format!("{family}{suffix}");
        if let Some(v) = req.headers.get(&name) {
            return Some((name, v));
        }
    }
    None
}

impl Scheme for Standard {
    fn provider(&self) -> Provider {
        Provider::Standard
    }

    fn key(&self, secret: &Secret) -> Result<Key, KeyError> {
        let s = secret.expose();
        let body = s.strip_prefix("whsec_").unwrap_or(s);
        b64_decode_strict(body).map(Key).ok_or_else(|| {
            KeyError(
                "a Standard Webhooks secret is `whsec_` followed by base64; this one is not base64 after the prefix".into(),
            )
        })
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let id = input
            .id
            .map(str::to_string)
            .unwrap_or_else(|| crate::webhook::random_id("msg_"));
        let t = input.timestamp.to_string();
        let mac = hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[id.as_bytes(), b".", t.as_bytes(), b".", input.body],
        );
        let mut s = Signed::default();
        s.header("webhook-id", id);
        s.header("webhook-timestamp", t);
        s.header("webhook-signature", format!("v1,{}", b64(&mac)));
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let Some((sig_name, sig_value)) = header(req, "signature") else {
            return Err(ParseError::Missing {
                expected: vec!["webhook-signature".into()],
            });
        };
        let Some((_, id)) = header(req, "id") else {
            return Err(ParseError::Malformed {
                header: "webhook-id".into(),
                detail: "the webhook-id header is missing (it is part of the signed bytes)".into(),
            });
        };
        let Some((ts_name, ts_text)) = header(req, "timestamp") else {
            return Err(ParseError::Malformed {
                header: "webhook-timestamp".into(),
                detail: "the webhook-timestamp header is missing (it is part of the signed bytes)"
                    .into(),
            });
        };
        let ts = ts_text
            .trim()
            .parse::<i64>()
            .map_err(|_| ParseError::Malformed {
                header: ts_name.clone(),
                detail: format!("{ts_text:?} is not a unix timestamp in seconds"),
            })?;
        let mut sigs = Vec::new();
        for entry in sig_value.split_whitespace() {
            match entry.split_once(',') {
                Some(("v1", b)) => {
                    if b64_decode_any(b).is_none() {
                        return Err(ParseError::Malformed {
                            header: sig_name.clone(),
                            detail: format!("`{entry}` is not v1,<base64>"),
                        });
                    }
                    sigs.push(b.to_string());
                }
                Some(_) => {} // other versions (v1a ed25519) are not ours to check
                None => {
                    return Err(ParseError::Malformed {
                        header: sig_name.clone(),
                        detail: format!(
                            "`{}` is not `v1,<base64>` (entries are space-separated)",
                            crate::webhook::crypto::shorten(entry)
                        ),
                    });
                }
            }
        }
        if sigs.is_empty() {
            return Err(ParseError::Malformed {
                header: sig_name,
                detail: "no `v1,` signature entry".into(),
            });
        }
        Ok(Parsed {
            header: sig_name,
            signatures: sigs,
            timestamp: Some(ts),
            raw_timestamp: Some(ts_text.to_string()),
            id: Some(id.to_string()),
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let (Some(id), Some(ts)) = (parsed.id.as_deref(), parsed.timestamp) else {
            return Check::NoMatch;
        };
        let t = ts.to_string();
        let mac = hmac(
            Algorithm::Sha256,
            key.bytes(),
            &[id.as_bytes(), b".", t.as_bytes(), b".", req.body],
        );
        let ok = parsed
            .signatures
            .iter()
            .any(|s| b64_decode_any(s).is_some_and(|g| ct_eq(&g, &mac)));
        if ok { Check::Match } else { Check::NoMatch }
    }

    fn window(&self) -> Window {
        Window::symmetric(300)
    }
}
