//! Bad input everywhere: every command given broken, missing, unreadable or hostile input
//! answers with one clear `whk: error:` line on stderr (plus `hint:` lines where useful) and
//! the documented exit code — 2 for usage and I/O problems, 1 for findings — and never panics.
//! Snapshot-free: the assertions are on exit codes and key phrases.
//!
//! The permission test needs a non-root user: root reads a mode-000 file anyway, so there it
//! checks that much and says it skipped the rest.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::dead_port;

/// Every run is bounded: a command that does not stop by itself fails the test.
const RUN_BOUND: Duration = Duration::from_secs(30);

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `whk` with an empty environment but NO_COLOR and `env`, run in `dir`.
fn whk_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Out {
    let mut c = crate::support::whk();
    c.current_dir(dir).timeout(RUN_BOUND).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    let out = Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(
        out.code.is_some(),
        "whk {args:?} did not stop within {RUN_BOUND:?}\nstderr: {}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("panicked") && !out.stdout.contains("panicked"),
        "whk {args:?} panicked:\n{}",
        out.stderr
    );
    out
}

/// Exit `code`, exactly one `whk: error:` line on stderr, first of the error lines, and each
/// phrase somewhere in it (or in its hints).
fn expect_error(out: &Out, code: i32, phrases: &[&str], what: &str) {
    assert_eq!(
        out.code,
        Some(code),
        "{what}: exit code\nstdout: {}\nstderr: {}",
        out.stdout,
        out.stderr
    );
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("whk: error:"))
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "{what}: want one `whk: error:` line, got:\n{}",
        out.stderr
    );
    for p in phrases {
        assert!(
            out.stderr.contains(p),
            "{what}: expected {p:?} in stderr:\n{}",
            out.stderr
        );
    }
    // Anything else on stderr is a hint or a warning, never a backtrace or a debug dump.
    for l in out.stderr.lines() {
        let t = l.trim_start();
        assert!(
            t.starts_with("whk: error:")
                || t.starts_with("hint:")
                || t.starts_with("whk: warning:")
                || l.starts_with("  "),
            "{what}: unexpected stderr line {l:?} in\n{}",
            out.stderr
        );
    }
}

fn hint_of(out: &Out) -> Option<&str> {
    out.stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("hint:"))
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().unwrap();
        let f = Files { dir };
        f.write("body.json", br#"{"event":"call.completed","id":"evt_1"}"#);
        f.write("trunc.json", br#"{"event": "x", "a": [1,2"#);
        f.write("invalid.json", b"{\"event\": \"x\",\n  \"a\": tru }");
        f.write("nonutf8.json", b"{\"event\":\"\xff\xfe\"}");
        std::fs::create_dir(f.path("adir")).unwrap();
        f
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn run(&self, env: &[(&str, &str)], args: &[&str]) -> Out {
        whk_in(self.dir.path(), env, args)
    }
}

const SECRET: (&str, &str) = ("WHK_SECRET", "bad-input-secret");

#[test]
fn fixtures_with_json_errors_name_file_line_and_column() {
    let f = Files::new();
    let to = format!("http://127.0.0.1:{}/", dead_port());
    for (file, pos) in [
        ("trunc.json", "trunc.json:1:24"),
        ("invalid.json", "invalid.json:2:11"),
    ] {
        for args in [
            vec!["replay", file, "--provider", "generic", "--to", &to],
            vec!["audit", &to, file],
            vec!["fixtures", "show", file],
        ] {
            let out = f.run(&[SECRET], &args);
            expect_error(&out, 2, &["bad fixture", pos], &format!("{args:?}"));
        }
    }
    // Valid JSON of the wrong shape is named by position too.
    f.write(
        "env/method.json",
        br#"{"provider":"generic","method":7,"body":{}}"#,
    );
    let out = f.run(&[SECRET], &["replay", "env/method.json", "--to", &to]);
    expect_error(
        &out,
        2,
        &["env/method.json:1:32", "expected a string"],
        "envelope",
    );
    let out = f.run(
        &[SECRET],
        &[
            "replay",
            "trunc.json",
            "--provider",
            "generic",
            "--json",
            "--to",
            &to,
        ],
    );
    expect_error(
        &out,
        2,
        &["trunc.json:1:24"],
        "--json does not change errors",
    );
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", out.stdout);
}

#[test]
fn non_utf8_fixtures_are_refused_by_name() {
    let f = Files::new();
    let to = format!("http://127.0.0.1:{}/", dead_port());
    for args in [
        vec![
            "replay",
            "nonutf8.json",
            "--provider",
            "generic",
            "--to",
            &to,
        ],
        vec!["audit", &to, "nonutf8.json"],
        vec!["fixtures", "show", "nonutf8.json"],
    ] {
        let out = f.run(&[SECRET], &args);
        expect_error(
            &out,
            2,
            &["nonutf8.json", "not UTF-8"],
            &format!("{args:?}"),
        );
    }
}

#[test]
fn a_directory_given_as_a_file_is_named() {
    let f = Files::new();
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &[
                "verify",
                "-p",
                "github",
                "--secret",
                "s",
                "-H",
                "X-Hub-Signature-256: sha256=00",
                "adir",
            ],
            &["adir", "directory"],
        ),
        (
            &["sign", "-p", "github", "--secret", "s", "adir"],
            &["adir", "directory"],
        ),
        (
            &[
                "verify",
                "-p",
                "github",
                "--secret",
                "s",
                "--headers-file",
                "adir",
                "body.json",
            ],
            &["adir", "directory"],
        ),
        (
            &["sign", "-p", "github", "--secret-file", "adir", "body.json"],
            &["adir", "directory"],
        ),
        // replay takes folders: an empty one has nothing to send.
        (
            &["replay", "adir", "--provider", "generic"],
            &["no fixture files", "adir"],
        ),
    ];
    for (args, phrases) in cases {
        let out = f.run(&[SECRET], args);
        expect_error(&out, 2, phrases, &format!("{args:?}"));
    }
}

