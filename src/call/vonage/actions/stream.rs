//! `stream`: plays an audio file. Audio is not fetched offline, so one pass takes a fixed
//! [`STREAM_TIME`]; `loop` and `bargeIn` as for `talk`.

use std::time::Duration;

use serde_json::Value;

use super::super::{Flow, Vonage};
use crate::detail;

pub const STREAM_TIME: Duration = Duration::from_secs(5);

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let t = v.call.mark();
    let url = super::url_field(action, "streamUrl").unwrap_or_default();
    let (d, barged) = super::playing_time(v, action, STREAM_TIME);
    let spent = v.spend(d).await;
    v.call.push_action(
        t,
        "stream",
        index,
        detail!("stream_url": url, "loop": super::loops(action), "barged_in": barged),
    );
    v.after(spent)
}
