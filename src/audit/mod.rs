//! `whk audit`: attack the developer's own endpoint the way a forger would.
//!
//! Data flows one way:
//!
//! ```text
//!  fixture body + provider + secret + URL                      [Target]
//!            │
//!            ▼  cases for the scheme: valid, no/empty/wrong signature, body tamper,
//!            │  stale/future, other URL, duplicate, malformed body …
//!  outbound Request (signed with outbound::sign_request, or forged) + what it must get
//!            │
//!            ▼  send::Sender (ureq, blocking, one at a time, behind the outbound types)
//!  endpoint ──► Exchange { status, body, latency, error }
//!            │
//!            ▼  verdict per case (pass / FAIL / warn)     reply: platform::check of the
//!  CaseResult { id, sent, status, latency_ms, verdict }   valid delivery's reply (contract)
//!            │
//!            ▼  cause::attribute: the cause the whole set supports ("does not verify",
//!            │  "verifies re-serialised JSON", "checks the JWT but not payload_hash" …)
//!  Report { cases, findings, summary } ──► cmd/audit.rs: table, JSON or GitHub → output
//! ```
//!
//! fixture body → cases (each a signed or forged outbound [`Request`] with what it must get)
//! → [`send::Sender`] (ureq, behind the outbound types) → [`Exchange`] → [`CaseResult`]
//! verdicts → [`cause::attribute`] (the cause the whole set of results supports) → report,
//! with one [`crate::finding::Finding`] per FAIL or warn case (`audit.<case id>`) for `--json`
//! and `--format github`. The first case is a correctly signed delivery; if the
//! endpoint refuses it, nothing else would mean anything and the audit stops. Every request is
//! signed with `outbound::sign_request`, the one signing path replay uses too.
//!
//! Only the cases that mean something for the scheme are built: body cases only where the
//! signature covers the body (never for `vapi-secret`), timestamp cases where one is signed,
//! the other-URL case where the URL is signed, malformed-body cases where there is a body.
//! The reply to the correctly signed delivery is held to the request's reply contract, worked
//! out and checked by [`crate::platform`] as listen and replay do (NCCO for a Vonage answer,
//! TwiML for a Twilio/SignalWire voice request, Vapi `tool-calls` and `assistant-request`).

pub(crate) mod cause;
pub(crate) mod send;

use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;

use crate::finding::{Code, Finding, Location, Severity};
pub use crate::outbound::{Exchange, Request, SendError};
use crate::outbound::{Signer, sign_request};
use crate::platform::{self, Contract};
use crate::secret::Secret;
use crate::webhook::{self, Headers, Provider, SchemeOptions, reserialize};
pub use cause::Cause;
pub use send::Sender;

/// What to audit and with what.
pub struct Target {
    /// The endpoint, with the fixture's query when it has one.
    pub url: String,
    /// `POST`, or `GET` for a body-less delivery (a Vonage answer request).
    pub method: String,
    pub provider: Provider,
    pub options: SchemeOptions,
    pub secret: Secret,
    /// The delivery body (JSON or form) the cases are built from; empty for a GET.
    pub body: Vec<u8>,
    /// Headers sent with every request (API keys the endpoint needs).
    pub extra_headers: Headers,
    /// "Now", unix seconds.
    pub now: i64,
}

/// A case's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Rejected (or handled) as it must be.
    Pass,
    /// A forgery or stale delivery accepted, or a crash/hang on bad input.
    Fail,
    /// Worth a look, but not proof of a flaw (idempotency, lenient content types).
    Warn,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::Warn => "warn",
        }
    }
}

/// One case's result.
#[derive(Clone, Debug, Serialize)]
pub struct CaseResult {
    pub id: &'static str,
    /// What was sent, in a few words.
    pub sent: String,
    pub status: Option<u16>,
    pub latency_ms: f64,
    pub verdict: Verdict,
    /// For FAIL and warn: the likely bug, in one line. For pass: what happened.
    pub explanation: String,
    /// For an accepted forgery: the bug the whole set of results supports.
    pub cause: Option<Cause>,
    #[serde(skip)]
    family: Family,
    /// Where in the reply the problem is, when known (`answer-ncco`: the first lint error's
    /// JSONPath); the finding's location.
    #[serde(skip)]
    location: Option<Location>,
}

impl CaseResult {
    /// The case as a finding (`audit.<case id>`, its explanation); none for a pass.
    pub fn finding(&self) -> Option<Finding> {
        let severity = match self.verdict {
            Verdict::Pass => return None,
            Verdict::Fail => Severity::Error,
            Verdict::Warn => Severity::Warning,
        };
        Some(Finding {
            location: self.location.clone(),
            ..Finding::new(Code::audit(self.id), severity, self.explanation.clone())
        })
    }
}

