//! TWIML006 unknown-attribute.

use super::Rule;
use crate::lint::{Diagnostic, Edit, Severity, suggest};
use crate::twiml::model::{Ctx, name, path};
use crate::twiml::schema;

pub static RULE: Rule = Rule {
    code: "TWIML006",
    name: "unknown-attribute",
    severity: Severity::Warning,
    summary: "an attribute the verb or noun does not have, often a misspelling",
    fix: Some("renames the attribute when exactly one known attribute is close to it"),
    docs: r#"### What it does
Finds attributes a verb or noun does not take (`numdigits`, `timout`, `statusCallbackEvents`)
and suggests the closest known one. Attributes of SSML elements and of verbs whose attribute
list whk does not track (`<Pay>`, `<ConversationRelay>`, SignalWire's own) are not checked.

### Why is this bad?
Twilio ignores what it does not know (the debugger logs a 12200 warning): a misspelled
`timeout` silently falls back to the default, and the call behaves differently from what the
document says. It is a warning because the document still runs.

### Example
```xml
<Response><Gather numdigits="4" timout="10"><Say>Enter your PIN</Say></Gather></Response>
```

### Use instead
```xml
<Response><Gather numDigits="4" timeout="10"><Say>Enter your PIN</Say></Gather></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for el in cx.elements().chain(cx.response()) {
        let n = name(el);
        let Some(attrs) = schema::element(n).and_then(|e| e.attrs) else {
            continue;
        };
        let known = || attrs.iter().map(|(a, _)| *a);
        for a in el.attributes().filter(|a| a.namespace().is_none()) {
            let an = a.name();
            if known().any(|k| k == an) {
                continue;
            }
            let range = a.range_qname();
            let mut d = Diagnostic::new(
                &RULE,
                range.clone(),
                format!("{}/@{an}", path(el)),
                format!("<{n}> has no attribute `{an}`"),
            );
            match suggest::closest(an, known()) {
                Some(s) => {
                    d.message.push_str(&format!(" (did you mean `{s}`?)"));
                    d.label = Some(format!("did you mean `{s}`?"));
                    if suggest::unique_close(an, known()) == Some(s) {
                        d = d.fix(
                            format!("rename `{an}` to `{s}`"),
                            vec![Edit {
                                range,
                                replacement: s.into(),
                            }],
                        );
                    }
                }
                None if attrs.is_empty() => d.help = Some(format!("<{n}> takes no attributes")),
                None => {
                    d.help = Some(format!(
                        "<{n}> takes {}",
                        crate::ncco::rules::quoted_list(&known().collect::<Vec<_>>())
                    ))
                }
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Gather numDigits=\"1\" timeout=\"5\"><Say voice=\"alice\">x</Say></Gather><Pay foo=\"1\"/></Response>"],
        fail: ["<Response><Gather numdigits=\"1\"/></Response>", "<Response><Hangup now=\"yes\"/></Response>"],
    );

    #[test]
    fn renames_a_unique_close_match() {
        let out = crate::twiml::fix_text(
            "<Response><Say>x</Say><Gather timout=\"5\"><Say>x</Say></Gather></Response>",
        );
        assert_eq!(
            out.text,
            "<Response><Say>x</Say><Gather timeout=\"5\"><Say>x</Say></Gather></Response>"
        );
    }
}
