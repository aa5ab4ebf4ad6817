//! `--forward-to`: pass a delivery to the developer's app exactly as received (same bytes, same
//! headers minus hop-by-hop ones, `Host` kept so URL-signed schemes still verify there), and
//! bring the app's reply back for the sender. A 4xx/5xx to a delivery whose signature whk
//! verified is a finding ([`refusal`]), with what whk can tell about it.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, StatusCode};

use super::delivery::{Forward, Refusal};
use super::signature::{SigStatus, SignatureCheck, Verifier};
use crate::outbound::{Client, Exchange, Request, SendError};
use crate::webhook::{self, Headers, Provider, reserialize};

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

/// Sends deliveries on to one app over the shared outbound client (pooled HTTP/1.1).
#[derive(Debug, Clone)]
pub struct Forwarder {
    client: Arc<Client>,
    base: url::Url,
    timeout: Duration,
    max_body: u64,
}

impl Forwarder {
    pub fn new(base: url::Url, timeout: Duration, max_body: u64) -> Self {
        Forwarder {
            client: Arc::new(Client::new()),
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

    /// Send the delivery on; the result says what happened, the reply is what the app said,
    /// and the exchange is the whole round trip (for the hub).
    pub async fn send(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: Bytes,
    ) -> (Forward, Option<AppReply>, Exchange) {
        let url = self.target(path, query);
        let exchange = match self.request(method, &url, headers, body) {
            Ok(req) => {
                let req = Arc::new(req);
                let mut ex = self
                    .client
                    .send_whole(&req, self.timeout, self.max_body)
                    .await;
                ex.request = Some(req);
                ex
            }
            Err(e) => Exchange::failed(SendError::Request(e), Duration::ZERO),
        };
        let timed_out = matches!(exchange.error, Some(SendError::Timeout(_)));
        let error = exchange.error.as_ref().map(|e| match e {
            SendError::Timeout(_) => format!(
                "the app did not answer within {} (--forward-timeout)",
                crate::output::format::humantime(self.timeout)
            ),
            SendError::TooLarge(_) => format!("the app's reply body could not be read: {e}"),
            SendError::Request(d) => format!("cannot build the request to {url}: {d}"),
            e if e.is_connect() => format!("cannot connect to the app: {e}"),
            e => format!("the app's connection failed: {e}"),
        });
        let reply = app_reply(&exchange);
        let forward = Forward {
            url,
            status: exchange.status,
            error,
            timed_out,
            latency: exchange.latency,
            refused: None,
        };
        (forward, reply, exchange)
    }

    /// The delivery as an outbound request: same method, bytes and headers (minus hop-by-hop
    /// ones), with the `Host` it was sent to, so URL-signed schemes still verify at the app.
    fn request(
        &self,
        method: &Method,
        url: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Request, String> {
        let mut out = Headers::new();
        let mut host = None;
        for (n, v) in &strip_hop_by_hop(headers) {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            if n == hyper::header::HOST {
                host.get_or_insert(v);
            } else {
                out.push(n.as_str(), v);
            }
        }
        let mut req =
            Request::to_url(method.as_str(), url, out, body).map_err(|e| e.to_string())?;
        if let Some(h) = host {
            req.authority = h;
        }
        req.url = url.to_string();
        Ok(req)
    }
}

/// Headers as hyper's map (a name or value hyper cannot carry is left out).
/// The app's answer in an exchange, when one arrived.
pub fn app_reply(exchange: &Exchange) -> Option<AppReply> {
    exchange.status.map(|status| AppReply {
        status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        headers: strip_hop_by_hop(&header_map(&exchange.headers)),
        body: exchange.body.clone(),
    })
}

fn header_map(headers: &Headers) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (n, v) in headers.iter() {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(n.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            map.append(n, v);
        }
    }
    map
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    /// The exchange a forward publishes carries the request as sent (Host kept, hop-by-hop
    /// headers dropped) and the app's answer.
    #[tokio::test]
    async fn a_forward_is_one_outbound_exchange() {
        let app = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = app.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut s, _) = app.accept().await.unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 1024];
            while !buf.ends_with(b"{}") {
                let n = s.read(&mut chunk).await.unwrap();
                assert!(n > 0);
                buf.extend_from_slice(&chunk[..n]);
            }
            s.write_all(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-App: 1\r\n\r\nok")
                .await
                .unwrap();
            String::from_utf8(buf).unwrap()
        });
        let base = url::Url::parse(&format!("http://{addr}/app")).unwrap();
        let fwd = Forwarder::new(base, Duration::from_secs(5), 1024);
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("listen.test:8787"));
        headers.insert("connection", HeaderValue::from_static("keep-alive"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("content-length", HeaderValue::from_static("2"));
        let (f, reply, ex) = fwd
            .send(
                &Method::POST,
                "/hook",
                Some("a=1"),
                &headers,
                Bytes::from_static(b"{}"),
            )
            .await;
        let sent = server.await.unwrap().to_ascii_lowercase();
        assert!(
            sent.starts_with("post /app/hook?a=1 http/1.1\r\n"),
            "{sent}"
        );
        assert!(sent.contains("host: listen.test:8787\r\n"), "{sent}");
        assert!(!sent.contains("keep-alive"), "{sent}");
        assert_eq!(f.status, Some(201));
        assert_eq!(f.url, format!("http://{addr}/app/hook?a=1"));
        let reply = reply.unwrap();
        assert_eq!(&reply.body[..], b"ok");
        assert_eq!(reply.headers["x-app"], "1");
        let req = ex.request.as_ref().unwrap();
        assert_eq!(req.url, f.url);
        assert_eq!(req.authority, "listen.test:8787");
        assert_eq!(&req.body[..], b"{}");
        assert_eq!(ex.status, Some(201));
        assert!(ex.error.is_none() && ex.findings.is_empty());
    }
}
