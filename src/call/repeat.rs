//! `whk call --repeat N --concurrency C`: many calls of one scenario for load, each with
//! fresh ids (its own seed) and its own virtual clock, at most C at a time.
//!
//! Memory stays flat: each finished [`CallRun`] is folded into one [`RepeatSummary`] (counts,
//! findings per code, a few example messages) and dropped; no timeline is kept.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::FutureExt as _;

use serde::Serialize;

use super::engine::{CallContext, run_call};
use super::scenario::Scenario;
use super::timeline::CallRun;
use crate::clock::Clock;
use crate::finding::{Finding, Severity};
use crate::outbound::Client;

/// How many example findings the summary keeps (the first of each code, up to this many).
const EXAMPLES: usize = 10;

/// What many calls came to.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RepeatSummary {
    pub calls: u64,
    pub concurrency: usize,
    /// Calls with no error finding.
    pub calls_clean: u64,
    /// Calls with at least one error finding (failed expectations included).
    pub calls_failed: u64,
    /// Calls whose answer URL could not be reached at all.
    pub calls_unreachable: u64,
    pub webhooks_sent: u64,
    pub actions_run: u64,
    /// Findings over all calls.
    pub findings: u64,
    /// Finding code → how many.
    pub findings_by_code: BTreeMap<String, u64>,
    /// The first finding of each code (at most 10 codes).
    pub examples: Vec<Finding>,
    /// `caller`/`app`/`callee`/`platform` → how many calls.
    pub ended_by: BTreeMap<String, u64>,
    /// Sum of the calls' own (virtual) lengths, in seconds.
    pub call_seconds: f64,
    /// Wall time of the whole run, in seconds.
    pub wall_s: f64,
    /// Webhooks per second of wall time.
    pub webhooks_per_s: f64,
    /// One reason an answer URL could not be reached, when one could not.
    pub unreachable: Option<String>,
    /// 0 every call clean, 1 a finding, 2 no call reached the answer URL.
    pub exit: u8,
}

impl RepeatSummary {
    fn add(&mut self, run: CallRun, extra: Vec<Finding>) {
        self.calls += 1;
        self.webhooks_sent += run.webhooks_sent as u64;
        self.actions_run += run.actions_run as u64;
        self.call_seconds += run.duration.as_secs_f64();
        if let Some(why) = run.unreachable {
            self.calls_unreachable += 1;
            self.unreachable.get_or_insert(why);
            return;
        }
        *self
            .ended_by
            .entry(run.ended_by.as_str().to_string())
            .or_insert(0) += 1;
        let mut failed = false;
        for f in run.findings.into_iter().chain(extra) {
            self.findings += 1;
            failed |= f.severity == Severity::Error;
            let n = self
                .findings_by_code
                .entry(f.code.as_str().to_string())
                .or_insert(0);
            *n += 1;
            if *n == 1 && self.examples.len() < EXAMPLES {
                self.examples.push(f);
            }
        }
        if failed {
            self.calls_failed += 1;
        } else {
            self.calls_clean += 1;
        }
    }

    /// Fold another part's counts in (the first examples win, up to [`EXAMPLES`]).
    fn merge(&mut self, other: RepeatSummary) {
        self.calls += other.calls;
        self.calls_clean += other.calls_clean;
        self.calls_failed += other.calls_failed;
        self.calls_unreachable += other.calls_unreachable;
        self.webhooks_sent += other.webhooks_sent;
        self.actions_run += other.actions_run;
        self.findings += other.findings;
        self.call_seconds += other.call_seconds;
        for (code, n) in other.findings_by_code {
            *self.findings_by_code.entry(code).or_insert(0) += n;
        }
        for (by, n) in other.ended_by {
            *self.ended_by.entry(by).or_insert(0) += n;
        }
        for f in other.examples {
            if self.examples.len() < EXAMPLES && !self.examples.iter().any(|e| e.code == f.code) {
                self.examples.push(f);
            }
        }
        if self.unreachable.is_none() {
            self.unreachable = other.unreachable;
        }
    }

    /// A call (or a worker) that panicked inside whk.
    fn internal_failure(&mut self) {
        self.calls += 1;
        self.calls_failed += 1;
        self.findings += 1;
        *self
            .findings_by_code
            .entry("call.internal".to_string())
            .or_insert(0) += 1;
    }

