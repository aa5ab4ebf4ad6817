//! TWIML003 root-not-response.

use super::{Rule, at_element};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name};

pub static RULE: Rule = Rule {
    code: "TWIML003",
    name: "root-not-response",
    severity: Severity::Error,
    summary: "the root element is not `<Response>`",
    fix: None,
    docs: r#"### What it does
Checks that the document's root element is `<Response>` (case matters in XML).

### Why is this bad?
Twilio executes only the verbs inside `<Response>`; any other root is a schema error (12200)
and nothing runs. No other rule looks below a wrong root.

### Example
```xml
<response><Say>Hello</Say></response>
```

### Use instead
```xml
<Response><Say>Hello</Say></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.root() else { return };
    let n = name(root);
    if n == "Response" {
        return;
    }
    let mut d = at_element(
        &RULE,
        root,
        format!("the root element is <{n}>, expected <Response>"),
    );
    d.help = Some("wrap the verbs in `<Response>…</Response>`".into());
    out.push(d);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response/>"],
        fail: ["<response/>", "<Say>Hi</Say>"],
    );
}
