//! Project config: `whk.toml`, one `[apps.NAME]` per webhook setup, read by every command.
//!
//! - [`discover`]: which file (`--config`, `WHK_CONFIG`, walking up like `Cargo.toml`,
//!   `--no-config`);
//! - [`schema`]: the settings, their types, defaults, flags and variables (and the JSON
//!   Schema);
//! - [`parse`]: the file, checked with positions; [`secrets`]: literal secrets refused;
//! - [`resolve`]: flags > environment > `whk.toml` > defaults, each value with its source;
//! - [`explain`]: what `whk config` shows; [`init`]: what `whk init` writes.
//!
//! The commands never read the file themselves: `cli::config::apply` fills each command's
//! arguments from the [`Resolved`] settings before it runs, and [`current`] keeps them for code
//! that needs more (`whk call`'s scenarios: [`call_scenario`]).

pub mod discover;
pub mod explain;
pub mod init;
pub mod parse;
pub mod resolve;
pub mod schema;
mod secrets;

use std::path::PathBuf;
use std::sync::OnceLock;

pub use discover::Selection;
pub use resolve::{Entry, Flags, Resolved, Source};

/// Find, read and check the file, pick the app, and resolve every setting with `flags` (the
/// ones given on the command line) on top.
pub fn load(sel: &Selection, flags: &Flags) -> anyhow::Result<Resolved> {
    let cwd = std::env::current_dir()?;
    let env = |v: &str| std::env::var(v).ok();
    let found = discover::find(sel, &cwd, &env)?;
    let file = found.as_ref().map(|f| parse::read(f.path())).transpose()?;
    let chosen = resolve::select(file.as_ref(), sel.app.as_deref(), &env)?;
    let entries = resolve::resolve(chosen.as_ref().map(|(a, _)| *a), &env, flags)?;
    Ok(Resolved {
        app: chosen.as_ref().map(|(a, _)| a.name.clone()),
        app_source: chosen.map(|(_, s)| s),
        file: found.map(|f| f.path().to_path_buf()),
        entries,
    })
}

static CURRENT: OnceLock<Resolved> = OnceLock::new();

/// Keep this run's settings for [`current`] (the first call wins).
pub fn set_current(r: Resolved) {
    let _ = CURRENT.set(r);
}

/// This run's settings, once `cli::config::apply` has loaded them (`None` for commands that
/// read no config: providers, fixtures, ncco, completions, init).
pub fn current() -> Option<&'static Resolved> {
    CURRENT.get()
}

/// The scenario file `whk call` runs for `name`, from `[apps.APP.call.scenarios]` (relative
/// paths are relative to the folder of `whk.toml`).
pub fn call_scenario(app: &Resolved, name: &str) -> Option<PathBuf> {
    app.get("call.scenarios")?
        .value
        .get(name)?
        .as_str()
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_scenarios_are_looked_up_by_name_relative_to_the_file() {
        let file = parse::parse(
            std::path::Path::new("/proj/whk.toml"),
            "[apps.v.call.scenarios]\nhappy = \"calls/happy.toml\"\nabs = \"/x/y.toml\"\n",
        )
        .unwrap();
        let none = |_: &str| None;
        let r = Resolved {
            entries: resolve::resolve(Some(&file.apps[0]), &none, &vec![]).unwrap(),
            ..Resolved::default()
        };
        assert_eq!(
            call_scenario(&r, "happy"),
            Some(PathBuf::from("/proj/calls/happy.toml"))
        );
        assert_eq!(call_scenario(&r, "abs"), Some(PathBuf::from("/x/y.toml")));
        assert_eq!(call_scenario(&r, "nope"), None);
        assert_eq!(call_scenario(&Resolved::default(), "happy"), None);
    }
}
