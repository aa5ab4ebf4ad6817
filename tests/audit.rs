//! `whk audit` against in-test receivers on 127.0.0.1 port 0, each with one flaw; the report
//! must name it. Receivers verify with whk's own core, the way a correct app would.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use whk::audit::{self, Report, Sender, Target, Verdict};
use whk::secret::Secret;
use whk::webhook::{self, Headers, Provider, Request, SchemeOptions, VerifyOptions};

type Handler = dyn Fn(&str, &str, &Headers, &[u8]) -> u16 + Send + Sync;
/// A handler that also answers a body (an answer URL's NCCO).
type BodyHandler = dyn Fn(&str, &str, &Headers, &[u8]) -> (u16, Vec<u8>) + Send + Sync;
/// A handler that answers a body with its own Content-Type (TwiML).
type TypedHandler =
    dyn Fn(&str, &str, &Headers, &[u8]) -> (u16, &'static str, Vec<u8>) + Send + Sync;

/// A tiny HTTP/1.1 server: one thread per connection, `Connection: close`, bounded reads.
fn serve(handler: Arc<Handler>) -> String {
    serve_body(Arc::new(move |m: &str, t: &str, h: &Headers, b: &[u8]| {
        (handler(m, t, h, b), Vec::new())
    }))
}

/// [`serve`], answering the handler's body (as `application/json`).
fn serve_body(handler: Arc<BodyHandler>) -> String {
    serve_typed(Arc::new(move |m: &str, t: &str, h: &Headers, b: &[u8]| {
        let (status, body) = handler(m, t, h, b);
        (status, "application/json", body)
    }))
}

/// [`serve`], answering the handler's body with the handler's Content-Type.
fn serve_typed(handler: Arc<TypedHandler>) -> String {
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
                let (status, content_type, reply) = handler(&method, &target, &headers, &body);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    reply.len()
                );
                let _ = stream.write_all(&reply);
            });
        }
    });
    format!("http://{addr}/webhooks")
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[derive(Clone, Copy)]
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

/// The TwiML a correct Twilio voice app answers.
const GOOD_TWIML: &[u8] =
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Hello from the app</Say></Response>";

/// A receiver for `provider`, correct except for the given flaws (a Twilio voice request is
/// answered with TwiML, as a correct app does).
fn receiver(provider: Provider, flaws: Flaws) -> String {
    let reply: fn(&[u8]) -> (&'static str, Vec<u8>) = if provider == Provider::Twilio {
        |_| ("text/xml", GOOD_TWIML.to_vec())
    } else {
        |_| ("application/json", Vec::new())
    };
    app(provider, flaws, reply)
}

/// A receiver for `provider`, correct except for the given flaws, whose reply to an accepted
/// delivery is `reply(body)` (its Content-Type and body).
fn app(provider: Provider, flaws: Flaws, reply: fn(&[u8]) -> (&'static str, Vec<u8>)) -> String {
    serve_typed(Arc::new(
        move |method: &str, target: &str, headers: &Headers, body: &[u8]| {
            let status = verdict_of(provider, flaws, method, target, headers, body);
            if status != 200 {
                return (status, "application/json", Vec::new());
            }
            let (content_type, reply) = reply(body);
            (status, content_type, reply)
        },
    ))
}

/// The status a receiver for `provider` with `flaws` answers to a request.
fn verdict_of(
    provider: Provider,
    flaws: Flaws,
    method: &str,
    target: &str,
    headers: &Headers,
    body: &[u8],
) -> u16 {
    {
        {
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
        }
    }
}

fn audit(url: &str, provider: Provider) -> Report {
    let target = Target {
        url: url.to_string(),
        method: "POST".into(),
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
    let out = crate::support::whk().args(args).output().unwrap();
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
    let port = crate::support::dead_port();
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

/// `whk audit … --json` as a user runs it: exit code and the report.
fn audit_json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--secret", SECRET, "--json"]);
    let (code, stdout, stderr) = whk(&all);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, json)
}

/// The entry of the report's `list` whose `key` is `value`.
fn entry<'a>(
    report: &'a serde_json::Value,
    list: &str,
    key: &str,
    value: &str,
) -> &'a serde_json::Value {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[key] == value)
        .unwrap_or_else(|| panic!("no {list} entry with {key} {value}: {report:#}"))
}

fn case<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    entry(report, "cases", "id", id)
}