    fn finish(&mut self, wall: Duration) {
        self.wall_s = wall.as_secs_f64();
        self.webhooks_per_s = if self.wall_s > 0.0 {
            self.webhooks_sent as f64 / self.wall_s
        } else {
            0.0
        };
        self.exit = if self.calls > 0 && self.calls_unreachable == self.calls {
            2
        } else if self.calls_failed > 0 || self.calls_unreachable > 0 {
            1
        } else {
            0
        };
    }

    /// The summary for people, one line: `10000 calls (64 at a time): 10000 clean, 0 failed ·
    /// 60000 webhooks in 2.41s (24896/s) · 0 findings`.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{} calls ({} at a time): {} clean, {} failed",
            self.calls, self.concurrency, self.calls_clean, self.calls_failed
        );
        if self.calls_unreachable > 0 {
            s.push_str(&format!(", {} unreachable", self.calls_unreachable));
        }
        s.push_str(&format!(
            " · {} webhooks in {:.2}s ({:.0}/s) · {} finding{}",
            self.webhooks_sent,
            self.wall_s,
            self.webhooks_per_s,
            self.findings,
            if self.findings == 1 { "" } else { "s" }
        ));
        if !self.findings_by_code.is_empty() {
            let codes: Vec<String> = self
                .findings_by_code
                .iter()
                .map(|(c, n)| format!("{c} ×{n}"))
                .collect();
            s.push_str(&format!(" ({})", codes.join(", ")));
        }
        s
    }
}

/// How to repeat.
#[derive(Clone, Debug)]
pub struct Repeat {
    pub calls: u64,
    pub concurrency: usize,
}

/// Play `scenario` `opts.calls` times, at most `opts.concurrency` at once. Call `i` uses seed
/// `ctx.seed + i` (fresh ids, reproducible with `--seed`) and, unless the run is on the wall
/// clock, a virtual clock of its own starting where `ctx.clock` is. `evaluate` turns a call
/// into its expectation findings (the scenario's `expect`); `bar` ticks once per call.
///
/// The way `whk replay` runs big loads ([`crate::outbound::client::on_threads`]): one OS
/// thread per core, each with a single-threaded runtime and a connection pool of its own, runs
/// its share of C lanes; a lane takes the next call number and folds its calls into a summary
/// of its own, merged at the end. No task per call and no wake-up across threads per request
/// or per call.
pub fn run_many(
    scenario: Arc<Scenario>,
    ctx: &CallContext,
    opts: &Repeat,
    evaluate: fn(&Scenario, &CallRun) -> Vec<Finding>,
    bar: &indicatif::ProgressBar,
) -> RepeatSummary {
    let started = Instant::now();
    let concurrency = opts.concurrency.max(1);
    let lanes = usize::try_from(opts.calls)
        .unwrap_or(usize::MAX)
        .min(concurrency);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, lanes.max(1));
    let plan = Arc::new(Plan {
        scenario,
        ctx: ctx.clone(),
        calls: opts.calls,
        next: AtomicU64::new(0),
        start: ctx.clock.now(),
        evaluate,
        bar: bar.clone(),
    });
    // Each thread's pool connects as the call's own client does (its connect deadline).
    let connect_timeout = ctx.client.connect_timeout;
    let make_client = || {
        let mut client = Client::new();
        client.connect_timeout = connect_timeout;
        client
    };
    let lanes = crate::outbound::client::on_threads(lanes, threads, make_client, |client| {
        let mut ctx = plan.ctx.clone();
        ctx.client = client;
        lane(Arc::clone(&plan), ctx)
    });
    let mut summary = RepeatSummary {
        concurrency,
        ..RepeatSummary::default()
    };
    match lanes {
        Ok(lanes) => {
            for lane in lanes {
                match lane {
                    Ok(part) => summary.merge(part),
                    Err(_) => summary.internal_failure(),
                }
            }
        }
        Err(_) => summary.internal_failure(),
    }
    bar.finish_and_clear();
    summary.finish(started.elapsed());
    summary
}

