//! `whk listen --ui`: the web inspector's server side, under `/_whk/` on the listener's own
//! port or on `--ui-port` (a loopback listener of its own).
//!
//! - [`store`]: the history (rows with ids, byte cap, pins, calls) and its bounded broadcast.
//! - [`api`]: the JSON shapes (list rows, detail).
//! - [`sse`]: the live stream (`ready`, `request`, `pin`, `clear`, `resync`, keep-alives).
//! - [`replay`]: replay with a fresh signature (edits, another URL) through the one
//!   outbound path; [`export`]: copy as curl, as a `whk replay` command, as a fixture.
//! - [`history`]: `--record DIR` files loaded at start.
//!
//! Security model: the page and API answer only requests whose `Host` is
//! `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (DNS rebinding) and that come from a
//! loopback address; every mutating request (`POST`, `DELETE`) must carry the per-run token
//! (`X-Whk-Token`) that only the served page knows, and a foreign `Origin` is refused. No
//! CORS headers are ever sent.

pub mod api;
pub mod export;
pub mod history;
pub mod replay;
pub mod sse;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Either, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use tokio::sync::watch;

use super::config::Config;
use super::server::until_true;
use store::Store;

/// The page, embedded: no build step, no CDN.
const PAGE: &str = include_str!("page.html");

/// Where the page and API live.
pub const PREFIX: &str = "/_whk";

/// How many events a page may fall behind before it is told to resync.
pub const LIVE_CAPACITY: usize = 1024;

/// Largest replay request body (edits) accepted.
const MAX_EDIT: usize = 64 << 20;

/// A response from the inspector: a whole body, or an event stream.
pub type UiBody = Either<Full<Bytes>, sse::SseBody>;

/// The inspector's state, shared by its requests.
pub struct Ui {
    pub store: Store,
    /// The per-run token mutating requests carry.
    token: String,
    /// The port the page is served on (the listener's, or `--ui-port`'s).
    pub port: u16,
    /// The listener's own address (replays go there by default).
    pub listener: SocketAddr,
    pub cfg: Arc<Config>,
    pub client: crate::outbound::Client,
    pub keep_alive: Duration,
}

impl std::fmt::Debug for Ui {
    // The token stays out of Debug output, like secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ui")
            .field("port", &self.port)
            .field("listener", &self.listener)
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl Ui {
    pub fn new(cfg: Arc<Config>, listener: SocketAddr, port: u16, history: u64) -> Ui {
        let token: [u8; 16] = rand::random();
        let keep_alive = std::env::var("WHK_UI_KEEPALIVE_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map_or(sse::KEEP_ALIVE, Duration::from_millis);
        Ui {
            store: Store::new(history, LIVE_CAPACITY),
            token: hex::encode(token),
            port,
            listener,
            cfg,
            client: crate::outbound::Client::new(),
            keep_alive,
        }
    }

    /// A delivery the listener published joins the history (never waits). A replay sent
    /// through the listener names its original in `X-Whk-Replay-Of`, honoured from loopback
    /// senders only.
    pub fn add_delivery(&self, d: Arc<super::delivery::Delivery>) -> Arc<store::Row> {
        let replay_of = d
            .remote
            .filter(|r| r.ip().is_loopback())
            .and_then(|_| d.headers.get(replay::REPLAY_OF_HEADER))
            .and_then(|v| v.trim().parse::<u64>().ok());
        let file = match &d.recorded {
            Some(Ok(p)) => Some(std::path::PathBuf::from(p)),
            _ => None,
        };
        self.store.push(
            d,
            store::NewRow {
                replay_of,
                file,
                ..store::NewRow::default()
            },
        )
    }

    /// The page's URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{PREFIX}/", self.port)
    }

    /// The page with this run's token in place.
    fn page(&self) -> String {
        PAGE.replace("__WHK_TOKEN__", &self.token)
    }

    /// Whether a `Host` header names this page on loopback.
    fn host_allowed(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return false;
        };
        let p = self.port;
        [
            format!("127.0.0.1:{p}"),
            format!("localhost:{p}"),
            format!("[::1]:{p}"),
        ]
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
    }

    fn token_ok(&self, given: Option<&[u8]>) -> bool {
        use subtle::ConstantTimeEq as _;
        given.is_some_and(|g| bool::from(g.ct_eq(self.token.as_bytes())))
    }
}

/// A request that did not come through the listener's socket (a replay sent to another URL,
/// a recording loaded at start), as the listener would have seen it.
#[derive(Debug)]
pub struct Outside {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The URL its signature is checked against.
    pub url: String,
    pub headers: crate::webhook::Headers,
    pub body: Bytes,
    pub received_at: jiff::Timestamp,
    /// The listener's delivery number, when it had one (a loaded recording's).
    pub seq: u64,
}

