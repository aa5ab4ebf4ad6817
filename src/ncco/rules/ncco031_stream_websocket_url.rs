//! NCCO031 stream-websocket-url.

use super::Rule;
use super::ncco022_invalid_url::is_ws;
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema};

pub static RULE: Rule = Rule {
    code: "NCCO031",
    name: "stream-websocket-url",
    severity: Severity::Error,
    summary: "a `stream` action given a `ws://`/`wss://` URL (streaming call audio is `connect` to a websocket)",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Finds `stream` actions whose `streamUrl` is a `ws://` or `wss://` URL, and shows the `connect`
action with a `websocket` endpoint that does what was meant.

### Why is this bad?
`stream` plays one pre-recorded audio file (mp3 or 16-bit wav) *into* the call; Vonage fetches
it over HTTP(S). It never sends the caller's audio anywhere. Real-time audio to and from your
server — for a voice bot, transcription or an AI agent — is a `connect` action whose endpoint
has `"type": "websocket"`: the socket joins the call as a participant. So a `wss://`
`streamUrl` is wrong twice over: the wrong scheme for `streamUrl`, and the wrong action for the
intent. The call gets silence or fails, and your socket never hears from Vonage.

### Example
```json
[{"action": "talk", "text": "Hello, connecting you now"},
 {"action": "stream", "streamUrl": ["wss://example.com/ws/vonage-stream"]}]
```

### Use instead
```json
[{"action": "talk", "text": "Hello, connecting you now"},
 {"action": "connect",
  "endpoint": [{"type": "websocket",
                "uri": "wss://example.com/ws/vonage-stream",
                "content-type": "audio/l16;rate=16000"}]}]
```
"#;

/// The `connect` action that streams call audio to `uri`, as indented JSON.
pub(crate) fn connect_for(uri: &str) -> String {
    let uri = serde_json::to_string(uri).unwrap_or_else(|_| "\"wss://…\"".into());
    format!(
        "{{\"action\": \"connect\",\n \"endpoint\": [{{\"type\": \"websocket\",\n               \"uri\": {uri},\n               \"content-type\": \"audio/l16;rate=16000\"}}]}}"
    )
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for f in &cx.fields {
        if cx.objects[f.obj].spec != &schema::STREAM || f.key() != "streamUrl" {
            continue;
        }
        for (node, path) in f.items() {
            let Some(url) = node.as_str().filter(|u| is_ws(u)) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    node.span.clone(),
                    path,
                    "`stream` cannot send call audio to a WebSocket: `streamUrl` must be an http(s) URL of an audio file",
                )
                .label("a WebSocket URL")
                .help(format!(
                    "`stream` plays an mp3/wav file into the call; to stream the call's audio to this WebSocket, replace the action with a `connect` to a `websocket` endpoint:\n{}",
                    connect_for(url)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "stream", "streamUrl": ["https://x.test/a.mp3"]}]"#],
        fail: [
            r#"[{"action": "stream", "streamUrl": ["wss://x.test/s"]}]"#,
            r#"[{"action": "stream", "streamUrl": "ws://x.test/s"}]"#,
        ],
    }

    #[test]
    fn suggestion_is_valid_json_and_lints_clean_apart_from_nothing() {
        let s = super::connect_for("wss://x.test/a\"b");
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["endpoint"][0]["uri"], "wss://x.test/a\"b");
        let clean = crate::ncco::lint_text(&format!("[{}]", super::connect_for("wss://x.test/s")));
        assert!(clean.is_empty(), "{clean:?}");
    }
}
