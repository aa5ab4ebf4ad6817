//! `whk call --repeat N --concurrency C`: many calls against a verifying Vonage app, fresh ids
//! for each, one summary.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::Value;

use crate::support::vonage_app;
use crate::support::whk;

fn repeat(app: &vonage_app::VonageApp, extra: &[&str]) -> (i32, String, String) {
    let out = whk()
        .args(["call", "--to", &app.base(), "--press", "1"])
        .args(extra)
        .env("VONAGE_SIGNATURE_SECRET", vonage_app::SECRET)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn many_calls_fresh_ids_one_summary() {
    let app = vonage_app::ivr();
    let (code, stdout, stderr) = repeat(
        &app,
        &[
            "--repeat",
            "12",
            "--concurrency",
            "4",
            "--seed",
            "1",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "only the summary, no timelines: {stdout}");
    let s: Value = serde_json::from_str(lines[0]).unwrap();
    let s = &s["summary"];
    assert_eq!(s["calls"], 12);
    assert_eq!(s["concurrency"], 4);
    assert_eq!(s["calls_clean"], 12);
    assert_eq!(s["calls_failed"], 0);
    assert_eq!(s["findings"], 0);
    assert_eq!(s["exit"], 0);
    let hits = app.hits();
    assert!(app.refused().is_empty(), "{:?}", app.refused());
    assert_eq!(s["webhooks_sent"].as_u64().unwrap() as usize, hits.len());
    // Every call has its own uuid and conversation.
    let answers = app.hits_on("/answer");
    assert_eq!(answers.len(), 12);
    let uuids: BTreeSet<String> = answers
        .iter()
        .map(|h| h.fields()["uuid"].as_str().unwrap().to_string())
        .collect();
    let conversations: BTreeSet<String> = answers
        .iter()
        .map(|h| {
            h.fields()["conversation_uuid"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!((uuids.len(), conversations.len()), (12, 12));
    assert_eq!(app.hits_on("/input").len(), 12);
}

#[test]
fn a_failing_app_is_counted_per_code_and_exits_1() {
    // The app verifies with another secret: every request is refused with 401.
    let app = vonage_app::VonageApp::builder()
        .secret("not-the-secret-whk-signs-with-0123456789")
        .route("/answer", |_| {
            vonage_app::ncco(serde_json::json!([{"action": "talk", "text": "Hi"}]))
        })
        .start();
    let (code, stdout, stderr) = repeat(&app, &["--repeat", "5", "--concurrency", "2"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let line = stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("5 calls (2 at a time): 0 clean, 5 failed"),
        "{line}"
    );
    assert!(line.contains("call.refused"), "{line}");
}

#[test]
fn no_app_at_all_is_exit_2() {
    let port = crate::support::dead_port();
    let out = whk()
        .args(["call", "--to", &format!("http://127.0.0.1:{port}")])
        .args(["--repeat", "3", "--json"])
        .env("VONAGE_SIGNATURE_SECRET", vonage_app::SECRET)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["summary"]["calls_unreachable"], 3);
}