/// What a case probes, for deciding causes across cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// The correctly signed delivery, its replay, the answer's NCCO.
    Baseline,
    /// Whether a signature is required and compared.
    Signature,
    /// Whether the signature is checked against the body as received.
    Body,
    /// Whether the signed timestamp is checked.
    Time,
    /// Whether the signed URL is checked.
    Url,
    /// Malformed input, validly signed.
    Input,
}

/// The whole audit.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub url: String,
    pub provider: Provider,
    pub cases: Vec<CaseResult>,
    /// Set when the correctly signed delivery was refused and the audit stopped.
    pub aborted: Option<String>,
    pub summary: Summary,
    /// One finding per FAIL (error) and warn (warning) case, code `audit.<case id>`.
    pub findings: Vec<Finding>,
    /// Cases not sent, as whk.toml's `[apps.NAME.audit.skip]` asked, with its reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A case left out on purpose.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    pub id: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.aborted.is_none() && self.summary.fail == 0
    }
}

/// The endpoint could not be reached at all (exit 2, not a finding).
#[derive(Debug, thiserror::Error)]
#[error("cannot reach {url}: {detail}")]
pub struct Unreachable {
    pub url: String,
    pub detail: String,
}

/// How a case's answer is judged.
#[derive(Clone, Copy)]
enum Expect {
    /// A forgery: any 2xx is a FAIL.
    Forgery,
    /// A correctly signed but stale/future delivery. `strict`: the provider's SDK rejects it,
    /// so accepting it is a FAIL; otherwise a warn.
    Stale { strict: bool },
    /// Malformed input: 4xx passes, 2xx warns, 5xx or a hang fails.
    Malformed,
    /// Not a forgery, but not what the provider sends: 2xx warns.
    Lenient,
}

struct Case {
    id: &'static str,
    family: Family,
    sent: String,
    request: Request,
    expect: Expect,
    /// The likely bug when the case fails (or warns).
    bug: String,
}

impl Target {
    fn scheme(&self) -> Box<dyn webhook::Scheme> {
        webhook::build(self.provider, &self.options).expect("options were checked by the caller")
    }

    /// The body's content type; none for a body-less GET.
    pub(crate) fn content_type(&self) -> &'static str {
        if self.body.is_empty() && self.method != "POST" {
            ""
        } else if is_form(&self.body) && !looks_json(&self.body) {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        }
    }

    fn base_headers(&self, content_type: &str) -> Headers {
        let mut h = self.extra_headers.clone();
        if !content_type.is_empty() {
            h.set("Content-Type", content_type);
        }
        h.set(
            "User-Agent",
            concat!("whk-audit/", env!("CARGO_PKG_VERSION")),
        );
        h
    }

    /// The endpoint's own signer.
    fn own(&self) -> Option<Signer> {
        self.with_secret(self.secret.clone())
    }

    /// The endpoint's scheme with another secret.
    fn with_secret(&self, secret: Secret) -> Option<Signer> {
        Signer::unchecked(self.provider, &self.options, secret).ok()
    }

    /// A request signed by `signer` over `body`, as if sent at `timestamp`, for the URL
    /// `signed_url` (the request still goes to `self.url`). Unsigned when the secret cannot
    /// sign (the first case then shows the endpoint refusing it).
    fn signed_with(
        &self,
        signer: Option<Signer>,
        body: &[u8],
        content_type: &str,
        timestamp: i64,
        signed_url: &str,
    ) -> Request {
        let headers = self.base_headers(content_type);
        let body = Bytes::copy_from_slice(body);
        let mut req = Request::to_url(&self.method, &self.url, headers.clone(), body.clone())
            .unwrap_or_else(|_| {
                let mut r = Request::new(
                    &self.method,
                    &Default::default(),
                    String::new(),
                    headers,
                    body,
                );
                r.url = self.url.clone();
                r
            });
        // Sent to the URL as given (ureq resolves it), and signed for it.
        req.url = self.url.clone();
        if let Some(signer) = signer {
            let other = (signed_url != self.url).then_some(signed_url);
            let _ = sign_request(&mut req, &signer, timestamp, None, other);
        }
        req
    }

    fn signed(&self, body: &[u8], timestamp: i64) -> Request {
        self.signed_with(self.own(), body, self.content_type(), timestamp, &self.url)
    }
}

