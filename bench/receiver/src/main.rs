//! whk-bench-receiver: reply 200 as fast as possible, optionally verify an HMAC signature.
//!
//! ```text
//! whk-bench-receiver [--addr 127.0.0.1:9797] [--threads N] [--status 200] [--body TEXT]
//!                    [--content-type application/json]
//!                    [--verify SECRET] [--header X-Webhook-Signature] [--prefix sha256=]
//! ```
//!
//! With `--verify`, each request's `--header` must be `--prefix` + lower-case hex
//! HMAC-SHA256(SECRET, raw body) — whk's `generic` scheme — or the answer is 401. On Ctrl-C
//! (or SIGTERM) it prints `requests=N verified=N rejected=N` to stderr. The port is printed on
//! stdout as `listening on ADDR` once bound (use port 0 for any free port).

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use hmac::{KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

struct Config {
    status: StatusCode,
    body: Bytes,
    content_type: hyper::header::HeaderValue,
    verify: Option<Vec<u8>>,
    header: String,
    prefix: String,
    requests: AtomicU64,
    verified: AtomicU64,
    rejected: AtomicU64,
}

fn usage() -> ! {
    eprintln!(
        "usage: whk-bench-receiver [--addr HOST:PORT] [--threads N] [--status CODE] [--body TEXT] [--content-type TYPE] [--verify SECRET] [--header NAME] [--prefix TEXT]"
    );
    std::process::exit(2)
}

fn main() {
    let mut addr = "127.0.0.1:9797".to_string();
    let mut threads = 1usize;
    let mut cfg = Config {
        status: StatusCode::OK,
        body: Bytes::from_static(b"{\"ok\":true}"),
        content_type: hyper::header::HeaderValue::from_static("application/json"),
        verify: None,
        header: "x-webhook-signature".into(),
        prefix: "sha256=".into(),
        requests: AtomicU64::new(0),
        verified: AtomicU64::new(0),
        rejected: AtomicU64::new(0),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--addr" => addr = val(),
            "--threads" => threads = val().parse().unwrap_or_else(|_| usage()),
            "--status" => {
                cfg.status = val()
                    .parse::<u16>()
                    .ok()
                    .and_then(|c| StatusCode::from_u16(c).ok())
                    .unwrap_or_else(|| usage())
            }
            "--body" => cfg.body = Bytes::from(val()),
            "--content-type" => {
                cfg.content_type =
                    hyper::header::HeaderValue::from_str(&val()).unwrap_or_else(|_| usage())
            }
            "--verify" => cfg.verify = Some(val().into_bytes()),
            "--header" => cfg.header = val().to_ascii_lowercase(),
            "--prefix" => cfg.prefix = val(),
            _ => usage(),
        }
    }
    let cfg = Arc::new(cfg);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .unwrap_or_else(|e| {
                eprintln!("cannot listen on {addr}: {e}");
                std::process::exit(2)
            });
        println!(
            "listening on {}",
            listener.local_addr().expect("local addr")
        );
        let stats = cfg.clone();
        tokio::spawn(async move {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("signal");
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            eprintln!(
                "requests={} verified={} rejected={}",
                stats.requests.load(Ordering::Relaxed),
                stats.verified.load(Ordering::Relaxed),
                stats.rejected.load(Ordering::Relaxed)
            );
            std::process::exit(0);
        });
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let cfg = cfg.clone();
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(move |req| handle(req, cfg.clone()));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
}

async fn handle(
    req: Request<hyper::body::Incoming>,
    cfg: Arc<Config>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    cfg.requests.fetch_add(1, Ordering::Relaxed);
    let sig = req
        .headers()
        .get(cfg.header.as_str())
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    if let Some(secret) = &cfg.verify {
        let ok = sig
            .as_deref()
            .and_then(|s| s.strip_prefix(cfg.prefix.as_str()))
            .and_then(|h| hex::decode(h).ok())
            .is_some_and(|want| {
                let mut mac =
                    hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
                mac.update(&body);
                mac.verify_slice(&want).is_ok()
            });
        if !ok {
            cfg.rejected.fetch_add(1, Ordering::Relaxed);
            let mut r = Response::new(Full::new(Bytes::from_static(
                b"{\"error\":\"bad signature\"}",
            )));
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            return Ok(r);
        }
        cfg.verified.fetch_add(1, Ordering::Relaxed);
    }
    let mut r = Response::new(Full::new(cfg.body.clone()));
    *r.status_mut() = cfg.status;
    r.headers_mut()
        .insert(hyper::header::CONTENT_TYPE, cfg.content_type.clone());
    Ok(r)
}
