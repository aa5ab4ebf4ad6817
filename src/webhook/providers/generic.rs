//! `generic`: an HMAC of the raw body in one header — the seeds' `X-Webhook-Signature:
//! sha256=<hex>` by default, with header, prefix, algorithm and encoding settable so users can
//! describe any simple scheme. Vogent uses the same shape with fixed settings.

use super::Provider;
use crate::webhook::crypto::{Algorithm, Encoding, ct_eq, decode_mac, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed, Unprefixed,
};

/// `header: prefix + encoding(HMAC(key, body))`.
#[derive(Clone, Debug)]
pub struct BodyHmac {
    pub provider: Provider,
    pub header: String,
    pub prefix: String,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
}

impl BodyHmac {
    pub fn generic(
        header: String,
        prefix: String,
        algorithm: Algorithm,
        encoding: Encoding,
    ) -> Self {
        BodyHmac {
            provider: Provider::Generic,
            header,
            prefix,
            algorithm,
            encoding,
        }
    }
}

impl Scheme for BodyHmac {
    fn provider(&self) -> Provider {
        self.provider
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let mac = hmac(self.algorithm, key.bytes(), &[input.body]);
        let mut s = Signed::default();
        s.header(
            &self.header,
            format!("{}{}", self.prefix, self.encoding.encode(&mac)),
        );
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let Some(value) = req.headers.get(&self.header) else {
            return Err(ParseError::Missing {
                expected: vec![self.header.clone()],
            });
        };
        let value = value.trim();
        let sig = if self.prefix.is_empty() {
            value
        } else if value.len() >= self.prefix.len()
            && value[..self.prefix.len()].eq_ignore_ascii_case(&self.prefix)
        {
            &value[self.prefix.len()..]
        } else {
            return Err(ParseError::Malformed {
                header: self.header.clone(),
                detail: format!("expected it to start with `{}`", self.prefix),
            });
        };
        decode_mac(sig, self.encoding, self.algorithm).map_err(|detail| ParseError::Malformed {
            header: self.header.clone(),
            detail,
        })?;
        Ok(Parsed {
            header: self.header.clone(),
            signatures: vec![sig.to_string()],
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let mac = hmac(self.algorithm, key.bytes(), &[req.body]);
        let ok = parsed.signatures.iter().any(|s| {
            decode_mac(s, self.encoding, self.algorithm).is_ok_and(|given| ct_eq(&given, &mac))
        });
        if ok { Check::Match } else { Check::NoMatch }
    }

    fn without_prefix(&self) -> Option<Unprefixed> {
        if self.prefix.is_empty() || self.provider != Provider::Generic {
            return None;
        }
        Some(Unprefixed {
            prefix: self.prefix.clone(),
            options: "--prefix ''".into(),
            scheme: Box::new(BodyHmac {
                prefix: String::new(),
                ..self.clone()
            }),
        })
    }

    fn variants(&self) -> Vec<(String, Box<dyn Scheme>)> {
        if self.provider != Provider::Generic {
            return Vec::new();
        }
        let mut out: Vec<(String, Box<dyn Scheme>)> = Vec::new();
        for alg in Algorithm::ALL {
            for enc in [Encoding::Hex, Encoding::Base64] {
                if alg == self.algorithm && enc == self.encoding {
                    continue;
                }
                out.push((
                    format!("--algorithm {} --encoding {}", alg.name(), enc.name()),
                    Box::new(BodyHmac {
                        algorithm: alg,
                        encoding: enc,
                        prefix: String::new(),
                        ..self.clone()
                    }),
                ));
            }
        }
        out
    }
}
