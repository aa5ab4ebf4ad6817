//! Signature checks for received deliveries: which secret applies to which provider, decided
//! once at start by `outbound::Keyring` in every mode (one provider, one explicit secret for
//! all schemes, each provider's own variables; the same keyring replay and audit sign with),
//! then one [`SignatureCheck`] per delivery built on `webhook::verify`.

use serde::Serialize;

use crate::outbound::Keyring;
use crate::secret::SecretSpec;
use crate::webhook::{self, Provider, Reason, Request, SchemeOptions, Verdict, VerifyOptions};

/// `--provider`: one scheme, or recognise it per delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderMode {
    Auto,
    One(Provider),
}

/// The four outcomes the JSON interface names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SigStatus {
    /// Verified with the exact scheme.
    Valid,
    /// Signed, but the signature does not check out (or is stale, or for another scheme).
    Invalid,
    /// A signature was expected (a secret is configured) and none was sent.
    Missing,
    /// No secret to check with (or nothing to check).
    Unchecked,
}

impl SigStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SigStatus::Valid => "valid",
            SigStatus::Invalid => "invalid",
            SigStatus::Missing => "missing",
            SigStatus::Unchecked => "unchecked",
        }
    }
}

/// What was found about one delivery's signature.
#[derive(Clone, Debug)]
pub struct SignatureCheck {
    pub status: SigStatus,
    /// The scheme checked (or recognised, when unchecked).
    pub provider: Option<Provider>,
    /// The full verdict, when a check ran.
    pub verdict: Option<Verdict>,
    /// One line for people: the verdict's diagnosis, or why nothing was checked.
    pub message: String,
    /// How to fix it, when something is wrong.
    pub hint: Option<String>,
    /// The raw signature header value (for duplicate detection).
    pub signature: Option<String>,
}

impl SignatureCheck {
    /// The machine reason: the verdict's, or `no_secret` / `no_signature` when unchecked.
    pub fn reason(&self) -> &'static str {
        match (&self.verdict, self.status) {
            (Some(v), _) => v.reason.as_str(),
            (None, SigStatus::Missing) => "missing_header",
            (None, _) if self.provider.is_some() => "no_secret",
            (None, _) => "no_signature",
        }
    }
}

/// Secrets and scheme options, resolved once.
#[derive(Debug)]
pub struct Verifier {
    mode: ProviderMode,
    options: SchemeOptions,
    /// The secret and scheme for each provider that can be checked: `--secret`,
    /// `--secret-env`, `--secret-file` (for the one provider, or for every scheme with
    /// `--provider auto`), else each provider's own variables.
    keyring: Keyring,
    /// An explicit secret was given (a missing signature is then a finding).
    explicit: bool,
    tolerance: Option<u64>,
    /// For the start-up line.
    description: String,
}

impl Verifier {
    /// Resolve secrets and check the options. Returns warnings to show at start.
    pub fn new(
        mode: ProviderMode,
        spec: &SecretSpec,
        options: SchemeOptions,
        tolerance: Option<u64>,
    ) -> anyhow::Result<(Verifier, Vec<String>)> {
        let mut warnings = Vec::new();
        let mut v = Verifier {
            mode,
            options,
            keyring: Keyring::default(),
            explicit: false,
            tolerance,
            description: String::new(),
        };
        match mode {
            ProviderMode::One(p) => {
                let scheme = webhook::build(p, &v.options).map_err(|e| {
                    crate::hinted(e.0, "see `whk providers` for what each provider takes")
                })?;
                let mut warn = |w: String| warnings.push(w);
                match Keyring::try_signer_for(spec, p, &v.options, &mut warn)? {
                    Some(signer) => {
                        if let Some(origin) = &signer.secret_origin {
                            v.description = format!("{p} signatures (secret from {origin})");
                        }
                        if let Err(e) = scheme.key(signer.secret()) {
                            return Err(crate::hinted(
                                format!("the secret cannot be used for {p}: {e}"),
                                "check that you copied the whole signing secret from the provider",
                            ));
                        }
                        v.keyring.insert(signer);
                        v.explicit = true;
                    }
                    None => {
                        v.description = format!("{p} signatures: no secret, not checked");
                        warnings.push(format!(
                        "no secret for {p}: signatures are shown but not checked (pass --secret-env VAR or --secret-file FILE, or set {})",
                        p.secret_vars().join(" or ")
                    ));
                    }
                }
            }
            ProviderMode::Auto => {
                let mut warn = |w: String| warnings.push(w);
                if spec.is_explicit() {
                    if let Some((keyring, origin)) =
                        Keyring::explicit_for_all(spec, &v.options, &mut warn)?
                    {
                        v.description = format!(
                            "any scheme recognised from the headers, with the secret from {origin}"
                        );
                        v.keyring = keyring;
                        v.explicit = true;
                    }
                } else {
                    let mut names = Vec::new();
                    let (keyring, found, errors) = Keyring::from_env(&v.options, &mut warn);
                    for (p, origin) in found {
                        let o = origin.to_string();
                        if o == "$WHK_SECRET" {
                            if !names.contains(&o) {
                                names.push(o);
                            }
                        } else {
                            names.push(format!("{p} ({o})"));
                        }
                    }
                    warnings.extend(errors);
                    v.keyring = keyring;
                    warnings.dedup();
                    v.description = if names.is_empty() {
                        "schemes recognised from the headers; no secret, so not checked".into()
                    } else {
                        format!(
                            "schemes recognised from the headers; secrets for {}",
                            names.join(", ")
                        )
                    };
                    if v.keyring.is_empty() {
                        warnings.push("no secret given: signatures are recognised but not checked (pass --secret-env VAR or --secret-file FILE, or set the provider's variable, see `whk providers`)".into());
                    }
                }
            }
        }
        Ok((v, warnings))
    }

