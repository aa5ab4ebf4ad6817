//! `connect`: a child leg to the endpoint, with its own uuid (32 hex digits for a phone leg,
//! a dashed UUID for app, SIP, VBC and WebSocket legs), the same `conversation_uuid`,
//! `direction: outbound`, and its own status events to the action's `eventUrl` (else the
//! event URL). The scenario's `callee` outcome decides what the callee does:
//!
//! - `answered`: ringing [`RING_TIME`], `answered`; then the two talk until the caller hangs
//!   up, or for [`CALLEE_TALK`] (at most the action's `limit`) after which the callee hangs
//!   up and the NCCO goes on;
//! - `machine`: answered by a machine (answering-machine detection says `machine`);
//! - `busy` (after [`REFUSE_TIME`]), `unanswered` (`detail: unavailable`, after
//!   [`RING_TIME`]), `rejected` (`detail: declined`), `failed` (`detail: cannot_route`),
//!   `timeout` (after the action's `timeout`, 60 s by default): that status, then `completed`
//!   (not after `rejected`, as Vonage staff describe).
//!
//! A phone endpoint's `onAnswer.url` is requested (and held to the NCCO contract) when the
//! callee answers. `eventType: synchronous`: the failure event (or a `machine` result) is answered with an
//! NCCO that replaces the running one. `machineDetection` / `advancedMachineDetection`
//! send a `human`/`machine` event (`call_uuid`); with `behavior`/`hangup` a machine is hung
//! up. A `websocket` endpoint is connected for real ([`crate::call::websocket`]).

use std::time::Duration;

use serde_json::Value;

use super::super::{Flow, Leg, Vonage, payload};
use crate::call::engine::Spent;
use crate::call::scenario::{CalleeOutcome, MachineDetection};
use crate::call::timeline::Item;
use crate::call::websocket::{self, Closed, WsEndpoint};
use crate::clock::Clock;
use crate::detail;
use crate::finding::{Code, Finding};

/// How long a callee's phone rings before it is answered (or found unavailable).
pub const RING_TIME: Duration = Duration::from_secs(5);
/// How long a busy, rejecting or failing callee takes to say so.
pub const REFUSE_TIME: Duration = Duration::from_secs(1);
/// How long an answered callee talks when the caller does not hang up first.
pub const CALLEE_TALK: Duration = Duration::from_secs(60);

/// A `connect` whk cannot run (no endpoint, a bad WebSocket endpoint).
pub const CONNECT: Code = Code::of("call.connect");

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let slot = v.call.begin_action("connect", index);
    let Some(endpoint) = action
        .get("endpoint")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .filter(|e| e.is_object())
    else {
        v.call
            .find(Finding::error(CONNECT, "a connect action has no endpoint"));
        v.call.end_action(slot, detail!("error": "no endpoint"));
        return Flow::Next;
    };
    let kind = endpoint
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("phone");
    let key = match kind {
        "phone" => "number",
        "app" => "user",
        "vbc" => "extension",
        _ => "uri",
    };
    let target = endpoint
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let uuid = if kind == "phone" {
        v.call.ids.hex32()
    } else {
        v.call.ids.uuid()
    };
    let leg = Leg {
        uuid,
        from: action
            .get("from")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| v.caller.to.clone()),
        to: target.clone(),
        direction: "outbound".into(),
        event_url: super::url_field(action, "eventUrl").or_else(|| v.caller.event_url.clone()),
        event_method: super::method_field(action, "eventMethod"),
        answered_at: None,
        answered_ms: None,
    };
    let synchronous = action.get("eventType").and_then(Value::as_str) == Some("synchronous");
    let mut d = detail!("target": target, "endpoint_type": kind, "leg": leg.uuid, "synchronous": synchronous);
    if kind == "websocket" {
        return socket(v, endpoint, leg, slot, d).await;
    }
    let outcome = v.call.scenario.callee_outcome(&target);
    d.insert(
        "outcome".into(),
        serde_json::to_value(outcome).unwrap_or(Value::Null),
    );
    let failure = match outcome {
        CalleeOutcome::Answered | CalleeOutcome::Machine => None,
        CalleeOutcome::Busy => Some(("busy", REFUSE_TIME)),
        CalleeOutcome::Unanswered => Some(("unanswered", RING_TIME)),
        CalleeOutcome::Rejected => Some(("rejected", REFUSE_TIME)),
        CalleeOutcome::Failed => Some(("failed", Duration::ZERO)),
        CalleeOutcome::Timeout => Some((
            "timeout",
            super::secs(super::secs_field(action, "timeout").unwrap_or(60.0)),
        )),
    };
    let first: &[&str] = match outcome {
        CalleeOutcome::Failed | CalleeOutcome::Rejected => &["started"],
        _ => &["started", "ringing"],
    };
    v.status_events(&leg, first).await;
    if let Some((status, after)) = failure {
        let spent = v.spend(after).await;
        if spent != Spent::Done {
            v.call.end_action(slot, d);
            return v.after(spent);
        }
        let body = payload::failure(&leg, &v.conversation_uuid, status, &v.call.now_iso());
        let reply = v.status_event(&leg, status, body, synchronous).await;
        if status != "rejected" {
            v.completed(&leg).await;
        }
        v.call.end_action(slot, d);
        return match reply {
            Some(r) if synchronous => v.follow(&r).await,
            _ => Flow::Next,
        };
    }
    let spent = v.spend(RING_TIME).await;
    if spent != Spent::Done {
        v.call.end_action(slot, d);
        return v.after(spent);
    }
    let mut leg = leg;
    leg.answered_at = Some(v.call.now_iso());
    leg.answered_ms = Some(v.call.mark());
    v.status_events(&leg, &["answered"]).await;
    if let Some(url) = endpoint.pointer("/onAnswer/url").and_then(Value::as_str) {
        on_answer(v, &leg, url).await;
        d.insert("on_answer".into(), Value::from(url));
    }
    // Answering-machine detection.
    let advanced = action
        .get("advancedMachineDetection")
        .or_else(|| action.get("advanced_machine_detection"))
        .filter(|a| a.is_object());
    let behavior = advanced
        .and_then(|a| a.get("behavior"))
        .or_else(|| action.get("machineDetection"))
        .and_then(Value::as_str);
    if let Some(behavior) = behavior {
        let machine = outcome == CalleeOutcome::Machine
            || v.call.scenario.machine_detection == Some(MachineDetection::Machine);
        let result = if machine { "machine" } else { "human" };
        let beep =
            advanced.and_then(|a| a.get("mode")).and_then(Value::as_str) == Some("detect_beep");
        let sub_state = (machine && beep).then_some("beep_start");
        d.insert("machine_detection".into(), Value::from(result));
        let body = payload::machine_detection(
            &leg,
            &v.conversation_uuid,
            result,
            sub_state,
            &v.call.now_iso(),
        );
        let reply = v
            .status_event(&leg, result, body, synchronous && machine)
            .await;
        if machine && behavior == "hangup" {
            d.insert("hung_up_machine".into(), Value::Bool(true));
            v.completed(&leg).await;
            v.call.end_action(slot, d);
            return match reply {
                Some(r) if synchronous => v.follow(&r).await,
                _ => Flow::Next,
            };
        }
    }
    // Bridged: until the caller hangs up, or the callee does (at the latest at `limit`).
    v.children.push(leg.clone());
    let limit = super::secs(super::secs_field(action, "limit").unwrap_or(7200.0));
    let spent = v.spend(CALLEE_TALK.min(limit)).await;
    v.call.end_action(slot, d);
    if spent != Spent::Done {
        return v.after(spent);
    }
    v.children.retain(|l| l.uuid != leg.uuid);
    v.call
        .push_event("hangup", detail!("by": "callee", "leg": leg.uuid));
    v.completed(&leg).await;
    v.callee_hung_up = true;
    Flow::Next
}

