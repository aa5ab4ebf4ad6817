//! NCCO001 invalid-json.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::syntax::IssueKind;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO001",
    name: "invalid-json",
    severity: Severity::Error,
    summary: "the document is not strict JSON (RFC 8259) or not UTF-8",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that the document is strict JSON (RFC 8259) in UTF-8: one value, double-quoted strings
and keys, no raw control characters in strings, no `+1`, `.5`, `0x1F`, `NaN` or `Infinity`,
nothing after the end. Comments and trailing commas have their own rules (NCCO003, NCCO002).

### Why is this bad?
Vonage parses the answer as JSON. An NCCO with a syntax error is not retried: the fallback
answer URL is used if one is configured, otherwise the call fails — with no message saying why.

### Example
```json
[{'action': 'talk', 'text': 'Hello'}]
```

### Use instead
```json
[{"action": "talk", "text": "Hello"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    super::syntax_issues(&RULE, IssueKind::Invalid, cx, out);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#],
        fail: ["", "[1 2]", "[{'a': 1}]", "[\"a\tb\"]", "[1]]", "[.5]", "{a: 1}"],
    }
}
