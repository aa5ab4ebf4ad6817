//! `--format github`: workflow commands that GitHub Actions turns into annotations,
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=NCCO031::message`.

use super::FileReport;
use crate::lint::Severity;

use crate::finding::github::{data, property};

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = match &d.help {
                Some(h) => format!("{} ({})\nhelp: {h}", d.message, d.path),
                None => format!("{} ({})", d.message, d.path),
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&r.name),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                property(d.code),
                data(&message)
            ));
        }
    }
    out
}
