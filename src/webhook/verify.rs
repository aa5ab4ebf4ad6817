//! The verify pipeline shared by every scheme, and the diagnosis of failures.

use super::crypto::{b64_decode_any, b64_decode_strict};
use super::providers::{self, Provider};
use super::request::Request;
use super::reserialize;
use super::scheme::{Check, Key, KeyError, ParseError, Parsed, Scheme, SchemeOptions, Unprefixed};
use super::verdict::{Reason, Verdict};
use crate::secret::Secret;

/// Settings for one verification.
#[derive(Clone, Copy, Debug)]
pub struct VerifyOptions {
    /// "Now", unix seconds (`--now` makes old captures verifiable in tests).
    pub now: i64,
    /// `--tolerance SECS`: resize the scheme's timestamp window; 0 disables the check.
    pub tolerance: Option<u64>,
}

/// Verification could not be attempted (usage errors, exit 2).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum VerifyError {
    #[error("{provider} signs the request URL: pass --url with the exact URL the provider called")]
    NeedsUrl { provider: Provider },
    #[error("the secret cannot be used for {provider}: {error}")]
    BadSecret { provider: Provider, error: KeyError },
    #[error("no known signature header found (headers present: {present})")]
    NothingDetected { present: String },
}

/// Verify with a provider chosen from the headers (`--provider auto`).
pub fn verify_auto(
    opts_for: impl Fn(Provider) -> SchemeOptions,
    secret: &Secret,
    req: &Request<'_>,
    opts: &VerifyOptions,
) -> Result<Verdict, VerifyError> {
    let candidates = providers::detect(req);
    let Some(first) = candidates.first().copied() else {
        return Err(VerifyError::NothingDetected {
            present: present_headers(req),
        });
    };
    let mut first_verdict = None;
    for p in candidates {
        let Ok(scheme) = providers::build(p, &opts_for(p)) else {
            continue;
        };
        match verify(scheme.as_ref(), secret, req, opts) {
            Ok(v) if v.valid => return Ok(v),
            Ok(v) => {
                if first_verdict.is_none() {
                    first_verdict = Some(v);
                }
            }
            Err(e) if p == first => return Err(e),
            Err(_) => {}
        }
    }
    Ok(first_verdict.expect("the first candidate produced a verdict"))
}

/// Verify `req` with `scheme`. See the module docs of `webhook` for what is checked.
pub fn verify(
    scheme: &dyn Scheme,
    secret: &Secret,
    req: &Request<'_>,
    opts: &VerifyOptions,
) -> Result<Verdict, VerifyError> {
    let provider = scheme.provider();
    let parsed = match scheme.parse(req) {
        Ok(p) => p,
        Err(ParseError::NeedsUrl) => return Err(VerifyError::NeedsUrl { provider }),
        Err(ParseError::Missing { expected }) => return Ok(missing(provider, &expected, req)),
        Err(ParseError::OtherScheme {
            provider: other,
            detail,
        }) => {
            return Ok(Verdict::invalid(
                provider,
                Reason::WrongProvider,
                detail,
                format!("verify with --provider {other}"),
            ));
        }
        Err(ParseError::Malformed { header, detail }) => {
            // A bare signature where the scheme wants `sha256=<hex>`: judge it bare, and
            // say the prefix is missing whatever the outcome.
            if let Some(bare) = scheme.without_prefix()
                && let Ok(parsed) = bare.scheme.parse(req)
            {
                return judge(
                    bare.scheme.as_ref(),
                    secret,
                    req,
                    &parsed,
                    opts,
                    Some(&bare),
                );
            }
            return Ok(Verdict::invalid(
                provider,
                Reason::MalformedHeader,
                format!("{header} header is malformed: {detail}"),
                format!(
                    "send the header exactly as {provider} does: {}",
                    provider.info().algorithm
                ),
            ));
        }
    };
    judge(scheme, secret, req, &parsed, opts, None)
}

