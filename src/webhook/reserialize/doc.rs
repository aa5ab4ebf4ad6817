//! The body parsed once, for re-encoding many ways: key order, number text and strings as
//! received, plus everything each axis needs precomputed (each number in every runtime's form,
//! each object's sorted and JavaScript key order) and the facts that tell which axis values can
//! change the bytes at all.

use std::borrow::Cow;
use std::collections::HashMap;

use super::numbers;
use crate::ncco::{syntax, tree};

pub(super) enum Node<'a> {
    Null,
    Bool(bool),
    /// Index into [`Doc::numbers`].
    Number(usize),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// Members after duplicate keys are folded the way every runtime folds them: the first
/// position, the last value.
pub(super) struct Object<'a> {
    pub members: Vec<(Cow<'a, str>, Node<'a>)>,
    /// Member indices in sorted key order; `None` when that is the given order.
    pub sorted: Option<Vec<usize>>,
    /// Member indices in JavaScript object order (integer-like keys first, ascending);
    /// `None` when that is the given order.
    pub js: Option<Vec<usize>>,
}

/// One number as written and as each runtime re-prints it.
pub(super) struct Number<'a> {
    pub given: &'a str,
    pub js: String,
    pub python: String,
}

/// What the body contains that some axis value would change.
#[derive(Default, Clone, Copy, Debug)]
pub(super) struct Facts {
    /// Some array has two items or some object a member: spacing shows.
    pub separators: bool,
    /// Some container is non-empty: indentation shows.
    pub nonempty: bool,
    pub unsorted: bool,
    pub js_reordered: bool,
    /// Some object's JavaScript order is not its sorted order.
    pub js_unsorted: bool,
    pub js_numbers: bool,
    pub python_numbers: bool,
    pub python_vs_js_numbers: bool,
    pub slash: bool,
    pub non_ascii: bool,
    pub del: bool,
    pub html: bool,
}

pub(super) struct Doc<'a> {
    pub root: Node<'a>,
    pub numbers: Vec<Number<'a>>,
    pub facts: Facts,
}

impl<'a> Doc<'a> {
    /// `None` unless `text` is strict JSON (RFC 8259).
    pub fn parse(text: &'a str) -> Option<Doc<'a>> {
        let parsed = syntax::parse(text, 0);
        if !parsed.issues.is_empty() {
            return None;
        }
        let root = parsed.root?;
        let mut doc = Doc {
            root: Node::Null,
            numbers: Vec::new(),
            facts: Facts::default(),
        };
        doc.root = doc.convert(root);
        Some(doc)
    }

    fn convert(&mut self, node: tree::Node<'a>) -> Node<'a> {
        match node.value {
            tree::Value::Null => Node::Null,
            tree::Value::Bool(b) => Node::Bool(b),
            tree::Value::Number(given) => {
                let n = Number {
                    given,
                    js: numbers::js(given),
                    python: numbers::python(given),
                };
                let f = &mut self.facts;
                f.js_numbers |= n.js != n.given;
                f.python_numbers |= n.python != n.given;
                f.python_vs_js_numbers |= n.python != n.js;
                self.numbers.push(n);
                Node::Number(self.numbers.len() - 1)
            }
            tree::Value::String(s) => {
                self.note_string(&s);
                Node::String(s)
            }
            tree::Value::Array(items) => {
                self.facts.nonempty |= !items.is_empty();
                self.facts.separators |= items.len() > 1;
                Node::Array(items.into_iter().map(|n| self.convert(n)).collect())
            }
            tree::Value::Object(members) => {
                self.facts.nonempty |= !members.is_empty();
                self.facts.separators |= !members.is_empty();
                let mut out: Vec<(Cow<'a, str>, Node<'a>)> = Vec::with_capacity(members.len());
                // Small objects (nearly all) look duplicates up by scanning.
                let mut index: Option<HashMap<Cow<'a, str>, usize>> =
                    (members.len() > 16).then(HashMap::new);
                for m in members {
                    self.note_string(&m.key);
                    let value = self.convert(m.value);
                    let seen = match &index {
                        Some(map) => map.get(&m.key).copied(),
                        None => out.iter().position(|(k, _)| *k == m.key),
                    };
                    match seen {
                        Some(i) => out[i].1 = value,
                        None => {
                            if let Some(map) = &mut index {
                                map.insert(m.key.clone(), out.len());
                            }
                            out.push((m.key, value));
                        }
                    }
                }
                let object = self.orders(out);
                Node::Object(object)
            }
        }
    }

    fn orders(&mut self, members: Vec<(Cow<'a, str>, Node<'a>)>) -> Object<'a> {
        let given: Vec<usize> = (0..members.len()).collect();
        let mut sorted = given.clone();
        sorted.sort_by(|&a, &b| members[a].0.cmp(&members[b].0));
        let mut js = given.clone();
        js.sort_by_key(|&i| array_index(&members[i].0).map_or((1, 0), |n| (0, n)));
        let f = &mut self.facts;
        f.unsorted |= sorted != given;
        f.js_reordered |= js != given;
        f.js_unsorted |= js != sorted;
        Object {
            sorted: (sorted != given).then_some(sorted),
            js: (js != given).then_some(js),
            members,
        }
    }

    fn note_string(&mut self, s: &str) {
        let f = &mut self.facts;
        for b in s.bytes() {
            match b {
                b'/' => f.slash = true,
                0x7f => f.del = true,
                b'<' | b'>' | b'&' => f.html = true,
                0x80.. => f.non_ascii = true,
                _ => {}
            }
        }
        if f.non_ascii && s.contains(['\u{2028}', '\u{2029}']) {
            f.html = true;
        }
    }
}

/// A key JavaScript treats as an array index (`"0"`, `"42"`, not `"01"` or `"-1"`), which
/// objects list first, in ascending order.
fn array_index(key: &str) -> Option<u64> {
    if key.is_empty() || key.len() > 10 || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u64>().ok().filter(|&n| n < u32::MAX as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_fold_to_first_position_last_value() {
        let doc = Doc::parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        let Node::Object(o) = &doc.root else { panic!() };
        assert_eq!(o.members.len(), 2);
        assert_eq!(o.members[0].0, "a");
        let Node::Number(i) = o.members[0].1 else {
            panic!()
        };
        assert_eq!(doc.numbers[i].given, "3");
    }

    #[test]
    fn facts() {
        let doc = Doc::parse(r#"{"b":"x/y","2":1.50,"1":[],"a":"é"}"#).unwrap();
        let f = doc.facts;
        assert!(f.separators && f.nonempty && f.unsorted && f.js_reordered && f.slash);
        assert!(f.non_ascii && !f.del && !f.html);
        assert!(f.js_numbers && f.python_numbers && !f.python_vs_js_numbers);
        assert!(f.js_unsorted);
        let plain = Doc::parse(r#"{"a":[1]}"#).unwrap().facts;
        assert!(!plain.unsorted && !plain.js_numbers && !plain.slash);
        assert!(Doc::parse("{,}").is_none());
        assert!(Doc::parse(r#"{"a":1,}"#).is_none());
        assert!(Doc::parse(r#""\ud800""#).is_none());
    }

    #[test]
    fn javascript_key_order() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("42"), Some(42));
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index("-1"), None);
        assert_eq!(array_index("4294967295"), None);
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
    }
}
