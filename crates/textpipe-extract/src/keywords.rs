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

use crate::tokens::{is_stopword, Kind, Tokens};
use std::sync::LazyLock;
use textpipe_core::Span;

type FnvMap<K, V> = crate::tokens::FxMap<K, V>;

/// One keyphrase.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordMatch {
    /// The phrase as first written in the text (away from a sentence start when possible).
    pub text: String,
    /// `1 / (1 + S)`: higher is better.
    pub score: f64,
}

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

struct Cand {
    count: u32,
    first: usize,
    /// Token range of the preferred surface form.
    surface: (usize, usize),
    surface_at_start: bool,
}

fn is_acronym(s: &str) -> bool {
    s.len() > 1
        && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && s.chars().any(char::is_uppercase)
}

/// Words that never belong to a keyphrase: stopwords, calendar words (they say when, not
/// what), units and scale words ("euros", "bn"), and past-tense verbs ("-ed" and common
/// irregular ones), which otherwise glue clause fragments such as "Exel closed".
fn is_edge_stop(lc: &str) -> bool {
    is_stopword(lc)
        || crate::dates::is_calendar_word(lc)
        || crate::quantities::currency_word(lc).is_some()
        || crate::quantities::measure_unit(lc).is_some()
        || crate::quantities::multiplier(lc).is_some()
        || (lc.len() > 4 && lc.ends_with("ed") && !matches!(lc, "speed" | "breed" | "seed"))
        || EDGE_STOP_SET.contains(lc)
}

const EDGE_STOPS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
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

static EDGE_STOP_SET: LazyLock<crate::tokens::WordSet> =
    LazyLock::new(|| crate::tokens::WordSet::new(EDGE_STOPS));

/// A token usable inside a keyphrase: a word with at least one letter, not a lone letter.
fn usable(t: &Tokens<'_>, i: usize) -> bool {
    // Words glued to a number are scale or unit suffixes ("bn" in "$5bn").
    if t.kind(i) != Kind::Word || (t.glued(i) && t.is_num(i - 1)) {
        return false;
    }
    let mut c = t.s(i).chars();
    c.next();
    c.next().is_some()
}

