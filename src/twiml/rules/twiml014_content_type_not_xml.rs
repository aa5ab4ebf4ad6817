//! TWIML014 content-type-not-xml.

use super::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::twiml::model::Ctx;

pub static RULE: Rule = Rule {
    code: "TWIML014",
    name: "content-type-not-xml",
    severity: Severity::Error,
    summary: "a TwiML reply served with a Content-Type that is not XML",
    fix: None,
    docs: r#"### What it does
Checks the Content-Type of a TwiML reply (in `listen`, `replay`, `audit` and `call`; a file
given to `whk twiml lint` has none): it must be XML, `text/xml` or `application/xml`.

### Why is this bad?
Twilio reads the reply according to its Content-Type: `text/plain` is spoken as text or
rejected, `application/json` and `text/html` are an application error (12300, invalid
Content-Type), so a correct document still fails the call.

### Example
```text
HTTP/1.1 200 OK
Content-Type: text/html

<Response><Say>Hello</Say></Response>
```

### Use instead
```text
HTTP/1.1 200 OK
Content-Type: text/xml

<Response><Say>Hello</Say></Response>
```
"#,
    check,
};

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(ct) = cx.content_type else { return };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence.ends_with("/xml") || essence.ends_with("+xml") {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
            0..0,
            "/",
            format!("Content-Type {essence}, expected text/xml or application/xml"),
        )
        .help("serve TwiML with `Content-Type: text/xml`"),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_types() {
        let codes = |ct| -> Vec<_> {
            crate::twiml::lint_reply(Some(ct), b"<Response><Hangup/></Response>")
                .into_iter()
                .map(|d| d.code)
                .collect()
        };
        assert!(codes("text/xml; charset=utf-8").is_empty());
        assert!(codes("application/xml").is_empty());
        assert_eq!(codes("application/json"), ["TWIML014"]);
        assert_eq!(codes("text/html"), ["TWIML014"]);
    }
}
