//! Stripe events: `{"id": "evt_…", "object": "event", "type", "data": {"object"}}`.

use serde_json::Value;

use super::{Recognition, Sends, foreign, require, str_at};

pub(crate) const STRIPE: Sends = Sends {
    provider: "Stripe",
    layout: "under `type`, in an `\"object\": \"event\"` with `data.object`",
    event: "payment_intent.succeeded",
    fixture: "stripe/payment_intent.succeeded",
    seeds: &[],
    unnamed: true,
};

/// Stripe sends `{"id": "evt_…", "object": "event", "type", "data": {"object"}}`.
pub fn recognise(r: &mut Recognition, v: &Value) {
    if v.get("object").and_then(Value::as_str) != Some("event")
        && !str_at(v, "id").is_some_and(|id| id.starts_with("evt_"))
    {
        foreign(r, v, &STRIPE);
        return;
    }
    require(r, v, &["id", "object", "type", "data.object"]);
    r.event = str_at(v, "type");
    if let Some(Value::Number(n)) = v.get("created")
        && let Some(ts) = n.as_i64()
    {
        r.event_time = Some((ts, "created"));
    }
}
