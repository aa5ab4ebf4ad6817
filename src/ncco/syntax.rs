//! Strict JSON (RFC 8259) parsing with byte spans, behind one small interface. This is the only
//! file that knows about `jsonc-parser`.
//!
//! The document is first parsed strictly (every `allow_*` option off). When that fails because
//! of a JSONC/JSON5 habit — comments, trailing commas, single quotes, unquoted keys, `+1`, `.5`,
//! hex or non-finite numbers — it is parsed again leniently so that *every* such habit can be
//! reported, not just the first, and the rest of the document can still be linted. Any other
//! syntax error is reported once, and there is no tree.

use std::borrow::Cow;
use std::ops::Range;

use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::tree::{Member, Node, Value};

/// What kind of syntax problem an [`Issue`] is; each maps to one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// Not JSON at all, or a JSON5/JSONC extension other than comments and trailing commas.
    Invalid,
    TrailingComma,
    Comment,
}

/// A syntax problem at a byte range of the original text.
#[derive(Debug, Clone)]
pub struct Issue {
    pub kind: IssueKind,
    pub span: Range<usize>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
}

/// The result of parsing: a tree when one could be built, and the syntax problems found.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub root: Option<Node<'a>>,
    pub issues: Vec<Issue>,
}

fn strict_options() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Lenient only in ways the token scan below can find again, one by one.
fn recovery_options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: true,
        allow_trailing_commas: true,
        allow_missing_commas: false,
        allow_single_quoted_strings: true,
        allow_hexadecimal_numbers: true,
        allow_unary_plus_numbers: true,
        allow_bare_decimal_point_numbers: true,
        allow_non_finite_numbers: true,
        allow_extended_string_escapes: false,
    }
}

/// Parse `text`, which starts at byte `base` of the original document (after a BOM, say).
pub fn parse(text: &str, base: usize) -> Parsed<'_> {
    if text
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .is_empty()
    {
        return Parsed {
            root: None,
            issues: vec![Issue {
                kind: IssueKind::Invalid,
                span: base + text.len()..base + text.len(),
                message: "the document is empty".into(),
                label: None,
                help: Some("an NCCO is a JSON array of actions, e.g. [{\"action\": \"talk\", \"text\": \"Hello\"}]".into()),
            }],
        };
    }
    match parse_to_ast(text, &CollectOptions::default(), &strict_options()) {
        Ok(result) => {
            let mut issues = Vec::new();
            let root = result.value.map(|v| convert(&v, text, base, &mut issues));
            Parsed { root, issues }
        }
        Err(strict_err) => recover(text, base, &strict_err),
    }
}

fn recover<'a>(
    text: &'a str,
    base: usize,
    strict_err: &jsonc_parser::errors::ParseError,
) -> Parsed<'a> {
    use jsonc_parser::errors::ParseErrorKind as K;
    let recoverable = matches!(
        strict_err.kind(),
        K::CommentsNotAllowed
            | K::TrailingCommasNotAllowed
            | K::SingleQuotedStringsNotAllowed
            | K::HexadecimalNumbersNotAllowed
            | K::UnaryPlusNumbersNotAllowed
            | K::BareDecimalPointNumbersNotAllowed
            | K::NonFiniteNumbersNotAllowed
            | K::ExpectedStringObjectProperty
            | K::UnexpectedToken
    );
    let strict_issue = || issue_from_error(strict_err, text, base);
    if !recoverable {
        return Parsed {
            root: None,
            issues: vec![strict_issue()],
        };
    }
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::AsTokens,
        tokens: true,
    };
    let Ok(result) = parse_to_ast(text, &collect, &recovery_options()) else {
        return Parsed {
            root: None,
            issues: vec![strict_issue()],
        };
    };
    let mut issues = Vec::new();
    scan_tokens(
        result.tokens.as_deref().unwrap_or_default(),
        text,
        base,
        &mut issues,
    );
    let root = result.value.map(|v| convert(&v, text, base, &mut issues));
    if issues.is_empty() {
        // The lenient parse accepted something the token scan does not recognise: report what
        // the strict parser said, and do not lint a tree we cannot vouch for.
        return Parsed {
            root: None,
            issues: vec![strict_issue()],
        };
    }
    issues.sort_by_key(|i| i.span.start);
    Parsed { root, issues }
}

