//! `whk init`: from flags, with the URL check against real apps on 127.0.0.1 (one that
//! verifies, one that does not), from a folder `whk listen --record` wrote while `whk replay`
//! fed it, and interactively through a pseudo-terminal.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;
use whk::webhook::crypto::{Algorithm, hmac};

use crate::config::clean;
use crate::support::replay_server::{Answer, Server};
use crate::support::{whk, whk_std};

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = whk()
        .current_dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

const SECRET: &str = "s3cret-for-init-tests";

/// An app that checks `X-Webhook-Signature: sha256=HEX` (seed 001's generic system).
fn verifying_app() -> Server {
    Server::with(|r, _| {
        let want = format!(
            "sha256={}",
            hex::encode(hmac(Algorithm::Sha256, SECRET.as_bytes(), &[&r.body]))
        );
        let ok = r.headers.get("x-webhook-signature") == Some(want.as_str());
        Answer::status(if ok { 200 } else { 401 })
    })
}

#[test]
fn init_from_flags_writes_a_file_every_command_reads_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let args = [
        "init",
        "--provider",
        "vonage",
        "--answer",
        "http://127.0.0.1:8000/api/hume-twilio/vonage-voice-webhook/",
        "--event",
        "http://127.0.0.1:8000/api/hume-twilio/vonage-event-callback/",
        "--secret-env",
        "VONAGE_SIGNATURE_SECRET",
    ];
    let (code, out, err) = run_in(d, &args, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "wrote whk.toml (app: vonage) and whk.schema.json beside it; `whk config` shows the settings in effect\n"
    );
    let text = std::fs::read_to_string(d.join("whk.toml")).unwrap();
    insta::assert_snapshot!(text);
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("whk.schema.json")).unwrap()).unwrap();
    assert_eq!(schema, whk::config::schema::json_schema());
    let (code, out, _) = run_in(d, &["config", "--json"], &[]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["settings"]["routes.event"]["source"], "file:11");

    // Never over an existing file without --force; the file is untouched.
    std::fs::write(d.join("whk.toml"), "# mine\n").unwrap();
    let (code, _, err) = run_in(d, &args, &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(err, @r"
    whk: error: whk.toml already exists; whk init does not overwrite it
      hint: pass --force to replace it, or edit it (whk config shows what it holds)
    ");
    assert_eq!(
        std::fs::read_to_string(d.join("whk.toml")).unwrap(),
        "# mine\n"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(run_in(d, &forced, &[]).0, 0);
    assert_eq!(std::fs::read_to_string(d.join("whk.toml")).unwrap(), text);
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    // --config names the file to write and --app the app.
    std::fs::create_dir_all(d.join("conf")).unwrap();
    let (code, out, err) = run_in(
        d,
        &[
            "--config",
            "conf/hooks.toml",
            "--app",
            "backend",
            "init",
            "--provider",
            "generic",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote conf/hooks.toml (app: backend)"),
        "{out}"
    );
    let written = std::fs::read_to_string(d.join("conf/hooks.toml")).unwrap();
    assert!(
        written.contains("[apps.backend]\nprovider = \"generic\"\nsecret_env = \"WEBHOOK_SECRET\""),
        "{written}"
    );
    assert!(d.join("conf/whk.schema.json").is_file());

    // Not on a terminal and no flags: it says what to pass.
    let (code, _, err) = run_in(d, &["init", "--force"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("asks its questions only on a terminal"),
        "{err}"
    );
}

#[test]
fn init_check_sends_a_signed_request_to_a_verifying_and_a_non_verifying_app() {
    let good = verifying_app();
    let careless = Server::with(|_, _| Answer::status(200));
    let dir = tempfile::tempdir().unwrap();
    let env = [("BACKEND_WEBHOOK_SECRET", SECRET)];
    let init = |url: String| {
        run_in(
            dir.path(),
            &[
                "init",
                "--force",
                "--check",
                "--provider",
                "generic",
                "--signature-header",
                "X-Webhook-Signature",
                "--webhook",
                &url,
                "--secret-env",
                "BACKEND_WEBHOOK_SECRET",
            ],
            &env,
        )
    };
    let (code, _, err) = init(format!("{}api/webhook", good.url()));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("answered 200, and 401 to a wrong signature: verification works"),
        "{err}"
    );
    assert_eq!(good.received().len(), 2);

    let (code, _, err) = init(format!("{}api/webhook", careless.url()));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("answered 200, but also 200 to a request signed with a wrong secret: the app does not verify signatures"), "{err}");
    // The file is written either way: the check is a finding about the app.
    assert!(dir.path().join("whk.toml").is_file());

    // A wrong secret: the correctly signed request is refused.
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "init",
            "--force",
            "--check",
            "--provider",
            "generic",
            "--webhook",
            &good.url(),
            "--secret-env",
            "OTHER",
        ],
        &[("OTHER", "not-the-apps-secret")],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("answered 401 to a correctly signed request"),
        "{err}"
    );
}

