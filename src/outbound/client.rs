//! The HTTP/1.1 client: plain http only (targets are local), keep-alive connections pooled
//! per host, no redirects followed, one deadline for connect + request + whole answer.
//!
//! Built on hyper's connection API rather than a general client: a pool of ready
//! `SendRequest`s per authority, so 64 concurrent senders keep 64 warm connections and the
//! per-request cost is one lock to borrow and one to return.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

use super::error::{self, SendError};
use super::exchange::{Exchange, Request};
use crate::webhook::Headers;

/// Most answer bytes kept for assertions; the rest is read and dropped.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// Answer bytes kept when nothing checks the body: enough to show why an endpoint refused
/// (`whk replay --json` reports the first 4 KiB), so a long, concurrent run holds little.
pub const SHOWN_ANSWER_BYTES: usize = 4096;

type Sender = SendRequest<Full<Bytes>>;

/// A pool of keep-alive HTTP/1.1 connections.
#[derive(Debug, Default)]
pub struct Client {
    idle: Mutex<HashMap<String, Vec<Sender>>>,
    /// Idle connections kept per host (default 256).
    pub max_idle: usize,
    /// Longest wait for a new TCP connection, within the exchange's deadline (`None`: only
    /// that deadline). Running out is a connect failure, like a refused connection.
    pub connect_timeout: Option<Duration>,
}

impl Client {
    pub fn new() -> Client {
        Client {
            idle: Mutex::new(HashMap::new()),
            max_idle: 256,
            connect_timeout: None,
        }
    }

    /// Send `req` and read the whole answer, all within `deadline`, keeping the first
    /// [`MAX_ANSWER_BYTES`] of its body.
    pub async fn send(&self, req: &Request, deadline: Duration) -> Exchange {
        self.send_keeping(req, deadline, MAX_ANSWER_BYTES).await
    }

    /// [`send`](Self::send), keeping only the first `keep` bytes of the body (at most
    /// [`MAX_ANSWER_BYTES`]); `body_len` still counts them all.
    pub async fn send_keeping(&self, req: &Request, deadline: Duration, keep: usize) -> Exchange {
        let keep = keep.min(MAX_ANSWER_BYTES);
        self.send_within(req, deadline, Capture::Keep(keep)).await
    }

    /// [`send`](Self::send), keeping the whole body, which must be at most `limit` bytes
    /// (a bigger one is [`SendError::TooLarge`]): for answers passed on (listen's forward).
    pub async fn send_whole(&self, req: &Request, deadline: Duration, limit: u64) -> Exchange {
        self.send_within(req, deadline, Capture::Limit(limit)).await
    }

    async fn send_within(&self, req: &Request, deadline: Duration, capture: Capture) -> Exchange {
        let started = Instant::now();
        match tokio::time::timeout(deadline, self.exchange(req, started, capture)).await {
            Ok(outcome) => outcome,
            Err(_) => failed(SendError::Timeout(deadline), started),
        }
    }

