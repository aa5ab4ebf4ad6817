//! NCCO027 text-too-long.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::schema::Check;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO027",
    name: "text-too-long",
    severity: Severity::Error,
    summary: "`talk.text` longer than 1,500 characters (SSML tags not counted)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Counts the characters of `talk.text`, leaving out SSML tags (`<speak>`, `<break time="1s"/>`,
…), and reports more than 1,500.

### Why is this bad?
The reference limits `text` to 1,500 characters excluding SSML tags; a longer `talk` is
rejected and the caller hears nothing.

### Example
```json
[{"action": "talk", "text": "…a 2,000-character terms-and-conditions text…"}]
```

### Use instead
```json
[{"action": "talk", "text": "…the first part…"},
 {"action": "talk", "text": "…the second part…"}]
```
"#;

/// Characters outside `<…>` tags.
pub(crate) fn spoken_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => n += 1,
            _ => {}
        }
    }
    n
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        if !matches!(spec.check, Check::TalkText) {
            continue;
        }
        let Some(s) = f.value().as_str() else {
            continue;
        };
        let n = spoken_len(s);
        if n > 1500 {
            out.push(
                Diagnostic::new(
                    &RULE,
                    f.value().span.clone(),
                    f.path.clone(),
                    format!("`text` is {n} characters long; the limit is 1500"),
                )
                .help("split it into several `talk` actions"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_without_tags() {
        assert_eq!(spoken_len("<speak>ab<break time=\"1s\"/>c</speak>"), 3);
        let long = "a".repeat(1501);
        let ok = format!("<speak>{}</speak>", "a".repeat(1500));
        let codes = crate::ncco::rules::codes_of(&format!(
            "[{{\"action\": \"talk\", \"text\": \"{long}\"}}]"
        ));
        assert!(codes.contains(&"NCCO027"));
        let codes = crate::ncco::rules::codes_of(&format!(
            "[{{\"action\": \"talk\", \"text\": \"{ok}\"}}]"
        ));
        assert!(!codes.contains(&"NCCO027"));
    }
}
