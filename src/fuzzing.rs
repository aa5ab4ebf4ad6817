//! Entry points shared by the fuzz targets (`fuzz/`) and their regression tests
//! (`tests/fuzz_regressions.rs`): each takes arbitrary bytes and must never panic.

use crate::secret::Secret;
use crate::webhook::{self as wh, Headers, Provider, Request, SchemeOptions, VerifyOptions};

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
    let _ = wh::verify_auto(
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
    let scheme = wh::build(provider, &SchemeOptions::default()).expect("default options");
    let req = Request {
        method,
        url,
        headers,
        body,
    };
    let _ = wh::detect(&req);
    for secret in ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "s", "PSK_x"] {
        let _ = wh::verify(
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

/// The NCCO linter on arbitrary bytes, with every output format rendered.
pub fn ncco(data: &[u8]) {
    let _ = crate::ncco::lint_bytes(data);
}

/// The TwiML linter on arbitrary bytes: linted as a file and as a reply served as JSON, fixed
/// (when UTF-8), and rendered human and SARIF.
pub fn twiml(data: &[u8]) {
    let d = crate::twiml::lint_bytes(data);
    let _ = crate::twiml::lint_reply(Some("application/json"), data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::twiml::fix_text(text);
        let report = crate::lint::render::FileReport {
            name: "fuzz.xml".into(),
            text: text.to_string(),
            diagnostics: d,
            fixed: Vec::new(),
            ncco_at: "$",
        };
        let _ =
            crate::lint::render::human::render_file(&report, &crate::output::Palette::new(false));
        let _ = crate::lint::render::sarif::render(
            &crate::twiml::LANGUAGE,
            std::slice::from_ref(&report),
            &[],
        );
    }
}

/// A fixture file's bytes: parse (plain body, envelope or lifecycle), compile its templates and
/// render it twice, as replay does.
pub fn fixture(data: &[u8]) {
    use crate::fixtures::load::{Origin, parse};
    use crate::fixtures::{Compiled, Context, Item, Template};
    if let Ok(Item::Single(f)) = parse(Origin::Disk("fuzz.json".into()), data)
        && let Ok(compiled) = Compiled::new(&f.envelope, false)
    {
        let mut ctx = Context::new(1, crate::clock::Clock::System);
        let _ = compiled.render(&mut ctx);
        let _ = compiled.render(&mut ctx);
    }
    let text = String::from_utf8_lossy(data);
    let _ = Template::compile(&text).render(&mut Context::new(2, crate::clock::Clock::System));
}

/// A `whk call` scenario file's bytes: parse it (errors carry a position found in the text),
/// then build the call's scenario from it and a few flags, as `whk call FILE --to URL` does.
pub fn call_scenario(data: &[u8]) {
    use crate::call::scenario::{CallerStep, Scenario, ScenarioFlags};
    let parsed = Scenario::parse("fuzz.json", data);
    if let Err(e) = &parsed {
        let _ = e.to_string();
    }
    let flags = ScenarioFlags {
        to: Some("http://127.0.0.1:3000".into()),
        caller: vec![CallerStep::press("1")],
        callee: vec!["447700900123=busy".into()],
        hangup_after: Some("2m".into()),
        ..ScenarioFlags::default()
    };
    if let Ok(s) = parsed {
        let _ = Scenario::from_parts(Some(s.clone()), &ScenarioFlags::default());
        if let Ok(s) = Scenario::from_parts(Some(s), &flags) {
            let _ = s.callee_outcome("447700900123");
            let _ = serde_json::to_string(&s);
        }
    }
}

/// A TwiML reply as `whk call --provider twilio` reads it: the contract check (with
/// positions) and the walker's reader, which must agree on what is well formed.
pub fn call_twiml(data: &[u8]) {
    let findings = crate::platform::check(
        crate::platform::Contract::Twiml,
        b"",
        &crate::platform::Answer {
            status: 200,
            content_type: Some("text/xml"),
            body: data,
            latency: None,
        },
    );
    if let Ok(verbs) = crate::call::twilio::twiml::parse(data) {
        for v in &verbs {
            let _ = (
                v.number("timeout", 5.0),
                v.flag("actionOnEmptyResult"),
                v.method("method"),
            );
        }
    } else {
        assert!(
            !findings.is_empty(),
            "the reader refused what the contract accepted"
        );
    }
}
