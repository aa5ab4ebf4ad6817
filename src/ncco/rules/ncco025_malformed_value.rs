//! NCCO025 malformed-value.

use super::{Rule, checked_strings, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::schema::Check;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO025",
    name: "malformed-value",
    severity: Severity::Error,
    summary: "an empty name or id, or DTMF keys and header values with characters they cannot hold",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r##"### What it does
Checks string values with a required shape: `talk.text`, `conversation.name`,
`transfer.conversationId`, `app.user`, `vbc.extension`, sip `user`/`domain`, `speech.uuid` and
pay prompt `text` must not be empty or blank; `record.endOnKey` is one key of `0-9`, `*`, `#`;
a phone endpoint's `dtmfAnswer` holds only `0-9`, `*`, `#` and `p` (a 500 ms pause); a custom
websocket `authorization.value` is printable ASCII and shorter than 8,192 characters.

### Why is this bad?
An empty conversation name or transfer target cannot be found; a `talk` with nothing to say is
rejected; `"endOnKey": "12"` or `"dtmfAnswer": "1,2"` are keys no phone can send, so the
recording never ends on a key and the DTMF is never played.

### Example
```json
[{"action": "record", "endOnKey": "12"},
 {"action": "conversation", "name": ""}]
```

### Use instead
```json
[{"action": "record", "endOnKey": "#"},
 {"action": "conversation", "name": "support-room"}]
```
"##;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (_, spec, node, path) in checked_strings(cx) {
        let s = node.as_str().unwrap_or_default();
        let name = spec.name;
        let problem = match spec.check {
            Check::NonEmpty | Check::TalkText if s.trim().is_empty() => Some((
                format!("`{name}` is empty"),
                format!("give `{name}` a value"),
            )),
            Check::DtmfKey
                if !(s.len() == 1
                    && s.bytes()
                        .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#')) =>
            {
                Some((
                    format!(
                        "`{name}` must be one key (0-9, * or #), found \"{}\"",
                        shorten(s, 20)
                    ),
                    "the recording stops when the caller presses this one key".into(),
                ))
            }
            Check::DtmfAnswer
                if s.is_empty()
                    || !s
                        .bytes()
                        .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'#' | b'p')) =>
            {
                Some((
                    format!(
                        "`{name}` may hold only 0-9, *, # and p, found \"{}\"",
                        shorten(s, 20)
                    ),
                    "use p for a 500 ms pause, e.g. \"p*123#\"".into(),
                ))
            }
            Check::HeaderValue
                if s.len() >= 8192 || !s.bytes().all(|b| (0x20..0x7f).contains(&b)) =>
            {
                Some((
                    format!("`{name}` must be printable ASCII shorter than 8192 characters"),
                    "it is sent verbatim as the Authorization header".into(),
                ))
            }
            _ => None,
        };
        if let Some((message, help)) = problem {
            out.push(Diagnostic::new(&RULE, node.span.clone(), path, message).help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "record", "endOnKey": "0"}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000", "dtmfAnswer": "p*123#"}]}]"#,
        ],
        fail: [
            r#"[{"action": "record", "endOnKey": "12"}]"#,
            r#"[{"action": "talk", "text": "  "}]"#,
            r#"[{"action": "conversation", "name": ""}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000", "dtmfAnswer": "1,2"}]}]"#,
        ],
    }
}
