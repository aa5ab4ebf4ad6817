//! The inspector's history: every delivery as a [`Row`] with an id of its own, kept in memory
//! under a byte cap (`--ui-history`, oldest evicted first, pinned rows last), grouped by call,
//! and fanned out to live pages over a bounded broadcast that never waits for them.
//!
//! Pushing a row takes one short lock and one non-blocking `broadcast::send`: the receiver
//! never waits for a browser. A page that falls behind the broadcast skips ahead (`resync`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tokio::sync::broadcast;

use crate::listen::delivery::Delivery;

/// One delivery in the history.
#[derive(Debug)]
pub struct Row {
    /// The inspector's id: 1-based, increasing over the whole history (records loaded at
    /// start come first), never reused in a run.
    pub id: u64,
    pub delivery: Arc<Delivery>,
    /// The row this one replays (`X-Whk-Replay-Of`, or a replay sent to another URL).
    pub replay_of: Option<u64>,
    /// Where the delivery went when it was replayed to another URL (not through the listener).
    pub sent_to: Option<String>,
    /// Arrived before a delivery of the same call that the provider sent earlier (by the
    /// events' own timestamps).
    pub out_of_order: bool,
    /// `--record`: the fixture file (loaded at start, or written for this delivery).
    pub file: Option<PathBuf>,
    /// Loaded from `--record DIR` at start: the reply's body and timing are not known.
    pub loaded: bool,
    /// What the row costs to hold, in bytes.
    pub size: u64,
    /// Its `request` event, made once for every page that streams it.
    pub event: OnceLock<bytes::Bytes>,
}

/// What live pages are told.
#[derive(Clone, Debug)]
pub enum Event {
    /// A new row.
    Row(Arc<Row>),
    /// `DELETE /_whk/api/requests`.
    Cleared,
    /// A row was pinned or unpinned.
    Pinned { id: u64, pinned: bool },
}

/// Rows and their fan-out.
#[derive(Debug)]
pub struct Store {
    inner: Mutex<Inner>,
    events: broadcast::Sender<Event>,
    cap: u64,
}

#[derive(Debug, Default)]
struct Inner {
    rows: VecDeque<Arc<Row>>,
    bytes: u64,
    last_id: u64,
    pinned: HashSet<u64>,
    /// Per call id: the latest event time seen.
    calls: HashMap<String, i64>,
}

/// A new row's parts, before it has an id.
#[derive(Debug, Default)]
pub struct NewRow {
    pub replay_of: Option<u64>,
    pub sent_to: Option<String>,
    pub file: Option<PathBuf>,
    pub loaded: bool,
}

