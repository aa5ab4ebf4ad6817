//! `whk call --provider twilio` with `<Connect><Stream>` (Twilio Media Streams), as a user
//! meets it: the real binary against a Twilio voice app (`support::twilio_app`, which checks
//! every `X-Twilio-Signature` like twilio-node) whose TwiML connects the call to
//! `wss://bot.example.com/media`, mapped with `--ws-to` to a WebSocket bridge app
//! (tokio-tungstenite on 127.0.0.1 port 0): an echo bridge that sends marks, one that answers
//! with another stream's `streamSid` (and other mistakes), one that closes early.
//! `--hangup-after 1s` keeps each real-time stream around a second.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::support::call_run::Run;
use crate::support::twilio_app::{self, AUTH_TOKEN, TwilioApp, twiml};
use crate::support::ws_server::{self, WsApp};

const NOW: &str = "2026-01-15T10:00:00Z";

/// What the bridge app does.
#[derive(Clone, Copy, PartialEq)]
enum Bot {
    /// Echo every `media` back, and send a mark after every 10th.
    Echo,
    /// Answer with another stream's `streamSid`, a binary frame and an unknown event.
    WrongSid,
    /// Echo three `media`, then close with 1000 "bot done".
    CloseEarly,
}

/// What the bridge app saw.
#[derive(Default, Debug)]
struct Seen {
    /// The handshake's request target.
    path: String,
    /// The handshake's `X-Twilio-Signature`.
    signature: Option<String>,
    /// Every text message from whk, parsed.
    messages: Vec<Value>,
    /// Bytes of the first `media` payload.
    first_payload: Vec<u8>,
}

type Bridge = WsApp<Seen>;

fn bridge(bot: Bot) -> Bridge {
    WsApp::start(move |tcp, log| serve(tcp, bot, log))
}

/// The events whk sent, in order, with runs of `media` folded to one `media…`.
fn events(bridge: &Bridge) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in &bridge.seen().messages {
        let e = m["event"].as_str().unwrap_or("?").to_string();
        match (e.as_str(), out.last().map(String::as_str)) {
            ("media", Some("media…")) => {}
            ("media", _) => out.push("media…".into()),
            ("mark", _) => out.push(format!("mark {}", m["mark"]["name"].as_str().unwrap())),
            _ => out.push(e),
        }
    }
    out
}

async fn serve(tcp: tokio::net::TcpStream, bot: Bot, log: Arc<Mutex<Seen>>) {
    let Some((mut ws, handshake)) = ws_server::accept(tcp).await else {
        return;
    };
    {
        let mut s = log.lock().unwrap();
        s.path = handshake.path.clone();
        s.signature = handshake.header("x-twilio-signature");
    }
    let mut sid = String::new();
    let mut media = 0usize;
    while let Some(Ok(m)) = ws.next().await {
        let Message::Text(t) = m else { continue };
        let v: Value = serde_json::from_str(t.as_str()).unwrap_or(Value::Null);
        log.lock().unwrap().messages.push(v.clone());
        match v["event"].as_str() {
            Some("start") => sid = v["start"]["streamSid"].as_str().unwrap_or("").into(),
            Some("media") => {
                media += 1;
                let payload = v["media"]["payload"].as_str().unwrap_or("").to_string();
                if media == 1 {
                    log.lock().unwrap().first_payload = base64::engine::general_purpose::STANDARD
                        .decode(&payload)
                        .unwrap_or_default();
                }
                let replies = match bot {
                    Bot::Echo | Bot::CloseEarly => {
                        let mut r = vec![json!({"event": "media", "streamSid": sid,
                                                "media": {"payload": payload}})];
                        if bot == Bot::Echo && media.is_multiple_of(10) {
                            r.push(json!({"event": "mark", "streamSid": sid,
                                          "mark": {"name": format!("reply-{media}")}}));
                        }
                        r
                    }
                    Bot::WrongSid if media <= 3 => vec![json!({
                        "event": "media", "streamSid": "MZ00000000000000000000000000000000",
                        "media": {"payload": payload}})],
                    Bot::WrongSid if media == 4 => {
                        vec![json!({"event": "hangup", "streamSid": sid})]
                    }
                    Bot::WrongSid => vec![],
                };
                for r in replies {
                    if ws.send(Message::text(r.to_string())).await.is_err() {
                        return;
                    }
                }
                if bot == Bot::WrongSid
                    && media == 5
                    && ws.send(Message::binary(vec![0xFFu8; 160])).await.is_err()
                {
                    return;
                }
                if bot == Bot::CloseEarly && media == 3 {
                    let close = CloseFrame {
                        code: CloseCode::Normal,
                        reason: "bot done".into(),
                    };
                    let _ = ws.send(Message::Close(Some(close))).await;
                }
            }
            _ => {}
        }
    }
}

