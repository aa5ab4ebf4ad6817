//! A Vonage Voice call, as the platform plays it: the answer webhook (with retries and the
//! fallback URL), the caller leg's status events, the NCCO run action by action
//! ([`actions`]), replacement NCCOs, and the end of the call (recordings, child legs,
//! `completed`).
//!
//! Payload shapes are in [`payload`]; the order and duplication of status events in
//! [`events`].

pub mod actions;
pub mod events;
pub mod payload;

use std::collections::VecDeque;

use serde_json::Value;

use super::engine::{Call, Spent};
use super::sender::{Encoding, Hook, Reply, Retry};
use super::timeline::EndedBy;
use crate::detail;
use crate::platform::Contract;

/// The reason of the error event Vonage sends for an NCCO it cannot run (webhook reference,
/// "Errors").
pub const NCCO_ERROR_REASON: &str = "Syntax error in NCCO. Invalid value type or action.";

/// Where the region's API lives (`region_url` of the answer webhook).
pub const REGION_URL: &str = "https://api-eu-1.vonage.com";

/// One leg of the call.
#[derive(Clone, Debug)]
pub struct Leg {
    pub uuid: String,
    pub from: String,
    pub to: String,
    /// `inbound` or `outbound`.
    pub direction: String,
    /// Where its status events go, and how.
    pub event_url: Option<String>,
    pub event_method: String,
    /// When it was answered (ISO time), for `completed`.
    pub answered_at: Option<String>,
    pub answered_ms: Option<u64>,
}

/// A recording still running (asynchronous `record`): its event is sent when it ends.
#[derive(Clone, Debug)]
pub struct PendingRecord {
    pub action: Value,
    pub started_iso: String,
    pub started_ms: u64,
    pub recording_uuid: String,
}

/// The Vonage side of a call in progress.
pub struct Vonage<'c, 'a> {
    pub call: &'c mut Call<'a>,
    pub conversation_uuid: String,
    pub caller: Leg,
    /// Legs created by `connect` that are still up.
    pub children: Vec<Leg>,
    pub recordings: Vec<PendingRecord>,
    /// The last `connect` ended because its callee hung up.
    pub callee_hung_up: bool,
}

/// What the NCCO does next after an action.
#[derive(Debug)]
pub enum Flow {
    /// The next action.
    Next,
    /// A new NCCO replaces the running one.
    Replace(Vec<Value>),
    /// The call is over.
    End(EndedBy),
}

/// Play the call.
pub async fn run(call: &mut Call<'_>) {
    let s = call.scenario;
    let caller_uuid = call.ids.hex32();
    let conversation_uuid = format!("CON-{}", call.ids.uuid());
    call.run.uuid = caller_uuid.clone();
    call.run.conversation_uuid = conversation_uuid.clone();
    let caller = Leg {
        uuid: caller_uuid,
        from: s.call.from.clone().unwrap_or_else(|| "447700900000".into()),
        to: s.call.to.clone().unwrap_or_else(|| "447700900001".into()),
        direction: s.call.direction.clone().unwrap_or_else(|| "inbound".into()),
        event_url: s.event_url.clone(),
        event_method: s.event_method.clone().unwrap_or_else(|| "POST".into()),
        answered_at: None,
        answered_ms: None,
    };
    let mut v = Vonage {
        call,
        conversation_uuid,
        caller,
        children: Vec::new(),
        recordings: Vec::new(),
        callee_hung_up: false,
    };
    let leg = v.caller.clone();
    // An inbound call asks the answer URL first; an outbound one (created through the API)
    // rings and is answered, then asks it.
    let outbound = leg.direction == "outbound";
    if outbound {
        v.status_events(&leg, &["started", "ringing", "answered"])
            .await;
        v.caller.answered_at = Some(v.call.now_iso());
        v.caller.answered_ms = Some(v.call.mark());
    }
    let Some(ncco) = v.answer().await else {
        if outbound {
            let leg = v.caller.clone();
            v.completed(&leg).await;
        }
        return;
    };
    if !outbound {
        v.status_events(&leg, &["started", "ringing", "answered"])
            .await;
    }
    v.run_ncco(ncco).await;
    v.hang_up().await;
}

impl Vonage<'_, '_> {
    /// Request the answer URL; the NCCO it returns, or `None` when the call ends here.
    async fn answer(&mut self) -> Option<Vec<Value>> {
        let s = self.call.scenario;
        let Some(url) = s.answer_url.clone() else {
            self.call.run.unreachable = Some(
                "no answer URL: give --answer-url, --to or a scenario file with answer_url".into(),
            );
            return None;
        };
        let hook = Hook {
            encoding: Encoding::Json,
            kind: "answer",
            name: "answer".into(),
            leg: Some(self.caller.uuid.clone()),
            method: s.answer_method.clone().unwrap_or_else(|| "GET".into()),
            url,
            payload: payload::answer(&self.caller, &self.conversation_uuid),
            contract: Some(Contract::Ncco),
            deadline: self.call.ctx.deadlines.answer,
            retry: Retry::Fallback,
            original_type: "answer",
        };
        let reply = self.call.send(hook).await;
        if let Some(why) = reply.unreachable {
            self.call.run.unreachable = Some(format!("the answer URL cannot be reached: {why}"));
            self.call.end(EndedBy::Platform);
            return None;
        }
        match reply.ncco.and_then(|n| n.as_array().cloned()) {
            Some(n) if reply.ok => {
                self.call.answered();
                if self.caller.answered_at.is_none() {
                    self.caller.answered_at = Some(self.call.now_iso());
                    self.caller.answered_ms = Some(self.call.mark());
                }
                Some(n)
            }
            _ => {
                if reply.broken {
                    self.error_event().await;
                }
                self.call.push_event(
                    "ended",
                    detail!("by": "platform", "reason": "no usable NCCO from the answer URL"),
                );
                self.call.end(EndedBy::Platform);
                None
            }
        }
    }

