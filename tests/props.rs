//! Property tests for every scheme: sign-then-verify always holds, and any single-byte change
//! to the body, to a signature header or to the secret never verifies.

use proptest::prelude::*;
use whk::secret::Secret;
use whk::webhook::{self, Headers, Provider, Request, SchemeOptions, SignInput, VerifyOptions};

const NOW: i64 = 1_795_497_159;

struct Signed {
    headers: Headers,
    url: Option<String>,
    body: Vec<u8>,
}

fn sign(p: Provider, secret: &str, body: &[u8]) -> Signed {
    let scheme = webhook::build(p, &SchemeOptions::default()).unwrap();
    let base = if p == Provider::VonageSms {
        Headers::parse_lines("Content-Type: application/x-www-form-urlencoded").unwrap()
    } else {
        Headers::parse_lines("Content-Type: application/json").unwrap()
    };
    let url = "https://example.com/hooks/voice?x=1";
    let signed = webhook::sign(
        scheme.as_ref(),
        &Secret::new(secret),
        &SignInput {
            method: "POST",
            url: Some(url),
            headers: &base,
            body,
            timestamp: NOW,
            id: Some("id-1"),
        },
    )
    .unwrap();
    let mut headers = base.clone();
    let mut u = Some(url.to_string());
    let mut b = body.to_vec();
    signed.apply(&mut headers, &mut u, &mut b);
    Signed {
        headers,
        url: u,
        body: b,
    }
}

fn valid(p: Provider, secret: &str, s: &Signed) -> bool {
    let scheme = webhook::build(p, &SchemeOptions::default()).unwrap();
    let req = Request {
        method: "POST",
        url: s.url.as_deref(),
        headers: &s.headers,
        body: &s.body,
    };
    match webhook::verify(
        scheme.as_ref(),
        &Secret::new(secret),
        &req,
        &VerifyOptions {
            now: NOW,
            tolerance: None,
        },
    ) {
        Ok(v) => v.valid,
        Err(_) => false,
    }
}

fn provider() -> impl Strategy<Value = Provider> {
    prop::sample::select(Provider::ALL.to_vec())
}

/// A body each scheme can sign: form bodies for vonage-sms, anything for the rest.
fn body_for(p: Provider, raw: Vec<u8>) -> Vec<u8> {
    if p == Provider::VonageSms {
        let text: String = raw.iter().map(|b| (b'a' + b % 26) as char).collect();
        format!("msisdn=447700900001&text={text}").into_bytes()
    } else {
        raw
    }
}

/// Standard Webhooks keys are base64: use a valid `whsec_` secret for it.
fn secret_for(p: Provider, raw: &str) -> String {
    if p == Provider::Standard {
        format!("whsec_{}", webhook::crypto::b64(raw.as_bytes()))
    } else {
        raw.to_string()
    }
}