fn scan_tokens(
    tokens: &[jsonc_parser::tokens::TokenAndRange<'_>],
    text: &str,
    base: usize,
    issues: &mut Vec<Issue>,
) {
    let significant = |i: usize| {
        tokens[i..]
            .iter()
            .find(|t| !matches!(t.token, Token::CommentLine(_) | Token::CommentBlock(_)))
    };
    for (i, t) in tokens.iter().enumerate() {
        let span = base + t.range.start..base + t.range.end;
        let raw = text.get(t.range.start..t.range.end).unwrap_or_default();
        match &t.token {
            Token::CommentLine(_) | Token::CommentBlock(_) => issues.push(Issue {
                kind: IssueKind::Comment,
                span,
                message: "comments are not allowed in JSON".into(),
                label: Some("comment".into()),
                help: Some("remove the comment; Vonage parses the NCCO as strict JSON".into()),
            }),
            Token::Comma => {
                if let Some(next) = significant(i + 1)
                    && matches!(next.token, Token::CloseBracket | Token::CloseBrace)
                {
                    issues.push(Issue {
                        kind: IssueKind::TrailingComma,
                        span,
                        message: "trailing comma".into(),
                        label: Some(format!(
                            "nothing follows this comma before `{}`",
                            next.token.as_str()
                        )),
                        help: Some(
                            "remove the comma; JSON allows no comma after the last element".into(),
                        ),
                    });
                }
            }
            Token::String(_) if raw.starts_with('\'') => issues.push(invalid(
                span,
                "single-quoted string",
                "JSON strings use double quotes",
            )),
            Token::Number(_) => {
                if let Some(what) = odd_number(raw) {
                    issues.push(invalid(
                        span,
                        what,
                        "write a plain decimal number, e.g. 0.5 or 255",
                    ));
                }
            }
            _ => {}
        }
    }
}

/// What is wrong with a number token the strict grammar rejects, if anything.
fn odd_number(raw: &str) -> Option<&'static str> {
    let digits = raw.trim_start_matches(['-', '+']);
    if raw.starts_with('+') {
        Some("a number with a leading `+`")
    } else if digits.starts_with("0x") || digits.starts_with("0X") {
        Some("a hexadecimal number")
    } else if digits.starts_with('.')
        || digits.ends_with('.')
        || digits.contains(".e")
        || digits.contains(".E")
    {
        Some("a number with a bare decimal point")
    } else if digits.starts_with("Infinity") || digits.starts_with("NaN") {
        Some("a non-finite number")
    } else {
        None
    }
}

fn invalid(span: Range<usize>, what: &str, help: &str) -> Issue {
    Issue {
        kind: IssueKind::Invalid,
        span,
        message: format!("invalid JSON: {what}"),
        label: None,
        help: Some(help.into()),
    }
}

fn issue_from_error(err: &jsonc_parser::errors::ParseError, text: &str, base: usize) -> Issue {
    use jsonc_parser::errors::ParseErrorKind as K;
    let r = err.range();
    let (start, end) = (
        r.start.min(text.len()),
        r.end.min(text.len()).max(r.start.min(text.len())),
    );
    let token = text.get(start..end).unwrap_or_default();
    let shown: String = token.chars().take(20).collect();
    let at = |s, e| base + s..base + e;
    let (kind, span, message, label, help): (
        IssueKind,
        Range<usize>,
        String,
        Option<String>,
        Option<String>,
    ) = match err.kind() {
        K::TrailingCommasNotAllowed => (
            IssueKind::TrailingComma,
            at(start, end),
            "trailing comma".into(),
            None,
            Some("remove the comma; JSON allows no comma after the last element".into()),
        ),
        K::CommentsNotAllowed => (
            IssueKind::Comment,
            at(start, end),
            "comments are not allowed in JSON".into(),
            Some("comment".into()),
            Some("remove the comment; Vonage parses the NCCO as strict JSON".into()),
        ),
        K::UnterminatedArray => (
            IssueKind::Invalid,
            at(start, start + 1),
            "invalid JSON: unterminated array".into(),
            Some("this `[` is never closed".into()),
            Some("add the missing `]`".into()),
        ),
        K::UnterminatedObject => (
            IssueKind::Invalid,
            at(start, start + 1),
            "invalid JSON: unterminated object".into(),
            Some("this `{` is never closed".into()),
            Some("add the missing `}`".into()),
        ),
        K::ExpectedComma => (
            IssueKind::Invalid,
            at(start, end),
            "invalid JSON: expected `,`".into(),
            Some("a `,` is missing here (or a number has a leading zero)".into()),
            Some("separate array elements and object members with commas".into()),
        ),
        K::MultipleRootJsonValues => (
            IssueKind::Invalid,
            at(start, end),
            "invalid JSON: more text after the end of the document".into(),
            Some("unexpected text".into()),
            Some("an NCCO is one JSON array; put every action inside it".into()),
        ),
        K::ExpectedStringObjectProperty => (
            IssueKind::Invalid,
            at(start, end),
            "invalid JSON: object keys must be double-quoted strings".into(),
            None,
            None,
        ),
        K::String(kind) => (
            IssueKind::Invalid,
            at(start, end),
            format!("invalid JSON string: {}", lower_first(&kind.to_string())),
            None,
            Some("escape with \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX only".into()),
        ),
        K::UnexpectedToken | K::UnexpectedWord => (
            IssueKind::Invalid,
            at(start, end),
            format!("invalid JSON: unexpected `{shown}`"),
            None,
            Some("JSON values are strings, numbers, true, false, null, arrays and objects".into()),
        ),
        other => (
            IssueKind::Invalid,
            at(start, end),
            format!("invalid JSON: {}", lower_first(&other.to_string())),
            None,
            None,
        ),
    };
    Issue {
        kind,
        span,
        message,
        label,
        help,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn convert<'a>(
    v: &ast::Value<'a>,
    text: &'a str,
    base: usize,
    issues: &mut Vec<Issue>,
) -> Node<'a> {
    let span = |r: &jsonc_parser::common::Range| base + r.start..base + r.end;
    match v {
        ast::Value::StringLit(s) => {
            check_control_chars(text, &s.range, base, issues);
            Node {
                span: span(&s.range),
                value: Value::String(s.value.clone()),
            }
        }
        ast::Value::NumberLit(n) => Node {
            span: span(&n.range),
            value: Value::Number(n.value),
        },
        ast::Value::BooleanLit(b) => Node {
            span: span(&b.range),
            value: Value::Bool(b.value),
        },
        ast::Value::NullKeyword(n) => Node {
            span: span(&n.range),
            value: Value::Null,
        },
        ast::Value::Array(a) => Node {
            span: span(&a.range),
            value: Value::Array(
                a.elements
                    .iter()
                    .map(|e| convert(e, text, base, issues))
                    .collect(),
            ),
        },
        ast::Value::Object(o) => Node {
            span: span(&o.range),
            value: Value::Object(
                o.properties
                    .iter()
                    .map(|p| {
                        let (key, key_range): (Cow<'a, str>, _) = match &p.name {
                            ObjectPropName::String(s) => {
                                check_control_chars(text, &s.range, base, issues);
                                (s.value.clone(), s.range)
                            }
                            ObjectPropName::Word(w) => {
                                issues.push(invalid(
                                    span(&w.range),
                                    "an unquoted object key",
                                    "JSON object keys are double-quoted strings",
                                ));
                                (Cow::Borrowed(w.value), w.range)
                            }
                        };
                        Member {
                            key,
                            key_span: span(&key_range),
                            value: convert(&p.value, text, base, issues),
                        }
                    })
                    .collect(),
            ),
        },
    }
}

