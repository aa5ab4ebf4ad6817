//! `whk verify`: request bytes → scheme → verdict, with the reason and the fix.

use std::path::Path;

use crate::cli::{ProviderChoice, VerifyArgs};
use crate::clock::Clock;
use crate::exit::ExitStatus;
use crate::fixtures::Recording;
use crate::input;
use crate::outbound::Keyring;
use crate::output::Output;
use crate::webhook::{self, Provider, Request, Verdict, VerifyError, VerifyOptions};

pub fn run(args: VerifyArgs, out: &Output, clock: &Clock) -> anyhow::Result<ExitStatus> {
    let read = input::read_body(args.body.as_deref())?;
    let source = args.body.as_deref().unwrap_or(Path::new("<stdin>"));
    // A `listen --record` file is the whole delivery; explicit flags still win.
    let recording = input::recording(&read, source)?;
    let mut headers = match &recording {
        Some(r) => r.headers.clone(),
        None => webhook::Headers::new(),
    };
    if let Some(path) = &args.headers_file {
        headers = input::read_headers_file(path)?;
    }
    headers.extend_replace(&input::parse_header_args(&args.headers)?);
    let method = args
        .method
        .as_deref()
        .or(recording.as_ref().map(|r| r.method.as_str()))
        .unwrap_or("POST");
    let url = args
        .url
        .as_deref()
        .or(recording.as_ref().and_then(|r| r.url.as_deref()));
    let body: &[u8] = match &recording {
        Some(r) => &r.body,
        None => &read,
    };
    if let Some(r) = &recording {
        unverifiable(r, &args.provider, &headers, source)?;
    }
    let req = Request {
        method,
        url,
        headers: &headers,
        body,
    };
    // `--now`, else the time a recording was received, else the run's clock (`WHK_NOW`).
    let opts = VerifyOptions {
        now: args
            .now
            .or(recording.as_ref().and_then(|r| r.received_at))
            .unwrap_or_else(|| clock.unix()),
        tolerance: args.tolerance,
    };
    let scheme_opts = args.scheme.options();
    let spec = args.secret.spec();
    // Headers that name no scheme (a redacted token, an unsigned delivery): a recording's
    // provider is the one listen recognised.
    let choice = match (args.provider, recording.as_ref().and_then(|r| r.provider)) {
        (ProviderChoice::Auto, Some(p)) if webhook::detect(&req).is_empty() => {
            ProviderChoice::One(p)
        }
        (choice, _) => choice,
    };
    let result = match choice {
        ProviderChoice::One(p) => {
            let scheme = webhook::build(p, &scheme_opts).map_err(|e| {
                crate::hinted(e.0, "see `whk providers` for what each provider takes")
            })?;
            let signer = Keyring::signer_for(&spec, p, &scheme_opts, &mut |w| out.warn(&w))?;
            webhook::verify(scheme.as_ref(), signer.secret(), &req, &opts)
        }
        ProviderChoice::Auto => {
            let detected = webhook::detect(&req);
            let Some(first) = detected.first().copied() else {
                return Err(crate::hinted(
                    format!(
                        "--provider auto found no known signature header (headers present: {})",
                        present(&req)
                    ),
                    "pass the signature header with -H or --headers-file, or name the scheme with --provider (see `whk providers`)",
                ));
            };
            let signer = Keyring::signer_for(&spec, first, &scheme_opts, &mut |w| out.warn(&w))?;
            webhook::verify_auto(
                |p: Provider| {
                    if p == first || p == Provider::Vapi || p == Provider::Generic {
                        scheme_opts.clone()
                    } else {
                        webhook::SchemeOptions::default()
                    }
                },
                signer.secret(),
                &req,
                &opts,
            )
        }
    };
    let verdict = result.map_err(|e| match e {
        VerifyError::NeedsUrl { .. } => crate::hinted(
            e.to_string(),
            "use the public URL configured at the provider, e.g. --url 'https://example.com/hooks/voice?x=1'",
        ),
        other => anyhow::anyhow!(other),
    })?;
    if !verdict.valid && recording.as_ref().is_some_and(|r| r.redacted) {
        out.warn(&format!(
            "{} was recorded with --redact: phone numbers and credential headers were masked, so the signature cannot check out; record without --redact to verify",
            source.display()
        ));
    }
    if args.json {
        out.out(&serde_json::to_string(&verdict)?);
    } else {
        out.out(&human(&verdict, out));
    }
    Ok(ExitStatus::from_ok(verdict.valid))
}

/// A recording that cannot be verified: Vapi's legacy scheme sends the secret itself in
/// `X-Vapi-Secret`, which `listen --record` never stores.
fn unverifiable(
    rec: &Recording,
    choice: &ProviderChoice,
    headers: &webhook::Headers,
    source: &Path,
) -> anyhow::Result<()> {
    let vapi_secret = match choice {
        ProviderChoice::One(p) => *p == Provider::VapiSecret,
        ProviderChoice::Auto => rec.provider == Some(Provider::VapiSecret),
    };
    if vapi_secret && !headers.contains("x-vapi-secret") {
        return Err(crate::hinted(
            format!(
                "{} is a vapi-secret delivery, which cannot be verified from a recording: its X-Vapi-Secret header is the secret itself, and `whk listen --record` never stores it",
                source.display()
            ),
            "listen checked it when it arrived: see \"signature\" in the file's \"recorded\" block",
        ));
    }
    Ok(())
}

fn present(req: &Request<'_>) -> String {
    let n = req.headers.names();
    if n.is_empty() {
        "none".into()
    } else {
        n.join(", ")
    }
}

/// The human verdict: one line, plus the hint.
pub fn human(v: &Verdict, out: &Output) -> String {
    let s = &out.out_style;
    if v.valid {
        format!("{} {}", s.valid("valid:"), v.message)
    } else {
        let mut text = format!(
            "{} {} {}",
            s.invalid("invalid:"),
            v.message,
            s.dim(&format!("[{}]", v.reason))
        );
        if let Some(h) = &v.hint {
            text.push_str(&format!("\n  {} {h}", s.hint("fix:")));
        }
        text
    }
}
