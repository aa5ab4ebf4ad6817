//! `whk ncco lint`: a linter for Vonage NCCOs (the JSON array of call-control actions an answer
//! webhook returns).
//!
//! text → [`syntax`] (strict JSON with spans) → [`model::Ctx`] (the tree resolved against
//! [`schema`]) → every rule in [`rules::RULES`] → [`Diagnostic`]s → a renderer in [`render`].
//!
//! Other commands call [`lint_bytes`] on NCCO replies; it needs no file name and never panics.

pub(crate) mod fix;
pub(crate) mod model;
pub mod render;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod source;
pub(crate) mod suggest;
pub(crate) mod syntax;
pub(crate) mod tree;

use std::ops::Range;

pub use fix::{FixOutcome, fix_text, fix_text_as};
pub use rules::{RULES, Rule, rule_by_code};

/// How bad a finding is. Errors fail the lint (exit 1); warnings only with `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The platform rejects it, or it silently does something other than what was written.
    Error,
    /// Style, legacy, or a point the specification is uncertain about.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One text edit on the original bytes: replace `range` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A safe fix: edits that are applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "wrap the URL in an array".
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A secondary location shown with a diagnostic ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub label: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `NCCO031`.
    pub code: &'static str,
    /// The rule's kebab-case name, e.g. `stream-websocket-url`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// JSONPath of the offending value: `$[1].streamUrl[0]`, or `$` for the document.
    pub path: String,
    /// 1-based line and column (in Unicode scalar values) of the start of the span.
    pub line: usize,
    pub column: usize,
    /// 1-based line and column just past the end of the span (exclusive).
    pub end_line: usize,
    pub end_column: usize,
    /// Byte range in the document.
    pub span: Range<usize>,
    /// Text shown under the caret.
    pub label: Option<String>,
    /// A safe fix, when there is one.
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic for `rule` at `span`; line and column are filled in by [`lint_text`].
    pub fn new(
        rule: &Rule,
        span: Range<usize>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            help: None,
            path: path.into(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            span,
            label: None,
            fix: None,
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn fix(mut self, title: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
        });
        self
    }

    pub fn related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    /// Downgrade to a warning (for the uncertain cases a rule's docs name).
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
}

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

/// Diagnostics, and where in the document the NCCO was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Linted {
    pub diagnostics: Vec<Diagnostic>,
    /// JSONPath of the NCCO that was linted: `$`, or [`CALL_BODY_NCCO`] in a request body.
    pub ncco_at: &'static str,
}

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
    for d in &mut out {
        d.span.start = source::floor_char_boundary(text, d.span.start);
        d.span.end = source::ceil_char_boundary(text, d.span.end.max(d.span.start));
    }
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    // Positions are computed in order, each counting on from the last: linear even when
    // thousands of findings sit on one minified line.
    let ix = source::LineIndex::new(text);
    let mut last = (0, 1, 1);
    for d in &mut out {
        (d.line, d.column) = ix.line_col_from(text, last, d.span.start);
        last = (d.span.start, d.line, d.column);
        (d.end_line, d.end_column) = ix.line_col_from(text, last, d.span.end);
    }
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

/// How many diagnostics are errors.
pub fn error_count(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.severity == Severity::Error).count()
}

/// How many diagnostics are warnings.
pub fn warning_count(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.severity == Severity::Warning).count()
}
