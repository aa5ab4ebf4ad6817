//! `whk verify`: request bytes → scheme → verdict, with the reason and the fix.

use crate::cli::{ProviderChoice, VerifyArgs};
use crate::exit::ExitStatus;
use crate::input;
use crate::output::Output;
use crate::webhook::{self, Provider, Request, Verdict, VerifyError, VerifyOptions};

pub fn run(args: VerifyArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let mut headers = webhook::Headers::new();
    if let Some(path) = &args.headers_file {
        headers = input::read_headers_file(path)?;
    }
    headers.extend_replace(&input::parse_header_args(&args.headers)?);
    let body = input::read_body(args.body.as_deref())?;
    let req = Request {
        method: &args.method,
        url: args.url.as_deref(),
        headers: &headers,
        body: &body,
    };
    let opts = VerifyOptions {
        now: args.now.unwrap_or_else(webhook::now_unix),
        tolerance: args.tolerance,
    };
    let scheme_opts = args.scheme.options();
    let spec = args.secret.spec();
    let result = match args.provider {
        ProviderChoice::One(p) => {
            let scheme = webhook::build(p, &scheme_opts).map_err(|e| {
                crate::hinted(e.0, "see `whk providers` for what each provider takes")
            })?;
            let secret = input::secret_for(&spec, p)?;
            webhook::verify(scheme.as_ref(), &secret, &req, &opts)
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
            let secret = input::secret_for(&spec, first)?;
            webhook::verify_auto(
                |p: Provider| {
                    if p == first || p == Provider::Vapi || p == Provider::Generic {
                        scheme_opts.clone()
                    } else {
                        webhook::SchemeOptions::default()
                    }
                },
                &secret,
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
    if args.json {
        out.out(&serde_json::to_string(&verdict)?);
    } else {
        out.out(&human(&verdict, out));
    }
    Ok(ExitStatus::from_ok(verdict.valid))
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
