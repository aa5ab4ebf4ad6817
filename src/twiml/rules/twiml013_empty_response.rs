//! TWIML013 empty-response.

use super::{Rule, at_element, child_elements};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::Ctx;

pub static RULE: Rule = Rule {
    code: "TWIML013",
    name: "empty-response",
    severity: Severity::Info,
    summary: "an empty `<Response/>`, which ends the call",
    fix: None,
    docs: r#"### What it does
Notes a `<Response>` with no verbs.

### Why is this bad?
It is valid TwiML and often deliberate (acknowledging a status or action request, ending a
call after a `<Gather>` fall-through), so it is only information: on a voice request the call
simply hangs up, which surprises when the verbs were meant to come from somewhere else.

### Example
```xml
<Response/>
```

### Use instead
```xml
<Response><Say>Thanks for calling. Goodbye.</Say><Hangup/></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(resp) = cx.response() else { return };
    if child_elements(resp).next().is_some() {
        return;
    }
    out.push(at_element(
        &RULE,
        resp,
        "empty <Response>: the call hangs up".into(),
    ));
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Hangup/></Response>"],
        fail: ["<Response/>", "<Response>\n</Response>"],
    );
}
