//! Turning sentences into bags of term ids.
//!
//! A word is a whitespace-separated token with the punctuation around it trimmed, so "BA's",
//! "larger-than-expected" and "£75m" stay whole (on the BBC development set this matched the
//! reference summaries far better than splitting at every non-letter). Each word is
//! lower-cased, checked against the stop list, optionally stemmed (Snowball English), and
//! interned into a per-document id. Work is done once per distinct word form of a
//! document: a token only costs a hash lookup of its lower-cased form in a reused buffer, so no
//! `String` is allocated per token.

use crate::stopwords::is_stop_word;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash function (as in rustc): fast on short keys, and good enough here because the keys
/// are one document's words. Iteration order of these maps never reaches the output: term ids
/// are given in order of first appearance.
#[derive(Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Marks a word form that is not a term (stop word, single letter).
const NOT_A_TERM: u32 = u32::MAX;

/// One sentence as terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SentenceTerms {
    /// `(term id, count)`, sorted by term id, each id once.
    pub terms: Vec<(u32, u32)>,
    /// Word tokens in the sentence, stop words included.
    pub tokens: u32,
}

/// A document's sentences as terms, with document-level counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    /// One entry per input sentence.
    pub sentences: Vec<SentenceTerms>,
    /// Number of distinct terms (ids are `0..n_terms`).
    pub n_terms: usize,
    /// Occurrences of each term in the whole document.
    pub tf: Vec<u32>,
    /// Number of sentences containing each term.
    pub df: Vec<u32>,
}

/// Lower-cases, filters and stems words into per-document term ids.
pub(crate) struct Analyzer {
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(english)")
    }
}

/// Per-document interning state.
#[derive(Default)]
struct Vocab {
    /// Lower-cased word form → term id (or [`NOT_A_TERM`]).
    forms: FxMap<Box<str>, u32>,
    /// Stem → term id.
    stems: FxMap<Box<str>, u32>,
    /// Lower-case buffer reused for every token.
    buf: String,
}

impl Analyzer {
    /// An English analyzer, stemming or not.
    pub fn new(stem: bool) -> Self {
        Analyzer {
            stemmer: stem.then(|| Stemmer::create(Algorithm::English)),
        }
    }

    /// Analyzes the sentences of one document. `extra` texts (the title) are mapped onto the
    /// same ids and returned as term lists, after the sentences.
    pub fn analyze<'a>(
        &self,
        sentences: impl Iterator<Item = &'a str>,
        extra: &[&str],
    ) -> (Analysis, Vec<SentenceTerms>) {
        let mut vocab = Vocab::default();
        let mut out = Analysis::default();
        let mut scratch: Vec<u32> = Vec::new();
        for s in sentences {
            let st = self.sentence(s, &mut vocab, &mut scratch);
            out.sentences.push(st);
        }
        let n_terms = vocab.stems.len();
        let mut extras = Vec::with_capacity(extra.len());
        for e in extra {
            extras.push(self.sentence(e, &mut vocab, &mut scratch));
        }
        out.n_terms = n_terms;
        out.tf = vec![0; n_terms];
        out.df = vec![0; n_terms];
        for s in &out.sentences {
            for &(t, c) in &s.terms {
                out.tf[t as usize] += c;
                out.df[t as usize] += 1;
            }
        }
        // Terms that occur only in the extra texts get ids >= n_terms; callers ignore them.
        (out, extras)
    }

    fn sentence(&self, s: &str, vocab: &mut Vocab, scratch: &mut Vec<u32>) -> SentenceTerms {
        scratch.clear();
        let mut tokens = 0u32;
        for raw in s.split_whitespace() {
            tokens += 1;
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                self.push_word(word, vocab, scratch);
            }
        }
        scratch.sort_unstable();
        let mut terms: Vec<(u32, u32)> = Vec::with_capacity(scratch.len());
        for &t in scratch.iter() {
            match terms.last_mut() {
                Some((last, c)) if *last == t => *c += 1,
                _ => terms.push((t, 1)),
            }
        }
        SentenceTerms { terms, tokens }
    }

    fn push_word(&self, word: &str, vocab: &mut Vocab, scratch: &mut Vec<u32>) {
        let buf = &mut vocab.buf;
        buf.clear();
        if word.is_ascii() {
            buf.push_str(word);
            buf.make_ascii_lowercase();
        } else {
            for c in word.chars() {
                match c {
                    '\u{2019}' | '\u{2018}' => buf.push('\''),
                    c => buf.extend(c.to_lowercase()),
                }
            }
        }
        let id = match vocab.forms.get(buf.as_str()) {
            Some(&id) => id,
            None => {
                let id = if is_term(buf) {
                    let stem = match &self.stemmer {
                        Some(s) => s.stem(buf),
                        None => std::borrow::Cow::Borrowed(buf.as_str()),
                    };
                    let next = vocab.stems.len() as u32;
                    *vocab.stems.entry(Box::from(stem.as_ref())).or_insert(next)
                } else {
                    NOT_A_TERM
                };
                vocab.forms.insert(Box::from(buf.as_str()), id);
                id
            }
        };
        if id != NOT_A_TERM {
            scratch.push(id);
        }
    }
}

