//! Durations, sizes, latencies and table columns, formatted once for every command.
//!
//! Each command keeps its own visible text (listen says `in 310 µs`, replay's columns say
//! `0.73ms`, fixtures write `7.5s`), but all of them come from this one family, and every
//! `latency_ms`-style JSON number goes through [`millis`], so listen, replay and audit report
//! the same precision (milliseconds with three decimals, i.e. to the microsecond).

use std::time::Duration;

/// Milliseconds with three decimals, for JSON (`latency_ms`, `elapsed_ms`, …): `0.731`.
pub fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// A duration for people, with a space before the unit: `340 µs`, `1.2 ms`, `6.0 s`.
pub fn humantime(d: Duration) -> String {
    let us = d.as_micros();
    if us < 1000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{:.1} ms", us as f64 / 1000.0)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A latency for a narrow column, no space: `0.73ms`, `12.3ms`, `1.50s`.
pub fn latency_compact(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2}ms")
    } else if ms < 1000.0 {
        format!("{ms:.1}ms")
    } else {
        format!("{:.2}s", ms / 1e3)
    }
}

/// A duration the way it is written in flags and fixtures, so it parses back: `500ms`,
/// `5s`, `1.5s`.
pub fn duration_written(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 1000.0 {
        format!("{}ms", (ms * 1000.0).round() / 1000.0)
    } else {
        format!("{}s", (ms / 1000.0 * 1000.0).round() / 1000.0)
    }
}

/// An age in whole seconds (sign ignored), for messages: `45 s`, `3 h 2 min`.
pub fn describe_age(secs: i64) -> String {
    let s = secs.unsigned_abs();
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min {} s", s / 60, s % 60),
        7200..=172_799 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} days {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// A size in bytes for people: `512 B`, `1.5 KiB`, `10.0 MiB`.
pub fn human_size(n: u64) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1 << 20 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else if n < 1 << 30 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} GiB", n as f64 / (1u64 << 30) as f64)
    }
}

/// The width of a table column: its widest cell in characters, at least `min` (the
/// heading's width), at most `max`.
pub fn column_width<'a>(cells: impl IntoIterator<Item = &'a str>, min: usize, max: usize) -> usize {
    cells
        .into_iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(min)
        .min(max)
}

/// Quote for a POSIX shell.
pub fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(humantime(Duration::from_micros(310)), "310 µs");
        assert_eq!(humantime(Duration::from_micros(1_234)), "1.2 ms");
        assert_eq!(humantime(Duration::from_millis(6_000)), "6.0 s");
        assert_eq!(latency_compact(Duration::from_micros(731)), "0.73ms");
        assert_eq!(latency_compact(Duration::from_micros(12_345)), "12.3ms");
        assert_eq!(latency_compact(Duration::from_millis(1_500)), "1.50s");
        assert_eq!(duration_written(Duration::from_millis(7500)), "7.5s");
        assert_eq!(duration_written(Duration::from_millis(250)), "250ms");
        assert_eq!(describe_age(45), "45 s");
        assert_eq!(describe_age(-(3 * 3600 + 120)), "3 h 2 min");
    }

    #[test]
    fn latency_ms_has_three_decimals() {
        assert_eq!(millis(Duration::from_nanos(731_456)), 0.731);
        assert_eq!(millis(Duration::from_nanos(12_345_678)), 12.346);
        assert_eq!(millis(Duration::from_secs(2)), 2000.0);
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(29), "29 B");
        assert_eq!(human_size(1229), "1.2 KiB");
        assert_eq!(human_size(10 << 20), "10.0 MiB");
        assert_eq!(human_size(3 << 30), "3.0 GiB");
    }

    #[test]
    fn columns() {
        assert_eq!(column_width(["a", "µµµ"], 2, 28), 3);
        assert_eq!(column_width([], 4, 28), 4);
        assert_eq!(column_width(["x".repeat(40).as_str()], 0, 28), 28);
    }
}
