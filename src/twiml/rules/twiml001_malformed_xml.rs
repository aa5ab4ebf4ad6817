//! TWIML001 malformed-xml.

use super::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, offset_of};

pub static RULE: Rule = Rule {
    code: "TWIML001",
    name: "malformed-xml",
    severity: Severity::Error,
    summary: "the document is not well-formed XML",
    fix: None,
    docs: r#"### What it does
Reports the first place where the document stops being well-formed XML (an unclosed or
mismatched tag, a stray `<`, text outside the root element, bytes that are not UTF-8).
Unescaped `&` are TWIML002's and do not stop the other rules.

### Why is this bad?
Twilio cannot parse the reply: the call hears "an application error has occurred" and the
debugger logs error 12100 (Document parse failure).

### Example
```xml
<Response><Say>Hello</Response>
```

### Use instead
```xml
<Response><Say>Hello</Say></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Err(e) = cx.doc else { return };
    let p = e.pos();
    let at = offset_of(cx.text, p.row, p.col);
    let message = e.to_string();
    // roxmltree appends " at row:col"; the position is shown separately.
    let message = match message.rfind(" at ") {
        Some(i) => &message[..i],
        None => &message,
    };
    out.push(
        Diagnostic::new(&RULE, at..at, "/", format!("not well-formed XML: {message}"))
            .help("every tag must be closed in order (`<Say>…</Say>`, or `<Pause/>`) and there must be one root element, `<Response>`"),
    );
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Say>Hi</Say></Response>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response/>"],
        fail: ["<Response><Say>Hi</Response>", "", "<Response></Response><Response/>", "<Response"],
    );
}