    /// The error event for an NCCO the platform cannot run.
    pub async fn error_event(&mut self) {
        let body = payload::error(
            NCCO_ERROR_REASON,
            &self.conversation_uuid,
            &self.call.now_iso(),
        );
        let caller = self.caller.clone();
        self.send_event(&caller, "error", body).await;
    }

    /// Run an NCCO to its end, following replacements.
    async fn run_ncco(&mut self, first: Vec<Value>) {
        let mut ncco: VecDeque<Value> = first.into();
        let mut index = 0;
        let mut guard = super::engine::Runaway::default();
        loop {
            let Some(action) = ncco.pop_front() else {
                let by = if self.callee_hung_up {
                    EndedBy::Callee
                } else {
                    EndedBy::App
                };
                self.call.push_event(
                    "ended",
                    detail!("by": by.as_str(), "reason": "the NCCO ran out"),
                );
                self.call.end(by);
                return;
            };
            self.callee_hung_up = false;
            // Time moving on bounds a call (the caller, the 2-hour limit); actions that take
            // (next to) none do not, so a run of them within one second is capped.
            if guard.tick(self.call.mark()) {
                self.call.ran_away(
                    "NCCO actions",
                    "the app's replies keep replacing the NCCO with one that comes back to them",
                    "end the NCCO (or let the caller hang up) on some path; check what your input/notify handlers return",
                );
                return;
            }
            match actions::run(self, &action, index).await {
                Flow::Next => index += 1,
                Flow::Replace(n) => {
                    ncco = n.into();
                    index = 0;
                }
                Flow::End(by) => {
                    self.call.end(by);
                    return;
                }
            }
        }
    }

    /// Turn a reply into the next step: its NCCO replaces the running one; a broken one ends
    /// the call with an error event; anything else lets the NCCO go on.
    pub async fn follow(&mut self, reply: &Reply) -> Flow {
        if reply.broken {
            self.error_event().await;
            self.call.push_event(
                "ended",
                detail!("by": "platform", "reason": "a reply's NCCO broke the contract"),
            );
            return Flow::End(EndedBy::Platform);
        }
        match reply.ncco.as_ref().and_then(Value::as_array) {
            Some(n) => Flow::Replace(n.clone()),
            None => Flow::Next,
        }
    }

    /// Let `d` pass on the call's clock, unless the call ends first.
    pub async fn spend(&mut self, d: std::time::Duration) -> Spent {
        self.call.spend(d).await
    }

    /// After an action: how the wait ended, as the next flow (a hang-up is recorded).
    pub fn after(&mut self, spent: Spent) -> Flow {
        match self.call.ended_by_wait(spent) {
            None => Flow::Next,
            Some(by) => Flow::End(by),
        }
    }

    /// The next caller step, if any is left.
    pub fn next_step(&mut self) -> Option<super::scenario::CallerStep> {
        let step = self.call.scenario.caller.get(self.call.next_step).cloned();
        if step.is_some() {
            self.call.next_step += 1;
        }
        step
    }

    /// The next caller step without using it.
    pub fn peek_step(&self) -> Option<&super::scenario::CallerStep> {
        self.call.scenario.caller.get(self.call.next_step)
    }

    /// The end of the call: running recordings end, child legs and the caller complete.
    async fn hang_up(&mut self) {
        let pending = std::mem::take(&mut self.recordings);
        for r in pending {
            actions::record::finish(self, &r).await;
        }
        let children = std::mem::take(&mut self.children);
        for leg in children {
            self.completed(&leg).await;
        }
        let leg = self.caller.clone();
        self.completed(&leg).await;
    }

    /// The `completed` event of a leg.
    pub async fn completed(&mut self, leg: &Leg) {
        let by = if self.call.run.ended_by == EndedBy::Caller {
            "user"
        } else {
            "platform"
        };
        let answered = leg.answered_ms.unwrap_or(self.call.mark());
        let secs = self.call.mark().saturating_sub(answered) / 1000;
        let p = payload::completed(leg, &self.conversation_uuid, &self.call.now_iso(), secs, by);
        self.status_event(leg, "completed", p, false).await;
    }

    /// A webhook about leg `leg` to `url` by `method`: no contract on the reply, tried twice
    /// ([`Hook::expecting_ncco`] for replies that may carry an NCCO).
    pub fn hook(
        &self,
        kind: &'static str,
        name: &str,
        leg: &str,
        url: String,
        method: String,
        payload: Value,
    ) -> Hook {
        Hook {
            encoding: Encoding::Json,
            kind,
            name: name.into(),
            leg: Some(leg.to_string()),
            method,
            url,
            payload,
            contract: None,
            deadline: self.call.ctx.deadlines.event,
            retry: Retry::Once,
            original_type: "event",
        }
    }

    /// Send a webhook whose reply may replace the NCCO, and follow the reply.
    pub async fn send_for_ncco(&mut self, hook: Hook) -> Flow {
        let reply = self.call.send(hook.expecting_ncco(Retry::Fallback)).await;
        self.follow(&reply).await
    }

    /// Send one event about `leg` to its event URL (no contract on the reply).
    pub async fn send_event(&mut self, leg: &Leg, name: &str, payload: Value) -> Option<Reply> {
        let url = leg.event_url.clone()?;
        let hook = self.hook(
            "event",
            name,
            &leg.uuid,
            url,
            leg.event_method.clone(),
            payload,
        );
        Some(self.call.send(hook).await)
    }
}
