//! NCCO011 legacy-pay-action.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO011",
    name: "legacy-pay-action",
    severity: Severity::Warning,
    summary: "the `pay` action is no longer in the NCCO reference",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `pay` actions. Their fields are still checked against the 2022 reference (`amount`
required and > 0, `prompts`, `voice`).

### Why is this bad?
`pay` (card payments through Stripe, inbound calls only) was in the 2022 reference but is gone
from the current action table, and the PHP SDK deprecated it in 2023. Whether the platform
still runs it is not documented — hence a warning, not an error. New code should not rely on it.

### Example
```json
[{"action": "pay", "amount": 9.99}]
```

### Use instead
```json
[{"action": "talk", "text": "Please pay on our website."},
 {"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```
(or take the payment outside the call; check Vonage's current payments guidance)
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for a in cx.actions.iter().filter(|a| a.name() == Some("pay")) {
        let span = a
            .action
            .map_or(a.node.span.clone(), |m| m.value.span.clone());
        out.push(
            Diagnostic::new(
                &RULE,
                span,
                format!("{}.action", a.path),
                "`pay` is a legacy action, not in the current NCCO reference",
            )
            .help("it may stop working without notice; take payments outside the NCCO"),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#],
        fail: [r#"[{"action": "pay", "amount": 1}]"#],
    }
}
