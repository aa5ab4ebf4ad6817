//! The data of one outbound exchange: where it goes ([`Target`]), the [`Request`] as sent
//! (signed, final URL and bytes) and the [`Exchange`] that came of it (response, timing,
//! error, findings).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use super::error::SendError;
use crate::webhook::{Headers, Provider};

/// Where requests go (`replay --to`, `--route`, `listen --forward-to`, `audit URL`), split so
/// paths and queries can be appended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    /// `127.0.0.1:8787`: the Host header and the URL's authority (no port when the URL has none).
    pub authority: String,
    /// `host:port` to connect to.
    pub addr: String,
    /// The path of the URL as given (`/` when none).
    pub path: String,
    /// The query of the URL, without `?`.
    pub query: String,
}

/// The URL is not a usable target.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TargetError {
    #[error("--to {url:?} is not a URL: {detail}")]
    Invalid { url: String, detail: String },
    #[error(
        "--to {url}: https is not supported; whk replay sends to local endpoints over plain http"
    )]
    Https { url: String },
    #[error("--to {url}: only http:// URLs are supported")]
    Scheme { url: String },
}

impl Target {
    /// Parse a URL. A bare `host:port` means `http://host:port/`.
    pub fn parse(url: &str) -> Result<Target, TargetError> {
        let text = if url.contains("://") {
            url.to_string()
        } else {
            format!("http://{url}")
        };
        let parsed = url::Url::parse(&text).map_err(|e| TargetError::Invalid {
            url: url.to_string(),
            detail: e.to_string(),
        })?;
        Target::from_url(&parsed, url)
    }

    /// A parsed URL as a target; `given` names it in errors.
    pub fn from_url(parsed: &url::Url, given: &str) -> Result<Target, TargetError> {
        match parsed.scheme() {
            "http" => {}
            "https" => {
                return Err(TargetError::Https {
                    url: given.to_string(),
                });
            }
            _ => {
                return Err(TargetError::Scheme {
                    url: given.to_string(),
                });
            }
        }
        let host = parsed.host_str().ok_or_else(|| TargetError::Invalid {
            url: given.to_string(),
            detail: "no host".into(),
        })?;
        let port = parsed.port_or_known_default().unwrap_or(80);
        let authority = match parsed.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
        Ok(Target {
            authority,
            addr: format!("{host}:{port}"),
            path: parsed.path().to_string(),
            query: parsed.query().unwrap_or("").to_string(),
        })
    }

    /// The request target (`/path?query`) for a request's path and query.
    pub fn request_target(&self, path: &str, query: &str) -> String {
        let mut t = if path.is_empty() || path == "/" {
            if self.path.is_empty() {
                "/".to_string()
            } else {
                self.path.clone()
            }
        } else {
            format!("{}{}", self.path.trim_end_matches('/'), path)
        };
        let q: Vec<&str> = [self.query.as_str(), query]
            .into_iter()
            .filter(|q| !q.is_empty())
            .collect();
        if !q.is_empty() {
            t.push('?');
            t.push_str(&q.join("&"));
        }
        t
    }

    /// The full URL for a request target.
    pub fn url(&self, request_target: &str) -> String {
        format!("http://{}{}", self.authority, request_target)
    }
}

/// A request ready to go: signed, with its final URL and bytes.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The Host header: `host[:port]`.
    pub authority: String,
    /// `host:port` to connect to.
    pub addr: String,
    /// `/path?query` as sent.
    pub target: String,
    /// The full URL (what URL-signed schemes signed).
    pub url: String,
    /// Headers to send, signature headers included (no Host or Content-Length).
    pub headers: Headers,
    pub body: Bytes,
    /// The provider whose scheme signed it (`None`: sent unsigned).
    pub provider: Option<Provider>,
    /// Names of headers whose value is the secret itself (never printed).
    pub sensitive: Vec<String>,
    /// The unix time it was signed at.
    pub signed_at: i64,
}

