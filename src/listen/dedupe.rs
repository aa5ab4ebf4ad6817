//! Duplicate deliveries. Providers retry (on timeouts, 5xx, lost connections), so a receiver
//! must be idempotent; this flags a delivery whose delivery id, event id, signature or exact
//! bytes were seen before, and counts attempts per event for `--fail-first`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::webhook::Headers;

/// Headers that carry a per-delivery id, most specific first.
const DELIVERY_ID_HEADERS: &[&str] = &[
    "webhook-id",
    "svix-id",
    "x-github-delivery",
    "i-twilio-idempotency-token",
    "x-idempotency-key",
    "idempotency-key",
];

/// What identifies a delivery, from most to least specific.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    /// `(header, value)`: Standard Webhooks `webhook-id`, GitHub `X-GitHub-Delivery`, …
    pub delivery_id: Option<(String, String)>,
    /// The payload's own event id.
    pub event_id: Option<String>,
    /// The raw signature header value.
    pub signature: Option<String>,
    /// A hash of the method, query and body bytes (for bodies or queries that are not empty).
    pub content: Option<u64>,
}

impl Keys {
    /// Gather the keys of one delivery.
    pub fn gather(
        headers: &Headers,
        signed_id: Option<&str>,
        event_id: Option<&str>,
        signature: Option<&str>,
        method: &str,
        query: Option<&str>,
        body: &[u8],
    ) -> Keys {
        let delivery_id = DELIVERY_ID_HEADERS
            .iter()
            .find_map(|h| {
                headers
                    .get(h)
                    .filter(|v| !v.is_empty())
                    .map(|v| (h.to_string(), v.to_string()))
            })
            .or_else(|| signed_id.map(|id| ("id".to_string(), id.to_string())));
        let query = query.unwrap_or("");
        let content = (!body.is_empty() || !query.is_empty()).then(|| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            method.hash(&mut h);
            query.hash(&mut h);
            body.hash(&mut h);
            h.finish()
        });
        Keys {
            delivery_id,
            event_id: event_id.map(str::to_string),
            signature: signature.map(str::to_string),
            content,
        }
    }

    /// `(kind, hash)` pairs in the order they are checked.
    fn entries(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        let hash = |kind: &str, parts: &[&[u8]]| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            kind.hash(&mut h);
            for p in parts {
                p.hash(&mut h);
            }
            h.finish()
        };
        [
            self.delivery_id
                .as_ref()
                .map(|(n, v)| ("delivery", hash("delivery", &[n.as_bytes(), v.as_bytes()]))),
            self.event_id
                .as_ref()
                .map(|e| ("event", hash("event", &[e.as_bytes()]))),
            self.signature
                .as_ref()
                .map(|s| ("signature", hash("signature", &[s.as_bytes()]))),
            self.content.map(|c| ("content", c)),
        ]
        .into_iter()
        .flatten()
    }

    /// The key attempts are counted by: delivery id, else event id, else the bytes.
    fn identity(&self) -> Option<u64> {
        self.entries()
            .find(|(k, _)| *k != "signature")
            .map(|(_, h)| h)
    }

    fn detail(&self, kind: &str) -> String {
        match kind {
            "delivery" => self
                .delivery_id
                .as_ref()
                .map(|(n, v)| format!("same {n} {v}"))
                .unwrap_or_default(),
            "event" => format!("same event id {}", self.event_id.as_deref().unwrap_or("")),
            "signature" => "same signature".into(),
            _ => "same bytes".into(),
        }
    }
}

/// A delivery seen before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// The sequence number of the first delivery with this key.
    pub of: u64,
    /// `delivery`, `event`, `signature` or `content`.
    pub by: &'static str,
    /// For people: `same webhook-id msg_123`.
    pub detail: String,
}

/// The tables' keys are already hashes: use them as they are.
#[derive(Debug, Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Table<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// Keys seen so far (bounded), and attempts per identity.
#[derive(Debug, Default)]
pub struct Dedupe {
    /// Key hash → the first delivery that had it.
    seen: Table<u64>,
    /// Identity hash → attempts so far.
    attempts: Table<u32>,
}

/// Past this many keys the table starts over, so a long run cannot grow without bound.
const MAX_KEYS: usize = 200_000;

impl Dedupe {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record delivery `seq`; return the first earlier delivery it duplicates (if any) and
    /// which attempt at this event it is (1 for the first).
    pub fn observe(&mut self, seq: u64, keys: &Keys) -> (Option<Duplicate>, u32) {
        if self.seen.len() > MAX_KEYS {
            self.seen.clear();
        }
        if self.attempts.len() > MAX_KEYS {
            self.attempts.clear();
        }
        let mut dup = None;
        for (kind, key) in keys.entries() {
            match self.seen.get(&key) {
                Some(&first) if dup.is_none() => {
                    dup = Some(Duplicate {
                        of: first,
                        by: kind,
                        detail: keys.detail(kind),
                    });
                }
                Some(_) => {}
                None => {
                    self.seen.insert(key, seq);
                }
            }
        }
        let attempt = match keys.identity() {
            Some(id) => {
                let n = self.attempts.entry(id).or_insert(0);
                *n = n.saturating_add(1);
                *n
            }
            None => 1,
        };
        (dup, attempt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(h: &[(&str, &str)], body: &str) -> Keys {
        let mut headers = Headers::new();
        for (n, v) in h {
            headers.push(*n, *v);
        }
        Keys::gather(&headers, None, None, None, "POST", None, body.as_bytes())
    }

    #[test]
    fn retries_with_the_same_id_are_duplicates() {
        let mut d = Dedupe::new();
        let (dup, n) = d.observe(1, &keys(&[("webhook-id", "msg_1")], "{\"a\":1}"));
        assert_eq!((dup, n), (None, 1));
        // A retry re-signs with a new timestamp, but keeps the id.
        let (dup, n) = d.observe(2, &keys(&[("webhook-id", "msg_1")], "{\"a\":1}"));
        let dup = dup.unwrap();
        assert_eq!((dup.of, dup.by, n), (1, "delivery", 2));
        let (dup, n) = d.observe(3, &keys(&[("webhook-id", "msg_2")], "{\"a\":2}"));
        assert_eq!((dup, n), (None, 1));
    }

    #[test]
    fn same_bytes_without_ids() {
        let mut d = Dedupe::new();
        assert!(d.observe(1, &keys(&[], "x=1")).0.is_none());
        assert_eq!(d.observe(2, &keys(&[], "x=1")).0.unwrap().by, "content");
        assert!(d.observe(3, &keys(&[], "")).0.is_none());
        assert!(d.observe(4, &keys(&[], "")).0.is_none());
    }
}
