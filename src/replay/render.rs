//! What `whk replay` shows: a line (and, under a refusal, the answer and likely causes) or a
//! JSON object per [`Report`], the run's [`Summary`], and a dry run's requests as curl
//! commands or JSON. Strings and values only; `cmd/replay.rs` hands them to `output`.

use serde_json::{Value, json};

use super::build::DryRequest;
use super::{Hint, Report, Summary};
use crate::output::Output;
use crate::output::format::{latency_compact, millis, sh_quote};

/// Bytes of a refused request's answer shown under its line.
const ANSWER_PREVIEW_BYTES: usize = 200;
/// Bytes of every answer's body in `--json` (`response_body`).
const ANSWER_JSON_BYTES: usize = 4096;

pub fn label(r: &Report) -> String {
    if r.unit.as_ref() == r.fixture.as_ref() {
        r.fixture.to_string()
    } else {
        format!("{} › {}", r.unit, r.fixture)
    }
}

fn report_line(r: &Report, out: &Output) -> String {
    let s = &out.out_style;
    let mark = if r.will_retry {
        s.warning("RETRY")
    } else if r.passed() {
        s.valid("PASS ")
    } else {
        s.invalid("FAIL ")
    };
    let status = r
        .outcome
        .status
        .map_or_else(|| "---".to_string(), |c| c.to_string());
    let mut line = format!(
        "{mark} {status} {:>8}  {}  {} {}",
        latency_compact(r.outcome.latency),
        s.bold(&label(r)),
        r.method,
        s.dim(&r.url)
    );
    if r.attempt > 1 {
        line.push_str(&format!(" {}", s.dim(&format!("(attempt {})", r.attempt))));
    }
    if r.duplicate {
        line.push_str(&format!(" {}", s.dim("(duplicate)")));
    }
    if !r.findings.is_empty() {
        line.push_str(" — ");
        line.push_str(&r.failures().join("; "));
    }
    line
}

/// A report's line, and under a FAIL with a 4xx/5xx the start of the answer's body and, with
/// `hints`, the likely causes of a refusal (an attempt that is retried stays one line).
pub fn report_text(r: &Report, hints: bool, out: &Output) -> String {
    let s = &out.out_style;
    let mut text = report_line(r, out);
    if r.passed() || r.will_retry || r.outcome.status.is_none_or(|c| c < 400) {
        return text;
    }
    let (preview, cut) = body_prefix(&r.outcome.body, ANSWER_PREVIEW_BYTES);
    let shown = if r.outcome.body_len == 0 {
        s.dim("(empty body)")
    } else if (cut as u64) < r.outcome.body_len {
        format!(
            "{}… {}",
            escape_line(&preview),
            s.dim(&format!("(first {cut} of {} bytes)", r.outcome.body_len))
        )
    } else {
        escape_line(&preview)
    };
    text.push_str(&format!("\n      {} {shown}", s.dim("answer:")));
    if hints && let Some(status) = r.outcome.status {
        text.push_str(&format!(
            "\n      {} the endpoint refused the request ({status}); likely causes:",
            s.warning("hint:")
        ));
        for h in &r.hints {
            text.push_str(&format!("\n        - {h}"));
        }
    }
    text
}

/// The start of a body, at most `max` bytes cut at a character boundary, as text (invalid
/// UTF-8 replaced); and how many bytes that is.
fn body_prefix(body: &[u8], max: usize) -> (String, usize) {
    let mut cut = body.len().min(max);
    if let Err(e) = std::str::from_utf8(&body[..cut])
        && e.error_len().is_none()
    {
        cut = e.valid_up_to();
    }
    (String::from_utf8_lossy(&body[..cut]).into_owned(), cut)
}

/// Text on one line: line breaks, tabs and other control characters escaped.
fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// One report as a `--json` line.
pub fn report_json(r: &Report) -> Value {
    let (body, body_cut) = body_prefix(&r.outcome.body, ANSWER_JSON_BYTES);
    json!({
        "unit": r.unit.as_ref(),
        "fixture": r.fixture.as_ref(),
        "event": r.event.as_deref(),
        "provider": r.provider.map(|p| p.id()),
        "kind": r.kind.as_str(),
        "seq": r.seq,
        "step": r.step,
        "attempt": r.attempt,
        "duplicate": r.duplicate,
        "method": r.method,
        "url": r.url,
        "status": r.outcome.status,
        "latency_ms": millis(r.outcome.latency),
        "pass": r.passed(),
        "retry": r.will_retry,
        "failures": r.failures(),
        "error": r.outcome.error.as_ref().map(|e| e.to_string()),
        "call_id": r.call_id,
        "response_headers": r.outcome.status.map(|_| r.outcome.headers.to_json(true)),
        "response_body": r.outcome.status.map(|_| body),
        "response_body_bytes": r.outcome.body_len,
        "response_body_truncated": (body_cut as u64) < r.outcome.body_len,
        "hints": r.hints.iter().map(Hint::to_string).collect::<Vec<_>>(),
        "findings": r.findings,
    })
}

