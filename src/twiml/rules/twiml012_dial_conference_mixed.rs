//! TWIML012 dial-conference-mixed.

use super::{Rule, at_element, child_elements};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name, tag_span};

pub static RULE: Rule = Rule {
    code: "TWIML012",
    name: "dial-conference-mixed",
    severity: Severity::Error,
    summary: "a `<Dial>` mixing `<Conference>` with `<Number>`/`<Client>`/`<Sip>` nouns",
    fix: None,
    docs: r#"### What it does
Finds a `<Dial>` that nests a `<Conference>` together with other nouns (`<Number>`,
`<Client>`, `<Sip>`, `<Queue>`, another `<Conference>`).

### Why is this bad?
A `<Dial>` either joins the caller to one conference or calls up to ten numbers/clients/SIP
endpoints at once, not both: Twilio's debugger reports 13000 ("Conference Noun cannot be mixed
with Number nouns"; the Conference noun can only be used once inside a Dial) and does not dial
the other nouns into the conference. It is an error here, though Twilio files 13000 as a
warning, because the document cannot do what it says. To add people to a conference, call
them with the REST API (`conferences/{name}/participants`) or give each leg its own
`<Dial><Conference>`.

### Example
```xml
<Response>
  <Dial><Conference>Room 1</Conference><Number>+15550100</Number></Dial>
</Response>
```

### Use instead
```xml
<Response>
  <Dial><Conference>Room 1</Conference></Dial>
</Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for dial in cx.elements().filter(|e| name(*e) == "Dial") {
        let nouns: Vec<_> = child_elements(dial).collect();
        let Some(conf) = nouns.iter().find(|n| name(**n) == "Conference") else {
            continue;
        };
        for other in nouns.iter().filter(|n| n.id() != conf.id()) {
            let o = name(*other);
            let mut d = at_element(
                &RULE,
                *other,
                format!("<{o}> in a <Dial> that joins a <Conference>"),
            )
            .related(tag_span(*conf), "the conference");
            d.help = Some(
                "give the conference its own <Dial>; add participants with the REST API".into(),
            );
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Dial><Conference>R</Conference></Dial><Dial><Number>+1</Number><Client>a</Client></Dial></Response>"],
        fail: ["<Response><Dial><Conference>R</Conference><Number>+1</Number></Dial></Response>"],
    );
}