fn looks_json(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{') | Some(b'[')
    )
}

fn is_form(body: &[u8]) -> bool {
    !looks_json(body) && body.contains(&b'=')
}

/// The signature-bearing header names a signed request carries (not Content-Type etc.).
fn signature_headers(signed: &Request, base: &Headers) -> Vec<String> {
    signed
        .headers
        .iter()
        .filter(|(n, v)| base.get(n) != Some(*v))
        .map(|(n, _)| n.to_string())
        .collect()
}

/// Change one letter inside a JSON string (or a form value), keeping the body parseable.
fn change_one_byte(body: &[u8]) -> Option<Vec<u8>> {
    let json = looks_json(body);
    let mut in_string = false;
    let mut escaped = false;
    let mut candidate = None;
    for (i, &b) in body.iter().enumerate() {
        if json {
            if escaped {
                escaped = false;
                continue;
            }
            match b {
                b'\\' if in_string => escaped = true,
                b'"' => in_string = !in_string,
                b if in_string && b.is_ascii_alphabetic() => candidate = Some(i),
                _ => {}
            }
        } else if b.is_ascii_alphabetic()
            && !(i >= 1 && body[i - 1] == b'%')
            && !(i >= 2 && body[i - 2] == b'%')
        {
            // Not inside a %XX escape: `%2b` and `%2B` decode to the same parameter.
            candidate = Some(i);
        }
    }
    let i = candidate?;
    let mut out = body.to_vec();
    out[i] ^= 0x20; // flip ASCII case: same length, still a letter
    Some(out)
}

/// Another provider whose scheme has different headers, and a secret it accepts.
fn other_provider(p: Provider, secret: &Secret) -> (Provider, Secret) {
    match p {
        Provider::Standard => (Provider::Stripe, secret.clone()),
        _ => (
            Provider::Standard,
            Secret::new(format!(
                "whsec_{}",
                webhook::crypto::b64(secret.expose().as_bytes())
            )),
        ),
    }
}

/// Whether the scheme signs a timestamp, and whether the provider's SDK enforces a window
/// into the past (strict) and into the future.
fn timestamp_policy(
    scheme: &dyn webhook::Scheme,
    provider: Provider,
    options: &SchemeOptions,
) -> Option<(bool, bool)> {
    let window = scheme.window();
    match provider {
        Provider::Standard | Provider::Stripe | Provider::Elevenlabs => {
            Some((window.past.is_some(), window.future.is_some()))
        }
        Provider::Vapi => {
            let format = options
                .payload_format
                .as_deref()
                .unwrap_or("{timestamp}.{body}");
            format.contains("{timestamp}").then_some((false, false))
        }
        Provider::Vonage => Some((false, false)),
        _ => None,
    }
}

/// Which cases mean something for the target's scheme and delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applies {
    /// The signature covers the body, and there is one: body-tamper cases.
    pub body: bool,
    /// The body is JSON: re-serialised and reordered bodies, invalid JSON.
    pub json: bool,
    /// A timestamp is signed: stale and future deliveries.
    pub timestamps: bool,
    /// The URL is signed: the signature for another URL.
    pub url: bool,
    /// The scheme sends the secret itself (`vapi-secret`): the secret in another header.
    pub secret_header: bool,
    /// There is a body: malformed-body cases.
    pub malformed: bool,
    /// The contract the reply to the correctly signed delivery is held to, if any.
    pub contract: Option<Contract>,
}

impl Target {
    /// The cases that mean something for this scheme and delivery.
    pub fn applies(&self) -> Applies {
        let scheme = self.scheme();
        let has_body = !self.body.is_empty();
        let contract = self.contract();
        Applies {
            body: has_body && scheme.signs_body(),
            json: has_body && scheme.signs_body() && looks_json(&self.body),
            timestamps: timestamp_policy(scheme.as_ref(), self.provider, &self.options).is_some(),
            url: scheme.signs_url(),
            secret_header: self.provider == Provider::VapiSecret,
            malformed: has_body,
            contract,
        }
    }

    /// The delivery's reply contract, worked out by [`crate::platform`] from the request's
    /// method, query and body, as listen and replay do.
    pub fn contract(&self) -> Option<Contract> {
        let query = url::Url::parse(&self.url)
            .ok()
            .and_then(|u| u.query().map(str::to_string))
            .unwrap_or_default();
        let content_type = (!self.body.is_empty()).then(|| self.content_type());
        platform::of_request(
            Some(self.provider),
            &self.method,
            content_type,
            &self.body,
            &query,
        )
        .1
    }
}

