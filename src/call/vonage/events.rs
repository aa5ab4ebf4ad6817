//! Status events of a leg, in the order `--order` picks (`documented`: as listed; `observed`:
//! `ringing` before `started`, as real captures show; `shuffle`: a seeded random order), each
//! sent twice with `--duplicate-events`. They go one at a time, each after the previous was
//! answered.

use serde_json::Value;

use super::{Leg, Vonage, payload};
use crate::call::sender::{Reply, Retry};

impl Vonage<'_, '_> {
    /// Send `names` (status events sent together) about `leg`; the replies by status.
    pub async fn status_events(&mut self, leg: &Leg, names: &[&str]) -> Vec<(String, Reply)> {
        let order = self.call.arrange(names, "started", "ringing");
        let mut replies = Vec::new();
        let timestamp = self.call.now_iso();
        for name in order {
            let body = self.status_payload(leg, name, &timestamp);
            if let Some(r) = self.status_event(leg, name, body, false).await {
                replies.push((name.to_string(), r));
            }
        }
        replies
    }

    /// One status event about `leg` (sent twice with `--duplicate-events`; the first reply is
    /// the one acted on). With `replaceable`, the reply may carry an NCCO (a synchronous
    /// connect's failure).
    pub async fn status_event(
        &mut self,
        leg: &Leg,
        name: &str,
        body: Value,
        replaceable: bool,
    ) -> Option<Reply> {
        let url = leg.event_url.clone()?;
        let mut hook = self.hook(
            "event",
            name,
            &leg.uuid,
            url,
            leg.event_method.clone(),
            body,
        );
        if replaceable {
            hook = hook.expecting_ncco(Retry::Once);
        }
        let first = self.call.send(hook.clone()).await;
        if self.call.ctx.duplicate_events {
            self.call.send(hook).await;
        }
        Some(first)
    }

    fn status_payload(&self, leg: &Leg, name: &str, timestamp: &str) -> Value {
        let conv = &self.conversation_uuid;
        match name {
            "answered" => payload::answered(leg, conv, timestamp),
            "busy" | "unanswered" | "rejected" | "failed" | "timeout" => {
                payload::failure(leg, conv, name, timestamp)
            }
            other => Value::Object(payload::status(leg, conv, other, timestamp)),
        }
    }
}
