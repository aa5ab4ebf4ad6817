//! A `connect` to a `websocket` endpoint, played the way Vonage plays it (WebSocket guide,
//! `_documentation/en/voice/voice-api/guides/websockets.md`): Vonage is the client; the first
//! message is text, `{"event":"websocket:connected","content-type":…}` with the endpoint's
//! `headers` as top-level keys; then one binary message per 20 ms of 16-bit linear PCM at the
//! endpoint's rate (320 bytes at 8 kHz, 640 at 16 kHz, 960 at 24 kHz), in real time.
//!
//! The app may write audio back: each message must be exactly one 20 ms frame at the same
//! rate ("It is important that each message is 320 or 640 bytes"); Vonage buffers at most
//! 1024 of them. Other sizes and an overflowing buffer are findings. The socket runs until the
//! app closes it or the call hangs up, whichever comes first; the report says which.
//!
//! The engine calls [`run_socket`] and turns the [`SocketReport`] into `media` timeline
//! entries and the `disconnected` event. Nothing here touches the virtual clock: media time is
//! real time.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{Map, Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};

use super::audio::{self, FRAME, Pcm};
use crate::finding::{Code, Finding, Severity};
use crate::outbound::{Request, Signer, sign_request};
use crate::webhook::Headers;

/// The socket could not be opened: refused, a failed handshake, a `wss://` URI with no
/// `--ws-to`, an unsupported `content-type`.
pub const WS_CONNECT: Code = Code::of("call.ws_connect");
/// The app wrote a binary message that is not one 20 ms frame at the endpoint's rate.
pub const WS_FRAME_SIZE: Code = Code::of("call.ws_frame_size");
/// The app wrote audio faster than Vonage's 1024-message buffer drains.
pub const WS_BUFFER: Code = Code::of("call.ws_buffer");
/// The app wrote a text message that is not JSON.
pub const WS_TEXT: Code = Code::of("call.ws_text");

/// How many audio messages Vonage buffers from the app ("Nexmo will only buffer 1024
/// messages").
pub const BUFFER_FRAMES: u64 = 1024;
/// How long a socket leg runs when the call has no hang-up time and there is no `--audio`.
pub const DEFAULT_SILENCE: Duration = Duration::from_secs(10);
/// With `--audio` and no hang-up time: the audio's length plus this, for the app's answer.
pub const DEFAULT_TAIL: Duration = Duration::from_secs(2);
/// How long the TCP connect and the WebSocket handshake may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a close may take (whk's close frame out, the app's back).
pub(crate) const CLOSE_GRACE: Duration = Duration::from_millis(200);
/// Text messages kept in the report (the rest are counted).
const KEEP_TEXTS: usize = 50;
/// Characters kept of each text message.
const KEEP_TEXT_CHARS: usize = 500;

/// One `websocket` endpoint of a `connect` action.
#[derive(Clone, Debug, PartialEq)]
pub struct WsEndpoint {
    pub uri: String,
    /// `audio/l16;rate=16000` as written in the NCCO, when it is.
    pub content_type: Option<String>,
    /// Delivered as top-level keys of the first message.
    pub headers: Map<String, Value>,
    /// `{"type": "vonage"}` or `{"type": "custom", "value": "…"}`.
    pub authorization: Option<Value>,
}

