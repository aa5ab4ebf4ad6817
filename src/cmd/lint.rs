//! `whk ncco|twiml lint | rules | explain`, for any [`Language`]: paths in, files read (in
//! parallel), linted and fixed, reports rendered by `lint::render`, exit status out.

use crate::output::format::column_width;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::cli::lint::{ExplainArgs, LintArgs, LintFormat, RulesArgs};
use crate::exit::ExitStatus;
use crate::lint::render::{self, FileReport, IoProblem, Summary};
use crate::lint::{Language, RuleInfo, Severity};
use crate::output::{Output, Palette};

// --- lint ---------------------------------------------------------------------------------------

/// One thing to lint.
#[derive(Debug, Clone)]
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// What linting one input produced.
enum Outcome {
    Linted {
        report: FileReport,
        /// For stdin with `--fix`: the document to print.
        stdout_doc: Option<Vec<u8>>,
    },
    Failed(IoProblem),
}

pub fn lint(lang: &Language, args: LintArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let (inputs, warnings) = collect_inputs(lang, &args.paths)?;
    for w in &warnings {
        out.warn(w);
    }
    let stdin_bytes = if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| anyhow::anyhow!("cannot read the {} from stdin: {e}", lang.document))?;
        Some(buf)
    } else {
        None
    };
    let keep_text = args.format == LintFormat::Human;
    let stdin = stdin_bytes.as_deref();
    let outcomes = par_map(&inputs, |i| run_one(lang, i, stdin, args.fix, keep_text));

    let mut reports = Vec::new();
    let mut problems = Vec::new();
    let mut stdout_doc = None;
    for o in outcomes {
        match o {
            Outcome::Linted {
                report,
                stdout_doc: doc,
            } => {
                stdout_doc = stdout_doc.or(doc);
                reports.push(report);
            }
            Outcome::Failed(p) => {
                out.error(&p.message, &[]);
                problems.push(p);
            }
        }
    }

    // With `--fix` on stdin, stdout carries the fixed document; the report goes to stderr.
    let report_to_stderr = stdout_doc.is_some();
    let style = if report_to_stderr {
        &out.err_style
    } else {
        &out.out_style
    };
    let emit = |text: &str| {
        if report_to_stderr {
            out.err(text)
        } else {
            out.out(text)
        }
    };
    if let Some(doc) = &stdout_doc {
        out.out_bytes(doc);
    }
    let summary = Summary::of(&reports, &problems);
    match args.format {
        LintFormat::Human => {
            let mut text: String =
                par_map(&reports, |r| render::human::render_file(r, style)).concat();
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            text.push_str(&render::human::render_summary(lang, &summary, style));
            emit(&text);
        }
        LintFormat::Json => {
            let fragments = par_map(&reports, |r| {
                render::json::diagnostics_fragment(&r.name, &r.diagnostics)
            });
            emit(&render::json::render_with(&reports, &problems, &fragments));
        }
        LintFormat::Sarif => emit(&render::sarif::render(lang, &reports, &problems)),
        LintFormat::Github => {
            let text = render::github::render(&reports);
            if !text.is_empty() {
                emit(text.trim_end());
            }
        }
    }

    Ok(if !problems.is_empty() {
        ExitStatus::Error
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Expand the command-line paths into inputs, in order; folders become their files with the
/// language's extension, sorted. Returns warnings for folders without any.
fn collect_inputs(lang: &Language, paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, Vec<String>)> {
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(crate::hinted(
                format!("no {} given", lang.document),
                format!(
                    "pass files or folders (`{}`), or - to read stdin",
                    lang.example
                ),
            ));
        }
        return Ok((vec![Input::Stdin], Vec::new()));
    }
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    let mut stdin_seen = false;
    for p in paths {
        if p == Path::new("-") {
            if stdin_seen {
                return Err(crate::hinted(
                    "`-` (stdin) given twice",
                    "stdin can be read only once",
                ));
            }
            stdin_seen = true;
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, lang.extension, &mut found);
            found.sort();
            if found.is_empty() {
                warnings.push(format!(
                    "no .{} files under {}",
                    lang.extension,
                    p.display()
                ));
            }
            inputs.extend(found.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(p.clone()));
        }
    }
    Ok((inputs, warnings))
}

/// Every `*.{ext}` file below `dir`; hidden entries and symlinked folders are skipped.
/// Unreadable folders are skipped too (their files cannot be listed to report them).
fn walk(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, ext, found);
        } else if path.extension().is_some_and(|e| e == ext) && (ft.is_file() || path.is_file()) {
            found.push(path);
        }
    }
}

