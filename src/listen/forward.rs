//! `--forward-to`: pass a delivery to the developer's app exactly as received (same bytes, same
//! headers minus hop-by-hop ones, `Host` kept so URL-signed schemes still verify there), and
//! bring the app's reply back for the sender. A 4xx/5xx to a delivery whose signature whk
//! verified is a finding ([`refusal`]), with what whk can tell about it.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::header::{HeaderMap, HeaderName};
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::delivery::{Forward, Refusal};
use super::signature::{SigStatus, SignatureCheck, Verifier};
use crate::webhook::{self, Provider, reserialize};

/// Headers that describe one connection, not the message: never passed on (RFC 9110 §7.6.1).
pub const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// The app's answer.
#[derive(Debug)]
pub struct AppReply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A pooled HTTP/1 client for one app.
#[derive(Debug, Clone)]
pub struct Forwarder {
    client: Client<HttpConnector, Full<Bytes>>,
    base: url::Url,
    timeout: Duration,
    max_body: u64,
}

impl Forwarder {
    pub fn new(base: url::Url, timeout: Duration, max_body: u64) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Forwarder {
            client,
            base,
            timeout,
            max_body,
        }
    }

    /// The URL a request for `path?query` goes to: the base path joined with the request's.
    pub fn target(&self, path: &str, query: Option<&str>) -> String {
        let mut u = self.base.clone();
        u.set_path(&super::config::join_path(self.base.path(), path));
        u.set_query(query.filter(|q| !q.is_empty()));
        u.to_string()
    }

    /// Send the delivery on; the result says what happened, the reply is what the app said.
    pub async fn send(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: Bytes,
    ) -> (Forward, Option<AppReply>) {
        let url = self.target(path, query);
        let started = Instant::now();
        let (result, timed_out) =
            match tokio::time::timeout(self.timeout, self.round_trip(method, &url, headers, body))
                .await
            {
                Ok(r) => (r, false),
                Err(_) => (
                    Err(format!(
                        "the app did not answer within {} (--forward-timeout)",
                        super::delivery::humantime(self.timeout)
                    )),
                    true,
                ),
            };
        let latency = started.elapsed();
        match result {
            Ok(reply) => (
                Forward {
                    url,
                    status: Some(reply.status.as_u16()),
                    error: None,
                    timed_out,
                    latency,
                    refused: None,
                },
                Some(reply),
            ),
            Err(error) => (
                Forward {
                    url,
                    status: None,
                    error: Some(error),
                    timed_out,
                    latency,
                    refused: None,
                },
                None,
            ),
        }
    }

    async fn round_trip(
        &self,
        method: &Method,
        url: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<AppReply, String> {
        let mut req = Request::builder()
            .method(method.clone())
            .uri(url)
            .body(Full::new(body))
            .map_err(|e| format!("cannot build the request to {url}: {e}"))?;
        *req.headers_mut() = strip_hop_by_hop(headers);
        let resp = self.client.request(req).await.map_err(|e| describe(&e))?;
        let (parts, body) = resp.into_parts();
        let body = Limited::new(body, self.max_body as usize)
            .collect()
            .await
            .map_err(|e| format!("the app's reply body could not be read: {e}"))?
            .to_bytes();
        Ok(AppReply {
            status: parts.status,
            headers: strip_hop_by_hop(&parts.headers),
            body,
        })
    }
}

/// The finding when the app answered `status` (4xx/5xx) to a delivery whose signature whk
/// verified as valid, with what whk can tell: whether the body re-serialised the usual ways
/// (`JSON.stringify`, `json.dumps`) would carry another signature, checked by signing the
/// re-encoded body with the same secret. `None` when it is no such refusal.
pub fn refusal(
    status: u16,
    signature: &SignatureCheck,
    verifier: &Verifier,
    req: &webhook::Request<'_>,
) -> Option<Refusal> {
    if status < 400 || signature.status != SigStatus::Valid {
        return None;
    }
    let provider = signature.provider?;
    let mut reencodings = Vec::new();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(req.body) {
        for (name, bytes) in [
            ("JSON.stringify(body)", reserialize::compact(&value)),
            ("json.dumps(body)", reserialize::python(&value)),
        ] {
            if bytes != req.body && verifier.matches_with_body(provider, req, &bytes) == Some(false)
            {
                reencodings.push(name);
            }
        }
    }
    let mut hints = Vec::new();
    if status >= 500 {
        hints.push(format!(
            "it answered {status}: the handler failed on it rather than refused it (see the app's log)"
        ));
    }
    if !reencodings.is_empty() {
        hints.push(format!(
            "the same body re-serialised ({}) would carry a different signature, so the app probably verifies parsed JSON, not the raw bytes: verify the raw request body (express.raw(), request.get_data())",
            reencodings.join(", ")
        ));
    } else if provider == Provider::VapiSecret {
        hints.push("the app may compare X-Vapi-Secret with another secret, or expect Vapi's HMAC credential (X-Signature: `-p vapi`)".into());
    } else {
        hints.push(format!(
            "whk verified it as {provider} with the secret it was given: check that the app verifies with the same secret and scheme, over the raw request bytes"
        ));
    }
    Some(Refusal {
        status,
        reencodings,
        hint: hints.join("; "),
    })
}

/// A copy of `headers` without hop-by-hop headers or those named in `Connection`.
pub fn strip_hop_by_hop(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(hyper::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let n = name.as_str();
        if HOP_BY_HOP.contains(&n) || named.iter().any(|c| c == n) {
            continue;
        }
        out.append(HeaderName::clone(name), value.clone());
    }
    out
}

/// One line for a client error, with its root cause ("connection refused").
fn describe(e: &hyper_util::client::legacy::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let root = cause.to_string();
    if e.is_connect() {
        format!("cannot connect to the app: {root}")
    } else {
        format!("the app's connection failed: {root}")
    }
}
