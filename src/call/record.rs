//! `whk call --record DIR`: the call's webhooks written as fixtures and a lifecycle that
//! `whk replay` sends again, in order, with the waits the call had between them.
//!
//! ```text
//! DIR/lifecycle.json            the call: every request in order, `delay` = virtual time between them
//! DIR/requests/0001-answer.json one envelope per request (first attempts; retries are the sender's)
//! DIR/requests/0002-started.json
//! DIR/timeline.jsonl            the timeline as `--json` prints it, without the summary (not a fixture)
//! ```
//!
//! Each envelope keeps the method, the path and query of the URL it went to, and the JSON
//! body, with `template: false` so the recorded ids and timestamps are sent as they were; replay
//! signs every request afresh. `whk replay DIR/lifecycle.json --to http://HOST:PORT` replays
//! the call against the same paths (`--route answer=… --route event=…` when the app's URLs are
//! on different hosts; `--gap 0ms` to skip the waits).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};

use super::timeline::{CallRun, Sent};
use crate::fixtures::load::{LifecycleFile, StepFull, StepSpec};
use crate::fixtures::{Envelope, Query};

/// The lifecycle file's name inside the record directory.
pub const LIFECYCLE: &str = "lifecycle.json";
/// The folder of request envelopes inside the record directory.
pub const REQUESTS: &str = "requests";
/// The timeline file's name (JSON lines; not a fixture, so `whk replay DIR` skips it).
pub const TIMELINE: &str = "timeline.jsonl";

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub lifecycle: PathBuf,
    pub requests: usize,
}

