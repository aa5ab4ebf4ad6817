//! `whk call --record DIR`: the real binary plays an IVR call against a verifying Vonage app
//! and writes it as a lifecycle; `whk replay` sends the recording into a second verifying app
//! and passes, with the same requests, in the same order.

use std::time::Duration;

use serde_json::Value;

use crate::support::vonage_app::{self, Hit};
use crate::support::whk;

fn call_ivr(app: &vonage_app::VonageApp, dir: &std::path::Path) -> std::process::Output {
    whk()
        .args(["call", "--to", &app.base(), "--press", "1", "--seed", "7"])
        .arg("--record")
        .arg(dir)
        .env("VONAGE_SIGNATURE_SECRET", vonage_app::SECRET)
        .env("WHK_NOW", "1700000000")
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

/// What a request carried, without what is fresh on each send (the signature).
fn shape(h: &Hit) -> (String, String, Value) {
    (h.request.method.clone(), h.path().to_string(), h.fields())
}

#[test]
fn a_recorded_call_replays_into_a_verifying_app() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("ivr");
    let first = vonage_app::ivr();
    let out = call_ivr(&first, &rec);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("recorded"), "{stderr}");
    let sent = first.hits();
    assert!(first.refused().is_empty());
    assert!(sent.len() >= 8, "{} requests", sent.len());

    // The files: a lifecycle, one envelope per request, the timeline.
    let lifecycle: Value =
        serde_json::from_slice(&std::fs::read(rec.join("lifecycle.json")).unwrap()).unwrap();
    let steps = lifecycle["steps"].as_array().unwrap();
    assert_eq!(steps.len(), sent.len());
    assert_eq!(steps[0]["fixture"], "requests/0001-answer.json");
    assert_eq!(lifecycle["provider"], "vonage");
    assert_eq!(
        std::fs::read_dir(rec.join("requests")).unwrap().count(),
        sent.len()
    );
    let timeline = std::fs::read_to_string(rec.join("timeline.jsonl")).unwrap();
    assert!(
        timeline
            .lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
    );

    // Replayed into a fresh app: every request verifies and every answer passes.
    let second = vonage_app::ivr();
    let replay = whk()
        .arg("replay")
        .arg(rec.join("lifecycle.json"))
        .args(["--to", &second.base(), "--gap", "0ms"])
        .env("VONAGE_SIGNATURE_SECRET", vonage_app::SECRET)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&replay.stdout);
    assert_eq!(
        replay.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    assert!(second.refused().is_empty(), "{:?}", second.refused());
    let again = second.hits();
    assert_eq!(
        again.iter().map(shape).collect::<Vec<_>>(),
        sent.iter().map(shape).collect::<Vec<_>>(),
        "the replay sends what the call sent, in order"
    );
}

#[test]
fn recording_again_replaces_the_recording() {
    let dir = tempfile::tempdir().unwrap();
    let app = vonage_app::ivr();
    assert_eq!(call_ivr(&app, dir.path()).status.code(), Some(0));
    let n = std::fs::read_dir(dir.path().join("requests"))
        .unwrap()
        .count();
    std::fs::write(dir.path().join("requests").join("9999-stale.json"), "{}").unwrap();
    assert_eq!(call_ivr(&app, dir.path()).status.code(), Some(0));
    assert_eq!(
        std::fs::read_dir(dir.path().join("requests"))
            .unwrap()
            .count(),
        n
    );
}

#[test]
fn a_record_dir_that_cannot_be_made_is_a_usage_error_before_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let app = vonage_app::ivr();
    let out = call_ivr(&app, &file.join("rec"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--record"), "{stderr}");
    assert!(app.hits().is_empty());
}