/// Check a parsed signature and explain a failure. `unprefixed` is set when the header lacked
/// the scheme's prefix and `scheme` is the twin that reads it bare: a match is then a finding,
/// never valid.
fn judge(
    scheme: &dyn Scheme,
    secret: &Secret,
    req: &Request<'_>,
    parsed: &Parsed,
    opts: &VerifyOptions,
    unprefixed: Option<&Unprefixed>,
) -> Result<Verdict, VerifyError> {
    let provider = scheme.provider();
    if scheme.signs_url() && req.url.is_none() {
        return Err(VerifyError::NeedsUrl { provider });
    }
    let key = match scheme.key(secret) {
        Ok(k) => k,
        Err(error) => {
            // The secret is not in the provider's format; if it works decoded another way,
            // that is the finding. Otherwise the user must fix the secret (exit 2).
            if let Some(v) = diagnose_secret(scheme, secret, None, req, parsed) {
                return Ok(v);
            }
            return Err(VerifyError::BadSecret { provider, error });
        }
    };
    let mut verdict = match (scheme.check(&key, req, parsed), unprefixed) {
        (Check::Match, None) => check_time(scheme, parsed, opts),
        (Check::Match, Some(bare)) => Verdict::invalid(
            provider,
            Reason::WrongOptions,
            format!(
                "the signature is right, but {} lacks the `{}` prefix {provider} expects (it matches with {})",
                parsed.header, bare.prefix, bare.options
            ),
            format!(
                "the sender writes a bare signature, which a receiver that strips the prefix (.replace('{p}', '')) accepts: verify with {o}, or make the sender add `{p}`",
                p = bare.prefix,
                o = bare.options
            ),
        ),
        (Check::BodyHash { claimed, actual }, _) => body_hash(provider, req, &claimed, &actual),
        (Check::NoMatch, _) => diagnose(scheme, secret, &key, req, parsed, opts),
    };
    if let Some(bare) = unprefixed
        && verdict.reason != Reason::WrongOptions
        && let Some(hint) = &mut verdict.hint
    {
        hint.push_str(&format!(
            "; {} also lacks the `{}` prefix ({} reads it bare)",
            parsed.header, bare.prefix, bare.options
        ));
    }
    verdict.timestamp = parsed.timestamp;
    verdict.id = parsed.id.clone();
    Ok(verdict)
}

fn present_headers(req: &Request<'_>) -> String {
    let names = req.headers.names();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// Header names users put in by mistake, per provider, with what to say about them.
fn known_wrong_headers(provider: Provider) -> &'static [(&'static str, &'static str)] {
    match provider {
        Provider::Vogent => &[
            (
                "vogent-signature",
                "Vogent signs in X-Elto-Signature (Elto is Vogent's former name); `vogent-signature` is a guess that never arrives",
            ),
            (
                "x-vogent-signature",
                "Vogent signs in X-Elto-Signature (Elto is Vogent's former name)",
            ),
        ],
        Provider::VapiSecret => &[(
            "x-vapi-signature",
            "the legacy Vapi secret is sent as X-Vapi-Secret; older docs called it X-Vapi-Signature — if your assistant sends that name, pass --signature-header X-Vapi-Signature",
        )],
        Provider::Vapi => &[(
            "x-vapi-signature",
            "Vapi's HMAC credential signs in the header you configured (default x-signature): pass --signature-header x-vapi-signature",
        )],
        Provider::Github => &[(
            "x-hub-signature",
            "only the legacy SHA-1 header is present; GitHub also sends X-Hub-Signature-256",
        )],
        Provider::Generic => &[
            (
                "x-signature",
                "this looks like a custom header name: pass --signature-header x-signature",
            ),
            (
                "x-hub-signature-256",
                "this is GitHub's header: use --provider github, or --signature-header X-Hub-Signature-256",
            ),
        ],
        _ => &[],
    }
}