impl Outside {
    /// The delivery, its reply made by `reply` from the analysis (whose contract it is held
    /// to).
    pub fn delivery(
        self,
        cfg: &Config,
        reply: impl FnOnce(&super::analyze::Analysis) -> super::delivery::Reply,
        forward: Option<super::delivery::Forward>,
        latency: Duration,
    ) -> super::delivery::Delivery {
        let req = crate::webhook::Request {
            method: &self.method,
            url: Some(&self.url),
            headers: &self.headers,
            body: &self.body,
        };
        let (signature, analysis) = super::server::examine(
            cfg,
            &req,
            &self.path,
            self.query.as_deref(),
            self.received_at.as_second(),
        );
        let reply = reply(&analysis);
        super::delivery::Delivery {
            seq: self.seq,
            received_at: self.received_at,
            remote: None,
            method: self.method,
            path: self.path,
            query: self.query,
            url: self.url,
            headers: self.headers,
            body: self.body,
            rejected: None,
            analysis,
            signature,
            duplicate: None,
            attempt: 1,
            stale: None,
            reply,
            forward,
            latency,
            gave_up: None,
            cut_off: false,
            shown: true,
            strict: cfg.strict,
            recorded: None,
        }
    }
}

/// Whether a request path belongs to the inspector.
pub fn is_ui_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/_whk/")
}

/// Answer one request to the inspector.
pub async fn handle(
    ui: Arc<Ui>,
    req: Request<Incoming>,
    remote: SocketAddr,
    shutdown: watch::Receiver<bool>,
) -> Response<UiBody> {
    let host = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok());
    if !remote.ip().is_loopback() {
        return error(403, "the inspector answers only loopback clients");
    }
    if !ui.host_allowed(host) {
        return error(
            403,
            &format!(
                "Host {:?} is not allowed: open {} (DNS-rebinding protection)",
                host.unwrap_or(""),
                ui.url()
            ),
        );
    }
    let method = req.method().clone();
    let mutating = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    if mutating {
        let origin_ok = req
            .headers()
            .get(hyper::header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_none_or(|o| {
                o.strip_prefix("http://")
                    .is_some_and(|h| ui.host_allowed(Some(h)))
            });
        if !origin_ok {
            return error(403, "cross-origin requests are refused");
        }
        let token = req.headers().get("x-whk-token").map(|v| v.as_bytes());
        if !ui.token_ok(token) {
            return error(
                403,
                "missing or wrong X-Whk-Token: mutating requests need the token the page was served with",
            );
        }
    }
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let rest = path.strip_prefix(PREFIX).unwrap_or("");
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    match (&method, parts.as_slice()) {
        (&Method::GET, [""]) => {
            if rest.is_empty() {
                // `/_whk` → `/_whk/`, so the page's relative URLs resolve.
                let mut r = full(301, "text/plain", Bytes::new());
                r.headers_mut()
                    .insert(hyper::header::LOCATION, HeaderValue::from_static("/_whk/"));
                return r;
            }
            let mut r = full(200, "text/html; charset=utf-8", Bytes::from(ui.page()));
            let h = r.headers_mut();
            h.insert(
                "content-security-policy",
                HeaderValue::from_static(
                    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
                ),
            );
            h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
            r
        }
        (&Method::GET, ["api", "status"]) => {
            let (rows, bytes) = ui.store.usage();
            json_response(
                200,
                &json!({
                    "version": env!("CARGO_PKG_VERSION"),
                    "listening": format!("http://{}", ui.listener),
                    "ui": ui.url(),
                    "history": {"rows": rows, "bytes": bytes, "cap_bytes": history_cap(&ui)},
                    "latest": ui.store.last_id(),
                    "forward_to": ui.cfg.forward_to.as_ref().map(|u| u.to_string()),
                    "recording": ui.cfg.record.as_ref().map(|r| r.dir.display().to_string()),
                }),
            )
        }
        (&Method::GET, ["api", "requests"]) => list(&ui, &query),
        (&Method::DELETE, ["api", "requests"]) => {
            let n = ui.store.clear();
            json_response(200, &json!({ "cleared": n }))
        }
        (&Method::GET, ["api", "events"]) => {
            let last = req
                .headers()
                .get("last-event-id")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .or_else(|| param(&query, "after").and_then(|v| v.parse().ok()));
            let body = sse::start(ui.clone(), last, shutdown);
            let mut r = Response::new(Either::Right(body));
            let h = r.headers_mut();
            h.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
            h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert("x-accel-buffering", HeaderValue::from_static("no"));
            r
        }
        (_, ["api", "requests", id, tail @ ..]) => {
            let Some(row) = id.parse::<u64>().ok().and_then(|id| ui.store.get(id)) else {
                return error(404, &format!("no request {id} in the history"));
            };
            match (&method, tail) {
                (&Method::GET, []) => json_response(200, &api::detail_json(&ui, &row)),
                (&Method::GET, ["export"]) => json_response(200, &export::export(&ui, &row)),
                (&Method::POST, ["pin"]) => {
                    let pinned = match read_json(req).await {
                        Ok(v) => v.get("pinned").and_then(Value::as_bool).unwrap_or(true),
                        Err(r) => return r,
                    };
                    ui.store.pin(row.id, pinned);
                    json_response(200, &json!({ "id": row.id, "pinned": pinned }))
                }
                (&Method::POST, ["replay"]) => {
                    let body = match read_json(req).await {
                        Ok(v) => v,
                        Err(r) => return r,
                    };
                    match replay::Edits::from_json(&body) {
                        Ok(edits) => {
                            let (status, v) = replay::replay(&ui, &row, edits).await;
                            json_response(status, &v)
                        }
                        Err(e) => error(400, &e),
                    }
                }
                _ => error(405, "method not allowed here"),
            }
        }
        _ => error(
            404,
            "not found: see the API in the README (whk listen --ui)",
        ),
    }
}

