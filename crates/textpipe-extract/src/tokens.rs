//! A light tokenizer shared by every extractor: one pass over the text, byte spans, no
//! allocation per token.
//!
//! Words keep inner hyphens and apostrophes ("Moscow-based", "don't") but a possessive "'s" is a
//! token of its own; numbers keep inner separators when a digit follows ("6,000", "1.13",
//! "2012-07-25", "10:15", "1992-97"); every other non-space character is a one-char punctuation
//! token. A lower-cased copy of the text (ASCII only, so byte offsets are unchanged) gives
//! allocation-free case-insensitive lookups.

use std::cell::Cell;
use std::sync::LazyLock;
use textpipe_core::Span;
/// The shared static word sets (moved to `textpipe-lexicon`; the extractors name them from here).
pub(crate) use textpipe_lexicon::{WordMap, WordSet};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and inner digits, hyphens, apostrophes).
    Word,
    /// Digits with inner separators.
    Number,
    /// One punctuation or symbol character (or a possessive "'s").
    Punct,
}

/// One token: a byte range of the text, its kind and the sentence it belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Index of the sentence holding the token (the last sentence starting at or before it).
    pub sent: u32,
    /// True when the token opens its sentence.
    pub sent_start: bool,
    /// True when the token starts with an upper-case letter (only words can).
    pub cap: bool,
    /// True when the token holds a hyphen (only words can: "Moscow-based").
    pub hyphen: bool,
}

/// The tokens of one document, with the text and its lower-cased copy.
pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pub lower: String,
    pub toks: Vec<Token>,
    /// Number of sentences (at least 1 for a non-empty text).
    pub n_sents: usize,
}

thread_local! {
    /// Token and lower-case buffers of the last [`Tokens`] dropped on this thread, for the next
    /// document: large buffers allocated and freed per document would keep faulting in fresh
    /// pages.
    static POOL: Cell<(Vec<Token>, String)> = const { Cell::new((Vec::new(), String::new())) };
}

/// Buffers larger than this (in bytes) are freed rather than kept for the next document.
const POOL_LIMIT: usize = 64 << 20;

impl Drop for Tokens<'_> {
    fn drop(&mut self) {
        let toks = std::mem::take(&mut self.toks);
        let lower = std::mem::take(&mut self.lower);
        if toks.capacity() * std::mem::size_of::<Token>() + lower.capacity() <= POOL_LIMIT {
            // Fails only while the thread is shutting down; the buffers are freed then.
            let _ = POOL.try_with(|p| p.set((toks, lower)));
        }
    }
}