fn missing(provider: Provider, expected: &[String], req: &Request<'_>) -> Verdict {
    let others: Vec<Provider> = providers::detect(req)
        .into_iter()
        .filter(|p| *p != provider)
        .collect();
    if let Some(other) = others.first() {
        return Verdict::invalid(
            provider,
            Reason::WrongProvider,
            format!(
                "no {} header; the headers present are {other}'s ({})",
                expected.join(" / "),
                other.info().headers.join(", ")
            ),
            format!("verify with --provider {other} (or --provider auto)"),
        );
    }
    for (name, why) in known_wrong_headers(provider) {
        if req.headers.contains(name) {
            return Verdict::invalid(
                provider,
                Reason::MissingHeader,
                format!("no {} header, but {name} is present", expected.join(" / ")),
                why.to_string(),
            );
        }
    }
    Verdict::invalid(
        provider,
        Reason::MissingHeader,
        format!(
            "no {} header (headers present: {})",
            expected.join(" / "),
            present_headers(req)
        ),
        format!(
            "pass the header with -H or --headers-file; {provider} sends {}",
            provider.info().headers.join(", ")
        ),
    )
}

fn check_time(scheme: &dyn Scheme, parsed: &Parsed, opts: &VerifyOptions) -> Verdict {
    let provider = scheme.provider();
    let window = scheme.window().with_tolerance(opts.tolerance);
    if let Some(exp) = parsed.expires_at
        && opts.now >= exp
    {
        return Verdict::invalid(
            provider,
            Reason::TokenExpired,
            format!(
                "correct signature, but the token expired {} ago (exp)",
                describe_age(opts.now - exp)
            ),
            "the callback is stale or replayed; a fresh delivery carries a fresh token (check your clock with --now)",
        );
    }
    if let Some(nbf) = parsed.not_before
        && opts.now < nbf
    {
        return Verdict::invalid(
            provider,
            Reason::TokenExpired,
            format!(
                "correct signature, but the token is not valid for another {} (nbf)",
                describe_age(nbf - opts.now)
            ),
            "the sender's clock is ahead of yours; check both clocks (NTP)",
        );
    }
    if let Some(ts) = parsed.timestamp {
        let age = opts.now - ts;
        if let Some(past) = window.past
            && age > past as i64
        {
            return Verdict::invalid(
                provider,
                Reason::TimestampTooOld,
                format!(
                    "correct signature, but signed {} ago; {provider} allows {past} s",
                    describe_age(age)
                ),
                "a stale or replayed delivery, or a clock behind: check the clocks, re-sign it (whk replay signs fresh), or pass --tolerance / --now when verifying a capture",
            );
        }
        if let Some(future) = window.future
            && -age > future as i64
        {
            return Verdict::invalid(
                provider,
                Reason::TimestampInFuture,
                format!(
                    "correct signature, but dated {} in the future; {provider} allows {future} s",
                    describe_age(-age)
                ),
                "the sender's clock is ahead of this machine's: check both clocks (NTP), or pass --now",
            );
        }
    }
    let mut v = Verdict::valid(
        provider,
        format!("valid {provider} signature ({})", parsed.header),
    );
    if let Some(ts) = parsed.timestamp {
        let age = opts.now - ts;
        v.message = if age >= 0 {
            format!("{}, signed {} ago", v.message, describe_age(age))
        } else {
            format!("{}, dated {} in the future", v.message, describe_age(-age))
        };
    }
    v
}

fn body_hash(provider: Provider, req: &Request<'_>, claimed: &str, actual: &str) -> Verdict {
    let search = reserialize::search(req.body, |bytes| {
        super::crypto::sha256_hex(bytes).eq_ignore_ascii_case(claimed)
    });
    if let Some(found) = &search.found {
        return Verdict::invalid(
            provider,
            Reason::BodyReserialized,
            format!(
                "the signature is genuine, but its body hash matches this body {}",
                found.description
            ),
            "the body was parsed and re-serialised before verifying; hash and verify the raw request bytes",
        );
    }
    let mut hint = "the body was changed after signing (or this is not the body that was sent); verify the raw request bytes".to_string();
    if let Some(note) = search_note(&search) {
        hint = format!("{hint}; {note}");
    }
    Verdict::invalid(
        provider,
        Reason::BodyHashMismatch,
        format!(
            "the signature is genuine, but the body's SHA-256 ({}…) is not the hash it vouches for ({}…)",
            &actual[..actual.len().min(12)],
            &claimed[..claimed.len().min(12)]
        ),
        hint,
    )
}

