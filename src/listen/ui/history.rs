//! `--record DIR` with `--ui`: the recordings already in the directory are loaded into the
//! history at start (the newest that fit under `--ui-history`), so it survives restarts.
//! Each is verified and analysed again as the listener would (at its recorded time); its
//! reply's status is known, its body and timing are not.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use super::store::NewRow;
use super::{Outside, Ui};
use crate::fixtures::Recording;
use crate::listen::delivery::{Reply, ReplySource};

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub rows: usize,
    pub warning: Option<String>,
}

/// Load the recordings in `dir` (oldest first) into the history.
pub fn load(ui: &Ui, dir: &Path) -> Loaded {
    let mut files: Vec<(PathBuf, u64)> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.ends_with(".json") && !name.starts_with('.')
            })
            .map(|e| (e.path(), e.metadata().map(|m| m.len()).unwrap_or(0)))
            .collect(),
        Err(_) => return Loaded::default(),
    };
    // Named by time and sequence: name order is arrival order.
    files.sort();
    // The newest that fit under the cap.
    let mut budget = ui.store.cap();
    let mut first = files.len();
    for (i, (_, size)) in files.iter().enumerate().rev() {
        if *size > budget {
            break;
        }
        budget -= size;
        first = i;
    }
    let mut loaded = Loaded::default();
    let mut unreadable = 0;
    for (path, _) in &files[first..] {
        let rec = match std::fs::read(path).map(|b| Recording::parse(&b)) {
            Ok(Ok(Some(rec))) => rec,
            Ok(Ok(None)) => continue,
            _ => {
                unreadable += 1;
                continue;
            }
        };
        ui.store.push(
            Arc::new(delivery(ui, rec)),
            NewRow {
                file: Some(path.clone()),
                loaded: true,
                ..NewRow::default()
            },
        );
        loaded.rows += 1;
    }
    if unreadable > 0 {
        loaded.warning = Some(format!(
            "--ui: {unreadable} file(s) in {} could not be read as recordings; the inspector skipped them",
            dir.display()
        ));
    }
    loaded
}

fn delivery(ui: &Ui, rec: Recording) -> crate::listen::delivery::Delivery {
    let received_at = rec
        .received_at
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(|| ui.cfg.clock.now());
    let url = rec.url.clone().unwrap_or_else(|| {
        let q = rec
            .query
            .as_deref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        format!("http://{}{}{q}", ui.listener, rec.path)
    });
    let status = rec.response_status.unwrap_or(0);
    Outside {
        method: rec.method,
        path: rec.path,
        query: rec.query,
        url,
        headers: rec.headers,
        body: Bytes::from(rec.body),
        received_at,
        seq: rec.seq.unwrap_or(0),
    }
    .delivery(
        &ui.cfg,
        |_| Reply {
            status,
            source: ReplySource::Default,
            content_type: None,
            body: Bytes::new(),
            ncco: None,
            contract: None,
        },
        None,
        std::time::Duration::ZERO,
    )
}
