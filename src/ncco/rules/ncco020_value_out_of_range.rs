//! NCCO020 value-out-of-range.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Bounds, Check};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO020",
    name: "value-out-of-range",
    severity: Severity::Error,
    summary: "a number outside its documented range (`level`, `maxDigits`, `channels`, `limit`, …)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks numbers against their documented ranges (inclusive): `talk`/`stream` `level` −1…1,
`loop` ≥ 0, `talk.style` ≥ 0; `dtmf.timeOut` 0…10, `dtmf.maxDigits` 1…20; `speech.endOnSilence`
0.4…10, `startTimeout` 1…60, `maxDuration` 1…60, `sensitivity` 0…100; `record.channels` 1…32,
`endOnSilence` 3…10, `timeOut` 3…7200; `connect.limit` ≤ 7200 and `timeout` ≥ 0;
`advancedMachineDetection.beep_timeout` 45…120; `pay.amount` > 0.

Ranges that only one SDK states, or that the platform clamps, are NCCO021 warnings instead.

### Why is this bad?
Out-of-range values are rejected by the platform or clamped to something you did not ask for:
`"maxDigits": 30` cannot collect 30 digits, and a `level` of 2 is not "louder".

### Example
```json
[{"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 30, "timeOut": 15}}]
```

### Use instead
```json
[{"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 20, "timeOut": 10}}]
```
"#;

/// "between 1 and 20", "at least 0", "at most 7200", "greater than 0".
pub(crate) fn describe_bounds(min: f64, max: f64, min_exclusive: bool) -> String {
    match (min.is_finite(), max.is_finite()) {
        (true, true) => format!("between {min} and {max}"),
        (true, false) if min_exclusive => format!("greater than {min}"),
        (true, false) => format!("at least {min}"),
        (false, true) => format!("at most {max}"),
        (false, false) => "a finite number".into(),
    }
}

pub(crate) fn outside_hard(v: f64, b: &Bounds) -> bool {
    v < b.hard_min || (b.min_exclusive && v <= b.hard_min) || v > b.hard_max
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        let Check::Range(b) = spec.check else {
            continue;
        };
        let Some(raw) = f.value().as_number_raw() else {
            continue;
        };
        let v = raw.parse::<f64>().unwrap_or(f64::INFINITY);
        if v.is_finite() && !outside_hard(v, &b) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                f.value().span.clone(),
                f.path.clone(),
                format!(
                    "`{}` must be {}, found {raw}",
                    spec.name,
                    describe_bounds(b.hard_min, b.hard_max, b.min_exclusive)
                ),
            )
            .label("out of range"),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "hi", "level": -1, "loop": 0}]"#,
            r#"[{"action": "wait", "timeout": 9000}]"#,
        ],
        fail: [
            r#"[{"action": "talk", "text": "hi", "level": 1.5}]"#,
            r#"[{"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 21}}]"#,
            r#"[{"action": "pay", "amount": 0}]"#,
            r#"[{"action": "talk", "text": "hi", "loop": 1e999}]"#,
        ],
    }
}
