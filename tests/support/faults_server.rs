//! A misbehaving HTTP/1.1 receiver for fault tests, on plain std sockets (127.0.0.1, port 0):
//! it hangs, closes, resets, writes garbage, answers slowly or dribbles, as a script decides
//! per request. Every thread it starts stops by itself: connections poll a stop flag (set when
//! the server is dropped) and give up after [`MAX_LIFE`] whatever happens.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// No thread of the server lives longer than this, even if the test forgets to drop it.
pub const MAX_LIFE: Duration = Duration::from_secs(60);
/// How often blocked threads look at the stop flag.
const POLL: Duration = Duration::from_millis(50);
/// The largest request head read.
const MAX_HEAD: usize = 64 * 1024;

/// What to do with one request (or, for [`FaultServer::on_accept`], one connection).
#[derive(Clone, Debug)]
pub enum Action {
    /// Answer `status` after `delay`, keeping the connection alive.
    Respond { status: u16, delay: Duration },
    /// Never answer; hold the connection open until the server stops.
    Hang,
    /// Close the connection without answering (a FIN).
    Close,
    /// Close with the request unread, so the kernel sends a RST (only with
    /// [`FaultServer::on_accept`]; after a request was read it is a plain close).
    Reset,
    /// Answer bytes that are not HTTP, then close.
    Garbage,
    /// A 200 head announcing 100 bytes, 3 of them, then close.
    Truncated,
    /// A 200 head at once, then a chunked body one byte every `every`, without end.
    Dribble { every: Duration },
    /// An answer whose head is larger than any client accepts.
    HugeHead,
}

