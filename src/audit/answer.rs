//! The Vonage answer URL's reply: recognised by the request's content (the same recognition
//! `whk listen` uses), and linted as an NCCO with whk's linter.

use crate::listen::analyze::{self, Input, ProviderSource};
use crate::webhook::{Headers, Provider};

/// Whether `method url` with `body` is a Vonage answer request (GET with query, or POST JSON).
pub fn is_vonage_answer(provider: Provider, method: &str, url: &str, body: &[u8]) -> bool {
    if provider != Provider::Vonage {
        return false;
    }
    let (path, query) = match url::Url::parse(url) {
        Ok(u) => (u.path().to_string(), u.query().map(str::to_string)),
        Err(_) => ("/".to_string(), None),
    };
    let mut headers = Headers::new();
    if !body.is_empty() {
        headers.set("Content-Type", "application/json");
    }
    let analysis = analyze::analyze(&Input {
        method,
        path: &path,
        query: query.as_deref(),
        headers: &headers,
        body,
        signed_by: Some((Provider::Vonage, ProviderSource::Flag)),
        answer_path: false,
    });
    analysis.event.as_deref() == Some("answer")
}

/// What the NCCO linter found in a reply: counts and one line per error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NccoLint {
    pub errors: usize,
    pub warnings: usize,
    pub lines: Vec<String>,
}

/// Lint the reply as an NCCO. The one place audit calls the linter, so a shared reply
/// contract can replace it.
pub fn lint_ncco(reply: &[u8]) -> NccoLint {
    let diags = crate::ncco::lint_bytes(reply);
    NccoLint {
        errors: crate::ncco::error_count(&diags),
        warnings: crate::ncco::warning_count(&diags),
        lines: diags
            .iter()
            .filter(|d| d.severity == crate::ncco::Severity::Error)
            .map(|d| format!("{} at {}: {}", d.code, d.path, d.message))
            .collect(),
    }
}
