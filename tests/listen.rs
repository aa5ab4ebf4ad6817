//! `whk listen` end to end: the real binary on 127.0.0.1, port 0, `--json`; requests sent with
//! raw sockets so malformed and slow clients can be tested too. Every wait is bounded and
//! every listener stops by itself (`--count`, `--timeout`, or a signal from the test).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use whk::fixtures::Envelope;
use whk::secret::Secret;
use whk::webhook::{self, Headers, Provider, SchemeOptions, SignInput};

const WAIT: Duration = Duration::from_secs(30);
const SECRET: &str = "listen-test-secret";

/// A running `whk listen --port 0 --json …`.
struct Listener {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

fn whk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_whk"));
    // No provider secrets from the developer's environment, no colour.
    c.env_clear().env("NO_COLOR", "1");
    if let Some(path) = std::env::var_os("PATH") {
        c.env("PATH", path);
    }
    c
}

impl Listener {
    fn start(args: &[&str]) -> Listener {
        let mut child = whk()
            .args(["listen", "--port", "0", "--json"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("whk runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_buf = stderr.clone();
        let mut err_pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                err_buf
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let first = match lines.recv_timeout(WAIT) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("no listening line; stderr: {}", stderr.lock().unwrap());
            }
        };
        let v: Value = serde_json::from_str(&first).expect("first line is JSON");
        let url = v["listening"].as_str().expect("{\"listening\": URL}");
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Listener {
            child,
            port,
            lines,
            stderr,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next JSON line (a delivery), within the bounded wait.
    fn next(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no delivery line; stderr: {}", self.stderr()));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn signal(&self, sig: &str) {
        let status = Command::new("kill")
            .args([&format!("-{sig}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Wait for exit (bounded); return the exit code, the remaining JSON lines, and stderr.
    fn finish(mut self) -> (i32, Vec<Value>, String) {
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("whk listen did not exit; stderr: {}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut rest = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            rest.push(serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}")));
        }
        // Let the stderr reader catch up with the pipe's end.
        std::thread::sleep(Duration::from_millis(50));
        (status.code().unwrap_or(-1), rest, self.stderr())
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The answer to one request.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// Send raw bytes, read the answer to EOF (bounded by a socket timeout).
fn raw(port: u16, bytes: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(bytes).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    parse_answer(&buf)
}

fn parse_answer(buf: &[u8]) -> Answer {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(buf)));
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {head}"));
    Answer {
        status,
        head,
        body: buf[split + 4..].to_vec(),
    }
}

fn request(method: &str, path: &str, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (n, v) in headers {
        r.push_str(&format!("{n}: {v}\r\n"));
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn send(port: u16, method: &str, path: &str, headers: &[(String, String)], body: &[u8]) -> Answer {
    raw(port, &request(method, path, headers, body))
}

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// Sign with whk's own schemes; returns the headers to send (Content-Type included).
fn signed(provider: Provider, url: &str, content_type: &str, body: &[u8]) -> Vec<(String, String)> {
    signed_at(provider, url, content_type, body, webhook::now_unix())
}

fn signed_at(
    provider: Provider,
    url: &str,
    content_type: &str,
    body: &[u8],
    timestamp: i64,
) -> Vec<(String, String)> {
    let mut headers = Headers::new();
    headers.push("Content-Type", content_type);
    let scheme = webhook::build(provider, &SchemeOptions::default()).unwrap();
    let out = webhook::sign(
        scheme.as_ref(),
        &Secret::new(SECRET),
        &SignInput {
            method: "POST",
            url: Some(url),
            headers: &headers,
            body,
            timestamp,
            id: None,
        },
    )
    .unwrap();
    let mut v = h(&[("Content-Type", content_type)]);
    for sh in out.headers {
        v.push((sh.name, sh.value));
    }
    v
}

const CALL: &[u8] =
    br#"{"event":"call.completed","id":"evt_1","callId":"c1","status":"completed"}"#;

#[test]
fn valid_invalid_and_missing_signatures() {
    let l = Listener::start(&["--secret", SECRET, "--count", "3"]);
    let good = signed(
        Provider::Generic,
        &l.url("/hooks"),
        "application/json",
        CALL,
    );
    assert_eq!(send(l.port, "POST", "/hooks?x=1", &good, CALL).status, 200);
    let d = l.next();
    assert_eq!(d["seq"], 1);
    assert_eq!(d["method"], "POST");
    assert_eq!(d["path"], "/hooks");
    assert_eq!(d["query"]["x"], "1");
    assert_eq!(d["body"]["event"], "call.completed");
    assert_eq!(d["event"], "call.completed");
    assert_eq!(d["provider"], "generic");
    assert_eq!(d["signature"]["status"], "valid");
    assert_eq!(d["duplicate"], false);
    assert_eq!(d["response_status"], 200);
    assert!(d["received_at"].as_str().unwrap().ends_with('Z'));
    assert!(d["headers"]["x-webhook-signature"].is_string());

    let bad = h(&[
        ("Content-Type", "application/json"),
        ("X-Webhook-Signature", "sha256=00ff"),
        ("Authorization", "Bearer super-secret-token"),
    ]);
    assert_eq!(send(l.port, "POST", "/hooks", &bad, CALL).status, 200);
    let d = l.next();
    assert_eq!(d["signature"]["status"], "invalid");
    assert!(d["signature"]["reason"].is_string());
    assert_eq!(d["headers"]["authorization"], "Bearer ****");
    assert!(!d.to_string().contains("super-secret-token"));
    // Same event id as the first: a retry.
    assert_eq!(d["duplicate"], true);
    assert_eq!(d["duplicate_of"], 1);

    let none = h(&[("Content-Type", "application/json")]);
    send(
        l.port,
        "POST",
        "/hooks",
        &none,
        b"{\"event\":\"call.started\"}",
    );
    let d = l.next();
    assert_eq!(d["signature"]["status"], "missing");

    let (code, rest, _) = l.finish();
    assert_eq!(code, 1, "an invalid signature means exit 1");
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["deliveries"], 3);
    assert_eq!(sum["valid"], 1);
    assert_eq!(sum["invalid"], 1);
    assert_eq!(sum["missing"], 1);
    assert_eq!(sum["duplicates"], 1);
    assert_eq!(sum["exit"], 1);
    assert_eq!(sum["stopped"], "count");
}

#[test]
fn all_valid_exits_zero_and_pretty_output_masks_secrets() {
    let mut child = whk()
        .args(["listen", "--port", "0", "--secret", SECRET, "--count", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Human mode: the URL is on stderr.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let port: u16 = first
        .trim()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{first}"));
    let url = format!("http://127.0.0.1:{port}/v");
    let mut headers = signed(Provider::Generic, &url, "application/json", CALL);
    headers.push(("Authorization".into(), "Bearer hunter2-token".into()));
    assert_eq!(send(port, "POST", "/v", &headers, CALL).status, 200);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("━━ #1"), "{stdout}");
    assert!(stdout.contains("\"event\": \"call.completed\""), "{stdout}");
    assert!(
        stdout.contains("✓ generic · call.completed · valid generic signature"),
        "{stdout}"
    );
    assert!(stdout.contains("authorization: Bearer ****"), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
    assert!(stdout.contains("summary: 1 delivery · 1 valid"), "{stdout}");
    assert!(stdout.contains("exit 0"), "{stdout}");
}

#[test]
fn form_bodies_and_url_signed_schemes() {
    let l = Listener::start(&["--provider", "twilio", "--secret", SECRET, "--count", "2"]);
    let body =
        b"AccountSid=AC123&CallSid=CA1&CallStatus=ringing&From=%2B15555550100&To=%2B15555550199";
    // Without --public-url, whk verifies against http://<Host><path>?<query>; the raw
    // request helper sends Host: 127.0.0.1.
    let url = "http://127.0.0.1/voice?a=1";
    let headers = signed(
        Provider::Twilio,
        url,
        "application/x-www-form-urlencoded",
        body,
    );
    assert_eq!(
        send(l.port, "POST", "/voice?a=1", &headers, body).status,
        200
    );
    let d = l.next();
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert_eq!(d["body_encoding"], "form");
    assert_eq!(d["body"]["From"], "+15555550100");
    assert_eq!(d["event"], "ringing");
    assert_eq!(d["provider"], "twilio");
    // Signed for the tunnel's URL, as a provider behind ngrok does: without --public-url the
    // check fails, and the diagnosis names the URL that matches.
    let mut headers = signed(
        Provider::Twilio,
        "https://abc.example.app/voice?a=1",
        "application/x-www-form-urlencoded",
        body,
    );
    headers.extend(h(&[
        ("X-Forwarded-Host", "abc.example.app"),
        ("X-Forwarded-Proto", "https"),
    ]));
    send(l.port, "POST", "/voice?a=1", &headers, body);
    let d = l.next();
    assert_eq!(d["signature"]["status"], "invalid");
    assert_eq!(d["signature"]["reason"], "url_mismatch", "{d}");
    let (code, _, _) = l.finish();
    assert_eq!(code, 1);
}

#[test]
fn public_url_is_what_url_signed_schemes_are_checked_against() {
    let l = Listener::start(&[
        "--provider",
        "twilio",
        "--secret",
        SECRET,
        "--public-url",
        "https://abc.example.app/",
        "--count",
        "1",
    ]);
    let body = b"CallSid=CA1&CallStatus=completed&AccountSid=AC1";
    let headers = signed(
        Provider::Twilio,
        "https://abc.example.app/voice",
        "application/x-www-form-urlencoded",
        body,
    );
    send(l.port, "POST", "/voice", &headers, body);
    let d = l.next();
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert_eq!(d["url"], "https://abc.example.app/voice");
    assert_eq!(l.finish().0, 0);
}

#[test]
fn oversized_bodies_get_413_and_the_listener_carries_on() {
    let l = Listener::start(&["--max-body", "1KiB", "--count", "3"]);
    let big = vec![b'a'; 4096];
    let a = send(
        l.port,
        "POST",
        "/big",
        &h(&[("Content-Type", "text/plain")]),
        &big,
    );
    assert_eq!(a.status, 413);
    let d = l.next();
    assert_eq!(d["response_status"], 413);
    assert!(
        d["rejected"].as_str().unwrap().contains("--max-body"),
        "{d}"
    );
    // Chunked, so the size is only known while reading.
    let mut chunked =
        b"POST /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..4 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b'b'; 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(raw(l.port, &chunked).status, 413);
    assert_eq!(l.next()["response_status"], 413);
    let a = send(
        l.port,
        "POST",
        "/small",
        &h(&[("Content-Type", "application/json")]),
        b"{}",
    );
    assert_eq!(a.status, 200);
    assert_eq!(l.next()["body"], serde_json::json!({}));
    let (code, rest, _) = l.finish();
    assert_eq!(code, 1);
    assert_eq!(rest.last().unwrap()["summary"]["rejected"], 2);
}

#[test]
fn slow_and_malformed_clients_do_not_hold_the_listener() {
    let l = Listener::start(&["--read-timeout", "1s", "--count", "2"]);
    // A client that sends half a request head and stalls.
    let mut slow = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    slow.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nX-Partial: ")
        .unwrap();
    // A client whose head is complete but whose body never comes.
    let mut stalled = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    stalled
        .write_all(b"POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"")
        .unwrap();
    // Garbage: 400, and the listener carries on.
    let a = raw(l.port, b"NOT HTTP AT ALL\r\n\r\n");
    assert_eq!(a.status, 400);
    // Meanwhile a normal delivery is served.
    let a = send(
        l.port,
        "POST",
        "/ok",
        &h(&[("Content-Type", "application/json")]),
        b"{\"event\":\"x\"}",
    );
    assert_eq!(a.status, 200);
    assert_eq!(l.next()["path"], "/ok");
    // The stalled body times out: 408, recorded as a refused delivery.
    stalled.set_read_timeout(Some(WAIT)).unwrap();
    let mut buf = Vec::new();
    let _ = stalled.read_to_end(&mut buf);
    assert_eq!(parse_answer(&buf).status, 408);
    let d = l.next();
    assert_eq!(d["path"], "/stalled");
    assert_eq!(d["response_status"], 408);
    // The slow head is cut off by the header timeout (the connection closes).
    slow.set_read_timeout(Some(WAIT)).unwrap();
    let mut buf = Vec::new();
    let n = slow.read_to_end(&mut buf);
    assert!(
        n.is_ok(),
        "the slow connection was closed, not left hanging: {n:?}"
    );
    let (_, _, stderr) = l.finish();
    assert!(stderr.contains("malformed request"), "{stderr}");
}

#[test]
fn invalid_json_and_binary_bodies_are_shown_not_crashed_on() {
    let l = Listener::start(&["--count", "3"]);
    let json = h(&[("Content-Type", "application/json")]);
    send(
        l.port,
        "POST",
        "/j",
        &json,
        b"{\n  \"message\": {\"type\": \"status-update\",}\n}",
    );
    let d = l.next();
    assert_eq!(d["body_encoding"], "utf8");
    assert_eq!(d["json_error"]["line"], 2, "{d}");
    assert!(d["json_error"]["column"].as_u64().unwrap() > 0);
    let bin = h(&[("Content-Type", "application/octet-stream")]);
    send(
        l.port,
        "POST",
        "/b",
        &bin,
        &[0xff, 0x00, 0xfe, 0x1b, b'[', b'2', b'J'],
    );
    let d = l.next();
    assert_eq!(d["body_encoding"], "base64");
    assert_eq!(d["body"], "/wD+G1sySg==");
    // A Vapi end-of-call-report without the fields its event needs.
    send(
        l.port,
        "POST",
        "/vapi",
        &json,
        br#"{"message":{"type":"end-of-call-report","call":{"id":"c1"}}}"#,
    );
    let d = l.next();
    assert_eq!(d["provider"], "vapi");
    assert_eq!(d["event"], "end-of-call-report");
    let missing: Vec<&str> = d["missing_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        missing.contains(&"message.endedReason") && missing.contains(&"message.artifact"),
        "{missing:?}"
    );
    let (code, rest, _) = l.finish();
    assert_eq!(code, 1);
    assert_eq!(rest.last().unwrap()["summary"]["payload_errors"], 2);
}

#[test]
fn count_and_timeout_exit_codes() {
    // Fewer than --count by --timeout: exit 1.
    let l = Listener::start(&["--count", "2", "--timeout", "3s"]);
    send(
        l.port,
        "POST",
        "/",
        &h(&[("Content-Type", "application/json")]),
        b"{}",
    );
    l.next();
    let (code, rest, _) = l.finish();
    assert_eq!(code, 1);
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["stopped"], "timeout");
    assert!(sum["outcome"].as_str().unwrap().contains("1 of 2"), "{sum}");
    // --timeout alone with nothing arriving: exit 1.
    let l = Listener::start(&["--timeout", "300ms"]);
    let (code, rest, _) = l.finish();
    assert_eq!(code, 1);
    assert_eq!(rest.last().unwrap()["summary"]["deliveries"], 0);
    // --count reached within --timeout: exit 0.
    let l = Listener::start(&["--count", "1", "--timeout", "30s"]);
    send(l.port, "GET", "/ping", &[], b"");
    l.next();
    assert_eq!(l.finish().0, 0);
}

#[test]
fn a_port_in_use_is_exit_2_with_what_to_do() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = whk()
        .args(["listen", "--port", &port, "--count", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("port {port}")), "{err}");
    assert!(err.contains("--port 0"), "{err}");
}

/// A tiny app on port 0 that answers every request with an NCCO and remembers what it got.
fn ncco_app(requests: usize) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    let app = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = app.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..requests {
            let Ok((mut s, _)) = app.accept() else { return };
            s.set_read_timeout(Some(WAIT)).unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read the head, then Content-Length bytes of body.
            loop {
                let n = s.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map(|v| v.trim().parse().unwrap())
                        .unwrap_or(0);
                    if buf.len() >= end + 4 + len {
                        break;
                    }
                }
            }
            let ncco = br#"[{"action":"talk","text":"Hello from the app"}]"#;
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-App: yes\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                ncco.len()
            );
            let _ = s.write_all(resp.as_bytes());
            let _ = s.write_all(ncco);
            let _ = tx.send(buf);
        }
    });
    (addr, rx)
}

#[test]
fn forward_to_returns_the_apps_answer_byte_for_byte() {
    let (app, got) = ncco_app(2);
    let base = format!("http://{app}/app");
    let l = Listener::start(&["--forward-to", &base, "--secret", SECRET, "--count", "2"]);
    // A Vonage answer request (GET with the call in the query), signed.
    let answer = "/answer?to=447700900000&from=447700900001&uuid=u1&conversation_uuid=CON-1";
    let mut sig = signed(Provider::Generic, &l.url(answer), "text/plain", b"");
    sig.retain(|(n, _)| n != "Content-Type");
    let a = send(l.port, "GET", answer, &sig, b"");
    assert_eq!(a.status, 200);
    assert_eq!(
        a.body,
        br#"[{"action":"talk","text":"Hello from the app"}]"#
    );
    assert!(
        a.head.to_ascii_lowercase().contains("x-app: yes"),
        "{}",
        a.head
    );
    let req = String::from_utf8(got.recv_timeout(WAIT).unwrap()).unwrap();
    assert!(
        req.starts_with("GET /app/answer?to=447700900000&from="),
        "{req}"
    );
    let d = l.next();
    assert_eq!(d["event"], "answer");
    assert_eq!(d["forward"]["status"], 200);
    assert_eq!(d["forward"]["reply_body"][0]["action"], "talk");
    assert_eq!(d["ncco"]["errors"], 0, "{d}");
    // A signed POST: same bytes, same signature header, Host kept.
    let headers = signed(
        Provider::Generic,
        &l.url("/event"),
        "application/json",
        CALL,
    );
    let a = send(l.port, "POST", "/event", &headers, CALL);
    assert_eq!(a.status, 200);
    let req = got.recv_timeout(WAIT).unwrap();
    let text = String::from_utf8_lossy(&req).to_string();
    assert!(text.starts_with("POST /app/event HTTP/1.1"), "{text}");
    assert!(req.ends_with(CALL), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("host: 127.0.0.1\r\n"),
        "{text}"
    );
    let sig = headers
        .iter()
        .find(|(n, _)| n == "X-Webhook-Signature")
        .unwrap()
        .1
        .clone();
    assert!(text.contains(&sig), "{text}");
    let d = l.next();
    assert_eq!(d["signature"]["status"], "valid");
    assert!(d["forward"]["latency_ms"].as_f64().is_some());
    assert_eq!(l.finish().0, 0);
}

#[test]
fn forward_to_an_app_that_is_down_is_502() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The port is free again now: nothing listens there.
    let to = format!("http://127.0.0.1:{port}");
    let l = Listener::start(&["--forward-to", &to, "--count", "1"]);
    let a = send(
        l.port,
        "POST",
        "/hook",
        &h(&[("Content-Type", "application/json")]),
        b"{}",
    );
    assert_eq!(a.status, 502);
    let d = l.next();
    assert_eq!(d["response_status"], 502);
    assert!(
        d["forward"]["error"].as_str().unwrap().contains("connect"),
        "{d}"
    );
    let (code, _, _) = l.finish();
    assert_eq!(code, 1);
}