fn build_cases(t: &Target) -> (Request, Vec<Case>) {
    let scheme = t.scheme();
    let applies = t.applies();
    let parsed_json: Option<serde_json::Value> = serde_json::from_slice(&t.body).ok();
    // Sign the body the way senders write it: compact JSON.
    let body = parsed_json
        .as_ref()
        .map(reserialize::compact)
        .unwrap_or_else(|| t.body.clone());
    let ct = t.content_type();
    let base = t.base_headers(ct);
    let good = t.signed(&body, t.now);
    let sig_headers = signature_headers(&good, &base);
    let p = t.provider;
    let mut cases = Vec::new();
    let forgery = |id, family, sent: String, request, bug: String| Case {
        id,
        family,
        sent,
        request,
        expect: Expect::Forgery,
        bug,
    };

    // 2. Forgeries.
    let mut unsigned = good.clone();
    for h in &sig_headers {
        unsigned.headers.remove(h);
    }
    if p == Provider::VonageSms {
        unsigned.body = Bytes::from(body.clone());
    }
    cases.push(forgery(
        "no-signature",
        Family::Signature,
        "no signature header".into(),
        unsigned.clone(),
        "accepted a delivery with no signature: the handler does not verify (or treats verification as optional when the header is absent)".into(),
    ));
    let mut empty = good.clone();
    for h in &sig_headers {
        empty.headers.set(h, "");
    }
    if p == Provider::VonageSms {
        empty.body = [body.as_slice(), b"&sig="].concat().into();
    }
    cases.push(forgery(
        "empty-signature",
        Family::Signature,
        if applies.secret_header { "empty secret".into() } else { "empty signature".into() },
        empty,
        if applies.secret_header {
            "accepted an empty secret: the handler compares with an unset (empty) secret, or checks only that the header is present".into()
        } else {
            "accepted an empty signature: the handler probably compares only as many bytes as it was sent, or checks for presence only".into()
        },
    ));
    let wrong_secret = Secret::new(match p {
        Provider::Standard => format!(
            "whsec_{}",
            webhook::crypto::b64(b"not-the-endpoint-secret-0123456789")
        ),
        _ => "not-the-endpoint-secret".into(),
    });
    cases.push(forgery(
        "wrong-secret",
        Family::Signature,
        if applies.secret_header { "a wrong secret".into() } else { "signed with a wrong secret".into() },
        t.signed_with(t.with_secret(wrong_secret), &body, ct, t.now, &t.url),
        "accepted a signature made with another secret: the handler does not really compare signatures (or verifies with an empty/default secret)".into(),
    ));
    if applies.secret_header {
        // The genuine secret where Vapi's HMAC scheme puts its signature, not in X-Vapi-Secret.
        let mut moved = unsigned;
        moved.headers.set("X-Signature", t.secret.expose());
        cases.push(Case {
            id: "secret-other-header",
            family: Family::Signature,
            sent: "the secret in X-Signature, not X-Vapi-Secret".into(),
            request: moved,
            expect: Expect::Lenient,
            bug: format!("accepted the secret outside {}: Vapi sends it only there, so the handler looks for it in more places than it needs to (accept it only from that header)", header_of(&sig_headers)),
        });
    }
    if applies.body
        && let Some(changed) = change_one_byte(&body)
    {
        let mut r = good.clone();
        if p == Provider::VonageSms {
            // The signature is inside the form: change a byte of the signed part.
            let signed_body = good.body.clone();
            if let Some(c) = change_one_byte(&signed_body[..body.len()]) {
                r.body = [c.as_slice(), &signed_body[body.len()..]].concat().into();
            }
        } else {
            r.body = changed.into();
        }
        cases.push(forgery(
            "body-byte-changed",
            Family::Body,
            "valid signature, one body byte changed".into(),
            r,
            "accepted a body whose signature was computed over different bytes: the handler does not verify the body it processes".into(),
        ));
    }
    if let (true, Some(v)) = (applies.json, &parsed_json) {
        let pretty = reserialize::pretty(v);
        if pretty != body {
            let mut r = good.clone();
            r.body = pretty.into();
            cases.push(forgery(
                "body-reserialized",
                Family::Body,
                "valid signature, same JSON re-indented".into(),
                r,
                "accepted the same JSON re-indented under the original signature, but not a changed body: the handler verifies re-serialised JSON (`JSON.stringify(req.body)`), not the raw bytes; verify the raw request body (express.raw(), request.get_data())".into(),
            ));
        }
        let reordered = reserialize::compact(&reserialize::reverse_keys(v));
        if reordered != body {
            let mut r = good.clone();
            r.body = reordered.into();
            cases.push(forgery(
                "keys-reordered",
                Family::Body,
                "valid signature, JSON keys reordered".into(),
                r,
                "accepted reordered JSON under the original signature: the handler verifies a normalised re-encoding (e.g. sorted keys), not the raw body".into(),
            ));
        }
    }
    let (other, other_secret) = other_provider(p, &t.secret);
    let mut foreign = t.signed_with(
        Signer::unchecked(other, &SchemeOptions::default(), other_secret).ok(),
        &body,
        ct,
        t.now,
        &t.url,
    );
    if p == Provider::VonageSms {
        foreign.body = Bytes::from(body.clone());
    }
    cases.push(forgery(
        "other-provider-scheme",
        Family::Signature,
        format!("{other} signature instead of {p}'s"),
        foreign,
        format!("accepted a {other} signature on a {p} endpoint: the handler checks only that some signature is present"),
    ));

    // 3. Timestamps and replays.
    if let Some((strict_past, strict_future)) = timestamp_policy(scheme.as_ref(), p, &t.options) {
        cases.push(Case {
            id: "stale-1h",
            family: Family::Time,
            sent: "correctly signed 1 h ago".into(),
            request: t.signed(&body, t.now - 3600),
            expect: Expect::Stale { strict: strict_past },
            bug: if strict_past {
                format!("accepted a delivery signed an hour ago ({p}'s SDK allows {}): the handler ignores the timestamp, so captured deliveries can be replayed", scheme.window().describe())
            } else {
                format!("accepted a delivery signed an hour ago; {p} documents no window, but checking the signed timestamp (e.g. 5 min) stops replays of captured deliveries")
            },
        });
        cases.push(Case {
            id: "future-1h",
            family: Family::Time,
            sent: "correctly signed 1 h in the future".into(),
            request: t.signed(&body, t.now + 3600),
            expect: Expect::Stale { strict: strict_future },
            bug: if strict_future {
                format!("accepted a delivery dated an hour ahead ({p}'s SDK allows {}): the handler ignores the timestamp", scheme.window().describe())
            } else {
                format!("accepted a delivery dated an hour ahead; {p}'s SDK accepts future timestamps too, but a bound stops pre-signed replays")
            },
        });
    }

    // 4. URL-signed schemes: the signature for another URL.
    if applies.url {
        let other_url = other_url(&t.url);
        cases.push(forgery(
            "other-url",
            Family::Url,
            format!("signature for {other_url}"),
            t.signed_with(t.own(), &body, ct, t.now, &other_url),
            "accepted a signature made for another URL: the handler does not check the URL part of the signature".into(),
        ));
    }

    // 5. Malformed input, correctly signed.
    if !applies.malformed {
        return (good, cases);
    }
    let malformed = |id, sent: &str, request, bug: &str| Case {
        id,
        family: Family::Input,
        sent: sent.into(),
        request,
        expect: Expect::Malformed,
        bug: bug.into(),
    };
    if parsed_json.is_some() {
        let cut = &body[..body.len() / 2];
        cases.push(malformed(
            "invalid-json",
            "invalid JSON, validly signed",
            t.signed(cut, t.now),
            "invalid JSON must get 400: parse errors should be caught, not crash the handler",
        ));
    }
    cases.push(malformed(
        "empty-body",
        "empty body, validly signed",
        t.signed(b"", t.now),
        "an empty body must get 400",
    ));
    let big = big_body(&body, parsed_json.is_some());
    cases.push(malformed(
        "body-2mib",
        "2 MiB body, validly signed",
        t.signed(&big, t.now),
        "a 2 MiB body should get 413 (or be handled): set a body size limit",
    ));
    cases.push(malformed(
        "wrong-content-type",
        "text/plain content type, validly signed",
        t.signed_with(t.own(), &body, "text/plain", t.now, &t.url),
        "a body with the wrong content type should get 415 or 400",
    ));
    (good, cases)
}