/// RFC 8259 forbids raw control characters (U+0000–U+001F) inside strings; the parser accepts
/// them, so look for them in the raw text.
fn check_control_chars(
    text: &str,
    r: &jsonc_parser::common::Range,
    base: usize,
    issues: &mut Vec<Issue>,
) {
    let raw = text.get(r.start..r.end).unwrap_or_default();
    if let Some(i) = raw.bytes().position(|b| b < 0x20) {
        let b = raw.as_bytes()[i];
        let escape = match b {
            b'\n' => "\\n".to_string(),
            b'\r' => "\\r".to_string(),
            b'\t' => "\\t".to_string(),
            _ => format!("\\u{b:04x}"),
        };
        issues.push(Issue {
            kind: IssueKind::Invalid,
            span: base + r.start + i..base + r.start + i + 1,
            message: format!("invalid JSON string: raw control character U+{b:04X}"),
            label: None,
            help: Some(format!("write it escaped, as `{escape}`")),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<(IssueKind, Range<usize>)> {
        parse(t, 0)
            .issues
            .into_iter()
            .map(|i| (i.kind, i.span))
            .collect()
    }

    #[test]
    fn strict_json_parses_with_spans() {
        let p = parse(r#"[{"action": "talk"}]"#, 0);
        assert!(p.issues.is_empty());
        let root = p.root.unwrap();
        let obj = root.as_array().unwrap()[0].as_object().unwrap();
        assert_eq!(obj[0].key, "action");
        assert_eq!(obj[0].key_span, 2..10);
        assert_eq!(obj[0].value.span, 12..18);
    }

    #[test]
    fn every_trailing_comma_and_comment_is_found_and_the_tree_survives() {
        let t = "[\n // hi\n {\"a\": [1,],},\n]";
        let k = kinds(t);
        assert_eq!(
            k.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![
                IssueKind::Comment,
                IssueKind::TrailingComma,
                IssueKind::TrailingComma,
                IssueKind::TrailingComma
            ]
        );
        assert!(parse(t, 0).root.is_some());
    }

    #[test]
    fn other_errors_are_reported_once_without_a_tree() {
        let p = parse("[1 2]", 0);
        assert!(p.root.is_none());
        assert_eq!(p.issues.len(), 1);
        assert_eq!(p.issues[0].kind, IssueKind::Invalid);
        assert!(parse("", 0).root.is_none());
        assert_eq!(kinds("[\"a\nb\"]"), vec![(IssueKind::Invalid, 3..4)]);
        assert_eq!(kinds("{'a': +1}").len(), 2);
    }

    #[test]
    fn base_offsets_shift_spans() {
        let p = parse("[1,]", 3);
        assert_eq!(p.issues[0].span, 5..6);
    }
}
