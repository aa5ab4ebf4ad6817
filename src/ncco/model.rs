//! The document as the rules see it: the spanned tree, resolved once against the schema into
//! flat lists of actions, known objects and their fields, each with its JSONPath.

use super::schema::{self, FieldSpec, Items, ObjSpec, Ty};
use super::syntax::Issue;
use super::tree::{Member, Node, get_last};

/// One element of the top-level array.
#[derive(Debug)]
pub struct ActionRef<'d, 'a> {
    pub index: usize,
    pub node: &'d Node<'a>,
    pub path: String,
    /// The members when the element is an object.
    pub members: Option<&'d [Member<'a>]>,
    /// The `action` member, when present (the last one, if repeated).
    pub action: Option<&'d Member<'a>>,
    /// The spec of a known action.
    pub spec: Option<&'static ObjSpec>,
}

impl ActionRef<'_, '_> {
    /// The action's name when it is a known action.
    pub fn name(&self) -> Option<&'static str> {
        self.spec.map(|s| s.tag)
    }
}

/// An object whose spec is known: an action, a nested settings object or an endpoint.
#[derive(Debug)]
pub struct ObjRef<'d, 'a> {
    pub spec: &'static ObjSpec,
    pub node: &'d Node<'a>,
    pub members: &'d [Member<'a>],
    pub path: String,
    /// Index of the action it belongs to.
    pub action: usize,
}

impl<'d, 'a> ObjRef<'d, 'a> {
    /// The last member named `key`.
    pub fn get(&self, key: &str) -> Option<&'d Member<'a>> {
        get_last(self.members, key)
    }

    /// Where to point when something is missing from this object: its `action` or `type` value
    /// when it has one, else its opening brace.
    pub fn anchor(&self) -> std::ops::Range<usize> {
        self.get("action")
            .or_else(|| self.get("type"))
            .map(|m| m.value.span.clone())
            .unwrap_or(self.node.span.start..self.node.span.start + 1)
    }
}

/// One member of a known object.
#[derive(Debug)]
pub struct FieldRef<'d, 'a> {
    /// Index into [`Ctx::objects`].
    pub obj: usize,
    pub member: &'d Member<'a>,
    pub spec: Option<&'static FieldSpec>,
    pub path: String,
}

impl<'d, 'a> FieldRef<'d, 'a> {
    pub fn key(&self) -> &str {
        &self.member.key
    }

    pub fn value(&self) -> &'d Node<'a> {
        &self.member.value
    }

    /// The values a per-item check applies to, with their paths: each element of an array, or
    /// the value itself when a lone value stands where an array belongs.
    pub fn items(&self) -> Vec<(&'d Node<'a>, String)> {
        match self.value().as_array() {
            Some(elements) => elements
                .iter()
                .enumerate()
                .map(|(i, e)| (e, format!("{}[{i}]", self.path)))
                .collect(),
            None => vec![(self.value(), self.path.clone())],
        }
    }
}

/// Everything a rule can look at.
pub struct Ctx<'d, 'a> {
    /// The whole document text (a BOM included).
    pub text: &'a str,
    pub syntax: &'d [Issue],
    /// The whole document's value.
    pub doc: Option<&'d Node<'a>>,
    /// The NCCO: the document, or the `ncco` member of a `POST /v1/calls` body.
    pub root: Option<&'d Node<'a>>,
    /// The NCCO's JSONPath: `$`, or `$.ncco`. Every path below it starts with this.
    pub path: &'static str,
    pub actions: Vec<ActionRef<'d, 'a>>,
    pub objects: Vec<ObjRef<'d, 'a>>,
    pub fields: Vec<FieldRef<'d, 'a>>,
}

