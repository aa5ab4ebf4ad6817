//! `--record DIR`: every delivery becomes one fixture file in the envelope format `whk replay`
//! reads (`crate::fixtures::Envelope`), written atomically (temp file, then rename), named by
//! time, sequence and event: `20261124T050102.123Z-0001-call.ended.json`. With `--redact`,
//! phone numbers and credential headers are masked in what is written.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use super::delivery::{Delivery, timestamp_ms};
use crate::fixtures::{Envelope, Query};
use crate::webhook::request::{is_sensitive, mask};

/// Writes recordings into one directory.
#[derive(Debug)]
pub struct Recorder {
    dir: PathBuf,
    redactor: Option<Redactor>,
}

impl Recorder {
    /// Create the directory if needed and check it is writable.
    pub fn new(dir: &Path, redact: bool) -> anyhow::Result<Recorder> {
        std::fs::create_dir_all(dir).map_err(|e| {
            crate::hinted(
                format!(
                    "cannot create the --record directory {}: {e}",
                    dir.display()
                ),
                "pick a directory you can write to",
            )
        })?;
        let probe = dir.join(format!(".whk-probe-{}", std::process::id()));
        std::fs::write(&probe, b"").map_err(|e| {
            crate::hinted(
                format!(
                    "cannot write to the --record directory {}: {e}",
                    dir.display()
                ),
                "pick a directory you can write to",
            )
        })?;
        let _ = std::fs::remove_file(&probe);
        Ok(Recorder {
            dir: dir.to_path_buf(),
            redactor: redact.then(Redactor::new),
        })
    }

    /// The envelope for a delivery, redacted if asked.
    pub fn envelope(&self, d: &Delivery) -> Envelope {
        let mut env = Envelope::from_received(
            &d.method,
            &d.path,
            d.query.as_deref(),
            &d.headers,
            &d.body,
            d.analysis.provider,
            d.analysis.recognition.event.as_deref(),
        );
        let mut rec = Map::new();
        rec.insert("at".into(), timestamp_ms(d.received_at).into());
        rec.insert("seq".into(), d.seq.into());
        if let Some(r) = d.remote {
            rec.insert("remote".into(), r.to_string().into());
        }
        rec.insert("url".into(), d.url.clone().into());
        rec.insert("signature".into(), d.signature.status.as_str().into());
        rec.insert("reason".into(), d.signature.reason().into());
        rec.insert("response_status".into(), d.reply.status.into());
        if let Some(dup) = &d.duplicate {
            rec.insert("duplicate_of".into(), dup.of.into());
        }
        if let Some(r) = &d.rejected {
            rec.insert("rejected".into(), r.describe().into());
        }
        if let Some(g) = &d.gave_up {
            rec.insert(
                "sender_gave_up_ms".into(),
                crate::output::format::millis(g.after).into(),
            );
        }
        if d.cut_off {
            rec.insert("cut_off".into(), true.into());
        }
        if self.redactor.is_some() {
            // `whk verify` on this file says why the signature no longer checks out.
            rec.insert("redacted".into(), true.into());
        }
        env.recorded = Some(rec);
        if let Some(r) = &self.redactor {
            r.envelope(&mut env);
        }
        env
    }

    /// Write one delivery; returns the file's path.
    pub fn write(&self, d: &Delivery) -> std::io::Result<PathBuf> {
        let env = self.envelope(d);
        let name = file_name(d);
        let path = self.dir.join(&name);
        let tmp = self.dir.join(format!(".{name}.tmp"));
        {
            let mut f = std::fs::File::create(&tmp)?;
            // No fsync: the rename makes the file appear whole to readers, which is what
            // replay needs; surviving a power cut is not a local receiver's job.
            f.write_all(env.to_json_pretty().as_bytes())?;
        }
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Ok(path)
    }
}

/// `20261124T050102.123Z-0001-call.ended.json`.
pub fn file_name(d: &Delivery) -> String {
    let time = d.received_at.strftime("%Y%m%dT%H%M%S%.3fZ");
    let event = d
        .analysis
        .recognition
        .event
        .as_deref()
        .map(sanitize)
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| d.method.to_ascii_lowercase());
    format!("{time}-{:04}-{event}.json", d.seq)
}

/// A name as part of a file name: letters, digits, `.`, `-`, `_` (others become `_`), at
/// most 60 characters, no leading dot. Also used by `whk call --record`.
pub(crate) fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    while out.starts_with('.') {
        out.remove(0);
    }
    out
}

/// Masks phone numbers (deterministically within one run, so a call's legs still match) and
/// credential headers.
#[derive(Debug)]
pub struct Redactor {
    salt: [u8; 16],
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

impl Redactor {
    pub fn new() -> Self {
        Redactor {
            salt: rand::random(),
        }
    }

