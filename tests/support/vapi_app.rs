//! A Vapi server URL app for the `whk call --provider vapi` tests: a real HTTP server on
//! 127.0.0.1 (port 0) that authenticates every server message the way Vapi's docs tell a
//! server to (`fern/server-url/server-authentication.mdx`), records it, and answers by
//! `message.type`.
//!
//! Authentication, one of:
//! - HMAC credential: `x-signature` = hex HMAC-SHA-256 with the secret over
//!   `{x-timestamp}.{raw body}` (the credential's default payload format, as whk's Vapi scheme
//!   reads the OpenAPI; UNCERTAIN upstream), the timestamp within 5 minutes of now;
//! - legacy secret: `X-Vapi-Secret` equal to the secret (compared in constant time).
//!
//! A message that fails is answered `401` with the reason and recorded with its verdict.
//! The ready-made apps are the issue's: a tool server whose `get_weather` answers correctly
//! ([`Tools::Correct`]), with another call's `toolCallId` ([`Tools::WrongId`]) or with a
//! multi-line result ([`Tools::MultiLine`]); `assistant-request` answered with an assistant
//! id, an error, or late ([`VapiApp::slow_assistant`]).

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

use super::replay_server::{Answer, Received, Server};

/// The server URL secret the app verifies with; pass it to whk as `--secret`.
pub const SECRET: &str = "whk-vapi-test-server-secret-0123456789";

/// The assistant id `assistant-request` answers with.
pub const ASSISTANT_ID: &str = "asst_dental_front_desk";

/// How the app authenticates messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    Hmac,
    XVapiSecret,
}

/// How the tool server answers `tool-calls`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tools {
    /// One result per call, with its `toolCallId`, on one line.
    Correct,
    /// The result carries another call's `toolCallId` (a real user bug: VapiAI/client-sdk-web #73).
    WrongId,
    /// The result spans lines (breaks Vapi's parsing).
    MultiLine,
}

/// How `assistant-request` is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assistant {
    Id,
    Error,
    /// After this long.
    Slow(Duration),
}

/// One message and what the app made of its authentication.
#[derive(Clone, Debug)]
pub struct Hit {
    pub request: Received,
    pub verdict: Result<(), String>,
}

impl Hit {
    pub fn message(&self) -> Value {
        self.request.json()["message"].clone()
    }

    pub fn kind(&self) -> String {
        self.message()["type"].as_str().unwrap_or("").to_string()
    }
}

pub struct VapiApp {
    server: Server,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl VapiApp {
    pub fn start(auth: Auth, tools: Tools, assistant: Assistant) -> VapiApp {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let log = hits.clone();
        let server = Server::with(move |r, _| {
            let verdict = verify(r, auth, SECRET, unix_now());
            log.lock().unwrap().push(Hit {
                request: r.clone(),
                verdict: verdict.clone(),
            });
            if let Err(why) = verdict {
                return Answer {
                    body: serde_json::to_vec(&json!({ "error": why })).unwrap(),
                    ..Answer::status(401)
                };
            }
            let m = r.json()["message"].clone();
            match m["type"].as_str().unwrap_or("") {
                "tool-calls" => json_answer(tool_results(&m, tools)),
                "assistant-request" => match assistant {
                    Assistant::Id => json_answer(json!({ "assistantId": ASSISTANT_ID })),
                    Assistant::Error => json_answer(
                        json!({ "error": "Sorry, we are closed. Please call back tomorrow." }),
                    ),
                    Assistant::Slow(d) => Answer {
                        delay: d,
                        ..json_answer(json!({ "assistantId": ASSISTANT_ID }))
                    },
                },
                _ => json_answer(json!({})),
            }
        });
        VapiApp { server, hits }
    }

    /// A tool server (HMAC) whose `assistant-request` answers an assistant id.
    pub fn tool_server(tools: Tools) -> VapiApp {
        VapiApp::start(Auth::Hmac, tools, Assistant::Id)
    }

    /// An app whose `assistant-request` answers after `delay`.
    pub fn slow_assistant(delay: Duration) -> VapiApp {
        VapiApp::start(Auth::Hmac, Tools::Correct, Assistant::Slow(delay))
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    /// The server URL: what `whk call --provider vapi --to` takes.
    pub fn url(&self) -> String {
        format!("{}/vapi", self.base())
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// `message.type` of every message, in order.
    pub fn kinds(&self) -> Vec<String> {
        self.hits().iter().map(Hit::kind).collect()
    }

    /// Messages that failed authentication, with the reason.
    pub fn refused(&self) -> Vec<String> {
        self.hits()
            .into_iter()
            .filter_map(|h| h.verdict.err())
            .collect()
    }
}

fn json_answer(v: Value) -> Answer {
    Answer {
        body: serde_json::to_vec(&v).unwrap(),
        ..Answer::status(200)
    }
}

/// `get_weather` → the weather in `arguments.city`; any other tool → "done".
fn tool_results(m: &Value, tools: Tools) -> Value {
    let calls = m["toolCallList"].as_array().cloned().unwrap_or_default();
    let results: Vec<Value> = calls
        .iter()
        .map(|c| {
            let id = c["id"].as_str().unwrap_or("");
            let name = c["function"]["name"].as_str().unwrap_or("");
            let city = c["function"]["arguments"]["city"]
                .as_str()
                .unwrap_or("here");
            let result = match (name, tools) {
                ("get_weather", Tools::MultiLine) => {
                    format!("Weather for {city}:\nSunny\n21 °C")
                }
                ("get_weather", _) => format!("Sunny, 21 °C in {city}"),
                _ => "done".to_string(),
            };
            let id = match tools {
                Tools::WrongId => "call_from_another_conversation".to_string(),
                _ => id.to_string(),
            };
            json!({ "toolCallId": id, "result": result })
        })
        .collect();
    json!({ "results": results })
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Authenticate one message as the docs describe.
pub fn verify(r: &Received, auth: Auth, secret: &str, now: i64) -> Result<(), String> {
    match auth {
        Auth::XVapiSecret => {
            let got = r
                .headers
                .get("x-vapi-secret")
                .ok_or("no X-Vapi-Secret header")?;
            if constant_time_eq(got.as_bytes(), secret.as_bytes()) {
                Ok(())
            } else {
                Err("X-Vapi-Secret does not match".into())
            }
        }
        Auth::Hmac => {
            let sig = r
                .headers
                .get("x-signature")
                .ok_or("no x-signature header")?;
            let ts = r
                .headers
                .get("x-timestamp")
                .ok_or("no x-timestamp header")?;
            let t: i64 = ts
                .parse()
                .map_err(|_| format!("x-timestamp {ts:?} is not a number"))?;
            if (now - t).abs() > 300 {
                return Err(format!("x-timestamp {t} is more than 5 minutes from now"));
            }
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
                .map_err(|e| e.to_string())?;
            mac.update(ts.as_bytes());
            mac.update(b".");
            mac.update(&r.body);
            let want = hex::encode(mac.finalize().into_bytes());
            if constant_time_eq(want.as_bytes(), sig.as_bytes()) {
                Ok(())
            } else {
                Err("x-signature does not match".into())
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
