//! How a delivery looks: the pretty block (head, headers, body, verdict lines), the compact
//! line, the `--json` line, and the summary. Pure functions from values to strings; the sink
//! decides where they go.

use crate::output::format::column_width;
use std::fmt::Write as _;

use serde_json::Value;

use super::analyze::{Body, Severity};
use super::delivery::{Delivery, Reply, ReplySource};
use super::signature::SigStatus;
use super::sink::Summary;
use crate::finding::Code;
use crate::output::Palette;
use crate::output::format::{human_size, humantime};
use crate::platform::Contract;
use crate::webhook::request::{is_sensitive, mask};

/// Bodies longer than this many lines are cut in the pretty view (JSON output and recordings
/// always have all of it).
const MAX_BODY_LINES: usize = 400;
/// Binary bodies show this many bytes as hex.
const HEX_PREVIEW: usize = 256;

/// The full block for one delivery, ending with a newline.
pub fn block(d: &Delivery, s: &Palette, recorded: Option<&str>) -> String {
    let mut t = String::new();
    let time = d.received_at.strftime("%H:%M:%S%.3f").to_string();
    let query = d
        .query
        .as_deref()
        .filter(|q| !q.is_empty())
        .map(|q| format!("?{}", escape_text(q)))
        .unwrap_or_default();
    let remote = d.remote.map(|r| format!(" · {r}")).unwrap_or_default();
    let _ = writeln!(
        t,
        "{} {} {}",
        s.heading(&format!("━━ #{}", d.seq)),
        s.dim(&format!("{time}{remote}")),
        s.heading(&format!(
            "{} {}{}",
            escape_text(&d.method),
            escape_text(&d.path),
            query
        ))
    );
    for (name, value) in d.headers.iter() {
        let v = if is_sensitive(name) {
            mask(value)
        } else {
            escape_text(value)
        };
        let _ = writeln!(t, "  {} {}", s.key(&format!("{name}:")), v);
    }
    if let Some(q) = d.query.as_deref().filter(|q| !q.is_empty()) {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if !pairs.is_empty() {
            let _ = writeln!(t, "  {}", s.dim("query:"));
            table(&mut t, &pairs, s, 4);
        }
    }
    body(&mut t, d, s);
    verdict_lines(&mut t, d, s);
    if let Some(path) = recorded {
        let _ = writeln!(t, "  {} {}", s.dim("● recorded"), s.dim(path));
    }
    t
}

fn body(t: &mut String, d: &Delivery, s: &Palette) {
    if let Some(r) = &d.rejected {
        let _ = writeln!(
            t,
            "\n  {}",
            s.dim(&format!("(body not shown: {})", r.describe()))
        );
        t.push('\n');
        return;
    }
    match &d.analysis.body {
        Body::Empty => {
            t.push('\n');
            return;
        }
        Body::Json => {
            t.push('\n');
            match serde_json::from_slice::<Value>(&d.body) {
                Ok(v) => {
                    let mut pretty = String::new();
                    json_pretty(&mut pretty, &v, s, 1);
                    push_lines(t, &pretty, "  ");
                }
                Err(_) => push_lines(t, &escape_text(&String::from_utf8_lossy(&d.body)), "  "),
            }
        }
        Body::Form(fields) => {
            t.push('\n');
            let _ = writeln!(
                t,
                "  {}",
                s.dim(&format!("form ({} fields):", fields.len()))
            );
            table(t, fields, s, 4);
        }
        Body::InvalidJson(_) | Body::Text => {
            t.push('\n');
            let text = String::from_utf8_lossy(&d.body);
            push_lines(t, &escape_text(&text), "  ");
        }
        Body::Binary => {
            t.push('\n');
            let _ = writeln!(
                t,
                "  {}",
                s.dim(&format!(
                    "{} of binary data:",
                    human_size(d.body.len() as u64)
                ))
            );
            hex_preview(t, &d.body);
        }
    }
    t.push('\n');
}

fn push_lines(t: &mut String, text: &str, indent: &str) {
    let total = text.lines().count();
    for line in text.lines().take(MAX_BODY_LINES) {
        t.push_str(indent);
        t.push_str(line);
        t.push('\n');
    }
    if total > MAX_BODY_LINES {
        let _ = writeln!(
            t,
            "{indent}… {} more lines (the full body is in --json output and --record files)",
            total - MAX_BODY_LINES
        );
    }
}

