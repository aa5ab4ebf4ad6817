//! NCCO checks for what `listen` serves or relays to Vonage: the `--answer` file at start, and
//! the app's replies to answer requests when forwarding. The rules are `crate::ncco`'s.

use serde::Serialize;

/// The outcome of linting one NCCO.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NccoReport {
    pub errors: usize,
    pub warnings: usize,
    /// One line per finding, for people.
    pub messages: Vec<String>,
}

/// Lint NCCO bytes with whk's NCCO linter (`whk ncco lint`).
pub fn check(bytes: &[u8]) -> NccoReport {
    let diags = crate::ncco::lint_bytes(bytes);
    NccoReport {
        errors: crate::ncco::error_count(&diags),
        warnings: crate::ncco::warning_count(&diags),
        messages: diags
            .iter()
            .map(|d| {
                format!(
                    "{} {} at {}:{} ({}): {}",
                    d.severity, d.code, d.line, d.column, d.path, d.message
                )
            })
            .collect(),
    }
}

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
