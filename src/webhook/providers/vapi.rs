//! Vapi HMAC credential (`HMACAuthenticationPlan`, added 2025-06-24).
//!
//! `signature = prefix + encoding(HMAC_alg(key, fill(payloadFormat)))`, where `fill`
//! substitutes `{timestamp}`, `{body}`, `{method}`, `{url}` and `{svix-id}`. Defaults are the
//! OpenAPI descriptions': `x-signature`, `x-timestamp`, `{timestamp}.{body}`, SHA-256, hex, no
//! prefix, key = secret as text (base64-decoded with `secretIsBase64`). Vapi ships no signer or
//! verifier, so these defaults are UNCERTAIN (Trigger.dev and Hookdeck describe `{body}` only);
//! every field is a flag, and the diagnosis names the flag that would make a failing
//! signature match. The timestamp unit is undocumented: seconds by default, `--timestamp-ms`.

use super::Provider;
use crate::secret::Secret;
use crate::webhook::crypto::{Algorithm, Encoding, b64_decode_any, ct_eq, decode_mac, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    AlgorithmChoice, Check, Key, KeyError, ParseError, Parsed, Scheme, SchemeOptions, SignError,
    SignInput, Signed, Unprefixed, Window,
};

#[derive(Clone, Debug)]
pub struct Vapi {
    algorithm: Algorithm,
    signature_header: String,
    timestamp_header: String,
    id_header: Option<String>,
    format: String,
    encoding: Encoding,
    prefix: String,
    secret_base64: bool,
    timestamp_ms: bool,
}

pub const DEFAULT_FORMAT: &str = "{timestamp}.{body}";

impl Vapi {
    pub fn from_options(o: &SchemeOptions) -> Self {
        Vapi {
            algorithm: match o.algorithm {
                Some(AlgorithmChoice::Hmac(a)) => a,
                _ => Algorithm::Sha256,
            },
            signature_header: o
                .signature_header
                .clone()
                .unwrap_or_else(|| "x-signature".into()),
            timestamp_header: o
                .timestamp_header
                .clone()
                .unwrap_or_else(|| "x-timestamp".into()),
            id_header: o.id_header.clone(),
            format: o
                .payload_format
                .clone()
                .unwrap_or_else(|| DEFAULT_FORMAT.into()),
            encoding: o.encoding.unwrap_or(Encoding::Hex),
            prefix: o.prefix.clone().unwrap_or_default(),
            secret_base64: o.secret_base64,
            timestamp_ms: o.timestamp_ms,
        }
    }

    fn uses(&self, var: &str) -> bool {
        self.format.contains(var)
    }

    /// The bytes to sign, as parts (the body is never copied).
    fn fill<'a>(&'a self, timestamp: &'a str, id: &'a str, req: &Request<'a>) -> Vec<&'a [u8]> {
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut rest = self.format.as_str();
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let var = &rest[start..start + len + 1];
            let value: Option<&[u8]> = match var {
                "{body}" => Some(req.body),
                "{timestamp}" => Some(timestamp.as_bytes()),
                "{method}" => Some(req.method.as_bytes()),
                "{url}" => Some(req.url.unwrap_or_default().as_bytes()),
                "{svix-id}" | "{id}" => Some(id.as_bytes()),
                _ => None,
            };
            match value {
                Some(v) => {
                    parts.push(&rest.as_bytes()[..start]);
                    parts.push(v);
                    rest = &rest[start + len + 1..];
                }
                None => {
                    parts.push(&rest.as_bytes()[..start + 1]);
                    rest = &rest[start + 1..];
                }
            }
        }
        parts.push(rest.as_bytes());
        parts
    }

    fn mac(&self, key: &Key, timestamp: &str, id: &str, req: &Request<'_>) -> Vec<u8> {
        hmac(self.algorithm, key.bytes(), &self.fill(timestamp, id, req))
    }
}

impl Scheme for Vapi {
    fn provider(&self) -> Provider {
        Provider::Vapi
    }

