//! `whk call --provider twilio|signalwire` as a user meets it: the real binary against the
//! sample apps of `support::twilio_app` (real servers on 127.0.0.1 port 0 that check every
//! `X-Twilio-Signature` as twilio-node's `validateRequest` does and record what they
//! receive), on a fixed clock (`WHK_NOW`) with pinned ids (`--seed`).

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::support::twilio_app::{self, AUTH_TOKEN, TwilioApp, twiml};

const NOW: &str = "2026-01-15T10:00:00Z";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
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

    /// `kind name` of every request entry, in order.
    fn requests(&self) -> Vec<String> {
        self.lines()
            .iter()
            .filter(|l| l["type"] == "request")
            .map(|l| format!("{} {}", l["kind"].as_str().unwrap(), l["name"].as_str().unwrap()))
            .collect()
    }
}

/// `whk call --provider P ARGS --secret AUTH_TOKEN --seed 7` at a fixed time.
fn call(provider: &str, args: &[&str]) -> Run {
    let out = crate::support::whk_std()
        .args(["call", "--provider", provider])
        .args(args)
        .args(["--secret", AUTH_TOKEN, "--seed", "7"])
        .env("WHK_NOW", NOW)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Text with the app's port and measured latencies written as `PORT` and `N ms`.
fn stable(text: &str, app: &TwilioApp) -> String {
    let port = app.base().rsplit(':').next().unwrap().to_string();
    let text = text.replace(&port, "PORT");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let num = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let after = &rest[num..];
        match ["µs", "ms", " s", "s"].into_iter().find(|u| after.starts_with(u)) {
            Some(u) if num > 0 => {
                out.push_str("N ms");
                rest = &after[u.len()..];
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

/// What the app received, one request per block: method, path, form body.
fn received(app: &TwilioApp) -> String {
    let mut out = String::new();
    for h in app.hits() {
        out.push_str(&format!("{} {}\n", h.request.method, h.request.path_and_query));
        for (k, v) in h.params() {
            out.push_str(&format!("  {k}={v}\n"));
        }
    }
    stable(&out, app)
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
    insta::assert_snapshot!("ivr_gather_then_dial", stable(&run.stdout, &app));
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
        ["voice voice", "action gather", "action redirect", "status completed"]
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
