//! Vonage SMS API signed messages: a `sig` parameter (with `timestamp`, and `nonce` on inbound
//! SMS) in the form body or query.
//!
//! String to sign: drop `sig`, sort keys, replace `&` and `=` inside values with `_`, join as
//! `"&k1=v1&k2=v2…"` (leading `&`). `md5hash` (the dashboard default) is
//! `md5(string + secret)`; the HMAC modes are `HMAC-{MD5,SHA1,SHA256,SHA512}(secret, string)`;
//! hex either way, compared case-insensitively. Source: nexmo-developer
//! `signing-messages.md`; checked against `@vonage/sms@1.24.1` `verifySignature` (all five) and
//! `vonage-http-client==1.5.2` `Auth.check_signature` (HMAC modes). No window is documented;
//! `--tolerance` checks the signed `timestamp` parameter.

use super::Provider;
use crate::webhook::crypto::{Algorithm, digest, hmac};
use crate::webhook::request::Request;
use crate::webhook::scheme::{
    AlgorithmChoice, Check, Key, ParseError, Parsed, Scheme, SignError, SignInput, Signed,
};

#[derive(Debug)]
pub struct VonageSms {
    algorithm: AlgorithmChoice,
}

impl VonageSms {
    pub fn new(algorithm: AlgorithmChoice) -> Self {
        VonageSms { algorithm }
    }
}