    /// One line for the start-up banner.
    pub fn describe(&self) -> String {
        self.description.clone()
    }

    /// The signer (scheme and secret) for `p`, when a secret is known: what the inspector
    /// re-signs replays with.
    pub fn signer(&self, p: Provider) -> Option<&crate::outbound::Signer> {
        self.keyring.get(p)
    }

    /// `--provider`.
    pub fn mode(&self) -> ProviderMode {
        self.mode
    }

    /// Whether the signature `req` carries, under `p`'s scheme and secret, matches `body` in
    /// place of the request's own: what an app that verifies a re-encoded body computes.
    /// `None` when there is no secret or signature to check with.
    pub fn matches_with_body(&self, p: Provider, req: &Request<'_>, body: &[u8]) -> Option<bool> {
        let signer = self.keyring.get(p)?;
        let scheme = signer.scheme.as_ref();
        let key = scheme.key(signer.secret()).ok()?;
        let parsed = scheme.parse(req).ok()?;
        Some(scheme.check(&key, &req.with_body(body), &parsed) == webhook::Check::Match)
    }

    /// Check one request. `req.url` must be set (URL-signed schemes need it).
    pub fn check(&self, req: &Request<'_>, now: i64) -> SignatureCheck {
        let opts = VerifyOptions {
            now,
            tolerance: self.tolerance,
        };
        match self.mode {
            ProviderMode::One(p) => {
                let signature = signature_value(req, p);
                match self.keyring.get(p) {
                    Some(s) => from_result(
                        p,
                        webhook::verify(s.scheme.as_ref(), s.secret(), req, &opts),
                        signature,
                    ),
                    None => unchecked(p, signature, req),
                }
            }
            ProviderMode::Auto => {
                let detected = webhook::detect(req);
                let Some(first) = detected.first().copied() else {
                    return if self.explicit {
                        SignatureCheck {
                            status: SigStatus::Missing,
                            provider: None,
                            verdict: None,
                            message: "no signature header".into(),
                            hint: Some("the sender did not sign this request: turn on signing at the provider, or name the scheme with --provider".into()),
                            signature: None,
                        }
                    } else {
                        SignatureCheck {
                            status: SigStatus::Unchecked,
                            provider: None,
                            verdict: None,
                            message: "not signed (no known signature header)".into(),
                            hint: None,
                            signature: None,
                        }
                    };
                };
                let mut first_result: Option<SignatureCheck> = None;
                for p in detected {
                    let Some(s) = self.keyring.get(p) else {
                        continue;
                    };
                    let check = from_result(
                        p,
                        webhook::verify(s.scheme.as_ref(), s.secret(), req, &opts),
                        signature_value(req, p),
                    );
                    if check.status == SigStatus::Valid {
                        return check;
                    }
                    if first_result.is_none() {
                        first_result = Some(check);
                    }
                }
                first_result.unwrap_or_else(|| unchecked(first, signature_value(req, first), req))
            }
        }
    }
}

fn from_result(
    p: Provider,
    result: Result<Verdict, webhook::VerifyError>,
    signature: Option<String>,
) -> SignatureCheck {
    match result {
        Ok(v) => {
            let status = if v.valid {
                SigStatus::Valid
            } else if v.reason == Reason::MissingHeader {
                SigStatus::Missing
            } else {
                SigStatus::Invalid
            };
            SignatureCheck {
                status,
                provider: Some(p),
                message: v.message.clone(),
                hint: v.hint.clone(),
                verdict: Some(v),
                signature,
            }
        }
        Err(e) => SignatureCheck {
            status: SigStatus::Unchecked,
            provider: Some(p),
            verdict: None,
            message: format!("not checked: {e}"),
            hint: Some("check the secret and --provider options".into()),
            signature,
        },
    }
}

fn unchecked(p: Provider, signature: Option<String>, req: &Request<'_>) -> SignatureCheck {
    let present = p
        .info()
        .headers
        .iter()
        .any(|h| req.headers.contains(h.split(' ').next().unwrap_or(h)));
    let message = if present || signature.is_some() {
        format!(
            "signed by {p} ({}); no secret to check it",
            p.info().headers.join(", ")
        )
    } else {
        format!("no secret for {p}; not checked")
    };
    SignatureCheck {
        status: SigStatus::Unchecked,
        provider: Some(p),
        verdict: None,
        message,
        hint: Some(format!(
            "set {} or pass --secret-env VAR / --secret-file FILE",
            p.secret_vars().join(" or ")
        )),
        signature,
    }
}

/// The first of the provider's signature headers present in the request, as sent. None for
/// the legacy Vapi secret: that header is the secret itself, the same on every delivery.
fn signature_value(req: &Request<'_>, p: Provider) -> Option<String> {
    if p == Provider::VapiSecret {
        return None;
    }
    p.info()
        .headers
        .iter()
        .filter(|h| !h.contains(' '))
        .filter(|h| !h.to_ascii_lowercase().contains("timestamp") && **h != "webhook-id")
        .find_map(|h| req.headers.get(h))
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}
