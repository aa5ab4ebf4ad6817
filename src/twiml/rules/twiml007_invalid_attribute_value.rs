//! TWIML007 invalid-attribute-value.

use super::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name, path};
use crate::twiml::schema;

pub static RULE: Rule = Rule {
    code: "TWIML007",
    name: "invalid-attribute-value",
    severity: Severity::Error,
    summary: "an attribute value of the wrong type or outside its allowed values",
    fix: None,
    docs: r#"### What it does
Checks attribute values against their documented types: booleans (`true`/`false`), whole
numbers and their ranges (`timeout`, `numDigits`, `length`, `maxLength`, `loop`), `method`
(`GET`/`POST`), enums (`input="dtmf speech"`, `record`, `trim`, `track`, `reason`, `beep`),
event lists (`statusCallbackEvent="initiated ringing answered completed"`), `finishOnKey`
(one key for `<Gather>`, any keys for `<Record>`) and `speechTimeout` (seconds or `auto`).
Enum words are compared without case.

### Why is this bad?
Twilio rejects invalid values with a schema error (12200) or falls back to a default, so a
`timeout="5s"` or `input="voice"` does not do what it says.

### Example
```xml
<Response><Gather input="voice" timeout="5s"><Say>Say something</Say></Gather></Response>
```

### Use instead
```xml
<Response><Gather input="speech" timeout="5"><Say>Say something</Say></Gather></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for el in cx.elements() {
        let n = name(el);
        let Some(attrs) = schema::element(n).and_then(|e| e.attrs) else {
            continue;
        };
        for a in el.attributes().filter(|a| a.namespace().is_none()) {
            let Some((_, ty)) = attrs.iter().find(|(k, _)| *k == a.name()) else {
                continue;
            };
            if let Err(expected) = schema::check(*ty, a.value()) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        a.range_value(),
                        format!("{}/@{}", path(el), a.name()),
                        format!(
                            "<{n} {}> is \"{}\", expected {expected}",
                            a.name(),
                            crate::ncco::rules::shorten(a.value(), 40)
                        ),
                    )
                    .label(format!("expected {expected}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Gather input=\"dtmf speech\" timeout=\"5\" numDigits=\"4\" finishOnKey=\"\" speechTimeout=\"auto\" method=\"post\" actionOnEmptyResult=\"true\"><Say>x</Say></Gather><Record finishOnKey=\"*#\" trim=\"do-not-trim\"/><Dial record=\"record-from-answer-dual\"><Number statusCallbackEvent=\"initiated ringing answered completed\">+1</Number></Dial></Response>"],
        fail: ["<Response><Gather input=\"voice\"/></Response>", "<Response><Gather timeout=\"5s\"/></Response>", "<Response><Gather finishOnKey=\"12\"/></Response>", "<Response><Pause length=\"0\"/></Response>", "<Response><Redirect method=\"PUT\">/x</Redirect></Response>", "<Response><Dial><Number statusCallbackEvent=\"ringing busy\">+1</Number></Dial></Response>"],
    );
}
