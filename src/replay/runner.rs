//! The runner: units (a fixture, or a lifecycle's steps) × `--repeat`, with concurrency, a
//! rate limit, duplicates, shuffling and retries; one [`Report`] per request sent.
//!
//! Each job renders its steps with one [`Context`] (so a lifecycle shares one call id), signs
//! every attempt afresh, and sends. Jobs are numbered and taken from an atomic counter, so
//! memory does not grow with `--repeat`. Reports go straight to the caller's callback under one lock, so it sees
//! them one at a time. With `--shuffle`, the jobs of a small run are taken from a shuffled
//! table and those of a big one from a keyed permutation computed on the fly, so memory stays
//! flat there too. [`run`] works inside any tokio runtime; [`run_blocking`] runs one
//! single-threaded runtime (and connection pool) per OS thread, which avoids a cross-thread
//! wake-up per request and is what the CLI uses.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::seq::SliceRandom as _;

use super::assert::{self, Expectations};
use super::prepare::prepare;
use super::refusal::{self, Hint};
use super::stats::Histogram;
use crate::clock::Clock;
use crate::finding::{Code, Finding};
use crate::fixtures::{Compiled, Context};
use crate::outbound::{
    Client, Exchange, Keyring, MAX_ANSWER_BYTES, Request, SHOWN_ANSWER_BYTES, SendError, Signer,
    Target,
};
use crate::platform::Kind;
use crate::webhook::{self, Provider};

/// One step of a unit: a fixture ready to render, and what its answer must be.
#[derive(Clone, Debug)]
pub struct UnitStep {
    /// The fixture's name (`vapi/status-update` or a path).
    pub fixture: Arc<str>,
    pub event: Option<Arc<str>>,
    /// The provider whose scheme signs it; `None` sends it unsigned.
    pub provider: Option<Provider>,
    pub compiled: Compiled,
    /// Wait before this step (from the lifecycle file).
    pub delay: Option<Duration>,
    /// `{{var:NAME}}` values (a var named after a named placeholder, such as `call_id`, also
    /// pins it: see [`Context::set_vars`]).
    pub vars: HashMap<String, String>,
    pub expect: Expectations,
    /// Which of the platform's URLs it is for (`answer`, `event`, `voice`, …).
    pub kind: Kind,
    /// Where it goes when `--route KIND=URL` names its kind; else the run's target (`--to`).
    pub target: Option<Arc<Target>>,
}

/// What is sent as one job: a single fixture, or a lifecycle's steps in order.
#[derive(Clone, Debug)]
pub struct Unit {
    pub name: Arc<str>,
    pub lifecycle: bool,
    /// The lifecycle's default gap.
    pub gap: Option<Duration>,
    pub steps: Vec<UnitStep>,
}

/// Retry with exponential backoff, in the seeds' `retryConfig` terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub initial_delay: Duration,
    pub max_delay: Duration,
    pub backoff_factor: f64,
}

impl Default for RetryPolicy {
    /// The seeds' `retryConfig` fields with local-friendly values: 5 attempts, 1 s, at most
    /// 30 s, factor 2 (the seed's own 30 s / 1 h model a production sender, too slow at a desk).
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            backoff_factor: 2.0,
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt `attempt` (1-based): initial × factor^(attempt−1),
    /// at most `max_delay`.
    pub fn delay(&self, attempt: u32) -> Duration {
        let exp = self
            .backoff_factor
            .max(1.0)
            .powi(attempt.saturating_sub(1).min(64) as i32);
        let secs = (self.initial_delay.as_secs_f64() * exp).min(self.max_delay.as_secs_f64());
        Duration::from_secs_f64(secs.max(0.0))
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Each unit is sent this many times (fresh ids each time).
    pub repeat: u64,
    /// Jobs in flight at once.
    pub concurrency: usize,
    /// Requests per second across the run.
    pub rate: Option<f64>,
    /// Send every delivery twice, same id and signature.
    pub duplicate: bool,
    /// Deliver out of order: jobs in random order, a lifecycle's steps too.
    pub shuffle: bool,
    pub retry: Option<RetryPolicy>,
    /// Wait between lifecycle steps, overriding the files.
    pub gap: Option<Duration>,
    /// What `{{now_*}}` and signing timestamps read, and what gaps, lifecycle delays and
    /// retry backoff wait on (a virtual clock skips them). `--rate`, `--deadline` and
    /// latencies stay on the monotonic clock.
    pub clock: Clock,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            repeat: 1,
            concurrency: 1,
            rate: None,
            duplicate: false,
            shuffle: false,
            retry: None,
            gap: None,
            clock: Clock::System,
        }
    }
}

