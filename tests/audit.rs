//! `whk audit` against in-test receivers on 127.0.0.1 port 0, each with one flaw; the report
//! must name it. Receivers verify with whk's own core, the way a correct app would.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use assert_cmd::Command;
use whk::audit::{self, Report, Sender, Target, Verdict};
use whk::secret::Secret;
use whk::webhook::{self, Headers, Provider, Request, SchemeOptions, VerifyOptions};

type Handler = dyn Fn(&str, &str, &Headers, &[u8]) -> u16 + Send + Sync;

/// A tiny HTTP/1.1 server: one thread per connection, `Connection: close`, bounded reads.
fn serve(handler: Arc<Handler>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let handler = handler.clone();
            std::thread::spawn(move || {
                stream
                    .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                    .ok();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let target = parts.next().unwrap_or("").to_string();
                let mut headers = Headers::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some((n, v)) = h.trim_end().split_once(':') {
                        headers.push(n.trim(), v.trim());
                    }
                }
                let len: usize = headers
                    .get("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len.min(8 * 1024 * 1024)];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let status = handler(&method, &target, &headers, &body);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    format!("http://{addr}/webhooks")
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

struct Flaws {
    verify: bool,
    reserialize_before_verify: bool,
    ignore_timestamps: bool,
    crash_on_bad_json: bool,
}

const CORRECT: Flaws = Flaws {
    verify: true,
    reserialize_before_verify: false,
    ignore_timestamps: false,
    crash_on_bad_json: false,
};

/// A receiver for `provider`, correct except for the given flaws.
fn receiver(provider: Provider, flaws: Flaws) -> String {
    serve(Arc::new(
        move |method: &str, target: &str, headers: &Headers, body: &[u8]| {
            if body.len() > 1024 * 1024 {
                return 413;
            }
            let ct = headers.get("content-type").unwrap_or("");
            let form = provider == Provider::Twilio;
            if !ct.starts_with(if form {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            }) {
                return 415;
            }
            if flaws.verify {
                let scheme = webhook::build(provider, &SchemeOptions::default()).unwrap();
                let reencoded;
                let checked: &[u8] = if flaws.reserialize_before_verify {
                    match serde_json::from_slice::<serde_json::Value>(body) {
                        Ok(v) => {
                            reencoded = webhook::reserialize::compact(&v);
                            &reencoded
                        }
                        Err(_) => return 400,
                    }
                } else {
                    body
                };
                let host = headers.get("host").unwrap_or("localhost");
                let url = format!("http://{host}{target}");
                let req = Request {
                    method,
                    url: Some(&url),
                    headers,
                    body: checked,
                };
                let opts = VerifyOptions {
                    now: webhook::now_unix(),
                    tolerance: flaws.ignore_timestamps.then_some(0),
                };
                match webhook::verify(scheme.as_ref(), &Secret::new(SECRET), &req, &opts) {
                    Ok(v) if v.valid => {}
                    _ => return 401,
                }
            }
            if !form && serde_json::from_slice::<serde_json::Value>(body).is_err() {
                return if flaws.crash_on_bad_json { 500 } else { 400 };
            }
            if form && body.is_empty() {
                return 400;
            }
            200
        },
    ))
}

fn audit(url: &str, provider: Provider) -> Report {
    let target = Target {
        url: url.to_string(),
        provider,
        options: SchemeOptions::default(),
        secret: Secret::new(SECRET),
        body: audit::default_body(provider).to_vec(),
        extra_headers: Headers::new(),
        now: webhook::now_unix(),
    };
    let sender = Sender::new(std::time::Duration::from_secs(5));
    audit::run(&target, &|r| sender.send(r)).unwrap()
}

fn verdicts(r: &Report) -> HashMap<&'static str, Verdict> {
    r.cases.iter().map(|c| (c.id, c.verdict)).collect()
}

#[test]
fn a_correct_receiver_passes_everything() {
    for provider in [
        Provider::Standard,
        Provider::Stripe,
        Provider::Twilio,
        Provider::Vonage,
        Provider::Github,
    ] {
        let r = audit(&receiver(provider, CORRECT), provider);
        assert!(r.ok(), "{provider}: {r:#?}");
        let v = verdicts(&r);
        assert_eq!(v["valid"], Verdict::Pass);
        // Idempotency cannot be seen from outside: a warning, never a failure.
        assert_eq!(v["duplicate"], Verdict::Warn);
        for (id, verdict) in &v {
            if *id != "duplicate" {
                assert_ne!(*verdict, Verdict::Fail, "{provider} {id}");
            }
        }
        if provider == Provider::Twilio {
            assert_eq!(v["other-url"], Verdict::Pass);
        }
    }
}

#[test]
fn a_receiver_that_never_verifies_fails_every_forgery() {
    let r = audit(
        &receiver(
            Provider::Standard,
            Flaws {
                verify: false,
                ..CORRECT
            },
        ),
        Provider::Standard,
    );
    let v = verdicts(&r);
    for id in [
        "no-signature",
        "empty-signature",
        "wrong-secret",
        "body-byte-changed",
        "body-reserialized",
        "keys-reordered",
        "other-provider-scheme",
        "stale-1h",
        "future-1h",
    ] {
        assert_eq!(v[id], Verdict::Fail, "{id}: {r:#?}");
    }
    let no_sig = r.cases.iter().find(|c| c.id == "no-signature").unwrap();
    assert!(
        no_sig.explanation.contains("does not verify"),
        "{}",
        no_sig.explanation
    );
    assert!(!r.ok());
}

#[test]
fn a_receiver_that_verifies_a_reserialized_body_is_named() {
    let r = audit(
        &receiver(
            Provider::Standard,
            Flaws {
                reserialize_before_verify: true,
                ..CORRECT
            },
        ),
        Provider::Standard,
    );
    let v = verdicts(&r);
    assert_eq!(v["body-reserialized"], Verdict::Fail, "{r:#?}");
    assert_eq!(v["keys-reordered"], Verdict::Pass);
    let c = r
        .cases
        .iter()
        .find(|c| c.id == "body-reserialized")
        .unwrap();
    assert!(
        c.explanation.contains("JSON.stringify(req.body)"),
        "{}",
        c.explanation
    );
}

#[test]
fn a_receiver_that_ignores_timestamps_is_named() {
    let r = audit(
        &receiver(
            Provider::Standard,
            Flaws {
                ignore_timestamps: true,
                ..CORRECT
            },
        ),
        Provider::Standard,
    );
    let v = verdicts(&r);
    assert_eq!(v["stale-1h"], Verdict::Fail, "{r:#?}");
    assert_eq!(v["future-1h"], Verdict::Fail);
    assert!(
        r.cases
            .iter()
            .find(|c| c.id == "stale-1h")
            .unwrap()
            .explanation
            .contains("ignores the timestamp")
    );
    // Stripe's SDK accepts future timestamps: accepting one is a warning there, not a failure.
    let r = audit(
        &receiver(
            Provider::Stripe,
            Flaws {
                ignore_timestamps: true,
                ..CORRECT
            },
        ),
        Provider::Stripe,
    );
    let v = verdicts(&r);
    assert_eq!(v["stale-1h"], Verdict::Fail);
    assert_eq!(v["future-1h"], Verdict::Warn);
}

#[test]
fn a_receiver_that_crashes_on_invalid_json_is_named() {
    let r = audit(
        &receiver(
            Provider::Standard,
            Flaws {
                crash_on_bad_json: true,
                ..CORRECT
            },
        ),
        Provider::Standard,
    );
    let v = verdicts(&r);
    assert_eq!(v["invalid-json"], Verdict::Fail, "{r:#?}");
    assert_eq!(v["empty-body"], Verdict::Fail);
    assert!(
        r.cases
            .iter()
            .find(|c| c.id == "invalid-json")
            .unwrap()
            .explanation
            .contains("500")
    );
}

#[test]
fn a_receiver_that_rejects_everything_stops_the_audit() {
    let url = serve(Arc::new(|_: &str, _: &str, _: &Headers, _: &[u8]| 401));
    let r = audit(&url, Provider::Standard);
    assert_eq!(r.cases.len(), 1);
    assert!(
        r.aborted
            .as_deref()
            .unwrap()
            .contains("answered 401 to a correctly signed delivery")
    );
}

fn whk(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("whk")
        .unwrap()
        .env_clear()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn cli_exit_codes_and_output() {
    let good = receiver(Provider::Standard, CORRECT);
    let (code, stdout, _) = whk(&["audit", &good, "-p", "standard", "--secret", SECRET]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("summary: ") && stdout.contains(" 0 FAIL"),
        "{stdout}"
    );
    let bad = receiver(
        Provider::Standard,
        Flaws {
            verify: false,
            ..CORRECT
        },
    );
    let (code, stdout, _) = whk(&[
        "audit", &bad, "-p", "standard", "--secret", SECRET, "--json",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["summary"]["fail"].as_u64().unwrap() >= 9);
    assert_eq!(json["provider"], "standard");
    // Nothing listening: exit 2, naming the URL.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = format!("http://127.0.0.1:{port}/hook");
    let (code, _, stderr) = whk(&["audit", &closed, "-p", "standard", "--secret", SECRET]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&closed) && stderr.contains("hint:"),
        "{stderr}"
    );
    // A shipped fixture, rendered like replay renders it; its provider comes from its folder.
    let vapi = receiver(Provider::Vapi, CORRECT);
    let (code, stdout, stderr) = whk(&[
        "audit",
        &vapi,
        "vapi/end-of-call-report",
        "--secret",
        SECRET,
        "--json",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["provider"], "vapi");
    // Usage errors: no provider, not http, a lifecycle.
    assert_eq!(
        whk(&[
            "audit",
            &good,
            "lifecycles/vonage-inbound",
            "--secret",
            SECRET
        ])
        .0,
        2
    );
    assert_eq!(whk(&["audit", &good, "--secret", SECRET]).0, 2);
    assert_eq!(
        whk(&[
            "audit",
            "https://example.com/x",
            "-p",
            "stripe",
            "--secret",
            "s"
        ])
        .0,
        2
    );
}
