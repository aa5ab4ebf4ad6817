//! The providers whk knows, one file each, and the table that describes them.
//!
//! To add a provider: write `providers/<name>.rs` implementing [`Scheme`], add a variant to
//! [`Provider`], a row to [`Provider::info`], and a line to [`build`]. The registry tests at the
//! bottom check that ids are unique and every provider signs and verifies its own output.

mod elevenlabs;
mod generic;
mod github;
mod signalwire;
mod standard;
mod stripe;
mod twilio;
mod vapi;
mod vapi_secret;
mod vogent;
mod vonage;
mod vonage_sms;

use serde::{Serialize, Serializer};

use super::crypto::{Algorithm, Encoding};
use super::request::Request;
use super::scheme::{AlgorithmChoice, Scheme, SchemeOptions};

pub use vonage::decode_jwt_claims;

/// A provider id as users type it after `--provider`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Vapi,
    VapiSecret,
    Vogent,
    Signalwire,
    SignalwireCompat,
    Twilio,
    Elevenlabs,
    Vonage,
    VonageSms,
    Standard,
    Stripe,
    Github,
    Generic,
}

/// What `whk providers` prints about a provider.
#[derive(Clone, Debug, Serialize)]
pub struct ProviderInfo {
    pub id: &'static str,
    pub aliases: &'static [&'static str],
    pub name: &'static str,
    /// Headers (or parameters) the scheme writes.
    pub headers: &'static [&'static str],
    pub algorithm: &'static str,
    /// What exactly is signed.
    pub signed: &'static str,
    /// Environment variables the secret is read from when no secret flag is given.
    pub env: &'static [&'static str],
    /// Default timestamp window.
    pub window: &'static str,
    /// Whether verifying needs the request URL (`--url`).
    pub needs_url: bool,
}

impl Serialize for Provider {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Provider {
    pub const ALL: [Provider; 13] = [
        Provider::Vapi,
        Provider::VapiSecret,
        Provider::Vogent,
        Provider::Signalwire,
        Provider::SignalwireCompat,
        Provider::Twilio,
        Provider::Elevenlabs,
        Provider::Vonage,
        Provider::VonageSms,
        Provider::Standard,
        Provider::Stripe,
        Provider::Github,
        Provider::Generic,
    ];

    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Look a provider up by id or alias, case-insensitively.
    pub fn from_id(s: &str) -> Option<Provider> {
        let s = s.to_ascii_lowercase();
        Provider::ALL
            .into_iter()
            .find(|p| p.info().id == s || p.info().aliases.contains(&s.as_str()))
    }

    /// The environment variables tried for this provider's secret, most specific first,
    /// ending with `WHK_SECRET`.
    pub fn secret_vars(self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self.info().env.to_vec();
        v.push("WHK_SECRET");
        v
    }