/// Top `top` keyphrases of up to `max_words` words.
///
/// `entities` (byte spans, sorted) keep phrases from cutting through a name: a candidate may not
/// start or end inside an entity ("Tajik President Imomali" is no phrase when "Imomali Rakhmon"
/// is a name).
pub(crate) fn extract(
    t: &Tokens<'_>,
    entities: &[Span],
    top: usize,
    max_words: usize,
) -> Vec<KeywordMatch> {
    let n = t.len();
    if n == 0 || top == 0 {
        return Vec::new();
    }
    // Per token: does it continue an entity (cannot start a phrase) / is an entity continued
    // after it (cannot end a phrase)?
    let mut no_start = vec![false; n];
    let mut no_end = vec![false; n];
    let mut k = 0usize;
    for (i, tok) in t.toks.iter().enumerate() {
        while k < entities.len() && entities[k].end <= tok.start {
            k += 1;
        }
        if let Some(e) = entities.get(k) {
            if e.start < tok.start && tok.start < e.end {
                no_start[i] = true;
            }
            if e.start < tok.end && tok.end < e.end {
                no_end[i] = true;
            }
        }
    }
    let max_words = max_words.clamp(1, 5);
    // Intern terms.
    let mut ids: FnvMap<&str, u32> = FnvMap::default();
    ids.reserve(n / 2);
    // (term, sentence) once per sentence a term occurs in, for the median position.
    let mut occ: Vec<(u32, u32)> = Vec::with_capacity(n);
    let mut terms: Vec<Term> = Vec::with_capacity(n / 2 + 1);
    let mut tid: Vec<u32> = vec![u32::MAX; n];
    for (i, id_slot) in tid.iter_mut().enumerate() {
        if !usable(t, i) {
            continue;
        }
        let lc = t.lc(i);
        let next_id = terms.len() as u32;
        let id = *ids.entry(lc).or_insert(next_id);
        if id == next_id {
            terms.push(Term {
                // Calendar words say when, not what: they never start or end a keyphrase.
                stop: is_edge_stop(lc),
                last_sent: u32::MAX,
                ..Term::default()
            });
        }
        *id_slot = id;
        let term = &mut terms[id as usize];
        term.tf += 1;
        if t.is_cap(i) {
            if is_acronym(t.s(i)) {
                term.acronym += 1;
            } else if !t.toks[i].sent_start {
                term.upper += 1;
            }
        }
        let sent = t.toks[i].sent;
        if term.last_sent != sent {
            term.last_sent = sent;
            term.n_sents += 1;
            occ.push((id, sent));
        }
    }
    if terms.is_empty() {
        return Vec::new();
    }
    // Median sentence per term without sorting: `occ` is in text order, so each term's
    // sentences arrive ascending; pick the middle one(s) as they pass.
    let mut seen: Vec<u32> = vec![0; terms.len()];
    for &(id, sent) in &occ {
        let (id, sent_f) = (id as usize, f64::from(sent));
        let k = seen[id];
        seen[id] += 1;
        let count = terms[id].n_sents;
        if count % 2 == 1 {
            if k == count / 2 {
                terms[id].median = sent_f;
            }
        } else if k + 1 == count / 2 {
            terms[id].median = sent_f;
        } else if k == count / 2 {
            terms[id].median = (terms[id].median + sent_f) / 2.0;
        }
    }
    // Co-occurrence with the adjacent word (window 1) inside a sentence.
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(n);
    for i in 1..n {
        let (a, b) = (tid[i - 1], tid[i]);
        if a != u32::MAX && b != u32::MAX && t.same_sent(i - 1, i) {
            pairs.push((a, b));
            terms[a as usize].right_total += 1;
            terms[b as usize].left_total += 1;
        }
    }
    // Distinct neighbours: bucket the right neighbours by left word (counting sort), then
    // dedupe each small bucket.
    let mut start: Vec<usize> = Vec::with_capacity(terms.len() + 1);
    let mut acc = 0usize;
    for x in &terms {
        start.push(acc);
        acc += x.right_total as usize;
    }
    start.push(acc);
    let mut fill = start.clone();
    let mut right: Vec<u32> = vec![0; pairs.len()];
    for &(a, b) in &pairs {
        let slot = &mut fill[a as usize];
        if let Some(r) = right.get_mut(*slot) {
            *r = b;
        }
        *slot += 1;
    }
    for a in 0..terms.len() {
        let Some(bucket) = right.get_mut(start[a]..start[a + 1]) else {
            continue;
        };
        bucket.sort_unstable();
        let mut prev = u32::MAX;
        for &b in bucket.iter() {
            if b != prev {
                terms[a].right_distinct += 1;
                terms[b as usize].left_distinct += 1;
                prev = b;
            }
        }
    }
    // Frequency statistics over non-stopwords.
    let valid: Vec<f64> = terms
        .iter()
        .filter(|x| !x.stop)
        .map(|x| f64::from(x.tf))
        .collect();
    let (mean, std, max_tf) = if valid.is_empty() {
        (1.0, 0.0, 1.0)
    } else {
        let m = valid.iter().sum::<f64>() / valid.len() as f64;
        let var = valid.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / valid.len() as f64;
        (m, var.sqrt(), 1.0)
    };
    // As in YAKE, the largest frequency is taken over all words, stopwords included.
    let max_tf = terms.iter().map(|x| f64::from(x.tf)).fold(max_tf, f64::max);
    let n_sents = t.n_sents as f64;
    let score: Vec<f64> = terms
        .iter()
        .map(|x| {
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
        })
        .collect();
    // Candidates.
    // A candidate's key packs its term ids (plus one) in 25-bit fields of a u128.
    let mut cands: FnvMap<u128, Cand> = FnvMap::default();
    cands.reserve(n / 2);
    let mut uni: Vec<Option<Cand>> = (0..terms.len()).map(|_| None).collect();
    if terms.len() >= (1 << 25) - 1 {
        return Vec::new();
    }
    for i in 0..n {
        if tid[i] == u32::MAX || terms[tid[i] as usize].stop || no_start[i] {
            continue;
        }
        let mut key: u128 = 0;
        for len in 1..=max_words {
            let j = i + len - 1;
            if j >= n
                || tid[j] == u32::MAX
                || !t.same_sent(i, j)
                || (j > i && !adjacent_words(t, j))
            {
                break;
            }
            key |= u128::from(tid[j] + 1) << (25 * (len - 1));
            if terms[tid[j] as usize].stop {
                // No stopword inside a keyphrase either ("part of President" is no phrase).
                break;
            }
            if no_end[j] {
                continue;
            }
            let at_start = t.toks[i].sent_start;
            // Single words need no map: their slot is the term id.
            let c = if len == 1 {
                uni[tid[i] as usize].get_or_insert(Cand {
                    count: 0,
                    first: i,
                    surface: (i, j),
                    surface_at_start: at_start,
                })
            } else {
                cands.entry(key).or_insert(Cand {
                    count: 0,
                    first: i,
                    surface: (i, j),
                    surface_at_start: at_start,
                })
            };
            c.count += 1;
            if c.surface_at_start && !at_start {
                c.surface = (i, j);
                c.surface_at_start = false;
            }
        }
    }
    // Rank without building strings.
    let mut ranked: Vec<(f64, usize, (usize, usize))> = cands
        .iter()
        .map(|(key, c)| (*key, c))
        .chain(
            uni.iter()
                .enumerate()
                .filter_map(|(id, c)| c.as_ref().map(|c| (id as u128 + 1, c))),
        )
        .map(|(key, c)| {
            let mut prod = 1.0;
            let mut sum = 0.0;
            let mut k = key;
            while k != 0 {
                let id = ((k & 0x1ff_ffff) as usize) - 1;
                k >>= 25;
                if !terms[id].stop {
                    prod *= score[id];
                    sum += score[id];
                }
            }
            (
                prod / (f64::from(c.count) * (1.0 + sum)),
                c.first,
                c.surface,
            )
        })
        .collect();
    // Ties: the earlier first occurrence, then the shorter phrase (a total order, since two
    // candidates starting at the same token differ in length).
    let cmp = |a: &(f64, usize, (usize, usize)), b: &(f64, usize, (usize, usize))| {
        a.0.total_cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| (a.2 .1 - a.2 .0).cmp(&(b.2 .1 - b.2 .0)))
    };
    // Only the best few need sorting: take them in chunks (duplicates are skipped, so a chunk
    // may not fill the list) until `top` phrases are chosen or the candidates run out.
    let mut out: Vec<KeywordMatch> = Vec::with_capacity(top);
    let mut chosen: Vec<Phrase> = Vec::with_capacity(top);
    let mut scratch = Phrase::default();
    let chunk = (top * 2).max(8);
    let mut rest: &mut [(f64, usize, (usize, usize))] = &mut ranked;
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
            let text = t.span(r.2 .0, r.2 .1).slice(t.text);
            scratch.set(text);
            if chosen.iter().any(|c| near_duplicate(c, &scratch)) {
                continue;
            }
            chosen.push(scratch.clone());
            out.push(KeywordMatch {
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
        (Some(a), Some(b)) => t
            .text
            .get(a.end..b.start)
            .is_some_and(|gap| gap.bytes().all(|c| c == b' ' || c == b'\t')),
        _ => false,
    }
}

