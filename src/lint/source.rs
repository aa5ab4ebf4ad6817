//! Byte offsets to 1-based line and column. Columns count Unicode scalar values (`char`s), the
//! convention SARIF calls `unicodeCodePoints`; a tab is one column.

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Byte offset where 0-based `line` ends (before its `\n`, and before a `\r` preceding it).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        if end > self.line_start(line) && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// 1-based (line, column) of `offset`; an offset inside a multi-byte character is moved back
    /// to the character's start, and one past the end is allowed.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = text[start..offset].chars().count();
        (line + 1, col + 1)
    }

    /// Like [`line_col`](Self::line_col) for `offset`, counting on from a known position
    /// (`from` with its 1-based line and column) when both are on the same line and `offset`
    /// comes later: linear over many sorted offsets on one very long (minified) line.
    pub fn line_col_from(
        &self,
        text: &str,
        from: (usize, usize, usize),
        offset: usize,
    ) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let (at, line, col) = from;
        if offset >= at && self.line_of(offset) + 1 == line && at <= text.len() {
            (line, col + text[at..offset].chars().count())
        } else {
            self.line_col(text, offset)
        }
    }

    #[cfg(test)]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}

/// The largest char boundary at or before `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The smallest char boundary at or after `offset` (clamped to the text).
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o += 1;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "ab\n\u{e9}x\r\nz";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 0), (1, 1));
        assert_eq!(ix.line_col(t, 2), (1, 3));
        assert_eq!(ix.line_col(t, 3), (2, 1));
        // `x` comes after a two-byte `é`: column 2, not 3.
        assert_eq!(ix.line_col(t, 5), (2, 2));
        assert_eq!(ix.line_col(t, 4), (2, 1), "inside a char moves back");
        assert_eq!(ix.line_col(t, t.len()), (3, 2));
        assert_eq!(ix.line_end(t, 1), 6, "line end stops before \\r\\n");
        assert_eq!(ix.line_count(), 3);
        assert_eq!(ix.line_col_from(t, (3, 2, 1), 5), (2, 2));
        assert_eq!(
            ix.line_col_from(t, (5, 2, 2), 1),
            (1, 2),
            "backwards falls back"
        );
        assert_eq!(
            ix.line_col_from(t, (0, 1, 1), 9),
            (3, 2),
            "another line falls back"
        );
    }
}
