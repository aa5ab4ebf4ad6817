//! `whk call --provider twilio|signalwire` as a user meets it: the real binary against the
//! sample apps of `support::twilio_app` (real servers on 127.0.0.1 port 0 that check every
//! `X-Twilio-Signature` as twilio-node's `validateRequest` does and record what they
//! receive), on a fixed clock (`WHK_NOW`) with pinned ids (`--seed`).

use serde_json::{Value, json};

use crate::support::call_run::{Listen, Run, stable};
use crate::support::twilio_app::{self, AUTH_TOKEN, TwilioApp, twiml};

const NOW: &str = "2026-01-15T10:00:00Z";

/// `whk call --provider P ARGS --secret AUTH_TOKEN --seed 7` at a fixed time.
fn call(provider: &str, args: &[&str]) -> Run {
    Run::of(
        crate::support::whk_std()
            .args(["call", "--provider", provider])
            .args(args)
            .args(["--secret", AUTH_TOKEN, "--seed", "7"])
            .env("WHK_NOW", NOW)
            .output()
            .unwrap(),
    )
}

/// What the app received, one request per block: method, path, form body.
fn received(app: &TwilioApp) -> String {
    let mut out = String::new();
    for h in app.hits() {
        out.push_str(&format!(
            "{} {}\n",
            h.request.method, h.request.path_and_query
        ));
        for (k, v) in h.params() {
            out.push_str(&format!("  {k}={v}\n"));
        }
    }
    stable(&out, &app.base())
}

