//! A signed request as a curl command, secret-free: what `whk sign --format curl` prints and
//! the inspector's "copy as curl" gives. A header whose value is the secret itself is written
//! as `$VAR`.

use std::path::Path;

use super::format::sh_quote;
use crate::webhook::{self, Headers, Signed};

/// What the command sends.
pub struct Curl<'a> {
    pub method: &'a str,
    /// The request's URL (default: the local listener); a URL the scheme set wins.
    pub url: Option<&'a str>,
    /// The request's own headers (the signature headers come from `signed`).
    pub headers: &'a Headers,
    pub body: &'a [u8],
    /// Where the body came from, when a file: `--data-binary @FILE`.
    pub body_file: Option<&'a Path>,
    pub signed: &'a Signed,
    /// The variable named in place of a secret header's value.
    pub var: &'a str,
}

/// The command, one option per line.
pub fn curl(c: &Curl<'_>) -> String {
    let url = c
        .signed
        .url
        .clone()
        .or_else(|| c.url.map(str::to_string))
        .unwrap_or_else(|| {
            format!(
                "http://{}:{}/",
                crate::DEFAULT_LISTEN_HOST,
                crate::DEFAULT_LISTEN_PORT
            )
        });
    let mut parts = vec!["curl".to_string()];
    if !c.method.eq_ignore_ascii_case("POST") || c.body.is_empty() {
        parts.push(format!("-X {}", sh_quote(c.method)));
    }
    parts.push(sh_quote(&url));
    let mut all = c.headers.clone();
    let final_body = c.signed.body.as_deref().unwrap_or(c.body);
    if !all.contains("content-type") && !final_body.is_empty() {
        let req = webhook::Request {
            method: c.method,
            url: None,
            headers: c.headers,
            body: final_body,
        };
        all.push(
            "Content-Type",
            if req.body_is_form() {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            },
        );
    }
    for (n, v) in all.iter() {
        parts.push(format!("-H {}", sh_quote(&format!("{n}: {v}"))));
    }
    for h in &c.signed.headers {
        if h.sensitive {
            parts.push(format!("-H \"{}: ${}\"", h.name, c.var));
        } else {
            parts.push(format!(
                "-H {}",
                sh_quote(&format!("{}: {}", h.name, h.value))
            ));
        }
    }
    if !final_body.is_empty() {
        match c.body_file.filter(|_| c.signed.body.is_none()) {
            Some(p) => parts.push(format!(
                "--data-binary {}",
                sh_quote(&format!("@{}", p.display()))
            )),
            None => match std::str::from_utf8(final_body) {
                Ok(text) if !text.contains('\0') => {
                    parts.push(format!("--data-binary {}", sh_quote(text)));
                }
                _ => parts.push("--data-binary @-  # pipe the same body bytes in".into()),
            },
        }
    }
    parts.join(" \\\n  ")
}
