//! "Did you mean ...?" for misspelt keys, kinds and parameter names.

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo
/// rather than a different word.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // One slip in a one- or two-letter name is another name (`x` is not a typo of `z`).
    let len = word.chars().count();
    let limit = if len < 3 { 0 } else { (len / 3).max(1) };
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// ` ; did you mean `x`?` when a candidate is close, else ` ; expected one of `a`, `b``:
/// the tail of an "unknown ..." message.
pub fn hint(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => format!("; expected one of {}", list(candidates)),
    }
}

/// `a`, `b`, `c` with backticks, for messages.
pub fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions, since
/// `smaples` is one slip from `samples`, not two.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbol::KEYS;

    #[test]
    fn typos_find_the_key() {
        assert_eq!(closest("smaples", KEYS.iter().copied()), Some("samples"));
        assert_eq!(closest("dim", KEYS.iter().copied()), Some("dims"));
        assert_eq!(closest("gard", KEYS.iter().copied()), Some("grad"));
        assert_eq!(closest("hesian", KEYS.iter().copied()), Some("hessian"));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(closest("banana", KEYS.iter().copied()), None);
        assert_eq!(closest("z", ["x", "xs"]), None);
        assert!(hint("banana", KEYS).contains("expected one of `at`"));
    }
}
