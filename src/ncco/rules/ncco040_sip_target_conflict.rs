//! NCCO040 sip-target-conflict.

use super::Rule;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO040",
    name: "sip-target-conflict",
    severity: Severity::Error,
    summary: "a sip endpoint needs `uri`, or `user` and `domain` — exactly one of the two",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that a `sip` endpoint names its target one way: either `uri` (a `sip:`/`sips:` URI), or
`user` together with `domain` (a SIP trunk domain from the dashboard). Both, neither, or `user`
without `domain` (or the reverse) are reported.

### Why is this bad?
"Either SIP URI or domain/user must be specified, not both" (Java SDK; Ruby agrees). With both,
which one wins is undefined; with neither, there is nobody to call and the connect fails.

### Example
```json
[{"action": "connect", "endpoint": [{"type": "sip", "uri": "sip:rebekka@sip.example.com",
                                     "user": "rebekka"}]}]
```

### Use instead
```json
[{"action": "connect", "endpoint": [{"type": "sip", "uri": "sip:rebekka@sip.example.com"}]}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for o in cx.objects_of(&schema::SIP) {
        let (uri, user, domain) = (o.get("uri"), o.get("user"), o.get("domain"));
        let problem = match (uri, user, domain) {
            (Some(u), Some(_), _) | (Some(u), _, Some(_)) => Some((
                u.key_span.clone(),
                "a sip endpoint takes `uri` or `user` + `domain`, not both",
                "keep `uri`, or remove it and keep `user` and `domain`",
            )),
            (None, Some(m), None) | (None, None, Some(m)) => Some((
                m.key_span.clone(),
                "`user` and `domain` go together in a sip endpoint",
                "give both `user` and `domain`, or a `uri` instead",
            )),
            (None, None, None) => Some((
                o.anchor(),
                "sip endpoint is missing required `uri` (or `user` and `domain`)",
                "add \"uri\": \"sip:rebekka@sip.example.com\"",
            )),
            _ => None,
        };
        if let Some((span, message, help)) = problem {
            out.push(Diagnostic::new(&RULE, span, o.path.clone(), message).help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [
            r#"[{"action": "connect", "endpoint": [{"type": "sip", "uri": "sip:a@b.test"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "sip", "user": "a", "domain": "trunk"}]}]"#,
        ],
        fail: [
            r#"[{"action": "connect", "endpoint": [{"type": "sip"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "sip", "uri": "sip:a@b.test", "user": "a"}]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "sip", "user": "a"}]}]"#,
        ],
    }
}
