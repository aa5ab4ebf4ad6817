//! The HTTP side: accept connections, read each request within the limits, turn it into a
//! [`Delivery`] (analysis, signature, duplicates), answer it (default, `--status`,
//! `--respond`, `--answer`, `--fail-first`, or the app behind `--forward-to`), and publish it
//! on the [`Hub`] before the reply leaves, so nothing acknowledged can be lost.
//!
//! Each request goes through named stages, one function each, driven by [`handle`] and
//! `deliver`:
//!
//! ```text
//! read ──► verify ──► analyse ──► answer/forward ──► (assemble) ──► record ──► publish ──► reply
//! body,    signature  provider,   --answer, app,      Delivery +      --record   hub, --count
//! limits              kind, dups  --respond, default  response
//! ```
//!
//! Once its body has arrived, a request is a delivery: it is finished on a task of its own,
//! so a sender that hangs up (a 5 s client against `--delay 6s`, or a slow app) cannot cancel
//! it. It is still shown, recorded and counted, and says the sender gave up.
//!
//! Shutdown: stop accepting, let every connection finish its in-flight request (keep-alive
//! connections close after it), and abort what is left after the grace period or a second
//! signal, saying which requests were cut off; deliveries already received are still
//! published, marked cut off.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Either, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot, watch};
use tokio::task::JoinSet;

use super::analyze::{self, Input, ProviderSource};
use super::config::{Config, event_matches, under_prefix};
use super::dedupe::{Dedupe, Keys};
use super::delivery::{ContractCheck, Delivery, Forward, GaveUp, Rejected, Reply, Waiting};
use super::forward::Forwarder;
use super::hub::{Hub, Message};
use super::inflight::{self, Cut, InFlight, Ticket};
use super::ncco;
use super::record::Recorder;
use super::signature::{ProviderMode, SigStatus, SignatureCheck};
use super::ui::Ui;
use crate::platform::{self, Contract, Kind};
use crate::webhook::{self, Headers, Provider};

/// Shared by every connection.
#[derive(Debug)]
pub struct State {
    pub cfg: Arc<Config>,
    pub hub: Hub,
    dedupe: Mutex<Dedupe>,
    seq: AtomicU64,
    delivered: AtomicU64,
    forwarder: Option<Forwarder>,
    local: SocketAddr,
    /// Notified once `--count` deliveries have been answered.
    pub count_reached: Notify,
    /// `--record`: written in the handler, before the reply, so nothing acknowledged is lost.
    recorder: Option<Recorder>,
    /// Requests from their head until their delivery is published.
    in_flight: InFlight,
    /// Turns true when the listener stops at once: deliveries stop waiting (for `--delay` or
    /// the app) and are published cut off.
    cut: watch::Sender<bool>,
    /// `--ui`: the inspector, whose history every delivery joins as it is published.
    pub ui: Option<Arc<Ui>>,
    /// The inspector is served on this listener's port, under `/_whk/`.
    ui_here: bool,
}

impl State {
    pub fn new(
        cfg: Arc<Config>,
        hub: Hub,
        local: SocketAddr,
        recorder: Option<Recorder>,
        ui: Option<Arc<Ui>>,
    ) -> Self {
        let ui_here = cfg.ui.as_ref().is_some_and(|u| u.port.is_none());
        let forwarder = cfg
            .forward_to
            .clone()
            .map(|u| Forwarder::new(u, cfg.forward_timeout, cfg.max_body));
        State {
            cfg,
            hub,
            dedupe: Mutex::new(Dedupe::new()),
            seq: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            forwarder,
            local,
            recorder,
            count_reached: Notify::new(),
            in_flight: InFlight::default(),
            cut: watch::Sender::new(false),
            ui,
            ui_here,
        }
    }

    /// The inspector, when `path` is one of its pages (on `--ui-port`, this port only says
    /// where it is: `/_whk/` is never a delivery).
    fn ui_for(&self, path: &str) -> Option<(Arc<Ui>, bool)> {
        self.ui
            .clone()
            .filter(|_| super::ui::is_ui_path(path))
            .map(|ui| (ui, self.ui_here))
    }

    /// Deliveries answered so far.
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::SeqCst)
    }
}

