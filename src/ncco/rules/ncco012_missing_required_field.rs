//! NCCO012 missing-required-field.

use super::{Rule, endpoint_nodes, example};
use crate::ncco::model::Ctx;
use crate::ncco::schema::Status;
use crate::ncco::tree::get_last;
use crate::ncco::{Diagnostic, Severity, suggest};

pub static RULE: Rule = Rule {
    code: "NCCO012",
    name: "missing-required-field",
    severity: Severity::Error,
    summary: "a required option is missing (`talk` without `text`, `connect` without `endpoint`, …)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that every action, nested settings object and endpoint has its required options:
`talk.text`, `stream.streamUrl`, `input.type`, `conversation.name`, `connect.endpoint`,
`notify.payload` and `notify.eventUrl`, `transfer.conversationId`, `pay.amount`; an endpoint's
`type`, `phone.number`, `app.user`, `websocket.uri`, `vbc.extension`; `onAnswer.url`;
`authorization.type` (and `value` when the type is `custom`); a pay prompt's `type` and `text`.
A `sip` endpoint's `uri` is checked by NCCO040, because `user` + `domain` can replace it.

### Why is this bad?
An action without its required option is invalid; the call fails at that point with nothing
but a generic error in the event webhook.

### Example
```json
[{"action": "talk", "Text": "Hello"}]
```

### Use instead
```json
[{"action": "talk", "text": "Hello"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in &cx.objects {
        for fs in o.spec.fields.iter().filter(|f| f.required) {
            let satisfied = o.members.iter().any(|m| {
                m.key == fs.name
                    || o.spec
                        .field(&m.key)
                        .is_some_and(|a| a.status == Status::Alternate(fs.name))
            });
            if satisfied {
                continue;
            }
            let near = o
                .members
                .iter()
                .find(|m| suggest::normalize(&m.key) == suggest::normalize(fs.name));
            let d = Diagnostic::new(
                &RULE,
                o.anchor(),
                o.path.clone(),
                format!("{} is missing required `{}`", o.spec.what, fs.name),
            );
            out.push(match near {
                Some(m) => d.help(format!(
                    "found `{}`: option names are case-sensitive, write `{}`",
                    m.key, fs.name
                )),
                None => d.help(format!("add {}", example(fs.name, fs.ty))),
            });
        }
        if o.spec.tag == "authorization"
            && o.get("type").and_then(|t| t.value.as_str()) == Some("custom")
            && o.get("value").is_none()
        {
            out.push(
                Diagnostic::new(&RULE, o.anchor(), o.path.clone(), "`custom` authorization is missing required `value`")
                    .help("add \"value\" with the raw Authorization header to send, e.g. \"Bearer abc123\""),
            );
        }
    }
    for (node, path) in endpoint_nodes(cx) {
        let members = node.as_object().unwrap_or_default();
        if get_last(members, "type").is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    node.span.start..node.span.start + 1,
                    path,
                    "endpoint is missing required `type`",
                )
                .label("this endpoint")
                .help("add \"type\": one of \"phone\", \"app\", \"websocket\", \"sip\", \"vbc\""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "hi"}]"#,
            r#"[{"action": "transfer", "conversation_id": "CON-1"}]"#,
            r#"[{"action": "record"}]"#,
        ],
        fail: [
            r#"[{"action": "talk"}]"#,
            r#"[{"action": "connect", "endpoint": [{"number": "447700900000"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "phone"}]}]"#,
            r#"[{"action": "notify", "payload": {}}]"#,
        ],
    }
}
