//! NCCO024 invalid-phone-number.

use super::{Rule, checked_strings, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::schema::Check;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO024",
    name: "invalid-phone-number",
    severity: Severity::Error,
    summary: "a phone number that is not E.164 digits (`number`, `from`)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks `connect.from` and a phone endpoint's `number`: E.164 digits, country code first, 7 to
15 digits, no leading zero, no spaces, dashes, dots or brackets.

A leading `+` before otherwise valid digits is only a warning: every reference example omits
it and the Python SDK rejects it, but whether the platform accepts it is not documented.

### Why is this bad?
A number in national format (`07700 900000`) or with punctuation is not dialled as written: the
connect fails and the next action runs, or `from` is refused because it is not one of your
numbers.

### Example
```json
[{"action": "connect", "from": "+44 7700 900000",
  "endpoint": [{"type": "phone", "number": "07700-900001"}]}]
```

### Use instead
```json
[{"action": "connect", "from": "447700900000",
  "endpoint": [{"type": "phone", "number": "447700900001"}]}]
```
"#;

fn e164(s: &str) -> bool {
    (7..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (_, spec, node, path) in checked_strings(cx) {
        if !matches!(spec.check, Check::Phone) {
            continue;
        }
        let s = node.as_str().unwrap_or_default();
        let name = spec.name;
        if e164(s) {
            continue;
        }
        if let Some(rest) = s.strip_prefix('+')
            && e164(rest)
        {
            out.push(
                Diagnostic::new(&RULE, node.span.clone(), path, format!("`{name}` has a leading `+`"))
                    .help(format!(
                        "write \"{rest}\": every reference example omits the `+` and the Python SDK rejects it (the platform's behaviour is undocumented)"
                    ))
                    .warning(),
            );
            continue;
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let help = if s.trim_start().starts_with('0') {
            "this looks like a national number: write it with the country code and without the leading 0, e.g. 447700900000".to_string()
        } else if e164(&digits) {
            format!("write digits only: \"{digits}\"")
        } else {
            "E.164 is 7–15 digits, country code first, e.g. 447700900000".to_string()
        };
        out.push(
            Diagnostic::new(
                &RULE,
                node.span.clone(),
                path,
                format!("`{name}` is not an E.164 number: \"{}\"", shorten(s, 30)),
            )
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "connect", "from": "447700900000", "endpoint": [{"type": "phone", "number": "14155550100"}]}]"#],
        fail: [
            r#"[{"action": "connect", "endpoint": [{"type": "phone", "number": "07700 900000"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "phone", "number": "+447700900000"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "phone", "number": "12"}]}]"#,
        ],
    }
}