/// The first signature header's name, for messages.
fn header_of(sig_headers: &[String]) -> String {
    sig_headers
        .first()
        .cloned()
        .unwrap_or_else(|| "the signature header".into())
}

fn other_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let path = format!("{}-other", u.path().trim_end_matches('/'));
            u.set_path(&path);
            u.to_string()
        }
        Err(_) => format!("{url}-other"),
    }
}

fn big_body(body: &[u8], json: bool) -> Vec<u8> {
    let filler = "x".repeat(2 * 1024 * 1024);
    if json {
        format!("{{\"padding\":\"{filler}\"}}").into_bytes()
    } else {
        let mut b = body.to_vec();
        b.extend_from_slice(format!("&padding={filler}").as_bytes());
        b
    }
}

fn judge(expect: Expect, outcome: &Exchange, bug: &str) -> (Verdict, String) {
    let status = outcome.status;
    match (expect, status) {
        (_, None) => match (expect, &outcome.error) {
            (Expect::Malformed, Some(SendError::Timeout(_))) => (
                Verdict::Fail,
                format!("no answer within the deadline: the handler hangs; {bug}"),
            ),
            (_, Some(SendError::Timeout(_))) => {
                (Verdict::Warn, "no answer within the deadline".into())
            }
            (Expect::Malformed, e) => (
                Verdict::Fail,
                format!(
                    "the connection broke ({}): the handler crashed; {bug}",
                    describe_error(e)
                ),
            ),
            (_, e) => (
                Verdict::Warn,
                format!("the connection broke: {}", describe_error(e)),
            ),
        },
        (Expect::Forgery, Some(s)) if (200..300).contains(&s) => (Verdict::Fail, bug.to_string()),
        (Expect::Lenient, Some(s)) if (200..300).contains(&s) => (Verdict::Warn, bug.to_string()),
        (Expect::Stale { strict }, Some(s)) if (200..300).contains(&s) => (
            if strict { Verdict::Fail } else { Verdict::Warn },
            bug.to_string(),
        ),
        (Expect::Forgery | Expect::Stale { .. } | Expect::Lenient, Some(s))
            if (300..400).contains(&s) =>
        {
            (
                Verdict::Warn,
                format!("answered a redirect ({s}); refuse it with 401 or 403 instead"),
            )
        }
        (Expect::Forgery | Expect::Stale { .. } | Expect::Lenient, Some(s)) if s >= 500 => (
            Verdict::Warn,
            format!("refused with {s}; answer 401/403 so a rejection does not look like an outage"),
        ),
        (Expect::Forgery | Expect::Stale { .. } | Expect::Lenient, Some(s)) => {
            (Verdict::Pass, format!("rejected with {s}"))
        }
        (Expect::Malformed, Some(s)) if (400..500).contains(&s) => {
            (Verdict::Pass, format!("rejected with {s}"))
        }
        (Expect::Malformed, Some(s)) if s >= 500 => (Verdict::Fail, format!("answered {s}: {bug}")),
        (Expect::Malformed, Some(s)) => (Verdict::Warn, format!("answered {s}: {bug}")),
    }
}

