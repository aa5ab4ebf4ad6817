//! NCCO036 async-input-with-dtmf.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO036",
    name: "async-input-with-dtmf",
    severity: Severity::Error,
    summary: "`input` in `asynchronous` mode with `dtmf` settings",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `input` actions with `"mode": "asynchronous"` that also carry a `dtmf` settings object.

### Why is this bad?
In asynchronous mode each DTMF digit is sent to the event URL as it is pressed, so
`maxDigits`, `timeOut` and `submitOnHash` have nothing to act on. The Java SDK rejects the
combination ("DTMF settings cannot be used with asynchronous mode") and the Node SDK documents
that all `dtmf` settings must be left out.

### Example
```json
[{"action": "input", "type": ["dtmf"], "mode": "asynchronous",
  "dtmf": {"maxDigits": 4}, "eventUrl": ["https://example.com/digits"]}]
```

### Use instead
```json
[{"action": "input", "type": ["dtmf"], "mode": "asynchronous",
  "eventUrl": ["https://example.com/digits"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::INPUT) {
        let asynchronous = o.get("mode").and_then(|m| m.value.as_str()) == Some("asynchronous");
        let Some(dtmf) = o.get("dtmf") else { continue };
        if asynchronous {
            out.push(
                Diagnostic::new(
                    &RULE,
                    dtmf.key_span.clone(),
                    format!("{}.dtmf", o.path),
                    "`dtmf` settings cannot be used with `\"mode\": \"asynchronous\"`",
                )
                .help("asynchronous input sends each digit as it is pressed: remove `dtmf`, or use synchronous mode"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "input", "type": ["dtmf"], "mode": "synchronous", "dtmf": {"maxDigits": 1}}]"#],
        fail: [r#"[{"action": "input", "type": ["dtmf"], "mode": "asynchronous", "dtmf": {}}]"#],
    }
}