/// The run's totals as the `--json` `summary` object.
pub fn summary_json(s: &Summary) -> Value {
    let secs = s.elapsed.as_secs_f64();
    json!({
        "sent": s.sent,
        "passed": s.passed,
        "failed": s.failed,
        "retried": s.retried,
        "elapsed_ms": millis(s.elapsed),
        "requests_per_sec": if secs > 0.0 { (s.sent as f64 / secs * 10.0).round() / 10.0 } else { 0.0 },
        "latency_ms": {
            "p50": millis(s.latency.percentile(50.0)),
            "p95": millis(s.latency.percentile(95.0)),
            "p99": millis(s.latency.percentile(99.0)),
            "max": millis(s.latency.max()),
            "mean": millis(s.latency.mean()),
        },
    })
}

/// The run's totals in one line.
pub fn summary_line(s: &Summary, out: &Output) -> String {
    let st = &out.out_style;
    let secs = s.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        s.sent as f64 / secs
    } else {
        0.0
    };
    let failed = format!("{} failed", s.failed);
    // Latencies are of answers only: with none, zeros would read as "instant".
    let latency = if s.latency.count() == 0 {
        "no answers to time".to_string()
    } else {
        format!(
            "latency p50 {} p95 {} p99 {} max {}",
            latency_compact(s.latency.percentile(50.0)),
            latency_compact(s.latency.percentile(95.0)),
            latency_compact(s.latency.percentile(99.0)),
            latency_compact(s.latency.max()),
        )
    };
    format!(
        "{} sent, {} passed, {}, {} retried in {:.2}s ({:.0} req/s) · {latency}",
        s.sent,
        s.passed,
        if s.failed > 0 {
            st.invalid(&failed)
        } else {
            failed
        },
        s.retried,
        secs,
        rate,
    )
}

/// A dry run's request as JSON; secret-bearing headers show `${VAR}` (`var`) instead.
pub fn dry_run_json(d: &DryRequest, var: &str) -> Value {
    let p = &d.prepared;
    let mut headers = serde_json::Map::new();
    for (n, v) in p.headers.iter() {
        let v = if p.sensitive.iter().any(|s| s.eq_ignore_ascii_case(n)) {
            format!("${{{var}}}")
        } else {
            v.to_string()
        };
        headers.insert(n.to_string(), v.into());
    }
    json!({
        "fixture": d.step.fixture.as_ref(),
        "provider": d.step.provider.map(|x| x.id()),
        "method": p.method,
        "url": p.url,
        "headers": headers,
        "body": String::from_utf8_lossy(&p.body),
    })
}

/// A dry run's request as a commented curl command; secret-bearing headers read `$VAR`.
pub fn dry_run_curl(d: &DryRequest, var: &str) -> String {
    let p = &d.prepared;
    let mut lines = vec![format!(
        "# {}{}",
        if d.unit.lifecycle {
            format!("{} step {}: ", d.unit.name, d.step_index + 1)
        } else {
            String::new()
        },
        d.step.fixture
    )];
    let mut parts = vec!["curl".to_string()];
    if p.method != "POST" || p.body.is_empty() {
        parts.push(format!("-X {}", sh_quote(&p.method)));
    }
    parts.push(sh_quote(&p.url));
    for (n, v) in p.headers.iter() {
        if p.sensitive.iter().any(|s| s.eq_ignore_ascii_case(n)) {
            parts.push(format!("-H \"{n}: ${var}\""));
        } else {
            parts.push(format!("-H {}", sh_quote(&format!("{n}: {v}"))));
        }
    }
    if !p.body.is_empty() {
        match std::str::from_utf8(&p.body) {
            Ok(t) if !t.contains('\0') => parts.push(format!("--data-binary {}", sh_quote(t))),
            _ => parts.push("--data-binary @-  # the body is binary".into()),
        }
    }
    lines.push(parts.join(" \\\n  "));
    lines.join("\n")
}