fn table(t: &mut String, pairs: &[(String, String)], s: &Palette, indent: usize) {
    let width = column_width(pairs.iter().map(|(k, _)| k.as_str()), 0, 28);
    for (k, v) in pairs.iter().take(MAX_BODY_LINES) {
        let k = escape_text(k);
        let pad = width.saturating_sub(k.chars().count());
        let _ = writeln!(
            t,
            "{:indent$}{}{:pad$}  {}",
            "",
            s.key(&k),
            "",
            s.string(&escape_text(v)),
        );
    }
    if pairs.len() > MAX_BODY_LINES {
        let _ = writeln!(
            t,
            "{:indent$}… {} more fields",
            "",
            pairs.len() - MAX_BODY_LINES
        );
    }
}

fn hex_preview(t: &mut String, bytes: &[u8]) {
    for (i, chunk) in bytes.chunks(16).take(HEX_PREVIEW / 16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        let _ = writeln!(t, "  {:08x}  {:<47}  |{}|", i * 16, hex.join(" "), ascii);
    }
    if bytes.len() > HEX_PREVIEW {
        let _ = writeln!(t, "  … {} more bytes", bytes.len() - HEX_PREVIEW);
    }
}

/// Pretty JSON with two-space indentation and semantic colours.
pub fn json_pretty(out: &mut String, v: &Value, s: &Palette, depth: usize) {
    let pad = |n: usize| "  ".repeat(n);
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) => {
            out.push_str("{\n");
            for (i, (k, val)) in m.iter().enumerate() {
                out.push_str(&pad(depth));
                out.push_str(&s.key(&json_string(k)));
                out.push_str(": ");
                json_pretty(out, val, s, depth + 1);
                if i + 1 < m.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(depth - 1));
            out.push('}');
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, val) in a.iter().enumerate() {
                out.push_str(&pad(depth));
                json_pretty(out, val, s, depth + 1);
                if i + 1 < a.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(depth - 1));
            out.push(']');
        }
        Value::String(st) => out.push_str(&s.string(&json_string(st))),
        other => out.push_str(&s.literal(&other.to_string())),
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Make text safe for a terminal: control characters (escape sequences included) are shown
/// as `\u{1b}`, never sent raw; newlines and tabs stay.
pub fn escape_text(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// The headline: provider, event and signature verdict.
fn headline(d: &Delivery, s: &Palette) -> String {
    let provider = d
        .analysis
        .provider
        .or(d.signature.provider)
        .map(|p| p.id().to_string())
        .unwrap_or_else(|| "unknown sender".into());
    let event = d
        .analysis
        .recognition
        .event
        .as_deref()
        .map(escape_text)
        .unwrap_or_else(|| "no event type".into());
    let sig = &d.signature;
    let (mark, text) = match sig.status {
        SigStatus::Valid => (s.valid("✓"), s.valid(&sig.message)),
        SigStatus::Invalid | SigStatus::Missing => {
            let line = sig
                .verdict
                .as_ref()
                .map(|v| v.one_line())
                .unwrap_or_else(|| sig.message.clone());
            (
                s.invalid("✗"),
                format!(
                    "{} {}",
                    s.invalid(&format!("{}:", sig.status.as_str())),
                    line
                ),
            )
        }
        SigStatus::Unchecked => (s.dim("·"), s.dim(&sig.message)),
    };
    format!(
        "  {mark} {} · {} · {text}",
        s.bold(&provider),
        s.bold(&event)
    )
}

fn verdict_lines(t: &mut String, d: &Delivery, s: &Palette) {
    let _ = writeln!(t, "{}", headline(d, s));
    if d.signature.status == SigStatus::Unchecked
        && let Some(h) = &d.signature.hint
        && d.signature.provider.is_some()
    {
        let _ = writeln!(t, "    {}", s.dim(h));
    }
    let bad = |t: &mut String, text: &str| {
        let _ = writeln!(t, "  {} {text}", s.invalid("✗"));
    };
    let warn = |t: &mut String, text: &str| {
        let _ = writeln!(t, "  {} {text}", s.warning("!"));
    };
    if let Some(r) = &d.rejected {
        bad(t, &r.describe());
    }
    if let Body::InvalidJson(e) = &d.analysis.body {
        bad(
            t,
            &format!(
                "JSON syntax error at line {}, column {}: {}",
                e.line, e.column, e.message
            ),
        );
        if let Some(line) = String::from_utf8_lossy(&d.body)
            .lines()
            .nth(e.line.saturating_sub(1))
        {
            let line = escape_text(line);
            let _ = writeln!(t, "      {}", line);
            let _ = writeln!(
                t,
                "      {}{}",
                " ".repeat(e.column.saturating_sub(1).min(line.chars().count())),
                s.invalid("^")
            );
        }
    }
    if !d.analysis.recognition.missing.is_empty() {
        let event = d
            .analysis
            .recognition
            .event
            .as_deref()
            .unwrap_or("this event");
        bad(
            t,
            &format!(
                "{} lacks {} ({})",
                escape_text(event),
                if d.analysis.recognition.missing.len() == 1 {
                    "a field it needs"
                } else {
                    "fields it needs"
                },
                d.analysis.recognition.missing.join(", ")
            ),
        );
    }
    // Invalid JSON and missing fields have their own lines above.
    for f in d
        .analysis
        .findings()
        .iter()
        .filter(|f| f.code != Code::LISTEN_INVALID_JSON && f.code != Code::LISTEN_MISSING_FIELD)
    {
        match f.severity {
            Severity::Error => bad(t, &escape_text(&f.message)),
            Severity::Warning | Severity::Note => warn(t, &escape_text(&f.message)),
        }
        if let Some(h) = &f.hint {
            let _ = writeln!(t, "    {}", s.dim(&escape_text(h)));
        }
    }
    if let Some(dup) = &d.duplicate {
        warn(
            t,
            &format!(
                "duplicate of #{} ({}): providers retry, so handle it idempotently",
                dup.of,
                escape_text(&dup.detail)
            ),
        );
    }
    if let Some(st) = &d.stale {
        warn(t, st);
    }
    reply_lines(t, d, s);
    if d.reply.source == ReplySource::Default
        && d.analysis.recognition.event.as_deref() == Some("answer")
        && d.analysis.provider == Some(crate::webhook::Provider::Vonage)
    {
        let _ = writeln!(
            t,
            "    {}",
            s.dim("Vonage expects an NCCO here: serve one with --answer FILE, or --forward-to your app")
        );
    }
}

fn reply_lines(t: &mut String, d: &Delivery, s: &Palette) {
    let r = &d.reply;
    let status = status_text(r.status, s);
    match (&d.forward, r.source) {
        (f, ReplySource::CutOff) => {
            let waiting = if f.is_some() {
                " (the app had not answered)"
            } else {
                ""
            };
            let _ = writeln!(
                t,
                "  {} cut off before its answer{waiting}: whk listen was stopped at once, so the sender got no answer",
                s.warning("!"),
            );
        }
        (Some(f), ReplySource::App) => {
            let _ = writeln!(
                t,
                "  {} app {} answered {} in {} {}",
                s.dim("→"),
                escape_text(&f.url),
                status,
                humantime(f.latency),
                s.dim(&format!(
                    "({}, {})",
                    r.content_type.as_deref().unwrap_or("no content type"),
                    human_size(r.body.len() as u64)
                ))
            );
            reply_body(t, &r.body, s);
            if let Some(refused) = &f.refused {
                let _ = writeln!(
                    t,
                    "  {} {} ({})",
                    s.invalid("✗"),
                    super::delivery::Refusal::MESSAGE,
                    refused.status
                );
                let _ = writeln!(t, "    {}", s.dim(&refused.hint));
            }
        }
        (Some(f), _) if f.error.is_some() => {
            let _ = writeln!(
                t,
                "  {} app {}: {}; {} {} to the sender",
                s.invalid("✗"),
                escape_text(&f.url),
                f.error.as_deref().unwrap_or(""),
                if d.gave_up.is_some() {
                    "would have answered"
                } else {
                    "answered"
                },
                status
            );
        }
        // The line below says what the sender missed.
        _ if d.gave_up.is_some() => {}
        _ => {
            let what = match r.source {
                ReplySource::Answer => " with the --answer NCCO".to_string(),
                ReplySource::File => " with the --respond file".to_string(),
                ReplySource::FailFirst => {
                    format!(" on purpose (--fail-first; attempt {})", d.attempt)
                }
                ReplySource::RecordFailed => " because --record could not write it".to_string(),
                ReplySource::Default => match &r.contract {
                    Some(c) => format!(
                        " with the {} the platform expects",
                        default_name(c.contract)
                    ),
                    None => String::new(),
                },
                _ => String::new(),
            };
            let _ = writeln!(
                t,
                "  {} answered {}{} {}",
                s.dim("→"),
                status,
                what,
                s.dim(&format!("in {}", humantime(d.latency)))
            );
        }
    }
    if let Some(g) = d.gave_up.as_ref().filter(|_| !d.cut_off) {
        let mark = if d.app_too_slow() {
            s.invalid("✗")
        } else {
            s.warning("!")
        };
        let _ = writeln!(t, "  {mark} {}", g.describe(&status, d.latency));
    }
    if let Some(n) = &r.ncco {
        if n.errors == 0 && n.warnings == 0 {
            let _ = writeln!(t, "  {} NCCO lints clean", s.valid("✓"));
        } else {
            let mark = if n.errors > 0 {
                s.invalid("✗")
            } else {
                s.warning("!")
            };
            let _ = writeln!(
                t,
                "  {mark} NCCO: {} error(s), {} warning(s)",
                n.errors, n.warnings
            );
            for m in n.messages.iter().take(10) {
                let _ = writeln!(t, "      {}", escape_text(m));
            }
        }
    }
    contract_lines(t, r, s);
}

/// What whk's default answer for a contract is, for people.
fn default_name(c: Contract) -> &'static str {
    match c {
        Contract::Ncco | Contract::NccoIfAny => "one-talk NCCO",
        Contract::Twiml => "TwiML <Say>",
        Contract::VapiToolCalls => "result for every toolCallId",
        Contract::VapiAssistantRequest => "assistant",
    }
}

