//! Writing a [`Doc`] in one combination of layout, line ends, key order, number form and
//! escaping, byte for byte as the runtimes do.

use super::doc::{Doc, Node};
use super::{Escaping, KeyOrder, Layout, LineEnd, NumberForm, Unicode};

/// Everything that decides the bytes of one re-encoding, except the trailing newline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Style {
    pub layout: Layout,
    pub line_end: LineEnd,
    pub keys: KeyOrder,
    pub numbers: NumberForm,
    pub escaping: Escaping,
}

struct Writer<'d, 'a> {
    doc: &'d Doc<'a>,
    style: Style,
    indent: Option<&'static [u8]>,
    item_sep: &'static [u8],
    key_sep: &'static [u8],
    newline: &'static [u8],
}

/// Append `doc` written in `style` to `out`. `style.layout` must not be `AsSent`.
pub(super) fn write(doc: &Doc<'_>, style: Style, out: &mut Vec<u8>) {
    let (indent, item_sep, key_sep): (Option<&'static [u8]>, &'static [u8], &'static [u8]) =
        match style.layout {
            Layout::AsSent | Layout::Compact => (None, b",", b":"),
            Layout::PythonSpaced => (None, b", ", b": "),
            Layout::Indent2 => (Some(b"  "), b",", b": "),
            Layout::Indent4 => (Some(b"    "), b",", b": "),
            Layout::Tab => (Some(b"\t"), b",", b": "),
        };
    let w = Writer {
        doc,
        style,
        indent,
        item_sep,
        key_sep,
        newline: match style.line_end {
            LineEnd::Crlf => b"\r\n",
            LineEnd::AsSent | LineEnd::Lf => b"\n",
        },
    };
    w.value(&doc.root, 0, out);
}

impl Writer<'_, '_> {
    fn newline(&self, depth: usize, out: &mut Vec<u8>) {
        if let Some(indent) = self.indent {
            out.extend_from_slice(self.newline);
            for _ in 0..depth {
                out.extend_from_slice(indent);
            }
        }
    }

    fn value(&self, node: &Node<'_>, depth: usize, out: &mut Vec<u8>) {
        match node {
            Node::Null => out.extend_from_slice(b"null"),
            Node::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Node::Number(i) => {
                let n = &self.doc.numbers[*i];
                out.extend_from_slice(
                    match self.style.numbers {
                        NumberForm::AsSent => n.given,
                        NumberForm::Js => &n.js,
                        NumberForm::Python => &n.python,
                    }
                    .as_bytes(),
                );
            }
            Node::String(s) => string(s, self.style.escaping, out),
            Node::Array(items) => {
                if items.is_empty() {
                    out.extend_from_slice(b"[]");
                    return;
                }
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(self.item_sep);
                    }
                    self.newline(depth + 1, out);
                    self.value(item, depth + 1, out);
                }
                self.newline(depth, out);
                out.push(b']');
            }
            Node::Object(o) => {
                if o.members.is_empty() {
                    out.extend_from_slice(b"{}");
                    return;
                }
                let order = match self.style.keys {
                    KeyOrder::AsSent => None,
                    KeyOrder::Sorted => o.sorted.as_deref(),
                    KeyOrder::Js => o.js.as_deref(),
                };
                out.push(b'{');
                for i in 0..o.members.len() {
                    let (k, v) = &o.members[order.map_or(i, |ord| ord[i])];
                    if i > 0 {
                        out.extend_from_slice(self.item_sep);
                    }
                    self.newline(depth + 1, out);
                    string(k, self.style.escaping, out);
                    out.extend_from_slice(self.key_sep);
                    self.value(v, depth + 1, out);
                }
                self.newline(depth, out);
                out.push(b'}');
            }
        }
    }
}

/// A JSON string: `"`, `\` and control characters escaped as every runtime does (`\n`, `\t`,
/// … and `\u00XX`), plus what `esc` adds.
fn string(s: &str, esc: Escaping, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let u = |out: &mut Vec<u8>, unit: u16| {
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[((unit >> shift) & 0xf) as usize]);
        }
    };
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let named: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\n' => b"\\n",
            '\r' => b"\\r",
            '\t' => b"\\t",
            '\u{8}' => b"\\b",
            '\u{c}' => b"\\f",
            '/' if esc.slash => b"\\/",
            _ => b"",
        };
        let escaped = !named.is_empty()
            || (c as u32) < 0x20
            || (esc.html && matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}'))
            || match esc.unicode {
                Unicode::Raw => false,
                Unicode::Python => c as u32 >= 0x7f,
                Unicode::Php => c as u32 >= 0x80,
            };
        if !escaped {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + c.len_utf8();
        if !named.is_empty() {
            out.extend_from_slice(named);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                u(out, *unit);
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}