/// What the re-encoding search left out, when it left anything out.
fn search_note(search: &reserialize::Search) -> Option<String> {
    if search.skipped() > 0 {
        Some(format!(
            "only {} of the body's {} re-encodings were tried (the search stops after {} MiB of re-encoded bytes)",
            search.tried,
            search.total,
            reserialize::BUDGET_BYTES >> 20
        ))
    } else if search.too_large_to_parse {
        Some(format!(
            "the body is over {} MiB, so its JSON re-encodings were not tried",
            reserialize::MAX_PARSED_BODY >> 20
        ))
    } else {
        None
    }
}

fn diagnose(
    scheme: &dyn Scheme,
    secret: &Secret,
    key: &Key,
    req: &Request<'_>,
    parsed: &Parsed,
    opts: &VerifyOptions,
) -> Verdict {
    let provider = scheme.provider();
    let matches = |k: &Key, r: &Request<'_>| scheme.check(k, r, parsed) == Check::Match;

    // 1. The same JSON, encoded another way.
    let search = scheme
        .signs_body()
        .then(|| reserialize::search(req.body, |bytes| matches(key, &req.with_body(bytes))));
    if let Some(found) = search.as_ref().and_then(|s| s.found.as_ref()) {
        return Verdict::invalid(
            provider,
            Reason::BodyReserialized,
            format!(
                "the signature matches this body {}, not the bytes given",
                found.description
            ),
            "the body was parsed and re-serialised (e.g. JSON.stringify(req.body)) before verifying; verify the raw request bytes (express.raw(), request.get_data())",
        );
    }
    // 2. The secret decoded another way.
    if let Some(v) = diagnose_secret(scheme, secret, Some(key), req, parsed) {
        return v;
    }
    // 3. Another URL (URL-signed schemes).
    if scheme.signs_url()
        && let Some(url) = req.url
    {
        for candidate in forwarded_urls(url, req.headers)
            .into_iter()
            .chain(url_variants(url))
        {
            if matches(key, &req.with_url(&candidate)) {
                let mut v = Verdict::invalid(
                    provider,
                    Reason::UrlMismatch,
                    format!("the signature matches the URL {candidate}, not {url}"),
                    "a proxy or tunnel changed the URL: validate against the public URL the provider called (scheme, host, port, path, query exactly), e.g. from X-Forwarded-Proto/X-Forwarded-Host",
                );
                v.matching_url = Some(candidate);
                return v;
            }
        }
    }
    // 4. The same scheme with other settings.
    for (description, variant) in scheme.variants() {
        if let Ok(vkey) = variant.key(secret)
            && let Ok(vparsed) = variant.parse(req)
            && variant.check(&vkey, req, &vparsed) == Check::Match
        {
            return Verdict::invalid(
                provider,
                Reason::WrongOptions,
                format!("the signature matches {provider} with {description}"),
                format!("configure the receiver (or pass {description}) to match the sender"),
            );
        }
    }
    // 5. Another provider's scheme over the same headers.
    for other in providers::detect(req) {
        if other == provider {
            continue;
        }
        // A plain check, not `verify`: the diagnosis must never recurse (two providers'
        // headers, both failing, would otherwise diagnose each other forever).
        if let Ok(s) = providers::build(other, &SchemeOptions::default())
            && let Ok(p) = s.parse(req)
            && let Ok(k) = s.key(secret)
            && s.check(&k, req, &p) == Check::Match
        {
            return Verdict::invalid(
                provider,
                Reason::WrongProvider,
                format!("not a {provider} signature, but a valid {other} one"),
                format!("verify with --provider {other}"),
            );
        }
    }
    if !scheme.signs_body() {
        // The header carries the secret itself: only the secret can be wrong.
        return Verdict::invalid(
            provider,
            Reason::Mismatch,
            format!(
                "{} is not the secret given: wrong secret ({provider} sends the secret itself and signs nothing)",
                parsed.header
            ),
            "check that the secret is the server URL secret configured in Vapi (assistant, phone number or organization server settings), and that the receiver reads that same value",
        );
    }
    let mut notes = Vec::new();
    if req.body.is_empty() {
        notes.push("the body is empty — did the body reach whk (file, stdin)?".to_string());
    }
    if let Some(note) = search.as_ref().and_then(search_note) {
        notes.push(note);
    }
    if let Some(ts) = parsed.timestamp {
        let window = scheme.window().with_tolerance(opts.tolerance);
        let age = opts.now - ts;
        if window.past.is_some_and(|p| age > p as i64) {
            notes.push(format!("it is also {} old", describe_age(age)));
        }
    }
    let mut hint = "check that the secret is this endpoint's current signing secret, and that the body is the raw bytes that were sent".to_string();
    if scheme.signs_url() {
        hint.push_str(
            "; this scheme also signs the URL: pass the exact public URL the provider called (behind a tunnel, its https host, not localhost)",
        );
    }
    if !notes.is_empty() {
        hint = format!("{hint}; {}", notes.join("; "));
    }
    Verdict::invalid(
        provider,
        Reason::Mismatch,
        format!(
            "signature does not match ({}): wrong secret or a changed body",
            parsed.header
        ),
        hint,
    )
}

