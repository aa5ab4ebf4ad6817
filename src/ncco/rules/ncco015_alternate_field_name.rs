//! NCCO015 alternate-field-name.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema::Status;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO015",
    name: "alternate-field-name",
    severity: Severity::Warning,
    summary: "a snake_case key some SDKs send instead of the documented camelCase one",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds the three keys where the SDKs disagree with the reference: `advanced_machine_detection`
(NET, Ruby) for `connect.advancedMachineDetection` (Python, Java, PHP), `conversation_id`
(Ruby) for `transfer.conversationId` (Java, Python, .NET), and `standard_headers` (.NET) for the
sip endpoint's `standardHeaders` (Python, Java, Node, Ruby). Both spellings are accepted and
checked the same way.

### Why is this bad?
It is uncertain which spelling the platform reads (the research marks all three UNCERTAIN), so
this is only a warning: the documented camelCase key is the one most SDKs send and the safer
bet. If the platform reads only the other spelling, the option is silently ignored.

### Example
```json
[{"action": "transfer", "conversation_id": "CON-1234"}]
```

### Use instead
```json
[{"action": "transfer", "conversationId": "CON-1234"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        if let Status::Alternate(of) = spec.status {
            out.push(
                Diagnostic::new(
                    &RULE,
                    f.member.key_span.clone(),
                    f.path.clone(),
                    format!("`{}` is an SDK spelling; the reference spells it `{of}`", spec.name),
                )
                .help(format!("write `{of}`: SDKs disagree on which key the platform reads, and most send `{of}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "transfer", "conversationId": "CON-1"}]"#],
        fail: [r#"[{"action": "transfer", "conversation_id": "CON-1"}]"#],
    }
}
