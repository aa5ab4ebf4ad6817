//! NCCO017 lone-value-not-array.

use super::{Rule, wrap_in_array};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Items, Ty};
use crate::ncco::tree::Kind;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO017",
    name: "lone-value-not-array",
    severity: Severity::Error,
    summary: "a lone value where an array is required (`\"eventUrl\": \"https://…\"`)",
    fix: Some("wrap the lone value in `[` `]`"),
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds a single string where an array of strings is required — every `eventUrl`, `streamUrl`,
`musicOnHoldUrl`, `speech.uuid`, `input.type`, `canHear`, `canSpeak`, `speech.context` — and a
single endpoint object where `connect.endpoint` needs an array. `--fix` wraps the value in an
array.

`musicOnHoldUrl` given as a plain string is only a warning: the stale 2021 JSON Schema typed it
as a string (every example and SDK uses an array of one URL, so the array form is correct).

### Why is this bad?
"The `eventUrl` parameter MUST be an array in all actions" (current reference). A string where
an array belongs is a type error the platform does not promise to forgive; in practice the
webhook is never called or the action fails.

### Example
```json
[{"action": "stream", "streamUrl": "https://example.com/hold.mp3"}]
```

### Use instead
```json
[{"action": "stream", "streamUrl": ["https://example.com/hold.mp3"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        let Ty::Array(items, _) = spec.ty else {
            continue;
        };
        let v = f.value();
        let lone = match items {
            Items::Str => v.kind() == Kind::String,
            Items::Obj(_) | Items::Endpoint => v.kind() == Kind::Object,
        };
        if !lone {
            continue;
        }
        let what = if v.kind() == Kind::String {
            "string"
        } else {
            "object"
        };
        let d = Diagnostic::new(
            &RULE,
            v.span.clone(),
            f.path.clone(),
            format!("`{}` must be an array, found a lone {what}", spec.name),
        )
        .label("not in an array")
        .fix("wrap the value in an array", wrap_in_array(&v.span));
        let d = if spec.name == "musicOnHoldUrl" {
            d.warning().help(
                "write [\"…\"]: the 2021 JSON Schema allowed a string, but the reference examples and every SDK use an array of one URL",
            )
        } else if spec.name == "endpoint" {
            d.help("wrap it: \"endpoint\": [{…}] (an array holding one endpoint)")
        } else {
            d.help(format!("wrap it: \"{}\": [\"…\"]", spec.name))
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "stream", "streamUrl": ["https://x.test/a.mp3"]}]"#],
        fail: [
            r#"[{"action": "stream", "streamUrl": "https://x.test/a.mp3"}]"#,
            r#"[{"action": "connect", "endpoint": {"type": "phone", "number": "447700900000"}}]"#,
        ],
    }
}
