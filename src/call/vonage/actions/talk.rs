//! `talk`: text-to-speech. It takes the time the text takes to say ([`speaking_time`]) per
//! `loop`; `loop: 0` repeats until something stops it; `bargeIn` lets the next input's DTMF
//! cut it short.

use std::time::Duration;

use serde_json::Value;

use super::super::{Flow, Vonage};
use crate::detail;

/// About 65 ms per character of text (SSML tags not counted), at least half a second:
/// "Welcome to Acme Dental. Press 1 for bookings." takes about 3 s.
pub fn speaking_time(text: &str) -> Duration {
    let mut chars = 0u64;
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => chars += 1,
            _ => {}
        }
    }
    Duration::from_millis((chars * 65).max(500))
}

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let text = action.get("text").and_then(Value::as_str).unwrap_or("");
    let once = speaking_time(text);
    super::play(v, action, index, once, detail!("text": text)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaking_time_counts_text_not_tags() {
        assert_eq!(speaking_time("Hi."), Duration::from_millis(500));
        assert_eq!(speaking_time("0123456789"), Duration::from_millis(650));
        assert_eq!(
            speaking_time("<speak>0123456789</speak>"),
            speaking_time("0123456789")
        );
    }
}
