//! Re-encodings of a body that receivers produce by accident.
//!
//! The commonest signature bug is verifying `JSON.stringify(req.body)` (or Python's
//! `json.dumps(request.json)`, PHP's `json_encode`, a pretty-printer, a file saved on Windows)
//! instead of the raw bytes. To recognise it, the diagnosis re-encodes the body and checks
//! whether the signature matches one of the re-encodings.
//!
//! Re-encodings are combinations of independent axes, and every combination is tried:
//!
//! | axis | values |
//! |---|---|
//! | layout | as sent (bytes untouched), compact, Python's `", "`/`": "` spacing, 2 spaces, 4 spaces, tab |
//! | line ends | as sent, LF, CRLF |
//! | trailing newline | none, LF, CRLF |
//! | key order | as sent, sorted (recursively), JavaScript object order (integer-like keys first) |
//! | numbers | as sent, JavaScript `Number → string`, Python `json.dumps` |
//! | escaping | minimal, plus any of: non-ASCII as `\uXXXX` (Python's `ensure_ascii`, or PHP's, which leaves DEL), `\/` (PHP), `<>&` (Go) |
//!
//! The body is parsed once ([`doc::Doc`]) into a tree that keeps key order and number text.
//! Combinations that cannot change the bytes of *this* body (sorting when every object is
//! sorted, number forms when no number changes, escaping with nothing to escape, CRLF in a
//! single-line layout) are folded into the ones they equal, so a typical body has a few dozen
//! candidates and each distinct byte string is tried once. The total work is bounded by
//! [`BUDGET_BYTES`]; past it the search stops and says how many candidates were left.

mod doc;
mod numbers;
mod write;

use std::collections::{HashMap, HashSet};

use doc::{Doc, Facts};
use write::Style;

