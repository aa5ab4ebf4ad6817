//! The outcome of verifying one request, with the reason and the fix.

use serde::Serialize;

use super::providers::Provider;

/// Why a signature is (in)valid. The snake_case names are part of the JSON interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Exactly right.
    Valid,
    /// The scheme's signature header is absent.
    MissingHeader,
    /// The header is there but could not be read.
    MalformedHeader,
    /// Correctly signed, but older than the window allows.
    TimestampTooOld,
    /// Correctly signed, but dated further in the future than the window allows.
    TimestampInFuture,
    /// The signature matches the same JSON encoded differently: the body was re-serialised.
    BodyReserialized,
    /// The signature matches with the secret decoded another way.
    SecretEncoding,
    /// The signature matches once the secret's leading/trailing whitespace is removed.
    SecretWhitespace,
    /// The signature matches another URL (proxy, tunnel, scheme/port/slash/query change).
    UrlMismatch,
    /// The headers belong to another provider's scheme.
    WrongProvider,
    /// It matches with other scheme settings (payload format, algorithm, encoding).
    WrongOptions,
    /// The token/signature is genuine but the body hash it carries does not match the body.
    BodyHashMismatch,
    /// A signed token (JWT) is past its `exp` or before its `nbf`.
    TokenExpired,
    /// None of the above: wrong secret or a changed body.
    Mismatch,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Valid => "valid",
            Reason::MissingHeader => "missing_header",
            Reason::MalformedHeader => "malformed_header",
            Reason::TimestampTooOld => "timestamp_too_old",
            Reason::TimestampInFuture => "timestamp_in_future",
            Reason::BodyReserialized => "body_reserialized",
            Reason::SecretEncoding => "secret_encoding",
            Reason::SecretWhitespace => "secret_whitespace",
            Reason::UrlMismatch => "url_mismatch",
            Reason::WrongProvider => "wrong_provider",
            Reason::WrongOptions => "wrong_options",
            Reason::BodyHashMismatch => "body_hash_mismatch",
            Reason::TokenExpired => "token_expired",
            Reason::Mismatch => "mismatch",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict on one request. Serialises to the `whk verify --json` object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub valid: bool,
    pub provider: Provider,
    pub reason: Reason,
    /// One line: what was found.
    pub message: String,
    /// One line: how to fix it (`null` when valid).
    pub hint: Option<String>,
    /// The signed timestamp, when the scheme carries one (unix seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// The message/delivery id, when the scheme carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// For `url_mismatch`: the URL the signature was made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matching_url: Option<String>,
}

impl Verdict {
    pub fn valid(provider: Provider, message: impl Into<String>) -> Self {
        Verdict {
            valid: true,
            provider,
            reason: Reason::Valid,
            message: message.into(),
            hint: None,
            timestamp: None,
            id: None,
            matching_url: None,
        }
    }

    pub fn invalid(
        provider: Provider,
        reason: Reason,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Verdict {
            valid: false,
            provider,
            reason,
            message: message.into(),
            hint: Some(hint.into()),
            timestamp: None,
            id: None,
            matching_url: None,
        }
    }

    /// The one-line diagnosis `listen` prints under a delivery.
    pub fn one_line(&self) -> String {
        match &self.hint {
            Some(h) if !self.valid => format!("{} ({}); {}", self.message, self.reason, h),
            _ => self.message.clone(),
        }
    }
}
