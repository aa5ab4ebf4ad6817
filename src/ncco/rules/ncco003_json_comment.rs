//! NCCO003 json-comment.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::syntax::IssueKind;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO003",
    name: "json-comment",
    severity: Severity::Error,
    summary: "a `//` or `/* */` comment in the document",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `//` and `/* … */` comments. Every one is reported, and the rest of the document is still
linted.

### Why is this bad?
Comments are JSONC, not JSON. Vonage parses the NCCO as strict JSON, so a commented NCCO is a
syntax error and the call fails (or goes to the fallback answer URL).

### Example
```json
[
  // greet the caller
  {"action": "talk", "text": "Hello"}
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
    super::syntax_issues(&RULE, IssueKind::Comment, cx, out);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "// not a comment"}]"#],
        fail: ["// hi\n[]", "[/* a */ {\"action\": \"talk\", \"text\": \"hi\"}]"],
    }
}
