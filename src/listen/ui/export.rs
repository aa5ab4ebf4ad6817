//! Copy as curl, as a `whk replay` command, and save as a fixture.

use serde_json::{Value, json};

use super::Ui;
use super::store::Row;

pub fn export(_ui: &Ui, _row: &Row) -> Value {
    json!({})
}
