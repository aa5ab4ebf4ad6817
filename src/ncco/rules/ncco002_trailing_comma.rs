//! NCCO002 trailing-comma.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::syntax::IssueKind;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO002",
    name: "trailing-comma",
    severity: Severity::Error,
    summary: "a comma after the last element of an array or object",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds commas after the last element of an array or the last member of an object. Every one is
reported, and the rest of the document is still linted.

### Why is this bad?
JavaScript, JSON5 and many editors accept trailing commas; JSON does not. Vonage treats the
answer as a syntax error: no retry, and the call fails unless a fallback answer URL is set.

### Example
```json
[
  {"action": "talk", "text": "Hello",},
]
```

### Use instead
```json
[
  {"action": "talk", "text": "Hello"}
]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    super::syntax_issues(&RULE, IssueKind::TrailingComma, cx, out);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#],
        fail: [r#"[{"action": "talk", "text": "hi"},]"#, r#"[{"action": "talk", "text": "hi",}]"#],
    }
}