/// One request sent (or that could not be prepared).
#[derive(Clone, Debug)]
pub struct Report {
    pub unit: Arc<str>,
    pub fixture: Arc<str>,
    pub event: Option<Arc<str>>,
    pub provider: Option<Provider>,
    /// The step's webhook kind.
    pub kind: Kind,
    /// The job's number across `--repeat` (0-based).
    pub seq: u64,
    /// The step's position in its lifecycle as written (0-based).
    pub step: usize,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The second copy of a `--duplicate` delivery.
    pub duplicate: bool,
    pub method: String,
    pub url: String,
    pub outcome: Exchange,
    /// Why it failed, as findings; empty when it passed.
    pub findings: Vec<Finding>,
    /// Another attempt follows this one.
    pub will_retry: bool,
    /// The run's `{{call_id}}`, when the fixture used it.
    pub call_id: Option<String>,
    /// Likely causes when the endpoint refused (401/403 where another status was expected).
    pub hints: Vec<Hint>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.findings.is_empty()
    }

    /// Why it failed, one sentence per finding (`failures` in `--json`, the human line).
    pub fn failures(&self) -> Vec<&str> {
        crate::finding::messages(&self.findings)
    }
}

/// Totals of a run.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Requests sent, every attempt and duplicate included.
    pub sent: u64,
    /// Deliveries whose last attempt passed (duplicates count as deliveries).
    pub passed: u64,
    pub failed: u64,
    /// Attempts that were followed by a retry.
    pub retried: u64,
    /// Requests refused because nothing listened.
    pub refused: u64,
    /// Latencies of the requests that got an answer.
    pub latency: Histogram,
    pub elapsed: Duration,
}

impl Summary {
    pub fn add(&mut self, r: &Report) {
        self.sent += 1;
        if r.outcome.status.is_some() {
            self.latency.record(r.outcome.latency);
        }
        if matches!(r.outcome.error, Some(SendError::Refused { .. })) {
            self.refused += 1;
        }
        if r.will_retry {
            self.retried += 1;
        } else if r.passed() {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
    }
}

struct Rate {
    interval: Duration,
    next: std::sync::Mutex<Instant>,
}

impl Rate {
    async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot.checked_add(self.interval).unwrap_or(slot);
            slot
        };
        tokio::time::sleep_until(slot.into()).await;
    }
}

struct Shared {
    units: Arc<Vec<Unit>>,
    target: Arc<Target>,
    signers: Arc<Keyring>,
    opts: RunOptions,
    next: AtomicU64,
    total: u64,
    order: Option<Order>,
    rate: Option<Rate>,
}

/// Where reports go: the totals and the caller's callback, behind one lock, so reports are
/// handled one at a time and without a channel hop.
type Callback = Box<dyn FnMut(&Report) + Send>;

struct Sink {
    inner: std::sync::Mutex<(Summary, Callback)>,
}

impl Sink {
    fn report(&self, r: Report) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.0.add(&r);
        (g.1)(&r);
    }

    fn finish(self, started: Instant) -> Summary {
        let (mut summary, _) = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        summary.elapsed = started.elapsed();
        summary
    }
}

/// A delivery id for schemes that carry one (Standard Webhooks `webhook-id`, a Vonage JWT's
/// `jti`): shared by a delivery's retries and duplicates, as a provider's are.
pub fn delivery_id(provider: Option<Provider>) -> String {
    match provider {
        Some(Provider::Standard) => webhook::random_id("msg_"),
        _ => webhook::random_uuid(),
    }
}

/// The longest wait between two requests that `RunOptions::rate` can ask for (a rate so low
/// that its interval overflows is clamped here rather than panicking).
const MAX_RATE_INTERVAL: Duration = Duration::from_secs(86_400);

/// Runs with up to this many jobs are shuffled through a table (8 MiB at most); bigger runs
/// use [`Feistel`], so `--repeat 1e11 --shuffle` does not try to allocate 800 GB.
const ORDER_TABLE_MAX: u64 = 1 << 20;

