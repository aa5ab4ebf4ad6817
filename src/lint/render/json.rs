//! `--format json`: one object with `files`, `diagnostics`, `fixed`, `errors` and `summary`.
//!
//! Written by hand rather than through `serde_json::Value`: with tens of thousands of findings
//! the value tree's allocations dominated the run. The layout is exactly serde_json's pretty
//! printer's (two-space indent), which the tests check.

use std::fmt::Write as _;

use super::{FileReport, IoProblem, Summary};
use crate::lint::Diagnostic;

/// Append `s` as a JSON string literal (serde_json's escaping).
pub fn push_str_lit(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(esc);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// The diagnostics of one file as pretty JSON objects at the depth of the `diagnostics` array,
/// each followed by `,\n` (the caller trims the last separator).
pub fn diagnostics_fragment(file: &str, diagnostics: &[Diagnostic]) -> String {
    let mut o = String::with_capacity(diagnostics.len() * 400);
    for d in diagnostics {
        o.push_str("    {\n      \"file\": ");
        push_str_lit(&mut o, file);
        o.push_str(",\n      \"code\": ");
        push_str_lit(&mut o, d.code);
        o.push_str(",\n      \"name\": ");
        push_str_lit(&mut o, d.name);
        o.push_str(",\n      \"severity\": ");
        push_str_lit(&mut o, d.severity.as_str());
        o.push_str(",\n      \"message\": ");
        push_str_lit(&mut o, &d.message);
        o.push_str(",\n      \"path\": ");
        push_str_lit(&mut o, &d.path);
        let _ = write!(
            o,
            ",\n      \"line\": {},\n      \"column\": {},\n      \"end_line\": {},\n      \"end_column\": {},\n      \"help\": ",
            d.line, d.column, d.end_line, d.end_column
        );
        match &d.help {
            Some(h) => push_str_lit(&mut o, h),
            None => o.push_str("null"),
        }
        let _ = write!(o, ",\n      \"fixable\": {}\n    }},\n", d.fix.is_some());
    }
    o
}

/// The whole document, from per-file fragments of [`diagnostics_fragment`] (in file order).
pub fn render_with(reports: &[FileReport], problems: &[IoProblem], fragments: &[String]) -> String {
    let s = Summary::of(reports, problems);
    let mut o = String::with_capacity(
        fragments.iter().map(String::len).sum::<usize>() + 256 * reports.len(),
    );
    let array = |o: &mut String, name: &str, items: Vec<String>| {
        let _ = write!(o, "  \"{name}\": ");
        if items.is_empty() {
            o.push_str("[]");
        } else {
            o.push_str("[\n");
            o.push_str(&items.join(",\n"));
            o.push_str("\n  ]");
        }
    };
    o.push_str("{\n");
    array(
        &mut o,
        "files",
        reports
            .iter()
            .map(|r| {
                let mut x = String::from("    ");
                push_str_lit(&mut x, &r.name);
                x
            })
            .collect(),
    );
    o.push_str(",\n  \"diagnostics\": ");
    let body_len: usize = fragments.iter().map(String::len).sum();
    if body_len == 0 {
        o.push_str("[]");
    } else {
        o.push_str("[\n");
        for f in fragments {
            o.push_str(f);
        }
        o.truncate(o.len() - 2); // the last ",\n"
        o.push_str("\n  ]");
    }
    o.push_str(",\n");
    let fixed = reports
        .iter()
        .flat_map(|r| {
            r.fixed.iter().map(move |f| {
                let mut x = String::from("    {\n      \"file\": ");
                push_str_lit(&mut x, &r.name);
                x.push_str(",\n      \"code\": ");
                push_str_lit(&mut x, f.code);
                x.push_str(",\n      \"title\": ");
                push_str_lit(&mut x, &f.title);
                x.push_str(",\n      \"path\": ");
                push_str_lit(&mut x, &f.path);
                let _ = write!(
                    x,
                    ",\n      \"line\": {},\n      \"column\": {}\n    }}",
                    f.line, f.column
                );
                x
            })
        })
        .collect();
    array(&mut o, "fixed", fixed);
    o.push_str(",\n");
    let errors = problems
        .iter()
        .map(|p| {
            let mut x = String::from("    {\n      \"file\": ");
            push_str_lit(&mut x, &p.name);
            x.push_str(",\n      \"message\": ");
            push_str_lit(&mut x, &p.message);
            x.push_str("\n    }");
            x
        })
        .collect();
    array(&mut o, "errors", errors);
    // Only when some file was a `POST /v1/calls` body, so NCCO-only output keeps its shape.
    let notes: Vec<String> = reports
        .iter()
        .filter_map(|r| {
            let message = r.note()?;
            let mut x = String::from("    {\n      \"file\": ");
            push_str_lit(&mut x, &r.name);
            x.push_str(",\n      \"ncco_at\": ");
            push_str_lit(&mut x, r.ncco_at);
            x.push_str(",\n      \"message\": ");
            push_str_lit(&mut x, &message);
            x.push_str("\n    }");
            Some(x)
        })
        .collect();
    if !notes.is_empty() {
        o.push_str(",\n");
        array(&mut o, "notes", notes);
    }
    let _ = write!(
        o,
        ",\n  \"summary\": {{\n    \"files\": {},\n    \"errors\": {},\n    \"warnings\": {},\n    \"fixable\": {},\n    \"fixed\": {},\n    \"unreadable\": {}\n  }}\n}}",
        s.files, s.errors, s.warnings, s.fixable, s.fixed, s.unreadable
    );
    o
}

/// The whole document.
pub fn render(reports: &[FileReport], problems: &[IoProblem]) -> String {
    let fragments: Vec<String> = reports
        .iter()
        .map(|r| diagnostics_fragment(&r.name, &r.diagnostics))
        .collect();
    render_with(reports, problems, &fragments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::fix::AppliedFix;

    fn reference(reports: &[FileReport], problems: &[IoProblem]) -> String {
        use serde_json::json;
        let s = Summary::of(reports, problems);
        let diagnostics: Vec<_> = reports
            .iter()
            .flat_map(|r| {
                r.diagnostics.iter().map(move |d| {
                    json!({
                        "file": r.name, "code": d.code, "name": d.name, "severity": d.severity.as_str(),
                        "message": d.message, "path": d.path, "line": d.line, "column": d.column,
                        "end_line": d.end_line, "end_column": d.end_column, "help": d.help,
                        "fixable": d.fix.is_some(),
                    })
                })
            })
            .collect();
        let fixed: Vec<_> = reports
            .iter()
            .flat_map(|r| {
                r.fixed.iter().map(move |f| {
                    json!({"file": r.name, "code": f.code, "title": f.title, "path": f.path, "line": f.line, "column": f.column})
                })
            })
            .collect();
        serde_json::to_string_pretty(&json!({
            "files": reports.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            "diagnostics": diagnostics,
            "fixed": fixed,
            "errors": problems.iter().map(|p| json!({"file": p.name, "message": p.message})).collect::<Vec<_>>(),
            "summary": {"files": s.files, "errors": s.errors, "warnings": s.warnings,
                        "fixable": s.fixable, "fixed": s.fixed, "unreadable": s.unreadable},
        }))
        .unwrap()
    }

    #[test]
    fn matches_serde_json_pretty_output() {
        let src = "{\"action\": \"talk\", \"text\": \"a\\\"\\u0001\\\\/\u{e9}\", \"loop\": \"2\",\n \"x\\ty\": 1}";
        let report = FileReport {
            name: "dir/\"q\".json".into(),
            text: src.into(),
            diagnostics: crate::ncco::lint_text(src),
            fixed: vec![AppliedFix {
                code: "NCCO006",
                title: "t\n".into(),
                path: "$".into(),
                line: 1,
                column: 1,
            }],
            ncco_at: "$",
        };
        let empty = FileReport {
            name: "e.json".into(),
            text: String::new(),
            diagnostics: Vec::new(),
            fixed: Vec::new(),
            ncco_at: "$",
        };
        let problems = vec![IoProblem {
            name: "gone.json".into(),
            message: "cannot read gone.json".into(),
        }];
        for (reports, problems) in [
            (vec![report.clone(), empty.clone()], problems.clone()),
            (vec![empty.clone()], Vec::new()),
            (Vec::new(), Vec::new()),
            (vec![empty, report], Vec::new()),
        ] {
            assert_eq!(render(&reports, &problems), reference(&reports, &problems));
        }
    }
}
