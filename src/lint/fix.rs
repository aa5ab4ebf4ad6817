//! Applying safe fixes as text edits on the original bytes, then linting again (for any
//! linter: the caller passes its lint function).

use super::{Diagnostic, Edit, Linted};

/// A fix that was applied, for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    pub code: &'static str,
    pub title: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// The fixed text, what was changed, and the diagnostics of the fixed text.
#[derive(Clone, Debug)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the linted part sits (see [`super::Linted`]).
    pub ncco_at: &'static str,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Apply every safe fix, re-linting with `lint` until none is left (at most a few rounds: a
/// fix can only become applicable after another when their edits touched the same place).
pub fn fix_with(text: &str, lint: impl Fn(&str) -> Linted) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut linted = lint(&current);
    for _ in 0..8 {
        let mut accepted: Vec<&Edit> = Vec::new();
        let mut round = Vec::new();
        for d in &linted.diagnostics {
            let Some(fix) = &d.fix else { continue };
            if fix
                .edits
                .iter()
                .any(|e| accepted.iter().any(|a| conflicts(a, e)))
            {
                continue;
            }
            accepted.extend(fix.edits.iter());
            round.push(AppliedFix {
                code: d.code,
                title: fix.title.clone(),
                path: d.path.clone(),
                line: d.line,
                column: d.column,
            });
        }
        if round.is_empty() {
            break;
        }
        current = apply(&current, accepted);
        applied.extend(round);
        linted = lint(&current);
    }
    FixOutcome {
        text: current,
        applied,
        diagnostics: linted.diagnostics,
        ncco_at: linted.ncco_at,
    }
}

/// Two edits conflict when they overlap, or insert at the same point (order would be a guess),
/// or one inserts strictly inside the other's range.
fn conflicts(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (&a.range, &b.range);
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    if a.is_empty() {
        return b.start < a.start && a.start < b.end;
    }
    if b.is_empty() {
        return a.start < b.start && b.start < a.end;
    }
    a.start.max(b.start) < a.end.min(b.end)
}

fn apply(text: &str, mut edits: Vec<&Edit>) -> String {
    // Insertions at a point come before a replacement starting there.
    edits.sort_by_key(|e| (e.range.start, !e.range.is_empty()));
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        let start = e.range.start.clamp(at, text.len());
        let end = e.range.end.clamp(start, text.len());
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(&e.replacement);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_edits_wait_for_the_next_round() {
        let e = |s, t: &str| Edit {
            range: s,
            replacement: t.into(),
        };
        assert!(conflicts(&e(1..1, "["), &e(1..1, "[")));
        assert!(!conflicts(&e(1..1, "["), &e(1..4, "x")));
        assert!(conflicts(&e(2..2, "["), &e(1..4, "x")));
        assert!(conflicts(&e(1..3, "a"), &e(2..4, "b")));
    }
}
