//! `transfer`: moves the caller into another conversation (`conversationId`), which ends
//! this one's NCCO: the `transfer` event goes out, and the caller stays in the other
//! conversation until the call ends.

use serde_json::Value;

use super::super::{Flow, Vonage, payload};
use crate::call::engine::CALL_LIMIT;
use crate::detail;

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let slot = v.call.begin_action("transfer", index);
    let to = action
        .get("conversationId")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let leg = v.caller.clone();
    let body = payload::transfer(&leg, &v.conversation_uuid, &to, &v.call.now_iso());
    v.send_event(&leg, "transfer", body).await;
    let spent = v.spend(CALL_LIMIT).await;
    v.call.end_action(slot, detail!("conversation_id": to));
    v.after(spent)
}
