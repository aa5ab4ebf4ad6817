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
            // Wider than 16 members: found through the hash map instead of the scan.
            r#"[{"action": "notify", "eventUrl": ["https://x.test"], "payload": {"k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9, "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14, "k15": 15, "k16": 16, "k17": 17, "k9": 0}}]"#,
        ],
    }

    /// Both lookups report each repeat once, against its first occurrence.
    #[test]
    fn narrow_and_wide_objects_agree() {
        for width in [3, 16, 17, 40] {
            let mut members: Vec<String> = (0..width).map(|i| format!(r#""k{i}": {i}"#)).collect();
            members.push(r#""k1": 0"#.into());
            members.push(r#""k1": 1"#.into());
            let src = format!(
                r#"[{{"action": "notify", "eventUrl": ["https://x.test"], "payload": {{{}}}}}]"#,
                members.join(", ")
            );
            let dups: Vec<_> = crate::ncco::lint_text(&src)
                .into_iter()
                .filter(|d| d.code == "NCCO004")
                .map(|d| d.path)
                .collect();
            assert_eq!(
                dups,
                ["$[0].payload.k1", "$[0].payload.k1"],
                "{width} members"
            );
        }
    }
}
