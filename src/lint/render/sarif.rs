//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, every rule in `tool.driver.rules`.

use serde_json::{Value, json};

use super::{FileReport, IoProblem};
use crate::lint::{Language, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI for a path as given: forward slashes, reserved characters percent-encoded.
pub fn uri(name: &str) -> String {
    let mut out = String::new();
    for b in name.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn render(lang: &Language, reports: &[FileReport], problems: &[IoProblem]) -> String {
    let all = (lang.rules)();
    let rules: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "name": r.name(),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.summary()},
                "help": {"text": r.docs(), "markdown": r.docs()},
                "defaultConfiguration": {"level": level(r.severity())},
                "properties": {"tags": lang.tags},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let index = all
                .iter()
                .position(|x| x.code() == d.code)
                .unwrap_or_default();
            let text = match &d.help {
                Some(h) => format!("{}\nhelp: {h}", d.message),
                None => d.message.clone(),
            };
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&r.name)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    },
                    "logicalLocations": [{"fullyQualifiedName": d.path, "kind": "member"}],
                }],
            }));
        }
    }
    let notifications: Vec<Value> = problems
        .iter()
        .map(|p| {
            json!({
                "level": "error",
                "message": {"text": p.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&p.name)}}}],
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "whk",
                "fullName": format!("whk {} lint", lang.command),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris() {
        assert_eq!(super::uri("tests/a b.json"), "tests/a%20b.json");
        assert_eq!(super::uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(super::uri("dir\\x.json"), "dir/x.json");
    }
}
