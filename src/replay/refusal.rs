//! Why an endpoint refused a request (401/403): the likely causes for the provider that signed
//! it, as data. `whk replay` renders them under the first refusal of each provider.

use crate::outbound::Signer;
use crate::secret::SecretOrigin;
use crate::webhook::Provider;

/// One likely cause of a 401/403.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// The request went without a signature (`--unsigned`), and the app wants one.
    Unsigned,
    /// The app verifies with another secret than the one whk signed with; where whk's came
    /// from (never its value).
    Secret {
        provider: Provider,
        origin: Option<SecretOrigin>,
    },
    /// The handler verifies a re-serialised body (`JSON.stringify(req.body)`) rather than the
    /// raw bytes; `whk audit URL --provider P` proves it.
    Reserialized { provider: Provider, url: String },
    /// Vapi: the app checks `X-Vapi-Secret` (the assistant's `serverUrlSecret`) while whk
    /// signed with the HMAC credential; `-p vapi-secret` sends that header instead.
    VapiSecretHeader,
    /// Vapi legacy secret: the app verifies the HMAC `X-Signature` while whk sent
    /// `X-Vapi-Secret`; `-p vapi` signs with the HMAC.
    VapiHmac,
    /// A URL-signed scheme: the app computes the signature over the URL it sees, which differs
    /// from the one whk signed when a proxy or tunnel sits in front of it.
    Url { provider: Provider, url: String },
}

/// The likely causes when `status` is 401 or 403 (none otherwise). `url` is the URL the
/// request was sent (and, for URL-signed schemes, signed) to.
pub fn hints(status: u16, signer: Option<&Signer>, url: &str) -> Vec<Hint> {
    if status != 401 && status != 403 {
        return Vec::new();
    }
    let Some(signer) = signer else {
        return vec![Hint::Unsigned];
    };
    let provider = signer.provider;
    let mut out = vec![Hint::Secret {
        provider,
        origin: signer.secret_origin.clone(),
    }];
    if provider == Provider::VapiSecret {
        out.push(Hint::VapiHmac);
        return out;
    }
    out.push(Hint::Reserialized {
        provider,
        url: url.to_string(),
    });
    if provider == Provider::Vapi {
        out.push(Hint::VapiSecretHeader);
    }
    if signer.scheme.signs_url() {
        out.push(Hint::Url {
            provider,
            url: url.to_string(),
        });
    }
    out
}

/// One likely cause of a refusal, in words.
impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text: String = match self {
        Hint::Unsigned => {
            "the request was sent unsigned (--unsigned) and the app wants a signature".into()
        }
        Hint::Secret { provider, origin } => {
            let from = match origin {
                Some(SecretOrigin::Flag) => "the --secret value".to_string(),
                Some(SecretOrigin::Env(var)) => format!("${var}"),
                Some(SecretOrigin::File(p)) => format!("the secret in {} (--secret-file)", p.display()),
                None => "its secret".to_string(),
            };
            format!(
                "the secret: whk signed with {from}; the app must verify {provider} webhooks with that same secret"
            )
        }
        Hint::Reserialized { provider, url } => format!(
            "the handler re-serialises the body (JSON.stringify(req.body)) instead of verifying the raw bytes: prove it with `whk audit {url} --provider {provider}`"
        ),
        Hint::VapiSecretHeader => "the app checks X-Vapi-Secret (the assistant's serverUrlSecret) while whk signed with the HMAC credential (X-Signature): try `-p vapi-secret`".into(),
        Hint::VapiHmac => "the app verifies the HMAC X-Signature while whk sent X-Vapi-Secret: try `-p vapi`".into(),
        Hint::Url { provider, url } => format!(
            "{provider} signs the URL and whk signed {url}: behind a proxy or tunnel the app sees another URL, so it must verify against its public URL (as `whk listen --public-url` does)"
        ),
        };
        f.write_str(&text)
    }
}

/// The likely causes in one line: the hint of a refusal's finding.
pub fn summary(hints: &[Hint]) -> String {
    let causes: Vec<String> = hints.iter().map(Hint::to_string).collect();
    format!("likely causes: {}", causes.join("; "))
}