/// Where the parameters are: the form body, or the URL query of a GET.
fn params(req: &Request<'_>) -> Vec<(String, String)> {
    if !req.body.is_empty() && req.body_is_form() {
        return form_urlencoded::parse(req.body).into_owned().collect();
    }
    if !req.body.is_empty()
        && let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(req.body)
    {
        return map
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                serde_json::Value::Number(n) => Some((k, n.to_string())),
                _ => None,
            })
            .collect();
    }
    req.url
        .and_then(|u| u.split_once('?'))
        .map(|(_, q)| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

pub fn has_sig_param(req: &Request<'_>) -> bool {
    // Cheap first: no `sig` anywhere, and no escape that could spell it (`%73ig`, `\u0073ig`),
    // means no `sig` parameter. Every body is checked on auto-detection, most of them JSON
    // without one.
    let mentions =
        |b: &[u8]| b.windows(3).any(|w| w == b"sig") || b.contains(&b'%') || b.contains(&b'\\');
    let in_query = req
        .url
        .and_then(|u| u.split_once('?'))
        .is_some_and(|(_, q)| mentions(q.as_bytes()));
    if !in_query && !mentions(req.body) {
        return false;
    }
    params(req).iter().any(|(k, _)| k == "sig")
}

fn string_to_sign(params: &[(String, String)]) -> String {
    let mut items: Vec<(&str, String)> = params
        .iter()
        .filter(|(k, _)| k != "sig")
        .map(|(k, v)| (k.as_str(), v.replace(['&', '='], "_")))
        .collect();
    items.sort_by(|a, b| a.0.cmp(b.0));
    let mut s = String::new();
    for (k, v) in items {
        s.push('&');
        s.push_str(k);
        s.push('=');
        s.push_str(&v);
    }
    s
}

impl VonageSms {
    fn compute(&self, key: &Key, params: &[(String, String)]) -> String {
        let s = string_to_sign(params);
        let mac = match self.algorithm {
            AlgorithmChoice::Md5Hash => digest(Algorithm::Md5, &[s.as_bytes(), key.bytes()]),
            AlgorithmChoice::Hmac(a) => hmac(a, key.bytes(), &[s.as_bytes()]),
        };
        hex::encode(mac)
    }
}

impl Scheme for VonageSms {
    fn provider(&self) -> Provider {
        Provider::VonageSms
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError> {
        let req = Request {
            method: input.method,
            url: input.url,
            headers: input.headers,
            body: input.body,
        };
        let in_query = input.body.is_empty() && input.method.eq_ignore_ascii_case("GET");
        let mut p: Vec<(String, String)> = params(&req)
            .into_iter()
            .filter(|(k, _)| k != "sig")
            .collect();
        let mut added = Vec::new();
        if !p.iter().any(|(k, _)| k == "timestamp") {
            let t = ("timestamp".to_string(), input.timestamp.to_string());
            p.push(t.clone());
            added.push(t);
        }
        let sig = self.compute(key, &p);
        added.push(("sig".to_string(), sig));
        let extra: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(added.iter())
            .finish();
        let mut s = Signed::default();
        if in_query {
            let url = input.url.ok_or_else(|| {
                SignError("a GET with no body carries its parameters in the URL: pass --url".into())
            })?;
            let sep = if url.contains('?') { '&' } else { '?' };
            s.url = Some(format!("{url}{sep}{extra}"));
        } else if !input.body.is_empty() && !req.body_is_form() {
            return Err(SignError(
                "vonage-sms signs form or query parameters; the body is not a form (application/x-www-form-urlencoded)".into(),
            ));
        } else {
            let mut body = input.body.to_vec();
            if !body.is_empty() {
                body.push(b'&');
            }
            body.extend_from_slice(extra.as_bytes());
            s.body = Some(body);
        }
        Ok(s)
    }

    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError> {
        let p = params(req);
        let Some((_, sig)) = p.iter().find(|(k, _)| k == "sig") else {
            return Err(ParseError::Missing {
                expected: vec!["sig parameter".into()],
            });
        };
        if hex::decode(sig).is_err() {
            return Err(ParseError::Malformed {
                header: "sig".into(),
                detail: format!("{:?} is not hex", crate::webhook::crypto::shorten(sig)),
            });
        }
        let get = |name: &str| p.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let timestamp = get("timestamp").and_then(|t| t.parse::<i64>().ok());
        Ok(Parsed {
            header: "sig".into(),
            signatures: vec![sig.clone()],
            timestamp,
            raw_timestamp: get("timestamp"),
            id: get("messageId").or_else(|| get("nonce")),
            ..Default::default()
        })
    }

    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check {
        let expected = self.compute(key, &params(req));
        let ok = parsed.signatures.iter().any(|s| {
            crate::webhook::crypto::ct_eq(s.to_ascii_lowercase().as_bytes(), expected.as_bytes())
        });
        if ok { Check::Match } else { Check::NoMatch }
    }

    fn variants(&self) -> Vec<(String, Box<dyn Scheme>)> {
        let mut all = vec![AlgorithmChoice::Md5Hash];
        all.extend(Algorithm::ALL.map(AlgorithmChoice::Hmac));
        all.into_iter()
            .filter(|a| *a != self.algorithm)
            .map(|a| {
                (
                    format!("--algorithm {}", a.name()),
                    Box::new(VonageSms::new(a)) as Box<dyn Scheme>,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_replaces_and_sorts() {
        let p = vec![
            ("text".to_string(), "Hello & welcome=1".to_string()),
            ("sig".to_string(), "x".to_string()),
            ("api-key".to_string(), "k".to_string()),
        ];
        assert_eq!(string_to_sign(&p), "&api-key=k&text=Hello _ welcome_1");
    }

    #[test]
    fn sig_param_is_found_however_it_is_spelled() {
        use crate::webhook::request::Headers;
        let form = Headers::parse_lines("Content-Type: application/x-www-form-urlencoded").unwrap();
        let json = Headers::parse_lines("Content-Type: application/json").unwrap();
        let has = |headers: &Headers, url: Option<&str>, body: &[u8]| {
            has_sig_param(&Request {
                method: "POST",
                url,
                headers,
                body,
            })
        };
        assert!(has(&form, None, b"a=1&sig=ab"));
        assert!(has(&form, None, b"a=1&%73ig=ab"));
        assert!(has(&json, None, br#"{"sig":"ab"}"#));
        assert!(has(&json, None, br#"{"\u0073ig":"ab"}"#));
        assert!(has(&json, Some("https://x/y?a=1&sig=ab"), b""));
        assert!(!has(&json, None, br#"{"signal":1}"#));
        assert!(!has(&json, None, br#"{"type":"status-update"}"#));
        assert!(!has(&form, Some("https://x/y?a=1"), b"a=1&b=2"));
    }
}
