//! Re-encodings of a body that receivers produce by accident.
//!
//! The commonest signature bug is verifying `JSON.stringify(req.body)` (or Python's
//! `json.dumps(request.json)`) instead of the raw bytes. To recognise it, the diagnosis
//! re-encodes the body the way popular runtimes do and checks whether the signature matches
//! one of those. Each writer here reproduces its runtime byte for byte: separators, indentation,
//! string escaping and number formatting.

use serde_json::Value;

/// One re-encoding of a body and how to describe it.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Completes "the signature matches this body …".
    pub description: &'static str,
    pub bytes: Vec<u8>,
}

/// Bodies larger than this are not parsed for re-encodings (the diagnosis stays fast).
const MAX_JSON_VARIANT_BODY: usize = 32 * 1024 * 1024;

#[derive(Clone, Copy)]
enum Numbers {
    /// `JSON.stringify`: shortest round-trip, integral floats without `.0`.
    Js,
    /// Python `repr(float)`: integral floats keep `.0`; exponent outside 1e-4..1e16.
    Python,
}

#[derive(Clone, Copy)]
struct Style {
    indent: Option<&'static str>,
    item_sep: &'static str,
    key_sep: &'static str,
    ascii: bool,
    escape_slash: bool,
    sort_keys: bool,
    numbers: Numbers,
}

const JS_COMPACT: Style = Style {
    indent: None,
    item_sep: ",",
    key_sep: ":",
    ascii: false,
    escape_slash: false,
    sort_keys: false,
    numbers: Numbers::Js,
};

const PY_DEFAULT: Style = Style {
    indent: None,
    item_sep: ", ",
    key_sep: ": ",
    ascii: true,
    escape_slash: false,
    sort_keys: false,
    numbers: Numbers::Python,
};

/// Every variant of `body` that differs from it, in the order the diagnosis tries them.
pub fn variants(body: &[u8]) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    let mut push = |description: &'static str, bytes: Vec<u8>| {
        if bytes != body && !out.iter().any(|v| v.bytes == bytes) {
            out.push(Variant { description, bytes });
        }
    };
    if body.len() <= MAX_JSON_VARIANT_BODY
        && let Ok(value) = serde_json::from_slice::<Value>(body)
    {
        let styles: [(&'static str, Style); 9] = [
            (
                "re-encoded as compact JSON (what JSON.stringify writes)",
                JS_COMPACT,
            ),
            (
                "re-encoded the way Python's json.dumps writes it (\", \" and \": \", non-ASCII escaped)",
                PY_DEFAULT,
            ),
            (
                "re-encoded by json.dumps(..., ensure_ascii=False)",
                Style {
                    ascii: false,
                    ..PY_DEFAULT
                },
            ),
            (
                "pretty-printed with 2 spaces (JSON.stringify(body, null, 2))",
                Style {
                    indent: Some("  "),
                    key_sep: ": ",
                    ..JS_COMPACT
                },
            ),
            (
                "pretty-printed with 4 spaces (JSON.stringify(body, null, 4))",
                Style {
                    indent: Some("    "),
                    key_sep: ": ",
                    ..JS_COMPACT
                },
            ),
            (
                "pretty-printed with 4 spaces (json.dumps(body, indent=4))",
                Style {
                    indent: Some("    "),
                    item_sep: ",",
                    ..PY_DEFAULT
                },
            ),
            (
                "pretty-printed with 2 spaces (json.dumps(body, indent=2))",
                Style {
                    indent: Some("  "),
                    item_sep: ",",
                    ..PY_DEFAULT
                },
            ),
            (
                "re-encoded with keys sorted (compact)",
                Style {
                    sort_keys: true,
                    ..JS_COMPACT
                },
            ),
            (
                "re-encoded with keys sorted (json.dumps(body, sort_keys=True))",
                Style {
                    sort_keys: true,
                    ..PY_DEFAULT
                },
            ),
        ];
        for (d, style) in styles {
            push(d, write(&value, &style));
        }
        push(
            "re-encoded the way PHP's json_encode writes it (escaped slashes and non-ASCII)",
            write(
                &value,
                &Style {
                    ascii: true,
                    escape_slash: true,
                    ..JS_COMPACT
                },
            ),
        );
        let mut compact_nl = write(&value, &JS_COMPACT);
        compact_nl.push(b'\n');
        push(
            "re-encoded as compact JSON with a trailing newline",
            compact_nl,
        );
    }
    if let Some(stripped) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        push("without its trailing newline", stripped.to_vec());
    } else {
        let mut nl = body.to_vec();
        nl.push(b'\n');
        push("with a trailing newline added", nl);
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        push(
            "with CRLF line endings turned into LF",
            replace(body, b"\r\n", b"\n"),
        );
    } else if body.contains(&b'\n') {
        push(
            "with LF line endings turned into CRLF",
            replace(body, b"\n", b"\r\n"),
        );
    }
    out
}