/// The voice app: `<Connect action="/after-stream"><Stream>` with two `<Parameter>`s; the
/// action says thanks and hangs up.
fn voice_app() -> TwilioApp {
    TwilioApp::builder()
        .route("/voice", |_| {
            twiml(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Connect action="/after-stream">
    <Stream url="wss://bot.example.com/media" name="assistant">
      <Parameter name="lang" value="en-US"/>
      <Parameter name="tier" value="gold"/>
    </Stream>
  </Connect>
</Response>"#,
            )
        })
        .route("/after-stream", |_| {
            twiml("<Response><Say>Thanks for calling.</Say><Hangup/></Response>")
        })
        .start()
}

/// The `media` entry of a `--json` run.
fn media(run: &Run) -> Value {
    run.lines()
        .into_iter()
        .find(|l| l["type"] == "media")
        .unwrap_or_else(|| panic!("no media entry in {}\n{}", run.stdout, run.stderr))
}

/// `whk call --provider twilio --to APP --ws-to BRIDGE --hangup-after 1s --json` at a fixed
/// time with a pinned seed.
fn call(app: &TwilioApp, bridge: &Bridge, extra: &[&str]) -> Run {
    Run::of(
        crate::support::whk()
            .args(["call", "--provider", "twilio", "--to", &app.base()])
            .args(["--ws-to", &bridge.ws_to(), "--hangup-after", "1s", "--json"])
            .args(["--secret", AUTH_TOKEN, "--seed", "7"])
            .args(extra)
            .env("WHK_NOW", NOW)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap(),
    )
}

