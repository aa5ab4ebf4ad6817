//! The provider-generic call engine: the call's clock and time budget (the caller's hang-up,
//! the platform's length limit), ids, the timeline being written, and the one way webhooks
//! go out ([`sender`](super::sender)). Each provider's call flow (`vonage/`) drives it.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::scenario::Scenario;
use super::timeline::{ActionRun, CallEvent, CallRun, EndedBy, Entry, Item, Sent};
use crate::clock::Clock;
use crate::finding::Finding;
use crate::outbound::{Client, Signer};

/// The order status events go out in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// The provider's documented order (Vonage: started, ringing, answered, …, completed).
    #[default]
    Documented,
    /// The order seen in real captures (Vonage: ringing before started, same timestamp).
    Observed,
    /// Each batch of status events sent together in a random order (`--seed` repeats it).
    Shuffle,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Documented => "documented",
            Order::Observed => "observed",
            Order::Shuffle => "shuffle",
        }
    }
}

/// How long the app gets to answer each kind of webhook.
#[derive(Clone, Copy, Debug)]
pub struct Deadlines {
    /// Answer URL (and fallback): Vonage's default 5 s read timeout.
    pub answer: Duration,
    /// Event URL: Vonage's default 10 s.
    pub event: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            answer: Duration::from_secs(5),
            event: Duration::from_secs(10),
        }
    }
}

impl Deadlines {
    /// The provider's own defaults (`--answer-deadline`/`--event-deadline` override them).
    /// Vapi: `answer` is the `assistant-request` budget (7.5 s), `event` a tool's timeout
    /// (20 s). Twilio/SignalWire: 15 s for TwiML requests (`answer`) and callbacks (`event`).
    pub fn for_provider(provider: &str) -> Deadlines {
        match provider {
            "vapi" => Deadlines {
                answer: super::vapi::ASSISTANT_REQUEST_DEADLINE,
                event: super::vapi::TOOL_DEADLINE,
            },
            "twilio" | "signalwire" => Deadlines {
                answer: super::twilio::DEADLINE,
                event: super::twilio::DEADLINE,
            },
            _ => Deadlines::default(),
        }
    }
}

/// How long the platform waits for a TCP connection to the app (Vonage's default connect
/// timeout for answer, event and fallback URLs).
pub const CONNECT_DEADLINE: Duration = Duration::from_secs(1);

/// Everything a call needs besides its scenario. Cheap to clone (a `--repeat` run clones it
/// per call with its own seed and clock).
#[derive(Clone, Debug)]
pub struct CallContext {
    pub client: Arc<Client>,
    /// Signs every request (Vonage: the signed-callback JWT with `payload_hash`).
    pub signer: Arc<Signer>,
    /// The call's clock: virtual (instant) by default, the system clock with `--realtime`.
    /// It drives the call's timestamps and durations only; tokens are signed on the wall
    /// clock.
    pub clock: Clock,
    /// Whether the app's real latency moves the virtual clock on (off when the run's time is
    /// fixed with `WHK_NOW`, so timelines are reproducible).
    pub count_latency: bool,
    pub order: Order,
    pub duplicate_events: bool,
    /// Drives the call's ids and `--order shuffle`.
    pub seed: u64,
    pub deadlines: Deadlines,
    /// WebSocket media options (`--ws-to`, `--audio`).
    pub socket: super::websocket::SocketOptions,
}

/// The platform hangs up any call after this long (Vonage's `length_timer` default).
pub const CALL_LIMIT: Duration = Duration::from_secs(7200);

/// Play one call. Never panics on bad input; an unreachable answer URL is
/// [`CallRun::unreachable`].
pub async fn run_call(scenario: &Scenario, ctx: &CallContext) -> CallRun {
    let mut call = Call::new(scenario, ctx);
    match scenario.provider.as_str() {
        "vonage" => super::vonage::run(&mut call).await,
        "twilio" | "signalwire" => super::twilio::run(&mut call).await,
        "vapi" => super::vapi::run(&mut call).await,
        other => {
            call.run.unreachable = Some(format!(
                "provider {other:?} is not emulated yet: whk call plays vonage calls"
            ));
        }
    }
    call.finish()
}

/// How many document steps (NCCO actions, TwiML verbs) may run within one second of call
/// time: a guard against apps whose replies replace the document with itself forever.
pub const MAX_STEPS: usize = 1000;

/// The finding for a call that hit [`MAX_STEPS`].
pub const RUNAWAY: crate::finding::Code = crate::finding::Code::of("call.runaway");

/// Counts steps per second of call time; [`Runaway::tick`] says when a call has run away.
#[derive(Clone, Copy, Debug, Default)]
pub struct Runaway {
    since: u64,
    steps: usize,
}