    /// Redact everything in an envelope.
    pub fn envelope(&self, env: &mut Envelope) {
        if let Some(h) = &mut env.headers {
            for (name, v) in h.iter_mut() {
                if is_sensitive(name) {
                    map_strings(v, &|s| mask(s));
                } else {
                    map_strings(v, &|s| self.text(s));
                }
            }
        }
        match &mut env.query {
            Some(Query::Params(m)) => self.params(m),
            Some(Query::Raw(s)) => *s = self.text(s),
            None => {}
        }
        if let Some(b) = &mut env.body {
            self.json(None, b);
        }
        if let Some(f) = &mut env.form {
            self.params(f);
        }
        if let Some(t) = env.body_text.take() {
            match serde_json::from_str::<Value>(&t) {
                Ok(mut v) => {
                    self.json(None, &mut v);
                    env.body = Some(v);
                }
                Err(_) => env.body_text = Some(self.text(&t)),
            }
        }
        let query = env.query_string();
        if let Some(rec) = &mut env.recorded
            && let Some(Value::String(u)) = rec.get_mut("url")
        {
            // The URL's query is the (now redacted) query above.
            let base = u.split('?').next().unwrap_or("").to_string();
            *u = if query.is_empty() {
                self.text(&base)
            } else {
                format!("{}?{query}", self.text(&base))
            };
        }
    }

    fn params(&self, m: &mut Map<String, Value>) {
        for (k, v) in m.iter_mut() {
            let key = k.clone();
            map_strings(v, &|s| self.value(Some(&key), s));
        }
    }

    fn json(&self, key: Option<&str>, v: &mut Value) {
        match v {
            Value::String(s) => *s = self.value(key, s),
            Value::Number(n) if key.is_some_and(phone_key) => {
                let s = n.to_string();
                if is_bare_number(&s) {
                    *v = Value::String(self.phone(&s));
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.json(key, i)),
            Value::Object(m) => {
                for (k, val) in m.iter_mut() {
                    let k = k.clone();
                    self.json(Some(&k), val);
                }
            }
            _ => {}
        }
    }

    /// A string value under `key`: whole-value phone numbers (bare digits only under a
    /// phone-like key), then `+digits` runs inside text.
    fn value(&self, key: Option<&str>, s: &str) -> String {
        if key.is_some_and(phone_key) && is_bare_number(s) {
            return self.phone(s);
        }
        self.text(s)
    }

    /// Mask every `+` followed by 7–15 digits in free text (`tel:+1555…`, transcripts).
    pub fn text(&self, s: &str) -> String {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        let mut last = 0;
        while i < b.len() {
            if b[i] == b'+' && (i == 0 || !b[i - 1].is_ascii_digit()) {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                let n = end - start;
                if (7..=15).contains(&n) {
                    out.push_str(&s[last..i]);
                    out.push_str(&self.phone(&s[i..end]));
                    last = end;
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        out.push_str(&s[last..]);
        out
    }

    /// A stand-in number of the same length: `+` and the first digit kept (the country),
    /// the rest derived from a salted hash.
    fn phone(&self, number: &str) -> String {
        let plus = number.starts_with('+');
        let digits = number.trim_start_matches('+');
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(digits.as_bytes());
        let hash = h.finalize();
        let mut out = String::with_capacity(number.len());
        if plus {
            out.push('+');
        }
        for (i, c) in digits.chars().enumerate() {
            if i == 0 {
                out.push(c);
            } else {
                out.push(char::from(b'0' + hash[i % hash.len()] % 10));
            }
        }
        out
    }
}

fn is_bare_number(s: &str) -> bool {
    let d = s.strip_prefix('+').unwrap_or(s);
    (7..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
}

/// Keys that hold phone numbers in provider payloads.
fn phone_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    k.ends_with("number")
        || k.contains("phone")
        || k.contains("msisdn")
        || matches!(
            k.as_str(),
            "from"
                | "to"
                | "caller"
                | "called"
                | "forwardedfrom"
                | "callerid"
                | "caller_id"
                | "from_user"
        )
}

fn map_strings(v: &mut Value, f: &dyn Fn(&str) -> String) {
    match v {
        Value::String(s) => *s = f(s),
        Value::Array(items) => items.iter_mut().for_each(|i| map_strings(i, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_consistently() {
        let r = Redactor::new();
        let a = r.text("call +15555550100 now");
        assert!(!a.contains("5555550100"), "{a}");
        assert!(a.starts_with("call +1"));
        assert_eq!(a.len(), "call +15555550100 now".len());
        assert_eq!(r.text("call +15555550100 now"), a);
        // Not phone numbers: short runs, timestamps without a +.
        assert_eq!(r.text("+123 and 1795497159"), "+123 and 1795497159");
        let mut v: Value = serde_json::from_str(
            r#"{"from":"447700900000","timestamp":"1795497159","customer":{"number":"+15555550100"},"duration":"62"}"#,
        )
        .unwrap();
        r.json(None, &mut v);
        let s = v.to_string();
        assert!(
            !s.contains("447700900000") && !s.contains("5555550100"),
            "{s}"
        );
        assert!(s.contains("1795497159") && s.contains("\"62\""), "{s}");
    }
}
