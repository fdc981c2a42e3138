//! Static word sets and maps with fast lookups.
//!
//! This is the fastest of the three implementations the stages used to carry (extract's "exact
//! tables behind a 2 KB filter"; summarize's packed 128-bit keys and clean's sorted-list binary
//! search are gone): a bit filter indexed by a word's first byte, last byte and length rejects
//! most words that are not in the set without hashing them, and an open-addressing table a
//! quarter full, keyed by the word's own bytes, finds the rest in about one probe.

/// Size of the filter in 64-bit words: one bit per (first byte, last byte, length) class, five
/// bits of each byte and lengths up to 15 (longer words share the last class). 2 KB: it stays
/// in the L1 cache.
const FILTER_WORDS: usize = (32 * 32 * 16) / 64;

/// Filter bit of a word: its class of first byte, last byte and length (the empty word uses
/// bit 0; no other word does, as its length class is not 0). No multiplication: the filter
/// sits in the hot loop of every extractor.
#[inline]
fn filter_bit(w: &[u8]) -> usize {
    match (w.first(), w.last()) {
        (Some(&a), Some(&z)) => {
            usize::from(a & 31) << 9 | usize::from(z & 31) << 4 | w.len().min(15)
        }
        _ => 0,
    }
}

/// Key of a word: its bytes for words of up to eight bytes (with the length, equal keys mean
/// equal words: four bytes from each end cover words of four to eight bytes), a hash for longer
/// words (those are compared in full on a key match).
#[inline]
fn word_key(b: &[u8]) -> u64 {
    let n = b.len();
    if n < 4 {
        return b.iter().fold(0, |k, &c| k << 8 | u64::from(c));
    }
    let head = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let tail = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
    let ends = u64::from(head) | u64::from(tail) << 32;
    if n <= 8 {
        return ends;
    }
    b.chunks(8).fold(ends, |h, c| {
        let w = c.iter().fold(0, |k, &c| k << 8 | u64::from(c));
        (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
    })
}

/// A map from static words to values, built once (typically in a `LazyLock`), for lookups
/// that a long `match` would make slow. Lookups are exact and case-sensitive: callers
/// lower-case first when the words are lower case.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    /// `(key, length + 1, index into words and values)`; length 0 marks an empty slot.
    slots: Vec<(u64, u32, u32)>,
    words: Vec<&'static str>,
    values: Vec<V>,
    bits: u32,
    longest: usize,
    /// Bit [`filter_bit`] of every word: most words not in the map are rejected here, without
    /// hashing them.
    filter: [u64; FILTER_WORDS],
}

