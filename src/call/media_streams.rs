//! Twilio Media Streams for `<Connect><Stream url="wss://…">`, played the way Twilio plays a
//! bidirectional stream ("Media Streams — WebSocket Messages",
//! twilio.com/docs/voice/media-streams/websocket-messages): Twilio is the client; every
//! message is JSON text. First `connected` {event, protocol "Call", version "1.0.0"}, then
//! `start` (the stream's `streamSid`, `accountSid`, `callSid`, `tracks`, the `<Parameter>`s as
//! `customParameters`, `mediaFormat` audio/x-mulaw 8000 Hz mono), then one `media` per 20 ms
//! (160 μ-law bytes, base64, of `--audio` or silence) in real time, and `stop` at hang-up.
//!
//! The app may send `media` (base64 μ-law to play), `mark` (echoed back once the audio sent
//! before it has been played) and `clear` (drops the buffered audio; pending marks are echoed
//! at once). Anything else is what Twilio logs as warnings 31950 (binary frames) and 31951
//! (not JSON, another event, missing fields, another stream's `streamSid`) and ignores; here
//! each is a finding. The report says when the app's first audio came and how the socket
//! closed.
//!
//! The connect step is the shared one ([`websocket::open`]); nothing here touches the
//! virtual clock (media time is real time): the caller (the TwiML `<Connect>` verb) advances
//! it by [`StreamReport::duration`].

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use base64::Engine as _;
use futures_util::{Sink, SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{Map, Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::audio::{FRAME, MULAW_FRAME, Pcm};
use super::engine::{Call, Ids, Spent};
use super::scenario::CallerStep;
use super::timeline::Item;
use super::websocket::{self, CLOSE_GRACE, Closed, Refused, SocketOptions};
use crate::finding::{Code, Finding, Severity};

/// The app sent a binary frame (Twilio warning 31950): Twilio reads text messages only.
pub const MS_BINARY: Code = Code::of("call.ms_binary");
/// The app sent a message Twilio cannot use: not JSON, no `event`, a `media` with no
/// `media.payload`, a `mark` with no `mark.name` (Twilio warning 31951).
pub const MS_MESSAGE: Code = Code::of("call.ms_message");
/// The app sent an event other than `media`, `mark` and `clear` (Twilio warning 31951).
pub const MS_EVENT: Code = Code::of("call.ms_event");
/// The app's message has no `streamSid`, or another stream's (Twilio warning 31951).
pub const MS_STREAM_SID: Code = Code::of("call.ms_stream_sid");
/// A `media.payload` that is not base64, is empty, or carries an audio file header (Twilio
/// plays raw audio/x-mulaw at 8000 Hz only).
pub const MS_PAYLOAD: Code = Code::of("call.ms_payload");

/// The `<Stream url>` is not what Twilio connects to: not `wss://` (Twilio error 31922), or
/// with a query string (31920: `<Stream>` does not support query strings).
pub const MS_URL: Code = Code::of("call.ms_url");

/// The protocol and version in the `connected` message.
pub const PROTOCOL: &str = "Call";
pub const VERSION: &str = "1.0.0";
/// When the caller presses the first key of a `--press` step during a stream, and the time
/// between keys.
pub const DTMF_AFTER: Duration = Duration::from_millis(500);
pub const DTMF_GAP: Duration = Duration::from_millis(250);
/// Mark names kept in the report (the rest are counted).
const KEEP_MARKS: usize = 50;

/// One `<Connect><Stream>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSpec {
    /// The `url` attribute as written (`wss://…`); `--ws-to` maps it.
    pub url: String,
    /// The `name` attribute.
    pub name: Option<String>,
    /// `<Parameter name="…" value="…"/>` nouns in document order: `start.customParameters`.
    pub parameters: Vec<(String, String)>,
    pub account_sid: String,
    pub call_sid: String,
    /// `MZ` + 32 hex digits.
    pub stream_sid: String,
    /// Headers on the handshake; empty: [`play`] signs it (`X-Twilio-Signature`).
    pub handshake_headers: Vec<(String, String)>,
}

impl StreamSpec {
    /// `{"event":"connected","protocol":"Call","version":"1.0.0"}`.
    pub fn connected_message() -> Value {
        json!({"event": "connected", "protocol": PROTOCOL, "version": VERSION})
    }

    /// The `start` message (`sequenceNumber` 1).
    pub fn start_message(&self) -> Value {
        let params: Map<String, Value> = self
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
            .collect();
        json!({
            "event": "start",
            "sequenceNumber": "1",
            "start": {
                "accountSid": self.account_sid,
                "streamSid": self.stream_sid,
                "callSid": self.call_sid,
                "tracks": ["inbound"],
                "customParameters": params,
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
            },
            "streamSid": self.stream_sid,
        })
    }

    /// The caller's audio, chunk `chunk` (from 1): `timestamp` is the chunk's start in ms.
    pub fn media_message(&self, seq: u64, chunk: u64, mulaw: &[u8]) -> Value {
        let ms = chunk.saturating_sub(1) * FRAME.as_millis() as u64;
        json!({
            "event": "media",
            "sequenceNumber": seq.to_string(),
            "media": {
                "track": "inbound",
                "chunk": chunk.to_string(),
                "timestamp": ms.to_string(),
                "payload": base64::engine::general_purpose::STANDARD.encode(mulaw),
            },
            "streamSid": self.stream_sid,
        })
    }

    /// A mark the app sent, echoed back.
    pub fn mark_message(&self, seq: u64, name: &str) -> Value {
        json!({
            "event": "mark",
            "sequenceNumber": seq.to_string(),
            "streamSid": self.stream_sid,
            "mark": {"name": name},
        })
    }

    /// A key the caller pressed (bidirectional streams only).
    pub fn dtmf_message(&self, seq: u64, digit: char) -> Value {
        json!({
            "event": "dtmf",
            "streamSid": self.stream_sid,
            "sequenceNumber": seq.to_string(),
            "dtmf": {"track": "inbound_track", "digit": digit.to_string()},
        })
    }

    /// The last message, at hang-up.
    pub fn stop_message(&self, seq: u64) -> Value {
        json!({
            "event": "stop",
            "sequenceNumber": seq.to_string(),
            "stop": {"accountSid": self.account_sid, "callSid": self.call_sid},
            "streamSid": self.stream_sid,
        })
    }
}

/// A message from the app that Twilio acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppMessage {
    /// μ-law bytes to play.
    Media(Vec<u8>),
    Mark(String),
    Clear,
}