/// `--ui-port`: serve the inspector alone on its own loopback listener until `shutdown`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    ui: Arc<Ui>,
    shutdown: watch::Receiver<bool>,
) {
    let mut conns = tokio::task::JoinSet::new();
    let mut stop = shutdown.clone();
    loop {
        tokio::select! {
            biased;
            _ = until_true(&mut stop) => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            accepted = listener.accept() => {
                let Ok((stream, remote)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let ui = ui.clone();
                let sd = shutdown.clone();
                conns.spawn(async move {
                    let svc_sd = sd.clone();
                    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                        let ui = ui.clone();
                        let sd = svc_sd.clone();
                        async move {
                            let r = if is_ui_path(req.uri().path()) {
                                handle(ui, req, remote, sd).await
                            } else if req.uri().path() == "/" {
                                let mut r = full(302, "text/plain", Bytes::new());
                                r.headers_mut().insert(
                                    hyper::header::LOCATION,
                                    HeaderValue::from_static("/_whk/"),
                                );
                                r
                            } else {
                                error(404, "not found: the inspector is under /_whk/")
                            };
                            Ok::<_, std::convert::Infallible>(r)
                        }
                    });
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(Duration::from_secs(30))
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc);
                    let mut conn = std::pin::pin!(conn);
                    let mut sd = sd;
                    tokio::select! {
                        _ = conn.as_mut() => return,
                        _ = until_true(&mut sd) => conn.as_mut().graceful_shutdown(),
                    }
                    let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
                });
            }
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(3), async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    conns.abort_all();
}

/// `/_whk/` on the listener's port when the inspector is on `--ui-port`: not a delivery.
pub fn elsewhere(ui: &Ui) -> Response<UiBody> {
    error(
        404,
        &format!("the inspector is on its own port (--ui-port): {}", ui.url()),
    )
}

fn history_cap(ui: &Ui) -> u64 {
    ui.store.cap()
}

/// `GET /_whk/api/requests?limit=&after=&before=&q=`: newest first.
fn list(ui: &Ui, query: &str) -> Response<UiBody> {
    let limit = param(query, "limit")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(100)
        .clamp(1, 10_000);
    let after = param(query, "after").and_then(|v| v.parse::<u64>().ok());
    let before = param(query, "before").and_then(|v| v.parse::<u64>().ok());
    let q = param(query, "q").filter(|q| !q.is_empty());
    let (rows, latest) = match q {
        None => ui.store.list(limit, after, before, |_| true),
        Some(q) => {
            // Searched outside the store's lock: the receiver never waits for a search.
            let q = q.to_lowercase();
            let (all, latest) = ui.store.list(usize::MAX, after, before, |_| true);
            let found = all
                .into_iter()
                .filter(|r| api::matches(r, &q))
                .take(limit)
                .collect();
            (found, latest)
        }
    };
    let rows: Vec<Value> = rows.iter().map(|r| api::row_json(ui, r)).collect();
    json_response(200, &json!({ "requests": rows, "latest": latest }))
}

fn param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn read_json(req: Request<Incoming>) -> Result<Value, Response<UiBody>> {
    let bytes = Limited::new(req.into_body(), MAX_EDIT)
        .collect()
        .await
        .map_err(|e| error(400, &format!("cannot read the request body: {e}")))?
        .to_bytes();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| error(400, &format!("the request body is not JSON: {e}")))
}

fn full(status: u16, content_type: &str, body: Bytes) -> Response<UiBody> {
    let mut r = Response::new(Either::Left(Full::new(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn json_response(status: u16, v: &Value) -> Response<UiBody> {
    full(
        status,
        "application/json",
        Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
    )
}

fn error(status: u16, message: &str) -> Response<UiBody> {
    json_response(status, &json!({ "error": message }))
}
