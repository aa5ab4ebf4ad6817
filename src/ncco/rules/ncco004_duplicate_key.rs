//! NCCO004 duplicate-key.

use super::Rule;
use crate::ncco::model::{Ctx, segment};
use crate::ncco::tree::{Member, Node, Value};
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO004",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "the same key twice in one object",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds keys that appear more than once in the same object, anywhere in the document (custom
`headers` and `payload` objects included).

### Why is this bad?
RFC 8259 says names SHOULD be unique and leaves the rest to the parser: JavaScript and Python
keep the last value, others keep the first or reject the document. Which `text` is spoken, or
which `eventUrl` is called, depends on a parser you do not control. (What Vonage's parser does
is not documented, so this is reported as ambiguous rather than as a known failure.)

### Example
```json
[{"action": "talk", "text": "Hello", "text": "Goodbye"}]
```

### Use instead
```json
[{"action": "talk", "text": "Goodbye"}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    // The whole document: a duplicate `ncco` in a request body matters too.
    if let Some(doc) = cx.doc {
        walk(doc, "$", out);
    }
}

fn walk(node: &Node<'_>, path: &str, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Array(elements) => {
            for (i, e) in elements.iter().enumerate() {
                walk(e, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(members) => {
            // First occurrence of each key; a map only pays off for wide objects.
            let mut seen: std::collections::HashMap<&str, &Member<'_>> =
                std::collections::HashMap::new();
            for (i, m) in members.iter().enumerate() {
                let mpath = format!("{path}{}", segment(&m.key));
                let first = if members.len() <= 16 {
                    members[..i].iter().find(|p| p.key == m.key)
                } else {
                    match seen.entry(&m.key) {
                        std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(m);
                            None
                        }
                    }
                };
                if let Some(first) = first {
                    out.push(
                        Diagnostic::new(&RULE, m.key_span.clone(), mpath.clone(), format!("duplicate key `{}`", m.key))
                            .label("repeated here")
                            .related(first.key_span.clone(), "first defined here")
                            .help("parsers disagree on which value wins (JavaScript and Python keep the last); keep only one"),
                    );
                }
                walk(&m.value, &mpath, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}, {"action": "talk", "text": "hi"}]"#],
        fail: [
            r#"[{"action": "talk", "text": "a", "text": "b"}]"#,
            r#"[{"action": "notify", "payload": {"a": 1, "a": 2}, "eventUrl": ["https://x.test"]}]"#,
        ],
    }
}
