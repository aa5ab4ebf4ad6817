//! The rules: one file per rule (`ncco0NN_<name>.rs`), each with a stable code, a name for the
//! bad pattern, a default severity, a one-line summary, docs and a `check` function; listed in
//! [`RULES`], sorted by code.
//!
//! A rule's default severity is what `whk ncco rules` shows. A few rules downgrade single
//! findings to warnings where the specification is uncertain; their docs say which.
//!
//! To add a rule: create `nccoNNN_<name>.rs` with `pub static RULE` and `DOCS` (What it does /
//! Why is this bad? / Example / Use instead), add it to the `mod` list and to [`RULES`], and add
//! `tests/ncco/invalid/NCCONNN.json`. The unit tests below check all of that.

use std::ops::Range;

use super::model::Ctx;
use super::schema::{Items, Ty};
use super::tree::{Node, Value};
use super::{Diagnostic, Edit};

pub mod ncco001_invalid_json;
pub mod ncco002_trailing_comma;
pub mod ncco003_json_comment;
pub mod ncco004_duplicate_key;
pub mod ncco005_byte_order_mark;
pub mod ncco006_ncco_not_array;
pub mod ncco007_empty_ncco;
pub mod ncco008_action_not_object;
pub mod ncco009_missing_action;
pub mod ncco010_unknown_action;
pub mod ncco011_legacy_pay_action;
pub mod ncco012_missing_required_field;
pub mod ncco013_unknown_field;
pub mod ncco014_deprecated_field;
pub mod ncco015_alternate_field_name;
pub mod ncco016_wrong_type;
pub mod ncco017_lone_value_not_array;
pub mod ncco018_wrong_array_length;
pub mod ncco019_invalid_enum_value;
pub mod ncco020_value_out_of_range;
pub mod ncco021_value_outside_sdk_range;
pub mod ncco022_invalid_url;
pub mod ncco023_insecure_websocket_url;
pub mod ncco024_invalid_phone_number;
pub mod ncco025_malformed_value;
pub mod ncco026_unknown_language;
pub mod ncco027_text_too_long;
pub mod ncco028_ssml_not_wrapped;
pub mod ncco029_websocket_headers_too_large;
pub mod ncco030_websocket_missing_content_type;
pub mod ncco031_stream_websocket_url;
pub mod ncco032_barge_in_without_input;
pub mod ncco033_unreachable_after_transfer;
pub mod ncco034_mute_with_can_speak;
pub mod ncco035_from_with_random_from_number;
pub mod ncco036_async_input_with_dtmf;
pub mod ncco037_channels_without_split;
pub mod ncco038_input_settings_without_type;
pub mod ncco039_transcription_without_record;
pub mod ncco040_sip_target_conflict;
pub mod ncco041_machine_detection_overridden;
pub mod ncco042_ringback_with_phone_endpoint;
pub mod ncco043_input_without_event_url;

/// A lint rule: [`crate::lint::Rule`] checking the NCCO context.
pub type Rule = crate::lint::Rule<fn(&Ctx<'_, '_>, &mut Vec<Diagnostic>)>;

/// Every rule, sorted by code.
pub static RULES: &[&Rule] = &[
    &ncco001_invalid_json::RULE,
    &ncco002_trailing_comma::RULE,
    &ncco003_json_comment::RULE,
    &ncco004_duplicate_key::RULE,
    &ncco005_byte_order_mark::RULE,
    &ncco006_ncco_not_array::RULE,
    &ncco007_empty_ncco::RULE,
    &ncco008_action_not_object::RULE,
    &ncco009_missing_action::RULE,
    &ncco010_unknown_action::RULE,
    &ncco011_legacy_pay_action::RULE,
    &ncco012_missing_required_field::RULE,
    &ncco013_unknown_field::RULE,
    &ncco014_deprecated_field::RULE,
    &ncco015_alternate_field_name::RULE,
    &ncco016_wrong_type::RULE,
    &ncco017_lone_value_not_array::RULE,
    &ncco018_wrong_array_length::RULE,
    &ncco019_invalid_enum_value::RULE,
    &ncco020_value_out_of_range::RULE,
    &ncco021_value_outside_sdk_range::RULE,
    &ncco022_invalid_url::RULE,
    &ncco023_insecure_websocket_url::RULE,
    &ncco024_invalid_phone_number::RULE,
    &ncco025_malformed_value::RULE,
    &ncco026_unknown_language::RULE,
    &ncco027_text_too_long::RULE,
    &ncco028_ssml_not_wrapped::RULE,
    &ncco029_websocket_headers_too_large::RULE,
    &ncco030_websocket_missing_content_type::RULE,
    &ncco031_stream_websocket_url::RULE,
    &ncco032_barge_in_without_input::RULE,
    &ncco033_unreachable_after_transfer::RULE,
    &ncco034_mute_with_can_speak::RULE,
    &ncco035_from_with_random_from_number::RULE,
    &ncco036_async_input_with_dtmf::RULE,
    &ncco037_channels_without_split::RULE,
    &ncco038_input_settings_without_type::RULE,
    &ncco039_transcription_without_record::RULE,
    &ncco040_sip_target_conflict::RULE,
    &ncco041_machine_detection_overridden::RULE,
    &ncco042_ringback_with_phone_endpoint::RULE,
    &ncco043_input_without_event_url::RULE,
];

/// A rule by code (any case) or by name.
pub fn rule_by_code(code_or_name: &str) -> Option<&'static Rule> {
    let want = code_or_name.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(want) || r.name == want)
}

