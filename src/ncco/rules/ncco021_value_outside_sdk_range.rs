//! NCCO021 value-outside-sdk-range.

use super::Rule;
use super::ncco020_value_out_of_range::outside_hard;
use crate::ncco::model::Ctx;
use crate::ncco::schema::Check;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO021",
    name: "value-outside-sdk-range",
    severity: Severity::Warning,
    summary: "a number outside a range that only SDKs enforce, or that the platform clamps",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Warns about numbers inside their documented range but outside a bound that is uncertain:
`connect.timeout` outside 3…7200 (only the Java SDK states it; the reference gives only the
default, 60), `connect.limit` below 1 (Java SDK), `speech.sensitivity` below 10 (Java SDK says
10…100, Python SDK 0…100), and `wait.timeout` outside 0.1…7200 seconds (the platform clamps
it rather than rejecting it).

### Why is this bad?
These values may be accepted, clamped, or rejected depending on where the NCCO is built and
which bound the platform really applies. A `wait` of 10000 seconds waits 7200; a `connect`
that rings for 1 second rarely reaches anybody. It is a warning because the specification is
uncertain, not because the value is known to work.

### Example
```json
[{"action": "connect", "timeout": 1,
  "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```

### Use instead
```json
[{"action": "connect", "timeout": 20,
  "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        let Check::Range(b) = spec.check else {
            continue;
        };
        let Some(v) = f.value().as_f64() else {
            continue;
        };
        if outside_hard(v, &b) || (b.soft_min..=b.soft_max).contains(&v) {
            continue;
        }
        let raw = f.value().as_number_raw().unwrap_or_default();
        out.push(
            Diagnostic::new(
                &RULE,
                f.value().span.clone(),
                f.path.clone(),
                format!(
                    "`{}` is {raw}, outside {}…{}",
                    spec.name, b.soft_min, b.soft_max
                ),
            )
            .help(b.soft_why),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "wait", "timeout": 5}]"#],
        fail: [
            r#"[{"action": "wait", "timeout": 0}]"#,
            r#"[{"action": "connect", "timeout": 1, "endpoint": [{"type": "app", "user": "a"}]}]"#,
        ],
    }
}
