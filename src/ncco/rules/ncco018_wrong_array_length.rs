//! NCCO018 wrong-array-length.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Count, Ty};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO018",
    name: "wrong-array-length",
    severity: Severity::Error,
    summary: "an array that must hold exactly one element (or at least one) does not",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks array lengths: every `eventUrl`, `streamUrl`, `musicOnHoldUrl` and `speech.uuid` holds
exactly one element; `connect.endpoint` holds exactly one endpoint; `input.type` is not empty.

### Why is this bad?
`streamUrl` is "an array containing a single URL"; `connect` "currently supports a maximum of
one endpoint object". A second URL or endpoint is not a fallback — it is invalid, or silently
ignored. To ring numbers one after another, use one `connect` per number: the next action runs
when a connect ends unanswered.

### Example
```json
[{"action": "connect", "endpoint": [
  {"type": "phone", "number": "447700900000"},
  {"type": "phone", "number": "447700900001"}]}]
```

### Use instead
```json
[{"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000"}]},
 {"action": "connect", "endpoint": [{"type": "phone", "number": "447700900001"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        let Ty::Array(_, count) = spec.ty else {
            continue;
        };
        let Some(elements) = f.value().as_array() else {
            continue;
        };
        let name = spec.name;
        match (count, elements) {
            (Count::One | Count::NonEmpty, []) => out.push(
                Diagnostic::new(
                    &RULE,
                    f.value().span.clone(),
                    f.path.clone(),
                    format!("`{name}` must not be empty"),
                )
                .help(if count == Count::One {
                    format!("`{name}` holds exactly one element")
                } else {
                    format!("`{name}` holds at least one element")
                }),
            ),
            (Count::One, [_, second, rest @ ..]) => {
                let last = rest.last().unwrap_or(second);
                let help = if name == "endpoint" {
                    "connect takes one endpoint; to ring several one after another, use one `connect` action per endpoint".to_string()
                } else {
                    format!("keep one element; `{name}` is an array of exactly one")
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        second.span.start..last.span.end,
                        format!("{}[1]", f.path),
                        format!(
                            "`{name}` must hold exactly one element, found {}",
                            elements.len()
                        ),
                    )
                    .label("extra")
                    .help(help),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "stream", "streamUrl": ["https://x.test/a.mp3"]}]"#],
        fail: [
            r#"[{"action": "stream", "streamUrl": []}]"#,
            r#"[{"action": "stream", "streamUrl": ["https://x.test/a.mp3", "https://x.test/b.mp3"]}]"#,
            r#"[{"action": "input", "type": []}]"#,
        ],
    }
}
