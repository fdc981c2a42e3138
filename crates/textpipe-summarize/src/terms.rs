//! Turning sentences into bags of term ids.
//!
//! A word is a whitespace-separated token with the punctuation around it trimmed, so "BA's",
//! "larger-than-expected" and "£75m" stay whole (on the BBC development set this matched the
//! reference summaries far better than splitting at every non-letter). Each word is
//! lower-cased, checked against the stop list, optionally stemmed (Snowball English), and
//! interned into a per-document id in order of first appearance.
//!
//! Speed: sentences are scanned byte by byte (ASCII fast paths, `char` decoding only for
//! non-ASCII bytes). A short ASCII word becomes one 128-bit key (its bytes lower-cased at
//! once, plus its length) looked up in a per-document open-addressing table that stays in
//! cache; only a form new to the document is checked against the stop list (or stemmed,
//! through a per-thread cache of stems). Buffers live in a per-thread scratch space, so no
//! allocation is made per token or per sentence.

use crate::pool;
use crate::stopwords::{is_stop_key, is_stop_word};
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

/// One extra text (the title) as terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SentenceTerms {
    /// `(term id, count)`, sorted by term id, each id once.
    pub terms: Vec<(u32, u32)>,
    /// Word tokens in the text, stop words included.
    pub tokens: u32,
}

/// A document's sentences as terms, with document-level counts. The sentences' term lists lie
/// one after another in one vector (a few allocations per document, none per sentence).
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    /// `(term id, count)` of every sentence in turn; within a sentence sorted by term id, each
    /// id once.
    terms: Vec<(u32, u32)>,
    /// Sentence `i` owns `terms[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
    /// Word tokens in each sentence, stop words included.
    pub tokens: Vec<u32>,
    /// Whether each sentence has an alphanumeric character (a word).
    pub usable: Vec<bool>,
    /// Number of distinct terms (ids are `0..n_terms`).
    pub n_terms: usize,
}

impl Analysis {
    /// Number of sentences.
    pub fn count(&self) -> usize {
        self.tokens.len()
    }

    /// Hands the large buffers back to the thread's pool.
    pub fn recycle(self) {
        pool::give(|p| &mut p.terms, self.terms);
        pool::give(|p| &mut p.bounds, self.bounds);
    }

    /// Occurrences of each term in the whole document (computed on demand).
    pub fn term_frequencies(&self) -> Vec<u32> {
        let mut tf = vec![0; self.n_terms];
        for &(t, c) in &self.terms {
            if let Some(f) = tf.get_mut(t as usize) {
                *f += c;
            }
        }
        tf
    }

    /// Number of sentences containing each term (computed on demand).
    pub fn document_frequencies(&self) -> Vec<u32> {
        let mut df = vec![0; self.n_terms];
        for &(t, _) in &self.terms {
            if let Some(f) = df.get_mut(t as usize) {
                *f += 1;
            }
        }
        df
    }

