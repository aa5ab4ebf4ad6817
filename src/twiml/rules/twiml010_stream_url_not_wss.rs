//! TWIML010 stream-url-not-wss.

use super::{Rule, at_element};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name, path};

pub static RULE: Rule = Rule {
    code: "TWIML010",
    name: "stream-url-not-wss",
    severity: Severity::Error,
    summary: "a `<Stream>` URL that is not `wss://`",
    fix: None,
    docs: r#"### What it does
Checks the `url` of `<Connect><Stream>` and `<Start><Stream>`: Media Streams connect only to
secure WebSockets, so it must be an absolute `wss://` URL. `<Stop><Stream>` (which names a
stream) and a `<Stream>` using a `connectorName` are not checked.

### Why is this bad?
Twilio opens only `wss://` stream URLs: a `ws://` or `http(s)://` URL fails the stream with
error 31922 ("Stream - WebSocket - URL Schema Not Supported") and `<Connect>` ends, often
hanging up the call. A relative URL is a warning: Twilio's Streams API calls the URL "relative
or absolute", but resolved against an `https://` document it is not `wss://`. No `--fix`:
whether `https://x` means `wss://x` is a guess.

### Example
```xml
<Response><Connect><Stream url="https://example.com/media"/></Connect></Response>
```

### Use instead
```xml
<Response><Connect><Stream url="wss://example.com/media"/></Connect></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for s in cx.elements().filter(|e| name(*e) == "Stream") {
        if s.parent_element().is_some_and(|p| name(p) == "Stop") || s.has_attribute("connectorName")
        {
            continue;
        }
        let Some(a) = s.attributes().find(|a| a.name() == "url") else {
            let mut d = at_element(&RULE, s, "<Stream> has no `url`".into());
            d.help = Some(
                "add `url=\"wss://…\"`, the WebSocket Twilio streams the call's audio to".into(),
            );
            out.push(d);
            continue;
        };
        let url = a.value().trim();
        if url
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("wss://"))
        {
            continue;
        }
        let (what, relative) = match url.split_once("://") {
            Some((scheme, _)) => (format!("a {scheme}:// URL"), false),
            None => ("a relative URL".to_string(), true),
        };
        let d = Diagnostic::new(
            &RULE,
            a.range_value(),
            format!("{}/@url", path(s)),
            format!(
                "<Stream url> \"{}\" is {what}; Media Streams need wss://",
                crate::ncco::rules::shorten(url, 60)
            ),
        )
        .label("expected wss://")
        .help("use the secure WebSocket URL of your media server, e.g. `wss://example.com/media`");
        out.push(if relative { d.warning() } else { d });
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Connect><Stream url=\"wss://x.test/m\"/></Connect><Stop><Stream name=\"a\"/></Stop></Response>"],
        fail: ["<Response><Connect><Stream url=\"ws://x.test/m\"/></Connect></Response>", "<Response><Start><Stream url=\"/media\"/></Start></Response>", "<Response><Connect><Stream/></Connect></Response>"],
    );
}
