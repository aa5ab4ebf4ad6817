//! A Vonage Voice app for the `whk call` tests: a real HTTP server on 127.0.0.1 (port 0) that
//! checks every request the way an app built on the official SDKs does, records it, and
//! answers through per-path handlers the test sets up.
//!
//! Verification, as `@vonage/jwt` `verifySignature` (jsonwebtoken, HS256) and `vonage-jwt`
//! `verify_signature` (PyJWT, HS256) do, plus the `payload_hash` comparison their docs tell apps
//! to add (neither SDK does it; see /work/shared/research/signatures.md §5a):
//! - `Authorization: Bearer <header>.<claims>.<signature>`, header `alg` `HS256`, signature
//!   HMAC-SHA-256 over `<header>.<claims>` with the signature secret (base64url, no padding);
//! - `exp` (when present) not passed, `nbf` (when present) reached, and `iat` not in the future
//!   (PyJWT rejects a token issued later than now: why whk signs with the wall clock);
//! - `payload_hash` = SHA-256 hex of the raw body; for a GET (no body), the hash of the empty
//!   body or of the query as a compact JSON object (Vonage's support article; UNCERTAIN).
//!
//! A request that fails is answered `401` with the reason, as an app would, and recorded with
//! its verdict. The ready-made apps ([`ivr`], [`voicemail`], [`failover`], [`slow_then_broken`],
//! [`ws_bridge`]) are the issue's sample apps.

#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Digest as _;

use super::replay_server::{Answer, Received};
use super::verifying_app::{App, Handler};

/// The signature secret the apps verify with; pass it to whk as `--secret`.
pub const SECRET: &str = "whk-call-test-signature-secret-0123456789";

/// One request and what the app made of its signature (the JWT claims when it verified).
pub type Hit = super::verifying_app::Hit<Value>;

/// A running app.
pub type VonageApp = App<Value>;

impl Hit {
    /// The fields Vonage sent: the JSON body, or (GET) the query as an object of strings.
    pub fn fields(&self) -> Value {
        if self.request.method == "GET" {
            let q = self
                .request
                .path_and_query
                .split_once('?')
                .map(|(_, q)| q)
                .unwrap_or("");
            let mut o = serde_json::Map::new();
            for (k, v) in form_urlencoded::parse(q.as_bytes()) {
                o.insert(k.into_owned(), Value::String(v.into_owned()));
            }
            return Value::Object(o);
        }
        self.request.json()
    }

    /// The query's field names in the order sent.
    pub fn query_order(&self) -> Vec<String> {
        let q = self
            .request
            .path_and_query
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("");
        form_urlencoded::parse(q.as_bytes())
            .map(|(k, _)| k.into_owned())
            .collect()
    }
}

/// Routes for an app, then [`AppBuilder::start`].
pub struct AppBuilder {
    secret: String,
    routes: Vec<(String, Handler)>,
}

impl VonageApp {
    /// An app verifying with [`SECRET`]; `/event` answers 204 unless a route says otherwise.
    pub fn builder() -> AppBuilder {
        AppBuilder {
            secret: SECRET.to_string(),
            routes: Vec::new(),
        }
    }

