//! `<Dial>` with a `<Number>`, `<Sip>` or `<Client>` (or a bare number): the scenario's
//! callee outcome for that target (`callee`), on the call's clock as for a Vonage `connect`:
//! an answering callee rings 5 s, then talks 60 s (`timeLimit` caps it) unless the caller
//! hangs up first; busy and rejected take 1 s (`DialCallStatus=busy`); unanswered and
//! timeout ring out `timeout` (default 30 s; `no-answer`); failed is at once (`failed`).
//! The `action` (no default: without one the document goes on with the next verb) gets
//! `DialCallStatus`, `DialCallSid` and `DialCallDuration`; its TwiML replaces the document.
//! A caller who hangs up during the dial still makes the action request; its reply is not
//! run. Several `<Number>`/`<Sip>`/`<Client>` nouns ring at once, as Twilio's simultaneous
//! dialing does: the first in the document whose callee answers is connected (`target`); with
//! none answering the dial ends as the longest failure (no-answer, then busy, then failed).
//! `<Conference>`, `<Queue>` and the rest are not emulated.

use std::time::Duration;

use serde_json::Value;

use super::super::twiml::Verb;
use super::super::{Flavour, Flow, Twilio};
use crate::call::scenario::CalleeOutcome;
use crate::call::vonage::actions::connect::{CALLEE_TALK, REFUSE_TIME, RING_TIME};
use crate::detail;

/// The nouns a dial plays.
const CALLABLE: &[&str] = &["Number", "Sip", "Client"];

pub async fn run(t: &mut Twilio<'_, '_>, verb: &Verb, index: usize) -> Flow {
    // Several nouns ring at once ("simultaneous dialing"): the first in the document whose
    // callee answers is connected; if none does, the dial ends as the longest-lasting failure
    // (no answer, then busy, then failed).
    let mut nouns: Vec<(String, String)> = verb
        .children
        .iter()
        .filter(|n| CALLABLE.contains(&n.name.as_str()))
        .map(|n| (n.name.clone(), n.text.clone()))
        .collect();
    if nouns.is_empty() {
        match verb.children.first() {
            Some(n) => {
                let slot = t.call.begin_action("Dial", index);
                t.call
                    .end_action(slot, detail!("noun": n.name, "emulated": false));
                return Flow::Next;
            }
            None => nouns.push(("Number".to_string(), verb.text.clone())),
        }
    }
    let outcome_of = |target: &str| {
        let s = t.call.scenario;
        let bare = target.trim_start_matches('+');
        if s.callee.contains_key(target) || !s.callee.contains_key(bare) {
            s.callee_outcome(target)
        } else {
            s.callee_outcome(bare)
        }
    };
    let rung: Vec<(String, String, CalleeOutcome)> = nouns
        .into_iter()
        .map(|(noun, target)| {
            let outcome = outcome_of(&target);
            (noun, target, outcome)
        })
        .collect();
    let rank = |o: CalleeOutcome| match o {
        CalleeOutcome::Answered | CalleeOutcome::Machine => 0,
        CalleeOutcome::Unanswered | CalleeOutcome::Timeout => 1,
        CalleeOutcome::Busy | CalleeOutcome::Rejected => 2,
        CalleeOutcome::Failed => 3,
    };
    let (noun, target, outcome) = rung
        .iter()
        .min_by_key(|(_, _, o)| rank(*o))
        .cloned()
        .expect("at least one noun");
    let dialled: Vec<Value> = rung
        .iter()
        .map(|(_, t, _)| Value::from(t.as_str()))
        .collect();
    let timeout = super::secs(verb.number("timeout", 30.0));
    let time_limit = super::secs(verb.number("timeLimit", 14400.0));
    let (status, wait, talk) = match outcome {
        CalleeOutcome::Answered | CalleeOutcome::Machine => (
            "completed",
            RING_TIME.min(timeout),
            CALLEE_TALK.min(time_limit),
        ),
        CalleeOutcome::Busy | CalleeOutcome::Rejected => ("busy", REFUSE_TIME, Duration::ZERO),
        CalleeOutcome::Unanswered | CalleeOutcome::Timeout => {
            ("no-answer", timeout, Duration::ZERO)
        }
        CalleeOutcome::Failed => ("failed", Duration::ZERO, Duration::ZERO),
    };
    let dial_sid = match t.flavour {
        Flavour::Twilio => format!("CA{}", t.call.ids.hex32()),
        Flavour::SignalWire => t.call.ids.uuid(),
    };
    let slot = t.call.begin_action("Dial", index);
    let mut spent = t.call.spend(wait).await;
    let bridged_at = t.call.mark();
    if spent == crate::call::engine::Spent::Done && !talk.is_zero() {
        spent = t.call.spend(talk).await;
    }
    let talked = t.call.mark().saturating_sub(bridged_at) / 1000;
    let ended = t.call.ended_by_wait(spent);
    let dial_status = if ended.is_some() && talk.is_zero() {
        "canceled"
    } else {
        status
    };
    let action = verb.attr("action").map(|a| t.resolve(a));
    t.call.end_action(
        slot,
        detail!(
            "target": target,
            "noun": noun,
            "outcome": serde_json::to_value(outcome).unwrap_or(Value::Null),
            "dial_call_status": dial_status,
            "dial_call_sid": dial_sid,
            "dialled": dialled,
        ),
    );
    let extra = vec![
        ("DialCallStatus", dial_status.to_string()),
        ("DialCallSid", dial_sid),
        ("DialCallDuration", talked.to_string()),
    ];
    match (action, ended) {
        (Some(url), Some(by)) => {
            t.after_hangup("dial", url, verb.method("method"), extra)
                .await;
            Flow::End(by)
        }
        (None, Some(by)) => Flow::End(by),
        (Some(url), None) => t.follow("dial", url, verb.method("method"), extra).await,
        (None, None) => Flow::Next,
    }
}