impl Runaway {
    /// One more step at `now_ms`; `true` when more than [`MAX_STEPS`] ran within a second.
    pub fn tick(&mut self, now_ms: u64) -> bool {
        if now_ms.saturating_sub(self.since) >= 1000 {
            self.since = now_ms;
            self.steps = 0;
        }
        self.steps += 1;
        self.steps > MAX_STEPS
    }
}

/// Deterministic ids and choices (splitmix64): the same seed gives the same call.
#[derive(Clone, Debug)]
pub struct Ids(u64);

impl Ids {
    pub fn new(seed: u64) -> Ids {
        Ids(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 32 lower-case hex digits.
    pub fn hex32(&mut self) -> String {
        format!("{:016x}{:016x}", self.next_u64(), self.next_u64())
    }

    /// A dashed UUID (version 4 shape).
    pub fn uuid(&mut self) -> String {
        let h = self.hex32();
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Shuffle in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A seed for a run without `--seed`: the wall clock's nanoseconds.
pub fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
}

/// How a wait on the call's clock ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spent {
    /// The whole time passed.
    Done,
    /// The caller hung up first (time moved to the hang-up).
    HungUp,
    /// The platform's limit came first.
    Limit,
}

/// One call in progress: its scenario and context, the clock, ids and the timeline so far.
pub struct Call<'a> {
    pub scenario: &'a Scenario,
    pub ctx: &'a CallContext,
    pub ids: Ids,
    start: Timestamp,
    /// When the caller hangs up (from the call's start), once the call is answered.
    hangup_at: Option<Duration>,
    pub run: CallRun,
    /// The next caller step (answers to `input` actions) to use.
    pub next_step: usize,
}

impl<'a> Call<'a> {
    pub fn new(scenario: &'a Scenario, ctx: &'a CallContext) -> Call<'a> {
        let start = ctx.clock.now();
        Call {
            scenario,
            ctx,
            ids: Ids::new(ctx.seed),
            start,
            hangup_at: None,
            run: CallRun {
                provider: scenario.provider.clone(),
                seed: ctx.seed,
                ..CallRun::default()
            },
            next_step: 0,
        }
    }

    /// Time since the call started, on the call's clock.
    pub fn elapsed(&self) -> Duration {
        let d = self.ctx.clock.now().duration_since(self.start);
        Duration::try_from(d).unwrap_or_default()
    }

    /// Now on the call's clock.
    pub fn now(&self) -> Timestamp {
        self.ctx.clock.now()
    }

    /// `t` as Vonage writes times: `2020-01-01T12:00:00.000Z`.
    pub fn iso(t: Timestamp) -> String {
        t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }

    /// Now, as Vonage writes times.
    pub fn now_iso(&self) -> String {
        Call::iso(self.now())
    }

    /// The call is answered now: the caller's hang-up (`hangup_after`) counts from here.
    pub fn answered(&mut self) {
        if let Some(after) = self.scenario.hangup_after {
            self.hangup_at = Some(self.elapsed() + after);
        }
    }

    /// Time left before the caller hangs up or the platform's limit, whichever comes first.
    pub fn remaining(&self) -> (Duration, Spent) {
        let now = self.elapsed();
        let limit = CALL_LIMIT.saturating_sub(now);
        match self.hangup_at {
            Some(h) if h.saturating_sub(now) <= limit => (h.saturating_sub(now), Spent::HungUp),
            _ => (limit, Spent::Limit),
        }
    }

    /// Let `d` pass on the call's clock, unless the call ends first.
    pub async fn spend(&mut self, d: Duration) -> Spent {
        let (left, why) = self.remaining();
        if d < left {
            self.ctx.clock.sleep(d).await;
            Spent::Done
        } else {
            self.ctx.clock.sleep(left).await;
            why
        }
    }