/// The app's reply against its contract (an NCCO has its own lines above).
fn contract_lines(t: &mut String, r: &Reply, s: &Palette) {
    let Some(c) = r.contract.as_ref().filter(|_| r.source == ReplySource::App) else {
        return;
    };
    if matches!(c.contract, Contract::Ncco | Contract::NccoIfAny) {
        return;
    }
    if c.failures.is_empty() {
        let _ = writeln!(
            t,
            "  {} the reply meets the {} contract",
            s.valid("✓"),
            c.contract.describe()
        );
        return;
    }
    for f in &c.failures {
        let _ = writeln!(t, "  {} {}", s.invalid("✗"), escape_text(&f.message));
    }
}

fn reply_body(t: &mut String, body: &[u8], s: &Palette) {
    if body.is_empty() {
        return;
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => {
            let mut pretty = String::new();
            json_pretty(&mut pretty, &v, s, 1);
            push_lines(t, &pretty, "      ");
        }
        Err(_) => match std::str::from_utf8(body) {
            Ok(text) => push_lines(t, &escape_text(text), "      "),
            Err(_) => {
                let _ = writeln!(
                    t,
                    "      {}",
                    s.dim(&format!(
                        "({} of binary data)",
                        human_size(body.len() as u64)
                    ))
                );
            }
        },
    }
}

