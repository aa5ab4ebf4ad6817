//! TWIML009 prompt-before-gather.

use roxmltree::Node;

use super::{Rule, at_element};
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::{Ctx, name};

pub static RULE: Rule = Rule {
    code: "TWIML009",
    name: "prompt-before-gather",
    severity: Severity::Warning,
    summary: "a `<Say>`/`<Play>` placed right before an empty `<Gather>` instead of inside it",
    fix: None,
    docs: r#"### What it does
Finds a `<Gather>` with no nested prompt whose previous sibling is a `<Say>` or `<Play>`: the
prompt that should be inside the `<Gather>`.

### Why is this bad?
Verbs run one after another: the prompt plays to the end before `<Gather>` starts listening,
so keys pressed during the prompt (callers who know the menu) are lost, and the caller cannot
barge in. Nested, the prompt plays while `<Gather>` already listens and stops at the first key.

### Example
```xml
<Response>
  <Say>Press 1 for sales.</Say>
  <Gather numDigits="1" action="/menu"/>
</Response>
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

/// The `<Say>`/`<Play>` right before a prompt-less `<Gather>`.
pub(crate) fn prompt_before<'d>(gather: Node<'d, 'd>) -> Option<Node<'d, 'd>> {
    if super::twiml008_gather_without_prompt::has_prompt(gather) {
        return None;
    }
    gather
        .prev_siblings()
        .skip(1)
        .find(Node::is_element)
        .filter(|p| matches!(name(*p), "Say" | "Play"))
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for g in cx.elements().filter(|e| name(*e) == "Gather") {
        let Some(prompt) = prompt_before(g) else {
            continue;
        };
        let p = name(prompt);
        let mut d = at_element(
            &RULE,
            g,
            format!("<Gather> comes after the <{p}> it should contain: keys pressed during the prompt are lost"),
        )
        .related(crate::twiml::model::tag_span(prompt), format!("this <{p}> belongs inside the <Gather>"));
        d.help = Some(format!(
            "move the <{p}> inside: `<Gather …><{p}>…</{p}></Gather>`"
        ));
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests!(
        pass: ["<Response><Gather><Say>x</Say></Gather></Response>", "<Response><Say>Hi</Say><Gather><Say>x</Say></Gather></Response>"],
        fail: ["<Response><Say>Press 1</Say>\n<Gather/></Response>", "<Response><Play>menu.mp3</Play><Gather></Gather></Response>"],
    );
}
