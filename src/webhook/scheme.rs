//! The one abstraction every provider implements, used by signing and verifying alike.
//!
//! A scheme knows four things: how to turn the user's secret into key bytes ([`Scheme::key`]),
//! how to sign a request ([`Scheme::sign`]), where the signature lives in a received request
//! ([`Scheme::parse`]) and whether it matches ([`Scheme::check`]). Everything around that —
//! timestamp windows, the "why did it fail" diagnosis, auto-detection — is shared code in
//! `webhook::verify`, so no provider can get it subtly different.

use std::fmt;

use super::crypto::Algorithm;
use super::providers::Provider;
use super::request::{Headers, Request};
use crate::secret::Secret;

/// Key bytes derived from a [`Secret`]. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(pub(crate) Vec<u8>);

impl Key {
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key(redacted, {} bytes)", self.0.len())
    }
}

/// The secret cannot be used as this scheme's key.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct KeyError(pub String);

/// What to sign.
#[derive(Clone, Copy, Debug)]
pub struct SignInput<'a> {
    pub method: &'a str,
    /// Full URL the request goes to; required by URL-signed schemes.
    pub url: Option<&'a str>,
    /// Headers the request already carries (e.g. `Content-Type`, which tells Twilio-style
    /// schemes whether the body is a form or JSON).
    pub headers: &'a Headers,
    pub body: &'a [u8],
    /// Unix seconds.
    pub timestamp: i64,
    /// Message/delivery id for schemes that carry one; generated when `None`.
    pub id: Option<&'a str>,
}

/// A header produced by signing.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeader {
    pub name: String,
    pub value: String,
    /// The value is the secret itself (Vapi's legacy `X-Vapi-Secret`): send it, never print it.
    pub sensitive: bool,
}

impl fmt::Debug for SignedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = if self.sensitive {
            "(redacted)"
        } else {
            &self.value
        };
        write!(f, "{}: {}", self.name, v)
    }
}

/// The result of signing: headers to add, and the URL or body when the scheme changes them
/// (Twilio JSON adds `bodySHA256` to the URL; Vonage SMS adds `sig` to the parameters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signed {
    pub headers: Vec<SignedHeader>,
    pub url: Option<String>,
    pub body: Option<Vec<u8>>,
}

impl Signed {
    pub fn header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.push(SignedHeader {
            name: name.to_string(),
            value: value.into(),
            sensitive: false,
        });
    }

    /// Apply the result to a request's parts: add headers, replace URL and body if changed.
    pub fn apply(&self, headers: &mut Headers, url: &mut Option<String>, body: &mut Vec<u8>) {
        for h in &self.headers {
            headers.set(&h.name, h.value.clone());
        }
        if let Some(u) = &self.url {
            *url = Some(u.clone());
        }
        if let Some(b) = &self.body {
            *body = b.clone();
        }
    }
}

/// Signing could not be done (a usage error).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct SignError(pub String);

/// The signature material found in a received request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The header (or parameter) it came from, as the scheme names it.
    pub header: String,
    /// Candidate signatures as written (several during key rotation).
    pub signatures: Vec<String>,
    /// Signed timestamp, unix seconds.
    pub timestamp: Option<i64>,
    /// The timestamp exactly as written in the request (some schemes sign the text).
    pub raw_timestamp: Option<String>,
    /// Message or delivery id (for duplicate detection).
    pub id: Option<String>,
    /// Expiry (JWT `exp`), unix seconds.
    pub expires_at: Option<i64>,
    /// Not-before (JWT `nbf`), unix seconds.
    pub not_before: Option<i64>,
}

/// Why the signature material could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// None of the scheme's headers is present.
    Missing { expected: Vec<String> },
    /// A header is present but unreadable; `detail` says which part.
    Malformed { header: String, detail: String },
    /// The scheme needs the request URL and none was given.
    NeedsUrl,
    /// The header is this scheme's, but its content is another scheme's (SignalWire's hex
    /// RELAY signature vs the base64 compatibility one share `X-SignalWire-Signature`).
    OtherScheme { provider: Provider, detail: String },
}

/// What [`Scheme::check`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The signature is exactly right.
    Match,
    /// The signature does not match.
    NoMatch,
    /// The signature is genuine, but the body hash it vouches for (Vonage `payload_hash`,
    /// Twilio `bodySHA256`) is not the hash of this body.
    BodyHash { claimed: String, actual: String },
}

/// How far a signed timestamp may be from now, in seconds; `None` means unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub past: Option<u64>,
    pub future: Option<u64>,
}

impl Window {
    pub const NONE: Window = Window {
        past: None,
        future: None,
    };

    pub fn symmetric(secs: u64) -> Window {
        Window {
            past: Some(secs),
            future: Some(secs),
        }
    }

    pub fn past_only(secs: u64) -> Window {
        Window {
            past: Some(secs),
            future: None,
        }
    }