impl<V: Copy> WordMap<V> {
    /// A map of these words to their values; a word listed twice keeps its first value, as the
    /// first arm of a `match` would.
    pub fn new(entries: impl IntoIterator<Item = (&'static str, V)>) -> Self {
        let mut words: Vec<&'static str> = Vec::new();
        let mut values: Vec<V> = Vec::new();
        let mut filter = [0u64; FILTER_WORDS];
        for (w, v) in entries {
            if !words.contains(&w) {
                let b = filter_bit(w.as_bytes());
                filter[b / 64] |= 1 << (b % 64);
                words.push(w);
                values.push(v);
            }
        }
        let size = (words.len() * 4).max(16).next_power_of_two();
        let mut m = WordMap {
            slots: vec![(0, 0, 0); size],
            bits: size.trailing_zeros(),
            longest: words.iter().map(|w| w.len()).max().unwrap_or(0),
            filter,
            words,
            values,
        };
        for (k, w) in m.words.iter().enumerate() {
            let b = w.as_bytes();
            let mut pos = m.slot(word_key(b), b.len());
            while m.slots[pos].1 != 0 {
                pos = (pos + 1) & (size - 1);
            }
            m.slots[pos] = (word_key(b), b.len() as u32 + 1, k as u32);
        }
        m
    }

    /// A map from groups of words sharing a value (the arms of a `match`, in order).
    pub fn from_groups(groups: &[(V, &[&'static str])]) -> Self {
        WordMap::new(
            groups
                .iter()
                .flat_map(|&(v, words)| words.iter().map(move |&w| (w, v))),
        )
    }

    /// Home slot of a key.
    #[inline]
    fn slot(&self, key: u64, len: usize) -> usize {
        ((key ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize
    }

    /// The value of the word `w`, if it is in the map.
    #[inline]
    pub fn get(&self, w: &str) -> Option<V> {
        self.get_bytes(w.as_bytes())
    }

    /// The value of the word whose bytes are `b` (for callers that hold bytes, such as a
    /// lower-cased copy in a stack buffer), if it is in the map.
    #[inline]
    pub fn get_bytes(&self, b: &[u8]) -> Option<V> {
        if b.len() > self.longest {
            return None;
        }
        let bit = filter_bit(b);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let key = word_key(b);
        let mask = self.slots.len() - 1;
        let mut pos = self.slot(key, b.len());
        loop {
            let (k, len, idx) = *self.slots.get(pos)?;
            if len == 0 {
                return None;
            }
            let idx = idx as usize;
            if k == key
                && len as usize == b.len() + 1
                && (b.len() <= 8 || self.words.get(idx).map(|w| w.as_bytes()) == Some(b))
            {
                return self.values.get(idx).copied();
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Number of distinct words in the map.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the map holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A set of static words, built once (typically in a `LazyLock`), for membership tests that a
/// long `match` or a binary search would make slow. Exact and case-sensitive (see [`WordMap`]).
#[derive(Debug, Clone)]
pub struct WordSet(WordMap<()>);

impl WordSet {
    /// A set of these words (duplicates are fine).
    pub fn new(words: &[&'static str]) -> Self {
        WordSet(WordMap::new(words.iter().map(|&w| (w, ()))))
    }

    /// A set of every word of several lists (for example a stop list plus calendar words).
    pub fn from_lists(lists: &[&[&'static str]]) -> Self {
        WordSet(WordMap::new(
            lists.iter().flat_map(|l| l.iter()).map(|&w| (w, ())),
        ))
    }

    /// True when `w` is in the set.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.0.get_bytes(w.as_bytes()).is_some()
    }

    /// True when the word whose bytes are `b` is in the set.
    #[inline]
    pub fn contains_bytes(&self, b: &[u8]) -> bool {
        self.0.get_bytes(b).is_some()
    }

    /// Number of distinct words in the set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the set holds no word.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_matches_exact_words_only() {
        let set = WordSet::new(&[
            "a",
            "the",
            "sixteen-letters!",
            "já",
            "abcdefgh",
            "abcdefghi",
        ]);
        for w in [
            "a",
            "the",
            "sixteen-letters!",
            "já",
            "abcdefgh",
            "abcdefghi",
        ] {
            assert!(set.contains(w), "{w}");
            assert!(set.contains_bytes(w.as_bytes()), "{w}");
        }
        for w in [
            "",
            "b",
            "th",
            "then",
            "The",
            "sixteen-letters?",
            "ja",
            "abcdefgi",
            "abcdefghj",
            "abcdefghii",
            "a\0",
        ] {
            assert!(!set.contains(w), "{w:?} must not be found");
        }
        assert_eq!(set.len(), 6);
        assert!(!set.is_empty());
    }

    #[test]
    fn empty_sets_and_the_empty_word() {
        let none = WordSet::new(&[]);
        assert!(none.is_empty());
        assert!(!none.contains("") && !none.contains("a"));
        assert!(WordSet::new(&[""]).contains(""));
        assert!(!WordSet::new(&["a"]).contains(""));
    }

    #[test]
    fn map_keeps_the_first_value_of_a_repeated_word() {
        let map = WordMap::new([("one", 1), ("two", 2), ("one", 3)]);
        assert_eq!(map.get("one"), Some(1));
        assert_eq!(map.get("two"), Some(2));
        assert_eq!(map.get("three"), None);
        assert_eq!(map.len(), 2);
        let groups = WordMap::from_groups(&[(1u8, &["x", "y"]), (2, &["y", "z"])]);
        assert_eq!(
            [groups.get("x"), groups.get("y"), groups.get("z")],
            [Some(1), Some(1), Some(2)]
        );
    }

    #[test]
    fn long_words_compare_in_full() {
        // Same length, same ends, different middle: the hash key may differ or collide, the
        // full comparison decides.
        let words: Vec<&'static str> = vec!["internationalisation", "internationalization"];
        let set = WordSet::new(&words);
        assert!(set.contains("internationalisation"));
        assert!(set.contains("internationalization"));
        assert!(!set.contains("internationalizatiom"));
        assert!(!set.contains("internationalisations"));
    }

    #[test]
    fn many_words_all_found() {
        let owned: Vec<String> = (0..2000).map(|i| format!("w{i}")).collect();
        let words: Vec<&'static str> = owned
            .into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect();
        let set = WordSet::from_lists(&[&words[..1000], &words[1000..]]);
        assert!(words.iter().all(|w| set.contains(w)));
        assert!(!set.contains("w2000") && !set.contains("w-1"));
    }

    #[test]
    fn maps_moved_from_extract_keep_their_answers() {
        let set = WordSet::new(&["a", "the", "sixteen-letters!", "já"]);
        for w in ["a", "the", "sixteen-letters!", "já"] {
            assert!(set.contains(w), "{w}");
        }
        for w in [
            "",
            "b",
            "th",
            "thee",
            "a\0",
            "The",
            "sixteen-letters?",
            "ja",
        ] {
            assert!(!set.contains(w), "{w:?}");
        }
        let map = WordMap::new([
            ("internationally", 1),
            ("internationalist", 2),
            ("abcdefgh", 3),
            ("abcdefgi", 4),
            ("ab", 5),
            ("ab", 6),
        ]);
        assert_eq!(map.get("internationally"), Some(1));
        assert_eq!(map.get("internationalist"), Some(2));
        assert_eq!(map.get("abcdefgh"), Some(3));
        assert_eq!(map.get("abcdefgi"), Some(4));
        assert_eq!(map.get("ab"), Some(5), "the first value wins");
        for w in [
            "internationallz",
            "bcdefgh",
            "abcdefg",
            "a",
            "b",
            "ba",
            "abcdefghi",
        ] {
            assert_eq!(map.get(w), None, "{w}");
        }
    }
}