/// Why a message from the app is ignored: its finding code and one sentence.
pub type Ignored = (Code, String);

/// Read one text message from the app as Twilio does for stream `stream_sid`.
pub fn read_app_message(text: &str, stream_sid: &str) -> Result<AppMessage, Ignored> {
    let value: Value = serde_json::from_str(text).map_err(|_| {
        (
            MS_MESSAGE,
            format!(
                "text message that is not JSON: {}",
                websocket::cut(text, 80)
            ),
        )
    })?;
    let Some(obj) = value.as_object() else {
        return Err((MS_MESSAGE, "JSON message that is not an object".into()));
    };
    let Some(event) = obj.get("event").and_then(Value::as_str) else {
        return Err((MS_MESSAGE, "message with no `event` string".into()));
    };
    if !matches!(event, "media" | "mark" | "clear") {
        return Err((
            MS_EVENT,
            format!("unsupported event {event:?} (Twilio accepts media, mark and clear)"),
        ));
    }
    match obj.get("streamSid") {
        Some(Value::String(s)) if s == stream_sid => {}
        Some(Value::String(s)) => {
            return Err((
                MS_STREAM_SID,
                format!("{event} message for streamSid {s:?}, not this stream's {stream_sid}"),
            ));
        }
        _ => {
            return Err((
                MS_STREAM_SID,
                format!("{event} message with no `streamSid` string"),
            ));
        }
    }
    match event {
        "media" => {
            let Some(payload) = obj
                .get("media")
                .and_then(|m| m.get("payload"))
                .and_then(Value::as_str)
            else {
                return Err((
                    MS_MESSAGE,
                    "media message with no `media.payload` string".into(),
                ));
            };
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(payload)
                .map_err(|e| {
                    (
                        MS_PAYLOAD,
                        format!("media payload that is not base64 ({e})"),
                    )
                })?;
            if bytes.is_empty() {
                return Err((MS_PAYLOAD, "empty media payload".into()));
            }
            if bytes.starts_with(b"RIFF") {
                return Err((
                    MS_PAYLOAD,
                    format!(
                        "media payload that starts with a WAV (RIFF) header ({} bytes)",
                        bytes.len()
                    ),
                ));
            }
            Ok(AppMessage::Media(bytes))
        }
        "mark" => obj
            .get("mark")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .map(|n| AppMessage::Mark(n.to_string()))
            .ok_or((MS_MESSAGE, "mark message with no `mark.name` string".into())),
        _ => Ok(AppMessage::Clear),
    }
}

/// The app's audio waiting to be played, with its marks in place.
#[derive(Debug, Default)]
struct Playback {
    queue: VecDeque<Queued>,
    buffered: usize,
}

#[derive(Debug)]
enum Queued {
    Audio(usize),
    Mark(String),
}

impl Playback {
    fn push_audio(&mut self, n: usize) {
        self.buffered += n;
        match self.queue.back_mut() {
            Some(Queued::Audio(m)) => *m += n,
            _ => self.queue.push_back(Queued::Audio(n)),
        }
    }

    /// A mark: reached at once when nothing is buffered before it.
    fn push_mark(&mut self, name: String) -> Option<String> {
        if self.queue.is_empty() {
            Some(name)
        } else {
            self.queue.push_back(Queued::Mark(name));
            None
        }
    }

