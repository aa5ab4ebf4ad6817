//! `whk sign`: body → scheme → headers (or JSON, or a curl command).

use crate::cli::{SignArgs, SignFormat};
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::input;
use crate::outbound::Keyring;
use crate::output::Output;
use crate::webhook::{self, Headers, SignInput, Signed};

pub fn run(args: SignArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let provider = args.provider.ok_or_else(|| {
        crate::hinted(
            "whk sign needs a provider",
            "pass --provider (see `whk providers`), or set provider in the app's whk.toml",
        )
    })?;
    let scheme = webhook::build(provider, &args.scheme.options())
        .map_err(|e| crate::hinted(e.0, "see `whk providers` for what each provider takes"))?;
    let body = input::read_body(args.body.as_deref())?;
    let headers = input::parse_header_args(&args.headers)?;
    let spec = args.secret.spec();
    let signer = Keyring::signer_for(&spec, provider, &args.scheme.options(), &mut |w| {
        out.warn(&w)
    })?;
    let timestamp = args.timestamp.unwrap_or_else(|| clock.unix());
    let signed = webhook::sign(
        scheme.as_ref(),
        signer.secret(),
        &SignInput {
            method: &args.method,
            url: args.url.as_deref(),
            headers: &headers,
            body: &body,
            timestamp,
            id: args.id.as_deref(),
        },
    )
    .map_err(|e| anyhow::anyhow!(e.0))?;
    let secret_var = Keyring::variable_for(&spec, provider);
    match args.format {
        SignFormat::Headers => {
            for h in &signed.headers {
                out.out(&format!("{}: {}", h.name, shown_value(h, &secret_var)));
            }
            if let Some(url) = &signed.url {
                out.err(&format!(
                    "note: send the request to {url} (the scheme adds to the URL)"
                ));
            }
            if signed.body.is_some() {
                out.err("note: the scheme adds parameters to the body: use --format json or --format curl to get it");
            }
            note_sensitive(&signed, out, &secret_var);
        }
        SignFormat::Json => {
            out.out(&serde_json::to_string_pretty(&to_json(
                &signed,
                &secret_var,
            ))?);
            note_sensitive(&signed, out, &secret_var);
        }
        SignFormat::Curl => out.out(&curl(&args, &headers, &body, &signed, &secret_var)),
    }
    Ok(ExitStatus::Success)
}

/// The value to show for a signed header: the secret itself never.
fn shown_value(h: &webhook::SignedHeader, var: &str) -> String {
    if h.sensitive {
        format!("${{{var}}}")
    } else {
        h.value.clone()
    }
}

fn note_sensitive(signed: &Signed, out: &Output, var: &str) {
    if signed.headers.iter().any(|h| h.sensitive) {
        out.err(&format!(
            "note: this scheme sends the secret itself; whk never prints it — the value shown is a placeholder for ${var}"
        ));
    }
}

fn to_json(signed: &Signed, var: &str) -> serde_json::Value {
    let mut headers = serde_json::Map::new();
    for h in &signed.headers {
        headers.insert(h.name.clone(), shown_value(h, var).into());
    }
    let mut obj = serde_json::Map::new();
    obj.insert("headers".into(), headers.into());
    if let Some(u) = &signed.url {
        obj.insert("url".into(), u.clone().into());
    }
    if let Some(b) = &signed.body {
        obj.insert(
            "body".into(),
            String::from_utf8_lossy(b).into_owned().into(),
        );
    }
    obj.into()
}

/// `--format curl`: the shared builder (the inspector's "copy as curl" is the same).
fn curl(args: &SignArgs, headers: &Headers, body: &[u8], signed: &Signed, var: &str) -> String {
    crate::output::curl::curl(&crate::output::curl::Curl {
        method: &args.method,
        url: args.url.as_deref(),
        headers,
        body,
        body_file: args
            .body
            .as_deref()
            .filter(|p| *p != std::path::Path::new("-")),
        signed,
        var,
    })
}
