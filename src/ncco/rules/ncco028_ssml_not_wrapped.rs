//! NCCO028 ssml-not-wrapped.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema::Check;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO028",
    name: "ssml-not-wrapped",
    severity: Severity::Warning,
    summary: "SSML tags in `talk.text` that are not wrapped in `<speak>…</speak>`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `talk.text` that contains SSML tags (`<break>`, `<prosody>`, `<say-as>`, `<emphasis>`,
`<p>`, `<s>`, …) but does not start with `<speak>` and end with `</speak>`.

### Why is this bad?
The reference says SSML must be wrapped in `<speak>…</speak>`. Without it the text is not
treated as SSML, so tags may be read aloud or dropped. What exactly happens is not documented,
hence a warning.

### Example
```json
[{"action": "talk", "text": "Please hold. <break time=\"2s\"/> Thank you."}]
```

### Use instead
```json
[{"action": "talk", "text": "<speak>Please hold. <break time=\"2s\"/> Thank you.</speak>"}]
```
"#;

const TAGS: &[&str] = &[
    "break", "prosody", "say-as", "emphasis", "p", "s", "sub", "phoneme", "lang", "amazon:",
    "mark", "w", "speak",
];

fn has_ssml(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        let rest = s[i + 1..].trim_start_matches('/');
        TAGS.iter().any(|t| {
            rest.strip_prefix(t)
                .is_some_and(|after| t.ends_with(':') || after.starts_with(['>', ' ', '/']))
        })
    })
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        if !matches!(spec.check, Check::TalkText) {
            continue;
        }
        let Some(s) = f.value().as_str() else {
            continue;
        };
        let t = s.trim();
        let wrapped = t.starts_with("<speak>") && t.ends_with("</speak>");
        if has_ssml(s) && !wrapped {
            out.push(
                Diagnostic::new(
                    &RULE,
                    f.value().span.clone(),
                    f.path.clone(),
                    "SSML tags outside `<speak>…</speak>`",
                )
                .help(
                    "wrap the whole text: \"<speak>…</speak>\"; otherwise it is not read as SSML",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "<speak>a <break time=\"1s\"/> b</speak>"}]"#,
            r#"[{"action": "talk", "text": "1 < 2 and <3"}]"#,
        ],
        fail: [
            r#"[{"action": "talk", "text": "a <break time=\"1s\"/> b"}]"#,
            r#"[{"action": "talk", "text": "<speak>a</speak> b"}]"#,
        ],
    }
}
