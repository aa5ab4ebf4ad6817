//! `whk twiml lint`: a linter for TwiML (Twilio) and cXML (SignalWire's compatibility API),
//! the XML a voice or action URL returns.
//!
//! text → [`model::Ctx`] (unescaped `&` found, the XML parsed by roxmltree with byte ranges)
//! → every rule in [`rules::RULES`] → [`Diagnostic`]s (positions by [`crate::lint::locate`])
//! → the shared renderers in [`crate::lint::render`].
//!
//! Other commands call [`lint_reply`] on TwiML replies (the `twiml` reply contract); it needs
//! no file name and never panics.

pub(crate) mod model;
pub(crate) mod rules;
pub(crate) mod schema;

pub use crate::lint::{Diagnostic, FixOutcome, Linted, Severity, error_count, warning_count};
pub use rules::{RULES, Rule, rule_by_code};

/// Lint a TwiML document given as bytes. Never panics, whatever the bytes.
pub fn lint_bytes(bytes: &[u8]) -> Vec<Diagnostic> {
    lint_reply(None, bytes)
}

/// Lint a reply: its bytes, and its Content-Type when it came over HTTP (TWIML014 checks it).
/// Never panics, whatever the bytes.
pub fn lint_reply(content_type: Option<&str>, bytes: &[u8]) -> Vec<Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(text) => lint_with(text, content_type),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let bad = bytes.get(at).copied().unwrap_or_default();
            let mut out = vec![
                Diagnostic::new(
                    &rules::twiml001_malformed_xml::RULE,
                    at..at,
                    "/",
                    format!("the document is not valid UTF-8 (byte 0x{bad:02X} at offset {at})"),
                )
                .help("TwiML is read as UTF-8 unless its XML declaration says otherwise; re-save the file as UTF-8"),
            ];
            crate::lint::locate(valid, &mut out);
            out
        }
    }
}

/// Lint TwiML text. Diagnostics come sorted by position, then code.
pub fn lint_text(text: &str) -> Vec<Diagnostic> {
    lint_with(text, None)
}

fn lint_with(text: &str, content_type: Option<&str>) -> Vec<Diagnostic> {
    let amps = model::unescaped_ampersands(text);
    let patched = model::patch(text, &amps);
    let parsed = roxmltree::Document::parse(&patched);
    let cx = model::Ctx::new(text, content_type, amps, parsed.as_ref());
    let mut out = Vec::new();
    for rule in RULES {
        (rule.check)(&cx, &mut out);
    }
    crate::lint::locate(text, &mut out);
    out
}

/// Apply every safe fix, re-linting until none is left.
pub fn fix_text(text: &str) -> FixOutcome {
    crate::lint::fix::fix_with(text, |t| Linted {
        diagnostics: lint_text(t),
        ncco_at: "$",
    })
}

/// `whk twiml lint` for the shared driver and renderers.
pub static LANGUAGE: crate::lint::Language = crate::lint::Language {
    command: "twiml",
    document: "TwiML",
    extension: "xml",
    example: "whk twiml lint voice.xml twiml/",
    tags: &["twiml", "twilio", "signalwire"],
    rules: || {
        RULES
            .iter()
            .map(|r| *r as &dyn crate::lint::RuleInfo)
            .collect()
    },
    lint: |b| Linted {
        diagnostics: lint_bytes(b),
        ncco_at: "$",
    },
    fix: fix_text,
};