/// Accept and serve until `shutdown` turns true; then drain connections, aborting them when
/// `abort` turns true or `grace` has passed.
pub async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    mut shutdown: watch::Receiver<bool>,
    mut abort: watch::Receiver<bool>,
    grace: Duration,
) {
    let mut conns = JoinSet::new();
    let for_conns = shutdown.clone();
    loop {
        tokio::select! {
            biased;
            _ = until_true(&mut shutdown) => break,
            // Reap finished connections before accepting more, so the set stays small.
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, remote)) => {
                    conns.spawn(connection(stream, remote, state.clone(), for_conns.clone()));
                }
                Err(e) => {
                    // Out of file descriptors and the like: say so, breathe, carry on.
                    state.hub.publish(Message::Notice(format!("cannot accept a connection: {e}")));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    let cut = tokio::select! {
        _ = async {
            while conns.join_next().await.is_some() {}
            // A delivery whose sender hung up finishes on its own task.
            state.in_flight.idle().await;
        } => None,
        _ = until_true(&mut abort) => Some(Cut::Signal),
        _ = tokio::time::sleep(grace) => Some(Cut::Grace(grace)),
    };
    if let Some(why) = cut {
        let cut_off = state.in_flight.snapshot();
        // With no request in flight, what is left are connections still sending a head.
        let heads = if cut_off.is_empty() { conns.len() } else { 0 };
        if let Some(notice) = inflight::describe_cut(why, &cut_off, heads) {
            state.hub.publish(Message::Notice(notice));
        }
        // Deliveries stop waiting, then their connections close unanswered.
        state.cut.send_replace(true);
        conns.abort_all();
        while conns.join_next().await.is_some() {}
        // They publish themselves; bounded, in case the output has stalled.
        let _ = tokio::time::timeout(Duration::from_secs(2), state.in_flight.idle()).await;
    }
}

/// Resolves once the flag is true (or its sender is gone).
pub(super) async fn until_true(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|v| *v).await;
}

async fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    state: Arc<State>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let read_timeout = state.cfg.read_timeout;
    let svc_state = state.clone();
    // Requests this connection has carried: a keep-alive connection that then goes quiet is
    // closed after --read-timeout as a matter of course, not as a fault.
    let served = Arc::new(AtomicU64::new(0));
    let svc_served = served.clone();
    // Set while a request is being handled: if the client closes meanwhile, the request
    // itself says so (a notice, or its delivery says the sender gave up), not the connection.
    let handling = Arc::new(AtomicBool::new(false));
    let svc_handling = handling.clone();
    let svc_shutdown = shutdown.clone();
    // The connection carried the inspector's page or API (a page closing its event stream
    // is not worth a notice).
    let inspector = Arc::new(AtomicBool::new(false));
    let svc_inspector = inspector.clone();
    let svc = service_fn(move |req: Request<Incoming>| {
        let st = svc_state.clone();
        svc_served.fetch_add(1, Ordering::Relaxed);
        let handling = svc_handling.clone();
        // `/_whk/` with `--ui`: the inspector's page and API, never a delivery.
        let page = st
            .ui_for(req.uri().path())
            .map(|(ui, here)| (ui, here, svc_shutdown.clone()));
        // The request runs inline, but cannot be cancelled: if hyper drops the future below
        // (the client closed the connection, even before it was first polled), the request
        // goes on on a task of its own ([`Detached`]). `hang_up` is dropped with that future,
        // which the request notices.
        let (hang_up, gone) = oneshot::channel::<()>();
        let (mut request, ui_req) = match page {
            Some((ui, here, sd)) => {
                svc_inspector.store(true, Ordering::Relaxed);
                (None, Some((ui, here, req, sd)))
            }
            None => {
                handling.store(true, Ordering::SeqCst);
                (
                    Some(Detached(Some(Box::pin(handle(st, remote, req, gone))))),
                    None,
                )
            }
        };
        async move {
            if let Some((ui, here, req, sd)) = ui_req {
                let resp = if here {
                    super::ui::handle(ui, req, remote, sd).await
                } else {
                    super::ui::elsewhere(&ui)
                };
                return Ok::<_, Infallible>(resp);
            }
            let resp = match request.as_mut() {
                Some(r) => r.run().await,
                None => response(500, None, Bytes::new()),
            };
            handling.store(false, Ordering::SeqCst);
            drop(hang_up);
            Ok::<_, Infallible>(resp.map(Either::Left))
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), svc);
    let mut conn = std::pin::pin!(conn);
    let mut closing = false;
    let result = loop {
        tokio::select! {
            r = conn.as_mut() => break r,
            _ = until_true(&mut shutdown), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
            // A page that stopped reading its event stream cannot hold the stop up.
            _ = tokio::time::sleep(Duration::from_secs(1)), if closing && inspector.load(Ordering::Relaxed) => {
                break Ok(());
            }
        }
    };
    if let Err(e) = result {
        let what = if inspector.load(Ordering::Relaxed) {
            None
        } else if e.is_parse_version_h2() {
            Some(format!(
                "{remote} spoke HTTP/2 without negotiating it; whk listen speaks HTTP/1.1, so it closed the connection (send HTTP/1.1, or let the tunnel in front translate)"
            ))
        } else if e.is_parse_too_large() {
            // hyper answers 414 for a request line too long, 431 for a head over its limit.
            let status = if e.to_string().contains("URI") {
                414
            } else {
                431
            };
            Some(format!(
                "request from {remote} refused: {e}; answered {status} and carried on"
            ))
        } else if e.is_parse() {
            // What hyper answers by itself: 400 for a bad method, URI, version or header;
            // nothing for what it cannot name.
            let answered = if e.to_string().contains("internal") {
                "closed the connection"
            } else {
                "answered 400 and carried on"
            };
            Some(format!("malformed request from {remote} ({e}); {answered}"))
        } else if e.is_timeout() {
            (served.load(Ordering::Relaxed) == 0).then(|| {
                format!(
                    "{remote} did not send a complete request head within {} (--read-timeout); closed the connection",
                    crate::output::format::humantime(read_timeout)
                )
            })
        } else if e.is_incomplete_message() {
            (!handling.load(Ordering::SeqCst))
                .then(|| format!("{remote} closed the connection mid-request"))
        } else {
            None
        };
        if let Some(w) = what {
            state.hub.publish(Message::Notice(w));
        }
    }
}

