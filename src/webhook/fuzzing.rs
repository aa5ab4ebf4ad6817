//! Entry points shared by the fuzz targets (`fuzz/`) and their regression tests
//! (`tests/fuzz_regressions.rs`): each takes arbitrary bytes and must never panic.

use super::{Headers, Provider, Request, SchemeOptions, VerifyOptions};
use crate::secret::Secret;

/// Parse and check one signature header value (the bytes as the header's value) under
/// `provider`, with a fixed body and URL.
pub fn header(provider: Provider, header_name: &str, data: &[u8]) {
    let value = String::from_utf8_lossy(data);
    let mut headers = Headers::new();
    headers.push(header_name, value.as_ref());
    // Standard Webhooks needs its companions to reach the signature parser.
    headers.push("webhook-id", "msg_1");
    headers.push("webhook-timestamp", "1700000000");
    let body = br#"{"event":"call.completed"}"#;
    run(
        provider,
        &headers,
        Some("https://example.com/hook?x=1"),
        "POST",
        body,
    );
}

/// A form body (Twilio params, Vonage `sig`) under the form-based schemes.
pub fn form_body(data: &[u8]) {
    let mut headers = Headers::new();
    headers.push("Content-Type", "application/x-www-form-urlencoded");
    headers.push("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    for p in [
        Provider::Twilio,
        Provider::SignalwireCompat,
        Provider::VonageSms,
    ] {
        run(p, &headers, Some("https://example.com/hook"), "POST", data);
    }
    let query = format!("https://example.com/hook?{}", String::from_utf8_lossy(data));
    run(
        Provider::VonageSms,
        &Headers::new(),
        Some(&query),
        "GET",
        b"",
    );
}

/// The whole request from bytes: `header lines \n\n body`, first byte picks the provider.
pub fn request(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let split = rest
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(rest.len());
    let head = String::from_utf8_lossy(&rest[..split]);
    let body = rest.get(split + 2..).unwrap_or(&[]);
    let mut headers = Headers::new();
    for line in head.lines() {
        if let Ok((n, v)) = Headers::parse_line(line) {
            headers.push(n, v);
        }
    }
    let provider = Provider::ALL[selector as usize % Provider::ALL.len()];
    run(
        provider,
        &headers,
        Some("https://example.com/hook?x=1"),
        "POST",
        body,
    );
    let req = Request {
        method: "POST",
        url: Some("https://example.com/hook?x=1"),
        headers: &headers,
        body,
    };
    let _ = super::verify_auto(
        |_| SchemeOptions::default(),
        &Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        &req,
        &VerifyOptions {
            now: 1_700_000_000,
            tolerance: None,
        },
    );
}

fn run(provider: Provider, headers: &Headers, url: Option<&str>, method: &str, body: &[u8]) {
    let scheme = super::build(provider, &SchemeOptions::default()).expect("default options");
    let req = Request {
        method,
        url,
        headers,
        body,
    };
    let _ = super::detect(&req);
    for secret in ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "s", "PSK_x"] {
        let _ = super::verify(
            scheme.as_ref(),
            &Secret::new(secret),
            &req,
            &VerifyOptions {
                now: 1_700_000_000,
                tolerance: None,
            },
        );
    }
}
