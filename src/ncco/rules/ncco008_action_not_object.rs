//! NCCO008 action-not-object.

use super::{Rule, describe};
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO008",
    name: "action-not-object",
    severity: Severity::Error,
    summary: "an element of the NCCO array is not an action object",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that every element of the NCCO array is a JSON object. Nested arrays (an NCCO inside an
NCCO), strings and numbers are reported.

### Why is this bad?
Each element must be an action object with an `action` member; anything else makes the whole
NCCO invalid ("missing [ or invalid action" is a syntax error to Vonage: no retry).

### Example
```json
[[{"action": "talk", "text": "Hello"}]]
```

### Use instead
```json
[{"action": "talk", "text": "Hello"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for a in cx.actions.iter().filter(|a| a.members.is_none()) {
        let mut d = Diagnostic::new(
            &RULE,
            a.node.span.clone(),
            a.path.clone(),
            format!(
                "NCCO element {} is {}, not an action object",
                a.index,
                describe(a.node)
            ),
        );
        d = if a.node.as_array().is_some() {
            d.help("an NCCO is one flat array of actions; move these actions up one level")
        } else {
            d.help("each element is an object such as {\"action\": \"talk\", \"text\": \"Hello\"}")
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#],
        fail: [r#"["talk"]"#, r#"[[{"action": "talk", "text": "hi"}]]"#, "[null]"],
    }
}
