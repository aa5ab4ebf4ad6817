//! NCCO019 invalid-enum-value.

use super::{Rule, checked_strings, endpoint_nodes, quoted_list, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{self, Check};
use crate::ncco::tree::{Node, get_last};
use crate::ncco::{Diagnostic, Severity, suggest};

pub static RULE: Rule = Rule {
    code: "NCCO019",
    name: "invalid-enum-value",
    severity: Severity::Error,
    summary: "a value outside the allowed set (`eventMethod`, `input.type`, endpoint `type`, `content-type`, …)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks values that must come from a fixed, case-sensitive set: endpoint `type` (`phone`, `app`,
`websocket`, `sip`, `vbc`), `input.type` elements (`dtmf`, `speech`), `input.mode`
(`synchronous`, `asynchronous`), every `eventMethod` (`GET`, `POST`), `record.format` (`mp3`,
`wav`, `ogg`), `record.split` (`conversation`), `connect.eventType` (`synchronous`),
`machineDetection` and `advancedMachineDetection.behavior` (`continue`, `hangup`),
`advancedMachineDetection.mode` (`default`, `detect`, `detect_beep`), websocket `content-type`
(`audio/l16;rate=8000`, `audio/l16;rate=16000`, `audio/l16;rate=24000`), `authorization.type`
(`vonage`, `custom`) and pay prompt `type`.

### Why is this bad?
An unknown value is either rejected or replaced by the default without a word: `"eventMethod":
"post"` is not `POST`, and `"content-type": "audio/l16;rate=44100"` is not a rate Vonage sends.

### Example
```json
[{"action": "input", "type": ["DTMF"], "eventMethod": "post",
  "eventUrl": ["https://example.com/ivr"]}]
```

### Use instead
```json
[{"action": "input", "type": ["dtmf"], "eventMethod": "POST",
  "eventUrl": ["https://example.com/ivr"]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (_, spec, node, path) in checked_strings(cx) {
        if let Check::Enum(allowed) = spec.check {
            report(spec.name, allowed, node, path, out);
        }
    }
    let types: Vec<&str> = schema::ENDPOINTS.iter().map(|e| e.tag).collect();
    for (node, path) in endpoint_nodes(cx) {
        let members = node.as_object().unwrap_or_default();
        if let Some(t) = get_last(members, "type") {
            report("type", &types, &t.value, format!("{path}.type"), out);
        }
    }
}

fn report(name: &str, allowed: &[&str], node: &Node<'_>, path: String, out: &mut Vec<Diagnostic>) {
    let Some(value) = node.as_str() else {
        out.push(
            Diagnostic::new(
                &RULE,
                node.span.clone(),
                path,
                format!("`{name}` must be one of {}", quoted_list(allowed)),
            )
            .help("write the value as a string"),
        );
        return;
    };
    if allowed.contains(&value) {
        return;
    }
    let d = Diagnostic::new(
        &RULE,
        node.span.clone(),
        path,
        format!(
            "`{name}` must be one of {}, found `{}`",
            quoted_list(allowed),
            shorten(value, 40)
        ),
    );
    let d = match suggest::closest(value, allowed.iter().copied()) {
        Some(c) if c.eq_ignore_ascii_case(value) => {
            d.help(format!("did you mean `{c}`? values are case-sensitive"))
        }
        Some(c) => d.help(format!("did you mean `{c}`?")),
        None if name == "type" && value.eq_ignore_ascii_case("ws") => {
            d.help("did you mean `websocket`?")
        }
        None => d,
    };
    out.push(d);
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "input", "type": ["dtmf", "speech"], "eventMethod": "GET", "eventUrl": ["https://x.test"]}]"#],
        fail: [
            r#"[{"action": "input", "type": ["DTMF"]}]"#,
            r#"[{"action": "record", "format": "flac"}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "websockets", "uri": "wss://x.test"}]}]"#,
        ],
    }
}
