//! NCCO033 unreachable-after-transfer.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO033",
    name: "unreachable-after-transfer",
    severity: Severity::Warning,
    summary: "actions after a `transfer`, which never run",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds actions that come after a `transfer` action.

### Why is this bad?
`transfer` moves the call's legs into another conversation and is terminal for the current
one, so the rest of this NCCO never runs. The source for "terminal" is the Python SDK's
docstring rather than the reference, hence a warning.

Not reported, on purpose: actions after `connect` (they are the documented fallback when the
callee does not answer), after `conversation` (they run when this leg leaves), and after
`input` (they run when the input webhook returns no new NCCO) — those are normal patterns.

### Example
```json
[{"action": "transfer", "conversationId": "CON-1234"},
 {"action": "talk", "text": "You are now in the conference"}]
```

### Use instead
```json
[{"action": "talk", "text": "Moving you to the conference"},
 {"action": "transfer", "conversationId": "CON-1234"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = cx.actions.iter().position(|a| a.name() == Some("transfer")) else {
        return;
    };
    let Some(next) = cx.actions.get(t + 1) else {
        return;
    };
    let rest = cx.actions.len() - t - 1;
    let span = next
        .action
        .map_or(next.node.span.start..next.node.span.start + 1, |m| {
            m.value.span.clone()
        });
    let transfer = &cx.actions[t];
    let tspan = transfer
        .action
        .map_or(transfer.node.span.clone(), |m| m.value.span.clone());
    let message = if rest == 1 {
        "this action never runs: the `transfer` before it ends this NCCO".to_string()
    } else {
        format!(
            "this action and the {} after it never run: the `transfer` before them ends this NCCO",
            rest - 1
        )
    };
    out.push(
        Diagnostic::new(&RULE, span, next.path.clone(), message)
            .related(tspan, "the call leaves this NCCO here")
            .help("move these actions before the `transfer`, or into the NCCO of the target conversation"),
    );
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "a"}, {"action": "transfer", "conversationId": "C"}]"#],
        fail: [r#"[{"action": "transfer", "conversationId": "C"}, {"action": "talk", "text": "a"}]"#],
    }
}
