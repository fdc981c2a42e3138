//! YAKE-style statistical keyphrases (Campos et al., 2020), without any trained model.
//!
//! Every word (lower-cased) gets five features from the document alone:
//! - casing `T_case = max(TF_upper, TF_acronym) / (1 + ln TF)` (capitalized away from a
//!   sentence start, or all caps);
//! - position `T_pos = ln(ln(3 + median sentence index))` (early words matter more);
//! - frequency `T_fnorm = TF / (mean TF + std TF)` over non-stopwords;
//! - relatedness to context `T_rel = 1 + (D_L + D_R) · TF / max TF`, where `D_L`, `D_R` are the
//!   share of distinct left and right neighbours (words seen next to many different words are
//!   less specific);
//! - spread `T_sent = sentences with the word / all sentences`.
//!
//! `S(t) = T_rel · T_pos / (T_case + T_fnorm / T_rel + T_sent / T_rel)` (lower is better).
//!
//! Candidates are runs of up to `max_words` words inside one sentence with no punctuation,
//! number, stopword, unit, calendar word or past-tense verb in them (YAKE allows inner
//! stopwords; without a part-of-speech tagger they mostly yield clause fragments such as "part
//! of President"), and not starting or ending inside a named entity. A candidate scores
//! `S(k) = Π S(t) / (TF(k) · (1 + Σ S(t)))`. Candidates are ranked by `S(k)` (ties: the earlier
//! first occurrence, then the shorter phrase, so the order is deterministic); near-duplicates of
//! a better candidate (same words up to a plural "s", one's words inside the other's, half the
//! words shared, or edit-distance similarity ≥ 0.8) are dropped; the reported score is
//! `1 / (1 + S(k))`, so higher is better.

use crate::tokens::{Kind, Tokens};
use std::sync::LazyLock;
use textpipe_core::{Keyword, Span};

/// Counts of one (lower-cased) word. Only `tf` and `stop` are complete for stop terms: the rest
/// feeds the score, which only non-stop terms get.
#[derive(Default, Clone)]
struct Term {
    tf: u32,
    upper: u32,
    acronym: u32,
    stop: bool,
    /// Last sentence seen (u32::MAX before the first).
    last_sent: u32,
    /// Number of distinct sentences.
    n_sents: u32,
    /// Median sentence index (filled after counting).
    median: f64,
    left_total: u32,
    right_total: u32,
    left_distinct: u32,
    right_distinct: u32,
}

fn is_acronym(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.len() > 1
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && b.iter().any(u8::is_ascii_uppercase);
    }
    s.len() > 1
        && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && s.chars().any(char::is_uppercase)
}

/// Words that never belong to a keyphrase: stopwords, calendar words (they say when, not
/// what), units and scale words ("euros", "bn"), and past-tense verbs ("-ed" and common
/// irregular ones), which otherwise glue clause fragments such as "Exel closed".
fn is_edge_stop(lc: &str) -> bool {
    EDGE_STOP_SET.contains(lc)
        || (lc.len() > 4 && lc.ends_with("ed") && !matches!(lc, "speed" | "breed" | "seed"))
}

/// The words of [`is_edge_stop`] that no other list holds (month abbreviations come from
/// `textpipe_lexicon::names`).
const EDGE_STOPS: &[&str] = &[
    "vs",
    "according",
    "became",
    "began",
    "bought",
    "brought",
    "built",
    "cent",
    "cut",
    "fell",
    "felt",
    "fought",
    "found",
    "gave",
    "given",
    "gone",
    "grew",
    "held",
    "hit",
    "includes",
    "including",
    "kept",
    "knew",
    "led",
    "left",
    "lost",
    "made",
    "meant",
    "met",
    "paid",
    "per",
    "percentage",
    "ran",
    "rose",
    "saw",
    "says",
    "seen",
    "sent",
    // Titles left over when a person's name stands alone ("Sir Clive Woodward").
    "sir",
    "dame",
    "shown",
    "sold",
    "spent",
    "stood",
    "struck",
    "taken",
    "thought",
    "went",
    "won",
];

/// Every listed word of [`is_edge_stop`] in one set: one lookup per new term instead of six.
static EDGE_STOP_SET: LazyLock<crate::tokens::WordSet> = LazyLock::new(|| {
    use crate::quantities::{CURRENCY_WORDS, MEASURE_UNITS, MULTIPLIERS};
    let mut words: Vec<&'static str> = Vec::new();
    words.extend_from_slice(crate::tokens::STOPWORDS);
    words.extend_from_slice(&crate::dates::FULL_MONTHS);
    words.extend_from_slice(&crate::dates::WEEKDAYS);
    words.extend_from_slice(&textpipe_lexicon::names::MONTH_ABBREVIATIONS);
    for (_, group) in CURRENCY_WORDS.iter().chain(MEASURE_UNITS) {
        words.extend_from_slice(group);
    }
    for (_, group) in MULTIPLIERS {
        words.extend_from_slice(group);
    }
    words.extend_from_slice(EDGE_STOPS);
    crate::tokens::WordSet::new(&words)
});

/// A token usable inside a keyphrase: a word with at least one letter, not a lone letter.
fn usable(t: &Tokens<'_>, i: usize) -> bool {
    // Words glued to a number are scale or unit suffixes ("bn" in "$5bn").
    let Some(tok) = t.toks.get(i) else {
        return false;
    };
    if tok.kind != Kind::Word || (t.glued(i) && t.is_num(i - 1)) {
        return false;
    }
    match t.text.as_bytes().get(tok.start) {
        // An ASCII first letter is one byte: a second char follows when there is more.
        Some(&c) if c < 0x80 => tok.end - tok.start >= 2,
        _ => {
            let mut c = t.s(i).chars();
            c.next();
            c.next().is_some()
        }
    }
}