/// Create `dir` (and its `requests/` folder) before the call runs, so a directory that
/// cannot be written is a usage error up front.
pub fn prepare(dir: &Path) -> Result<(), String> {
    let requests = dir.join(REQUESTS);
    std::fs::create_dir_all(&requests).map_err(|e| {
        format!(
            "cannot create the --record directory {}: {e}",
            dir.display()
        )
    })?;
    let stale: Vec<PathBuf> = std::fs::read_dir(&requests)
        .map_err(|e| format!("cannot read {}: {e}", requests.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    // A second recording into the same folder replaces the first, whole.
    for p in stale {
        std::fs::remove_file(&p).map_err(|e| format!("cannot replace {}: {e}", p.display()))?;
    }
    Ok(())
}

/// Write `run` into `dir` (made ready by [`prepare`]).
pub fn write(dir: &Path, run: &CallRun) -> Result<Written, String> {
    let fail = |p: &Path, e: std::io::Error| format!("cannot write {}: {e}", p.display());
    let mut steps = Vec::new();
    let mut last_t = 0u64;
    for (seq, (t_ms, sent)) in run.requests().filter(|(_, s)| s.attempt == 1).enumerate() {
        let name = format!("{:04}-{}.json", seq + 1, file_part(&sent.name));
        let path = dir.join(REQUESTS).join(&name);
        let env = envelope(&run.provider, t_ms, sent);
        std::fs::write(&path, env.to_json_pretty()).map_err(|e| fail(&path, e))?;
        let gap = t_ms.saturating_sub(last_t);
        last_t = t_ms;
        steps.push(StepSpec::Full(Box::new(StepFull {
            fixture: format!("{REQUESTS}/{name}"),
            delay: (seq > 0)
                .then(|| crate::output::format::duration_written(Duration::from_millis(gap))),
            expect: None,
            vars: None,
        })));
    }
    let requests = steps.len();
    let lifecycle = LifecycleFile {
        schema: None,
        lifecycle: format!("whk call {} {}", run.provider, run.uuid),
        description: Some(format!(
            "Recorded by whk call: conversation {}, {requests} requests, {} long, ended by the {}.",
            run.conversation_uuid,
            crate::output::format::duration_written(run.duration),
            run.ended_by.as_str()
        )),
        provider: Some(run.provider.clone()),
        gap: None,
        vars: None,
        steps,
    };
    let path = dir.join(LIFECYCLE);
    let mut text = serde_json::to_string_pretty(&lifecycle).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| fail(&path, e))?;
    let timeline = dir.join(TIMELINE);
    let mut lines = String::new();
    for line in super::render::json_entries(run) {
        lines.push_str(&line);
        lines.push('\n');
    }
    std::fs::write(&timeline, lines).map_err(|e| fail(&timeline, e))?;
    Ok(Written {
        lifecycle: path,
        requests,
    })
}

/// One request as an envelope: a GET's fields as the query (after any the URL had), a POST's
/// as the JSON body (Twilio and SignalWire: the form body).
fn envelope(provider: &str, t_ms: u64, sent: &Sent) -> Envelope {
    let parsed = url::Url::parse(&sent.url).ok();
    let path = parsed.as_ref().map(|u| u.path().to_string());
    let form = matches!(provider, "twilio" | "signalwire");
    // The id of the scheme that signs it (`whk providers`).
    let scheme = if provider == "signalwire" {
        "signalwire-compat"
    } else {
        provider
    };
    let mut env = Envelope {
        provider: Some(scheme.to_string()),
        event: Some(sent.name.clone()),
        method: Some(sent.method.clone()),
        path,
        template: Some(false),
        ..Envelope::default()
    };
    let mut query = Map::new();
    if let Some(u) = &parsed {
        for (k, v) in u.query_pairs() {
            query.insert(k.into_owned(), Value::from(v.into_owned()));
        }
    }
    if sent.method.eq_ignore_ascii_case("GET") {
        if let Some(fields) = sent.payload.as_object() {
            for (k, v) in fields {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                query.insert(k.clone(), Value::from(v));
            }
        }
    } else if form {
        env.form = sent.payload.as_object().cloned();
    } else {
        env.body = Some(sent.payload.clone());
    }
    if !query.is_empty() {
        env.query = Some(Query::Params(query));
    }
    let mut rec = Map::new();
    rec.insert("t_ms".into(), t_ms.into());
    rec.insert("kind".into(), sent.kind.clone().into());
    rec.insert("url".into(), sent.url.clone().into());
    if let Some(leg) = &sent.leg {
        rec.insert("leg".into(), leg.clone().into());
    }
    if let Some(s) = sent.status {
        rec.insert("response_status".into(), s.into());
    }
    env.recorded = Some(rec);
    env
}

/// An event name as part of a file name (`request` when nothing is left of it).
fn file_part(name: &str) -> String {
    let s = crate::listen::record::sanitize(name);
    if s.is_empty() { "request".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::timeline::{Entry, Item, Verdict};
    use serde_json::json;

    fn sent(name: &str, method: &str, url: &str, payload: Value, attempt: u32) -> Sent {
        Sent {
            kind: if name == "answer" { "answer" } else { "event" }.into(),
            name: name.into(),
            leg: Some("0779a56d002f1c7f47f82ef5fe84ab79".into()),
            method: method.into(),
            url: url.into(),
            attempt,
            payload,
            status: Some(200),
            latency_ms: 0.3,
            error: None,
            contract: None,
            verdict: Verdict::Ok,
            ncco: None,
            findings: Vec::new(),
        }
    }

    fn run() -> CallRun {
        let entries = vec![
            (
                0,
                sent(
                    "answer",
                    "GET",
                    "http://127.0.0.1:3000/webhooks/answer?app=1",
                    json!({"to": "447700900001", "from": "447700900000", "uuid": "0779a56d002f1c7f47f82ef5fe84ab79", "n": 3}),
                    1,
                ),
            ),
            (
                0,
                sent(
                    "started",
                    "POST",
                    "http://127.0.0.1:3000/webhooks/event",
                    json!({"status": "started"}),
                    1,
                ),
            ),
            (
                4100,
                sent(
                    "completed",
                    "POST",
                    "http://127.0.0.1:3000/webhooks/event",
                    json!({"status": "completed"}),
                    1,
                ),
            ),
            (
                4200,
                sent(
                    "completed",
                    "POST",
                    "http://127.0.0.1:3000/webhooks/event",
                    json!({"status": "completed"}),
                    2,
                ),
            ),
        ];
        CallRun {
            provider: "vonage".into(),
            uuid: "0779a56d002f1c7f47f82ef5fe84ab79".into(),
            conversation_uuid: "CON-1".into(),
            entries: entries
                .into_iter()
                .map(|(t_ms, s)| Entry {
                    t_ms,
                    item: Item::Request(s),
                })
                .collect(),
            duration: Duration::from_millis(4100),
            ..CallRun::default()
        }
    }

    #[test]
    fn a_run_becomes_a_lifecycle_replay_can_load() {
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path()).unwrap();
        let w = write(dir.path(), &run()).unwrap();
        assert_eq!(w.requests, 3, "the retry is not a step of its own");
        let items = crate::fixtures::resolve(w.lifecycle.to_str().unwrap()).unwrap();
        let crate::fixtures::Item::Lifecycle(l) = &items[0] else {
            panic!("not a lifecycle")
        };
        assert_eq!(l.steps.len(), 3);
        assert_eq!(l.steps[2].delay, Some(Duration::from_millis(4100)));
        let answer = &l.steps[0].fixture.envelope;
        assert_eq!(answer.method.as_deref(), Some("GET"));
        assert_eq!(answer.path.as_deref(), Some("/webhooks/answer"));
        assert_eq!(
            serde_json::to_value(&answer.query).unwrap(),
            json!({"app": "1", "to": "447700900001", "from": "447700900000", "uuid": "0779a56d002f1c7f47f82ef5fe84ab79", "n": "3"})
        );
        assert_eq!(answer.template, Some(false));
        let started = &l.steps[1].fixture.envelope;
        assert_eq!(started.body, Some(json!({"status": "started"})));
        assert_eq!(started.path.as_deref(), Some("/webhooks/event"));
        let names: Vec<_> = std::fs::read_dir(dir.path().join(REQUESTS))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(
            names,
            [
                "0001-answer.json",
                "0002-started.json",
                "0003-completed.json"
            ]
        );
        let timeline = std::fs::read_to_string(dir.path().join(TIMELINE)).unwrap();
        assert_eq!(timeline.lines().count(), 4);
    }

    #[test]
    fn recording_again_replaces_the_old_requests() {
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path()).unwrap();
        std::fs::write(dir.path().join(REQUESTS).join("0009-old.json"), "{}").unwrap();
        prepare(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path().join(REQUESTS))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_part("record"), "record");
        assert_eq!(file_part("../x y"), "_x_y");
        assert_eq!(file_part(""), "request");
    }
}
