//! `whk listen --ui`: the inspector's API and live stream, driven over real HTTP on
//! 127.0.0.1 against the real binary. Replays go to a real app (`support::replay_server`)
//! that verifies them itself, with each provider's documented scheme and a freshness window.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use whk::webhook::Provider;

use crate::support::replay_server::Server as App;

const WAIT: Duration = Duration::from_secs(60);
const SECRET: &str = "whsec_aW5zcGVjdG9yLXRlc3Qtc2VjcmV0LWJ5dGVz";

/// A running `whk listen --port 0 --json --ui …`.
struct Inspector {
    child: Child,
    port: u16,
    ui: String,
    lines: mpsc::Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Inspector {
    fn start(args: &[&str]) -> Inspector {
        Inspector::start_with_env(args, &[])
    }

    fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Inspector {
        let crate::support::Piped {
            mut child,
            lines,
            stderr,
        } = crate::support::piped(
            crate::support::whk_std()
                .args(["listen", "--port", "0", "--json", "--ui"])
                .args(args)
                .envs(env.iter().copied()),
        );
        let first = lines.recv_timeout(WAIT).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("no first line; stderr: {}", stderr.lock().unwrap())
        });
        let v: Value = serde_json::from_str(&first).unwrap();
        let port = v["listening"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let ui = v["ui"].as_str().expect("first line has \"ui\"").to_string();
        Inspector {
            child,
            port,
            ui,
            lines,
            stderr,
        }
    }

