//! Twilio `X-Twilio-Signature`, also SignalWire's compatibility (cXML/LaML) scheme.
//!
//! Form posts: `base64(HMAC-SHA1(auth token, url + Σ sorted(key + value)))` with URL-decoded
//! values. JSON bodies: Twilio appends `bodySHA256=<hex sha256(body)>` to the URL and signs the
//! URL alone; a verifier checks the signature *and* the hash. Verifiers accept the URL with and
//! without the default port (`twilio==9.13.0`, `twilio@6.2.0`, `signalwire-sdk==3.7.5`).
//! SharedKey (`X-Twilio-Webhooks-Signature-Settings: …algorithm=HMAC_SHA256`) switches to
//! HMAC-SHA256. Repeated form keys: Twilio sorts and de-duplicates values; SignalWire's SDKs
//! keep wire order (and the legacy one sorts without de-duplicating) — each provider accepts
//! what its own official SDKs accept. Docs vector in `tests/vectors.rs`.

use super::Provider;
use crate::webhook::crypto::{Algorithm, Encoding, b64, ct_eq, decode_mac, hmac, sha256_hex};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParamOrder {
    /// Keys sorted, each key's values sorted and de-duplicated (Twilio's SDKs).
    SortedDedup,
    /// Keys sorted, values in wire order (signalwire-sdk 3.x, @signalwire/compatibility-api).
    WireOrder,
    /// `sorted(items)`: by key then value, duplicates kept (legacy signalwire 2.1.1).
    SortedItems,
}

#[derive(Debug)]
pub struct Twilio {
    provider: Provider,
    headers: &'static [&'static str],
    orders: &'static [ParamOrder],
}

const SETTINGS_HEADER: &str = "X-Twilio-Webhooks-Signature-Settings";

impl Twilio {
    pub fn official() -> Self {
        Twilio {
            provider: Provider::Twilio,
            headers: &["X-Twilio-Signature"],
            orders: &[ParamOrder::SortedDedup],
        }
    }

    pub fn signalwire_compat() -> Self {
        Twilio {
            provider: Provider::SignalwireCompat,
            headers: &["X-SignalWire-Signature", "X-Twilio-Signature"],
            orders: &[
                ParamOrder::SortedItems,
                ParamOrder::WireOrder,
                ParamOrder::SortedDedup,
            ],
        }
    }

    fn algorithm(&self, req: &Request<'_>) -> Algorithm {
        match req.headers.get(SETTINGS_HEADER) {
            Some(v) if self.provider == Provider::Twilio && v.contains("HMAC_SHA256") => {
                Algorithm::Sha256
            }
            _ => Algorithm::Sha1,
        }
    }
}

