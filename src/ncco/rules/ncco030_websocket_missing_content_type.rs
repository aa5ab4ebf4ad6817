//! NCCO030 websocket-missing-content-type.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema, suggest};

pub static RULE: Rule = Rule {
    code: "NCCO030",
    name: "websocket-missing-content-type",
    severity: Severity::Warning,
    summary: "a websocket endpoint without `content-type`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds websocket endpoints with no `content-type`. (A misspelled `contentType` is reported by
NCCO013 instead, not twice.)

### Why is this bad?
`content-type` sets the audio format on the socket: `audio/l16;rate=8000` (320-byte frames
every 20 ms), `audio/l16;rate=16000` (640 bytes) or `audio/l16;rate=24000`. The reference table
marks it optional but the Ruby SDK requires it and the default is not documented consistently,
so a server that assumes one rate can receive another. Uncertain, hence a warning — but a
server should never have to guess its sample rate.

### Example
```json
[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket"}]}]
```

### Use instead
```json
[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
                                     "content-type": "audio/l16;rate=16000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::WEBSOCKET) {
        let present = o
            .members
            .iter()
            .any(|m| suggest::normalize(&m.key) == "contenttype");
        if !present {
            out.push(
                Diagnostic::new(&RULE, o.anchor(), o.path.clone(), "websocket endpoint without `content-type`")
                    .help("add \"content-type\": \"audio/l16;rate=16000\" (or rate=8000 / rate=24000) so the audio format is explicit"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://x.test", "content-type": "audio/l16;rate=8000"}]}]"#],
        fail: [r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://x.test"}]}]"#],
    }
}
