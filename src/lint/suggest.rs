//! "Did you mean …?" for keys, actions and enum values.

/// Lower-case with `-` and `_` removed: `content_type`, `contentType` and `Content-Type` are the
/// same word to a reader.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate closest to `word`: one that differs only in case or `-`/`_` first, then the
/// nearest by edit distance within a tolerance that grows with the word's length.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let norm = normalize(word);
    let lower = word.to_lowercase();
    let max = match word.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        if normalize(c) == norm {
            return Some(c);
        }
        let d = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The one candidate close to `word` (as [`closest`] judges), or `None` when there is none or
/// more than one: a fix may rename only when the intent is unambiguous.
pub fn unique_close<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    let best = closest(word, candidates.clone())?;
    let others = candidates
        .into_iter()
        .filter(|c| *c != best)
        .any(|c| closest(word, [c]).is_some());
    (!others).then_some(best)
}

/// Candidates ranked by similarity, best first, at most `n` (for `explain` of an unknown code).
pub fn ranked<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    n: usize,
) -> Vec<&'c str> {
    let lower = word.to_lowercase();
    let mut scored: Vec<(f64, &'c str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keys = ["bargeIn", "text", "loop", "level", "content-type"];
        assert_eq!(closest("bargein", keys), Some("bargeIn"));
        assert_eq!(closest("contentType", keys), Some("content-type"));
        assert_eq!(closest("txet", keys), Some("text"));
        assert_eq!(closest("zzzzzz", keys), None);
        assert_eq!(
            ranked("NCCO03", ["NCCO030", "NCCO003", "NCCO999"], 2).len(),
            2
        );
    }
}
