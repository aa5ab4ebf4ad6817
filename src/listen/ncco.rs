//! NCCO checks for what `listen` serves or relays to Vonage: the `--answer` file at start, and
//! the app's replies to answer requests when forwarding (the lint report is the Vonage
//! platform's, `crate::platform::vonage`). The rules are `crate::ncco`'s.

pub use crate::platform::vonage::{NccoReport, lint_report as check};

/// The linter's full diagnostics (code frames) for a file, for the start-up check.
pub fn frames(name: &str, bytes: &[u8], style: &crate::output::Palette) -> String {
    let report = crate::ncco::render::FileReport {
        name: name.to_string(),
        text: String::from_utf8_lossy(bytes).into_owned(),
        diagnostics: crate::ncco::lint_bytes(bytes),
        fixed: Vec::new(),
        ncco_at: "$",
    };
    crate::ncco::render::human::render_file(&report, style)
}

/// Whether the bytes are at least a JSON array (the `--answer` precondition).
pub fn is_json_array(bytes: &[u8]) -> bool {
    matches!(
        serde_json::from_slice::<serde_json::Value>(bytes),
        Ok(serde_json::Value::Array(_))
    )
}
