//! The shapes of Vapi's server messages (VapiAI/docs `fern/apis/api/openapi.json`,
//! `ServerMessage*`; `fern/server-url/events.mdx`): every one is `{"message": {...}}` with
//! `type`, `timestamp` (milliseconds), `call`, `customer`, `phoneNumber` and, once one is
//! chosen, `assistant`.

use serde_json::{Map, Value, json};

/// What every message of one call carries.
#[derive(Clone, Debug)]
pub struct Common {
    /// The `call` object (id, orgId, type, status, phoneNumberId, customer, …).
    pub call: Value,
    pub customer: Value,
    pub phone_number: Value,
    /// The active assistant, once known.
    pub assistant: Option<Value>,
}

impl Common {
    /// `{"message": {"type": t, "timestamp": ms, <fields>, "call", "assistant"?, "customer",
    /// "phoneNumber"}}`.
    pub fn message(&self, kind: &str, timestamp_ms: i64, fields: Map<String, Value>) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), Value::from(kind));
        m.insert("timestamp".into(), Value::from(timestamp_ms));
        m.extend(fields);
        m.insert("call".into(), self.call.clone());
        if let Some(a) = &self.assistant {
            m.insert("assistant".into(), a.clone());
        }
        m.insert("customer".into(), self.customer.clone());
        m.insert("phoneNumber".into(), self.phone_number.clone());
        // Built by hand: `json!` would serialize `m` into a new value (a deep copy).
        let mut outer = Map::new();
        outer.insert("message".into(), Value::Object(m));
        Value::Object(outer)
    }
}

/// The `call` object at the start of a call.
pub struct CallObject<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub phone_number_id: &'a str,
    pub created_at: &'a str,
    pub outbound: bool,
    pub customer: &'a Value,
    pub assistant_id: Option<&'a str>,
}

impl CallObject<'_> {
    pub fn to_value(&self) -> Value {
        let mut c = json!({
            "id": self.id,
            "orgId": self.org_id,
            "createdAt": self.created_at,
            "updatedAt": self.created_at,
            "type": if self.outbound { "outboundPhoneCall" } else { "inboundPhoneCall" },
            "status": if self.outbound { "queued" } else { "ringing" },
            "phoneCallProvider": "vapi",
            "phoneCallTransport": "pstn",
            "phoneNumberId": self.phone_number_id,
            "customer": self.customer,
        });
        if let Some(a) = self.assistant_id {
            c["assistantId"] = Value::from(a);
        }
        c
    }
}

/// One `toolCallList` entry (OpenAPI `ToolCall`): `{id, type: "function", function: {name,
/// arguments}}`.
pub fn tool_call(id: &str, name: &str, arguments: &Map<String, Value>) -> Value {
    json!({
        "id": id,
        "type": "function",
        "function": { "name": name, "arguments": arguments },
    })
}

/// One `toolWithToolCallList` entry: the tool as configured, with its call.
pub fn tool_with_tool_call(call: &Value, name: &str, server_url: &str) -> Value {
    json!({
        "type": "function",
        "function": { "name": name, "parameters": { "type": "object", "properties": {} } },
        "server": { "url": server_url },
        "toolCall": call,
    })
}

/// The conversation so far, in both of Vapi's forms: `messages` (artifact form: `bot`,
/// `user`, `tool_calls`, `tool_call_result` with times) and `messagesOpenAIFormatted`.
#[derive(Clone, Debug, Default)]
pub struct Conversation {
    pub messages: Vec<Value>,
    pub openai: Vec<Value>,
    /// `AI: …` / `User: …` lines, as `artifact.transcript`.
    pub transcript: String,
}

/// When a message was said: its start (epoch ms), end and seconds from the call's start.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub time_ms: i64,
    pub end_ms: i64,
    pub seconds_from_start: f64,
}

impl Conversation {
    /// The user or the assistant said `text`.
    pub fn said(&mut self, user: bool, text: &str, at: Span) {
        let role = if user { "user" } else { "bot" };
        self.messages.push(json!({
            "role": role,
            "message": text,
            "time": at.time_ms,
            "endTime": at.end_ms,
            "secondsFromStart": at.seconds_from_start,
            "duration": at.end_ms - at.time_ms,
        }));
        self.openai.push(json!({
            "role": if user { "user" } else { "assistant" },
            "content": text,
        }));
        let who = if user { "User" } else { "AI" };
        self.transcript.push_str(&format!("{who}: {text}\n"));
    }