fn write_scenario(dir: &tempfile::TempDir, v: &Value) -> String {
    let path = dir.path().join("scenario.json");
    std::fs::write(&path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    path.display().to_string()
}

/// The IVR: the caller presses 1; `/menu` (a relative `action`) dials sales, who answer and
/// talk until the callee hangs up; `/dial-status` hangs up. Every request verifies like
/// twilio-node; the human timeline and the fields the app received are snapshots.
#[test]
fn ivr_gather_then_dial() {
    let app = twilio_app::ivr();
    let run = call("twilio", &["--to", &app.base(), "--press", "1"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(app.refused().is_empty(), "{:?}", app.refused());
    let paths: Vec<String> = app.hits().iter().map(|h| h.path().to_string()).collect();
    assert_eq!(paths, ["/voice", "/menu", "/dial-status", "/status"]);
    let menu = &app.hits_on("/menu")[0];
    assert_eq!(menu.param("Digits").as_deref(), Some("1"));
    assert_eq!(menu.param("FinishedOnKey").as_deref(), Some(""));
    let dial = &app.hits_on("/dial-status")[0];
    assert_eq!(dial.param("DialCallStatus").as_deref(), Some("completed"));
    assert_eq!(dial.param("DialCallDuration").as_deref(), Some("60"));
    insta::assert_snapshot!("ivr_gather_then_dial", stable(&run.stdout, &app.base()));
    insta::assert_snapshot!("ivr_gather_then_dial_received", received(&app));
}

/// No input: the `<Gather>` times out and the document falls through to the goodbye and
/// `<Hangup>`; no action request is made.
#[test]
fn ivr_no_input_falls_through() {
    let app = twilio_app::ivr();
    let run = call("twilio", &["--to", &app.base(), "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.requests(), ["voice voice", "status completed"]);
    let actions: Vec<String> = run
        .lines()
        .iter()
        .filter(|l| l["type"] == "action")
        .map(|l| format!("{} {}ms", l["action"].as_str().unwrap(), l["duration_ms"]))
        .collect();
    assert_eq!(
        actions,
        ["Say 3250ms", "Gather 5000ms", "Say 2210ms", "Hangup 0ms"]
    );
    let s = run.summary();
    assert_eq!(s["ended_by"], "app");
    assert_eq!(s["duration_s"], 10.46);
    let completed = &app.hits_on("/status")[0];
    assert_eq!(completed.param("CallDuration").as_deref(), Some("10"));
    assert_eq!(
        completed.param("Timestamp").as_deref(),
        Some("Thu, 15 Jan 2026 10:00:10 +0000")
    );
}

/// An unknown digit: `/menu` answers `<Redirect>/voice</Redirect>`, the new document replaces
/// the running one, and the second menu (no input) falls through. `actionOnEmptyResult`
/// requests the action with no digits instead.
#[test]
fn redirect_replaces_the_document_and_action_on_empty_result_posts() {
    let app = twilio_app::ivr();
    let run = call("twilio", &["--to", &app.base(), "--press", "7", "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.requests(),
        [
            "voice voice",
            "action gather",
            "action redirect",
            "status completed"
        ]
    );
    assert_eq!(app.hits_on("/voice").len(), 2);

    let app2 = TwilioApp::builder()
        .route("/voice", |r| {
            if r.form("Digits").is_some() || r.form("CallStatus").as_deref() == Some("in-progress") {
                twiml("<Response><Say>Thanks</Say></Response>")
            } else {
                twiml(r#"<Response><Gather actionOnEmptyResult="true" timeout="3"><Say>Hi</Say></Gather><Say>unreached</Say></Response>"#)
            }
        })
        .start();
    let run = call("twilio", &["--to", &app2.base(), "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.requests(),
        ["voice voice", "action gather", "status completed"]
    );
    let again = &app2.hits_on("/voice")[1];
    assert_eq!(again.param("Digits"), None);
    assert_eq!(again.param("CallStatus").as_deref(), Some("in-progress"));
    let said: Vec<String> = run
        .lines()
        .iter()
        .filter(|l| l["action"] == "Say")
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(said, ["Hi", "Thanks"]);
}

/// Subscribed to every call progress event: `initiated`, `ringing` (before the voice
/// request), `answered` as `CallStatus=in-progress`, then `completed`, with `SequenceNumber`
/// from 0 and RFC 2822 `Timestamp`s. `--order observed` sends `ringing` first;
/// `--duplicate-events` sends each twice with the same sequence number.
#[test]
fn status_callbacks_in_order_with_sequence_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let app = twilio_app::ivr();
    let file = write_scenario(
        &dir,
        &json!({
            "provider": "twilio",
            "voice_url": app.url("/voice"),
            "status_callback": app.url("/status"),
            "status_callback_events": ["initiated", "ringing", "answered", "completed"],
        }),
    );
    let run = call("twilio", &[&file, "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.requests(),
        [
            "status initiated",
            "status ringing",
            "voice voice",
            "status in-progress",
            "status completed"
        ]
    );
    let seq = |app: &TwilioApp| -> Vec<String> {
        app.statuses()
            .into_iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect()
    };
    assert_eq!(
        seq(&app),
        ["0 initiated", "1 ringing", "2 in-progress", "3 completed"]
    );
    let stamps: Vec<String> = app
        .hits_on("/status")
        .iter()
        .map(|h| h.param("Timestamp").unwrap())
        .collect();
    assert_eq!(stamps[0], "Thu, 15 Jan 2026 10:00:00 +0000");
    assert!(
        app.hits_on("/status")[..3]
            .iter()
            .all(|h| h.param("CallDuration").is_none())
    );
    assert!(
        app.hits_on("/status")
            .iter()
            .all(|h| h.param("CallbackSource").as_deref() == Some("call-progress-events"))
    );

    let app = twilio_app::ivr();
    let to = app.base();
    let file = write_scenario(
        &dir,
        &json!({
            "provider": "twilio",
            "status_callback_events": ["initiated", "ringing", "answered", "completed"],
        }),
    );
    let run = call(
        "twilio",
        &[
            &file,
            "--to",
            &to,
            "--order",
            "observed",
            "--duplicate-events",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        seq(&app),
        [
            "0 ringing",
            "0 ringing",
            "1 initiated",
            "1 initiated",
            "2 in-progress",
            "2 in-progress",
            "3 completed",
            "3 completed"
        ]
    );
}

/// The SignalWire cXML variant: the same IVR verified through `X-SignalWire-Signature`;
/// UUID ids; subscribed to `answered`, SignalWire sends both `answered` and `in-progress`.
#[test]
fn signalwire_cxml_ivr() {
    let dir = tempfile::tempdir().unwrap();
    let app = twilio_app::signalwire_ivr();
    let file = write_scenario(
        &dir,
        &json!({
            "provider": "signalwire",
            "status_callback_events": ["answered", "completed"],
            "callee": {"+447700900002": "busy"},
            "expect": [{"said": "nobody is free"}, {"input": {"dtmf": "1"}}, {"ended_by": "app"}]
        }),
    );
    let run = call(
        "signalwire",
        &[&file, "--to", &app.base(), "--press", "1", "--json"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(app.refused().is_empty(), "{:?}", app.refused());
    assert!(
        app.hits()
            .iter()
            .all(|h| h.request.headers.get("x-signalwire-signature").is_some())
    );
    let statuses: Vec<String> = app
        .statuses()
        .into_iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    assert_eq!(statuses, ["0 answered", "1 in-progress", "2 completed"]);
    let voice = &app.hits_on("/voice")[0];
    let sid = voice.param("CallSid").unwrap();
    assert_eq!(sid.split('-').count(), 5, "{sid}");
    assert_eq!(
        app.hits_on("/dial-status")[0]
            .param("DialCallStatus")
            .as_deref(),
        Some("busy")
    );
    let s = run.summary();
    assert_eq!(s["provider"], "signalwire");
    assert_eq!(s["findings"], json!([]));
}

/// The signature is checked like twilio-node: an app holding another auth token refuses
/// every request with 403, which whk reports as `call.refused` (exit 1), not a crash.
#[test]
fn an_app_with_another_token_refuses_and_whk_says_so() {
    let app = TwilioApp::builder()
        .token("someone-elses-token")
        .route("/voice", |_| twiml("<Response><Say>Hi</Say></Response>"))
        .start();
    let run = call("twilio", &["--to", &app.base(), "--json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.finding_codes(), ["call.refused", "call.refused"]);
    assert_eq!(app.refused().len(), 2);
    assert_eq!(run.summary()["ended_by"], "platform");
}

/// Exit codes: 0 clean; 1 for a broken TwiML reply (`contract.twiml`, with its position) or
/// a failed expectation; 2 for usage errors and a voice URL nobody listens on.
#[test]
fn exit_codes() {
    let app = TwilioApp::builder()
        .route("/voice", |_| {
            twiml("<Response>\n  <Sya>Hi</Sya>\n</Response>")
        })
        .start();
    let run = call("twilio", &["--to", &app.base(), "--json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.finding_codes(), ["contract.twiml"]);
    // Twilio answers to say "an application error has occurred": the call completes.
    assert_eq!(app.statuses(), [("completed".to_string(), "0".to_string())]);
    let f = &run.summary()["findings"][0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("TWIML004 unknown element <Sya> (did you mean <Say>?) at 2:3"),
        "{f}"
    );

    let app = twilio_app::ivr();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(&dir, &json!({"expect": [{"connected": "+447700900002"}]}));
    let run = call("twilio", &[&file, "--to", &app.base(), "--press", "2"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("call.expect_connected"),
        "{}",
        run.stdout
    );

    let dead = format!("http://127.0.0.1:{}", crate::support::dead_port());
    let run = call("twilio", &["--to", &dead]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("the voice URL cannot be reached"),
        "{}",
        run.stderr
    );

    let run = call("twilio", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no voice URL"), "{}", run.stderr);

    let run = call("twillio", &["--to", "http://127.0.0.1:1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `twilio`"),
        "{}",
        run.stderr
    );

    let file = write_scenario(&dir, &json!({"status_callback_events": ["answerd"]}));
    let run = call("twilio", &[&file, "--to", "http://127.0.0.1:1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `answered`"),
        "{}",
        run.stderr
    );
}

/// Speech into a `<Gather input="speech">`, then a `<Record>` with its action and
/// `recordingStatusCallback`; expectations see the speech, the words said and the recording.
#[test]
fn speech_gather_and_record() {
    let app = TwilioApp::builder()
        .route("/voice", |_| {
            twiml(r#"<Response><Gather input="speech" speechTimeout="auto" action="/heard"><Say>How can we help?</Say></Gather></Response>"#)
        })
        .route("/heard", |_| {
            twiml(r#"<Response><Say>Leave a message after the beep.</Say><Record timeout="3" maxLength="30" action="/recorded" recordingStatusCallback="/recording"/></Response>"#)
        })
        .route("/recorded", |_| twiml("<Response><Say>Thank you.</Say><Hangup/></Response>"))
        .start();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        &json!({
            "caller": [{"speech": "book a cleaning", "confidence": 0.87}, {"speech": "please call me back tomorrow"}],
            "expect": [{"input": {"speech": "book a cleaning"}}, {"recorded": true}, {"said": "Thank you"}]
        }),
    );
    let run = call("twilio", &[&file, "--to", &app.base(), "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(app.refused().is_empty(), "{:?}", app.refused());
    let heard = &app.hits_on("/heard")[0];
    assert_eq!(
        heard.param("SpeechResult").as_deref(),
        Some("book a cleaning")
    );
    assert_eq!(heard.param("Confidence").as_deref(), Some("0.87"));
    let recorded = &app.hits_on("/recorded")[0];
    assert_eq!(recorded.param("RecordingDuration").as_deref(), Some("2"));
    assert!(
        recorded
            .param("RecordingUrl")
            .unwrap()
            .starts_with("https://api.twilio.com/2010-04-01/Accounts/AC")
    );
    let cb = &app.hits_on("/recording")[0];
    assert_eq!(cb.param("RecordingStatus").as_deref(), Some("completed"));
    assert_eq!(cb.param("RecordingSid"), recorded.param("RecordingSid"));
    assert_eq!(
        run.requests(),
        [
            "voice voice",
            "action gather",
            "action record",
            "recording_status recording",
            "status completed"
        ]
    );
}

/// whk against itself: `whk listen` answers the voice request with its
/// default TwiML; every request of `whk call --provider twilio --to` verifies there, is
/// recognised (voice, then a status callback) and passes its contract.
#[test]
fn whk_listen_agrees_with_whk_call_twilio() {
    // `whk listen` recognises the scheme by itself (`--provider auto`, its default).
    let listen = Listen::start(AUTH_TOKEN, 2);
    let run = call("twilio", &["--to", &listen.url, "--json"]);
    let (status, deliveries) = listen.finish();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.requests(), ["voice voice", "status completed"]);
    let seen: Vec<String> = deliveries
        .iter()
        .map(|d| {
            assert_eq!(d["signature"]["status"], "valid", "{d}");
            assert_eq!(d["provider"], "twilio", "{d}");
            assert_eq!(d["missing_fields"], json!([]), "{d}");
            assert_eq!(d["problems"], json!([]), "{d}");
            assert_eq!(d["warnings"], json!([]), "{d}");
            format!(
                "{} {}",
                d["kind"].as_str().unwrap(),
                d["event"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(seen, ["voice ringing", "status completed"]);
    assert_eq!(status, Some(0));
}

/// `--record DIR` writes the Twilio call as form-bodied fixtures that `whk replay` sends
/// again, signed, to the same app (which verifies them); `--repeat` plays many calls.
#[test]
fn record_replays_and_repeat_runs_many() {
    let app = twilio_app::ivr();
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let run = call(
        "twilio",
        &[
            "--to",
            &app.base(),
            "--press",
            "1",
            "--record",
            rec.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let voice: Value =
        serde_json::from_slice(&std::fs::read(rec.join("requests/0001-voice.json")).unwrap())
            .unwrap();
    assert_eq!(voice["provider"], "twilio");
    assert_eq!(voice["form"]["CallStatus"], "ringing");
    let before = app.hits().len();
    let out = crate::support::whk_std()
        .args(["replay"])
        .arg(rec.join("lifecycle.json"))
        .args(["--to", &app.base(), "--secret", AUTH_TOKEN, "--gap", "0s"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(app.hits().len(), before * 2);
    assert!(app.refused().is_empty(), "{:?}", app.refused());

    let run = call(
        "twilio",
        &[
            "--to",
            &app.base(),
            "--press",
            "1",
            "--repeat",
            "20",
            "--concurrency",
            "4",
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let s = run.summary();
    assert_eq!(s["calls_clean"], 20, "{s}");
    assert_eq!(s["webhooks_sent"], 80, "{s}");
}

/// `<Reject reason="busy">` first: the call is never answered, no `answered` callback, and
/// `completed` carries `CallStatus=busy`. A caller who hangs up during a `<Dial>` still makes
/// its action request (`DialCallStatus=completed`), and the call ends by the caller. A
/// `<Redirect>` to its own URL is stopped as a runaway.
#[test]
fn reject_hangup_during_dial_and_runaway() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        &json!({"status_callback_events": ["initiated", "answered", "completed"]}),
    );
    let app = TwilioApp::builder()
        .route("/voice", |_| {
            twiml(r#"<Response><Reject reason="busy"/></Response>"#)
        })
        .start();
    let run = call("twilio", &[&file, "--to", &app.base(), "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let statuses: Vec<String> = app
        .statuses()
        .into_iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    assert_eq!(statuses, ["0 initiated", "1 busy"]);
    assert_eq!(
        app.hits_on("/status")[1].param("CallDuration").as_deref(),
        Some("0")
    );

    let app = TwilioApp::builder()
        .route("/voice", |_| {
            twiml(r#"<Response><Dial action="/after"><Number>+15550100</Number></Dial><Say>unreached</Say></Response>"#)
        })
        .route("/after", |_| twiml("<Response><Say>unreached too</Say></Response>"))
        .start();
    let run = call(
        "twilio",
        &["--to", &app.base(), "--hangup-after", "30s", "--json"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let after = &app.hits_on("/after")[0];
    assert_eq!(after.param("DialCallStatus").as_deref(), Some("completed"));
    assert_eq!(after.param("DialCallDuration").as_deref(), Some("25"));
    let s = run.summary();
    assert_eq!(s["ended_by"], "caller");
    assert_eq!(s["duration_s"], 30.0);
    assert!(!run.stdout.contains("unreached"), "{}", run.stdout);

    let app = TwilioApp::builder()
        .route("/voice", |_| twiml("<Response><Redirect/></Response>"))
        .start();
    let run = call("twilio", &["--to", &app.base(), "--json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.finding_codes(), ["call.runaway"]);
    assert_eq!(run.summary()["ended_by"], "platform");
}

/// `voice_method: GET` puts the parameters in the query; the signature is over that exact
/// URL with no body parameters, and the app (twilio-node's check) accepts it.
#[test]
fn voice_method_get_is_signed_over_the_query() {
    let app = TwilioApp::builder()
        .route("/voice", |r| {
            assert_eq!(r.method, "GET");
            twiml("<Response><Hangup/></Response>")
        })
        .start();
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        &dir,
        &json!({"voice_url": app.url("/voice?tenant=acme"), "voice_method": "GET"}),
    );
    let run = call("twilio", &[&file, "--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(app.refused().is_empty(), "{:?}", app.refused());
    let voice = &app.hits_on("/voice")[0];
    assert!(
        voice
            .request
            .path_and_query
            .starts_with("/voice?tenant=acme&AccountSid=AC"),
        "{}",
        voice.request.path_and_query
    );
    assert_eq!(voice.param("CallStatus").as_deref(), Some("ringing"));
}

/// Several nouns in one `<Dial>` ring at once (Twilio's simultaneous dialing): the first in
/// the document whose callee answers is connected; with none answering, the longest failure
/// (no-answer over busy) is what the action hears.
#[test]
fn simultaneous_dialing_connects_the_first_callee_who_answers() {
    let app = TwilioApp::builder()
        .route("/voice", |_| {
            twiml(r#"<Response><Dial action="/after" timeout="20"><Number>+15550101</Number><Number>+15550102</Number><Client>alice</Client></Dial></Response>"#)
        })
        .route("/after", |_| twiml("<Response><Hangup/></Response>"))
        .start();
    let busy_then_answer = [
        "--to",
        &app.base(),
        "--json",
        "--callee",
        "+15550101=busy",
        "--callee",
        "default=answered",
    ];
    let run = call("twilio", &busy_then_answer);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        app.hits_on("/after")[0].param("DialCallStatus").as_deref(),
        Some("completed")
    );
    let dial = run
        .lines()
        .into_iter()
        .find(|e| e["type"] == "action" && e["action"] == "Dial")
        .expect("a Dial action");
    assert_eq!(dial["target"], "+15550102", "{dial}");
    assert_eq!(dial["dialled"], json!(["+15550101", "+15550102", "alice"]));

    let app2 = TwilioApp::builder()
        .route("/voice", |_| {
            twiml(r#"<Response><Dial action="/after" timeout="20"><Number>+15550101</Number><Number>+15550102</Number></Dial></Response>"#)
        })
        .route("/after", |_| twiml("<Response><Hangup/></Response>"))
        .start();
    let none_answer = [
        "--to",
        &app2.base(),
        "--json",
        "--callee",
        "+15550101=busy",
        "--callee",
        "+15550102=unanswered",
    ];
    let run = call("twilio", &none_answer);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        app2.hits_on("/after")[0].param("DialCallStatus").as_deref(),
        Some("no-answer")
    );
}

/// Barge-in on a `<Gather>`'s prompts: a key stops the prompt playing 1 s in and skips the
/// prompts after it; speech does too unless `bargeIn="false"`; silence lets them all play.
#[test]
fn a_caller_barges_in_on_a_gathers_prompts() {
    let doc = |barge: &str| {
        format!(
            r#"<Response><Gather input="dtmf speech" numDigits="1" action="/menu"{barge}><Say>Welcome to Acme Dental, the friendliest dentist in town.</Say><Say>Press 1 for bookings.</Say></Gather></Response>"#
        )
    };
    let says = |run: &Run| -> Vec<(String, u64)> {
        run.lines()
            .into_iter()
            .filter(|e| e["type"] == "action" && e["action"] == "Say")
            .map(|e| {
                (
                    e["text"].as_str().unwrap().to_string(),
                    e["duration_ms"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let plain = doc("");
    let app = TwilioApp::builder()
        .route("/voice", move |_| twiml(&plain))
        .route("/menu", |_| twiml("<Response><Hangup/></Response>"))
        .start();
    let run = call("twilio", &["--to", &app.base(), "--json", "--press", "1"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let s = says(&run);
    assert_eq!(s.len(), 1, "the second prompt never plays: {s:?}");
    assert_eq!(s[0].1, 1000);
    assert_eq!(
        app.hits_on("/menu")[0].param("Digits").as_deref(),
        Some("1")
    );

    let run = call(
        "twilio",
        &["--to", &app.base(), "--json", "--say", "bookings"],
    );
    assert_eq!(says(&run).len(), 1, "speech barges in by default");

    let run = call("twilio", &["--to", &app.base(), "--json"]);
    let s = says(&run);
    assert_eq!(s.len(), 2, "silence lets every prompt play: {s:?}");
    assert!(s[0].1 > 1000);

    let no_barge = doc(r#" bargeIn="false""#);
    let app2 = TwilioApp::builder()
        .route("/voice", move |_| twiml(&no_barge))
        .route("/menu", |_| twiml("<Response><Hangup/></Response>"))
        .start();
    let run = call(
        "twilio",
        &["--to", &app2.base(), "--json", "--say", "bookings"],
    );
    assert_eq!(
        says(&run).len(),
        2,
        "bargeIn=false: speech waits for the prompts"
    );
}

/// The number's voice fallback URL (`--fallback-url`, or `voice_fallback_url`): when the voice
/// URL answers 500 or with broken TwiML, Twilio asks the fallback with `ErrorCode` and
/// `ErrorUrl` and runs what it returns; the broken voice URL is still a finding (exit 1).
#[test]
fn a_failing_voice_url_falls_back_with_error_code_and_url() {
    let app = TwilioApp::builder()
        .route("/voice", |_| twiml("<Response><Sya>oops</Sya></Response>"))
        .route("/fallback", |_| {
            twiml("<Response><Say>Sorry, we are having trouble.</Say><Hangup/></Response>")
        })
        .start();
    let fallback = app.url("/fallback");
    let run = call(
        "twilio",
        &["--to", &app.base(), "--fallback-url", &fallback, "--json"],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.finding_codes(), ["contract.twiml"]);
    let hit = &app.hits_on("/fallback")[0];
    assert_eq!(hit.param("ErrorCode").as_deref(), Some("12100"));
    assert_eq!(hit.param("ErrorUrl"), Some(app.url("/voice")));
    assert!(
        run.stdout.contains("Sorry, we are having trouble."),
        "{}",
        run.stdout
    );
    assert_eq!(run.summary()["ended_by"], "app");

    // An action URL that answers 500 falls back too, with 11200.
    let app = TwilioApp::builder()
        .route("/voice", |_| {
            twiml(r#"<Response><Redirect>/next</Redirect></Response>"#)
        })
        .route("/next", |_| {
            crate::support::replay_server::Answer::status(500)
        })
        .route("/fallback", |_| twiml("<Response><Hangup/></Response>"))
        .start();
    let fallback = app.url("/fallback");
    let run = call(
        "twilio",
        &["--to", &app.base(), "--fallback-url", &fallback, "--json"],
    );
    let hit = &app.hits_on("/fallback")[0];
    assert_eq!(
        hit.param("ErrorCode").as_deref(),
        Some("11200"),
        "{}",
        run.stdout
    );
    assert_eq!(hit.param("ErrorUrl"), Some(app.url("/next")));
}
