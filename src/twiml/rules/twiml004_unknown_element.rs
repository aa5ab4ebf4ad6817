//! TWIML004 unknown-element.

use super::{Rule, at_element};
use crate::lint::{Diagnostic, Severity, suggest};
use crate::twiml::model::{Ctx, known, name};
use crate::twiml::schema;

pub static RULE: Rule = Rule {
    code: "TWIML004",
    name: "unknown-element",
    severity: Severity::Error,
    summary: "a verb or noun TwiML does not have (with a did-you-mean)",
    fix: None,
    docs: r#"### What it does
Finds elements that are not TwiML verbs or nouns (or SSML inside `<Say>`), usually a typo or
the wrong case (`<say>`, `<Gahter>`), and suggests the closest name.

### Why is this bad?
Twilio rejects the document (error 12200, schema validation) or skips the element; either way
the call does not do what the document says.

### Example
```xml
<Response><say>Hello</say></Response>
```

### Use instead
```xml
<Response><Say>Hello</Say></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for el in cx.elements().filter(|e| !known(*e)) {
        let n = name(el);
        let mut d = at_element(&RULE, el, format!("unknown element <{n}>"));
        if let Some(s) = suggest::closest(n, schema::names()) {
            d.message.push_str(&format!(" (did you mean <{s}>?)"));
            d.label = Some(format!("did you mean <{s}>?"));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Say>Hi <break time=\"1s\"/><amazon:effect name=\"whispered\">x</amazon:effect></Say></Response>"],
        fail: ["<Response><say>Hi</say></Response>", "<Response><Dial><Nubmer>+1</Nubmer></Dial></Response>"],
    );
}