impl WsEndpoint {
    /// Read one `endpoint[]` object of a `connect` (its `type` is `websocket`).
    pub fn from_ncco(endpoint: &Value) -> Result<WsEndpoint, String> {
        let obj = endpoint
            .as_object()
            .ok_or("a websocket endpoint is a JSON object")?;
        let uri = obj
            .get("uri")
            .and_then(Value::as_str)
            .ok_or("a websocket endpoint needs a `uri` string")?
            .to_string();
        let content_type = match obj.get("content-type") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err("the websocket endpoint's `content-type` is not a string".into()),
        };
        let headers = match obj.get("headers") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err("the websocket endpoint's `headers` is not an object".into()),
        };
        Ok(WsEndpoint {
            uri,
            content_type,
            headers,
            authorization: obj.get("authorization").cloned(),
        })
    }

    /// The sample rate the `content-type` asks for: 16 kHz when it is absent (the rate of
    /// Vonage's examples); an error for anything Vonage does not stream.
    pub fn rate(&self) -> Result<u32, String> {
        let Some(ct) = &self.content_type else {
            return Ok(16000);
        };
        let lower = ct.to_ascii_lowercase().replace(' ', "");
        let rate = lower
            .strip_prefix("audio/l16;rate=")
            .and_then(|r| r.parse::<u32>().ok());
        match rate {
            Some(r) if audio::RATES.contains(&r) => Ok(r),
            _ => Err(format!(
                "content-type {ct:?} is not one Vonage streams (audio/l16;rate=8000, 16000 or 24000)"
            )),
        }
    }

    /// The first message on the socket: `event`, `content-type`, then the endpoint's
    /// `headers` as top-level keys (a header named `event` or `content-type` is left out:
    /// those two keys are Vonage's).
    pub fn connected_message(&self, rate: u32) -> Value {
        let mut m = Map::new();
        m.insert("event".into(), Value::from("websocket:connected"));
        let ct = self
            .content_type
            .clone()
            .unwrap_or_else(|| format!("audio/l16;rate={rate}"));
        m.insert("content-type".into(), Value::from(ct));
        for (k, v) in &self.headers {
            if k != "event" && k != "content-type" {
                m.insert(k.clone(), v.clone());
            }
        }
        Value::Object(m)
    }

    /// The `Authorization` header Vonage sends on the handshake, when the endpoint asks for
    /// one: a custom value as written, or (`type: vonage`) the caller's signed JWT.
    fn authorization_header(&self, vonage: Option<&str>) -> Option<String> {
        let auth = self.authorization.as_ref()?;
        match auth.get("type").and_then(Value::as_str) {
            Some("custom") => auth.get("value").and_then(Value::as_str).map(String::from),
            Some("vonage") => vonage.map(String::from),
            _ => None,
        }
    }
}

/// How a socket leg is run.
#[derive(Clone, Debug, Default)]
pub struct SocketOptions {
    /// `--ws-to`: where the NCCO's (public) host really is.
    pub ws_to: Option<url::Url>,
    /// `--audio`, read once.
    pub audio: Option<Arc<Pcm>>,
    /// Time left until the call hangs up; `None`: the audio's length plus [`DEFAULT_TAIL`],
    /// or [`DEFAULT_SILENCE`].
    pub until: Option<Duration>,
    /// The `Authorization` value for `authorization: {"type": "vonage"}` (see
    /// [`vonage_bearer`]).
    pub vonage_authorization: Option<String>,
}

impl SocketOptions {
    /// How long the leg runs at most.
    pub fn run_time(&self) -> Duration {
        match (self.until, &self.audio) {
            (Some(d), _) => d,
            (None, Some(a)) => a.duration() + DEFAULT_TAIL,
            (None, None) => DEFAULT_SILENCE,
        }
    }
}

/// Who closed the socket, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Closed {
    /// The app sent a close frame.
    App { code: u16, reason: String },
    /// The call hung up: whk (as Vonage) closed with 1000.
    Hangup,
    /// The connection broke without a close frame.
    Error { error: String },
    /// It never opened.
    NotConnected { error: String },
}

impl Closed {
    /// The app closed with `frame` (1005, no status, when it had none).
    pub fn by_app(frame: Option<CloseFrame>) -> Closed {
        match frame {
            Some(f) => Closed::App {
                code: u16::from(f.code),
                reason: f.reason.to_string(),
            },
            None => Closed::App {
                code: 1005,
                reason: String::new(),
            },
        }
    }

    /// How the socket ended, for a summary line: `closed by the app (1000 bye)`, `closed at
    /// hang-up`, `broke: …`; `Err("not connected: …")` when it never opened.
    pub fn phrase(&self) -> Result<String, String> {
        Ok(match self {
            Closed::App { code, reason } if reason.is_empty() => {
                format!("closed by the app ({code})")
            }
            Closed::App { code, reason } => format!("closed by the app ({code} {reason})"),
            Closed::Hangup => "closed at hang-up".to_string(),
            Closed::Error { error } => format!("broke: {error}"),
            Closed::NotConnected { error } => return Err(format!("not connected: {error}")),
        })
    }
}