#[test]
fn answer_serves_an_ncco_and_rejects_a_file_that_is_not_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let ncco = dir.path().join("answer.json");
    std::fs::write(&ncco, r#"[{"action":"talk","text":"Thanks for calling"}]"#).unwrap();
    let l = Listener::start(&["--answer", ncco.to_str().unwrap(), "--count", "3"]);
    for method in ["GET", "POST"] {
        let a = send(
            l.port,
            method,
            "/answer?uuid=u1&conversation_uuid=C1&to=1&from=2",
            &[],
            b"",
        );
        assert_eq!(a.status, 200);
        assert_eq!(
            a.body,
            br#"[{"action":"talk","text":"Thanks for calling"}]"#
        );
        assert!(
            a.head
                .to_ascii_lowercase()
                .contains("content-type: application/json")
        );
        let d = l.next();
        assert_eq!(d["response_source"], "answer");
        assert_eq!(d["event"], "answer");
    }
    // Other paths get the default answer.
    let a = send(l.port, "POST", "/event", &h(&[("Content-Type", "application/json")]), b"{\"status\":\"started\",\"uuid\":\"u1\",\"conversation_uuid\":\"C1\",\"timestamp\":\"2026-01-01T00:00:00.000Z\"}");
    assert_eq!(a.status, 200);
    assert_eq!(l.next()["response_source"], "default");
    assert_eq!(l.finish().0, 0);

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"action":"talk","text":"not in an array"}"#).unwrap();
    let out = whk()
        .args(["listen", "--port", "0", "--answer", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JSON array"));
}

#[test]
fn fail_first_makes_the_sender_retry_and_retries_are_flagged() {
    let l = Listener::start(&["--fail-first", "1", "--count", "3"]);
    let headers = h(&[
        ("Content-Type", "application/json"),
        ("webhook-id", "msg_1"),
    ]);
    assert_eq!(
        send(l.port, "POST", "/", &headers, b"{\"type\":\"a\"}").status,
        500
    );
    assert_eq!(
        send(l.port, "POST", "/", &headers, b"{\"type\":\"a\"}").status,
        200
    );
    let other = h(&[
        ("Content-Type", "application/json"),
        ("webhook-id", "msg_2"),
    ]);
    assert_eq!(
        send(l.port, "POST", "/", &other, b"{\"type\":\"b\"}").status,
        500
    );
    let d1 = l.next();
    let d2 = l.next();
    assert_eq!(d1["response_source"], "fail_first");
    assert_eq!(d2["duplicate"], true);
    assert_eq!(d2["duplicate_by"], "delivery");
    assert_eq!(d2["attempt"], 2);
    l.next();
    l.finish();
}

#[test]
fn events_filter_hides_but_still_answers_and_counts() {
    let l = Listener::start(&["--events", "call.*", "--count", "2"]);
    let json = h(&[("Content-Type", "application/json")]);
    assert_eq!(
        send(l.port, "POST", "/", &json, b"{\"event\":\"sms.received\"}").status,
        200
    );
    assert_eq!(
        send(l.port, "POST", "/", &json, b"{\"event\":\"call.ended\"}").status,
        200
    );
    let (code, rest, _) = l.finish();
    assert_eq!(code, 0);
    assert_eq!(rest.len(), 2, "one delivery line and the summary: {rest:?}");
    assert_eq!(rest[0]["event"], "call.ended");
    assert_eq!(rest[1]["summary"]["deliveries"], 2);
    assert_eq!(rest[1]["summary"]["hidden"], 1);
}

fn recorded(dir: &Path) -> Vec<(String, Envelope)> {
    let mut v: Vec<(String, Envelope)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let env = Envelope::from_value(serde_json::from_str(&text).unwrap()).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), env)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn record_writes_replayable_envelopes_and_redacts() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = Listener::start(&[
        "--record",
        rec.to_str().unwrap(),
        "--secret",
        SECRET,
        "--count",
        "2",
    ]);
    let headers = signed(
        Provider::Generic,
        &l.url("/hooks"),
        "application/json",
        CALL,
    );
    send(l.port, "POST", "/hooks?x=1", &headers, CALL);
    let form = b"CallSid=CA1&CallStatus=ringing&From=%2B15555550100";
    send(
        l.port,
        "POST",
        "/voice",
        &h(&[("Content-Type", "application/x-www-form-urlencoded")]),
        form,
    );
    let d = l.next();
    assert!(
        d["recorded"]
            .as_str()
            .unwrap()
            .ends_with("-0001-call.completed.json"),
        "{d}"
    );
    l.next();
    assert_eq!(
        l.finish().0,
        1,
        "the second delivery is unsigned while a secret is set"
    );
    let files = recorded(&rec);
    assert_eq!(files.len(), 2, "{files:?}");
    let (name, env) = &files[0];
    assert!(
        name.contains("T") && name.ends_with("-0001-call.completed.json"),
        "{name}"
    );
    assert_eq!(env.body_bytes().unwrap().0, CALL);
    assert_eq!(env.method(), "POST");
    assert_eq!(env.path.as_deref(), Some("/hooks"));
    assert_eq!(env.query_string(), "x=1");
    assert_eq!(env.provider.as_deref(), Some("generic"));
    assert_eq!(env.event.as_deref(), Some("call.completed"));
    assert_eq!(files[1].1.body_bytes().unwrap().0, form);
    // No temporary files left behind.
    assert!(
        std::fs::read_dir(&rec).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );

    // --redact masks phone numbers.
    let red = dir.path().join("red");
    let l = Listener::start(&[
        "--record",
        red.to_str().unwrap(),
        "--redact",
        "--count",
        "2",
    ]);
    send(
        l.port,
        "POST",
        "/voice",
        &h(&[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", "Bearer abc.def.ghi"),
        ]),
        form,
    );
    l.next();
    send(
        l.port,
        "GET",
        "/answer?to=447700900000&from=447700900001&uuid=u1&conversation_uuid=CON-1",
        &[],
        b"",
    );
    l.next();
    l.finish();
    let files = recorded(&red);
    assert_eq!(files.len(), 2);
    let text = serde_json::to_string(&files[0].1).unwrap();
    assert!(!text.contains("5555550100"), "{text}");
    assert!(!text.contains("abc.def.ghi"), "{text}");
    assert!(text.contains("CA1"), "{text}");
    let text = serde_json::to_string(&files[1].1).unwrap();
    assert!(
        !text.contains("447700900000") && !text.contains("447700900001"),
        "{text}"
    );
    assert!(text.contains("CON-1"), "{text}");
}

