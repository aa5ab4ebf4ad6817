//! Reading what the user gives us: bodies from files or stdin, header arguments. Secrets for a
//! provider are resolved by `outbound::Keyring`. Errors name the file and say what to do.

use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::Context as _;

use crate::fixtures::Recording;
use crate::webhook::Headers;

/// A request body read from a file or stdin: bytes exactly as read. Large files are
/// memory-mapped instead of copied (a 64 MiB body verifies at the hash's speed, not the
/// allocator's).
pub enum Body {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Body::Owned(v) => v,
            Body::Mapped(m) => m,
        }
    }
}

/// Files at least this large are memory-mapped.
const MAP_THRESHOLD: u64 = 1 << 20;

/// Read a body: a file, `-` for stdin, or stdin when no path is given and stdin is not a
/// terminal.
pub fn read_body(path: Option<&Path>) -> anyhow::Result<Body> {
    match path {
        Some(p) if p == Path::new("-") => read_stdin().map(Body::Owned),
        Some(p) => read_file(p).map_err(|e| {
            let hint = match e.kind() {
                std::io::ErrorKind::NotFound => "check the path; use - to read the body from stdin",
                std::io::ErrorKind::InvalidInput => "give the body file, not a directory",
                _ => "check the file's permissions",
            };
            crate::hinted(format!("cannot read body file {}: {e}", p.display()), hint)
        }),
        None if std::io::stdin().is_terminal() => Err(crate::hinted(
            "no body given",
            "pass BODY_FILE, or - to read the body from stdin (e.g. `whk sign -p github body.json`)",
        )),
        None => read_stdin().map(Body::Owned),
    }
}

fn read_file(p: &Path) -> std::io::Result<Body> {
    let file = std::fs::File::open(p)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a directory",
        ));
    }
    if meta.is_file() && meta.len() >= MAP_THRESHOLD {
        // SAFETY: the map is read-only and lives only for this command. A file truncated by
        // another process while whk reads it could fault; whk is a short-lived CLI reading a
        // file the user named, the same trade-off ripgrep makes.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            return Ok(Body::Mapped(map));
        }
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    let mut file = file;
    file.read_to_end(&mut buf)?;
    Ok(Body::Owned(buf))
}

fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut buf)
        .context("cannot read the body from stdin")?;
    Ok(buf)
}

/// Parse repeated `-H 'Name: value'` arguments.
pub fn parse_header_args(args: &[String]) -> anyhow::Result<Headers> {
    let mut headers = Headers::new();
    for a in args {
        let (n, v) = Headers::parse_line(a)
            .map_err(|e| crate::hinted(format!("-H {e}"), "write headers as -H 'Name: value'"))?;
        headers.push(n, v);
    }
    Ok(headers)
}

/// Read a headers file (JSON object, `{"headers": …}`, `Name: value` lines, a `curl -v`
/// transcript, or a `whk listen --record` recording).
pub fn read_headers_file(path: &Path) -> anyhow::Result<Headers> {
    let bytes = std::fs::read(path).map_err(|e| {
        crate::hinted(
            format!("cannot read headers file {}: {e}", path.display()),
            "give a file of headers: a JSON object, `whk sign --format json` output, `Name: value` lines, `curl -v` output or a `whk listen --record` file",
        )
    })?;
    if let Some(rec) = recording(&bytes, path)? {
        return Ok(rec.headers);
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("headers file {} is not UTF-8 text", path.display()))?;
    Headers::parse_any(&text).map_err(|e| {
        crate::hinted(
            format!("headers file {}: {e}", path.display()),
            "use a JSON object of headers, the output of `whk sign --format json`, `Name: value` lines or `curl -v` output",
        )
    })
}

/// The delivery in `bytes` when they are a file written by `whk listen --record`; `None` for
/// anything else. `source` names the file in errors.
pub fn recording(bytes: &[u8], source: &Path) -> anyhow::Result<Option<Recording>> {
    Recording::parse(bytes).map_err(|e| {
        crate::hinted(
            format!(
                "{} looks like a `whk listen --record` recording but cannot be read: {e}",
                source.display()
            ),
            "pass the recording as listen wrote it, or the raw body and its headers (-H, --headers-file)",
        )
    })
}

/// Parse a duration: `250ms`, `6s`, `1.5s`, `2m`, `1h`, `100us`, compounds like `1m30s`, or a
/// bare number of seconds. The one duration syntax every whk flag and fixture uses.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration; write e.g. 250ms, 6s, 2m".into());
    }
    let total = match t.parse::<f64>() {
        Ok(secs) => secs,
        Err(_) => {
            let mut total = 0f64;
            let mut rest = t;
            while !rest.is_empty() {
                let num_end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(rest.len());
                let n: f64 = rest[..num_end].parse().map_err(|_| {
                    format!("{text:?} is not a duration; write e.g. 250ms, 6s, 2m, 1h")
                })?;
                rest = &rest[num_end..];
                let unit_end = rest
                    .find(|c: char| c.is_ascii_digit() || c == '.')
                    .unwrap_or(rest.len());
                let factor = match rest[..unit_end].trim() {
                    "us" | "µs" => 1e-6,
                    "ms" => 1e-3,
                    "s" | "sec" | "secs" => 1.0,
                    "m" | "min" | "mins" => 60.0,
                    "h" | "hr" | "hrs" => 3600.0,
                    other => {
                        return Err(format!(
                            "unknown unit {other:?} in {text:?}; use ms, s, m or h (e.g. 250ms, 6s)"
                        ));
                    }
                };
                total += n * factor;
                rest = &rest[unit_end..];
            }
            total
        }
    };
    if !total.is_finite() || !(0.0..=366.0 * 24.0 * 3600.0).contains(&total) {
        return Err(format!("{text:?} is out of range"));
    }
    Ok(std::time::Duration::from_secs_f64(total))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("100us"), Ok(Duration::from_micros(100)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("6x").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("s").is_err());
    }
}