impl Store {
    /// An empty history holding about `cap` bytes; live pages may fall `capacity` events
    /// behind before they are told to resync.
    pub fn new(cap: u64, capacity: usize) -> Store {
        let (events, _) = broadcast::channel(capacity.max(1));
        Store {
            inner: Mutex::new(Inner::default()),
            events,
            cap,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Add a delivery; returns its row. Never waits.
    pub fn push(&self, delivery: Arc<Delivery>, new: NewRow) -> Arc<Row> {
        let size = crate::listen::hub::delivery_bytes(&delivery) as u64;
        let evicted;
        let row = {
            let mut inner = self.lock();
            inner.last_id += 1;
            let out_of_order = match (
                delivery.analysis.call_id.as_deref(),
                delivery.analysis.recognition.event_time,
            ) {
                (Some(call), Some((t, _))) => {
                    let latest = inner.calls.entry(call.to_string()).or_insert(t);
                    let late = t < *latest;
                    *latest = (*latest).max(t);
                    late
                }
                _ => false,
            };
            let row = Arc::new(Row {
                id: inner.last_id,
                delivery,
                replay_of: new.replay_of,
                sent_to: new.sent_to,
                out_of_order,
                file: new.file,
                loaded: new.loaded,
                size,
                event: OnceLock::new(),
            });
            inner.bytes += size;
            inner.rows.push_back(row.clone());
            evicted = inner.evict(self.cap);
            // Sent under the lock (a broadcast send never waits), so pages get rows in id
            // order.
            if self.events.receiver_count() > 0 {
                let _ = self.events.send(Event::Row(row.clone()));
            }
            row
        };
        // Evicted rows are freed after the lock is released.
        drop(evicted);
        row
    }

    /// The byte cap.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// A live subscription (bounded: a page that lags skips ahead).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    /// The newest id handed out (0 before the first row).
    pub fn last_id(&self) -> u64 {
        self.lock().last_id
    }

    /// Rows, newest first: at most `limit`, older than `before` when given, newer than
    /// `after` when given, that pass `keep`; with the newest id handed out when they were
    /// taken.
    pub fn list(
        &self,
        limit: usize,
        after: Option<u64>,
        before: Option<u64>,
        keep: impl Fn(&Row) -> bool,
    ) -> (Vec<Arc<Row>>, u64) {
        let inner = self.lock();
        let rows = inner
            .rows
            .iter()
            .rev()
            .filter(|r| after.is_none_or(|a| r.id > a))
            .filter(|r| before.is_none_or(|b| r.id < b))
            .filter(|r| keep(r))
            .take(limit)
            .cloned()
            .collect();
        (rows, inner.last_id)
    }

    /// Rows newer than `after`, oldest first (an SSE resume).
    pub fn since(&self, after: u64) -> Vec<Arc<Row>> {
        let inner = self.lock();
        let start = inner.rows.partition_point(|r| r.id <= after);
        inner.rows.iter().skip(start).cloned().collect()
    }

    pub fn get(&self, id: u64) -> Option<Arc<Row>> {
        let inner = self.lock();
        let i = inner.rows.binary_search_by_key(&id, |r| r.id).ok()?;
        Some(inner.rows[i].clone())
    }

    pub fn is_pinned(&self, id: u64) -> bool {
        self.lock().pinned.contains(&id)
    }

    /// Pin or unpin a row; `false` when there is no such row.
    pub fn pin(&self, id: u64, pinned: bool) -> bool {
        {
            let mut inner = self.lock();
            if inner.rows.binary_search_by_key(&id, |r| r.id).is_err() {
                return false;
            }
            if pinned {
                inner.pinned.insert(id);
            } else {
                inner.pinned.remove(&id);
            }
        }
        if self.events.receiver_count() > 0 {
            let _ = self.events.send(Event::Pinned { id, pinned });
        }
        true
    }

    /// Forget every row (ids keep increasing). Returns how many were dropped.
    pub fn clear(&self) -> usize {
        let n = {
            let mut inner = self.lock();
            let n = inner.rows.len();
            inner.rows.clear();
            inner.pinned.clear();
            inner.calls.clear();
            inner.bytes = 0;
            n
        };
        if self.events.receiver_count() > 0 {
            let _ = self.events.send(Event::Cleared);
        }
        n
    }

    /// Rows held and their bytes.
    pub fn usage(&self) -> (usize, u64) {
        let inner = self.lock();
        (inner.rows.len(), inner.bytes)
    }
}

impl Inner {
    /// Take out the oldest rows (unpinned first) until the history fits in `cap`; the newest
    /// row always stays.
    fn evict(&mut self, cap: u64) -> Vec<Arc<Row>> {
        let mut out = Vec::new();
        while self.bytes > cap && self.rows.len() > 1 {
            let victim = self
                .rows
                .iter()
                .take(self.rows.len() - 1)
                .position(|r| !self.pinned.contains(&r.id))
                .unwrap_or(0);
            if let Some(r) = self.rows.remove(victim) {
                self.bytes -= r.size;
                self.pinned.remove(&r.id);
                out.push(r);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listen::delivery::tests::delivery;

    fn d() -> Arc<Delivery> {
        Arc::new(delivery("application/json", b"{}"))
    }

    #[test]
    fn oldest_unpinned_rows_go_first_past_the_cap() {
        let one = crate::listen::hub::delivery_bytes(&d()) as u64;
        let s = Store::new(3 * one, 16);
        for _ in 0..3 {
            s.push(d(), NewRow::default());
        }
        assert!(s.pin(1, true));
        s.push(d(), NewRow::default());
        let all = |_: &Row| true;
        let (rows, latest) = s.list(10, None, None, all);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [4, 3, 1]);
        assert_eq!(latest, 4);
        assert_eq!(s.since(1).iter().map(|r| r.id).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(s.list(1, None, Some(4), all).0[0].id, 3);
        assert_eq!(s.list(10, Some(3), None, all).0.len(), 1);
        assert_eq!(s.list(10, None, None, |r| r.id == 3).0.len(), 1);
        assert_eq!(s.clear(), 3);
        assert_eq!(s.push(d(), NewRow::default()).id, 5);
    }
}