impl Action {
    pub fn ok() -> Action {
        Action::Respond {
            status: 200,
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Action {
        Action::Respond {
            status,
            delay: Duration::ZERO,
        }
    }
}

/// One request as read: its arrival number (0-based, across connections), head and body.
#[derive(Clone, Debug)]
pub struct Req {
    pub index: usize,
    pub head: String,
    pub body: Vec<u8>,
}

impl Req {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

type Script = dyn Fn(&Req) -> Action + Send + Sync;

struct Shared {
    stop: AtomicBool,
    requests: AtomicUsize,
    connections: AtomicUsize,
    started: Instant,
    log: Mutex<Vec<Req>>,
}

impl Shared {
    fn done(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.started.elapsed() > MAX_LIFE
    }
}

pub struct FaultServer {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl FaultServer {
    /// Read each request and do what `script` says.
    pub fn start(script: impl Fn(&Req) -> Action + Send + Sync + 'static) -> FaultServer {
        FaultServer::spawn(None, Arc::new(script))
    }

    /// Do `action` to every connection as soon as it is accepted, before reading anything.
    /// (`Reset` waits for the first request bytes so that they are there, unread, at close.)
    pub fn on_accept(action: Action) -> FaultServer {
        FaultServer::spawn(Some(action), Arc::new(|_: &Req| Action::ok()))
    }

    fn spawn(at_accept: Option<Action>, script: Arc<Script>) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            requests: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
            started: Instant::now(),
            log: Mutex::new(Vec::new()),
        });
        let threads: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (shared2, threads2) = (shared.clone(), threads.clone());
        let acceptor = std::thread::spawn(move || {
            while !shared2.done() {
                match listener.accept() {
                    Ok((stream, _)) => {
                        shared2.connections.fetch_add(1, Ordering::Relaxed);
                        let (shared, script, at_accept) =
                            (shared2.clone(), script.clone(), at_accept.clone());
                        let t = std::thread::spawn(move || {
                            let _ = stream.set_nonblocking(false);
                            let _ = stream.set_read_timeout(Some(POLL));
                            let _ = stream.set_nodelay(true);
                            match at_accept {
                                Some(a) => act_on_accept(stream, &a, &shared),
                                None => serve(stream, script.as_ref(), &shared),
                            }
                        });
                        threads2.lock().unwrap().push(t);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5))
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FaultServer {
            addr,
            shared,
            threads,
            acceptor: Some(acceptor),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Requests read so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    pub fn received(&self) -> Vec<Req> {
        self.shared.log.lock().unwrap().clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
        let threads = std::mem::take(&mut *self.threads.lock().unwrap());
        for t in threads {
            let _ = t.join();
        }
    }
}

/// Sleep `d` in small steps, returning early (false) when the server stops.
fn nap(d: Duration, shared: &Shared) -> bool {
    let until = Instant::now() + d;
    while Instant::now() < until {
        if shared.done() {
            return false;
        }
        std::thread::sleep(POLL.min(until.saturating_duration_since(Instant::now())));
    }
    true
}

/// Hold the connection until the peer closes it or the server stops, discarding input.
fn hold(mut stream: TcpStream, shared: &Shared) {
    let mut buf = [0u8; 4096];
    while !shared.done() {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            Err(_) => return,
        }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

fn act_on_accept(stream: TcpStream, action: &Action, shared: &Shared) {
    match action {
        Action::Close => drop(stream),
        Action::Reset => reset(stream, shared),
        Action::Hang => hold(stream, shared),
        Action::Garbage => {
            let mut s = stream;
            let _ = s.write_all(b"\x00\x01\x02 this is not HTTP \xff\r\n\r\n");
        }
        _ => drop(stream),
    }
}

/// Wait until request bytes are queued, then close without reading them: Linux answers a
/// close with unread data by a RST.
fn reset(stream: TcpStream, shared: &Shared) {
    let mut one = [0u8; 1];
    while !shared.done() {
        match stream.peek(&mut one) {
            Ok(_) => break,
            Err(e) if is_timeout(&e) => {}
            Err(_) => break,
        }
    }
    drop(stream);
}

/// Read one request: `None` when the peer closed, the server stopped or the input is bad.
fn read_request(stream: &mut TcpStream, pending: &mut Vec<u8>, shared: &Shared) -> Option<Req> {
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = find(pending, b"\r\n\r\n") {
            break i + 4;
        }
        if pending.len() > MAX_HEAD || shared.done() {
            return None;
        }
        match stream.read(&mut buf) {
            Ok(0) => return None,
            Ok(n) => pending.extend_from_slice(&buf[..n]),
            Err(e) if is_timeout(&e) => {}
            Err(_) => return None,
        }
    };
    let head = String::from_utf8_lossy(&pending[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while pending.len() < head_end + length {
        if shared.done() {
            return None;
        }
        match stream.read(&mut buf) {
            Ok(0) => return None,
            Ok(n) => pending.extend_from_slice(&buf[..n]),
            Err(e) if is_timeout(&e) => {}
            Err(_) => return None,
        }
    }
    let body = pending[head_end..head_end + length].to_vec();
    pending.drain(..head_end + length);
    let index = shared.requests.fetch_add(1, Ordering::Relaxed);
    let req = Req { index, head, body };
    shared.log.lock().unwrap().push(req.clone());
    Some(req)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

fn serve(mut stream: TcpStream, script: &Script, shared: &Shared) {
    let mut pending = Vec::new();
    // Bounded: one connection serves at most this many requests.
    for _ in 0..100_000 {
        let Some(req) = read_request(&mut stream, &mut pending, shared) else {
            return;
        };
        match script(&req) {
            Action::Respond { status, delay } => {
                if !nap(delay, shared) {
                    return;
                }
                let body = format!("{{\"ok\":{},\"n\":{}}}", status < 400, req.index);
                let answer = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    reason(status),
                    body.len()
                );
                if stream.write_all(answer.as_bytes()).is_err() {
                    return;
                }
            }
            Action::Hang => return hold(stream, shared),
            // The request has been read, so only a FIN is possible here; a RST needs
            // unread data, see `on_accept(Action::Reset)`.
            Action::Close | Action::Reset => return,
            Action::Garbage => {
                let _ = stream.write_all(b"\x00\x01\x02 this is not HTTP \xff\r\n\r\n");
                return;
            }
            Action::Truncated => {
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"o",
                );
                return;
            }
            Action::Dribble { every } => {
                if stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                    )
                    .is_err()
                {
                    return;
                }
                // Bounded by MAX_LIFE through `nap`, and by the peer going away.
                while nap(every, shared) {
                    if stream.write_all(b"1\r\n \r\n").is_err() {
                        return;
                    }
                }
                return;
            }
            Action::HugeHead => {
                let mut head = String::from("HTTP/1.1 200 OK\r\n");
                for i in 0..4096 {
                    head.push_str(&format!("X-Filler-{i}: {}\r\n", "x".repeat(100)));
                }
                head.push_str("Content-Length: 0\r\n\r\n");
                let _ = stream.write_all(head.as_bytes());
                return;
            }
        }
    }
}
