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
use whk::webhook::{self, Provider};

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
    // No provider secrets from the developer's environment, no colour.
    crate::support::whk_std()
}

impl Listener {
    fn start(args: &[&str]) -> Listener {
        Listener::start_with_env(args, &[])
    }

    /// [`Listener::start`] with these environment variables set (provider secrets).
    fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Listener {
        let crate::support::Piped {
            mut child,
            lines,
            stderr,
        } = crate::support::piped(
            whk()
                .args(["listen", "--port", "0", "--json"])
                .args(args)
                .envs(env.iter().copied()),
        );
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
    crate::support::signed_headers(provider, SECRET, url, content_type, body, timestamp)
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

/// `whk listen --port 0 ARGS` for people (no `--json`): the child and its port.
fn human_listener(args: &[&str]) -> (Child, u16) {
    let mut child = whk()
        .args(["listen", "--port", "0"])
        .args(args)
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
    // Keep reading, so the pipe stays open for whatever else it says.
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    (child, port)
}

#[test]
fn all_valid_exits_zero_and_pretty_output_masks_secrets() {
    let (child, port) = human_listener(&["--secret", SECRET, "--count", "1"]);
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
    // No secret, so there would be a warning too: the port comes first and alone.
    for json in [false, true] {
        let mut cmd = whk();
        cmd.args(["listen", "--port", &port, "--count", "1"]);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "--json {json}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err,
            format!(
                "whk: error: port {port} on 127.0.0.1 is already in use: stop whatever is listening there, or pick another port (--port 0 picks a free one)\n"
            ),
            "--json {json}"
        );
    }
}

/// A tiny app on port 0 that answers every request with an NCCO and remembers what it got.
fn ncco_app(requests: usize) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    app_answering(
        requests,
        "application/json",
        br#"[{"action":"talk","text":"Hello from the app"}]"#,
    )
}

/// A tiny app on port 0 that answers every request with `body` and remembers what it got.
fn app_answering(
    requests: usize,
    content_type: &'static str,
    body: &'static [u8],
) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
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
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nX-App: yes\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(resp.as_bytes());
            let _ = s.write_all(body);
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
    let port = crate::support::dead_port();
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

/// `whk listen --record DIR --secret SECRET --count N EXTRA…`.
fn recording_listener(dir: &Path, count: usize, extra: &[&str]) -> Listener {
    let count = count.to_string();
    let mut args = vec![
        "--record",
        dir.to_str().unwrap(),
        "--secret",
        SECRET,
        "--count",
        &count,
    ];
    args.extend(extra);
    Listener::start(&args)
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
    let l = recording_listener(&rec, 2, &[]);
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
    let l = recording_listener(&rec, 1, &[]);
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
    // The listener's clock is fixed (WHK_NOW), so the age and the time received are exact.
    const NOW: i64 = 1_795_497_159;
    let rec = tempfile::tempdir().unwrap();
    let l = Listener::start_with_env(
        &[
            "--provider",
            "vapi",
            "--secret",
            SECRET,
            "--count",
            "1",
            "--record",
            rec.path().to_str().unwrap(),
        ],
        &[("WHK_NOW", "1795497159")],
    );
    let body = br#"{"message":{"type":"status-update","status":"ended"}}"#;
    let headers = signed_at(
        Provider::Vapi,
        &l.url("/vapi"),
        "application/json",
        body,
        NOW - 3600,
    );
    send(l.port, "POST", "/vapi", &headers, body);
    let d = l.next();
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert_eq!(
        d["stale"],
        "signed 60 min 0 s ago: a stale delivery, possibly a replay or a late retry"
    );
    assert_eq!(d["received_at"], "2026-11-24T05:12:39.000Z");
    // Recordings are named after the same time.
    assert_eq!(
        d["recorded"].as_str().map(|p| Path::new(p).to_path_buf()),
        Some(
            rec.path()
                .join("20261124T051239.000Z-0001-status-update.json")
        )
    );
    assert_eq!(
        l.finish().0,
        0,
        "a stale timestamp is a warning, not a failure"
    );
}

/// On a virtual clock (`WHK_CLOCK=virtual`) `--delay` answers at once and moves the listener's
/// time on instead: the next delivery is received exactly one delay later.
#[test]
fn a_virtual_clock_answers_delays_at_once() {
    let l = Listener::start_with_env(
        &["--delay", "60s", "--count", "2"],
        &[("WHK_NOW", "1795497159"), ("WHK_CLOCK", "virtual")],
    );
    let real = Instant::now();
    let mut received = Vec::new();
    for _ in 0..2 {
        let a = send(
            l.port,
            "POST",
            "/",
            &h(&[("Content-Type", "application/json")]),
            CALL,
        );
        assert_eq!(a.status, 200);
        received.push(l.next()["received_at"].clone());
    }
    assert!(real.elapsed() < Duration::from_secs(30), "--delay waited");
    assert_eq!(
        received,
        ["2026-11-24T05:12:39.000Z", "2026-11-24T05:13:39.000Z"]
    );
    assert_eq!(l.finish().0, 0);
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

#[test]
fn json_errors_after_a_line_break_never_say_column_0() {
    let l = Listener::start(&["--count", "1"]);
    let json = h(&[("Content-Type", "application/json")]);
    // serde_json says "line 3 column 0": the input ends after the line break.
    send(l.port, "POST", "/j", &json, b"{\n  \"a\": 1\n");
    let d = l.next();
    let e = &d["json_error"];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(9)),
        "{d}"
    );
    l.finish();
}

/// A sender that gives up: connects, sends one whole request, waits `patience` for the
/// answer, then closes the connection (as curl -m or replay's deadline do). Returns whether
/// it got any answer.
fn impatient(port: u16, path: &str, body: &[u8], patience: Duration) -> bool {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(&request(
        "POST",
        path,
        &h(&[("Content-Type", "application/json")]),
        body,
    ))
    .unwrap();
    s.set_read_timeout(Some(patience)).unwrap();
    let mut byte = [0u8; 1];
    matches!(s.read(&mut byte), Ok(1))
}

