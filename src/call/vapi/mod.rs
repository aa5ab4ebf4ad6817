//! A Vapi phone call, as the platform's server messages tell it to one server URL. Vapi's model
//! is not emulated: the scenario's `turns` say what the user and the assistant say and which
//! tools the assistant calls with which arguments. whk sends, on the call's clock:
//!
//! 1. `assistant-request` when the scenario sets no `assistant` (its reply is held to Vapi's
//!    contract and its 7.5 s budget, `--answer-deadline`);
//! 2. `status-update` `ringing` (outbound calls) and `in-progress`;
//! 3. per turn: `transcript` (partials when `partial_transcripts`, then the final one) and
//!    `conversation-update`; then for the assistant's tool calls `conversation-update`, `tool-calls` (fresh
//!    `toolCallId`s; the reply is held to the tool contract, `--event-deadline`), and the
//!    results back into the conversation;
//! 4. `status-update` `ended` with the `endedReason`, then `end-of-call-report`.
//!
//! Message shapes are in [`payload`]; the scenario's part in [`script`].

pub mod payload;
pub mod script;

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::engine::{Call, Spent};
use super::sender::{Encoding, Hook, Reply, Retry};
use super::timeline::{CallRun, EndedBy, Item};
use super::vonage::actions::talk::speaking_time;
use crate::detail;
use crate::platform::Contract;
use payload::{CallObject, Common, Conversation, Span};
use script::{CUSTOMER_ENDED, ToolCall, Turn};

/// The Vapi-side defaults: how long the platform waits for an `assistant-request` answer (7.5 s,
/// fixed) and for a tool's (the tool server's `timeoutSeconds`, 20 s by default).
pub const ASSISTANT_REQUEST_DEADLINE: Duration = crate::platform::vapi::ASSISTANT_REQUEST_DEADLINE;
pub const TOOL_DEADLINE: Duration = Duration::from_secs(20);

/// What Vapi puts in the conversation when a tool's answer has no usable result for a call.
pub const NO_RESULT: &str = "No result returned.";

/// The Vapi side of a call in progress.
struct Vapi<'c, 'a> {
    call: &'c mut Call<'a>,
    server_url: String,
    common: Common,
    conversation: Conversation,
    started_at: String,
}

/// Play the call.
pub async fn run(call: &mut Call<'_>) {
    let s = call.scenario;
    let Some(server_url) = s.server_url.clone() else {
        call.run.unreachable =
            Some("no server URL: give --to URL or a scenario file with server_url".into());
        return;
    };
    let call_id = call.ids.uuid();
    let org_id = call.ids.uuid();
    let phone_number_id = call.ids.uuid();
    call.run.uuid = call_id.clone();
    let outbound = s.call.direction.as_deref() == Some("outbound");
    let customer = json!({ "number": format!("+{}", s.call.from.as_deref().unwrap_or("").trim_start_matches('+')) });
    let app_number = format!(
        "+{}",
        s.call.to.as_deref().unwrap_or("").trim_start_matches('+')
    );
    let started_at = call.now_iso();
    let assistant = s
        .assistant
        .as_ref()
        .map(|a| serde_json::to_value(a).unwrap_or_default());
    let call_obj = CallObject {
        id: &call_id,
        org_id: &org_id,
        phone_number_id: &phone_number_id,
        created_at: &started_at,
        outbound,
        customer: &customer,
        assistant_id: s.assistant.as_ref().and_then(|a| a.id.as_deref()),
    }
    .to_value();
    let mut v = Vapi {
        server_url,
        common: Common {
            call: call_obj,
            customer,
            phone_number: json!({
                "id": phone_number_id,
                "orgId": org_id,
                "number": app_number,
                "provider": "vapi",
            }),
            assistant,
        },
        conversation: Conversation::default(),
        started_at,
        call,
    };
    v.play().await;
}

/// How the conversation ended: Vapi's `endedReason` and who that was.
struct Ending {
    reason: String,
    by: EndedBy,
}

/// Who a Vapi `endedReason` names.
fn ended_by(reason: &str) -> EndedBy {
    if reason.starts_with("customer-") {
        EndedBy::Caller
    } else if reason.starts_with("assistant-") {
        EndedBy::App
    } else {
        EndedBy::Platform
    }
}

