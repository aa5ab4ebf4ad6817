//! The spanned JSON tree the rules read: every value and every key keeps its byte range in the
//! original document (BOM included), so diagnostics can point at it and fixes can edit it.

use std::borrow::Cow;
use std::ops::Range;

/// A JSON value and where it is.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub span: Range<usize>,
    pub value: Value<'a>,
}

#[derive(Debug, Clone)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written (`3`, `-0.5`, `1e3`).
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in document order; duplicates are kept.
    Object(Vec<Member<'a>>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Range<usize>,
    pub value: Node<'a>,
}

/// The JSON type of a value, as named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// "a string", "an array", … for messages.
    pub fn article(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

impl<'a> Node<'a> {
    pub fn kind(&self) -> Kind {
        match self.value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number's value, when it is a finite number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(raw) => raw.parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        }
    }

    /// The raw number text, when the value is a number.
    pub fn as_number_raw(&self) -> Option<&'a str> {
        match self.value {
            Value::Number(raw) => Some(raw),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// `true`, or the string `"true"` the platform is seen to coerce.
    pub fn is_truthy(&self) -> bool {
        matches!(self.value, Value::Bool(true)) || self.as_str() == Some("true")
    }
}

/// The first member named `key` (the one most JSON parsers in SDKs would *not* keep; rules that
/// care about duplicates report them separately).
pub fn get<'d, 'a>(members: &'d [Member<'a>], key: &str) -> Option<&'d Member<'a>> {
    members.iter().find(|m| m.key == key)
}

/// The last member named `key`: what "last one wins" parsers (JavaScript, Python) keep.
pub fn get_last<'d, 'a>(members: &'d [Member<'a>], key: &str) -> Option<&'d Member<'a>> {
    members.iter().rev().find(|m| m.key == key)
}