/// The order jobs are taken in under `--shuffle`: a random permutation of `0..n`.
#[derive(Debug)]
enum Order {
    Table(Vec<u64>),
    Feistel(Feistel),
}

impl Order {
    fn new(n: u64, table_max: u64) -> Order {
        if n <= table_max {
            Order::Table(shuffled(n as usize).into_iter().map(|i| i as u64).collect())
        } else {
            Order::Feistel(Feistel::new(n))
        }
    }

    fn get(&self, i: u64) -> u64 {
        match self {
            Order::Table(t) => t[i as usize],
            Order::Feistel(f) => f.get(i),
        }
    }
}

/// A keyed pseudo-random permutation of `0..n` in O(1) memory: a 4-round balanced Feistel
/// network over the smallest even number of bits that covers `n`, walked along its cycle until
/// it lands below `n` (the domain is under 4n, so that takes fewer than 4 steps on average,
/// and it always ends: the cycle through `i` comes back to `i`).
#[derive(Debug)]
struct Feistel {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Feistel {
    fn new(n: u64) -> Feistel {
        let bits = (64 - n.saturating_sub(1).leading_zeros()).max(2);
        Feistel {
            n,
            half_bits: bits.div_ceil(2),
            keys: rand::random(),
        }
    }

    fn round(&self, x: u64, key: u64) -> u64 {
        // splitmix64's finaliser of x ^ key.
        let mut z = (x ^ key).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn encrypt(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut l, mut r) = (x >> self.half_bits, x & mask);
        for k in self.keys {
            let f = self.round(r, k) & mask;
            (l, r) = (r, l ^ f);
        }
        (l << self.half_bits) | r
    }

