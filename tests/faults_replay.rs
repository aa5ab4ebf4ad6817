//! `whk replay` against receivers that misbehave: they hang, close or reset connections,
//! answer garbage, answer late or never finish, fail and then recover, or fail a seeded 10%
//! of deliveries under concurrency. The real binary runs each time (no environment but
//! NO_COLOR and the secret), against a server on 127.0.0.1:0 from `support/faults_server.rs`.
//!
//! Nothing here measures speed: every run is bounded by assert_cmd's timeout (a process that
//! does not stop fails the test), and deadlines are short so the file runs in seconds.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::faults_server::{self, Action, FaultServer};
use assert_cmd::Command;
use serde_json::Value;

const SECRET: &str = "faults-secret-0123456789";
const FIXTURE: &str = "generic/call.completed";
/// No single run may take longer than this; a hang fails the test instead of stalling it.
const RUN_BOUND: Duration = Duration::from_secs(45);

fn whk() -> Command {
    let mut c = crate::support::whk();
    c.env("WHK_SECRET", SECRET).timeout(RUN_BOUND);
    c
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Each stdout line parsed as JSON (panics, naming the line, if one is not).
    fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
            .collect()
    }

    /// The request lines and the summary of a `--json` run, checked for shape.
    fn json_reports(&self) -> (Vec<Value>, Value) {
        let mut lines = self.json_lines();
        let last = lines.pop().expect("at least the summary line");
        let summary = last
            .get("summary")
            .unwrap_or_else(|| panic!("the last line is not the summary: {last}"))
            .clone();
        for k in ["sent", "passed", "failed", "retried", "elapsed_ms"] {
            assert!(summary[k].is_number(), "summary.{k} missing: {summary}");
        }
        for r in &lines {
            for k in ["fixture", "attempt", "pass", "retry", "failures", "url"] {
                assert!(r.get(k).is_some(), "request line without {k}: {r}");
            }
            assert!(r["pass"].is_boolean() && r["failures"].is_array(), "{r}");
        }
        (lines, summary)
    }

    fn summary_line(&self) -> &str {
        self.stdout
            .lines()
            .last()
            .unwrap_or_else(|| panic!("no output; stderr: {}", self.stderr))
    }
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    let r = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        r.code.is_some(),
        "whk did not stop by itself within {RUN_BOUND:?} (killed)\nstdout: {}\nstderr: {}",
        r.stdout,
        r.stderr
    );
    assert!(
        !r.stderr.contains("panicked") && !r.stdout.contains("panicked"),
        "whk panicked:\n{}",
        r.stderr
    );
    r
}

fn replay(server: &FaultServer, extra: &[&str]) -> Run {
    run(whk()
        .args(["replay", FIXTURE, "--to", &server.url()])
        .args(extra))
}

fn replay_file(server: &FaultServer, fixture: &str, extra: &[&str]) -> Run {
    run(whk()
        .args(["replay", fixture, "--to", &server.url()])
        .args(extra))
}

/// The FAIL lines of a text run.
fn fail_lines(r: &Run) -> Vec<&str> {
    r.stdout.lines().filter(|l| l.starts_with("FAIL")).collect()
}

