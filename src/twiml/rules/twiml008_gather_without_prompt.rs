//! TWIML008 gather-without-prompt.

use super::{Rule, at_element, child_elements};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name};

pub static RULE: Rule = Rule {
    code: "TWIML008",
    name: "gather-without-prompt",
    severity: Severity::Warning,
    summary: "a `<Gather>` with no `<Say>` or `<Play>` inside, so the caller hears silence",
    fix: None,
    docs: r#"### What it does
Finds `<Gather>` elements with no nested `<Say>` or `<Play>` (a `<Pause>` alone is silence)
that do not directly follow a prompt (that case is TWIML009).

### Why is this bad?
`<Gather>` listens while its nested verbs play. With nothing nested the caller hears
silence until `timeout`, and cannot tell that input is expected. It is a warning: gathering
in silence (after a prompt played by an earlier document) can be deliberate.

### Example
```xml
<Response><Gather numDigits="1" action="/menu"/></Response>
```

### Use instead
```xml
<Response>
  <Gather numDigits="1" action="/menu"><Say>Press 1 for sales.</Say></Gather>
</Response>
```
"#,
    check,
};

/// Whether a `<Gather>` nests a prompt.
pub(crate) fn has_prompt(gather: roxmltree::Node<'_, '_>) -> bool {
    child_elements(gather).any(|c| matches!(name(c), "Say" | "Play"))
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for g in cx.elements().filter(|e| name(*e) == "Gather") {
        if has_prompt(g) || super::twiml009_prompt_before_gather::prompt_before(g).is_some() {
            continue;
        }
        let mut d = at_element(
            &RULE,
            g,
            "<Gather> has no <Say> or <Play> inside: the caller hears silence while it waits"
                .into(),
        );
        d.help = Some("nest the prompt: `<Gather …><Say>Press 1 for sales.</Say></Gather>`".into());
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Gather><Say>x</Say></Gather></Response>", "<Response><Gather><Pause/><Play>a.mp3</Play></Gather></Response>"],
        fail: ["<Response><Gather/></Response>", "<Response><Gather><Pause/></Gather></Response>"],
    );
}
