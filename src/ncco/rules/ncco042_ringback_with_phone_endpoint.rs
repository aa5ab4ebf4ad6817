//! NCCO042 ringback-with-phone-endpoint.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO042",
    name: "ringback-with-phone-endpoint",
    severity: Severity::Warning,
    summary: "`connect.ringbackTone` with a `phone` endpoint (not recommended)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `connect` actions with a `ringbackTone` whose endpoint is a `phone` number.

### Why is this bad?
The reference says a ringback tone is "not recommended" with phone endpoints: the carrier
supplies its own ringing, and the two can overlap or cut each other off. It is meant for app,
sip and websocket endpoints. A recommendation, hence a warning.

### Example
```json
[{"action": "connect", "ringbackTone": "https://example.com/ringback.mp3",
  "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```

### Use instead
```json
[{"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::CONNECT) {
        let Some(tone) = o.get("ringbackTone") else {
            continue;
        };
        let phone = cx.objects_of(&schema::PHONE).find(|p| p.action == o.action);
        if let Some(p) = phone {
            out.push(
                Diagnostic::new(
                    &RULE,
                    tone.key_span.clone(),
                    format!("{}.ringbackTone", o.path),
                    "`ringbackTone` is not recommended with a `phone` endpoint",
                )
                .related(p.anchor(), "the carrier plays its own ringing")
                .help("remove `ringbackTone`; the caller already hears the carrier's ringback"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "ringbackTone": "https://x.test/r.mp3", "endpoint": [{"type": "app", "user": "a"}]}]"#],
        fail: [r#"[{"action": "connect", "ringbackTone": "https://x.test/r.mp3", "endpoint": [{"type": "phone", "number": "447700900000"}]}]"#],
    }
}