/// `--delay` longer than the sender waits: the delivery is still shown, recorded and
/// counted, and says the sender gave up; `--delay` asked for it, so it is not a finding.
#[test]
fn a_sender_that_gives_up_during_delay_still_makes_a_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = Listener::start(&[
        "--delay",
        "1500ms",
        "--record",
        rec.to_str().unwrap(),
        "--count",
        "1",
    ]);
    assert!(
        !impatient(l.port, "/hooks", CALL, Duration::from_millis(500)),
        "answered before the delay"
    );
    let d = l.next();
    assert_eq!(d["seq"], 1);
    assert_eq!(d["event"], "call.completed");
    assert_eq!(d["sender_gave_up"], true, "{d}");
    assert_eq!(d["cut_off"], false);
    let waited = d["sender_waited_ms"].as_f64().unwrap();
    let answered = d["answered_after_ms"].as_f64().unwrap();
    assert!(
        (400.0..1500.0).contains(&waited),
        "the sender waited {waited} ms"
    );
    assert!(answered >= 1500.0, "answered after {answered} ms");
    assert_eq!(d["response_status"], 200);
    assert_eq!(d["ok"], true, "--delay asked for it: not a finding");
    let file = d["recorded"].as_str().expect("recorded");
    let env: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert!(
        env["recorded"]["sender_gave_up_ms"].as_f64().is_some(),
        "{env}"
    );
    let (code, rest, stderr) = l.finish();
    assert_eq!(code, 0, "{stderr}");
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["deliveries"], 1, "{sum}");
    assert_eq!(sum["sender_gave_up"], 1, "{sum}");
    assert_eq!(sum["app_too_slow"], 0, "{sum}");
    assert_eq!(sum["recorded"], 1, "{sum}");
    assert!(
        sum["outcome"]
            .as_str()
            .unwrap()
            .ends_with("; the sender gave up before the answer on 1 (--delay)"),
        "{sum}"
    );
    assert!(!stderr.contains("closed the connection"), "{stderr}");
}

/// The same in the pretty view: the block says when the sender gave up and when the answer
/// was ready.
#[test]
fn the_pretty_block_says_the_sender_gave_up() {
    let mut child = whk()
        .args(["listen", "--port", "0", "--delay", "1500ms", "--count", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let port: u16 = loop {
        let mut line = String::new();
        assert!(err.read_line(&mut line).unwrap() > 0, "no listening line");
        if let Some(url) = line.strip_prefix("whk listen: http://127.0.0.1:") {
            break url.trim().parse().unwrap();
        }
    };
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    assert!(!impatient(port, "/hooks", CALL, Duration::from_millis(500)));
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("gave up"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with("  ! the sender gave up after ")
            && line.contains(" ms, before the answer (200) at 1.5 s (--delay); a real provider would count a failure and retry"),
        "{line}"
    );
    assert!(!text.contains("→ answered"), "{text}");
    assert!(
        text.contains("━━ summary: 1 delivery · 1 unchecked · 1 gave up before the answer"),
        "{text}"
    );
}

/// An app on port 0 that reads one request and answers it only once `release` says so.
fn held_app() -> (SocketAddr, mpsc::Sender<()>) {
    let app = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = app.local_addr().unwrap();
    let (release, wait) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let Ok((mut s, _)) = app.accept() else { return };
        s.set_read_timeout(Some(WAIT)).unwrap();
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        let _ = wait.recv_timeout(WAIT);
        let body = br#"{"ok":true}"#;
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(body);
    });
    (addr, release)
}

/// The sender gives up while the app behind `--forward-to` is still working: the delivery
/// shows the app's late answer, and it is a finding (exit 1).
#[test]
fn a_sender_that_gives_up_on_a_slow_app_is_a_finding() {
    let (app, release) = held_app();
    let to = format!("http://{app}");
    let l = Listener::start(&["--forward-to", &to, "--count", "1"]);
    assert!(!impatient(
        l.port,
        "/hooks",
        CALL,
        Duration::from_millis(300)
    ));
    // Let the listener see the close before the app answers.
    std::thread::sleep(Duration::from_millis(300));
    release.send(()).unwrap();
    let d = l.next();
    assert_eq!(d["sender_gave_up"], true, "{d}");
    assert_eq!(d["forward"]["status"], 200, "{d}");
    assert_eq!(d["forward"]["reply_body"]["ok"], true, "{d}");
    assert!(
        d["answered_after_ms"].as_f64().unwrap() > d["sender_waited_ms"].as_f64().unwrap(),
        "{d}"
    );
    assert_eq!(d["ok"], false, "the app was too slow: a finding");
    let (code, rest, stderr) = l.finish();
    assert_eq!(code, 1, "{stderr}");
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["deliveries"], 1, "{sum}");
    assert_eq!(sum["app_too_slow"], 1, "{sum}");
    assert_eq!(
        sum["outcome"],
        "exit 1: the sender gave up waiting for the app (--forward-to) on 1 delivery; a real provider would count a failure and retry"
    );
}