fn response(status: u16, content_type: Option<&str>, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(ct) = content_type
        && let Ok(v) = HeaderValue::from_str(ct)
    {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r
}

fn json_body(v: serde_json::Value) -> Bytes {
    Bytes::from(serde_json::to_vec(&v).unwrap_or_default())
}

/// Headers as received, in order, values decoded leniently.
fn to_headers(map: &HeaderMap) -> Headers {
    let mut h = Headers::new();
    for (name, value) in map {
        h.push(
            name.as_str(),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        );
    }
    h
}

/// The URL the sender called, for URL-signed schemes: `--public-url` + path + query, or
/// `http://<Host><path>?<query>`.
fn verification_url(state: &State, uri: &hyper::Uri, headers: &HeaderMap) -> String {
    let path_q = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    if let Some(base) = &state.cfg.public_url {
        return format!("{}{}", base.trim_end_matches('/'), path_q);
    }
    if uri.scheme().is_some() && uri.authority().is_some() {
        return uri.to_string();
    }
    let host = headers
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| state.local.to_string());
    format!("http://{host}{path_q}")
}

/// Why a body was not read: refused (answered 413/408/400), or the client went away.
enum BodyFailure {
    Rejected(Rejected),
    /// The connection ended or broke mid-body: there is no one to answer.
    ClientGone(String),
}

async fn read_body(
    body: Incoming,
    declared: Option<u64>,
    max: u64,
    timeout: Duration,
) -> Result<Bytes, BodyFailure> {
    if let Some(n) = declared
        && n > max
    {
        return Err(BodyFailure::Rejected(Rejected::TooLarge {
            limit: max,
            declared: Some(n),
        }));
    }
    match tokio::time::timeout(timeout, Limited::new(body, max as usize).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyFailure::Rejected(Rejected::TooLarge {
                limit: max,
                declared: None,
            }))
        }
        Ok(Err(e)) => match e.downcast_ref::<hyper::Error>() {
            Some(h) if h.is_incomplete_message() || h.is_closed() || h.is_canceled() => {
                Err(BodyFailure::ClientGone(e.to_string()))
            }
            Some(h)
                if std::error::Error::source(h)
                    .and_then(|s| s.downcast_ref::<std::io::Error>())
                    .is_some() =>
            {
                Err(BodyFailure::ClientGone(e.to_string()))
            }
            _ => Err(BodyFailure::Rejected(Rejected::BodyError(e.to_string()))),
        },
        Err(_) => Err(BodyFailure::Rejected(Rejected::BodyTimeout(timeout))),
    }
}