    /// Play up to `bytes`; returns the bytes played and the marks reached, in order.
    fn play(&mut self, bytes: usize) -> (usize, Vec<String>) {
        let mut left = bytes;
        let mut marks = Vec::new();
        loop {
            match self.queue.front_mut() {
                Some(Queued::Mark(_)) => {
                    if let Some(Queued::Mark(name)) = self.queue.pop_front() {
                        marks.push(name);
                    }
                }
                Some(Queued::Audio(n)) if left > 0 => {
                    let take = (*n).min(left);
                    *n -= take;
                    left -= take;
                    self.buffered -= take;
                    if *n == 0 {
                        self.queue.pop_front();
                    }
                }
                _ => break,
            }
        }
        (bytes - left, marks)
    }

    /// `clear`: drop the audio; every pending mark is reached. Returns the bytes dropped.
    fn clear(&mut self) -> (usize, Vec<String>) {
        let dropped = self.buffered;
        self.buffered = 0;
        let marks = self
            .queue
            .drain(..)
            .filter_map(|q| match q {
                Queued::Mark(name) => Some(name),
                Queued::Audio(_) => None,
            })
            .collect();
        (dropped, marks)
    }

    fn pending_marks(&self) -> usize {
        self.queue
            .iter()
            .filter(|q| matches!(q, Queued::Mark(_)))
            .count()
    }
}

/// What happened on a Media Streams socket.
#[derive(Clone, Debug, Serialize)]
pub struct StreamReport {
    /// The URL connected to (after `--ws-to`).
    pub url: String,
    pub stream_sid: String,
    /// Every message whk sent (connected, start, media, mark echoes, stop).
    pub messages_sent: u64,
    /// `media` messages of the caller's audio.
    pub media_sent: u64,
    /// The app's `media` messages that Twilio would play.
    pub media_received: u64,
    /// Their μ-law bytes (8 a millisecond).
    pub bytes_received: u64,
    /// Payload size (bytes) → count.
    pub payload_sizes: BTreeMap<usize, u64>,
    /// μ-law bytes of the app's audio played before the close.
    pub bytes_played: u64,
    /// μ-law bytes dropped by `clear`.
    pub bytes_cleared: u64,
    pub marks_received: u64,
    /// Names of the marks echoed back, in order (the first 50).
    pub marks_echoed: Vec<String>,
    pub marks_echoed_count: u64,
    /// Marks still waiting for their audio when the socket closed.
    pub marks_pending: u64,
    pub clears: u64,
    /// Messages from the app Twilio would ignore (each kind is a finding).
    pub ignored: u64,
    /// Keys the caller pressed during the stream (`dtmf` messages).
    pub digits_sent: String,
    /// From the `start` message to the app's first `media`.
    #[serde(serialize_with = "websocket::opt_ms")]
    pub first_audio: Option<Duration>,
    pub closed: Closed,
    /// Wall time from connecting to the close.
    #[serde(serialize_with = "websocket::ms")]
    pub duration: Duration,
    pub findings: Vec<Finding>,
}

impl StreamReport {
    fn new(url: String, stream_sid: String) -> StreamReport {
        StreamReport {
            url,
            stream_sid,
            messages_sent: 0,
            media_sent: 0,
            media_received: 0,
            bytes_received: 0,
            payload_sizes: BTreeMap::new(),
            bytes_played: 0,
            bytes_cleared: 0,
            marks_received: 0,
            marks_echoed: Vec::new(),
            marks_echoed_count: 0,
            marks_pending: 0,
            clears: 0,
            ignored: 0,
            digits_sent: String::new(),
            first_audio: None,
            closed: Closed::NotConnected {
                error: String::new(),
            },
            duration: Duration::ZERO,
            findings: Vec::new(),
        }
    }

    fn not_connected(mut self, refused: Refused) -> StreamReport {
        self.findings.push(refused.finding(&self.url));
        self.closed = Closed::NotConnected {
            error: refused.error,
        };
        self
    }

    /// The details of the `media` timeline entry: `stream: "twilio"`, the report's fields
    /// (durations as `first_audio_ms`, `duration_ms`) and `summary` (the line people read).
    pub fn timeline_details(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("stream".into(), Value::from("twilio"));
        if let Ok(Value::Object(fields)) = serde_json::to_value(self) {
            for (k, v) in fields {
                match k.as_str() {
                    "findings" => {}
                    "first_audio" => {
                        m.insert("first_audio_ms".into(), v);
                    }
                    "duration" => {
                        m.insert("duration_ms".into(), v);
                    }
                    _ => {
                        m.insert(k, v);
                    }
                }
            }
        }
        m.insert("summary".into(), Value::from(self.summary_line()));
        m
    }

