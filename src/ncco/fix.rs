//! NCCO fixes: the shared fix loop ([`crate::lint::fix`]) with the NCCO linter.

use super::{Input, lint_text_as};
use crate::lint::FixOutcome;

/// Apply every safe fix to an NCCO, re-linting until none is left.
pub fn fix_text(text: &str) -> FixOutcome {
    fix_text_as(text, Input::Ncco)
}

/// [`fix_text`] for a document linted as `input`.
pub fn fix_text_as(text: &str, input: Input) -> FixOutcome {
    crate::lint::fix::fix_with(text, |t| lint_text_as(t, input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_compose_and_preserve_formatting() {
        let src = "{\n  \"action\": \"stream\",\n  \"streamUrl\": \"https://x.test/a.mp3\",\n  \"loop\": \"2\"\n}\n";
        let out = fix_text(src);
        assert_eq!(
            out.text,
            "[{\n  \"action\": \"stream\",\n  \"streamUrl\": [\"https://x.test/a.mp3\"],\n  \"loop\": 2\n}]\n"
        );
        assert_eq!(out.applied.len(), 3);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }
}