    pub fn info(self) -> ProviderInfo {
        use Provider::*;
        match self {
            Vapi => ProviderInfo {
                id: "vapi",
                aliases: &["vapi-hmac"],
                name: "Vapi HMAC credential",
                headers: &["x-signature", "x-timestamp"],
                algorithm: "HMAC-SHA256 (sha1/sha512 with --algorithm), hex or base64",
                signed: "--payload-format, default \"{timestamp}.{body}\"",
                env: &["VAPI_WEBHOOK_SECRET"],
                window: "none documented (--tolerance sets one)",
                needs_url: false,
            },
            VapiSecret => ProviderInfo {
                id: "vapi-secret",
                aliases: &["vapi-legacy"],
                name: "Vapi legacy server secret",
                headers: &["X-Vapi-Secret"],
                algorithm: "none: the secret itself, compared in constant time",
                signed: "nothing",
                env: &["VAPI_WEBHOOK_SECRET", "VAPI_SERVER_SECRET"],
                window: "none",
                needs_url: false,
            },
            Vogent => ProviderInfo {
                id: "vogent",
                aliases: &["elto"],
                name: "Vogent",
                headers: &["X-Elto-Signature"],
                algorithm: "HMAC-SHA256, hex",
                signed: "raw body",
                env: &["VOGENT_WEBHOOK_SECRET"],
                window: "none",
                needs_url: false,
            },
            Signalwire => ProviderInfo {
                id: "signalwire",
                aliases: &["signalwire-relay", "swml"],
                name: "SignalWire RELAY/SWML (JSON)",
                headers: &["X-SignalWire-Signature", "X-SignalWire-Sha256-Signature"],
                algorithm: "HMAC-SHA1 (and HMAC-SHA256), lower-case hex",
                signed: "URL + raw body",
                env: &["SIGNALWIRE_SIGNING_KEY"],
                window: "none",
                needs_url: true,
            },
            SignalwireCompat => ProviderInfo {
                id: "signalwire-compat",
                aliases: &["signalwire-laml", "laml", "cxml"],
                name: "SignalWire compatibility (cXML/LaML), the Twilio scheme",
                headers: &["X-SignalWire-Signature", "X-Twilio-Signature"],
                algorithm: "HMAC-SHA1, base64",
                signed: "URL + sorted form params (JSON: URL with ?bodySHA256=)",
                env: &["SIGNALWIRE_SIGNING_KEY"],
                window: "none",
                needs_url: true,
            },
            Twilio => ProviderInfo {
                id: "twilio",
                aliases: &[],
                name: "Twilio",
                headers: &["X-Twilio-Signature"],
                algorithm: "HMAC-SHA1 (HMAC-SHA256 with SharedKey settings), base64",
                signed: "URL + sorted form params (JSON: URL with ?bodySHA256=)",
                env: &["TWILIO_AUTH_TOKEN"],
                window: "none",
                needs_url: true,
            },
            Elevenlabs => ProviderInfo {
                id: "elevenlabs",
                aliases: &["11labs", "eleven-labs"],
                name: "ElevenLabs",
                headers: &["ElevenLabs-Signature"],
                algorithm: "HMAC-SHA256, hex (t=…,v0=…)",
                signed: "\"{t}.{body}\"",
                env: &["ELEVENLABS_WEBHOOK_SECRET"],
                window: "1800 s into the past (SDK), future unbounded",
                needs_url: false,
            },
            Vonage => ProviderInfo {
                id: "vonage",
                aliases: &["nexmo", "vonage-jwt"],
                name: "Vonage signed callbacks (Voice, Messages)",
                headers: &["Authorization"],
                algorithm: "JWT HS256 with payload_hash = SHA-256(body)",
                signed: "JWT claims; payload_hash binds the raw body",
                env: &["VONAGE_SIGNATURE_SECRET"],
                window: "JWT exp/nbf when present",
                needs_url: false,
            },
            VonageSms => ProviderInfo {
                id: "vonage-sms",
                aliases: &["nexmo-sms"],
                name: "Vonage SMS signed messages (sig parameter)",
                headers: &["sig (parameter)"],
                algorithm: "md5hash (default) or HMAC md5/sha1/sha256/sha512, hex",
                signed: "\"&k=v…\" of sorted params without sig",
                env: &["VONAGE_SIGNATURE_SECRET"],
                window: "none documented (--tolerance checks the timestamp param)",
                needs_url: false,
            },
            Standard => ProviderInfo {
                id: "standard",
                aliases: &["svix", "standard-webhooks", "standardwebhooks"],
                name: "Standard Webhooks (Svix)",
                headers: &["webhook-id", "webhook-timestamp", "webhook-signature"],
                algorithm: "HMAC-SHA256, base64 (v1,…); key = base64-decoded secret after whsec_",
                signed: "\"{id}.{timestamp}.{body}\"",
                env: &["WEBHOOK_SECRET", "SVIX_WEBHOOK_SECRET"],
                window: "±300 s",
                needs_url: false,
            },
            Stripe => ProviderInfo {
                id: "stripe",
                aliases: &[],
                name: "Stripe",
                headers: &["Stripe-Signature"],
                algorithm: "HMAC-SHA256, hex (t=…,v1=…); key = the whsec_ string as text",
                signed: "\"{t}.{body}\"",
                env: &["STRIPE_WEBHOOK_SECRET"],
                window: "300 s into the past (SDK), future unbounded",
                needs_url: false,
            },
            Github => ProviderInfo {
                id: "github",
                aliases: &["gh", "hub"],
                name: "GitHub",
                headers: &["X-Hub-Signature-256", "X-Hub-Signature"],
                algorithm: "HMAC-SHA256 (legacy SHA-1), hex with sha256= prefix",
                signed: "raw body",
                env: &["GITHUB_WEBHOOK_SECRET"],
                window: "none",
                needs_url: false,
            },
            Generic => ProviderInfo {
                id: "generic",
                aliases: &["hmac"],
                name: "Generic HMAC (X-Webhook-Signature: sha256=<hex>)",
                headers: &["X-Webhook-Signature"],
                algorithm: "HMAC-SHA256 by default; --algorithm, --encoding, --prefix, --signature-header",
                signed: "raw body",
                env: &["WEBHOOK_SECRET"],
                window: "none",
                needs_url: false,
            },
        }
    }

