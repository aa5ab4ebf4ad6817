//! Vapi server messages: one server URL for everything (`{"message": {"type": …}}`). Two of
//! them wait for an answer the call depends on: `tool-calls` (the tools' results) and
//! `assistant-request` (which assistant takes the call).

use std::time::Duration;

use serde_json::{Value, json};

#[cfg(test)]
use super::Kind;
use crate::finding::{Code, Finding, Location};

use super::{
    Answer, Contract, DefaultAnswer, Recognition, Seen, Sends, foreign, get_path, require, str_at,
};

/// The shipped fixture of each kind.
#[cfg(test)]
pub const SAMPLES: &[(Kind, &str)] = &[(Kind::Server, "vapi/status-update")];

/// How long Vapi waits for an `assistant-request` answer, end to end.
pub const ASSISTANT_REQUEST_DEADLINE: Duration = Duration::from_millis(7500);

pub(crate) const VAPI: Sends = Sends {
    provider: "Vapi",
    layout: "under `message.type`",
    event: "end-of-call-report",
    fixture: "vapi/end-of-call-report",
    seeds: &[
        ("call.started", "status-update", "vapi/status-update"),
        (
            "call.ended",
            "end-of-call-report",
            "vapi/end-of-call-report",
        ),
        (
            "call.failed",
            "end-of-call-report",
            "vapi/end-of-call-report",
        ),
        ("transcript.updated", "transcript", "vapi/transcript"),
        (
            "recording.ready",
            "end-of-call-report",
            "vapi/end-of-call-report",
        ),
    ],
    unnamed: true,
};

const VAPI_STATUSES: &[&str] = &[
    "scheduled",
    "queued",
    "ringing",
    "in-progress",
    "forwarding",
    "ended",
    "not-found",
    "deletion-failed",
];

fn message_type(seen: &Seen<'_>) -> Option<String> {
    seen.json.and_then(|v| str_at(v, "message.type"))
}

pub fn call_id(seen: &Seen<'_>) -> Option<String> {
    let v = seen.json?;
    str_at(v, "message.call.id").or_else(|| str_at(v, "call.id"))
}

pub fn contract(seen: &Seen<'_>) -> Option<Contract> {
    match message_type(seen)?.as_str() {
        "tool-calls" => Some(Contract::VapiToolCalls),
        "assistant-request" => Some(Contract::VapiAssistantRequest),
        _ => None,
    }
}

pub fn recognise(r: &mut Recognition, v: &Value) {
    let Some(t) = str_at(v, "message.type") else {
        foreign(r, v, &VAPI);
        return;
    };
    let fields: &[&str] = match t.as_str() {
        "end-of-call-report" => &[
            "message.endedReason",
            "message.artifact",
            "message.analysis",
        ],
        "status-update" => &["message.status"],
        "tool-calls" => &["message.toolCallList", "message.toolWithToolCallList"],
        "transcript" | "transcript[transcriptType=\"final\"]" => &[
            "message.role",
            "message.transcriptType",
            "message.transcript",
        ],
        _ => &[],
    };
    require(r, v, fields);
    if t == "status-update"
        && let Some(s) = str_at(v, "message.status")
        && !VAPI_STATUSES.contains(&s.as_str())
    {
        r.problems.push(format!(
            "message.status {s:?} is not a Vapi status ({})",
            VAPI_STATUSES.join(", ")
        ));
    }
    if let Some(Value::Number(n)) = get_path(v, "message.timestamp")
        && let Some(ts) = n.as_i64()
    {
        // Vapi sends milliseconds; accept seconds too.
        let secs = if ts > 100_000_000_000 { ts / 1000 } else { ts };
        r.event_time = Some((secs, "message.timestamp"));
    }
    r.event = Some(t);
}

/// The `toolCallList` ids of a `tool-calls` request.
fn tool_call_ids(request: &Value) -> Vec<String> {
    request
        .pointer("/message/toolCallList")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.get("id").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A result for every `toolCallId` of the request.
pub fn default_tool_results(seen: &Seen<'_>) -> DefaultAnswer {
    let ids = seen.json.map(tool_call_ids).unwrap_or_default();
    let results: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "toolCallId": id, "result": "whk listen received the tool call" }))
        .collect();
    DefaultAnswer {
        content_type: "application/json",
        body: serde_json::to_vec(&json!({ "results": results })).unwrap_or_default(),
    }
}

/// A transient assistant that says who answered.
pub fn default_assistant() -> DefaultAnswer {
    DefaultAnswer {
        content_type: "application/json",
        body: serde_json::to_vec(&json!({
            "assistant": { "name": "whk listen", "firstMessage": super::SPOKEN }
        }))
        .unwrap_or_default(),
    }
}