/// 128 cases per property; `WHK_PROP_CASES=50000` for a long run.
fn config() -> ProptestConfig {
    let cases = std::env::var("WHK_PROP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    ProptestConfig {
        cases,
        max_global_rejects: cases.max(1024),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sign_then_verify_holds(p in provider(), raw in prop::collection::vec(any::<u8>(), 0..512), s in "[ -~]{1,40}") {
        let body = body_for(p, raw);
        let secret = secret_for(p, &s);
        let signed = sign(p, &secret, &body);
        prop_assert!(valid(p, &secret, &signed), "{p} did not verify its own signature");
    }

    #[test]
    fn any_body_byte_change_fails(p in provider(), raw in prop::collection::vec(any::<u8>(), 1..256), s in "[ -~]{1,40}", idx in any::<prop::sample::Index>(), flip in 1u8..=255) {
        prop_assume!(p != Provider::VapiSecret); // signs nothing: the body is not protected
        let body = body_for(p, raw);
        let secret = secret_for(p, &s);
        let mut signed = sign(p, &secret, &body);
        let i = idx.index(signed.body.len());
        signed.body[i] ^= flip;
        if p == Provider::VonageSms {
            // Only the form's values are signed; a change that decodes to the same parameters
            // (e.g. `+` vs `%20`) is not a change to what the provider signs.
            let original = sign(p, &secret, &body).body;
            // The `sig` is hex, read in either case.
            let params = |b: &[u8]| -> Vec<(String, String)> {
                form_urlencoded::parse(b)
                    .map(|(k, v)| if k == "sig" { (k.into_owned(), v.to_ascii_lowercase()) } else { (k.into_owned(), v.into_owned()) })
                    .collect()
            };
            let before = params(&original);
            let after = params(&signed.body);
            prop_assume!(before != after);
        }
        prop_assert!(!valid(p, &secret, &signed), "{p} accepted a changed body: {:?}", String::from_utf8_lossy(&signed.body));
    }

    #[test]
    fn any_signature_header_byte_change_fails(p in provider(), raw in prop::collection::vec(any::<u8>(), 0..256), s in "[ -~]{1,40}", idx in any::<prop::sample::Index>(), c in "[!-~]") {
        prop_assume!(p != Provider::VonageSms); // its signature lives in the body, covered above
        let body = body_for(p, raw);
        let secret = secret_for(p, &s);
        let mut signed = sign(p, &secret, &body);
        let sig_names: Vec<String> = signed.headers.iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("content-type") && !n.eq_ignore_ascii_case("x-github-delivery") && !n.eq_ignore_ascii_case("x-hub-signature"))
            .map(|(n, _)| n.to_string()).collect();
        let name = &sig_names[idx.index(sig_names.len())];
        let value = signed.headers.get(name).unwrap().to_string();
        let j = idx.index(value.len().max(1)).min(value.len().saturating_sub(1));
        let mut bytes = value.into_bytes();
        let replacement = c.as_bytes()[0];
        prop_assume!(bytes[j] != replacement);
        // Hex and base64 are case- and dialect-tolerant in places: a change that decodes to the
        // same bytes is not a change to the signature.
        prop_assume!(!(bytes[j].is_ascii_hexdigit() && replacement.is_ascii_hexdigit() && bytes[j].eq_ignore_ascii_case(&replacement)));
        // A label such as `sha256=` or `Bearer ` is not signed data; schemes read it
        // case-insensitively, as receivers' own code does.
        let lower = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        let in_prefix = ["sha256=", "bearer "].iter().any(|l| lower.starts_with(l) && j < l.len());
        prop_assume!(!(in_prefix && bytes[j].eq_ignore_ascii_case(&replacement)));
        // Base64 is read in either alphabet (`+/` or `-_`), as Twilio's and Stripe's are.
        let same_b64 = |a: u8, b: u8| matches!((a, b), (b'+', b'-') | (b'-', b'+') | (b'/', b'_') | (b'_', b'/'));
        prop_assume!(!same_b64(bytes[j], replacement));
        bytes[j] = replacement;
        let changed = String::from_utf8(bytes).unwrap();
        // SignalWire sends SHA-1 and SHA-256 signatures; either alone proves the request.
        if p == Provider::Signalwire {
            signed.headers.remove(if name.contains("Sha256") { "X-SignalWire-Signature" } else { "X-SignalWire-Sha256-Signature" });
        }
        signed.headers.set(name, changed);
        prop_assert!(!valid(p, &secret, &signed), "{p} accepted a changed {name}: {:?}", signed.headers);
    }

    #[test]
    fn any_secret_byte_change_fails(p in provider(), raw in prop::collection::vec(any::<u8>(), 0..256), s in "[ -~]{2,40}", idx in any::<prop::sample::Index>(), c in "[ -~]") {
        let body = body_for(p, raw);
        let secret = secret_for(p, &s);
        let signed = sign(p, &secret, &body);
        let mut other = s.clone().into_bytes();
        let j = idx.index(other.len());
        prop_assume!(other[j] != c.as_bytes()[0]);
        other[j] = c.as_bytes()[0];
        let other = secret_for(p, &String::from_utf8(other).unwrap());
        prop_assert!(!valid(p, &other, &signed), "{p} accepted another secret");
    }
}