/// Per-token flag of [`Scratch::flags`]: the token cannot start a phrase (it continues an
/// entity).
const NO_START: u8 = 1;
/// The token cannot end a phrase (an entity continues after it).
const NO_END: u8 = 2;
/// The token starts a person's name: no phrase runs into it from before ("Minister Tony
/// Blair" gives "Tony Blair", not a title glued to the name).
const NAME_FIRST: u8 = 4;
/// The token ends a person's name: no phrase runs on past it ("Fuller receive").
const NAME_LAST: u8 = 8;

/// One node of the phrase trie: a run of term ids, found from its prefix node and last term
/// (`prefix << 32 | term` in [`Scratch::node_table`]). Nodes `0..terms` are the single words
/// (node id = term id).
#[derive(Clone, Copy)]
struct Node {
    /// Occurrences as a candidate (0: never a candidate).
    count: u32,
    /// Token index of the first occurrence.
    first: u32,
    /// First token of the preferred surface form.
    surface: u32,
    /// Words in the phrase.
    len: u32,
    surface_at_start: bool,
}

/// Buffers reused from one document to the next (one set per thread), so that a document
/// allocates only its output.
#[derive(Default)]
struct Scratch {
    flags: Vec<u8>,
    tid: Vec<u32>,
    terms: Vec<Term>,
    /// Byte range of each term's first occurrence in the lower-cased text.
    term_text: Vec<(u32, u32)>,
    /// Open-addressing table of terms: `(word key, length, term id + 1)`, id 0 = empty.
    term_slots: Vec<(u64, u32, u32)>,
    occ: Vec<(u32, u32)>,
    seen: Vec<u32>,
    cands: Vec<u32>,
    /// Ids of the non-stop terms.
    scored: Vec<u32>,
    /// [`is_edge_stop`] of recent short words, by word key and length (length `u32::MAX` =
    /// empty), kept from one document to the next: common words are looked up once.
    stop_cache: Vec<(u64, u32, bool)>,
    score: Vec<f64>,
    nodes: Vec<Node>,
    /// Phrase nodes by key.
    node_table: KeyTable,
    ranked: Vec<(f64, usize, (usize, usize))>,
    phrases: Vec<Phrase>,
}

impl Node {
    /// A phrase of `len` words, not yet seen as a candidate.
    fn new(len: u32) -> Node {
        Node {
            count: 0,
            first: 0,
            surface: 0,
            len,
            surface_at_start: false,
        }
    }
}

/// An open-addressing map from `u64` keys (never [`NO_KEY`]) to `u32` values that keeps its
/// buffer from one document to the next and doubles when half full.
#[derive(Default)]
struct KeyTable {
    slots: Vec<(u64, u32)>,
    bits: u32,
    len: usize,
}

impl KeyTable {
    /// Empties the table, sized for about `items` keys.
    fn reset(&mut self, items: usize) {
        let size = table_size(items);
        self.slots.clear();
        self.slots.resize(size, (NO_KEY, 0));
        self.bits = size.trailing_zeros();
        self.len = 0;
    }

