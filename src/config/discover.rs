//! Which `whk.toml` a run reads: `--no-config` none, `--config FILE`, then `WHK_CONFIG`, then
//! the first `whk.toml` found walking up from the current folder (as cargo finds
//! `Cargo.toml`). The file named by a flag or variable must exist; the walk may find nothing.

use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "whk.toml";

/// The global flags that pick the file and the app.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `--config FILE`.
    pub file: Option<PathBuf>,
    /// `--no-config`.
    pub none: bool,
    /// `--app NAME`.
    pub app: Option<String>,
}

/// How the file was found, for `whk config`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Flag(PathBuf),
    Env(PathBuf),
    Walk(PathBuf),
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::Flag(p) | Found::Env(p) | Found::Walk(p) => p,
        }
    }
}

/// The file to read, or `None` (no file, or `--no-config`). `env` reads a variable.
pub fn find(
    sel: &Selection,
    cwd: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Option<Found>> {
    if sel.none {
        return Ok(None);
    }
    let named = match (&sel.file, env("WHK_CONFIG").filter(|v| !v.is_empty())) {
        (Some(f), _) => Some((Found::Flag(cwd.join(f)), "--config")),
        (None, Some(v)) => Some((Found::Env(cwd.join(v)), "WHK_CONFIG")),
        (None, None) => None,
    };
    if let Some((found, from)) = named {
        if !found.path().is_file() {
            return Err(crate::hinted(
                format!("{} (from {from}) is not a file", found.path().display()),
                "name an existing whk.toml, or create one with `whk init`",
            ));
        }
        return Ok(Some(found));
    }
    Ok(walk_up(cwd).map(Found::Walk))
}

/// The first `whk.toml` in `dir` or a folder above it.
pub fn walk_up(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_up_and_the_flag_and_variable_win() {
        let root = tempfile_dir("discover");
        let sub = root.join("a/b/c");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        let other = root.join("other.toml");
        std::fs::write(&other, "").unwrap();
        let no_env = |_: &str| None;
        let sel = Selection::default();
        assert_eq!(
            find(&sel, &sub, &no_env).unwrap(),
            Some(Found::Walk(root.join(FILE_NAME)))
        );
        let env = |v: &str| (v == "WHK_CONFIG").then(|| other.display().to_string());
        assert_eq!(
            find(&sel, &sub, &env).unwrap(),
            Some(Found::Env(other.clone()))
        );
        let flag = Selection {
            file: Some(root.join(FILE_NAME)),
            ..Selection::default()
        };
        assert_eq!(
            find(&flag, &sub, &env).unwrap(),
            Some(Found::Flag(root.join(FILE_NAME)))
        );
        let none = Selection { none: true, ..flag };
        assert_eq!(find(&none, &sub, &env).unwrap(), None);
        let missing = Selection {
            file: Some(root.join("nope.toml")),
            ..Selection::default()
        };
        assert!(find(&missing, &sub, &no_env).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }

    fn tempfile_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("whk-config-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
