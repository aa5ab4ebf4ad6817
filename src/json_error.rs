//! serde_json errors for people: the message without serde's `at line L column C` suffix, and
//! a 1-based position that never says column 0.
//!
//! serde_json counts the column as the bytes read on the current line, so an error found just
//! after a line break (a raw newline inside a string, the end of the input after a trailing
//! newline) comes out as `column 0` of the next line. That byte is the line break that ends the
//! previous line, so that is where [`position`] puts it: one past the previous line's last
//! character. An error before the first byte (empty input) is line 1, column 1.

/// A JSON error with its position (1-based line and column; 0 and 0 when serde_json gave none,
/// as for errors from `from_value`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The message and position of `e`, raised while parsing `text`.
pub fn locate(e: &serde_json::Error, text: &[u8]) -> Located {
    let (line, column) = position(text, e.line(), e.column());
    Located {
        line,
        column,
        message: message(e),
    }
}

/// `e`'s message without the position serde_json appends.
pub fn message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// `e` as one line with a position that never says column 0 (`… at line 2 column 7`).
pub fn describe(e: &serde_json::Error, text: &[u8]) -> String {
    let l = locate(e, text);
    if l.line == 0 {
        l.message
    } else {
        format!("{} at line {} column {}", l.message, l.line, l.column)
    }
}

/// serde_json's (line, column) in `text` as a 1-based position people can find: column 0
/// becomes the end of the previous line (or column 1 of line 1). Line 0 (no position) stays.
pub fn position(text: &[u8], line: usize, column: usize) -> (usize, usize) {
    if line == 0 || column > 0 {
        return (line, column);
    }
    if line == 1 {
        return (1, 1);
    }
    let previous = text
        .split(|b| *b == b'\n')
        .nth(line - 2)
        .unwrap_or_default();
    let previous = previous.strip_suffix(b"\r").unwrap_or(previous);
    (line - 1, previous.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (usize, usize) {
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let l = locate(&e, text.as_bytes());
        (l.line, l.column)
    }

    #[test]
    fn column_zero_never_shows() {
        // serde_json: "EOF while parsing an object at line 3 column 0".
        assert_eq!(at("{\n  \"a\": 1\n"), (2, 9));
        // A raw line break inside a string: serde_json says line 2 column 0.
        assert_eq!(at("{\"a\": \"x\ny\"}"), (1, 9));
        assert_eq!(at("{\"a\": 1\r\n"), (1, 8));
        // Empty input: serde_json says line 1 column 0.
        assert_eq!(at(""), (1, 1));
        // Positions serde_json gets right are kept.
        assert_eq!(at("{\n  \"a\": 1,\n  oops\n}"), (3, 3));
    }

    #[test]
    fn messages_lose_the_suffix() {
        let text = "{\n";
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        assert_eq!(message(&e), "EOF while parsing an object");
        assert_eq!(
            describe(&e, text.as_bytes()),
            "EOF while parsing an object at line 1 column 2"
        );
        let e = serde_json::from_value::<u8>(serde_json::json!("x")).unwrap_err();
        assert_eq!(describe(&e, b""), message(&e));
    }
}