/// What happened on the socket.
#[derive(Clone, Debug, Serialize)]
pub struct SocketReport {
    /// The URL connected to (after `--ws-to`).
    pub url: String,
    pub rate: u32,
    /// The first message as sent.
    pub connected_message: Option<Value>,
    pub frames_sent: u64,
    /// Binary messages from the app.
    pub frames_received: u64,
    pub bytes_received: u64,
    /// Size → count of the app's binary messages.
    pub frame_sizes: BTreeMap<usize, u64>,
    /// Text messages from the app (the first 50, each cut at 500 characters).
    pub texts: Vec<String>,
    pub texts_received: u64,
    /// From the first message sent to the app's first audio frame.
    #[serde(serialize_with = "opt_ms")]
    pub first_audio: Option<Duration>,
    pub closed: Closed,
    /// Wall time from connecting to the close.
    #[serde(serialize_with = "ms")]
    pub duration: Duration,
    pub findings: Vec<Finding>,
}

/// A duration as whole milliseconds (the socket reports' `serialize_with`).
pub(crate) fn ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

/// [`ms`], or `null`.
pub(crate) fn opt_ms<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ms(d, s),
        None => s.serialize_none(),
    }
}

impl SocketReport {
    fn new(url: String, rate: u32) -> SocketReport {
        SocketReport {
            url,
            rate,
            connected_message: None,
            frames_sent: 0,
            frames_received: 0,
            bytes_received: 0,
            frame_sizes: BTreeMap::new(),
            texts: Vec::new(),
            texts_received: 0,
            first_audio: None,
            closed: Closed::NotConnected {
                error: String::new(),
            },
            duration: Duration::ZERO,
            findings: Vec::new(),
        }
    }

    fn not_connected(mut self, error: String, hint: Option<String>) -> SocketReport {
        let refused = Refused { error, hint };
        self.findings.push(refused.finding(&self.url));
        self.closed = Closed::NotConnected {
            error: refused.error,
        };
        self
    }

    /// Whether the socket opened.
    pub fn connected(&self) -> bool {
        !matches!(self.closed, Closed::NotConnected { .. })
    }

    /// The details of the `media` timeline entry (field names kept here, in one place):
    /// `url`, `rate`, `frames_sent`, `frames_received`, `bytes_received`, `frame_sizes`,
    /// `texts`, `texts_received`, `first_audio_ms`, `closed` (`by`, and `code`/`reason`/
    /// `error`), `duration_ms`.
    pub fn timeline_details(&self) -> Value {
        json!({
            "url": self.url,
            "rate": self.rate,
            "frames_sent": self.frames_sent,
            "frames_received": self.frames_received,
            "bytes_received": self.bytes_received,
            "frame_sizes": self.frame_sizes.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect::<Map<_, _>>(),
            "texts": self.texts,
            "texts_received": self.texts_received,
            "first_audio_ms": self.first_audio.map(|d| d.as_millis() as u64),
            "closed": self.closed,
            "duration_ms": self.duration.as_millis() as u64,
        })
    }

    /// One line for people: `ws://… 16 kHz: sent 50 frames, got 48 (640 B), first audio
    /// after 40 ms, closed by the app (1000)`.
    pub fn summary_line(&self) -> String {
        let closed = match self.closed.phrase() {
            Ok(p) => p,
            Err(not_connected) => return format!("{}: {not_connected}", self.url),
        };
        let sizes = self
            .frame_sizes
            .iter()
            .map(|(size, n)| format!("{n}×{size} B"))
            .collect::<Vec<_>>()
            .join(", ");
        let got = if sizes.is_empty() {
            "no audio back".to_string()
        } else {
            format!("got {} ({sizes})", self.frames_received)
        };
        let first = self
            .first_audio
            .map(|d| {
                format!(
                    ", first audio after {}",
                    crate::output::format::latency_compact(d)
                )
            })
            .unwrap_or_default();
        let texts = match self.texts_received {
            0 => String::new(),
            1 => ", 1 text message".to_string(),
            n => format!(", {n} text messages"),
        };
        format!(
            "{} {} kHz: sent {} frames, {got}{first}{texts}, {closed}",
            self.url,
            self.rate / 1000,
            self.frames_sent
        )
    }
}

