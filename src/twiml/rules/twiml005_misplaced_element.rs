//! TWIML005 misplaced-element.

use super::{Rule, at_element};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, known, name};
use crate::twiml::schema;

pub static RULE: Rule = Rule {
    code: "TWIML005",
    name: "misplaced-element",
    severity: Severity::Error,
    summary: "a verb or noun where TwiML does not allow it",
    fix: None,
    docs: r#"### What it does
Checks each known element against what its parent may hold: `<Response>` holds verbs;
`<Gather>` nests `<Say>`, `<Play>` and `<Pause>`; `<Dial>` nests `<Number>`, `<Client>`,
`<Sip>`, `<Conference>`, `<Queue>`, `<Sim>`, `<Application>`; `<Connect>` nests `<Stream>`,
`<Room>`, `<VirtualAgent>`, `<Conversation>`, `<ConversationRelay>`…; `<Start>`/`<Stop>` nest
`<Stream>`, `<Siprec>`, `<Transcription>`; `<Say>` nests SSML.

### Why is this bad?
Twilio validates nesting: a `<Dial>` inside `<Gather>` or a `<Number>` directly under
`<Response>` is a schema error (12200) and the document does not run as written.

### Example
```xml
<Response>
  <Gather><Dial>+15550100</Dial></Gather>
</Response>
```

### Use instead
```xml
<Response>
  <Gather><Say>Press 1 to be connected</Say></Gather>
  <Dial>+15550100</Dial>
</Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for el in cx.elements().filter(|e| known(*e)) {
        let Some(parent) = el.parent_element() else {
            continue;
        };
        let Some(spec) = schema::element(name(parent)) else {
            continue;
        };
        let n = name(el);
        if spec.children.contains(&n) {
            continue;
        }
        let p = name(parent);
        let mut d = at_element(&RULE, el, format!("<{n}> is not allowed inside <{p}>"));
        d.help = Some(match spec.children {
            [] => format!("<{p}> holds no elements"),
            c if c.len() > 8 => format!("<{p}> holds {}…", tags(&c[..8])),
            c => format!("<{p}> holds {}", tags(c)),
        });
        out.push(d);
    }
}

fn tags(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("<{n}>"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Gather><Say>x</Say><Pause/></Gather><Dial><Number>+1</Number></Dial></Response>"],
        fail: ["<Response><Gather><Dial/></Gather></Response>", "<Response><Number>+1</Number></Response>"],
    );
}