#[test]
fn a_path_that_does_not_exist_is_named() {
    let f = Files::new();
    let to = format!("http://127.0.0.1:{}/", dead_port());
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec![
                "verify",
                "-p",
                "github",
                "--secret",
                "s",
                "-H",
                "X-Hub-Signature-256: sha256=00",
                "nope.json",
            ],
            vec!["nope.json", "No such file"],
        ),
        (
            vec!["sign", "-p", "github", "--secret", "s", "nope.json"],
            vec!["nope.json", "No such file"],
        ),
        (
            vec![
                "verify",
                "-p",
                "github",
                "--secret",
                "s",
                "--headers-file",
                "nope.txt",
                "body.json",
            ],
            vec!["nope.txt", "No such file"],
        ),
        (
            vec![
                "sign",
                "-p",
                "github",
                "--secret-file",
                "nope.key",
                "body.json",
            ],
            vec!["nope.key", "No such file"],
        ),
        (
            vec!["replay", "nope.json", "--to", &to],
            vec!["nope.json", "not a file or folder"],
        ),
        (vec!["audit", &to, "nope.json"], vec!["nope.json"]),
        (
            vec!["fixtures", "show", "nope/nothing"],
            vec!["nope/nothing"],
        ),
    ];
    for (args, phrases) in cases {
        let out = f.run(&[SECRET], &args);
        expect_error(&out, 2, &phrases, &format!("{args:?}"));
    }
    let out = f.run(
        &[SECRET],
        &["sign", "-p", "github", "--secret", "s", "nope.json"],
    );
    assert!(
        hint_of(&out).is_some_and(|h| h.contains("path")),
        "a missing body file gets a hint about the path: {}",
        out.stderr
    );
}