    fn take_idle(&self, authority: &str) -> Option<Sender> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let list = idle.get_mut(authority)?;
        while let Some(s) = list.pop() {
            if !s.is_closed() {
                return Some(s);
            }
        }
        None
    }

    fn put_idle(&self, authority: &str, sender: Sender) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let list = idle.entry(authority.to_string()).or_default();
        if list.len() < self.max_idle {
            list.push(sender);
        }
    }

    async fn connect(&self, addr: &str) -> Result<Sender, SendError> {
        let connecting = tokio::net::TcpStream::connect(addr);
        let stream = match self.connect_timeout {
            Some(limit) => match tokio::time::timeout(limit, connecting).await {
                Ok(r) => r,
                Err(_) => {
                    return Err(SendError::Connect {
                        authority: addr.to_string(),
                        detail: format!(
                            "no connection within {}",
                            crate::output::format::duration_written(limit)
                        ),
                    });
                }
            },
            None => connecting.await,
        }
        .map_err(|e| error::connect_failed(addr, &e))?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) = hyper::client::conn::http1::Builder::new()
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| SendError::Http(format!("HTTP handshake failed: {e}")))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(sender)
    }

    fn build(req: &Request) -> Result<hyper::Request<Full<Bytes>>, SendError> {
        let mut b = hyper::Request::builder()
            .method(req.method.as_str())
            .uri(req.target.as_str())
            .header(hyper::header::HOST, req.authority.as_str());
        for (n, v) in req.headers.iter() {
            b = b.header(n, v);
        }
        b.body(Full::new(req.body.clone()))
            .map_err(|e| SendError::Request(e.to_string()))
    }

    async fn exchange(&self, req: &Request, started: Instant, capture: Capture) -> Exchange {
        let keep = match capture {
            Capture::Keep(n) => n,
            Capture::Limit(n) => usize::try_from(n).unwrap_or(usize::MAX),
        };
        let mut request = match Self::build(req) {
            Ok(r) => r,
            Err(e) => return failed(e, started),
        };
        // A pooled connection the server has since closed: try once more on a new one.
        let mut tries = 0;
        let (sender, response) = loop {
            tries += 1;
            let (mut sender, reused) = match self.take_idle(&req.addr) {
                Some(s) => (s, true),
                None => match self.connect(&req.addr).await {
                    Ok(s) => (s, false),
                    Err(e) => return failed(e, started),
                },
            };
            if sender.ready().await.is_err() {
                if reused && tries < 3 {
                    continue;
                }
                return failed(
                    SendError::Http(
                        "the receiver closed the connection before the request was sent".into(),
                    ),
                    started,
                );
            }
            match sender.try_send_request(request).await {
                Ok(resp) => break (sender, resp),
                Err(mut e) => {
                    let again = e.take_message();
                    let err = e.into_error();
                    match again {
                        Some(r) if reused && tries < 3 => request = r,
                        _ if reused && tries < 3 && err.is_incomplete_message() => {
                            request = match Self::build(req) {
                                Ok(r) => r,
                                Err(e) => return failed(e, started),
                            }
                        }
                        _ => return failed(SendError::Http(error::explain(&err)), started),
                    }
                }
            }
        };
        let status = response.status().as_u16();
        let mut headers = Headers::new();
        for (n, v) in response.headers() {
            headers.push(
                n.as_str(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            );
        }
        let mut body = response.into_body();
        let mut kept: Vec<u8> = Vec::new();
        let mut body_len: u64 = 0;
        while let Some(frame) = body.frame().await {
            match frame {
                Ok(f) => {
                    if let Ok(data) = f.into_data() {
                        body_len += data.len() as u64;
                        if let Capture::Limit(limit) = capture
                            && body_len > limit
                        {
                            return failed(SendError::TooLarge(limit), started);
                        }
                        if kept.len() < keep {
                            let room = keep - kept.len();
                            kept.extend_from_slice(&data[..data.len().min(room)]);
                        }
                    }
                }
                Err(e) => {
                    return failed(
                        SendError::Http(format!(
                            "the answer broke off before it was complete: {}",
                            error::explain(&e)
                        )),
                        started,
                    );
                }
            }
        }
        let latency = started.elapsed();
        // Back to the pool; whoever borrows it next waits for it to be ready.
        self.put_idle(&req.addr, sender);
        Exchange {
            status: Some(status),
            headers,
            body: Bytes::from(kept),
            body_len,
            latency,
            ..Exchange::default()
        }
    }
}

/// How much of an answer's body a send keeps.
#[derive(Clone, Copy, Debug)]
enum Capture {
    /// The first so many bytes; the rest is read and dropped.
    Keep(usize),
    /// All of it, up to so many bytes; more is an error.
    Limit(u64),
}

fn failed(error: SendError, started: Instant) -> Exchange {
    Exchange::failed(error, started.elapsed())
}

/// Run `lanes` async lanes spread over `threads` OS threads, each thread with a
/// single-threaded runtime and a connection pool (`make_client()`) of its own: no wake-up
/// across threads per request, the fast path for big runs (`whk replay`, `whk call
/// --repeat`). Each lane is `lane(client)` with its thread's pool; the result holds every
/// lane's outcome (`Err` when it panicked), and `Err` when a runtime could not be made.
pub fn on_threads<R, F, Fut>(
    lanes: usize,
    threads: usize,
    make_client: impl Fn() -> Client + Sync,
    lane: F,
) -> std::io::Result<Vec<Result<R, tokio::task::JoinError>>>
where
    R: Send + 'static,
    F: Fn(Arc<Client>) -> Fut + Sync,
    Fut: std::future::Future<Output = R> + Send + 'static,
{
    let threads = threads.clamp(1, lanes.max(1));
    let mut runtimes = Vec::with_capacity(threads);
    for _ in 0..threads {
        runtimes.push(
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?,
        );
    }
    let (make_client, lane) = (&make_client, &lane);
    Ok(std::thread::scope(|scope| {
        let handles: Vec<_> = runtimes
            .into_iter()
            .enumerate()
            .map(|(t, rt)| {
                let mine = lanes / threads + usize::from(t < lanes % threads);
                scope.spawn(move || {
                    rt.block_on(async move {
                        let client = Arc::new(make_client());
                        let spawned: Vec<_> = (0..mine)
                            .map(|_| tokio::spawn(lane(Arc::clone(&client))))
                            .collect();
                        let mut done = Vec::with_capacity(mine);
                        for h in spawned {
                            done.push(h.await);
                        }
                        done
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    }))
}
