//! `notify`: POSTs its `payload` to its `eventUrl`; an NCCO in the reply replaces the running
//! one, anything else lets it go on. Failed tries go to the fallback URL like `input`'s.

use serde_json::Value;

use super::super::{Flow, Vonage};
use crate::detail;

pub async fn run(v: &mut Vonage<'_, '_>, action: &Value, index: usize) -> Flow {
    let url = super::url_field(action, "eventUrl");
    let slot = v.call.begin_action("notify", index);
    v.call.end_action(slot, detail!("url": url));
    let Some(url) = url else {
        return Flow::Next;
    };
    let payload = action
        .get("payload")
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    let method = super::method_field(action, "eventMethod");
    let hook = v.hook("notify", "notify", &v.caller.uuid, url, method, payload);
    v.send_for_ncco(hook).await
}