    fn get(&self, i: u64) -> u64 {
        let mut x = i;
        loop {
            x = self.encrypt(x);
            if x < self.n {
                return x;
            }
        }
    }
}

/// A permutation of `0..n` that is not the identity (when `n > 1`).
fn shuffled(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    v.shuffle(&mut rand::rng());
    if n > 1 && v.iter().enumerate().all(|(i, x)| i == *x) {
        v.rotate_left(1);
    }
    v
}

fn shared(
    units: Arc<Vec<Unit>>,
    target: Arc<Target>,
    signers: Arc<Keyring>,
    opts: RunOptions,
) -> Arc<Shared> {
    let total = opts.repeat.saturating_mul(units.len() as u64);
    let order = (opts.shuffle && total > 1).then(|| Order::new(total, ORDER_TABLE_MAX));
    let rate = opts
        .rate
        .filter(|r| *r > 0.0)
        .map(|r| Duration::try_from_secs_f64(1.0 / r).unwrap_or(MAX_RATE_INTERVAL))
        .map(|interval| Rate {
            interval: interval.min(MAX_RATE_INTERVAL),
            next: std::sync::Mutex::new(Instant::now()),
        });
    Arc::new(Shared {
        units,
        target,
        signers,
        opts,
        next: AtomicU64::new(0),
        total,
        order,
        rate,
    })
}

impl Shared {
    fn workers(&self) -> usize {
        self.opts.concurrency.max(1).min(self.total.max(1) as usize)
    }
}

/// Send everything from inside a tokio runtime; `on_report` sees each request as it
/// completes (one at a time). Returns the totals.
pub async fn run(
    units: Arc<Vec<Unit>>,
    target: Arc<Target>,
    signers: Arc<Keyring>,
    client: Arc<Client>,
    opts: RunOptions,
    on_report: impl FnMut(&Report) + Send + 'static,
) -> Summary {
    let started = Instant::now();
    let shared = shared(units, target, signers, opts);
    let sink = Arc::new(Sink {
        inner: std::sync::Mutex::new((Summary::default(), Box::new(on_report))),
    });
    let mut handles = Vec::new();
    for _ in 0..shared.workers() {
        let (shared, client, sink) = (shared.clone(), client.clone(), sink.clone());
        handles.push(tokio::spawn(async move {
            worker(&shared, &client, &sink).await
        }));
    }
    for h in handles {
        let _ = h.await;
    }
    finish(sink, started)
}

fn finish(sink: Arc<Sink>, started: Instant) -> Summary {
    match Arc::try_unwrap(sink) {
        Ok(s) => s.finish(started),
        Err(arc) => {
            let g = arc.inner.lock().unwrap_or_else(|e| e.into_inner());
            let mut summary = g.0.clone();
            summary.elapsed = started.elapsed();
            summary
        }
    }
}

/// Send everything on `threads` OS threads, each with its own single-threaded runtime and
/// connection pool (no cross-thread wake-ups per request: the fast path for big runs).
pub fn run_blocking(
    units: Arc<Vec<Unit>>,
    target: Arc<Target>,
    signers: Arc<Keyring>,
    opts: RunOptions,
    threads: usize,
    on_report: impl FnMut(&Report) + Send + 'static,
) -> std::io::Result<Summary> {
    let started = Instant::now();
    let shared = shared(units, target, signers, opts);
    let sink = Arc::new(Sink {
        inner: std::sync::Mutex::new((Summary::default(), Box::new(on_report))),
    });
    // A lane that panicked has nothing to report: what it sent is in the sink already.
    let _ =
        crate::outbound::client::on_threads(shared.workers(), threads, Client::new, |client| {
            let (shared, sink) = (shared.clone(), sink.clone());
            async move { worker(&shared, &client, &sink).await }
        })?;
    Ok(finish(sink, started))
}

async fn worker(shared: &Shared, client: &Client, sink: &Sink) {
    let n_units = shared.units.len() as u64;
    loop {
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        if i >= shared.total {
            break;
        }
        let job = shared.order.as_ref().map_or(i, |o| o.get(i));
        let unit = &shared.units[(job % n_units) as usize];
        run_unit(shared, client, unit, job / n_units, sink).await;
    }
}

async fn run_unit(shared: &Shared, client: &Client, unit: &Unit, seq: u64, sink: &Sink) {
    let mut ctx = Context::new(seq, shared.opts.clock.clone());
    let order: Vec<usize> = if shared.opts.shuffle && unit.steps.len() > 1 {
        shuffled(unit.steps.len())
    } else {
        (0..unit.steps.len()).collect()
    };
    for (pos, &idx) in order.iter().enumerate() {
        let step = &unit.steps[idx];
        if pos > 0 {
            let wait = shared
                .opts
                .gap
                .or(step.delay)
                .or(unit.gap)
                .unwrap_or(Duration::ZERO);
            shared.opts.clock.sleep(wait).await;
        }
        ctx.step = idx as u64;
        ctx.set_vars(&step.vars);
        let rendered = step.compiled.render(&mut ctx);
        let call_id = ctx.named("uuid:call").map(str::to_string);
        let delivery_id = delivery_id(step.provider);
        let signer = step.provider.and_then(|p| shared.signers.get(p));
        let mut attempt = 0;
        loop {
            attempt += 1;
            let base = new_report(unit, step, seq, idx, attempt, &rendered.method, &call_id);
            let prepared = match prepare(
                &rendered,
                step.target.as_deref().unwrap_or(&shared.target),
                signer,
                shared.opts.clock.unix(),
                Some(&delivery_id),
            ) {
                Ok(p) => Arc::new(p),
                Err(e) => {
                    let mut r = base;
                    r.findings.push(Finding::error(
                        Code::REPLAY_SIGN,
                        format!("cannot sign: {e}"),
                    ));
                    sink.report(r);
                    break;
                }
            };
            let (report, retry_after) =
                send_one(shared, client, step, signer, &prepared, base, attempt).await;
            sink.report(report);
            if let Some(wait) = retry_after {
                shared.opts.clock.sleep(wait).await;
                continue;
            }
            if shared.opts.duplicate {
                let dup_base = Report {
                    duplicate: true,
                    ..new_report(unit, step, seq, idx, attempt, &rendered.method, &call_id)
                };
                let (mut report, _) =
                    send_one(shared, client, step, signer, &prepared, dup_base, attempt).await;
                report.will_retry = false;
                sink.report(report);
            }
            break;
        }
    }
}

fn new_report(
    unit: &Unit,
    step: &UnitStep,
    seq: u64,
    idx: usize,
    attempt: u32,
    method: &str,
    call_id: &Option<String>,
) -> Report {
    Report {
        unit: unit.name.clone(),
        fixture: step.fixture.clone(),
        event: step.event.clone(),
        provider: step.provider,
        kind: step.kind,
        seq,
        step: idx,
        attempt,
        duplicate: false,
        method: method.to_string(),
        url: String::new(),
        outcome: Exchange::default(),
        findings: Vec::new(),
        will_retry: false,
        call_id: call_id.clone(),
        hints: Vec::new(),
    }
}

/// Send one prepared request and assess it; the wait before a retry, if one is due.
async fn send_one(
    shared: &Shared,
    client: &Client,
    step: &UnitStep,
    signer: Option<&Signer>,
    prepared: &Arc<Request>,
    mut report: Report,
    attempt: u32,
) -> (Report, Option<Duration>) {
    if let Some(rate) = &shared.rate {
        rate.wait().await;
    }
    // The whole body only where an assertion reads it; else what a report shows.
    let keep = if step.expect.read_body() {
        MAX_ANSWER_BYTES
    } else {
        SHOWN_ANSWER_BYTES
    };
    let mut outcome = client
        .send_keeping(prepared, step.expect.deadline, keep)
        .await;
    outcome.request = Some(prepared.clone());
    let mut failures = assert::check(&step.expect, prepared, &outcome);
    let retry_after = match &shared.opts.retry {
        Some(policy)
            if !failures.is_empty()
                && attempt < policy.max_attempts
                && !report.duplicate
                && assert::is_retryable(&step.expect, &outcome) =>
        {
            Some(policy.delay(attempt))
        }
        _ => None,
    };
    report.url.clone_from(&prepared.url);
    if let Some(status) = outcome.status
        && !step.expect.status.matches(status)
    {
        report.hints = refusal::hints(status, signer, &prepared.url);
        // The likely causes of a refusal are the status finding's hint.
        if !report.hints.is_empty()
            && let Some(f) = failures.iter_mut().find(|f| f.code == Code::REPLAY_STATUS)
        {
            f.hint = Some(refusal::summary(&report.hints));
        }
    }
    report.outcome = outcome;
    report.findings = failures;
    report.will_retry = retry_after.is_some();
    (report, retry_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        let p = RetryPolicy {
            max_attempts: 5,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
            backoff_factor: 2.0,
        };
        assert_eq!(p.delay(1), Duration::from_millis(100));
        assert_eq!(p.delay(2), Duration::from_millis(200));
        assert_eq!(p.delay(3), Duration::from_millis(400));
        assert_eq!(p.delay(4), Duration::from_millis(500));
        assert_eq!(RetryPolicy::default().delay(1), Duration::from_secs(1));
    }

    #[test]
    fn big_shuffles_are_permutations_in_constant_memory() {
        for n in [2u64, 3, 5, 17, 1000, 4097, 65_536, 100_003] {
            let order = Order::new(n, 0);
            assert!(matches!(order, Order::Feistel(_)));
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = order.get(i);
                assert!(
                    j < n && !seen[j as usize],
                    "n={n}: {i} -> {j} repeats or escapes"
                );
                seen[j as usize] = true;
            }
        }
        // A huge run is set up at once, without a table.
        let order = Order::new(100_000_000_000, ORDER_TABLE_MAX);
        assert!(order.get(99_999_999_999) < 100_000_000_000);
        assert!(matches!(Order::new(1000, ORDER_TABLE_MAX), Order::Table(_)));
    }

    #[test]
    fn absurd_rates_do_not_panic() {
        for rate in [1e-300, f64::MIN_POSITIVE, 1e300] {
            let opts = RunOptions {
                rate: Some(rate),
                ..RunOptions::default()
            };
            let s = shared(
                Arc::new(Vec::new()),
                Arc::new(Target::parse("http://127.0.0.1:1/").unwrap()),
                Arc::new(Keyring::default()),
                opts,
            );
            assert!(s.rate.as_ref().unwrap().interval <= MAX_RATE_INTERVAL);
        }
    }

    #[test]
    fn shuffles_are_never_the_identity() {
        for n in 2..6 {
            for _ in 0..50 {
                let v = shuffled(n);
                assert!(v.iter().enumerate().any(|(i, x)| i != *x));
                let mut s = v.clone();
                s.sort();
                assert_eq!(s, (0..n).collect::<Vec<_>>());
            }
        }
    }
}
