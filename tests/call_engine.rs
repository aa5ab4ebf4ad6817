//! `whk call`'s engine, end to end: the real binary plays Vonage calls against the sample apps
//! of `support::vonage_app` (real servers on 127.0.0.1 that verify every request's JWT and
//! `payload_hash`), on a fixed clock (`WHK_NOW`) with pinned ids (`--seed`), so timelines are
//! whole-output snapshots (only the measured latencies are masked).

use serde_json::{Value, json};

use crate::support::dead_port;
use crate::support::vonage_app::{self, SECRET, VonageApp, base_of, ncco, no_content};
use crate::support::whk;

const NOW: &str = "2026-01-01T12:00:00Z";

/// `whk call` against `app` with a fixed clock, seed 1 (unless `args` give one) and the apps'
/// secret.
fn call(app: &VonageApp, args: &[&str]) -> (String, i32) {
    let seed: &[&str] = if args.contains(&"--seed") {
        &[]
    } else {
        &["--seed", "1"]
    };
    let out = whk()
        .args(["call", "--to", &app.base(), "--secret", SECRET])
        .args(seed)
        .args(args)
        .env("WHK_NOW", NOW)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    (mask(&stdout, &app.base()), out.status.code().unwrap())
}

/// `whk call FILE` for a scenario, with the fixed clock, seed 1 and the apps' secret: the exit
/// code.
fn call_file(scenario: &Value) -> i32 {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.json");
    std::fs::write(&file, scenario.to_string()).unwrap();
    let file = file.to_str().unwrap();
    let out = whk()
        .args(["call", file, "--secret", SECRET, "--seed", "1"])
        .env("WHK_NOW", NOW)
        .output()
        .unwrap();
    out.status.code().unwrap()
}