    fn key(&self, secret: &Secret) -> Result<Key, KeyError> {
        if self.secret_base64 {
            b64_decode_any(secret.expose()).map(Key).ok_or_else(|| {
                KeyError("--secret-base64 is set but the secret is not base64".into())
            })
        } else {
            Ok(Key(secret.expose().as_bytes().to_vec()))
        }
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let ts = if self.timestamp_ms {
            (input.timestamp * 1000).to_string()
        } else {
            input.timestamp.to_string()
        };
        let id = input
            .id
            .map(str::to_string)
            .unwrap_or_else(|| crate::webhook::random_id("msg_"));
        if (self.uses("{svix-id}") || self.uses("{id}")) && self.id_header.is_none() {
            return Err(SignError(
                "the payload format uses {svix-id}: name the header that carries it with --id-header".into(),
            ));
        }
        let req = Request {
            method: input.method,
            url: input.url,
            headers: input.headers,
            body: input.body,
        };
        let mac = self.mac(key, &ts, &id, &req);
        let mut s = Signed::default();
        s.header(
            &self.signature_header,
            format!("{}{}", self.prefix, self.encoding.encode(&mac)),
        );
        if self.uses("{timestamp}") {
            s.header(&self.timestamp_header, ts);
        }
        if let Some(h) = &self.id_header {
            s.header(h, id);
        }
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let Some(value) = req.headers.get(&self.signature_header) else {
            return Err(ParseError::Missing {
                expected: vec![self.signature_header.clone()],
            });
        };
        let value = value.trim();
        let sig = match value.get(..self.prefix.len()) {
            Some(p) if p.eq_ignore_ascii_case(&self.prefix) => &value[self.prefix.len()..],
            _ => {
                return Err(ParseError::Malformed {
                    header: self.signature_header.clone(),
                    detail: format!("expected it to start with `{}` (--prefix)", self.prefix),
                });
            }
        };
        decode_mac(sig, self.encoding, self.algorithm).map_err(|detail| ParseError::Malformed {
            header: self.signature_header.clone(),
            detail,
        })?;
        let mut parsed = Parsed {
            header: self.signature_header.clone(),
            signatures: vec![sig.to_string()],
            ..Default::default()
        };
        if self.uses("{timestamp}") {
            let Some(t) = req.headers.get(&self.timestamp_header) else {
                return Err(ParseError::Malformed {
                    header: self.timestamp_header.clone(),
                    detail: format!(
                        "the payload format signs {{timestamp}} but there is no {} header",
                        self.timestamp_header
                    ),
                });
            };
            let n = t.trim().parse::<i64>().map_err(|_| ParseError::Malformed {
                header: self.timestamp_header.clone(),
                detail: format!("{t:?} is not a unix timestamp"),
            })?;
            // Milliseconds are recognisable by size; the unit is undocumented.
            parsed.timestamp = Some(if self.timestamp_ms || n > 100_000_000_000 {
                n / 1000
            } else {
                n
            });
            parsed.raw_timestamp = Some(t.trim().to_string());
        }
        if let Some(h) = &self.id_header {
            parsed.id = req.headers.get(h).map(str::to_string);
        }
        if self.uses("{url}") && req.url.is_none() {
            return Err(ParseError::NeedsUrl);
        }
        Ok(parsed)
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let ts = parsed.raw_timestamp.as_deref().unwrap_or("");
        let id = parsed.id.as_deref().unwrap_or("");
        let mac = self.mac(key, ts, id, req);
        let ok = parsed
            .signatures
            .iter()
            .any(|s| decode_mac(s, self.encoding, self.algorithm).is_ok_and(|g| ct_eq(&g, &mac)));
        if ok { Check::Match } else { Check::NoMatch }
    }

    fn window(&self) -> Window {
        Window::NONE
    }

    fn signs_url(&self) -> bool {
        self.uses("{url}")
    }

    fn signs_body(&self) -> bool {
        self.uses("{body}")
    }

    fn without_prefix(&self) -> Option<Unprefixed> {
        (!self.prefix.is_empty()).then(|| Unprefixed {
            prefix: self.prefix.clone(),
            options: "--prefix ''".into(),
            scheme: Box::new(Vapi {
                prefix: String::new(),
                ..self.clone()
            }),
        })
    }

    fn variants(&self) -> Vec<(String, Box<dyn Scheme>)> {
        let mut out: Vec<(String, Box<dyn Scheme>)> = Vec::new();
        let formats = ["{body}", "{timestamp}.{body}", "{timestamp}{body}"];
        for f in formats {
            for enc in [Encoding::Hex, Encoding::Base64] {
                for alg in [Algorithm::Sha256, Algorithm::Sha512, Algorithm::Sha1] {
                    for b64 in [false, true] {
                        let same = f == self.format
                            && enc == self.encoding
                            && alg == self.algorithm
                            && b64 == self.secret_base64;
                        if same {
                            continue;
                        }
                        let mut flags = Vec::new();
                        if f != self.format {
                            flags.push(format!("--payload-format '{f}'"));
                        }
                        if enc != self.encoding {
                            flags.push(format!("--encoding {}", enc.name()));
                        }
                        if alg != self.algorithm {
                            flags.push(format!("--algorithm {}", alg.name()));
                        }
                        if b64 != self.secret_base64 {
                            flags.push(if b64 {
                                "--secret-base64".into()
                            } else {
                                "no --secret-base64".into()
                            });
                        }
                        out.push((
                            flags.join(" "),
                            Box::new(Vapi {
                                format: f.into(),
                                encoding: enc,
                                algorithm: alg,
                                secret_base64: b64,
                                ..self.clone()
                            }),
                        ));
                    }
                }
            }
        }
        out
    }
}
