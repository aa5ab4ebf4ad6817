//! `whk call` as a user meets it: the real binary against the sample apps of
//! `support::vonage_app` (real servers on 127.0.0.1 port 0 that verify every request's JWT and
//! `payload_hash` as the official SDKs do and record what they receive), on a fixed clock
//! (`WHK_NOW`) with pinned ids (`--seed`), so timelines and bodies are snapshots.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::call_run::Listen;
use crate::support::vonage_app::{self, SECRET, VonageApp, ncco};

const NOW: &str = "2026-01-15T10:00:00Z";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The `--json` lines: timeline entries, then the summary.
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    fn summary(&self) -> Value {
        self.lines()
            .pop()
            .and_then(|mut v| v.get_mut("summary").map(Value::take))
            .unwrap_or_else(|| panic!("no summary: {}\n{}", self.stdout, self.stderr))
    }

    fn finding_codes(&self) -> Vec<String> {
        self.summary()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    }
}

/// `whk call ARGS --secret SECRET --seed 7` at a fixed time.
fn call(args: &[&str]) -> Run {
    let out = crate::support::whk_std()
        .arg("call")
        .args(args)
        .args(["--secret", SECRET, "--seed", "7"])
        .env("WHK_NOW", NOW)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Text with the app's port and the measured latencies written as `PORT` and `N ms`.
fn stable(text: &str, app: &VonageApp) -> String {
    crate::support::call_run::stable(text, &app.base())
}

/// What the app received, one request per block: method, path and query, body.
fn received(app: &VonageApp) -> String {
    let mut out = String::new();
    for h in app.hits() {
        out.push_str(&format!(
            "{} {}\n",
            h.request.method, h.request.path_and_query
        ));
        if !h.request.body.is_empty() {
            out.push_str(&String::from_utf8_lossy(&h.request.body));
            out.push('\n');
        }
    }
    stable(&out, app)
}

fn write_scenario(dir: &tempfile::TempDir, name: &str, v: &Value) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path.display().to_string()
}