    fn ui_port(&self) -> u16 {
        self.ui
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches("/_whk/")
            .parse()
            .unwrap()
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next `--json` delivery line.
    fn next(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no delivery line; stderr: {}", self.stderr()));
        serde_json::from_str(&line).unwrap()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// An API call on the inspector's port, with the right Host.
    fn api(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let host = format!("127.0.0.1:{}", self.ui_port());
        let mut all = vec![("Host", host.as_str())];
        all.extend_from_slice(headers);
        http(self.ui_port(), method, path, &all, body)
    }

    fn get(&self, path: &str) -> Value {
        let a = self.api("GET", path, &[], b"");
        assert_eq!(a.status, 200, "{path}: {}", a.text());
        a.json()
    }

    /// The per-run token, as the served page carries it.
    fn token(&self) -> String {
        let page = self.api("GET", "/_whk/", &[], b"").text();
        let start = page.find("WHK_TOKEN").expect("token in the page");
        let quoted = &page[start..];
        let open = quoted.find('"').unwrap() + 1;
        let close = open + quoted[open..].find('"').unwrap();
        quoted[open..close].to_string()
    }

    fn post(&self, path: &str, body: &Value) -> Answer {
        let token = self.token();
        self.api(
            "POST",
            path,
            &[
                ("X-Whk-Token", &token),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }

    /// SIGTERM; the exit code, stderr and the `{"summary": …}` line.
    fn stop(mut self) -> (i32, String, Value) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + WAIT;
        let code = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < deadline,
                "whk listen did not stop; stderr: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut summary = Value::Null;
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            let v: Value = serde_json::from_str(&line).unwrap();
            if v.get("summary").is_some() {
                summary = v["summary"].clone();
            }
        }
        std::thread::sleep(Duration::from_millis(50));
        (code, self.stderr(), summary)
    }
}

impl Drop for Inspector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// One request on its own connection; the answer read to EOF.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer: {:?}", String::from_utf8_lossy(&buf)));
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = buf[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Answer { status, head, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

/// Sign with whk's schemes (as a provider would) at `timestamp`.
fn signed(provider: Provider, url: &str, body: &[u8], timestamp: i64) -> Vec<(String, String)> {
    crate::support::signed_headers(provider, SECRET, url, "application/json", body, timestamp)
}

fn deliver(port: u16, path: &str, headers: &[(String, String)], body: &[u8]) -> Answer {
    let h: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    http(port, "POST", path, &h, body)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

type HmacSha256 = hmac::Hmac<Sha256>;

/// Stripe's documented check: `t=…,v1=hex(HMAC-SHA256(secret, "t.body"))`, within 300 s.
fn stripe_verifies(header: &str, body: &[u8], secret: &str) -> bool {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", x)) => t = x.parse::<i64>().ok(),
            Some(("v1", x)) => v1.push(x.to_string()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected = hex::encode(mac.finalize().into_bytes());
    v1.contains(&expected) && (now() - t).abs() <= 300
}

/// Vonage's signed callbacks: an HS256 JWT (signature secret) whose `payload_hash` is the
/// body's SHA-256 and whose `iat` is fresh.
fn vonage_verifies(authorization: &str, body: &[u8], secret: &str) -> bool {
    let Some(jwt) = authorization.strip_prefix("Bearer ") else {
        return false;
    };
    let parts: Vec<&str> = jwt.split('.').collect();
    let [h, p, s] = parts.as_slice() else {
        return false;
    };
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{h}.{p}").as_bytes());
    if b64.encode(mac.finalize().into_bytes()) != *s {
        return false;
    }
    let claims: Value = serde_json::from_slice(&b64.decode(p).unwrap()).unwrap();
    claims["payload_hash"] == hex::encode(Sha256::digest(body))
        && (now() - claims["iat"].as_i64().unwrap_or(0)).abs() <= 300
}

const EVENT: &[u8] = br#"{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":"in_1"}}}"#;

#[test]
fn list_and_detail_show_the_delivery_whole_with_secrets_masked() {
    let l = Inspector::start(&["--secret", SECRET]);
    assert_eq!(l.ui, format!("http://127.0.0.1:{}/_whk/", l.port));
    let mut headers = signed(Provider::Stripe, &l.url("/hooks"), EVENT, now());
    headers.push(("Authorization".into(), "Bearer app-credential-123".into()));
    assert_eq!(deliver(l.port, "/hooks?x=1", &headers, EVENT).status, 200);
    assert_eq!(l.next()["signature"]["status"], "valid");

    let list = l.get("/_whk/api/requests");
    assert_eq!(list["latest"], 1);
    let row = &list["requests"][0];
    assert_eq!(
        (
            &row["id"],
            &row["method"],
            &row["path"],
            &row["query"],
            &row["provider"],
            &row["signature"],
            &row["status"],
        ),
        (
            &json!(1),
            &json!("POST"),
            &json!("/hooks"),
            &json!("x=1"),
            &json!("stripe"),
            &json!("valid"),
            &json!(200)
        )
    );
    let d = l.get("/_whk/api/requests/1");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(d["raw"].as_str().unwrap())
        .unwrap();
    assert_eq!(raw, EVENT);
    assert_eq!(d["body"]["kind"], "json");
    assert!(
        d["body"]["pretty"]
            .as_str()
            .unwrap()
            .contains("\n  \"id\": \"evt_1\"")
    );
    assert!(
        d["headers"]
            .as_array()
            .unwrap()
            .contains(&json!(["authorization", "Bearer ****"])),
        "{}",
        d["headers"]
    );
    assert!(!d.to_string().contains("app-credential-123"));
    assert_eq!(d["signature"]["status"], "valid");
    assert_eq!(d["delivery"]["event"], "invoice.paid");
    assert_eq!(d["reply"]["status"], 200);
    // Unknown rows and paths; the page is served with its token in place.
    assert_eq!(l.api("GET", "/_whk/api/requests/99", &[], b"").status, 404);
    let page = l.api("GET", "/_whk/", &[], b"");
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("__WHK_TOKEN__"));
    assert_eq!(l.token().len(), 32);
    // `/_whk/` is never a delivery: the run counted one. The URL was printed at start.
    let ui = l.ui.clone();
    let (_, stderr, summary) = l.stop();
    assert_eq!(summary["deliveries"], 1, "{summary}");
    assert!(stderr.contains(&format!("inspector {ui}")), "{stderr}");
}

#[test]
fn replay_to_another_url_carries_a_fresh_stripe_signature() {
    let app = App::start();
    let l = Inspector::start(&["--secret", SECRET]);
    // Signed an hour ago: stale now, as a delivery replayed by a naive inspector would be.
    let old = now() - 3600;
    let headers = signed(Provider::Stripe, &l.url("/hooks"), EVENT, old);
    deliver(l.port, "/hooks", &headers, EVENT);
    assert_eq!(l.next()["signature"]["status"], "invalid");
    let a = l.post(
        "/_whk/api/requests/1/replay",
        &json!({ "target": app.url() }),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let r = a.json();
    assert_eq!(r["replay_of"], 1);
    assert_eq!(r["status"], 200);
    assert_eq!(r["signed"]["provider"], "stripe");
    let got = app.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body, EVENT);
    let sig = got[0].headers.get("stripe-signature").unwrap();
    assert!(stripe_verifies(sig, &got[0].body, SECRET), "{sig}");
    // The replay is a row of its own, linked to the original.
    let row = l.get(&format!("/_whk/api/requests/{}", r["id"]));
    assert_eq!(row["replay_of"], 1);
    assert_eq!(
        row["sent_to"],
        format!("{}/hooks", app.url().trim_end_matches('/'))
    );
    assert_eq!(row["signature"]["status"], "valid");
    assert_eq!(row["reply"]["from_app"], true);
}

#[test]
fn replay_to_another_url_carries_a_fresh_vonage_jwt_over_the_edited_body() {
    let app = App::start();
    let l = Inspector::start(&["--secret", SECRET, "-p", "vonage"]);
    let body = br#"{"uuid":"u1","conversation_uuid":"CON-1","status":"answered","timestamp":"2026-01-01T00:00:00.000Z"}"#;
    let headers = signed(Provider::Vonage, &l.url("/event"), body, now() - 7200);
    deliver(l.port, "/event", &headers, body);
    l.next();
    let edited = r#"{"uuid":"u1","conversation_uuid":"CON-1","status":"completed","timestamp":"2026-01-01T00:01:00.000Z"}"#;
    let a = l.post(
        "/_whk/api/requests/1/replay",
        &json!({ "target": app.url(), "body": edited }),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let got = app.received();
    assert_eq!(got[0].body, edited.as_bytes());
    let auth = got[0].headers.get("authorization").unwrap();
    assert!(vonage_verifies(auth, &got[0].body, SECRET), "{auth}");
}

#[test]
fn replay_through_the_listener_with_edits_becomes_a_linked_row() {
    let l = Inspector::start(&["--secret", SECRET]);
    let headers = signed(Provider::Standard, &l.url("/hooks"), EVENT, now() - 3600);
    deliver(l.port, "/hooks", &headers, EVENT);
    assert_eq!(l.next()["signature"]["status"], "invalid");
    // Unedited: the listener itself verifies the fresh signature.
    let a = l.post("/_whk/api/requests/1/replay", &json!({}));
    assert_eq!(a.status, 200, "{}", a.text());
    let r = a.json();
    assert_eq!(
        (&r["id"], &r["replay_of"], &r["status"]),
        (&json!(2), &json!(1), &json!(200))
    );
    let line = l.next();
    assert_eq!(line["signature"]["status"], "valid", "{line}");
    // Edited: method, path, query, headers and body; the body goes as these bytes, signed.
    let edited = "{\n  \"edited\": true\n}";
    let a = l.post(
        "/_whk/api/requests/2/replay",
        &json!({
            "method": "put",
            "path": "/other?a=1",
            "headers": [["Content-Type", "application/json"], ["X-Extra", "yes"]],
            "body": edited,
        }),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let line = l.next();
    assert_eq!(
        (&line["method"], &line["path"], &line["query"]["a"]),
        (&json!("PUT"), &json!("/other"), &json!("1"))
    );
    assert_eq!(line["signature"]["status"], "valid", "{line}");
    assert_eq!(line["headers"]["x-extra"], "yes");
    let row = l.get("/_whk/api/requests/3");
    assert_eq!(row["replay_of"], 2);
    assert_eq!(row["body"]["text"], edited);
    // Bad edits are one clear 400.
    let bad = l.post("/_whk/api/requests/1/replay", &json!({ "headers": "x" }));
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("headers"));
    let bad = l.post(
        "/_whk/api/requests/1/replay",
        &json!({ "target": "ftp://x" }),
    );
    assert_eq!(bad.status, 400, "{}", bad.text());
    // Exports: curl signed afresh without the secret, a replay command, a fixture.
    let e = l.get("/_whk/api/requests/1/export");
    let curl = e["curl"].as_str().unwrap();
    assert!(curl.starts_with("curl "), "{curl}");
    assert!(
        curl.contains(&format!("http://127.0.0.1:{}/hooks", l.port)),
        "{curl}"
    );
    assert!(curl.contains("webhook-signature: v1,"), "{curl}");
    assert!(!curl.contains(SECRET));
    assert_eq!(e["curl_signed"], true);
    assert!(
        e["replay_command"]
            .as_str()
            .unwrap()
            .starts_with("whk replay "),
        "{e}"
    );
    let fixture: Value = serde_json::from_str(e["fixture"].as_str().unwrap()).unwrap();
    assert_eq!(fixture["path"], "/hooks");
}

#[test]
fn host_check_token_pin_and_delete() {
    let l = Inspector::start(&[]);
    deliver(l.port, "/a", &[], b"{}");
    l.next();
    let p = l.port;
    // DNS rebinding: only loopback names for this port.
    for host in ["evil.example", "127.0.0.1:1", "attacker.test:80"] {
        let a = http(p, "GET", "/_whk/api/requests", &[("Host", host)], b"");
        assert_eq!(a.status, 403, "{host}");
        assert!(a.text().contains("not allowed"), "{}", a.text());
    }
    for host in [
        format!("localhost:{p}"),
        format!("[::1]:{p}"),
        format!("127.0.0.1:{p}"),
    ] {
        let a = http(p, "GET", "/_whk/api/requests", &[("Host", &host)], b"");
        assert_eq!(a.status, 200, "{host}");
    }
    // Mutations need the token.
    assert_eq!(l.api("DELETE", "/_whk/api/requests", &[], b"").status, 403);
    assert_eq!(
        l.api(
            "DELETE",
            "/_whk/api/requests",
            &[("X-Whk-Token", "nope")],
            b""
        )
        .status,
        403
    );
    assert_eq!(
        l.api("POST", "/_whk/api/requests/1/replay", &[], b"{}")
            .status,
        403
    );
    assert_eq!(
        l.api("POST", "/_whk/api/requests/1/pin", &[], b"{}").status,
        403
    );
    let token = l.token();
    let foreign = l.api(
        "DELETE",
        "/_whk/api/requests",
        &[("X-Whk-Token", &token), ("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(foreign.status, 403);
    let a = l.post("/_whk/api/requests/1/pin", &json!({ "pinned": true }));
    assert_eq!(a.json(), json!({ "id": 1, "pinned": true }));
    assert_eq!(l.get("/_whk/api/requests")["requests"][0]["pinned"], true);
    let a = l.api(
        "DELETE",
        "/_whk/api/requests",
        &[("X-Whk-Token", &token)],
        b"",
    );
    assert_eq!(a.json(), json!({ "cleared": 1 }));
    assert_eq!(l.get("/_whk/api/requests")["requests"], json!([]));
    // Ids keep increasing after a clear.
    deliver(l.port, "/b", &[], b"{}");
    l.next();
    assert_eq!(l.get("/_whk/api/requests")["requests"][0]["id"], 2);
}

/// An SSE stream read event by event.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16, headers: &[(&str, &str)]) -> Events {
        Events::over(
            TcpStream::connect(("127.0.0.1", port)).unwrap(),
            port,
            headers,
        )
    }

    /// Ask for the stream on `s` and read the response head.
    fn over(mut s: TcpStream, port: u16, headers: &[(&str, &str)]) -> Events {
        s.set_read_timeout(Some(WAIT)).unwrap();
        let mut req = format!("GET /_whk/api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
        for (n, v) in headers {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
        }
        Events { reader }
    }

    /// The next event (chunk framing skipped): `(event, id, data)`, or a comment as
    /// `(":", None, text)`.
    fn next(&mut self) -> (String, Option<u64>, Value) {
        let (mut event, mut id, mut data) = (String::from("message"), None, Value::Null);
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("stream readable");
            assert!(n > 0, "stream ended");
            let l = line.trim_end_matches(['\r', '\n']);
            if let Some(c) = l.strip_prefix(": ") {
                return (":".into(), None, Value::String(c.into()));
            } else if let Some(e) = l.strip_prefix("event: ") {
                event = e.into();
            } else if let Some(i) = l.strip_prefix("id: ") {
                id = i.parse().ok();
            } else if let Some(d) = l.strip_prefix("data: ") {
                data = serde_json::from_str(d).unwrap();
            } else if l.is_empty() && !data.is_null() {
                return (event, id, data);
            }
            // Chunk sizes, `retry:` and blank chunk lines fall through.
        }
    }
}

#[test]
fn events_resume_from_last_event_id_and_keep_alive() {
    let l = Inspector::start_with_env(&[], &[("WHK_UI_KEEPALIVE_MS", "200")]);
    for p in ["/1", "/2", "/3"] {
        deliver(l.port, p, &[], b"{}");
        l.next();
    }
    let mut ev = Events::open(l.port, &[("Last-Event-ID", "1")]);
    let (e, _, d) = ev.next();
    assert_eq!(
        (e.as_str(), &d["latest"], &d["resumed_from"]),
        ("ready", &json!(3), &json!(1))
    );
    for want in [2, 3] {
        let (e, id, d) = ev.next();
        assert_eq!(
            (e.as_str(), id, &d["id"]),
            ("request", Some(want), &json!(want))
        );
        assert_eq!(d["path"], format!("/{want}"));
    }
    // Live from there on, with keep-alive comments while idle.
    assert_eq!(ev.next().0, ":");
    deliver(l.port, "/4", &[], b"{}");
    let (e, id, d) = loop {
        let next = ev.next();
        if next.0 != ":" {
            break next;
        }
    };
    assert_eq!(
        (e.as_str(), id, &d["path"]),
        ("request", Some(4), &json!("/4"))
    );
    // Pins and clears are pushed too.
    l.post("/_whk/api/requests/4/pin", &json!({}));
    let next = loop {
        let n = ev.next();
        if n.0 != ":" {
            break n;
        }
    };
    assert_eq!(
        (next.0.as_str(), next.2),
        ("pin", json!({"id": 4, "pinned": true}))
    );
    let (code, stderr, _) = l.stop();
    assert_eq!(code, 0);
    // The page's stream closing is not a notice, and stopping did not wait for it.
    assert!(!stderr.contains("closed the connection"), "{stderr}");
}

#[test]
fn a_stalled_page_never_slows_deliveries_and_gets_resync() {
    let l = Inspector::start(&[]);
    // Two pages connected and not reading, with small receive windows: one reads again
    // later, the other never does.
    let mut ev = stalled_page(l.port);
    let _stuck = stalled_page(l.port);
    // 10,000 deliveries through `whk replay`, as a user would send them.
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("event.json");
    std::fs::write(&fixture, EVENT).unwrap();
    let out = crate::support::whk_std()
        .args(["replay"])
        .arg(&fixture)
        .args([
            "--to",
            &l.url("/hooks"),
            "--unsigned",
            "-n",
            "10000",
            "-c",
            "8",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut answered = 0;
    while answered < 10_000 {
        l.next();
        answered += 1;
    }
    assert_eq!(l.get("/_whk/api/requests?limit=1")["latest"], 10_000);
    // The page reads again: what its socket held, then a resync to re-fetch the list.
    let mut saw_resync = None;
    for _ in 0..20_000 {
        let (e, id, d) = ev.next();
        if e == "resync" {
            saw_resync = Some((id, d));
            break;
        }
    }
    let (id, d) = saw_resync.expect("a resync event");
    assert!(d["missed"].as_u64().unwrap() > 0, "{d}");
    assert_eq!(id, Some(10_000));
    // The page that never reads does not hold the stop up: nothing is cut off.
    let (code, stderr, summary) = l.stop();
    assert_eq!(code, 0);
    assert_eq!(summary["deliveries"], 10_000);
    assert!(!stderr.contains("stopped after waiting"), "{stderr}");
}

/// An event stream opened with a 4 KiB receive window, its head read, then left alone.
fn stalled_page(port: u16) -> Events {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = rt.block_on(async {
        let sock = tokio::net::TcpSocket::new_v4().unwrap();
        sock.set_recv_buffer_size(4096).unwrap();
        let s = sock
            .connect(format!("127.0.0.1:{port}").parse().unwrap())
            .await
            .unwrap();
        s.into_std().unwrap()
    });
    s.set_nonblocking(false).unwrap();
    Events::over(s, port, &[])
}

#[test]
fn history_survives_a_restart_through_the_record_dir() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().to_str().unwrap();
    let l = Inspector::start(&["--secret", SECRET, "--record", rec]);
    let headers = signed(Provider::Stripe, &l.url("/hooks"), EVENT, now());
    deliver(l.port, "/hooks", &headers, EVENT);
    deliver(l.port, "/plain", &[], b"{\"a\":1}");
    l.next();
    l.next();
    l.stop();

    let l = Inspector::start(&["--secret", SECRET, "--record", rec]);
    let rows = l.get("/_whk/api/requests")["requests"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[1]["path"], "/hooks");
    assert_eq!(rows[1]["loaded"], true);
    assert_eq!(rows[1]["signature"], "valid");
    let d = l.get("/_whk/api/requests/1");
    assert_eq!(d["reply"]["status"], 200);
    assert_eq!(d["reply"]["source"], "recorded");
    assert!(d["file"].as_str().unwrap().starts_with(rec));
    // The loaded delivery replays with a fresh signature like any other.
    let a = l.post("/_whk/api/requests/1/replay", &json!({}));
    assert_eq!(a.json()["id"], 3, "{}", a.text());
    assert_eq!(l.next()["signature"]["status"], "valid");
    let (_, stderr, _) = l.stop();
    assert!(
        stderr.contains("2 earlier deliveries loaded from --record"),
        "{stderr}"
    );
}

#[test]
fn a_ui_port_of_its_own_and_a_bounded_history() {
    let l = Inspector::start(&["--ui-port", "0", "--ui-history", "12KiB"]);
    assert_ne!(l.ui_port(), l.port);
    // On the listener's port `/_whk/` says where the inspector is; it is not a delivery.
    let a = http(l.port, "GET", "/_whk/api/requests", &[], b"");
    assert_eq!(a.status, 404);
    assert!(a.text().contains(&l.ui), "{}", a.text());
    let big = vec![b'x'; 3000];
    for _ in 0..5 {
        deliver(l.port, "/big", &[], &big);
        l.next();
    }
    let list = l.get("/_whk/api/requests");
    let ids: Vec<u64> = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [5, 4], "the oldest are evicted past --ui-history");
    let status = l.get("/_whk/api/status");
    assert!(
        status["history"]["bytes"].as_u64().unwrap() <= 12 * 1024,
        "{status}"
    );
    let a = http(l.ui_port(), "GET", "/", &[], b"");
    assert_eq!(a.status, 302);
    assert!(a.head.to_ascii_lowercase().contains("location: /_whk/"));
    let (code, out, summary) = l.stop();
    assert_eq!(code, 0, "{out}");
    assert_eq!(summary["deliveries"], 5, "{summary}");
}

#[test]
fn deliveries_group_by_call_with_late_and_repeated_arrivals_marked() {
    let l = Inspector::start(&["-p", "vonage"]);
    let event = |status: &str, at: &str| {
        format!(
            r#"{{"uuid":"aaaa-1","conversation_uuid":"CON-7","status":"{status}","direction":"outbound","timestamp":"{at}","from":"447700900000","to":"447700900001"}}"#
        )
    };
    let ct = [("Content-Type".to_string(), "application/json".to_string())];
    let answered = event("answered", "2026-01-01T00:00:05.000Z");
    for body in [
        answered.clone(),
        event("started", "2026-01-01T00:00:00.000Z"),
        answered,
    ] {
        deliver(l.port, "/event", &ct, body.as_bytes());
        l.next();
    }
    let rows = l.get("/_whk/api/requests")["requests"].clone();
    let marks: Vec<(Value, Value, Value)> = rows
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|r| {
            (
                r["call_id"].clone(),
                r["out_of_order"].clone(),
                r["duplicate"].clone(),
            )
        })
        .collect();
    let call = marks[0].0.clone();
    assert!(call.is_string(), "{rows}");
    assert_eq!(
        marks,
        [
            (call.clone(), json!(false), json!(false)),
            (call.clone(), json!(true), json!(false)),
            (call.clone(), json!(false), json!(true)),
        ]
    );
    let d = l.get("/_whk/api/requests/2");
    assert_eq!(d["call"]["id"], call);
    let ids: Vec<&Value> = d["call"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, [&json!(1), &json!(2), &json!(3)]);
}

#[test]
fn the_apps_reply_is_shown_with_its_contract_verdict_and_ncco_positions() {
    let app = App::with(|_, _| {
        crate::support::replay_server::Answer {
        status: 200,
        body: br#"[{"action":"talk","text":"hi"},{"action":"input","type":["dtmf"],"eventUrl":"not-a-url"}]"#.to_vec(),
        content_type: "application/json",
        delay: Duration::ZERO,
    }
    });
    let l = Inspector::start(&["-p", "vonage", "--forward-to", &app.url()]);
    let a = http(
        l.port,
        "GET",
        "/answer?to=447700900001&from=447700900000&uuid=aaaa-2&conversation_uuid=CON-8",
        &[],
        b"",
    );
    assert_eq!(a.status, 200);
    l.next();
    let d = l.get("/_whk/api/requests/1");
    let reply = &d["reply"];
    assert_eq!(reply["from_app"], true, "{reply}");
    assert_eq!(reply["forward"]["status"], 200);
    assert!(reply["body_text"].as_str().unwrap().contains("not-a-url"));
    assert_eq!(reply["deadline_ms"], 5000.0);
    assert_eq!(reply["late"], false);
    assert_eq!(reply["contract"]["name"], "ncco");
    assert_eq!(reply["contract"]["ok"], false, "{reply}");
    let findings = reply["ncco"]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["location"]["json_path"]
            .as_str()
            .is_some_and(|p| p.starts_with("$[1]"))),
        "{reply}"
    );
    assert_eq!(d["ok"], false);
}

#[test]
fn copy_as_curl_is_what_whk_sign_prints_for_the_same_request() {
    let at = "1796000000";
    let l = Inspector::start_with_env(&["--secret", SECRET, "-p", "stripe"], &[("WHK_NOW", at)]);
    let headers = signed(
        Provider::Stripe,
        &l.url("/hooks"),
        EVENT,
        at.parse().unwrap(),
    );
    deliver(l.port, "/hooks", &headers, EVENT);
    assert_eq!(l.next()["signature"]["status"], "valid");
    let e = l.get("/_whk/api/requests/1/export");
    let mut sign = crate::support::whk();
    sign.env("WHK_NOW", at)
        .args([
            "sign", "-p", "stripe", "--secret", SECRET, "--format", "curl",
        ])
        .args([
            "--url",
            &l.url("/hooks"),
            "-H",
            "content-type: application/json",
            "-",
        ])
        .write_stdin(EVENT);
    let out = sign.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        e["curl"].as_str().unwrap(),
        String::from_utf8(out.stdout).unwrap().trim_end()
    );
}