#[test]
fn a_recording_replays_into_another_listener() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = Listener::start(&[
        "--record",
        rec.to_str().unwrap(),
        "--secret",
        SECRET,
        "--count",
        "1",
    ]);
    let headers = signed(
        Provider::Generic,
        &l.url("/hooks"),
        "application/json",
        CALL,
    );
    send(l.port, "POST", "/hooks", &headers, CALL);
    l.next();
    assert_eq!(l.finish().0, 0);
    let (_, _) = &recorded(&rec)[0];
    let file = std::fs::read_dir(&rec)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();

    let l2 = Listener::start(&["--secret", SECRET, "--count", "1"]);
    let out = whk()
        .args([
            "replay",
            file.to_str().unwrap(),
            "--to",
            &l2.url("/"),
            "--secret",
            SECRET,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let d = l2.next();
    assert_eq!(d["path"], "/hooks");
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert_eq!(serde_json::to_vec(&d["body"]).unwrap(), CALL);
    assert_eq!(l2.finish().0, 0);
}

#[test]
fn sigterm_under_load_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    // Each reply waits, so deliveries are in flight when the signal comes.
    let l = Listener::start(&["--record", rec.to_str().unwrap(), "--delay", "1s"]);
    let port = l.port;
    let senders: Vec<_> = (0..40)
        .map(|i| {
            std::thread::spawn(move || {
                let body = format!("{{\"event\":\"load\",\"n\":{i}}}");
                let bytes = request(
                    "POST",
                    "/load",
                    &h(&[("Content-Type", "application/json")]),
                    body.as_bytes(),
                );
                let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
                s.set_read_timeout(Some(WAIT)).ok()?;
                s.write_all(&bytes).ok()?;
                let mut buf = Vec::new();
                s.read_to_end(&mut buf).ok()?;
                let a = (!buf.is_empty()).then(|| parse_answer(&buf))?;
                let v: Value = serde_json::from_slice(&a.body).ok()?;
                (a.status / 100 == 2).then(|| v["seq"].as_u64()).flatten()
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    l.signal("TERM");
    let acked: Vec<u64> = senders
        .into_iter()
        .filter_map(|t| t.join().unwrap())
        .collect();
    let (code, rest, _) = l.finish();
    assert_eq!(code, 0);
    let seen: Vec<u64> = rest.iter().filter_map(|v| v["seq"].as_u64()).collect();
    let files: Vec<String> = std::fs::read_dir(&rec)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!acked.is_empty(), "some deliveries were acknowledged");
    for seq in &acked {
        assert!(
            seen.contains(seq),
            "delivery #{seq} was acknowledged but is not in the JSON output"
        );
        let tag = format!("-{seq:04}-load.json");
        assert!(
            files.iter().any(|f| f.ends_with(&tag)),
            "delivery #{seq} is not recorded: {files:?}"
        );
    }
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["stopped"], "signal");
    assert_eq!(sum["deliveries"].as_u64().unwrap(), seen.len() as u64);
}

#[test]
fn requests_outside_path_get_404_and_are_not_deliveries() {
    let l = Listener::start(&["--path", "/hooks", "--count", "1"]);
    let a = send(l.port, "GET", "/favicon.ico", &[], b"");
    assert_eq!(a.status, 404);
    let a = send(
        l.port,
        "POST",
        "/hooks/x",
        &h(&[("Content-Type", "application/json")]),
        b"{}",
    );
    assert_eq!(a.status, 200);
    assert_eq!(l.next()["path"], "/hooks/x");
    let (code, rest, stderr) = l.finish();
    assert_eq!(code, 0);
    assert_eq!(rest.last().unwrap()["summary"]["deliveries"], 1);
    assert!(stderr.contains("outside --path"), "{stderr}");
}

#[test]
fn respond_file_and_status_are_what_the_sender_gets() {
    let dir = tempfile::tempdir().unwrap();
    let twiml = dir.path().join("reply.xml");
    std::fs::write(&twiml, "<Response><Say>Hi</Say></Response>").unwrap();
    let l = Listener::start(&[
        "--respond",
        twiml.to_str().unwrap(),
        "--status",
        "201",
        "--count",
        "1",
    ]);
    let a = send(
        l.port,
        "POST",
        "/voice",
        &h(&[("Content-Type", "application/x-www-form-urlencoded")]),
        b"CallSid=CA1",
    );
    assert_eq!(a.status, 201);
    assert_eq!(a.body, b"<Response><Say>Hi</Say></Response>");
    assert!(
        a.head
            .to_ascii_lowercase()
            .contains("content-type: application/xml"),
        "{}",
        a.head
    );
    let d = l.next();
    assert_eq!(d["response_source"], "respond_file");
    assert_eq!(d["response_status"], 201);
    assert_eq!(l.finish().0, 0);
}

#[test]
fn old_signed_timestamps_are_flagged_as_possible_replays() {
    // Vapi's HMAC scheme has no window of its own: the signature is valid, the age is a warning.
    let l = Listener::start(&["--provider", "vapi", "--secret", SECRET, "--count", "1"]);
    let body = br#"{"message":{"type":"status-update","status":"ended"}}"#;
    let headers = signed_at(
        Provider::Vapi,
        &l.url("/vapi"),
        "application/json",
        body,
        webhook::now_unix() - 3600,
    );
    send(l.port, "POST", "/vapi", &headers, body);
    let d = l.next();
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert!(d["stale"].as_str().unwrap().contains("ago"), "{d}");
    assert_eq!(
        l.finish().0,
        0,
        "a stale timestamp is a warning, not a failure"
    );
}

#[test]
fn a_stalled_stdout_does_not_slow_the_sender() {
    // Nobody reads whk's stdout for a while: the pipe fills up (64 KiB) and the printer
    // blocks, but deliveries are still answered, and every one is printed once it drains.
    let n = 300;
    let mut child = whk()
        .args(["listen", "--port", "0", "--json", "--count", &n.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let v: Value = serde_json::from_str(&first).unwrap();
    let port: u16 = v["listening"]
        .as_str()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let body = format!("{{\"event\":\"bulk\",\"pad\":\"{}\"}}", "x".repeat(1000));
    let json = h(&[("Content-Type", "application/json")]);
    for _ in 0..n {
        assert_eq!(
            send(port, "POST", "/bulk", &json, body.as_bytes()).status,
            200
        );
    }
    let lines: Vec<String> = out.lines().map(|l| l.unwrap()).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(lines.len(), n + 1, "every delivery and the summary");
    assert!(lines.last().unwrap().starts_with("{\"summary\""));
}

#[test]
fn forward_to_an_app_that_hangs_is_504_after_the_forward_timeout() {
    let app = TcpListener::bind("127.0.0.1:0").unwrap();
    let to = format!("http://{}", app.local_addr().unwrap());
    // Accept, read nothing, answer nothing; let go after a bounded while.
    std::thread::spawn(move || {
        if let Ok((s, _)) = app.accept() {
            std::thread::sleep(Duration::from_secs(5));
            drop(s);
        }
    });
    let l = Listener::start(&[
        "--forward-to",
        &to,
        "--forward-timeout",
        "300ms",
        "--count",
        "1",
    ]);
    let a = send(
        l.port,
        "POST",
        "/slow-app",
        &h(&[("Content-Type", "application/json")]),
        b"{}",
    );
    assert_eq!(a.status, 504);
    let d = l.next();
    assert!(
        d["forward"]["error"]
            .as_str()
            .unwrap()
            .contains("--forward-timeout"),
        "{d}"
    );
    assert_eq!(l.finish().0, 1);
}

/// Read one response from a keep-alive connection (head, then Content-Length bytes).
fn read_one(s: &mut TcpStream) -> Answer {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        let n = s.read(&mut byte).expect("read head");
        assert!(n == 1, "connection closed mid-head");
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).expect("read body");
    buf.extend_from_slice(&body);
    parse_answer(&buf)
}

#[test]
fn many_concurrent_keep_alive_connections() {
    let (conns, per_conn) = (100, 3);
    let total = conns * per_conn;
    let l = Listener::start(&["--count", &total.to_string()]);
    let port = l.port;
    let clients: Vec<_> = (0..conns)
        .map(|c| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.set_read_timeout(Some(WAIT)).unwrap();
                for i in 0..per_conn {
                    let body = format!("{{\"event\":\"ka\",\"c\":{c},\"i\":{i}}}");
                    let req = format!(
                        "POST /ka HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    s.write_all(req.as_bytes()).unwrap();
                    assert_eq!(read_one(&mut s).status, 200);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let (code, rest, _) = l.finish();
    assert_eq!(code, 0);
    assert_eq!(rest.len(), total + 1);
    assert_eq!(rest.last().unwrap()["summary"]["deliveries"], total as u64);
}

/// A keep-alive connection that goes quiet after its request is closed after --read-timeout
/// without a word (that is routine); one that never finishes its first head gets a notice.
#[test]
fn idle_keep_alive_connections_close_quietly() {
    let l = Listener::start(&["--read-timeout", "1s", "--timeout", "5s"]);
    let mut idle = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    idle.set_read_timeout(Some(WAIT)).unwrap();
    let body = br#"{"event":"ka"}"#;
    let req = format!(
        "POST /ka HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    idle.write_all(req.as_bytes()).unwrap();
    idle.write_all(body).unwrap();
    assert_eq!(read_one(&mut idle).status, 200);
    let mut half = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    half.set_read_timeout(Some(WAIT)).unwrap();
    half.write_all(b"POST /half HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // Both are closed by the listener after about a second.
    let mut rest = Vec::new();
    assert_eq!(idle.read_to_end(&mut rest).unwrap_or(0), 0);
    let _ = half.read_to_end(&mut rest);
    let (code, _, stderr) = l.finish();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr
            .matches("did not send a complete request head")
            .count(),
        1,
        "only the half-sent head is a notice: {stderr}"
    );
}

/// Recording happens before the reply: when the record cannot be written, the delivery is
/// answered 500 (not acknowledged, so the sender retries) and the run ends with exit 2.
#[test]
fn a_delivery_that_cannot_be_recorded_is_not_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = Listener::start(&["--record", rec.to_str().unwrap(), "--count", "2"]);
    let ok = send(
        l.port,
        "POST",
        "/hook",
        &h(&[("Content-Type", "application/json")]),
        br#"{"event":"first"}"#,
    );
    assert_eq!(ok.status, 200);
    std::fs::remove_dir_all(&rec).unwrap();
    let refused = send(
        l.port,
        "POST",
        "/hook",
        &h(&[("Content-Type", "application/json")]),
        br#"{"event":"second"}"#,
    );
    assert_eq!(refused.status, 500);
    assert!(
        String::from_utf8_lossy(&refused.body).contains("could not record"),
        "{:?}",
        String::from_utf8_lossy(&refused.body)
    );
    let (code, lines, stderr) = l.finish();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("was not recorded"), "{stderr}");
    let second = lines
        .iter()
        .find(|v| v["body"]["event"] == "second")
        .unwrap();
    assert_eq!(second["response_status"], 500);
}

/// listen runs the same diagnosis as `whk verify`: a body that reached it re-encoded (the
/// sender signed its pretty form with a trailing newline) and a bare-hex signature.
#[test]
fn listen_names_reencodings_and_bare_hex_signatures() {
    let l = Listener::start(&["--secret", SECRET, "--provider", "generic", "--count", "2"]);
    let url = l.url("/hooks");
    let pretty = b"{\n  \"event\": \"call.completed\",\n  \"id\": \"evt_1\",\n  \"callId\": \"c1\",\n  \"status\": \"completed\"\n}\n";
    let mut headers = signed(Provider::Generic, &url, "application/json", pretty);
    send(l.port, "POST", "/hooks", &headers, CALL);
    let verdict = |reason: &str, says: &str| {
        let d = l.next();
        assert_eq!(d["signature"]["reason"], reason, "{d}");
        let message = d["signature"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{d}");
    };
    verdict(
        "body_reserialized",
        "re-encoded as 2-space indented JSON with a trailing newline",
    );
    headers = signed(Provider::Generic, &url, "application/json", CALL);
    for (name, value) in &mut headers {
        if name.eq_ignore_ascii_case("x-webhook-signature") {
            *value = value.trim_start_matches("sha256=").to_string();
        }
    }
    send(l.port, "POST", "/hooks", &headers, CALL);
    verdict("wrong_options", "--prefix ''");
    let (code, _, _) = l.finish();
    assert_eq!(code, 1);
}
