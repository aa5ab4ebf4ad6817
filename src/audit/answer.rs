//! The Vonage answer URL's reply: recognised by the request's content (the same recognition
//! `whk listen` uses), and linted as an NCCO with whk's linter.

use crate::listen::analyze::{self, Input, ProviderSource};
use crate::listen::ncco::NccoReport;
use crate::webhook::{Headers, Provider};

/// Whether `method url` with `body` is a Vonage answer request (GET with query, or POST JSON).
pub fn is_vonage_answer(provider: Provider, method: &str, url: &str, body: &[u8]) -> bool {
    if provider != Provider::Vonage {
        return false;
    }
    let query = url::Url::parse(url)
        .ok()
        .and_then(|u| u.query().map(str::to_string));
    let mut headers = Headers::new();
    if !body.is_empty() {
        headers.set("Content-Type", "application/json");
    }
    let analysis = analyze::analyze(&Input {
        method,
        query: query.as_deref(),
        headers: &headers,
        body,
        signed_by: Some((Provider::Vonage, ProviderSource::Flag)),
        answer_path: false,
    });
    analysis.recognition.event.as_deref() == Some("answer")
}

/// Lint the reply as an NCCO with whk's linter (`crate::ncco::lint_bytes`, through the same
/// check `whk listen` applies to forwarded answers). The one place audit calls the linter, so
/// a shared reply contract can replace it.
pub fn lint_ncco(reply: &[u8]) -> NccoReport {
    crate::listen::ncco::check(reply)
}