/// A phone endpoint's `onAnswer.url`: the NCCO played to the callee before the two are
/// connected, asked like an answer URL (a GET with the callee leg's fields) and held to the
/// same contract. whk checks it but does not play it (the callee's side is not emulated).
async fn on_answer(v: &mut Vonage<'_, '_>, leg: &Leg, url: &str) {
    let mut hook = v.hook(
        "on_answer",
        "on_answer",
        &leg.uuid,
        url.to_string(),
        "GET".into(),
        payload::answer(leg, &v.conversation_uuid),
    );
    hook.contract = Some(crate::platform::Contract::Ncco);
    hook.deadline = v.call.ctx.deadlines.answer;
    v.call.send(hook).await;
}

/// A `websocket` endpoint: connect for real, stream the caller's audio, report what the app
/// sent back, then the `disconnected` event when the app closed the socket.
async fn socket(
    v: &mut Vonage<'_, '_>,
    endpoint: &Value,
    mut leg: Leg,
    slot: usize,
    mut d: serde_json::Map<String, Value>,
) -> Flow {
    let ep = match WsEndpoint::from_ncco(endpoint) {
        Ok(ep) => ep,
        Err(e) => {
            v.call.find(Finding::error(
                CONNECT,
                format!("the websocket endpoint cannot be used: {e}"),
            ));
            v.call.end_action(slot, d);
            return Flow::Next;
        }
    };
    v.status_events(&leg, &["started", "answered"]).await;
    leg.answered_at = Some(v.call.now_iso());
    leg.answered_ms = Some(v.call.mark());
    let mut opts = v.call.ctx.socket.clone();
    let (left, why) = v.call.remaining();
    opts.until = (why == Spent::HungUp).then_some(left);
    let is_vonage = ep
        .authorization
        .as_ref()
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        == Some("vonage");
    if is_vonage {
        opts.vonage_authorization =
            websocket::vonage_bearer(&v.call.ctx.signer, &ep.uri, Clock::System.unix());
    }
    let report = websocket::run_socket(&ep, &opts).await;
    let connected = report.connected();
    d.insert(
        "outcome".into(),
        Value::from(if connected { "answered" } else { "failed" }),
    );
    // The socket's media ran in real time; the call's clock catches up.
    v.call.ctx.clock.advance(report.duration);
    v.call.end_action(slot, d);
    if let Value::Object(mut m) = report.timeline_details() {
        // The line people read, next to the fields (the socket's own wording).
        m.insert("summary".into(), Value::from(report.summary_line()));
        v.call.push(Item::Media(m));
    }
    for f in &report.findings {
        v.call.find(f.clone());
    }
    match report.closed {
        Closed::Hangup => {
            v.children.push(leg);
            let spent = v.spend(Duration::ZERO).await;
            if spent == Spent::Done {
                // The leg ran its course with the call still up: it ends here.
                let leg = v.children.pop();
                if let Some(leg) = leg {
                    v.completed(&leg).await;
                }
                return Flow::Next;
            }
            v.after(spent)
        }
        Closed::NotConnected { .. } => {
            let body = payload::failure(&leg, &v.conversation_uuid, "failed", &v.call.now_iso());
            v.status_event(&leg, "failed", body, false).await;
            v.completed(&leg).await;
            Flow::Next
        }
        Closed::App { .. } | Closed::Error { .. } => {
            let body = payload::disconnected(&leg, &v.conversation_uuid, &v.call.now_iso());
            let reply = v.status_event(&leg, "disconnected", body, true).await;
            v.completed(&leg).await;
            match reply {
                Some(r) => v.follow(&r).await,
                None => Flow::Next,
            }
        }
    }
}
