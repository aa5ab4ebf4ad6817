//! Signing an outbound request: a [`Signer`] (scheme + secret) and [`sign_request`], the one
//! place replay, audit and the emulator sign with the core's `webhook::sign`.

use bytes::Bytes;

use super::exchange::Request;
use crate::secret::{Secret, SecretOrigin};
use crate::webhook::{self, Provider, Scheme, SchemeOptions, SignInput};

/// A provider's scheme and secret, ready to sign or verify.
pub struct Signer {
    pub provider: Provider,
    pub scheme: Box<dyn Scheme>,
    secret: Secret,
    /// Where the secret came from (`$VAPI_WEBHOOK_SECRET`, `--secret`, a file), for hints.
    pub secret_origin: Option<SecretOrigin>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("provider", &self.provider)
            .field("secret", &self.secret)
            .field("secret_origin", &self.secret_origin)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Build the scheme and check the secret can be its key (a usage error otherwise).
    pub fn new(provider: Provider, opts: &SchemeOptions, secret: Secret) -> Result<Signer, String> {
        let signer = Signer::unchecked(provider, opts, secret)?;
        signer
            .scheme
            .key(&signer.secret)
            .map_err(|e| format!("the secret cannot be used for {provider}: {}", e.0))?;
        Ok(signer)
    }

    /// Build the scheme; whether the secret fits it shows when it is used.
    pub fn unchecked(
        provider: Provider,
        opts: &SchemeOptions,
        secret: Secret,
    ) -> Result<Signer, String> {
        Ok(Signer {
            provider,
            scheme: webhook::build(provider, opts).map_err(|e| e.0)?,
            secret,
            secret_origin: None,
        })
    }

    /// With where the secret came from.
    pub fn from_origin(mut self, origin: SecretOrigin) -> Signer {
        self.secret_origin = Some(origin);
        self
    }

    pub fn secret(&self) -> &Secret {
        &self.secret
    }
}

/// Signing failed (a usage error in practice: the checks in [`Signer::new`] catch most).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct SignError(pub String);

/// Sign `req` with `signer` as if sent at unix time `timestamp`: signature headers set,
/// the body or URL changed where the scheme does that (Vonage SMS, Twilio JSON's
/// `bodySHA256`). `id` is the delivery id for schemes that carry one, so retries and
/// duplicates share it. `signed_url` signs another URL than the request's own (audit's
/// "signed for another URL" case); a query the scheme adds then goes onto the request's URL.
pub fn sign_request(
    req: &mut Request,
    signer: &Signer,
    timestamp: i64,
    id: Option<&str>,
    signed_url: Option<&str>,
) -> Result<(), SignError> {
    let url = signed_url.unwrap_or(&req.url).to_string();
    let signed = webhook::sign(
        signer.scheme.as_ref(),
        &signer.secret,
        &SignInput {
            method: &req.method,
            url: Some(&url),
            headers: &req.headers,
            body: &req.body,
            timestamp,
            id,
        },
    )
    .map_err(|e| SignError(e.0))?;
    req.sensitive = signed
        .headers
        .iter()
        .filter(|h| h.sensitive)
        .map(|h| h.name.clone())
        .collect();
    for h in &signed.headers {
        req.headers.set(&h.name, h.value.clone());
    }
    if let Some(b) = signed.body {
        req.body = Bytes::from(b);
    }
    req.provider = Some(signer.provider);
    req.signed_at = timestamp;
    match signed.url {
        Some(u) if u != url && signed_url.is_none() => req.set_url(u).map_err(SignError)?,
        Some(u) if u != url => {
            let query = u.split_once('?').map(|(_, q)| q).unwrap_or("");
            let sep = if req.url.contains('?') { '&' } else { '?' };
            let moved = format!("{}{sep}{query}", req.url);
            req.set_url(moved).map_err(SignError)?;
        }
        _ => {}
    }
    Ok(())
}
