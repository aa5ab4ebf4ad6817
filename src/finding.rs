//! Findings as data: what replay's assertions, the platform reply contracts, listen's payload
//! checks and audit report, in one shape.
//!
//! ```text
//!   replay::assert ─┐
//!   platform::check ┼─► Finding { code, severity, message, hint, location } ─┬─► human lines (each command's render)
//!   listen::analyze ┤                                                          ├─► JSON (`findings`, serde)
//!   audit::run ─────┘                                                          └─► GitHub annotations ([`github`])
//! ```
//!
//! Codes are stable and documented in the README ("Findings"): `replay.*` for replay's own
//! assertions, `contract.*` for a platform's reply contract, `listen.*` for payload checks,
//! `audit.<case>` for audit cases, and the NCCO linter's own `NCCO0xx` codes.

use std::borrow::Cow;

use serde::Serialize;

/// A finding's stable code, e.g. `replay.status`, `contract.ncco`, `audit.no-signature`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Code(Cow<'static, str>);

impl Code {
    /// No answer at all: a connection error, a reset.
    pub const REPLAY_SEND: Code = Code::of("replay.send");
    /// No answer within the deadline, or an answer after it.
    pub const REPLAY_DEADLINE: Code = Code::of("replay.deadline");
    /// A status outside the expected spec.
    pub const REPLAY_STATUS: Code = Code::of("replay.status");
    /// `expect.content_type` not met.
    pub const REPLAY_CONTENT_TYPE: Code = Code::of("replay.content_type");
    /// `expect.body_contains` not met.
    pub const REPLAY_BODY_CONTAINS: Code = Code::of("replay.body_contains");
    /// `expect.json`: the answer is not JSON.
    pub const REPLAY_JSON: Code = Code::of("replay.json");
    /// The request could not be signed.
    pub const REPLAY_SIGN: Code = Code::of("replay.sign");
    /// A Vonage NCCO reply that is not an NCCO or has lint errors.
    pub const CONTRACT_NCCO: Code = Code::of("contract.ncco");
    /// A Twilio/SignalWire reply that is not well-formed TwiML with known verbs.
    pub const CONTRACT_TWIML: Code = Code::of("contract.twiml");
    /// Vapi `tool-calls` results that break Vapi's rules.
    pub const CONTRACT_VAPI_TOOL_CALLS: Code = Code::of("contract.vapi_tool_calls");
    /// A Vapi `assistant-request` answer that breaks Vapi's rules.
    pub const CONTRACT_VAPI_ASSISTANT_REQUEST: Code = Code::of("contract.vapi_assistant_request");
    /// A field the event needs is absent or null.
    pub const LISTEN_MISSING_FIELD: Code = Code::of("listen.missing_field");
    /// Another payload problem (an unknown status value, a non-object payload).
    pub const LISTEN_PAYLOAD_PROBLEM: Code = Code::of("listen.payload_problem");
    /// A shape the provider does not send.
    pub const LISTEN_PAYLOAD_SHAPE: Code = Code::of("listen.payload_shape");
    /// The app behind `--forward-to` refused (4xx/5xx) a delivery whose signature is valid.
    pub const LISTEN_APP_REFUSED: Code = Code::of("listen.app_refused");
    /// A body declared (or shaped) as JSON that does not parse.
    pub const LISTEN_INVALID_JSON: Code = Code::of("listen.invalid_json");

    /// A code from a static name (an NCCO rule's `NCCO031`).
    pub const fn of(code: &'static str) -> Code {
        Code(Cow::Borrowed(code))
    }

