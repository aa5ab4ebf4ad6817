//! A real HTTP server on 127.0.0.1 (port 0) for the replay tests: records every request and
//! answers as a webhook endpoint would (an NCCO to Vonage answer requests, TwiML to voice
//! webhooks, Vapi tool results to tool-calls, an assistant id to assistant-request), or as the
//! test scripts it (status, delay), or as an app with one route per URL ([`routes`]).

#![allow(dead_code)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use whk::webhook::Headers;

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// `http://host:port/path?query`, rebuilt from the Host header as a receiver would.
    pub url: String,
    pub path_and_query: String,
    pub headers: Headers,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn query(&self, key: &str) -> Option<String> {
        let q = self.path_and_query.split_once('?')?.1;
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    pub fn form(&self, key: &str) -> Option<String> {
        form_urlencoded::parse(&self.body)
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }
}

/// What to answer: status, body, content type, delay — given the request and its index.
pub type Script = dyn Fn(&Received, usize) -> Answer + Send + Sync;

pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub delay: Duration,
}

impl Answer {
    pub fn status(status: u16) -> Answer {
        Answer {
            status,
            body: b"{\"ok\":true}".to_vec(),
            content_type: "application/json",
            delay: Duration::ZERO,
        }
    }
}

/// The answer a well-behaved endpoint gives.
pub fn sensible(r: &Received, _i: usize) -> Answer {
    let v = r.json();
    // Vonage answer requests: GET with a query, or POST with the same fields as JSON.
    let post_answer = r.method == "POST"
        && v.get("conversation_uuid").is_some()
        && v.get("uuid").is_some()
        && v.get("status").is_none();
    if (r.method == "GET" && r.query("conversation_uuid").is_some()) || post_answer {
        return Answer {
            body: br#"[{"action":"talk","text":"Hello from the test server"}]"#.to_vec(),
            ..Answer::status(200)
        };
    }
    if v.pointer("/message/type").and_then(Value::as_str) == Some("assistant-request") {
        return Answer {
            body: br#"{"assistantId":"5b0a4a08-1a2b-4c3d-8e9f-0a1b2c3d4e5f"}"#.to_vec(),
            ..Answer::status(200)
        };
    }
    if v.pointer("/message/type").and_then(Value::as_str) == Some("tool-calls") {
        let results: Vec<Value> = v
            .pointer("/message/toolCallList")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .map(|t| serde_json::json!({"toolCallId": t["id"], "result": "Booked for Tuesday 10:00."}))
                    .collect()
            })
            .unwrap_or_default();
        return Answer {
            body: serde_json::to_vec(&serde_json::json!({ "results": results })).unwrap(),
            ..Answer::status(200)
        };
    }
    if r.form("CallSid").is_some()
        && r.form("CallbackSource").is_none()
        && r.form("RecordingSid").is_none()
        && r.form("AnsweredBy").is_none()
    {
        return Answer {
            body:
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Hello</Say></Response>"
                    .to_vec(),
            content_type: "text/xml",
            ..Answer::status(200)
        };
    }
    Answer::status(200)
}

/// What one route of an app answers.
pub type Handler = fn(&Received) -> Answer;

/// An app with one handler per path (`/answer`, `/event`, …), as the official SDKs' examples
/// set up their answer and event URLs; other paths get 404.
pub fn routes(
    table: &'static [(&'static str, Handler)],
) -> impl Fn(&Received, usize) -> Answer + Send + Sync + 'static {
    move |r, _| {
        let path = r.path_and_query.split('?').next().unwrap_or("/");
        match table.iter().find(|(p, _)| *p == path) {
            Some((_, handler)) => handler(r),
            None => Answer {
                body: br#"{"error":"not found"}"#.to_vec(),
                ..Answer::status(404)
            },
        }
    }
}

pub struct Server {
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Received>>>,
    _thread: std::thread::JoinHandle<()>,
}

impl Server {
    pub fn start() -> Server {
        Server::with(sensible)
    }

    pub fn with(script: impl Fn(&Received, usize) -> Answer + Send + Sync + 'static) -> Server {
        let script: Arc<Script> = Arc::new(script);
        let log: Arc<Mutex<Vec<Received>>> = Arc::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let log2 = log.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let (log, script) = (log2.clone(), script.clone());
                    tokio::spawn(async move {
                        let svc = hyper::service::service_fn(move |req| {
                            handle(req, log.clone(), script.clone())
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), svc)
                            .await;
                    });
                }
            });
        });
        Server {
            addr,
            log,
            _thread: thread,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap().clone()
    }
}

async fn handle(
    req: Request<hyper::body::Incoming>,
    log: Arc<Mutex<Vec<Received>>>,
    script: Arc<Script>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_else(|| "/".into());
    let mut headers = Headers::new();
    for (n, v) in req.headers() {
        headers.push(n.as_str(), v.to_str().unwrap_or("").to_string());
    }
    let host = headers.get("host").unwrap_or("").to_string();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let r = Received {
        method,
        url: format!("http://{host}{path_and_query}"),
        path_and_query,
        headers,
        body,
        at: Instant::now(),
    };
    let index = {
        let mut l = log.lock().unwrap();
        l.push(r.clone());
        l.len() - 1
    };
    let answer = script(&r, index);
    if !answer.delay.is_zero() {
        tokio::time::sleep(answer.delay).await;
    }
    let mut resp = Response::new(Full::new(Bytes::from(answer.body)));
    *resp.status_mut() = hyper::StatusCode::from_u16(answer.status).unwrap();
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(answer.content_type),
    );
    Ok(resp)
}
