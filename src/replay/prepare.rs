//! Rendered request + target + signature → a [`Prepared`] request, ready to send or print.
//!
//! Signing happens here, at send time, with the core's `webhook::sign`: a fresh timestamp for
//! every attempt, so tolerance windows pass however long a run takes. URL-signed schemes
//! (Twilio, SignalWire) sign exactly the URL that is sent.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;

use crate::fixtures::Rendered;
use crate::fixtures::envelope::HOP_HEADERS;
use crate::secret::{Secret, SecretOrigin};
use crate::webhook::{self, Headers, Provider, Scheme, SchemeOptions, SignInput};

/// Where requests go: `--to`, split so fixture paths and queries can be appended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `127.0.0.1:8787`: the Host header and the URL's authority (no port when `--to` has none).
    pub authority: String,
    /// `host:port` to connect to.
    pub addr: String,
    /// The path of `--to` as given (`/` when none).
    pub path: String,
    /// The query of `--to`, without `?`.
    pub query: String,
}

/// `--to` is not a usable target.
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
    /// Parse `--to`. A bare `host:port` means `http://host:port/`.
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
        match parsed.scheme() {
            "http" => {}
            "https" => {
                return Err(TargetError::Https {
                    url: url.to_string(),
                });
            }
            _ => {
                return Err(TargetError::Scheme {
                    url: url.to_string(),
                });
            }
        }
        let host = parsed.host_str().ok_or_else(|| TargetError::Invalid {
            url: url.to_string(),
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

    /// The request target (`/path?query`) for a fixture's path and query.
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

/// A provider's scheme and secret, ready to sign.
#[derive(Debug)]
pub struct Signer {
    pub provider: Provider,
    pub scheme: Box<dyn Scheme>,
    secret: Secret,
    /// Where the secret came from (`$VAPI_WEBHOOK_SECRET`, `--secret`, a file), for hints.
    pub secret_origin: Option<SecretOrigin>,
}

impl Signer {
    /// Build the scheme and check the secret can be its key (a usage error otherwise).
    pub fn new(provider: Provider, opts: &SchemeOptions, secret: Secret) -> Result<Signer, String> {
        let scheme = webhook::build(provider, opts).map_err(|e| e.0)?;
        scheme
            .key(&secret)
            .map_err(|e| format!("the secret cannot be used for {provider}: {}", e.0))?;
        Ok(Signer {
            provider,
            scheme,
            secret,
            secret_origin: None,
        })
    }
}

/// The signers of a run, by provider.
#[derive(Debug, Default)]
pub struct Signers {
    map: HashMap<Provider, Arc<Signer>>,
}

impl Signers {
    pub fn insert(&mut self, signer: Signer) {
        self.map.insert(signer.provider, Arc::new(signer));
    }

    pub fn get(&self, provider: Provider) -> Option<&Signer> {
        self.map.get(&provider).map(Arc::as_ref)
    }
}

/// A request ready to go: signed, with its final URL and bytes.
#[derive(Clone, Debug)]
pub struct Prepared {
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

/// Signing failed (a usage error in practice: the checks in [`Signer::new`] catch most).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct PrepareError(pub String);

/// Sign `rendered` for `target` at unix time `now`. `id` is the delivery id for schemes that
/// carry one, so retries and duplicates of one delivery share it.
pub fn prepare(
    rendered: &Rendered,
    target: &Target,
    signer: Option<&Signer>,
    now: i64,
    id: Option<&str>,
) -> Result<Prepared, PrepareError> {
    let mut request_target = target.request_target(&rendered.path, &rendered.query);
    let mut url = target.url(&request_target);
    let mut headers = Headers::new();
    for (n, v) in rendered.headers.iter() {
        if !HOP_HEADERS.contains(&n.to_ascii_lowercase().as_str()) {
            headers.push(n, v);
        }
    }
    let mut body = rendered.body.clone();
    let mut sensitive = Vec::new();
    if let Some(signer) = signer {
        let signed = webhook::sign(
            signer.scheme.as_ref(),
            &signer.secret,
            &SignInput {
                method: &rendered.method,
                url: Some(&url),
                headers: &headers,
                body: &body,
                timestamp: now,
                id,
            },
        )
        .map_err(|e| PrepareError(e.0))?;
        sensitive = signed
            .headers
            .iter()
            .filter(|h| h.sensitive)
            .map(|h| h.name.clone())
            .collect();
        let mut new_url = Some(url.clone());
        signed.apply(&mut headers, &mut new_url, &mut body);
        if let Some(u) = new_url
            && u != url
        {
            let prefix = format!("http://{}", target.authority);
            request_target = u
                .strip_prefix(&prefix)
                .map(str::to_string)
                .ok_or_else(|| PrepareError(format!("the scheme moved the request to {u}")))?;
            url = u;
        }
    }
    Ok(Prepared {
        method: rendered.method.clone(),
        authority: target.authority.clone(),
        addr: target.addr.clone(),
        target: request_target,
        url,
        headers,
        body: Bytes::from(body),
        provider: signer.map(|s| s.provider),
        sensitive,
        signed_at: now,
    })
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
}
