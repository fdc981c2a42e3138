//! The counts: words, sentences, reading time, type-token ratio.

use std::borrow::Cow;
use std::collections::HashSet;

/// Counts for one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Words (runs of letters or digits, with inner apostrophes, hyphens and periods).
    pub words: u64,
    /// Sentences.
    pub sentences: u64,
    /// Distinct lowercased words divided by words (0 for an empty text).
    pub type_token_ratio: f64,
    /// Words divided by sentences (0 for an empty text).
    pub mean_sentence_words: f64,
}

/// The words of `text`: maximal runs of alphanumeric characters, joined across a single
/// apostrophe, hyphen or period between two alphanumerics ("don't", "well-known", "U.S").
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        let joiner = matches!(c, '\'' | '’' | '-' | '.');
        let next_alnum = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if joiner && start.is_some() && next_alnum {
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Sentences by punctuation: a run of `.`, `!` or `?` (optionally followed by closing quotes
/// or brackets) then whitespace or the end closes a sentence that holds at least one word.
pub fn count_sentences(text: &str) -> u64 {
    let mut count = 0;
    let mut has_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            has_word = true;
        } else if matches!(c, '.' | '!' | '?') && has_word {
            while chars
                .peek()
                .is_some_and(|n| matches!(n, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')'))
            {
                chars.next();
            }
            if chars.peek().map_or(true, |n| n.is_whitespace()) {
                count += 1;
                has_word = false;
            }
        }
    }
    if has_word {
        count += 1;
    }
    count
}

/// Computes the counts; `sentences` overrides the punctuation count (from sentence spans).
pub fn compute(text: &str, sentences: Option<u64>) -> Stats {
    let words = words(text);
    let n = words.len() as u64;
    // Lowercase only words that have an uppercase letter (most do not): no allocation for the
    // rest.
    let distinct: HashSet<Cow<'_, str>> = words
        .iter()
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(*w)
            }
        })
        .collect();
    let sentences = sentences.unwrap_or_else(|| count_sentences(text));
    let ratio = |a: f64, b: u64| if b == 0 { 0.0 } else { a / b as f64 };
    Stats {
        words: n,
        sentences,
        type_token_ratio: round(ratio(distinct.len() as f64, n), 4),
        mean_sentence_words: round(ratio(n as f64, sentences), 2),
    }
}

/// Rounds to `digits` decimals (stable output).
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_joiners() {
        assert_eq!(
            words("Don't stop — the well-known U.S. firm's 3.5% rise."),
            vec![
                "Don't",
                "stop",
                "the",
                "well-known",
                "U.S",
                "firm's",
                "3.5",
                "rise"
            ]
        );
        assert!(words("  -- ... ").is_empty());
        assert_eq!(words("Zürich’s café"), vec!["Zürich’s", "café"]);
    }

    #[test]
    fn sentences_end_at_terminal_punctuation_before_space() {
        assert_eq!(count_sentences("One. Two! Three?"), 3);
        assert_eq!(count_sentences("He said \"stop.\" Then left"), 2);
        assert_eq!(count_sentences("It costs 3.5 dollars. Fine."), 2);
        assert_eq!(count_sentences("... !"), 0);
        assert_eq!(count_sentences(""), 0);
    }

    #[test]
    fn compute_ratios() {
        let s = compute("The cat saw the dog. The end.", None);
        assert_eq!(s.words, 7);
        assert_eq!(s.sentences, 2);
        assert_eq!(s.type_token_ratio, round(5.0 / 7.0, 4));
        assert_eq!(s.mean_sentence_words, 3.5);
        let empty = compute("", None);
        assert_eq!((empty.words, empty.type_token_ratio), (0, 0.0));
        assert_eq!(compute("a b c", Some(3)).mean_sentence_words, 1.0);
    }
}
