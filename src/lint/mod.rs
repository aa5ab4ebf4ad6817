//! What the linters share: `whk ncco lint` and `whk twiml lint` turn a document into
//! [`Diagnostic`]s through their own parser and rules, then share everything else: the
//! diagnostic type, positions ([`locate`]), safe fixes ([`fix`]), did-you-mean ([`suggest`]),
//! the renderers ([`render`]: human, json, sarif, github) and the command driver
//! (`cmd::lint`), described for each language by a [`Language`].

pub mod fix;
pub mod render;
pub mod source;
pub mod suggest;

use std::ops::Range;

pub use fix::{AppliedFix, FixOutcome};

/// What every rule tells about itself (`rules`, `explain`, SARIF's rule list).
pub trait RuleInfo: Sync {
    /// Stable code, `NCCO001`, `TWIML001`….
    fn code(&self) -> &'static str;
    /// Kebab-case name of the bad pattern.
    fn name(&self) -> &'static str;
    fn severity(&self) -> Severity;
    /// One line for `rules`.
    fn summary(&self) -> &'static str;
    /// What `--fix` does about it, when it has a safe fix.
    fn fix(&self) -> Option<&'static str>;
    /// Markdown: `### What it does`, `### Why is this bad?`, `### Example`, `### Use instead`.
    fn docs(&self) -> &'static str;
}

/// A lint rule; `F` is the check function's type, over the linter's own context
/// (`ncco::Rule`, `twiml::Rule`).
pub struct Rule<F> {
    /// Stable code, `NCCO001`, `TWIML001`….
    pub code: &'static str,
    /// Kebab-case name of the bad pattern, e.g. `stream-websocket-url`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line for `rules`.
    pub summary: &'static str,
    /// What `--fix` does about it, when it has a safe fix.
    pub fix: Option<&'static str>,
    /// Markdown: `### What it does`, `### Why is this bad?`, `### Example`, `### Use instead`.
    pub docs: &'static str,
    pub check: F,
}

impl<F: Sync> RuleInfo for Rule<F> {
    fn code(&self) -> &'static str {
        self.code
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn summary(&self) -> &'static str {
        self.summary
    }
    fn fix(&self) -> Option<&'static str> {
        self.fix
    }
    fn docs(&self) -> &'static str {
        self.docs
    }
}

impl<F> std::fmt::Debug for Rule<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Unit tests for one rule: each `fail` source must raise the rule, each `pass` must not;
/// `$codes_of` lints a source into its codes. Each linter wraps it as its own `rule_tests!`.
#[cfg(test)]
macro_rules! rule_tests {
    ($codes_of:path; pass: [$($pass:expr),* $(,)?], fail: [$($fail:expr),* $(,)?] $(,)?) => {
        #[test]
        fn passes() {
            let cases: &[&str] = &[$($pass),*];
            for src in cases {
                let codes = $codes_of(src);
                assert!(!codes.contains(&super::RULE.code), "{} fired on {src}: {codes:?}", super::RULE.code);
            }
        }

        #[test]
        fn fails() {
            let cases: &[&str] = &[$($fail),*];
            for src in cases {
                let codes = $codes_of(src);
                assert!(codes.contains(&super::RULE.code), "{} did not fire on {src}: {codes:?}", super::RULE.code);
            }
        }
    };
}
#[cfg(test)]
pub(crate) use rule_tests;

/// What every rule registry must hold to (a linter's unit tests call it): codes `PREFIXNNN`
/// sorted with no gaps, unique kebab-case names, a file `src/<dir>/rules/<code>_<name>.rs` per
/// rule, docs with the four headings in order, a one-line summary, and an invalid test
/// document (`invalid(code)`, relative to the crate) whose codes (`lint`) include the rule's.
#[cfg(test)]
pub(crate) fn check_registry(
    lang: &Language,
    prefix: &str,
    invalid: impl Fn(&str) -> String,
    lint: impl Fn(&str, &[u8]) -> Vec<&'static str>,
) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = (lang.rules)();
    let mut names: Vec<_> = rules.iter().map(|r| r.name()).collect();
    for (i, r) in rules.iter().enumerate() {
        assert_eq!(
            r.code(),
            format!("{prefix}{:03}", i + 1),
            "codes sorted, no gaps"
        );
        let n = r.name();
        assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
        let file = format!("{}_{}.rs", r.code().to_lowercase(), n.replace('-', "_"));
        let dir = root.join("src").join(lang.command).join("rules");
        assert!(dir.join(&file).exists(), "{file}");
        let mut at = 0;
        for h in [
            "### What it does",
            "### Why is this bad?",
            "### Example",
            "### Use instead",
        ] {
            let found = r.docs()[at..]
                .find(h)
                .unwrap_or_else(|| panic!("{} lacks `{h}` (in order)", r.code()));
            at += found + h.len();
        }
        assert!(
            !r.summary().is_empty() && !r.summary().ends_with('.'),
            "{} summary",
            r.code()
        );
        let path = root.join(invalid(r.code()));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let codes = lint(r.code(), &bytes);
        assert!(
            codes.contains(&r.code()),
            "{} does not trigger {}: {codes:?}",
            path.display(),
            r.code()
        );
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rules.len(), "names are unique");
}

