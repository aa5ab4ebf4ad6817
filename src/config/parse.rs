//! Reading `whk.toml`: TOML parsed with spans (`toml_edit`), every key checked against
//! [`schema::SETTINGS`], every value against its type. An unknown key, a wrong type or a
//! literal secret is an error at `file:line:column`, with a did-you-mean where one fits; nothing
//! is ignored.

use std::path::{Path, PathBuf};

use serde_json::Value;
use toml_edit::{Item, TableLike};

use super::schema::{self, Setting, Ty};
use super::secrets;

/// A parsed, checked `whk.toml`.
#[derive(Clone, Debug)]
pub struct File {
    pub path: PathBuf,
    /// `default = "NAME"` and its line.
    pub default: Option<(String, usize)>,
    pub apps: Vec<AppFile>,
}

/// One `[apps.NAME]`.
#[derive(Clone, Debug)]
pub struct AppFile {
    pub name: String,
    pub line: usize,
    pub values: Vec<FileValue>,
}

impl AppFile {
    pub fn get(&self, key: &str) -> Option<&FileValue> {
        self.values.iter().find(|v| v.setting.key == key)
    }
}

/// One setting as written: its value (paths made relative to the file's folder; tables as
/// JSON objects) and the line of its key.
#[derive(Clone, Debug)]
pub struct FileValue {
    pub setting: &'static Setting,
    pub value: Value,
    pub line: usize,
}

/// A problem at a position in the file.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl ConfigError {
    /// As the error whk prints: `whk.toml:3:1: unknown key …`, then the hint.
    pub fn into_error(self) -> anyhow::Error {
        crate::hinted(
            format!(
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            ),
            self.hint,
        )
    }
}

/// Read and check the file at `path`.
pub fn read(path: &Path) -> anyhow::Result<File> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        crate::hinted(
            format!("cannot read {}: {e}", path.display()),
            "check the path given by --config or WHK_CONFIG, or pass --no-config",
        )
    })?;
    parse(path, &text).map_err(ConfigError::into_error)
}

/// Check `text` as the contents of `path`.
pub fn parse(path: &Path, text: &str) -> Result<File, ConfigError> {
    let p = Parser {
        path,
        dir: path.parent().unwrap_or(Path::new(".")),
        text,
    };
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        p.error(
            at,
            format!("not valid TOML: {}", e.message()),
            "see https://toml.io for the syntax; `whk init` writes a valid file".into(),
        )
    })?;
    p.file(doc.as_table())
}

struct Parser<'a> {
    path: &'a Path,
    dir: &'a Path,
    text: &'a str,
}

