//! NCCO016 wrong-type.

use super::{Rule, describe, expected};
use crate::ncco::model::Ctx;
use crate::ncco::schema::{Check, Items, Ty};
use crate::ncco::tree::{Kind, Node};
use crate::ncco::{Diagnostic, Edit, Severity};

pub static RULE: Rule = Rule {
    code: "NCCO016",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "a value of the wrong JSON type (`\"true\"` for a boolean, `\"3\"` for a number, …)",
    fix: Some(
        "unquote `\"true\"`/`\"false\"` and numbers in strings where a boolean or number is expected",
    ),
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks the JSON type of every known option: strings, booleans, whole numbers (`loop`,
`maxDigits`, `timeOut`, …), numbers (`level`, `endOnSilence`, …), objects and arrays, and the
type of each array element. `"true"` is not a boolean and `"3"` is not a number; a fraction
where a whole number is expected is reported too. `null` is never a valid option value.

`--fix` replaces `"true"`/`"false"` with `true`/`false`, and a number written as a string
(`"3"`, `"0.5"`) with the number, where the option is a boolean or a number.

### Why is this bad?
Vonage's own examples send `"bargeIn": "true"` and the platform has been seen to coerce such
strings — but that is undocumented, the SDKs reject it, and how far the coercion goes is
unknown. A type error is at best luck and at worst a failed or misbehaving call.

### Example
```json
[{"action": "talk", "text": "Hello", "bargeIn": "true", "loop": "2"},
 {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 1.5}}]
```

### Use instead
```json
[{"action": "talk", "text": "Hello", "bargeIn": true, "loop": 2},
 {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 2}}]
```
"#;

/// `s` when it is a JSON number literal (of a whole number, when `whole`).
fn number_literal(s: &str, whole: bool) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return None;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s0 {
            return None;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let s0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s0 {
            return None;
        }
    }
    (i == b.len() && (!whole || is_whole(s))).then_some(s)
}

fn is_whole(raw: &str) -> bool {
    !raw.contains(['.', 'e', 'E'])
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (f, spec) in cx.known_fields() {
        let v = f.value();
        let name = spec.name;
        match spec.ty {
            Ty::Array(items, _) => match v.as_array() {
                Some(elements) => {
                    for (i, e) in elements.iter().enumerate() {
                        let want = match items {
                            Items::Str => Kind::String,
                            Items::Obj(_) | Items::Endpoint => Kind::Object,
                        };
                        if e.kind() != want {
                            out.push(
                                Diagnostic::new(
                                    &RULE,
                                    e.span.clone(),
                                    format!("{}[{i}]", f.path),
                                    format!(
                                        "elements of `{name}` must be {}, found {}",
                                        want.article(),
                                        describe(e)
                                    ),
                                )
                                .help(element_help(items, e)),
                            );
                        }
                    }
                }
                None => {
                    let lone_ok = match items {
                        Items::Str => v.kind() == Kind::String,
                        Items::Obj(_) | Items::Endpoint => v.kind() == Kind::Object,
                    };
                    if !lone_ok {
                        out.push(mismatch(f.path.clone(), name, spec.ty, v));
                    }
                }
            },
            ty => {
                if !matches_scalar(ty, v) {
                    let mut d = mismatch(f.path.clone(), name, ty, v);
                    if matches!(spec.check, Check::Phone) && v.as_number_raw().is_some() {
                        d = d.help(format!(
                            "phone numbers are strings: write \"{}\"",
                            v.as_number_raw().unwrap_or_default()
                        ));
                    }
                    out.push(d);
                }
            }
        }
    }
}

fn matches_scalar(ty: Ty, v: &Node<'_>) -> bool {
    match ty {
        Ty::Str => v.kind() == Kind::String,
        Ty::Bool => v.kind() == Kind::Bool,
        Ty::Int => v.as_number_raw().is_some_and(is_whole),
        Ty::Num => v.kind() == Kind::Number,
        Ty::Obj(_) | Ty::Map => v.kind() == Kind::Object,
        Ty::Array(..) => v.kind() == Kind::Array,
    }
}

