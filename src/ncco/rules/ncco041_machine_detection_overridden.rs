//! NCCO041 machine-detection-overridden.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO041",
    name: "machine-detection-overridden",
    severity: Severity::Warning,
    summary: "`machineDetection` together with `advancedMachineDetection`, which overrides it",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `connect` actions that set both `machineDetection` and `advancedMachineDetection` (or its
SDK spelling `advanced_machine_detection`).

### Why is this bad?
Advanced machine detection wins; the plain `machineDetection` setting is ignored, so its
`hangup`/`continue` may not be what happens. (Stated in the Python and .NET SDK docstrings and
the AMD concept page, not in the NCCO reference — hence a warning.)

### Example
```json
[{"action": "connect", "machineDetection": "hangup",
  "advancedMachineDetection": {"behavior": "continue", "mode": "detect"},
  "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```

### Use instead
```json
[{"action": "connect",
  "advancedMachineDetection": {"behavior": "continue", "mode": "detect"},
  "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::CONNECT) {
        let Some(plain) = o.get("machineDetection") else {
            continue;
        };
        let Some(adv) = o
            .get("advancedMachineDetection")
            .or_else(|| o.get("advanced_machine_detection"))
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                plain.key_span.clone(),
                format!("{}.machineDetection", o.path),
                format!("`machineDetection` is ignored: `{}` overrides it", adv.key),
            )
            .related(adv.key_span.clone(), "this wins")
            .help("remove `machineDetection` and set `behavior` in the advanced settings"),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "machineDetection": "hangup", "endpoint": [{"type": "app", "user": "a"}]}]"#],
        fail: [r#"[{"action": "connect", "machineDetection": "hangup", "advancedMachineDetection": {}, "endpoint": [{"type": "app", "user": "a"}]}]"#],
    }
}