/// Vapi's tool-call contract (`fern/tools/custom-tools-troubleshooting.mdx`): HTTP 200,
/// `{"results": [{"toolCallId", "result"|"error"}]}`, one per `toolCallList` id (matched
/// exactly), each a single-line string.
pub fn check_tool_calls(request: &[u8], answer: &Answer<'_>) -> Vec<Finding> {
    let err = |m: String| Finding::error(Code::CONTRACT_VAPI_TOOL_CALLS, m);
    let at = |i: usize, field: &str| Location::JsonPath(format!("$.results[{i}]{field}"));
    let mut why = Vec::new();
    if answer.status != 200 {
        why.push(err(format!(
            "Vapi tool-calls: HTTP {}, Vapi reads results only from a 200",
            answer.status
        )));
    }
    let ids = serde_json::from_slice::<Value>(request)
        .map(|v| tool_call_ids(&v))
        .unwrap_or_default();
    let Ok(v) = serde_json::from_slice::<Value>(answer.body) else {
        why.push(err("Vapi tool-calls: the answer is not JSON".into()));
        return why;
    };
    let Some(results) = v.get("results").and_then(Value::as_array) else {
        why.push(
            err("Vapi tool-calls: the answer has no \"results\" array".into())
                .at(Location::JsonPath("$.results".into())),
        );
        return why;
    };
    for id in &ids {
        if !results
            .iter()
            .any(|r| r.get("toolCallId").and_then(Value::as_str) == Some(id.as_str()))
        {
            why.push(err(format!(
                "Vapi tool-calls: no result for toolCallId {id:?}"
            )));
        }
    }
    for (i, r) in results.iter().enumerate() {
        match r.get("toolCallId").and_then(Value::as_str) {
            None => why.push(
                err(format!(
                    "Vapi tool-calls: results[{i}] has no toolCallId string"
                ))
                .at(at(i, ".toolCallId")),
            ),
            Some(id) if !ids.is_empty() && !ids.iter().any(|x| x == id) => why.push(
                err(format!(
                    "Vapi tool-calls: results[{i}].toolCallId {id:?} is not one of this request's"
                ))
                .at(at(i, ".toolCallId")),
            ),
            _ => {}
        }
        let field = r.get("result").or_else(|| r.get("error"));
        match field {
            Some(Value::String(s)) if s.contains('\n') => why.push(err(format!(
                "Vapi tool-calls: results[{i}] is not a single-line string (line breaks break Vapi's parsing)"
            )).at(at(i, ""))),
            Some(Value::String(_)) => {}
            Some(_) => why.push(err(format!(
                "Vapi tool-calls: results[{i}].result must be a string, not an object"
            )).at(at(i, ".result"))),
            None => why.push(
                err(format!("Vapi tool-calls: results[{i}] has no result or error")).at(at(i, "")),
            ),
        }
    }
    why
}

/// The keys an `assistant-request` answer may carry, one of which it must.
const ASSISTANT_KEYS: &[&str] = &["assistantId", "assistant", "destination", "error"];

/// Vapi's `assistant-request` contract: within 7.5 s, a JSON object with one of
/// `assistantId`, `assistant`, `destination` or `error`.
pub fn check_assistant_request(answer: &Answer<'_>) -> Vec<Finding> {
    let err = |m: String| Finding::error(Code::CONTRACT_VAPI_ASSISTANT_REQUEST, m);
    let mut why = Vec::new();
    if let Some(l) = answer.latency
        && l > ASSISTANT_REQUEST_DEADLINE
    {
        why.push(err(format!(
            "Vapi assistant-request: answered in {}, over Vapi's 7.5 s",
            crate::output::format::duration_written(l)
        )));
    }
    match serde_json::from_slice::<Value>(answer.body) {
        Ok(Value::Object(o)) => {
            let present: Vec<&str> = ASSISTANT_KEYS
                .iter()
                .copied()
                .filter(|k| o.get(*k).is_some_and(|v| !v.is_null()))
                .collect();
            if present.is_empty() {
                why.push(err(
                    "Vapi assistant-request: the answer has none of assistantId, assistant, destination, error"
                        .into(),
                ));
            } else if present.len() > 1 {
                why.push(err(format!(
                    "Vapi assistant-request: the answer has {}; give exactly one",
                    present.join(" and ")
                )));
            }
        }
        Ok(_) => why.push(err(
            "Vapi assistant-request: the answer is not a JSON object".into(),
        )),
        Err(_) => why.push(err("Vapi assistant-request: the answer is not JSON".into())),
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &[u8]) -> Answer<'_> {
        Answer {
            status: 200,
            content_type: Some("application/json"),
            body,
            latency: None,
        }
    }

    #[test]
    fn tool_results_contract() {
        let req = br#"{"message":{"type":"tool-calls","toolCallList":[{"id":"call_1"}]}}"#;
        let check = |b: &[u8]| check_tool_calls(req, &answer(b));
        assert!(check(br#"{"results":[{"toolCallId":"call_1","result":"ok"}]}"#).is_empty());
        assert_eq!(
            check(br#"{"results":[{"toolCallId":"call_2","result":"ok"}]}"#).len(),
            2
        );
        let object = check(br#"{"results":[{"toolCallId":"call_1","result":{"a":1}}]}"#);
        assert_eq!(object.len(), 1);
        assert_eq!(
            object[0].location,
            Some(Location::JsonPath("$.results[0].result".into()))
        );
        assert_eq!(
            check(br#"{"results":[{"toolCallId":"call_1","result":"a\nb"}]}"#).len(),
            1
        );
        assert_eq!(check(b"nope").len(), 1);
        let created = Answer {
            status: 201,
            ..answer(br#"{"results":[{"toolCallId":"call_1","result":"ok"}]}"#)
        };
        assert_eq!(check_tool_calls(req, &created).len(), 1);
    }

    #[test]
    fn assistant_request_contract() {
        assert!(check_assistant_request(&answer(br#"{"assistantId":"a"}"#)).is_empty());
        assert!(check_assistant_request(&answer(br#"{"error":"no"}"#)).is_empty());
        assert_eq!(
            check_assistant_request(&answer(br#"{"received":true}"#)),
            [Finding::error(
                Code::CONTRACT_VAPI_ASSISTANT_REQUEST,
                "Vapi assistant-request: the answer has none of assistantId, assistant, destination, error"
            )]
        );
        assert_eq!(
            check_assistant_request(&answer(br#"{"assistantId":"a","assistant":{}}"#)).len(),
            1
        );
        let slow = Answer {
            latency: Some(Duration::from_secs(8)),
            ..answer(br#"{"assistantId":"a"}"#)
        };
        assert_eq!(check_assistant_request(&slow).len(), 1);
    }
}
