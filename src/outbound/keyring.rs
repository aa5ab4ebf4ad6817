//! The keyring: which secret (and scheme) for which provider, resolved once per run and used
//! both to verify (listen) and to sign (replay, audit, the emulator). It is the one place any
//! command (`sign`, `verify`, `listen` in every mode, `replay`, `audit`) answers "which secret
//! serves provider P".
//!
//! # Resolution order
//!
//! For a provider `P` and the user's [`SecretSpec`], the first of these that is given wins:
//!
//! 1. `--secret VALUE` (an empty value is an error, not a fall-through);
//! 2. `--secret-env VAR` (unset, empty or non-UTF-8 is an error);
//! 3. `--secret-file FILE` (one trailing line ending dropped; unreadable or empty is an error);
//! 4. `P`'s own variables in order (`VAPI_WEBHOOK_SECRET`, …, see `whk providers`);
//! 5. `WHK_SECRET`.
//!
//! Steps 4 and 5 are [`Provider::secret_vars`]. When nothing is found, [`Keyring::signer_for`]
//! fails with [`SecretError::Missing`] naming every variable tried (and a browser-bundled
//! variant such as `VITE_…` that is set but never read unasked); [`Keyring::try_signer_for`]
//! returns `None`.
//!
//! A secret read from a variable whose name front-end tools bundle into browser code
//! (`VITE_…`, `NEXT_PUBLIC_…`, only ever through `--secret-env`) is used, with one warning per
//! variable per run, handed to the caller's `warn`. Each [`Signer`] keeps the secret's
//! [`SecretOrigin`] for messages ("secret from $VAPI_WEBHOOK_SECRET"), never the value: the
//! secret's `Debug` prints `Secret(redacted)`, and so does the keyring's.

use std::collections::HashMap;
use std::sync::Arc;