/// The search stops after writing and checking this many bytes of candidates.
pub const BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// Bodies larger than this are not parsed as JSON (only the byte-level re-encodings are tried).
pub const MAX_PARSED_BODY: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// The bytes as received: only line ends and the trailing newline change.
    AsSent,
    /// `JSON.stringify(body)`, `json_encode`, Go's `json.Marshal`.
    Compact,
    /// Python's `json.dumps` default separators: `", "` and `": "` on one line.
    PythonSpaced,
    Indent2,
    Indent4,
    Tab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LineEnd {
    AsSent,
    Lf,
    Crlf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trailing {
    None,
    Lf,
    Crlf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyOrder {
    AsSent,
    /// Sorted by code point at every level (`sort_keys=True`, Go maps, `ksort`).
    Sorted,
    /// A JavaScript object's order: integer-like keys first, ascending, then the rest as sent.
    Js,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NumberForm {
    AsSent,
    Js,
    Python,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unicode {
    /// Written as UTF-8.
    Raw,
    /// `\uXXXX` (surrogate pairs above the BMP) for DEL and everything non-ASCII: `ensure_ascii`.
    Python,
    /// `\uXXXX` for everything non-ASCII, DEL left alone: PHP's `json_encode` default.
    Php,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Escaping {
    /// `/` as `\/` (PHP's default).
    pub slash: bool,
    pub unicode: Unicode,
    /// `<`, `>`, `&`, U+2028 and U+2029 as `\u003c` … (Go's default).
    pub html: bool,
}

impl Escaping {
    pub const MINIMAL: Escaping = Escaping {
        slash: false,
        unicode: Unicode::Raw,
        html: false,
    };
}

/// One point in the space of re-encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Combination {
    pub layout: Layout,
    pub line_end: LineEnd,
    pub trailing: Trailing,
    pub keys: KeyOrder,
    pub numbers: NumberForm,
    pub escaping: Escaping,
}

/// A re-encoding the signature matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub combination: Combination,
    /// Completes "the signature matches this body …", e.g. "re-encoded as 2-space indented
    /// JSON with sorted keys, CRLF line ends and a trailing newline".
    pub description: String,
}

/// The outcome of [`search`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    pub found: Option<Found>,
    /// Candidates tried (or found equal to the body's own form), and how many there were.
    pub tried: usize,
    pub total: usize,
    /// The body is JSON but over [`MAX_PARSED_BODY`]: only byte-level changes were tried.
    pub too_large_to_parse: bool,
}

impl Search {
    /// Candidates left untried because the work budget ran out.
    pub fn skipped(&self) -> usize {
        self.total - self.tried
    }
}

/// The body's own line ends and trailing newline, for the as-sent layout.
#[derive(Clone, Copy)]
struct Text<'b> {
    /// The body without its trailing newline.
    core: &'b [u8],
    trailing: Trailing,
    crlf: bool,
    bare_lf: bool,
}

impl<'b> Text<'b> {
    fn of(body: &'b [u8]) -> Text<'b> {
        let (core, trailing) = if let Some(c) = body.strip_suffix(b"\r\n") {
            (c, Trailing::Crlf)
        } else if let Some(c) = body.strip_suffix(b"\n") {
            (c, Trailing::Lf)
        } else {
            (body, Trailing::None)
        };
        let mut crlf = false;
        let mut bare_lf = false;
        for (i, &b) in core.iter().enumerate() {
            if b == b'\n' {
                if i > 0 && core[i - 1] == b'\r' {
                    crlf = true;
                } else {
                    bare_lf = true;
                }
            }
        }
        Text {
            core,
            trailing,
            crlf,
            bare_lf,
        }
    }
}

/// The same combination with every axis value that cannot change this body's bytes replaced
/// by the value it equals, so that equal candidates compare equal.
fn canonical(mut c: Combination, facts: &Facts, text: &Text<'_>) -> Combination {
    if c.layout == Layout::AsSent {
        c.keys = KeyOrder::AsSent;
        c.numbers = NumberForm::AsSent;
        c.escaping = Escaping::MINIMAL;
        c.line_end = match c.line_end {
            LineEnd::Lf if text.crlf => LineEnd::Lf,
            LineEnd::Crlf if text.bare_lf => LineEnd::Crlf,
            _ => LineEnd::AsSent,
        };
        return c;
    }
    fold(c, facts)
}

/// [`canonical`] for a re-serialised layout, which depends only on what the parsed body holds.
fn fold(mut c: Combination, facts: &Facts) -> Combination {
    if !facts.nonempty || (!facts.separators && c.layout == Layout::PythonSpaced) {
        c.layout = Layout::Compact;
    }
    if matches!(c.layout, Layout::Compact | Layout::PythonSpaced) || c.line_end == LineEnd::AsSent {
        c.line_end = LineEnd::Lf;
    }
    c.keys = match c.keys {
        KeyOrder::Sorted if !facts.unsorted => KeyOrder::AsSent,
        KeyOrder::Js if !facts.js_reordered => KeyOrder::AsSent,
        KeyOrder::Js if !facts.js_unsorted => KeyOrder::Sorted,
        k => k,
    };
    c.numbers = match c.numbers {
        NumberForm::Js if !facts.js_numbers => NumberForm::AsSent,
        NumberForm::Python if !facts.python_numbers => NumberForm::AsSent,
        NumberForm::Python if !facts.python_vs_js_numbers => NumberForm::Js,
        n => n,
    };
    let e = &mut c.escaping;
    e.slash &= facts.slash;
    e.html &= facts.html;
    e.unicode = match e.unicode {
        Unicode::Python if !facts.non_ascii && !facts.del => Unicode::Raw,
        Unicode::Php if !facts.non_ascii => Unicode::Raw,
        Unicode::Php if !facts.del => Unicode::Python,
        u => u,
    };
    c
}

const LAYOUTS: [Layout; 6] = [
    Layout::AsSent,
    Layout::Compact,
    Layout::PythonSpaced,
    Layout::Indent2,
    Layout::Indent4,
    Layout::Tab,
];
const LINE_ENDS: [LineEnd; 3] = [LineEnd::AsSent, LineEnd::Lf, LineEnd::Crlf];
const TRAILING: [Trailing; 3] = [Trailing::None, Trailing::Lf, Trailing::Crlf];
const KEYS: [KeyOrder; 3] = [KeyOrder::AsSent, KeyOrder::Js, KeyOrder::Sorted];
const NUMBERS: [NumberForm; 3] = [NumberForm::AsSent, NumberForm::Js, NumberForm::Python];
const UNICODE: [Unicode; 3] = [Unicode::Raw, Unicode::Python, Unicode::Php];

/// How far a combination is from what some well-known writer produces (axes that differ),
/// plus one for CRLF line ends or a rewritten as-sent body: the likeliest are tried first.
fn rarity(c: &Combination, facts: &Facts) -> usize {
    let crlf = usize::from(c.line_end == LineEnd::Crlf);
    if c.layout == Layout::AsSent {
        return usize::from(c.line_end != LineEnd::AsSent);
    }
    let differ = |w: &Combination| {
        usize::from(w.layout != c.layout)
            + usize::from(w.keys != c.keys)
            + usize::from(w.numbers != c.numbers)
            + usize::from(w.escaping.slash != c.escaping.slash)
            + usize::from(w.escaping.unicode != c.escaping.unicode)
            + usize::from(w.escaping.html != c.escaping.html)
    };
    WRITERS
        .iter()
        .map(|(_, w)| differ(&fold(*w, facts)))
        .min()
        .unwrap_or(0)
        + crlf
}

/// Every distinct candidate for this body, grouped by everything but the trailing newline
/// (written once, tried with each ending), likeliest first. Excludes the body itself.
fn candidates(facts: Option<&Facts>, text: &Text<'_>) -> Vec<(Combination, Vec<Trailing>)> {
    let none = Facts::default();
    let facts_or_none = facts.unwrap_or(&none);
    let mut seen: HashSet<Combination> = HashSet::new();
    let mut groups: Vec<(Combination, Vec<Trailing>)> = Vec::new();
    let mut group_of: HashMap<Combination, usize> = HashMap::new();
    for layout in LAYOUTS {
        if layout != Layout::AsSent && facts.is_none() {
            continue;
        }
        for line_end in LINE_ENDS {
            for keys in KEYS {
                for numbers in NUMBERS {
                    for unicode in UNICODE {
                        for slash in [false, true] {
                            for html in [false, true] {
                                for trailing in TRAILING {
                                    let raw = Combination {
                                        layout,
                                        line_end,
                                        trailing,
                                        keys,
                                        numbers,
                                        escaping: Escaping {
                                            slash,
                                            unicode,
                                            html,
                                        },
                                    };
                                    let c = canonical(raw, facts_or_none, text);
                                    let identity = c.layout == Layout::AsSent
                                        && c.line_end == LineEnd::AsSent
                                        && c.trailing == text.trailing;
                                    if identity || !seen.insert(c) {
                                        continue;
                                    }
                                    let base = Combination {
                                        trailing: Trailing::None,
                                        ..c
                                    };
                                    match group_of.get(&base) {
                                        Some(&i) => groups[i].1.push(trailing),
                                        None => {
                                            group_of.insert(base, groups.len());
                                            groups.push((base, vec![trailing]));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    groups.sort_by_key(|(c, _)| (c.layout != Layout::AsSent, rarity(c, facts_or_none)));
    groups
}

/// Try the re-encodings of `body`, likeliest first, until `matches` accepts one or the
/// budget runs out.
pub fn search(body: &[u8], mut matches: impl FnMut(&[u8]) -> bool) -> Search {
    let text = Text::of(body);
    let too_large_to_parse = body.len() > MAX_PARSED_BODY;
    let parsed = if too_large_to_parse {
        None
    } else {
        std::str::from_utf8(body).ok().and_then(Doc::parse)
    };
    let doc = parsed.as_ref();
    let groups = candidates(doc.map(|d| &d.facts), &text);
    let mut result = Search {
        found: None,
        tried: 0,
        total: groups.iter().map(|(_, t)| t.len()).sum(),
        too_large_to_parse: too_large_to_parse && looks_like_json(body),
    };
    let mut spent = 0usize;
    let mut buf: Vec<u8> = Vec::with_capacity(body.len() + body.len() / 4 + 2);
    let mut scratch: Vec<u8> = Vec::new();
    let mut as_sent_lens: Vec<(LineEnd, usize)> = Vec::new();
    'groups: for (base, endings) in &groups {
        if spent + body.len() > BUDGET_BYTES {
            break;
        }
        buf.clear();
        match (base.layout, doc) {
            (Layout::AsSent, _) => {
                as_sent(&text, base.line_end, &mut buf);
                as_sent_lens.push((base.line_end, buf.len()));
            }
            (_, Some(doc)) => write::write(
                doc,
                Style {
                    layout: base.layout,
                    line_end: base.line_end,
                    keys: base.keys,
                    numbers: base.numbers,
                    escaping: base.escaping,
                },
                &mut buf,
            ),
            (_, None) => continue,
        }
        spent += buf.len();
        let len = buf.len();
        if base.layout != Layout::AsSent && equals_as_sent(&buf, &text, &as_sent_lens, &mut scratch)
        {
            // The body was already in this form: its endings were tried as sent.
            result.tried += endings.len();
            continue;
        }
        for &trailing in endings {
            buf.extend_from_slice(match trailing {
                Trailing::None => b"",
                Trailing::Lf => b"\n",
                Trailing::Crlf => b"\r\n",
            });
            if spent + buf.len() > BUDGET_BYTES {
                break 'groups;
            }
            result.tried += 1;
            if buf.as_slice() != body {
                spent += buf.len();
                if matches(&buf) {
                    let combination = Combination { trailing, ..*base };
                    result.found = Some(Found {
                        combination,
                        description: describe(&combination, doc, &text),
                    });
                    break 'groups;
                }
            }
            buf.truncate(len);
        }
    }
    result
}

/// Whether `buf` is the body's core with some line ends already tried as sent (the as-sent
/// groups come first).
fn equals_as_sent(
    buf: &[u8],
    text: &Text<'_>,
    lens: &[(LineEnd, usize)],
    scratch: &mut Vec<u8>,
) -> bool {
    buf == text.core
        || lens.iter().any(|&(line_end, len)| {
            len == buf.len() && {
                scratch.clear();
                as_sent(text, line_end, scratch);
                scratch.as_slice() == buf
            }
        })
}

fn looks_like_json(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// The body's core with its line ends changed.
fn as_sent(text: &Text<'_>, line_end: LineEnd, out: &mut Vec<u8>) {
    let core = text.core;
    match line_end {
        LineEnd::AsSent => out.extend_from_slice(core),
        LineEnd::Lf => {
            let mut i = 0;
            while i < core.len() {
                if core[i] == b'\r' && core.get(i + 1) == Some(&b'\n') {
                    i += 1;
                    continue;
                }
                out.push(core[i]);
                i += 1;
            }
        }
        LineEnd::Crlf => {
            for (i, &b) in core.iter().enumerate() {
                if b == b'\n' && (i == 0 || core[i - 1] != b'\r') {
                    out.push(b'\r');
                }
                out.push(b);
            }
        }
    }
}

/// "with CRLF line ends turned into LF and without its trailing newline", "re-encoded as
/// 2-space indented JSON with sorted keys and a trailing newline (…)".
fn describe(c: &Combination, doc: Option<&Doc<'_>>, text: &Text<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if c.layout == Layout::AsSent {
        match c.line_end {
            LineEnd::Lf => parts.push("with CRLF line ends turned into LF".into()),
            LineEnd::Crlf => parts.push("with LF line ends turned into CRLF".into()),
            LineEnd::AsSent => {}
        }
        parts.push(
            match (text.trailing, c.trailing) {
                (Trailing::None, Trailing::Lf) => "with a trailing newline added",
                (Trailing::None, Trailing::Crlf) => "with a trailing CRLF added",
                (_, Trailing::None) => "without its trailing newline",
                (Trailing::Crlf, Trailing::Lf) => "with its trailing CRLF as LF",
                (Trailing::Lf, Trailing::Crlf) => "with its trailing LF as CRLF",
                _ => "",
            }
            .into(),
        );
        parts.retain(|p| !p.is_empty());
        return parts.join(" and ");
    }
    let layout = match c.layout {
        Layout::AsSent | Layout::Compact => "compact JSON",
        Layout::PythonSpaced => "one-line JSON spaced the way Python writes it (\", \" and \": \")",
        Layout::Indent2 => "2-space indented JSON",
        Layout::Indent4 => "4-space indented JSON",
        Layout::Tab => "tab-indented JSON",
    };
    match c.keys {
        KeyOrder::AsSent => {}
        KeyOrder::Sorted => parts.push("sorted keys".into()),
        KeyOrder::Js => {
            parts.push("integer-like keys moved first (a JavaScript object's order)".into())
        }
    }
    let printer = match c.numbers {
        NumberForm::AsSent => None,
        NumberForm::Js => Some("JavaScript prints"),
        NumberForm::Python => Some("Python and PHP print"),
    };
    if let Some(printer) = printer {
        parts.push(format!(
            "numbers as {printer} them{}",
            number_example(doc, c.numbers)
        ));
    }
    let e = c.escaping;
    match e.unicode {
        Unicode::Raw => {}
        Unicode::Python => parts.push("non-ASCII escaped as \\uXXXX".into()),
        Unicode::Php => parts.push("non-ASCII escaped as \\uXXXX but DEL left as is (PHP)".into()),
    }
    if e.slash {
        parts.push("slashes escaped as \\/ (PHP)".into());
    }
    if e.html {
        parts.push("<, > and & escaped as \\u003c, \\u003e, \\u0026 (Go)".into());
    }
    if c.line_end == LineEnd::Crlf {
        parts.push("CRLF line ends".into());
    }
    match c.trailing {
        Trailing::None => {}
        Trailing::Lf => parts.push("a trailing newline".into()),
        Trailing::Crlf => parts.push("a trailing CRLF".into()),
    }
    let mut out = format!("re-encoded as {layout}");
    if !parts.is_empty() {
        out.push_str(" with ");
        out.push_str(&join(&parts));
    }
    if let Some(d) = doc
        && let Some(w) = known_writer(c, &d.facts)
    {
        out.push_str(&format!(" (what {w} writes)"));
    }
    out
}

/// " (1e3 → 1000)": the body's first number that `form` changes.
fn number_example(doc: Option<&Doc<'_>>, form: NumberForm) -> String {
    let pick = |n: &doc::Number<'_>| -> String {
        match form {
            NumberForm::AsSent => n.given.to_string(),
            NumberForm::Js => n.js.clone(),
            NumberForm::Python => n.python.clone(),
        }
    };
    doc.and_then(|d| d.numbers.iter().find(|n| pick(n) != n.given))
        .map(|n| format!(" ({} → {})", n.given, pick(n)))
        .unwrap_or_default()
}

fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

const fn writer(
    layout: Layout,
    keys: KeyOrder,
    numbers: NumberForm,
    slash: bool,
    unicode: Unicode,
    html: bool,
) -> Combination {
    Combination {
        layout,
        line_end: LineEnd::Lf,
        trailing: Trailing::None,
        keys,
        numbers,
        escaping: Escaping {
            slash,
            unicode,
            html,
        },
    }
}

const fn js(layout: Layout) -> Combination {
    writer(
        layout,
        KeyOrder::Js,
        NumberForm::Js,
        false,
        Unicode::Raw,
        false,
    )
}

const fn py(layout: Layout, keys: KeyOrder) -> Combination {
    writer(
        layout,
        keys,
        NumberForm::Python,
        false,
        Unicode::Python,
        false,
    )
}

/// PHP prints floats like Python's repr in the range webhooks use (`1000.0`, `1.5`).
const fn php(layout: Layout) -> Combination {
    writer(
        layout,
        KeyOrder::AsSent,
        NumberForm::Python,
        true,
        Unicode::Php,
        false,
    )
}

const fn go(layout: Layout) -> Combination {
    writer(
        layout,
        KeyOrder::Sorted,
        NumberForm::Js,
        false,
        Unicode::Raw,
        true,
    )
}

/// Well-known calls and what they write.
const WRITERS: [(&str, Combination); 15] = [
    ("JSON.stringify(body)", js(Layout::Compact)),
    ("JSON.stringify(body, null, 2)", js(Layout::Indent2)),
    ("JSON.stringify(body, null, 4)", js(Layout::Indent4)),
    ("JSON.stringify(body, null, '\\t')", js(Layout::Tab)),
    (
        "json.dumps(body)",
        py(Layout::PythonSpaced, KeyOrder::AsSent),
    ),
    (
        "json.dumps(body, indent=2)",
        py(Layout::Indent2, KeyOrder::AsSent),
    ),
    (
        "json.dumps(body, indent=4)",
        py(Layout::Indent4, KeyOrder::AsSent),
    ),
    (
        "json.dumps(body, separators=(',', ':'))",
        py(Layout::Compact, KeyOrder::AsSent),
    ),
    (
        "json.dumps(body, sort_keys=True)",
        py(Layout::PythonSpaced, KeyOrder::Sorted),
    ),
    (
        "json.dumps(body, indent=2, sort_keys=True)",
        py(Layout::Indent2, KeyOrder::Sorted),
    ),
    (
        "json.dumps(body, indent=4, sort_keys=True)",
        py(Layout::Indent4, KeyOrder::Sorted),
    ),
    ("PHP's json_encode(body)", php(Layout::Compact)),
    (
        "PHP's json_encode(body, JSON_PRETTY_PRINT)",
        php(Layout::Indent4),
    ),
    ("Go's json.Marshal(body)", go(Layout::Compact)),
    (
        "Go's json.MarshalIndent(body, \"\", \"  \")",
        go(Layout::Indent2),
    ),
];

/// The call that writes exactly this combination, when it is a well-known one.
fn known_writer(c: &Combination, facts: &Facts) -> Option<String> {
    if c.line_end == LineEnd::Crlf {
        return None;
    }
    let (name, _) = WRITERS.iter().find(|(_, w)| {
        fold(
            Combination {
                trailing: c.trailing,
                ..*w
            },
            facts,
        ) == *c
    })?;
    Some(match c.trailing {
        Trailing::None => name.to_string(),
        Trailing::Lf => format!("{name} + \"\\n\""),
        Trailing::Crlf => format!("{name} + \"\\r\\n\""),
    })
}

/// `JSON.stringify(value)`, keys in the value's order.
pub fn compact(value: &serde_json::Value) -> Vec<u8> {
    rewrite(value, Layout::Compact, NumberForm::Js, Escaping::MINIMAL)
}

/// `JSON.stringify(value, null, 2)`, keys in the value's order.
pub fn pretty(value: &serde_json::Value) -> Vec<u8> {
    rewrite(value, Layout::Indent2, NumberForm::Js, Escaping::MINIMAL)
}

/// Python's `json.dumps(value)`: `", "` and `": "` separators, non-ASCII as `\uXXXX`, keys in
/// the value's order.
pub fn python(value: &serde_json::Value) -> Vec<u8> {
    let escaping = Escaping {
        unicode: Unicode::Python,
        ..Escaping::MINIMAL
    };
    rewrite(value, Layout::PythonSpaced, NumberForm::Python, escaping)
}

fn rewrite(
    value: &serde_json::Value,
    layout: Layout,
    numbers: NumberForm,
    escaping: Escaping,
) -> Vec<u8> {
    let text = value.to_string();
    let Some(doc) = Doc::parse(&text) else {
        return text.into_bytes();
    };
    let mut out = Vec::with_capacity(text.len());
    write::write(
        &doc,
        Style {
            layout,
            line_end: LineEnd::Lf,
            keys: KeyOrder::AsSent,
            numbers,
            escaping,
        },
        &mut out,
    );
    out
}

/// The same value with the keys of every object in reverse order.
pub fn reverse_keys(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
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

#[cfg(test)]
mod tests;
