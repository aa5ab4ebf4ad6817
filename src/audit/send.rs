//! Sending one audit request: blocking, bounded by a deadline, never following redirects.

use std::time::{Duration, Instant};

use crate::webhook::Headers;

/// A request ready to send.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub method: String,
    pub url: String,
    pub headers: Headers,
    pub body: Vec<u8>,
}

/// What came back.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub status: Option<u16>,
    pub latency: Duration,
    /// The reply body (judged only for a Vonage answer request, as an NCCO).
    pub body: Vec<u8>,
    /// Set when no status arrived: the deadline passed, or the connection failed.
    pub error: Option<SendError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// No answer within the deadline.
    Timeout,
    /// The endpoint could not be reached at all (refused, unresolvable).
    Connect(String),
    /// The connection broke during the exchange.
    Io(String),
}

/// A blocking HTTP/1.1 client for audits (sequential, a handful of requests).
pub struct Sender {
    agent: ureq::Agent,
}

impl Sender {
    pub fn new(deadline: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(deadline))
            .build()
            .into();
        Sender { agent }
    }

    pub fn send(&self, req: &Prepared) -> Outcome {
        let start = Instant::now();
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(req.url.as_str());
        for (n, v) in req.headers.iter() {
            builder = builder.header(n, v);
        }
        let request = match builder.body(req.body.as_slice()) {
            Ok(r) => r,
            Err(e) => {
                return Outcome {
                    status: None,
                    latency: start.elapsed(),
                    body: Vec::new(),
                    error: Some(SendError::Io(e.to_string())),
                };
            }
        };
        match self.agent.run(request) {
            Ok(mut resp) => {
                // Read the body (keep-alive needs it drained; an answer URL's is linted).
                let body = resp.body_mut().read_to_vec().unwrap_or_default();
                Outcome {
                    status: Some(resp.status().as_u16()),
                    latency: start.elapsed(),
                    body,
                    error: None,
                }
            }
            Err(e) => {
                let error = match &e {
                    ureq::Error::Timeout(_) => SendError::Timeout,
                    ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
                        SendError::Connect(e.to_string())
                    }
                    ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                        SendError::Connect(e.to_string())
                    }
                    _ => SendError::Io(e.to_string()),
                };
                Outcome {
                    status: None,
                    latency: start.elapsed(),
                    body: Vec::new(),
                    error: Some(error),
                }
            }
        }
    }
}
