//! NCCO039 transcription-without-record.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO039",
    name: "transcription-without-record",
    severity: Severity::Warning,
    summary: "`conversation.transcription` without `record: true`",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `conversation` actions with a `transcription` object but without `"record": true`.

### Why is this bad?
Transcription transcribes the recording; with no recording there is nothing to transcribe and
the transcription webhook never fires. Only the Java SDK states this ("Recording must be
enabled for transcription"), hence a warning.

### Example
```json
[{"action": "conversation", "name": "support",
  "transcription": {"eventUrl": ["https://example.com/transcripts"]}}]
```

### Use instead
```json
[{"action": "conversation", "name": "support", "record": true,
  "transcription": {"eventUrl": ["https://example.com/transcripts"]}}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::CONVERSATION) {
        let Some(t) = o.get("transcription") else {
            continue;
        };
        if !o.get("record").is_some_and(|r| r.value.is_truthy()) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    t.key_span.clone(),
                    format!("{}.transcription", o.path),
                    "`transcription` without `\"record\": true`",
                )
                .help(
                    "add \"record\": true; a conversation is only transcribed when it is recorded",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "conversation", "name": "a", "record": true, "transcription": {}}]"#],
        fail: [r#"[{"action": "conversation", "name": "a", "transcription": {}}]"#],
    }
}
