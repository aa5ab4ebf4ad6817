//! Precedence as data: for every setting of the chosen app, the value that wins and where it
//! came from. Flags beat the environment (`WHK_LISTEN_PORT`, …), which beats `whk.toml`, which
//! beats the built-in default.

use std::path::PathBuf;

use serde_json::Value;

use super::parse::{AppFile, File, check};
use super::schema::{SETTINGS, Setting, Ty};

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag,
    /// The environment variable's name.
    Env(String),
    /// The line in `whk.toml`.
    File(usize),
    Default,
}

impl Source {
    /// `flag`, `env`, `file:LINE` or `default`, as `whk config --json` prints it.
    pub fn label(&self) -> String {
        match self {
            Source::Flag => "flag".into(),
            Source::Env(_) => "env".into(),
            Source::File(line) => format!("file:{line}"),
            Source::Default => "default".into(),
        }
    }

    /// Whether the command's own argument already holds the value (a flag, or clap's default).
    pub fn in_args(&self) -> bool {
        matches!(self, Source::Flag | Source::Default)
    }
}

/// One setting's winning value.
#[derive(Clone, Debug)]
pub struct Entry {
    pub setting: &'static Setting,
    pub value: Value,
    pub source: Source,
}

/// Every setting of one run: the app, the file, and each value with its source.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub app: Option<String>,
    pub app_source: Option<Source>,
    pub file: Option<PathBuf>,
    pub entries: Vec<Entry>,
}

impl Resolved {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.setting.key == key)
    }

    /// The value when it comes from the environment or the file, i.e. when the command's
    /// argument must be set from it.
    pub fn fill(&self, key: &str) -> Option<&Value> {
        self.get(key)
            .filter(|e| !e.source.in_args() && !e.value.is_null())
            .map(|e| &e.value)
    }

    /// [`fill`](Self::fill) as text.
    pub fn fill_str(&self, key: &str) -> Option<&str> {
        self.fill(key).and_then(Value::as_str)
    }

    /// Whether a flag set `key` on the command line.
    pub fn by_flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(|e| e.source == Source::Flag)
    }
}

/// Flags given on the command line: setting key and value.
pub type Flags = Vec<(&'static str, Value)>;

/// The app to use: `--app` (a flag), else `WHK_APP`, else the file's `default`, else its only
/// app. `Ok(None)` when there is no file.
pub fn select<'f>(
    file: Option<&'f File>,
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Option<(&'f AppFile, Source)>> {
    let asked = match (flag, env("WHK_APP").filter(|v| !v.is_empty())) {
        (Some(a), _) => Some((a.to_string(), Source::Flag, "--app")),
        (None, Some(a)) => Some((a, Source::Env("WHK_APP".into()), "WHK_APP")),
        (None, None) => None,
    };
    let Some(file) = file else {
        return match asked {
            Some((name, _, from)) => Err(crate::hinted(
                format!(
                    "{from} {name} names an app, but no whk.toml was found (here or in a folder above)"
                ),
                "create one with `whk init`, or name it with --config FILE",
            )),
            None => Ok(None),
        };
    };
    let names: Vec<&str> = file.apps.iter().map(|a| a.name.as_str()).collect();
    let find = |n: &str| file.apps.iter().find(|a| a.name == n);
    if let Some((name, source, from)) = asked {
        return match find(&name) {
            Some(app) => Ok(Some((app, source))),
            None => Err(crate::hinted(
                format!(
                    "{from} {name}: {} has no [apps.{name}]",
                    file.path.display()
                ),
                match crate::ncco::suggest::closest(&name, names.iter().copied()) {
                    Some(c) => format!("did you mean {c}? (apps: {})", names.join(", ")),
                    None if names.is_empty() => "the file has no apps yet: add [apps.NAME]".into(),
                    None => format!("the apps are: {}", names.join(", ")),
                },
            )),
        };
    }
    if let Some((name, line)) = &file.default {
        return Ok(find(name).map(|a| (a, Source::File(*line))));
    }
    match file.apps.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((one, Source::File(one.line)))),
        _ => Err(crate::hinted(
            format!(
                "{} has several apps ({}) and no default",
                file.path.display(),
                names.join(", ")
            ),
            format!(
                "pick one with --app NAME (or WHK_APP), or add default = \"{}\" at the top of the file",
                names[0]
            ),
        )),
    }
}

