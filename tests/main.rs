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
