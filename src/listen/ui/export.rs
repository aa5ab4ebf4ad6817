//! `GET /_whk/api/requests/{id}/export`: a delivery as a curl command (freshly signed, secret
//! free, the same builder as `whk sign --format curl`), as a `whk replay` command, and as a
//! fixture file (the envelope `whk replay` reads, credentials masked).

use serde_json::{Value, json};

use super::Ui;
use super::replay::REPLAY_OF_HEADER;
use super::store::Row;
use crate::fixtures::Envelope;
use crate::fixtures::envelope::HOP_HEADERS;
use crate::output::format::sh_quote;
use crate::secret::SecretOrigin;
use crate::webhook::request::{is_sensitive, mask};
use crate::webhook::{self, Headers, SignInput, Signed};

pub fn export(ui: &Ui, row: &Row) -> Value {
    let d = &row.delivery;
    let provider = d.signature.provider.or(d.analysis.provider);
    let base = format!("http://127.0.0.1:{}", ui.listener.port());
    let fixture_name = crate::listen::record::file_name(d);
    let file = row
        .file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| fixture_name.clone());
    let mut command = format!("whk replay {} --to {}", sh_quote(&file), sh_quote(&base));
    if let Some(p) = provider {
        command.push_str(&format!(" -p {}", p.id()));
    }
    let (curl, curl_signed) = curl(ui, row);
    json!({
        "curl": curl,
        "curl_signed": curl_signed,
        "replay_command": command,
        "fixture": fixture(row),
        "fixture_name": fixture_name,
    })
}

/// The request as curl, signed now with the listener's secret for its provider (the secret
/// itself never appears: a header that is the secret is `$VAR`).
fn curl(ui: &Ui, row: &Row) -> (String, bool) {
    let d = &row.delivery;
    let url = match &d.query {
        Some(q) if !q.is_empty() => {
            format!("http://127.0.0.1:{}{}?{q}", ui.listener.port(), d.path)
        }
        _ => format!("http://127.0.0.1:{}{}", ui.listener.port(), d.path),
    };
    let provider = d.signature.provider.or(d.analysis.provider);
    let signer = provider.and_then(|p| ui.cfg.verifier.signer(p));
    let mut headers = shown_headers(d);
    let signed = signer.and_then(|s| {
        webhook::sign(
            s.scheme.as_ref(),
            s.secret(),
            &SignInput {
                method: &d.method,
                url: Some(&url),
                headers: &headers,
                body: &d.body,
                timestamp: ui.cfg.clock.unix(),
                id: None,
            },
        )
        .ok()
    });
    let is_signed = signed.is_some();
    let signed = signed.unwrap_or(Signed {
        headers: Vec::new(),
        url: None,
        body: None,
    });
    // The fresh signature headers replace the ones received.
    for h in &signed.headers {
        headers.remove(&h.name);
    }
    let var = match signer.and_then(|s| s.secret_origin.clone()) {
        Some(SecretOrigin::Env(v)) => v,
        _ => provider
            .and_then(|p| p.secret_vars().first().map(|v| v.to_string()))
            .unwrap_or_else(|| "WHK_SECRET".into()),
    };
    let text = crate::output::curl::curl(&crate::output::curl::Curl {
        method: &d.method,
        url: Some(&url),
        headers: &headers,
        body: &d.body,
        body_file: None,
        signed: &signed,
        var: &var,
    });
    (text, is_signed)
}

/// The delivery as a fixture file (`whk replay` signs it afresh); credentials masked.
fn fixture(row: &Row) -> String {
    let d = &row.delivery;
    let headers = shown_headers(d);
    Envelope::from_received(
        &d.method,
        &d.path,
        d.query.as_deref(),
        &headers,
        &d.body,
        d.analysis.provider,
        d.analysis.recognition.event.as_deref(),
    )
    .to_json_pretty()
}

/// The delivery's headers as exports show them: credentials masked as in the terminal, without
/// the ones a client sets per connection or the inspector's replay mark.
fn shown_headers(d: &crate::listen::delivery::Delivery) -> Headers {
    let mut headers = Headers::new();
    for (n, v) in d.headers.iter() {
        let lower = n.to_ascii_lowercase();
        if HOP_HEADERS.contains(&lower.as_str()) || lower == REPLAY_OF_HEADER {
            continue;
        }
        headers.push(
            n,
            if is_sensitive(n) {
                mask(v)
            } else {
                v.to_string()
            },
        );
    }
    headers
}