/// What every lane shares.
struct Plan {
    scenario: Arc<Scenario>,
    ctx: CallContext,
    calls: u64,
    /// The next call number to play.
    next: AtomicU64,
    /// Where each call's virtual clock starts.
    start: jiff::Timestamp,
    evaluate: fn(&Scenario, &CallRun) -> Vec<Finding>,
    bar: indicatif::ProgressBar,
}

/// One lane: the next call, then the next, until all are taken.
async fn lane(plan: Arc<Plan>, ctx: CallContext) -> RepeatSummary {
    let mut part = RepeatSummary::default();
    loop {
        let i = plan.next.fetch_add(1, Ordering::Relaxed);
        if i >= plan.calls {
            break;
        }
        let mut call_ctx = ctx.clone();
        call_ctx.seed = ctx.seed.wrapping_add(i);
        if let Clock::Virtual(_) = ctx.clock {
            call_ctx.clock = Clock::starting_at(plan.start);
        }
        let played = AssertUnwindSafe(run_call(&plan.scenario, &call_ctx))
            .catch_unwind()
            .await;
        match played {
            Ok(run) => {
                let extra = if run.unreachable.is_none() {
                    (plan.evaluate)(&plan.scenario, &run)
                } else {
                    Vec::new()
                };
                part.add(run, extra);
            }
            // A call that panicked inside whk: a failed call, never a crash.
            Err(_) => part.internal_failure(),
        }
        plan.bar.inc(1);
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::timeline::EndedBy;
    use crate::finding::Code;

    fn run(findings: Vec<Finding>, unreachable: Option<&str>) -> CallRun {
        CallRun {
            findings,
            webhooks_sent: 6,
            actions_run: 3,
            duration: Duration::from_secs(60),
            ended_by: EndedBy::Caller,
            unreachable: unreachable.map(String::from),
            ..CallRun::default()
        }
    }

    #[test]
    fn calls_fold_into_counts() {
        let mut s = RepeatSummary {
            concurrency: 4,
            ..RepeatSummary::default()
        };
        s.add(run(vec![], None), vec![]);
        let refused = Finding::error(Code::of("call.refused"), "401");
        s.add(run(vec![refused.clone()], None), vec![]);
        s.add(
            run(vec![refused], None),
            vec![Finding::new(
                Code::of("call.expect_said"),
                Severity::Warning,
                "x",
            )],
        );
        s.finish(Duration::from_secs(2));
        assert_eq!((s.calls, s.calls_clean, s.calls_failed), (3, 1, 2));
        assert_eq!(s.webhooks_sent, 18);
        assert_eq!(s.findings, 3);
        assert_eq!(s.findings_by_code["call.refused"], 2);
        assert_eq!(s.examples.len(), 2);
        assert_eq!(s.ended_by["caller"], 3);
        assert_eq!(s.webhooks_per_s, 9.0);
        assert_eq!(s.exit, 1);
        assert_eq!(
            s.line(),
            "3 calls (4 at a time): 1 clean, 2 failed · 18 webhooks in 2.00s (9/s) · 3 findings (call.expect_said ×1, call.refused ×2)"
        );
    }

    #[test]
    fn parts_merge_into_the_same_counts() {
        let refused = Finding::error(Code::of("call.refused"), "401");
        let mut a = RepeatSummary::default();
        a.add(run(vec![refused.clone()], None), vec![]);
        let mut b = RepeatSummary::default();
        b.add(run(vec![refused], None), vec![]);
        b.add(run(vec![], Some("refused")), vec![]);
        a.merge(b);
        a.finish(Duration::from_secs(1));
        assert_eq!((a.calls, a.calls_failed, a.calls_unreachable), (3, 2, 1));
        assert_eq!(a.findings_by_code["call.refused"], 2);
        assert_eq!(a.examples.len(), 1);
        assert_eq!(a.ended_by["caller"], 2);
        assert_eq!(a.unreachable.as_deref(), Some("refused"));
        assert_eq!(a.exit, 1);
    }

    #[test]
    fn all_unreachable_is_exit_2() {
        let mut s = RepeatSummary::default();
        s.add(run(vec![], Some("connection refused")), vec![]);
        s.finish(Duration::from_secs(1));
        assert_eq!(s.exit, 2);
        assert_eq!(s.unreachable.as_deref(), Some("connection refused"));
    }
}