fn status_text(code: u16, s: &Palette) -> String {
    let text = code.to_string();
    match code {
        200..=299 => s.valid(&text),
        300..=399 => s.literal(&text),
        _ => s.invalid(&text),
    }
}

/// One line per delivery (`--compact`).
pub fn compact(d: &Delivery, s: &Palette, recorded: Option<&str>) -> String {
    let time = d.received_at.strftime("%H:%M:%S%.3f").to_string();
    let sig = match d.signature.status {
        SigStatus::Valid => s.valid("valid"),
        SigStatus::Invalid => s.invalid(&format!("invalid ({})", d.signature.reason())),
        SigStatus::Missing => s.invalid("missing signature"),
        SigStatus::Unchecked => s.dim("unchecked"),
    };
    let mut extras = Vec::new();
    if let Some(r) = &d.rejected {
        extras.push(s.invalid(&r.describe()));
    }
    if let Body::InvalidJson(e) = &d.analysis.body {
        extras.push(s.invalid(&format!("bad JSON at {}:{}", e.line, e.column)));
    }
    if !d.analysis.recognition.missing.is_empty() {
        extras.push(s.invalid(&format!(
            "lacks {}",
            d.analysis.recognition.missing.join(", ")
        )));
    }
    if !d.analysis.recognition.problems.is_empty() {
        extras.push(s.invalid(&format!(
            "{} payload problem(s)",
            d.analysis.recognition.problems.len()
        )));
    }
    if !d.analysis.recognition.warnings.is_empty() {
        extras.push(s.warning(&format!(
            "{} payload warning(s)",
            d.analysis.recognition.warnings.len()
        )));
    }
    if let Some(dup) = &d.duplicate {
        extras.push(s.warning(&format!("dup of #{}", dup.of)));
    }
    if d.stale.is_some() {
        extras.push(s.warning("stale"));
    }
    if let Some(f) = &d.forward
        && let Some(e) = &f.error
    {
        extras.push(s.invalid(e));
    }
    if let Some(r) = d.forward.as_ref().and_then(|f| f.refused.as_ref()) {
        extras.push(s.invalid(&format!("app refused a valid delivery ({})", r.status)));
    }
    if let Some(g) = &d.gave_up {
        let text = format!(
            "sender gave up after {}, answer at {}",
            humantime(g.after),
            humantime(d.latency)
        );
        extras.push(if d.app_too_slow() {
            s.invalid(&text)
        } else {
            s.warning(&text)
        });
    }
    if d.cut_off {
        extras.push(s.warning("cut off before the answer"));
    }
    if let Some(p) = recorded {
        extras.push(s.dim(p));
    }
    format!(
        "{} {} {} {} {} {} {} {}{}\n",
        s.dim(&format!("#{}", d.seq)),
        s.dim(&time),
        escape_text(&d.method),
        escape_text(&d.path),
        status_text(d.reply.status, s),
        d.analysis.provider.map(|p| p.id()).unwrap_or("-"),
        escape_text(d.analysis.recognition.event.as_deref().unwrap_or("-")),
        sig,
        if extras.is_empty() {
            String::new()
        } else {
            format!(" · {}", extras.join(" · "))
        }
    )
}

