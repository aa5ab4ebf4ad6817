//! NCCO013 unknown-field.

use super::{Rule, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{self, ObjSpec, Status, Ty};
use crate::ncco::{Diagnostic, Severity, suggest};

pub static RULE: Rule = Rule {
    code: "NCCO013",
    name: "unknown-field",
    severity: Severity::Error,
    summary: "an option the action or object does not have (misspelled, misplaced or wrong case)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds options that the action, settings object or endpoint does not define, and says what was
probably meant: the same name in another case (`bargein` → `bargeIn`), a near spelling, an
option that belongs in a nested object (`maxDigits` → inside `dtmf`), an option of another
action, or a key from a REST body. `contentType` on a websocket endpoint gets its own
explanation: the wire key is `content-type`.

Free-form objects (`notify.payload`, websocket and sip `headers`, `providerOptions`) are not
checked.

### Why is this bad?
Option names are case-sensitive and the platform ignores what it does not know, so a
misspelled option is not an error on the call — it silently does nothing. `"bargein": true`
leaves barge-in off; `"contentType": "audio/l16;rate=8000"` leaves the audio at the default
rate. That is worse than a failure: the call "works" and does the wrong thing.

### Example
```json
[{"action": "talk", "text": "Press 1 for sales", "bargein": true},
 {"action": "input", "type": ["dtmf"], "maxDigits": 1}]
```

### Use instead
```json
[{"action": "talk", "text": "Press 1 for sales", "bargeIn": true},
 {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 1}}]
```
"#;

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for f in cx.fields.iter().filter(|f| f.spec.is_none()) {
        let spec = cx.objects[f.obj].spec;
        let key = f.key();
        let d = Diagnostic::new(
            &RULE,
            f.member.key_span.clone(),
            f.path.clone(),
            format!("unknown option `{}` in {}", shorten(key, 40), spec.what),
        )
        .label("ignored by the platform");
        out.push(d.help(hint(spec, key)));
    }
}

fn hint(spec: &'static ObjSpec, key: &str) -> String {
    let norm = suggest::normalize(key);
    if spec.tag == "websocket" && norm == "contenttype" {
        return "the wire key is `content-type`: `contentType` is only the Node SDK's property name and is never read, so the audio format silently falls back to the default".into();
    }
    let names = spec
        .fields
        .iter()
        .filter(|f| f.name != "action")
        .map(|f| f.name);
    if let Some(close) = suggest::closest(key, names) {
        let canonical = match spec.field(close).map(|f| f.status) {
            Some(Status::Alternate(of)) => of,
            _ => close,
        };
        let required = spec.field(canonical).is_some_and(|f| f.required);
        return if suggest::normalize(close) == norm && required {
            format!("did you mean `{canonical}`? option names are case-sensitive")
        } else if suggest::normalize(close) == norm {
            format!(
                "did you mean `{canonical}`? option names are case-sensitive: as written, `{canonical}` keeps its default"
            )
        } else {
            format!("did you mean `{canonical}`?")
        };
    }
    for outer in spec.fields {
        if let Ty::Obj(nested) = outer.ty
            && let Some(inner) = nested
                .fields
                .iter()
                .find(|i| suggest::normalize(i.name) == norm)
        {
            return format!(
                "`{}` belongs inside `{}`: \"{}\": {{\"{}\": …}}",
                inner.name, outer.name, outer.name, inner.name
            );
        }
    }
    if spec.tag == "transfer" && key == "destination" {
        return "`destination` belongs to the REST call-modify request (`PUT /v1/calls/{uuid}`); the NCCO `transfer` action moves the call into an existing conversation named by `conversationId`".into();
    }
    if matches!(spec.tag, "talk" | "stream")
        && (key.starts_with("event") || key == "eventOnCompletion")
    {
        return format!(
            "`{}` sends no events; to call your server after it, add a `notify` action next",
            spec.tag
        );
    }
    if let Some(other) = schema::ALL_OBJECTS
        .iter()
        .find(|o| o.tag != spec.tag && o.fields.iter().any(|x| x.name == key && x.name != "type"))
    {
        return format!(
            "`{key}` is an option of the {}, not of the {}",
            other.what, spec.what
        );
    }
    let known: Vec<_> = spec
        .fields
        .iter()
        .filter(|f| f.name != "action" && f.status == Status::Current)
        .map(|f| f.name)
        .collect();
    format!("{} options: {}", spec.what, known.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "hi", "bargeIn": true}, {"action": "input", "type": ["dtmf"], "eventUrl": ["https://x.test"]}]"#,
            r#"[{"action": "notify", "payload": {"anything": 1}, "eventUrl": ["https://x.test"]}]"#,
        ],
        fail: [
            r#"[{"action": "talk", "text": "hi", "bargein": true}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://x.test", "contentType": "audio/l16;rate=8000"}]}]"#,
        ],
    }

    #[test]
    fn hints() {
        assert!(hint(&schema::TALK, "bargein").contains("`bargeIn`"));
        assert!(hint(&schema::WEBSOCKET, "contentType").contains("`content-type`"));
        assert!(hint(&schema::INPUT, "maxDigits").contains("inside `dtmf`"));
        assert!(hint(&schema::TALK, "streamUrl").contains("`stream` action"));
        assert!(hint(&schema::TRANSFER, "destination").contains("PUT /v1/calls"));
        assert!(
            hint(&schema::CONNECT, "advancedmachinedetection")
                .contains("`advancedMachineDetection`")
        );
    }
}
