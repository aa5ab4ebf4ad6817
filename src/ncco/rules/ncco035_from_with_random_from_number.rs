//! NCCO035 from-with-random-from-number.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO035",
    name: "from-with-random-from-number",
    severity: Severity::Error,
    summary: "`connect` with both `from` and `randomFromNumber: true`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `connect` actions that give a `from` number and also set `randomFromNumber: true`.

### Why is this bad?
`randomFromNumber` asks Vonage to pick a caller ID from your numbers; `from` names one. The
reference says they cannot be used together, and the Python, Java and Ruby SDKs reject it.

### Example
```json
[{"action": "connect", "from": "447700900000", "randomFromNumber": true,
  "endpoint": [{"type": "phone", "number": "447700900001"}]}]
```

### Use instead
```json
[{"action": "connect", "from": "447700900000",
  "endpoint": [{"type": "phone", "number": "447700900001"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::CONNECT) {
        let (Some(random), Some(from)) = (o.get("randomFromNumber"), o.get("from")) else {
            continue;
        };
        if random.value.is_truthy() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    random.value.span.clone(),
                    format!("{}.randomFromNumber", o.path),
                    "`randomFromNumber` cannot be combined with `from`",
                )
                .related(from.key_span.clone(), "`from` set here")
                .help("keep `from` to choose the caller ID, or remove it to let Vonage pick one of your numbers"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "randomFromNumber": true, "endpoint": [{"type": "app", "user": "a"}]}]"#],
        fail: [r#"[{"action": "connect", "from": "447700900000", "randomFromNumber": true, "endpoint": [{"type": "app", "user": "a"}]}]"#],
    }
}
