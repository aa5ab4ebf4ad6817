//! `whk call` with a `connect` to a WebSocket: the real binary against a real app on
//! 127.0.0.1 — an HTTP app (answer and event URLs) whose NCCO connects the call to
//! `wss://bot.example.com/…`, mapped with `--ws-to` to a WebSocket app (tokio-tungstenite) that
//! checks the first message and echoes the audio, or sends frames of the wrong size, or closes
//! early. `--hangup-after 1s` keeps each real-time socket leg around a second.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::support::vonage_app::{self, VonageApp, ncco};
use crate::support::whk;
use crate::support::ws_server::{self, WsApp};

/// What the WebSocket app does with the caller's audio.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Echo every binary frame back.
    Echo,
    /// Answer every frame with one of this many bytes.
    WrongSize(usize),
    /// Echo, then close with 1000 after this many frames.
    CloseAfter(usize),
}

/// What the WebSocket app saw.
#[derive(Default, Debug)]
struct Seen {
    /// The request target of the handshake (`/socket?call=abc`).
    path: String,
    authorization: Option<String>,
    first: Option<Value>,
    /// Sizes of the binary frames from whk, in order.
    frames: Vec<usize>,
    /// The first binary frame's bytes.
    first_frame: Vec<u8>,
    /// Text messages after the first.
    texts: Vec<String>,
    close: Option<u16>,
}

type App = WsApp<Seen>;

fn start(behaviour: Behaviour) -> App {
    WsApp::start(move |tcp, log| serve(tcp, behaviour, log))
}

async fn serve(tcp: tokio::net::TcpStream, behaviour: Behaviour, log: Arc<Mutex<Seen>>) {
    let Some((mut ws, handshake)) = ws_server::accept(tcp).await else {
        return;
    };
    {
        let mut s = log.lock().unwrap();
        s.path = handshake.path.clone();
        s.authorization = handshake.header("authorization");
    }
    let mut frames = 0usize;
    while let Some(Ok(m)) = ws.next().await {
        match m {
            Message::Text(t) => {
                let mut s = log.lock().unwrap();
                if s.first.is_none() {
                    s.first = Some(serde_json::from_str(t.as_str()).unwrap_or(Value::Null));
                } else {
                    s.texts.push(t.to_string());
                }
            }
            Message::Binary(b) => {
                frames += 1;
                {
                    let mut s = log.lock().unwrap();
                    if s.frames.is_empty() {
                        s.first_frame = b.to_vec();
                    }
                    s.frames.push(b.len());
                }
                let reply = match behaviour {
                    Behaviour::WrongSize(n) => vec![0u8; n],
                    _ => b.to_vec(),
                };
                if ws.send(Message::binary(reply)).await.is_err() {
                    break;
                }
                if let Behaviour::CloseAfter(n) = behaviour
                    && frames == n
                {
                    let close = CloseFrame {
                        code: CloseCode::Normal,
                        reason: "bot done".into(),
                    };
                    let _ = ws.send(Message::Close(Some(close))).await;
                }
            }
            Message::Close(f) => {
                log.lock().unwrap().close = Some(f.map(|f| u16::from(f.code)).unwrap_or(1005));
                break;
            }
            _ => {}
        }
    }
}

/// The HTTP side of the app (verifying every request's JWT and `payload_hash` as the SDKs
/// do): its answer connects the call to the WebSocket `endpoint`; events get 204.
fn http_app(endpoint: Value) -> VonageApp {
    VonageApp::builder()
        .route("/answer", move |_| {
            ncco(json!([{"action": "connect", "from": "447700900001", "endpoint": [endpoint.clone()]}]))
        })
        .start()
}

fn endpoint(content_type: &str) -> Value {
    json!({
        "type": "websocket",
        "uri": "wss://bot.example.com/socket?call=abc",
        "content-type": content_type,
        "headers": {"caller": "447700900000", "language": "en-GB"}
    })
}

/// Run `whk call --json` against the apps; returns (exit code, JSON lines, stderr).
fn call(http: &VonageApp, extra: &[&str]) -> (i32, Vec<Value>, String) {
    call_hanging_up(http, "1s", extra)
}