#[test]
fn a_receiver_that_never_answers_fails_at_the_deadline() {
    let server = FaultServer::start(|_| Action::Hang);
    let r = replay(
        &server,
        &["--deadline", "300ms", "--repeat", "4", "--concurrency", "4"],
    );
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    let fails = fail_lines(&r);
    assert_eq!(fails.len(), 4, "{}", r.stdout);
    for l in fails {
        assert!(
            l.contains("no answer within 300ms (deadline)"),
            "the reason should name the deadline: {l}"
        );
    }
    assert!(
        r.summary_line()
            .starts_with("4 sent, 0 passed, 4 failed, 0 retried"),
        "{}",
        r.summary_line()
    );
    assert!(
        r.summary_line().ends_with("no answers to time"),
        "no latency figures when nothing answered: {}",
        r.summary_line()
    );
    assert_eq!(server.requests(), 4, "each request reached the receiver");

    let r = replay(&server, &["--deadline", "300ms", "--json"]);
    assert_eq!(r.code, Some(1));
    let (lines, summary) = r.json_reports();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["pass"], false);
    assert_eq!(lines[0]["status"], Value::Null);
    assert_eq!(lines[0]["error"], "no answer within 300ms");
    assert_eq!(lines[0]["failures"][0], "no answer within 300ms (deadline)");
    assert_eq!(
        (summary["sent"].as_u64(), summary["failed"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn a_receiver_that_never_reads_a_large_body_fails_at_the_deadline() {
    // 4 MiB does not fit in loopback socket buffers: the send itself blocks, and the deadline
    // must cover it as well as the wait for the answer.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("generic").join("big.json");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    std::fs::write(
        &big,
        format!("{{\"event\":\"big\",\"pad\":\"{}\"}}", "x".repeat(4 << 20)),
    )
    .unwrap();
    let server = FaultServer::on_accept(Action::Hang);
    let r = run(whk().args([
        "replay",
        big.to_str().unwrap(),
        "--to",
        &server.url(),
        "--deadline",
        "400ms",
    ]));
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("no answer within 400ms (deadline)"),
        "{}",
        r.stdout
    );
}

#[test]
fn connections_closed_at_accept_fail_each_request_clearly() {
    let server = FaultServer::on_accept(Action::Close);
    let r = replay(&server, &["--repeat", "3", "--deadline", "2s"]);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    let fails = fail_lines(&r);
    assert_eq!(fails.len(), 3, "{}", r.stdout);
    for l in fails {
        assert!(
            l.contains("the receiver closed the connection") || l.contains("reset the connection"),
            "the reason should say the connection went away: {l}"
        );
    }
    assert!(r.summary_line().starts_with("3 sent, 0 passed, 3 failed"));

    let r = replay(&server, &["--repeat", "3", "--json"]);
    assert_eq!(r.code, Some(1));
    let (lines, summary) = r.json_reports();
    assert_eq!(lines.len(), 3);
    for l in &lines {
        assert_eq!(l["pass"], false);
        assert!(l["error"].is_string(), "{l}");
    }
    assert_eq!(summary["failed"], 3);
}

#[test]
fn connections_reset_fail_each_request_clearly() {
    let server = FaultServer::on_accept(Action::Reset);
    let r = replay(&server, &["--repeat", "3", "--deadline", "2s"]);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    let fails = fail_lines(&r);
    assert_eq!(fails.len(), 3, "{}", r.stdout);
    for l in fails {
        assert!(
            l.contains("the receiver reset the connection"),
            "the reason should say the connection was reset: {l}"
        );
    }
    let r = replay(&server, &["--json"]);
    assert_eq!(r.code, Some(1));
    let (lines, _) = r.json_reports();
    assert_eq!(lines[0]["pass"], false);
}

#[test]
fn answers_that_are_not_http_fail_clearly() {
    let cases: [(Action, &[&str]); 4] = [
        (Action::Garbage, &["the answer is not valid HTTP"]),
        (
            Action::Truncated,
            &["the answer broke off before it was complete"],
        ),
        (
            Action::HugeHead,
            &["the answer is not valid HTTP", "too large"],
        ),
        (
            Action::Close,
            &["the receiver closed the connection without answering"],
        ),
    ];
    for (action, phrases) in cases {
        let a = action.clone();
        let server = FaultServer::start(move |_| a.clone());
        let r = replay(&server, &["--repeat", "2", "--deadline", "3s"]);
        assert_eq!(r.code, Some(1), "{action:?}: {}\n{}", r.stdout, r.stderr);
        let fails = fail_lines(&r);
        assert_eq!(fails.len(), 2, "{action:?}: {}", r.stdout);
        for l in fails {
            for p in phrases {
                assert!(l.contains(p), "{action:?}: expected {p:?} in {l}");
            }
        }
        let r = replay(&server, &["--json"]);
        assert_eq!(r.code, Some(1), "{action:?}");
        let (lines, summary) = r.json_reports();
        assert_eq!(lines.len(), 1);
        assert_eq!(summary["failed"], 1);
    }
}

#[test]
fn fail_then_recover_passes_with_retry_and_fails_without() {
    // 500 to the first request each server sees, 200 afterwards.
    let first_500 = |r: &faults_server::Req| {
        if r.index == 0 {
            Action::status(500)
        } else {
            Action::ok()
        }
    };

    let server = FaultServer::start(first_500);
    let r = replay(&server, &[]);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("status 500, expected 2xx"),
        "{}",
        r.stdout
    );
    assert!(
        r.summary_line()
            .starts_with("1 sent, 0 passed, 1 failed, 0 retried")
    );
    assert_eq!(server.requests(), 1, "no retry without --retry");

    let server = FaultServer::start(first_500);
    let r = replay(&server, &["--retry", "--initial-delay", "20ms"]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "two attempts and the summary: {}", r.stdout);
    assert!(
        lines[0].starts_with("RETRY 500") && lines[0].contains("status 500, expected 2xx"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("PASS  200") && lines[1].contains("(attempt 2)"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("2 sent, 1 passed, 0 failed, 1 retried"),
        "{}",
        lines[2]
    );
    assert_eq!(server.requests(), 2);

    let server = FaultServer::start(first_500);
    let r = replay(&server, &["--retry", "--initial-delay", "20ms", "--json"]);
    assert_eq!(r.code, Some(0));
    let (lines, summary) = r.json_reports();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (
            &lines[0]["attempt"],
            &lines[0]["status"],
            &lines[0]["retry"],
            &lines[0]["pass"]
        ),
        (
            &Value::from(1),
            &Value::from(500),
            &Value::from(true),
            &Value::from(false)
        )
    );
    assert_eq!(
        (
            &lines[1]["attempt"],
            &lines[1]["status"],
            &lines[1]["retry"],
            &lines[1]["pass"]
        ),
        (
            &Value::from(2),
            &Value::from(200),
            &Value::from(false),
            &Value::from(true)
        )
    );
    assert_eq!(
        (
            &summary["sent"],
            &summary["passed"],
            &summary["failed"],
            &summary["retried"]
        ),
        (
            &Value::from(2),
            &Value::from(1),
            &Value::from(0),
            &Value::from(1)
        )
    );
    // Each attempt is signed afresh: the two requests carry their own signature headers.
    let got = server.received();
    assert_eq!(got.len(), 2);
    let sig = |h: &str| {
        h.lines()
            .find(|l| l.to_ascii_lowercase().starts_with("x-webhook-signature:"))
            .map(str::to_string)
    };
    assert!(sig(&got[0].head).is_some() && sig(&got[1].head).is_some());
}

#[test]
fn retry_recovers_from_a_hang_and_from_a_closed_connection() {
    let server = FaultServer::start(|r| {
        if r.index == 0 {
            Action::Hang
        } else {
            Action::ok()
        }
    });
    let r = replay(
        &server,
        &["--retry", "--initial-delay", "10ms", "--deadline", "300ms"],
    );
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("RETRY ---") && r.stdout.contains("no answer within 300ms"));
    assert!(
        r.summary_line()
            .starts_with("2 sent, 1 passed, 0 failed, 1 retried")
    );

    let server = FaultServer::start(|r| {
        if r.index == 0 {
            Action::Close
        } else {
            Action::ok()
        }
    });
    let r = replay(&server, &["--retry", "--initial-delay", "10ms"]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.summary_line()
            .starts_with("2 sent, 1 passed, 0 failed, 1 retried")
    );

    // Attempts run out: every attempt reported, the run fails.
    let server = FaultServer::start(|_| Action::status(503));
    let r = replay(
        &server,
        &["--max-attempts", "3", "--initial-delay", "10ms", "--json"],
    );
    assert_eq!(r.code, Some(1));
    let (lines, summary) = r.json_reports();
    let attempts: Vec<_> = lines
        .iter()
        .map(|l| l["attempt"].as_u64().unwrap())
        .collect();
    assert_eq!(attempts, [1, 2, 3]);
    assert_eq!(
        (&summary["sent"], &summary["failed"], &summary["retried"]),
        (&Value::from(3), &Value::from(1), &Value::from(2))
    );
    assert_eq!(server.requests(), 3);
}

