//! English stop words: function words that say nothing about what a sentence is about (the
//! common 179-word English list used by NLTK and many summarizers, contractions included).
//! They are dropped before sentences are compared, so two sentences are not "similar" because
//! both contain "the". Reporting words such as "said" are kept on purpose: on the BBC
//! development set, dropping them made the ranking worse.

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

/// Slots of [`STOP_SET`]: a power of two, over twice the number of words.
const SET_SLOTS: usize = 512;

/// The stop words packed as by [`crate::terms::pack`] (all are at most 15 bytes), in an
/// open-addressing table built at compile time: membership is one hash and a probe or two.
static STOP_SET: PackedSet<SET_SLOTS> = PackedSet::new(STOP_WORDS);

/// A set of short words (at most 15 bytes each) packed as by [`crate::terms::pack`], in an
/// open-addressing table of `SLOTS` entries (a power of two, over twice the number of words)
/// built at compile time.
pub(crate) struct PackedSet<const SLOTS: usize> {
    slots: [u128; SLOTS],
    /// One bit per 12-bit hash value of the members (512 bytes, stays in cache): a clear bit
    /// answers "no" without touching the table, as it does for most content words.
    filter: [u64; 64],
}

impl<const SLOTS: usize> PackedSet<SLOTS> {
    /// The set of `words`; fails to compile when a word is longer than 15 bytes or the table
    /// would be more than half full.
    pub const fn new(words: &[&str]) -> Self {
        assert!(SLOTS.is_power_of_two() && words.len() * 2 < SLOTS);
        let mut slots = [0u128; SLOTS];
        let mut filter = [0u64; 64];
        let mut w = 0;
        while w < words.len() {
            assert!(words[w].len() <= 15);
            let key = pack_const(words[w]);
            let bit = Self::filter_bit(key);
            filter[bit / 64] |= 1 << (bit % 64);
            let mut i = Self::home(key);
            while slots[i] != 0 {
                i = (i + 1) & (SLOTS - 1);
            }
            slots[i] = key;
            w += 1;
        }
        PackedSet { slots, filter }
    }

    /// The hash of a packed key.
    const fn hash(key: u128) -> u64 {
        ((key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }

    /// First slot to probe for a packed key.
    const fn home(key: u128) -> usize {
        (Self::hash(key) >> 40) as usize & (SLOTS - 1)
    }

    /// The key's bit in the filter (the top 12 bits of the hash).
    const fn filter_bit(key: u128) -> usize {
        (Self::hash(key) >> 52) as usize
    }

    /// True when the packed word `key` is in the set.
    pub fn contains(&self, key: u128) -> bool {
        if key == 0 {
            return false; // the empty word, which would match an empty slot
        }
        let bit = Self::filter_bit(key);
        if self
            .filter
            .get(bit / 64)
            .map_or(true, |f| f & (1 << (bit % 64)) == 0)
        {
            return false;
        }
        let mut i = Self::home(key);
        // The table is under half full, so an empty slot ends every probe.
        loop {
            match self.slots.get(i) {
                Some(&k) if k == key => return true,
                Some(&0) | None => return false,
                Some(_) => i = (i + 1) & (SLOTS - 1),
            }
        }
    }
}

/// [`crate::terms::pack`] at compile time.
const fn pack_const(word: &str) -> u128 {
    let bytes = word.as_bytes();
    let mut key = (bytes.len() as u128) << 120;
    let mut i = 0;
    while i < bytes.len() {
        key |= (bytes[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// True when `word` (lower-case) is a stop word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    crate::terms::pack(word).is_some_and(is_stop_key)
}

/// True when the packed lower-case form `key` is a stop word.
pub(crate) fn is_stop_key(key: u128) -> bool {
    STOP_SET.contains(key)
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
        assert!(STOP_WORDS.len() * 2 < SET_SLOTS);
        for w in STOP_WORDS {
            assert!(w.len() <= 15, "{w} must fit a packed key");
            assert_eq!(crate::terms::pack(w), Some(pack_const(w)));
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
