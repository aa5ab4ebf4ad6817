//! rustc/ruff-style output with `annotate-snippets`: `file:line:col`, a code frame with a caret
//! under the span, and help lines.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{FileReport, Summary, plural};
use crate::lint::source::{LineIndex, ceil_char_boundary, floor_char_boundary};
use crate::lint::{Diagnostic, Language, Severity};
use crate::output::Palette;

/// Annotations further than this many lines from the primary span are left out of the frame.
const MAX_RELATED_DISTANCE: usize = 40;

/// Lines longer than this (minified documents) get a trimmed excerpt instead of an
/// annotate-snippets frame, whose cost grows with the length of the line.
const LONG_LINE: usize = 4096;

/// Render one file's diagnostics (and fixes), each followed by a blank line.
pub fn render_file(report: &FileReport, style: &Palette) -> String {
    let renderer = if style.enabled() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let index = LineIndex::new(&report.text);
    let mut s = String::new();
    if let Some(note) = report.note() {
        s.push_str(&format!(
            "{} {}: {note}\n",
            style.hint("note:"),
            report.name
        ));
        if report.fixed.is_empty() {
            s.push('\n');
        }
    }
    for f in &report.fixed {
        s.push_str(&format!(
            "{} {}:{}:{}: {} {}\n",
            style.valid("fixed"),
            report.name,
            f.line,
            f.column,
            style.code(f.code),
            f.title
        ));
    }
    if !report.fixed.is_empty() && !report.diagnostics.is_empty() {
        s.push('\n');
    }
    for d in &report.diagnostics {
        let line = index.line_of(d.span.start.min(report.text.len()));
        let line_len = index.line_end(&report.text, line) - index.line_start(line);
        let text = if line_len > LONG_LINE {
            render_long_line(&report.name, &report.text, &index, d, style)
        } else {
            render_diagnostic(&report.name, &report.text, &index, d, &renderer)
        };
        s.push_str(&text);
        s.push_str("\n\n");
    }
    s
}

fn render_diagnostic(
    name: &str,
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
    renderer: &Renderer,
) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let clamp = |r: &std::ops::Range<usize>| {
        let start = floor_char_boundary(text, r.start);
        start..ceil_char_boundary(text, r.end.max(start))
    };
    let primary = clamp(&d.span);
    let first = index.line_of(primary.start);
    let last = index.line_of(primary.end);
    let related: Vec<_> = d
        .related
        .iter()
        .map(|r| (clamp(&r.span), r.label.as_str()))
        .filter(|(span, _)| {
            let l = index.line_of(span.start);
            l + MAX_RELATED_DISTANCE >= first && l <= last + MAX_RELATED_DISTANCE
        })
        .collect();
    let lo_line = related
        .iter()
        .map(|(s, _)| index.line_of(s.start))
        .fold(first, usize::min);
    let hi_line = related
        .iter()
        .map(|(s, _)| index.line_of(s.end))
        .fold(last, usize::max);
    // Only the lines the annotations touch go to the renderer.
    let window_start = index.line_start(lo_line);
    let window_end = index.line_end(text, hi_line).max(primary.end);
    let source = &text[window_start..window_end];
    let local = |r: &std::ops::Range<usize>| {
        let start = r.start.clamp(window_start, window_end);
        start - window_start..r.end.clamp(start, window_end) - window_start
    };
    let mut primary_ann = AnnotationKind::Primary.span(local(&primary));
    if let Some(label) = &d.label {
        primary_ann = primary_ann.label(label.as_str());
    }
    let mut snippet = Snippet::source(source)
        .line_start(lo_line + 1)
        .path(name)
        .fold(true)
        .annotation(primary_ann);
    for (span, label) in &related {
        snippet = snippet.annotation(AnnotationKind::Context.span(local(span)).label(*label));
    }
    let mut group = level
        .primary_title(d.message.as_str())
        .id(d.code)
        .element(snippet);
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let mut report: Vec<Group<'_>> = vec![group];
    if let Some(fix) = &d.fix {
        report.push(Group::with_title(
            Level::NOTE.secondary_title(format!("fixable with `--fix`: {}", fix.title)),
        ));
    }
    renderer.render(&report)
}

