//! `whk ncco lint`: a linter for Vonage NCCOs (the JSON array of call-control actions an answer
//! webhook returns).
//!
//! text → [`syntax`] (strict JSON with spans) → [`model::Ctx`] (the tree resolved against
//! [`schema`]) → every rule in [`rules::RULES`] → [`Diagnostic`]s → a renderer in [`render`].
//!
//! Other commands call [`lint_bytes`] on NCCO replies; it needs no file name and never panics.

pub(crate) mod fix;
pub(crate) mod model;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod syntax;
pub(crate) mod tree;

pub use crate::lint::FixOutcome;
pub use crate::lint::render;
pub(crate) use crate::lint::source;
pub use crate::lint::suggest;
pub use crate::lint::{Diagnostic, Edit, Fix, Related, Severity, error_count, warning_count};
pub use fix::{fix_text, fix_text_as};
pub use rules::{RULES, Rule, rule_by_code};

/// What a document is linted as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Input {
    /// An NCCO: the top level must be the array of actions. What an answer URL returns, so
    /// what `listen` and `replay` check replies as.
    #[default]
    Ncco,
    /// A file given to `whk ncco lint`: an NCCO, or a `POST /v1/calls` request body (a
    /// top-level object with an `ncco` member and no `action`), whose `ncco` is linted at
    /// [`CALL_BODY_NCCO`].
    File,
}

/// Where the NCCO sits in a `POST /v1/calls` request body.
pub const CALL_BODY_NCCO: &str = "$.ncco";

pub use crate::lint::Linted;

/// Lint an NCCO given as bytes. Never panics, whatever the bytes.
pub fn lint_bytes(bytes: &[u8]) -> Vec<Diagnostic> {
    lint_bytes_as(bytes, Input::Ncco).diagnostics
}

/// Lint bytes as `input`. Never panics, whatever the bytes.
pub fn lint_bytes_as(bytes: &[u8], input: Input) -> Linted {
    match std::str::from_utf8(bytes) {
        Ok(text) => lint_text_as(text, input),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let at = e.valid_up_to();
            let bad = bytes.get(at).copied().unwrap_or_default();
            let mut d = Diagnostic::new(
                &rules::ncco001_invalid_json::RULE,
                at..at,
                "$",
                format!("the document is not valid UTF-8 (byte 0x{bad:02X} at offset {at})"),
            )
            .help("JSON must be encoded as UTF-8; re-save the file as UTF-8");
            let ix = source::LineIndex::new(valid);
            (d.line, d.column) = ix.line_col(valid, at);
            (d.end_line, d.end_column) = (d.line, d.column);
            Linted {
                diagnostics: vec![d],
                ncco_at: "$",
            }
        }
    }
}

/// Lint an NCCO given as text. Diagnostics come sorted by position, then code.
pub fn lint_text(text: &str) -> Vec<Diagnostic> {
    lint_text_as(text, Input::Ncco).diagnostics
}

/// Lint text as `input`. Diagnostics come sorted by position, then code; their spans, lines
/// and columns are in the whole document, their paths from its root (`$.ncco[0].text`).
pub fn lint_text_as(text: &str, input: Input) -> Linted {
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let parsed = syntax::parse(body, base);
    let doc = parsed.root.as_ref();
    let (root, ncco_at) = match (input, doc.and_then(call_body_ncco)) {
        (Input::File, Some(ncco)) => (Some(ncco), CALL_BODY_NCCO),
        _ => (doc, "$"),
    };
    let cx = model::Ctx::new(text, &parsed.issues, doc, root, ncco_at);
    let mut out = Vec::new();
    for rule in RULES {
        (rule.check)(&cx, &mut out);
    }
    crate::lint::locate(text, &mut out);
    Linted {
        diagnostics: out,
        ncco_at,
    }
}

/// The `ncco` member's value when `doc` is a `POST /v1/calls` request body: an object with
/// `ncco` (the last one, as SDK parsers keep it) and no `action` (a lone action is NCCO006's).
fn call_body_ncco<'d, 'a>(doc: &'d tree::Node<'a>) -> Option<&'d tree::Node<'a>> {
    let members = doc.as_object()?;
    if tree::get(members, "action").is_some() {
        return None;
    }
    tree::get_last(members, "ncco").map(|m| &m.value)
}

/// `whk ncco lint` for the shared driver and renderers.
pub static LANGUAGE: crate::lint::Language = crate::lint::Language {
    command: "ncco",
    document: "NCCO",
    extension: "json",
    example: "whk ncco lint answer.json nccos/",
    tags: &["ncco", "vonage"],
    rules: || {
        RULES
            .iter()
            .map(|r| *r as &dyn crate::lint::RuleInfo)
            .collect()
    },
    lint: |b| lint_bytes_as(b, Input::File),
    fix: |t| fix_text_as(t, Input::File),
};