fn is_answer_path(path: &str, answer_path: &str) -> bool {
    path == answer_path || path.strip_suffix('/') == Some(answer_path)
}

/// A request's future that finishes even when the connection's future is dropped: run inline
/// by [`Detached::run`]; dropped before it finished, it is spawned to finish on its own. This
/// costs one allocation per request and no task switch, where spawning every request cost a
/// task and a cross-task wake-up (about a tenth of listen's throughput).
struct Detached(Option<RequestFuture>);

type RequestFuture = Pin<Box<dyn Future<Output = Response<Full<Bytes>>> + Send>>;

impl Detached {
    async fn run(&mut self) -> Response<Full<Bytes>> {
        let Some(fut) = self.0.as_mut() else {
            return response(500, None, Bytes::new());
        };
        let resp = fut.await;
        self.0 = None;
        resp
    }
}

impl Drop for Detached {
    fn drop(&mut self) {
        if let Some(fut) = self.0.take() {
            // Dropped mid-request (or before it started): the delivery still completes,
            // records and publishes itself; its answer has no one to go to.
            tokio::spawn(fut);
        }
    }
}

/// One request, in stages: [`read`] it; then [`deliver`] it. Runs on a task of its own, so a
/// sender that hangs up cannot cancel it: `gone` closes when it does.
async fn handle(
    state: Arc<State>,
    remote: SocketAddr,
    req: Request<Incoming>,
    gone: oneshot::Receiver<()>,
) -> Response<Full<Bytes>> {
    match read(&state, remote, req).await {
        Ok((received, ticket)) => deliver(state, received, ticket, gone).await,
        Err(resp) => resp,
    }
}

/// A request whose head and body (unless refused) have arrived.
struct Received {
    started: Instant,
    received_at: jiff::Timestamp,
    remote: SocketAddr,
    parts: hyper::http::request::Parts,
    path: String,
    query: Option<String>,
    method: String,
    headers: Headers,
    url: String,
    body: Bytes,
    rejected: Option<Rejected>,
}

