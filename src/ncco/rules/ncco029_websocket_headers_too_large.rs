//! NCCO029 websocket-headers-too-large.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema;
use crate::ncco::tree::{Node, Value};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO029",
    name: "websocket-headers-too-large",
    severity: Severity::Error,
    summary: "websocket `headers` larger than 512 bytes of JSON",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Measures a websocket endpoint's `headers` object as compact JSON and reports more than 512
bytes.

### Why is this bad?
The WebSocket guide limits `headers` to 512 bytes; they are delivered as top-level keys of the
first `websocket:connected` message. Larger metadata is refused — pass an id in `headers` and
look the rest up on your server.

### Example
```json
[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
  "content-type": "audio/l16;rate=16000",
  "headers": {"customer": {"name": "…", "history": ["…hundreds of bytes…"]}}}]}]
```

### Use instead
```json
[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
  "content-type": "audio/l16;rate=16000", "headers": {"customerId": "c-1234"}}]}]
```
"#;

/// Length of `node` written as compact JSON.
pub(crate) fn compact_len(node: &Node<'_>) -> usize {
    let str_len = |s: &str| serde_json::to_string(s).map_or(s.len() + 2, |q| q.len());
    match &node.value {
        Value::Null => 4,
        Value::Bool(b) => {
            if *b {
                4
            } else {
                5
            }
        }
        Value::Number(n) => n.len(),
        Value::String(s) => str_len(s),
        Value::Array(a) => 2 + a.iter().map(compact_len).sum::<usize>() + a.len().saturating_sub(1),
        Value::Object(m) => {
            2 + m
                .iter()
                .map(|m| str_len(&m.key) + 1 + compact_len(&m.value))
                .sum::<usize>()
                + m.len().saturating_sub(1)
        }
    }
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::WEBSOCKET) {
        let Some(h) = o.get("headers") else { continue };
        if h.value.as_object().is_none() {
            continue;
        }
        let n = compact_len(&h.value);
        if n > 512 {
            out.push(
                Diagnostic::new(
                    &RULE,
                    h.key_span.clone(),
                    format!("{}.headers", o.path),
                    format!("websocket `headers` are {n} bytes as JSON; the limit is 512"),
                )
                .help("send an id in `headers` and look the rest up on your server"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_length_matches_serde() {
        let src = r#"{"a": [1, true, null, "x\"y"], "b": {"c": -0.5}}"#;
        let p = crate::ncco::syntax::parse(src, 0);
        let v: serde_json::Value = serde_json::from_str(src).unwrap();
        assert_eq!(
            compact_len(p.root.as_ref().unwrap()),
            serde_json::to_string(&v).unwrap().len()
        );
    }

    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://x.test", "content-type": "audio/l16;rate=16000", "headers": {"a": "b"}}]}]"#],
        fail: [],
    }
}
