//! NCCO007 empty-ncco.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO007",
    name: "empty-ncco",
    severity: Severity::Error,
    summary: "the NCCO array has no actions",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds an empty top-level array, `[]`.

### Why is this bad?
"When all the actions in the NCCO are complete, the call ends": an empty NCCO hangs up at once.
The 2021 JSON Schema requires at least one action (`minItems: 1`), so the platform may instead
reject it as invalid. The reference does not say which happens; either way the caller hears
nothing, which is never what an answer webhook means to do. (It is an error, not a warning,
because both outcomes fail the call; only the way it fails is uncertain.)

### Example
```json
[]
```

### Use instead
```json
[{"action": "talk", "text": "Sorry, nobody can take your call right now."}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.root else { return };
    if root.as_array().is_some_and(<[_]>::is_empty) {
        out.push(
            Diagnostic::new(&RULE, root.span.clone(), cx.path, "the NCCO has no actions")
                .label("empty")
                .help(
                    "an empty NCCO ends the call at once (or is rejected); add at least one action",
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#],
        fail: ["[]", "[ \n ]"],
    }
}
