//! `whk call --provider vapi` as a user meets it: the real binary against the Vapi sample apps of
//! `support::vapi_app` (real servers on 127.0.0.1 port 0 that authenticate every server message
//! as Vapi's docs describe and answer tool calls and assistant requests), on a fixed clock
//! (`WHK_NOW`) with pinned ids (`--seed`).

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::call_run::{Listen, Run, stable};
use crate::support::vapi_app::{ASSISTANT_ID, Assistant, Auth, SECRET, Tools, VapiApp};

const NOW: &str = "2026-01-15T10:00:00Z";

/// `whk call --provider vapi SCENARIO ARGS --secret SECRET --seed 7` at a fixed time.
fn call(scenario: &Value, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vapi.json");
    std::fs::write(&path, serde_json::to_string_pretty(scenario).unwrap()).unwrap();
    let out = crate::support::whk_std()
        .arg("call")
        .arg(&path)
        .args(args)
        .args(["--secret", SECRET, "--seed", "7"])
        .env("WHK_NOW", NOW)
        .output()
        .unwrap();
    Run::of(out)
}

/// The dental front desk: the user asks for the weather (why not), the assistant calls
/// `get_weather` with a city, then reads the result back.
fn dental(app: &VapiApp) -> Value {
    json!({
        "provider": "vapi",
        "server_url": app.url(),
        "call": {"from": "14155550100", "to": "14155550199"},
        "turns": [
            {"user": "Hi, what's the weather in Paris?"},
            {"assistant": "Let me check that for you.",
             "tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
            {"assistant": "It is sunny and 21 degrees in Paris."},
            {"user": "Thanks, bye."}
        ],
        "expect": [
            {"tool_calls_answered": true},
            {"result_contains": "Sunny"},
            {"assistant": ASSISTANT_ID},
            {"ended_reason": "customer-ended-call"}
        ]
    })
}

/// A correct tool server: every message authenticates, the order is Vapi's, the tool result
/// goes into the conversation and the end-of-call report, and every expectation holds.
#[test]
fn a_tool_server_that_answers_right_passes() {
    let app = VapiApp::tool_server(Tools::Correct);
    let run = call(&dental(&app), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(app.refused(), Vec::<String>::new());
    insta::assert_snapshot!("vapi_timeline", stable(&run.stdout, &app.base()));
    assert_eq!(
        app.kinds(),
        [
            "assistant-request",
            "status-update",
            "transcript",
            "conversation-update",
            "transcript",
            "conversation-update",
            "conversation-update",
            "tool-calls",
            "conversation-update",
            "transcript",
            "conversation-update",
            "transcript",
            "conversation-update",
            "status-update",
            "end-of-call-report",
        ]
    );
    let hits = app.hits();
    // Every message: {"message": {type, timestamp (ms), call, customer, phoneNumber}}.
    for h in &hits {
        let m = h.message();
        assert!(m["timestamp"].is_i64(), "{m}");
        assert!(m["call"]["id"].is_string(), "{m}");
        assert_eq!(m["customer"]["number"], "+14155550100");
        assert_eq!(m["phoneNumber"]["number"], "+14155550199");
    }
    // No assistant before assistant-request; the chosen one after.
    assert!(hits[0].message().get("assistant").is_none());
    assert_eq!(hits[1].message()["assistant"]["id"], ASSISTANT_ID);
    assert_eq!(hits[1].message()["status"], "in-progress");
    let tool = hits
        .iter()
        .find(|h| h.kind() == "tool-calls")
        .unwrap()
        .message();
    let id = tool["toolCallList"][0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("call_") && id.len() == 29, "{id}");
    assert_eq!(tool["toolCallList"][0]["function"]["name"], "get_weather");
    assert_eq!(
        tool["toolCallList"][0]["function"]["arguments"],
        json!({"city": "Paris"})
    );
    assert_eq!(
        tool["toolWithToolCallList"][0]["toolCall"]["id"],
        id.as_str()
    );
    // The result is in the next conversation-update and the report.
    let update = hits[8].message();
    let last = update["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["role"], "tool_call_result");
    assert_eq!(last["toolCallId"], id.as_str());
    assert_eq!(last["result"], "Sunny, 21 °C in Paris");
    let ended = hits[13].message();
    assert_eq!(ended["status"], "ended");
    assert_eq!(ended["endedReason"], "customer-ended-call");
    let mut report = hits[14].message();
    for k in ["call", "customer", "phoneNumber", "assistant"] {
        report[k] = json!(format!("[{k}]"));
    }
    insta::assert_snapshot!(
        "vapi_end_of_call_report",
        serde_json::to_string_pretty(&report).unwrap()
    );
}

/// Two tool servers that break the tool contract: another call's `toolCallId`, and a result
/// over several lines. Each is a `contract.vapi_tool_calls` finding, exit 1; the wrong id
/// leaves the tool call without a result.
#[test]
fn a_wrong_tool_call_id_or_a_multi_line_result_breaks_the_contract() {
    let app = VapiApp::tool_server(Tools::WrongId);
    let run = call(&dental(&app), &["--json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let codes = run.finding_codes();
    assert!(
        codes.contains(&"contract.vapi_tool_calls".to_string()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"call.expect_tool_calls_answered".to_string()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"call.expect_result_contains".to_string()),
        "{codes:?}"
    );
    let tool = run
        .lines()
        .into_iter()
        .find(|l| l["type"] == "action" && l["action"] == "tool")
        .unwrap();
    assert_eq!(tool["answered"], false);
    assert_eq!(tool["result"], "No result returned.");

    let app = VapiApp::tool_server(Tools::MultiLine);
    let run = call(&dental(&app), &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("not a single-line string"),
        "{}",
        run.stdout
    );
}

/// `assistant-request` answered late: the call ends with `assistant-request-failed` and a
/// deadline finding. `--answer-deadline` shortens Vapi's 7.5 s so the test does not wait it.
#[test]
fn an_assistant_request_over_budget_ends_the_call() {
    let app = VapiApp::slow_assistant(Duration::from_millis(1500));
    let run = call(&dental(&app), &["--json", "--answer-deadline", "300ms"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let codes = run.finding_codes();
    assert!(codes.contains(&"call.deadline".to_string()), "{codes:?}");
    assert!(
        codes.contains(&"call.expect_ended_reason".to_string()),
        "{codes:?}"
    );
    let summary = run.summary();
    assert_eq!(summary["ended_by"], "platform");
    let kinds = app.kinds();
    assert_eq!(kinds[0], "assistant-request");
    assert!(!kinds.contains(&"tool-calls".to_string()), "{kinds:?}");
    let ended = run
        .lines()
        .into_iter()
        .find(|l| l["event"] == "ended")
        .unwrap();
    assert_eq!(ended["ended_reason"], "assistant-request-failed");
}

/// The fast assistant-request answers: an id (the call goes on) and an error (Vapi speaks it
/// and ends the call: `assistant-request-returned-error`, ended by the app).
#[test]
fn assistant_request_answers_an_id_or_an_error() {
    let app = VapiApp::start(Auth::Hmac, Tools::Correct, Assistant::Error);
    let mut s = dental(&app);
    s["expect"] =
        json!([{"ended_reason": "assistant-request-returned-error"}, {"ended_by": "app"}]);
    let run = call(&s, &["--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        app.kinds(),
        ["assistant-request", "status-update", "end-of-call-report"]
    );
    // A scenario with an assistant sends no assistant-request.
    let app = VapiApp::tool_server(Tools::Correct);
    let mut s = dental(&app);
    s["assistant"] = json!({"name": "Riley", "firstMessage": "Hello, Acme Dental."});
    s["expect"] = json!([{"assistant": "Riley"}]);
    let run = call(&s, &["--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let kinds = app.kinds();
    assert_eq!(kinds[0], "status-update");
    assert!(!kinds.contains(&"assistant-request".to_string()));
    let first = &app.hits()[1].message();
    assert_eq!(first["role"], "assistant");
    assert_eq!(first["transcript"], "Hello, Acme Dental.");
    assert_eq!(first["assistant"]["name"], "Riley");
}

/// The legacy secret: `secret_mode: x-vapi-secret` sends `X-Vapi-Secret`, which the app
/// checks; HMAC to that app is refused (401, `call.refused`, exit 1).
#[test]
fn x_vapi_secret_mode_and_a_mismatch() {
    let app = VapiApp::start(Auth::XVapiSecret, Tools::Correct, Assistant::Id);
    let mut s = dental(&app);
    s["secret_mode"] = json!("x-vapi-secret");
    let run = call(&s, &["--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(app.refused(), Vec::<String>::new());
    assert!(!run.stdout.contains(SECRET), "the secret is never printed");

    let app = VapiApp::start(Auth::XVapiSecret, Tools::Correct, Assistant::Id);
    let run = call(&dental(&app), &["--json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.finding_codes().contains(&"call.refused".to_string()));
    assert_eq!(app.refused()[0], "no X-Vapi-Secret header");
}

/// Partial transcripts when the scenario turns them on; a caller who hangs up mid-call ends
/// it with `customer-ended-call`.
#[test]
fn partial_transcripts_and_the_caller_hanging_up() {
    let app = VapiApp::tool_server(Tools::Correct);
    let mut s = dental(&app);
    s["partial_transcripts"] = json!(true);
    let run = call(&s, &["--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let transcripts: Vec<(String, String)> = app
        .hits()
        .iter()
        .filter(|h| h.kind() == "transcript")
        .map(|h| {
            let m = h.message();
            (
                m["transcriptType"].as_str().unwrap().to_string(),
                m["transcript"].as_str().unwrap().to_string(),
            )
        })
        .take(4)
        .collect();
    assert_eq!(
        transcripts,
        [
            ("partial".into(), "Hi,".into()),
            ("partial".into(), "Hi, what's the".into()),
            ("partial".into(), "Hi, what's the weather".into()),
            ("final".into(), "Hi, what's the weather in Paris?".into()),
        ]
    );

    let app = VapiApp::tool_server(Tools::Correct);
    let mut s = dental(&app);
    s["hangup_after"] = json!("1s");
    s["expect"] = json!([{"ended_by": "caller"}, {"ended_reason": "customer-ended-call"}]);
    let run = call(&s, &["--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!app.kinds().contains(&"tool-calls".to_string()));
    assert_eq!(
        app.kinds(),
        [
            "assistant-request",
            "status-update",
            "status-update",
            "end-of-call-report"
        ]
    );
    assert_eq!(run.summary()["duration_s"], 1.0);
}

/// Exit 2: no server URL, and a server URL nobody listens on. `--to URL` is the server URL
/// itself for vapi.
#[test]
fn usage_errors_and_an_unreachable_server_url_are_exit_2() {
    let run = call(&json!({"provider": "vapi", "turns": [{"user": "hi"}]}), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no server URL"), "{}", run.stderr);
    let dead = format!("http://127.0.0.1:{}/vapi", crate::support::dead_port());
    let run = call(
        &json!({"provider": "vapi", "turns": [{"user": "hi"}]}),
        &["--to", &dead],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("server URL cannot be reached"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--to (the server URL)"),
        "{}",
        run.stderr
    );
    let run = call(
        &json!({"provider": "vapi", "turns": [{"user": "hi", "assistant": "hello"}]}),
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not both"), "{}", run.stderr);
}

/// whk against itself: `whk listen` (its default answers: an assistant for
/// assistant-request, a result per tool call) verifies every message of
/// `whk call --provider vapi --to URL`.
#[test]
fn whk_listen_verifies_every_vapi_message() {
    let listen = Listen::start(SECRET, 15);
    let mut s = json!({
        "provider": "vapi",
        "turns": [
            {"user": "What's the weather in Paris?"},
            {"assistant": "Sunny.", "tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
            {"user": "Bye."}
        ],
        "expect": [{"tool_calls_answered": true}, {"assistant": "whk listen"}]
    });
    s["server_url"] = Value::Null;
    let run = call(&s, &["--to", &listen.url, "--json"]);
    let (status, deliveries) = listen.finish();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let sent = run.summary()["webhooks_sent"].as_u64().unwrap() as usize;
    assert_eq!(deliveries.len(), sent, "{deliveries:?}");
    for d in &deliveries {
        assert_eq!(d["signature"]["status"], "valid", "{d}");
    }
    assert_eq!(status, Some(0));
}

/// An outbound call (`call.direction: outbound`) rings before it is in progress; the `call`
/// object says `outboundPhoneCall` and its status follows the call.
#[test]
fn an_outbound_call_rings_first() {
    let app = VapiApp::tool_server(Tools::Correct);
    let mut s = dental(&app);
    s["call"]["direction"] = json!("outbound");
    s["assistant"] = json!({"id": ASSISTANT_ID});
    let run = call(&s, &["--json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let statuses: Vec<(String, String)> = app
        .hits()
        .iter()
        .filter(|h| h.kind() == "status-update")
        .map(|h| {
            let m = h.message();
            (
                m["status"].as_str().unwrap().to_string(),
                m["call"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("ringing".into(), "ringing".into()),
            ("in-progress".into(), "in-progress".into()),
            ("ended".into(), "ended".into()),
        ]
    );
    assert_eq!(app.hits()[0].message()["call"]["type"], "outboundPhoneCall");
}