// --- helpers shared by the rules --------------------------------------------------------------

/// How a value reads in a message: `the string "true"`, `the number 3`, `null`, `an array`.
/// Turn the parser's issues of one kind into this rule's diagnostics (NCCO001–003).
pub(crate) fn syntax_issues(
    rule: &'static Rule,
    kind: super::syntax::IssueKind,
    cx: &Ctx<'_, '_>,
    out: &mut Vec<Diagnostic>,
) {
    for issue in cx.syntax.iter().filter(|i| i.kind == kind) {
        let mut d = Diagnostic::new(rule, issue.span.clone(), "$", issue.message.clone());
        d.label = issue.label.clone();
        d.help = issue.help.clone();
        out.push(d);
    }
}

pub(crate) fn describe(node: &Node<'_>) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {}", shorten(n, 24)),
        Value::String(s) => format!("the string \"{}\"", shorten(s, 40)),
        Value::Array(a) if a.is_empty() => "an empty array".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// At most `max` characters of `s`, with `…` when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// "`GET`, `POST`".
pub(crate) fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Edits that wrap the value at `span` in `[` … `]`.
pub(crate) fn wrap_in_array(span: &Range<usize>) -> Vec<Edit> {
    vec![
        Edit {
            range: span.start..span.start,
            replacement: "[".into(),
        },
        Edit {
            range: span.end..span.end,
            replacement: "]".into(),
        },
    ]
}

/// A placeholder value of a type, for "add `"text": …`" help.
pub(crate) fn example(name: &str, ty: Ty) -> String {
    match ty {
        Ty::Str => format!("\"{name}\": \"…\""),
        Ty::Bool => format!("\"{name}\": true"),
        Ty::Int | Ty::Num => format!("\"{name}\": 1"),
        Ty::Obj(_) | Ty::Map => format!("\"{name}\": {{…}}"),
        Ty::Array(Items::Str, _) if name.ends_with("Url") => {
            format!("\"{name}\": [\"https://example.com/…\"]")
        }
        Ty::Array(Items::Str, _) => format!("\"{name}\": [\"…\"]"),
        Ty::Array(_, _) => format!("\"{name}\": [{{…}}]"),
    }
}

/// The type a field expects, in words.
pub(crate) fn expected(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string",
        Ty::Bool => "a boolean",
        Ty::Int => "a whole number",
        Ty::Num => "a number",
        Ty::Obj(_) | Ty::Map => "an object",
        Ty::Array(Items::Str, _) => "an array of strings",
        Ty::Array(Items::Obj(_) | Items::Endpoint, _) => "an array of objects",
    }
}

/// Each element of every `connect.endpoint` (or a lone endpoint object), with its path, whether
/// or not its `type` is known.
pub(crate) fn endpoint_nodes<'d, 'a>(cx: &Ctx<'d, 'a>) -> Vec<(&'d Node<'a>, String)> {
    let mut out = Vec::new();
    for f in &cx.fields {
        if cx.objects[f.obj].spec.tag == "connect" && f.key() == "endpoint" {
            for (node, path) in f.items() {
                if node.as_object().is_some() {
                    out.push((node, path));
                }
            }
        }
    }
    out
}

/// Every string value a [`Check`](super::schema::Check) applies to: string fields, and each
/// string element of an array-of-strings field (or a lone string standing for the array), with
/// the field, its spec and the value's path.
pub(crate) fn checked_strings<'c, 'd, 'a>(
    cx: &'c Ctx<'d, 'a>,
) -> impl Iterator<
    Item = (
        &'c super::model::FieldRef<'d, 'a>,
        &'static super::schema::FieldSpec,
        &'d Node<'a>,
        String,
    ),
> + 'c {
    cx.known_fields().flat_map(|(f, spec)| {
        let items = match spec.ty {
            Ty::Str => vec![(f.value(), f.path.clone())],
            Ty::Array(Items::Str, _) => f.items(),
            _ => Vec::new(),
        };
        items
            .into_iter()
            .filter(|(n, _)| n.as_str().is_some())
            .map(move |(n, p)| (f, spec, n, p))
    })
}

#[cfg(test)]
pub(crate) fn codes_of(src: &str) -> Vec<&'static str> {
    super::lint_text(src).into_iter().map(|d| d.code).collect()
}

/// Unit tests for one rule (the shared [`crate::lint::rule_tests`] with the NCCO linter).
#[cfg(test)]
macro_rules! rule_tests {
    ($($t:tt)*) => { $crate::lint::rule_tests!($crate::ncco::rules::codes_of; $($t)*); };
}
#[cfg(test)]
pub(crate) use rule_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_names_files_docs_and_invalid_documents() {
        crate::lint::check_registry(
            &crate::ncco::LANGUAGE,
            "NCCO",
            |code| format!("tests/ncco/invalid/{code}.json"),
            |_, bytes| {
                super::super::lint_bytes(bytes)
                    .into_iter()
                    .map(|d| d.code)
                    .collect()
            },
        );
    }

    #[test]
    fn debug_shows_code_and_name_only() {
        let r = rule_by_code("NCCO031").unwrap();
        assert_eq!(format!("{r:?}"), "NCCO031 stream-websocket-url");
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(rule_by_code("ncco001").map(|r| r.code), Some("NCCO001"));
        assert_eq!(
            rule_by_code("stream-websocket-url").map(|r| r.code),
            Some("NCCO031")
        );
        assert!(rule_by_code("NCCO999").is_none());
    }
}