    /// `(term id, count)` of sentence `i`, sorted by term id (empty past the end).
    pub fn terms(&self, i: usize) -> &[(u32, u32)] {
        match (self.bounds.get(i), self.bounds.get(i + 1)) {
            (Some(&a), Some(&b)) => self.terms.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
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

/// Stemmed word forms this thread has seen, kept across documents so that stemming runs once
/// per distinct form, not once per document; plus the per-document map from global stem ids to
/// the document's own term ids. Output never depends on it: term ids are given per document in
/// order of first appearance.
#[derive(Default)]
struct Lexicon {
    /// Lower-cased word form → global stem id, or [`NOT_A_TERM`].
    forms: FxMap<Box<str>, u32>,
    /// Stem → global stem id.
    stems: FxMap<Box<str>, u32>,
    /// Global stem id → this document's term id ([`NOT_A_TERM`] when not seen yet).
    local: Vec<u32>,
    /// Global ids seen in this document, in order of first appearance (index = term id).
    touched: Vec<u32>,
}

/// A thread's lexicon is dropped and started afresh beyond this many word forms, which bounds
/// its memory on endless streams of new words.
const LEXICON_CAP: usize = 200_000;

impl Lexicon {
    /// The document term id of the lower-cased form `lower`, or [`NOT_A_TERM`].
    fn term(&mut self, lower: &str, stemmer: &Stemmer) -> u32 {
        let Lexicon {
            forms,
            stems,
            local,
            touched,
        } = self;
        let global = match forms.get(lower) {
            Some(&g) => g,
            None => {
                let g = if is_term(lower) {
                    let stem = stemmer.stem(lower);
                    let next = stems.len() as u32;
                    let id = *stems.entry(Box::from(stem.as_ref())).or_insert(next);
                    if id == next {
                        local.push(NOT_A_TERM);
                    }
                    id
                } else {
                    NOT_A_TERM
                };
                forms.insert(Box::from(lower), g);
                g
            }
        };
        let Some(slot) = local.get_mut(global as usize) else {
            return NOT_A_TERM;
        };
        if *slot == NOT_A_TERM {
            *slot = touched.len() as u32;
            touched.push(global);
        }
        *slot
    }

    /// Forgets the current document's term ids (and everything, past [`LEXICON_CAP`] forms).
    fn end_document(&mut self) {
        for &g in &self.touched {
            if let Some(slot) = self.local.get_mut(g as usize) {
                *slot = NOT_A_TERM;
            }
        }
        self.touched.clear();
        if self.forms.len() > LEXICON_CAP {
            *self = Lexicon::default();
        }
    }
}

/// One document's word forms of up to 15 bytes (lower-cased, packed by [`pack`]) → term id or
/// [`NOT_A_TERM`]: an open-addressing table sized for the document and emptied before the
/// next one, so it stays in cache and a repeated word costs one probe.
#[derive(Default)]
struct FormTable {
    /// `(low half, high half, term id)` of each packed key, 24 bytes a slot; a high half of 0
    /// is an empty slot (a packed word has a non-zero length byte at the top).
    slots: Vec<(u64, u64, u32)>,
    /// Occupied slots.
    len: usize,
}

impl FormTable {
    /// Empties the table, with room for about `expected` forms.
    fn reset(&mut self, expected: usize) {
        let slots = (expected.saturating_mul(2)).next_power_of_two().max(64);
        self.slots.clear();
        self.slots.resize(slots, (0, 0, NOT_A_TERM));
        self.len = 0;
    }

    /// First slot to probe for `key` (`slots.len()` is a power of two).
    #[inline]
    fn home(key: u128, mask: usize) -> usize {
        let h = ((key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .wrapping_mul(SEED);
        (h >> 32) as usize & mask
    }

    /// The id stored for `key`, or `Err(slot)`: where to insert it with
    /// [`FormTable::insert_at`].
    #[inline(always)]
    fn find(&self, key: u128) -> Result<u32, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = Self::home(key, mask);
        // The table is never more than half full, so an empty slot ends every probe.
        loop {
            match self.slots.get(i) {
                Some(&(lo, hi, id)) if lo == key as u64 && hi == (key >> 64) as u64 => {
                    return Ok(id)
                }
                Some(&(_, 0, _)) | None => return Err(i),
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    /// Stores `key` with `id` in the empty `slot` that [`FormTable::find`] returned.
    fn insert_at(&mut self, mut slot: usize, key: u128, id: u32) {
        if self.slots.is_empty() {
            // Not reset yet: make room, then probe again.
            self.reset(0);
            match self.find(key) {
                Ok(_) => return,
                Err(s) => slot = s,
            }
        }
        if let Some(s) = self.slots.get_mut(slot) {
            *s = (key as u64, (key >> 64) as u64, id);
            self.len += 1;
        }
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
    }

    /// Doubles the slots, re-inserting every key.
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![(0, 0, NOT_A_TERM); old.len() * 2];
        let mask = self.slots.len() - 1;
        for (lo, hi, id) in old.into_iter().filter(|&(_, hi, _)| hi != 0) {
            let key = u128::from(lo) | (u128::from(hi) << 64);
            let mut i = Self::home(key, mask);
            while self.slots.get(i).is_some_and(|&(_, hi, _)| hi != 0) {
                i = (i + 1) & mask;
            }
            if let Some(slot) = self.slots.get_mut(i) {
                *slot = (lo, hi, id);
            }
        }
    }
}

/// A thread's working memory, reused across documents.
#[derive(Default)]
struct Scratch {
    /// Cache of stems (used when stemming).
    lexicon: Lexicon,
    /// This document's short word forms.
    short: FormTable,
    /// This document's longer word forms (rare).
    long: FxMap<Box<str>, u32>,
    /// Terms of this document so far (when not stemming).
    n_terms: u32,
    /// Lower-case buffer for words that are not short ASCII.
    buf: String,
    /// Term ids of the current sentence.
    ids: Vec<u32>,
}

thread_local! {
    /// One scratch space per thread.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
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
    pub fn analyze(&self, sentences: &[&str], extra: &[&str]) -> (Analysis, Vec<SentenceTerms>) {
        let shared = SCRATCH.try_with(|scratch| {
            scratch
                .try_borrow_mut()
                .ok()
                .map(|mut s| self.analyze_with(&mut s, sentences, extra))
        });
        match shared {
            Ok(Some(result)) => result,
            // Thread-local storage unavailable (thread teardown) or busy: private scratch.
            _ => self.analyze_with(&mut Scratch::default(), sentences, extra),
        }
    }

    fn analyze_with(
        &self,
        scratch: &mut Scratch,
        sentences: &[&str],
        extra: &[&str],
    ) -> (Analysis, Vec<SentenceTerms>) {
        let bytes: usize = sentences.iter().chain(extra).map(|s| s.len()).sum();
        scratch.short.reset(bytes / 8);
        scratch.long.clear();
        scratch.n_terms = 0;
        let n = sentences.len();
        let mut out = Analysis {
            terms: pool::take(|p| &mut p.terms),
            bounds: pool::take(|p| &mut p.bounds),
            tokens: Vec::with_capacity(n),
            usable: Vec::with_capacity(n),
            ..Analysis::default()
        };
        out.bounds.push(0);
        for s in sentences {
            let (tokens, usable) = self.sentence(s, scratch, &mut out.terms);
            out.tokens.push(tokens);
            out.usable.push(usable);
            out.bounds.push(out.terms.len());
        }
        let n_terms = match self.stemmer {
            Some(_) => scratch.lexicon.touched.len(),
            None => scratch.n_terms as usize,
        };
        let mut extras = Vec::with_capacity(extra.len());
        for e in extra {
            let mut terms = Vec::new();
            let (tokens, _) = self.sentence(e, scratch, &mut terms);
            extras.push(SentenceTerms { terms, tokens });
        }
        scratch.lexicon.end_document();
        out.n_terms = n_terms;
        // Terms that occur only in the extra texts get ids >= n_terms; callers ignore them.
        (out, extras)
    }

    /// Appends the `(term id, count)` list of `s` to `out`; returns the number of
    /// whitespace-separated tokens and whether any of them has an alphanumeric character.
    ///
    /// A token runs between `char::is_whitespace` characters and its word is the token
    /// trimmed of non-alphanumeric characters (`str::split_whitespace` and `trim_matches`),
    /// scanned byte by byte with ASCII fast paths.
    ///
    /// Over 80 lines on purpose: the byte scanner of the stage's hot loop (ASCII fast paths,
    /// interning inline); helpers would carry its scratch state around.
    fn sentence(&self, s: &str, scratch: &mut Scratch, out: &mut Vec<(u32, u32)>) -> (u32, bool) {
        let mut ids = std::mem::take(&mut scratch.ids);
        ids.clear();
        let b = s.as_bytes();
        let (mut tokens, mut usable) = (0u32, false);
        let mut i = 0;
        while i < b.len() {
            // Skip whitespace.
            let c = b[i];
            if c < 0x80 {
                if is_ascii_space(c) {
                    i += 1;
                    continue;
                }
            } else if let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) {
                if ch.is_whitespace() {
                    i += ch.len_utf8();
                    continue;
                }
            }
            // A token: find its end, eight bytes at a time while they are ASCII and above
            // space, then byte by byte (char by char past a non-ASCII byte).
            let start = i;
            let mut ascii = true;
            loop {
                while let Some(chunk) = b.get(i..i + 8) {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(chunk);
                    let x = u64::from_le_bytes(w);
                    // High bit of each byte that is non-ASCII or at most 0x20 (adding 0x5f
                    // to the low seven bits never carries into the next byte).
                    let special = (x | !((x & LOW7) + SPACE_EDGE)) & HIGH;
                    if special != 0 {
                        i += (special.trailing_zeros() / 8) as usize;
                        break;
                    }
                    i += 8;
                }
                let Some(&c) = b.get(i) else { break };
                if c < 0x80 {
                    if is_ascii_space(c) {
                        break;
                    }
                    i += 1;
                } else {
                    ascii = false;
                    let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) else {
                        // Not a char boundary: cannot happen in a str; end the sentence.
                        i = b.len();
                        break;
                    };
                    if ch.is_whitespace() {
                        break;
                    }
                    i += ch.len_utf8();
                }
            }
            tokens += 1;
            // The word: the token trimmed of non-alphanumeric characters.
            let id = if ascii {
                let mut first = start;
                while first < i && !b[first].is_ascii_alphanumeric() {
                    first += 1;
                }
                let mut end = i;
                while end > first && !b[end - 1].is_ascii_alphanumeric() {
                    end -= 1;
                }
                if first == end {
                    continue;
                }
                usable = true;
                if end - first <= 15 {
                    self.short_id(pack_ascii_lower(b, first, end - first), scratch)
                } else {
                    s.get(first..end)
                        .map_or(NOT_A_TERM, |word| self.word_id(word, scratch))
                }
            } else {
                let word = s
                    .get(start..i)
                    .unwrap_or_default()
                    .trim_matches(|c: char| !c.is_alphanumeric());
                if word.is_empty() {
                    continue;
                }
                usable = true;
                self.word_id(word, scratch)
            };
            if id != NOT_A_TERM {
                ids.push(id);
            }
        }
        ids.sort_unstable();
        let mut last: Option<usize> = None;
        for &t in &ids {
            match last.and_then(|l| out.get_mut(l)) {
                Some((prev, count)) if *prev == t => *count += 1,
                _ => {
                    last = Some(out.len());
                    out.push((t, 1));
                }
            }
        }
        scratch.ids = ids;
        (tokens, usable)
    }

    /// The term id of a word that is not short ASCII: lower-cased (curly apostrophes made
    /// straight), then looked up.
    fn word_id(&self, word: &str, scratch: &mut Scratch) -> u32 {
        let mut buf = std::mem::take(&mut scratch.buf);
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
        let id = match pack(&buf) {
            Some(key) => self.short_id(key, scratch),
            None => match scratch.long.get(buf.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.new_form(&buf, scratch);
                    scratch.long.insert(Box::from(buf.as_str()), id);
                    id
                }
            },
        };
        scratch.buf = buf;
        id
    }

    /// The term id of a packed lower-cased form.
    #[inline(always)]
    fn short_id(&self, key: u128, scratch: &mut Scratch) -> u32 {
        match scratch.short.find(key) {
            Ok(id) => id,
            Err(slot) => {
                let id = self.new_short(key, scratch);
                scratch.short.insert_at(slot, key, id);
                id
            }
        }
    }

    /// The term id of a packed form first seen in this document.
    #[inline(never)]
    fn new_short(&self, key: u128, scratch: &mut Scratch) -> u32 {
        let bytes = key.to_le_bytes();
        let len = usize::from(bytes[15]).min(15);
        if self.stemmer.is_none() && bytes[0] < 0x80 {
            // An ASCII first character: [`is_term`] without rebuilding the string. One byte is
            // a lone character (a term only when a digit); more bytes are at least two
            // characters, so only the stop list decides.
            let term = if len == 1 {
                bytes[0].is_ascii_digit()
            } else {
                !is_stop_key(key)
            };
            return if term {
                next_term(&mut scratch.n_terms)
            } else {
                NOT_A_TERM
            };
        }
        match std::str::from_utf8(&bytes[..len]) {
            Ok(form) => self.new_form(form, scratch),
            Err(_) => NOT_A_TERM,
        }
    }

    /// The term id of a form first seen in this document.
    fn new_form(&self, lower: &str, scratch: &mut Scratch) -> u32 {
        self.form_id(lower, &mut scratch.lexicon, &mut scratch.n_terms)
    }

    fn form_id(&self, lower: &str, lexicon: &mut Lexicon, n_terms: &mut u32) -> u32 {
        match &self.stemmer {
            Some(stemmer) => lexicon.term(lower, stemmer),
            None if is_term(lower) => next_term(n_terms),
            None => NOT_A_TERM,
        }
    }
}

/// A new term id when not stemming: a term is its form, so a new form is a new term.
#[inline]
fn next_term(n_terms: &mut u32) -> u32 {
    let id = *n_terms;
    *n_terms += 1;
    id
}

/// The low seven bits of every byte of a `u64`.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
/// Added to the low seven bits, sets the high bit exactly when they exceed 0x20 (space).
const SPACE_EDGE: u64 = 0x5f5f_5f5f_5f5f_5f5f;
/// The high bit of every byte of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `char::is_whitespace` for an ASCII byte (tab, line feed, vertical tab, form feed, carriage
/// return, space).
#[inline]
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t'..=b'\r')
}

/// [`pack`] of the lower-cased ASCII word `text[start..start + len]` (1 <= len <= 15), read as
/// one 16-byte load where the text allows and lower-cased all sixteen bytes at once.
#[inline]
pub(crate) fn pack_ascii_lower(text: &[u8], start: usize, len: usize) -> u128 {
    const ONES: u128 = u128::MAX / 255;
    let len = len.min(15);
    let load = |at: usize| {
        let mut w = [0u8; 16];
        if let Some(chunk) = text.get(at..at + 16) {
            w.copy_from_slice(chunk);
        }
        u128::from_le_bytes(w)
    };
    let x = if start + 16 <= text.len() {
        load(start)
    } else if text.len() >= 16 {
        // Near the end: load the last 16 bytes and shift the word down to byte 0.
        let at = text.len() - 16;
        load(at) >> (8 * (start - at))
    } else {
        // A text shorter than 16 bytes: byte by byte.
        let word = text.get(start..start + len).unwrap_or_default();
        word.iter()
            .rev()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b))
    };
    let x = x & ((1u128 << (8 * len)) - 1);
    // Bytes are ASCII (< 0x80), so adding 0x3f or 0x25 never carries into the next byte; the
    // high bit then says ">= 'A'" and "> 'Z'".
    let upper = x.wrapping_add(ONES * 0x3f) & !x.wrapping_add(ONES * 0x25) & (ONES * 0x80);
    (x | (upper >> 2)) | ((len as u128) << 120)
}

