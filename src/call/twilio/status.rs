//! Status callbacks (call progress events) to the scenario's `status_callback`: only the
//! events in `status_callback_events` (Twilio's default: `completed` only), each with
//! `SequenceNumber` (from 0), `Timestamp` (RFC 2822), `CallbackSource=call-progress-events`,
//! and `CallDuration` on `completed`. `answered` is sent as `CallStatus=in-progress`; a
//! SignalWire call subscribed to `answered` sends both `answered` and `in-progress`.
//!
//! `--order observed` sends `ringing` before `initiated` (as field reports show Twilio doing);
//! `--order shuffle` shuffles events sent together; `--duplicate-events` sends each twice
//! (the same `SequenceNumber`).

use serde_json::Value;

use super::{Flavour, Twilio};

/// `Timestamp` as Twilio writes it: `Mon, 30 Nov 2026 11:27:16 +0000`.
pub fn rfc2822(t: jiff::Timestamp) -> String {
    t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

impl Twilio<'_, '_> {
    /// The callbacks for `events` (progress events that happen together), as subscribed.
    pub async fn progress(&mut self, events: &[&str]) {
        let s = self.call.scenario;
        let Some(url) = s.status_callback.clone() else {
            return;
        };
        let subscribed: Vec<&str> = events
            .iter()
            .copied()
            .filter(|e| s.status_callback_events.iter().any(|x| x == e))
            .collect();
        let order = self.call.arrange(&subscribed, "initiated", "ringing");
        let method = s
            .status_callback_method
            .clone()
            .unwrap_or_else(|| "POST".into());
        for event in order {
            let statuses: Vec<String> = match (event, self.flavour) {
                ("answered", Flavour::SignalWire) => vec!["answered".into(), "in-progress".into()],
                ("answered", Flavour::Twilio) => vec!["in-progress".into()],
                ("completed", _) => vec![self.call_status.clone()],
                (e, _) => vec![e.to_string()],
            };
            for status in statuses {
                let mut p = self.params();
                p.insert("CallStatus".into(), Value::from(status.as_str()));
                p.insert("CallbackSource".into(), "call-progress-events".into());
                p.insert("SequenceNumber".into(), self.sequence.to_string().into());
                p.insert("Timestamp".into(), rfc2822(self.call.now()).into());
                if event == "completed" {
                    p.insert(
                        "CallDuration".into(),
                        self.answered_for_secs().to_string().into(),
                    );
                }
                self.sequence += 1;
                let times = if self.call.ctx.duplicate_events { 2 } else { 1 };
                for _ in 0..times {
                    let hook = self.hook("status", &status, url.clone(), method.clone(), p.clone());
                    self.call.send(hook).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc_2822_in_utc() {
        let t: jiff::Timestamp = "2026-01-15T10:00:07.250Z".parse().unwrap();
        assert_eq!(rfc2822(t), "Thu, 15 Jan 2026 10:00:07 +0000");
    }
}