impl Request {
    /// An unsigned request to `request_target` (`/path?query`) at `target`.
    pub fn new(
        method: &str,
        target: &Target,
        request_target: String,
        headers: Headers,
        body: Bytes,
    ) -> Request {
        Request {
            method: method.to_string(),
            authority: target.authority.clone(),
            addr: target.addr.clone(),
            url: target.url(&request_target),
            target: request_target,
            headers,
            body,
            provider: None,
            sensitive: Vec::new(),
            signed_at: 0,
        }
    }

    /// An unsigned request to a whole `http://` URL.
    pub fn to_url(
        method: &str,
        url: &str,
        headers: Headers,
        body: Bytes,
    ) -> Result<Request, TargetError> {
        let target = Target::parse(url)?;
        let request_target = target.request_target("", "");
        Ok(Request::new(method, &target, request_target, headers, body))
    }

    /// Send it to `url` instead, on the same host.
    pub fn set_url(&mut self, url: String) -> Result<(), String> {
        let prefix = format!("http://{}", self.authority);
        match url.strip_prefix(&prefix) {
            Some(t) if t.starts_with('/') => {
                self.target = t.to_string();
                self.url = url;
                Ok(())
            }
            _ => Err(format!("the scheme moved the request to {url}")),
        }
    }
}

/// One request and what came of it.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The request as sent, when the sender keeps it.
    pub request: Option<Arc<Request>>,
    /// HTTP status, when an answer arrived.
    pub status: Option<u16>,
    pub headers: Headers,
    /// The start of the answer body (as much as the send kept; the rest is read and dropped).
    pub body: Bytes,
    /// The answer body's whole length in bytes, including what was dropped.
    pub body_len: u64,
    /// From the start of the send (connect included) to the last answer byte, or to the
    /// failure.
    pub latency: Duration,
    pub error: Option<SendError>,
    /// What whk found about it (forward: the app's refusal of a valid delivery).
    pub findings: Vec<crate::finding::Finding>,
}

impl Exchange {
    /// No answer: `error` after `latency`.
    pub fn failed(error: SendError, latency: Duration) -> Exchange {
        Exchange {
            latency,
            error: Some(error),
            ..Exchange::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_join_paths_and_queries() {
        let t = Target::parse("http://127.0.0.1:8787").unwrap();
        assert_eq!(t.authority, "127.0.0.1:8787");
        assert_eq!(t.request_target("/", ""), "/");
        assert_eq!(t.request_target("/hook", "a=1"), "/hook?a=1");
        let t = Target::parse("localhost:3000/api/webhook/vapi/?k=v").unwrap();
        assert_eq!(t.authority, "localhost:3000");
        assert_eq!(t.request_target("/", ""), "/api/webhook/vapi/?k=v");
        assert_eq!(t.request_target("/x", "a=1"), "/api/webhook/vapi/x?k=v&a=1");
        let t = Target::parse("http://example.com/a").unwrap();
        assert_eq!(t.authority, "example.com");
        assert_eq!(t.addr, "example.com:80");
        assert!(matches!(
            Target::parse("https://x.test/"),
            Err(TargetError::Https { .. })
        ));
        assert!(Target::parse("ftp://x/").is_err());
        assert!(Target::parse("http://").is_err());
    }

    #[test]
    fn requests_to_whole_urls_and_moved_urls() {
        let mut r = Request::to_url(
            "POST",
            "http://127.0.0.1:9/a?x=1",
            Headers::new(),
            Bytes::new(),
        )
        .unwrap();
        assert_eq!(r.target, "/a?x=1");
        assert_eq!(r.url, "http://127.0.0.1:9/a?x=1");
        r.set_url("http://127.0.0.1:9/a?x=1&bodySHA256=z".into())
            .unwrap();
        assert_eq!(r.target, "/a?x=1&bodySHA256=z");
        assert!(r.set_url("http://elsewhere/a".into()).is_err());
    }
}
