//! NCCO038 input-settings-without-type.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO038",
    name: "input-settings-without-type",
    severity: Severity::Warning,
    summary: "`input.dtmf` or `input.speech` settings for a type the `input` does not collect",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds an `input` with `dtmf` settings whose `type` lacks `"dtmf"`, or `speech` settings whose
`type` lacks `"speech"`.

### Why is this bad?
The settings are ignored: an input of `"type": ["speech"]` never collects digits, whatever
`dtmf.maxDigits` says. Usually the author meant to collect both. Only the Ruby SDK rejects this
outright, so it is a warning.

### Example
```json
[{"action": "input", "type": ["speech"], "dtmf": {"maxDigits": 1},
  "eventUrl": ["https://example.com/ivr"]}]
```

### Use instead
```json
[{"action": "input", "type": ["dtmf", "speech"], "dtmf": {"maxDigits": 1},
  "eventUrl": ["https://example.com/ivr"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::INPUT) {
        let Some(types) = o.get("type").and_then(|t| t.value.as_array()) else {
            continue;
        };
        let has = |t: &str| types.iter().any(|n| n.as_str() == Some(t));
        for kind in ["dtmf", "speech"] {
            if let Some(m) = o.get(kind)
                && !has(kind)
            {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        m.key_span.clone(),
                        format!("{}.{kind}", o.path),
                        format!("`{kind}` settings, but `type` does not include \"{kind}\""),
                    )
                    .help(format!("add \"{kind}\" to `type`, or remove the `{kind}` settings (they are ignored)")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "input", "type": ["dtmf"], "dtmf": {}}]"#],
        fail: [r#"[{"action": "input", "type": ["dtmf"], "speech": {}}]"#],
    }
}
