//! NCCO005 byte-order-mark.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO005",
    name: "byte-order-mark",
    severity: Severity::Warning,
    summary: "the document starts with a UTF-8 byte-order mark",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds a UTF-8 byte-order mark (U+FEFF, bytes `EF BB BF`) at the start of the document. The rest
of the document is linted as if it were not there.

### Why is this bad?
RFC 8259 says JSON text MUST NOT begin with a BOM, though parsers MAY ignore one. Some do, some
report "unexpected token" at line 1 column 1. Whether Vonage's does is not documented, so this
is a warning: it is an invisible character that can fail a call on a stricter parser.

### Example
```json
﻿[{"action": "talk", "text": "Hello"}]
```
(the file starts with an invisible BOM, often written by Windows editors)

### Use instead
```json
[{"action": "talk", "text": "Hello"}]
```
(save the file as "UTF-8", not "UTF-8 with BOM")
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    if cx.text.starts_with('\u{feff}') {
        out.push(
            Diagnostic::new(&RULE, 0..3, "$", "the document starts with a byte-order mark (U+FEFF)")
                .help("save the file as UTF-8 without a BOM; JSON text must not begin with one (RFC 8259)"),
        );
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: ["[{\"action\": \"talk\", \"text\": \"\u{feff}\"}]"],
        fail: ["\u{feff}[{\"action\": \"talk\", \"text\": \"hi\"}]"],
    }
}
