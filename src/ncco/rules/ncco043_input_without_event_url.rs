//! NCCO043 input-without-event-url.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO043",
    name: "input-without-event-url",
    severity: Severity::Warning,
    summary: "an `input` action without its own `eventUrl`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `input` actions without an `eventUrl`.

### Why is this bad?
The input's result (digits or speech) is posted to `eventUrl`, and the NCCO that webhook
returns is what the call does next — that is how an IVR moves on. Without one, the reference
allows it but the result goes only to the application's event URL, where the answer does not
continue the call in the usual way. Allowed but rarely intended, and the routing is not fully
documented: a warning.

### Example
```json
[{"action": "talk", "text": "Press 1 for sales", "bargeIn": true},
 {"action": "input", "type": ["dtmf"]}]
```

### Use instead
```json
[{"action": "talk", "text": "Press 1 for sales", "bargeIn": true},
 {"action": "input", "type": ["dtmf"], "eventUrl": ["https://example.com/ivr"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::INPUT) {
        if o.get("eventUrl").is_none() {
            out.push(
                Diagnostic::new(&RULE, o.anchor(), o.path.clone(), "`input` without an `eventUrl`")
                    .help("add \"eventUrl\": [\"https://…\"]; the NCCO your webhook returns there is what the call does next"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "input", "type": ["dtmf"], "eventUrl": ["https://x.test"]}]"#],
        fail: [r#"[{"action": "input", "type": ["dtmf"]}]"#],
    }
}