/// `word` (at most 15 bytes) and its length in one integer; `None` when longer.
pub(crate) fn pack(word: &str) -> Option<u128> {
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
        Analyzer::new(true).analyze(sents, &[]).0
    }

    #[test]
    fn stems_and_interns_across_sentences() {
        let a = analyze(&["Markets rallied.", "The market rallies today!"]);
        // market, ralli, today
        assert_eq!(a.n_terms, 3);
        assert_eq!(a.terms(0), vec![(0, 1), (1, 1)]);
        assert_eq!(a.terms(1), vec![(0, 1), (1, 1), (2, 1)]);
        assert_eq!(a.term_frequencies(), vec![2, 2, 1]);
        assert_eq!(a.document_frequencies(), vec![2, 2, 1]);
        assert_eq!(a.tokens[1], 4);
    }

    #[test]
    fn drops_stop_words_and_single_letters_but_keeps_digits() {
        let a = analyze(&["BA's profit was 7 times the forecast x."]);
        // ba's, profit, 7, time, forecast
        assert_eq!(a.n_terms, 5);
        assert_eq!(a.tokens[0], 8);
    }

    #[test]
    fn words_are_whitespace_tokens_trimmed_of_punctuation() {
        let a = Analyzer::new(false)
            .analyze(
                &["(Larger-than-expected) \"profits\", BA\u{2019}s \u{a3}75m!"],
                &[],
            )
            .0;
        assert_eq!(a.n_terms, 4, "larger-than-expected, profits, ba's, 75m");
        let b = Analyzer::new(false)
            .analyze(&["BA's profits", "ba\u{2019}s PROFITS"], &[])
            .0;
        assert_eq!(b.terms(0), b.terms(1));
    }

    #[test]
    fn counts_repeats_within_a_sentence() {
        let a = analyze(&["Rain, rain and more RAIN."]);
        assert_eq!(a.terms(0), vec![(0, 3)]);
    }

    #[test]
    fn non_ascii_words_are_lower_cased() {
        let a = analyze(&["Ökonomie wächst", "ökonomie"]);
        assert_eq!(a.terms(1).len(), 1);
        assert_eq!(a.terms(0)[0].0, a.terms(1)[0].0);
    }

    #[test]
    fn extra_texts_share_ids() {
        let (a, extra) =
            Analyzer::new(true).analyze(&["Fuel prices hit profits."], &["Profit hit by fuel"]);
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
                &[
                    "internationalisation internationalisations",
                    "Internationalisation",
                ],
                &[],
            )
            .0;
        assert_eq!(a.n_terms, 2);
        assert_eq!(a.terms(1), vec![(0, 1)]);
    }

    #[test]
    fn ids_are_per_document_whatever_came_before() {
        let an = Analyzer::new(false);
        let first = an.analyze(&["gold silver copper", "copper"], &[]).0;
        for _ in 0..3 {
            // Same words in another order: ids follow this document's order only.
            let b = an.analyze(&["copper tin", "gold copper"], &[]).0;
            assert_eq!(b.n_terms, 3);
            assert_eq!(b.terms(0), vec![(0, 1), (1, 1)]);
            assert_eq!(b.terms(1), vec![(0, 1), (2, 1)]);
            let again = an.analyze(&["gold silver copper", "copper"], &[]).0;
            assert_eq!(
                (again.terms(0), again.terms(1)),
                (first.terms(0), first.terms(1))
            );
            assert_eq!(again.term_frequencies(), vec![1, 1, 2]);
        }
    }

    /// The analysis as first written (split_whitespace, trim_matches, per-token lower-casing
    /// into a String, ids by first appearance): the fast scanner must agree with it exactly.
    type Reference = (Vec<Vec<(u32, u32)>>, Vec<u32>, Vec<bool>);

    fn reference(sents: &[&str]) -> Reference {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let (mut all, mut tokens, mut usable) = (Vec::new(), Vec::new(), Vec::new());
        for s in sents {
            let mut found = Vec::new();
            let mut n = 0;
            for raw in s.split_whitespace() {
                n += 1;
                let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
                if word.is_empty() {
                    continue;
                }
                let lower: String = word
                    .chars()
                    .flat_map(|c| match c {
                        '\u{2019}' | '\u{2018}' => vec!['\''],
                        c => c.to_lowercase().collect(),
                    })
                    .collect();
                if is_term(&lower) {
                    let next = ids.len() as u32;
                    found.push(*ids.entry(lower).or_insert(next));
                }
            }
            found.sort_unstable();
            let mut terms: Vec<(u32, u32)> = Vec::new();
            for t in found {
                match terms.last_mut() {
                    Some((l, c)) if *l == t => *c += 1,
                    _ => terms.push((t, 1)),
                }
            }
            all.push(terms);
            tokens.push(n);
            usable.push(s.chars().any(char::is_alphanumeric));
        }
        (all, tokens, usable)
    }

    fn agrees_with_reference(sents: &[&str]) {
        let a = Analyzer::new(false).analyze(sents, &[]).0;
        let (terms, tokens, usable) = reference(sents);
        for (i, t) in terms.iter().enumerate() {
            assert_eq!(a.terms(i), t.as_slice(), "sentence {i} of {sents:?}");
        }
        assert_eq!(a.tokens, tokens, "{sents:?}");
        assert_eq!(a.usable, usable, "{sents:?}");
    }

    #[test]
    fn scanner_agrees_with_the_reference() {
        agrees_with_reference(&[
            "Tab\tVT\u{b}FF\u{c}CR\rLF\nend",
            "No\u{a0}break\u{2003}em\u{3000}ideographic \u{85}next",
            "\u{201c}Quoted,\u{201d} said BA\u{2019}s boss: \"Profits\" (up 5%)...",
            "ÉCOLE école Straße STRASSE İstanbul ΣΟΦΙΑ σοφια",
            "x y z 7 8 9 a1 1a -- ... !?",
            "ABCDEFGHIJKLMNO abcdefghijklmnop MixedCaseWordsThatRunLong",
            "end-of-text-word-near-the-end THE",
            "",
            "   ",
        ]);
        for c in 0u8..128 {
            let ch = char::from(c);
            assert_eq!(is_ascii_space(c), ch.is_whitespace(), "{c}");
        }
    }

    proptest::proptest! {
        #[test]
        fn scanner_agrees_on_any_text(s in "[ a-zA-Z0-9.,'\"\t\n\u{a0}\u{2019}\u{201c}éÉß€-]{0,80}") {
            agrees_with_reference(&[&s, "Repeated words here", &s]);
        }
    }

    #[test]
    fn packed_ascii_matches_pack_at_every_position() {
        for text in ["Short One", "A sentence of some length ends HERE", "x"] {
            let b = text.as_bytes();
            for start in 0..b.len() {
                for len in 1..=(b.len() - start).min(15) {
                    let word = &text[start..start + len];
                    assert_eq!(
                        Some(pack_ascii_lower(b, start, len)),
                        pack(&word.to_ascii_lowercase()),
                        "{word:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn packed_ascii_matches_pack() {
        let text = b"Hello WORLD [zZaA@`{] abcdefghijklmnoXYZ";
        for (start, len) in [(0, 5), (6, 5), (12, 9), (22, 15), (30, 10), (37, 3)] {
            let word = std::str::from_utf8(&text[start..start + len]).unwrap();
            assert_eq!(
                Some(pack_ascii_lower(text, start, len)),
                pack(&word.to_ascii_lowercase()),
                "{word}"
            );
        }
    }

    #[test]
    fn stemmed_ids_are_per_document_too() {
        let an = Analyzer::new(true);
        for _ in 0..3 {
            let a = an
                .analyze(&["Markets rallied", "Rallies lifted markets"], &[])
                .0;
            assert_eq!(a.n_terms, 3);
            assert_eq!(a.terms(1), vec![(0, 1), (1, 1), (2, 1)]);
            let b = an.analyze(&["Lifted", "markets"], &[]).0;
            assert_eq!((b.terms(0), b.terms(1)), (&[(0, 1)][..], &[(1, 1)][..]));
        }
    }

    #[test]
    fn a_large_document_grows_the_table() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let a = Analyzer::new(false)
            .analyze(&["short", &text, "w4999 w0"], &[])
            .0;
        assert_eq!(a.n_terms, 5001);
        assert_eq!(a.terms(2), vec![(1, 1), (5000, 1)]);
    }

    #[test]
    fn form_table_works_before_a_reset() {
        let mut t = FormTable::default();
        let key = pack("gold").unwrap();
        let slot = t.find(key).unwrap_err();
        t.insert_at(slot, key, 7);
        assert_eq!(t.find(key), Ok(7));
        for i in 0..1000u32 {
            let k = pack(&format!("k{i}")).unwrap();
            if let Err(slot) = t.find(k) {
                t.insert_at(slot, k, i);
            }
        }
        assert_eq!(t.find(pack("k999").unwrap()), Ok(999));
        assert_eq!(t.find(key), Ok(7));
    }

    #[test]
    fn empty_input() {
        let a = analyze(&["", "  ...  "]);
        assert_eq!(a.n_terms, 0);
        assert!((0..2).all(|i| a.terms(i).is_empty()));
        assert_eq!(a.usable, vec![false, false]);
        assert_eq!(a.tokens[1], 1);
    }
}