/// A second Ctrl-C with a request in flight stops at once, says what it cut off, and still
/// shows, records and counts the delivery whose body had arrived.
#[test]
fn a_second_ctrl_c_says_what_was_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = Listener::start(&["--delay", "30s", "--record", rec.to_str().unwrap()]);
    let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    s.write_all(&request(
        "POST",
        "/hooks",
        &h(&[("Content-Type", "application/json")]),
        CALL,
    ))
    .unwrap();
    // And one whose body is still coming.
    let mut partial = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
    partial
        .write_all(b"POST /part HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nabc")
        .unwrap();
    // Give the bytes time to arrive (the delay holds the answer far longer).
    std::thread::sleep(Duration::from_millis(300));
    l.signal("INT");
    let deadline = Instant::now() + WAIT;
    while !l.stderr().contains("press Ctrl-C again") {
        assert!(Instant::now() < deadline, "{}", l.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    l.signal("INT");
    let (code, rest, stderr) = l.finish();
    assert_eq!(code, 0, "{stderr}");
    let notice = stderr
        .lines()
        .find(|l| l.starts_with("whk listen: stopped at once: "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        notice.starts_with(
            "whk listen: stopped at once: 2 requests in flight were cut off before their answers ("
        ) && notice.contains("POST /hooks, body received")
            && notice.contains("POST /part, body not yet received"),
        "{notice}"
    );
    // Named once: no other notice for the half-sent request.
    assert!(!stderr.contains("closed the connection"), "{stderr}");
    drop(partial);
    // The sender got no answer: the connection was closed.
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    assert!(got.is_empty(), "{:?}", String::from_utf8_lossy(&got));
    let d = &rest[0];
    assert_eq!(d["seq"], 1, "{d}");
    assert_eq!(d["cut_off"], true, "{d}");
    assert_eq!(d["response_source"], "cut_off", "{d}");
    assert_eq!(d["answered_after_ms"], Value::Null, "{d}");
    assert!(d["recorded"].as_str().is_some(), "{d}");
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["deliveries"], 1, "{sum}");
    assert_eq!(sum["cut_off"], 1, "{sum}");
    assert_eq!(sum["recorded"], 1, "{sum}");
    assert_eq!(
        sum["outcome"],
        "exit 0: every delivery parsed (signatures not checked: no secret); 1 cut off before the answer (stopped at once)"
    );
}

/// A client that sends its whole request and then closes its side (`shutdown(SHUT_WR)`,
/// as `nc -q0` does): hyper takes that for a client gone and may not answer, but the
/// delivery had arrived, so it is always shown and counted.
#[test]
fn a_client_that_half_closes_after_its_request_still_makes_a_delivery() {
    let n = 5;
    let l = Listener::start(&["--count", &n.to_string()]);
    for i in 0..n {
        let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
        let body = format!("{{\"event\":\"half\",\"n\":{i}}}");
        s.write_all(&request(
            "POST",
            "/half",
            &h(&[("Content-Type", "application/json")]),
            body.as_bytes(),
        ))
        .unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
    }
    let mut seen: Vec<u64> = (0..n)
        .map(|_| l.next()["body"]["n"].as_u64().unwrap())
        .collect();
    seen.sort();
    assert_eq!(seen, [0, 1, 2, 3, 4]);
    let (code, rest, stderr) = l.finish();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rest.last().unwrap()["summary"]["deliveries"], n, "{stderr}");
    assert!(!stderr.contains("closed the connection"), "{stderr}");
}