/// The ids of the cases whose verdict is `verdict` (any verdict: `None`).
fn ids_where<'a>(report: &'a serde_json::Value, verdict: Option<&str>) -> Vec<&'a str> {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| verdict.is_none_or(|v| c["verdict"] == v))
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

/// The report's finding with `code`.
fn finding<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    entry(report, "findings", "code", code)
}

fn ids(report: &serde_json::Value) -> Vec<&str> {
    ids_where(report, None)
}

fn failed(report: &serde_json::Value) -> Vec<&str> {
    ids_where(report, Some("fail"))
}

const BODY_CASES: [&str; 3] = ["body-byte-changed", "body-reserialized", "keys-reordered"];

/// An Express app that checks `req.headers['x-vapi-secret'] === process.env.VAPI_SECRET`:
/// the secret signs no body, so body cases mean nothing and are not run.
#[test]
fn a_correct_vapi_secret_app_gets_no_body_cases_and_passes() {
    let url = receiver(Provider::VapiSecret, CORRECT);
    let (code, r) = audit_json(&[&url, "-p", "vapi-secret"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["summary"]["fail"], 0);
    let ids = ids(&r);
    for id in BODY_CASES
        .iter()
        .chain(&["stale-1h", "future-1h", "other-url"])
    {
        assert!(
            !ids.contains(id),
            "{id} means nothing for vapi-secret: {ids:?}"
        );
    }
    for id in [
        "no-signature",
        "empty-signature",
        "wrong-secret",
        "secret-other-header",
        "other-provider-scheme",
    ] {
        assert_eq!(case(&r, id)["verdict"], "pass", "{id}: {r:#}");
    }
    assert_eq!(case(&r, "empty-signature")["sent"], "empty secret");
}

/// An app that checks no signature at all: every FAIL is explained by that, not by
/// JSON.stringify or the timestamp.
#[test]
fn an_app_that_checks_nothing_gets_does_not_verify_on_every_fail() {
    let url = receiver(
        Provider::Standard,
        Flaws {
            verify: false,
            ..CORRECT
        },
    );
    let (code, r) = audit_json(&[&url, "-p", "standard"]);
    assert_eq!(code, 1);
    let fails = failed(&r);
    assert!(fails.len() >= 9, "{fails:?}");
    for id in fails {
        let c = case(&r, id);
        assert_eq!(c["cause"], "does_not_verify", "{id}: {c:#}");
        let text = c["explanation"].as_str().unwrap();
        assert!(text.contains("does not verify"), "{id}: {text}");
        assert!(!text.contains("JSON.stringify"), "{id}: {text}");
    }
    // The human table says the same.
    let (_, stdout, _) = whk(&["audit", &url, "-p", "standard", "--secret", SECRET]);
    assert!(
        stdout.contains("FAIL body-reserialized: accepted because the handler does not verify: it accepted a delivery with no signature at all (no-signature)"),
        "{stdout}"
    );
}

/// An app that verifies `JSON.stringify(req.body)`: only the re-serialised body gets through,
/// and that is what the FAIL says.
#[test]
fn an_app_that_verifies_json_stringify_fails_only_the_reserialized_case() {
    let url = receiver(
        Provider::Standard,
        Flaws {
            reserialize_before_verify: true,
            ..CORRECT
        },
    );
    let (code, r) = audit_json(&[&url, "-p", "standard"]);
    assert_eq!(code, 1);
    assert_eq!(failed(&r), ["body-reserialized"], "{r:#}");
    let c = case(&r, "body-reserialized");
    assert_eq!(c["cause"], "verifies_reserialized_json");
    assert!(
        c["explanation"]
            .as_str()
            .unwrap()
            .contains("verifies re-serialised JSON (`JSON.stringify(req.body)`)"),
        "{c:#}"
    );
}

/// A Vonage app as both official SDKs write it: `verifySignature(token, secret)` checks the
/// JWT's HS256 signature and nothing else.
fn vonage_sdk_app(ncco: &'static [u8]) -> String {
    serve_body(Arc::new(
        move |_: &str, target: &str, headers: &Headers, body: &[u8]| {
            let scheme = webhook::build(Provider::Vonage, &SchemeOptions::default()).unwrap();
            let url = format!("http://127.0.0.1{target}");
            let req = Request {
                method: "POST",
                url: Some(&url),
                headers,
                body,
            };
            let key = scheme.key(&Secret::new(SECRET)).unwrap();
            let jwt_ok = scheme.parse(&req).is_ok_and(|parsed| {
                matches!(
                    scheme.check(&key, &req, &parsed),
                    webhook::Check::Match | webhook::Check::BodyHash { .. }
                )
            });
            if !jwt_ok {
                return (401, Vec::new());
            }
            if !body.is_empty() && serde_json::from_slice::<serde_json::Value>(body).is_err() {
                return (400, Vec::new());
            }
            if !body.is_empty()
                && !headers
                    .get("content-type")
                    .unwrap_or("")
                    .starts_with("application/json")
            {
                return (415, Vec::new());
            }
            (200, ncco.to_vec())
        },
    ))
}

const GOOD_NCCO: &[u8] = br#"[{"action":"talk","text":"Hello from the app"}]"#;

#[test]
fn a_vonage_sdk_app_checks_the_jwt_but_not_payload_hash() {
    let url = vonage_sdk_app(b"");
    let (code, r) = audit_json(&[&url, "-p", "vonage"]);
    assert_eq!(code, 1);
    assert_eq!(failed(&r), BODY_CASES, "{r:#}");
    for id in BODY_CASES {
        let c = case(&r, id);
        assert_eq!(c["cause"], "jwt_without_payload_hash", "{c:#}");
        let text = c["explanation"].as_str().unwrap();
        assert!(
            text.contains("checks the JWT but not `payload_hash`"),
            "{id}: {text}"
        );
        assert!(!text.contains("JSON.stringify"), "{id}: {text}");
    }
    for id in ["no-signature", "empty-signature", "wrong-secret"] {
        assert_eq!(case(&r, id)["verdict"], "pass");
    }
}

/// The answer URL's reply is linted as an NCCO: GET with the query (no body cases: nothing is
/// signed but the JWT), and POST with a JSON body.
#[test]
fn a_vonage_answer_url_reply_is_linted_as_an_ncco() {
    let good = vonage_sdk_app(GOOD_NCCO);
    let (code, r) = audit_json(&[&good, "vonage/answer"]);
    assert_eq!(code, 0, "{r:#}");
    let c = case(&r, "answer-ncco");
    assert_eq!(c["verdict"], "pass", "{c:#}");
    let sent = ids(&r);
    for id in BODY_CASES
        .iter()
        .chain(&["invalid-json", "empty-body", "body-2mib"])
    {
        assert!(!sent.contains(id), "a GET has no body: {sent:?}");
    }

    // `talk` without `text`, and an unknown action.
    let bad = vonage_sdk_app(br#"[{"action":"talk"},{"action":"dance"}]"#);
    let (code, r) = audit_json(&[&bad, "vonage/answer"]);
    assert_eq!(code, 1);
    let c = case(&r, "answer-ncco");
    assert_eq!(c["verdict"], "fail", "{c:#}");
    let text = c["explanation"].as_str().unwrap();
    assert!(text.contains("not a valid NCCO"), "{text}");
    assert!(text.contains("$[0]") || text.contains("$[1]"), "{text}");

    // POST with a JSON body: the NCCO case and the body cases both run.
    let (code, r) = audit_json(&[&bad, "vonage/answer.post"]);
    assert_eq!(code, 1);
    assert_eq!(case(&r, "answer-ncco")["verdict"], "fail");
    assert_eq!(
        case(&r, "body-byte-changed")["cause"],
        "jwt_without_payload_hash"
    );

    // Not an answer request: no NCCO case.
    let (_, r) = audit_json(&[&good, "vonage/completed"]);
    assert!(!ids(&r).contains(&"answer-ncco"), "{r:#}");
    assert!(!ids(&r).contains(&"reply-ncco"), "{r:#}");

    // An `input` event's reply replaces the call's NCCO: held to the same lint (`reply-ncco`).
    let (code, r) = audit_json(&[&bad, "vonage/input.dtmf"]);
    assert_eq!(code, 1, "{r:#}");
    let c = case(&r, "reply-ncco");
    assert_eq!(c["verdict"], "fail", "{c:#}");
    let text = c["explanation"].as_str().unwrap();
    assert!(
        text.starts_with("the reply breaks the NCCO contract: the NCCO has 2 lint errors:"),
        "{text}"
    );
    assert!(!ids(&r).contains(&"answer-ncco"), "{r:#}");
}

/// `whk audit --format github` against an app that accepts forgeries (it checks nothing): one
/// `::error title=audit.<case>::` annotation per FAIL, and the same findings in `--json`.
#[test]
fn github_format_annotates_each_accepted_forgery() {
    let url = receiver(
        Provider::VapiSecret,
        Flaws {
            verify: false,
            ..CORRECT
        },
    );
    let (code, stdout, stderr) = whk(&[
        "audit",
        &url,
        "-p",
        "vapi-secret",
        "--secret",
        SECRET,
        "--format",
        "github",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let port = url.split(':').nth(2).unwrap().split('/').next().unwrap();
    insta::assert_snapshot!(stdout.replace(port, "PORT"));
    let (code, json) = audit_json(&[&url, "-p", "vapi-secret"]);
    assert_eq!(code, 1);
    let findings = json["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] != "pass")
        .map(|c| format!("audit.{}", c["id"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, expected);
    assert!(codes.contains(&"audit.no-signature"), "{codes:?}");
    let no_sig = &findings[codes
        .iter()
        .position(|c| *c == "audit.no-signature")
        .unwrap()];
    assert_eq!(no_sig["severity"], "error");
    assert_eq!(
        no_sig["message"],
        case(&json, "no-signature")["explanation"]
    );
    // A correct app: exit 0.
    let good = receiver(Provider::VapiSecret, CORRECT);
    let (code, stdout, _) = whk(&[
        "audit",
        &good,
        "-p",
        "vapi-secret",
        "--secret",
        SECRET,
        "--format",
        "github",
    ]);
    // Only the duplicate case's warning (idempotency cannot be seen from outside).
    let port = good.split(':').nth(2).unwrap().split('/').next().unwrap();
    assert_eq!(
        (code, stdout.replace(port, "PORT").as_str()),
        (
            0,
            "::warning title=audit.duplicate::http://127.0.0.1:PORT/webhooks: both copies got 2xx: make sure the handler deduplicates on the event/delivery id (idempotency cannot be seen from outside)\n"
        )
    );
    // --json and --format together are a usage error.
    let (code, _, stderr) = whk(&[
        "audit",
        &good,
        "-p",
        "vapi-secret",
        "--secret",
        SECRET,
        "--json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2, "{stderr}");
}

/// A Vonage answer URL whose NCCO has lint errors: the `audit.answer-ncco` finding points at
/// the first error's JSONPath, and `--format github` annotates it.
#[test]
fn an_answer_ncco_finding_is_located() {
    let bad = vonage_sdk_app(br#"[{"action":"talk","text":"Hi"},{"action":"dance"}]"#);
    let (code, r) = audit_json(&[&bad, "vonage/answer"]);
    assert_eq!(code, 1);
    let f = finding(&r, "audit.answer-ncco");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["message"], case(&r, "answer-ncco")["explanation"]);
    assert_eq!(
        f["location"],
        serde_json::json!({"json_path": "$[1].action"})
    );
    let (code, stdout, _) = whk(&[
        "audit",
        &bad,
        "vonage/answer",
        "--secret",
        SECRET,
        "--format",
        "github",
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::error title=audit.answer-ncco::http://127.0.0.1:")),
        "{stdout}"
    );
}

/// An endpoint nothing listens on: exit 2 with the one outbound description of the failure
/// (the words `listen --forward-to` uses too).
#[test]
fn an_unreachable_endpoint_is_described_like_every_outbound_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let (code, _out, err) = whk(&["audit", &url, "--provider", "generic", "--secret", "s3cr3t"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "cannot reach {url}: connection refused by 127.0.0.1:{port}"
        )),
        "{err}"
    );
}

/// Each case's `latency_ms` is milliseconds with three decimals, as in `whk listen --json` and
/// `whk replay --json` (it was one decimal). That they are not cut shorter shows in the set:
/// every case landing on a whole 10 µs is about one chance in 10^cases.
#[test]
fn latency_ms_has_three_decimals_like_listen_and_replay() {
    let url = receiver(Provider::Standard, CORRECT);
    let (code, r) = audit_json(&[&url, "-p", "standard"]);
    assert_eq!(code, 0, "{r:#}");
    let values: Vec<f64> = r["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["latency_ms"].as_f64().unwrap())
        .collect();
    let decimals_at_most = |v: f64, n: i32| {
        let k = 10f64.powi(n);
        ((v * k).round() - v * k).abs() < 1e-6
    };
    for v in &values {
        assert!(decimals_at_most(*v, 3), "{v} has more than 3 decimals");
    }
    assert!(
        values.iter().any(|v| !decimals_at_most(*v, 2)),
        "all cut to 2 decimals: {values:?}"
    );
}

/// `whk audit URL FIXTURE --json` against an app whose only flaw, if any, is its reply: a
/// pass exits 0 with case `id` passing; a flaw exits 1 with `id` the only FAIL.
fn audit_reply(url: &str, fixture: &str, id: &str, passes: bool) -> serde_json::Value {
    let (code, r) = audit_json(&[url, fixture]);
    if passes {
        assert_eq!(code, 0, "{r:#}");
        assert_eq!(case(&r, id)["verdict"], "pass", "{r:#}");
    } else {
        assert_eq!(code, 1, "{r:#}");
        assert_eq!(failed(&r), [id], "{r:#}");
    }
    r
}

/// A Twilio voice app (`whk audit URL twilio/voice`): the reply to the correctly signed voice
/// request is held to the TwiML contract — good TwiML passes, malformed TwiML is a FAIL with
/// the contract's message and where the XML breaks.
#[test]
fn a_twilio_voice_app_reply_is_checked_as_twiml() {
    let good = receiver(Provider::Twilio, CORRECT);
    let r = audit_reply(&good, "twilio/voice", "reply-twiml", true);
    assert_eq!(
        case(&r, "reply-twiml")["explanation"],
        "the reply is valid TwiML"
    );

    let bad = app(Provider::Twilio, CORRECT, |_| {
        ("text/xml", b"<Response><Say>Hello</Response>".to_vec())
    });
    let r = audit_reply(&bad, "twilio/voice", "reply-twiml", false);
    let c = case(&r, "reply-twiml");
    insta::assert_snapshot!(c["explanation"].as_str().unwrap());
    let f = finding(&r, "audit.reply-twiml");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["message"], c["explanation"]);
    insta::assert_snapshot!(f["location"].to_string());

    // A status callback has no reply contract: no reply case.
    let (_, r) = audit_json(&[&bad, "twilio/status.completed"]);
    assert!(!ids(&r).iter().any(|id| id.starts_with("reply-")), "{r:#}");
}

/// The toolCallIds of a Vapi `tool-calls` request.
fn tool_call_ids(body: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    v["message"]["toolCallList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// A Vapi tools server (`whk audit URL vapi/tool-calls`): a result for every toolCallId
/// passes; a result under another toolCallId is a FAIL naming the id Vapi waits for.
#[test]
fn a_vapi_tool_calls_reply_is_checked_against_the_request() {
    let good = app(Provider::Vapi, CORRECT, |body| {
        let results: Vec<_> = tool_call_ids(body)
            .into_iter()
            .map(|id| serde_json::json!({"toolCallId": id, "result": "Booked for Tuesday."}))
            .collect();
        (
            "application/json",
            serde_json::to_vec(&serde_json::json!({ "results": results })).unwrap(),
        )
    });
    audit_reply(&good, "vapi/tool-calls", "reply-vapi-tool-calls", true);

    let wrong = app(Provider::Vapi, CORRECT, |_| {
        (
            "application/json",
            br#"{"results":[{"toolCallId":"call_not_the_one","result":"Booked."}]}"#.to_vec(),
        )
    });
    let r = audit_reply(&wrong, "vapi/tool-calls", "reply-vapi-tool-calls", false);
    let c = case(&r, "reply-vapi-tool-calls");
    let text = c["explanation"].as_str().unwrap();
    assert!(
        text.starts_with("the reply breaks the Vapi tool-calls results contract: Vapi tool-calls: no result for toolCallId \"call_"),
        "{text}"
    );
    assert!(text.contains("call_not_the_one"), "{text}");
    let f = finding(&r, "audit.reply-vapi-tool-calls");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["message"], text);
}

/// A Vapi `assistant-request` answered with none of `assistantId`, `assistant`,
/// `destination`, `error`: a FAIL; with an `assistantId`: a pass.
#[test]
fn a_vapi_assistant_request_reply_is_checked() {
    let good = app(Provider::Vapi, CORRECT, |_| {
        (
            "application/json",
            br#"{"assistantId":"asst_123"}"#.to_vec(),
        )
    });
    audit_reply(
        &good,
        "vapi/assistant-request",
        "reply-vapi-assistant-request",
        true,
    );

    let empty = app(Provider::Vapi, CORRECT, |_| {
        ("application/json", b"{}".to_vec())
    });
    let r = audit_reply(
        &empty,
        "vapi/assistant-request",
        "reply-vapi-assistant-request",
        false,
    );
    insta::assert_snapshot!(
        case(&r, "reply-vapi-assistant-request")["explanation"]
            .as_str()
            .unwrap()
    );
}