/// A document kind a linter checks: what the shared driver and renderers need to know.
pub struct Language {
    /// The subcommand: `ncco`, `twiml`.
    pub command: &'static str,
    /// The document's name for people: `NCCO`, `TwiML`.
    pub document: &'static str,
    /// The extension of the files a folder is searched for: `json`, `xml`.
    pub extension: &'static str,
    /// An example command line for the "nothing given" hint.
    pub example: &'static str,
    /// SARIF rule tags.
    pub tags: &'static [&'static str],
    /// Every rule, sorted by code.
    pub rules: fn() -> Vec<&'static dyn RuleInfo>,
    /// Lint a file's bytes (never panics).
    pub lint: fn(&[u8]) -> Linted,
    /// Apply every safe fix to a file's text.
    pub fix: fn(&str) -> FixOutcome,
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.command)
    }
}

impl Language {
    /// A rule by code (any case) or name.
    pub fn rule(&self, code_or_name: &str) -> Option<&'static dyn RuleInfo> {
        let want = code_or_name.trim();
        (self.rules)()
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(want) || r.name() == want)
    }
}

/// Diagnostics, and where in the document the linted part was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Linted {
    pub diagnostics: Vec<Diagnostic>,
    /// JSONPath of the NCCO that was linted: `$`, or `$.ncco` in a `POST /v1/calls` body
    /// (always `$` for TwiML).
    pub ncco_at: &'static str,
}

/// How bad a finding is. Errors fail the lint (exit 1); warnings only with `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The platform rejects it, or it silently does something other than what was written.
    Error,
    /// Style, legacy, or a point the specification is uncertain about.
    Warning,
    /// Worth knowing, never a failure (an empty TwiML `<Response/>`).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
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
    /// Stable rule code, e.g. `NCCO031`, `TWIML012`.
    pub code: &'static str,
    /// The rule's kebab-case name, e.g. `stream-websocket-url`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Where in the document: a JSONPath for NCCOs (`$[1].streamUrl[0]`), an element path for
    /// TwiML (`/Response/Gather[1]/@timeout`); `$` or `/` for the whole document.
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
    /// A diagnostic for `rule` at `span`; line and column are filled in by [`locate`].
    pub fn new(
        rule: &dyn RuleInfo,
        span: Range<usize>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: rule.code(),
            name: rule.name(),
            severity: rule.severity(),
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

/// Clamp spans to character boundaries, sort by position then code, and fill in lines and
/// columns. Positions are computed in order, each counting on from the last: linear even when
/// thousands of findings sit on one minified line.
pub fn locate(text: &str, out: &mut [Diagnostic]) {
    for d in out.iter_mut() {
        d.span.start = source::floor_char_boundary(text, d.span.start.min(text.len()));
        d.span.end = source::ceil_char_boundary(text, d.span.end.max(d.span.start));
    }
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    let ix = source::LineIndex::new(text);
    let mut last = (0, 1, 1);
    for d in out.iter_mut() {
        (d.line, d.column) = ix.line_col_from(text, last, d.span.start);
        last = (d.span.start, d.line, d.column);
        (d.end_line, d.end_column) = ix.line_col_from(text, last, d.span.end);
    }
}

/// How many diagnostics are errors.
pub fn error_count(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.severity == Severity::Error).count()
}

/// How many diagnostics are warnings.
pub fn warning_count(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.severity == Severity::Warning).count()
}
