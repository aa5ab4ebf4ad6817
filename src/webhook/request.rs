//! The request a webhook scheme signs or verifies: method, URL, headers, raw body bytes.

use std::fmt;

/// HTTP headers in the order received, names compared case-insensitively.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

/// Headers whose values are credentials and are masked when shown.
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-vapi-secret",
    "cookie",
    "set-cookie",
    "x-api-key",
];

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials never reach Debug output.
        f.debug_list()
            .entries(self.0.iter().map(|(n, v)| {
                if is_sensitive(n) {
                    (n.as_str(), "(redacted)")
                } else {
                    (n.as_str(), v.as_str())
                }
            }))
            .finish()
    }
}

/// Whether a header's value is a credential that should be masked when displayed.
pub fn is_sensitive(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

/// A header line or file that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    #[error("header {line:?} is not `Name: value`")]
    NoColon { line: String },
    #[error("header name {name:?} contains characters not allowed in HTTP header names")]
    BadName { name: String },
    #[error("header {name} is {len} bytes long; whk accepts header values up to {max} bytes")]
    TooLong {
        name: String,
        len: usize,
        max: usize,
    },
    #[error("headers JSON must be an object of strings, or {{\"headers\": {{...}}}}: {detail}")]
    BadJson { detail: String },
}

/// Longest header value whk accepts (real servers cap whole heads at 8–64 KiB).
pub const MAX_HEADER_VALUE: usize = 64 * 1024;

impl Headers {
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    /// Add a header, keeping any existing ones with the same name.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Replace every header called `name` with one `name: value`.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.remove(name);
        self.0.push((name.to_string(), value.into()));
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// The first value of `name`, case-insensitively.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(n, _)| n.as_str()).collect()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Merge `other` in, replacing headers of the same name.
    pub fn extend_replace(&mut self, other: &Headers) {
        for (n, v) in other.iter() {
            self.set(n, v);
        }
    }

    /// Parse one `Name: value` line (as given to `-H`).
    pub fn parse_line(line: &str) -> Result<(String, String), HeaderError> {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeaderError::NoColon {
                line: truncate(line, 80),
            });
        };
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(HeaderError::BadName {
                name: truncate(name, 80),
            });
        }
        let value = value.trim();
        if value.len() > MAX_HEADER_VALUE {
            return Err(HeaderError::TooLong {
                name: name.to_string(),
                len: value.len(),
                max: MAX_HEADER_VALUE,
            });
        }
        Ok((name.to_string(), value.to_string()))
    }

    /// Parse a pasted HTTP request head or plain `Name: value` lines. A request line
    /// (`POST /path HTTP/1.1`) is skipped; reading stops at the first blank line after a header.
    /// A `curl -v` transcript is read as the request head its `> ` lines show (`*` notes, `<`
    /// response lines and `{`/`}` data lines are not the request's headers).
    pub fn parse_lines(text: &str) -> Result<Headers, HeaderError> {
        let curl = text.lines().any(|l| l.starts_with('>'));
        let lines = text.lines().filter_map(|raw| match curl {
            false => Some(raw),
            true => raw
                .strip_prefix('>')
                .map(|l| l.strip_prefix(' ').unwrap_or(l)),
        });
        let mut headers = Headers::new();
        for (i, raw) in lines.enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() {
                if headers.is_empty() {
                    continue;
                }
                break;
            }
            if i == 0 && is_request_line(line) {
                continue;
            }
            let (n, v) = Headers::parse_line(line)?;
            headers.push(n, v);
        }
        Ok(headers)
    }

    /// Read headers from JSON: `{"Name": "value"}` or `{"headers": {...}}` (what
    /// `whk sign --format json` prints). Arrays of strings become repeated headers.
    pub fn from_json(value: &serde_json::Value) -> Result<Headers, HeaderError> {
        let obj = value.as_object().ok_or_else(|| HeaderError::BadJson {
            detail: "top level is not an object".into(),
        })?;
        let obj = match obj.get("headers") {
            Some(serde_json::Value::Object(inner)) => inner,
            _ => obj,
        };
        let mut headers = Headers::new();
        for (name, v) in obj {
            match v {
                serde_json::Value::String(s) => headers.push(name.clone(), s.clone()),
                serde_json::Value::Number(n) => headers.push(name.clone(), n.to_string()),
                serde_json::Value::Array(items) => {
                    for item in items {
                        let s = item.as_str().ok_or_else(|| HeaderError::BadJson {
                            detail: format!("header {name} has a non-string array item"),
                        })?;
                        headers.push(name.clone(), s.to_string());
                    }
                }
                _ => {
                    return Err(HeaderError::BadJson {
                        detail: format!("header {name} is not a string"),
                    });
                }
            }
        }
        Ok(headers)
    }

    /// Read a headers file in any of the accepted shapes, deciding by its first character.
    pub fn parse_any(text: &str) -> Result<Headers, HeaderError> {
        if text.trim_start().starts_with('{') {
            let v: serde_json::Value =
                serde_json::from_str(text).map_err(|e| HeaderError::BadJson {
                    detail: crate::json_error::describe(&e, text.as_bytes()),
                })?;
            Headers::from_json(&v)
        } else {
            Headers::parse_lines(text)
        }
    }

    /// The headers as a JSON object (repeated names joined with ", ").
    pub fn to_json(&self, mask_sensitive: bool) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (n, v) in self.iter() {
            let v = if mask_sensitive && is_sensitive(n) {
                mask(v)
            } else {
                v.to_string()
            };
            match map.get_mut(n) {
                Some(serde_json::Value::String(existing)) => {
                    existing.push_str(", ");
                    existing.push_str(&v);
                }
                _ => {
                    map.insert(n.to_string(), serde_json::Value::String(v));
                }
            }
        }
        serde_json::Value::Object(map)
    }
}