impl Parser<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    fn error(&self, offset: usize, message: String, hint: String) -> ConfigError {
        let (line, column) = self.position(offset);
        ConfigError {
            path: self.path.to_path_buf(),
            line,
            column,
            message,
            hint,
        }
    }

    /// The key's offset in `table` (its first character).
    fn key_at(&self, table: &dyn TableLike, key: &str) -> usize {
        table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map_or(0, |s| s.start)
    }

    fn item_at(&self, item: &Item) -> usize {
        item.span()
            .or_else(|| item.as_value().and_then(|v| v.span()))
            .map_or(0, |s| s.start)
    }

    fn unknown(
        &self,
        table: &dyn TableLike,
        key: &str,
        place: &str,
        allowed: &[&str],
    ) -> ConfigError {
        let at = self.key_at(table, key);
        let close = crate::ncco::suggest::closest(key, allowed.iter().copied());
        if close.is_none() && secrets::is_secret_key(key) {
            return self.error(at, secrets::refusal_key(key), secrets::INSTEAD.into());
        }
        let hint = match close {
            Some(c) => format!("did you mean `{c}`? ({place} takes {})", allowed.join(", ")),
            None => format!("{place} takes {}", allowed.join(", ")),
        };
        self.error(at, format!("unknown key `{key}` in {place}"), hint)
    }

    fn table<'t>(
        &self,
        item: &'t Item,
        place: &str,
        at: usize,
    ) -> Result<&'t dyn TableLike, ConfigError> {
        item.as_table_like().ok_or_else(|| {
            self.error(
                at,
                format!("{place} must be a table"),
                format!("write it as a [{place}] section"),
            )
        })
    }

    fn file(&self, root: &toml_edit::Table) -> Result<File, ConfigError> {
        let mut file = File {
            path: self.path.to_path_buf(),
            default: None,
            apps: Vec::new(),
        };
        for (key, item) in root.iter() {
            match key {
                "default" => {
                    let at = self.item_at(item);
                    let name = item.as_str().ok_or_else(|| {
                        self.error(
                            at,
                            "`default` must be a string: the name of an app".into(),
                            "e.g. default = \"vonage\"".into(),
                        )
                    })?;
                    file.default = Some((name.to_string(), self.position(at).0));
                }
                "apps" => {
                    let apps = self.table(item, "apps", self.key_at(root, "apps"))?;
                    for (name, app) in apps.iter() {
                        let at = self.key_at(apps, name);
                        let place = format!("apps.{name}");
                        let t = self.table(app, &place, at)?;
                        file.apps.push(self.app(name, t, self.position(at).0)?);
                    }
                }
                other => return Err(self.unknown(root, other, "the top level", schema::TOP_KEYS)),
            }
        }
        if let Some((name, line)) = &file.default
            && !file.apps.iter().any(|a| &a.name == name)
        {
            let names: Vec<&str> = file.apps.iter().map(|a| a.name.as_str()).collect();
            let at = self.line_start(*line);
            return Err(self.error(
                at,
                format!("default = \"{name}\" names no app"),
                match crate::ncco::suggest::closest(name, names.iter().copied()) {
                    Some(c) => format!("did you mean \"{c}\"? (apps: {})", names.join(", ")),
                    None => format!(
                        "the apps are: {}",
                        if names.is_empty() {
                            "none yet: add [apps.NAME]".into()
                        } else {
                            names.join(", ")
                        }
                    ),
                },
            ));
        }
        Ok(file)
    }

    fn line_start(&self, line: usize) -> usize {
        self.text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum()
    }

    fn app(&self, name: &str, t: &dyn TableLike, line: usize) -> Result<AppFile, ConfigError> {
        let mut app = AppFile {
            name: name.to_string(),
            line,
            values: Vec::new(),
        };
        let place = format!("[apps.{name}]");
        let sections = schema::sections();
        for (key, item) in t.iter() {
            if sections.contains(&key) {
                let at = self.key_at(t, key);
                let sub_place = format!("[apps.{name}.{key}]");
                let sub = self.table(item, &format!("apps.{name}.{key}"), at)?;
                let allowed = schema::keys_in(Some(key));
                for (k, v) in sub.iter() {
                    match schema::setting(&format!("{key}.{k}")) {
                        Some(s) => app.values.push(self.value(s, sub, k, v, &sub_place)?),
                        None => return Err(self.unknown(sub, k, &sub_place, &allowed)),
                    }
                }
            } else {
                match schema::setting(key).filter(|s| s.section().is_none()) {
                    Some(s) => app.values.push(self.value(s, t, key, item, &place)?),
                    None => return Err(self.unknown(t, key, &place, &schema::keys_in(None))),
                }
            }
        }
        for (a, b) in [
            ("secret_env", "secret_file"),
            ("listen.respond", "listen.forward_to"),
        ] {
            if let (Some(_), Some(second)) = (app.get(a), app.get(b)) {
                let at = self.line_start(second.line);
                return Err(self.error(
                    at,
                    format!("`{a}` and `{b}` are both set in [apps.{name}]: whk can use only one"),
                    format!("keep one of them (the command-line flags --{} and --{} exclude each other too)", flag_name(a), flag_name(b)),
                ));
            }
        }
        Ok(app)
    }

    fn value(
        &self,
        s: &'static Setting,
        table: &dyn TableLike,
        key: &str,
        item: &Item,
        place: &str,
    ) -> Result<FileValue, ConfigError> {
        let line = self.position(self.key_at(table, key)).0;
        let value = if s.ty.is_table() {
            let at = self.key_at(table, key);
            let t = self.table(
                item,
                &format!("{}.{key}", place.trim_matches(['[', ']'])),
                at,
            )?;
            let mut map = serde_json::Map::new();
            for (name, v) in t.iter() {
                let at = self.item_at(v);
                if s.key == "audit.skip" {
                    let table = format!("[{}.{key}]", place.trim_matches(['[', ']']));
                    self.audit_case(name, self.key_at(t, name), &table)?;
                }
                let text = v.as_str().filter(|x| !x.trim().is_empty()).ok_or_else(|| {
                    self.error(
                        at,
                        format!("`{name}` in {place}.{key} must be a non-empty string"),
                        format!("{key} is {}", s.ty.expected()),
                    )
                })?;
                let text = if s.ty == Ty::Paths {
                    self.path_value(text)
                } else {
                    text.to_string()
                };
                map.insert(name.to_string(), text.into());
            }
            Value::Object(map)
        } else {
            let at = self.item_at(item);
            let raw = item.as_value().map(toml_to_json).unwrap_or(Value::Null);
            let v = check(s, raw).map_err(|(message, hint)| self.error(at, message, hint))?;
            match (s.ty, v) {
                (Ty::Path, Value::String(p)) => self.path_value(&p).into(),
                (_, v) => v,
            }
        };
        Ok(FileValue {
            setting: s,
            value,
            line,
        })
    }

    /// A name in `[audit.skip]` must be a case audit sends (and not `valid`, always sent).
    fn audit_case(&self, name: &str, at: usize, place: &str) -> Result<(), ConfigError> {
        use crate::audit::CASE_IDS;
        if name == "valid" {
            return Err(self.error(
                at,
                format!("`valid` in {place} cannot be skipped"),
                "audit always sends the correctly signed delivery first: every other case is judged against it".into(),
            ));
        }
        if CASE_IDS.contains(&name) {
            return Ok(());
        }
        let close = crate::ncco::suggest::closest(name, CASE_IDS.iter().copied());
        Err(self.error(
            at,
            format!("`{name}` in {place} is not an audit case"),
            match close {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the cases are {}", CASE_IDS[1..].join(", ")),
            },
        ))
    }

    /// A path from the file: relative ones are relative to the file's folder.
    fn path_value(&self, p: &str) -> String {
        self.dir.join(p).display().to_string()
    }
}

