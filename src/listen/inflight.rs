//! Requests in flight: from the end of their head until their delivery is published. Shutdown
//! waits for this set to empty (a delivery finishes even when its connection is gone), and
//! when it has to stop at once it says which requests it cut off.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

/// One request in flight, as shutdown describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub method: String,
    pub path: String,
    /// The whole body arrived: this is a delivery, even if it is never answered.
    pub body_received: bool,
}

/// The set of requests in flight. Every request enters and leaves it, so it is a plain mutex
/// (uncontended, held for a map insert or removal) and a [`Notify`] that is only woken once
/// shutdown waits for the set to empty; a `watch` channel here cost every request three
/// notifications.
#[derive(Debug, Default)]
pub struct InFlight {
    next: AtomicU64,
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    map: Mutex<BTreeMap<u64, Entry>>,
    /// Woken when the set empties, once [`InFlight::idle`] has been called.
    emptied: Notify,
    watched: AtomicBool,
}

impl Shared {
    fn map(&self) -> MutexGuard<'_, BTreeMap<u64, Entry>> {
        // A panic while holding the lock leaves a map that is still consistent.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl InFlight {
    /// A request whose head has arrived; it leaves the set when the ticket is dropped.
    pub fn enter(&self, method: &str, path: &str) -> Ticket {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.shared.map().insert(
            id,
            Entry {
                method: method.to_string(),
                path: path.to_string(),
                body_received: false,
            },
        );
        Ticket {
            id,
            shared: self.shared.clone(),
        }
    }

    /// What is in flight now, oldest first.
    pub fn snapshot(&self) -> Vec<Entry> {
        self.shared.map().values().cloned().collect()
    }

    /// Resolves once nothing is in flight.
    pub async fn idle(&self) {
        self.shared.watched.store(true, Ordering::SeqCst);
        loop {
            let emptied = self.shared.emptied.notified();
            let mut emptied = std::pin::pin!(emptied);
            // Registered before the check, so an emptying in between is not missed.
            emptied.as_mut().enable();
            if self.shared.map().is_empty() {
                return;
            }
            emptied.await;
        }
    }
}

/// A request's place in the set.
#[derive(Debug)]
pub struct Ticket {
    id: u64,
    shared: Arc<Shared>,
}

impl Ticket {
    pub fn body_received(&self) {
        if let Some(e) = self.shared.map().get_mut(&self.id) {
            e.body_received = true;
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let empty = {
            let mut map = self.shared.map();
            map.remove(&self.id);
            map.is_empty()
        };
        if empty && self.shared.watched.load(Ordering::SeqCst) {
            self.shared.emptied.notify_waiters();
        }
    }
}

/// Why shutdown stopped waiting for requests in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A second Ctrl-C (or SIGTERM).
    Signal,
    /// The grace period passed.
    Grace(std::time::Duration),
}

/// How many request descriptions a notice lists before "and N more".
const LISTED: usize = 5;

/// The notice for stopping at once: which requests were cut off before their answer, and how
/// many other connections were closed. `None` when nothing was cut.
pub fn describe_cut(why: Cut, cut: &[Entry], other_connections: usize) -> Option<String> {
    if cut.is_empty() && other_connections == 0 {
        return None;
    }
    let head = match why {
        Cut::Signal => "stopped at once".to_string(),
        Cut::Grace(d) => format!(
            "stopped after waiting {} for requests in flight",
            crate::output::format::humantime(d)
        ),
    };
    let mut parts = Vec::new();
    if !cut.is_empty() {
        let n = cut.len();
        let mut listed: Vec<String> = cut
            .iter()
            .take(LISTED)
            .map(|e| {
                format!(
                    "{} {}, {}",
                    e.method,
                    e.path,
                    if e.body_received {
                        "body received"
                    } else {
                        "body not yet received"
                    }
                )
            })
            .collect();
        if n > LISTED {
            listed.push(format!("and {} more", n - LISTED));
        }
        parts.push(format!(
            "{n} request{} in flight {} cut off before {} ({})",
            if n == 1 { "" } else { "s" },
            if n == 1 { "was" } else { "were" },
            if n == 1 {
                "its answer"
            } else {
                "their answers"
            },
            listed.join("; ")
        ));
    }
    if other_connections > 0 {
        parts.push(format!(
            "{other_connections} connection{} without a whole request closed",
            if other_connections == 1 { "" } else { "s" }
        ));
    }
    Some(format!("{head}: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, path: &str, body_received: bool) -> Entry {
        Entry {
            method: method.into(),
            path: path.into(),
            body_received,
        }
    }

    #[test]
    fn tickets_leave_the_set_when_dropped() {
        let f = InFlight::default();
        let a = f.enter("POST", "/a");
        let b = f.enter("GET", "/b");
        a.body_received();
        assert_eq!(
            f.snapshot(),
            [entry("POST", "/a", true), entry("GET", "/b", false)]
        );
        drop(a);
        assert_eq!(f.snapshot(), [entry("GET", "/b", false)]);
        drop(b);
        assert!(f.snapshot().is_empty());
    }

    #[test]
    fn the_cut_notice_names_what_was_cut() {
        assert_eq!(describe_cut(Cut::Signal, &[], 0), None);
        assert_eq!(
            describe_cut(Cut::Signal, &[entry("POST", "/hooks", true)], 0).unwrap(),
            "stopped at once: 1 request in flight was cut off before its answer (POST /hooks, body received)"
        );
        assert_eq!(
            describe_cut(
                Cut::Grace(std::time::Duration::from_secs(15)),
                &[entry("POST", "/a", true), entry("PUT", "/b", false)],
                1
            )
            .unwrap(),
            "stopped after waiting 15.0 s for requests in flight: 2 requests in flight were cut off before their answers (POST /a, body received; PUT /b, body not yet received); 1 connection without a whole request closed"
        );
        let many: Vec<Entry> = (0..7)
            .map(|i| entry("POST", &format!("/{i}"), true))
            .collect();
        let text = describe_cut(Cut::Signal, &many, 0).unwrap();
        assert!(
            text.ends_with("POST /4, body received; and 2 more)"),
            "{text}"
        );
    }
}
