//! Turning sentences into bags of term ids.
//!
//! A word is a whitespace-separated token with the punctuation around it trimmed, so "BA's",
//! "larger-than-expected" and "£75m" stay whole (on the BBC development set this matched the
//! reference summaries far better than splitting at every non-letter). Each word is
//! lower-cased, checked against the stop list, optionally stemmed (Snowball English), and
//! interned into a per-document id. Work is done once per distinct word form of a
//! thread (a per-thread lexicon kept across documents): a token costs a hash lookup of its
//! lower-cased form in a reused buffer, so no `String` is allocated per token.

use crate::stopwords::is_stop_word;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
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

/// Word forms this thread has seen, kept across documents so that lower-casing, the stop-word
/// check and stemming run once per distinct form, not once per document; plus the per-document
/// map from these global ids to the document's own term ids. Output never depends on it: term
/// ids are given per document in order of first appearance.
#[derive(Default)]
struct Lexicon {
    /// Lower-cased word forms of up to 15 bytes, packed with their length into one integer
    /// (compared inside the table, no pointer to follow).
    short_forms: FxMap<u128, Form>,
    /// Longer lower-cased word forms.
    forms: FxMap<Box<str>, Form>,
    /// Stem → global stem id.
    stems: FxMap<Box<str>, u32>,
    /// Global stem id → this document's term id ([`NOT_A_TERM`] when not seen yet).
    local: Vec<u32>,
    /// Global ids seen in this document, in order of first appearance (index = term id).
    touched: Vec<u32>,
    /// Number of the current document (wrapping); a [`Form`] stamped with it caches its term
    /// id.
    stamp: u32,
    /// Lower-case buffer reused for every token.
    buf: String,
}

/// What the lexicon knows about one word form.
#[derive(Clone, Copy)]
struct Form {
    /// Global stem id, or [`NOT_A_TERM`].
    global: u32,
    /// Document number `local` is valid for.
    stamp: u32,
    /// The term id in that document (saves a lookup in [`Lexicon::local`] on repeats).
    local: u32,
}

/// A thread's lexicon is dropped and started afresh beyond this many word forms, which bounds
/// its memory on endless streams of new words.
const LEXICON_CAP: usize = 200_000;

thread_local! {
    /// One lexicon per thread for each stemming mode (index 1 = stemmed).
    static LEXICONS: [RefCell<Lexicon>; 2] = [RefCell::new(Lexicon::default()), RefCell::new(Lexicon::default())];
}

impl Lexicon {
    /// The document term id of `word`, or `None` for a stop word.
    fn term(&mut self, word: &str, stemmer: Option<&Stemmer>) -> Option<u32> {
        let Lexicon {
            short_forms,
            forms,
            stems,
            local,
            touched,
            stamp,
            buf,
        } = self;
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
        let new_form = |buf: &str, stems: &mut FxMap<Box<str>, u32>, local: &mut Vec<u32>| {
            let global = if is_term(buf) {
                let stem = match stemmer {
                    Some(s) => s.stem(buf),
                    None => std::borrow::Cow::Borrowed(buf),
                };
                let next = stems.len() as u32;
                let id = *stems.entry(Box::from(stem.as_ref())).or_insert(next);
                if id == next {
                    local.push(NOT_A_TERM);
                }
                id
            } else {
                NOT_A_TERM
            };
            Form {
                global,
                stamp: 0,
                local: NOT_A_TERM,
            }
        };
        let form: &mut Form = match pack(buf) {
            Some(key) => short_forms
                .entry(key)
                .or_insert_with(|| new_form(buf, stems, local)),
            None => {
                if !forms.contains_key(buf.as_str()) {
                    let f = new_form(buf, stems, local);
                    forms.insert(Box::from(buf.as_str()), f);
                }
                forms.get_mut(buf.as_str())?
            }
        };
        if form.global == NOT_A_TERM {
            return None;
        }
        if form.stamp == *stamp && form.local != NOT_A_TERM {
            return Some(form.local);
        }
        let slot = local.get_mut(form.global as usize)?;
        if *slot == NOT_A_TERM {
            *slot = touched.len() as u32;
            touched.push(form.global);
        }
        form.stamp = *stamp;
        form.local = *slot;
        Some(*slot)
    }