/// Words that carry content: not a stop word, not a lone letter ("s" of "BA's").
fn is_term(lower: &str) -> bool {
    let mut chars = lower.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    if single && !lower.starts_with(|c: char| c.is_numeric()) {
        return false;
    }
    !is_stop_word(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(sents: &[&str]) -> Analysis {
        Analyzer::new(true).analyze(sents.iter().copied(), &[]).0
    }

    #[test]
    fn stems_and_interns_across_sentences() {
        let a = analyze(&["Markets rallied.", "The market rallies today!"]);
        // market, ralli, today
        assert_eq!(a.n_terms, 3);
        assert_eq!(a.sentences[0].terms, vec![(0, 1), (1, 1)]);
        assert_eq!(a.sentences[1].terms, vec![(0, 1), (1, 1), (2, 1)]);
        assert_eq!(a.tf, vec![2, 2, 1]);
        assert_eq!(a.df, vec![2, 2, 1]);
        assert_eq!(a.sentences[1].tokens, 4);
    }

    #[test]
    fn drops_stop_words_and_single_letters_but_keeps_digits() {
        let a = analyze(&["BA's profit was 7 times the forecast x."]);
        // ba's, profit, 7, time, forecast
        assert_eq!(a.n_terms, 5);
        assert_eq!(a.sentences[0].tokens, 8);
    }

    #[test]
    fn words_are_whitespace_tokens_trimmed_of_punctuation() {
        let a = Analyzer::new(false)
            .analyze(
                ["(Larger-than-expected) \"profits\", BA\u{2019}s \u{a3}75m!"].into_iter(),
                &[],
            )
            .0;
        assert_eq!(a.n_terms, 4, "larger-than-expected, profits, ba's, 75m");
        let b = Analyzer::new(false)
            .analyze(["BA's profits", "ba\u{2019}s PROFITS"].into_iter(), &[])
            .0;
        assert_eq!(b.sentences[0].terms, b.sentences[1].terms);
    }

    #[test]
    fn counts_repeats_within_a_sentence() {
        let a = analyze(&["Rain, rain and more RAIN."]);
        assert_eq!(a.sentences[0].terms, vec![(0, 3)]);
    }

    #[test]
    fn non_ascii_words_are_lower_cased() {
        let a = analyze(&["Ökonomie wächst", "ökonomie"]);
        assert_eq!(a.sentences[1].terms.len(), 1);
        assert_eq!(a.sentences[0].terms[0].0, a.sentences[1].terms[0].0);
    }

    #[test]
    fn extra_texts_share_ids() {
        let (a, extra) = Analyzer::new(true).analyze(
            ["Fuel prices hit profits."].into_iter(),
            &["Profit hit by fuel"],
        );
        assert_eq!(a.n_terms, 4);
        let ids: Vec<u32> = extra[0].terms.iter().map(|t| t.0).collect();
        assert_eq!(ids, vec![0, 2, 3]);
    }

    #[test]
    fn empty_input() {
        let a = analyze(&["", "  ...  "]);
        assert_eq!(a.n_terms, 0);
        assert!(a.sentences.iter().all(|s| s.terms.is_empty()));
        assert_eq!(a.sentences[1].tokens, 1);
    }
}