/// The IVR menu, press 1: the whole timeline, and every request the app received (each one
/// verified: JWT and payload_hash).
#[test]
fn ivr_press_1_reaches_sales() {
    let app = vonage_app::ivr();
    let run = call(&["--to", &app.base(), "--press", "1"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(app.refused(), Vec::<(String, String)>::new());
    insta::assert_snapshot!("ivr_timeline", stable(&run.stdout, &app));
    insta::assert_snapshot!("ivr_received", received(&app));
    // The answer request: a GET with Vonage's fields in its order.
    let answer = &app.hits_on("/answer")[0];
    assert_eq!(answer.request.method, "GET");
    assert_eq!(
        answer.query_order(),
        ["to", "from", "conversation_uuid", "uuid", "region_url"]
    );
    let f = answer.fields();
    assert_eq!(f["uuid"].as_str().unwrap().len(), 32);
    assert!(f["conversation_uuid"].as_str().unwrap().starts_with("CON-"));
}

/// `--json`: one object per entry with `t_ms` and `type`, then the summary.
#[test]
fn json_timeline_and_summary() {
    let app = vonage_app::ivr();
    let run = call(&["--to", &app.base(), "--press", "2", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    let (entries, summary) = lines.split_at(lines.len() - 1);
    for e in entries {
        assert!(e["t_ms"].is_u64(), "{e}");
        let t = e["type"].as_str().unwrap();
        assert!(["request", "action", "event", "media"].contains(&t), "{e}");
    }
    let s = &summary[0]["summary"];
    assert_eq!(s["ended_by"], "callee");
    assert_eq!(s["exit"], 0);
    assert_eq!(s["findings"], json!([]));
    assert!(s["duration_s"].as_f64().unwrap() > 0.0);
    assert!(s["webhooks_sent"].as_u64().unwrap() >= 9);
    assert_eq!(s["actions_run"], 4);
    let connect = entries
        .iter()
        .find(|e| e["action"] == "connect")
        .expect("a connect ran");
    assert_eq!(connect["target"], "447700900003");
}

/// The voicemail: greeting, record, thank-you; the record event goes to the record's
/// eventUrl with a recording_url, and `expect` holds.
#[test]
fn voicemail_records_a_message() {
    let app = vonage_app::voicemail();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        "voicemail.json",
        &json!({
            "answer_url": app.url("/answer"),
            "event_url": app.url("/event"),
            "expect": [{"said": "leave a message"}, {"recorded": true}, {"ended_by": "app"},
                       {"max_duration": "5m"}]
        }),
    );
    let run = call(&[&file, "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let rec = app.hits_on("/recording");
    assert_eq!(rec.len(), 1, "{}", received(&app));
    let body = rec[0].fields();
    for field in [
        "start_time",
        "end_time",
        "recording_url",
        "size",
        "recording_uuid",
        "conversation_uuid",
        "timestamp",
    ] {
        assert!(
            body.get(field).is_some(),
            "record event lacks {field}: {body}"
        );
    }
    assert!(app.refused().is_empty());
}

/// The synchronous-connect failover: the first number is busy, the connect's eventUrl hears
/// `busy` and answers a connect to the backup, which answers.
#[test]
fn synchronous_connect_fails_over() {
    let app = vonage_app::failover();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        "failover.json",
        &json!({
            "answer_url": app.url("/answer"),
            "event_url": app.url("/event"),
            "callee": {"447700900123": "busy"},
            "expect": [{"connected": "447700900124"}, {"said": "backup"}]
        }),
    );
    let run = call(&[&file, "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let hook: Vec<String> = app
        .hits_on("/connect-event")
        .iter()
        .map(|h| h.fields()["status"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(hook.contains(&"busy".to_string()), "{hook:?}");
    let connects: Vec<(String, String)> = run
        .lines()
        .iter()
        .filter(|e| e["action"] == "connect")
        .map(|e| {
            (
                e["target"].as_str().unwrap().to_string(),
                e["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        connects,
        [
            ("447700900123".to_string(), "busy".to_string()),
            ("447700900124".to_string(), "answered".to_string())
        ]
    );
    // The same scenario with --callee overriding the file: the first number answers.
    let run = call(&[&file, "--callee", "447700900123=answered", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.finding_codes(),
        ["call.expect_connected", "call.expect_said"]
    );
}

/// The slow app: the answer URL misses its deadline twice, the fallback URL answers a broken
/// NCCO, the call ends with an error event, and the lint findings are in the report.
#[test]
fn slow_answer_then_broken_fallback() {
    let app = vonage_app::slow_then_broken(Duration::from_millis(800));
    let run = call(&[
        "--to",
        &app.base(),
        "--fallback-url",
        &app.url("/fallback"),
        "--answer-deadline",
        "150ms",
        "--json",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(app.hits_on("/answer").len(), 2, "{}", received(&app));
    assert!(!app.hits_on("/fallback").is_empty());
    let codes = run.finding_codes();
    assert!(codes.iter().any(|c| c == "call.deadline"), "{codes:?}");
    assert!(
        codes
            .iter()
            .any(|c| c.starts_with("NCCO") || c == "contract.ncco"),
        "{codes:?}"
    );
    let errors: Vec<Value> = app
        .hits_on("/event")
        .iter()
        .map(|h| h.fields())
        .filter(|f| f.get("reason").is_some())
        .collect();
    assert_eq!(errors.len(), 1, "{}", received(&app));
    assert_eq!(run.summary()["ended_by"], "platform");
}

/// The status events on the event URL, for each `--order` and `--duplicate-events`.
#[test]
fn event_order_for_each_order_flag() {
    let statuses = |extra: &[&str]| {
        let app = VonageApp::builder()
            .route("/answer", |_| {
                ncco(json!([{"action": "talk", "text": "Hello"}]))
            })
            .start();
        let base = app.base();
        let mut args = vec!["--to", base.as_str()];
        args.extend_from_slice(extra);
        let run = call(&args);
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        assert!(app.refused().is_empty());
        app.statuses("/event")
    };
    assert_eq!(
        statuses(&[]),
        ["started", "ringing", "answered", "completed"]
    );
    assert_eq!(
        statuses(&["--order", "documented"]),
        ["started", "ringing", "answered", "completed"]
    );
    assert_eq!(
        statuses(&["--order", "observed"]),
        ["ringing", "started", "answered", "completed"]
    );
    let shuffled = statuses(&["--order", "shuffle"]);
    let mut sorted = shuffled.clone();
    sorted.sort();
    assert_eq!(sorted, ["answered", "completed", "ringing", "started"]);
    assert_eq!(
        statuses(&["--order", "shuffle"]),
        shuffled,
        "same seed, same order"
    );
    assert_eq!(
        statuses(&["--duplicate-events"]),
        [
            "started",
            "started",
            "ringing",
            "ringing",
            "answered",
            "answered",
            "completed",
            "completed"
        ]
    );
}

/// Exit 1: an expectation that does not hold, and an app that refuses whk's requests (its
/// secret is not whk's).
#[test]
fn failed_expectations_and_refusals_exit_1() {
    let app = vonage_app::ivr();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        "sales.json",
        &json!({"expect": [{"connected": "447700900002"}, {"input": {"dtmf": "1"}}]}),
    );
    let run = call(&[&file, "--to", &app.base(), "--press", "2"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "expected a connect to 447700900002 to be answered; the connects were 447700900003 → answered"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("expected an input to receive dtmf 1; the inputs received dtmf 2"),
        "{}",
        run.stdout
    );

    let wrong = VonageApp::builder()
        .secret("not-the-secret-whk-signs-with")
        .route("/answer", |_| {
            ncco(json!([{"action": "talk", "text": "Hi"}]))
        })
        .start();
    let run = call(&["--to", &wrong.base(), "--json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.finding_codes().iter().any(|c| c == "call.refused"),
        "{:?}",
        run.finding_codes()
    );
    assert!(!wrong.refused().is_empty());
}

/// Exit 2: usage errors and an answer URL nobody listens on.
#[test]
fn usage_errors_and_unreachable_answer_url_exit_2() {
    let run = call(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no answer URL"), "{}", run.stderr);

    let run = call(&[
        "--to",
        "http://127.0.0.1:9",
        "--callee",
        "447700900123=bussy",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown outcome \"bussy\" (did you mean `busy`?)"),
        "{}",
        run.stderr
    );

    let run = call(&["--to", "localhost:3000"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--to localhost:3000"), "{}", run.stderr);

    let run = call(&["--to", "http://127.0.0.1:9", "--hangup-after", "soon"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--hangup-after"), "{}", run.stderr);

    let port = crate::support::dead_port();
    let run = call(&["--to", &format!("http://127.0.0.1:{port}"), "--json"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
}

/// Bad scenario files: one line each, `file:line:column: message`, exit 2.
#[test]
fn bad_scenario_files_point_at_the_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "syntax.json",
            "{\n  \"answer_url\": \"http://127.0.0.1:3000/answer\",\n}\n",
        ),
        (
            "unknown-field.json",
            "{\n  \"answer_ur\": \"http://127.0.0.1:3000/answer\"\n}\n",
        ),
        (
            "wrong-type.json",
            "{\n  \"call\": {\"from\": 447700900000}\n}\n",
        ),
        (
            "bad-duration.json",
            "{\n  \"hangup_after\": \"two minutes\"\n}\n",
        ),
        (
            "bad-url.json",
            "{\n  \"answer_url\": \"localhost:3000/answer\"\n}\n",
        ),
        ("bad-method.json", "{\n  \"answer_method\": \"PUT\"\n}\n"),
        ("bad-provider.json", "{\n  \"provider\": \"vonag\"\n}\n"),
        (
            "bad-outcome.json",
            "{\n  \"callee\": {\"default\": \"bussy\"}\n}\n",
        ),
        (
            "bad-step.json",
            "{\n  \"caller\": [\n    {\"dtmf\": \"1\"},\n    {\"dtmf\": \"2\", \"speech\": \"two\"}\n  ]\n}\n",
        ),
        (
            "bad-digits.json",
            "{\n  \"caller\": [{\"dtmf\": \"1a\"}]\n}\n",
        ),
        (
            "bad-expect.json",
            "{\n  \"expect\": [{\"sayd\": \"Welcome\"}]\n}\n",
        ),
        (
            "bad-ended-by.json",
            "{\n  \"expect\": [{\"ended_by\": \"user\"}]\n}\n",
        ),
        ("not-an-object.json", "[{\"action\": \"talk\"}]\n"),
        ("empty.json", ""),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let run = call(&[path.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
        let prefix = format!("{}/", dir.path().display());
        out.push_str(&run.stderr.replace(&prefix, ""));
    }
    let run = call(&[dir.path().join("missing.json").to_str().unwrap()]);
    assert_eq!(run.code, 2);
    out.push_str(
        &run.stderr
            .replace(&format!("{}/", dir.path().display()), ""),
    );
    insta::assert_snapshot!("bad_scenario_files", out);
}

/// whk against itself: `whk listen` serves `/answer` and `/event`; every delivery of
/// `whk call --to` verifies there, and both exit 0.
#[test]
fn whk_listen_verifies_every_request_of_whk_call() {
    let listen = Listen::start(SECRET, 5);
    let run = call(&["--to", &listen.url, "--json"]);
    let (status, deliveries) = listen.finish();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.summary()["webhooks_sent"], 5);
    assert_eq!(deliveries.len(), 5, "{deliveries:?}");
    for d in &deliveries {
        assert_eq!(d["signature"]["status"], "valid", "{d}");
    }
    assert_eq!(status, Some(0));
}

/// `whk fixtures export` ships the scenario schema next to the fixtures' one.
#[test]
fn fixtures_export_writes_the_scenario_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::whk_std()
        .args(["fixtures", "export"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shipped = std::fs::read(dir.path().join("scenario.schema.json")).unwrap();
    let source = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenario.schema.json"),
    )
    .unwrap();
    assert_eq!(shipped, source);
}

/// `--press` and `--say` answer the inputs in the order they are written, whichever flag.
#[test]
fn press_and_say_answer_inputs_in_command_line_order() {
    let two_inputs = || {
        VonageApp::builder()
            .route("/answer", |r| {
                ncco(json!([
                    {"action": "talk", "text": "How can I help?"},
                    {"action": "input", "type": ["dtmf", "speech"],
                     "dtmf": {"maxDigits": 1}, "speech": {"language": "en-GB"},
                     "eventUrl": [format!("{}/input", vonage_app::base_of(r))]}
                ]))
            })
            .route("/input", |r| {
                let b = r.json();
                let digits = b.pointer("/dtmf/digits").and_then(Value::as_str);
                let words = b.pointer("/speech/results/0/text").and_then(Value::as_str);
                // 9, or nothing at all (the input timed out): goodbye.
                if digits == Some("9") || (digits.is_none_or(str::is_empty) && words.is_none()) {
                    return ncco(json!([{"action": "talk", "text": "Goodbye."}]));
                }
                ncco(json!([
                    {"action": "input", "type": ["dtmf", "speech"],
                     "dtmf": {"maxDigits": 1}, "speech": {"language": "en-GB"},
                     "eventUrl": [format!("{}/input", vonage_app::base_of(r))]}
                ]))
            })
            .start()
    };
    let heard = |app: &VonageApp| -> Vec<String> {
        app.hits_on("/input")
            .iter()
            .map(|h| {
                let b = h.fields();
                match b.pointer("/dtmf/digits").and_then(Value::as_str) {
                    Some(d) if !d.is_empty() => format!("dtmf {d}"),
                    _ => match b.pointer("/speech/results/0/text").and_then(Value::as_str) {
                        Some(t) => format!("speech {t}"),
                        None => "timed out".to_string(),
                    },
                }
            })
            .collect()
    };
    let app = two_inputs();
    let run = call(&[
        "--to",
        &app.base(),
        "--say",
        "book a cleaning",
        "--press",
        "2",
        "--press",
        "9",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(heard(&app), ["speech book a cleaning", "dtmf 2", "dtmf 9"]);

    let app = two_inputs();
    let run = call(&["--to", &app.base(), "--press", "2", "--say", "yes please"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // The caller's steps ran out at the third input: it times out.
    assert_eq!(heard(&app), ["dtmf 2", "speech yes please", "timed out"]);
}

/// `--hangup-after`: a call held in a conversation ends when the caller hangs up, and the
/// expectations about who ended it and how long it took hold.
#[test]
fn the_caller_hangs_up_after_the_given_time() {
    let app = VonageApp::builder()
        .route("/answer", |_| {
            ncco(json!([
                {"action": "talk", "text": "Joining the conference."},
                {"action": "conversation", "name": "standup"}
            ]))
        })
        .start();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        "hangup.json",
        &json!({"expect": [{"ended_by": "caller"}, {"max_duration": "90s"}]}),
    );
    let run = call(&[
        &file,
        "--to",
        &app.base(),
        "--hangup-after",
        "90s",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let s = run.summary();
    assert_eq!(s["ended_by"], "caller");
    assert_eq!(s["duration_s"], 90.0);
    let completed = app.hits_on("/event").last().map(|h| h.fields()).unwrap();
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["duration"], "90");

    // The same call, expected to be shorter: one finding, exit 1.
    let run = call(&[&file, "--to", &app.base(), "--hangup-after", "2m", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.finding_codes(),
        ["call.expect_max_duration"],
        "{}",
        run.stdout
    );
}