/// The URL to connect to: with `--ws-to`, the NCCO's scheme, host and port are replaced by
/// its own and its path (other than `/`) goes in front of the NCCO's path; the NCCO's path
/// and query are kept.
pub fn map_url(uri: &str, ws_to: Option<&url::Url>) -> Result<url::Url, String> {
    let parsed = url::Url::parse(uri).map_err(|e| format!("the uri {uri:?} is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "ws" | "wss") {
        return Err(format!("the uri {uri:?} is not ws:// or wss://"));
    }
    let Some(to) = ws_to else {
        return Ok(parsed);
    };
    let mut out = to.clone();
    let prefix = to.path().trim_end_matches('/');
    out.set_path(&format!("{prefix}{}", parsed.path()));
    out.set_query(parsed.query());
    Ok(out)
}

/// Check a `--ws-to` value: a `ws://` URL.
pub fn parse_ws_to(value: &str) -> Result<url::Url, String> {
    let u = url::Url::parse(value).map_err(|e| format!("--ws-to {value:?} is not a URL: {e}"))?;
    match u.scheme() {
        "ws" if u.host().is_some() => Ok(u),
        "ws" => Err(format!("--ws-to {value:?} has no host")),
        other => Err(format!(
            "--ws-to {value:?} is {other}://; it takes a ws:// URL of the local app"
        )),
    }
}

/// The signature headers the platform puts on a socket's handshake: `signer`'s scheme over
/// an empty GET of `uri` (the `wss://` URL as the document wrote it), at wall time
/// `wall_unix`. Twilio's `X-Twilio-Signature` covers that URL (its Media Streams
/// configuration page asks apps to validate it); Vonage's signed-callback JWT does not cover
/// the URL. Empty when the URL or the signing fails.
pub fn handshake_signature(signer: &Signer, uri: &str, wall_unix: i64) -> Vec<(String, String)> {
    // The outbound path takes http:// targets only; the signature is made over `uri` itself.
    let http = uri
        .replacen("wss://", "http://", 1)
        .replacen("ws://", "http://", 1);
    let Ok(mut req) = Request::to_url("GET", &http, Headers::new(), bytes::Bytes::new()) else {
        return Vec::new();
    };
    if sign_request(&mut req, signer, wall_unix, None, Some(uri)).is_err() {
        return Vec::new();
    }
    req.headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The `Authorization: Bearer …` Vonage sends when the endpoint has
/// `authorization: {"type": "vonage"}`: the same signed JWT as its webhooks
/// ([`handshake_signature`] with the Vonage signer).
pub fn vonage_bearer(signer: &Signer, uri: &str, wall_unix: i64) -> Option<String> {
    handshake_signature(signer, uri, wall_unix)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Authorization"))
        .map(|(_, v)| v)
}

/// Connect, send `websocket:connected`, stream 20 ms frames in real time and collect what the
/// app sends, until the app closes or [`SocketOptions::run_time`] has passed.
pub async fn run_socket(endpoint: &WsEndpoint, opts: &SocketOptions) -> SocketReport {
    let rate = endpoint.rate();
    let url = map_url(&endpoint.uri, opts.ws_to.as_ref());
    let shown = url
        .as_ref()
        .map(|u| u.to_string())
        .unwrap_or_else(|_| endpoint.uri.clone());
    let report = SocketReport::new(shown, *rate.as_ref().unwrap_or(&16000));
    let (rate, url) = match (rate, url) {
        (Ok(r), Ok(u)) => (r, u),
        (Err(e), _) | (_, Err(e)) => return report.not_connected(e, None),
    };
    let auth = endpoint.authorization_header(opts.vonage_authorization.as_deref());
    let headers: Vec<(String, String)> = auth
        .map(|a| vec![("Authorization".to_string(), a)])
        .unwrap_or_default();
    let ws = match open(&url, &headers).await {
        Ok(ws) => ws,
        Err(Refused { error, hint }) => return report.not_connected(error, hint),
    };
    stream(ws, endpoint, opts, report, rate).await
}

/// Why a socket did not open: one phrase, and a hint when there is one to give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub error: String,
    pub hint: Option<String>,
}

impl Refused {
    pub fn new(error: impl Into<String>) -> Refused {
        Refused {
            error: error.into(),
            hint: None,
        }
    }

    /// The `call.ws_connect` finding for a socket to `url` that did not open.
    pub fn finding(&self, url: &str) -> Finding {
        let f = Finding::error(
            WS_CONNECT,
            format!("could not open the WebSocket {url}: {}", self.error),
        );
        match &self.hint {
            Some(h) => f.with_hint(h.clone()),
            None => f,
        }
    }
}

/// An open client socket to the app.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Open a socket to `url` (already mapped with [`map_url`]) as the platform does: `ws://`
/// only (a `wss://` URL is the public address; `--ws-to` maps it), `headers` on the
/// handshake, the TCP connect and handshake within [`CONNECT_TIMEOUT`]. Shared by every
/// platform's socket leg (Vonage's `websocket` endpoint, Twilio's Media Streams).
pub async fn open(url: &url::Url, headers: &[(String, String)]) -> Result<Socket, Refused> {
    if url.scheme() == "wss" {
        return Err(Refused {
            error: "whk connects to ws:// only (wss:// is the public address)".to_string(),
            hint: Some("map it to your local app with --ws-to ws://127.0.0.1:PORT".to_string()),
        });
    }
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Refused::new(e.to_string()))?;
    for (name, value) in headers {
        let v = HeaderValue::from_str(value).map_err(|_| {
            Refused::new(format!(
                "the {name} value for the handshake is not a valid header value"
            ))
        })?;
        let n = tungstenite::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Refused::new(format!("{name:?} is not a header name")))?;
        request.headers_mut().insert(n, v);
    }
    let connecting = tokio::time::timeout(
        CONNECT_TIMEOUT,
        // No Nagle: 20 ms frames go out as they are made, and the time to the app's first audio
        // is not the TCP stack's delayed-ACK wait.
        tokio_tungstenite::connect_async_with_config(request, None, true),
    )
    .await;
    match connecting {
        Ok(Ok((ws, _response))) => Ok(ws),
        Ok(Err(e)) => Err(Refused::new(explain(&e))),
        Err(_) => Err(Refused::new(format!(
            "no handshake within {}",
            crate::output::format::humantime(CONNECT_TIMEOUT)
        ))),
    }
}