/// [`call`] with the caller hanging up `after` the answer.
fn call_hanging_up(http: &VonageApp, after: &str, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let mut cmd = whk();
    cmd.args(["call", "--to", &http.base()])
        .args(["--hangup-after", after, "--json"])
        .env("VONAGE_SIGNATURE_SECRET", vonage_app::SECRET)
        .args(extra)
        .timeout(Duration::from_secs(30));
    let out = cmd.output().unwrap();
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    (
        out.status.code().unwrap_or(-1),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn media(lines: &[Value]) -> &Value {
    lines
        .iter()
        .find(|l| l["type"] == "media")
        .unwrap_or_else(|| panic!("no media entry in {lines:#?}"))
}

fn summary(lines: &[Value]) -> &Value {
    &lines.last().expect("no output")["summary"]
}

/// The summary's finding with this code.
fn finding(lines: &[Value], code: &str) -> Value {
    summary(lines)["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == code))
        .unwrap_or_else(|| panic!("no {code} finding in {lines:#?}"))
        .clone()
}

/// The codes of the summary's findings.
fn codes(lines: &[Value]) -> Vec<String> {
    summary(lines)["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|f| f["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn echo_bridge_gets_vonages_first_message_and_real_time_frames() {
    let ws = start(Behaviour::Echo);
    let http = http_app(endpoint("audio/l16;rate=16000"));
    let (code, lines, stderr) = call(&http, &["--ws-to", &ws.ws_to()]);
    assert_eq!(code, 0, "{stderr}\n{lines:#?}");
    let seen = ws.seen();
    // --ws-to maps the host and keeps the path and query.
    assert_eq!(seen.path, "/socket?call=abc");
    assert_eq!(
        seen.first.as_ref().unwrap().to_string(),
        r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000","caller":"447700900000","language":"en-GB"}"#
    );
    // About a second of 20 ms frames of 640 bytes, in real time, and a clean close at hang-up.
    assert!(seen.frames.iter().all(|n| *n == 640), "{:?}", seen.frames);
    assert!(
        (25..=60).contains(&seen.frames.len()),
        "{} frames in about a second",
        seen.frames.len()
    );
    assert_eq!(seen.close, Some(1000));
    let m = media(&lines);
    assert_eq!(
        m["url"],
        "ws://127.0.0.1:".to_string() + &ws.port.to_string() + "/socket?call=abc"
    );
    assert_eq!(m["rate"], 16000);
    assert_eq!(m["closed"]["by"], "hangup");
    assert_eq!(m["frame_sizes"], json!({"640": m["frames_received"]}));
    assert!(m["first_audio_ms"].as_u64().is_some());
    assert!(codes(&lines).is_empty(), "{lines:#?}");
    assert!(http.refused().is_empty(), "{:?}", http.refused());
    // The caller hung up: the socket leg and the call complete; `disconnected` is only for a
    // socket the app closed.
    assert_eq!(
        http.statuses("/event"),
        [
            "started",
            "ringing",
            "answered",
            "started",
            "answered",
            "completed",
            "completed"
        ]
    );
}

#[test]
fn frames_of_the_wrong_size_are_a_finding() {
    let ws = start(Behaviour::WrongSize(100));
    let http = http_app(endpoint("audio/l16;rate=8000"));
    let (code, lines, stderr) = call(&http, &["--ws-to", &ws.ws_to()]);
    assert_eq!(code, 1, "{stderr}\n{lines:#?}");
    assert!(ws.seen().frames.iter().all(|n| *n == 320));
    let f = finding(&lines, "call.ws_frame_size");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("are not 320 bytes"), "{message}");
}

#[test]
fn an_app_that_closes_early_ends_the_leg_and_says_so() {
    let ws = start(Behaviour::CloseAfter(5));
    let http = http_app(endpoint("audio/l16;rate=16000"));
    let (code, lines, stderr) = call(&http, &["--ws-to", &ws.ws_to()]);
    assert_eq!(code, 0, "{stderr}\n{lines:#?}");
    let m = media(&lines);
    assert_eq!(
        m["closed"],
        json!({"by": "app", "code": 1000, "reason": "bot done"})
    );
    assert_eq!(m["frames_received"], 5);
    assert!(m["duration_ms"].as_u64().unwrap() < 900, "{m}");
    // Vonage sends `disconnected` when the app closes its socket.
    let statuses = http.statuses("/event");
    assert!(
        statuses.contains(&"disconnected".to_string()),
        "{statuses:?}"
    );
    assert!(http.refused().is_empty(), "{:?}", http.refused());
}

#[test]
fn caller_audio_comes_from_a_wav_file_resampled() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("caller.wav");
    ws_server::write_wav(&wav, 8000, (0..8000).map(|i| ((i % 100) * 100) as i16));
    let ws = start(Behaviour::Echo);
    let http = http_app(endpoint("audio/l16;rate=16000"));
    let (code, _lines, stderr) = call(
        &http,
        &["--ws-to", &ws.ws_to(), "--audio", wav.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let seen = ws.seen();
    // 8 kHz resampled to 16 kHz: samples 0, 50, 100, 150 … (little-endian).
    let first: Vec<i16> = seen.first_frame[..8]
        .chunks(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    assert_eq!(first, vec![0, 50, 100, 150]);
}

#[test]
fn a_file_that_is_not_wav_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("caller.mp3");
    std::fs::write(&mp3, b"ID3\x03\x00 not really audio").unwrap();
    let http = http_app(endpoint("audio/l16;rate=16000"));
    let (code, lines, stderr) = call(&http, &["--audio", mp3.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(lines.is_empty());
    assert!(stderr.contains("caller.mp3"), "{stderr}");
    assert!(http.hits().is_empty(), "no call was made");
}

#[test]
fn a_public_wss_uri_without_ws_to_is_a_finding_with_the_fix() {
    let http = http_app(endpoint("audio/l16;rate=16000"));
    let (code, lines, stderr) = call(&http, &[]);
    assert_eq!(code, 1, "{stderr}\n{lines:#?}");
    let f = finding(&lines, "call.ws_connect");
    assert!(f["hint"].as_str().unwrap().contains("--ws-to"), "{f}");
}

#[test]
fn authorization_vonage_sends_the_signed_callback_jwt_on_the_handshake() {
    let ws = start(Behaviour::Echo);
    let mut ep = endpoint("audio/l16;rate=8000");
    ep["authorization"] = json!({"type": "vonage"});
    let http = http_app(ep);
    let (code, lines, stderr) = call(&http, &["--ws-to", &ws.ws_to()]);
    assert_eq!(code, 0, "{stderr}\n{lines:#?}");
    let auth = ws
        .seen()
        .authorization
        .clone()
        .expect("no Authorization header");
    let mut headers = whk::webhook::Headers::new();
    headers.set("Authorization", &auth);
    let handshake = crate::support::replay_server::Received {
        method: "GET".into(),
        url: format!("http://127.0.0.1:{}/socket?call=abc", ws.port),
        path_and_query: "/socket?call=abc".into(),
        headers,
        body: Vec::new(),
        at: std::time::Instant::now(),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let claims = vonage_app::verify(&handshake, vonage_app::SECRET.as_bytes(), now)
        .unwrap_or_else(|e| panic!("{e}: {auth}"));
    assert!(claims["iat"].as_i64().unwrap() <= now);
}

#[test]
fn a_ws_to_that_is_not_ws_is_a_usage_error() {
    let http = http_app(endpoint("audio/l16;rate=16000"));
    let (code, lines, stderr) = call(&http, &["--ws-to", "https://127.0.0.1:9000"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(lines.is_empty());
    assert!(stderr.contains("ws://"), "{stderr}");
    assert!(http.hits().is_empty(), "no call was made");
}

#[test]
fn the_sample_bridge_app_greets_then_streams_to_the_socket() {
    let ws = start(Behaviour::Echo);
    let http = vonage_app::ws_bridge("wss://bot.example.com/socket");
    // The greeting takes about 2 s of virtual time; the socket gets the rest, for real.
    let (code, lines, stderr) = call_hanging_up(&http, "3s", &["--ws-to", &ws.ws_to()]);
    assert_eq!(code, 0, "{stderr}");
    let talk = lines
        .iter()
        .find(|l| l["type"] == "action" && l["action"] == "talk")
        .unwrap();
    assert_eq!(talk["text"], "Connecting you to the assistant.");
    let m = media(&lines);
    assert_eq!(m["closed"]["by"], "hangup");
    assert!(m["frames_sent"].as_u64().unwrap() > 10, "{m}");
    assert!(m["t_ms"].as_u64().unwrap() >= talk["duration_ms"].as_u64().unwrap());
    let seen = ws.seen();
    assert_eq!(seen.path, "/socket");
    let first = seen.first.as_ref().unwrap();
    assert_eq!(
        (&first["caller"], &first["lang"]),
        (&json!("447700900000"), &json!("en-GB"))
    );
    assert!(http.refused().is_empty(), "{:?}", http.refused());
}
