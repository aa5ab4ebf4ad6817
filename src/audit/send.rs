//! Sending one audit request: blocking (ureq), bounded by a deadline, never following
//! redirects; behind the same `outbound` request, [`Exchange`] and [`SendError`] types as
//! every other sender.

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::outbound::error::{broken, connect_failed};
use crate::outbound::{Exchange, Request, SendError};

/// A blocking HTTP/1.1 client for audits (sequential, a handful of requests).
pub struct Sender {
    agent: ureq::Agent,
    deadline: Duration,
}

impl Sender {
    pub fn new(deadline: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(deadline))
            .build()
            .into();
        Sender { agent, deadline }
    }

    pub fn send(&self, req: &Request) -> Exchange {
        let start = Instant::now();
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(req.url.as_str());
        for (n, v) in req.headers.iter() {
            builder = builder.header(n, v);
        }
        let request = match builder.body(&req.body[..]) {
            Ok(r) => r,
            Err(e) => {
                return Exchange::failed(SendError::Request(e.to_string()), start.elapsed());
            }
        };
        match self.agent.run(request) {
            Ok(mut resp) => {
                // Read the body (keep-alive needs it drained; an answer URL's is linted).
                let body = resp.body_mut().read_to_vec().unwrap_or_default();
                Exchange {
                    status: Some(resp.status().as_u16()),
                    latency: start.elapsed(),
                    body_len: body.len() as u64,
                    body: Bytes::from(body),
                    ..Exchange::default()
                }
            }
            Err(e) => Exchange::failed(self.error(req, &e), start.elapsed()),
        }
    }

    /// ureq's error as the one [`SendError`].
    fn error(&self, req: &Request, e: &ureq::Error) -> SendError {
        match e {
            ureq::Error::Timeout(_) => SendError::Timeout(self.deadline),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                connect_failed(&req.addr, io)
            }
            ureq::Error::Io(io) => broken(io).unwrap_or_else(|| SendError::Http(e.to_string())),
            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => SendError::Connect {
                authority: req.addr.clone(),
                detail: e.to_string(),
            },
            _ => SendError::Http(e.to_string()),
        }
    }
}