    /// Apply `--tolerance`: resize the window, keeping the directions the scheme checks.
    /// A scheme without a window gets a symmetric one; `0` turns checking off (Stripe's rule).
    pub fn with_tolerance(self, tolerance: Option<u64>) -> Window {
        match tolerance {
            None => self,
            Some(0) => Window::NONE,
            Some(t) if self == Window::NONE => Window::symmetric(t),
            Some(t) => Window {
                past: self.past.map(|_| t),
                future: self.future.map(|_| t),
            },
        }
    }

    pub fn describe(self) -> String {
        match (self.past, self.future) {
            (None, None) => "no timestamp window".into(),
            (Some(p), Some(f)) if p == f => format!("±{p} s"),
            (Some(p), None) => format!("{p} s into the past, any time in the future"),
            (p, f) => format!(
                "{} s past / {} s future",
                p.map_or("any".into(), |v| v.to_string()),
                f.map_or("any".into(), |v| v.to_string())
            ),
        }
    }
}

/// Algorithm choice for schemes that offer one. Vonage SMS adds plain `md5hash`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlgorithmChoice {
    /// `md5(params + secret)`, Vonage's legacy default.
    Md5Hash,
    Hmac(Algorithm),
}

impl AlgorithmChoice {
    pub fn name(self) -> &'static str {
        match self {
            AlgorithmChoice::Md5Hash => "md5hash",
            AlgorithmChoice::Hmac(a) => a.name(),
        }
    }
}

/// The knobs some schemes expose (Vapi's HMAC plan, the generic scheme, Vonage claims).
/// Plain data: the CLI fills it, so domain code never sees clap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemeOptions {
    pub algorithm: Option<AlgorithmChoice>,
    pub signature_header: Option<String>,
    pub timestamp_header: Option<String>,
    pub id_header: Option<String>,
    pub payload_format: Option<String>,
    pub encoding: Option<super::crypto::Encoding>,
    pub prefix: Option<String>,
    pub secret_base64: bool,
    pub timestamp_ms: bool,
    pub api_key: Option<String>,
    pub application_id: Option<String>,
}

/// A scheme's prefix-less twin; see [`Scheme::without_prefix`].
#[derive(Debug)]
pub struct Unprefixed {
    /// The prefix the scheme expects, e.g. `sha256=`.
    pub prefix: String,
    /// The command-line options that verify a bare signature, e.g. `--prefix ''`.
    pub options: String,
    pub scheme: Box<dyn Scheme>,
}

/// A provider's signature scheme. See the module docs.
pub trait Scheme: Send + Sync + fmt::Debug {
    fn provider(&self) -> Provider;

    /// Turn the user's secret into key bytes the way the provider does.
    fn key(&self, secret: &Secret) -> Result<Key, KeyError> {
        Ok(Key(secret.expose().as_bytes().to_vec()))
    }

    fn sign(&self, key: &Key, input: &SignInput<'_>) -> Result<Signed, SignError>;

    /// Find the signature material in a request.
    fn parse(&self, req: &Request<'_>) -> Result<Parsed, ParseError>;

    /// Whether `parsed` is a correct signature of `req` under `key`. Must be exact and
    /// constant-time in the signature bytes.
    fn check(&self, key: &Key, req: &Request<'_>, parsed: &Parsed) -> Check;

    /// The timestamp window the provider's own SDK enforces.
    fn window(&self) -> Window {
        Window::NONE
    }

    /// Whether the signed bytes include the request URL (Twilio, SignalWire).
    fn signs_url(&self) -> bool {
        false
    }

    /// Whether the signature covers the body. `false` for a scheme that sends the secret
    /// itself (Vapi's `X-Vapi-Secret`): the diagnosis then never looks at the body.
    fn signs_body(&self) -> bool {
        true
    }

    /// For a scheme whose signature carries a fixed prefix (`sha256=`): the same scheme
    /// reading a bare signature, tried only to explain a header that lacks the prefix.
    fn without_prefix(&self) -> Option<Unprefixed> {
        None
    }

    /// The same scheme with other settings, tried only to explain a failure
    /// ("it matches with --payload-format '{body}'"). Never used to accept a request.
    fn variants(&self) -> Vec<(String, Box<dyn Scheme>)> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Window;

    #[test]
    fn windows_describe_themselves() {
        assert_eq!(Window::NONE.describe(), "no timestamp window");
        assert_eq!(Window::symmetric(300).describe(), "±300 s");
        assert_eq!(
            Window::past_only(1800).describe(),
            "1800 s into the past, any time in the future"
        );
        let w = Window {
            past: Some(60),
            future: Some(5),
        };
        assert_eq!(w.describe(), "60 s past / 5 s future");
        let w = Window {
            past: None,
            future: Some(5),
        };
        assert_eq!(w.describe(), "any s past / 5 s future");
    }
}