/// A connect or handshake error in one phrase.
fn explain(e: &tungstenite::Error) -> String {
    match e {
        tungstenite::Error::Http(resp) => format!(
            "the app answered the handshake with HTTP {} instead of 101",
            resp.status().as_u16()
        ),
        tungstenite::Error::Io(io) => format!("connection failed: {io}"),
        other => other.to_string(),
    }
}

async fn stream<S>(
    ws: tokio_tungstenite::WebSocketStream<S>,
    endpoint: &WsEndpoint,
    opts: &SocketOptions,
    mut report: SocketReport,
    rate: u32,
) -> SocketReport
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let started = Instant::now();
    let (mut sink, mut incoming) = ws.split();
    let first = endpoint.connected_message(rate);
    report.connected_message = Some(first.clone());
    report.closed = Closed::Hangup;
    if let Err(e) = sink.send(Message::text(first.to_string())).await {
        report.closed = Closed::Error {
            error: e.to_string(),
        };
        report.duration = started.elapsed();
        return report;
    }
    let pcm = opts.audio.as_ref().map(|a| a.resampled(rate));
    let silence = Pcm {
        rate,
        samples: Vec::new(),
    };
    let audio = pcm.as_ref().unwrap_or(&silence);
    let expected = audio::frame_bytes(rate);
    // Writes wait at most until the hang-up: an app that stops reading cannot hold the call.
    let end = tokio::time::Instant::now() + opts.run_time();
    let deadline = tokio::time::sleep_until(end);
    tokio::pin!(deadline);
    let mut ticks = tokio::time::interval(FRAME);
    let mut frame = Vec::with_capacity(expected);
    let mut buffered: u64 = 0;
    let mut overflowed: u64 = 0;
    loop {
        tokio::select! {
            _ = &mut deadline => {
                close_at_hangup(&mut sink, &mut incoming).await;
                report.closed = Closed::Hangup;
                break;
            }
            _ = ticks.tick() => {
                audio.frame(report.frames_sent as usize, &mut frame);
                match tokio::time::timeout_at(end, sink.send(Message::binary(frame.clone()))).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        report.closed = Closed::Error { error: e.to_string() };
                        break;
                    }
                    // Still blocked (the app stopped reading) when the call hung up.
                    Err(_) => {
                        report.closed = Closed::Hangup;
                        break;
                    }
                }
                report.frames_sent += 1;
                // Vonage plays one buffered frame of the app's audio per 20 ms.
                buffered = buffered.saturating_sub(1);
            }
            msg = incoming.next() => match msg {
                Some(Ok(Message::Binary(b))) => {
                    if report.first_audio.is_none() {
                        report.first_audio = Some(started.elapsed());
                    }
                    report.frames_received += 1;
                    report.bytes_received += b.len() as u64;
                    *report.frame_sizes.entry(b.len()).or_insert(0) += 1;
                    buffered += 1;
                    if buffered > BUFFER_FRAMES {
                        overflowed += 1;
                        buffered = BUFFER_FRAMES;
                    }
                }
                Some(Ok(Message::Text(t))) => {
                    report.texts_received += 1;
                    if serde_json::from_str::<Value>(t.as_str()).is_err()
                        && !report.findings.iter().any(|f| f.code == WS_TEXT)
                    {
                        report.findings.push(
                            Finding::new(WS_TEXT, Severity::Warning, format!("the app sent a text message that is not JSON: {}", cut(t.as_str(), 80)))
                                .with_hint("Vonage reads text messages on the socket as JSON commands"),
                        );
                    }
                    if report.texts.len() < KEEP_TEXTS {
                        report.texts.push(cut(t.as_str(), KEEP_TEXT_CHARS));
                    }
                }
                Some(Ok(Message::Close(frame))) => {
                    report.closed = Closed::by_app(frame);
                    let _ = tokio::time::timeout(CLOSE_GRACE, sink.close()).await;
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    report.closed = Closed::Error { error: closed_error(&e) };
                    break;
                }
                None => {
                    report.closed = Closed::Error { error: "the connection ended without a close frame".to_string() };
                    break;
                }
            }
        }
    }
    report.duration = started.elapsed();
    frame_findings(&mut report, expected, overflowed);
    report
}