    /// Which algorithms `--algorithm` may pick for this provider (empty: fixed).
    pub fn algorithms(self) -> &'static [&'static str] {
        match self {
            Provider::Vapi => &["sha256", "sha512", "sha1"],
            Provider::VonageSms => &["md5hash", "md5", "sha1", "sha256", "sha512"],
            Provider::Generic => &["sha256", "sha512", "sha1", "md5"],
            _ => &[],
        }
    }
}

/// An option that does not apply to the chosen provider (usage error).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct OptionError(pub String);

/// Build the scheme for `provider` with the user's options.
pub fn build(provider: Provider, opts: &SchemeOptions) -> Result<Box<dyn Scheme>, OptionError> {
    check_options(provider, opts)?;
    let hmac_alg = |default: Algorithm| match opts.algorithm {
        Some(AlgorithmChoice::Hmac(a)) => a,
        _ => default,
    };
    Ok(match provider {
        Provider::Vapi => Box::new(vapi::Vapi::from_options(opts)),
        Provider::VapiSecret => {
            Box::new(vapi_secret::VapiSecret::new(opts.signature_header.clone()))
        }
        Provider::Vogent => Box::new(vogent::vogent()),
        Provider::Signalwire => Box::new(signalwire::Relay),
        Provider::SignalwireCompat => Box::new(twilio::Twilio::signalwire_compat()),
        Provider::Twilio => Box::new(twilio::Twilio::official()),
        Provider::Elevenlabs => Box::new(elevenlabs::ElevenLabs),
        Provider::Vonage => Box::new(vonage::Vonage::from_options(opts)),
        Provider::VonageSms => Box::new(vonage_sms::VonageSms::new(
            opts.algorithm.unwrap_or(AlgorithmChoice::Md5Hash),
        )),
        Provider::Standard => Box::new(standard::Standard),
        Provider::Stripe => Box::new(stripe::Stripe),
        Provider::Github => Box::new(github::Github),
        Provider::Generic => Box::new(generic::BodyHmac::generic(
            opts.signature_header
                .clone()
                .unwrap_or_else(|| "X-Webhook-Signature".into()),
            opts.prefix
                .clone()
                .unwrap_or_else(|| format!("{}=", hmac_alg(Algorithm::Sha256).name())),
            hmac_alg(Algorithm::Sha256),
            opts.encoding.unwrap_or(Encoding::Hex),
        )),
    })
}

fn check_options(provider: Provider, opts: &SchemeOptions) -> Result<(), OptionError> {
    use Provider::*;
    if let Some(alg) = opts.algorithm {
        let allowed = provider.algorithms();
        if !allowed.contains(&alg.name()) {
            return Err(OptionError(if allowed.is_empty() {
                format!(
                    "--algorithm does not apply to {provider}: its algorithm is fixed ({})",
                    provider.info().algorithm
                )
            } else {
                format!(
                    "--algorithm {} is not offered by {provider}; choose one of: {}",
                    alg.name(),
                    allowed.join(", ")
                )
            }));
        }
    }
    let only = |flag: &str, set: bool, providers: &[Provider]| -> Result<(), OptionError> {
        if set && !providers.contains(&provider) {
            let names: Vec<_> = providers.iter().map(|p| p.id()).collect();
            return Err(OptionError(format!(
                "{flag} applies only to {}, not to {provider}",
                names.join(" and ")
            )));
        }
        Ok(())
    };
    only(
        "--signature-header",
        opts.signature_header.is_some(),
        &[Vapi, VapiSecret, Generic],
    )?;
    only(
        "--timestamp-header",
        opts.timestamp_header.is_some(),
        &[Vapi],
    )?;
    only("--id-header", opts.id_header.is_some(), &[Vapi])?;
    only("--payload-format", opts.payload_format.is_some(), &[Vapi])?;
    only("--encoding", opts.encoding.is_some(), &[Vapi, Generic])?;
    only("--prefix", opts.prefix.is_some(), &[Vapi, Generic])?;
    only("--secret-base64", opts.secret_base64, &[Vapi])?;
    only("--timestamp-ms", opts.timestamp_ms, &[Vapi])?;
    only("--api-key", opts.api_key.is_some(), &[Vonage])?;
    only("--application-id", opts.application_id.is_some(), &[Vonage])?;
    Ok(())
}

