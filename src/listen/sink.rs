//! The guaranteed consumer of the delivery stream: records, prints (pretty, compact or JSON)
//! and counts. It runs on its own thread so a slow terminal or disk never slows the server;
//! it drains the channel to the end before returning the summary.

use serde::Serialize;
use tokio::sync::mpsc::UnboundedReceiver;

use super::config::Format;
use super::delivery::Delivery;
use super::hub::{Message, Queued};
use super::render;
use super::signature::SigStatus;
use crate::output::Output;

/// Counts for the closing summary (the `{"summary": …}` object).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub deliveries: u64,
    pub shown: u64,
    pub hidden: u64,
    pub valid: u64,
    pub invalid: u64,
    /// Signature expected, none sent.
    pub missing: u64,
    pub unchecked: u64,
    pub duplicates: u64,
    /// Invalid JSON, missing fields, other payload problems.
    pub payload_errors: u64,
    /// Deliveries with payload warnings (a shape the provider does not send); they fail only
    /// with `--strict`.
    pub warnings: u64,
    /// Refused bodies (413, 408, 400).
    pub rejected: u64,
    pub forwarded: u64,
    pub forward_errors: u64,
    /// Deliveries with a valid signature that the app answered 4xx/5xx (findings).
    pub refused_valid: u64,
    /// Senders that hung up before the answer (their deliveries are counted all the same).
    pub sender_gave_up: u64,
    /// Of those, the ones that gave up waiting for the app behind `--forward-to` (findings).
    pub app_too_slow: u64,
    /// Deliveries received but not answered: the listener was stopped at once.
    pub cut_off: u64,
    pub recorded: u64,
    pub record_errors: u64,
    /// Deliveries that did not verify or parse (they make the exit status 1).
    pub failed: u64,
    /// Requests that were not deliveries (outside --path, malformed).
    pub notices: u64,
}

impl Summary {
    fn count(&mut self, d: &Delivery) {
        self.deliveries += 1;
        if d.shown {
            self.shown += 1;
        } else {
            self.hidden += 1;
        }
        match d.signature.status {
            SigStatus::Valid => self.valid += 1,
            SigStatus::Invalid => self.invalid += 1,
            SigStatus::Missing => self.missing += 1,
            SigStatus::Unchecked => self.unchecked += 1,
        }
        if d.duplicate.is_some() {
            self.duplicates += 1;
        }
        if d.analysis.has_errors() {
            self.payload_errors += 1;
        }
        if !d.analysis.recognition.warnings.is_empty() {
            self.warnings += 1;
        }
        if d.rejected.is_some() {
            self.rejected += 1;
        }
        if let Some(f) = &d.forward {
            self.forwarded += 1;
            if f.error.is_some() {
                self.forward_errors += 1;
            }
            if f.refused.is_some() {
                self.refused_valid += 1;
            }
        }
        if d.gave_up.is_some() {
            self.sender_gave_up += 1;
        }
        if d.app_too_slow() {
            self.app_too_slow += 1;
        }
        if d.cut_off {
            self.cut_off += 1;
        }
        if !d.ok() {
            self.failed += 1;
        }
    }
}

/// Pending output is written once it is this large, even mid-batch.
const FLUSH_AT: usize = 1 << 20;

/// Printer and JSON writer in one (recording happens in the handler, before the reply).
pub struct Sink {
    out: Output,
    format: Format,
    summary: Summary,
    /// The first recording error, to report at the end.
    pub first_record_error: Option<String>,
}

impl Sink {
    pub fn new(out: Output, format: Format) -> Self {
        Sink {
            out,
            format,
            summary: Summary::default(),
            first_record_error: None,
        }
    }

    /// Consume the stream until every sender is gone; return the counts.
    pub fn run(mut self, mut rx: UnboundedReceiver<Queued>) -> (Summary, Option<String>) {
        let mut batch = Vec::with_capacity(256);
        let mut text: Vec<u8> = Vec::with_capacity(64 * 1024);
        loop {
            let n = rx.blocking_recv_many(&mut batch, 1024);
            if n == 0 {
                break;
            }
            // The batch keeps its room in the backlog until its text is written.
            for q in &batch {
                match &q.message {
                    Message::Delivery(d) => {
                        self.delivery(d, &mut text);
                        if text.len() >= FLUSH_AT {
                            self.flush(&mut text);
                        }
                    }
                    Message::Notice(n) => {
                        // Keep stdout and stderr in order: flush what is pending first.
                        self.flush(&mut text);
                        self.summary.notices += 1;
                        self.out.err(&format!(
                            "{} {}",
                            self.out.err_style.dim("whk listen:"),
                            render::escape_text(n)
                        ));
                    }
                    // Shown through the delivery it belongs to.
                    Message::Exchange(_) => {}
                }
            }
            self.flush(&mut text);
            batch.clear();
            if n >= 8 {
                // Under load, let deliveries gather for a moment: one wake-up and one write
                // per batch instead of per delivery. A quiet listener prints at once.
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
        (self.summary, self.first_record_error)
    }

    fn flush(&self, text: &mut Vec<u8>) {
        if !text.is_empty() {
            self.out.out_bytes(text);
            text.clear();
        }
    }

    fn delivery(&mut self, d: &Delivery, text: &mut Vec<u8>) {
        self.summary.count(d);
        let recorded = match &d.recorded {
            Some(Ok(path)) => {
                self.summary.recorded += 1;
                Some(path.as_str())
            }
            Some(Err(e)) => {
                self.summary.record_errors += 1;
                let msg = format!(
                    "delivery #{} was not recorded ({e}); it was answered 500 so the sender retries",
                    d.seq
                );
                self.flush(text);
                self.out.warn(&msg);
                self.first_record_error.get_or_insert(msg);
                None
            }
            None => None,
        };
        if !d.shown {
            return;
        }
        let s = &self.out.out_style;
        match self.format {
            Format::Json => render::json_line(d, recorded, text),
            Format::Compact => text.extend_from_slice(render::compact(d, s, recorded).as_bytes()),
            Format::Pretty => {
                text.extend_from_slice(render::block(d, s, recorded).as_bytes());
                text.push(b'\n');
            }
        }
    }
}