/// Append the `--json` line for one delivery (with a newline) to `out`.
pub fn json_line(d: &Delivery, recorded: Option<&str>, out: &mut Vec<u8>) {
    d.write_json(out, recorded);
}

/// The closing summary for people.
pub fn summary_human(sum: &Summary, s: &Palette, outcome: &str) -> String {
    let mut parts = vec![format!(
        "{} deliver{}",
        sum.deliveries,
        if sum.deliveries == 1 { "y" } else { "ies" }
    )];
    let mut add = |n: u64, label: &str, style: fn(&Palette, &str) -> String| {
        if n > 0 {
            parts.push(style(s, &format!("{n} {label}")));
        }
    };
    add(sum.valid, "valid", Palette::valid);
    add(sum.invalid, "invalid", Palette::invalid);
    add(sum.missing, "unsigned", Palette::invalid);
    add(sum.unchecked, "unchecked", Palette::dim);
    add(sum.duplicates, "duplicate(s)", Palette::warning);
    add(sum.payload_errors, "payload error(s)", Palette::invalid);
    add(sum.warnings, "with payload warnings", Palette::warning);
    add(sum.rejected, "refused", Palette::invalid);
    add(sum.forward_errors, "app error(s)", Palette::invalid);
    add(
        sum.refused_valid,
        "valid but refused by the app",
        Palette::invalid,
    );
    add(sum.app_too_slow, "gave up on a slow app", Palette::invalid);
    add(
        sum.sender_gave_up - sum.app_too_slow,
        "gave up before the answer",
        Palette::warning,
    );
    add(sum.cut_off, "cut off before the answer", Palette::warning);
    add(sum.hidden, "hidden by --events", Palette::dim);
    add(sum.recorded, "recorded", Palette::dim);
    add(sum.record_errors, "NOT recorded", Palette::invalid);
    format!(
        "{} {}\n  {}\n",
        s.heading("━━ summary:"),
        parts.join(" · "),
        outcome
    )
}

/// The closing `{"summary": …}` line.
pub fn summary_json(sum: &Summary, exit: u8, stopped: &str, outcome: &str) -> String {
    let mut v = serde_json::to_value(sum).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("stopped".into(), Value::String(stopped.into()));
        m.insert("exit".into(), Value::from(exit));
        m.insert("outcome".into(), Value::String(outcome.into()));
    }
    let mut s =
        serde_json::to_string(&serde_json::json!({ "summary": v })).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_text("a\x1b[31mb\n"), "a\\u{1b}[31mb\n");
        assert_eq!(escape_text("plain"), "plain");
    }

    #[test]
    fn pretty_json_plain() {
        let v: Value = serde_json::from_str(r#"{"a":[1,{"b":"x"}],"c":{},"d":null}"#).unwrap();
        let mut out = String::new();
        json_pretty(&mut out, &v, &Palette::new(false), 1);
        assert_eq!(
            out,
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x\"\n    }\n  ],\n  \"c\": {},\n  \"d\": null\n}"
        );
    }
}