    /// One line for people: `ws://… MZ…: sent 50 media, got 48 media (960 ms of audio),
    /// 1/1 marks echoed, first audio after 40.0ms, closed by the app (1000)`.
    pub fn summary_line(&self) -> String {
        let closed = match self.closed.phrase() {
            Ok(p) => p,
            Err(not_connected) => return format!("{}: {not_connected}", self.url),
        };
        let got = if self.media_received == 0 {
            "no audio back".to_string()
        } else {
            format!(
                "got {} media ({} of audio)",
                self.media_received,
                crate::output::format::duration_written(Duration::from_millis(
                    self.bytes_received / 8
                ))
            )
        };
        let mut parts = vec![format!("sent {} media", self.media_sent), got];
        if self.marks_received > 0 {
            parts.push(format!(
                "{}/{} marks echoed",
                self.marks_echoed_count, self.marks_received
            ));
        }
        if self.clears > 0 {
            parts.push(format!("{} clear", self.clears));
        }
        if let Some(d) = self.first_audio {
            parts.push(format!(
                "first audio after {}",
                crate::output::format::latency_compact(d)
            ));
        }
        if !self.digits_sent.is_empty() {
            parts.push(format!("pressed {}", self.digits_sent));
        }
        if self.ignored > 0 {
            parts.push(format!("{} ignored", self.ignored));
        }
        parts.push(closed);
        format!("{} {}: {}", self.url, self.stream_sid, parts.join(", "))
    }
}

/// Ignored messages by code: how many, and the first one's sentence.
#[derive(Default)]
struct Tally(BTreeMap<String, (Code, u64, String)>);

impl Tally {
    fn add(&mut self, (code, sentence): Ignored) {
        self.0
            .entry(code.as_str().to_string())
            .or_insert((code, 0, sentence))
            .1 += 1;
    }

    fn findings(self) -> Vec<Finding> {
        self.0
            .into_values()
            .map(|(code, n, first)| {
                let times = if n == 1 {
                    String::new()
                } else {
                    format!(" ({n} such messages)")
                };
                let severity = if code == MS_EVENT {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let hint = hint(&code);
                Finding::new(
                    code,
                    severity,
                    format!("Twilio would ignore the app's {first}{times}"),
                )
                .with_hint(hint)
            })
            .collect()
    }
}

fn hint(code: &Code) -> &'static str {
    match code.as_str() {
        "call.ms_binary" => {
            "send JSON text messages only: audio goes in a media message's base64 media.payload (Twilio warning 31950)"
        }
        "call.ms_event" => {
            "a bidirectional stream accepts media, mark and clear from the app (Twilio warning 31951)"
        }
        "call.ms_stream_sid" => {
            "use the streamSid from this stream's start message in every message (Twilio warning 31951)"
        }
        "call.ms_payload" => {
            "media.payload is base64 of raw audio/x-mulaw at 8000 Hz, with no file header bytes"
        }
        _ => {
            "send {\"event\":\"media\"|\"mark\"|\"clear\",\"streamSid\":…} with media.payload or mark.name (Twilio warning 31951)"
        }
    }
}

/// Why the loop stopped writing.
enum Halt {
    Hangup,
    Broke(String),
}

/// Connect to the app for `spec`, play Twilio's side of a bidirectional Media Stream until
/// the app closes or [`SocketOptions::run_time`] has passed, and report what the app did.
/// The caller presses `digits` during the stream: a `dtmf` message each, the first
/// [`DTMF_AFTER`] into the stream, then one every [`DTMF_GAP`].
pub async fn run_media_stream(
    spec: &StreamSpec,
    opts: &SocketOptions,
    digits: &str,
) -> StreamReport {
    let url = websocket::map_url(&spec.url, opts.ws_to.as_ref());
    let shown = url
        .as_ref()
        .map(|u| u.to_string())
        .unwrap_or_else(|_| spec.url.clone());
    let mut report = StreamReport::new(shown, spec.stream_sid.clone());
    report.findings.extend(url_findings(&spec.url));
    let url = match url {
        Ok(u) => u,
        Err(e) => return report.not_connected(Refused::new(e)),
    };
    match websocket::open(&url, &spec.handshake_headers).await {
        Ok(ws) => stream(ws, spec, opts, digits, report).await,
        Err(refused) => report.not_connected(refused),
    }
}

/// Play a `<Connect><Stream>` in `call`: the handshake is signed with the call's signer
/// (unless `spec` brings its own headers), the stream runs (real time) until the app closes
/// it or the caller hangs up; then the call's clock moves on by the time it took, the
/// `media` timeline entry and the findings are added, and the report is returned (its
/// `closed` says how it ended, for what the document does next).
pub async fn play(call: &mut Call<'_>, spec: &StreamSpec) -> StreamReport {
    let mut opts = call.ctx.socket.clone();
    let (left, why) = call.remaining();
    opts.until = (why == Spent::HungUp).then_some(left);
    let signed;
    let spec = if spec.handshake_headers.is_empty() {
        // Twilio signs the handshake like a webhook: X-Twilio-Signature over the wss:// URL.
        signed = StreamSpec {
            handshake_headers: websocket::handshake_signature(
                &call.ctx.signer,
                &spec.url,
                crate::clock::Clock::System.unix(),
            ),
            ..spec.clone()
        };
        &signed
    } else {
        spec
    };
    // The caller's next step, when it is a key press, is pressed during the stream.
    let digits = match call.scenario.caller.get(call.next_step) {
        Some(CallerStep::Dtmf { dtmf }) => {
            call.next_step += 1;
            dtmf.clone()
        }
        _ => String::new(),
    };
    let report = run_media_stream(spec, &opts, &digits).await;
    call.ctx.clock.advance(report.duration);
    call.push(Item::Media(report.timeline_details()));
    for f in &report.findings {
        call.find(f.clone());
    }
    report
}

