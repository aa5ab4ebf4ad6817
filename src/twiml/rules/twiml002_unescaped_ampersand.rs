//! TWIML002 unescaped-ampersand.

use super::Rule;
use crate::lint::{Diagnostic, Edit, Severity};
use crate::twiml::model::Ctx;

pub static RULE: Rule = Rule {
    code: "TWIML002",
    name: "unescaped-ampersand",
    severity: Severity::Error,
    summary: "a bare `&` in text or an attribute, which XML does not allow",
    fix: Some("replaces the `&` with `&amp;`"),
    docs: r#"### What it does
Finds `&` that does not start an entity (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`) or a
character reference (`&#38;`): in `<Say>` text ("AT&T", "Q&A") and in URLs with a query
string (`action="/next?a=1&b=2"`).

### Why is this bad?
A bare `&` makes the document malformed XML; Twilio rejects the whole reply with error 12100
and the caller hears an application error instead of the prompt.

### Example
```xml
<Response><Say>Welcome to AT&T</Say></Response>
```

### Use instead
```xml
<Response><Say>Welcome to AT&amp;T</Say></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for &at in &cx.amps {
        out.push(
            Diagnostic::new(&RULE, at..at + 1, "/", "unescaped `&`: XML needs `&amp;`")
                .label("write `&amp;`")
                .help("in TwiML text and attribute values, `&` starts an entity; write `&amp;` for a literal ampersand")
                .fix(
                    "replace `&` with `&amp;`",
                    vec![Edit {
                        range: at..at + 1,
                        replacement: "&amp;".into(),
                    }],
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Say>AT&amp;T &#38; &#x26; &lt;</Say></Response>"],
        fail: ["<Response><Say>AT&T</Say></Response>", "<Response><Redirect>/a?x=1&y=2</Redirect></Response>", "<Response><Say>a & b</Say></Response>"],
    );

    #[test]
    fn fixes_and_keeps_linting_the_rest() {
        let src = "<Response><Say>AT&T</Say><Sya/></Response>";
        assert_eq!(super::super::codes_of(src), ["TWIML002", "TWIML004"]);
        let out = crate::twiml::fix_text(src);
        assert_eq!(out.text, "<Response><Say>AT&amp;T</Say><Sya/></Response>");
    }
}
