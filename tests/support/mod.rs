//! What the integration tests share: one way to run the real `whk` binary and the test
//! servers on 127.0.0.1 port 0 (`replay_server`: a well-behaved hyper receiver that records
//! and verifies; `faults_server`: a std-socket receiver that misbehaves on cue).

pub mod call_run;
pub mod faults_server;
pub mod replay_server;
pub mod twilio_app;
pub mod vapi_app;
pub mod verifying_app;
pub mod vonage_app;
pub mod ws_server;

/// The real `whk` binary with nothing from the developer's environment: the environment is
/// cleared (no provider secrets, no `WHK_NOW`/`WHK_CLOCK`, no `CLICOLOR_FORCE`), `PATH` is
/// kept and `NO_COLOR=1` is set. A `std` command, for tests that spawn and signal `whk`.
pub fn whk_std() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_whk"));
    c.env_clear().env("NO_COLOR", "1");
    if let Some(path) = std::env::var_os("PATH") {
        c.env("PATH", path);
    }
    c
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// [`whk_std`] as an `assert_cmd` command (stdin, timeouts, assertions).
pub fn whk() -> assert_cmd::Command {
    assert_cmd::Command::from_std(whk_std())
}

/// A running `whk` whose stdout arrives line by line on a channel and whose stderr collects
/// in a buffer, each read on a thread of its own (a full pipe never blocks it).
pub struct Piped {
    pub child: std::process::Child,
    pub lines: std::sync::mpsc::Receiver<String>,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

/// Spawn `cmd` (stdin closed) as a [`Piped`].
pub fn piped(cmd: &mut std::process::Command) -> Piped {
    use std::io::{BufRead as _, Read as _};
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("whk runs");
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let buf = stderr.clone();
    let mut pipe = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        let mut b = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut b) {
            if n == 0 {
                break;
            }
            buf.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&b[..n]));
        }
    });
    Piped {
        child,
        lines,
        stderr,
    }
}

/// The headers a provider would send with `body`: `Content-Type` and the signature headers of
/// `provider`'s scheme with `secret`, signed for `url` at unix time `timestamp` (whk's own
/// signing, as the senders in the tests use it).
pub fn signed_headers(
    provider: whk::webhook::Provider,
    secret: &str,
    url: &str,
    content_type: &str,
    body: &[u8],
    timestamp: i64,
) -> Vec<(String, String)> {
    use whk::webhook::{self, Headers, SchemeOptions, SignInput};
    let mut headers = Headers::new();
    headers.push("Content-Type", content_type);
    let scheme = webhook::build(provider, &SchemeOptions::default()).unwrap();
    let out = webhook::sign(
        scheme.as_ref(),
        &whk::secret::Secret::new(secret),
        &SignInput {
            method: "POST",
            url: Some(url),
            headers: &headers,
            body,
            timestamp,
            id: None,
        },
    )
    .unwrap();
    let mut v = vec![("Content-Type".to_string(), content_type.to_string())];
    v.extend(out.headers.into_iter().map(|h| (h.name, h.value)));
    v
}

/// The repository root (the crate's manifest directory).
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// [`whk`] run from the repository root (for tests naming files in the repository).
pub fn whk_at_root() -> assert_cmd::Command {
    let mut c = whk();
    c.current_dir(root());
    c
}

/// Exit code, stdout and stderr as one text for a snapshot.
pub fn transcript(out: &std::process::Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