/// A fresh stream id from the call's ids (so `--seed` pins it): `MZ` + 32 hex digits.
pub fn stream_sid(ids: &mut Ids) -> String {
    format!("MZ{}", ids.hex32())
}

/// What Twilio refuses in a `<Stream url>` that whk (connecting to `--ws-to`) would not
/// notice: a scheme other than `wss://`, a query string.
pub fn url_findings(url: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let Ok(parsed) = url::Url::parse(url) else {
        return out;
    };
    if parsed.scheme() != "wss" {
        out.push(
            Finding::error(
                MS_URL,
                format!("the <Stream> url {url:?} is not wss://: Twilio does not connect to it"),
            )
            .with_hint("Media Streams connect to wss:// only (Twilio error 31922); whk still ran the stream"),
        );
    }
    if parsed.query().is_some() {
        out.push(
            Finding::error(
                MS_URL,
                format!("the <Stream> url {url:?} has a query string"),
            )
            .with_hint("<Stream> does not support query strings (Twilio error 31920): pass values as <Parameter> nouns, they arrive in start.customParameters"),
        );
    }
    out
}

async fn send<S>(
    sink: &mut S,
    msg: &Value,
    end: tokio::time::Instant,
    report: &mut StreamReport,
) -> Result<(), Halt>
where
    S: Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    match tokio::time::timeout_at(end, sink.send(Message::text(msg.to_string()))).await {
        Ok(Ok(())) => {
            report.messages_sent += 1;
            Ok(())
        }
        Ok(Err(e)) => Err(Halt::Broke(e.to_string())),
        // Still blocked (the app stopped reading) when the call hung up.
        Err(_) => Err(Halt::Hangup),
    }
}

