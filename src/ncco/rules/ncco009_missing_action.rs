//! NCCO009 missing-action.

use super::{Rule, describe};
use crate::ncco::model::Ctx;
use crate::ncco::tree::get;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO009",
    name: "missing-action",
    severity: Severity::Error,
    summary: "an action object has no `action` string",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that every object in the NCCO array has an `action` member whose value is a string. It
recognises a connect endpoint (`{"type": "websocket", …}`) written where an action belongs.

### Why is this bad?
Without `action` Vonage cannot tell what to do with the object, and the whole NCCO is invalid.

### Example
```json
[{"type": "websocket", "uri": "wss://example.com/socket", "content-type": "audio/l16;rate=16000"}]
```

### Use instead
```json
[{"action": "connect",
  "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
                "content-type": "audio/l16;rate=16000"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for a in &cx.actions {
        let Some(members) = a.members else { continue };
        match a.action {
            Some(m) if m.value.as_str().is_some() => {}
            Some(m) => out.push(
                Diagnostic::new(
                    &RULE,
                    m.value.span.clone(),
                    format!("{}.action", a.path),
                    format!(
                        "`action` must be a string naming the action, found {}",
                        describe(&m.value)
                    ),
                )
                .help("write the action name as a string, e.g. \"action\": \"talk\""),
            ),
            None => {
                let anchor = a.node.span.start..a.node.span.start + 1;
                let d = Diagnostic::new(
                    &RULE,
                    anchor,
                    a.path.clone(),
                    format!("NCCO element {} has no `action`", a.index),
                )
                .label("this object");
                let endpoint = get(members, "type")
                    .and_then(|t| t.value.as_str())
                    .filter(|t| schema::endpoint_spec(t).is_some());
                out.push(match endpoint {
                    Some(t) => d.help(format!(
                        "this looks like a `{t}` endpoint: put it in the `endpoint` array of a `connect` action, {{\"action\": \"connect\", \"endpoint\": [ … ]}}"
                    )),
                    None => d.help("add \"action\" with one of: record, conversation, connect, talk, stream, input, notify, wait, transfer"),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#],
        fail: [r#"[{"text": "hi"}]"#, r#"[{"action": 1}]"#, r#"[{"type": "phone", "number": "447700900000"}]"#],
    }
}
