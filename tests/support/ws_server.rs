//! A WebSocket app on 127.0.0.1 port 0 for the `whk call` socket tests: its own thread and
//! current-thread runtime, every connection handed to `serve` (each on its own task).

#![allow(dead_code)]

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

/// Listen on 127.0.0.1 port 0 and run `serve` for every accepted TCP connection; returns the
/// port.
pub fn spawn<F, Fut>(serve: F) -> u16
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(serve(tcp));
            }
        });
    });
    port
}

/// A WebSocket app and what it saw (`S`, filled by its `serve`).
pub struct WsApp<S> {
    pub port: u16,
    seen: Arc<Mutex<S>>,
}

impl<S: Default + Send + 'static> WsApp<S> {
    /// [`spawn`] with `serve(tcp, seen)` for every connection.
    pub fn start<F, Fut>(serve: F) -> WsApp<S>
    where
        F: Fn(tokio::net::TcpStream, Arc<Mutex<S>>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let seen: Arc<Mutex<S>> = Arc::default();
        let log = seen.clone();
        let port = spawn(move |tcp| serve(tcp, log.clone()));
        WsApp { port, seen }
    }

    /// `--ws-to` for this app.
    pub fn ws_to(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    pub fn seen(&self) -> MutexGuard<'_, S> {
        self.seen.lock().unwrap()
    }
}

/// The handshake request as the app saw it.
#[derive(Clone, Debug, Default)]
pub struct Handshake {
    /// The request target (`/socket?call=abc`).
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Handshake {
    /// A header's value (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// Accept the WebSocket handshake on `tcp`, keeping what the request carried.
// The handshake callback's error type is tungstenite's (large) HTTP response.
#[allow(clippy::result_large_err)]
pub async fn accept(
    tcp: tokio::net::TcpStream,
) -> Option<(
    tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    Handshake,
)> {
    let seen: Arc<Mutex<Handshake>> = Arc::default();
    let log = seen.clone();
    let callback = move |req: &tokio_tungstenite::tungstenite::handshake::server::Request, resp| {
        let mut h = log.lock().unwrap();
        h.path = req.uri().to_string();
        h.headers = req
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        Ok(resp)
    };
    let ws = tokio_tungstenite::accept_hdr_async(tcp, callback)
        .await
        .ok()?;
    let handshake = seen.lock().unwrap().clone();
    Some((ws, handshake))
}

/// Write `samples` as a mono 16-bit WAV file at `rate` (caller audio for `--audio`).
pub fn write_wav(path: &std::path::Path, rate: u32, samples: impl IntoIterator<Item = i16>) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
}