async fn stream(
    ws: websocket::Socket,
    spec: &StreamSpec,
    opts: &SocketOptions,
    digits: &str,
    mut report: StreamReport,
) -> StreamReport {
    let started = Instant::now();
    let (mut sink, mut incoming) = ws.split();
    let end = tokio::time::Instant::now() + opts.run_time();
    let mut seq: u64 = 1;
    let mut halt = None;
    for first in [StreamSpec::connected_message(), spec.start_message()] {
        if let Err(h) = send(&mut sink, &first, end, &mut report).await {
            halt = Some(h);
            break;
        }
    }
    let start_sent = Instant::now();
    let caller = opts.audio.as_ref().map(|a| a.resampled(8000));
    let silence = Pcm {
        rate: 8000,
        samples: Vec::new(),
    };
    let caller = caller.as_ref().unwrap_or(&silence);
    let deadline = tokio::time::sleep_until(end);
    tokio::pin!(deadline);
    let mut ticks = tokio::time::interval(FRAME);
    let mut frame = Vec::with_capacity(MULAW_FRAME);
    let mut playback = Playback::default();
    let mut tally = Tally::default();
    let mut keys = digits.chars();
    let mut key = keys.next();
    let mut key_at = tokio::time::Instant::now() + DTMF_AFTER;
    while halt.is_none() {
        // Marks reached in this turn of the loop, echoed after it.
        let mut reached = Vec::new();
        tokio::select! {
            _ = &mut deadline => halt = Some(Halt::Hangup),
            _ = tokio::time::sleep_until(key_at), if key.is_some() => {
                let digit = key.unwrap_or_default();
                seq += 1;
                if let Err(h) = send(&mut sink, &spec.dtmf_message(seq, digit), end, &mut report).await {
                    halt = Some(h);
                    break;
                }
                report.digits_sent.push(digit);
                key = keys.next();
                key_at += DTMF_GAP;
            }
            _ = ticks.tick() => {
                caller.mulaw_frame(report.media_sent as usize, &mut frame);
                seq += 1;
                let msg = spec.media_message(seq, report.media_sent + 1, &frame);
                if let Err(h) = send(&mut sink, &msg, end, &mut report).await {
                    halt = Some(h);
                    break;
                }
                report.media_sent += 1;
                // Twilio plays 20 ms of the app's buffered audio per 20 ms.
                let (played, marks) = playback.play(MULAW_FRAME);
                report.bytes_played += played as u64;
                reached = marks;
            }
            msg = incoming.next() => match msg {
                Some(Ok(Message::Text(t))) => match read_app_message(t.as_str(), &spec.stream_sid) {
                    Ok(AppMessage::Media(bytes)) => {
                        if report.first_audio.is_none() {
                            report.first_audio = Some(start_sent.elapsed());
                        }
                        report.media_received += 1;
                        report.bytes_received += bytes.len() as u64;
                        *report.payload_sizes.entry(bytes.len()).or_insert(0) += 1;
                        playback.push_audio(bytes.len());
                    }
                    Ok(AppMessage::Mark(name)) => {
                        report.marks_received += 1;
                        reached.extend(playback.push_mark(name));
                    }
                    Ok(AppMessage::Clear) => {
                        report.clears += 1;
                        let (dropped, marks) = playback.clear();
                        report.bytes_cleared += dropped as u64;
                        reached = marks;
                    }
                    Err(ignored) => {
                        report.ignored += 1;
                        tally.add(ignored);
                    }
                },
                Some(Ok(Message::Binary(b))) => {
                    report.ignored += 1;
                    tally.add((MS_BINARY, format!("binary frame ({} bytes)", b.len())));
                }
                Some(Ok(Message::Close(frame))) => {
                    report.closed = Closed::by_app(frame);
                    let _ = tokio::time::timeout(CLOSE_GRACE, sink.close()).await;
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    halt = Some(Halt::Broke(websocket::closed_error(&e)));
                    break;
                }
                None => {
                    halt = Some(Halt::Broke("the connection ended without a close frame".to_string()));
                    break;
                }
            }
        }
        for name in reached {
            seq += 1;
            let msg = spec.mark_message(seq, &name);
            if let Err(h) = send(&mut sink, &msg, end, &mut report).await {
                halt = Some(h);
                break;
            }
            report.marks_echoed_count += 1;
            if report.marks_echoed.len() < KEEP_MARKS {
                report.marks_echoed.push(name);
            }
        }
    }
    match halt {
        Some(Halt::Hangup) => {
            // Twilio ends the stream with `stop`, then closes the socket.
            seq += 1;
            let stop = spec.stop_message(seq);
            let grace = tokio::time::Instant::now() + CLOSE_GRACE;
            let _ = send(&mut sink, &stop, grace, &mut report).await;
            websocket::close_at_hangup(&mut sink, &mut incoming).await;
            report.closed = Closed::Hangup;
        }
        Some(Halt::Broke(error)) => report.closed = Closed::Error { error },
        None => {}
    }
    report.marks_pending = playback.pending_marks() as u64;
    report.duration = started.elapsed();
    report.findings.extend(tally.findings());
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

    const SID: &str = "MZ00000000000000000000000000000001";

    fn spec() -> StreamSpec {
        StreamSpec {
            url: "wss://bot.example.com/media".into(),
            name: Some("bot".into()),
            parameters: vec![
                ("lang".into(), "en-US".into()),
                ("tier".into(), "gold".into()),
            ],
            account_sid: "AC00000000000000000000000000000002".into(),
            call_sid: "CA00000000000000000000000000000003".into(),
            stream_sid: SID.into(),
            handshake_headers: Vec::new(),
        }
    }

    #[test]
    fn messages_are_twilios_shapes() {
        let s = spec();
        assert_eq!(
            StreamSpec::connected_message().to_string(),
            r#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#
        );
        assert_eq!(
            s.start_message().to_string(),
            r#"{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC00000000000000000000000000000002","streamSid":"MZ00000000000000000000000000000001","callSid":"CA00000000000000000000000000000003","tracks":["inbound"],"customParameters":{"lang":"en-US","tier":"gold"},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ00000000000000000000000000000001"}"#
        );
        assert_eq!(
            s.media_message(3, 2, &[0xFF, 0xFF, 0x7F]).to_string(),
            r#"{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"2","timestamp":"20","payload":"//9/"},"streamSid":"MZ00000000000000000000000000000001"}"#
        );
        assert_eq!(
            s.mark_message(9, "greeting").to_string(),
            r#"{"event":"mark","sequenceNumber":"9","streamSid":"MZ00000000000000000000000000000001","mark":{"name":"greeting"}}"#
        );
        assert_eq!(
            s.dtmf_message(11, '5').to_string(),
            r#"{"event":"dtmf","streamSid":"MZ00000000000000000000000000000001","sequenceNumber":"11","dtmf":{"track":"inbound_track","digit":"5"}}"#
        );
        assert_eq!(
            s.stop_message(10).to_string(),
            r#"{"event":"stop","sequenceNumber":"10","stop":{"accountSid":"AC00000000000000000000000000000002","callSid":"CA00000000000000000000000000000003"},"streamSid":"MZ00000000000000000000000000000001"}"#
        );
    }

    fn read(v: Value) -> Result<AppMessage, Ignored> {
        read_app_message(&v.to_string(), SID)
    }

    #[test]
    fn the_apps_messages_are_read_like_twilio() {
        assert_eq!(
            read(json!({"event": "media", "streamSid": SID, "media": {"payload": "//9/"}})),
            Ok(AppMessage::Media(vec![0xFF, 0xFF, 0x7F]))
        );
        assert_eq!(
            read(json!({"event": "mark", "streamSid": SID, "mark": {"name": "m1"}})),
            Ok(AppMessage::Mark("m1".into()))
        );
        assert_eq!(
            read(json!({"event": "clear", "streamSid": SID})),
            Ok(AppMessage::Clear)
        );
        let code = |r: Result<AppMessage, Ignored>| r.unwrap_err().0;
        assert_eq!(code(read_app_message("hello", SID)), MS_MESSAGE);
        assert_eq!(code(read(json!([1]))), MS_MESSAGE);
        assert_eq!(code(read(json!({"streamSid": SID}))), MS_MESSAGE);
        assert_eq!(
            code(read(json!({"event": "hangup", "streamSid": SID}))),
            MS_EVENT
        );
        assert_eq!(
            code(read(json!({"event": "clear", "streamSid": "MZother"}))),
            MS_STREAM_SID
        );
        assert_eq!(
            code(read(json!({"event": "clear", "stream_sid": SID}))),
            MS_STREAM_SID
        );
        assert_eq!(
            code(read(
                json!({"event": "media", "streamSid": SID, "media": {}})
            )),
            MS_MESSAGE
        );
        assert_eq!(
            code(read(
                json!({"event": "media", "streamSid": SID, "media": {"payload": "not base64!"}})
            )),
            MS_PAYLOAD
        );
        assert_eq!(
            code(read(
                json!({"event": "media", "streamSid": SID, "media": {"payload": ""}})
            )),
            MS_PAYLOAD
        );
        let wav = base64::engine::general_purpose::STANDARD.encode(b"RIFF\x24\x00\x00\x00WAVEfmt ");
        assert_eq!(
            code(read(
                json!({"event": "media", "streamSid": SID, "media": {"payload": wav}})
            )),
            MS_PAYLOAD
        );
        assert_eq!(
            code(read(json!({"event": "mark", "streamSid": SID, "mark": {}}))),
            MS_MESSAGE
        );
    }

    #[test]
    fn marks_come_back_after_their_audio_and_at_a_clear() {
        let mut p = Playback::default();
        assert_eq!(p.push_mark("idle".into()), Some("idle".into()));
        p.push_audio(200);
        assert_eq!(p.push_mark("a".into()), None);
        p.push_audio(100);
        assert_eq!(p.push_mark("b".into()), None);
        assert_eq!(p.play(160), (160, vec![]));
        // The rest of the first audio, mark a, all of the second, mark b.
        assert_eq!(p.play(160), (140, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(p.pending_marks(), 0);
        p.push_audio(500);
        assert_eq!(p.push_mark("c".into()), None);
        assert_eq!(p.play(160), (160, vec![]));
        assert_eq!(p.pending_marks(), 1);
        let (dropped, marks) = p.clear();
        assert_eq!(dropped, 340);
        assert_eq!(marks, vec!["c".to_string()]);
        assert_eq!(p.play(160), (0, vec![]));
    }

    #[test]
    fn ignored_messages_are_one_finding_per_code() {
        let mut t = Tally::default();
        t.add((MS_STREAM_SID, "clear message for streamSid \"x\"".into()));
        t.add((MS_STREAM_SID, "media message for streamSid \"x\"".into()));
        t.add((MS_EVENT, "unsupported event \"hangup\"".into()));
        let f = t.findings();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].code, MS_EVENT);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[1].code, MS_STREAM_SID);
        assert_eq!(
            f[1].message,
            "Twilio would ignore the app's clear message for streamSid \"x\" (2 such messages)"
        );
    }

    /// A bridge app: records every text message; answers each `media` with `reply(n, msg)`
    /// (any messages), closes after `close_after` media with 1000 "bot done".
    async fn app(
        close_after: Option<usize>,
        reply: fn(usize, &Value) -> Vec<Message>,
    ) -> (u16, tokio::task::JoinHandle<Vec<Value>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            let mut seen = Vec::new();
            let mut media = 0;
            while let Some(Ok(m)) = ws.next().await {
                let Message::Text(t) = m else { continue };
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                if v["event"] == "media" {
                    media += 1;
                    for out in reply(media, &v) {
                        ws.send(out).await.unwrap();
                    }
                    if close_after == Some(media) {
                        let close = CloseFrame {
                            code: CloseCode::Normal,
                            reason: "bot done".into(),
                        };
                        let _ = ws.send(Message::Close(Some(close))).await;
                    }
                }
                seen.push(v);
            }
            seen
        });
        (port, task)
    }

    fn opts(port: u16, until_ms: u64) -> SocketOptions {
        SocketOptions {
            ws_to: Some(websocket::parse_ws_to(&format!("ws://127.0.0.1:{port}")).unwrap()),
            until: Some(Duration::from_millis(until_ms)),
            ..SocketOptions::default()
        }
    }

    fn echo(n: usize, v: &Value) -> Vec<Message> {
        let sid = v["streamSid"].as_str().unwrap();
        let mut out = vec![Message::text(
            json!({"event": "media", "streamSid": sid, "media": {"payload": v["media"]["payload"]}})
                .to_string(),
        )];
        if n.is_multiple_of(5) {
            out.push(Message::text(
                json!({"event": "mark", "streamSid": sid, "mark": {"name": format!("m{n}")}})
                    .to_string(),
            ));
        }
        out
    }

    #[tokio::test]
    async fn an_echo_bridge_gets_twilios_messages_and_its_marks_back() {
        let (port, seen) = app(None, echo).await;
        let r = run_media_stream(&spec(), &opts(port, 800), "12").await;
        assert_eq!(r.closed, Closed::Hangup);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!((30..=45).contains(&r.media_sent), "{}", r.media_sent);
        assert_eq!(r.digits_sent, "12");
        assert_eq!(
            r.payload_sizes.keys().copied().collect::<Vec<_>>(),
            vec![160]
        );
        assert!(r.first_audio.is_some());
        // Every mark the app sent came back after its audio (or is still waiting for it).
        assert_eq!(r.marks_echoed_count + r.marks_pending, r.marks_received);
        assert!(r.marks_echoed_count >= 1, "{r:?}");
        let seen = seen.await.unwrap();
        assert_eq!(seen[0], StreamSpec::connected_message());
        assert_eq!(seen[1], spec().start_message());
        assert_eq!(seen[2]["sequenceNumber"], "2");
        assert_eq!(seen[2]["media"]["chunk"], "1");
        assert_eq!(seen[2]["media"]["timestamp"], "0");
        // Silence: 160 bytes of 0xFF.
        assert_eq!(
            seen[2]["media"]["payload"],
            base64::engine::general_purpose::STANDARD.encode([0xFF; 160])
        );
        let keys: Vec<&Value> = seen.iter().filter(|v| v["event"] == "dtmf").collect();
        assert_eq!(keys.len(), 2);
        assert_eq!(
            keys[0]["dtmf"],
            json!({"track": "inbound_track", "digit": "1"})
        );
        assert_eq!(keys[1]["dtmf"]["digit"], "2");
        let marks: Vec<&Value> = seen.iter().filter(|v| v["event"] == "mark").collect();
        assert_eq!(marks.len() as u64, r.marks_echoed_count);
        assert_eq!(marks[0]["mark"]["name"], "m5");
        let last = seen.last().unwrap();
        assert_eq!(last["event"], "stop");
        assert_eq!(
            last["stop"],
            json!({"accountSid": "AC00000000000000000000000000000002", "callSid": "CA00000000000000000000000000000003"})
        );
        // Sequence numbers count up by one from the start message.
        let seqs: Vec<u64> = seen[1..]
            .iter()
            .map(|v| v["sequenceNumber"].as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
    }

    fn wrong(n: usize, _v: &Value) -> Vec<Message> {
        match n {
            1 => vec![Message::text(
                json!({"event": "media", "streamSid": "MZwrong", "media": {"payload": "//8="}})
                    .to_string(),
            )],
            2 => vec![Message::binary(vec![0xFFu8; 160])],
            3 => vec![Message::text(r#"{"event":"hangup"}"#)],
            4 => vec![Message::text(
                json!({"event": "media", "streamSid": SID, "media": {"payload": "%%%"}})
                    .to_string(),
            )],
            _ => vec![],
        }
    }

    #[tokio::test]
    async fn wrong_messages_are_findings_and_an_early_close_is_the_apps() {
        let (port, _seen) = app(Some(6), wrong).await;
        let r = run_media_stream(&spec(), &opts(port, 5000), "").await;
        assert_eq!(
            r.closed,
            Closed::App {
                code: 1000,
                reason: "bot done".into()
            }
        );
        assert!(r.duration < Duration::from_secs(2), "{:?}", r.duration);
        assert_eq!(r.media_received, 0);
        assert_eq!(r.ignored, 4);
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "call.ms_binary",
                "call.ms_event",
                "call.ms_payload",
                "call.ms_stream_sid"
            ]
        );
        // The query string and the ws:// scheme are Twilio's to refuse.
        let mut s = spec();
        s.url = "ws://bot.example.com/media?token=1".into();
        let f = url_findings(&s.url);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.code == MS_URL));
    }

    #[tokio::test]
    async fn an_unreachable_app_is_a_connect_finding() {
        let dead = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let r = run_media_stream(&spec(), &opts(dead, 100), "").await;
        assert!(matches!(r.closed, Closed::NotConnected { .. }));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].code, websocket::WS_CONNECT);
        assert!(r.summary_line().contains("not connected"));
    }

    #[test]
    fn the_summary_line_says_what_came_back_and_how_it_closed() {
        let mut r = StreamReport::new("ws://127.0.0.1:9000/media".into(), SID.into());
        r.closed = Closed::Hangup;
        r.media_sent = 50;
        r.media_received = 48;
        r.bytes_received = 48 * 160;
        r.marks_received = 4;
        r.marks_echoed_count = 3;
        r.clears = 1;
        r.first_audio = Some(Duration::from_micros(1200));
        assert_eq!(
            r.summary_line(),
            "ws://127.0.0.1:9000/media MZ00000000000000000000000000000001: sent 50 media, got 48 media (960ms of audio), 3/4 marks echoed, 1 clear, first audio after 1.20ms, closed at hang-up"
        );
        let d = r.timeline_details();
        assert_eq!(d["stream"], "twilio");
        assert_eq!(d["first_audio_ms"], 1);
        assert_eq!(d["closed"], json!({"by": "hangup"}));
        assert!(d.get("findings").is_none());
        assert_eq!(d["summary"], r.summary_line());
    }
}
