//! The rules: one file per rule (`twimlNNN_<name>.rs`), each with a stable code, a name for the
//! bad pattern, a default severity, a one-line summary, docs and a `check` function; listed in
//! [`RULES`], sorted by code. Adding a rule: the file, the `mod` line, [`RULES`], and
//! `tests/vectors/twiml/invalid/TWIMLNNN.xml` (the unit tests below check all of that).

use roxmltree::Node;

use super::model::{self, Ctx};
use crate::lint::Diagnostic;

pub mod twiml001_malformed_xml;
pub mod twiml002_unescaped_ampersand;
pub mod twiml003_root_not_response;
pub mod twiml004_unknown_element;
pub mod twiml005_misplaced_element;
pub mod twiml006_unknown_attribute;
pub mod twiml007_invalid_attribute_value;
pub mod twiml008_gather_without_prompt;
pub mod twiml009_prompt_before_gather;
pub mod twiml010_stream_url_not_wss;
pub mod twiml011_unreachable_verb;
pub mod twiml012_dial_conference_mixed;
pub mod twiml013_empty_response;
pub mod twiml014_content_type_not_xml;

/// A lint rule: [`crate::lint::Rule`] checking the TwiML context.
pub type Rule = crate::lint::Rule<fn(&Ctx<'_, '_>, &mut Vec<Diagnostic>)>;

/// Every rule, sorted by code.
pub static RULES: &[&Rule] = &[
    &twiml001_malformed_xml::RULE,
    &twiml002_unescaped_ampersand::RULE,
    &twiml003_root_not_response::RULE,
    &twiml004_unknown_element::RULE,
    &twiml005_misplaced_element::RULE,
    &twiml006_unknown_attribute::RULE,
    &twiml007_invalid_attribute_value::RULE,
    &twiml008_gather_without_prompt::RULE,
    &twiml009_prompt_before_gather::RULE,
    &twiml010_stream_url_not_wss::RULE,
    &twiml011_unreachable_verb::RULE,
    &twiml012_dial_conference_mixed::RULE,
    &twiml013_empty_response::RULE,
    &twiml014_content_type_not_xml::RULE,
];

/// A rule by code (any case) or by name.
pub fn rule_by_code(code_or_name: &str) -> Option<&'static Rule> {
    let want = code_or_name.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(want) || r.name == want)
}

/// A diagnostic on an element's start tag (`<Gather`), with its path.
pub(crate) fn at_element(rule: &'static Rule, n: Node<'_, '_>, message: String) -> Diagnostic {
    Diagnostic::new(rule, model::tag_span(n), model::path(n), message)
}

/// The element children of a node.
pub(crate) fn child_elements<'d>(n: Node<'d, 'd>) -> impl Iterator<Item = Node<'d, 'd>> {
    n.children().filter(Node::is_element)
}

#[cfg(test)]
pub(crate) fn codes_of(src: &str) -> Vec<&'static str> {
    super::lint_text(src).into_iter().map(|d| d.code).collect()
}

/// Unit tests for one rule (the shared [`crate::lint::rule_tests`] with the TwiML linter).
#[cfg(test)]
macro_rules! rule_tests {
    ($($t:tt)*) => { $crate::lint::rule_tests!($crate::twiml::rules::codes_of; $($t)*); };
}
#[cfg(test)]
pub(crate) use rule_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_names_files_docs_and_invalid_vectors() {
        crate::lint::check_registry(
            &crate::twiml::LANGUAGE,
            "TWIML",
            |code| format!("tests/vectors/twiml/invalid/{code}.xml"),
            |code, bytes| {
                // TWIML014 is about a reply's Content-Type: lint its vector as served as JSON.
                let ct = (code == "TWIML014").then_some("application/json");
                super::super::lint_reply(ct, bytes)
                    .into_iter()
                    .map(|d| d.code)
                    .collect()
            },
        );
        assert_eq!(
            rule_by_code("twiml002").map(|r| r.name),
            Some("unescaped-ampersand")
        );
    }
}