    /// Status events sent together, in the order `--order` picks: as given (`documented`),
    /// with `later` moved before `earlier` when it comes after it (`observed`: what real
    /// captures show, Vonage's `ringing` before `started`, Twilio's `ringing` before
    /// `initiated`), or shuffled with the call's seed (`shuffle`).
    pub fn arrange<'n>(&mut self, names: &[&'n str], earlier: &str, later: &str) -> Vec<&'n str> {
        let mut order = names.to_vec();
        match self.ctx.order {
            Order::Documented => {}
            Order::Observed => {
                if let (Some(e), Some(l)) = (
                    order.iter().position(|n| *n == earlier),
                    order.iter().position(|n| *n == later),
                ) && e < l
                {
                    order.swap(e, l);
                }
            }
            Order::Shuffle => self.ids.shuffle(&mut order),
        }
        order
    }

    /// The call ran away ([`Runaway::tick`]): the finding, and the platform ends the call.
    /// `steps` names what ran (`NCCO actions`), `why` what the app does, `hint` how to stop it.
    pub fn ran_away(&mut self, steps: &str, why: &str, hint: &str) {
        self.find(
            Finding::error(
                RUNAWAY,
                format!("the call ran {MAX_STEPS} {steps} within one second of call time: {why}"),
            )
            .with_hint(hint),
        );
        self.push_event(
            "ended",
            crate::detail!("by": "platform", "reason": format!("too many {steps}")),
        );
        self.end(EndedBy::Platform);
    }

    /// How a wait on the clock ended the call, if it did: the caller hung up, or the
    /// platform's length limit came (the `hangup` event is recorded).
    pub fn ended_by_wait(&mut self, spent: Spent) -> Option<EndedBy> {
        match spent {
            Spent::Done => None,
            Spent::HungUp => {
                self.push_event("hangup", crate::detail!("by": "caller"));
                Some(EndedBy::Caller)
            }
            Spent::Limit => {
                self.push_event(
                    "hangup",
                    crate::detail!("by": "platform", "reason": "the call reached its length limit"),
                );
                Some(EndedBy::Platform)
            }
        }
    }

    /// Let the app's latency pass on a virtual clock (the app really took that long).
    pub fn waited_for_app(&self, latency: Duration) {
        if self.ctx.count_latency {
            self.ctx.clock.advance(latency);
        }
    }

    fn t_ms(&self) -> u64 {
        self.elapsed().as_millis() as u64
    }

    pub fn push(&mut self, item: Item) {
        let t_ms = self.t_ms();
        self.run.entries.push(Entry { t_ms, item });
    }

    /// Record a request (at the time it was sent) and its findings.
    pub fn push_request(&mut self, t_ms: u64, sent: Sent) {
        self.run.webhooks_sent += 1;
        self.run.findings.extend(sent.findings.iter().cloned());
        self.run.entries.push(Entry {
            t_ms,
            item: Item::Request(sent),
        });
    }

    /// Record an action that started at `t_ms` and ran until now.
    pub fn push_action(
        &mut self,
        t_ms: u64,
        action: &str,
        index: usize,
        detail: Map<String, Value>,
    ) {
        let slot = self.begin_action_at(t_ms, action, index);
        self.end_action(slot, detail);
    }

    /// Put an action on the timeline now, before what it sends; [`end_action`] fills in its
    /// duration and details.
    ///
    /// [`end_action`]: Self::end_action
    pub fn begin_action(&mut self, action: &str, index: usize) -> usize {
        let t = self.t_ms();
        self.begin_action_at(t, action, index)
    }

    fn begin_action_at(&mut self, t_ms: u64, action: &str, index: usize) -> usize {
        self.run.actions_run += 1;
        self.run.entries.push(Entry {
            t_ms,
            item: Item::Action(ActionRun {
                action: action.to_string(),
                index,
                duration_ms: 0,
                detail: Map::new(),
            }),
        });
        self.run.entries.len() - 1
    }

    /// The action begun at `slot` ends now, with these details.
    pub fn end_action(&mut self, slot: usize, detail: Map<String, Value>) {
        let now = self.t_ms();
        if let Some(Entry {
            t_ms,
            item: Item::Action(a),
        }) = self.run.entries.get_mut(slot)
        {
            a.duration_ms = now.saturating_sub(*t_ms);
            a.detail.extend(detail);
        }
    }

    pub fn push_event(&mut self, event: &str, detail: Map<String, Value>) {
        self.push(Item::Event(CallEvent {
            event: event.to_string(),
            detail,
        }));
    }

    /// A finding that belongs to no request (a media problem, a scenario mismatch).
    pub fn find(&mut self, f: Finding) {
        self.run.findings.push(f);
    }

    /// The milliseconds timestamp of now, for an entry pushed later.
    pub fn mark(&self) -> u64 {
        self.t_ms()
    }

    pub fn end(&mut self, by: EndedBy) {
        self.run.ended_by = by;
    }

    fn finish(mut self) -> CallRun {
        self.run.duration = self.elapsed();
        self.run
    }
}

/// `{"k": v, …}` as a map, for entry details.
#[macro_export]
macro_rules! detail {
    ($($k:literal : $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = serde_json::Map::new();
        $( m.insert($k.to_string(), serde_json::json!($v)); )*
        m
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_ids() {
        let (mut a, mut b) = (Ids::new(7), Ids::new(7));
        assert_eq!(a.hex32(), b.hex32());
        let u = a.uuid();
        assert_eq!(u, b.uuid());
        let parts: Vec<usize> = u.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert_ne!(Ids::new(8).hex32(), Ids::new(7).hex32());
        let mut v = vec![1, 2, 3, 4, 5];
        a.shuffle(&mut v);
        v.sort();
        assert_eq!(v, [1, 2, 3, 4, 5]);
    }
}