/// The form parameters of a request body, URL-decoded, in wire order.
pub fn form_params(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn param_string(params: &[(String, String)], order: ParamOrder) -> Vec<u8> {
    let mut out = Vec::new();
    let mut keys: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    match order {
        ParamOrder::SortedItems => {
            let mut items: Vec<&(String, String)> = params.iter().collect();
            items.sort();
            for (k, v) in items {
                out.extend_from_slice(k.as_bytes());
                out.extend_from_slice(v.as_bytes());
            }
        }
        ParamOrder::SortedDedup | ParamOrder::WireOrder => {
            for k in keys {
                let mut values: Vec<&str> = params
                    .iter()
                    .filter(|(pk, _)| pk == k)
                    .map(|(_, v)| v.as_str())
                    .collect();
                if order == ParamOrder::SortedDedup {
                    values.sort_unstable();
                    values.dedup();
                }
                for v in values {
                    out.extend_from_slice(k.as_bytes());
                    out.extend_from_slice(v.as_bytes());
                }
            }
        }
    }
    out
}

/// The URL with and without an explicit default port, as the SDKs try both.
fn port_forms(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string()];
    if let Ok(u) = url::Url::parse(url) {
        let host = u.host_str().unwrap_or_default().to_string();
        let default = match u.scheme() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        };
        if let Some(p) = default {
            let with = format!("{}:{p}", host);
            if url.contains(&format!("://{with}")) {
                out.push(url.replacen(&format!("://{with}"), &format!("://{host}"), 1));
            } else if u.port().is_none() {
                out.push(url.replacen(&format!("://{host}"), &format!("://{with}"), 1));
            }
        }
    }
    out
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    let q = q.split('#').next().unwrap_or(q);
    form_urlencoded::parse(q.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

impl Scheme for Twilio {
    fn provider(&self) -> Provider {
        self.provider
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let url = input
            .url
            .ok_or_else(|| SignError(format!("{} signs the URL: pass --url", self.provider)))?;
        let req = Request {
            method: input.method,
            url: Some(url),
            headers: input.headers,
            body: input.body,
        };
        let alg = self.algorithm(&req);
        let mut s = Signed::default();
        let (signed_url, data) = if input.body.is_empty() || req.body_is_form() {
            let params = form_params(input.body);
            let mut data = url.as_bytes().to_vec();
            data.extend(param_string(&params, self.orders[0]));
            (None, data)
        } else {
            let sep = if url.contains('?') { '&' } else { '?' };
            let with_hash = format!("{url}{sep}bodySHA256={}", sha256_hex(input.body));
            let data = with_hash.as_bytes().to_vec();
            (Some(with_hash), data)
        };
        let mac = hmac(alg, key.bytes(), &[&data]);
        s.header(self.headers[0], b64(&mac));
        s.url = signed_url;
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let Some((header, value)) = self
            .headers
            .iter()
            .find_map(|h| req.headers.get(h).map(|v| (*h, v.trim())))
        else {
            return Err(ParseError::Missing {
                expected: vec![self.headers[0].into()],
            });
        };
        let alg = self.algorithm(req);
        if decode_mac(value, Encoding::Base64, alg).is_err() {
            if self.provider == Provider::SignalwireCompat
                && decode_mac(value, Encoding::Hex, Algorithm::Sha1).is_ok()
            {
                return Err(ParseError::OtherScheme {
                    provider: Provider::Signalwire,
                    detail: format!(
                        "{header} is hex, which is the RELAY/SWML scheme (URL + raw body); the compatibility API signs in base64"
                    ),
                });
            }
            return Err(ParseError::Malformed {
                header: header.into(),
                detail: format!(
                    "expected base64 HMAC-{} (28 characters for SHA-1)",
                    alg.name().to_uppercase()
                ),
            });
        }
        if req.url.is_none() {
            return Err(ParseError::NeedsUrl);
        }
        Ok(Parsed {
            header: header.into(),
            signatures: vec![value.to_string()],
            id: req
                .headers
                .get("i-twilio-idempotency-token")
                .map(str::to_string),
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let Some(url) = req.url else {
            return Check::NoMatch;
        };
        let alg = self.algorithm(req);
        let Some(given) = parsed
            .signatures
            .first()
            .and_then(|s| decode_mac(s, Encoding::Base64, alg).ok())
        else {
            return Check::NoMatch;
        };
        let body_hash = query_param(url, "bodySHA256");
        let params = if body_hash.is_some() || !req.body_is_form() {
            Vec::new()
        } else {
            form_params(req.body)
        };
        for candidate in port_forms(url) {
            for order in self.orders {
                let mut data = candidate.as_bytes().to_vec();
                data.extend(param_string(&params, *order));
                if ct_eq(&hmac(alg, key.bytes(), &[&data]), &given) {
                    if let Some(claimed) = &body_hash {
                        let actual = sha256_hex(req.body);
                        if !actual.eq_ignore_ascii_case(claimed) {
                            return Check::BodyHash {
                                claimed: claimed.clone(),
                                actual,
                            };
                        }
                    }
                    return Check::Match;
                }
            }
        }
        Check::NoMatch
    }

    fn signs_url(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_per_sdk() {
        let p = vec![
            ("b".to_string(), "2".to_string()),
            ("a".to_string(), "z".to_string()),
            ("a".to_string(), "y".to_string()),
            ("a".to_string(), "y".to_string()),
        ];
        assert_eq!(param_string(&p, ParamOrder::SortedDedup), b"ayazb2");
        assert_eq!(param_string(&p, ParamOrder::WireOrder), b"azayayb2");
        assert_eq!(param_string(&p, ParamOrder::SortedItems), b"ayayazb2");
    }

    #[test]
    fn port_forms_add_and_remove_default_port() {
        assert_eq!(
            port_forms("https://a.com/x"),
            vec![
                "https://a.com/x".to_string(),
                "https://a.com:443/x".to_string()
            ]
        );
        assert_eq!(
            port_forms("https://a.com:443/x"),
            vec![
                "https://a.com:443/x".to_string(),
                "https://a.com/x".to_string()
            ]
        );
    }
}
