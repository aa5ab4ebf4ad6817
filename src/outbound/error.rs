//! Why no answer came back: one description of connection failures for every sender
//! (replay and forward on hyper, audit on ureq).

use std::time::Duration;

/// Why no answer came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Nothing listens there.
    Refused { authority: String },
    /// Could not connect for another reason (DNS, unreachable).
    Connect { authority: String, detail: String },
    /// No full answer within the deadline.
    Timeout(Duration),
    /// The connection broke or the answer was not HTTP.
    Http(String),
    /// The request could not be built (bad URL or header).
    Request(String),
    /// The answer's body is longer than the sender takes (bytes).
    TooLarge(u64),
}

impl SendError {
    /// The endpoint could not be reached at all (nothing was sent).
    pub fn is_connect(&self) -> bool {
        matches!(self, SendError::Refused { .. } | SendError::Connect { .. })
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Refused { authority } => write!(f, "connection refused by {authority}"),
            SendError::Connect { authority, detail } => {
                write!(f, "cannot connect to {authority}: {detail}")
            }
            SendError::Timeout(d) => write!(
                f,
                "no answer within {}",
                crate::output::format::duration_written(*d)
            ),
            SendError::Http(d) => write!(f, "{d}"),
            SendError::Request(d) => write!(f, "bad request: {d}"),
            SendError::TooLarge(n) => write!(f, "the answer's body is longer than {n} bytes"),
        }
    }
}

/// A failed connect to `authority`, in the one way every sender says it.
pub fn connect_failed(authority: &str, e: &std::io::Error) -> SendError {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => SendError::Refused {
            authority: authority.to_string(),
        },
        _ => SendError::Connect {
            authority: authority.to_string(),
            detail: e.to_string(),
        },
    }
}

/// A connection that broke mid-exchange, from the io error at its root.
pub fn broken(e: &std::io::Error) -> Option<SendError> {
    (e.kind() == std::io::ErrorKind::ConnectionReset)
        .then(|| SendError::Http(format!("the receiver reset the connection ({e})")))
}

/// Why a hyper exchange failed, in the receiver's terms: hyper's own wording ("invalid HTTP
/// version parsed", "connection closed before message completed") says what the parser saw,
/// not what the endpoint did.
pub fn explain(e: &hyper::Error) -> String {
    use std::error::Error as _;
    let mut src = e.source();
    while let Some(inner) = src {
        if let Some(io) = inner.downcast_ref::<std::io::Error>()
            && let Some(SendError::Http(d)) = broken(io)
        {
            return d;
        }
        src = inner.source();
    }
    if e.is_parse_too_large() {
        format!(
            "the answer is not valid HTTP: {} (hyper's limit)",
            describe(e)
        )
    } else if e.is_parse() || e.is_parse_status() {
        format!("the answer is not valid HTTP: {}", describe(e))
    } else if e.is_incomplete_message() {
        "the receiver closed the connection without answering".into()
    } else {
        describe(e)
    }
}

fn describe(e: &hyper::Error) -> String {
    use std::error::Error as _;
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_and_other_connect_failures() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let e = connect_failed("127.0.0.1:1", &refused);
        assert_eq!(e.to_string(), "connection refused by 127.0.0.1:1");
        assert!(e.is_connect());
        let other = std::io::Error::other("no route");
        let e = connect_failed("h:1", &other);
        assert_eq!(e.to_string(), "cannot connect to h:1: no route");
        assert!(
            SendError::Timeout(Duration::from_secs(2))
                .to_string()
                .starts_with("no answer within")
        );
    }
}
