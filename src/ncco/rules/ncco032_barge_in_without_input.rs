//! NCCO032 barge-in-without-input.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::tree::get_last;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO032",
    name: "barge-in-without-input",
    severity: Severity::Error,
    summary: "`bargeIn: true` on a `talk`/`stream` that is not followed by an `input` action",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
After a `talk` or `stream` with `bargeIn: true`, the next action that is not itself a `talk` or
`stream` must be an `input`. This rule reports the `bargeIn` when a different action (or the
end of the NCCO) comes first. The string `"true"` counts as true, as the platform is seen to
coerce it.

### Why is this bad?
"An input action must follow any action that has a bargeIn property." Barge-in means "stop
talking when the caller presses a key or speaks" — which only makes sense if something
collects that input. Without the `input`, the NCCO is invalid or the key press is lost. Note
that once set, barge-in stays on (even if a later `talk` says `false`) until an `input` is
reached.

### Example
```json
[{"action": "talk", "text": "Press 1 for sales", "bargeIn": true},
 {"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000"}]}]
```

### Use instead
```json
[{"action": "talk", "text": "Press 1 for sales", "bargeIn": true},
 {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 1},
  "eventUrl": ["https://example.com/ivr"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let mut pending = None;
    for a in &cx.actions {
        match a.name() {
            Some("talk" | "stream") => {
                let barge = a
                    .members
                    .and_then(|m| get_last(m, "bargeIn"))
                    .filter(|m| m.value.is_truthy());
                if pending.is_none()
                    && let Some(m) = barge
                {
                    pending = Some((m, a));
                }
            }
            Some("input") => pending = None,
            _ => {
                if let Some((m, from)) = pending.take() {
                    let next = a
                        .action
                        .map_or(a.node.span.clone(), |m| m.value.span.clone());
                    let what = a
                        .name()
                        .map_or_else(|| "another action".to_string(), |n| format!("`{n}`"));
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            m.value.span.clone(),
                            format!("{}.bargeIn", from.path),
                            format!("`bargeIn` is on, but the next action is {what}, not `input`"),
                        )
                        .label(
                            "barge-in needs an `input` to collect what the caller presses or says",
                        )
                        .related(next, "this comes before any `input`")
                        .help(HELP),
                    );
                }
            }
        }
    }
    if let Some((m, from)) = pending {
        out.push(
            Diagnostic::new(
                &RULE,
                m.value.span.clone(),
                format!("{}.bargeIn", from.path),
                "`bargeIn` is on, but no `input` action follows",
            )
            .label("barge-in needs an `input` to collect what the caller presses or says")
            .help(HELP),
        );
    }
}

const HELP: &str = "add an `input` action right after the talk/stream actions, e.g. {\"action\": \"input\", \"type\": [\"dtmf\"], \"eventUrl\": [\"https://…\"]}, or remove `bargeIn`";

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "a", "bargeIn": true}, {"action": "talk", "text": "b"}, {"action": "input", "type": ["dtmf"]}]"#,
            r#"[{"action": "talk", "text": "a", "bargeIn": false}]"#,
        ],
        fail: [
            r#"[{"action": "talk", "text": "a", "bargeIn": true}]"#,
            r#"[{"action": "stream", "streamUrl": ["https://x.test/a.mp3"], "bargeIn": "true"}, {"action": "record"}]"#,
        ],
    }
}