fn describe_error(e: &Option<SendError>) -> String {
    match e {
        Some(SendError::Timeout(_)) => "timeout".into(),
        Some(e) => e.to_string(),
        None => "unknown error".into(),
    }
}

fn result(
    id: &'static str,
    sent: String,
    outcome: &Exchange,
    verdict: Verdict,
    explanation: String,
) -> CaseResult {
    CaseResult {
        id,
        sent,
        status: outcome.status,
        latency_ms: crate::output::format::millis(outcome.latency),
        verdict,
        explanation,
        cause: None,
        family: Family::Baseline,
        location: None,
    }
}

/// The case id of a reply contract's check.
fn reply_id(contract: Contract) -> &'static str {
    match contract {
        Contract::Ncco => "answer-ncco",
        Contract::NccoIfAny => "reply-ncco",
        Contract::Twiml => "reply-twiml",
        Contract::VapiToolCalls => "reply-vapi-tool-calls",
        Contract::VapiAssistantRequest => "reply-vapi-assistant-request",
    }
}

/// The reply to the correctly signed delivery, held to its contract with
/// [`platform::check`]: a FAIL with the contract findings' messages (and locations) for its
/// errors, a warn for its warnings.
fn reply_case(contract: Contract, request: &[u8], first: &Exchange) -> CaseResult {
    let answer = platform::Answer {
        status: first.status.unwrap_or(0),
        content_type: first.headers.get("content-type"),
        body: &first.body,
        latency: Some(first.latency),
    };
    let findings = platform::check(contract, request, &answer);
    let worst = findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .or_else(|| findings.first());
    let verdict = match worst.map(|f| f.severity) {
        Some(Severity::Error) => Verdict::Fail,
        Some(_) => Verdict::Warn,
        None => Verdict::Pass,
    };
    let mut location = worst.and_then(|f| f.location.clone());
    let (verdict, sent, explanation) = if contract == Contract::Ncco {
        // The answer URL's NCCO, told as whk's linter tells it (tests and users know it so).
        let (verdict, explanation, at) = ncco_explanation(verdict, &first.body);
        location = location.or(at);
        (
            verdict,
            "the answer's reply, linted as an NCCO".to_string(),
            explanation,
        )
    } else {
        let what = contract.describe();
        let explanation = match verdict {
            Verdict::Pass => format!("the reply is valid {what}"),
            _ => format!(
                "the reply breaks the {what} contract: {}",
                findings
                    .iter()
                    .filter(|f| verdict == Verdict::Warn || f.severity == Severity::Error)
                    // Positions in the text are in the messages already; a JSONPath is not.
                    .map(|f| match &f.location {
                        Some(Location::JsonPath(p)) => format!("{} (at {p})", f.message),
                        _ => f.message.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        (
            verdict,
            format!("the reply, checked as {what}"),
            explanation,
        )
    };
    CaseResult {
        location: location.filter(|_| verdict != Verdict::Pass),
        ..result(reply_id(contract), sent, first, verdict, explanation)
    }
}

/// The NCCO contract's verdict (`by_contract`, from [`platform::check`]) told as whk's linter
/// tells it: the error count and the first errors, a warn for lint warnings (which the
/// contract lets pass), and where the first of them is.
fn ncco_explanation(by_contract: Verdict, body: &[u8]) -> (Verdict, String, Option<Location>) {
    let lint = platform::vonage::lint_report(body);
    let (verdict, explanation) = if by_contract == Verdict::Fail && body.trim_ascii().is_empty() {
        (
            Verdict::Fail,
            "the answer URL answered with an empty body: Vonage needs an NCCO (a JSON array of actions) there, or the call is hung up".to_string(),
        )
    } else if by_contract == Verdict::Fail {
        (
            Verdict::Fail,
            format!(
                "the answer URL's reply is not a valid NCCO ({} error(s); `whk ncco lint` shows them in full): {}",
                lint.errors,
                lint.messages
                    .iter()
                    .filter(|m| m.starts_with("error"))
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    } else if lint.warnings > 0 && !body.trim_ascii().is_empty() {
        (
            Verdict::Warn,
            format!(
                "the answer URL's NCCO has {} lint warning(s): run `whk ncco lint` on it",
                lint.warnings
            ),
        )
    } else {
        (
            Verdict::Pass,
            "the reply lints clean as an NCCO".to_string(),
        )
    };
    let location = lint
        .findings
        .iter()
        .find(|f| verdict != Verdict::Fail || f.severity == Severity::Error)
        .and_then(|f| f.location.clone());
    (verdict, explanation, location)
}

/// Run the audit. `send` is the transport (tests may pass their own).
pub fn run(t: &Target, send: &dyn Fn(&Request) -> Exchange) -> Result<Report, Unreachable> {
    run_skipping(t, &[], send)
}

/// [`run`] without the cases named in `skip` (case id, reason). The correctly signed
/// delivery is always sent.
pub fn run_skipping(
    t: &Target,
    skip: &[(String, String)],
    send: &dyn Fn(&Request) -> Exchange,
) -> Result<Report, Unreachable> {
    let (good, mut cases) = build_cases(t);
    cases.retain(|c| !skip.iter().any(|(id, _)| id == c.id));
    let mut results = Vec::new();
    let mut report = Report {
        url: t.url.clone(),
        provider: t.provider,
        cases: Vec::new(),
        aborted: None,
        summary: Summary::default(),
        findings: Vec::new(),
        skipped: skip
            .iter()
            .map(|(id, reason)| Skipped {
                id: id.clone(),
                reason: reason.clone(),
            })
            .collect(),
    };
    // 1. The correctly signed delivery must be accepted.
    let first = send(&good);
    if let Some(e) = &first.error
        && e.is_connect()
    {
        return Err(Unreachable {
            url: t.url.clone(),
            detail: e.to_string(),
        });
    }
    let accepted = first.status.is_some_and(|s| (200..300).contains(&s));
    let baseline = if accepted {
        result(
            "valid",
            "correctly signed delivery".into(),
            &first,
            Verdict::Pass,
            "accepted".into(),
        )
    } else {
        let why = match first.status {
            Some(s) => format!("the endpoint answered {s} to a correctly signed delivery"),
            None => format!(
                "the endpoint gave no answer to a correctly signed delivery ({})",
                describe_error(&first.error)
            ),
        };
        let abort = format!(
            "{why}; the other cases would be meaningless — check the secret, --provider, and (for URL-signed schemes) that the URL is the one the app reconstructs"
        );
        report.aborted = Some(abort.clone());
        result(
            "valid",
            "correctly signed delivery".into(),
            &first,
            Verdict::Fail,
            abort,
        )
    };
    results.push(baseline);
    if accepted && let Some(contract) = t.applies().contract {
        results.push(reply_case(contract, &t.body, &first));
    }
    let skipped = |id: &str| skip.iter().any(|(s, _)| s == id);
    if accepted && !skipped("duplicate") {
        // The same delivery again: a replay (what a provider retry also looks like).
        let again = send(&good);
        let dup = match again.status {
            Some(s) if (200..300).contains(&s) => result(
                "duplicate",
                "the same delivery again (same id and signature)".into(),
                &again,
                Verdict::Warn,
                "both copies got 2xx: make sure the handler deduplicates on the event/delivery id (idempotency cannot be seen from outside)".into(),
            ),
            _ => {
                let (v, e) = judge(Expect::Forgery, &again, "");
                let e = if v == Verdict::Pass { format!("{e}: the replay was refused") } else { e };
                result("duplicate", "the same delivery again (same id and signature)".into(), &again, v, e)
            }
        };
        results.push(dup);
    }
    if accepted {
        for case in cases {
            let outcome = send(&case.request);
            let (verdict, explanation) = judge(case.expect, &outcome, &case.bug);
            results.push(CaseResult {
                family: case.family,
                ..result(case.id, case.sent, &outcome, verdict, explanation)
            });
        }
    }
    cause::attribute(&mut results, t.provider);
    for r in &results {
        match r.verdict {
            Verdict::Pass => report.summary.pass += 1,
            Verdict::Fail => report.summary.fail += 1,
            Verdict::Warn => report.summary.warn += 1,
        }
    }
    report.findings = results.iter().filter_map(CaseResult::finding).collect();
    report.cases = results;
    Ok(report)
}

/// A realistic default body per provider, used when no fixture is given.
pub fn default_body(p: Provider) -> &'static [u8] {
    match p {
        Provider::Vapi | Provider::VapiSecret => br#"{"message":{"type":"end-of-call-report","timestamp":1795497159000,"endedReason":"customer-ended-call","call":{"id":"3f1e2c44-6a0d-4b8e-9c1f-2b7d5e8a9f01","type":"inboundPhoneCall"},"artifact":{"transcript":"AI: Hi, how can I help?\nUser: What are your hours?\n","messages":[]},"analysis":{"summary":"Caller asked for opening hours."}}}"#,
        Provider::Vogent => br#"{"event":"dial.updated","payload":{"dial_session_id":"ds_01","dial_id":"d_01","status":"completed"}}"#,
        Provider::Signalwire => br#"{"event_type":"calling.call.state","params":{"call_id":"b5d63b2e-f75b-4dc8-b6d4-269b635f96c0","call_state":"ended","direction":"inbound","from":"+12135877632","to":"+12089806814"}}"#,
        Provider::SignalwireCompat | Provider::Twilio => b"AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&CallSid=CA00000000000000000000000000000001&CallStatus=completed&Direction=inbound&From=%2B15555550100&To=%2B15555550199",
        Provider::Elevenlabs => br#"{"type":"post_call_transcription","event_timestamp":1739537297,"data":{"agent_id":"xyz","conversation_id":"abc","status":"done","transcript":[{"role":"agent","message":"Hey there. How are you?","time_in_call_secs":0}]}}"#,
        Provider::Vonage => br#"{"from":"447700900000","to":"447700900001","uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab","conversation_uuid":"CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab","status":"completed","direction":"inbound","timestamp":"2026-11-24T05:01:02.000Z"}"#,
        Provider::VonageSms => b"msisdn=447700900001&to=447700900000&messageId=0A0000000123ABCD1&text=Hello&type=text&keyword=HELLO&message-timestamp=2026-11-24+05%3A00%3A00",
        Provider::Standard | Provider::Stripe | Provider::Github | Provider::Generic => br#"{"event":"call.completed","callId":"CA123456789abcdef","status":"completed","data":{"duration":125,"from":"+18005551234","to":"+18005557890"}}"#,
    }
}

/// Default per-request deadline.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// Every case id audit can send, for any provider: what whk.toml's `[audit.skip]` may name.
/// `valid` is always sent, so it cannot be skipped.
pub const CASE_IDS: &[&str] = &[
    "valid",
    "duplicate",
    "answer-ncco",
    "reply-ncco",
    "reply-twiml",
    "reply-vapi-tool-calls",
    "reply-vapi-assistant-request",
    "no-signature",
    "empty-signature",
    "wrong-secret",
    "secret-other-header",
    "other-provider-scheme",
    "body-byte-changed",
    "body-reserialized",
    "keys-reordered",
    "stale-1h",
    "future-1h",
    "other-url",
    "invalid-json",
    "empty-body",
    "body-2mib",
    "wrong-content-type",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_any_provider_builds_is_a_known_case_id() {
        for provider in Provider::ALL {
            for (method, body) in [
                ("POST", &b"{\"a\": 1}"[..]),
                ("POST", b"a=1&b=2"),
                ("GET", b""),
            ] {
                let t = Target {
                    url: "http://127.0.0.1:9/hook?x=1".into(),
                    method: method.into(),
                    provider,
                    options: SchemeOptions::default(),
                    secret: Secret::new("s3cret"),
                    body: body.to_vec(),
                    extra_headers: Headers::new(),
                    now: 1_700_000_000,
                };
                let (_, cases) = build_cases(&t);
                for c in cases {
                    assert!(
                        CASE_IDS.contains(&c.id),
                        "{provider:?}: {} is not in CASE_IDS",
                        c.id
                    );
                }
            }
        }
    }

    #[test]
    fn one_byte_change_in_a_form_changes_a_parameter() {
        let b = b"From=%2B15555550100&To=%2B15555550199";
        let c = change_one_byte(b).unwrap();
        let before: Vec<_> = form_urlencoded::parse(b).collect();
        let after: Vec<_> = form_urlencoded::parse(&c).collect();
        assert_ne!(before, after);
    }

    #[test]
    fn one_byte_change_keeps_json_valid() {
        let b = br#"{"a":"hello","b":[1,"x\"y"]}"#;
        let c = change_one_byte(b).unwrap();
        assert_ne!(&c[..], &b[..]);
        assert!(serde_json::from_slice::<serde_json::Value>(&c).is_ok());
    }
}
