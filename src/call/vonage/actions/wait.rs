//! `wait`: pauses for its `timeout` (10 s by default; clamped to 0.1 … 7200 s as Vonage does).

use serde_json::Value;

use super::super::{Flow, Vonage};
use crate::detail;

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let t = v.call.mark();
    let secs = super::secs_field(action, "timeout")
        .unwrap_or(10.0)
        .clamp(0.1, 7200.0);
    let spent = v.spend(super::secs(secs)).await;
    v.call
        .push_action(t, "wait", index, detail!("timeout_s": secs));
    v.after(spent)
}