/// The platform's side of a hang-up: a close frame with 1000 (`call ended`), then (briefly)
/// the app's close frame back, so the close is clean.
pub(crate) async fn close_at_hangup<W, R>(sink: &mut W, incoming: &mut R)
where
    W: futures_util::Sink<Message> + Unpin,
    R: futures_util::Stream<Item = Result<Message, tungstenite::Error>> + Unpin,
{
    let close = CloseFrame {
        code: CloseCode::Normal,
        reason: "call ended".into(),
    };
    let _ = tokio::time::timeout(CLOSE_GRACE, sink.send(Message::Close(Some(close)))).await;
    let _ = tokio::time::timeout(CLOSE_GRACE, async {
        while let Some(Ok(m)) = incoming.next().await {
            if m.is_close() {
                break;
            }
        }
    })
    .await;
}

pub(crate) fn closed_error(e: &tungstenite::Error) -> String {
    match e {
        tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::ResetWithoutClosingHandshake,
        ) => "the app dropped the connection without a close frame".to_string(),
        other => other.to_string(),
    }
}

fn frame_findings(report: &mut SocketReport, expected: usize, overflowed: u64) {
    let wrong: Vec<String> = report
        .frame_sizes
        .iter()
        .filter(|(size, _)| **size != expected)
        .map(|(size, n)| format!("{n}×{size} bytes"))
        .collect();
    if !wrong.is_empty() {
        let bad: u64 = report
            .frame_sizes
            .iter()
            .filter(|(size, _)| **size != expected)
            .map(|(_, n)| *n)
            .sum();
        report.findings.push(
            Finding::error(
                WS_FRAME_SIZE,
                format!(
                    "{bad} of {} audio messages from the app are not {expected} bytes: {}",
                    report.frames_received,
                    wrong.join(", ")
                ),
            )
            .with_hint(format!(
                "Vonage needs each binary message to be exactly 20 ms of 16-bit PCM at {} Hz ({expected} bytes)",
                report.rate
            )),
        );
    }
    if overflowed > 0 {
        report.findings.push(
            Finding::new(
                WS_BUFFER,
                Severity::Warning,
                format!(
                    "the app wrote audio faster than real time beyond Vonage's {BUFFER_FRAMES}-message buffer: {overflowed} frames would be dropped"
                ),
            )
            .with_hint("pace writes at about one frame per 18-19 ms once the buffer is full"),
        );
    }
}