/// Every setting's winner: `flags`, then the environment, then `app`, then the default. An
/// environment variable with a bad value is an error naming it.
pub fn resolve(
    app: Option<&AppFile>,
    env: &dyn Fn(&str) -> Option<String>,
    flags: &Flags,
) -> anyhow::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for s in SETTINGS {
        let entry = |value, source| Entry {
            setting: s,
            value,
            source,
        };
        if let Some((_, v)) = flags.iter().find(|(k, _)| *k == s.key) {
            out.push(entry(v.clone(), Source::Flag));
            continue;
        }
        if let Some(var) = s.env_var()
            && let Some(text) = env(&var).filter(|t| !t.is_empty())
        {
            let v = check(s, from_env(s.ty, &text)).map_err(|(message, hint)| {
                crate::hinted(format!("environment variable {var}: {message}"), hint)
            })?;
            out.push(entry(v, Source::Env(var)));
            continue;
        }
        if let Some(v) = app.and_then(|a| a.get(s.key)) {
            out.push(entry(v.value.clone(), Source::File(v.line)));
            continue;
        }
        out.push(entry(s.default.value(), Source::Default));
    }
    Ok(out)
}

/// An environment variable's text as the JSON value of a setting of type `ty`.
fn from_env(ty: Ty, text: &str) -> Value {
    match ty {
        Ty::Port | Ty::Count => text
            .trim()
            .parse::<i64>()
            .map_or_else(|_| text.into(), Value::from),
        Ty::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => true.into(),
            "0" | "false" | "no" | "off" => false.into(),
            _ => text.into(),
        },
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse::parse;
    use std::path::Path;

    const FILE: &str = r#"
[apps.vonage]
provider = "vonage"
secret_env = "VONAGE_SIGNATURE_SECRET"

[apps.vonage.listen]
port = 9000
"#;

    #[test]
    fn flag_beats_env_beats_file_beats_default_for_every_setting() {
        let file = parse(Path::new("/p/whk.toml"), FILE).unwrap();
        let app = &file.apps[0];
        let none = |_: &str| None;
        let e = resolve(Some(app), &none, &vec![]).unwrap();
        let port = e.iter().find(|e| e.setting.key == "listen.port").unwrap();
        assert_eq!(
            (port.value.clone(), port.source.clone()),
            (9000.into(), Source::File(7))
        );
        let path = e.iter().find(|e| e.setting.key == "listen.path").unwrap();
        assert_eq!(
            (path.value.clone(), path.source.clone()),
            ("/".into(), Source::Default)
        );
        let env = |v: &str| (v == "WHK_LISTEN_PORT").then(|| "9100".to_string());
        let e = resolve(Some(app), &env, &vec![]).unwrap();
        let port = e.iter().find(|e| e.setting.key == "listen.port").unwrap();
        assert_eq!(port.source, Source::Env("WHK_LISTEN_PORT".into()));
        assert_eq!(port.value, 9100);
        let e = resolve(Some(app), &env, &vec![("listen.port", 9200.into())]).unwrap();
        let port = e.iter().find(|e| e.setting.key == "listen.port").unwrap();
        assert_eq!(
            (port.value.clone(), port.source.clone()),
            (9200.into(), Source::Flag)
        );
        // Every non-table setting has its variable, and a bad one is an error.
        for s in SETTINGS.iter().filter(|s| !s.ty.is_table()) {
            let var = s.env_var().unwrap();
            let bad = |v: &str| (v == var).then(|| "-----BEGIN x".to_string());
            assert!(resolve(Some(app), &bad, &vec![]).is_err(), "{var}");
        }
    }

    #[test]
    fn the_app_is_the_flag_then_whk_app_then_default_then_the_only_one() {
        let two = parse(
            Path::new("/p/whk.toml"),
            "default = \"b\"\n[apps.a]\nprovider = \"vapi\"\n[apps.b]\nprovider = \"vonage\"\n",
        )
        .unwrap();
        let none = |_: &str| None;
        let pick = |flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>| {
            select(Some(&two), flag, env)
                .unwrap()
                .map(|(a, s)| (a.name.clone(), s))
        };
        assert_eq!(pick(None, &none), Some(("b".into(), Source::File(1))));
        let env = |v: &str| (v == "WHK_APP").then(|| "a".to_string());
        assert_eq!(
            pick(None, &env),
            Some(("a".into(), Source::Env("WHK_APP".into())))
        );
        assert_eq!(pick(Some("b"), &env), Some(("b".into(), Source::Flag)));
        let err = select(Some(&two), Some("aa"), &none).unwrap_err();
        assert!(format!("{err}").contains("no [apps.aa]"), "{err}");
        let no_default = parse(Path::new("/p/whk.toml"), "[apps.a]\n[apps.b]\n").unwrap();
        assert!(select(Some(&no_default), None, &none).is_err());
        assert!(select(None, Some("a"), &none).is_err());
        assert!(select(None, None, &none).unwrap().is_none());
    }
}
