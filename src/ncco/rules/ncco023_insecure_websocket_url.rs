//! NCCO023 insecure-websocket-url.

use super::{Rule, checked_strings};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Check, UrlKind};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO023",
    name: "insecure-websocket-url",
    severity: Severity::Warning,
    summary: "a websocket endpoint with an unencrypted `ws://` URI",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds websocket endpoints whose `uri` starts with `ws://` instead of `wss://`.

### Why is this bad?
The current WebSocket guide says the endpoint must be "accessible over a secure (wss://) URL".
The 2021 JSON Schema and the 2022 reference example still used `ws://`, so the platform may
accept it — hence a warning. Either way the caller's audio would cross the internet
unencrypted.

### Example
```json
[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "ws://example.com/socket",
                                     "content-type": "audio/l16;rate=16000"}]}]
```

### Use instead
```json
[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
                                     "content-type": "audio/l16;rate=16000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (_, spec, node, path) in checked_strings(cx) {
        if !matches!(spec.check, Check::Url(UrlKind::WebSocket)) {
            continue;
        }
        let s = node.as_str().unwrap_or_default();
        if s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("ws://")) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    node.span.clone(),
                    path,
                    "the websocket `uri` uses unencrypted `ws://`",
                )
                .help(format!(
                    "use wss://{}; the current guide requires a secure WebSocket",
                    &s[5..]
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://x.test/s"}]}]"#],
        fail: [r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "ws://x.test/s"}]}]"#],
    }
}