use super::sign::Signer;
use crate::secret::{Secret, SecretError, SecretOrigin, SecretSpec};
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

    /// The secret for `provider` in the order of the module docs, or `None` when nothing is
    /// given or set. `provider: None` looks only at the explicit flags (one secret for every
    /// scheme). A bundled variable's warning goes to `warn`, once per variable.
    pub fn find(
        spec: &SecretSpec,
        provider: Option<Provider>,
        warn: &mut dyn FnMut(String),
    ) -> Result<Option<(Secret, SecretOrigin)>, SecretError> {
        let vars = provider.map(|p| p.secret_vars()).unwrap_or_default();
        let found = spec.try_resolve(&vars)?;
        if let Some(w) = found.as_ref().and_then(|(_, o)| o.bundled_warning_once()) {
            warn(w);
        }
        Ok(found)
    }

    /// [`find`](Self::find) for one provider, where a secret is required: nothing found is
    /// [`SecretError::Missing`].
    pub fn require(
        spec: &SecretSpec,
        provider: Provider,
        warn: &mut dyn FnMut(String),
    ) -> Result<(Secret, SecretOrigin), SecretError> {
        match Keyring::find(spec, Some(provider), warn)? {
            Some(found) => Ok(found),
            // `resolve` builds the Missing error (variables tried, bundled variants set).
            None => spec.resolve(&provider.secret_vars()),
        }
    }

    /// The one constructor every command uses: `provider`'s signer from the user's
    /// [`SecretSpec`] and scheme options, its secret's origin kept. A missing secret is an
    /// error (exit 2) naming what was tried.
    pub fn signer_for(
        spec: &SecretSpec,
        provider: Provider,
        opts: &SchemeOptions,
        warn: &mut dyn FnMut(String),
    ) -> anyhow::Result<Signer> {
        let (secret, origin) = Keyring::require(spec, provider, warn)?;
        Ok(lenient(provider, opts, secret)
            .map_err(anyhow::Error::msg)?
            .from_origin(origin))
    }

    /// [`signer_for`](Self::signer_for), `None` when no secret is given or set.
    pub fn try_signer_for(
        spec: &SecretSpec,
        provider: Provider,
        opts: &SchemeOptions,
        warn: &mut dyn FnMut(String),
    ) -> anyhow::Result<Option<Signer>> {
        Ok(match Keyring::find(spec, Some(provider), warn)? {
            Some((secret, origin)) => Some(
                lenient(provider, opts, secret)
                    .map_err(anyhow::Error::msg)?
                    .from_origin(origin),
            ),
            None => None,
        })
    }

    /// The variable a shown request names in place of `provider`'s secret (`$VAR` in a curl
    /// command or a redacted header): `--secret-env`'s, else the provider's first variable.
    pub fn variable_for(spec: &SecretSpec, provider: Provider) -> String {
        spec.env
            .clone()
            .unwrap_or_else(|| provider.secret_vars()[0].to_string())
    }

    /// One secret for every provider (`--secret` with schemes recognised per request): each
    /// provider's scheme with `opts` where they apply, else its defaults.
    pub fn for_all(secret: &Secret, opts: &SchemeOptions) -> Keyring {
        let mut k = Keyring::default();
        for p in Provider::ALL {
            if let Ok(s) = lenient(p, opts, secret.clone()) {
                k.insert(s);
            }
        }
        k
    }

    /// The explicitly given secret (`--secret`, `--secret-env`, `--secret-file`) for every
    /// provider, and where it came from; `None` when none was given.
    pub fn explicit_for_all(
        spec: &SecretSpec,
        opts: &SchemeOptions,
        warn: &mut dyn FnMut(String),
    ) -> Result<Option<(Keyring, SecretOrigin)>, SecretError> {
        if !spec.is_explicit() {
            return Ok(None);
        }
        Ok(Keyring::find(spec, None, warn)?
            .map(|(secret, origin)| (Keyring::for_all(&secret, opts), origin)))
    }

    /// Each provider whose own variable is set (`VAPI_WEBHOOK_SECRET`, …), with where it came
    /// from; unreadable ones as `provider: error`.
    pub fn from_env(
        opts: &SchemeOptions,
        warn: &mut dyn FnMut(String),
    ) -> (Keyring, Vec<(Provider, SecretOrigin)>, Vec<String>) {
        let mut k = Keyring::default();
        let (mut found, mut errors) = (Vec::new(), Vec::new());
        let env_only = SecretSpec::default();
        for p in Provider::ALL {
            match Keyring::find(&env_only, Some(p), warn) {
                Ok(Some((s, origin))) => {
                    if let Ok(signer) = lenient(p, opts, s) {
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

/// `p`'s scheme with `opts` where they apply to it, else its defaults; whether the secret fits
/// shows when it is used.
fn lenient(p: Provider, opts: &SchemeOptions, secret: Secret) -> Result<Signer, String> {
    Signer::unchecked(p, opts, secret.clone())
        .or_else(|_| Signer::unchecked(p, &SchemeOptions::default(), secret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Environment variables are process-wide: the tests that set them run one at a time.
    static ENV: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn no_warn() -> impl FnMut(String) {
        |w| panic!("unexpected warning: {w}")
    }

    #[test]
    fn resolution_order_flag_env_file_provider_vars_whk_secret() {
        let _g = ENV.lock().unwrap_or_else(|e| e.into_inner());
        let dir = std::env::temp_dir().join(format!("whk-keyring-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file: PathBuf = dir.join("secret.txt");
        std::fs::write(&file, "from-file\n").unwrap();
        // SAFETY: guarded by ENV; no other test in this binary reads these variables.
        unsafe {
            std::env::set_var("WHK_KEYRING_TEST_VAR", "from-env-flag");
            std::env::set_var("GITHUB_WEBHOOK_SECRET", "from-provider-var");
            std::env::set_var("WHK_SECRET", "from-whk-secret");
        }
        let p = Provider::Github;
        let all = SecretSpec {
            value: Some(Secret::new("from-flag")),
            env: Some("WHK_KEYRING_TEST_VAR".into()),
            file: Some(file.clone()),
        };
        let got = |spec: &SecretSpec| {
            let (s, o) = Keyring::require(spec, p, &mut no_warn()).unwrap();
            (s.expose().to_string(), o)
        };
        assert_eq!(got(&all), ("from-flag".into(), SecretOrigin::Flag));
        let no_flag = SecretSpec {
            value: None,
            ..all.clone()
        };
        assert_eq!(
            got(&no_flag),
            (
                "from-env-flag".into(),
                SecretOrigin::Env("WHK_KEYRING_TEST_VAR".into())
            )
        );
        let file_only = SecretSpec {
            env: None,
            ..no_flag.clone()
        };
        assert_eq!(
            got(&file_only),
            ("from-file".into(), SecretOrigin::File(file.clone()))
        );
        let nothing = SecretSpec::default();
        assert_eq!(
            got(&nothing),
            (
                "from-provider-var".into(),
                SecretOrigin::Env("GITHUB_WEBHOOK_SECRET".into())
            )
        );
        unsafe { std::env::remove_var("GITHUB_WEBHOOK_SECRET") };
        assert_eq!(
            got(&nothing),
            (
                "from-whk-secret".into(),
                SecretOrigin::Env("WHK_SECRET".into())
            )
        );
        // The signer carries the origin, and the keyring-wide explicit secret skips the
        // variables entirely.
        let signer =
            Keyring::signer_for(&nothing, p, &SchemeOptions::default(), &mut no_warn()).unwrap();
        assert_eq!(
            signer.secret_origin,
            Some(SecretOrigin::Env("WHK_SECRET".into()))
        );
        assert!(
            Keyring::explicit_for_all(&nothing, &SchemeOptions::default(), &mut no_warn())
                .unwrap()
                .is_none()
        );
        unsafe { std::env::remove_var("WHK_SECRET") };
        assert!(
            Keyring::try_signer_for(&nothing, p, &SchemeOptions::default(), &mut no_warn())
                .unwrap()
                .is_none()
        );
        let missing = Keyring::require(&nothing, p, &mut no_warn()).unwrap_err();
        assert!(matches!(missing, SecretError::Missing { .. }), "{missing}");
        assert!(missing.to_string().contains("GITHUB_WEBHOOK_SECRET"));
        unsafe { std::env::remove_var("WHK_KEYRING_TEST_VAR") };
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_empty_flag_is_an_error_not_a_fall_through() {
        let spec = SecretSpec {
            value: Some(Secret::new("")),
            ..SecretSpec::default()
        };
        let e = Keyring::require(&spec, Provider::Generic, &mut no_warn()).unwrap_err();
        assert!(matches!(e, SecretError::Empty { .. }), "{e}");
    }

    #[test]
    fn a_bundled_variable_warns_once() {
        let _g = ENV.lock().unwrap_or_else(|e| e.into_inner());
        let var = "VITE_WHK_KEYRING_TEST_SECRET";
        // SAFETY: guarded by ENV.
        unsafe { std::env::set_var(var, "bundled-value-9876") };
        let spec = SecretSpec {
            env: Some(var.into()),
            ..SecretSpec::default()
        };
        let mut warnings = Vec::new();
        for p in [Provider::Generic, Provider::Github] {
            Keyring::signer_for(&spec, p, &SchemeOptions::default(), &mut |w| {
                warnings.push(w)
            })
            .unwrap();
        }
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("Vite"));
        assert!(
            !warnings[0].contains("bundled-value-9876"),
            "{}",
            warnings[0]
        );
        unsafe { std::env::remove_var(var) };
    }

    #[test]
    fn a_secret_never_appears_in_debug() {
        let value = "sk-very-secret-value-1234";
        let spec = SecretSpec {
            value: Some(Secret::new(value)),
            ..SecretSpec::default()
        };
        let signer = Keyring::signer_for(
            &spec,
            Provider::Generic,
            &SchemeOptions::default(),
            &mut no_warn(),
        )
        .unwrap();
        let (all, _) = Keyring::explicit_for_all(&spec, &SchemeOptions::default(), &mut no_warn())
            .unwrap()
            .unwrap();
        let mut one = Keyring::default();
        one.insert(signer);
        for text in [
            format!("{spec:?}"),
            format!("{one:?}"),
            format!("{one:#?}"),
            format!("{all:?}"),
            format!("{:?}", one.get(Provider::Generic)),
        ] {
            assert!(!text.contains(value), "secret in Debug: {text}");
            assert!(text.contains("redacted"), "{text}");
        }
    }
}