    /// The `status` of every call event on `path`, in order (`started`, `ringing`, …), with
    /// the leg it is about (`uuid`, else `call_uuid`) for events of several legs.
    pub fn statuses(&self, path: &str) -> Vec<String> {
        self.hits_on(path)
            .iter()
            .filter_map(|h| {
                h.fields()
                    .get("status")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect()
    }
}

impl AppBuilder {
    /// Verify with another secret (an app configured with the wrong one).
    pub fn secret(mut self, secret: &str) -> AppBuilder {
        self.secret = secret.to_string();
        self
    }

    pub fn route(
        mut self,
        path: &str,
        handler: impl Fn(&Received) -> Answer + Send + Sync + 'static,
    ) -> AppBuilder {
        super::verifying_app::route(&mut self.routes, path, handler);
        self
    }

    pub fn start(self) -> VonageApp {
        let AppBuilder { secret, routes } = self;
        App::start(
            routes,
            move |r| verify(r, secret.as_bytes(), unix_now()),
            |why| Answer {
                body: serde_json::to_vec(&json!({ "error": why })).unwrap(),
                ..Answer::status(401)
            },
            |path| match path {
                "/event" => no_content(),
                _ => Answer {
                    body: br#"{"error":"not found"}"#.to_vec(),
                    ..Answer::status(404)
                },
            },
        )
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn b64url_decode(s: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|e| format!("not base64url: {e}"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The app's check of one request (see the module docs): the claims, or why it is refused.
pub fn verify(r: &Received, secret: &[u8], now: i64) -> Result<Value, String> {
    let auth = r
        .headers
        .get("authorization")
        .ok_or("no Authorization header")?;
    let token = auth
        .strip_prefix("Bearer ")
        .ok_or("Authorization is not `Bearer <JWT>`")?;
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Err(format!("a JWT has 3 parts, this has {}", parts.len()));
    };
    let head: Value = serde_json::from_slice(&b64url_decode(header)?)
        .map_err(|e| format!("JWT header is not JSON: {e}"))?;
    if head["alg"] != "HS256" {
        return Err(format!("JWT alg {} is not HS256", head["alg"]));
    }
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(format!("{header}.{claims}").as_bytes());
    mac.verify_slice(&b64url_decode(signature)?)
        .map_err(|_| "invalid signature (HS256 with the signature secret)".to_string())?;
    let c: Value = serde_json::from_slice(&b64url_decode(claims)?)
        .map_err(|e| format!("JWT claims are not JSON: {e}"))?;
    if let Some(exp) = c.get("exp").and_then(Value::as_i64)
        && now >= exp
    {
        return Err(format!("jwt expired (exp {exp}, now {now})"));
    }
    if let Some(nbf) = c.get("nbf").and_then(Value::as_i64)
        && now < nbf
    {
        return Err(format!("jwt not active (nbf {nbf}, now {now})"));
    }
    let iat = c.get("iat").and_then(Value::as_i64).ok_or("no iat claim")?;
    if iat > now + 5 {
        return Err(format!(
            "the token is not yet valid (iat {iat} is after now {now})"
        ));
    }
    let hash = c
        .get("payload_hash")
        .and_then(Value::as_str)
        .ok_or("no payload_hash claim")?;
    let mut accepted = vec![sha256_hex(&r.body)];
    if r.method == "GET" {
        let hit = Hit {
            request: r.clone(),
            verdict: Ok(Value::Null),
        };
        accepted.push(sha256_hex(
            serde_json::to_string(&hit.fields()).unwrap().as_bytes(),
        ));
    }
    if !accepted.iter().any(|a| a == hash) {
        return Err(format!(
            "payload_hash {hash} is not the SHA-256 of the body ({})",
            accepted[0]
        ));
    }
    Ok(c)
}

/// `200` with an NCCO.
pub fn ncco(actions: Value) -> Answer {
    Answer {
        body: serde_json::to_vec(&actions).unwrap(),
        ..Answer::status(200)
    }
}

/// `204`, nothing to run: what an event handler answers.
pub fn no_content() -> Answer {
    Answer {
        body: Vec::new(),
        ..Answer::status(204)
    }
}

/// `http://host:port` of the app that received `r` (to build its own eventUrls).
pub fn base_of(r: &Received) -> String {
    let host = r.headers.get("host").unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// The IVR menu: a welcome with a one-digit DTMF menu; `/input` connects 1 to sales
/// (447700900002), 2 to support (447700900003), anything else (or a time-out) hears goodbye.
pub fn ivr() -> VonageApp {
    VonageApp::builder()
        .route("/answer", |r| {
            ncco(json!([
                {"action": "talk", "text": "Welcome to Acme. Press 1 for sales, 2 for support."},
                {"action": "input", "type": ["dtmf"],
                 "dtmf": {"maxDigits": 1, "timeOut": 5},
                 "eventUrl": [format!("{}/input", base_of(r))]}
            ]))
        })
        .route("/input", |r| {
            let digits = r
                .json()
                .pointer("/dtmf/digits")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let number = match digits.as_str() {
                "1" => "447700900002",
                "2" => "447700900003",
                _ => {
                    return ncco(json!([
                        {"action": "talk", "text": "Sorry, goodbye."}
                    ]));
                }
            };
            ncco(json!([
                {"action": "talk", "text": "Connecting you now."},
                {"action": "connect", "from": "447700900001",
                 "endpoint": [{"type": "phone", "number": number}]}
            ]))
        })
        .start()
}

/// The voicemail: a greeting, then a recording that ends on silence or `#`, its result to
/// `/recording`.
pub fn voicemail() -> VonageApp {
    VonageApp::builder()
        .route("/answer", |r| {
            ncco(json!([
                {"action": "talk", "text": "Please leave a message after the tone."},
                {"action": "record", "beepStart": true, "endOnSilence": 3, "endOnKey": "#",
                 "timeOut": 60, "eventUrl": [format!("{}/recording", base_of(r))]},
                {"action": "talk", "text": "Thank you, goodbye."}
            ]))
        })
        .route("/recording", |_| no_content())
        .start()
}

/// The synchronous-connect failover: connect to 447700900123 with `eventType: synchronous`;
/// when that leg fails (busy, unanswered, rejected, failed, timeout, machine), `/connect-event`
/// answers a connect to the backup 447700900124.
pub fn failover() -> VonageApp {
    VonageApp::builder()
        .route("/answer", |r| {
            ncco(json!([
                {"action": "talk", "text": "Connecting you to an agent."},
                {"action": "connect", "from": "447700900001", "timeout": 20,
                 "eventType": "synchronous",
                 "eventUrl": [format!("{}/connect-event", base_of(r))],
                 "endpoint": [{"type": "phone", "number": "447700900123"}]}
            ]))
        })
        .route("/connect-event", |r| {
            let status = r
                .json()
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if matches!(
                status.as_str(),
                "busy" | "unanswered" | "rejected" | "failed" | "timeout" | "machine"
            ) {
                ncco(json!([
                    {"action": "talk", "text": "Trying the backup line."},
                    {"action": "connect", "from": "447700900001",
                     "endpoint": [{"type": "phone", "number": "447700900124"}]}
                ]))
            } else {
                no_content()
            }
        })
        .start()
}

/// An app whose answer URL is slow (`delay`, past the platform's deadline) and whose
/// `/fallback` answers a broken NCCO (a `talk` without `text`).
pub fn slow_then_broken(delay: Duration) -> VonageApp {
    VonageApp::builder()
        .route("/answer", move |_| Answer {
            delay,
            ..ncco(json!([{"action": "talk", "text": "Too late."}]))
        })
        .route("/fallback", |_| {
            ncco(json!([{"action": "talk", "txt": "Hello"}]))
        })
        .start()
}

/// The WebSocket bridge: a greeting, then a connect to `ws_uri` (the public `wss://` URI the
/// app would give Vonage; the test maps it to its local socket with `--ws-to`) at 16 kHz
/// with the custom headers Vonage passes on in `websocket:connected`.
pub fn ws_bridge(ws_uri: &str) -> VonageApp {
    let uri = ws_uri.to_string();
    VonageApp::builder()
        .route("/answer", move |_| {
            ncco(json!([
                {"action": "talk", "text": "Connecting you to the assistant."},
                {"action": "connect", "from": "447700900001",
                 "endpoint": [{"type": "websocket", "uri": uri,
                               "content-type": "audio/l16;rate=16000",
                               "headers": {"caller": "447700900000", "lang": "en-GB"}}]}
            ]))
        })
        .start()
}

#[cfg(test)]
mod tests {
    use super::*;
    use whk::webhook::Headers;

    /// A token for `body` as Vonage (and whk) sign it.
    fn token(secret: &[u8], claims: Value) -> String {
        let enc = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let head = enc(br#"{"alg":"HS256","typ":"JWT"}"#);
        let body = enc(claims.to_string().as_bytes());
        let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret).unwrap();
        mac.update(format!("{head}.{body}").as_bytes());
        format!("{head}.{body}.{}", enc(&mac.finalize().into_bytes()))
    }

    fn request(method: &str, pq: &str, body: &[u8], auth: &str) -> Received {
        let mut headers = Headers::new();
        headers.push("Authorization", format!("Bearer {auth}"));
        Received {
            method: method.into(),
            url: format!("http://h{pq}"),
            path_and_query: pq.into(),
            headers,
            body: body.to_vec(),
            at: std::time::Instant::now(),
        }
    }

    /// The published vector of vonage-python-sdk `jwt/tests/test_verify_jwt.py` (valid with
    /// `qwertyuiopasdfghjklzxcvbnm123456`, invalid with `asdf`): this verifier agrees on the
    /// signature, then refuses the token for having no `payload_hash` (the SDKs stop earlier).
    #[test]
    fn signature_checks_match_the_sdks() {
        let sdk = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJPbmxpbmUgSldUIEJ1aWxkZXIiLCJpYXQiOjE2OTc2MzQ2ODAsImV4cCI6MzMyNTQ1NDA4MjgsImF1ZCI6IiIsInN1YiI6IiJ9.88vJc3I2HhuqEDixHXVhc9R30tA6U_HQHZTC29y6CGM";
        let r = request("POST", "/event", b"{}", sdk);
        assert_eq!(
            verify(&r, b"qwertyuiopasdfghjklzxcvbnm123456", 1_700_000_000).unwrap_err(),
            "no payload_hash claim"
        );
        assert!(
            verify(&r, b"asdf", 1_700_000_000)
                .unwrap_err()
                .contains("invalid signature")
        );

        let body = br#"{"status":"started"}"#;
        let good = token(
            b"s3cret",
            json!({"iat": 1_700_000_000, "jti": "x", "iss": "Vonage", "payload_hash": sha256_hex(body)}),
        );
        let r = request("POST", "/event", body, &good);
        assert!(verify(&r, b"s3cret", 1_700_000_010).is_ok());
        assert!(
            verify(&r, b"other", 1_700_000_010)
                .unwrap_err()
                .contains("invalid signature")
        );
        assert!(
            verify(&r, b"s3cret", 1_699_999_000)
                .unwrap_err()
                .contains("not yet valid")
        );
        let tampered = request("POST", "/event", br#"{"status":"answered"}"#, &good);
        assert!(
            verify(&tampered, b"s3cret", 1_700_000_010)
                .unwrap_err()
                .contains("payload_hash")
        );
        let expired = token(
            b"s3cret",
            json!({"iat": 1, "exp": 2, "payload_hash": sha256_hex(body)}),
        );
        assert!(
            verify(
                &request("POST", "/event", body, &expired),
                b"s3cret",
                1_700_000_000
            )
            .unwrap_err()
            .contains("expired")
        );
        // A GET answer: the empty body's hash.
        let get = token(
            b"s3cret",
            json!({"iat": 1_700_000_000, "payload_hash": sha256_hex(b"")}),
        );
        assert!(
            verify(
                &request("GET", "/answer?to=1&from=2", b"", &get),
                b"s3cret",
                1_700_000_000
            )
            .is_ok()
        );
    }
}
