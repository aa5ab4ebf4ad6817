//! NCCO034 mute-with-can-speak.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO034",
    name: "mute-with-can-speak",
    severity: Severity::Error,
    summary: "`mute: true` together with `canSpeak` on a `conversation` or `transfer`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `conversation` and `transfer` actions that set `mute: true` and also list `canSpeak`.

### Why is this bad?
The reference says `mute` "is not supported together with `canSpeak`", and the Python, Java
and Ruby SDKs refuse to build it. The two contradict each other: `canSpeak` says who hears this
leg, `mute` says nobody does.

### Example
```json
[{"action": "conversation", "name": "support", "mute": true,
  "canSpeak": ["6a4d6af0-55a6-4667-be90-8614e4c8e83c"]}]
```

### Use instead
```json
[{"action": "conversation", "name": "support", "canSpeak": []}]
```
(an empty `canSpeak` mutes the leg for everyone; or keep `mute: true` and drop `canSpeak`)
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx
        .objects
        .iter()
        .filter(|o| matches!(o.spec.tag, "conversation" | "transfer"))
    {
        let (Some(mute), Some(speak)) = (o.get("mute"), o.get("canSpeak")) else {
            continue;
        };
        if mute.value.is_truthy() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    mute.value.span.clone(),
                    format!("{}.mute", o.path),
                    format!(
                        "`mute` cannot be combined with `canSpeak` in a `{}` action",
                        o.spec.tag
                    ),
                )
                .related(speak.key_span.clone(), "`canSpeak` set here")
                .help("use `mute: true` alone, or `canSpeak: []` to mute the leg for everyone"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "conversation", "name": "a", "mute": false, "canSpeak": []}]"#],
        fail: [
            r#"[{"action": "conversation", "name": "a", "mute": true, "canSpeak": ["x"]}]"#,
            r#"[{"action": "transfer", "conversationId": "a", "mute": true, "canSpeak": []}]"#,
        ],
    }
}
