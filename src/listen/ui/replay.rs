//! Replay with a fresh signature.

use serde_json::{Value, json};

use super::Ui;
use super::store::Row;

/// The header a replay sent through the listener carries, naming the row it replays.
pub const REPLAY_OF_HEADER: &str = "x-whk-replay-of";

#[derive(Debug, Default)]
pub struct Edits {}

impl Edits {
    pub fn from_json(_v: &Value) -> Result<Edits, String> {
        Ok(Edits {})
    }
}

pub async fn replay(_ui: &Ui, _row: &Row, _edits: Edits) -> (u16, Value) {
    (501, json!({"error": "not yet"}))
}
