//! NCCO022 invalid-url.

use super::{Rule, checked_strings, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Check, UrlKind};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO022",
    name: "invalid-url",
    severity: Severity::Error,
    summary: "a URL that is malformed or has the wrong scheme for its field",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks every URL by what the field needs: webhooks and audio files (`eventUrl`, `streamUrl`,
`musicOnHoldUrl`, `ringbackTone`, `onAnswer.url`, transcription `eventUrl`) are absolute
`http://` or `https://` URLs; a websocket endpoint's `uri` is `wss://` (`ws://` is NCCO023);
a sip endpoint's `uri` is a `sip:` or `sips:` URI. Relative URLs, missing hosts, surrounding
spaces and other schemes are reported. A `ws(s)://` `streamUrl` is NCCO031.

### Why is this bad?
Vonage fetches these URLs itself; a URL it cannot fetch means a webhook that never fires,
audio that never plays, or a websocket that never connects — mid-call, with no error to the
caller.

### Example
```json
[{"action": "record", "eventUrl": ["example.com/recordings"]},
 {"action": "connect", "endpoint": [{"type": "websocket", "uri": "https://example.com/socket"}]}]
```

### Use instead
```json
[{"action": "record", "eventUrl": ["https://example.com/recordings"]},
 {"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
                                     "content-type": "audio/l16;rate=16000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec, node, path) in checked_strings(cx) {
        let Check::Url(kind) = spec.check else {
            continue;
        };
        let s = node.as_str().unwrap_or_default();
        let stream_ws =
            spec.name == "streamUrl" && cx.objects[f.obj].spec.tag == "stream" && is_ws(s);
        if stream_ws {
            continue; // NCCO031 explains this one.
        }
        if let Some((message, help)) = problem(spec.name, kind, s) {
            out.push(Diagnostic::new(&RULE, node.span.clone(), path, message).help(help));
        }
    }
}

/// `ws://` or `wss://`, any case.
pub(crate) fn is_ws(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("ws://") || l.starts_with("wss://")
}

fn scheme_of(s: &str) -> Option<String> {
    let (scheme, _) = s.split_once(':')?;
    let ok = scheme.chars().next()?.is_ascii_alphabetic()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| scheme.to_ascii_lowercase())
}

fn problem(name: &str, kind: UrlKind, s: &str) -> Option<(String, String)> {
    let shown = shorten(s, 60);
    if s.trim() != s {
        return Some((
            format!("`{name}` has spaces around the URL"),
            "remove the leading and trailing whitespace".into(),
        ));
    }
    if s.is_empty() {
        return Some((
            format!("`{name}` is an empty URL"),
            format!("e.g. {}", url_example(kind)),
        ));
    }
    match kind {
        UrlKind::Sip => {
            let ok = matches!(scheme_of(s).as_deref(), Some("sip" | "sips"))
                && s.split_once(':').is_some_and(|(_, rest)| {
                    !rest.is_empty() && !rest.contains(char::is_whitespace)
                });
            (!ok).then(|| {
                (
                    format!("`{name}` must be a sip: or sips: URI, found `{shown}`"),
                    format!("e.g. {}", url_example(kind)),
                )
            })
        }
        UrlKind::Http | UrlKind::WebSocket => {
            let want: &[&str] = if kind == UrlKind::Http {
                &["http", "https"]
            } else {
                &["wss", "ws"]
            };
            match scheme_of(s) {
                None => Some((
                    format!("`{name}` is not an absolute URL: `{shown}`"),
                    format!("include the scheme and host, e.g. {}", url_example(kind)),
                )),
                Some(scheme) if !want.contains(&scheme.as_str()) => {
                    let need = if kind == UrlKind::Http {
                        "an http:// or https://"
                    } else {
                        "a wss://"
                    };
                    let help = match (kind, scheme.as_str()) {
                        (UrlKind::WebSocket, "https" | "http") => format!(
                            "Vonage opens the WebSocket itself: write {}",
                            s.replacen(&s[..scheme.len()], "wss", 1)
                        ),
                        (UrlKind::Http, "ws" | "wss") => format!(
                            "`{name}` is fetched over HTTP(S); WebSockets belong in a `connect` websocket endpoint"
                        ),
                        _ => format!("e.g. {}", url_example(kind)),
                    };
                    Some((
                        format!("`{name}` must be {need} URL, found `{scheme}:`"),
                        help,
                    ))
                }
                Some(_) => match url::Url::parse(s) {
                    Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => None,
                    Ok(_) => Some((
                        format!("`{name}` has no host: `{shown}`"),
                        format!("e.g. {}", url_example(kind)),
                    )),
                    Err(e) => Some((
                        format!("`{name}` is not a valid URL ({e}): `{shown}`"),
                        format!("e.g. {}", url_example(kind)),
                    )),
                },
            }
        }
    }
}

fn url_example(kind: UrlKind) -> &'static str {
    match kind {
        UrlKind::Http => "https://example.com/webhooks/event",
        UrlKind::WebSocket => "wss://example.com/socket",
        UrlKind::Sip => "sip:rebekka@sip.example.com",
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "record", "eventUrl": ["https://x.test/r?a=1"]}]"#,
            r#"[{"action": "stream", "streamUrl": ["wss://x.test/s"]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "sip", "uri": "sips:a@b.test;transport=tls"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "ws://x.test/s"}]}]"#,
        ],
        fail: [
            r#"[{"action": "record", "eventUrl": ["x.test/r"]}]"#,
            r#"[{"action": "record", "eventUrl": ["ftp://x.test/r"]}]"#,
            r#"[{"action": "record", "eventUrl": [" https://x.test/r"]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "https://x.test/s"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "sip", "uri": "a@b.test"}]}]"#,
            r#"[{"action": "record", "eventUrl": ["https://"]}]"#,
        ],
    }
}
