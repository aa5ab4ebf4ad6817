//! `GET /_whk/api/events`: the live stream (Server-Sent Events).
//!
//! Each page gets a task of its own that reads the store's bounded broadcast and writes into
//! a small channel the response body drains. A page that stops reading fills its socket, then
//! that channel; its task then waits, the broadcast moves on without it, and when it reads
//! again it gets `resync` (with how many events it missed) and re-fetches the list. Nothing
//! the receiver does ever waits for a page.
//!
//! Under load a page gets its events in batches, one chunk every few milliseconds at most, so
//! three open pages cost the receiver little; a quiet stream sends each event at once.
//!
//! Events: `ready` (first), `request` (a new row, `id:` = the row id), `pin`, `clear`,
//! `resync`; a `: keep-alive` comment every 15 s. A reconnect with `Last-Event-ID: N` first
//! gets every row after N still in the history.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use hyper::body::{Body, Frame};
use serde_json::json;
use tokio::sync::{broadcast, mpsc, watch};

use super::Ui;
use super::api;
use super::store::Event;

/// How often an idle stream sends a comment, so proxies and browsers keep it open.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Chunks buffered per page beyond its socket.
const PER_PAGE: usize = 16;

/// Events sent as one chunk at most.
const BATCH: usize = 512;

/// After a chunk, a page's next one waits this long, so under load events go out in batches
/// (one write per page every few milliseconds instead of one per delivery); a quiet stream
/// sends each event at once.
const PACE: Duration = Duration::from_millis(5);

/// The streaming body of an SSE response.
pub struct SseBody {
    rx: mpsc::Receiver<Bytes>,
}

impl Body for SseBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b))))
    }
}

/// Start a stream for one page: resume after `last_event_id`, then live, until the page goes
/// away or the listener stops.
pub fn start(ui: Arc<Ui>, last_event_id: Option<u64>, shutdown: watch::Receiver<bool>) -> SseBody {
    let (tx, rx) = mpsc::channel(PER_PAGE);
    // Subscribe before reading the history, so nothing falls between the two.
    let live = ui.store.subscribe();
    tokio::spawn(run(ui, live, last_event_id, tx, shutdown));
    SseBody { rx }
}

async fn run(
    ui: Arc<Ui>,
    mut live: broadcast::Receiver<Event>,
    last_event_id: Option<u64>,
    tx: mpsc::Sender<Bytes>,
    mut shutdown: watch::Receiver<bool>,
) {
    let stream = async {
        let latest = ui.store.last_id();
        let mut sent = last_event_id.unwrap_or(latest);
        tx.send(frame(
            Some("ready"),
            None,
            &json!({ "latest": latest, "resumed_from": last_event_id }).to_string(),
            true,
        ))
        .await
        .ok()?;
        if let Some(after) = last_event_id {
            for row in ui.store.since(after) {
                sent = row.id;
                // Made afresh: the row may have been pinned since.
                tx.send(row_frame(&ui, &row)).await.ok()?;
            }
        }
        let mut tick =
            tokio::time::interval_at(tokio::time::Instant::now() + ui.keep_alive, ui.keep_alive);
        loop {
            let first = tokio::select! {
                ev = live.recv() => ev,
                _ = tick.tick() => {
                    tx.send(Bytes::from_static(b": keep-alive\n\n")).await.ok()?;
                    continue;
                }
            };
            // Under load, what is already waiting goes out as one chunk.
            let mut out = BytesMut::new();
            let mut next = Some(first);
            let mut batched = 0;
            while let Some(ev) = next.take() {
                match ev {
                    Ok(Event::Row(row)) => {
                        if row.id > sent {
                            sent = row.id;
                            // A new row: not pinned yet.
                            let event = row.event.get_or_init(|| {
                                frame(
                                    Some("request"),
                                    Some(row.id),
                                    &api::row_text(&row, false),
                                    false,
                                )
                            });
                            out.extend_from_slice(event);
                        }
                    }
                    Ok(Event::Cleared) => {
                        out.extend_from_slice(&frame(Some("clear"), None, "{}", false))
                    }
                    Ok(Event::Pinned { id, pinned }) => out.extend_from_slice(&frame(
                        Some("pin"),
                        None,
                        &json!({ "id": id, "pinned": pinned }).to_string(),
                        false,
                    )),
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        // Resume point for a reconnect: everything up to now is in the list
                        // the page re-fetches.
                        sent = ui.store.last_id();
                        out.extend_from_slice(&frame(
                            Some("resync"),
                            Some(sent),
                            &json!({ "missed": missed, "latest": sent }).to_string(),
                            false,
                        ));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None::<()>,
                }
                batched += 1;
                if batched < BATCH {
                    next = match live.try_recv() {
                        Ok(ev) => Some(Ok(ev)),
                        Err(broadcast::error::TryRecvError::Lagged(n)) => {
                            Some(Err(broadcast::error::RecvError::Lagged(n)))
                        }
                        Err(broadcast::error::TryRecvError::Closed) => {
                            Some(Err(broadcast::error::RecvError::Closed))
                        }
                        Err(broadcast::error::TryRecvError::Empty) => None,
                    };
                }
            }
            if !out.is_empty() {
                tx.send(out.freeze()).await.ok()?;
                tokio::time::sleep(PACE).await;
            }
        }
    };
    tokio::select! {
        _ = stream => {}
        _ = super::super::server::until_true(&mut shutdown) => {}
    }
}

fn row_frame(ui: &Ui, row: &super::store::Row) -> Bytes {
    let data = serde_json::to_string(&api::row_json(ui, row)).unwrap_or_default();
    frame(Some("request"), Some(row.id), &data, false)
}

/// One SSE event: `retry:` (first only), `event:`, `id:`, `data:` (one line: JSON).
fn frame(event: Option<&str>, id: Option<u64>, data: &str, retry: bool) -> Bytes {
    let mut s = String::with_capacity(data.len() + 48);
    if retry {
        s.push_str("retry: 2000\n");
    }
    if let Some(e) = event {
        s.push_str("event: ");
        s.push_str(e);
        s.push('\n');
    }
    if let Some(id) = id {
        s.push_str(&format!("id: {id}\n"));
    }
    s.push_str("data: ");
    s.push_str(data);
    s.push_str("\n\n");
    Bytes::from(s)
}

impl std::fmt::Debug for SseBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SseBody")
    }
}
