//! Every integration test of whk, in one test binary (one link instead of one per file).
//! Run one area with `cargo test --test main MODULE::` (for example `listen::`); snapshots
//! are in `tests/snapshots/` as `main__MODULE__NAME.snap`. Shared helpers are in `support`.

mod support;

mod audit;
mod bad_input;
mod cli_sign_verify;
mod completions;
mod faults_replay;
mod fixtures;
mod fuzz_regressions;
mod listen;
mod load_listen;
mod ncco_lint;
mod props;
mod replay;
mod vectors;

/// With `autotests = false` in Cargo.toml, a `tests/X.rs` without a `mod X;` line above would
/// never be built or run: fail instead.
#[test]
fn every_test_file_is_a_module_of_main() {
    let main = include_str!("main.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let declared = main.lines().any(|l| l == format!("mod {stem};"));
        if path.extension().is_some_and(|x| x == "rs") && stem != "main" && !declared {
            missing.push(format!("tests/{stem}.rs"));
        }
    }
    assert!(
        missing.is_empty(),
        "not in tests/main.rs, so never run: {missing:?}; add `mod NAME;` there"
    );
}
mod call;
mod call_engine;
mod call_media_streams;
mod call_record;
mod call_repeat;
mod call_twilio;
mod call_vapi;
mod call_ws;
mod config;
mod init;
mod listen_ui;
mod listen_ui_browser;
mod twiml_lint;