/// A lower-cased phrase with its word boundaries, for duplicate checks.
#[derive(Default, Clone)]
struct Phrase {
    lower: String,
    /// Byte ranges of the first words (plural "s" stripped).
    words: [(usize, usize); 5],
    n_words: usize,
    chars: usize,
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
        self.lower.clear();
        self.chars = 0;
        for c in text.chars() {
            self.chars += 1;
            if c.is_ascii() {
                self.lower.push(c.to_ascii_lowercase());
            } else {
                self.lower.extend(c.to_lowercase());
            }
        }
        self.n_words = 0;
        let mut pos = 0;
        for w in self.lower.split(' ') {
            if self.n_words < self.words.len() {
                let stripped = w.trim_end_matches('s');
                self.words[self.n_words] = (pos, pos + stripped.len());
                self.n_words += 1;
            }
            pos += w.len() + 1;
        }
    }

    fn word(&self, k: usize) -> &str {
        let (a, b) = self.words[k];
        self.lower.get(a..b).unwrap_or("")
    }
}

/// Same words up to a plural "s", one phrase's words contained in the other's, half or more of
/// the words shared, or a high edit-distance similarity.
fn near_duplicate(a: &Phrase, b: &Phrase) -> bool {
    let (na, nb) = (a.n_words, b.n_words);
    let shared = (0..na)
        .filter(|&i| (0..nb).any(|j| a.word(i) == b.word(j)))
        .count();
    if shared == na && shared == nb {
        return true;
    }
    let union = na + nb - shared.min(na + nb);
    if shared > 0 && (shared >= na.min(nb) || 2 * shared >= union) {
        return true;
    }
    // Spelling variants ("colour", "color"): same word count and first letter, close lengths.
    let longest = a.chars.max(b.chars);
    if longest == 0
        || longest > 64
        || na != nb
        || a.lower.as_bytes().first() != b.lower.as_bytes().first()
        || a.chars.abs_diff(b.chars) * 5 > longest
    {
        return false;
    }
    let d = levenshtein(&a.lower, &b.lower);
    1.0 - d as f64 / longest as f64 >= 0.8
}

/// Edit distance of two strings of at most 64 chars (stack buffers only).
fn levenshtein(a: &str, b: &str) -> usize {
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
        for j in 0..nb {
            let cost = usize::from(ca != bc[j]);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[nb]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn kw(text: &str, top: usize) -> Vec<KeywordMatch> {
        let t = Tokens::new(text, &sentences(text));
        extract(&t, &[], top, 3)
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
                assert!(!near_duplicate(x, y), "{} ~ {}", x.lower, y.lower);
            }
        }
        let dup = |a: &str, b: &str| near_duplicate(&Phrase::new(a), &Phrase::new(b));
        assert!(dup("flood", "Floods"));
        assert!(!dup("rain", "region"));
        assert!(dup("flood authority", "danube flood authority"));
        assert!(!dup("flood authority", "river levels"));
        assert!(dup("colour", "color"));
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
        let k = extract(&t, &ents, 10, 3);
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