fn mismatch(path: String, name: &str, ty: Ty, v: &Node<'_>) -> Diagnostic {
    let d = Diagnostic::new(
        &RULE,
        v.span.clone(),
        path,
        format!("`{name}` must be {}, found {}", expected(ty), describe(v)),
    );
    let unquote = |lit: &str| {
        vec![Edit {
            range: v.span.clone(),
            replacement: lit.to_string(),
        }]
    };
    match (ty, v.as_str(), v.as_number_raw()) {
        (Ty::Bool, Some(s @ ("true" | "false")), _) => d
            .help(format!(
                "write `{s}` without quotes; the platform has been seen to coerce the string, but that is undocumented and the SDKs reject it"
            ))
            .fix(format!("replace \"{s}\" with {s}"), unquote(s)),
        (Ty::Int | Ty::Num, Some(s), _) if number_literal(s, ty_is_int(ty)).is_some() => d
            .help(format!(
                "write {s} without quotes; the platform may coerce the string, but that is undocumented and the SDKs reject it"
            ))
            .fix(format!("replace \"{s}\" with {s}"), unquote(s)),
        (Ty::Int, _, Some(raw)) => d.help(format!("`{name}` takes a whole number, e.g. {}", whole_example(raw))),
        _ if v.kind() == Kind::Null => d.help(format!("remove `{name}` to use its default, or give it {}", expected(ty))),
        _ => d,
    }
}

fn ty_is_int(ty: Ty) -> bool {
    matches!(ty, Ty::Int)
}

fn whole_example(raw: &str) -> String {
    raw.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && f.abs() < 1e15)
        .map_or_else(|| "3".to_string(), |f| format!("{}", f.round() as i64))
}

fn element_help(items: Items, e: &Node<'_>) -> String {
    match (items, e.as_number_raw()) {
        (Items::Str, Some(raw)) => format!("quote it: \"{raw}\""),
        (Items::Str, None) => "each element is a string".into(),
        _ => "each element is an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    super::super::rule_tests! {
        pass: [
            r#"[{"action": "talk", "text": "hi", "bargeIn": true, "loop": 2, "level": 0.5}]"#,
            r#"[{"action": "stream", "streamUrl": "https://x.test/a.mp3"}]"#,
        ],
        fail: [
            r#"[{"action": "talk", "text": "hi", "bargeIn": "true"}]"#,
            r#"[{"action": "talk", "text": "hi", "loop": 1.5}]"#,
            r#"[{"action": "talk", "text": 3}]"#,
            r#"[{"action": "input", "type": [1]}]"#,
            r#"[{"action": "connect", "endpoint": [{"type": "phone", "number": 447700900000}]}]"#,
            r#"[{"action": "talk", "text": "hi", "level": null}]"#,
        ],
    }

    #[test]
    fn number_literals() {
        assert_eq!(number_literal("3", true), Some("3"));
        assert_eq!(number_literal("-0.5", false), Some("-0.5"));
        assert_eq!(number_literal("-0.5", true), None);
        assert_eq!(number_literal("03", false), None);
        assert_eq!(number_literal("1e3", false), Some("1e3"));
        assert_eq!(number_literal("", false), None);
        assert_eq!(number_literal(" 3", false), None);
        assert_eq!(number_literal("3.", false), None);
    }

    #[test]
    fn fixes_are_offered_only_for_exact_literals() {
        let fixed = |src: &str| {
            crate::ncco::lint_text(src)
                .into_iter()
                .filter(|d| d.code == "NCCO016")
                .map(|d| d.fix.is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fixed(r#"[{"action": "talk", "text": "hi", "bargeIn": "True"}]"#),
            vec![false]
        );
        assert_eq!(
            fixed(r#"[{"action": "talk", "text": "hi", "loop": "2.5"}]"#),
            vec![false]
        );
        assert_eq!(
            fixed(r#"[{"action": "talk", "text": "hi", "level": "0.5"}]"#),
            vec![true]
        );
    }
}