    /// Forgets the current document's term ids (and everything, past [`LEXICON_CAP`] forms or
    /// when the document counter wraps).
    fn end_document(&mut self) {
        for &g in &self.touched {
            if let Some(slot) = self.local.get_mut(g as usize) {
                *slot = NOT_A_TERM;
            }
        }
        self.touched.clear();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 || self.forms.len() + self.short_forms.len() > LEXICON_CAP {
            *self = Lexicon::default();
        }
    }
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
        let index = usize::from(self.stemmer.is_some());
        let mut sentences = Some(sentences);
        let shared = LEXICONS.try_with(|lexicons| {
            lexicons[index].try_borrow_mut().ok().and_then(|mut lex| {
                sentences
                    .take()
                    .map(|s| self.analyze_with(&mut lex, s, extra))
            })
        });
        match (shared, sentences) {
            (Ok(Some(result)), _) => result,
            // Thread-local storage unavailable (thread teardown): use a private lexicon.
            (_, Some(s)) => self.analyze_with(&mut Lexicon::default(), s, extra),
            (_, None) => (Analysis::default(), Vec::new()),
        }
    }

    fn analyze_with<'a>(
        &self,
        lex: &mut Lexicon,
        sentences: impl Iterator<Item = &'a str>,
        extra: &[&str],
    ) -> (Analysis, Vec<SentenceTerms>) {
        let mut out = Analysis::default();
        let mut scratch: Vec<u32> = Vec::new();
        for s in sentences {
            let st = self.sentence(s, lex, &mut scratch);
            out.sentences.push(st);
        }
        let n_terms = lex.touched.len();
        let mut extras = Vec::with_capacity(extra.len());
        for e in extra {
            extras.push(self.sentence(e, lex, &mut scratch));
        }
        lex.end_document();
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

    fn sentence(&self, s: &str, lex: &mut Lexicon, scratch: &mut Vec<u32>) -> SentenceTerms {
        scratch.clear();
        let mut tokens = 0u32;
        for raw in s.split_whitespace() {
            tokens += 1;
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                if let Some(id) = lex.term(word, self.stemmer.as_ref()) {
                    scratch.push(id);
                }
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
}

/// `word` (at most 15 bytes) and its length in one integer; `None` when longer.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 15 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(key))
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
    fn short_and_long_forms_are_told_apart() {
        assert_ne!(pack("ab"), pack("ab\0"));
        assert_eq!(pack("abcdefghijklmno").map(|k| k >> 120), Some(15));
        assert_eq!(pack("abcdefghijklmnop"), None);
        let a = Analyzer::new(false)
            .analyze(
                [
                    "internationalisation internationalisations",
                    "Internationalisation",
                ]
                .into_iter(),
                &[],
            )
            .0;
        assert_eq!(a.n_terms, 2);
        assert_eq!(a.sentences[1].terms, vec![(0, 1)]);
    }

    #[test]
    fn ids_are_per_document_whatever_came_before() {
        let an = Analyzer::new(false);
        let first = an
            .analyze(["gold silver copper", "copper"].into_iter(), &[])
            .0;
        for _ in 0..3 {
            // Same words in another order: ids follow this document's order only.
            let b = an.analyze(["copper tin", "gold copper"].into_iter(), &[]).0;
            assert_eq!(b.n_terms, 3);
            assert_eq!(b.sentences[0].terms, vec![(0, 1), (1, 1)]);
            assert_eq!(b.sentences[1].terms, vec![(0, 1), (2, 1)]);
            let again = an
                .analyze(["gold silver copper", "copper"].into_iter(), &[])
                .0;
            assert_eq!(again.sentences, first.sentences);
            assert_eq!(again.tf, vec![1, 1, 2]);
        }
    }

    #[test]
    fn empty_input() {
        let a = analyze(&["", "  ...  "]);
        assert_eq!(a.n_terms, 0);
        assert!(a.sentences.iter().all(|s| s.terms.is_empty()));
        assert_eq!(a.sentences[1].tokens, 1);
    }
}