impl<'a> Tokens<'a> {
    /// Tokenizes `text`, assigning tokens to `sentences` (byte spans, sorted).
    pub fn new(text: &'a str, sentences: &[Span]) -> Self {
        let (mut toks, mut lower) = POOL.try_with(|p| p.take()).unwrap_or_default();
        toks.clear();
        toks.reserve(text.len() / 5 + 1);
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        tokenize(text, &mut toks);
        let mut si = 0usize;
        let mut last_sent = u32::MAX;
        for t in &mut toks {
            while si + 1 < sentences.len() && sentences[si + 1].start <= t.start {
                si += 1;
            }
            t.sent = si as u32;
            t.sent_start = t.sent != last_sent;
            last_sent = t.sent;
        }
        Tokens {
            text,
            lower,
            toks,
            n_sents: sentences.len().max(1),
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i` ("" out of range).
    pub fn s(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) => self.text.get(t.start..t.end).unwrap_or(""),
            None => "",
        }
    }

    /// The lower-cased text of token `i` ("" out of range).
    pub fn lc(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) => self.lower.get(t.start..t.end).unwrap_or(""),
            None => "",
        }
    }

    /// Kind of token `i` (punctuation out of range).
    pub fn kind(&self, i: usize) -> Kind {
        self.toks.get(i).map_or(Kind::Punct, |t| t.kind)
    }

    /// True when token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Kind::Word
    }

    /// True when token `i` is a number.
    pub fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Kind::Number
    }

    /// True when token `i` starts with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }

    /// True when token `i` is the punctuation character `c`.
    pub fn is_p(&self, i: usize, c: char) -> bool {
        match self.toks.get(i) {
            Some(t) if t.kind == Kind::Punct => {
                if c.is_ascii() {
                    // An ASCII byte is a whole char.
                    self.text.as_bytes().get(t.start) == Some(&(c as u8))
                } else {
                    self.s(i).starts_with(c)
                }
            }
            _ => false,
        }
    }

    /// True when token `i` is a word with a hyphen in it.
    pub fn has_hyphen(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.hyphen)
    }

    /// True when token `i` starts exactly where token `i - 1` ends (no space between).
    pub fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i - 1].end == self.toks[i].start
    }

    /// True when tokens `i` and `j` are in the same sentence.
    pub fn same_sent(&self, i: usize, j: usize) -> bool {
        match (self.toks.get(i), self.toks.get(j)) {
            (Some(a), Some(b)) => a.sent == b.sent,
            _ => false,
        }
    }

    /// Byte span from the start of token `i` to the end of token `j` (inclusive).
    pub fn span(&self, i: usize, j: usize) -> Span {
        match (self.toks.get(i), self.toks.get(j)) {
            (Some(a), Some(b)) if a.start <= b.end => Span::new(a.start, b.end),
            _ => Span::default(),
        }
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn at_or_after(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    /// True when the byte range between tokens `i` and `i + 1` holds a line break.
    pub fn newline_after(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => self
                .text
                .get(a.end..b.start)
                .is_some_and(|gap| gap.contains('\n')),
            _ => true,
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// High bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Low bit of every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit set in each byte of `x` (bytes below 0x80) that lies in `lo..=hi`.
#[inline]
fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    // No byte carries into the next: x < 0x80 and both addends are at most 0x80.
    let ge_lo = x + ONES * u64::from(0x80 - lo);
    let gt_hi = x + ONES * u64::from(0x7f - hi);
    ge_lo & !gt_hi & HIGH
}

/// Index of the first byte at or after `i` that is not an ASCII letter or digit (`b.len()` when
/// there is none), eight bytes at a time: one branch per word instead of one per byte.
#[inline]
fn skip_ascii_alnum(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let w = u64::from_le_bytes(w);
        let x = w & !HIGH;
        let alnum =
            (bytes_in(x, b'0', b'9') | bytes_in(x | 0x2020_2020_2020_2020, b'a', b'z')) & !w;
        let stop = !alnum & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b
        .get(i..)
        .and_then(|r| r.iter().position(|&c| !ASCII_ALNUM[usize::from(c)]))
        .unwrap_or(b.len().saturating_sub(i))
}

/// ASCII letters and digits, by byte (a table lookup is cheaper than three range tests in the
/// tokenizer's innermost loop).
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// Splits `text` into tokens (sentence fields left at 0).
///
/// Over 80 lines on purpose: the one pass over the bytes every extractor depends on (ASCII fast
/// paths inline); split into helpers it would lose the shared loop state.
pub(crate) fn tokenize(text: &str, out: &mut Vec<Token>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0usize;
    let push = |out: &mut Vec<Token>, s: usize, e: usize, kind: Kind| {
        out.push(Token {
            start: s,
            end: e,
            kind,
            sent: 0,
            sent_start: false,
            cap: false,
            hyphen: false,
        })
    };
    while i < n {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let s = i;
            loop {
                while i < n && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i + 1 < n
                    && matches!(b[i], b'.' | b',' | b':' | b'/' | b'-')
                    && b[i + 1].is_ascii_digit()
                {
                    i += 2;
                    continue;
                }
                break;
            }
            push(out, s, i, Kind::Number);
            continue;
        }
        // Decode one char (ASCII fast path).
        let ch = if c < 0x80 {
            c as char
        } else {
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(ch) => ch,
                None => {
                    // Not on a char boundary: cannot happen for a &str walked char by char;
                    // skip the byte defensively.
                    i += 1;
                    continue;
                }
            }
        };
        if ch.is_whitespace() {
            i += ch.len_utf8();
            continue;
        }
        if !ch.is_alphabetic() {
            // Possessive 's / ’s as one token.
            let l = ch.len_utf8();
            if (ch == '\'' || ch == '’')
                && !out.is_empty()
                && out
                    .last()
                    .is_some_and(|t| t.end == i && t.kind == Kind::Word)
                && i + l < n
                && (b[i + l] == b's' || b[i + l] == b'S')
                && (i + l + 1 >= n || !next_is_word_char(text, i + l + 1))
            {
                push(out, i, i + l + 1, Kind::Punct);
                i += l + 1;
                continue;
            }
            push(out, i, i + l, Kind::Punct);
            i += l;
            continue;
        }
        // A word.
        let s = i;
        let mut hyphen = false;
        i += ch.len_utf8();
        loop {
            // ASCII fast path.
            i = skip_ascii_alnum(b, i);
            let Some(&c) = b.get(i) else {
                break;
            };
            // An ASCII byte here is no letter or digit (the fast path stopped at it).
            let nc = if c < 0x80 {
                c as char
            } else {
                let Some(nc) = text.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                if is_word_char(nc) {
                    i += nc.len_utf8();
                    continue;
                }
                nc
            };
            if matches!(nc, '-' | '\'' | '’') {
                let l = nc.len_utf8();
                // A possessive 's ends the word.
                if nc != '-'
                    && i + l < n
                    && (b[i + l] == b's' || b[i + l] == b'S')
                    && (i + l + 1 >= n || !next_is_word_char(text, i + l + 1))
                {
                    break;
                }
                if next_is_alpha(text, i + l) {
                    hyphen |= nc == '-';
                    i += l;
                    continue;
                }
            }
            break;
        }
        // Abbreviations with inner periods: "U.S.", "a.m.".
        if i - s == 1 && i + 1 < n && b[i] == b'.' && b[i + 1].is_ascii_alphabetic() {
            let mut j = i;
            while j + 1 < n
                && b[j] == b'.'
                && b[j + 1].is_ascii_alphabetic()
                && (j + 2 >= n || !b[j + 2].is_ascii_alphanumeric())
            {
                j += 2;
            }
            if j > i {
                if j < n && b[j] == b'.' {
                    j += 1;
                }
                i = j;
            }
        }
        out.push(Token {
            start: s,
            end: i,
            kind: Kind::Word,
            sent: 0,
            sent_start: false,
            cap: ch.is_uppercase(),
            hyphen,
        });
    }
}

fn next_is_word_char(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        Some(&c) if c < 0x80 => c.is_ascii_alphanumeric(),
        _ => text
            .get(pos..)
            .and_then(|r| r.chars().next())
            .is_some_and(is_word_char),
    }
}

fn next_is_alpha(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        Some(&c) if c < 0x80 => c.is_ascii_alphabetic(),
        _ => text
            .get(pos..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_alphabetic),
    }
}

/// Function words (see [`is_stopword`]).
pub(crate) const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "added",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "also,",
    "although",
    "always",
    "am",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "aren't",
    "around",
    "as",
    "at",
    "be",
    "because",
    "because,",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "besides",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "came",
    "can",
    "can't",
    "come",
    "could",
    "couldn't",
    "despite",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "done",
    "down",
    "dr",
    "during",
    "each",
    "eight",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "first",
    "five",
    "for",
    "four",
    "from",
    "further",
    "get",
    "go",
    "going",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "he's",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "i'm",
    "if",
    "in",
    "inside",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "last",
    "least",
    "less",
    "let",
    "like",
    "lot",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "myself",
    "near",
    "neither",
    "never",
    "next",
    "nine",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "outside",
    "over",
    "own",
    "per",
    "perhaps",
    "put",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "says",
    "set",
    "seven",
    "several",
    "shall",
    "she",
    "she's",
    "should",
    "since",
    "six",
    "so",
    "some",
    "still",
    "such",
    "take",
    "ten",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "this",
    "those",
    "though",
    "three",
    "through",
    "thus",
    "to",
    "told",
    "too",
    "took",
    "toward",
    "towards",
    "two",
    "under",
    "unless",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "wasn't",
    "way",
    "we",
    "we're",
    "well",
    "went",
    "were",
    "weren't",
    "what",
    "whatever",
    "when",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

static STOPWORD_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STOPWORDS));

/// Function words that never start or end a keyphrase or name a counted thing.
pub(crate) fn is_stopword(lc: &str) -> bool {
    STOPWORD_SET.contains(lc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_set_holds_the_list() {
        let set = WordSet::new(STOPWORDS);
        assert!(STOPWORDS.iter().all(|w| set.contains(w)));
        assert!(!set.contains("keyphrase"));
        assert!(WordSet::new(&[""]).contains(""));
    }

    fn words(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(text, &mut v);
        v.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn numbers_keep_inner_separators() {
        assert_eq!(
            words("6,000 men, 1.13bn on 2012-07-25 at 10:15, 1992-97."),
            vec![
                "6,000",
                "men",
                ",",
                "1.13",
                "bn",
                "on",
                "2012-07-25",
                "at",
                "10:15",
                ",",
                "1992-97",
                "."
            ]
        );
    }

    #[test]
    fn words_hyphens_possessives_abbreviations() {
        assert_eq!(
            words("Moscow-based Putin's U.S. team don't at 9 a.m."),
            vec![
                "Moscow-based",
                "Putin",
                "'s",
                "U.S.",
                "team",
                "don't",
                "at",
                "9",
                "a.m."
            ]
        );
        assert_eq!(
            words("“Hi,” — £5"),
            vec!["“", "Hi", ",", "”", "—", "£", "5"]
        );
    }

    #[test]
    fn alnum_skip_matches_the_byte_test() {
        let all: Vec<u8> = (0..=255u8).collect();
        for &c in &all {
            for pos in 0..12 {
                let mut b = vec![b'a'; 12];
                b[pos] = c;
                let want = if c.is_ascii_alphanumeric() { 12 } else { pos };
                assert_eq!(skip_ascii_alnum(&b, 0), want, "byte {c:#x} at {pos}");
            }
        }
        assert_eq!(skip_ascii_alnum(b"Ab9 x", 0), 3);
        assert_eq!(skip_ascii_alnum(b"Ab9", 1), 3);
        assert_eq!(skip_ascii_alnum(b"", 0), 0);
        assert_eq!(skip_ascii_alnum(b"ab", 5), 5);
    }

    #[test]
    fn cap_flag_is_an_upper_case_first_letter() {
        for text in [
            "Élan vital, ÖL and éclair; 'Quote' “Hi” 9Am A.M. Ǆemal ǅx ß-Straße",
            "«Δ» x'S Ω’s — $5bn",
        ] {
            let t = Tokens::new(text, &[]);
            for k in 0..t.len() {
                let want = t.s(k).chars().next().is_some_and(char::is_uppercase);
                assert_eq!(t.is_cap(k), want, "{:?}", t.s(k));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn token_flags_on_any_text(text in "(\\PC|[a-zA-Z$'’.\\- ]){0,40}") {
            let t = Tokens::new(&text, &[]);
            for k in 0..t.len() {
                let want = t.s(k).chars().next().is_some_and(char::is_uppercase);
                proptest::prop_assert_eq!(t.is_cap(k), want);
                let hyphen = t.is_word(k) && t.s(k).contains('-');
                proptest::prop_assert_eq!(t.has_hyphen(k), hyphen);
                for c in ['$', '-', '.', '’', '«', 'x'] {
                    let p = t.kind(k) == Kind::Punct && t.s(k).starts_with(c);
                    proptest::prop_assert_eq!(t.is_p(k, c), p);
                }
            }
        }
    }

    #[test]
    fn sentences_are_assigned() {
        let text = "One two. Three four.";
        let t = Tokens::new(text, &[Span::new(0, 8), Span::new(9, 20)]);
        assert_eq!(t.toks[0].sent, 0);
        assert!(t.toks[0].sent_start);
        assert_eq!(t.toks[3].sent, 1);
        assert!(t.toks[3].sent_start);
        assert!(!t.toks[4].sent_start);
    }

    #[test]
    fn stopwords() {
        assert!(is_stopword("the") && is_stopword("themselves") && is_stopword("won't"));
        assert!(!is_stopword("troops") && !is_stopword("") && !is_stopword("thethethethe"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "'",
            "’s",
            "a’",
            "x'S",
            "9.",
            "-1",
            "\u{301}é",
            "a.b",
            "A.",
            "ÿ'ſ",
        ] {
            let t = Tokens::new(s, &[]);
            for k in 0..t.len() {
                assert!(!t.s(k).is_empty());
            }
        }
    }
}