/// Try the secret decoded other ways; say which one the sender used.
fn diagnose_secret(
    scheme: &dyn Scheme,
    secret: &Secret,
    canonical: Option<&Key>,
    req: &Request<'_>,
    parsed: &Parsed,
) -> Option<Verdict> {
    let provider = scheme.provider();
    let text = secret.expose();
    let trimmed = text.trim();
    if trimmed.len() != text.len()
        && !trimmed.is_empty()
        && let Ok(key) = scheme.key(&Secret::new(trimmed))
        && scheme.check(&key, req, parsed) == Check::Match
    {
        return Some(Verdict::invalid(
            provider,
            Reason::SecretWhitespace,
            format!(
                "the signature matches the secret without its {}",
                describe_whitespace(text)
            ),
            "the secret has whitespace at its ends that the sender does not use (a .env value with a trailing space, a stray tab or carriage return, a copy-paste): remove it where the secret is stored and where the receiver reads it",
        ));
    }
    for (description, key) in alternative_keys(secret) {
        if canonical == Some(&key) {
            continue;
        }
        if scheme.check(&key, req, parsed) == Check::Match {
            return Some(Verdict::invalid(
                provider,
                Reason::SecretEncoding,
                format!("the signature matches when the secret is used as {description}"),
                format!(
                    "{provider} keys are {}; the sender and receiver decode the secret differently — make them agree",
                    key_rule(provider)
                ),
            ));
        }
    }
    None
}

/// "trailing carriage return", "leading space and 2 trailing newlines": what surrounds the
/// secret, never the secret.
fn describe_whitespace(text: &str) -> String {
    let name = |c: char| match c {
        ' ' => "space",
        '\t' => "tab",
        '\r' => "carriage return",
        '\n' => "newline",
        _ => "whitespace character",
    };
    let side = |run: &str, side: &str| -> Option<String> {
        let mut chars = run.chars();
        let first = chars.next()?;
        let n = run.chars().count();
        let kind = if run.chars().all(|c| c == first) {
            name(first)
        } else {
            "whitespace character"
        };
        Some(if n == 1 {
            format!("{side} {kind}")
        } else {
            format!("{n} {side} {kind}s")
        })
    };
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let parts: Vec<String> = [
        side(&text[..start], "leading"),
        side(&text[end.max(start)..], "trailing"),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(" and ")
}

fn key_rule(provider: Provider) -> &'static str {
    match provider {
        Provider::Standard => "the base64-decoded bytes after `whsec_`",
        Provider::Stripe => "the whole `whsec_…` string as text (not decoded)",
        Provider::Elevenlabs => "the whole secret string as text, `wsec_` included",
        Provider::Vapi => "the secret as text, or base64-decoded with --secret-base64",
        _ => "the secret string as UTF-8 text",
    }
}

