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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbound::Keyring;
    use crate::webhook::{Headers, Request as Incoming, VerifyOptions};

    fn request(url: &str, content_type: &str, body: &[u8]) -> Request {
        let mut h = Headers::new();
        h.set("Content-Type", content_type);
        Request::to_url("POST", url, h, Bytes::copy_from_slice(body)).unwrap()
    }

    /// What was signed verifies with the same keyring entry, as listen checks it.
    fn verifies(req: &Request, signer: &Signer, now: i64) -> bool {
        let incoming = Incoming {
            method: &req.method,
            url: Some(&req.url),
            headers: &req.headers,
            body: &req.body,
        };
        webhook::verify(
            signer.scheme.as_ref(),
            signer.secret(),
            &incoming,
            &VerifyOptions {
                now,
                tolerance: None,
            },
        )
        .is_ok_and(|v| v.valid)
    }

    #[test]
    fn signed_requests_verify_with_the_same_keyring() {
        let keyring = Keyring::for_all(&Secret::new("s3cr3t"), &SchemeOptions::default());
        let signer = keyring.get(Provider::Generic).unwrap();
        let mut req = request("http://127.0.0.1:9/hook", "application/json", b"{}");
        sign_request(&mut req, signer, 1_700_000_000, None, None).unwrap();
        assert_eq!(req.provider, Some(Provider::Generic));
        assert_eq!(req.signed_at, 1_700_000_000);
        assert!(verifies(&req, signer, 1_700_000_000));
        req.body = Bytes::from_static(b"{ }");
        assert!(!verifies(&req, signer, 1_700_000_000));
    }

    #[test]
    fn a_scheme_that_moves_the_url_moves_the_request() {
        let signer = Signer::new(
            Provider::Twilio,
            &SchemeOptions::default(),
            Secret::new("auth-token"),
        )
        .unwrap();
        // Twilio signs JSON bodies through bodySHA256 in the URL.
        let mut req = request("http://127.0.0.1:9/voice", "application/json", b"{\"a\":1}");
        sign_request(&mut req, &signer, 0, None, None).unwrap();
        assert!(
            req.target.starts_with("/voice?bodySHA256="),
            "{}",
            req.target
        );
        assert_eq!(req.url, format!("http://127.0.0.1:9{}", req.target));
        assert!(verifies(&req, &signer, 0));
        // Signed for another URL: the added query still goes onto the request's own URL.
        let mut req = request("http://127.0.0.1:9/voice", "application/json", b"{\"a\":1}");
        sign_request(&mut req, &signer, 0, None, Some("http://127.0.0.1:9/other")).unwrap();
        assert!(
            req.target.starts_with("/voice?bodySHA256="),
            "{}",
            req.target
        );
        assert!(!verifies(&req, &signer, 0));
    }

    #[test]
    fn the_secret_itself_is_marked_sensitive_and_never_in_debug() {
        let signer = Signer::new(
            Provider::VapiSecret,
            &SchemeOptions::default(),
            Secret::new("the-secret-value"),
        )
        .unwrap();
        let mut req = request("http://127.0.0.1:9/", "application/json", b"{}");
        sign_request(&mut req, &signer, 0, None, None).unwrap();
        assert_eq!(req.sensitive, ["X-Vapi-Secret"]);
        assert!(!format!("{signer:?}").contains("the-secret-value"));
    }
}
