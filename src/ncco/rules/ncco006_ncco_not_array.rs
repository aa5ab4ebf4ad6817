//! NCCO006 ncco-not-array.

use super::{Rule, describe, wrap_in_array};
use crate::ncco::model::Ctx;
use crate::ncco::tree::{Value, get};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO006",
    name: "ncco-not-array",
    severity: Severity::Error,
    summary: "the top level is not a JSON array of actions",
    fix: Some("wrap a lone action object in `[` `]`"),
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that the top level of the document is a JSON array. A lone action object is the common
case; `--fix` wraps it in an array. It also recognises a `POST /v1/calls` request body or a
`PUT /v1/calls/{uuid}` transfer body where the NCCO belongs (an answer URL's reply).
`whk ncco lint` itself lints a `POST /v1/calls` body's `ncco` member at `$.ncco`, so in a file
this rule reports the NCCO inside it (`$.ncco`) when that is not an array.

### Why is this bad?
"A Call Control Object (NCCO) is represented by a JSON array" — even with one action. An object
is an invalid NCCO: the call fails with no useful error.

### Example
```json
{"action": "talk", "text": "Hello"}
```

### Use instead
```json
[{"action": "talk", "text": "Hello"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.root else { return };
    if matches!(root.value, Value::Array(_)) {
        return;
    }
    let base = Diagnostic::new(
        &RULE,
        root.span.clone(),
        cx.path,
        format!(
            "an NCCO must be a JSON array of actions, found {}",
            describe(root)
        ),
    );
    let d = match root.as_object() {
        Some(m) if get(m, "ncco").is_some() => base
            .label("a request body, not an NCCO")
            .help("this looks like a `POST /v1/calls` request body; an answer URL returns the array in its `ncco` member, on its own"),
        Some(m) if get(m, "destination").is_some() => base.label("a call-modify body, not an NCCO").help(
            "this looks like a `PUT /v1/calls/{uuid}` transfer body; its `destination.ncco` array is the NCCO",
        ),
        Some(m) if get(m, "action").is_some() => base
            .label("a single action object")
            .help("wrap it in `[` `]`: an NCCO is always an array, even with one action")
            .fix("wrap the action in an array", wrap_in_array(&root.span)),
        _ => base.help("return an array of action objects, e.g. [{\"action\": \"talk\", \"text\": \"Hello\"}]"),
    };
    out.push(d);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#, "[]"],
        fail: [r#"{"action": "talk", "text": "hi"}"#, r#""talk""#, "42", r#"{"ncco": []}"#],
    }
}
