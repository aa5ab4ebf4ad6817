//! NCCO010 unknown-action.

use super::{Rule, shorten};
use crate::ncco::model::Ctx;
use crate::ncco::{Diagnostic, Severity, schema, suggest};

pub static RULE: Rule = Rule {
    code: "NCCO010",
    name: "unknown-action",
    severity: Severity::Error,
    summary: "`action` names no NCCO action",
    fix: None,
    docs: DOCS,
    check,
};

const DOCS: &str = r#"### What it does
Checks that `action` is one of `record`, `conversation`, `connect`, `talk`, `stream`, `input`,
`notify`, `wait`, `transfer` (or the legacy `pay`). Names are lower-case and case-sensitive. It
explains the usual confusions: `websocket` (an endpoint of `connect`), verbs from other
platforms (`say`, `play`, `gather`, `dial`, `hangup`), and capitalised names.

### Why is this bad?
"Invalid action" is a syntax error to Vonage: the NCCO is not retried and the call fails.

### Example
```json
[{"action": "websocket", "uri": "wss://example.com/socket"}]
```

### Use instead
```json
[{"action": "connect",
  "endpoint": [{"type": "websocket", "uri": "wss://example.com/socket",
                "content-type": "audio/l16;rate=16000"}]}]
```
"#;

/// Other platforms' verbs and common guesses, with what to write instead.
fn known_confusion(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "websocket" | "websockets" | "ws" => {
            "a WebSocket is an endpoint of `connect`, not an action: {\"action\": \"connect\", \"endpoint\": [{\"type\": \"websocket\", \"uri\": \"wss://…\", \"content-type\": \"audio/l16;rate=16000\"}]}"
        }
        "say" | "speak" | "tts" => {
            "text-to-speech is the `talk` action: {\"action\": \"talk\", \"text\": \"…\"}"
        }
        "play" | "audio" => {
            "playing an audio file is the `stream` action: {\"action\": \"stream\", \"streamUrl\": [\"https://…/file.mp3\"]}"
        }
        "gather" | "dtmf" | "collect" => {
            "collecting digits or speech is the `input` action: {\"action\": \"input\", \"type\": [\"dtmf\"]}"
        }
        "dial" | "call" | "forward" => {
            "calling another party is the `connect` action with an `endpoint`"
        }
        "hangup" | "hang_up" | "reject" | "end" => {
            "there is no hangup action: the call ends when the last action completes (or hang up with `PUT /v1/calls/{uuid}` and {\"action\": \"hangup\"})"
        }
        "conference" => {
            "a conference is the `conversation` action: {\"action\": \"conversation\", \"name\": \"…\"}"
        }
        "pause" | "sleep" | "delay" => {
            "pausing is the `wait` action: {\"action\": \"wait\", \"timeout\": 2}"
        }
        "redirect" | "webhook" => {
            "to fetch the next NCCO from your server use `notify` (or `input` with an `eventUrl`)"
        }
        _ => return None,
    })
}

fn check(cx: &Ctx<'_, '_>, out: &mut Vec<Diagnostic>) {
    for a in &cx.actions {
        let Some(m) = a.action else { continue };
        let Some(name) = m.value.as_str() else {
            continue;
        };
        if a.spec.is_some() {
            continue;
        }
        let d = Diagnostic::new(
            &RULE,
            m.value.span.clone(),
            format!("{}.action", a.path),
            format!("unknown action `{}`", shorten(name, 40)),
        )
        .label("not an NCCO action");
        let names = schema::ACTIONS.iter().map(|s| s.tag);
        let d = if let Some(help) = known_confusion(name) {
            d.help(help)
        } else if let Some(close) = suggest::closest(name, names) {
            if close.eq_ignore_ascii_case(name) {
                d.help(format!(
                    "did you mean `{close}`? action names are lower-case"
                ))
            } else {
                d.help(format!("did you mean `{close}`?"))
            }
        } else {
            d.help("actions are: record, conversation, connect, talk, stream, input, notify, wait, transfer")
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    super::super::rule_tests! {
        pass: [r#"[{"action": "talk", "text": "hi"}]"#, r#"[{"action": 3}]"#],
        fail: [r#"[{"action": "Talk", "text": "hi"}]"#, r#"[{"action": "websocket"}]"#, r#"[{"action": "hangup"}]"#],
    }
}
