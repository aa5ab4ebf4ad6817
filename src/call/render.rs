//! A call for people and machines: the human timeline (virtual time, each request with its
//! status, latency and verdict, each action as it ran, how the call ended), the `--json`
//! lines (one object per entry, then `{"summary": {...}}`) and GitHub annotations.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::timeline::{ActionRun, CallEvent, CallRun, Entry, Item, Sent, Verdict};
use crate::finding::{Finding, Severity, github};
use crate::output::Palette;
use crate::output::format::{humantime, latency_compact, millis};

/// Virtual time as the timeline's first column: `   4.100 s`.
fn clock(t_ms: u64) -> String {
    format!("{:>6}.{:03} s", t_ms / 1000, t_ms % 1000)
}

/// At most `n` characters, with `…` when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let cut: String = text.chars().take(n).collect();
        format!("{cut}…")
    }
}

/// The path (and no query) of a URL, for a timeline line.
fn path_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => u.path().to_string(),
        Err(_) => url.to_string(),
    }
}

/// The human timeline: one line per entry (findings under the request or action they came
/// from), then the summary and any findings of the call as a whole (`extra`: expectations).
pub fn human(run: &CallRun, extra: &[Finding], exit: u8, p: &Palette) -> String {
    let conversation = if run.conversation_uuid.is_empty() {
        String::new()
    } else {
        format!(" · {}", run.conversation_uuid)
    };
    let mut lines = vec![p.heading(&format!(
        "whk call · {} · uuid {}{conversation} · seed {}",
        run.provider, run.uuid, run.seed
    ))];
    for e in &run.entries {
        lines.push(entry_line(e, &run.uuid, p));
        if let Item::Request(s) = &e.item {
            for f in &s.findings {
                lines.extend(finding_lines(f, p));
            }
        }
    }
    // Findings not shown under a request (media, connect), then the expectations.
    for f in run.findings.iter().filter(|f| {
        !run.requests()
            .any(|(_, s)| s.findings.iter().any(|g| g == *f))
    }) {
        lines.extend(finding_lines(f, p));
    }
    for f in extra {
        lines.extend(finding_lines(f, p));
    }
    let total = run.findings.len() + extra.len();
    lines.push(summary_line(run, total, exit, p));
    lines.join("\n")
}

/// One finding for people (its hint on a second line).
pub fn finding_text(f: &Finding, p: &Palette) -> String {
    finding_lines(f, p).join("\n")
}

fn finding_lines(f: &Finding, p: &Palette) -> Vec<String> {
    let label = match f.severity {
        Severity::Error => p.error("error"),
        _ => p.warning("warning"),
    };
    let mut v = vec![format!(
        "{:>12}{label} {}: {}",
        "",
        p.code(f.code.as_str()),
        f.message
    )];
    if let Some(h) = &f.hint {
        v.push(format!("{:>14}{} {h}", "", p.hint("hint:")));
    }
    v
}

fn entry_line(e: &Entry, caller: &str, p: &Palette) -> String {
    let t = p.dim(&clock(e.t_ms));
    let body = match &e.item {
        Item::Request(s) => request_line(s, caller, p),
        Item::Action(a) => action_line(a, p),
        Item::Event(ev) => event_line(ev, p),
        Item::Media(m) => media_line(m),
    };
    format!("{t}  {body}")
}