impl Received {
    /// The request as signatures see it.
    fn request(&self) -> webhook::Request<'_> {
        webhook::Request {
            method: &self.method,
            url: Some(&self.url),
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// Stage 1, **read**: check the path is under `--path`, take the request's place in flight
/// and read its body within the limits. A body refused (413, 408, 400) is still a delivery;
/// a path outside `--path`, or a client gone mid-body, is answered here and is not.
async fn read(
    state: &State,
    remote: SocketAddr,
    req: Request<Incoming>,
) -> Result<(Received, Ticket), Response<Full<Bytes>>> {
    let started = Instant::now();
    let received_at = state.cfg.clock.now();
    let cfg = &state.cfg;
    let (parts, incoming) = req.into_parts();
    let path = parts.uri.path().to_string();
    if !under_prefix(&path, &cfg.path_prefix) {
        state.hub.publish(Message::Notice(format!(
            "{} {} is outside --path {}; answered 404",
            parts.method, path, cfg.path_prefix
        )));
        return Err(response(
            404,
            Some("application/json"),
            json_body(serde_json::json!({
                "error": format!("not found: whk listens under {}", cfg.path_prefix)
            })),
        ));
    }
    let ticket = state.in_flight.enter(parts.method.as_str(), &path);
    let query = parts.uri.query().map(str::to_string);
    let method = parts.method.as_str().to_string();
    let headers = to_headers(&parts.headers);
    let url = verification_url(state, &parts.uri, &parts.headers);
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let (body, rejected) = match read_body(incoming, declared, cfg.max_body, cfg.read_timeout).await
    {
        Ok(b) => (b, None),
        Err(BodyFailure::Rejected(r)) => (Bytes::new(), Some(r)),
        Err(BodyFailure::ClientGone(why)) => {
            // Nobody is left to answer: not a delivery, not counted, nothing acknowledged.
            // (When the listener closed it, stopping at once, its notice already named it.)
            if !*state.cut.borrow() {
                state.hub.publish(Message::Notice(format!(
                    "{remote} closed the connection mid-request ({} {path}, {why}); not a delivery",
                    parts.method
                )));
            }
            return Err(response(400, None, Bytes::new()));
        }
    };
    ticket.body_received();
    let received = Received {
        started,
        received_at,
        remote,
        parts,
        path,
        query,
        method,
        headers,
        url,
        body,
        rejected,
    };
    Ok((received, ticket))
}

/// Verify, analyse, answer, record and publish one delivery, holding the request's place in
/// flight: if the sender hangs up while the answer waits (for `--delay` or the app), the
/// delivery is still finished and says so.
async fn deliver(
    state: Arc<State>,
    received: Received,
    _ticket: Ticket,
    gone: oneshot::Receiver<()>,
) -> Response<Full<Bytes>> {
    let mut patience = Patience {
        started: received.started,
        gone,
        cut_rx: state.cut.subscribe(),
        gave_up: None,
        cut: false,
        skipped: Duration::ZERO,
    };
    // Numbered once the request is whole, so `seq` counts deliveries without gaps.
    let seq = state.seq.fetch_add(1, Ordering::SeqCst) + 1;
    // One reading of the clock per delivery: what it shows, records and checks against.
    let now = received.received_at.as_second();
    let signature = verify(&state.cfg, &received, now);
    let analysed = analyse(&state, &received, &signature, seq, now);
    let answered = answer(&state, &received, &signature, &analysed, seq, &mut patience).await;
    patience.sender_gone_now();
    let (mut delivery, mut resp) = assemble(
        &state.cfg, seq, received, signature, analysed, answered, &patience,
    );
    record(&state, &mut delivery, &mut resp);
    let cut_off = delivery.cut_off;
    publish(&state, delivery).await;
    if cut_off {
        // Not answered: hold the reply back until the connection is closed under it.
        patience.until_closed().await;
    }
    resp
}

/// Stage 2, **verify**: the signature, against the one clock reading `now` (not checked when
/// the body was refused).
fn verify(cfg: &Config, received: &Received, now: i64) -> SignatureCheck {
    if received.rejected.is_some() {
        SignatureCheck {
            status: SigStatus::Unchecked,
            provider: None,
            verdict: None,
            message: "not checked: the body was not received".into(),
            hint: None,
            signature: None,
        }
    } else {
        cfg.verifier.check(&received.request(), now)
    }
}

/// What [`analyse`] found out about a delivery, beyond its signature.
struct Analysed {
    analysis: analyze::Analysis,
    stale: Option<String>,
    duplicate: Option<super::dedupe::Duplicate>,
    attempt: u32,
    /// The request came to `--answer-path`.
    answer_path: bool,
    /// `--answer` goes to it: at `--answer-path`, or (unless that flag narrows it) recognised
    /// as a Vonage answer by its content, on any path.
    serves_answer: bool,
    /// It passes `--events`.
    shown: bool,
}

/// Stage 3, **analyse**: provider, event, kind and contract from the content; stale
/// timestamps; duplicates and the attempt number; whether `--answer` and `--events` apply.
fn analyse(
    state: &State,
    received: &Received,
    signature: &SignatureCheck,
    seq: u64,
    now: i64,
) -> Analysed {
    let cfg = &state.cfg;
    let answer_path = is_answer_path(&received.path, &cfg.reply.answer_path);
    let analysis = analyze::analyze(&Input {
        method: &received.method,
        query: received.query.as_deref(),
        headers: &received.headers,
        body: &received.body,
        signed_by: signed_by(cfg, signature),
        answer_path,
    });
    let stale = analyze::staleness(
        signature
            .verdict
            .as_ref()
            .filter(|v| v.valid)
            .and_then(|v| v.timestamp),
        analysis.recognition.event_time,
        now,
        cfg.stale_after.as_secs(),
    );
    let keys = Keys::gather(
        &received.headers,
        signature.verdict.as_ref().and_then(|v| v.id.as_deref()),
        analysis.recognition.event_id.as_deref(),
        signature.signature.as_deref(),
        &received.method,
        received.query.as_deref(),
        &received.body,
    );
    let (duplicate, attempt) = match state.dedupe.lock() {
        Ok(mut d) => d.observe(seq, &keys),
        Err(poisoned) => poisoned.into_inner().observe(seq, &keys),
    };
    let serves_answer = answer_path
        || (!cfg.reply.answer_path_only
            && analysis.provider == Some(Provider::Vonage)
            && analysis.kind == Kind::Answer);
    let shown = cfg.events.is_empty()
        || cfg
            .events
            .iter()
            .any(|p| event_matches(p, analysis.recognition.event.as_deref().unwrap_or("")));
    Analysed {
        analysis,
        stale,
        duplicate,
        attempt,
        answer_path,
        serves_answer,
        shown,
    }
}

/// Whose scheme signed a request: `--provider`, else the one its signature headers show.
fn signed_by(cfg: &Config, signature: &SignatureCheck) -> Option<(Provider, ProviderSource)> {
    match (cfg.verifier.mode(), signature.provider) {
        (ProviderMode::One(p), _) => Some((p, ProviderSource::Flag)),
        (ProviderMode::Auto, Some(p)) => Some((p, ProviderSource::Headers)),
        (ProviderMode::Auto, None) => None,
    }
}

/// Signature and analysis of a request that did not come through the socket (the
/// inspector's replays to another URL, recordings loaded at start), as stages 2 and 3 see
/// a received one, checked at unix time `now`.
pub fn examine(
    cfg: &Config,
    req: &webhook::Request<'_>,
    path: &str,
    query: Option<&str>,
    now: i64,
) -> (SignatureCheck, analyze::Analysis) {
    let signature = cfg.verifier.check(req, now);
    let analysis = analyze::analyze(&Input {
        method: req.method,
        query,
        headers: req.headers,
        body: req.body,
        signed_by: signed_by(cfg, &signature),
        answer_path: is_answer_path(path, &cfg.reply.answer_path),
    });
    (signature, analysis)
}

/// An app's reply held to the request's contract: NCCO lint for answers to Vonage answer
/// requests, and the kind's contract (`crate::platform::check`) for a successful reply.
pub fn judge_app_reply(
    analysis: &analyze::Analysis,
    answer_path: bool,
    request_body: &[u8],
    app: &super::forward::AppReply,
    latency: Duration,
) -> Reply {
    // Answers to Vonage answer requests must be NCCOs: lint them.
    let wants_ncco = answer_path || analysis.contract == Some(Contract::Ncco);
    let ncco = (wants_ncco && !app.body.is_empty()).then(|| ncco::check(&app.body));
    let contract = analysis
        .contract
        .filter(|_| app.status.is_success())
        .map(|c| check_contract(c, request_body, app, latency));
    Reply::app(app, ncco, contract)
}

/// The reply [`answer`] chose, with what the app behind `--forward-to` said.
struct Answered {
    reply: Reply,
    forward: Option<Forward>,
    /// The app's headers, passed on with its reply.
    app_headers: Option<HeaderMap>,
}

/// Stage 4, **answer/forward**: the reply (refusal, `--fail-first`, `--answer`, the app
/// behind `--forward-to` checked against the kind's contract, `--respond`, the platform's
/// default answer, or the default ack), then `--delay`, watching the sender all along.
async fn answer(
    state: &State,
    received: &Received,
    signature: &SignatureCheck,
    analysed: &Analysed,
    seq: u64,
    patience: &mut Patience,
) -> Answered {
    let cfg = &state.cfg;
    let analysis = &analysed.analysis;
    let mut forward = None;
    let mut app_headers = None;
    let reply = if let Some(r) = &received.rejected {
        Reply::refused(r)
    } else if cfg.reply.fail_first > 0 && analysed.attempt <= cfg.reply.fail_first {
        Reply::fail_first(cfg.reply.fail_first, analysed.attempt)
    } else if let (true, Some(ncco)) = (analysed.serves_answer, &cfg.reply.answer) {
        Reply::answer(ncco.clone())
    } else if let Some(fwd) = &state.forwarder {
        let (reply, f, headers) =
            forward_to_app(fwd, state, received, signature, analysed, patience).await;
        forward = Some(f);
        app_headers = headers;
        reply
    } else if let Some((body, ct)) = &cfg.reply.body {
        Reply::file(cfg.reply.status, body.clone(), ct)
    } else if let (Some(c), Some(a)) = (analysis.contract, &analysis.default_answer) {
        Reply::platform_default(cfg.reply.status, c, a)
    } else {
        Reply::default_ack(cfg.reply.status, seq)
    };
    if received.rejected.is_none()
        && !patience.cut
        && let Some(d) = cfg.reply.delay
    {
        let slept = Instant::now();
        let mut sleep = std::pin::pin!(cfg.clock.sleep(d));
        if patience.gave_up.is_some() {
            // Nobody is waiting any more: say when the answer would have gone out.
            patience.skipped = d;
        } else if let Waited::SenderGone = patience.wait(&mut sleep, Waiting::Delay).await {
            patience.skipped = d.saturating_sub(slept.elapsed());
        }
    }
    Answered {
        reply,
        forward,
        app_headers,
    }
}

/// `--forward-to`: the app's reply (its refusal of a valid delivery a finding, its body held
/// to the kind's contract), or why there is none.
async fn forward_to_app(
    fwd: &Forwarder,
    state: &State,
    received: &Received,
    signature: &SignatureCheck,
    analysed: &Analysed,
    patience: &mut Patience,
) -> (Reply, Forward, Option<HeaderMap>) {
    let cfg = &state.cfg;
    let analysis = &analysed.analysis;
    let sent = Instant::now();
    let mut send = std::pin::pin!(fwd.send(
        &received.parts.method,
        &received.path,
        received.query.as_deref(),
        &received.parts.headers,
        received.body.clone(),
    ));
    // A sender that hangs up does not stop the round trip: the app's answer (and how
    // long it took) is what the delivery reports.
    let answered = loop {
        match patience.wait(&mut send, Waiting::App).await {
            Waited::Done(r) => break Some(r),
            Waited::SenderGone => {}
            Waited::Cut => break None,
        }
    };
    match answered {
        Some((mut f, app, mut exchange)) => {
            if let Some(app) = &app {
                // A refusal of a valid delivery is a finding, with what whk can tell.
                f.refused = super::forward::refusal(
                    app.status.as_u16(),
                    signature,
                    &cfg.verifier,
                    &received.request(),
                );
            }
            if let Some(r) = &f.refused {
                exchange.findings.push(r.finding());
            }
            // The round trip, for live subscribers (the inspector); the sink prints the
            // delivery it belongs to, as before.
            state.hub.publish(Message::Exchange(Arc::new(exchange)));
            match app {
                Some(app) => {
                    let reply = judge_app_reply(
                        analysis,
                        analysed.answer_path,
                        &received.body,
                        &app,
                        sent.elapsed(),
                    );
                    (reply, f, Some(app.headers))
                }
                None => (Reply::app_error(&f), f, None),
            }
        }
        None => {
            // Stopped at once while the app was still working.
            let f = Forward {
                url: fwd.target(&received.path, received.query.as_deref()),
                status: None,
                error: None,
                timed_out: false,
                latency: sent.elapsed(),
                refused: None,
            };
            (Reply::cut_off(), f, None)
        }
    }
}

/// The delivery as shown, recorded and published, and the response that goes out (none, in
/// effect, when the listener stopped at once: the connection closes under it).
fn assemble(
    cfg: &Config,
    seq: u64,
    received: Received,
    signature: SignatureCheck,
    analysed: Analysed,
    answered: Answered,
    patience: &Patience,
) -> (Delivery, Response<Full<Bytes>>) {
    let cut_off = patience.cut;
    let reply = if cut_off {
        Reply::cut_off()
    } else {
        answered.reply
    };
    let mut resp = reply.to_response(answered.app_headers);
    if received.rejected.is_some() {
        // The rest of an unread body would be parsed as the next request: close instead.
        resp.headers_mut()
            .insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    }
    let delivery = Delivery {
        seq,
        received_at: received.received_at,
        remote: Some(received.remote),
        method: received.method,
        path: received.path,
        query: received.query,
        url: received.url,
        headers: received.headers,
        body: received.body,
        rejected: received.rejected,
        analysis: analysed.analysis,
        signature,
        duplicate: analysed.duplicate,
        attempt: analysed.attempt,
        stale: analysed.stale,
        reply,
        forward: answered.forward,
        latency: received.started.elapsed() + patience.skipped,
        gave_up: patience.gave_up,
        cut_off,
        shown: analysed.shown,
        strict: cfg.strict,
        recorded: None,
    };
    (delivery, resp)
}

/// Stage 5, **record**: `--record` writes the delivery before the reply goes out. If it
/// cannot, the sender gets a 500 and retries, so no acknowledged delivery is ever missing
/// from the record. A refused body was never received: there is nothing to replay.
fn record(state: &State, delivery: &mut Delivery, resp: &mut Response<Full<Bytes>>) {
    let Some(recorder) = &state.recorder else {
        return;
    };
    if delivery.rejected.is_some() {
        return;
    }
    match tokio::task::block_in_place(|| recorder.write(delivery)) {
        Ok(path) => delivery.recorded = Some(Ok(path.display().to_string())),
        Err(e) => {
            let e = e.to_string();
            if !delivery.cut_off {
                delivery.reply = Reply::record_failed(&e);
                *resp = delivery.reply.to_response(None);
            }
            delivery.recorded = Some(Err(e));
        }
    }
}

/// Stage 6, **publish**: on the hub before the reply is handed to hyper, so whatever the
/// sender sees acknowledged is already on the guaranteed stream; then count it for `--count`.
async fn publish(state: &State, delivery: Delivery) {
    let delivery = Arc::new(delivery);
    if let Some(ui) = &state.ui {
        ui.add_delivery(delivery.clone());
    }
    state.hub.publish_delivery(delivery).await;
    let n = state.delivered.fetch_add(1, Ordering::SeqCst) + 1;
    if state.cfg.count.is_some_and(|c| n >= c) {
        state.count_reached.notify_one();
    }
}

/// Hold the app's reply to the request's contract (NCCO, TwiML, Vapi's rules).
fn check_contract(
    contract: Contract,
    request: &[u8],
    app: &super::forward::AppReply,
    latency: Duration,
) -> ContractCheck {
    let answer = platform::Answer {
        status: app.status.as_u16(),
        content_type: app.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        body: &app.body,
        latency: Some(latency),
    };
    ContractCheck {
        contract,
        failures: platform::check(contract, request, &answer),
    }
}

/// What came of waiting on something while the sender might hang up.
enum Waited<T> {
    Done(T),
    /// The sender closed the connection (once per delivery); the work goes on.
    SenderGone,
    /// The listener is stopping at once.
    Cut,
}

/// Watches a delivery's sender while its answer waits, and the listener's stop-at-once flag.
struct Patience {
    started: Instant,
    /// Closes when hyper drops the request (the client closed the connection).
    gone: oneshot::Receiver<()>,
    cut_rx: watch::Receiver<bool>,
    gave_up: Option<GaveUp>,
    cut: bool,
    /// The rest of `--delay`, not waited because nobody was left to answer.
    skipped: Duration,
}

impl Patience {
    /// Poll `work` until it is done, the sender hangs up, or the listener stops at once.
    async fn wait<F: Future + Unpin>(
        &mut self,
        work: &mut F,
        waiting_for: Waiting,
    ) -> Waited<F::Output> {
        tokio::select! {
            biased;
            _ = until_true(&mut self.cut_rx) => {
                self.cut = true;
                Waited::Cut
            }
            r = work => Waited::Done(r),
            _ = &mut self.gone, if self.gave_up.is_none() => {
                self.gave_up = Some(GaveUp {
                    after: self.started.elapsed(),
                    waiting_for,
                });
                Waited::SenderGone
            }
        }
    }

    /// A sender that hung up while whk itself was busy (between the waits).
    fn sender_gone_now(&mut self) {
        if self.gave_up.is_none()
            && !self.cut
            && matches!(
                self.gone.try_recv(),
                Err(oneshot::error::TryRecvError::Closed)
            )
        {
            self.gave_up = Some(GaveUp {
                after: self.started.elapsed(),
                waiting_for: Waiting::Whk,
            });
        }
    }

    /// After a cut: wait (briefly) for the connection to be closed, so no answer goes out.
    async fn until_closed(&mut self) {
        if self.gave_up.is_none() {
            let _ = tokio::time::timeout(Duration::from_secs(1), &mut self.gone).await;
        }
    }
}