pub(crate) fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    fn endpoint(uri: &str, ct: &str) -> WsEndpoint {
        WsEndpoint::from_ncco(&json!({
            "type": "websocket", "uri": uri, "content-type": ct,
            "headers": {"language": "en-GB", "callerID": "447700900123"}
        }))
        .unwrap()
    }

    #[test]
    fn first_message_is_vonages_shape() {
        let e = endpoint("wss://example.com/socket", "audio/l16;rate=16000");
        assert_eq!(
            e.connected_message(16000).to_string(),
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000","language":"en-GB","callerID":"447700900123"}"#
        );
    }

    #[test]
    fn rates_are_vonages() {
        assert_eq!(endpoint("ws://x/", "audio/l16;rate=8000").rate(), Ok(8000));
        assert_eq!(
            endpoint("ws://x/", "audio/L16; rate=24000").rate(),
            Ok(24000)
        );
        let e = WsEndpoint::from_ncco(&json!({"type": "websocket", "uri": "ws://x/"})).unwrap();
        assert_eq!(e.rate(), Ok(16000));
        assert!(endpoint("ws://x/", "audio/l16;rate=44100").rate().is_err());
        assert!(endpoint("ws://x/", "audio/pcmu").rate().is_err());
    }

    #[test]
    fn ws_to_maps_host_and_keeps_path_and_query() {
        let to = parse_ws_to("ws://127.0.0.1:9000").unwrap();
        let u = map_url("wss://bot.example.com/socket/abc?call=1", Some(&to)).unwrap();
        assert_eq!(u.as_str(), "ws://127.0.0.1:9000/socket/abc?call=1");
        let to = parse_ws_to("ws://127.0.0.1:9000/prefix/").unwrap();
        let u = map_url("wss://bot.example.com/socket", Some(&to)).unwrap();
        assert_eq!(u.as_str(), "ws://127.0.0.1:9000/prefix/socket");
        assert!(parse_ws_to("http://127.0.0.1:9000").is_err());
        assert!(map_url("https://x/", None).is_err());
    }

    /// An echo app: checks nothing, echoes binary, closes after `close_after` frames.
    async fn echo_app(
        close_after: Option<usize>,
        reply_size: Option<usize>,
    ) -> (u16, tokio::task::JoinHandle<Vec<Message>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            let mut seen = Vec::new();
            let mut frames = 0;
            while let Some(Ok(m)) = ws.next().await {
                seen.push(m.clone());
                if let Message::Binary(b) = m {
                    frames += 1;
                    let reply = match reply_size {
                        Some(n) => vec![0u8; n],
                        None => b.to_vec(),
                    };
                    ws.send(Message::binary(reply)).await.unwrap();
                    if close_after == Some(frames) {
                        let close = CloseFrame {
                            code: CloseCode::Away,
                            reason: "bye".into(),
                        };
                        ws.send(Message::Close(Some(close))).await.unwrap();
                    }
                }
            }
            seen
        });
        (port, task)
    }

    fn opts(port: u16, until_ms: u64) -> SocketOptions {
        SocketOptions {
            ws_to: Some(parse_ws_to(&format!("ws://127.0.0.1:{port}")).unwrap()),
            until: Some(Duration::from_millis(until_ms)),
            ..SocketOptions::default()
        }
    }

    #[tokio::test]
    async fn streams_real_time_frames_and_hangs_up() {
        let (port, app) = echo_app(None, None).await;
        let e = endpoint("wss://bot.example.com/socket?x=1", "audio/l16;rate=8000");
        let r = run_socket(&e, &opts(port, 200)).await;
        assert_eq!(r.closed, Closed::Hangup);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!((8..=12).contains(&r.frames_sent), "{}", r.frames_sent);
        assert_eq!(r.frame_sizes.keys().copied().collect::<Vec<_>>(), vec![320]);
        assert!(r.first_audio.is_some());
        let seen = app.await.unwrap();
        assert!(
            matches!(&seen[0], Message::Text(t) if t.as_str().starts_with(r#"{"event":"websocket:connected","content-type":"audio/l16;rate=8000""#))
        );
        assert!(matches!(&seen[1], Message::Binary(b) if b.len() == 320));
        assert!(
            matches!(seen.last(), Some(Message::Close(Some(f))) if f.code == CloseCode::Normal)
        );
    }

    #[tokio::test]
    async fn app_close_and_wrong_sizes_are_reported() {
        let (port, _app) = echo_app(Some(3), Some(100)).await;
        let e = endpoint("wss://bot.example.com/socket", "audio/l16;rate=16000");
        let r = run_socket(&e, &opts(port, 5000)).await;
        assert_eq!(
            r.closed,
            Closed::App {
                code: 1001,
                reason: "bye".into()
            }
        );
        assert!(r.duration < Duration::from_secs(2));
        assert_eq!(r.frame_sizes, BTreeMap::from([(100, 3)]));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].code, WS_FRAME_SIZE);
        assert_eq!(
            r.findings[0].message,
            "3 of 3 audio messages from the app are not 640 bytes: 3×100 bytes"
        );
    }

    #[test]
    fn vonage_authorization_is_the_signed_callback_jwt() {
        let signer = crate::outbound::Signer::new(
            crate::webhook::Provider::Vonage,
            &crate::webhook::SchemeOptions::default(),
            crate::secret::Secret::new("vonage-signature-secret-0123456789"),
        )
        .unwrap();
        let bearer = vonage_bearer(&signer, "wss://bot.example.com/socket", 1_700_000_000).unwrap();
        let token = bearer.strip_prefix("Bearer ").unwrap();
        assert_eq!(token.split('.').count(), 3, "{token}");
        let e = WsEndpoint::from_ncco(&json!({
            "type": "websocket", "uri": "wss://x/", "authorization": {"type": "vonage"}
        }))
        .unwrap();
        assert_eq!(e.authorization_header(Some(&bearer)), Some(bearer.clone()));
        let e = WsEndpoint::from_ncco(&json!({
            "type": "websocket", "uri": "wss://x/",
            "authorization": {"type": "custom", "value": "Token abc"}
        }))
        .unwrap();
        assert_eq!(
            e.authorization_header(Some(&bearer)).as_deref(),
            Some("Token abc")
        );
    }

    #[tokio::test]
    async fn an_app_that_drops_the_connection_is_an_error_close() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            let _ = ws.next().await;
            drop(ws);
        });
        let e = endpoint("wss://bot.example.com/socket", "audio/l16;rate=16000");
        let r = run_socket(&e, &opts(port, 5000)).await;
        assert!(matches!(r.closed, Closed::Error { .. }), "{:?}", r.closed);
        assert!(r.duration < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn an_app_that_stops_reading_still_ends_at_the_hang_up() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let _ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            tokio::time::sleep(Duration::from_secs(30)).await;
        });
        let e = endpoint("wss://bot.example.com/socket", "audio/l16;rate=24000");
        let r = run_socket(&e, &opts(port, 300)).await;
        assert_eq!(r.closed, Closed::Hangup);
        assert!(r.duration < Duration::from_secs(1), "{:?}", r.duration);
    }

    #[tokio::test]
    async fn unreachable_and_wss_are_connect_findings() {
        let dead = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let e = endpoint("wss://bot.example.com/socket", "audio/l16;rate=16000");
        let r = run_socket(&e, &opts(dead, 100)).await;
        assert!(!r.connected());
        assert_eq!(r.findings[0].code, WS_CONNECT);
        let r = run_socket(&e, &SocketOptions::default()).await;
        assert_eq!(r.findings[0].code, WS_CONNECT);
        assert!(r.findings[0].hint.as_deref().unwrap().contains("--ws-to"));
    }
}
