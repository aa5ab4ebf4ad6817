//! `conversation`: the caller joins a named conversation and stays there until the call
//! ends (whk does not mix conferences; there is no one else in it).

use serde_json::Value;

use super::super::{Flow, Vonage};
use crate::call::engine::CALL_LIMIT;
use crate::detail;

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let t = v.call.mark();
    let name = action.get("name").and_then(Value::as_str).unwrap_or("");
    let spent = v.spend(CALL_LIMIT).await;
    v.call
        .push_action(t, "conversation", index, detail!("name": name));
    v.after(spent)
}
