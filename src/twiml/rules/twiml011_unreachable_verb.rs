//! TWIML011 unreachable-verb.

use super::{Rule, at_element, child_elements};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name, tag_span};

pub static RULE: Rule = Rule {
    code: "TWIML011",
    name: "unreachable-verb",
    severity: Severity::Warning,
    summary: "verbs after `<Hangup>`, `<Redirect>` or `<Reject>`, which never run",
    fix: None,
    docs: r#"### What it does
Finds verbs that follow a `<Hangup>`, `<Redirect>` or `<Reject>` in the same `<Response>`.
Reported once, at the first unreachable verb.

### Why is this bad?
`<Hangup>` and `<Reject>` end the call and `<Redirect>` hands control to another document:
nothing after them runs. Usually the order is wrong (a goodbye placed after the hang-up).

### Example
```xml
<Response>
  <Hangup/>
  <Say>Goodbye</Say>
</Response>
```

### Use instead
```xml
<Response>
  <Say>Goodbye</Say>
  <Hangup/>
</Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(resp) = cx.response() else { return };
    let mut verbs = child_elements(resp);
    let Some(end) = verbs.find(|v| matches!(name(*v), "Hangup" | "Redirect" | "Reject")) else {
        return;
    };
    let rest: Vec<_> = verbs.collect();
    let Some(first) = rest.first() else { return };
    let e = name(end);
    let n = rest.len();
    let mut d = at_element(
        &RULE,
        *first,
        format!(
            "{} after <{e}> never {}",
            if n == 1 {
                format!("<{}>", name(*first))
            } else {
                format!("{n} verbs")
            },
            if n == 1 { "runs" } else { "run" }
        ),
    )
    .related(tag_span(end), format!("<{e}> ends this document"));
    d.help = Some(format!(
        "move what should happen before <{e}> above it, or remove it"
    ));
    out.push(d);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Say>Bye</Say><Hangup/></Response>", "<Response><Gather><Say>x</Say></Gather><Redirect>/again</Redirect></Response>"],
        fail: ["<Response><Hangup/><Say>Bye</Say></Response>", "<Response><Redirect>/x</Redirect><Pause/></Response>", "<Response><Reject/><Say>x</Say></Response>"],
    );
}