/// Key bytes the secret could be mistaken for.
fn alternative_keys(secret: &Secret) -> Vec<(String, Key)> {
    let s = secret.expose();
    let mut out: Vec<(String, Key)> = Vec::new();
    let mut push = |d: String, bytes: Vec<u8>| {
        if !bytes.is_empty() && !out.iter().any(|(_, k)| k.0 == bytes) {
            out.push((d, Key(bytes)));
        }
    };
    push(
        "plain text (UTF-8), not decoded".into(),
        s.as_bytes().to_vec(),
    );
    for prefix in ["whsec_", "wsec_", "sk_", "PSK_"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            push(
                format!("text without its `{prefix}` prefix"),
                rest.as_bytes().to_vec(),
            );
            if let Some(b) = b64_decode_strict(rest) {
                push(format!("base64-decoded bytes after `{prefix}`"), b);
            }
        }
    }
    if let Some(b) = b64_decode_any(s) {
        push("base64-decoded bytes".into(), b);
    }
    if s.len().is_multiple_of(2)
        && let Ok(b) = hex::decode(s)
    {
        push("hex-decoded bytes".into(), b);
    }
    out
}

/// The public URL a proxy or tunnel announces in its forwarding headers, with this request's
/// path and query.
fn forwarded_urls(url: &str, headers: &super::request::Headers) -> Vec<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Vec::new();
    };
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let hosts: Vec<String> = ["x-forwarded-host", "x-original-host", "host"]
        .iter()
        .filter_map(|h| first(h))
        .collect();
    let mut schemes: Vec<String> = first("x-forwarded-proto").into_iter().collect();
    schemes.extend(["https".to_string(), "http".to_string()]);
    let path_and_query = &url[parsed[..url::Position::BeforePath].len()..];
    let mut out: Vec<String> = Vec::new();
    for host in &hosts {
        for scheme in &schemes {
            let candidate = format!("{scheme}://{host}{path_and_query}");
            if candidate != url && !out.contains(&candidate) {
                out.push(candidate);
            }
        }
    }
    out
}

/// URLs a proxy or tunnel might have turned the signed URL into, and back.
pub(crate) fn url_variants(url: &str) -> Vec<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Vec::new();
    };
    let mut bases = vec![parsed.clone()];
    let mut swapped = parsed.clone();
    let other_scheme = if parsed.scheme() == "https" {
        "http"
    } else {
        "https"
    };
    if swapped.set_scheme(other_scheme).is_ok() {
        bases.push(swapped);
    }
    let mut out: Vec<String> = Vec::new();
    let mut push = |u: String| {
        if u != url && !out.contains(&u) {
            out.push(u);
        }
    };
    for base in bases {
        let mut forms = vec![base.clone()];
        // Trailing slash toggled.
        let mut slash = base.clone();
        let path = base.path().to_string();
        if let Some(stripped) = path.strip_suffix('/') {
            if !stripped.is_empty() {
                slash.set_path(stripped);
                forms.push(slash);
            }
        } else {
            slash.set_path(&format!("{path}/"));
            forms.push(slash);
        }
        // Query removed.
        let extra: Vec<url::Url> = forms
            .iter()
            .filter(|u| u.query().is_some())
            .map(|u| {
                let mut q = u.clone();
                q.set_query(None);
                q
            })
            .collect();
        forms.extend(extra);
        for f in forms {
            push(f.to_string());
            // Explicit default port, as some signers include it.
            let host = f.host_str().unwrap_or_default().to_string();
            let port = f.port_or_known_default();
            if let Some(p) = port {
                let explicit =
                    f.as_str()
                        .replacen(&format!("://{host}/"), &format!("://{host}:{p}/"), 1);
                push(explicit);
            }
            // Common local ports a tunnel forwards to.
            for local in [80u16, 443, 3000, 8000, 8080] {
                let mut l = f.clone();
                if l.set_port(Some(local)).is_ok() {
                    push(l.to_string());
                }
            }
        }
    }
    out
}

use crate::output::format::describe_age;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_variants_cover_proxy_changes() {
        let v = url_variants("http://localhost:3000/hook");
        assert!(
            v.contains(&"https://localhost:3000/hook".to_string())
                || v.iter().any(|u| u.starts_with("https://localhost"))
        );
        assert!(v.contains(&"http://localhost:3000/hook/".to_string()));
        let v = url_variants("https://example.com/hook?x=1");
        assert!(v.contains(&"https://example.com/hook".to_string()));
        assert!(v.contains(&"https://example.com:443/hook?x=1".to_string()));
        assert!(v.contains(&"http://example.com/hook?x=1".to_string()));
    }
}
