//! The keyring: which secret (and scheme) for which provider, resolved once per run and used
//! both to verify (listen) and to sign (replay, audit, the emulator).

use std::collections::HashMap;
use std::sync::Arc;

use super::sign::Signer;
use crate::secret::{Secret, SecretOrigin, SecretSpec};
use crate::webhook::{Provider, SchemeOptions};

/// Signers by provider.
#[derive(Debug, Default)]
pub struct Keyring {
    map: HashMap<Provider, Arc<Signer>>,
}

impl Keyring {
    pub fn insert(&mut self, signer: Signer) {
        self.map.insert(signer.provider, Arc::new(signer));
    }

    pub fn get(&self, provider: Provider) -> Option<&Signer> {
        self.map.get(&provider).map(Arc::as_ref)
    }

    /// Whether any secret is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// One secret for every provider (`--secret` with schemes recognised per request): each
    /// provider's scheme with `opts` where they apply, else its defaults.
    pub fn for_all(secret: &Secret, opts: &SchemeOptions) -> Keyring {
        let mut k = Keyring::default();
        for p in Provider::ALL {
            if let Ok(s) = Signer::unchecked(p, opts, secret.clone())
                .or_else(|_| Signer::unchecked(p, &SchemeOptions::default(), secret.clone()))
            {
                k.insert(s);
            }
        }
        k
    }

    /// Each provider whose own variable is set (`VAPI_WEBHOOK_SECRET`, …), with where it came
    /// from; unreadable ones as `(provider, error)`.
    pub fn from_env(opts: &SchemeOptions) -> (Keyring, Vec<(Provider, SecretOrigin)>, Vec<String>) {
        let mut k = Keyring::default();
        let (mut found, mut errors) = (Vec::new(), Vec::new());
        let env_only = SecretSpec::default();
        for p in Provider::ALL {
            match env_only.try_resolve(&p.secret_vars()) {
                Ok(Some((s, origin))) => {
                    if let Ok(signer) = Signer::unchecked(p, opts, s.clone())
                        .or_else(|_| Signer::unchecked(p, &SchemeOptions::default(), s))
                    {
                        k.insert(signer.from_origin(origin.clone()));
                    }
                    found.push((p, origin));
                }
                Ok(None) => {}
                Err(e) => errors.push(format!("{p}: {e}")),
            }
        }
        (k, found, errors)
    }
}
