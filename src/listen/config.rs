//! What a listener was asked to do, as plain data (the CLI fills it; the server reads it), and
//! the small parsers for durations and sizes the flags use.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;

use super::signature::Verifier;

/// Everything the server, the sink and the recorder need to know.
#[derive(Debug)]
pub struct Config {
    /// Where to bind.
    pub addr: SocketAddr,
    /// Only requests whose path starts with this are deliveries (`/` for all).
    pub path_prefix: String,
    /// How signatures are checked.
    pub verifier: Verifier,
    /// `--public-url`: the base URL URL-signed schemes are checked against.
    pub public_url: Option<String>,
    /// Flag signed timestamps further than this from now.
    pub stale_after: Duration,
    /// `--events` patterns; empty shows everything.
    pub events: Vec<String>,
    pub reply: ReplyConfig,
    /// `--forward-to` base URL (validated `http://`).
    pub forward_to: Option<url::Url>,
    pub forward_timeout: Duration,
    /// Stop after this many deliveries.
    pub count: Option<u64>,
    /// Stop after this long.
    pub timeout: Option<Duration>,
    pub record: Option<RecordConfig>,
    pub max_body: u64,
    pub read_timeout: Duration,
    pub format: Format,
    /// `--strict`: payload warnings fail a delivery (exit 1) like errors.
    pub strict: bool,
    /// `--ui`: the web inspector.
    pub ui: Option<UiConfig>,
    /// Where `received_at`, "now" for signature windows and stale checks, and `--delay` come
    /// from (`WHK_NOW`, `WHK_CLOCK`).
    pub clock: crate::clock::Clock,
}

/// How deliveries are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A block per delivery: head, headers, body, verdict.
    Pretty,
    /// One line per delivery.
    Compact,
    /// One JSON object per delivery on stdout.
    Json,
}

/// How deliveries are answered when they are not forwarded.
#[derive(Clone, Debug)]
pub struct ReplyConfig {
    /// `--status`, default 200.
    pub status: u16,
    /// `--respond FILE`: body and content type.
    pub body: Option<(Bytes, String)>,
    /// `--delay`.
    pub delay: Option<Duration>,
    /// `--fail-first N`.
    pub fail_first: u32,
    /// `--answer`: the NCCO bytes, served at `answer_path`.
    pub answer: Option<Bytes>,
    /// Full path of answer requests.
    pub answer_path: String,
    /// `--answer-path` was given: only requests there are answer requests (else Vonage
    /// answer requests are also recognised by their content, on any path).
    pub answer_path_only: bool,
}

impl Default for ReplyConfig {
    fn default() -> Self {
        ReplyConfig {
            status: 200,
            body: None,
            delay: None,
            fail_first: 0,
            answer: None,
            answer_path: "/answer".into(),
            answer_path_only: false,
        }
    }
}

/// `--ui [--ui-port PORT] [--ui-history SIZE]`.
#[derive(Clone, Debug)]
pub struct UiConfig {
    /// `--ui-port`: a loopback listener of its own (0 picks a free port); `None` serves the
    /// page under `/_whk/` on the listener's port.
    pub port: Option<u16>,
    /// `--ui-history`: bytes of deliveries the inspector keeps in memory.
    pub history: u64,
}

/// `--record DIR [--redact]`.
#[derive(Clone, Debug)]
pub struct RecordConfig {
    pub dir: PathBuf,
    pub redact: bool,
}

/// The Content-Type for a reply file, from its extension.
pub fn content_type_for(path: &std::path::Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") | Some("ncco") => "application/json",
        Some("xml") | Some("twiml") | Some("cxml") | Some("laml") => "application/xml",
        Some("html") | Some("htm") => "text/html; charset=utf-8",
        Some("txt") | Some("text") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv",
        Some("yaml") | Some("yml") => "application/yaml",
        _ => "application/octet-stream",
    }
}

/// Join the request path onto the path of a `--path` prefix or `--forward-to` base:
/// `/api` + `/answer` is `/api/answer`; a request for `/` goes to the base path itself.
pub fn join_path(base: &str, path: &str) -> String {
    if path == "/" || path.is_empty() {
        return if base.is_empty() {
            "/".into()
        } else {
            base.into()
        };
    }
    format!("{}{}", base.trim_end_matches('/'), path)
}

/// Normalise `--path`: leading slash, no trailing slash (except `/` itself).
pub fn normalize_prefix(p: &str) -> String {
    let p = p.trim();
    let mut s = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    };
    while s.len() > 1 && s.ends_with('/') {
        s.pop();
    }
    s
}

/// Whether `path` is `prefix` or below it (`/hooks` covers `/hooks` and `/hooks/x`, not
/// `/hooksx`).
pub fn under_prefix(path: &str, prefix: &str) -> bool {
    if prefix == "/" {
        return true;
    }
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'),
        None => false,
    }
}

/// Parse a size: `10MiB`, `512KiB`, `1MB`, `2048`; K/M/G are binary (1024) multiples either way.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let n: f64 = t[..end]
        .parse()
        .map_err(|_| format!("{s:?} is not a size; write e.g. 10MiB, 512KiB, 2048"))?;
    let factor: u64 = match t[end..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit {other:?}; use KiB, MiB or GiB")),
    };
    let v = n * factor as f64;
    if !v.is_finite() || v < 1.0 || v > (1u64 << 40) as f64 {
        return Err(format!("{s:?} is out of range"));
    }
    Ok(v as u64)
}

/// Whether `event` matches a `--events` pattern (`*` any run of characters, `?` one).
pub fn event_matches(pattern: &str, event: &str) -> bool {
    fn go(p: &[u8], e: &[u8]) -> bool {
        // Iterative glob with single-star backtracking: linear in practice, no recursion blowup.
        let (mut pi, mut ei) = (0, 0);
        let (mut star, mut mark) = (None, 0);
        while ei < e.len() {
            if pi < p.len() && (p[pi] == b'?' || p[pi] == e[ei]) {
                pi += 1;
                ei += 1;
            } else if pi < p.len() && p[pi] == b'*' {
                star = Some(pi);
                mark = ei;
                pi += 1;
            } else if let Some(s) = star {
                pi = s + 1;
                mark += 1;
                ei = mark;
            } else {
                return false;
            }
        }
        while pi < p.len() && p[pi] == b'*' {
            pi += 1;
        }
        pi == p.len()
    }
    go(pattern.trim().as_bytes(), event.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("2048"), Ok(2048));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn globs() {
        assert!(event_matches("call.*", "call.ended"));
        assert!(!event_matches("call.*", "dial.ended"));
        assert!(event_matches("*", ""));
        assert!(event_matches("end-of-call-report", "end-of-call-report"));
        assert!(event_matches("*report", "end-of-call-report"));
        assert!(event_matches("d?al.*", "dial.updated"));
        assert!(!event_matches("call.", "call.ended"));
    }

    #[test]
    fn paths() {
        assert_eq!(join_path("/api", "/answer"), "/api/answer");
        assert_eq!(join_path("/api/", "/answer"), "/api/answer");
        assert_eq!(join_path("/webhook", "/"), "/webhook");
        assert_eq!(join_path("", "/"), "/");
        assert_eq!(normalize_prefix("hooks/"), "/hooks");
        assert_eq!(normalize_prefix("/"), "/");
        assert!(under_prefix("/hooks/a", "/hooks"));
        assert!(under_prefix("/hooks", "/hooks"));
        assert!(!under_prefix("/hooksx", "/hooks"));
        assert!(under_prefix("/anything", "/"));
    }
}