    /// The assistant called tools (`calls` are `toolCallList` entries).
    pub fn tool_calls(&mut self, calls: &[Value], at: Span) {
        // In the conversation, arguments are the model's JSON text.
        let as_text: Vec<Value> = calls
            .iter()
            .map(|c| {
                let mut c = c.clone();
                if let Some(f) = c.get_mut("function")
                    && let Some(a) = f.get("arguments")
                {
                    f["arguments"] = Value::from(a.to_string());
                }
                c
            })
            .collect();
        self.messages.push(json!({
            "role": "tool_calls",
            "toolCalls": as_text,
            "message": "",
            "time": at.time_ms,
            "secondsFromStart": at.seconds_from_start,
        }));
        self.openai
            .push(json!({ "role": "assistant", "tool_calls": as_text }));
    }

    /// A tool's result came back.
    pub fn tool_result(&mut self, id: &str, name: &str, result: &str, at: Span) {
        self.messages.push(json!({
            "role": "tool_call_result",
            "toolCallId": id,
            "name": name,
            "result": result,
            "time": at.time_ms,
            "secondsFromStart": at.seconds_from_start,
        }));
        self.openai
            .push(json!({ "role": "tool", "tool_call_id": id, "content": result }));
    }

    /// `conversation-update` fields.
    pub fn update_fields(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("messages".into(), Value::from(self.messages.clone()));
        m.insert(
            "messagesOpenAIFormatted".into(),
            Value::from(self.openai.clone()),
        );
        m
    }
}

/// Vapi's platform fee per minute (USD), the one cost whk can tell without the providers'.
pub const VAPI_FEE_PER_MINUTE: f64 = 0.05;

/// `end-of-call-report` fields.
pub fn end_of_call_report(
    conversation: &Conversation,
    ended_reason: &str,
    started_at: &str,
    ended_at: &str,
    seconds: f64,
) -> Map<String, Value> {
    let minutes = (seconds / 60.0 * 10_000.0).round() / 10_000.0;
    let cost = (minutes * VAPI_FEE_PER_MINUTE * 10_000.0).round() / 10_000.0;
    let mut m = Map::new();
    m.insert("endedReason".into(), Value::from(ended_reason));
    m.insert("cost".into(), json!(cost));
    m.insert(
        "costs".into(),
        json!([{ "type": "vapi", "subType": "normal", "minutes": minutes, "cost": cost }]),
    );
    m.insert("startedAt".into(), Value::from(started_at));
    m.insert("endedAt".into(), Value::from(ended_at));
    m.insert(
        "artifact".into(),
        Value::Object(Map::from_iter([
            (
                "messages".to_string(),
                Value::from(conversation.messages.clone()),
            ),
            (
                "messagesOpenAIFormatted".to_string(),
                Value::from(conversation.openai.clone()),
            ),
            (
                "transcript".to_string(),
                Value::from(conversation.transcript.as_str()),
            ),
        ])),
    );
    m.insert("analysis".into(), json!({}));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_carries_the_common_fields() {
        let c = Common {
            call: json!({"id": "c1"}),
            customer: json!({"number": "+1"}),
            phone_number: json!({"id": "p1"}),
            assistant: None,
        };
        let m = c.message("status-update", 5, {
            let mut f = Map::new();
            f.insert("status".into(), json!("in-progress"));
            f
        });
        assert_eq!(m["message"]["type"], "status-update");
        assert_eq!(m["message"]["timestamp"], 5);
        assert_eq!(m["message"]["call"]["id"], "c1");
        assert!(m["message"].get("assistant").is_none());
    }

    #[test]
    fn the_conversation_keeps_both_forms_and_the_transcript() {
        let at = Span {
            time_ms: 1000,
            end_ms: 2000,
            seconds_from_start: 1.0,
        };
        let mut c = Conversation::default();
        c.said(true, "hi", at);
        let call = tool_call("call_1", "f", &Map::new());
        c.tool_calls(std::slice::from_ref(&call), at);
        c.tool_result("call_1", "f", "ok", at);
        c.said(false, "done", at);
        assert_eq!(c.transcript, "User: hi\nAI: done\n");
        assert_eq!(c.messages[1]["toolCalls"][0]["function"]["arguments"], "{}");
        assert_eq!(c.openai[2]["tool_call_id"], "call_1");
        let r = end_of_call_report(&c, "customer-ended-call", "a", "b", 90.0);
        assert_eq!(r["cost"], json!(0.075));
        assert_eq!(r["artifact"]["messages"].as_array().unwrap().len(), 4);
    }
}