/// Mask a credential for display: keep a scheme word such as `Bearer`, hide the rest.
pub fn mask(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, rest))
            if !rest.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            format!("{scheme} ****")
        }
        _ => "****".to_string(),
    }
}

fn is_request_line(line: &str) -> bool {
    let mut parts = line.split_whitespace();
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(m), Some(_), Some(v)) if m.chars().all(|c| c.is_ascii_uppercase()) && v.starts_with("HTTP/")
    )
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// One webhook delivery as the receiver saw it. Borrowed, so checks can try variants of the
/// body or URL without copying the rest.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `POST`, `GET`, …
    pub method: &'a str,
    /// The full URL the sender requested (scheme, host, port, path, query). Needed by schemes
    /// that sign the URL (Twilio, SignalWire); `None` when unknown.
    pub url: Option<&'a str>,
    pub headers: &'a Headers,
    /// The raw body bytes, exactly as received.
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    pub fn with_body(self, body: &'a [u8]) -> Self {
        Request { body, ..self }
    }

    pub fn with_url(self, url: &'a str) -> Self {
        Request {
            url: Some(url),
            ..self
        }
    }

    /// The media type of the body without parameters, lower-cased (`application/json`).
    pub fn content_type(&self) -> Option<String> {
        self.headers.get("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// Whether the body is a form (`application/x-www-form-urlencoded`), by header or by shape.
    pub fn body_is_form(&self) -> bool {
        match self.content_type().as_deref() {
            Some("application/x-www-form-urlencoded") => true,
            Some(ct) if ct.contains("json") => false,
            _ => {
                let first = self.body.iter().find(|b| !b.is_ascii_whitespace());
                !self.body.is_empty() && !matches!(first, Some(b'{') | Some(b'['))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_request_line_and_are_case_insensitive() {
        let h = Headers::parse_lines(
            "POST /hook HTTP/1.1\r\nHost: example.com\r\nX-Hub-Signature-256: sha256=ab\r\n\r\n{}",
        )
        .unwrap();
        assert_eq!(h.get("x-hub-signature-256"), Some("sha256=ab"));
        assert_eq!(h.len(), 2);
    }

    #[test]
    fn curl_verbose_transcripts_give_the_request_head() {
        let h = Headers::parse_lines(
            "* Host 127.0.0.1:3000 was resolved.\n*   Trying 127.0.0.1:3000...\n\
             * Connected to 127.0.0.1 (127.0.0.1) port 3000\n\
             > POST /hooks?a=1 HTTP/1.1\r\n> Host: 127.0.0.1:3000\r\n\
             > User-Agent: curl/8.5.0\r\n> X-Sig: a:b\r\n>\r\n\
             } [17 bytes data]\n* upload completely sent off: 17 bytes\n\
             < HTTP/1.1 200 OK\n< content-type: text/plain\n<\n> X-Later: no\n",
        )
        .unwrap();
        assert_eq!(h.names(), vec!["Host", "User-Agent", "X-Sig"]);
        assert_eq!(h.get("x-sig"), Some("a:b"));
    }

    #[test]
    fn json_wrapper_and_plain_object() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"headers":{"A":"1","B":["2","3"]}}"#).unwrap();
        let h = Headers::from_json(&v).unwrap();
        assert_eq!(h.get_all("b").collect::<Vec<_>>(), vec!["2", "3"]);
    }

    #[test]
    fn garbled_lines_are_errors_not_panics() {
        assert!(matches!(
            Headers::parse_line("no colon here"),
            Err(HeaderError::NoColon { .. })
        ));
        assert!(matches!(
            Headers::parse_line("bad name: x"),
            Err(HeaderError::BadName { .. })
        ));
        let long = format!("X: {}", "a".repeat(MAX_HEADER_VALUE + 1));
        assert!(matches!(
            Headers::parse_line(&long),
            Err(HeaderError::TooLong { .. })
        ));
    }

    #[test]
    fn debug_masks_credentials() {
        let mut h = Headers::new();
        h.push("Authorization", "Bearer abc.def.ghi");
        assert!(!format!("{h:?}").contains("abc.def"));
        assert_eq!(mask("Bearer abc"), "Bearer ****");
    }
}
