//! NCCO026 unknown-language.

use super::{Rule, checked_strings, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Check, LangKind, TTS_LANGUAGES};
use crate::ncco::{Diagnostic, Severity, suggest};

pub static RULE: Rule = Rule {
    code: "NCCO026",
    name: "unknown-language",
    severity: Severity::Warning,
    summary: "a language code that is not a known TTS language (error when not BCP-47 at all)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks `language` values. Every one must be shaped like a BCP-47 tag (`en-US`, `cmn-CN`,
`en-GB-WLS`); anything else (`english`, `en_US`) is an **error**. A text-to-speech language
(`talk.language`, the pay `voice.language`) that is well-formed but not in the known TTS list is
a **warning**, with the closest known code: the list changes over time (the Java SDK has 67
codes, the Python SDK 46, the 2021 schema 49), so an unknown code may be new rather than wrong.
Speech-recognition and transcription languages are checked for shape only.

### Why is this bad?
An unsupported TTS language fails the `talk` or falls back to a voice you did not choose; codes
are case-sensitive in the reference's tables (`en-US`, not `en-us`).

### Example
```json
[{"action": "talk", "text": "Bonjour", "language": "fr_FR"}]
```

### Use instead
```json
[{"action": "talk", "text": "Bonjour", "language": "fr-FR"}]
```
"#;

/// `en`, `en-US`, `cmn-CN`, `en-GB-WLS`: a 2–3 letter language, then 2–8 character subtags.
fn bcp47_shaped(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (_, spec, node, path) in checked_strings(cx) {
        let Check::Language(kind) = spec.check else {
            continue;
        };
        let s = node.as_str().unwrap_or_default();
        let close = suggest::closest(s, TTS_LANGUAGES.iter().copied());
        if !bcp47_shaped(s) {
            let d = Diagnostic::new(
                &RULE,
                node.span.clone(),
                path,
                format!(
                    "`{}` is not a BCP-47 language code: \"{}\"",
                    spec.name,
                    shorten(s, 30)
                ),
            );
            let d = match close {
                Some(c) => d.help(format!("did you mean `{c}`?")),
                None => d.help("write a code such as `en-US` or `es-MX`"),
            };
            out.push(Diagnostic {
                severity: Severity::Error,
                ..d
            });
        } else if kind == LangKind::Tts && !TTS_LANGUAGES.contains(&s) {
            let d = Diagnostic::new(
                &RULE,
                node.span.clone(),
                path,
                format!("`{s}` is not a known text-to-speech language"),
            );
            out.push(match close {
                Some(c) => d.help(format!("did you mean `{c}`? (the TTS list changes over time; check the current list if `{s}` is new)")),
                None => d.help("check Vonage's current text-to-speech language list; this one is not in the SDKs' lists"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "hi", "language": "en-GB-WLS"}]"#,
            r#"[{"action": "input", "type": ["speech"], "speech": {"language": "sw-KE"}}]"#,
        ],
        fail: [
            r#"[{"action": "talk", "text": "hi", "language": "en-us"}]"#,
            r#"[{"action": "talk", "text": "hi", "language": "english"}]"#,
            r#"[{"action": "input", "type": ["speech"], "speech": {"language": "en_US"}}]"#,
        ],
    }
}