impl Vapi<'_, '_> {
    async fn play(&mut self) {
        if self.common.assistant.is_none() {
            match self.assistant_request().await {
                Ok(()) => {}
                Err(None) => return,
                Err(Some(ending)) => return self.end(ending).await,
            }
        } else {
            let name = assistant_label(self.common.assistant.as_ref());
            self.call.push_event(
                "assistant",
                detail!("assistant": name, "source": "scenario"),
            );
        }
        let outbound = self.call.scenario.call.direction.as_deref() == Some("outbound");
        if outbound {
            self.set_status("ringing");
            self.status("ringing").await;
            self.call.spend(Duration::from_secs(2)).await;
        }
        self.set_status("in-progress");
        self.status("in-progress").await;
        self.call.answered();
        let ending = self.converse().await;
        self.end(ending).await;
    }

    /// The turns, in order, until they run out or the call ends first.
    async fn converse(&mut self) -> Ending {
        let first = self
            .common
            .assistant
            .as_ref()
            .and_then(|a| a.get("firstMessage"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut turns: Vec<Turn> = Vec::new();
        if let Some(f) = first {
            turns.push(Turn::Assistant {
                text: Some(f),
                tool_calls: Vec::new(),
            });
        }
        turns.extend(self.call.scenario.turns.iter().cloned());
        for (index, turn) in turns.iter().enumerate() {
            let spent = match turn {
                Turn::User(text) => self.speak(true, text, index).await,
                // What the assistant says, then the tools it calls (their results come back
                // before the next turn).
                Turn::Assistant { text, tool_calls } => {
                    let spent = match text {
                        Some(t) => self.speak(false, t, index).await,
                        None => Spent::Done,
                    };
                    if spent == Spent::Done && !tool_calls.is_empty() {
                        self.tool_calls(tool_calls, index).await;
                    }
                    spent
                }
            };
            if let Some(by) = self.call.ended_by_wait(spent) {
                let reason = if by == EndedBy::Caller {
                    CUSTOMER_ENDED
                } else {
                    "exceeded-max-duration"
                };
                return Ending {
                    reason: reason.into(),
                    by,
                };
            }
        }
        let reason = self
            .call
            .scenario
            .ended_reason
            .clone()
            .unwrap_or_else(|| CUSTOMER_ENDED.into());
        Ending {
            by: ended_by(&reason),
            reason,
        }
    }

    /// `assistant-request`: `Ok` with an assistant chosen; `Err(Some)` when the call ends here
    /// (error, transfer, a broken or late answer); `Err(None)` when the server URL is
    /// unreachable.
    async fn assistant_request(&mut self) -> Result<(), Option<Ending>> {
        let payload = self.message("assistant-request", Map::new());
        let deadline = self.call.ctx.deadlines.answer;
        let reply = self
            .send(
                "assistant-request",
                payload,
                Some(Contract::VapiAssistantRequest),
                deadline,
            )
            .await;
        if let Some(why) = reply.unreachable.clone() {
            self.call.run.unreachable = Some(format!("the server URL cannot be reached: {why}"));
            self.call.end(EndedBy::Platform);
            return Err(None);
        }
        let answer = serde_json::from_slice::<Value>(&reply.body).unwrap_or(Value::Null);
        if !reply.ok {
            let reason = if reply.broken {
                "assistant-request-returned-invalid-assistant"
            } else {
                "assistant-request-failed"
            };
            return Err(Some(Ending {
                reason: reason.into(),
                by: EndedBy::Platform,
            }));
        }
        if let Some(e) = answer.get("error").and_then(Value::as_str) {
            self.call
                .push_event("assistant", detail!("assistant": Value::Null, "error": e));
            return Err(Some(Ending {
                reason: "assistant-request-returned-error".into(),
                by: EndedBy::App,
            }));
        }
        if let Some(d) = answer.get("destination") {
            self.call
                .push_event("transferred", detail!("destination": d.clone()));
            return Err(Some(Ending {
                reason: "assistant-forwarded-call".into(),
                by: EndedBy::App,
            }));
        }
        let assistant = match (answer.get("assistantId"), answer.get("assistant")) {
            (Some(Value::String(id)), _) => {
                self.common.call["assistantId"] = Value::from(id.as_str());
                json!({ "id": id })
            }
            (_, Some(a)) => a.clone(),
            _ => json!({}),
        };
        self.common.assistant = Some(assistant);
        let name = assistant_label(self.common.assistant.as_ref());
        self.call.push_event(
            "assistant",
            detail!("assistant": name, "source": "assistant-request"),
        );
        Ok(())
    }

    /// The user or the assistant says `text`: partial transcripts while they speak (when
    /// the scenario turns them on), the final one, then `conversation-update`.
    async fn speak(&mut self, user: bool, text: &str, index: usize) -> Spent {
        let slot = self
            .call
            .begin_action(if user { "user" } else { "assistant" }, index);
        let start = self.span_now();
        let total = speaking_time(text);
        let role = if user { "user" } else { "assistant" };
        let words: Vec<&str> = text.split_whitespace().collect();
        let partials = if self.call.scenario.partial_transcripts {
            words.len().saturating_sub(1).min(3)
        } else {
            0
        };
        let mut passed = Duration::ZERO;
        for i in 1..=partials {
            let at = total * i as u32 / (partials as u32 + 1);
            let spent = self.call.spend(at - passed).await;
            passed = at;
            if spent != Spent::Done {
                self.call
                    .end_action(slot, detail!("text": text, "cut_off": true));
                return spent;
            }
            let heard = words[..words.len() * i / (partials + 1)].join(" ");
            self.transcript(role, "partial", &heard).await;
        }
        let spent = self.call.spend(total - passed).await;
        if spent != Spent::Done {
            self.call
                .end_action(slot, detail!("text": text, "cut_off": true));
            return spent;
        }
        self.transcript(role, "final", text).await;
        let end = self.span_now();
        self.conversation.said(
            user,
            text,
            Span {
                end_ms: end.time_ms,
                ..start
            },
        );
        self.conversation_update().await;
        self.call.end_action(slot, detail!("text": text));
        Spent::Done
    }

    /// The assistant calls `calls`: `conversation-update` with the calls, `tool-calls`, the
    /// results into the conversation, `conversation-update` again.
    async fn tool_calls(&mut self, calls: &[ToolCall], index: usize) {
        let list: Vec<Value> = calls
            .iter()
            .map(|t| {
                let id = format!("call_{}", &self.call.ids.hex32()[..24]);
                payload::tool_call(&id, &t.name, &t.arguments)
            })
            .collect();
        let at = self.span_now();
        self.conversation.tool_calls(&list, at);
        self.conversation_update().await;
        let with: Vec<Value> = list
            .iter()
            .zip(calls)
            .map(|(c, t)| payload::tool_with_tool_call(c, &t.name, &self.server_url))
            .collect();
        let mut fields = Map::new();
        fields.insert("toolCallList".into(), Value::from(list.clone()));
        fields.insert("toolWithToolCallList".into(), Value::from(with));
        let slots: Vec<usize> = calls
            .iter()
            .map(|_| self.call.begin_action("tool", index))
            .collect();
        let payload = self.message("tool-calls", fields);
        let deadline = self.call.ctx.deadlines.event;
        let reply = self
            .send(
                "tool-calls",
                payload,
                Some(Contract::VapiToolCalls),
                deadline,
            )
            .await;
        let results = results_of(&reply);
        let at = self.span_now();
        for ((call, t), slot) in list.iter().zip(calls).zip(slots) {
            let id = call.get("id").and_then(Value::as_str).unwrap_or("");
            let got = results.get(id).filter(|_| reply.status == Some(200));
            let (text, answered) = match got {
                Some(r) => (r.clone(), true),
                None => (NO_RESULT.to_string(), false),
            };
            self.conversation.tool_result(id, &t.name, &text, at);
            self.call.end_action(
                slot,
                detail!(
                    "name": t.name,
                    "tool_call_id": id,
                    "arguments": t.arguments,
                    "result": text,
                    "answered": answered,
                ),
            );
        }
        self.conversation_update().await;
    }

    /// `status-update` `ended`, then `end-of-call-report`.
    async fn end(&mut self, ending: Ending) {
        self.call.push_event(
            "ended",
            detail!("by": ending.by.as_str(), "reason": ending.reason, "ended_reason": ending.reason),
        );
        self.call.end(ending.by);
        self.set_status("ended");
        self.common.call["endedReason"] = Value::from(ending.reason.as_str());
        let mut fields = Map::new();
        fields.insert("status".into(), Value::from("ended"));
        fields.insert("endedReason".into(), Value::from(ending.reason.as_str()));
        let m = self.message("status-update", fields);
        self.send("status-update", m, None, self.call.ctx.deadlines.event)
            .await;
        let seconds = self.call.elapsed().as_secs_f64();
        let fields = payload::end_of_call_report(
            &self.conversation,
            &ending.reason,
            &self.started_at,
            &self.call.now_iso(),
            seconds,
        );
        let m = self.message("end-of-call-report", fields);
        self.send("end-of-call-report", m, None, self.call.ctx.deadlines.event)
            .await;
    }

    fn set_status(&mut self, status: &str) {
        self.common.call["status"] = Value::from(status);
        self.common.call["updatedAt"] = Value::from(self.call.now_iso());
    }

    async fn status(&mut self, status: &str) {
        let mut fields = Map::new();
        fields.insert("status".into(), Value::from(status));
        let m = self.message("status-update", fields);
        self.send("status-update", m, None, self.call.ctx.deadlines.event)
            .await;
    }

    async fn transcript(&mut self, role: &str, kind: &str, text: &str) {
        let mut fields = Map::new();
        fields.insert("role".into(), Value::from(role));
        fields.insert("transcriptType".into(), Value::from(kind));
        fields.insert("transcript".into(), Value::from(text));
        let m = self.message("transcript", fields);
        self.send("transcript", m, None, self.call.ctx.deadlines.event)
            .await;
    }

    async fn conversation_update(&mut self) {
        let m = self.message("conversation-update", self.conversation.update_fields());
        self.send(
            "conversation-update",
            m,
            None,
            self.call.ctx.deadlines.event,
        )
        .await;
    }

    fn message(&self, kind: &str, fields: Map<String, Value>) -> Value {
        self.common
            .message(kind, self.call.now().as_millisecond(), fields)
    }

    fn span_now(&self) -> Span {
        let t = self.call.now().as_millisecond();
        Span {
            time_ms: t,
            end_ms: t,
            seconds_from_start: (self.call.elapsed().as_millis() as f64) / 1000.0,
        }
    }

    /// One server message, POSTed as JSON, not retried (Vapi does not retry server messages).
    async fn send(
        &mut self,
        name: &str,
        payload: Value,
        contract: Option<Contract>,
        deadline: Duration,
    ) -> Reply {
        let hook = Hook {
            encoding: Encoding::Json,
            kind: "server",
            name: name.into(),
            leg: Some(self.call.run.uuid.clone()),
            method: "POST".into(),
            url: self.server_url.clone(),
            payload,
            contract,
            deadline,
            retry: Retry::Never,
            original_type: "server",
        };
        self.call.send(hook).await
    }
}

/// `toolCallId` → `result` (or `error`) text of a `tool-calls` answer, the ones that are
/// strings.
fn results_of(reply: &Reply) -> std::collections::HashMap<String, String> {
    let v = serde_json::from_slice::<Value>(&reply.body).unwrap_or(Value::Null);
    v.get("results")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| {
                    let id = r.get("toolCallId")?.as_str()?;
                    let text = r.get("result").or_else(|| r.get("error"))?.as_str()?;
                    Some((id.to_string(), text.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How an assistant is named on the timeline: its id, else its name, else `transient`.
fn assistant_label(a: Option<&Value>) -> String {
    a.and_then(|a| a.get("id").or_else(|| a.get("name")))
        .and_then(Value::as_str)
        .unwrap_or("transient")
        .to_string()
}

/// A tool call as the run saw it: name, result text, and whether the app answered it.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolOutcome {
    pub name: String,
    pub result: String,
    pub answered: bool,
}

/// The tool calls of a finished run, in order.
pub fn tool_outcomes(run: &CallRun) -> Vec<ToolOutcome> {
    run.actions()
        .filter(|(_, a)| a.action == "tool")
        .map(|(_, a)| ToolOutcome {
            name: str_of(&a.detail, "name"),
            result: str_of(&a.detail, "result"),
            answered: a.detail.get("answered") == Some(&Value::Bool(true)),
        })
        .collect()
}

/// The assistant the call ran with (id, else name), if one was chosen.
pub fn assistant_chosen(run: &CallRun) -> Option<String> {
    events(run, "assistant").find_map(|d| {
        d.get("assistant")
            .and_then(Value::as_str)
            .map(str::to_string)
    })
}

/// The call's `endedReason`.
pub fn ended_reason(run: &CallRun) -> Option<String> {
    events(run, "ended").find_map(|d| {
        d.get("ended_reason")
            .and_then(Value::as_str)
            .map(str::to_string)
    })
}

fn events<'a>(run: &'a CallRun, name: &'a str) -> impl Iterator<Item = &'a Map<String, Value>> {
    run.entries.iter().filter_map(move |e| match &e.item {
        Item::Event(ev) if ev.event == name => Some(&ev.detail),
        _ => None,
    })
}

fn str_of(m: &Map<String, Value>, k: &str) -> String {
    m.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_reasons_name_who_ended_the_call() {
        assert_eq!(ended_by("customer-ended-call"), EndedBy::Caller);
        assert_eq!(ended_by("assistant-ended-call"), EndedBy::App);
        assert_eq!(ended_by("silence-timed-out"), EndedBy::Platform);
    }
}
