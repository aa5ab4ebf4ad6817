//! The delivery stream. Every [`Message`] goes to one guaranteed consumer (the sink that
//! prints and writes JSON) so nothing acknowledged is ever dropped; live subscribers get a
//! bounded broadcast copy and skip ahead when they lag. (The inspector, `--ui`, keeps a
//! history that must miss nothing: the server hands it each delivery directly, see
//! `listen::ui`.)
//!
//! A slow terminal does not slow the sender until it is [`BACKLOG_BYTES`] behind: up to then
//! deliveries queue for it; past it, [`Hub::publish_delivery`] waits for room before the reply
//! goes out, so memory stays bounded and still nothing is dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, mpsc};

use super::delivery::Delivery;
use crate::output::format::human_size;

/// What flows from the server to its consumers.
#[derive(Clone, Debug)]
pub enum Message {
    Delivery(Arc<Delivery>),
    /// Something that is not a delivery but worth a line: a request outside `--path`, a
    /// malformed request, a connection error.
    Notice(String),
    /// An outbound round trip (`--forward-to`: the delivery passed on and the app's answer),
    /// published before the delivery it belongs to. The sink prints nothing for it (the
    /// delivery's line already shows the forward); live subscribers see the traffic (only
    /// tests subscribe).
    Exchange(#[allow(dead_code)] Arc<crate::outbound::Exchange>),
}

/// A message on the guaranteed stream, holding its share of the backlog until it is consumed.
#[derive(Debug)]
pub struct Queued {
    pub message: Message,
    _room: Option<OwnedSemaphorePermit>,
}

/// Where the server publishes.
#[derive(Clone, Debug)]
pub struct Hub {
    guaranteed: mpsc::UnboundedSender<Queued>,
    live: broadcast::Sender<Message>,
    /// Room left in the backlog, in KiB.
    backlog: Arc<Semaphore>,
    backlog_kib: u32,
    /// Set once the backlog has filled (for a one-time notice).
    throttled: Arc<AtomicBool>,
}

/// How many messages a live subscriber may fall behind before it skips ahead.
const LIVE_CAPACITY: usize = 1024;

/// How far (approximately, in bytes of deliveries) the guaranteed consumer may fall behind
/// before replies wait for it.
pub const BACKLOG_BYTES: usize = 64 << 20;

impl Hub {
    /// A hub and the receiving end of its guaranteed stream.
    pub fn new() -> (Hub, mpsc::UnboundedReceiver<Queued>) {
        Hub::with_backlog(BACKLOG_BYTES)
    }

    /// A hub whose backlog holds about `bytes` of deliveries.
    pub fn with_backlog(bytes: usize) -> (Hub, mpsc::UnboundedReceiver<Queued>) {
        let kib = kib_of(bytes).max(1);
        let (tx, rx) = mpsc::unbounded_channel();
        let (live, _) = broadcast::channel(LIVE_CAPACITY);
        (
            Hub {
                guaranteed: tx,
                live,
                backlog: Arc::new(Semaphore::new(kib as usize)),
                backlog_kib: kib,
                throttled: Arc::new(AtomicBool::new(false)),
            },
            rx,
        )
    }

    /// Publish a notice (or anything small). Never waits.
    pub fn publish(&self, m: Message) {
        self.send(m, None);
    }

    /// Publish a delivery, first waiting for room in the backlog if the consumer is that far
    /// behind. Returns once the delivery is on the guaranteed stream.
    pub async fn publish_delivery(&self, d: Arc<Delivery>) {
        let kib = delivery_kib(&d).min(self.backlog_kib);
        let room = match self.backlog.clone().try_acquire_many_owned(kib) {
            Ok(p) => Some(p),
            Err(_) => {
                if !self.throttled.swap(true, Ordering::Relaxed) {
                    self.publish(Message::Notice(format!(
                        "output is {} behind: replies now wait for it to catch up (nothing is dropped)",
                        human_size(u64::from(self.backlog_kib) * 1024)
                    )));
                }
                // Only fails if the semaphore is closed, which it never is.
                self.backlog.clone().acquire_many_owned(kib).await.ok()
            }
        };
        self.send(Message::Delivery(d), room);
    }

    fn send(&self, m: Message, room: Option<OwnedSemaphorePermit>) {
        if self.live.receiver_count() > 0 {
            let _ = self.live.send(m.clone());
        }
        // The receiver lives until the hub is dropped, so this only fails during teardown.
        let _ = self.guaranteed.send(Queued {
            message: m,
            _room: room,
        });
    }

    /// A live, lossy subscription (only tests subscribe).
    #[cfg(test)]
    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.live.subscribe()
    }
}

/// What a delivery costs to hold: its body, its headers and a fixed overhead, in bytes (the
/// backlog's measure, and the inspector's history cap's).
pub fn delivery_bytes(d: &Delivery) -> usize {
    let headers: usize = d.headers.iter().map(|(n, v)| n.len() + v.len() + 32).sum();
    d.body.len() + headers + d.url.len() + 2048
}

/// [`delivery_bytes`] in KiB.
fn delivery_kib(d: &Delivery) -> u32 {
    kib_of(delivery_bytes(d))
}

/// Bytes as backlog permits (KiB, rounded up).
fn kib_of(bytes: usize) -> u32 {
    u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_reaches_the_guaranteed_stream_and_live_subscribers() {
        let (hub, mut rx) = Hub::new();
        hub.publish(Message::Notice("before anyone listens live".into()));
        let mut live = hub.subscribe();
        hub.publish(Message::Notice("second".into()));
        drop(hub);
        let mut got = Vec::new();
        while let Some(Queued {
            message: Message::Notice(n),
            ..
        }) = rx.blocking_recv()
        {
            got.push(n);
        }
        assert_eq!(got, ["before anyone listens live", "second"]);
        assert!(matches!(live.try_recv(), Ok(Message::Notice(n)) if n == "second"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_backlog_makes_publishers_wait_and_drops_nothing() {
        static BODY: [u8; 8192] = [b'x'; 8192];
        let d = || {
            Arc::new(crate::listen::delivery::tests::delivery(
                "text/plain",
                &BODY,
            ))
        };
        let per = delivery_kib(&d()) as usize;
        // Room for three deliveries.
        let (hub, mut rx) = Hub::with_backlog(3 * per * 1024);
        for _ in 0..3 {
            hub.publish_delivery(d()).await;
        }
        // The fourth waits until the consumer takes one.
        let waiting = tokio::spawn({
            let hub = hub.clone();
            async move { hub.publish_delivery(d()).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "published past a full backlog");
        // A notice says so, once, without waiting.
        let first = rx.recv().await.unwrap();
        assert!(matches!(first.message, Message::Delivery(_)));
        drop(first);
        waiting.await.unwrap();
        drop(hub);
        let mut kinds: Vec<String> = Vec::new();
        while let Some(q) = rx.recv().await {
            kinds.push(match q.message {
                Message::Delivery(_) => "delivery".to_string(),
                Message::Notice(n) => n,
                Message::Exchange(_) => "exchange".to_string(),
            });
        }
        assert_eq!(
            kinds,
            [
                "delivery",
                "delivery",
                &format!(
                    "output is {} behind: replies now wait for it to catch up (nothing is dropped)",
                    human_size(3 * per as u64 * 1024)
                ),
                "delivery"
            ]
        );
    }
}