#[test]
fn slow_answers_miss_the_deadline_and_say_so() {
    // Answers after 3 s: far past a 300 ms deadline.
    let server = FaultServer::start(|_| Action::Respond {
        status: 200,
        delay: Duration::from_secs(3),
    });
    let r = replay(&server, &["--deadline", "300ms"]);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("no answer within 300ms (deadline)"),
        "{}",
        r.stdout
    );

    // The head comes at once but the body never ends: the deadline covers the whole answer.
    let server = FaultServer::start(|_| Action::Dribble {
        every: Duration::from_millis(50),
    });
    let r = replay(&server, &["--deadline", "400ms", "--json"]);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    let (lines, _) = r.json_reports();
    assert_eq!(lines[0]["failures"][0], "no answer within 400ms (deadline)");

    // A little slow but inside the deadline passes.
    let server = FaultServer::start(|_| Action::Respond {
        status: 200,
        delay: Duration::from_millis(100),
    });
    let r = replay(&server, &["--deadline", "10s"]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
}

/// splitmix64: a tiny seeded generator, so the failing set is random-looking but fixed.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Exactly `k` of `0..n`, chosen by a seeded shuffle.
fn seeded_pick(seed: u64, n: u64, k: usize) -> BTreeSet<u64> {
    let mut v: Vec<u64> = (0..n).collect();
    let mut s = seed;
    for i in (1..v.len()).rev() {
        let j = (splitmix(&mut s) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v.into_iter().take(k).collect()
}

/// A fixture whose body carries the delivery's sequence number, in a `generic/` folder so it
/// is signed with the generic scheme.
fn seq_fixture(dir: &Path) -> String {
    let f = dir.join("generic").join("seq.json");
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(
        &f,
        r#"{"event": "seq.test", "n": "{{seq}}", "id": "{{uuid}}"}"#,
    )
    .unwrap();
    f.to_str().unwrap().to_string()
}

fn seq_of(r: &faults_server::Req) -> u64 {
    r.json()["n"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no n in {}", String::from_utf8_lossy(&r.body)))
}

#[test]
fn a_seeded_ten_percent_of_failures_is_counted_exactly_under_concurrency() {
    const N: u64 = 200;
    let failing = Arc::new(seeded_pick(0x5EED_F00D, N, 20));
    let dir = tempfile::tempdir().unwrap();
    let fixture = seq_fixture(dir.path());

    let f2 = failing.clone();
    let server = FaultServer::start(move |r| {
        if f2.contains(&seq_of(r)) {
            Action::status(503)
        } else {
            Action::ok()
        }
    });
    let r = run(whk().args([
        "replay",
        &fixture,
        "--to",
        &server.url(),
        "--concurrency",
        "8",
        "--repeat",
        "200",
        "--json",
    ]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let (lines, summary) = r.json_reports();
    assert_eq!(lines.len(), 200);
    assert_eq!(
        (
            &summary["sent"],
            &summary["passed"],
            &summary["failed"],
            &summary["retried"]
        ),
        (
            &Value::from(200),
            &Value::from(180),
            &Value::from(20),
            &Value::from(0)
        ),
        "{summary}"
    );
    let failed: BTreeSet<u64> = lines
        .iter()
        .filter(|l| l["pass"] == false)
        .map(|l| l["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(failed, *failing, "exactly the seeded deliveries failed");
    for l in lines.iter().filter(|l| l["pass"] == false) {
        assert_eq!(l["status"], 503);
        assert_eq!(l["failures"][0], "status 503, expected 2xx");
    }
    let seen: BTreeSet<u64> = server.received().iter().map(seq_of).collect();
    assert_eq!(seen, (0..N).collect(), "every delivery arrived once");
    assert_eq!(server.requests(), 200);

    // The same 10% fail only their first attempt: --retry brings every delivery home.
    let tried: Arc<Mutex<HashSet<u64>>> = Arc::default();
    let (f3, t3) = (failing.clone(), tried.clone());
    let server = FaultServer::start(move |r| {
        let n = seq_of(r);
        if f3.contains(&n) && t3.lock().unwrap().insert(n) {
            Action::status(503)
        } else {
            Action::ok()
        }
    });
    let r = run(whk().args([
        "replay",
        &fixture,
        "--to",
        &server.url(),
        "--concurrency",
        "8",
        "--repeat",
        "200",
        "--retry",
        "--initial-delay",
        "5ms",
        "--quiet",
    ]));
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.summary_line()
            .starts_with("220 sent, 200 passed, 0 failed, 20 retried"),
        "{}",
        r.summary_line()
    );
    assert_eq!(server.requests(), 220);
}

#[test]
fn a_huge_shuffled_run_starts_without_allocating_per_delivery() {
    // --repeat 1e11 --shuffle used to allocate an 800 GB permutation table up front and abort
    // ("memory allocation … failed"). Now it starts sending at once. Such a run cannot end by
    // itself, so assert_cmd stops it after 5 s; all that matters is that it got going.
    let server = FaultServer::start(|_| Action::ok());
    let out = whk()
        .args([
            "replay",
            FIXTURE,
            "--to",
            &server.url(),
            "--repeat",
            "100000000000",
            "--shuffle",
            "--quiet",
        ])
        .timeout(Duration::from_secs(5))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("memory allocation") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(server.requests() > 0, "it started sending: {stderr}");
}

#[test]
fn absurd_rates_and_deadlines_are_usage_errors() {
    let server = FaultServer::start(|_| Action::ok());
    for args in [
        ["--rate", "1e-300"],
        ["--rate", "0"],
        ["--deadline", "0s"],
        ["--deadline", "1e12s"],
    ] {
        let r = replay(&server, &args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(args[0]), "{args:?}: {}", r.stderr);
    }
    // The same for a fixture's own deadline.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("zero.json");
    std::fs::write(
        &f,
        r#"{"provider": "generic", "body": {"a": 1}, "expect": {"deadline": "0s"}}"#,
    )
    .unwrap();
    let r = replay_file(&server, f.to_str().unwrap(), &[]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("zero.json") && r.stderr.contains("expect.deadline"),
        "{}",
        r.stderr
    );
    assert_eq!(server.requests(), 0);
    // A very high rate is no limit at all.
    let r = replay(&server, &["--rate", "1e300", "--repeat", "3"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}