/// Providers whose signature headers are present in `req`, most specific first. Used by
/// `--provider auto`, by `listen`, and to explain `wrong_provider`.
pub fn detect(req: &Request<'_>) -> Vec<Provider> {
    let h = req.headers;
    let mut found = Vec::new();
    let mut add = |p: Provider| {
        if !found.contains(&p) {
            found.push(p);
        }
    };
    if h.contains("webhook-signature") || h.contains("svix-signature") {
        add(Provider::Standard);
    }
    if h.contains("stripe-signature") {
        add(Provider::Stripe);
    }
    if h.contains("elevenlabs-signature") {
        add(Provider::Elevenlabs);
    }
    if h.contains("x-elto-signature") || h.contains("vogent-signature") {
        add(Provider::Vogent);
    }
    if h.contains("x-signalwire-sha256-signature") {
        add(Provider::Signalwire);
    }
    if let Some(sig) = h.get("x-signalwire-signature") {
        // RELAY signs in hex (40 chars); the compatibility API in base64 (28 chars).
        if sig.len() == 40 && sig.bytes().all(|b| b.is_ascii_hexdigit()) {
            add(Provider::Signalwire);
        } else {
            add(Provider::SignalwireCompat);
        }
    }
    if h.contains("x-twilio-signature") {
        add(Provider::Twilio);
    }
    if h.contains("x-hub-signature-256") || h.contains("x-hub-signature") {
        add(Provider::Github);
    }
    if let Some(auth) = h.get("authorization")
        && vonage::looks_like_vonage_jwt(auth)
    {
        add(Provider::Vonage);
    }
    if h.contains("x-vapi-secret") {
        add(Provider::VapiSecret);
    }
    if h.contains("x-signature") {
        add(Provider::Vapi);
    }
    if h.contains("x-webhook-signature") {
        add(Provider::Generic);
    }
    if vonage_sms::has_sig_param(req) {
        add(Provider::VonageSms);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::webhook::request::Headers;
    use crate::webhook::scheme::SignInput;

    #[test]
    fn ids_and_aliases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for p in Provider::ALL {
            let info = p.info();
            assert!(seen.insert(info.id), "duplicate id {}", info.id);
            for a in info.aliases {
                assert!(seen.insert(a), "duplicate alias {a}");
            }
            assert_eq!(Provider::from_id(info.id), Some(p));
        }
    }

    #[test]
    fn every_provider_verifies_its_own_signature() {
        let secret = Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        let json = Headers::parse_lines("Content-Type: application/json").unwrap();
        let form = Headers::parse_lines("Content-Type: application/x-www-form-urlencoded").unwrap();
        for p in Provider::ALL {
            let (headers, body): (&Headers, &[u8]) = if p == Provider::VonageSms {
                (&form, b"msisdn=447700900001&text=Hello+%26+welcome%3D1")
            } else {
                (&json, br#"{"event":"call.completed","id":"evt_1"}"#)
            };
            let scheme = build(p, &SchemeOptions::default()).unwrap();
            let key = scheme.key(&secret).unwrap();
            let now = 1_795_497_159;
            let input = SignInput {
                method: "POST",
                url: Some("https://example.com/hook?x=1"),
                headers,
                body,
                timestamp: now,
                id: None,
            };
            let signed = scheme.sign(&key, &input).unwrap();
            let mut h = headers.clone();
            let mut url = Some("https://example.com/hook?x=1".to_string());
            let mut b = body.to_vec();
            signed.apply(&mut h, &mut url, &mut b);
            let req = Request {
                method: "POST",
                url: url.as_deref(),
                headers: &h,
                body: &b,
            };
            let v = crate::webhook::verify(
                scheme.as_ref(),
                &secret,
                &req,
                &crate::webhook::VerifyOptions {
                    now,
                    tolerance: None,
                },
            )
            .unwrap();
            assert!(v.valid, "{p}: {v:?}");
            assert!(detect(&req).contains(&p), "{p} not detected from {h:?}");
        }
    }
}
