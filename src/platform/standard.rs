//! Standard Webhooks: the spec recommends `{"type", "timestamp", "data"}`.

use serde_json::Value;

use super::{Recognition, str_at};

/// Standard Webhooks recommends `{"type", "timestamp", "data"}`; the spec says "should", so a
/// payload without them is a warning.
pub fn recognise(r: &mut Recognition, v: &Value) {
    let absent: Vec<&str> = ["type", "timestamp", "data"]
        .into_iter()
        .filter(|k| v.get(k).is_none_or(Value::is_null))
        .collect();
    r.event = str_at(v, "type");
    if !absent.is_empty() {
        r.warnings.push(super::Warning {
            message: format!(
                "not the payload structure the Standard Webhooks spec recommends: no {}",
                absent
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: Some(
                "the spec's payloads are {\"type\", \"timestamp\", \"data\"}; see `whk fixtures show standard/user.created`".into(),
            ),
        });
    }
}