    /// The value of `key`, after inserting `value` for it when absent (then `true`).
    #[inline(always)]
    fn get_or_insert(&mut self, key: u64, value: usize) -> (u32, bool) {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut pos = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize;
        loop {
            let (k, v) = self.slots[pos];
            if k == key {
                return (v, false);
            }
            if k == NO_KEY {
                self.slots[pos] = (key, value as u32);
                self.len += 1;
                return (value as u32, true);
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Doubles the table (or gives it its first slots).
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let size = (old.len() * 2).max(16);
        self.slots.resize(size, (NO_KEY, 0));
        self.bits = size.trailing_zeros();
        let mask = size - 1;
        for (key, v) in old {
            if key == NO_KEY {
                continue;
            }
            let mut pos = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize;
            while self.slots[pos].0 != NO_KEY {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = (key, v);
        }
    }
}

impl Scratch {
    /// Drops buffers grown by an unusually long document, so one outlier does not pin memory.
    fn trim(&mut self) {
        if self.tid.capacity() > 1 << 20 {
            *self = Scratch::default();
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Size of [`Scratch::stop_cache`] in bits.
const STOP_CACHE_BITS: u32 = 11;

/// Empty slot of a [`KeyTable`].
const NO_KEY: u64 = u64::MAX;

/// Eight bytes of `b` from `at`, little-endian (zeros past the end).
#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    if let Some(c) = b.get(at..at + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        u64::from_le_bytes(w)
    } else {
        let rest = b.get(at..).unwrap_or(&[]);
        rest.iter()
            .enumerate()
            .fold(0, |w, (k, &c)| w | u64::from(c) << (8 * k))
    }
}

/// Key of the word `b[start..end]`: its bytes for words of up to eight bytes (so equal keys
/// and lengths mean equal words), a hash of them for longer words.
#[inline(always)]
fn word_key(b: &[u8], start: usize, end: usize) -> u64 {
    let len = end.saturating_sub(start);
    if len <= 8 {
        let w = load8(b, start);
        return if len == 8 {
            w
        } else {
            w & ((1u64 << (8 * len)) - 1)
        };
    }
    long_word_key(b, start, end)
}

/// [`word_key`] of a word longer than eight bytes (kept out of line: most words are short).
#[inline(never)]
fn long_word_key(b: &[u8], start: usize, end: usize) -> u64 {
    const SEED: u64 = 0x517c_c1b7_2722_0a95;
    let len = end.saturating_sub(start);
    let mut h = len as u64;
    let mut at = start;
    while at + 8 < end {
        h = (h.rotate_left(5) ^ load8(b, at)).wrapping_mul(SEED);
        at += 8;
    }
    // The last eight bytes (overlapping the previous chunk).
    h = (h.rotate_left(5) ^ load8(b, end - 8)).wrapping_mul(SEED);
    (h ^ (h >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Slot of a word key in a table of `bits` bits.
#[inline]
fn key_slot(key: u64, len: usize, bits: u32) -> usize {
    ((key ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// Table size (a power of two) for up to `items` entries at most half full.
fn table_size(items: usize) -> usize {
    (items * 2).max(16).next_power_of_two()
}

/// Top `top` keyphrases of up to `max_words` words. `names` (byte spans of person names,
/// sorted) are phrases of their own: no phrase runs into or out of one.
///
/// `entities` (byte spans, sorted) keep phrases from cutting through a name: a candidate may not
/// start or end inside an entity ("Tajik President Imomali" is no phrase when "Imomali Rakhmon"
/// is a name).
pub(crate) fn extract(
    t: &Tokens<'_>,
    entities: &[Span],
    names: &[Span],
    top: usize,
    max_words: usize,
) -> Vec<Keyword> {
    if t.len() == 0 || top == 0 {
        return Vec::new();
    }
    let run = |s: &mut Scratch| extract_with(s, t, entities, names, top, max_words);
    // A fresh scratch when the thread's own is busy or gone (never in practice).
    SCRATCH
        .try_with(|s| match s.try_borrow_mut() {
            Ok(mut s) => {
                let out = run(&mut s);
                s.trim();
                out
            }
            Err(_) => run(&mut Scratch::default()),
        })
        .unwrap_or_else(|_| run(&mut Scratch::default()))
}

/// [`extract`] with the buffers in `s`: one phase per step of the method (see the module
/// docs), each filling buffers of `s` for the next.
fn extract_with(
    s: &mut Scratch,
    t: &Tokens<'_>,
    entities: &[Span],
    names: &[Span],
    top: usize,
    max_words: usize,
) -> Vec<Keyword> {
    let n = t.len();
    // Token indices and term ids are kept in 32 bits.
    if n >= (1 << 31) || t.text.len() >= u32::MAX as usize {
        return Vec::new();
    }
    mark_entities(s, t, entities, names);
    intern_terms(s, t);
    // 2^25 - 1 or more distinct words (hundreds of MB of text) give no keyphrases: a limit of
    // the earlier phrase keys (25-bit term ids), kept so that the output does not change.
    if s.terms.is_empty() || s.terms.len() >= (1 << 25) - 1 {
        return Vec::new();
    }
    median_sentences(s);
    count_neighbours_and_candidates(s, t, max_words.clamp(1, 5));
    score_terms(s, t);
    rank_candidates(s);
    choose(s, t, top)
}

/// Fills [`Scratch::flags`]: per token, does it continue an entity (cannot start a phrase), is
/// an entity continued after it (cannot end a phrase), does a person's name start or end at it?
fn mark_entities(s: &mut Scratch, t: &Tokens<'_>, entities: &[Span], names: &[Span]) {
    let n = t.len();
    let flags = &mut s.flags;
    flags.clear();
    flags.resize(n, 0);
    let mut k = 0usize;
    for (tok, f) in t.toks.iter().zip(flags.iter_mut()) {
        while k < entities.len() && entities[k].end <= tok.start {
            k += 1;
        }
        if let Some(e) = entities.get(k) {
            if e.start < tok.start && tok.start < e.end {
                *f |= NO_START;
            }
            if e.start < tok.end && tok.end < e.end {
                *f |= NO_END;
            }
        }
    }
    for name in names {
        let a = t.at_or_after(name.start);
        let b = t.at_or_after(name.end);
        if a < b && b <= n {
            flags[a] |= NAME_FIRST;
            flags[b - 1] |= NAME_LAST;
        }
    }
}

/// Interns the usable words as terms ([`Scratch::terms`], per token in [`Scratch::tid`]) and
/// counts their frequency, casing and sentences ([`Scratch::occ`] for the median).
///
/// Over 80 lines on purpose: the table probe, the stop-word cache and the counting are one
/// pass over the tokens in the hottest loop of the stage; split, the loop would carry the
/// borrowed buffers through helpers.
fn intern_terms(s: &mut Scratch, t: &Tokens<'_>) {
    let n = t.len();
    // Intern terms in an open-addressing table keyed by the lower-cased bytes.
    let lower = t.lower.as_bytes();
    let slots = &mut s.term_slots;
    slots.clear();
    slots.resize(table_size(n), (0, 0, 0));
    let mask = slots.len() - 1;
    let bits = slots.len().trailing_zeros();
    let (terms, term_text) = (&mut s.terms, &mut s.term_text);
    terms.clear();
    term_text.clear();
    // (term, sentence) once per sentence a term occurs in, for the median position.
    let occ = &mut s.occ;
    occ.clear();
    let tid = &mut s.tid;
    tid.clear();
    tid.resize(n, u32::MAX);
    let stop_cache = &mut s.stop_cache;
    if stop_cache.is_empty() {
        stop_cache.resize(1 << STOP_CACHE_BITS, (0, u32::MAX, false));
    }
    for (i, id_slot) in tid.iter_mut().enumerate() {
        if !usable(t, i) {
            continue;
        }
        let tok = &t.toks[i];
        let len = tok.end - tok.start;
        let key = word_key(lower, tok.start, tok.end);
        let mut pos = key_slot(key, len, bits);
        let id = loop {
            let (slot_key, slot_len, slot) = slots[pos];
            if slot == 0 {
                let id = terms.len() as u32;
                slots[pos] = (key, len as u32, id + 1);
                term_text.push((tok.start as u32, tok.end as u32));
                // A word of up to eight bytes is its key: its answer can be cached.
                let stop = if len <= 8 {
                    let entry = &mut stop_cache[key_slot(key, len, STOP_CACHE_BITS)];
                    if entry.0 != key || entry.1 != len as u32 {
                        *entry = (key, len as u32, is_edge_stop(t.lc(i)));
                    }
                    entry.2
                } else {
                    is_edge_stop(t.lc(i))
                };
                terms.push(Term {
                    // Calendar words say when, not what: they never start or end a keyphrase.
                    stop,
                    last_sent: u32::MAX,
                    ..Term::default()
                });
                break id;
            }
            if slot_key == key && slot_len as usize == len {
                if len <= 8 {
                    break slot - 1;
                }
                let (a, b) = term_text[slot as usize - 1];
                if lower.get(a as usize..b as usize) == lower.get(tok.start..tok.end) {
                    break slot - 1;
                }
            }
            pos = (pos + 1) & mask;
        };
        *id_slot = id;
        let term = &mut terms[id as usize];
        term.tf += 1;
        if t.is_cap(i) && !term.stop {
            if is_acronym(t.s(i)) {
                term.acronym += 1;
            } else if !tok.sent_start {
                term.upper += 1;
            }
        }
        let sent = tok.sent;
        if term.last_sent != sent {
            term.last_sent = sent;
            term.n_sents += 1;
            // Only scored (non-stop) terms need their median.
            if !term.stop {
                occ.push((id, sent));
            }
        }
    }
}

/// The median sentence index of every scored term.
fn median_sentences(s: &mut Scratch) {
    let terms = &mut s.terms;
    let occ = &s.occ;
    // Median sentence per term without sorting: `occ` is in text order, so each term's
    // sentences arrive ascending; pick the middle one(s) as they pass.
    let seen = &mut s.seen;
    seen.clear();
    seen.resize(terms.len(), 0);
    for &(id, sent) in occ.iter() {
        let (id, sent_f) = (id as usize, f64::from(sent));
        let k = seen[id];
        seen[id] += 1;
        let term = &mut terms[id];
        let count = term.n_sents;
        if count % 2 == 1 {
            if k == count / 2 {
                term.median = sent_f;
            }
        } else if k + 1 == count / 2 {
            term.median = sent_f;
        } else if k == count / 2 {
            term.median = (term.median + sent_f) / 2.0;
        }
    }
}

/// Counts distinct left and right neighbours of every term and collects the candidate phrases
/// ([`Scratch::cands`], nodes of the phrase trie [`Scratch::nodes`]) in one pass.
///
/// Over 80 lines on purpose: pair counting and phrase chaining share the node of the pair
/// found at each token, so they stay one loop.
fn count_neighbours_and_candidates(s: &mut Scratch, t: &Tokens<'_>, max_words: usize) {
    let n = t.len();
    let (terms, tid, flags) = (&mut s.terms, &s.tid, &s.flags);
    // Phrase trie: single words are nodes `0..terms`, longer phrases are found by their prefix
    // node and last term (`prefix << 32 | term`), so two-word keys are pairs of term ids and
    // never meet longer phrases' keys (their prefixes are numbered from `terms.len()` up).
    let nodes = &mut s.nodes;
    nodes.clear();
    nodes.resize(terms.len(), Node::new(1));
    let table = &mut s.node_table;
    table.reset(terms.len() * 2);
    // Candidates, by node id in order of first occurrence.
    let cands = &mut s.cands;
    cands.clear();
    // Nodes of the phrases ending at the previous token, by length - 1 (`u32::MAX`: none).
    let mut prev_chain = [u32::MAX; 5];
    // One pass: co-occurrence with the adjacent word (window 1) inside a sentence, counting
    // distinct neighbours as new pairs come up, and the candidate phrases ending at each token
    // (each phrase's occurrences come up in text order, as its first one and surface form
    // need).
    for j in 0..n {
        let b = tid[j];
        let mut chain = [u32::MAX; 5];
        let mut link = false;
        let mut pair = u32::MAX;
        if j > 0 {
            let a = tid[j - 1];
            if a != u32::MAX && b != u32::MAX && t.toks[j - 1].sent == t.toks[j].sent {
                let (ta, tb) = (a as usize, b as usize);
                // Neighbour counts matter for scored (non-stop) terms only, and no phrase
                // holds a stop term: a pair of stop terms changes nothing.
                if !(terms[ta].stop && terms[tb].stop) {
                    terms[ta].right_total += 1;
                    terms[tb].left_total += 1;
                    let (node, new) =
                        table.get_or_insert(u64::from(a) << 32 | u64::from(b), nodes.len());
                    if new {
                        nodes.push(Node::new(2));
                        terms[ta].right_distinct += 1;
                        terms[tb].left_distinct += 1;
                    }
                    pair = node;
                    // The token continues a phrase: same sentence, only spaces between, and
                    // no person's name starts at it or ended just before.
                    link = !terms[tb].stop
                        && adjacent_words(t, j)
                        && flags[j] & NAME_FIRST == 0
                        && flags[j - 1] & NAME_LAST == 0;
                }
            }
        }
        if b != u32::MAX && !terms[b as usize].stop && flags[j] & NO_START == 0 {
            chain[0] = b;
        }
        if link {
            for len in 2..=max_words {
                let prefix = prev_chain[len - 2];
                if prefix == u32::MAX {
                    continue;
                }
                chain[len - 1] = if len == 2 {
                    pair
                } else {
                    let key = u64::from(prefix) << 32 | u64::from(b);
                    let (node, new) = table.get_or_insert(key, nodes.len());
                    if new {
                        nodes.push(Node::new(len as u32));
                    }
                    node
                };
            }
        }
        if flags[j] & NO_END == 0 {
            for (k, &node) in chain.iter().enumerate().take(max_words) {
                if node == u32::MAX {
                    continue;
                }
                let i = j - k;
                let at_start = t.toks[i].sent_start;
                let c = &mut nodes[node as usize];
                if c.count == 0 {
                    cands.push(node);
                    c.first = i as u32;
                    c.surface = i as u32;
                    c.surface_at_start = at_start;
                }
                c.count += 1;
                if c.surface_at_start && !at_start {
                    c.surface = i as u32;
                    c.surface_at_start = false;
                }
            }
        }
        prev_chain = chain;
    }
}

/// The YAKE score `S(t)` of every term into [`Scratch::score`] (0 for stop terms).
fn score_terms(s: &mut Scratch, t: &Tokens<'_>) {
    let terms = &s.terms;
    // Frequency statistics over non-stopwords (in term order, so the float sums are those of
    // a plain loop).
    let scored = &mut s.scored;
    scored.clear();
    scored.extend((0..terms.len() as u32).filter(|&id| !terms[id as usize].stop));
    let n_valid = scored.len();
    let (mean, std, max_tf) = if n_valid == 0 {
        (1.0, 0.0, 1.0)
    } else {
        // Whole counts below 2^53 add up exactly, in any order.
        let sum: u64 = scored
            .iter()
            .map(|&id| u64::from(terms[id as usize].tf))
            .sum();
        let m = sum as f64 / n_valid as f64;
        let var = scored.iter().fold(0.0, |acc, &id| {
            let d = f64::from(terms[id as usize].tf) - m;
            acc + d * d
        }) / n_valid as f64;
        (m, var.sqrt(), 1.0)
    };
    // As in YAKE, the largest frequency is taken over all words, stopwords included.
    let max_tf = f64::from(terms.iter().map(|x| x.tf).max().unwrap_or(0)).max(max_tf);
    let n_sents = t.n_sents as f64;
    let score = &mut s.score;
    score.clear();
    score.extend(terms.iter().map(|x| {
        // Stop terms are never scored (no phrase holds them).
        if x.stop {
            return 0.0;
        }
        let tf = f64::from(x.tf);
        let t_case = if x.upper == 0 && x.acronym == 0 {
            0.0
        } else {
            f64::from(x.upper.max(x.acronym)) / (1.0 + ln_small(x.tf))
        };
        let t_pos = t_pos(x.median);
        let t_fnorm = tf / (mean + std);
        let dl = if x.left_total == 0 {
            0.0
        } else {
            f64::from(x.left_distinct) / f64::from(x.left_total)
        };
        let dr = if x.right_total == 0 {
            0.0
        } else {
            f64::from(x.right_distinct) / f64::from(x.right_total)
        };
        let t_rel = 1.0 + (dl + dr) * tf / max_tf;
        let t_sent = f64::from(x.n_sents) / n_sents;
        t_rel * t_pos / (t_case + t_fnorm / t_rel + t_sent / t_rel)
    }));
}

/// Every candidate's `S(k)` with its tie-breaks into [`Scratch::ranked`].
fn rank_candidates(s: &mut Scratch) {
    let (terms, nodes, tid, score) = (&s.terms, &s.nodes, &s.tid, &s.score);
    let cands = &s.cands;
    // Rank without building strings.
    let ranked = &mut s.ranked;
    ranked.clear();
    ranked.extend(cands.iter().map(|&id| {
        let c = &nodes[id as usize];
        let (i, len) = (c.surface as usize, c.len as usize);
        let mut prod = 1.0;
        let mut sum = 0.0;
        for &id in &tid[i..i + len] {
            let id = id as usize;
            if !terms[id].stop {
                prod *= score[id];
                sum += score[id];
            }
        }
        (
            prod / (f64::from(c.count) * (1.0 + sum)),
            c.first as usize,
            (i, i + len - 1),
        )
    }));
}

/// The best `top` candidates that are not near-duplicates of a better one, as keyphrases.
fn choose(s: &mut Scratch, t: &Tokens<'_>, top: usize) -> Vec<Keyword> {
    let ranked = &mut s.ranked;
    // Ties: the earlier first occurrence, then the shorter phrase (a total order, since two
    // candidates starting at the same token differ in length).
    let cmp = |a: &(f64, usize, (usize, usize)), b: &(f64, usize, (usize, usize))| {
        a.0.total_cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| (a.2 .1 - a.2 .0).cmp(&(b.2 .1 - b.2 .0)))
    };
    // Only the best few need sorting: take them in chunks (duplicates are skipped, so a chunk
    // may not fill the list) until `top` phrases are chosen or the candidates run out.
    let mut out: Vec<Keyword> = Vec::with_capacity(top);
    // `phrases[..out.len()]` are the chosen phrases, `phrases[out.len()]` the one under test.
    let phrases = &mut s.phrases;
    let chunk = (top * 2).max(8);
    let mut rest: &mut [(f64, usize, (usize, usize))] = ranked;
    'chunks: while !rest.is_empty() {
        let take = chunk.min(rest.len());
        if rest.len() > take {
            rest.select_nth_unstable_by(take - 1, cmp);
        }
        let (head, tail) = rest.split_at_mut(take);
        head.sort_unstable_by(cmp);
        for r in head.iter() {
            if out.len() >= top {
                break 'chunks;
            }
            let k = out.len();
            if phrases.len() <= k {
                phrases.resize_with(k + 1, Phrase::default);
            }
            let (chosen, scratch) = phrases.split_at_mut(k);
            let scratch = &mut scratch[0];
            scratch.set_tokens(t, r.2 .0, r.2 .1);
            if chosen.iter().any(|c| near_duplicate(c, scratch, &t.lower)) {
                continue;
            }
            let text = t.span(r.2 .0, r.2 .1).slice(t.text);
            out.push(Keyword {
                text: text.to_string(),
                score: 1.0 / (1.0 + r.0),
            });
        }
        rest = tail;
    }
    out
}

/// `ln(n)`, from a table for small counts (most words occur a few times).
fn ln_small(n: u32) -> f64 {
    static TABLE: LazyLock<Vec<f64>> =
        LazyLock::new(|| (0..256u32).map(|k| f64::from(k.max(1)).ln()).collect());
    match TABLE.get(n as usize) {
        Some(v) if n > 0 => *v,
        _ => f64::from(n.max(1)).ln(),
    }
}

/// `ln(ln(3 + median))`, from a table for medians under 512 (medians are half-integers).
fn t_pos(median: f64) -> f64 {
    static TABLE: LazyLock<Vec<f64>> = LazyLock::new(|| {
        (0..1024u32)
            .map(|k| (3.0 + f64::from(k) / 2.0).ln().ln())
            .collect()
    });
    let k = median * 2.0;
    let cached = (k >= 0.0 && k.fract() == 0.0)
        .then(|| TABLE.get(k as usize).copied())
        .flatten();
    cached.unwrap_or_else(|| (3.0 + median).ln().ln())
}

/// True when token `j` follows token `j - 1` with only spaces between (no punctuation token).
fn adjacent_words(t: &Tokens<'_>, j: usize) -> bool {
    match (t.toks.get(j - 1), t.toks.get(j)) {
        // Tokens lie on char boundaries, so the bytes between them are the gap's text.
        (Some(a), Some(b)) => t
            .text
            .as_bytes()
            .get(a.end..b.start)
            .is_some_and(|gap| gap.iter().all(|&c| c == b' ' || c == b'\t')),
        _ => false,
    }
}

/// A lower-cased phrase with its word boundaries, for duplicate checks.
#[derive(Default, Clone)]
struct Phrase {
    /// The lower-cased phrase, unless it is `doc_span` of the document's lower-cased text.
    lower: String,
    /// Byte span of the phrase in the document's lower-cased text, when that is its spelling
    /// (ASCII words one space apart); the word ranges then point into the document.
    doc_span: Option<(usize, usize)>,
    /// The first words (plural "s" stripped).
    words: [WordKey; 5],
    n_words: usize,
    chars: usize,
    /// Bit [`WordKey::bit`] of every word: phrases with no bit in common share no word.
    signature: u64,
}

/// A word of a [`Phrase`], comparable without touching its bytes in most cases.
#[derive(Default, Clone, Copy)]
struct WordKey {
    /// Byte offset in the phrase's lower-cased text (see [`Phrase::lower_text`]).
    start: u32,
    len: u32,
    /// The bytes themselves for words of up to 8 bytes (so equal keys mean equal words), a hash
    /// of them for longer ones.
    key: u64,
}

impl WordKey {
    /// One of 64 bits, the same for equal words.
    fn bit(&self) -> u64 {
        1 << ((self.key ^ u64::from(self.len)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)
    }

    /// The word `b[start..end]`.
    fn new(b: &[u8], start: usize, end: usize) -> WordKey {
        WordKey {
            start: start as u32,
            len: (end - start) as u32,
            key: word_key(b, start, end),
        }
    }
}

impl Phrase {
    #[cfg(test)]
    fn new(text: &str) -> Phrase {
        let mut p = Phrase::default();
        p.set(text);
        p
    }

    /// Refills the phrase from `text`, reusing its buffer.
    fn set(&mut self, text: &str) {
        self.doc_span = None;
        self.lower.clear();
        if text.is_ascii() {
            self.lower.push_str(text);
            self.lower.make_ascii_lowercase();
            self.chars = text.len();
        } else {
            self.chars = 0;
            for c in text.chars() {
                self.chars += 1;
                if c.is_ascii() {
                    self.lower.push(c.to_ascii_lowercase());
                } else {
                    self.lower.extend(c.to_lowercase());
                }
            }
        }
        self.n_words = 0;
        let mut pos = 0;
        let lower = self.lower.as_bytes();
        for w in lower.split(|&c| c == b' ') {
            if self.n_words == self.words.len() {
                break;
            }
            let mut len = w.len();
            while len > 0 && w[len - 1] == b's' {
                len -= 1;
            }
            self.words[self.n_words] = WordKey::new(lower, pos, pos + len);
            self.n_words += 1;
            pos += w.len() + 1;
        }
        self.sign();
    }

    /// Fills [`Phrase::signature`] from the words.
    fn sign(&mut self) {
        self.signature = self.words[..self.n_words]
            .iter()
            .fold(0, |sig, w| sig | w.bit());
    }

    /// Refills the phrase from tokens `i..=j` without copying, as [`Phrase::set`] would from
    /// their text, when the text is ASCII with one space between tokens (then a slice of the
    /// document's lower-cased text, split at its spaces into exactly these tokens); otherwise
    /// falls back to [`Phrase::set`].
    fn set_tokens(&mut self, t: &Tokens<'_>, i: usize, j: usize) {
        let text = t.text.as_bytes();
        let simple = t.toks.get(i..=j).is_some_and(|toks| {
            toks.len() <= self.words.len()
                && toks
                    .windows(2)
                    .all(|w| w[1].start == w[0].end + 1 && text.get(w[0].end) == Some(&b' '))
        });
        let span = t.span(i, j);
        let Some(bytes) = text
            .get(span.start..span.end)
            .filter(|b| simple && b.is_ascii())
        else {
            self.set(span.slice(t.text));
            return;
        };
        let lower = t.lower.as_bytes();
        self.doc_span = Some((span.start, span.end));
        self.lower.clear();
        self.chars = bytes.len();
        self.n_words = 0;
        for tok in &t.toks[i..=j] {
            let mut end = tok.end;
            while end > tok.start && lower.get(end - 1) == Some(&b's') {
                end -= 1;
            }
            self.words[self.n_words] = WordKey::new(lower, tok.start, end);
            self.n_words += 1;
        }
        self.sign();
    }

    /// The lower-cased phrase (`doc_lower`: the document's lower-cased text).
    fn lower_text<'a>(&'a self, doc_lower: &'a str) -> &'a str {
        match self.doc_span {
            Some((a, b)) => doc_lower.get(a..b).unwrap_or(""),
            None => &self.lower,
        }
    }

    /// The bytes of word `w` (`doc_lower`: the document's lower-cased text).
    fn word_bytes<'a>(&'a self, w: WordKey, doc_lower: &'a str) -> &'a [u8] {
        let start = w.start as usize;
        let text = match self.doc_span {
            Some(_) => doc_lower.as_bytes(),
            None => self.lower.as_bytes(),
        };
        text.get(start..start + w.len as usize).unwrap_or(&[])
    }

    /// True when word `i` of `self` equals word `j` of `other`.
    fn same_word(&self, i: usize, other: &Phrase, j: usize, doc_lower: &str) -> bool {
        let (a, b) = (self.words[i], other.words[j]);
        if a.len != b.len || a.key != b.key {
            return false;
        }
        if a.len <= 8 {
            return true;
        }
        self.word_bytes(a, doc_lower) == other.word_bytes(b, doc_lower)
    }
}

/// Same words up to a plural "s", one phrase's words contained in the other's, half or more of
/// the words shared, or a high edit-distance similarity (`doc_lower`: the document's lower-cased
/// text, which phrases may point into).
fn near_duplicate(a: &Phrase, b: &Phrase, doc_lower: &str) -> bool {
    let (na, nb) = (a.n_words, b.n_words);
    let shared = if a.signature & b.signature == 0 {
        0
    } else {
        (0..na)
            .filter(|&i| (0..nb).any(|j| a.same_word(i, b, j, doc_lower)))
            .count()
    };
    if shared == na && shared == nb {
        return true;
    }
    let union = na + nb - shared.min(na + nb);
    if shared > 0 && (shared >= na.min(nb) || 2 * shared >= union) {
        return true;
    }
    // Spelling variants ("colour", "color"): same word count and first letter, close lengths.
    let longest = a.chars.max(b.chars);
    if longest == 0 || longest > 64 || na != nb || a.chars.abs_diff(b.chars) * 5 > longest {
        return false;
    }
    let (la, lb) = (a.lower_text(doc_lower), b.lower_text(doc_lower));
    if la.as_bytes().first() != lb.as_bytes().first() {
        return false;
    }
    // Similarity `1 - d / longest` of at least 0.8: the largest distance that passes.
    let pass = |d: usize| 1.0 - d as f64 / longest as f64 >= 0.8;
    let mut max_d = 0;
    while max_d < longest && pass(max_d + 1) {
        max_d += 1;
    }
    levenshtein_at_most(la, lb, max_d)
}

/// True when the edit distance of the first 64 chars of `a` and of `b` is at most `max_d`
/// (stack buffers only; stops as soon as a row of the table exceeds `max_d`, since row minima
/// never decrease).
fn levenshtein_at_most(a: &str, b: &str, max_d: usize) -> bool {
    let mut bc = ['\0'; 64];
    let mut nb = 0;
    for c in b.chars().take(64) {
        bc[nb] = c;
        nb += 1;
    }
    let mut prev = [0usize; 65];
    let mut cur = [0usize; 65];
    for (j, p) in prev.iter_mut().enumerate().take(nb + 1) {
        *p = j;
    }
    for (i, ca) in a.chars().take(64).enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for j in 0..nb {
            let cost = usize::from(ca != bc[j]);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max_d {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[nb] <= max_d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::is_stopword;

    fn sentences(text: &str) -> Vec<Span> {
        let mut v = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '.' {
                v.push(Span::new(start, i + 1));
                start = i + 1;
            }
        }
        if start < text.len() {
            v.push(Span::new(start, text.len()));
        }
        v
    }

    fn kw(text: &str, top: usize) -> Vec<Keyword> {
        let t = Tokens::new(text, &sentences(text));
        extract(&t, &[], &[], top, 3)
    }

    const TEXT: &str = "The Danube Flood Authority warned residents on Monday. \
        Heavy rain has swollen the Danube across the region. \
        The Danube Flood Authority said river levels would peak overnight. \
        Residents in low areas were moved to school buildings. \
        Officials of the Danube Flood Authority expect more rain. \
        Farmers fear the Danube will destroy the harvest.";

    #[test]
    fn recurring_proper_phrases_rank_first() {
        let k = kw(TEXT, 5);
        assert!(!k.is_empty());
        let texts: Vec<&str> = k.iter().map(|x| x.text.as_str()).collect();
        assert!(texts[..2].iter().any(|x| x.contains("Danube")), "{texts:?}");
        // Best first, scores in (0, 1].
        for w in k.windows(2) {
            assert!(w[0].score >= w[1].score);
        }
        assert!(k.iter().all(|x| x.score > 0.0 && x.score <= 1.0));
    }

    #[test]
    fn no_stopword_edges_numbers_or_punctuation() {
        for x in kw(TEXT, 50) {
            let words: Vec<&str> = x.text.split(' ').collect();
            assert!(words.len() <= 3, "{}", x.text);
            assert!(!is_stopword(&words[0].to_lowercase()), "{}", x.text);
            assert!(
                !is_stopword(&words[words.len() - 1].to_lowercase()),
                "{}",
                x.text
            );
            assert!(!x.text.contains(['.', ',']), "{}", x.text);
        }
    }

    #[test]
    fn deterministic_and_deduplicated() {
        let a = kw(TEXT, 20);
        let b = kw(TEXT, 20);
        assert_eq!(a, b);
        let phrases: Vec<Phrase> = a.iter().map(|x| Phrase::new(&x.text)).collect();
        for (i, x) in phrases.iter().enumerate() {
            for y in &phrases[i + 1..] {
                assert!(!near_duplicate(x, y, ""), "{} ~ {}", x.lower, y.lower);
            }
        }
        let dup = |a: &str, b: &str| near_duplicate(&Phrase::new(a), &Phrase::new(b), "");
        assert!(dup("flood", "Floods"));
        assert!(!dup("rain", "region"));
        assert!(dup("flood authority", "danube flood authority"));
        assert!(!dup("flood authority", "river levels"));
        assert!(dup("colour", "color"));
    }

    #[test]
    fn person_names_stand_alone() {
        let text = "Minister Tony Blair met reporters. Minister Tony Blair left early. \
            Tony Blair said the cabinet would act. Minister Tony Blair smiled. Tony Blair \
            government plans were praised.";
        let name = "Tony Blair";
        let mut names = Vec::new();
        let mut from = 0;
        while let Some(p) = text[from..].find(name) {
            names.push(Span::new(from + p, from + p + name.len()));
            from += p + name.len();
        }
        let t = Tokens::new(text, &sentences(text));
        let k = extract(&t, &names, &names, 10, 3);
        assert!(k.iter().any(|x| x.text == name), "{k:?}");
        for x in &k {
            assert!(
                !x.text.contains("Minister Tony") && !x.text.contains("Blair government"),
                "a title or noun glued to the name: {k:?}"
            );
        }
        // Without the name spans the title is glued on.
        let k = extract(&t, &names, &[], 10, 3);
        assert!(k.iter().any(|x| x.text == "Minister Tony Blair"), "{k:?}");
    }

    #[test]
    fn phrases_do_not_cut_through_entities() {
        let text = "Minister Anna Maria Berg spoke. Anna Maria Berg left. Anna Maria Berg won.";
        let name = "Anna Maria Berg";
        let mut ents = Vec::new();
        let mut from = 0;
        while let Some(p) = text[from..].find(name) {
            ents.push(Span::new(from + p, from + p + name.len()));
            from += p + name.len();
        }
        let t = Tokens::new(text, &sentences(text));
        let k = extract(&t, &ents, &[], 10, 3);
        assert!(k.iter().any(|x| x.text == name), "{k:?}");
        for x in &k {
            assert!(
                !["Minister Anna Maria", "Maria Berg", "Anna Maria", "Maria"]
                    .contains(&x.text.as_str()),
                "{k:?}"
            );
        }
    }

    #[test]
    fn edge_stops_are_the_union_of_the_word_lists() {
        let reference = |lc: &str| {
            is_stopword(lc)
                || crate::dates::is_calendar_word(lc)
                || crate::quantities::currency_word(lc).is_some()
                || crate::quantities::measure_unit(lc).is_some()
                || crate::quantities::multiplier(lc).is_some()
                || (lc.len() > 4 && lc.ends_with("ed") && !matches!(lc, "speed" | "breed" | "seed"))
                || EDGE_STOPS.contains(&lc)
                || textpipe_lexicon::names::MONTH_ABBREVIATIONS.contains(&lc)
        };
        let mut words: Vec<&str> = EDGE_STOPS.to_vec();
        words.extend_from_slice(crate::tokens::STOPWORDS);
        words.extend_from_slice(&crate::dates::FULL_MONTHS);
        words.extend_from_slice(&crate::dates::WEEKDAYS);
        words.extend_from_slice(&textpipe_lexicon::names::MONTH_ABBREVIATIONS);
        words.extend(["km/h", "dlrs", "mln", "pct", "pence"]);
        for w in &words {
            assert!(is_edge_stop(w), "{w}");
        }
        words.extend([
            "",
            "speed",
            "seed",
            "agreed",
            "red",
            "troops",
            "flood",
            "authority",
            "kms",
            "bn",
            "Monday",
            "é",
            "percentages",
            "ministry",
        ]);
        for w in words {
            assert_eq!(is_edge_stop(w), reference(w), "{w}");
        }
    }

    #[test]
    fn phrases_from_tokens_equal_phrases_from_text() {
        let text = "Floods hit the Danube  basin; Café owners\tfear floods. Grass class Gas \
                    Internationally acclaimed internationalists met";
        let t = Tokens::new(text, &sentences(text));
        let mut fast = Phrase::default();
        let mut slow = Phrase::default();
        let mut fast_paths = 0;
        for i in 0..t.len() {
            for j in i..t.len().min(i + 5) {
                fast.set_tokens(&t, i, j);
                slow.set(t.span(i, j).slice(text));
                fast_paths += usize::from(fast.doc_span.is_some());
                assert_eq!(fast.lower_text(&t.lower), slow.lower_text(&t.lower));
                assert_eq!(
                    (fast.n_words, fast.chars, fast.signature),
                    (slow.n_words, slow.chars, slow.signature)
                );
                for k in 0..fast.n_words {
                    let (a, b) = (fast.words[k], slow.words[k]);
                    assert_eq!((a.len, a.key), (b.len, b.key), "{i}..={j} word {k}");
                    assert!(fast.same_word(k, &slow, k, &t.lower));
                }
                assert!(near_duplicate(&fast, &slow, &t.lower));
            }
        }
        assert!(fast_paths > 20, "{fast_paths}");
    }

    #[test]
    fn edit_distance_bound() {
        let reference = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    cur[j + 1] = (prev[j] + usize::from(ca != cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1);
                }
                prev = cur;
            }
            prev[b.len()]
        };
        let words = [
            "colour", "color", "", "flood", "floods", "kitten", "sitting", "café", "cafe",
        ];
        for a in words {
            for b in words {
                let d = reference(a, b);
                for max_d in 0..8 {
                    assert_eq!(
                        levenshtein_at_most(a, b, max_d),
                        d <= max_d,
                        "{a} {b} {max_d}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_keys_tell_words_apart() {
        let text = b"flood floods flood-hit internationally internationalist flood";
        let words: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut start = 0;
            for w in text.split(|&c| c == b' ') {
                v.push((start, start + w.len()));
                start += w.len() + 1;
            }
            v
        };
        let key = |k: usize| word_key(text, words[k].0, words[k].1);
        // The same word at the end of the buffer (short load) and inside it.
        assert_eq!(key(0), key(5));
        assert_ne!(key(0), key(1));
        assert_ne!(key(1), key(2));
        assert_ne!(key(3), key(4));
        assert_eq!(word_key(text, 0, 0), 0);
        assert_eq!(load8(b"abc", 1), u64::from(b'b') | u64::from(b'c') << 8);
        assert_eq!(load8(b"abc", 9), 0);
    }

    #[test]
    fn log_tables_match_the_formula() {
        for n in [1u32, 2, 7, 255, 256, 10_000] {
            assert!((ln_small(n) - f64::from(n).ln()).abs() < 1e-12);
        }
        for m in [0.0, 0.5, 3.0, 511.5, 512.0, 1e6] {
            assert!((t_pos(m) - (3.0f64 + m).ln().ln()).abs() < 1e-12);
        }
    }

    #[test]
    fn empty_and_stopword_only_input() {
        assert!(kw("", 5).is_empty());
        assert!(kw("the of and to in.", 5).is_empty());
        assert!(kw("123 456 . , !", 5).is_empty());
        assert_eq!(kw("Budapest.", 5).len(), 1);
        assert!(kw(TEXT, 0).is_empty());
    }
}
