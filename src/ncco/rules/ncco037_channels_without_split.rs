//! NCCO037 channels-without-split.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO037",
    name: "channels-without-split",
    severity: Severity::Error,
    summary: "`record.channels` without `split: \"conversation\"`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `record` actions that set `channels` but no `split`.

### Why is this bad?
`channels` (up to 32) records each leg to its own channel — which only happens when the
recording is split: "split conversation must also be enabled". Without `split` the platform
rejects it or records one mixed channel (the Python SDK silently adds `split`, which hides the
mistake until the recording comes back mono).

### Example
```json
[{"action": "record", "channels": 2, "eventUrl": ["https://example.com/recordings"]}]
```

### Use instead
```json
[{"action": "record", "split": "conversation", "channels": 2,
  "eventUrl": ["https://example.com/recordings"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::RECORD) {
        let Some(channels) = o.get("channels") else {
            continue;
        };
        if o.get("split").is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    channels.key_span.clone(),
                    format!("{}.channels", o.path),
                    "`channels` needs `\"split\": \"conversation\"`",
                )
                .help("add \"split\": \"conversation\" so each leg is recorded to its own channel"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "record", "split": "conversation", "channels": 2}]"#],
        fail: [r#"[{"action": "record", "channels": 2}]"#],
    }
}
