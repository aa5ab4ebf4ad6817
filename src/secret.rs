//! Secrets: where they come from, and a type that never prints them.
//!
//! A [`Secret`] is what the user gave us (a signing secret, an auth token, a `whsec_…` string).
//! Its `Debug` and `Display` print `(redacted)`, so it can sit in any struct that derives
//! `Debug`. Comparisons against received signatures happen in constant time in
//! `webhook::crypto`; this module only finds and holds the value.

use std::fmt;
use std::path::PathBuf;

/// A secret value. Never printed, never in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret's text. Use it to derive key bytes; never to print.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Best effort: overwrite the bytes before the allocation is freed.
        // SAFETY-free version: replace with zeros of the same length via a fresh String.
        let len = self.0.len();
        self.0.clear();
        self.0.extend(std::iter::repeat_n('\0', len));
    }
}

/// Where the user said the secret is: `--secret`, `--secret-env VAR`, `--secret-file F`.
/// With none of these, each provider's usual variables and then `WHK_SECRET` are tried.
#[derive(Clone, Debug, Default)]
pub struct SecretSpec {
    pub value: Option<Secret>,
    pub env: Option<String>,
    pub file: Option<PathBuf>,
}

/// Why no secret could be had. Every variant is a usage/I/O error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("no secret given: pass --secret, --secret-env VAR or --secret-file FILE, or set {}{}", .tried.join(" or "), bundled_note(.bundled))]
    Missing {
        tried: Vec<String>,
        /// Browser-bundled variants of those variables that are set (`VITE_VOGENT_…`): never
        /// read unasked, only named.
        bundled: Vec<String>,
    },
    #[error("environment variable {var} (from --secret-env) is not set")]
    EnvUnset { var: String },
    #[error("environment variable {var} is set but empty")]
    EnvEmpty { var: String },
    #[error("environment variable {var} is not valid UTF-8")]
    EnvNotUtf8 { var: String },
    #[error("cannot read secret file {path}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("secret file {path} is not UTF-8 text")]
    FileNotUtf8 { path: String },
    #[error("the secret given by {origin} is empty")]
    Empty { origin: String },
}

/// Where a resolved secret came from, for messages ("from VAPI_WEBHOOK_SECRET").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretOrigin {
    Flag,
    Env(String),
    File(PathBuf),
}

impl fmt::Display for SecretOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretOrigin::Flag => f.write_str("--secret"),
            SecretOrigin::Env(v) => write!(f, "${v}"),
            SecretOrigin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Environment-variable prefixes that front-end build tools inline into the JavaScript they
/// ship to browsers, and the tools that do. Longer prefixes first (`NEXT_PUBLIC_` before
/// `PUBLIC_`).
pub const BUNDLED_PREFIXES: &[(&str, &str)] = &[
    ("NEXT_PUBLIC_", "Next.js"),
    ("NUXT_PUBLIC_", "Nuxt"),
    ("EXPO_PUBLIC_", "Expo"),
    ("PLASMO_PUBLIC_", "Plasmo"),
    ("NX_PUBLIC_", "Nx"),
    ("SANITY_STUDIO_", "Sanity Studio"),
    ("REDWOOD_ENV_", "RedwoodJS"),
    ("REACT_APP_", "Create React App"),
    ("STORYBOOK_", "Storybook"),
    ("VUE_APP_", "Vue CLI"),
    ("GATSBY_", "Gatsby"),
    ("VITE_", "Vite"),
    ("PUBLIC_", "SvelteKit and Astro"),
];

/// The prefix and the tool when `var` is a variable that tool bundles into browser code.
pub fn bundled_prefix(var: &str) -> Option<(&'static str, &'static str)> {
    BUNDLED_PREFIXES
        .iter()
        .find(|(prefix, _)| var.starts_with(prefix) && var.len() > prefix.len())
        .copied()
}

/// The browser-bundled variants of `vars` (`VITE_` + `VOGENT_WEBHOOK_SECRET`) that are set.
fn bundled_variants_set(vars: &[&str]) -> Vec<String> {
    vars.iter()
        .flat_map(|v| BUNDLED_PREFIXES.iter().map(move |(p, _)| format!("{p}{v}")))
        .filter(|name| std::env::var_os(name).is_some())
        .collect()
}

fn bundled_note(bundled: &[String]) -> String {
    match bundled.first() {
        Some(var) => format!(
            " ({var} is set, but whk reads it only with --secret-env {var}: a variable with that prefix is bundled into browser code)"
        ),
        None => String::new(),
    }
}

/// Variables already warned about in this process: `listen` and `replay` resolve secrets for
/// several providers, and one warning is enough.
static WARNED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

impl SecretOrigin {
    /// Why a secret from this variable is exposed, when its name is one that a front-end tool
    /// bundles into browser code (`VITE_…`, `NEXT_PUBLIC_…`). `None` otherwise.
    pub fn bundled_warning(&self) -> Option<String> {
        let SecretOrigin::Env(var) = self else {
            return None;
        };
        let (prefix, tool) = bundled_prefix(var)?;
        Some(format!(
            "${var} is bundled into browser code by {tool} (the {prefix} prefix): anyone who loads the app can read this secret and forge webhooks with it. Keep it in a server-only variable such as {}, and rotate it if a build has shipped it",
            &var[prefix.len()..]
        ))
    }

