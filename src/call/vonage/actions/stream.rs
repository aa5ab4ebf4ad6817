//! `stream`: plays an audio file. Audio is not fetched offline, so one pass takes a fixed
//! [`STREAM_TIME`]; `loop` and `bargeIn` as for `talk`.

use std::time::Duration;

use serde_json::Value;

use super::super::{Flow, Vonage};
use crate::detail;

pub const STREAM_TIME: Duration = Duration::from_secs(5);

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let url = super::url_field(action, "streamUrl").unwrap_or_default();
    super::play(v, action, index, STREAM_TIME, detail!("stream_url": url)).await
}