fn flag_name(key: &str) -> String {
    key.rsplit('.').next().unwrap_or(key).replace('_', "-")
}

/// A TOML value as JSON (dates as strings).
fn toml_to_json(v: &toml_edit::Value) -> Value {
    use toml_edit::Value as T;
    match v {
        T::String(s) => s.value().clone().into(),
        T::Integer(i) => (*i.value()).into(),
        T::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        T::Boolean(b) => (*b.value()).into(),
        T::Datetime(d) => d.value().to_string().into(),
        T::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        T::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Check one value of setting `s` (from the file, or an environment variable turned into
/// JSON), returning it normalised; the error is a message and a hint. A value that looks like
/// a secret is refused whatever the setting.
pub fn check(s: &Setting, v: Value) -> Result<Value, (String, String)> {
    let wrong = |what: &str| {
        (
            format!("`{}` must be {}, not {what}", s.key, s.ty.expected()),
            s.help.to_string(),
        )
    };
    if let Value::String(text) = &v
        && secrets::looks_like_secret(text)
    {
        return Err((secrets::refusal_value(s.key), secrets::INSTEAD.into()));
    }
    let kind = match &v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    };
    let text = v.as_str();
    let bad = |why: String| Err((format!("`{}`: {why}", s.key), s.ty.expected().to_string()));
    match s.ty {
        Ty::Port | Ty::Count => {
            let Some(n) = v.as_i64() else {
                return Err(wrong(kind));
            };
            let (lo, hi) = if s.ty == Ty::Port {
                (0, 65535)
            } else {
                (1, 4096)
            };
            if !(lo..=hi).contains(&n) {
                return bad(format!("{n} is out of range ({lo}–{hi})"));
            }
            Ok(n.into())
        }
        Ty::Bool => v.as_bool().map(Value::Bool).ok_or_else(|| wrong(kind)),
        Ty::Status => {
            let t = match &v {
                Value::Number(n) => n.to_string(),
                Value::String(t) => t.clone(),
                _ => return Err(wrong(kind)),
            };
            match t.parse::<crate::replay::StatusSpec>() {
                Ok(_) => Ok(t.into()),
                Err(e) => bad(e),
            }
        }
        _ => {
            let Some(t) = text else {
                return Err(wrong(kind));
            };
            match s.ty {
                Ty::Provider => match crate::webhook::Provider::from_id(t) {
                    Some(p) => Ok(p.id().into()),
                    None => {
                        let ids: Vec<&str> = crate::webhook::Provider::ALL
                            .iter()
                            .map(|p| p.id())
                            .collect();
                        Err((
                            format!("`{}`: unknown provider \"{t}\"", s.key),
                            match crate::ncco::suggest::closest(t, ids.iter().copied()) {
                                Some(c) => {
                                    format!("did you mean \"{c}\"? (providers: {})", ids.join(", "))
                                }
                                None => {
                                    format!("providers: {} (see `whk providers`)", ids.join(", "))
                                }
                            },
                        ))
                    }
                },
                Ty::EnvVar => {
                    if is_var_name(t) {
                        Ok(v)
                    } else {
                        Err((secrets::refusal_value(s.key), secrets::INSTEAD.into()))
                    }
                }
                Ty::Path | Ty::Str if t.is_empty() => bad("must not be empty".into()),
                Ty::UrlPath if !t.starts_with('/') => bad(format!("\"{t}\" does not start with /")),
                Ty::Url => match url::Url::parse(t) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(v),
                    Ok(u) => bad(format!("\"{t}\" is a {} URL", u.scheme())),
                    Err(e) => bad(format!("\"{t}\" is not a URL: {e}")),
                },
                Ty::Duration => match crate::input::parse_duration(t) {
                    Ok(d) if d.is_zero() => bad("must be more than 0".into()),
                    Ok(_) => Ok(v),
                    Err(e) => bad(e),
                },
                Ty::Algorithm | Ty::Encoding => {
                    let options: &[&str] = if s.ty == Ty::Algorithm {
                        &["md5hash", "md5", "sha1", "sha256", "sha512"]
                    } else {
                        &["hex", "base64"]
                    };
                    let lower = t.to_ascii_lowercase();
                    if options.contains(&lower.as_str()) {
                        Ok(lower.into())
                    } else {
                        Err((
                            format!("`{}`: \"{t}\" is not one of {}", s.key, options.join(", ")),
                            match crate::ncco::suggest::closest(t, options.iter().copied()) {
                                Some(c) => format!("did you mean \"{c}\"?"),
                                None => s.ty.expected().into(),
                            },
                        ))
                    }
                }
                _ => Ok(v),
            }
        }
    }
}

/// A plausible environment variable name.
pub fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