    /// [`bundled_warning`](Self::bundled_warning) the first time this variable is seen in the
    /// process; `None` after that.
    pub fn bundled_warning_once(&self) -> Option<String> {
        let warning = self.bundled_warning()?;
        let SecretOrigin::Env(var) = self else {
            return None;
        };
        let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
        if warned.contains(var) {
            return None;
        }
        warned.push(var.clone());
        Some(warning)
    }
}

impl SecretSpec {
    /// True when the user named a secret explicitly (flag, env or file).
    pub fn is_explicit(&self) -> bool {
        self.value.is_some() || self.env.is_some() || self.file.is_some()
    }

    /// Find the secret: explicit sources first, then `fallback_vars` in order (a provider's
    /// usual variables followed by `WHK_SECRET`).
    pub fn resolve(&self, fallback_vars: &[&str]) -> Result<(Secret, SecretOrigin), SecretError> {
        match self.try_resolve(fallback_vars)? {
            Some(found) => Ok(found),
            None => Err(SecretError::Missing {
                tried: fallback_vars.iter().map(|v| v.to_string()).collect(),
                bundled: bundled_variants_set(fallback_vars),
            }),
        }
    }

    /// Like [`resolve`](Self::resolve) but `Ok(None)` when nothing was given or set.
    pub fn try_resolve(
        &self,
        fallback_vars: &[&str],
    ) -> Result<Option<(Secret, SecretOrigin)>, SecretError> {
        if let Some(value) = &self.value {
            if value.is_empty() {
                return Err(SecretError::Empty {
                    origin: "--secret".into(),
                });
            }
            return Ok(Some((value.clone(), SecretOrigin::Flag)));
        }
        if let Some(var) = &self.env {
            return match read_env(var)? {
                Some(s) => Ok(Some((s, SecretOrigin::Env(var.clone())))),
                None => Err(SecretError::EnvUnset { var: var.clone() }),
            };
        }
        if let Some(path) = &self.file {
            let bytes = std::fs::read(path).map_err(|source| SecretError::File {
                path: path.display().to_string(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|_| SecretError::FileNotUtf8 {
                path: path.display().to_string(),
            })?;
            // One trailing line ending is what editors and `echo` add; it is never part of a key.
            let text = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .unwrap_or(&text);
            if text.is_empty() {
                return Err(SecretError::Empty {
                    origin: path.display().to_string(),
                });
            }
            return Ok(Some((Secret::new(text), SecretOrigin::File(path.clone()))));
        }
        for var in fallback_vars {
            if let Some(s) = read_env(var)? {
                return Ok(Some((s, SecretOrigin::Env(var.to_string()))));
            }
        }
        Ok(None)
    }
}

fn read_env(var: &str) -> Result<Option<Secret>, SecretError> {
    match std::env::var(var) {
        Ok(v) if v.is_empty() => Err(SecretError::EnvEmpty { var: var.into() }),
        Ok(v) => Ok(Some(Secret::new(v))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(SecretError::EnvNotUtf8 { var: var.into() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(redacted)");
        assert_eq!(format!("{s}"), "(redacted)");
        let spec = SecretSpec {
            value: Some(s),
            ..Default::default()
        };
        assert!(!format!("{spec:?}").contains("hunter2"));
    }

    #[test]
    fn bundled_prefixes_are_recognised() {
        let w = SecretOrigin::Env("VITE_VOGENT_WEBHOOK_SECRET".into())
            .bundled_warning()
            .unwrap();
        assert!(w.contains("by Vite (the VITE_ prefix)"), "{w}");
        assert!(w.contains("such as VOGENT_WEBHOOK_SECRET"), "{w}");
        assert_eq!(
            bundled_prefix("NEXT_PUBLIC_X"),
            Some(("NEXT_PUBLIC_", "Next.js"))
        );
        assert_eq!(
            bundled_prefix("PUBLIC_X"),
            Some(("PUBLIC_", "SvelteKit and Astro"))
        );
        for var in [
            "VOGENT_WEBHOOK_SECRET",
            "WHK_SECRET",
            "VITE_",
            "vite_x",
            "MY_VITE_X",
        ] {
            assert_eq!(bundled_prefix(var), None, "{var}");
        }
        assert_eq!(SecretOrigin::Flag.bundled_warning(), None);
        let once = SecretOrigin::Env("REACT_APP_ONCE_TEST".into());
        assert!(once.bundled_warning_once().is_some());
        assert!(once.bundled_warning_once().is_none());
    }

    #[test]
    fn file_strips_one_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s");
        std::fs::write(&p, "abc \n").unwrap();
        let spec = SecretSpec {
            file: Some(p),
            ..Default::default()
        };
        let (s, _) = spec.resolve(&[]).unwrap();
        assert_eq!(s.expose(), "abc ");
    }
}
