//! What the integration tests share: one way to run the real `whk` binary and the test
//! servers on 127.0.0.1 port 0 (`replay_server`: a well-behaved hyper receiver that records
//! and verifies; `faults_server`: a std-socket receiver that misbehaves on cue).

pub mod call_run;
pub mod faults_server;
pub mod replay_server;
pub mod twilio_app;
pub mod vapi_app;
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