#[test]
fn init_from_a_recorded_folder_infers_providers_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let rec_s = rec.display().to_string();
    let mut listen = whk_std()
        .args([
            "--no-config",
            "listen",
            "--port",
            "0",
            "--json",
            "--count",
            "3",
            "--record",
            &rec_s,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(listen.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let base = first["listening"].as_str().unwrap().to_string();
    let env = [
        ("VONAGE_SIGNATURE_SECRET", SECRET),
        ("VAPI_WEBHOOK_SECRET", SECRET),
    ];
    for (fixture, path) in [
        ("vonage/answer", "api/hume-twilio/vonage-voice-webhook/"),
        ("vonage/completed", "api/hume-twilio/vonage-event-callback/"),
        ("vapi/status-update", "api/webhook/vapi/"),
    ] {
        let to = format!("{base}/{path}");
        let (code, out, err) = run_in(
            dir.path(),
            &["--no-config", "replay", fixture, "--to", &to],
            &env,
        );
        assert_eq!(code, 0, "{fixture}: {out}{err}");
    }
    let status = listen.wait().unwrap();
    assert!(status.success(), "{status}");
    let (code, out, err) = run_in(
        dir.path(),
        &["init", "--from", "rec", "--base", "http://127.0.0.1:8000"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("apps: vonage, vapi"), "{out}");
    insta::assert_snapshot!(std::fs::read_to_string(dir.path().join("whk.toml")).unwrap());
}

/// A pseudo-terminal pair: whk gets the terminal side as stdin, stdout and stderr.
struct Pty {
    master: std::fs::File,
    slave: std::os::fd::OwnedFd,
}

fn pty() -> Pty {
    use std::os::fd::FromRawFd;
    let (mut m, mut s) = (0, 0);
    // SAFETY: openpty writes two new descriptors into m and s; we own them from here on.
    let rc = unsafe {
        libc::openpty(
            &mut m,
            &mut s,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    unsafe {
        Pty {
            master: std::fs::File::from_raw_fd(m),
            slave: std::os::fd::OwnedFd::from_raw_fd(s),
        }
    }
}

/// What the terminal showed, read by a thread; [`Screen::expect`] waits (bounded) for text.
struct Screen(std::sync::mpsc::Receiver<String>, String);

impl Screen {
    fn new(mut master: std::fs::File) -> Screen {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = master.read(&mut buf) {
                if n == 0
                    || tx
                        .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                        .is_err()
                {
                    break;
                }
            }
        });
        Screen(rx, String::new())
    }

    fn expect(&mut self, want: &str) {
        while !self.1.contains(want) {
            match self.0.recv_timeout(std::time::Duration::from_secs(30)) {
                Ok(text) => self.1.push_str(&text),
                Err(_) => panic!("no {want:?} on the terminal; saw:\n{}", self.1),
            }
        }
    }
}

#[test]
fn init_asks_on_a_terminal_and_checks_each_url() {
    let app = verifying_app();
    let dir = tempfile::tempdir().unwrap();
    let Pty { mut master, slave } = pty();
    let mut child = whk_std()
        .current_dir(dir.path())
        .env("BACKEND_WEBHOOK_SECRET", SECRET)
        .arg("init")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    let mut screen = Screen::new(master.try_clone().unwrap());
    screen.expect("Providers, comma-separated");
    master.write_all(b"genric\n").unwrap();
    screen.expect("did you mean generic?");
    master.write_all(b"generic\n").unwrap();
    screen.expect(
        "Variable holding the generic secret [WEBHOOK_SECRET] (usual: WEBHOOK_SECRET, WHK_SECRET)",
    );
    master.write_all(b"BACKEND_WEBHOOK_SECRET\n").unwrap();
    screen.expect("generic webhook URL (Enter to skip): ");
    master
        .write_all(format!("{}api/webhook\n", app.url()).as_bytes())
        .unwrap();
    screen.expect("wrote whk.toml");
    let seen = screen.1.clone();
    let status = child.wait().unwrap();
    assert!(status.success(), "{seen}");
    assert!(seen.contains("verification works"), "{seen}");
    let text = std::fs::read_to_string(dir.path().join("whk.toml")).unwrap();
    assert!(
        text.contains("secret_env = \"BACKEND_WEBHOOK_SECRET\""),
        "{text}"
    );
    assert!(
        text.contains(&format!("webhook = \"{}api/webhook\"", app.url())),
        "{text}"
    );
    assert!(!text.contains(SECRET));
}
