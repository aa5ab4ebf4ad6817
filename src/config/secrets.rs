//! Secrets never live in `whk.toml`. A key that names one (`secret`, `token`, `password`, …)
//! or a value that looks like one (`whsec_…`, `sk_live_…`, a PEM key, or a `secret_env` that is
//! not a variable name) is refused, and the message says why and what to write instead. The
//! refused value is never repeated in the message.

/// What to write instead, for every refusal.
pub const INSTEAD: &str = "write secret_env = \"VAR\" (the environment variable that holds it, e.g. VONAGE_SIGNATURE_SECRET) or secret_file = \"path\" (a file kept out of version control) instead";

/// A key that would hold a secret (and is not one of whk's own `secret_*` settings).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace('-', "_");
    if matches!(
        k.as_str(),
        "secret_env" | "secret_file" | "secret_base64" | "api_key"
    ) {
        return false;
    }
    k == "secret"
        || k.ends_with("_secret")
        || k.starts_with("secret_")
        || k.contains("password")
        || k.ends_with("token")
        || k.ends_with("private_key")
        || k.ends_with("signing_key")
}

/// Text that looks like a credential rather than a name, URL or path.
pub fn looks_like_secret(text: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "whsec_",
        "sk_live_",
        "sk_test_",
        "rk_live_",
        "rk_test_",
        "ghp_",
        "github_pat_",
        "xoxb-",
        "xoxp-",
        "AKIA",
        "-----BEGIN",
    ];
    PREFIXES.iter().any(|p| text.starts_with(p))
}

/// The refusal for a secret-holding key.
pub fn refusal_key(key: &str) -> String {
    format!(
        "`{key}` would put a secret in whk.toml, which is refused: this file is meant to be committed, and a secret in it leaks to everyone who can read the repository and stays in its history"
    )
}

/// The refusal for a value that looks like a secret.
pub fn refusal_value(key: &str) -> String {
    if key == "secret_env" {
        format!(
            "`{key}` names the environment variable that holds the secret, and this value is not a variable name: it looks like the secret itself, which whk.toml must not hold (the file is meant to be committed)"
        )
    } else {
        format!(
            "the value of `{key}` looks like a secret, which whk.toml must not hold: the file is meant to be committed, and a secret in it leaks to everyone who can read the repository"
        )
    }
}