#[test]
#[allow(clippy::print_stderr)] // says why it skipped
fn a_file_without_read_permission_is_named_unless_running_as_root() {
    use std::os::unix::fs::PermissionsExt as _;
    let f = Files::new();
    let locked = f.write("locked.json", br#"{"event":"x"}"#);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Root (or CAP_DAC_OVERRIDE) reads it anyway: permission errors cannot happen here.
        eprintln!("skipped: running as root, a mode-000 file is still readable");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
        return;
    }
    let to = format!("http://127.0.0.1:{}/", dead_port());
    for args in [
        vec![
            "verify",
            "-p",
            "github",
            "--secret",
            "s",
            "-H",
            "X-Hub-Signature-256: sha256=00",
            "locked.json",
        ],
        vec!["sign", "-p", "github", "--secret", "s", "locked.json"],
        vec![
            "verify",
            "-p",
            "github",
            "--secret",
            "s",
            "--headers-file",
            "locked.json",
            "body.json",
        ],
        vec![
            "sign",
            "-p",
            "github",
            "--secret-file",
            "locked.json",
            "body.json",
        ],
        vec![
            "replay",
            "locked.json",
            "--provider",
            "generic",
            "--to",
            &to,
        ],
        vec!["ncco", "lint", "locked.json"],
    ] {
        let out = f.run(&[SECRET], &args);
        expect_error(
            &out,
            2,
            &["locked.json", "ermission denied"],
            &format!("{args:?}"),
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn a_missing_secret_variable_is_named() {
    let f = Files::new();
    let to = format!("http://127.0.0.1:{}/", dead_port());
    for args in [
        vec!["sign", "-p", "github", "--secret-env", "NOPE", "body.json"],
        vec![
            "verify",
            "-p",
            "github",
            "--secret-env",
            "NOPE",
            "-H",
            "X-Hub-Signature-256: sha256=00",
            "body.json",
        ],
        vec![
            "replay",
            "generic/call.completed",
            "--secret-env",
            "NOPE",
            "--to",
            &to,
        ],
        vec![
            "audit",
            &to,
            "--provider",
            "generic",
            "--secret-env",
            "NOPE",
        ],
        vec!["listen", "--port", "0", "--secret-env", "NOPE"],
    ] {
        // WHK_SECRET is set: --secret-env must not fall back to it silently.
        let out = f.run(&[SECRET], &args);
        expect_error(&out, 2, &["NOPE", "not set"], &format!("{args:?}"));
    }
}

#[test]
fn a_fixture_whose_provider_has_no_secret_names_the_variables() {
    let f = Files::new();
    let to = format!("http://127.0.0.1:{}/", dead_port());
    let out = f.run(&[], &["replay", "vapi/status-update", "--to", &to]);
    expect_error(
        &out,
        2,
        &[
            "vapi/status-update",
            "VAPI_WEBHOOK_SECRET",
            "WHK_SECRET",
            "--unsigned",
        ],
        "replay without any secret",
    );
    // One provider has its secret, the other does not: the error names the other.
    let out = f.run(
        &[("VAPI_WEBHOOK_SECRET", "v")],
        &["replay", "vapi/status-update", "twilio/voice", "--to", &to],
    );
    expect_error(
        &out,
        2,
        &["twilio", "TWILIO_AUTH_TOKEN"],
        "replay, twilio lacks a secret",
    );
    let out = f.run(&[], &["audit", &to, "vapi/status-update"]);
    expect_error(
        &out,
        2,
        &["VAPI_WEBHOOK_SECRET", "WHK_SECRET"],
        "audit without a secret",
    );
    // An empty secret file is not a secret.
    f.write("empty.key", b"");
    let out = f.run(
        &[],
        &[
            "sign",
            "-p",
            "github",
            "--secret-file",
            "empty.key",
            "body.json",
        ],
    );
    expect_error(&out, 2, &["empty.key", "empty"], "empty secret file");
}

#[test]
fn listen_on_a_port_already_in_use_names_the_port() {
    let f = Files::new();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    // One line, what to do included: it is all that is printed.
    for args in [
        vec!["listen", "--port", &port],
        vec!["listen", "--port", &port, "--json"],
    ] {
        let out = f.run(&[SECRET], &args);
        expect_error(
            &out,
            2,
            &[&port, "in use", "--port 0"],
            &format!("{args:?}"),
        );
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
    }
    drop(taken);
}

#[test]
fn ncco_lint_on_missing_non_json_and_binary_input() {
    let f = Files::new();
    // A missing file: an I/O error, exit 2, even though nothing else was wrong.
    let out = f.run(&[], &["ncco", "lint", "nope.json"]);
    expect_error(
        &out,
        2,
        &["cannot read nope.json"],
        "ncco lint missing file",
    );

    // A folder of *.json files that are not JSON: findings (exit 1) with positions.
    f.write("notjson/a.json", b"not json at all\n");
    f.write("notjson/b.json", b"<?xml version=\"1.0\"?><Response/>\n");
    let out = f.run(&[], &["ncco", "lint", "notjson"]);
    assert_eq!(out.code, Some(1), "{}\n{}", out.stdout, out.stderr);
    for p in ["NCCO001", "notjson/a.json:1:1", "notjson/b.json:1:1"] {
        assert!(out.stdout.contains(p), "expected {p:?} in {}", out.stdout);
    }

    // Binary data: a finding, not a crash, and the JSON report is valid JSON.
    let mut bin: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    bin[0] = 0xff;
    f.write("binary.json", &bin);
    let out = f.run(&[], &["ncco", "lint", "binary.json"]);
    assert_eq!(out.code, Some(1), "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("NCCO001") && out.stdout.contains("UTF-8"),
        "{}",
        out.stdout
    );
    let out = f.run(&[], &["ncco", "lint", "--format", "json", "binary.json"]);
    assert_eq!(out.code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("--format json is not JSON ({e}): {}", out.stdout));
    assert_eq!(v["diagnostics"][0]["code"], "NCCO001", "{v}");

    // A folder with no *.json at all: said plainly, no panic (exit code: see the report).
    f.write("textonly/readme.txt", b"hello\n");
    let out = f.run(&[], &["ncco", "lint", "textonly"]);
    assert!(out.stderr.contains("no .json files"), "{}", out.stderr);
}

#[test]
fn verify_with_a_garbled_headers_file() {
    let f = Files::new();
    let sig = "X-Hub-Signature-256: sha256=00";
    let cases: [(&str, &[u8], &[&str]); 6] = [
        (
            "binary.txt",
            b"garbled\x00\xff: :::\n{{{",
            &["binary.txt", "not UTF-8"],
        ),
        (
            "trunc-h.json",
            br#"{"X-Hub-Signature-256": "#,
            &["trunc-h.json", "line 1 column 24"],
        ),
        // serde_json says "line 2 column 0"; the end of line 1 is where it stopped.
        (
            "eof-h.json",
            b"{\"X-Hub-Signature-256\": \"sha256=00\",\n",
            &["eof-h.json", "line 1 column 37"],
        ),
        (
            "array.json",
            br#"{"headers": [1, 2]}"#,
            &["array.json", "object"],
        ),
        (
            "nocolon.txt",
            b"X-Hub-Signature-256 sha256=abc\n",
            &["nocolon.txt", "Name: value"],
        ),
        ("huge.txt", b"", &["huge.txt", "65536"]),
    ];
    let huge = format!("{sig}{}\n", "a".repeat(100_000));
    for (name, bytes, phrases) in cases {
        let bytes = if name == "huge.txt" {
            huge.as_bytes()
        } else {
            bytes
        };
        f.write(name, bytes);
        let out = f.run(
            &[],
            &[
                "verify",
                "-p",
                "github",
                "--secret",
                "s",
                "--headers-file",
                name,
                "body.json",
            ],
        );
        expect_error(&out, 2, phrases, name);
    }
    // The same huge header on the command line.
    let big = format!("{sig}{}", "a".repeat(100_000));
    let out = f.run(
        &[],
        &[
            "verify",
            "-p",
            "github",
            "--secret",
            "s",
            "-H",
            &big,
            "body.json",
        ],
    );
    expect_error(&out, 2, &["65536"], "100 KB -H");
    // An empty headers file is not an error but a finding: the signature header is missing.
    f.write("empty.txt", b"");
    let out = f.run(
        &[],
        &[
            "verify",
            "-p",
            "github",
            "--secret",
            "s",
            "--headers-file",
            "empty.txt",
            "body.json",
        ],
    );
    assert_eq!(out.code, Some(1), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("missing_header"), "{}", out.stdout);
    // --json keeps stdout machine-readable for findings.
    let out = f.run(
        &[],
        &[
            "verify",
            "-p",
            "github",
            "--secret",
            "s",
            "--headers-file",
            "empty.txt",
            "--json",
            "body.json",
        ],
    );
    assert_eq!(out.code, Some(1));
    let v: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(
        (v["valid"].as_bool(), v["reason"].as_str()),
        (Some(false), Some("missing_header"))
    );
}

#[test]
fn verify_with_a_broken_recording_or_curl_transcript() {
    let f = Files::new();
    // Has a `recorded` block, so it is a recording, but names no known provider.
    f.write(
        "rec.json",
        br#"{"provider": "nope", "body": {"a": 1}, "recorded": {"url": "http://x/"}}"#,
    );
    for args in [
        &["verify", "--secret", "s", "rec.json"][..],
        &[
            "verify",
            "--secret",
            "s",
            "--headers-file",
            "rec.json",
            "body.json",
        ],
    ] {
        let out = f.run(&[], args);
        expect_error(
            &out,
            2,
            &[
                "rec.json looks like a `whk listen --record` recording",
                "unknown provider",
            ],
            "broken recording",
        );
    }
    // A `curl -v` transcript whose request head has a line that is not a header.
    f.write(
        "curl.txt",
        b"* Trying 127.0.0.1...\n> POST / HTTP/1.1\n> Host: x\n> not a header\n>\n< HTTP/1.1 200 OK\n",
    );
    let out = f.run(
        &[],
        &[
            "verify",
            "--secret",
            "s",
            "--headers-file",
            "curl.txt",
            "body.json",
        ],
    );
    expect_error(&out, 2, &["curl.txt", "Name: value"], "garbled curl -v");
}

#[test]
fn audit_where_nothing_listens() {
    let f = Files::new();
    let url = format!("http://127.0.0.1:{}/hook", dead_port());
    let out = f.run(&[SECRET], &["audit", &url, "--provider", "generic"]);
    expect_error(&out, 2, &["cannot reach", &url], "audit, nothing listening");
    assert!(
        hint_of(&out).is_some(),
        "a hint says what to do: {}",
        out.stderr
    );
    let out = f.run(
        &[SECRET],
        &["audit", &url, "--provider", "generic", "--json"],
    );
    expect_error(
        &out,
        2,
        &["cannot reach"],
        "audit --json, nothing listening",
    );
}

#[test]
fn replay_where_nothing_listens() {
    let f = Files::new();
    let url = format!("http://127.0.0.1:{}/", dead_port());
    for extra in [
        &[][..],
        &["--json"][..],
        &["--repeat", "50", "--concurrency", "8"][..],
    ] {
        let mut args = vec!["replay", "generic/call.completed", "--to", &url];
        args.extend_from_slice(extra);
        let out = f.run(&[SECRET], &args);
        expect_error(&out, 2, &[&url, "connection refused"], &format!("{args:?}"));
        assert!(
            hint_of(&out).is_some_and(|h| h.contains("whk listen")),
            "the hint suggests whk listen: {}",
            out.stderr
        );
    }
    // Usage errors from the target itself.
    let out = f.run(
        &[SECRET],
        &[
            "replay",
            "generic/call.completed",
            "--to",
            "https://127.0.0.1:1/",
        ],
    );
    expect_error(&out, 2, &["https"], "https target");
    let out = f.run(&[SECRET], &["replay", "nosuch/fixture", "--to", &url]);
    expect_error(&out, 2, &["nosuch/fixture"], "unknown fixture id");
    assert!(hint_of(&out).is_some_and(|h| h.contains("whk fixtures")));
}

#[test]
fn json_error_positions_never_say_column_0() {
    let f = Files::new();
    let to = format!("http://127.0.0.1:{}/", dead_port());
    // serde_json says "line 3 column 0": the end of the input, after the last line break.
    f.write("eof.json", b"{\n  \"event\": \"x\",\n");
    // serde_json says "line 2 column 0": a raw line break inside a string.
    f.write("nl.json", b"{\"event\": \"x\ny\"}");
    for (file, pos) in [("eof.json", "eof.json:2:16"), ("nl.json", "nl.json:1:13")] {
        for args in [
            vec!["replay", file, "--provider", "generic", "--to", &to],
            vec!["fixtures", "show", file],
        ] {
            let out = f.run(&[SECRET], &args);
            expect_error(&out, 2, &["bad fixture", pos], &format!("{args:?}"));
            assert!(!out.stderr.contains(":0:"), "{}", out.stderr);
        }
    }
}
