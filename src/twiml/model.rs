//! The document as the rules see it: the original text, the offsets of unescaped `&`, and the
//! roxmltree tree of a same-length copy in which those are neutralised (so one stray `&` is
//! TWIML002's finding, not a parse failure hiding every other one).

use std::ops::Range;

use roxmltree::{Document, Node};

use super::schema;

pub struct Ctx<'d, 'a> {
    pub text: &'a str,
    /// The reply's Content-Type, when it came over HTTP.
    pub content_type: Option<&'a str>,
    /// Byte offsets of `&` that start no entity or character reference.
    pub amps: Vec<usize>,
    pub doc: Result<&'d Document<'d>, &'d roxmltree::Error>,
}

impl<'d, 'a> Ctx<'d, 'a> {
    pub fn new(
        text: &'a str,
        content_type: Option<&'a str>,
        amps: Vec<usize>,
        doc: Result<&'d Document<'d>, &'d roxmltree::Error>,
    ) -> Self {
        Ctx {
            text,
            content_type,
            amps,
            doc,
        }
    }

    /// The root element, when the document parsed.
    pub fn root(&self) -> Option<Node<'d, 'd>> {
        self.doc.ok().map(Document::root_element)
    }

    /// The root, when it is `<Response>` (the rules below the root need one).
    pub fn response(&self) -> Option<Node<'d, 'd>> {
        self.root().filter(|r| name(*r) == "Response")
    }

    /// Every element below `<Response>`, in document order.
    pub fn elements(&self) -> impl Iterator<Item = Node<'d, 'd>> {
        self.response()
            .into_iter()
            .flat_map(|r| r.descendants().skip(1))
            .filter(Node::is_element)
    }
}

/// An element's name as written (`amazon:effect` for the SSML extensions).
pub fn name<'d>(n: Node<'d, 'd>) -> &'d str {
    let local = n.tag_name().name();
    match local {
        "amazon_effect" => "amazon:effect",
        "amazon_domain" => "amazon:domain",
        "amazon_auto-breaths" => "amazon:auto-breaths",
        _ => local,
    }
}

/// The span of an element's start tag name: `<Gather` .
pub fn tag_span(n: Node<'_, '_>) -> Range<usize> {
    let start = n.range().start;
    start..start + 1 + n.tag_name().name().len()
}

/// `/Response/Gather[2]/Say`: the element's path, with a 1-based index where siblings share
/// its name.
pub fn path(n: Node<'_, '_>) -> String {
    let mut parts = Vec::new();
    for a in n.ancestors().filter(Node::is_element) {
        let nm = name(a);
        let same = |s: &Node<'_, '_>| s.is_element() && name(*s) == nm;
        let siblings = a.parent().map_or(1, |p| p.children().filter(same).count());
        if siblings > 1 {
            let index = a.prev_siblings().filter(same).count();
            parts.push(format!("{nm}[{index}]"));
        } else {
            parts.push(nm.to_string());
        }
    }
    parts.reverse();
    format!("/{}", parts.join("/"))
}

/// Whether an element is a verb or noun whk knows (SSML inside `<Say>` included).
pub fn known(n: Node<'_, '_>) -> bool {
    schema::element(name(n)).is_some()
}

/// Offsets of `&` that do not start `&name;`, `&#123;` or `&#x1F;`.
pub fn unescaped_ampersands(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices('&') {
        let rest = &b[i + 1..];
        let end = rest.iter().take(32).position(|c| *c == b';');
        let ok = end.is_some_and(|e| {
            let r = &rest[..e];
            match r {
                [b'#', b'x' | b'X', hex @ ..] => {
                    !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit)
                }
                [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
                [b'a' | b'q' | b'l' | b'g', ..] => {
                    matches!(r, b"amp" | b"lt" | b"gt" | b"quot" | b"apos")
                }
                _ => false,
            }
        });
        if !ok {
            out.push(i);
        }
    }
    out
}

/// A same-length copy of `text` that XML can parse where the original cannot only for
/// reasons the rules report themselves: unescaped `&` become `_`, and Amazon Polly's SSML
/// tags (`<amazon:effect>`, which Twilio's docs use without declaring the namespace) become
/// `<amazon_effect>`.
pub fn patch(text: &str, amps: &[usize]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &i in amps {
        bytes[i] = b'_';
    }
    for pat in ["<amazon:", "</amazon:"] {
        for (i, _) in text.match_indices(pat) {
            bytes[i + pat.len() - 1] = b'_';
        }
    }
    // Only ASCII bytes replaced ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// Byte offset of a 1-based row and column (in characters) of `text`.
pub fn offset_of(text: &str, row: u32, col: u32) -> usize {
    let mut line_start = 0;
    for _ in 1..row {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    text[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(text.len(), |(i, _)| line_start + i)
}