fn request_line(s: &Sent, caller: &str, p: &Palette) -> String {
    let what = match s.kind.as_str() {
        "answer" => "answer".to_string(),
        "fallback" => format!("fallback ({})", s.name),
        k if k == s.name => k.to_string(),
        _ => s.name.clone(),
    };
    let mut retry = if s.attempt > 1 { " (retry)" } else { "" }.to_string();
    // Events of a connect's leg name it (its first 8 characters).
    if let Some(leg) = s.leg.as_deref().filter(|l| *l != caller) {
        retry.push_str(&format!(" [leg {}]", leg.get(..8).unwrap_or(leg)));
    }
    let answer = match (s.status, &s.error) {
        (Some(code), _) => format!(
            "{code} in {}",
            latency_compact(Duration::from_secs_f64(s.latency_ms / 1000.0))
        ),
        (None, Some(e)) => e.clone(),
        (None, None) => "no answer".into(),
    };
    let verdict = match (s.contract, s.verdict) {
        (Some(_), Verdict::Ok) if s.ncco.is_some() => format!("  {}", p.valid("NCCO ok")),
        (Some("twiml"), Verdict::Ok) => format!("  {}", p.valid("TwiML ok")),
        (Some(_), Verdict::Ok) => format!("  {}", p.valid("ok")),
        (_, Verdict::Failed) => format!("  {}", p.invalid("FAIL")),
        (None, Verdict::Ok) => String::new(),
    };
    format!(
        "→ {:<4} {:<12} {}{retry}  {answer}{verdict}",
        s.method,
        what,
        path_of(&s.url)
    )
}

fn str_of<'a>(m: &'a Map<String, Value>, k: &str) -> &'a str {
    m.get(k).and_then(Value::as_str).unwrap_or("")
}

fn action_line(a: &ActionRun, p: &Palette) -> String {
    let line = action_text(a, p);
    // A TwiML prompt the caller cut short (a talk says so itself).
    if a.action != "talk" && a.detail.get("barged_in") == Some(&Value::Bool(true)) {
        return format!("{line} (barged in)");
    }
    line
}

fn action_text(a: &ActionRun, p: &Palette) -> String {
    let d = &a.detail;
    let took = humantime(Duration::from_millis(a.duration_ms));
    let name = p.bold(&a.action);
    if d.get("emulated") == Some(&Value::Bool(false)) {
        return format!("{name}: not emulated, skipped");
    }
    match a.action.as_str() {
        "talk" => {
            let mut s = format!("{name} \"{}\" {took}", short(str_of(d, "text"), 40));
            let n = d.get("loop").and_then(Value::as_u64).unwrap_or(1);
            if n != 1 {
                s.push_str(&format!(" (loop {n})"));
            }
            if d.get("barged_in") == Some(&Value::Bool(true)) {
                s.push_str(" (barged in)");
            }
            s
        }
        "stream" => format!("{name} {} {took}", short(str_of(d, "stream_url"), 50)),
        "wait" | "conversation" | "transfer" => {
            let what = match a.action.as_str() {
                "conversation" => format!(" \"{}\"", str_of(d, "name")),
                "transfer" => format!(" → {}", str_of(d, "conversation_id")),
                _ => String::new(),
            };
            format!("{name}{what} {took}")
        }
        "input" | "Gather" => {
            let got = if let Some(digits) = d
                .get("digits")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                format!("dtmf {digits}")
            } else if let Some(speech) = d.get("speech").and_then(Value::as_str) {
                format!("speech \"{}\"", short(speech, 40))
            } else {
                "silence".to_string()
            };
            let mut s = format!("{name} → {got} {took}");
            if d.get("timed_out") == Some(&Value::Bool(true)) {
                s.push_str(" (timed out)");
            }
            if let Some(r) = d.get("timeout_reason").and_then(Value::as_str) {
                s.push_str(&format!(" ({r})"));
            }
            s
        }
        "record" => {
            if d.get("background") == Some(&Value::Bool(true)) {
                format!("{name} in the background until the call ends")
            } else {
                format!(
                    "{name} until {} {took}",
                    str_of(d, "ends").replace('_', " ")
                )
            }
        }
        "connect" | "Dial" => {
            let outcome = str_of(d, "outcome");
            let mut s = format!("{name} {} → {}", str_of(d, "target"), outcome);
            if let Some(m) = d.get("machine_detection").and_then(Value::as_str) {
                s.push_str(&format!(" ({m})"));
            }
            if d.get("synchronous") == Some(&Value::Bool(true)) {
                s.push_str(" [synchronous]");
            }
            s.push_str(&format!(" {took}"));
            s
        }
        "notify" | "Redirect" => format!("{name} → {}", path_of(str_of(d, "url"))),
        // TwiML verbs (the NCCO-shaped ones share the arms above).
        "Say" => format!("{name} \"{}\" {took}", short(str_of(d, "text"), 40)),
        "Play" => match d.get("digits").and_then(Value::as_str) {
            Some(digits) => format!("{name} digits {digits} {took}"),
            None => format!("{name} {} {took}", short(str_of(d, "url"), 50)),
        },
        "Pause" | "Hangup" => format!("{name} {took}"),
        "Reject" => format!("{name} ({})", str_of(d, "reason")),
        "Record" => match d.get("recording_duration_s").and_then(Value::as_u64) {
            Some(s) => format!("{name} {s} s of audio {took}"),
            None => format!("{name} → nothing recorded {took}"),
        },
        "Connect" => format!("{name} <Stream> {} {took}", short(str_of(d, "url"), 50)),
        // Vapi turns.
        "user" | "assistant" => format!("{name} \"{}\" {took}", short(str_of(d, "text"), 50)),
        "tool" => {
            let result = if d.get("answered") == Some(&Value::Bool(true)) {
                format!("\"{}\"", short(str_of(d, "result"), 50))
            } else {
                p.invalid("no result")
            };
            format!("{name} {} → {result}", str_of(d, "name"))
        }
        other => format!("{name} {other}: not emulated, skipped"),
    }
}

