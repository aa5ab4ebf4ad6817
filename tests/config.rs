//! `whk.toml`: discovery, errors with positions, literal secrets refused, precedence (flags >
//! WHK_* variables > the file > defaults) for every setting, and what each command takes
//! from it, all through the real binary.

use std::path::{Path, PathBuf};

use serde_json::Value;
use whk::config::schema::{SETTINGS, Ty};

use crate::support::replay_server::{Answer, Server};
use crate::support::whk;

/// A fresh project folder holding `whk.toml` with `text`.
fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whk.toml"), text).unwrap();
    dir
}

/// Run whk in `dir` with `env`; (exit code, stdout, stderr) with the folder's path as `[DIR]`.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = whk()
        .current_dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
    let _ = dir;
    (
        out.status.code().unwrap_or(-1),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

/// Output with every temporary project folder (`/tmp/.tmpXXXX`) written as `[DIR]`.
pub fn clean(b: &[u8]) -> String {
    let text = String::from_utf8_lossy(b).into_owned();
    let prefix = format!(
        "{}/.tmp",
        std::env::temp_dir()
            .display()
            .to_string()
            .trim_end_matches('/')
    );
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(&prefix) {
        out.push_str(&rest[..i]);
        out.push_str("[DIR]");
        let after = &rest[i + prefix.len()..];
        let end = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn json_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Value {
    let (code, out, err) = run_in(dir, args, env);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

const VONAGE: &str = r#"#:schema ./whk.schema.json
[apps.vonage]
provider = "vonage"
secret_env = "VONAGE_SIGNATURE_SECRET"

[apps.vonage.routes]
answer = "http://127.0.0.1:8000/api/hume-twilio/vonage-voice-webhook/"
event = "http://127.0.0.1:8000/api/hume-twilio/vonage-event-callback/"

[apps.vonage.listen]
port = 8001
answer = "ncco.json"

[apps.vonage.audit.skip]
stale-1h = "the gateway in front of the app checks timestamps"

[apps.vonage.call.scenarios]
happy = "calls/happy.toml"
"#;

#[test]
fn discovery_walks_up_from_subfolders_and_config_and_whk_config_override_it() {
    let dir = project(VONAGE);
    let sub = dir.path().join("src/api/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let v = json_in(&sub, &["config", "--json"], &[]);
    assert_eq!(v["app"], "vonage");
    assert_eq!(v["file"], "[DIR]/whk.toml");
    assert_eq!(v["settings"]["listen.port"]["value"], 8001);
    // Relative paths in the file are relative to the file, wherever whk runs.
    assert_eq!(v["settings"]["listen.answer"]["value"], "[DIR]/ncco.json");

    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[apps.vapi]\nprovider = \"vapi\"\n").unwrap();
    let other_s = other.display().to_string();
    let v = json_in(&sub, &["config", "--json"], &[("WHK_CONFIG", &other_s)]);
    assert_eq!(v["app"], "vapi");
    let v = json_in(
        &sub,
        &["config", "--json", "--config", "../../../whk.toml"],
        &[("WHK_CONFIG", &other_s)],
    );
    assert_eq!(v["app"], "vonage");
    let v = json_in(&sub, &["config", "--json", "--no-config"], &[]);
    assert_eq!(v["app"], Value::Null);
    assert_eq!(v["file"], Value::Null);
    assert_eq!(v["settings"]["listen.port"]["source"], "default");

    let (code, _, err) = run_in(&sub, &["config", "--config", "nope.toml"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("nope.toml (from --config) is not a file"),
        "{err}"
    );
}

#[test]
fn several_apps_one_default_and_app_picks() {
    let dir = project(
        "default = \"vapi\"\n[apps.vonage]\nprovider = \"vonage\"\n[apps.vapi]\nprovider = \"vapi-secret\"\n",
    );
    let d = dir.path();
    assert_eq!(json_in(d, &["config", "--json"], &[])["app"], "vapi");
    assert_eq!(
        json_in(d, &["config", "--json"], &[("WHK_APP", "vonage")])["app"],
        "vonage"
    );
    let v = json_in(
        d,
        &["--app", "vonage", "config", "--json"],
        &[("WHK_APP", "vapi")],
    );
    assert_eq!(v["app"], "vonage");
    assert_eq!(v["settings"]["provider"]["value"], "vonage");
    let (code, _, err) = run_in(d, &["config", "--app", "vonnage"], &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(err, @r"
    whk: error: --app vonnage: [DIR]/whk.toml has no [apps.vonnage]
      hint: did you mean vonage? (apps: vonage, vapi)
    ");
    std::fs::write(d.join("whk.toml"), "[apps.a]\n[apps.b]\n").unwrap();
    let (code, _, err) = run_in(d, &["config"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("several apps (a, b) and no default"), "{err}");
}

#[test]
fn bad_files_are_errors_with_positions() {
    let cases: &[(&str, &str)] = &[
        (
            "unknown key",
            "[apps.vonage]\nprovider = \"vonage\"\nsecret_evn = \"VONAGE_SIGNATURE_SECRET\"\n",
        ),
        ("unknown table", "[apps.vonage.lisen]\nport = 8000\n"),
        ("unknown key in a table", "[apps.v.listen]\nprot = 8000\n"),
        ("wrong type", "[apps.v.listen]\nport = \"8000\"\n"),
        ("out of range", "[apps.v.listen]\nport = 70000\n"),
        ("unknown provider", "[apps.v]\nprovider = \"vonnage\"\n"),
        (
            "bad URL",
            "[apps.v.routes]\nanswer = \"127.0.0.1:8000/answer\"\n",
        ),
        ("bad duration", "[apps.v.replay]\ndeadline = \"soon\"\n"),
        (
            "default names no app",
            "default = \"vapi\"\n[apps.vonage]\n",
        ),
        ("top-level typo", "defualt = \"v\"\n[apps.v]\n"),
        (
            "both secret sources",
            "[apps.v]\nsecret_env = \"A\"\nsecret_file = \"s.txt\"\n",
        ),
        ("not TOML", "[apps.v\nprovider = \"vonage\"\n"),
    ];
    let mut all = String::new();
    for (what, text) in cases {
        let dir = project(text);
        let (code, out, err) = run_in(dir.path(), &["config"], &[]);
        assert_eq!(code, 2, "{what}: {err}");
        assert_eq!(out, "", "{what}");
        all.push_str(&format!("## {what}\n{err}\n"));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn a_literal_secret_is_refused_and_never_repeated() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for text in [
        format!("[apps.v]\nsecret = \"{secret}\"\n"),
        format!("[apps.v]\nwebhook_secret = \"{secret}\"\n"),
        format!("[apps.v]\nsecret_env = \"{secret}\"\n"),
        "[apps.v]\nsecret_env = \"my secret value\"\n".to_string(),
        format!("[apps.v.listen]\npublic_url = \"{secret}\"\n"),
    ] {
        let dir = project(&text);
        for args in [&["config"][..], &["sign", "--provider", "generic", "-"][..]] {
            let (code, out, err) = run_in(dir.path(), args, &[]);
            assert_eq!(code, 2, "{text}: {err}");
            assert!(!out.contains(secret) && !err.contains(secret), "{err}");
            assert!(err.contains("[DIR]/whk.toml:2:"), "{err}");
            assert!(
                err.contains("secret_env = \"VAR\""),
                "says what to write instead: {err}"
            );
            assert!(err.contains("committed"), "says why: {err}");
        }
    }
    let dir = project(&format!("[apps.v]\nsecret = \"{secret}\"\n"));
    let (_, _, err) = run_in(dir.path(), &["config"], &[]);
    insta::assert_snapshot!(err, @r#"
    whk: error: [DIR]/whk.toml:2:1: `secret` would put a secret in whk.toml, which is refused: this file is meant to be committed, and a secret in it leaks to everyone who can read the repository and stays in its history
      hint: write secret_env = "VAR" (the environment variable that holds it, e.g. VONAGE_SIGNATURE_SECRET) or secret_file = "path" (a file kept out of version control) instead
    "#);
}

#[test]
fn config_human_output() {
    let dir = project(VONAGE);
    let (code, out, err) = run_in(
        dir.path(),
        &["config", "--", "listen", "--port", "9001"],
        &[
            ("WHK_REPLAY_DEADLINE", "2s"),
            ("VONAGE_SIGNATURE_SECRET", "not-printed-secret-123"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("not-printed-secret-123"));
    insta::assert_snapshot!(out);
}

#[test]
fn config_json_output() {
    let dir = project(VONAGE);
    let (code, out, err) = run_in(
        dir.path(),
        &["--app", "vonage", "config", "--json"],
        &[("WHK_LISTEN_PORT", "9100")],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

/// Two valid values of a setting's type (the file's, the environment's).
fn samples(ty: Ty) -> (Value, &'static str) {
    match ty {
        Ty::Provider => ("vapi".into(), "vonage"),
        Ty::EnvVar => ("FILE_VAR".into(), "ENV_VAR"),
        Ty::Path => ("from-file.txt".into(), "/from/env.txt"),
        Ty::Str => ("from-file".into(), "from-env"),
        Ty::UrlPath => ("/file".into(), "/env"),
        Ty::Url => ("http://file.test/".into(), "http://env.test/"),
        Ty::Port => (1000.into(), "2000"),
        Ty::Duration => ("1s".into(), "2s"),
        Ty::Status => ("200".into(), "201"),
        Ty::Count => (2.into(), "3"),
        Ty::Bool => (true.into(), "false"),
        Ty::Algorithm => ("sha1".into(), "sha512"),
        Ty::Encoding => ("base64".into(), "hex"),
        Ty::Reasons => (serde_json::json!({"stale-1h": "y"}), ""),
        Ty::Paths => (serde_json::json!({"x": "y"}), ""),
    }
}

/// Settings that exclude another in one app (`secret_env`, `listen.respond`).
const EXCLUSIVE: &[&str] = &["secret_file", "listen.forward_to"];

/// Every setting: the default with nothing set, the file's value with it set, and the
/// environment's over the file's (`WHK_` + key). Flags beat all three: see the per-command
/// tests below.
#[test]
fn precedence_env_over_file_over_default_for_every_setting() {
    let mut top = String::from("[apps.all]\n");
    let mut tables: std::collections::BTreeMap<&str, String> = Default::default();
    let mut env: Vec<(String, String)> = Vec::new();
    for s in SETTINGS {
        if EXCLUSIVE.contains(&s.key) {
            continue; // each excludes another setting in one app
        }
        let (file_value, env_value) = samples(s.ty);
        let line = match &file_value {
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| format!("{k} = {v}\n"))
                .collect::<String>(),
            v => format!("{} = {v}\n", s.key.rsplit('.').next().unwrap()),
        };
        match s.key.split_once('.') {
            Some((section, name)) if s.ty.is_table() => {
                tables.insert(
                    Box::leak(format!("{section}.{name}").into_boxed_str()),
                    line,
                );
            }
            Some((section, _)) => tables.entry(section).or_default().push_str(&line),
            None => top.push_str(&line),
        }
        if let Some(var) = s.env_var() {
            env.push((var, env_value.into()));
        }
    }
    for (t, body) in &tables {
        top.push_str(&format!("[apps.all.{t}]\n{body}"));
    }
    let dir = project(&top);
    let none = json_in(dir.path(), &["config", "--json", "--no-config"], &[]);
    let file = json_in(dir.path(), &["config", "--json"], &[]);
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let over = json_in(dir.path(), &["config", "--json"], &env_refs);
    for s in SETTINGS {
        let k = s.key;
        assert_eq!(none["settings"][k]["source"], "default", "{k}");
        assert_eq!(none["settings"][k]["value"], s.default.value(), "{k}");
        if EXCLUSIVE.contains(&k) {
            continue;
        }
        assert!(
            file["settings"][k]["source"]
                .as_str()
                .unwrap()
                .starts_with("file:"),
            "{k}: {}",
            file["settings"][k]
        );
        let (file_value, env_value) = samples(s.ty);
        if !matches!(s.ty, Ty::Path | Ty::Paths) {
            assert_eq!(file["settings"][k]["value"], file_value, "{k}");
        }
        if let Some(var) = s.env_var() {
            assert_eq!(over["settings"][k]["source"], "env", "{k} from {var}");
            let shown = over["settings"][k]["value"].clone();
            let text = match &shown {
                Value::String(t) => t.clone(),
                v => v.to_string(),
            };
            assert_eq!(text, env_value, "{k}");
        } else {
            assert_eq!(
                over["settings"][k]["source"], file["settings"][k]["source"],
                "{k}"
            );
        }
    }
    // A bad value in a variable is an error naming the variable.
    let (code, _, err) = run_in(dir.path(), &["config"], &[("WHK_LISTEN_PORT", "http")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("environment variable WHK_LISTEN_PORT: `listen.port` must be"),
        "{err}"
    );
}

const SECRET: &str = "s3cret-for-config-tests";

/// A generic `X-Webhook-Signature` setup, as seed 001 has.
const GENERIC: &str = r#"[apps.backend]
provider = "generic"
secret_env = "BACKEND_WEBHOOK_SECRET"
signature_header = "X-Webhook-Signature"
"#;

#[test]
fn sign_and_verify_take_provider_secret_and_scheme_from_the_file_and_flags_win() {
    let dir = project(GENERIC);
    let body = dir.path().join("body.json");
    std::fs::write(&body, br#"{"event":"call.completed"}"#).unwrap();
    let env = [("BACKEND_WEBHOOK_SECRET", SECRET)];
    let (code, out, err) = run_in(dir.path(), &["sign", "body.json"], &env);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("X-Webhook-Signature: sha256="), "{out}");
    let header = out.trim().to_string();
    let (code, out, err) = run_in(dir.path(), &["verify", "-H", &header, "body.json"], &env);
    assert_eq!(code, 0, "{out}{err}");
    // The flag beats the environment, which beats the file.
    let (_, out, _) = run_in(
        dir.path(),
        &["sign", "--signature-header", "X-Flag", "body.json"],
        &[("WHK_SIGNATURE_HEADER", "X-Env"), env[0]],
    );
    assert!(out.starts_with("X-Flag: "), "{out}");
    let (_, out, _) = run_in(
        dir.path(),
        &["sign", "body.json"],
        &[("WHK_SIGNATURE_HEADER", "X-Env"), env[0]],
    );
    assert!(out.starts_with("X-Env: "), "{out}");
    // Without the file the provider is missing: the flag is needed again.
    let (code, _, err) = run_in(dir.path(), &["--no-config", "sign", "body.json"], &env);
    assert_eq!(code, 2);
    assert!(err.contains("whk sign needs a provider"), "{err}");
    // A secret flag beats the file's secret_env.
    let (code, _, err) = run_in(
        dir.path(),
        &["verify", "--secret", "other", "-H", &header, "body.json"],
        &env,
    );
    assert_eq!(code, 1, "{err}");
}

#[test]
fn replay_sends_each_kind_to_the_files_routes_with_its_defaults() {
    let answer = Server::start();
    let event = Server::with(|_, _| Answer::status(201));
    let text = format!(
        "[apps.vonage]\nprovider = \"vonage\"\nsecret_env = \"VONAGE_SIGNATURE_SECRET\"\n\n[apps.vonage.routes]\nanswer = \"{}api/hume-twilio/vonage-voice-webhook/\"\nevent = \"{}api/hume-twilio/vonage-event-callback/\"\n\n[apps.vonage.replay]\nexpect_status = \"200-201\"\ndeadline = \"3s\"\n",
        answer.url(),
        event.url()
    );
    let dir = project(&text);
    let env = [("VONAGE_SIGNATURE_SECRET", SECRET)];
    let (code, out, err) = run_in(
        dir.path(),
        &["replay", "vonage/answer", "vonage/completed", "--json"],
        &env,
    );
    assert_eq!(code, 0, "{out}{err}");
    let paths = |s: &Server| {
        s.received()
            .iter()
            .map(|r| r.path_and_query.split('?').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&answer), ["/api/hume-twilio/vonage-voice-webhook/"]);
    assert_eq!(paths(&event), ["/api/hume-twilio/vonage-event-callback/"]);
    // --route beats the file's route for its kind; other kinds keep the file's.
    let flagged = Server::start();
    let route = format!("event={}flag/event", flagged.url());
    let (code, out, err) = run_in(
        dir.path(),
        &["replay", "vonage/completed", "--route", &route],
        &env,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(paths(&flagged), ["/flag/event"]);
    assert_eq!(paths(&event).len(), 1);
    // The file's expect_status applies (201 passes), and the flag beats it.
    let (code, _, _) = run_in(
        dir.path(),
        &["replay", "vonage/completed", "--expect-status", "200"],
        &env,
    );
    assert_eq!(code, 1);
}

#[test]
fn listen_takes_its_port_from_the_file_the_environment_or_the_flag() {
    let port_of = |dir: &Path, args: &[&str], env: &[(&str, &str)]| -> String {
        let mut all = vec!["listen", "--json", "--timeout", "1ms"];
        all.extend_from_slice(args);
        let (_, out, err) = run_in(dir, &all, env);
        let first: Value =
            serde_json::from_str(out.lines().next().unwrap_or_else(|| panic!("{err}"))).unwrap();
        first["listening"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .to_string()
    };
    let (a, b, c) = (free_port(), free_port(), free_port());
    let dir = project(&format!("[apps.v.listen]\nport = {a}\n"));
    assert_eq!(port_of(dir.path(), &[], &[]), a.to_string());
    let b_s = b.to_string();
    assert_eq!(port_of(dir.path(), &[], &[("WHK_LISTEN_PORT", &b_s)]), b_s);
    let c_s = c.to_string();
    assert_eq!(
        port_of(dir.path(), &["--port", &c_s], &[("WHK_LISTEN_PORT", &b_s)]),
        c_s
    );
}

fn free_port() -> u16 {
    crate::support::dead_port()
}

#[test]
fn audit_skips_the_files_cases_with_their_reason() {
    let app = Server::start();
    let text = "[apps.v]\nprovider = \"generic\"\nsecret_env = \"S\"\n\n[apps.v.audit.skip]\nstale-1h = \"checked upstream\"\nduplicate = \"idempotent by design\"\n";
    let dir = project(text);
    let url = format!("{}hook", app.url());
    let (_, out, err) = run_in(dir.path(), &["audit", &url, "--json"], &[("S", SECRET)]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let ids: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.contains(&"stale-1h") && !ids.contains(&"duplicate"),
        "{ids:?}"
    );
    assert!(ids.contains(&"valid"), "{ids:?}");
    assert_eq!(
        v["skipped"],
        serde_json::json!([{"id": "stale-1h", "reason": "checked upstream"}, {"id": "duplicate", "reason": "idempotent by design"}])
    );
}

#[test]
fn the_committed_schema_is_current() {
    let path = PathBuf::from("docs/whk.schema.json");
    let now = serde_json::to_string_pretty(&whk::config::schema::json_schema()).unwrap() + "\n";
    if std::env::var_os("WHK_BLESS").is_some() {
        std::fs::create_dir_all("docs").unwrap();
        std::fs::write(&path, &now).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "docs/whk.schema.json is stale; regenerate with `WHK_BLESS=1 cargo test --test main config::`"
    );
    let out = whk().args(["config", "--schema"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out, now);
}

/// Flags beat the environment for every setting that has one: `whk config -- COMMAND FLAGS`
/// shows what that command line would run with.
#[test]
fn precedence_flag_over_env_for_every_setting_with_a_flag() {
    let dir = project("[apps.v]\nprovider = \"generic\"\n");
    let env: Vec<(String, String)> = SETTINGS
        .iter()
        .filter_map(|s| Some((s.env_var()?, samples(s.ty).1.to_string())))
        .collect();
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let mut seen = std::collections::BTreeSet::new();
    for (command, positional) in [
        ("sign", None),
        ("verify", None),
        ("listen", None),
        ("replay", Some("vapi/call.ended")),
        ("audit", Some("http://127.0.0.1:9/")),
    ] {
        let mut args: Vec<String> = vec![
            "config".into(),
            "--json".into(),
            "--".into(),
            command.into(),
        ];
        args.extend(positional.map(String::from));
        let mut expected = Vec::new();
        for s in SETTINGS.iter().filter(|s| s.commands.contains(&command)) {
            let Some(flag) = s.flag else { continue };
            if EXCLUSIVE.contains(&s.key) {
                continue;
            }
            let (value, _) = samples(s.ty);
            let text = match &value {
                Value::String(t) => t.clone(),
                v => v.to_string(),
            };
            match flag.split_once(' ') {
                Some((route, _)) => {
                    args.extend([route.to_string(), format!("{}={text}", s.name())])
                }
                None if s.ty == Ty::Bool => args.push(flag.into()),
                None => args.extend([flag.to_string(), text.clone()]),
            }
            expected.push((s.key, value));
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let v = json_in(dir.path(), &refs, &env_refs);
        for (key, value) in expected {
            assert_eq!(v["settings"][key]["source"], "flag", "{command} {key}");
            let shown = &v["settings"][key]["value"];
            match s_text(shown).parse::<i64>() {
                Ok(n) if value.is_i64() => assert_eq!(Value::from(n), value, "{command} {key}"),
                _ => assert_eq!(s_text(shown), s_text(&value), "{command} {key}"),
            }
            seen.insert(key);
        }
    }
    let with_flag: std::collections::BTreeSet<&str> = SETTINGS
        .iter()
        .filter(|s| s.flag.is_some() && !EXCLUSIVE.contains(&s.key))
        .map(|s| s.key)
        .collect();
    assert_eq!(seen, with_flag);
}

fn s_text(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        v => v.to_string(),
    }
}

/// listen takes its provider, secret, path, answer NCCO and record folder from the file, run
/// from a subfolder: a signed Vonage answer request gets the file's NCCO, and is recorded.
#[test]
fn listen_serves_the_files_answer_ncco_under_its_path_and_records() {
    use std::io::BufRead;
    let dir = project(
        "[apps.v]\nprovider = \"vonage\"\nsecret_env = \"S\"\n\n[apps.v.listen]\nport = 0\npath = \"/api\"\nanswer = \"ncco.json\"\nrecord = \"rec\"\n",
    );
    std::fs::write(
        dir.path().join("ncco.json"),
        r#"[{"action":"talk","text":"Hello from whk.toml"}]"#,
    )
    .unwrap();
    let sub = dir.path().join("app");
    std::fs::create_dir_all(&sub).unwrap();
    let mut listen = crate::support::whk_std()
        .current_dir(&sub)
        .env("S", SECRET)
        .args(["listen", "--json", "--count", "1", "--timeout", "30s"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(listen.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let base = first["listening"].as_str().unwrap().to_string();
    let to = format!("{base}/api/answer");
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "--no-config",
            "replay",
            "vonage/answer",
            "-p",
            "vonage",
            "--secret-env",
            "S",
            "--to",
            &to,
            "--json",
        ],
        &[("S", SECRET)],
    );
    assert_eq!(code, 0, "{out}{err}");
    let answer: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        answer["response_body"],
        r#"[{"action":"talk","text":"Hello from whk.toml"}]"#
    );
    let delivery: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(delivery["signature"]["status"], "valid", "{delivery}");
    assert!(listen.wait().unwrap().success());
    let recorded = std::fs::read_dir(dir.path().join("rec")).unwrap().count();
    assert_eq!(recorded, 1);
}

/// `whk call` takes the app's secret, its answer/event routes and its named scenarios from
/// whk.toml; a scenario file's own URLs and the flags beat the file's routes.
#[test]
fn call_takes_routes_secret_and_named_scenarios_from_the_file() {
    use crate::support::vonage_app;
    let app = vonage_app::ivr();
    let dir = project(&format!(
        r#"
[apps.voice]
provider = "vonage"
secret_env = "MY_VONAGE_SECRET"

[apps.voice.routes]
answer = "{answer}"
event = "{event}"

[apps.voice.call.scenarios]
sales = "scenarios/sales.json"
"#,
        answer = app.url("/answer"),
        event = app.url("/event"),
    ));
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::write(
        dir.path().join("scenarios/sales.json"),
        r#"{"caller": [{"dtmf": "1"}], "expect": [{"said": "Welcome"}]}"#,
    )
    .unwrap();
    let sub = dir.path().join("scenarios");
    let env = [
        ("MY_VONAGE_SECRET", vonage_app::SECRET),
        ("WHK_NOW", "2026-01-01T00:00:00Z"),
    ];
    let (code, out, err) = run_in(&sub, &["call", "sales", "--seed", "1"], &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(app.refused().is_empty(), "{:?}", app.refused());
    assert_eq!(app.hits_on("/answer").len(), 1);
    assert!(!app.hits_on("/event").is_empty());

    // A scenario file's own answer URL wins over the file's route.
    let other = vonage_app::voicemail();
    std::fs::write(
        dir.path().join("own.json"),
        format!(r#"{{"answer_url": "{}"}}"#, other.url("/answer")),
    )
    .unwrap();
    let (code, out, err) = run_in(dir.path(), &["call", "own.json", "--seed", "1"], &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(other.hits_on("/answer").len(), 1);
    assert_eq!(app.hits_on("/answer").len(), 1, "the route was not used");

    // An unknown name is still a missing file, exit 2.
    let (code, _, err) = run_in(dir.path(), &["call", "nope"], &env);
    assert_eq!(code, 2, "{err}");
}

/// The app's provider signs only fixtures that name none: a shipped Vapi fixture stays Vapi
/// under a Vonage project, a plain body is signed as the app's provider, and routes of kinds
/// the run does not send are not warned about (they are the project's, not this command's).
#[test]
fn replay_keeps_each_fixtures_own_provider_and_is_quiet_about_unused_file_routes() {
    let dir = project(
        r#"
[apps.voice]
provider = "vonage"
secret_env = "MY_VONAGE_SECRET"

[apps.voice.routes]
answer = "http://127.0.0.1:9/answer"
"#,
    );
    std::fs::write(dir.path().join("plain.json"), r#"{"a": 1}"#).unwrap();
    let env = [
        ("MY_VONAGE_SECRET", "s3cret"),
        ("WHK_NOW", "2026-01-01T00:00:00Z"),
    ];
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "replay",
            "vapi/tool-calls",
            "plain.json",
            "--dry-run",
            "--json",
        ],
        &env,
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(err, "", "no warning about the file's unused answer route");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["provider"], "vapi");
    assert_eq!(lines[1]["provider"], "vonage");
    assert!(
        lines[1]["headers"]["Authorization"]
            .as_str()
            .unwrap()
            .starts_with("Bearer ")
    );

    // A --route the user typed for a kind this run does not send is still worth saying.
    let (_, _, err) = run_in(
        dir.path(),
        &[
            "replay",
            "plain.json",
            "--dry-run",
            "--route",
            "voice=http://127.0.0.1:9/v",
        ],
        &env,
    );
    assert!(err.contains("--route voice="), "{err}");
}

/// A Twilio app's `voice`/`status` routes and provider from whk.toml make `whk call` with no
/// scenario file play a Twilio call against them.
#[test]
fn call_plays_the_apps_provider_against_its_voice_and_status_routes() {
    use crate::support::twilio_app;
    let app = twilio_app::ivr();
    let dir = project(&format!(
        r#"
[apps.phones]
provider = "twilio"
secret_env = "MY_TWILIO_TOKEN"

[apps.phones.routes]
voice = "{voice}"
status = "{status}"
"#,
        voice = app.url("/voice"),
        status = app.url("/status"),
    ));
    let env = [
        ("MY_TWILIO_TOKEN", twilio_app::AUTH_TOKEN),
        ("WHK_NOW", "2026-01-01T00:00:00Z"),
    ];
    let (code, out, err) = run_in(dir.path(), &["call", "--press", "1", "--seed", "1"], &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("twilio"), "{out}");
    assert_eq!(app.hits_on("/voice").len(), 1);
    assert!(!app.hits_on("/status").is_empty());
}

/// `[audit.skip]` names are checked: a misspelt case is an error at its line with a
/// did-you-mean, and `valid` (always sent) cannot be skipped; never silently unmatched.
#[test]
fn audit_skip_names_must_be_audit_cases() {
    let dir = project(
        "[apps.x]\nprovider = \"vonage\"\n\n[apps.x.audit.skip]\nstale-1hr = \"no clock here\"\n",
    );
    let (code, _, err) = run_in(dir.path(), &["config"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("whk.toml:5:1: `stale-1hr` in [apps.x.audit.skip] is not an audit case"),
        "{err}"
    );
    assert!(err.contains("did you mean `stale-1h`?"), "{err}");
    let dir = project("[apps.x]\nprovider = \"vonage\"\n\n[apps.x.audit.skip]\nvalid = \"no\"\n");
    let (code, _, err) = run_in(dir.path(), &["config"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`valid` in [apps.x.audit.skip] cannot be skipped"),
        "{err}"
    );
}