/// Latencies (`200 in 0.41ms`, `"latency_ms":0.412`) and the app's address vary by run.
fn mask(text: &str, base: &str) -> String {
    let text = text.replace(base, "http://APP");
    let mut out = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        if let Some(i) = l.find(" in ") {
            let rest = &l[i + 4..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if rest[..end].ends_with("ms") || rest[..end].ends_with('s') {
                l = format!("{} in LAT{}", &l[..i], &rest[end..]);
            }
        }
        if let Some(i) = l.find("\"latency_ms\":") {
            let rest = &l[i + 13..];
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            l = format!("{}\"latency_ms\":0{}", &l[..i], &rest[end..]);
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn summary(lines: &[Value]) -> &Value {
    &lines.last().unwrap()["summary"]
}

/// Every request the app got verified (JWT and payload_hash).
fn all_verified(app: &VonageApp) {
    assert!(app.refused().is_empty(), "{:?}", app.refused());
}

#[test]
fn ivr_press_1_connects_sales_and_the_caller_hangs_up() {
    let app = vonage_app::ivr();
    let (out, code) = call(&app, &["--press", "1", "--hangup-after", "30s"]);
    assert_eq!(code, 0, "{out}");
    all_verified(&app);
    let input = &app.hits_on("/input")[0].fields();
    assert_eq!(input["dtmf"], json!({"digits": "1", "timed_out": false}));
    assert_eq!(input["speech"], json!({"results": []}));
    insta::assert_snapshot!(out);
}

/// The ids: a PSTN leg's `uuid` is 32 lower-case hex digits, the conversation `CON-` and a
/// dashed UUID, and every event of the call carries the same conversation (the answer's field
/// order: `call::ivr_press_1_reaches_sales`).
#[test]
fn the_call_ids_look_like_vonages() {
    let app = vonage_app::ivr();
    let (_, code) = call(&app, &["--hangup-after", "5s"]);
    assert_eq!(code, 0);
    let answer = &app.hits_on("/answer")[0];
    let f = answer.fields();
    let uuid = f["uuid"].as_str().unwrap();
    assert_eq!(uuid.len(), 32);
    assert!(
        uuid.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let conv = f["conversation_uuid"].as_str().unwrap();
    assert!(conv.starts_with("CON-") && conv.len() == 40, "{conv}");
    // Every event of the call carries the same ids.
    for h in app.hits_on("/event") {
        assert_eq!(h.fields()["conversation_uuid"], conv, "{:?}", h.fields());
    }
}

#[test]
fn answer_method_post_sends_the_fields_as_json() {
    let app = vonage_app::ivr();
    let code = call_file(
        &json!({"answer_url": app.url("/answer"), "answer_method": "POST",
                                 "event_url": app.url("/event"), "hangup_after": "2s"}),
    );
    assert_eq!(code, 0);
    let answer = &app.hits_on("/answer")[0];
    assert_eq!(answer.request.method, "POST");
    let keys: Vec<String> = answer
        .fields()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        keys,
        ["to", "from", "conversation_uuid", "uuid", "region_url"]
    );
    all_verified(&app);
}

#[test]
fn voicemail_records_until_silence_and_reports_the_recording() {
    let app = vonage_app::voicemail();
    let (out, code) = call(&app, &[]);
    assert_eq!(code, 0, "{out}");
    all_verified(&app);
    let rec = app.hits_on("/recording")[0].fields();
    let uuid = rec["recording_uuid"].as_str().unwrap();
    assert_eq!(
        rec["recording_url"],
        format!("https://api.nexmo.com/v1/files/{uuid}")
    );
    assert_eq!(rec["start_time"], "2026-01-01T12:00:02.470Z");
    assert_eq!(rec["end_time"], "2026-01-01T12:00:10.470Z");
    assert_eq!(rec["size"], 16000);
    insta::assert_snapshot!(out);
}

/// The child leg's status events (on the connect's eventUrl) for each callee outcome, and
/// whether the synchronous failover reached the backup.
#[test]
fn each_callee_outcome_and_the_synchronous_failover() {
    let cases = [
        (
            "busy",
            vec!["started", "ringing", "busy", "completed"],
            true,
        ),
        (
            "unanswered",
            vec!["started", "ringing", "unanswered", "completed"],
            true,
        ),
        ("rejected", vec!["started", "rejected"], true),
        ("failed", vec!["started", "failed", "completed"], true),
        (
            "timeout",
            vec!["started", "ringing", "timeout", "completed"],
            true,
        ),
        (
            "answered",
            vec!["started", "ringing", "answered", "completed"],
            false,
        ),
    ];
    for (outcome, statuses, failed_over) in cases {
        let app = vonage_app::failover();
        let callee = format!("447700900123={outcome}");
        let (out, code) = call(&app, &["--callee", &callee, "--hangup-after", "90s"]);
        assert_eq!(code, 0, "{outcome}: {out}");
        all_verified(&app);
        assert_eq!(app.statuses("/connect-event"), statuses, "{outcome}");
        let hits = app.hits_on("/connect-event");
        let failure = hits.iter().map(|h| h.fields()).find(|f| {
            f["status"] != "started" && f["status"] != "ringing" && f["status"] != "completed"
        });
        let f = failure.unwrap();
        assert_eq!(f["direction"], "outbound", "{outcome}");
        let leg = f["uuid"].as_str().unwrap();
        assert_eq!(leg.len(), 32, "a phone leg's uuid has no dashes");
        match outcome {
            "unanswered" => assert_eq!(f["detail"], "unavailable"),
            "rejected" => assert_eq!(f["detail"], "declined"),
            "failed" => assert_eq!(f["detail"], "cannot_route"),
            _ => assert!(f.get("detail").is_none(), "{outcome}: {f}"),
        }
        assert_eq!(
            out.contains("connect 447700900124 → answered"),
            failed_over,
            "{outcome}: {out}"
        );
        assert!(
            out.contains(&format!("connect 447700900123 → {outcome}")),
            "{out}"
        );
    }
}

#[test]
fn a_busy_callee_fails_over_timeline() {
    let app = vonage_app::failover();
    let (out, code) = call(
        &app,
        &["--callee", "447700900123=busy", "--hangup-after", "40s"],
    );
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!(out);
}

/// An app with machine detection on its connect.
fn amd_app(behavior: &'static str) -> VonageApp {
    VonageApp::builder()
        .route("/answer", move |r| {
            ncco(json!([
                {"action": "connect", "machineDetection": behavior,
                 "eventUrl": [format!("{}/leg", base_of(r))],
                 "endpoint": [{"type": "phone", "number": "447700900555"}]},
                {"action": "talk", "text": "The other side hung up."}
            ]))
        })
        .route("/leg", |_| no_content())
        .start()
}

#[test]
fn machine_detection_reports_human_or_machine_with_call_uuid() {
    let app = amd_app("hangup");
    let (out, code) = call(&app, &["--callee", "447700900555=machine"]);
    assert_eq!(code, 0, "{out}");
    let leg = app.hits_on("/leg");
    let machine = leg
        .iter()
        .map(|h| h.fields())
        .find(|f| f["status"] == "machine")
        .unwrap();
    assert!(machine.get("uuid").is_none());
    assert!(machine.get("direction").is_none());
    assert_eq!(machine["to"], "447700900555");
    assert_eq!(machine["call_uuid"].as_str().unwrap().len(), 32);
    // Hung up on the machine: completed right after, then the NCCO goes on.
    assert_eq!(
        app.statuses("/leg"),
        ["started", "ringing", "answered", "machine", "completed"]
    );
    assert!(out.contains("talk \"The other side hung up.\""), "{out}");

    let app = amd_app("continue");
    let (out, code) = call(&app, &["--hangup-after", "10s"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        app.statuses("/leg"),
        ["started", "ringing", "answered", "human", "completed"]
    );
    assert!(
        out.contains("connect 447700900555 → answered (human)"),
        "{out}"
    );
}

/// The caller leg's events on /event, for an app that answers one talk.
fn talk_app() -> VonageApp {
    VonageApp::builder()
        .route("/answer", |_| {
            ncco(json!([{"action": "talk", "text": "Hi."}]))
        })
        .start()
}

/// `--order observed` sends ringing and started with one timestamp; duplicated events are the
/// same bytes twice (the orders themselves: `call::event_order_for_each_order_flag`).
#[test]
fn observed_events_share_a_timestamp_and_duplicates_are_identical() {
    let app = talk_app();
    call(&app, &["--order", "observed"]);
    let ts: Vec<Value> = app.hits_on("/event")[..2]
        .iter()
        .map(|h| h.fields()["timestamp"].clone())
        .collect();
    assert_eq!(ts[0], ts[1], "ringing and started share a timestamp");
    let app = talk_app();
    let (out, code) = call(&app, &["--duplicate-events"]);
    assert_eq!(code, 0, "{out}");
    let bodies: Vec<Vec<u8>> = app
        .hits_on("/event")
        .into_iter()
        .map(|h| h.request.body)
        .collect();
    assert_eq!(bodies.len(), 8);
    for pair in bodies.chunks(2) {
        assert_eq!(pair[0], pair[1]);
    }
}

#[test]
fn completed_carries_times_duration_rate_price_and_network() {
    let app = talk_app();
    call(&app, &[]);
    let done = app.hits_on("/event").last().unwrap().fields();
    assert_eq!(done["status"], "completed");
    for k in [
        "start_time",
        "end_time",
        "duration",
        "rate",
        "price",
        "network",
        "disconnected_by",
    ] {
        assert!(done.get(k).is_some(), "{k} missing from {done}");
    }
    assert_eq!(done["start_time"], "2026-01-01T12:00:00.000Z");
    assert_eq!(done["end_time"], "2026-01-01T12:00:00.500Z");
    assert_eq!(done["disconnected_by"], "platform");
}

#[test]
fn a_slow_answer_url_falls_back_and_a_broken_ncco_ends_the_call() {
    let app = vonage_app::slow_then_broken(std::time::Duration::from_millis(400));
    let fallback = app.url("/fallback");
    let (out, code) = call(
        &app,
        &["--fallback-url", &fallback, "--answer-deadline", "100ms"],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        app.hits_on("/answer").len(),
        2,
        "the answer URL is tried twice"
    );
    let fb = app.hits_on("/fallback");
    assert_eq!(fb.len(), 1, "the broken reply is not retried");
    let f = fb[0].fields();
    assert_eq!(f["reason"], "Timeout.");
    // A GET carries the object as JSON in its query field.
    let original: Value = serde_json::from_str(f["original_request"].as_str().unwrap()).unwrap();
    assert_eq!(
        original,
        json!({"url": app.url("/answer"), "type": "answer"})
    );
    // The error event, then nothing else.
    let events = app.hits_on("/event");
    assert_eq!(events.len(), 1);
    let e = events[0].fields();
    assert_eq!(
        e["reason"],
        "Syntax error in NCCO. Invalid value type or action."
    );
    insta::assert_snapshot!(out);
}

#[test]
fn an_unreachable_answer_url_is_exit_2() {
    let port = dead_port();
    let out = whk()
        .args([
            "call",
            "--answer-url",
            &format!("http://127.0.0.1:{port}/answer"),
        ])
        .args(["--secret", SECRET])
        .env("WHK_NOW", NOW)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("the answer URL cannot be reached"), "{err}");
}

#[test]
fn an_app_that_refuses_whks_valid_signature_is_a_finding_with_causes() {
    let app = VonageApp::builder()
        .secret("not-the-secret-whk-signs-with")
        .route("/answer", |_| {
            ncco(json!([{"action": "talk", "text": "Hi."}]))
        })
        .start();
    let (out, code) = call(&app, &["--json"]);
    assert_eq!(code, 1, "{out}");
    let lines = json_lines(&out);
    let s = summary(&lines);
    let f = &s["findings"][0];
    assert_eq!(f["code"], "call.refused");
    assert!(f["message"].as_str().unwrap().contains("HTTP 401"), "{f}");
    assert!(f["hint"].as_str().unwrap().contains("the secret"), "{f}");
    assert_eq!(s["ended_by"], "platform");
    assert_eq!(s["exit"], 1);
}

/// Every other action in one app: talk with loop and bargeIn, stream, wait, speech and silent
/// inputs, notify replacing the NCCO, transfer.
fn actions_app() -> VonageApp {
    VonageApp::builder()
        .route("/answer", |r| {
            let base = base_of(r);
            ncco(json!([
                {"action": "talk", "text": "Hello there.", "loop": 2},
                {"action": "stream", "streamUrl": ["https://example.com/hold.mp3"]},
                {"action": "wait", "timeout": 3},
                {"action": "talk", "text": "Press a key or speak.", "bargeIn": true},
                {"action": "input", "type": ["dtmf", "speech"],
                 "speech": {"endOnSilence": 1},
                 "eventUrl": [format!("{base}/input")]}
            ]))
        })
        .route("/input", |r| {
            let base = base_of(r);
            let f = r.json();
            if f.pointer("/speech/results/0/text").is_some() {
                ncco(json!([
                    {"action": "input", "type": ["speech"], "speech": {"startTimeout": 4},
                     "eventUrl": [format!("{base}/input")]}
                ]))
            } else if f.pointer("/speech/timeout_reason") == Some(&json!("start_timeout")) {
                ncco(json!([
                    {"action": "notify", "payload": {"step": "silence"},
                     "eventUrl": [format!("{base}/notify")]},
                    {"action": "talk", "text": "never said: the notify reply replaces it"}
                ]))
            } else {
                ncco(json!([{"action": "talk", "text": "Goodbye."}]))
            }
        })
        .route("/notify", |_| {
            ncco(json!([
                {"action": "transfer", "conversationId": "CON-other"}
            ]))
        })
        .start()
}

#[test]
fn every_action_runs_on_the_virtual_clock() {
    let app = actions_app();
    let (out, code) = call(&app, &["--say", "book a cleaning", "--hangup-after", "60s"]);
    assert_eq!(code, 0, "{out}");
    all_verified(&app);
    let inputs = app.hits_on("/input");
    assert_eq!(inputs.len(), 2);
    let first = inputs[0].fields();
    assert_eq!(
        first["speech"],
        json!({"timeout_reason": "end_on_silence_timeout",
               "results": [{"text": "book a cleaning", "confidence": "0.9"}]})
    );
    assert_eq!(first["dtmf"], json!({"digits": null, "timed_out": false}));
    assert_eq!(
        inputs[1].fields()["speech"],
        json!({"timeout_reason": "start_timeout", "results": []})
    );
    assert_eq!(
        app.hits_on("/notify")[0].fields(),
        json!({"step": "silence"})
    );
    let transfer = app
        .hits_on("/event")
        .into_iter()
        .map(|h| h.fields())
        .find(|f| f.get("conversation_uuid_to").is_some())
        .unwrap();
    assert_eq!(transfer["conversation_uuid_to"], "CON-other");
    assert!(!out.contains("never said"));
    insta::assert_snapshot!(out);
}

#[test]
fn barge_in_cuts_a_talk_short_when_the_caller_keys() {
    let app = actions_app();
    let (out, _) = call(&app, &["--press", "9", "--hangup-after", "20s", "--json"]);
    let lines = json_lines(&out);
    let talks: Vec<&Value> = lines
        .iter()
        .filter(|l| l["type"] == "action" && l["action"] == "talk")
        .collect();
    assert_eq!(talks[0]["duration_ms"], 1560, "loop 2 of 780 ms");
    assert_eq!(talks[1]["barged_in"], true);
    assert_eq!(talks[1]["duration_ms"], 1000);
}

#[test]
fn json_lines_and_summary() {
    let app = vonage_app::ivr();
    let (out, code) = call(&app, &["--press", "2", "--hangup-after", "20s", "--json"]);
    assert_eq!(code, 0);
    let lines = json_lines(&out);
    for l in &lines[..lines.len() - 1] {
        assert!(l["t_ms"].is_u64(), "{l}");
        assert!(
            ["request", "action", "event", "media"].contains(&l["type"].as_str().unwrap()),
            "{l}"
        );
    }
    let s = summary(&lines);
    assert_eq!(s["ended_by"], "caller");
    assert_eq!(s["exit"], 0);
    assert_eq!(s["seed"], 1);
    assert_eq!(s["findings"], json!([]));
    assert!(s["actions_run"].as_u64().unwrap() >= 4);
    assert!(s["webhooks_sent"].as_u64().unwrap() >= 8);
    assert_eq!(s["duration_s"], 20.0);
    insta::assert_snapshot!(out);
}

#[test]
fn a_ten_minute_call_runs_in_well_under_a_second() {
    let app = VonageApp::builder()
        .route("/answer", |_| {
            ncco(json!([{"action": "conversation", "name": "hold"}]))
        })
        .start();
    let started = std::time::Instant::now();
    let (out, code) = call(&app, &["--hangup-after", "10m"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("call ended by the caller after 600.0 s"),
        "{out}"
    );
    // Generous: a debug build on a shared machine; the point is it does not take 10 minutes.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_background_recording_ends_with_the_call_and_is_transcribed() {
    let app = VonageApp::builder()
        .route("/answer", |r| {
            let base = base_of(r);
            ncco(json!([
                {"action": "record", "eventUrl": [format!("{base}/recording")],
                 "transcription": {"eventUrl": [format!("{base}/transcript")]}},
                {"action": "conversation", "name": "room"}
            ]))
        })
        .route("/recording", |_| no_content())
        .route("/transcript", |_| no_content())
        .start();
    let (out, code) = call(&app, &["--hangup-after", "30s", "--json"]);
    assert_eq!(code, 0, "{out}");
    all_verified(&app);
    let rec = app.hits_on("/recording")[0].fields();
    assert_eq!(rec["start_time"], "2026-01-01T12:00:00.000Z");
    assert_eq!(rec["end_time"], "2026-01-01T12:00:30.000Z");
    let tr = app.hits_on("/transcript")[0].fields();
    assert_eq!(tr["recording_uuid"], rec["recording_uuid"]);
    assert_eq!(tr["status"], "transcribed");
    assert_eq!(tr["type"], "record");
    // The recording's callbacks come before the call's completed event.
    let kinds: Vec<String> = json_lines(&out)
        .iter()
        .filter(|l| l["type"] == "request")
        .map(|l| l["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds[kinds.len() - 3..],
        ["record", "transcription", "completed"]
    );
}

#[test]
fn who_ends_the_call_callee_and_platform() {
    // No hang-up: the sales callee hangs up after 60 s and the NCCO has run out.
    let app = vonage_app::ivr();
    let (out, code) = call(&app, &["--press", "1", "--json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(summary(&json_lines(&out))["ended_by"], "callee");
    // A conversation with nobody hanging up lasts until Vonage's 2-hour limit.
    let app = VonageApp::builder()
        .route("/answer", |_| {
            ncco(json!([{"action": "conversation", "name": "hold"}]))
        })
        .start();
    let (out, code) = call(&app, &["--json"]);
    assert_eq!(code, 0, "{out}");
    let lines = json_lines(&out);
    assert_eq!(summary(&lines)["ended_by"], "platform");
    assert_eq!(summary(&lines)["duration_s"], 7200.0);
    let done = app.hits_on("/event").last().unwrap().fields();
    assert_eq!(done["duration"], "7200");
    assert_eq!(done["disconnected_by"], "platform");
}

#[test]
fn github_annotations_name_the_finding_code() {
    let app = VonageApp::builder()
        .secret("not-the-secret-whk-signs-with")
        .start();
    let (out, code) = call(&app, &["--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("::error title=call.refused::whk call "),
        "{out}"
    );
}

#[test]
fn realtime_runs_on_the_wall_clock() {
    let app = talk_app();
    let started = std::time::Instant::now();
    let (out, code) = call(&app, &["--realtime"]);
    assert_eq!(code, 0, "{out}");
    // "Hi." takes half a second of speech; on the wall clock that is really waited.
    assert!(started.elapsed() >= std::time::Duration::from_millis(500));
}

#[test]
fn an_ncco_that_replaces_itself_forever_is_stopped() {
    let app = VonageApp::builder()
        .route("/answer", |r| {
            ncco(json!([{"action": "notify", "payload": {},
                         "eventUrl": [format!("{}/again", base_of(r))]}]))
        })
        .route("/again", |r| {
            ncco(json!([{"action": "notify", "payload": {},
                         "eventUrl": [format!("{}/again", base_of(r))]}]))
        })
        .start();
    let (out, code) = call(&app, &["--json"]);
    assert_eq!(code, 1);
    let lines = json_lines(&out);
    let s = summary(&lines);
    assert_eq!(s["ended_by"], "platform");
    assert_eq!(s["actions_run"], 1000);
    assert_eq!(s["findings"][0]["code"], "call.runaway");
}

/// An outbound call (`call.direction: outbound`) rings and is answered before the answer URL
/// is asked; an inbound one asks first.
#[test]
fn an_outbound_call_asks_the_answer_url_once_answered() {
    let app = talk_app();
    let code = call_file(
        &json!({"answer_url": app.url("/answer"), "event_url": app.url("/event"),
                                 "call": {"direction": "outbound"}}),
    );
    assert_eq!(code, 0);
    let paths: Vec<String> = app
        .hits()
        .iter()
        .map(|h| {
            let f = h.fields();
            f["status"].as_str().unwrap_or(h.path()).to_string()
        })
        .collect();
    assert_eq!(
        paths,
        ["started", "ringing", "answered", "/answer", "completed"]
    );
    assert_eq!(app.hits_on("/event")[0].fields()["direction"], "outbound");
}

#[test]
fn save_audio_adds_the_speech_recording_url_and_limit_ends_a_connect() {
    let app = VonageApp::builder()
        .route("/answer", |r| {
            ncco(json!([
                {"action": "input", "type": ["speech"], "speech": {"saveAudio": true},
                 "eventUrl": [format!("{}/input", base_of(r))]}
            ]))
        })
        .route("/input", |_| {
            ncco(json!([
                {"action": "connect", "limit": 20,
                 "endpoint": [{"type": "app", "user": "alice"}]}
            ]))
        })
        .start();
    let (out, code) = call(&app, &["--say", "hello", "--json"]);
    assert_eq!(code, 0, "{out}");
    let speech = app.hits_on("/input")[0].fields()["speech"].clone();
    assert!(
        speech["recording_url"]
            .as_str()
            .unwrap()
            .starts_with("https://api.nexmo.com/v1/files/"),
        "{speech}"
    );
    let lines = json_lines(&out);
    let connect = lines.iter().find(|l| l["action"] == "connect").unwrap();
    assert_eq!(connect["target"], "alice");
    assert_eq!(connect["endpoint_type"], "app");
    // An app leg's uuid is a dashed UUID; ringing 5 s, then the limit (20 s), not 60 s.
    assert_eq!(connect["leg"].as_str().unwrap().len(), 36);
    assert_eq!(connect["duration_ms"], 25_000);
    assert_eq!(summary(&lines)["ended_by"], "callee");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let app = talk_app();
    let run = |no_color: bool| {
        let mut c = whk();
        if !no_color {
            c.env_remove("NO_COLOR");
        }
        let out = c
            .args([
                "--color",
                "always",
                "call",
                "--to",
                &app.base(),
                "--secret",
                SECRET,
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(false).contains("\u{1b}["));
    assert!(!run(true).contains('\u{1b}'));
    // Not a terminal and no --color: plain.
    let (out, _) = call(&app, &[]);
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn on_answer_is_asked_for_the_callee_and_held_to_the_ncco_contract() {
    let app = VonageApp::builder()
        .route("/answer", |r| {
            ncco(json!([
                {"action": "connect", "endpoint": [{"type": "phone", "number": "447700900777",
                  "onAnswer": {"url": format!("{}/whisper", base_of(r))}}]}
            ]))
        })
        .route("/whisper", |_| {
            ncco(json!([{"action": "talk", "txt": "Call from the IVR"}]))
        })
        .start();
    let (out, code) = call(&app, &["--hangup-after", "10s", "--json"]);
    assert_eq!(code, 1, "{out}");
    let whisper = &app.hits_on("/whisper")[0];
    assert_eq!(whisper.request.method, "GET");
    assert_eq!(whisper.fields()["to"], "447700900777");
    let lines = json_lines(&out);
    assert_eq!(summary(&lines)["findings"][0]["code"], "contract.ncco");
}