    /// The code of an audit case: `audit.<case id>`.
    pub fn audit(case: &str) -> Code {
        Code(Cow::Owned(format!("audit.{case}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How much a finding counts: an error fails the run (exit 1); a warning only where a flag
/// says so (`--strict`, `--deny-warnings`); a note never.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Where in the answer or payload a finding points, when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// A JSONPath into the document: `$[1].streamUrl`, `$.message.endedReason`.
    JsonPath(String),
    /// A byte range in the document (end exclusive).
    Span { start: usize, end: usize },
    /// A 1-based line and column in the document.
    LineCol { line: usize, column: usize },
}

/// One thing wrong (or worth a look), as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// One sentence, for people.
    pub message: String,
    /// What to do about it, when whk can tell.
    pub hint: Option<String>,
    pub location: Option<Location>,
}

impl Finding {
    /// An error with no hint or location.
    pub fn error(code: Code, message: impl Into<String>) -> Finding {
        Finding::new(code, Severity::Error, message)
    }

    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity,
            message: message.into(),
            hint: None,
            location: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    pub fn at(mut self, location: Location) -> Finding {
        self.location = Some(location);
        self
    }
}

/// An NCCO lint diagnostic as a finding: its rule code, severity, message, help and JSONPath.
impl From<&crate::lint::Diagnostic> for Finding {
    fn from(d: &crate::lint::Diagnostic) -> Finding {
        Finding {
            code: Code::of(d.code),
            severity: match d.severity {
                crate::lint::Severity::Error => Severity::Error,
                crate::lint::Severity::Warning => Severity::Warning,
                crate::lint::Severity::Info => Severity::Note,
            },
            message: d.message.clone(),
            hint: d.help.clone(),
            location: Some(Location::JsonPath(d.path.clone())),
        }
    }
}

/// The messages of findings (the string lists kept in `--json` for compatibility:
/// `failures`, `contract_failures`).
pub fn messages(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.message.as_str()).collect()
}

/// GitHub Actions workflow commands (`::error title=CODE::message`), which Actions turns
/// into annotations.
pub mod github {
    use super::{Finding, Severity};

    /// Escape command data (`%`, CR, LF).
    pub fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }

    /// Escape a property value (data escapes plus `:` and `,`).
    pub fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }

    /// The command for a severity: `error`, `warning`, `notice`.
    pub fn command(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        }
    }

    /// One annotation line (no line break at the end) for a finding, `context` (what it is
    /// about: a fixture, a URL) leading the message, its hint on a second line.
    pub fn annotation(f: &Finding, context: &str) -> String {
        let mut message = if context.is_empty() {
            f.message.clone()
        } else {
            format!("{context}: {}", f.message)
        };
        if let Some(h) = &f.hint {
            message.push_str("\nhint: ");
            message.push_str(h);
        }
        format!(
            "::{} title={}::{}",
            command(f.severity),
            property(f.code.as_str()),
            data(&message)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape() {
        let f = Finding::error(Code::REPLAY_STATUS, "status 401, expected 2xx")
            .with_hint("check the secret");
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            serde_json::json!({
                "code": "replay.status",
                "severity": "error",
                "message": "status 401, expected 2xx",
                "hint": "check the secret",
                "location": null
            })
        );
        let f = Finding::new(Code::audit("no-signature"), Severity::Warning, "m")
            .at(Location::JsonPath("$[0].action".into()));
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["code"], "audit.no-signature");
        assert_eq!(v["severity"], "warning");
        assert_eq!(
            v["location"],
            serde_json::json!({"json_path": "$[0].action"})
        );
        let at = |l| serde_json::to_value(Finding::error(Code::of("x"), "m").at(l)).unwrap();
        assert_eq!(
            at(Location::Span { start: 1, end: 4 })["location"],
            serde_json::json!({"span": {"start": 1, "end": 4}})
        );
        assert_eq!(
            at(Location::LineCol { line: 2, column: 3 })["location"],
            serde_json::json!({"line_col": {"line": 2, "column": 3}})
        );
    }

    #[test]
    fn github_escaping() {
        assert_eq!(github::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(github::data("a,b:c"), "a,b:c");
        let f = Finding::error(Code::REPLAY_STATUS, "100% down\r\nnow").with_hint("a:b");
        assert_eq!(
            github::annotation(&f, "vapi/x"),
            "::error title=replay.status::vapi/x: 100%25 down%0D%0Anow%0Ahint: a:b"
        );
        let n = Finding::new(Code::of("a,b"), Severity::Note, "n");
        assert_eq!(github::annotation(&n, ""), "::notice title=a%2Cb::n");
    }
}
