//! The Vapi part of a scenario: where the server messages go, how they are signed, and the
//! conversation as a script (Vapi's model is not emulated: the scenario says what the user
//! says, what the assistant says, and which tools it calls with which arguments).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How the server URL's requests are authenticated.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SecretMode {
    /// Vapi's HMAC credential (`x-signature` over `{timestamp}.{body}`, `x-timestamp`).
    #[default]
    Hmac,
    /// The legacy server URL secret, sent as it is in `X-Vapi-Secret`.
    XVapiSecret,
}

/// The assistant the call runs with, when the scenario sets one (no `assistant-request` then).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AssistantInfo {
    /// `assistantId` of a saved assistant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Said before the user's first turn.
    #[serde(
        default,
        rename = "firstMessage",
        skip_serializing_if = "Option::is_none"
    )]
    pub first_message: Option<String>,
}

/// One tool call the assistant makes.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ToolCall {
    /// The function's name.
    pub name: String,
    /// Its arguments (a JSON object).
    #[serde(default)]
    pub arguments: Map<String, Value>,
}

/// One turn of the conversation: the user speaks, or the assistant speaks and/or calls tools.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(try_from = "RawTurn", into = "RawTurn")]
pub enum Turn {
    User(String),
    Assistant {
        text: Option<String>,
        tool_calls: Vec<ToolCall>,
    },
}

#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawTurn {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    assistant: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tool_calls: Vec<ToolCall>,
}

impl TryFrom<RawTurn> for Turn {
    type Error = String;

    fn try_from(r: RawTurn) -> Result<Turn, String> {
        match (r.user, r.assistant, r.tool_calls.is_empty()) {
            (Some(u), None, true) if !u.trim().is_empty() => Ok(Turn::User(u)),
            (Some(_), None, true) => Err("a user turn needs words: {\"user\": \"…\"}".into()),
            (Some(_), _, _) => Err(
                "a turn is the user's or the assistant's, not both: write {\"user\": \"…\"} and {\"assistant\": \"…\"} as two turns"
                    .into(),
            ),
            (None, None, true) => Err(
                "a turn needs `user` (text), or `assistant` (text) and/or `tool_calls`".into(),
            ),
            (None, text, _) => {
                for t in &r.tool_calls {
                    if t.name.trim().is_empty() {
                        return Err("a tool call needs a `name`".into());
                    }
                }
                Ok(Turn::Assistant {
                    text,
                    tool_calls: r.tool_calls,
                })
            }
        }
    }
}

impl From<Turn> for RawTurn {
    fn from(t: Turn) -> RawTurn {
        match t {
            Turn::User(u) => RawTurn {
                user: Some(u),
                assistant: None,
                tool_calls: Vec::new(),
            },
            Turn::Assistant { text, tool_calls } => RawTurn {
                user: None,
                assistant: text,
                tool_calls,
            },
        }
    }
}

/// Vapi's `endedReason` when the scenario gives none and the user hangs up.
pub const CUSTOMER_ENDED: &str = "customer-ended-call";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_read_as_written() {
        let t: Vec<Turn> = serde_json::from_str(
            r#"[{"user": "hi"}, {"assistant": "one moment", "tool_calls": [{"name": "f", "arguments": {"a": 1}}]}, {"tool_calls": [{"name": "g"}]}]"#,
        )
        .unwrap();
        assert_eq!(t[0], Turn::User("hi".into()));
        assert!(
            matches!(&t[1], Turn::Assistant { text: Some(s), tool_calls } if s == "one moment" && tool_calls.len() == 1)
        );
        assert!(matches!(&t[2], Turn::Assistant { text: None, .. }));
        for bad in [
            r#"{"user": "a", "assistant": "b"}"#,
            r#"{}"#,
            r#"{"user": " "}"#,
            r#"{"tool_calls": [{"name": ""}]}"#,
            r#"{"said": "x"}"#,
        ] {
            assert!(serde_json::from_str::<Turn>(bad).is_err(), "{bad}");
        }
        let back = serde_json::to_value(&t[1]).unwrap();
        assert_eq!(back["assistant"], "one moment");
    }

    #[test]
    fn secret_modes() {
        let m: SecretMode = serde_json::from_str("\"x-vapi-secret\"").unwrap();
        assert_eq!(m, SecretMode::XVapiSecret);
        assert!(serde_json::from_str::<SecretMode>("\"jwt\"").is_err());
    }
}