/// `whk verify FILE ARGS…`: exit code, stdout, stderr.
fn verify(file: &Path, args: &[&str]) -> (i32, String, String) {
    let out = whk()
        .arg("verify")
        .arg(file)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn recorded_paths(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn recordings_verify_as_the_deliveries_listen_received() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = recording_listener(&rec, 3, &[]);
    // Vapi HMAC over a pretty-printed body (stored as body_text, byte for byte).
    let vapi_body: &[u8] =
        b"{\n  \"message\": {\"type\": \"end-of-call-report\", \"call\": {\"id\": \"c1\"}}\n}\n";
    let deliveries: [(Provider, &str, &str, &str, &[u8]); 3] = [
        (
            Provider::Vapi,
            "/hooks/vapi",
            "http://127.0.0.1/hooks/vapi",
            "application/json",
            vapi_body,
        ),
        // Twilio signs the URL: listen checks http://<Host><path>?<query> and stores that URL.
        (
            Provider::Twilio,
            "/voice?a=1",
            "http://127.0.0.1/voice?a=1",
            "application/x-www-form-urlencoded",
            b"AccountSid=AC1&CallSid=CA1&CallStatus=completed&From=%2B15555550100",
        ),
        // Vonage: a JWT in Authorization whose payload_hash is the body's SHA-256.
        (
            Provider::Vonage,
            "/events",
            "http://127.0.0.1/events",
            "application/json",
            br#"{"status":"completed","uuid":"u1","conversation_uuid":"CON-1","duration":"12"}"#,
        ),
    ];
    for (provider, path, url, content_type, body) in deliveries {
        let headers = signed(provider, url, content_type, body);
        assert_eq!(send(l.port, "POST", path, &headers, body).status, 200);
    }
    for _ in 0..3 {
        let d = l.next();
        assert_eq!(d["signature"]["status"], "valid", "{d}");
    }
    // (The payloads are minimal, so listen's payload checks flag two of them: exit 1.)
    l.finish();

    let files = recorded_paths(&rec);
    assert_eq!(files.len(), 3, "{files:?}");
    for (file, provider) in files.iter().zip(["vapi", "twilio", "vonage"]) {
        let (code, out, err) = verify(file, &["--secret", SECRET]);
        assert_eq!(code, 0, "{}: {out}{err}", file.display());
        assert!(
            out.starts_with(&format!("valid: valid {provider} signature")),
            "{out}"
        );
        let (code, out, err) = verify(file, &["--secret", "not-the-secret"]);
        assert_eq!(code, 1, "{}: {out}{err}", file.display());
        assert!(out.starts_with("invalid:"), "{out}");
    }
    // Explicit flags win over the recording: another URL fails Twilio's check.
    let (code, out, _) = verify(
        &files[1],
        &[
            "--secret",
            SECRET,
            "--url",
            "https://elsewhere.example/voice?a=1",
        ],
    );
    assert_eq!(code, 1, "{out}");
    // --headers-file takes the headers from a recording; the body is the file given.
    let body_file = dir.path().join("vapi-body.json");
    std::fs::write(&body_file, vapi_body).unwrap();
    let vapi_rec = files[0].to_str().unwrap();
    let (code, out, err) = verify(
        &body_file,
        &["--secret", SECRET, "--headers-file", vapi_rec],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = verify(&files[0], &["--secret", SECRET, "--headers-file", vapi_rec]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = verify(&files[0], &["--secret", SECRET, "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["provider"], "vapi");
}

#[test]
fn redacted_and_vapi_secret_recordings_say_why_they_cannot_be_verified() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let l = recording_listener(&rec, 1, &[]);
    let mut headers = h(&[("Content-Type", "application/json")]);
    headers.push(("X-Vapi-Secret".into(), SECRET.into()));
    let body = br#"{"message":{"type":"status-update","status":"ended"}}"#;
    send(l.port, "POST", "/vapi", &headers, body);
    let d = l.next();
    assert_eq!(d["provider"], "vapi-secret", "{d}");
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    l.finish();
    let files = recorded_paths(&rec);
    let (code, out, err) = verify(&files[0], &["--secret", SECRET]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("is a vapi-secret delivery, which cannot be verified from a recording"),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains(SECRET));

    let red = dir.path().join("red");
    let l = recording_listener(&red, 1, &["--redact"]);
    let event = br#"{"status":"answered","from":"447700900001","to":"447700900000","uuid":"u1"}"#;
    let headers = signed(
        Provider::Vonage,
        &l.url("/events"),
        "application/json",
        event,
    );
    send(l.port, "POST", "/events", &headers, event);
    assert_eq!(l.next()["signature"]["status"], "valid");
    l.finish();
    let files = recorded_paths(&red);
    let (code, out, err) = verify(&files[0], &["--secret", SECRET]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("invalid:"), "{out}");
    assert!(err.contains("was recorded with --redact"), "{err}");
}

#[test]
fn a_secret_in_a_browser_bundled_variable_is_accepted_with_one_warning() {
    let env = [("VITE_VOGENT_WEBHOOK_SECRET", SECRET)];
    let l = Listener::start_with_env(
        &["--secret-env", "VITE_VOGENT_WEBHOOK_SECRET", "--count", "2"],
        &env,
    );
    // replay resolves the secret once per provider (vapi, twilio): still one warning.
    let out = whk()
        .args([
            "replay",
            "vapi/status-update",
            "twilio/status.completed",
            "--to",
            &l.url("/"),
            "--secret-env",
            "VITE_VOGENT_WEBHOOK_SECRET",
        ])
        .envs(env)
        .output()
        .unwrap();
    let replay_err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{replay_err}");
    for _ in 0..2 {
        let d = l.next();
        assert_eq!(d["signature"]["status"], "valid", "{d}");
    }
    let (code, _, listen_err) = l.finish();
    assert_eq!(code, 0, "{listen_err}");
    for err in [replay_err.as_ref(), listen_err.as_str()] {
        assert_eq!(
            err.matches("$VITE_VOGENT_WEBHOOK_SECRET is bundled into browser code by Vite")
                .count(),
            1,
            "{err}"
        );
        assert!(!err.contains(SECRET), "{err}");
    }
}

/// `whk replay FIXTURE` into the listener, signed with [`SECRET`]: it must pass (exit 0).
/// Returns replay's stdout.
fn replay_passes(l: &Listener, fixture: &str) -> String {
    let out = whk()
        .args(["replay", fixture, "--to", &l.url("/"), "--secret", SECRET])
        .output()
        .unwrap();
    let replay = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{replay}");
    replay
}

/// The headline pair: `whk replay vapi/call.ended` passes, and `whk listen` agrees (exit 0).
/// The seed guide's event is a warning that names what Vapi really sends; `--strict` fails it.
#[test]
fn a_seed_guide_event_is_a_warning_and_strict_fails_it() {
    for strict in [false, true] {
        let mut args = vec!["--secret", SECRET, "--count", "1"];
        if strict {
            args.push("--strict");
        }
        let l = Listener::start(&args);
        let replay = replay_passes(&l, "vapi/call.ended");
        assert!(replay.starts_with("PASS"), "{replay}");
        let d = l.next();
        assert_eq!(d["signature"]["status"], "valid", "{d}");
        assert_eq!(d["event"], "call.ended");
        assert_eq!(d["missing_fields"], serde_json::json!([]));
        assert_eq!(d["problems"], serde_json::json!([]));
        assert_eq!(
            d["warnings"],
            serde_json::json!([{
                "message": "`call.ended` under `type` is a seed guide's event, not one Vapi sends",
                "hint": "Vapi sends `end-of-call-report` under `message.type`; see `whk fixtures show vapi/end-of-call-report`"
            }])
        );
        assert_eq!(d["ok"], !strict);
        let (code, rest, _) = l.finish();
        let sum = &rest.last().unwrap()["summary"];
        assert_eq!(sum["warnings"], 1);
        assert_eq!(sum["payload_errors"], 0);
        if strict {
            assert_eq!(code, 1);
            assert_eq!(
                sum["outcome"],
                "exit 1: 1 delivery did not verify or parse, or had payload warnings (--strict)"
            );
        } else {
            assert_eq!(code, 0);
            assert_eq!(
                sum["outcome"],
                "exit 0: every delivery verified and parsed; 1 with payload warnings (--strict fails them)"
            );
        }
    }
}

/// People see the warning under the delivery, with what to look at instead, and in the
/// summary; a recognised event that lacks a field it needs is still an error.
#[test]
fn warnings_are_shown_under_the_delivery_and_counted() {
    let (child, port) = human_listener(&["--secret", SECRET, "--count", "2"]);
    let url = format!("http://127.0.0.1:{port}/");
    let seed = br#"{"type":"dial.started","data":{"dialId":"d1"}}"#;
    let headers = signed(Provider::Vogent, &url, "application/json", seed);
    assert_eq!(send(port, "POST", "/", &headers, seed).status, 200);
    let lacking = br#"{"event":"dial.updated","payload":{"dial_id":"d1"}}"#;
    let headers = signed(Provider::Vogent, &url, "application/json", lacking);
    assert_eq!(send(port, "POST", "/", &headers, lacking).status, 200);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  !") || l.starts_with("  ✗") || l.starts_with("    Vogent"))
        .collect();
    assert_eq!(
        lines,
        [
            "  ! `dial.started` under `type` is a seed guide's event, not one Vogent sends",
            "    Vogent sends `dial.updated` under `event`, with `payload`; see `whk fixtures show vogent/dial.updated`",
            "  ✗ dial.updated lacks fields it needs (payload.dial_session_id, payload.status)",
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "summary: 2 deliveries · 2 valid · 1 payload error(s) · 1 with payload warnings"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("exit 1: 1 delivery did not verify or parse"),
        "{stdout}"
    );
}

/// Every shipped fixture (and lifecycle), replayed with each provider's own secret into one
/// default `whk listen`, passes both sides: listen verifies it and exits 0, and replay's
/// assertions (the platform's contract included: an NCCO for a Vonage answer, TwiML for a
/// Twilio/SignalWire voice or gather request, a result per Vapi tool call, an assistant for an
/// `assistant-request`) pass against listen's default answers.
#[test]
fn every_shipped_fixture_replayed_into_a_default_listen_exits_zero() {
    let secrets: &[(&str, &str)] = &[
        ("VAPI_WEBHOOK_SECRET", "walk-vapi"),
        ("VOGENT_WEBHOOK_SECRET", "walk-vogent"),
        ("SIGNALWIRE_SIGNING_KEY", "PSK_walk_signalwire"),
        ("TWILIO_AUTH_TOKEN", "walk-twilio"),
        ("ELEVENLABS_WEBHOOK_SECRET", "wsec_walk_elevenlabs"),
        ("VONAGE_SIGNATURE_SECRET", "walk-vonage-signature-secret"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_walk_stripe"),
        // The generic scheme and Standard Webhooks both read it; Standard needs whsec_ + base64.
        ("WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    ];
    let list = whk().args(["fixtures", "--json"]).output().unwrap();
    assert_eq!(list.status.code(), Some(0));
    let list: Vec<Value> = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<&str> = list.iter().map(|f| f["id"].as_str().unwrap()).collect();
    let singles: Vec<&str> = list
        .iter()
        .filter(|f| f["kind"] != "lifecycle")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(singles.len() > 100, "{}", singles.len());

    let l = Listener::start_with_env(&[], secrets);
    let out = whk()
        .envs(secrets.iter().copied())
        .args(["replay", "--to", &l.url("/"), "--gap", "0s", "--json"])
        .args(&ids)
        .output()
        .unwrap();
    let replay: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let (summary, requests) = replay.split_last().unwrap();
    let sent = summary["summary"]["sent"].as_u64().unwrap();
    assert_eq!(sent as usize, requests.len());
    // Every fixture went out on its own, and every request passed replay's assertions.
    for id in &singles {
        assert!(
            requests.iter().any(|r| r["unit"] == *id),
            "{id} was not replayed"
        );
    }
    let failed: Vec<String> = requests
        .iter()
        .filter(|r| r["pass"] != true)
        .map(|r| format!("{} ({}): {}", r["fixture"], r["unit"], r["failures"]))
        .collect();
    assert!(failed.is_empty(), "replay failed:\n{}", failed.join("\n"));
    assert_eq!(out.status.code(), Some(0));

    l.signal("TERM");
    let (code, rest, stderr) = l.finish();
    let (summary, deliveries) = rest.split_last().unwrap();
    let bad: Vec<String> = deliveries
        .iter()
        .filter(|d| d["ok"] != true || d["signature"]["status"] != "valid")
        .map(|d| {
            format!(
                "#{} {} {}: {} {} {} {}",
                d["seq"],
                d["provider"],
                d["event"],
                d["signature"]["message"],
                d["missing_fields"],
                d["problems"],
                d["ncco"]
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "deliveries listen did not accept:\n{}",
        bad.join("\n")
    );
    assert_eq!(deliveries.len() as u64, sent, "{stderr}");
    let sum = &summary["summary"];
    assert_eq!(sum["deliveries"].as_u64(), Some(sent));
    assert_eq!(sum["valid"].as_u64(), Some(sent));
    assert_eq!(sum["failed"], 0);
    assert_eq!(code, 0, "{sum}");
    // The seed guides' shapes, and only they, are warnings.
    let seed_events = [
        "vapi call.started",
        "vapi call.ended",
        "vapi call.failed",
        "vapi transcript.updated",
        "vapi recording.ready",
        "vogent dial.started",
        "vogent dial.ended",
        "vogent dial.failed",
        "elevenlabs voice.processing",
        "elevenlabs voice.completed",
        "elevenlabs agent.ready",
        "elevenlabs agent.speaking",
        "elevenlabs agent.listening",
        "elevenlabs agent.error",
        "signalwire call.created",
        "signalwire call.ringing",
        "signalwire call.answered",
        "signalwire call.completed",
        "signalwire recording.started",
        "signalwire recording.completed",
    ];
    let mut warned = 0;
    for d in deliveries {
        let key = format!(
            "{} {}",
            d["provider"].as_str().unwrap_or("-"),
            d["event"].as_str().unwrap_or("-")
        );
        let has = !d["warnings"].as_array().unwrap().is_empty();
        assert_eq!(
            has,
            seed_events.contains(&key.as_str()),
            "{key}: {}",
            d["warnings"]
        );
        warned += u64::from(has);
    }
    assert_eq!(sum["warnings"], warned);
    assert!(warned >= seed_events.len() as u64, "{sum}");
}

/// A Vonage answer sent by POST with a JSON body (answer_method POST) is an answer like the
/// GET: forwarded to the app, its reply is linted as an NCCO, and replay's NCCO check passes.
#[test]
fn a_vonage_answer_by_post_is_checked_as_an_ncco() {
    let (app, got) = ncco_app(1);
    let base = format!("http://{app}");
    let l = Listener::start(&["--forward-to", &base, "--secret", SECRET, "--count", "1"]);
    replay_passes(&l, "vonage/answer.post");
    let req = String::from_utf8(got.recv_timeout(WAIT).unwrap()).unwrap();
    assert!(req.starts_with("POST / HTTP/1.1"), "{req}");
    let d = l.next();
    assert_eq!(d["method"], "POST");
    assert_eq!(d["provider"], "vonage");
    assert_eq!(d["event"], "answer");
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert_eq!(d["missing_fields"], serde_json::json!([]));
    assert_eq!(d["warnings"], serde_json::json!([]));
    assert_eq!(d["ncco"]["errors"], 0, "{d}");
    assert_eq!(d["ok"], true);
    assert_eq!(l.finish().0, 0);
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

/// `whk replay FIXTURES --json` into `l` with the test secret: exit code and request lines.
fn replay_json(l: &Listener, path: &str, fixtures: &[&str]) -> (i32, Vec<Value>) {
    let out = whk()
        .args(["replay", "--to", &l.url(path), "--secret", SECRET, "--json"])
        .args(fixtures)
        .output()
        .unwrap();
    let mut lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    lines.pop(); // the summary
    (out.status.code().unwrap(), lines)
}

/// With no `--answer` or `--respond`, listen answers each kind with the smallest reply the
/// platform accepts, and replay's contract checks pass against it: a one-`talk` NCCO for a
/// Vonage answer, TwiML for Twilio/SignalWire voice and gather requests, a result for every
/// Vapi `toolCallId`, an assistant for `assistant-request`; `{"received": true}` for the rest.
#[test]
fn default_answers_are_what_each_platform_expects() {
    let fixtures = [
        "vonage/answer",
        "vonage/started",
        "twilio/voice",
        "signalwire-compat/gather.digits",
        "twilio/status.completed",
        "vapi/tool-calls",
        "vapi/assistant-request",
    ];
    let l = Listener::start(&["--secret", SECRET, "--count", "7"]);
    let (code, requests) = replay_json(&l, "/", &fixtures);
    assert_eq!(code, 0, "{requests:?}");
    let mut text = Vec::new();
    for r in &requests {
        let d = l.next();
        let tool_id = d["body"]
            .pointer("/message/toolCallList/0/id")
            .and_then(Value::as_str)
            .unwrap_or("no tool call")
            .to_string();
        text.push(format!(
            "{} [{} {} {}] {} {}\n  {}",
            r["fixture"].as_str().unwrap(),
            d["kind"].as_str().unwrap(),
            d["contract"].as_str().unwrap_or("-"),
            d["response_source"].as_str().unwrap(),
            r["status"],
            r["response_headers"]["content-type"]
                .as_str()
                .unwrap_or("-"),
            r["response_body"]
                .as_str()
                .unwrap()
                .replace(&tool_id, "TOOL_CALL_ID"),
        ));
        assert_eq!(d["ok"], true, "{d}");
    }
    insta::assert_snapshot!(text.join("\n"), @r#"
    vonage/answer [answer ncco default] 200 application/json
      [{"action":"talk","text":"This is whk listen answering the call."}]
    vonage/started [event - default] 200 application/json
      {"received":true,"seq":2}
    twilio/voice [voice twiml default] 200 text/xml
      <?xml version="1.0" encoding="UTF-8"?><Response><Say>This is whk listen answering the call.</Say></Response>
    signalwire-compat/gather.digits [action twiml default] 200 text/xml
      <?xml version="1.0" encoding="UTF-8"?><Response><Say>This is whk listen answering the call.</Say></Response>
    twilio/status.completed [status - default] 200 application/json
      {"received":true,"seq":5}
    vapi/tool-calls [server vapi_tool_calls default] 200 application/json
      {"results":[{"toolCallId":"TOOL_CALL_ID","result":"whk listen received the tool call"}]}
    vapi/assistant-request [server vapi_assistant_request default] 200 application/json
      {"assistant":{"name":"whk listen","firstMessage":"This is whk listen answering the call."}}
    "#);
    assert_eq!(l.finish().0, 0);
}

/// A Vonage answer request is recognised by its content on any path, and gets the `--answer`
/// NCCO there; `--answer-path` narrows that to one path (elsewhere the answer gets the
/// default one-`talk` NCCO, which still passes).
#[test]
fn an_answer_request_is_recognised_on_any_path() {
    let dir = tempfile::tempdir().unwrap();
    let ncco = dir.path().join("ncco.json");
    std::fs::write(&ncco, r#"[{"action":"talk","text":"From the file"}]"#).unwrap();
    let ncco = ncco.to_str().unwrap();
    let odd = "/api/hume-twilio/vonage-voice-webhook/";

    let l = Listener::start(&["--secret", SECRET, "--answer", ncco, "--count", "2"]);
    let (code, requests) = replay_json(&l, odd, &["vonage/answer", "vonage/answer.post"]);
    assert_eq!(code, 0, "{requests:?}");
    for r in &requests {
        assert_eq!(
            r["response_body"], r#"[{"action":"talk","text":"From the file"}]"#,
            "{r}"
        );
        let d = l.next();
        assert_eq!(d["path"], odd);
        assert_eq!(d["kind"], "answer");
        assert_eq!(d["response_source"], "answer", "{d}");
    }
    assert_eq!(l.finish().0, 0);

    let l = Listener::start(&[
        "--secret",
        SECRET,
        "--answer",
        ncco,
        "--answer-path",
        "/answer",
        "--count",
        "2",
    ]);
    let (code, requests) = replay_json(&l, odd, &["vonage/answer"]);
    assert_eq!(code, 0, "{requests:?}");
    assert_eq!(
        requests[0]["response_body"],
        r#"[{"action":"talk","text":"This is whk listen answering the call."}]"#
    );
    assert_eq!(l.next()["response_source"], "default");
    let (code, requests) = replay_json(&l, "/answer", &["vonage/answer"]);
    assert_eq!(code, 0, "{requests:?}");
    assert_eq!(
        requests[0]["response_body"],
        r#"[{"action":"talk","text":"From the file"}]"#
    );
    assert_eq!(l.next()["response_source"], "answer");
    assert_eq!(l.finish().0, 0);
}

/// The app behind `--forward-to` answers a Twilio voice request with TwiML that is not
/// well-formed: a finding under the delivery (exit 1), and replay's TwiML check fails too.
#[test]
fn a_malformed_twiml_reply_from_the_app_is_a_finding() {
    let (app, _got) = app_answering(1, "text/xml", b"<Response><Say>Hello</Response>");
    let l = Listener::start(&[
        "--forward-to",
        &format!("http://{app}"),
        "--secret",
        SECRET,
        "--count",
        "1",
    ]);
    let (code, requests) = replay_json(&l, "/voice", &["twilio/voice"]);
    assert_eq!(code, 1);
    assert_eq!(
        requests[0]["failures"],
        serde_json::json!([
            "TwiML: TWIML001 not well-formed XML: expected 'Say' tag, not 'Response' at 1:21"
        ])
    );
    let d = l.next();
    assert_eq!(d["kind"], "voice");
    assert_eq!(d["contract"], "twiml");
    assert_eq!(d["contract_failures"], requests[0]["failures"]);
    assert_eq!(d["ncco"], Value::Null);
    assert_eq!(d["ok"], false);
    let (code, rest, _) = l.finish();
    assert_eq!(code, 1, "{rest:?}");
}

/// The app answers a Vapi tool call with a result for another `toolCallId`: a finding (exit 1)
/// in JSON, and a line under the delivery for people.
#[test]
fn a_vapi_tool_reply_with_the_wrong_tool_call_id_is_a_finding() {
    let body = br#"{"results":[{"toolCallId":"call_not_this_one","result":"Booked."}]}"#;
    let (app, _got) = app_answering(2, "application/json", body);
    let l = Listener::start(&[
        "--forward-to",
        &format!("http://{app}"),
        "--secret",
        SECRET,
        "--count",
        "1",
    ]);
    let (code, requests) = replay_json(&l, "/vapi", &["vapi/tool-calls"]);
    assert_eq!(code, 1);
    let d = l.next();
    let id = d["body"]["message"]["toolCallList"][0]["id"]
        .as_str()
        .unwrap();
    let expected = serde_json::json!([
        format!("Vapi tool-calls: no result for toolCallId {id:?}"),
        "Vapi tool-calls: results[0].toolCallId \"call_not_this_one\" is not one of this request's"
    ]);
    assert_eq!(requests[0]["failures"], expected);
    assert_eq!(d["contract"], "vapi_tool_calls");
    assert_eq!(d["contract_failures"], expected);
    assert_eq!(d["ok"], false);
    // The same failures as findings with their code, matching replay's for that reply.
    let codes: Vec<&Value> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["code"])
        .collect();
    assert_eq!(
        codes,
        ["contract.vapi_tool_calls", "contract.vapi_tool_calls"]
    );
    let messages: Vec<&Value> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["message"])
        .collect();
    let failures: Vec<&Value> = d["contract_failures"].as_array().unwrap().iter().collect();
    assert_eq!(messages, failures);
    assert_eq!(
        requests[0]["findings"], d["findings"],
        "replay holds the reply to the same contract"
    );
    assert_eq!(l.finish().0, 1);

    let (child, port) = human_listener(&[
        "--forward-to",
        &format!("http://{app}"),
        "--secret",
        SECRET,
        "--count",
        "1",
    ]);
    let out = whk()
        .args(["replay", "vapi/tool-calls", "--secret", SECRET])
        .args(["--to", &format!("http://127.0.0.1:{port}/vapi")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("  ✗ Vapi tool-calls: results[0].toolCallId \"call_not_this_one\" is not one of this request's"),
        "{stdout}"
    );
}

/// The seed-001 guide's Express app: `express.json()`, then
/// `createHmac('sha256', secret).update(JSON.stringify(req.body))` compared with
/// `X-Webhook-Signature` (minus `sha256=`); 401 `{"error": "Invalid signature"}` on a mismatch.
/// Answers `requests` requests on port 0.
fn seed_001_app(requests: usize) -> SocketAddr {
    let app = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = app.local_addr().unwrap();
    std::thread::spawn(move || {
        for _ in 0..requests {
            let Ok((mut s, _)) = app.accept() else { return };
            s.set_read_timeout(Some(WAIT)).unwrap();
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let mut signature = String::new();
            let mut len = 0;
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let (name, value) = line.trim_end().split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => len = value.trim().parse().unwrap(),
                    "x-webhook-signature" => signature = value.trim().to_string(),
                    _ => {}
                }
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            // JSON.stringify(req.body): the parsed body, written compactly.
            let parsed: Value = serde_json::from_slice(&body).unwrap();
            let payload = serde_json::to_vec(&parsed).unwrap();
            let expected = hex::encode(webhook::crypto::hmac(
                webhook::crypto::Algorithm::Sha256,
                SECRET.as_bytes(),
                &[&payload],
            ));
            let (status, reply) = if signature.trim_start_matches("sha256=") == expected {
                ("200 OK", r#"{"success":true}"#)
            } else {
                ("401 Unauthorized", r#"{"error":"Invalid signature"}"#)
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    addr
}

/// `whk replay generic/call.completed` (its body as written, two-space indented) through
/// `whk listen --forward-to` into the seed-001 app, which verifies `JSON.stringify(req.body)`
/// and answers 401: listen verified the signature, so the refusal is a finding (exit 1) that
/// says the re-serialised body would carry another signature.
#[test]
fn an_app_that_refuses_a_validly_signed_delivery_is_a_finding() {
    let app = seed_001_app(2);
    let base = format!("http://{app}");
    let l = Listener::start(&[
        "--forward-to",
        &base,
        "--provider",
        "generic",
        "--secret",
        SECRET,
        "--count",
        "2",
    ]);
    let out = whk()
        .args([
            "replay",
            "generic/call.completed",
            "--to",
            &l.url("/api/webhook"),
            "--secret",
            SECRET,
        ])
        .output()
        .unwrap();
    // The sender got the app's 401.
    assert_eq!(out.status.code(), Some(1));
    let d = l.next();
    assert_eq!(d["signature"]["status"], "valid", "{d}");
    assert_eq!(d["response_status"], 401);
    let f = &d["forward"];
    assert_eq!(f["status"], 401);
    assert_eq!(f["refused_valid"], true, "{d}");
    assert_eq!(
        f["message"],
        "your app refused a delivery whose signature is valid"
    );
    assert_eq!(
        f["reencodings"],
        serde_json::json!(["JSON.stringify(body)", "json.dumps(body)"])
    );
    assert_eq!(
        f["hint"],
        "the same body re-serialised (JSON.stringify(body), json.dumps(body)) would carry a different signature, so the app probably verifies parsed JSON, not the raw bytes: verify the raw request body (express.raw(), request.get_data())"
    );
    assert_eq!(d["ok"], false);
    // The same app accepts a body already in JSON.stringify form: not a finding.
    let headers = signed(
        Provider::Generic,
        &l.url("/api/webhook"),
        "application/json",
        CALL,
    );
    assert_eq!(
        send(l.port, "POST", "/api/webhook", &headers, CALL).status,
        200
    );
    let d = l.next();
    assert_eq!(d["forward"]["refused_valid"], false, "{d}");
    assert!(d["forward"].get("hint").is_none(), "{d}");
    let (code, rest, _) = l.finish();
    assert_eq!(code, 1);
    let sum = &rest.last().unwrap()["summary"];
    assert_eq!(sum["refused_valid"], 1, "{sum}");
    assert_eq!(
        sum["outcome"],
        "exit 1: your app refused 1 delivery whose signature is valid"
    );
}

/// The same refusal in the block for people: under the app's reply, the finding and its hint.
#[test]
fn a_refused_valid_delivery_is_shown_under_the_apps_reply() {
    let app = seed_001_app(1);
    let base = format!("http://{app}");
    let (child, port) = human_listener(&[
        "--forward-to",
        &base,
        "-p",
        "generic",
        "--secret",
        SECRET,
        "--count",
        "1",
    ]);
    let out = whk()
        .args([
            "replay",
            "generic/call.completed",
            "--to",
            &format!("http://127.0.0.1:{port}/"),
            "--secret",
            SECRET,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let block: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.contains("answered 401"))
        .take(6)
        .collect();
    assert_eq!(
        block[1..],
        [
            "      {",
            "        \"error\": \"Invalid signature\"",
            "      }",
            "  ✗ your app refused a delivery whose signature is valid (401)",
            "    the same body re-serialised (JSON.stringify(body), json.dumps(body)) would carry a different signature, so the app probably verifies parsed JSON, not the raw bytes: verify the raw request body (express.raw(), request.get_data())",
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("1 valid · 1 valid but refused by the app"),
        "{stdout}"
    );
    assert!(
        stdout.contains("exit 1: your app refused 1 delivery whose signature is valid"),
        "{stdout}"
    );
}

/// `findings` in listen's JSON, beside the fields it already had: the payload's (invalid
/// JSON at its line and column, each missing field at its JSONPath), each with its code. The
/// forwarded reply's contract findings are checked with the wrong-toolCallId test above.
#[test]
fn findings_carry_codes_in_listen_json() {
    let l = Listener::start(&["--count", "2"]);
    let json = h(&[("Content-Type", "application/json")]);
    send(l.port, "POST", "/j", &json, b"{\n  \"a\" 1\n}");
    let d = l.next();
    assert_eq!(
        d["findings"],
        serde_json::json!([{
            "code": "listen.invalid_json",
            "severity": "error",
            "message": format!("invalid JSON: {}", d["json_error"]["message"].as_str().unwrap()),
            "hint": null,
            "location": {"line_col": {"line": d["json_error"]["line"], "column": d["json_error"]["column"]}},
        }])
    );
    send(
        l.port,
        "POST",
        "/vapi",
        &json,
        br#"{"message":{"type":"end-of-call-report","call":{"id":"c1"}}}"#,
    );
    let d = l.next();
    let findings = d["findings"].as_array().unwrap();
    let missing: Vec<&Value> = d["missing_fields"].as_array().unwrap().iter().collect();
    assert_eq!(findings.len(), missing.len(), "{d}");
    for (f, m) in findings.iter().zip(&missing) {
        assert_eq!(f["code"], "listen.missing_field");
        assert_eq!(f["severity"], "error");
        let first = m.as_str().unwrap().split('|').next().unwrap();
        assert_eq!(f["location"]["json_path"], format!("$.{first}"));
    }
    assert!(
        findings
            .iter()
            .any(|f| f["message"] == "end-of-call-report lacks message.endedReason"),
        "{d}"
    );
    assert_eq!(l.finish().0, 1);
}

/// `--forward-to` failures use the one outbound description (the same words replay and
/// audit use): a port nothing listens on, and an app whose reply is over `--max-body`.
#[test]
fn forward_failures_read_as_the_outbound_path_describes_them() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
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
    assert_eq!(
        d["forward"]["error"],
        format!("cannot connect to the app: connection refused by 127.0.0.1:{port}"),
        "{d}"
    );
    assert_eq!(l.finish().0, 1);

    static BIG: [u8; 2048] = [b'x'; 2048];
    let (app, _got) = app_answering(1, "text/plain", &BIG);
    let base = format!("http://{app}");
    let l = Listener::start(&["--forward-to", &base, "--max-body", "1KiB", "--count", "1"]);
    let a = send(
        l.port,
        "POST",
        "/hook",
        &h(&[("Content-Type", "application/json")]),
        b"{}",
    );
    assert_eq!(a.status, 502);
    let d = l.next();
    assert_eq!(
        d["forward"]["error"],
        "the app's reply body could not be read: the answer's body is longer than 1024 bytes",
        "{d}"
    );
    assert_eq!(l.finish().0, 1);
}