#[test]
fn echo_bridge_gets_twilios_messages_and_its_marks_back() {
    let app = voice_app();
    let bridge = bridge(Bot::Echo);
    // The caller presses 4, 2 during the stream (0.5 s in, then 0.25 s apart).
    let run = call(&app, &bridge, &["--press", "42"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.finding_codes().is_empty(), "{}", run.stdout);

    // The handshake went to the mapped host with the TwiML's path, signed like a webhook:
    // X-Twilio-Signature over the wss:// URL as the TwiML wrote it (twilio-node's check).
    assert_eq!(bridge.seen().path, "/media");
    let signature = bridge
        .seen()
        .signature
        .clone()
        .expect("no X-Twilio-Signature");
    assert!(twilio_app::validate_request(
        AUTH_TOKEN,
        &signature,
        "wss://bot.example.com/media",
        &[]
    ));
    // connected, start, 20 ms media, mark echoes after their audio, stop at the hang-up.
    let events = events(&bridge);
    assert_eq!(events[..3], ["connected", "start", "media…"], "{events:?}");
    assert_eq!(events.last().unwrap(), "stop", "{events:?}");
    assert!(events.contains(&"mark reply-10".to_string()), "{events:?}");
    let keys: Vec<Value> = bridge
        .seen()
        .messages
        .iter()
        .filter(|m| m["event"] == "dtmf")
        .map(|m| m["dtmf"].clone())
        .collect();
    assert_eq!(
        keys,
        [
            json!({"track": "inbound_track", "digit": "4"}),
            json!({"track": "inbound_track", "digit": "2"})
        ]
    );

    // The first two messages are Twilio's, ids pinned by --seed and the voice request.
    let voice = app.hits_on("/voice");
    let call_sid = voice[0].param("CallSid").unwrap();
    let account_sid = voice[0].param("AccountSid").unwrap();
    let seen = bridge.seen();
    let start = &seen.messages[1];
    assert_eq!(start["start"]["callSid"], call_sid.as_str());
    assert_eq!(start["start"]["accountSid"], account_sid.as_str());
    assert_eq!(start["streamSid"], start["start"]["streamSid"]);
    let mut shown = seen.messages[..2].to_vec();
    shown[1]["start"]["callSid"] = json!("CALL_SID");
    insta::assert_snapshot!(
        "connected_and_start",
        serde_json::to_string_pretty(&shown).unwrap()
    );
    // Silence is μ-law 0xFF, 160 bytes every 20 ms.
    assert_eq!(seen.first_payload, vec![0xFF; 160]);
    let first = &seen.messages[2];
    assert_eq!(first["media"]["track"], "inbound");
    assert_eq!(first["media"]["chunk"], "1");
    assert_eq!(first["sequenceNumber"], "2");
    drop(seen);

    // The timeline's media entry: what came back, the first audio, how it closed.
    let m = media(&run);
    assert_eq!(m["stream"], "twilio");
    assert_eq!(m["closed"], json!({"by": "hangup"}));
    assert!(m["first_audio_ms"].as_u64().is_some(), "{m}");
    assert!(m["media_received"].as_u64().unwrap() > 10, "{m}");
    assert_eq!(
        m["payload_sizes"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["160"]
    );
    assert!(
        m["marks_echoed"]
            .as_array()
            .unwrap()
            .contains(&json!("reply-10")),
        "{m}"
    );
    assert_eq!(m["ignored"], 0);
    assert_eq!(m["digits_sent"], "42");
    assert!(
        m["summary"].as_str().unwrap().contains("closed at hang-up"),
        "{m}"
    );
}

#[test]
fn caller_audio_goes_out_as_mulaw() {
    // One second of a constant 1000 at 8 kHz: every μ-law byte is 0xCE (G.711).
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("caller.wav");
    ws_server::write_wav(&wav, 8000, [1000i16; 8000]);
    let app = voice_app();
    let bridge = bridge(Bot::Echo);
    let run = call(&app, &bridge, &["--audio", wav.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(bridge.seen().first_payload, vec![0xCE; 160]);
}

#[test]
fn wrong_stream_sid_and_other_mistakes_are_findings() {
    let app = voice_app();
    let bridge = bridge(Bot::WrongSid);
    let run = call(&app, &bridge, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let codes = run.finding_codes();
    for code in ["call.ms_binary", "call.ms_event", "call.ms_stream_sid"] {
        assert!(codes.contains(&code.to_string()), "{code} not in {codes:?}");
    }
    let m = media(&run);
    assert_eq!(m["media_received"], 0, "{m}");
    assert_eq!(m["ignored"], 5, "{m}");
    assert_eq!(m["first_audio_ms"], Value::Null, "{m}");
    let findings = &run.summary()["findings"];
    let sid = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "call.ms_stream_sid")
        .unwrap();
    assert_eq!(
        sid["message"]
            .as_str()
            .unwrap()
            .split(", not")
            .next()
            .unwrap(),
        "Twilio would ignore the app's media message for streamSid \"MZ00000000000000000000000000000000\""
    );
}

#[test]
fn an_early_close_ends_the_stream_and_connect_goes_to_its_action() {
    let app = voice_app();
    let bridge = bridge(Bot::CloseEarly);
    let run = call(&app, &bridge, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let m = media(&run);
    assert_eq!(
        m["closed"],
        json!({"by": "app", "code": 1000, "reason": "bot done"})
    );
    assert_eq!(m["media_received"], 3, "{m}");
    assert!(m["duration_ms"].as_u64().unwrap() < 1000, "{m}");
    // No stop after the app closed; the document went on at <Connect action>.
    assert!(!events(&bridge).contains(&"stop".to_string()));
    assert_eq!(app.hits_on("/after-stream").len(), 1, "{}", run.stdout);
}
