//! The delivery stream. Every [`Message`] goes to one guaranteed consumer (the sink that
//! prints, writes JSON and records) over an unbounded channel, so nothing acknowledged is ever
//! dropped and a slow terminal never slows the sender; live subscribers (a web inspector) get
//! a bounded broadcast copy and skip ahead when they lag.

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc};

use super::delivery::Delivery;

/// What flows from the server to its consumers.
#[derive(Clone, Debug)]
pub enum Message {
    Delivery(Arc<Delivery>),
    /// Something that is not a delivery but worth a line: a request outside `--path`, a
    /// malformed request, a connection error.
    Notice(String),
}

/// Where the server publishes.
#[derive(Clone, Debug)]
pub struct Hub {
    guaranteed: mpsc::UnboundedSender<Message>,
    live: broadcast::Sender<Message>,
}

/// How many messages a live subscriber may fall behind before it skips ahead.
const LIVE_CAPACITY: usize = 1024;

impl Hub {
    /// A hub and the receiving end of its guaranteed stream.
    pub fn new() -> (Hub, mpsc::UnboundedReceiver<Message>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let (live, _) = broadcast::channel(LIVE_CAPACITY);
        (
            Hub {
                guaranteed: tx,
                live,
            },
            rx,
        )
    }

    /// Publish a message. Never blocks.
    pub fn publish(&self, m: Message) {
        if self.live.receiver_count() > 0 {
            let _ = self.live.send(m.clone());
        }
        // The receiver lives until the hub is dropped, so this only fails during teardown.
        let _ = self.guaranteed.send(m);
    }

    /// A live, lossy subscription (for the planned web inspector).
    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.live.subscribe()
    }
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
        while let Some(Message::Notice(n)) = rx.blocking_recv() {
            got.push(n);
        }
        assert_eq!(got, ["before anyone listens live", "second"]);
        assert!(matches!(live.try_recv(), Ok(Message::Notice(n)) if n == "second"));
    }
}