fn event_line(ev: &CallEvent, p: &Palette) -> String {
    let d = &ev.detail;
    let text = match ev.event.as_str() {
        "hangup" => match str_of(d, "by") {
            "caller" => "the caller hangs up".to_string(),
            "callee" => "the callee hangs up".to_string(),
            _ => format!("the platform hangs up: {}", str_of(d, "reason")),
        },
        "ended" => format!(
            "call ended by the {}: {}",
            str_of(d, "by"),
            str_of(d, "reason")
        ),
        "assistant" => match d.get("error").and_then(Value::as_str) {
            Some(e) => format!("assistant-request answered with an error: {e:?}"),
            None => format!(
                "assistant {} (from the {})",
                str_of(d, "assistant"),
                str_of(d, "source")
            ),
        },
        "transferred" => {
            "assistant-request answered with a destination: the call is transferred".into()
        }
        other => other.to_string(),
    };
    format!("{} {text}", p.dim("●"))
}

/// The socket's own one-line summary (the media entry's `summary`).
fn media_line(m: &Map<String, Value>) -> String {
    format!("media {}", str_of(m, "summary"))
}

fn summary_line(run: &CallRun, findings: usize, exit: u8, p: &Palette) -> String {
    let verdict = if exit == 0 {
        p.valid("PASS")
    } else {
        p.invalid("FAIL")
    };
    let f = match findings {
        0 => "no findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    format!(
        "{verdict}  call ended by the {} after {}: {} actions, {} webhooks, {f} (seed {})",
        run.ended_by.as_str(),
        humantime(run.duration),
        run.actions_run,
        run.webhooks_sent,
        run.seed
    )
}

/// The `--json` lines: one object per entry.
pub fn json_entries(run: &CallRun) -> impl Iterator<Item = String> + '_ {
    run.entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default())
}

/// `{"summary": {...}}`.
pub fn json_summary(run: &CallRun, extra: &[Finding], exit: u8, order: &str) -> Value {
    let findings: Vec<&Finding> = run.findings.iter().chain(extra).collect();
    json!({
        "summary": {
            "provider": run.provider,
            "uuid": run.uuid,
            "conversation_uuid": run.conversation_uuid,
            "actions_run": run.actions_run,
            "webhooks_sent": run.webhooks_sent,
            "findings": findings,
            "ended_by": run.ended_by,
            "duration_s": millis(run.duration) / 1000.0,
            "order": order,
            "seed": run.seed,
            "unreachable": run.unreachable,
            "exit": exit,
        }
    })
}

/// GitHub annotations, one per finding.
pub fn github(run: &CallRun, extra: &[Finding]) -> Vec<String> {
    let context = format!("whk call {}", run.uuid);
    run.findings
        .iter()
        .chain(extra)
        .map(|f| github::annotation(f, &context))
        .collect()
}
