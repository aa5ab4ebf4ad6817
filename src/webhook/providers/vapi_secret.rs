//! Vapi's legacy server secret: the secret itself, sent verbatim in `X-Vapi-Secret`.
//!
//! Sources: docs.vapi.ai `server-url/server-authentication.mdx` ("Legacy X-Vapi-Secret
//! Support") and `custom-transcriber.mdx`. Older docs named the header `X-Vapi-Signature`;
//! `--signature-header` sets it. There is nothing to hash: the check is a constant-time
//! comparison, and signing "produces" the secret, which whk sends but never prints.

use super::Provider;
use crate::webhook::crypto::ct_eq;
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed, SignedHeader,
};

#[derive(Debug)]
pub struct VapiSecret {
    header: String,
}

impl VapiSecret {
    pub fn new(header: Option<String>) -> Self {
        VapiSecret {
            header: header.unwrap_or_else(|| "X-Vapi-Secret".into()),
        }
    }
}

impl Scheme for VapiSecret {
    fn provider(&self) -> Provider {
        Provider::VapiSecret
    }

    fn sign(&self, key: &Key, _input: &SignInput<'_>) -> Result<Signed, SignError> {
        let value = String::from_utf8(key.bytes().to_vec())
            .map_err(|_| SignError("the secret is not UTF-8 text".into()))?;
        Ok(Signed {
            headers: vec![SignedHeader {
                name: self.header.clone(),
                value,
                sensitive: true,
            }],
            ..Default::default()
        })
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        match req.headers.get(&self.header) {
            Some(v) => Ok(Parsed {
                header: self.header.clone(),
                signatures: vec![v.to_string()],
                ..Default::default()
            }),
            None => Err(ParseError::Missing {
                expected: vec![self.header.clone()],
            }),
        }
    }

    fn signs_body(&self) -> bool {
        false
    }

    fn check(&self, key: &Key, _req: &Request<'_>, parsed: &Parsed) -> Check {
        if parsed
            .signatures
            .iter()
            .any(|s| ct_eq(s.as_bytes(), key.bytes()))
        {
            Check::Match
        } else {
            Check::NoMatch
        }
    }
}
