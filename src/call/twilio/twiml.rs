//! A TwiML (cXML) document as the walker reads it: the verbs under `<Response>`, each with
//! its attributes, its text and its nested nouns. Whether the document is well formed and
//! holds known verbs is the contract's job (`platform::check`); this only reads it.

/// One verb (or noun).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verb {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Its text, trimmed (`<Say>` words, a `<Redirect>` URL, a `<Number>`).
    pub text: String,
    pub children: Vec<Verb>,
}

impl Verb {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A number of seconds (or a count), else `default`.
    pub fn number(&self, name: &str, default: f64) -> f64 {
        self.attr(name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite() && *n >= 0.0)
            .unwrap_or(default)
    }

    /// A `true`/`false` attribute.
    pub fn flag(&self, name: &str) -> bool {
        self.attr(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// `method`, upper-case (default POST).
    pub fn method(&self, name: &str) -> String {
        self.attr(name)
            .map(|m| m.trim().to_ascii_uppercase())
            .filter(|m| m == "GET" || m == "POST")
            .unwrap_or_else(|| "POST".into())
    }
}

/// The verbs of a document (`<Response>`'s children), or why it cannot be read.
pub fn parse(body: &[u8]) -> Result<Vec<Verb>, String> {
    let text = std::str::from_utf8(body).map_err(|_| "not UTF-8".to_string())?;
    let doc = roxmltree::Document::parse(text.trim()).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "Response" {
        return Err(format!("the root is <{}>", root.tag_name().name()));
    }
    Ok(root
        .children()
        .filter(roxmltree::Node::is_element)
        .map(verb)
        .collect())
}

fn verb(n: roxmltree::Node<'_, '_>) -> Verb {
    Verb {
        name: n.tag_name().name().to_string(),
        attrs: n
            .attributes()
            .map(|a| (a.name().to_string(), a.value().to_string()))
            .collect(),
        text: n
            .descendants()
            .filter(roxmltree::Node::is_text)
            .filter_map(|t| t.text())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        children: n
            .children()
            .filter(roxmltree::Node::is_element)
            .map(verb)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_verbs_attributes_text_and_nouns() {
        let doc = parse(
            br#"<?xml version="1.0"?>
<Response>
  <Gather numDigits="1" action="/menu"><Say>Press  1</Say></Gather>
  <Dial timeout="10"><Number>+15550100</Number></Dial>
</Response>"#,
        )
        .unwrap();
        assert_eq!(doc.len(), 2);
        assert_eq!(doc[0].name, "Gather");
        assert_eq!(doc[0].attr("action"), Some("/menu"));
        assert_eq!(doc[0].number("numDigits", 0.0), 1.0);
        assert_eq!(doc[0].children[0].text, "Press 1");
        assert_eq!(doc[1].children[0].text, "+15550100");
        assert!(parse(b"<Response><Say>").is_err());
        assert!(parse(b"<Reply/>").is_err());
    }
}