/// `JSON.stringify(value)`.
pub fn compact(value: &Value) -> Vec<u8> {
    write(value, &JS_COMPACT)
}

/// `JSON.stringify(value, null, 2)`.
pub fn pretty(value: &Value) -> Vec<u8> {
    write(
        value,
        &Style {
            indent: Some("  "),
            key_sep: ": ",
            ..JS_COMPACT
        },
    )
}

/// The same value with the keys of every object in reverse order.
pub fn reverse_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reverse_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}

fn replace(body: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + body.len() / 16);
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

fn write(value: &Value, style: &Style) -> Vec<u8> {
    let mut out = String::new();
    write_value(value, style, 0, &mut out);
    out.into_bytes()
}

fn newline(style: &Style, depth: usize, out: &mut String) {
    if let Some(indent) = style.indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(indent);
        }
    }
}

fn write_value(value: &Value, style: &Style, depth: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, style.numbers, out),
        Value::String(s) => write_string(s, style, out),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_sep);
                }
                newline(style, depth + 1, out);
                write_value(item, style, depth + 1, out);
            }
            newline(style, depth, out);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if style.sort_keys {
                // Python sorts by code point; JS code sorting by UTF-16 unit differs only
                // outside the BMP, which never occurs in provider keys.
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_sep);
                }
                newline(style, depth + 1, out);
                write_string(k, style, out);
                out.push_str(style.key_sep);
                write_value(v, style, depth + 1, out);
            }
            newline(style, depth, out);
            out.push('}');
        }
    }
}

fn write_string(s: &str, style: &Style, out: &mut String) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '/' if style.escape_slash => out.push_str("\\/"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if style.ascii && (c as u32) >= 0x7f => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", u);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(n: &serde_json::Number, style: Numbers, out: &mut String) {
    if let Some(i) = n.as_i64() {
        if matches!(style, Numbers::Js) && i.unsigned_abs() > (1u64 << 53) {
            out.push_str(&format_float(i as f64, style));
        } else {
            out.push_str(&i.to_string());
        }
    } else if let Some(u) = n.as_u64() {
        if matches!(style, Numbers::Js) && u > (1u64 << 53) {
            out.push_str(&format_float(u as f64, style));
        } else {
            out.push_str(&u.to_string());
        }
    } else if let Some(f) = n.as_f64() {
        out.push_str(&format_float(f, style));
    } else {
        out.push_str(&n.to_string());
    }
}

/// Shortest round-trip digits and decimal exponent: value = 0.d1d2… × 10^point.
fn digits(f: f64) -> (String, i32) {
    let e = format!("{:e}", f.abs());
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0').to_string();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    (digits, exp + 1)
}

