//! English stop words: function words that say nothing about what a sentence is about (the
//! common 179-word English list used by NLTK and many summarizers, contractions included).
//! They are dropped before sentences are compared, so two sentences are not "similar" because
//! both contain "the". Reporting words such as "said" are kept on purpose: on the BBC
//! development set, dropping them made the ranking worse.

use std::sync::LazyLock;
use textpipe_lexicon::WordSet;

/// Sorted (byte order) for review; membership goes through [`STOP_SET`], checked once per
/// distinct word form of a document, not once per token.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ain",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "couldn",
    "couldn't",
    "d",
    "did",
    "didn",
    "didn't",
    "do",
    "does",
    "doesn",
    "doesn't",
    "doing",
    "don",
    "don't",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn",
    "hadn't",
    "has",
    "hasn",
    "hasn't",
    "have",
    "haven",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "ma",
    "me",
    "mightn",
    "mightn't",
    "more",
    "most",
    "mustn",
    "mustn't",
    "my",
    "myself",
    "needn",
    "needn't",
    "no",
    "nor",
    "not",
    "now",
    "o",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "same",
    "shan",
    "shan't",
    "she",
    "she's",
    "should",
    "should've",
    "shouldn",
    "shouldn't",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "that'll",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "ve",
    "very",
    "was",
    "wasn",
    "wasn't",
    "we",
    "were",
    "weren",
    "weren't",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "won't",
    "wouldn",
    "wouldn't",
    "y",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The stop words as a [`WordSet`], built on first use.
static STOP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STOP_WORDS));

/// The word bytes of a key packed as by [`crate::terms::pack`] (its length is in the top byte).
#[inline]
pub(crate) fn packed_bytes(key: &u128) -> ([u8; 16], usize) {
    let bytes = key.to_le_bytes();
    let len = usize::from(bytes[15]).min(15);
    (bytes, len)
}

/// True when `word` (lower-case) is a stop word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_SET.contains(word)
}

/// True when the packed lower-case form `key` is a stop word.
pub(crate) fn is_stop_key(key: u128) -> bool {
    let (bytes, len) = packed_bytes(&key);
    STOP_SET.contains_bytes(&bytes[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_unique() {
        for w in STOP_WORDS.windows(2) {
            assert!(w[0] < w[1], "{} must sort before {}", w[0], w[1]);
        }
    }

    #[test]
    fn set_agrees_with_the_list() {
        for w in STOP_WORDS {
            assert!(w.len() <= 15, "{w} must fit a packed key");
            assert!(crate::terms::pack(w).is_some_and(is_stop_key), "{w}");
            assert!(is_stop_word(w), "{w}");
            let longer = format!("{w}x");
            assert_eq!(is_stop_word(&longer), STOP_WORDS.contains(&longer.as_str()));
        }
        for w in [
            "",
            "said",
            "thee",
            "yours0",
            "internationalisation",
            "the\0",
        ] {
            assert!(!is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn membership() {
        assert!(is_stop_word("the"));
        assert!(is_stop_word("don't"));
        assert!(!is_stop_word("said"));
        assert!(!is_stop_word("market"));
        assert!(
            !is_stop_word("The"),
            "the list is lower-case; callers lower-case first"
        );
    }
}
