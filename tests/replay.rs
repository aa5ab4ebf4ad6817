//! `whk replay` end to end against a real server on 127.0.0.1 that verifies every signature
//! with the core (`whk::webhook::verify`).

use std::collections::BTreeSet;
use std::time::Duration;

use crate::support::replay_server::{self, Answer, Received, Server, sensible};
use assert_cmd::Command;
use serde_json::Value;
use whk::secret::Secret;
use whk::webhook::{self, Provider, Request, SchemeOptions, VerifyOptions};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// `whk` with no secrets in the environment but the one we give, on the system clock.
fn whk() -> Command {
    let mut c = crate::support::whk();
    c.env("WHK_SECRET", SECRET);
    c
}

/// 2026-11-24T05:12:39Z, what `WHK_NOW` fixes the clock at in these tests.
const NOW: i64 = 1_795_497_159;

/// `whk` on a clock fixed at [`NOW`]; `WHK_CLOCK=virtual` makes its waits instant.
fn whk_at(clock: &str) -> Command {
    let mut c = whk();
    c.env("WHK_NOW", NOW.to_string()).env("WHK_CLOCK", clock);
    c
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn verify(provider: Provider, r: &Received) -> webhook::Verdict {
    let scheme = webhook::build(provider, &SchemeOptions::default()).unwrap();
    let req = Request {
        method: &r.method,
        url: Some(&r.url),
        headers: &r.headers,
        body: &r.body,
    };
    webhook::verify(
        scheme.as_ref(),
        &Secret::new(SECRET),
        &req,
        &VerifyOptions {
            now: webhook::now_unix(),
            tolerance: None,
        },
    )
    .unwrap()
}

const FOLDERS: &[&str] = &[
    "vapi",
    "vogent",
    "signalwire",
    "signalwire-compat",
    "twilio",
    "elevenlabs",
    "vonage",
    "generic",
    "11wire",
    "stripe",
    "standard",
];

#[test]
fn every_shipped_fixture_replays_and_verifies_for_its_provider() {
    let server = Server::start();
    let out = whk()
        .args(["replay", "--json", "--to", &server.url()])
        .args(FOLDERS)
        .output()
        .unwrap();
    let reports = lines(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received = server.received();
    let shipped = whk::fixtures::embedded::FILES
        .iter()
        .filter(|(p, _)| !p.starts_with("lifecycles/"))
        .count();
    assert_eq!(received.len(), shipped);
    assert_eq!(
        reports.len(),
        shipped + 1,
        "one line per request and a summary"
    );
    assert_eq!(reports[shipped]["summary"]["passed"], shipped as u64);
    let mut seen = BTreeSet::new();
    // Concurrency 1: requests arrive in report order.
    for (rep, r) in reports.iter().zip(&received) {
        let provider = Provider::from_id(rep["provider"].as_str().unwrap()).unwrap();
        let folder = rep["fixture"].as_str().unwrap().split('/').next().unwrap();
        let expected = match folder {
            "11wire" => Provider::Generic,
            f => Provider::from_id(f).unwrap(),
        };
        assert_eq!(provider, expected, "{rep}");
        let v = verify(provider, r);
        assert!(
            v.valid,
            "{} did not verify as {provider}: {v:?}",
            rep["fixture"]
        );
        let text = String::from_utf8_lossy(&r.body).replace("{{user_name}}", "");
        assert!(
            !text.contains("{{") && !r.url.contains("%7B%7B"),
            "{} kept a placeholder: {text}",
            rep["fixture"]
        );
        seen.insert(provider);
    }
    assert_eq!(seen.len(), 10, "{seen:?}");
}

#[test]
fn templates_give_fresh_ids_and_current_timestamps() {
    let server = Server::start();
    whk_at("fixed")
        .args([
            "replay",
            "vapi/status-update",
            "vonage/started",
            "twilio/status.completed",
            "-n",
            "3",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    let r = server.received();
    assert_eq!(r.len(), 9);
    let mut call_ids = BTreeSet::new();
    for v in r
        .iter()
        .map(Received::json)
        .filter(|v| v.get("message").is_some())
    {
        call_ids.insert(v["message"]["call"]["id"].as_str().unwrap().to_string());
        assert_eq!(v["message"]["timestamp"].as_i64(), Some(NOW * 1000));
        assert_eq!(
            v["message"]["call"]["updatedAt"],
            "2026-11-24T05:12:39.000Z"
        );
        assert_eq!(
            v["message"]["call"]["createdAt"],
            "2026-11-24T05:12:09.000Z"
        );
    }
    assert_eq!(call_ids.len(), 3, "a fresh call id per delivery");
    let mut uuids = BTreeSet::new();
    for v in r
        .iter()
        .map(Received::json)
        .filter(|v| v.get("uuid").is_some())
    {
        uuids.insert(v["uuid"].as_str().unwrap().to_string());
        assert_eq!(v["timestamp"], "2026-11-24T05:12:39.000Z");
        assert!(v["from"].as_str().unwrap().starts_with("447700900"));
    }
    assert_eq!(uuids.len(), 3);
    let sids: BTreeSet<_> = r.iter().filter_map(|x| x.form("CallSid")).collect();
    assert_eq!(sids.len(), 3);
    // Signed at the fixed time too (Twilio signs no time; Vapi and Vonage do).
    let stamps: BTreeSet<_> = r
        .iter()
        .filter_map(|x| x.headers.get("x-timestamp"))
        .collect();
    assert_eq!(stamps, BTreeSet::from([NOW.to_string().as_str()]));
    assert!(sids.iter().all(|s| s.starts_with("CA") && s.len() == 34));
    assert!(
        r.iter()
            .filter_map(|x| x.form("From"))
            .all(|f| f.starts_with("+1"))
    );
}

#[test]
fn lifecycles_arrive_in_order_with_one_call_id() {
    let server = Server::start();
    whk()
        .args([
            "replay",
            "lifecycles/vonage-inbound",
            "--gap",
            "0s",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    let r = server.received();
    assert_eq!(r.len(), 5);
    assert_eq!(r[0].method, "GET");
    let uuid = r[0].query("uuid").unwrap();
    let statuses: Vec<String> = r[1..]
        .iter()
        .map(|x| {
            let v = x.json();
            assert_eq!(v["uuid"].as_str(), Some(uuid.as_str()));
            assert_eq!(
                v["conversation_uuid"].as_str().map(|s| s.to_string()),
                r[0].query("conversation_uuid")
            );
            v["status"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(statuses, ["started", "ringing", "answered", "completed"]);
}

#[test]
fn concurrent_lifecycles_each_keep_their_order_and_call_id() {
    let server = Server::start();
    whk()
        .args([
            "replay",
            "lifecycles/vapi-inbound",
            "-n",
            "3",
            "-c",
            "3",
            "--gap",
            "5ms",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    let r = server.received();
    assert_eq!(r.len(), 24);
    let mut by_call: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for x in &r {
        let v = x.json();
        let id = v["message"]["call"]["id"].as_str().unwrap().to_string();
        let t = v["message"]["type"].as_str().unwrap().to_string();
        let s = v["message"]["status"]
            .as_str()
            .map(|s| format!(":{s}"))
            .unwrap_or_default();
        by_call.entry(id).or_default().push(format!("{t}{s}"));
    }
    assert_eq!(by_call.len(), 3);
    for seq in by_call.values() {
        assert_eq!(
            seq,
            &[
                "assistant-request",
                "status-update:in-progress",
                "speech-update:started",
                "transcript",
                "conversation-update",
                "tool-calls",
                "status-update:ended",
                "end-of-call-report"
            ]
        );
    }
}

#[test]
fn lifecycle_vars_fill_each_step() {
    let server = Server::start();
    whk()
        .args([
            "replay",
            "lifecycles/generic-call",
            "--gap",
            "0s",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    let r = server.received();
    let statuses: Vec<_> = r
        .iter()
        .map(|x| x.json()["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["ringing", "in-progress", "completed"]);
    let ids: BTreeSet<_> = r
        .iter()
        .map(|x| x.json()["callId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 1);
}

#[test]
fn duplicates_repeat_id_and_signature() {
    let server = Server::start();
    let out = whk()
        .args([
            "replay",
            "generic/call.completed",
            "--provider",
            "standard",
            "--duplicate",
            "--json",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r = server.received();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].body, r[1].body);
    for h in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        assert_eq!(r[0].headers.get(h), r[1].headers.get(h), "{h}");
    }
    assert!(verify(Provider::Standard, &r[1]).valid);
    let reps = lines(&out.stdout);
    assert_eq!(reps[0]["duplicate"], false);
    assert_eq!(reps[1]["duplicate"], true);
    assert_eq!(reps[2]["summary"]["sent"], 2);
}

#[test]
fn shuffle_delivers_a_lifecycle_out_of_order() {
    let server = Server::start();
    whk()
        .args([
            "replay",
            "lifecycles/vonage-outbound-busy",
            "--shuffle",
            "--gap",
            "0s",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    let r = server.received();
    let statuses: Vec<_> = r
        .iter()
        .map(|x| x.json()["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses.len(), 4);
    assert_ne!(statuses, ["started", "ringing", "busy", "completed"]);
    let mut sorted = statuses.clone();
    sorted.sort();
    assert_eq!(sorted, ["busy", "completed", "ringing", "started"]);
    let uuids: BTreeSet<_> = r
        .iter()
        .map(|x| x.json()["uuid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(uuids.len(), 1);
    assert!(r.iter().all(|x| x.json()["direction"] == "outbound"));
}

/// On a virtual clock the backoff costs no real time, and each attempt is signed at the
/// moment it goes out: 0 s, then 10 s, then 10 + 20 s later.
#[test]
fn retry_backs_off_and_resigns_each_attempt() {
    let server = Server::with(|r, i| {
        if i < 2 {
            Answer::status(503)
        } else {
            sensible(r, i)
        }
    });
    let real = std::time::Instant::now();
    let out = whk_at("virtual")
        .args([
            "replay",
            "vapi/status-update",
            "--retry",
            "--initial-delay",
            "10s",
            "--backoff-factor",
            "2",
            "--max-attempts",
            "4",
            "--json",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        real.elapsed() < Duration::from_secs(20),
        "the backoff waited"
    );
    let r = server.received();
    assert_eq!(r.len(), 3);
    let signed_at: Vec<_> = r.iter().map(|x| x.headers.get("x-timestamp")).collect();
    let expected: Vec<String> = [NOW, NOW + 10, NOW + 30].map(|t| t.to_string()).into();
    assert_eq!(
        signed_at,
        expected
            .iter()
            .map(|s| Some(s.as_str()))
            .collect::<Vec<_>>()
    );
    assert!(r.iter().all(|x| verify(Provider::Vapi, x).valid));
    assert_eq!(r[0].json()["message"]["timestamp"], NOW * 1000);
    assert!(
        r.windows(2).all(|w| w[0].body == w[1].body),
        "a retry is the same event"
    );
    let reps = lines(&out.stdout);
    let attempts: Vec<_> = reps[..3]
        .iter()
        .map(|x| {
            (
                x["attempt"].as_u64().unwrap(),
                x["retry"].as_bool().unwrap(),
                x["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(attempts, [(1, true, 503), (2, true, 503), (3, false, 200)]);
    let s = &reps[3]["summary"];
    assert_eq!(
        (
            s["sent"].as_u64(),
            s["passed"].as_u64(),
            s["failed"].as_u64(),
            s["retried"].as_u64()
        ),
        (Some(3), Some(1), Some(0), Some(2))
    );
}

#[test]
fn retries_run_out_and_the_run_fails() {
    let server = Server::with(|_, _| Answer::status(500));
    let out = whk()
        .args([
            "replay",
            "generic/call.failed",
            "--max-attempts",
            "2",
            "--initial-delay",
            "10ms",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("RETRY")
            && stdout.contains("FAIL")
            && stdout.contains("status 500, expected 2xx"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 sent, 0 passed, 1 failed, 1 retried"),
        "{stdout}"
    );
    assert_eq!(server.received().len(), 2);
}

#[test]
fn a_slow_answer_misses_the_deadline() {
    let server = Server::with(|r, i| Answer {
        delay: Duration::from_millis(600),
        ..sensible(r, i)
    });
    let out = whk()
        .args([
            "replay",
            "vogent/dial.created",
            "--deadline",
            "100ms",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("no answer within 100ms (deadline)"),
        "{stdout}"
    );
}

#[test]
fn status_specs_decide_pass_and_fail() {
    let server = Server::with(|_, _| Answer {
        body: Vec::new(),
        ..Answer::status(204)
    });
    whk()
        .args([
            "replay",
            "generic/call.completed",
            "--expect-status",
            "200",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(1);
    whk()
        .args([
            "replay",
            "generic/call.completed",
            "--expect-status",
            "200,204",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    whk()
        .args(["replay", "generic/call.completed", "--to", &server.url()])
        .assert()
        .code(0);
    whk()
        .args([
            "replay",
            "generic/call.completed",
            "--expect-status",
            "7xx",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(2);
}

#[test]
fn vonage_answers_must_be_nccos() {
    // The GET answer, and the POST one (answer_method POST): the same fields as a JSON body.
    let answers = |server: &Server| {
        whk()
            .args([
                "replay",
                "vonage/answer",
                "vonage/answer.post",
                "--to",
                &server.url(),
            ])
            .output()
            .unwrap()
    };
    let server = Server::with(|_, _| Answer::status(200));
    let out = answers(&server);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("not an NCCO").count(), 2, "{stdout}");
    let r = server.received();
    assert_eq!(
        (r[0].method.as_str(), r[1].method.as_str()),
        ("GET", "POST")
    );
    assert_eq!(r[1].headers.get("content-type"), Some("application/json"));
    let get: BTreeSet<String> =
        form_urlencoded::parse(r[0].path_and_query.split_once('?').unwrap().1.as_bytes())
            .map(|(k, _)| k.into_owned())
            .collect();
    let post: BTreeSet<String> = r[1].json().as_object().unwrap().keys().cloned().collect();
    assert_eq!(get, post, "the POST answer carries the GET's fields");
    assert!(verify(Provider::Vonage, &r[1]).valid);

    // A real NCCO passes both.
    assert_eq!(answers(&Server::start()).status.code(), Some(0));
}

#[test]
fn vapi_tool_results_must_match_the_call() {
    let server = Server::with(|_, _| Answer {
        body: br#"{"results":[{"toolCallId":"call_from_another_call","result":"ok"}]}"#.to_vec(),
        ..Answer::status(200)
    });
    let out = whk()
        .args(["replay", "vapi/tool-calls", "--to", &server.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("no result for toolCallId"), "{s}");
}

#[test]
fn connection_refused_names_the_url_and_suggests_listen() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/hook");
    let out = whk()
        .args(["replay", "vapi/status-update", "--to", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&url) && err.contains("connection refused") && err.contains("whk listen"),
        "{err}"
    );
}

#[test]
fn bad_fixture_json_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("broken.json");
    std::fs::write(
        &f,
        "{\n  \"type\": \"call.started\",\n  \"call\": {\"id\": 1,}\n}\n",
    )
    .unwrap();
    let out = whk()
        .args(["replay", f.to_str().unwrap(), "--provider", "vapi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3:", f.display())), "{err}");
    assert!(err.contains("bad fixture"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    // Unknown id, with a suggestion.
    let out = whk()
        .args(["replay", "vapi/status-updat"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean vapi/status-update"));
    // No secret: name the variables.
    let out = whk()
        .env_remove("WHK_SECRET")
        .args(["replay", "vapi/status-update"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("VAPI_WEBHOOK_SECRET") && err.contains("--unsigned"),
        "{err}"
    );
    // https targets.
    let out = whk()
        .args([
            "replay",
            "vapi/status-update",
            "--to",
            "https://example.com/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("https is not supported"));
    // A file with no provider.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.json");
    std::fs::write(&f, "{}").unwrap();
    let out = whk()
        .args(["replay", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--provider"));
}

#[test]
fn unsigned_sends_no_signature() {
    let server = Server::start();
    whk()
        .env_remove("WHK_SECRET")
        .args(["replay", "vapi/hang", "--unsigned", "--to", &server.url()])
        .assert()
        .code(0);
    let r = server.received();
    assert!(r[0].headers.get("x-signature").is_none());
}

#[test]
fn dry_run_prints_signed_curl_without_the_secret() {
    let out = whk()
        .args([
            "replay",
            "twilio/voice",
            "--dry-run",
            "--to",
            "http://127.0.0.1:9/voice?x=1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with("# twilio/voice\ncurl \\\n  'http://127.0.0.1:9/voice?x=1'"),
        "{s}"
    );
    assert!(s.contains("-H 'X-Twilio-Signature: "), "{s}");
    assert!(s.contains("--data-binary 'AccountSid=AC"), "{s}");
    assert!(!s.contains(SECRET));
    // A scheme that sends the secret itself shows a variable instead.
    let out = whk()
        .args([
            "replay",
            "vapi/hang",
            "--provider",
            "vapi-secret",
            "--dry-run",
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("-H \"X-Vapi-Secret: $VAPI_WEBHOOK_SECRET\""),
        "{s}"
    );
    assert!(!s.contains(SECRET));
}

#[test]
fn keep_sends_recorded_bytes_verbatim() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    // A recording with bytes that no re-serialisation would reproduce.
    let body = b"{ \"type\" : \"call.started\",\"id\":\"{{uuid}}\", \"n\": 1.50 }\n".to_vec();
    let mut h = whk::webhook::Headers::new();
    h.push("Content-Type", "application/json");
    h.push("Host", "example.com");
    let env = whk::fixtures::Envelope::from_received(
        "POST",
        "/hooks/vapi",
        Some("a=%7e"),
        &h,
        &body,
        Some(Provider::Vapi),
        None,
    );
    let f = dir.path().join("recorded.json");
    std::fs::write(&f, env.to_json_pretty()).unwrap();
    whk()
        .args(["replay", f.to_str().unwrap(), "--to", &server.url()])
        .assert()
        .code(0);
    let plain = dir.path().join("vapi");
    std::fs::create_dir(&plain).unwrap();
    std::fs::write(plain.join("p.json"), &body).unwrap();
    whk()
        .args([
            "replay",
            plain.join("p.json").to_str().unwrap(),
            "--keep",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    whk()
        .args([
            "replay",
            plain.join("p.json").to_str().unwrap(),
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    let r = server.received();
    assert_eq!(r[0].body, body, "recordings replay byte for byte");
    assert_eq!(r[0].path_and_query, "/hooks/vapi?a=%7e");
    assert!(verify(Provider::Vapi, &r[0]).valid);
    assert_eq!(r[1].body, body, "--keep sends the file's bytes");
    assert_ne!(r[2].body, body, "without --keep, placeholders are filled");
    assert!(!String::from_utf8_lossy(&r[2].body).contains("{{uuid}}"));
}

#[test]
fn extra_headers_and_paths_join_the_target() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("e.json");
    std::fs::write(
        &f,
        r#"{"provider": "github", "path": "/gh", "query": {"x": "{{int:7:7}}"}, "headers": {"X-GitHub-Event": "ping"}, "body": {"zen": "hi"}}"#,
    )
    .unwrap();
    let url = format!("{}api?k=v", server.url());
    whk()
        .args([
            "replay",
            f.to_str().unwrap(),
            "-H",
            "X-Extra: 1",
            "--to",
            &url,
        ])
        .assert()
        .code(0);
    let r = &server.received()[0];
    assert_eq!(r.path_and_query, "/api/gh?k=v&x=7");
    assert_eq!(r.headers.get("x-extra"), Some("1"));
    assert_eq!(r.headers.get("x-github-event"), Some("ping"));
    assert_eq!(r.body, br#"{"zen":"hi"}"#);
    assert!(verify(Provider::Github, r).valid);
}

#[test]
fn json_output_has_one_line_per_request_and_a_summary() {
    let server = Server::start();
    let out = whk()
        .args([
            "replay",
            "elevenlabs",
            "--json",
            "-c",
            "4",
            "--rate",
            "200",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let reps = lines(&out.stdout);
    let n = whk::fixtures::embedded::under("elevenlabs").count();
    assert_eq!(reps.len(), n + 1);
    for r in &reps[..n] {
        assert_eq!(r["pass"], true);
        assert_eq!(r["status"], 200);
        assert!(r["latency_ms"].as_f64().unwrap() >= 0.0);
        assert_eq!(r["provider"], "elevenlabs");
    }
    let s = &reps[n]["summary"];
    for k in ["sent", "passed", "failed", "retried"] {
        assert!(s[k].is_u64(), "{k}");
    }
    for k in ["p50", "p95", "p99"] {
        assert!(s["latency_ms"][k].is_number(), "{k}");
    }
}

/// `whk fixtures` shows each fixture's webhook kind: the column in the table, and
/// `webhook_kind` in `--json` (a lifecycle lists its steps' kinds).
#[test]
fn fixtures_show_each_fixtures_webhook_kind() {
    let out = whk().args(["fixtures", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<String> = list
        .iter()
        .filter(|f| {
            let id = f["id"].as_str().unwrap();
            [
                "vonage/answer",
                "vonage/answer.post",
                "vonage/started",
                "vonage/input.dtmf",
                "twilio/voice",
                "twilio/gather.digits",
                "twilio/status.completed",
                "twilio/amd",
                "signalwire-compat/voice",
                "signalwire/swml.request",
                "signalwire/calling.call.state.ended",
                "vapi/tool-calls",
                "stripe/payment_intent.succeeded",
                "lifecycles/vonage-inbound",
                "lifecycles/twilio-inbound-ivr",
            ]
            .contains(&id)
        })
        .map(|f| format!("{} {} {}", f["id"], f["kind"], f["webhook_kind"]))
        .collect();
    insta::assert_snapshot!(kinds.join("\n"));
    let out = whk()
        .args(["fixtures", "--provider", "twilio"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let voice = table
        .lines()
        .find(|l| l.starts_with("twilio/voice "))
        .unwrap();
    assert_eq!(
        voice.split_whitespace().take(4).collect::<Vec<_>>(),
        ["twilio/voice", "twilio", "voice", "voice"],
        "{table}"
    );
}

#[test]
fn fixtures_lists_and_shows_what_ships() {
    let out = whk().args(["fixtures", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), whk::fixtures::embedded::FILES.len());
    let eocr = list
        .iter()
        .find(|x| x["id"] == "vapi/end-of-call-report")
        .unwrap();
    assert_eq!(eocr["provider"], "vapi");
    assert_eq!(eocr["event"], "end-of-call-report");
    assert_eq!(eocr["path"], "fixtures/vapi/end-of-call-report.json");
    assert!(
        eocr["description"]
            .as_str()
            .unwrap()
            .starts_with("Vapi server message after the call")
    );
    let seed = list.iter().find(|x| x["id"] == "vapi/call.ended").unwrap();
    assert_eq!(
        seed["description"],
        "Seed guide event, not Vapi's: it sends end-of-call-report (under message.type)."
    );
    let lc = list
        .iter()
        .find(|x| x["id"] == "lifecycles/vonage-inbound")
        .unwrap();
    assert_eq!(lc["kind"], "lifecycle");
    assert_eq!(lc["steps"][0], "vonage/answer");

    let out = whk()
        .args(["fixtures", "--provider", "vonage"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("ID") && table.contains("vonage/answer") && !table.contains("vapi/"));
    let head = table.lines().next().unwrap();
    assert_eq!(
        head.split_whitespace().collect::<Vec<_>>(),
        ["ID", "PROVIDER", "EVENT", "KIND", "DESCRIPTION"]
    );
    let post = table
        .lines()
        .find(|l| l.starts_with("vonage/answer.post "))
        .unwrap();
    assert!(
        post.contains("answer")
            && post.contains("The answer webhook sent by POST")
            && post.ends_with('…'),
        "{post}"
    );
    assert!(table.contains("Vonage event webhook: the call ended, with duration and price."));
    let out = whk()
        .args(["fixtures", "--provider", "stripe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("stripe/payment_intent.succeeded"), "{table}");

    let out = whk()
        .args(["fixtures", "show", "vapi/status-update"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("POST / HTTP/1.1") && s.contains("\"status-update\"") && !s.contains("{{"),
        "{s}"
    );
    assert_eq!(
        s.lines().nth(1),
        Some("# Vapi server message: the call is in progress.")
    );
    let out = whk()
        .args(["fixtures", "show", "vapi/status-update", "--keep", "--body"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("{{call_id}}"));
    let out = whk()
        .args(["fixtures", "show", "lifecycles/vonage-inbound"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(s.matches("step ").count(), 5);
    assert!(s.contains("GET /?to=447700900"));
}

/// `WHK_NOW` fixes what `{{now_*}}` renders and what replay signs with: `fixtures show` and a
/// dry run give the same bytes every time, so they are snapshotted whole, unmasked.
#[test]
fn whk_now_fixes_placeholders_and_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("times.json");
    std::fs::write(
        &f,
        r#"{"message":{"type":"status-update","timestamp":"{{now_ms|number}}","unix":"{{now_unix}}","minute_ago":"{{now_unix-60}}","rfc3339":"{{now_rfc3339}}","rfc3339_s":"{{now_rfc3339_s}}","rfc2822":"{{now_rfc2822}}","datetime":"{{now_datetime}}"}}"#,
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let show = |clock: &str| {
        let out = whk_at(clock)
            .args(["fixtures", "show", f, "--body"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let shown = show("fixed");
    insta::assert_snapshot!(shown, @r#"{"message":{"type":"status-update","timestamp":1795497159000,"unix":"1795497159","minute_ago":"1795497099","rfc3339":"2026-11-24T05:12:39.000Z","rfc3339_s":"2026-11-24T05:12:39Z","rfc2822":"Tue, 24 Nov 2026 05:12:39 +0000","datetime":"2026-11-24 05:12:39"}}"#);
    // A virtual clock starts at the same instant; the RFC 3339 spelling is the same instant.
    assert_eq!(show("virtual"), shown);
    let out = whk()
        .env("WHK_NOW", "2026-11-24T06:12:39+01:00")
        .args(["fixtures", "show", f, "--body"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown);
    // The dry run signs at that time: a known-answer vector (HMAC-SHA256 of
    // "1795497159." + body under SECRET, checked with Python's hmac module).
    let out = whk_at("fixed")
        .args(["replay", f, "-p", "vapi", "--dry-run", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["headers"]["x-timestamp"], "1795497159");
    assert_eq!(
        v["headers"]["x-signature"],
        "32b8bd3be94686d2acf25fb3b789c6a3c89c4b62368aa02052ee69f3aeef84b4"
    );
    assert_eq!(v["body"].as_str().unwrap(), shown.trim_end());
}

/// On a virtual clock a lifecycle's gaps cost no real time, and every step is dated and
/// signed exactly one gap after the one before.
#[test]
fn a_virtual_clock_runs_lifecycle_gaps_at_once() {
    let server = Server::start();
    let real = std::time::Instant::now();
    whk_at("virtual")
        .args(["replay", "lifecycles/vapi-inbound", "--gap", "30s", "--to"])
        .arg(server.url())
        .assert()
        .code(0);
    assert!(real.elapsed() < Duration::from_secs(60), "the gaps waited");
    let r = server.received();
    assert_eq!(r.len(), 8);
    for (i, x) in r.iter().enumerate() {
        let t = NOW + 30 * i as i64;
        assert_eq!(x.headers.get("x-timestamp"), Some(t.to_string().as_str()));
        assert_eq!(x.json()["message"]["timestamp"], t * 1000, "step {i}");
        assert!(verify(Provider::Vapi, x).valid);
    }
}

#[test]
fn fixtures_export_writes_an_editable_copy() {
    let dir = tempfile::tempdir().unwrap();
    whk()
        .args(["fixtures", "export", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    assert!(dir.path().join("vapi/end-of-call-report.json").is_file());
    assert!(dir.path().join("fixture.schema.json").is_file());
    assert!(dir.path().join("descriptions.txt").is_file());
    // The exported folder replays from disk, lifecycles included.
    let server = Server::start();
    whk()
        .args([
            "replay",
            dir.path()
                .join("lifecycles/twilio-inbound-ivr.json")
                .to_str()
                .unwrap(),
            "--gap",
            "0s",
            "--to",
            &server.url(),
        ])
        .assert()
        .code(0);
    assert_eq!(server.received().len(), 3);
}

/// The engine, called as a library (what `whk audit` and an inspector reuse).
#[test]
fn the_engine_is_callable_from_code() {
    use whk::fixtures::{Compiled, Context, Item};
    use whk::replay::{Client, Signer, Target, prepare};
    let server = Server::start();
    let Item::Single(f) = whk::fixtures::resolve("vonage/completed")
        .unwrap()
        .remove(0)
    else {
        panic!()
    };
    let compiled = Compiled::new(&f.envelope, false).unwrap();
    let rendered = compiled.render(&mut Context::new(0, whk::clock::Clock::System));
    let target = Target::parse(&server.url()).unwrap();
    let signer = Signer::new(
        Provider::Vonage,
        &SchemeOptions::default(),
        Secret::new(SECRET),
    )
    .unwrap();
    let prepared = prepare(&rendered, &target, Some(&signer), webhook::now_unix(), None).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let outcome = rt.block_on(Client::new().send(&prepared, Duration::from_secs(5)));
    assert_eq!(outcome.status, Some(200));
    assert!(outcome.error.is_none());
    assert!(verify(Provider::Vonage, &server.received()[0]).valid);
}

/// An Express app's answer to a bad signature: 401 with a small JSON body.
fn express_401(_: &Received, _: usize) -> Answer {
    Answer {
        body: br#"{"error":"Invalid signature"}"#.to_vec(),
        content_type: "application/json; charset=utf-8",
        ..Answer::status(401)
    }
}

/// Human output without what changes between runs: the port, latencies and the summary's
/// timings.
fn stable(stdout: &[u8], server: &Server) -> String {
    let text = String::from_utf8_lossy(stdout).replace(&server.addr.to_string(), "127.0.0.1:PORT");
    text.lines()
        .map(|l| {
            if l.starts_with("FAIL ") || l.starts_with("PASS ") || l.starts_with("RETRY") {
                // "FAIL  401 " then the latency, right-aligned in 8 columns.
                format!("{}    TIME{}", &l[..10], &l[18..])
            } else if let Some(i) = l.find(" retried in ") {
                format!("{} retried in …", &l[..i])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_refusal_shows_the_answer_and_the_likely_causes() {
    let server = Server::with(express_401);
    let out = whk()
        .args(["replay", "vapi/status-update", "--to"])
        .arg(format!("{}webhooks/vapi", server.url()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stable(&out.stdout, &server);
    assert!(!text.contains(SECRET));
    insta::assert_snapshot!(text, @r#"
    FAIL  401     TIME  vapi/status-update  POST http://127.0.0.1:PORT/webhooks/vapi — status 401, expected 2xx
          answer: {"error":"Invalid signature"}
          hint: the endpoint refused the request (401); likely causes:
            - the secret: whk signed with $WHK_SECRET; the app must verify vapi webhooks with that same secret
            - the handler re-serialises the body (JSON.stringify(req.body)) instead of verifying the raw bytes: prove it with `whk audit http://127.0.0.1:PORT/webhooks/vapi --provider vapi`
            - the app checks X-Vapi-Secret (the assistant's serverUrlSecret) while whk signed with the HMAC credential (X-Signature): try `-p vapi-secret`
    1 sent, 0 passed, 1 failed, 0 retried in …
    "#);
}

#[test]
fn refusal_hints_fit_the_provider_and_show_once() {
    let server = Server::with(express_401);
    let out = whk()
        .args([
            "replay",
            "twilio/voice",
            "vapi/hang",
            "-p",
            "twilio",
            "--secret-env",
            "WHK_SECRET",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stable(&out.stdout, &server);
    // Both refusals show their answer; the hints come once, under the first.
    assert_eq!(text.matches("answer: ").count(), 2, "{text}");
    assert_eq!(text.matches("hint: ").count(), 1, "{text}");
    assert!(text.contains("twilio signs the URL"), "{text}");
    assert!(text.contains("--provider twilio"), "{text}");
    assert!(!text.contains("vapi-secret"), "{text}");
    // The legacy Vapi secret points the other way.
    let out = whk()
        .args([
            "replay",
            "vapi/hang",
            "-p",
            "vapi-secret",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("try `-p vapi`"), "{text}");
    assert!(!text.contains("whk audit"), "{text}");
}

#[test]
fn json_reports_carry_the_answer() {
    let big = format!("{{\"error\":\"{}\"}}\n", "x".repeat(5000));
    let server = Server::with(move |r, _| {
        if r.json().pointer("/message/type").and_then(Value::as_str) == Some("hang") {
            Answer {
                body: big.clone().into_bytes(),
                ..Answer::status(500)
            }
        } else {
            express_401(r, 0)
        }
    });
    let out = whk()
        .args([
            "replay",
            "vapi/status-update",
            "vapi/hang",
            "--json",
            "--to",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let reps = lines(&out.stdout);
    let r = &reps[0];
    assert_eq!(r["status"], 401);
    assert_eq!(
        r["response_headers"]["content-type"],
        "application/json; charset=utf-8"
    );
    assert_eq!(r["response_body"], r#"{"error":"Invalid signature"}"#);
    assert_eq!(r["response_body_bytes"], 29);
    assert_eq!(r["response_body_truncated"], false);
    let hints: Vec<&str> = r["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(hints.len(), 3, "{hints:?}");
    assert!(hints[0].contains("$WHK_SECRET") && hints[2].contains("-p vapi-secret"));
    assert!(
        !out.stdout
            .windows(SECRET.len())
            .any(|w| w == SECRET.as_bytes())
    );
    // A 500 with a long body: truncated in JSON, with its whole length, and no 401 hints.
    let r = &reps[1];
    assert_eq!(r["status"], 500);
    assert_eq!(r["response_body"].as_str().unwrap().len(), 4096);
    assert_eq!(r["response_body_bytes"], 5013);
    assert_eq!(r["response_body_truncated"], true);
    assert_eq!(r["hints"], serde_json::json!([]));
    // The human line shows 200 bytes, escaped, and says how many there were.
    let out = whk()
        .args(["replay", "vapi/hang", "--to", &server.url()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let answer = text
        .lines()
        .find_map(|l| l.strip_prefix("      answer: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        answer,
        format!(
            "{{\"error\":\"{}… (first 200 of 5013 bytes)",
            "x".repeat(190)
        )
    );
    assert!(!text.contains("hint:"), "{text}");
}

#[test]
fn answers_with_line_breaks_stay_on_one_line() {
    let server = Server::with(|_, _| Answer {
        body: b"<html>\r\n<h1>Forbidden</h1>\t\x1b[0m\n</html>".to_vec(),
        content_type: "text/html",
        ..Answer::status(403)
    });
    let out = whk()
        .args(["replay", "vapi/hang", "--to", &server.url()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r"answer: <html>\r\n<h1>Forbidden</h1>\t\u{1b}[0m\n</html>"),
        "{text}"
    );
}

#[test]
fn a_refused_tool_call_is_one_failure() {
    let server = Server::with(express_401);
    let out = whk()
        .args(["replay", "vapi/tool-calls", "--json", "--to", &server.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let reps = lines(&out.stdout);
    assert_eq!(
        reps[0]["failures"],
        serde_json::json!(["status 401, expected 200"])
    );
    // The contract still holds when the status is right.
    let server = Server::with(|_, _| Answer::status(200));
    let out = whk()
        .args(["replay", "vapi/tool-calls", "--json", "--to", &server.url()])
        .output()
        .unwrap();
    let reps = lines(&out.stdout);
    assert!(
        reps[0]["failures"][0]
            .as_str()
            .unwrap()
            .contains("no \"results\" array"),
        "{}",
        reps[0]
    );
}

#[test]
fn vars_pin_the_call_id_and_fill_var_placeholders() {
    let server = Server::start();
    let id = "3f1e2c44-6a0d-4b8e-9c1f-2b7d5e8a9f01";
    let out = whk()
        .args(["replay", "vapi/tool-calls", "--var"])
        .arg(format!("call_id={id}"))
        .args(["--json", "--to", &server.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r = server.received();
    assert_eq!(r[0].json()["message"]["call"]["id"], id);
    assert_eq!(lines(&out.stdout)[0]["call_id"], id);
    // Every step of a lifecycle gets it, and --var beats the lifecycle's vars.
    let server = Server::start();
    whk()
        .args(["replay", "lifecycles/generic-call", "--gap", "0s"])
        .args(["--var", "call_id=call-42", "--var", "status=busy"])
        .args(["--to", &server.url()])
        .assert()
        .code(0);
    let r = server.received();
    assert_eq!(r.len(), 3);
    let statuses: Vec<Value> = r.iter().map(|x| x.json()["status"].clone()).collect();
    assert_eq!(statuses, ["busy", "busy", "completed"]);
    for x in &r {
        assert_eq!(x.json()["callId"], "call-42", "{}", x.json());
    }
}

#[test]
fn a_var_without_default_needs_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("tenant.json");
    std::fs::write(
        &f,
        r#"{"message":{"type":"status-update","tenant":"{{var:tenant}}","region":"{{var:region=eu}}"}}"#,
    )
    .unwrap();
    let server = Server::start();
    for cmd in [
        vec![
            "replay",
            f.to_str().unwrap(),
            "-p",
            "vapi",
            "--to",
            &server.url(),
        ],
        vec!["fixtures", "show", f.to_str().unwrap()],
    ] {
        let out = whk().args(&cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("{{var:tenant}}") && err.contains("--var tenant=VALUE"),
            "{err}"
        );
    }
    assert!(server.received().is_empty());
    whk()
        .args([
            "replay",
            f.to_str().unwrap(),
            "-p",
            "vapi",
            "--var",
            "tenant=acme",
        ])
        .args(["--to", &server.url()])
        .assert()
        .code(0);
    let body = server.received()[0].json();
    assert_eq!(body["message"]["tenant"], "acme");
    assert_eq!(body["message"]["region"], "eu");
    let out = whk()
        .args(["fixtures", "show", f.to_str().unwrap(), "--body"])
        .args(["--var", "tenant=acme", "--var", "region=us"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["message"]["tenant"].as_str(),
            v["message"]["region"].as_str()
        ),
        (Some("acme"), Some("us"))
    );
    // Malformed --var: a usage error.
    for bad in ["tenant", "=acme", "te nant=acme"] {
        let out = whk()
            .args(["replay", "vapi/hang", "--var", bad, "--to", &server.url()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--var"),
            "{bad}"
        );
    }
}

#[test]
fn unknown_ids_suggest_only_near_ones() {
    let out = whk().args(["replay", "vapi/nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no fixture vapi/nope") && !err.contains("did you mean"),
        "{err}"
    );
    let out = whk()
        .args(["fixtures", "show", "vonage/end-of-call-report"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean vapi/end-of-call-report?"),
        "{err}"
    );
}

/// Replay sends a plain fixture as written: 2-space pretty JSON with a trailing newline. An
/// app that verifies `JSON.stringify(req.body)` holds the compact form; `whk verify` given
/// that form names the re-encoding, not "wrong secret or a changed body".
#[test]
fn a_plain_fixture_reserialised_by_the_app_is_diagnosed() {
    let server = Server::start();
    let out = whk()
        .args(["replay", "generic/call.completed", "--to", &server.url()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received = server.received();
    let r = &received[0];
    assert!(r.body.starts_with(b"{\n  \"") && r.body.ends_with(b"}\n"));
    // What the app verifies: JSON.stringify(req.body), the same keys in the same order.
    let app_bytes = serde_json::to_vec(&r.json()).unwrap();
    let sig = r.headers.get("x-webhook-signature").unwrap();
    let out = whk()
        .args([
            "verify",
            "-p",
            "generic",
            "-H",
            &format!("X-Webhook-Signature: {sig}"),
            "-",
        ])
        .env("NO_COLOR", "1")
        .write_stdin(app_bytes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "invalid: the signature matches this body re-encoded as 2-space indented JSON with a trailing newline (what JSON.stringify(body, null, 2) + \"\\n\" writes), not the bytes given [body_reserialized]\n  fix: the body was parsed and re-serialised (e.g. JSON.stringify(req.body)) before verifying; verify the raw request bytes (express.raw(), request.get_data())\n"
    );
}

/// An app as the Vonage SDK examples set one up: an answer URL that returns the NCCO and an
/// event URL that acknowledges, each on its own path (anything else is 404).
fn vonage_app() -> Server {
    fn answer(_: &Received) -> Answer {
        Answer {
            body: br#"[{"action":"talk","text":"Hello from the answer URL"}]"#.to_vec(),
            ..Answer::status(200)
        }
    }
    fn event(_: &Received) -> Answer {
        Answer::status(204)
    }
    Server::with(replay_server::routes(&[
        ("/webhooks/answer", answer),
        ("/webhooks/event", event),
    ]))
}

/// `--route KIND=URL` sends each webhook kind to its own URL: a Vonage lifecycle's answer
/// request to the answer URL, its events to the event URL. With one `--to` for both, the
/// answer goes to the event URL and fails.
#[test]
fn routes_send_each_kind_to_its_own_url() {
    let app = vonage_app();
    let base = format!("http://{}", app.addr);
    let out = whk()
        .args([
            "replay",
            "lifecycles/vonage-inbound",
            "--gap",
            "0s",
            "--json",
        ])
        .args(["--route", &format!("answer={base}/webhooks/answer")])
        .args(["--route", &format!("event={base}/webhooks/event")])
        .output()
        .unwrap();
    let reports = lines(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{reports:?}");
    let sent: Vec<String> = reports[..reports.len() - 1]
        .iter()
        .map(|r| format!("{} {} {}", r["kind"], r["fixture"], r["status"]))
        .collect();
    assert_eq!(
        sent,
        [
            r#""answer" "vonage/answer" 200"#,
            r#""event" "vonage/started" 204"#,
            r#""event" "vonage/ringing" 204"#,
            r#""event" "vonage/answered" 204"#,
            r#""event" "vonage/completed" 204"#,
        ]
    );
    let paths: Vec<String> = app
        .received()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.method,
                r.path_and_query.split('?').next().unwrap()
            )
        })
        .collect();
    assert_eq!(
        paths,
        [
            "GET /webhooks/answer",
            "POST /webhooks/event",
            "POST /webhooks/event",
            "POST /webhooks/event",
            "POST /webhooks/event",
        ]
    );

    // A route for one kind; `--to` stays the default for the others.
    let out = whk()
        .args([
            "replay",
            "lifecycles/vonage-inbound",
            "--gap",
            "0s",
            "--quiet",
        ])
        .args(["--to", &format!("{base}/webhooks/event")])
        .args(["--route", &format!("answer={base}/webhooks/answer")])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Without the route, the answer request goes to the event URL, which returns no NCCO.
    let out = whk()
        .args([
            "replay",
            "lifecycles/vonage-inbound",
            "--gap",
            "0s",
            "--quiet",
        ])
        .args(["--to", &format!("{base}/webhooks/event")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("lifecycles/vonage-inbound › vonage/answer")
            && text.contains("status 204, expected 200"),
        "{text}"
    );
}

/// A `--route` with a kind whk does not know, or given twice, is a usage error that names the
/// kinds; a route no fixture in the run uses is said once on stderr.
#[test]
fn bad_routes_are_usage_errors() {
    let out = whk()
        .args([
            "replay",
            "vonage/answer",
            "--route",
            "answr=http://127.0.0.1:1/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"answr\" is not a webhook kind (one of answer, event, fallback, voice, status, action, server, webhook)"),
        "{err}"
    );
    let out = whk()
        .args(["replay", "vonage/answer"])
        .args(["--route", "answer=http://127.0.0.1:1/a"])
        .args(["--route", "answer=http://127.0.0.1:1/b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--route answer is given twice"));
    let app = vonage_app();
    let base = format!("http://{}", app.addr);
    let out = whk()
        .args(["replay", "vonage/answer", "--dry-run"])
        .args(["--route", &format!("answer={base}/webhooks/answer")])
        .args(["--route", &format!("fallback={base}/webhooks/fallback")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("{base}/webhooks/answer?")),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "whk replay: --route fallback={base}/webhooks/fallback: no fixture in this run is of kind fallback (`whk fixtures` shows kinds)\n"
        )
    );
}

/// `whk replay --format github` against an app that answers wrongly: a Vonage answer with an
/// NCCO that has a lint error, a 500 to a Vapi report, a 401 to a tool call. One annotation
/// per finding, titled with its code; the same findings in `--json` beside `failures`.
#[test]
fn github_format_annotates_each_finding() {
    let server = Server::with(|r, _| {
        if r.method == "GET" {
            Answer {
                body: br#"[{"action":"tlak","text":"Hello"}]"#.to_vec(),
                ..Answer::status(200)
            }
        } else if r.json()["message"]["type"] == "tool-calls" {
            express_401(r, 0)
        } else {
            Answer::status(500)
        }
    });
    let fixtures = [
        "vonage/answer",
        "vapi/end-of-call-report",
        "vapi/tool-calls",
    ];
    let out = whk()
        .args(["replay", "--to", &server.url(), "--format", "github"])
        .args(fixtures)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&out.stdout).replace(&server.addr.to_string(), "127.0.0.1:PORT");
    // Deliveries run concurrently: compare the annotations in a fixed order.
    let mut got: Vec<&str> = text.lines().collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "::error title=contract.ncco::vonage/answer: the NCCO has 1 lint error: NCCO010 unknown action `tlak` at $[0].action%0Ahint: did you mean `talk`?",
            "::error title=replay.status::vapi/end-of-call-report: status 500, expected 2xx",
            "::error title=replay.status::vapi/tool-calls: status 401, expected 200%0Ahint: likely causes: the secret: whk signed with $WHK_SECRET; the app must verify vapi webhooks with that same secret; the handler re-serialises the body (JSON.stringify(req.body)) instead of verifying the raw bytes: prove it with `whk audit http://127.0.0.1:PORT/ --provider vapi`; the app checks X-Vapi-Secret (the assistant's serverUrlSecret) while whk signed with the HMAC credential (X-Signature): try `-p vapi-secret`",
        ]
    );

    let out = whk()
        .args(["replay", "--to", &server.url(), "--json"])
        .args(fixtures)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    for l in lines(&out.stdout)
        .iter()
        .filter(|l| l.get("fixture").is_some())
    {
        let findings = l["findings"].as_array().unwrap();
        let messages: Vec<&Value> = findings.iter().map(|f| &f["message"]).collect();
        let failures: Vec<&Value> = l["failures"].as_array().unwrap().iter().collect();
        assert_eq!(messages, failures, "failures stay the findings' messages");
        let f = &findings[0];
        match l["fixture"].as_str().unwrap() {
            "vonage/answer" => {
                assert_eq!(f["code"], "contract.ncco");
                assert_eq!(
                    f["location"],
                    serde_json::json!({"json_path": "$[0].action"})
                );
            }
            _ => assert_eq!(f["code"], "replay.status"),
        }
        assert_eq!(f["severity"], "error");
    }

    // A passing run prints nothing in the github format and exits 0.
    let ok = Server::start();
    let out = whk()
        .args([
            "replay",
            "vapi/end-of-call-report",
            "--format",
            "github",
            "--to",
            &ok.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b""[..])
    );
}

/// True when `v` has at most `n` decimals.
fn decimals_at_most(v: f64, n: i32) -> bool {
    let k = 10f64.powi(n);
    ((v * k).round() - v * k).abs() < 1e-6
}

/// `latency_ms` (per request and in the summary) and `elapsed_ms` are milliseconds with three
/// decimals, as in `whk listen --json` and `whk audit --json`. Every value has at most three;
/// that they are not cut to two shows in the set: all of these landing on a whole 10 µs is
/// about one chance in 10^(n+6).
#[test]
fn latency_ms_has_three_decimals_like_listen_and_audit() {
    let server = Server::start();
    let out = whk()
        .args(["replay", "elevenlabs", "--json", "--to", &server.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let reps = lines(&out.stdout);
    let (summary, requests) = reps.split_last().unwrap();
    let s = &summary["summary"];
    let mut values: Vec<f64> = requests
        .iter()
        .map(|r| r["latency_ms"].as_f64().unwrap())
        .collect();
    values.push(s["elapsed_ms"].as_f64().unwrap());
    for k in ["p50", "p95", "p99", "max", "mean"] {
        values.push(s["latency_ms"][k].as_f64().unwrap());
    }
    for v in &values {
        assert!(decimals_at_most(*v, 3), "{v} has more than 3 decimals");
    }
    assert!(
        values.iter().any(|v| !decimals_at_most(*v, 2)),
        "all cut to 2 decimals: {values:?}"
    );
}

/// The keyring resolves one `--secret-env` for every provider a run signs with: each request
/// verifies with that secret, a browser-bundled variable is warned about once (not once per
/// provider), and the secret itself is never printed.
#[test]
fn one_secret_env_signs_every_provider_and_a_bundled_variable_warns_once() {
    let server = Server::start();
    let out = crate::support::whk()
        .env_remove("WHK_SECRET")
        .env("VITE_WHK_REPLAY_SECRET", SECRET)
        .args([
            "replay",
            "--json",
            "--secret-env",
            "VITE_WHK_REPLAY_SECRET",
            "--to",
            &server.url(),
            "vapi",
            "twilio",
            "generic",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let reports = lines(&out.stdout);
    let received = server.received();
    assert!(!received.is_empty());
    let mut providers = BTreeSet::new();
    for (rep, r) in reports.iter().zip(&received) {
        let provider = Provider::from_id(rep["provider"].as_str().unwrap()).unwrap();
        assert!(verify(provider, r).valid, "{rep}");
        providers.insert(provider);
    }
    assert_eq!(providers.len(), 3, "{providers:?}");
    assert_eq!(
        stderr
            .matches("$VITE_WHK_REPLAY_SECRET is bundled into browser code by Vite")
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET) && !String::from_utf8_lossy(&out.stdout).contains(SECRET));
}