/// The same layout as annotate-snippets, drawn by hand around an excerpt of a very long line.
fn render_long_line(
    name: &str,
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
    style: &Palette,
) -> String {
    let head = format!("{}[{}]", d.severity.as_str(), d.code);
    let head = match d.severity {
        Severity::Error => style.error(&head),
        Severity::Warning => style.warning(&head),
        Severity::Info => style.hint(&head),
    };
    let start = floor_char_boundary(text, d.span.start);
    let line = index.line_of(start);
    let (line_start, line_end) = (index.line_start(line), index.line_end(text, line));
    let end = ceil_char_boundary(text, d.span.end.clamp(start, line_end.max(start)));
    // Only a few hundred bytes around the span are looked at, never the whole line.
    let near = floor_char_boundary(text, start.saturating_sub(240).max(line_start));
    let before: Vec<char> = text[near..start].chars().collect();
    let shown_before: String = before[before.len().saturating_sub(60)..].iter().collect();
    let shown_span: String = text[start..end].chars().take(80).collect();
    let span_cut = shown_span.len() < end - start;
    let after_start = if span_cut {
        start + shown_span.len()
    } else {
        end
    };
    let far = ceil_char_boundary(text, (after_start + 240).min(line_end)).max(after_start);
    let after_all = if span_cut {
        ""
    } else {
        &text[after_start..far]
    };
    let after: String = after_all.chars().take(40).collect();
    let clean = |s: &str| {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
    };
    let lead = if before.len() > 60 || near > line_start {
        "…"
    } else {
        ""
    };
    let tail = if after_start + after.len() < line_end {
        "…"
    } else {
        ""
    };
    let excerpt = format!(
        "{lead}{}{}{}{tail}",
        clean(&shown_before),
        clean(&shown_span),
        clean(&after)
    );
    let gutter = (line + 1).to_string().len();
    let pad = " ".repeat(gutter);
    let bar = style.hint("|");
    let offset = lead.chars().count() + shown_before.chars().count();
    let carets = "^".repeat(shown_span.chars().count().max(1));
    let mut out = format!("{head}{}\n", style.bold(&format!(": {}", d.message)));
    out.push_str(&format!(
        "{pad}{} {name}:{}:{}\n",
        style.hint("-->"),
        d.line,
        d.column
    ));
    out.push_str(&format!("{pad} {bar}\n"));
    out.push_str(&format!(
        "{} {bar} {excerpt}\n",
        style.hint(&(line + 1).to_string())
    ));
    let label = d
        .label
        .as_deref()
        .map(|l| format!(" {l}"))
        .unwrap_or_default();
    let marks = format!("{carets}{label}");
    let marks = match d.severity {
        Severity::Error => style.error(&marks),
        Severity::Warning => style.warning(&marks),
        Severity::Info => style.hint(&marks),
    };
    out.push_str(&format!("{pad} {bar} {}{marks}\n", " ".repeat(offset)));
    if let Some(help) = &d.help {
        out.push_str(&format!("{pad} {bar}\n"));
        let indent = " ".repeat(gutter + 9);
        let help = help.replace('\n', &format!("\n{indent}"));
        out.push_str(&format!("{pad} = {}: {help}\n", style.bold("help")));
    }
    if let Some(fix) = &d.fix {
        out.push_str(&format!(
            "{}: fixable with `--fix`: {}\n",
            style.bold("note"),
            fix.title
        ));
    }
    out.trim_end().to_string()
}

/// The closing lines of a human run.
pub fn render_summary(lang: &Language, s: &Summary, style: &Palette) -> String {
    let mut out = String::new();
    if s.errors == 0 && s.warnings == 0 {
        out.push_str(&format!(
            "{} {}",
            style.valid("No problems found"),
            format_args!("in {}.", plural(s.files, "file"))
        ));
    } else {
        let mut parts = Vec::new();
        if s.errors > 0 {
            parts.push(style.error(&plural(s.errors, "error")));
        }
        if s.warnings > 0 {
            parts.push(style.warning(&plural(s.warnings, "warning")));
        }
        out.push_str(&format!(
            "Found {} in {} of {}.",
            parts.join(" and "),
            s.files_with_findings,
            plural(s.files, "file")
        ));
        if s.fixable > 0 {
            out.push_str(&format!(
                "\n{} fixable with `whk {} lint --fix`.",
                s.fixable, lang.command
            ));
        }
    }
    if s.fixed > 0 {
        out.push_str(&format!("\nFixed {}.", plural(s.fixed, "problem")));
    }
    if s.unreadable > 0 {
        out.push_str(&format!(
            "\n{} could not be read.",
            plural(s.unreadable, "file")
        ));
    }
    out
}
