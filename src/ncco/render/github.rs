//! `--format github`: workflow commands that GitHub Actions turns into annotations,
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=NCCO031::message`.

use super::FileReport;
use crate::ncco::Severity;

/// Escape command data (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (data escapes plus `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(super::data("a,b:c"), "a,b:c");
    }
}