impl<'d, 'a> Ctx<'d, 'a> {
    /// `root` is the NCCO inside `doc` (or `doc` itself), found at `path`.
    pub fn new(
        text: &'a str,
        syntax: &'d [Issue],
        doc: Option<&'d Node<'a>>,
        root: Option<&'d Node<'a>>,
        path: &'static str,
    ) -> Self {
        let mut cx = Ctx {
            text,
            syntax,
            doc,
            root,
            path,
            actions: Vec::new(),
            objects: Vec::new(),
            fields: Vec::new(),
        };
        // A lone action object is reported by NCCO006 and otherwise linted as the one action
        // it was meant to be, at the NCCO's own path.
        let lone = root.filter(|r| {
            r.as_object()
                .is_some_and(|m| get_last(m, "action").is_some())
        });
        let elements: Vec<(&'d Node<'a>, String)> = match (root.and_then(Node::as_array), lone) {
            (Some(elements), _) => elements
                .iter()
                .enumerate()
                .map(|(i, n)| (n, format!("{path}[{i}]")))
                .collect(),
            (None, Some(node)) => vec![(node, path.to_string())],
            (None, None) => Vec::new(),
        };
        for (index, (node, path)) in elements.into_iter().enumerate() {
            let members = node.as_object();
            let action = members.and_then(|m| get_last(m, "action"));
            let spec = action
                .and_then(|m| m.value.as_str())
                .and_then(schema::action_spec);
            if let (Some(spec), Some(members)) = (spec, members) {
                cx.push_object(spec, node, members, path.clone(), index);
            }
            cx.actions.push(ActionRef {
                index,
                node,
                path,
                members,
                action,
                spec,
            });
        }
        cx
    }

    fn push_object(
        &mut self,
        spec: &'static ObjSpec,
        node: &'d Node<'a>,
        members: &'d [Member<'a>],
        path: String,
        action: usize,
    ) {
        let obj = self.objects.len();
        self.objects.push(ObjRef {
            spec,
            node,
            members,
            path: path.clone(),
            action,
        });
        for member in members {
            let fspec = spec.field(&member.key);
            let fpath = format!("{path}{}", segment(&member.key));
            if let Some(fs) = fspec {
                self.descend(fs.ty, &member.value, &fpath, action);
            }
            self.fields.push(FieldRef {
                obj,
                member,
                spec: fspec,
                path: fpath,
            });
        }
    }

    fn descend(&mut self, ty: Ty, node: &'d Node<'a>, path: &str, action: usize) {
        match ty {
            Ty::Obj(spec) => {
                if let Some(m) = node.as_object() {
                    self.push_object(spec, node, m, path.to_string(), action);
                }
            }
            Ty::Array(Items::Obj(spec), _) => {
                for (i, e) in node.as_array().unwrap_or_default().iter().enumerate() {
                    if let Some(m) = e.as_object() {
                        self.push_object(spec, e, m, format!("{path}[{i}]"), action);
                    }
                }
            }
            Ty::Array(Items::Endpoint, _) => match &node.as_array() {
                Some(elements) => {
                    for (i, e) in elements.iter().enumerate() {
                        self.push_endpoint(e, format!("{path}[{i}]"), action);
                    }
                }
                // A lone endpoint object: reported by lone-value-not-array, checked all the same.
                None => self.push_endpoint(node, path.to_string(), action),
            },
            _ => {}
        }
    }

    fn push_endpoint(&mut self, node: &'d Node<'a>, path: String, action: usize) {
        if let Some(m) = node.as_object()
            && let Some(spec) = get_last(m, "type")
                .and_then(|t| t.value.as_str())
                .and_then(schema::endpoint_spec)
        {
            self.push_object(spec, node, m, path, action);
        }
    }

    /// The known objects of one spec.
    pub fn objects_of(&self, spec: &'static ObjSpec) -> impl Iterator<Item = &ObjRef<'d, 'a>> {
        self.objects.iter().filter(move |o| o.spec == spec)
    }

    /// Fields with a spec, paired with it.
    pub fn known_fields(&self) -> impl Iterator<Item = (&FieldRef<'d, 'a>, &'static FieldSpec)> {
        self.fields.iter().filter_map(|f| f.spec.map(|s| (f, s)))
    }
}

/// The JSONPath segment for a member: `.key`, or `['content-type']` when the key is not an
/// identifier.
pub fn segment(key: &str) -> String {
    let ident = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident {
        format!(".{key}")
    } else {
        format!("['{}']", key.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(segment("streamUrl"), ".streamUrl");
        assert_eq!(segment("content-type"), "['content-type']");
        assert_eq!(segment("it's"), "['it\\'s']");
        assert_eq!(segment(""), "['']");
    }
}
