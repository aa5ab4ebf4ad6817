//! NCCO014 deprecated-field.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema::Status;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO014",
    name: "deprecated-field",
    severity: Severity::Warning,
    summary: "a legacy option that has a current replacement (`voiceName`, `onAnswer.ringback`)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds legacy options that still work but have a documented replacement: `talk.voiceName`
(pre-2020 Polly voice names such as `Amy`, replaced by `language` + `style`) and
`onAnswer.ringback` (replaced by `ringbackTone`).

### Why is this bad?
Legacy options can stop working without notice, and they hide what the call will really sound
like: `voiceName` values map to voices that are being retired.

### Example
```json
[{"action": "talk", "text": "Hello", "voiceName": "Amy"}]
```

### Use instead
```json
[{"action": "talk", "text": "Hello", "language": "en-GB", "style": 0}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        if let Status::Deprecated(instead) = spec.status {
            out.push(
                Diagnostic::new(
                    &RULE,
                    f.member.key_span.clone(),
                    f.path.clone(),
                    format!("`{}` is deprecated", spec.name),
                )
                .help(format!("use {instead} instead")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi", "language": "en-GB"}]"#],
        fail: [r#"[{"action": "talk", "text": "hi", "voiceName": "Amy"}]"#],
    }
}