/// `f` over `items`, on several threads when there are many; results in input order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if items.len() < 64 || threads < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        // A worker only panics on a bug; let it surface as one.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Read, lint (and fix) one input; `keep_text` keeps the text for code frames.
fn run_one(
    lang: &Language,
    input: &Input,
    stdin: Option<&[u8]>,
    fix: bool,
    keep_text: bool,
) -> Outcome {
    let name = input.name();
    let bytes = match input {
        Input::Stdin => stdin.unwrap_or_default().to_vec(),
        Input::File(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                return Outcome::Failed(IoProblem {
                    message: format!("cannot read {name}: {}", io_reason(&e)),
                    name,
                });
            }
        },
    };
    // Files may be NCCOs or `POST /v1/calls` bodies (linted at `$.ncco`); answers never are.
    let Some(text) = std::str::from_utf8(&bytes).ok().filter(|_| fix) else {
        let linted = (lang.lint)(&bytes);
        let text = match keep_text {
            true => String::from_utf8_lossy(&bytes).into_owned(),
            false => String::new(),
        };
        let stdout_doc = (fix && matches!(input, Input::Stdin)).then(|| bytes.clone());
        return Outcome::Linted {
            report: FileReport {
                name,
                text,
                diagnostics: linted.diagnostics,
                fixed: Vec::new(),
                ncco_at: linted.ncco_at,
            },
            stdout_doc,
        };
    };
    let outcome = (lang.fix)(text);
    let mut stdout_doc = None;
    match input {
        Input::Stdin => stdout_doc = Some(outcome.text.clone().into_bytes()),
        Input::File(p) if outcome.changed() => {
            if let Err(e) = write_atomically(p, outcome.text.as_bytes()) {
                return Outcome::Failed(IoProblem {
                    message: format!("cannot write fixes to {name}: {}", io_reason(&e)),
                    name,
                });
            }
        }
        Input::File(_) => {}
    }
    Outcome::Linted {
        report: FileReport {
            name,
            text: if keep_text {
                outcome.text
            } else {
                String::new()
            },
            diagnostics: outcome.diagnostics,
            fixed: outcome.applied,
            ncco_at: outcome.ncco_at,
        },
        stdout_doc,
    }
}

/// "No such file or directory" without the "(os error 2)" noise.
fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Write `bytes` to a temporary file beside `path` and rename it over `path`, keeping the
/// original's permissions.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.whk-fix-{}.tmp", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// --- rules and explain -------------------------------------------------------------------------

pub fn rules(lang: &Language, args: &RulesArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let all = (lang.rules)();
    if args.json {
        let list: Vec<serde_json::Value> = all
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code(),
                    "name": r.name(),
                    "severity": r.severity().as_str(),
                    "summary": r.summary(),
                    "fix": r.fix(),
                    "docs": r.docs(),
                })
            })
            .collect();
        out.out(&serde_json::to_string_pretty(&list)?);
        return Ok(ExitStatus::Success);
    }
    let s = &out.out_style;
    let name_w = column_width(all.iter().map(|r| r.name()), 4, usize::MAX);
    let code_w = column_width(all.iter().map(|r| r.code()), 8, usize::MAX);
    let mut text = format!(
        "{}\n",
        s.heading(&format!(
            "{:<code_w$} {:<name_w$} {:<8} {:<3} SUMMARY",
            "CODE", "NAME", "SEVERITY", "FIX"
        ))
    );
    for r in &all {
        let sev = severity_styled(r.severity(), s, 8);
        text.push_str(&format!(
            "{} {:<name_w$} {} {:<3} {}\n",
            s.code(&format!("{:<code_w$}", r.code())),
            r.name(),
            sev,
            if r.fix().is_some() { "yes" } else { "" },
            r.summary()
        ));
    }
    text.push_str(&format!(
        "\n{} rules. `whk {} explain CODE` shows a rule's documentation.",
        all.len(),
        lang.command
    ));
    out.out(&text);
    Ok(ExitStatus::Success)
}

fn severity_styled(sev: Severity, s: &Palette, width: usize) -> String {
    let padded = format!("{:<width$}", sev.as_str());
    match sev {
        Severity::Error => s.error(&padded),
        Severity::Warning => s.warning(&padded),
        Severity::Info => s.hint(&padded),
    }
}

pub fn explain(lang: &Language, args: &ExplainArgs, out: &Output) -> anyhow::Result<ExitStatus> {
    let Some(rule) = lang.rule(&args.code) else {
        let near = closest_rules(lang, &args.code);
        let list = near
            .iter()
            .map(|r| format!("{} ({})", r.code(), r.name()))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(crate::hinted(
            format!("unknown rule `{}`", args.code.trim()),
            format!(
                "closest: {list}; `whk {} rules` lists them all",
                lang.command
            ),
        ));
    };
    let s = &out.out_style;
    let mut text = format!(
        "{} {} ({}{})\n{}\n\n",
        s.code(rule.code()),
        s.bold(rule.name()),
        severity_styled(rule.severity(), s, 0),
        if rule.fix().is_some() {
            ", fixable with --fix"
        } else {
            ""
        },
        rule.summary()
    );
    for line in rule.docs().trim_end().lines() {
        if line.starts_with("### ") {
            text.push_str(&s.heading(line));
        } else {
            text.push_str(line);
        }
        text.push('\n');
    }
    if let Some(fix) = rule.fix() {
        text.push_str(&format!("\n{}\n{fix}\n", s.heading("### Fix")));
    }
    out.out(text.trim_end());
    Ok(ExitStatus::Success)
}

/// The three rules nearest to an unknown code (by number) or name (by spelling).
fn closest_rules(lang: &Language, query: &str) -> Vec<&'static dyn RuleInfo> {
    let q = query.trim();
    let all = (lang.rules)();
    let prefix = all.first().map_or(0, |r| {
        r.code()
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len()
    });
    let digits = q
        .get(..prefix)
        .filter(|p| {
            all.first()
                .is_some_and(|r| r.code()[..prefix].eq_ignore_ascii_case(p))
        })
        .map(|_| &q[prefix..]);
    if let Some(n) = digits.and_then(|d| d.parse::<i64>().ok()) {
        let mut by_distance = all;
        by_distance
            .sort_by_key(|r| (r.code()[prefix..].parse::<i64>().unwrap_or_default() - n).abs());
        by_distance.truncate(3);
        by_distance.sort_by_key(|r| r.code());
        return by_distance;
    }
    crate::lint::suggest::ranked(q, all.iter().map(|r| r.name()), 3)
        .into_iter()
        .filter_map(|name| lang.rule(name))
        .collect()
}