fn format_float(f: f64, style: Numbers) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    if f == 0.0 {
        return match style {
            Numbers::Js => "0".into(),
            Numbers::Python if f.is_sign_negative() => "-0.0".into(),
            Numbers::Python => "0.0".into(),
        };
    }
    let sign = if f < 0.0 { "-" } else { "" };
    let (d, n) = digits(f);
    let k = d.len() as i32;
    let body = match style {
        Numbers::Js => {
            if k <= n && n <= 21 {
                format!("{d}{}", "0".repeat((n - k) as usize))
            } else if 0 < n && n <= 21 {
                format!("{}.{}", &d[..n as usize], &d[n as usize..])
            } else if -6 < n && n <= 0 {
                format!("0.{}{d}", "0".repeat((-n) as usize))
            } else {
                let e = n - 1;
                let sign_e = if e < 0 { "-" } else { "+" };
                if k == 1 {
                    format!("{d}e{sign_e}{}", e.abs())
                } else {
                    format!("{}.{}e{sign_e}{}", &d[..1], &d[1..], e.abs())
                }
            }
        }
        Numbers::Python => {
            let e = n - 1;
            if (-4..16).contains(&e) {
                if k <= n {
                    format!("{d}{}.0", "0".repeat((n - k) as usize))
                } else if n > 0 {
                    format!("{}.{}", &d[..n as usize], &d[n as usize..])
                } else {
                    format!("0.{}{d}", "0".repeat((-n) as usize))
                }
            } else {
                let sign_e = if e < 0 { "-" } else { "+" };
                let mant = if k == 1 {
                    d.clone()
                } else {
                    format!("{}.{}", &d[..1], &d[1..])
                };
                format!("{mant}e{sign_e}{:02}", e.abs())
            }
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(f: f64) -> String {
        format_float(f, Numbers::Js)
    }
    fn py(f: f64) -> String {
        format_float(f, Numbers::Python)
    }

    #[test]
    fn js_number_formatting_matches_number_to_string() {
        assert_eq!(js(1.0), "1");
        assert_eq!(js(0.0412), "0.0412");
        assert_eq!(js(1e21), "1e+21");
        assert_eq!(js(1e20), "100000000000000000000");
        assert_eq!(js(1.5e-7), "1.5e-7");
        assert_eq!(js(0.000001), "0.000001");
        assert_eq!(js(-2.5), "-2.5");
        assert_eq!(js(123.456), "123.456");
    }

    #[test]
    fn python_number_formatting_matches_repr() {
        assert_eq!(py(1.0), "1.0");
        assert_eq!(py(0.0412), "0.0412");
        assert_eq!(py(1e16), "1e+16");
        assert_eq!(py(1e15), "1000000000000000.0");
        assert_eq!(py(1.5e-5), "1.5e-05");
        assert_eq!(py(0.0001), "0.0001");
        assert_eq!(py(123.456), "123.456");
    }

    #[test]
    fn python_and_js_encodings() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":"é/x","c":[1.0,{}],"d":[]}"#).unwrap();
        assert_eq!(
            String::from_utf8(write(&v, &PY_DEFAULT)).unwrap(),
            r#"{"b": 1, "a": "\u00e9/x", "c": [1.0, {}], "d": []}"#
        );
        assert_eq!(
            String::from_utf8(write(&v, &JS_COMPACT)).unwrap(),
            r#"{"b":1,"a":"é/x","c":[1,{}],"d":[]}"#
        );
        let pretty = Style {
            indent: Some("  "),
            key_sep: ": ",
            ..JS_COMPACT
        };
        assert_eq!(
            String::from_utf8(write(&v, &pretty)).unwrap(),
            "{\n  \"b\": 1,\n  \"a\": \"é/x\",\n  \"c\": [\n    1,\n    {}\n  ],\n  \"d\": []\n}"
        );
    }

    #[test]
    fn variants_exclude_the_original() {
        let body = br#"{"a":1}"#;
        let vs = variants(body);
        assert!(vs.iter().all(|v| v.bytes != body));
        assert!(vs.iter().any(|v| v.bytes == br#"{"a": 1}"#));
    }
}
