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
//! Candidates are runs of up to `max_words` words inside one sentence with no punctuation or
//! number between them and no stopword at either edge; a candidate scores
//! `S(k) = Π S(t) / (TF(k) · (1 + Σ S(t)))` over its non-stopword words. Candidates are ranked by
//! `S(k)` (ties: lower-cased text, then first position), near-duplicates of a better candidate
//! (same words up to a plural "s", or edit-distance similarity ≥ 0.8) are dropped, and the
//! reported score is `1 / (1 + S(k))`, so higher is better.

use crate::tokens::{is_stopword, Kind, Tokens};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a fast, deterministic hasher for short string keys.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

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
    sents: Vec<u32>,
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

/// A token usable inside a keyphrase: a word with at least one letter, not a lone letter.
fn usable(t: &Tokens<'_>, i: usize) -> bool {
    t.kind(i) == Kind::Word && t.s(i).chars().count() > 1
}

/// Top `top` keyphrases of up to `max_words` words.
pub(crate) fn extract(t: &Tokens<'_>, top: usize, max_words: usize) -> Vec<KeywordMatch> {
    let n = t.len();
    if n == 0 || top == 0 {
        return Vec::new();
    }
    let max_words = max_words.clamp(1, 5);
    // Intern terms.
    let mut ids: FnvMap<&str, u32> = FnvMap::default();
    let mut terms: Vec<Term> = Vec::new();
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
                stop: is_stopword(lc) || crate::dates::is_calendar_word(lc),
                ..Term::default()
            });
        }
        *id_slot = id;
        let term = &mut terms[id as usize];
        term.tf += 1;
        let s = t.s(i);
        if is_acronym(s) {
            term.acronym += 1;
        } else if !t.toks[i].sent_start && t.is_cap(i) {
            term.upper += 1;
        }
        let sent = t.toks[i].sent;
        if term.sents.last() != Some(&sent) {
            term.sents.push(sent);
        }
    }
    if terms.is_empty() {
        return Vec::new();
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
    pairs.sort_unstable();
    pairs.dedup();
    for &(a, b) in &pairs {
        terms[a as usize].right_distinct += 1;
        terms[b as usize].left_distinct += 1;
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
            let t_case = f64::from(x.upper.max(x.acronym)) / (1.0 + tf.ln());
            let median = {
                let s = &x.sents;
                let m = s.len() / 2;
                if s.is_empty() {
                    0.0
                } else if s.len() % 2 == 1 {
                    f64::from(s[m])
                } else {
                    (f64::from(s[m - 1]) + f64::from(s[m])) / 2.0
                }
            };
            let t_pos = (3.0 + median).ln().ln();
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
            let t_sent = x.sents.len() as f64 / n_sents;
            t_rel * t_pos / (t_case + t_fnorm / t_rel + t_sent / t_rel)
        })
        .collect();
    // Candidates.
    let mut cands: FnvMap<[u32; 5], Cand> = FnvMap::default();
    for i in 0..n {
        if tid[i] == u32::MAX || terms[tid[i] as usize].stop {
            continue;
        }
        let mut key = [u32::MAX; 5];
        for len in 1..=max_words {
            let j = i + len - 1;
            if j >= n
                || tid[j] == u32::MAX
                || !t.same_sent(i, j)
                || (j > i && !adjacent_words(t, j))
            {
                break;
            }
            key[len - 1] = tid[j];
            if terms[tid[j] as usize].stop {
                continue;
            }
            let at_start = t.toks[i].sent_start;
            let c = cands.entry(key).or_insert(Cand {
                count: 0,
                first: i,
                surface: (i, j),
                surface_at_start: at_start,
            });
            c.count += 1;
            if c.surface_at_start && !at_start {
                c.surface = (i, j);
                c.surface_at_start = false;
            }
        }
    }
    let mut ranked: Vec<(f64, String, usize, String)> = cands
        .iter()
        .map(|(key, c)| {
            let mut prod = 1.0;
            let mut sum = 0.0;
            for &id in key.iter().take_while(|&&id| id != u32::MAX) {
                if !terms[id as usize].stop {
                    prod *= score[id as usize];
                    sum += score[id as usize];
                }
            }
            let s = prod / (f64::from(c.count) * (1.0 + sum));
            let text = t.span(c.surface.0, c.surface.1).slice(t.text).to_string();
            let lower = text.to_lowercase();
            (s, lower, c.first, text)
        })
        .collect();
    ranked.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut out: Vec<KeywordMatch> = Vec::with_capacity(top);
    let mut chosen: Vec<String> = Vec::with_capacity(top);
    for (s, lower, _, text) in ranked {
        if out.len() >= top {
            break;
        }
        if chosen.iter().any(|c| near_duplicate(c, &lower)) {
            continue;
        }
        chosen.push(lower);
        out.push(KeywordMatch {
            text,
            score: 1.0 / (1.0 + s),
        });
    }
    out
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

/// Same words up to a plural "s", one phrase's words contained in the other's, half or more of
/// the words shared, or a high edit-distance similarity.
fn near_duplicate(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.trim_end_matches('s').to_string();
    if strip(a) == strip(b) {
        return true;
    }
    let wa: Vec<String> = a.split(' ').map(strip).collect();
    let wb: Vec<String> = b.split(' ').map(strip).collect();
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    let union = wa.len() + wb.len() - shared;
    if shared > 0 && (shared == wa.len().min(wb.len()) || 2 * shared >= union) {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb);
    if longest == 0 || la.abs_diff(lb) * 5 > longest {
        return false;
    }
    let d = levenshtein(a, b);
    1.0 - d as f64 / longest as f64 >= 0.8
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpipe_core::Span;

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
        extract(&t, top, 3)
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
        let lower: Vec<String> = a.iter().map(|x| x.text.to_lowercase()).collect();
        for (i, x) in lower.iter().enumerate() {
            for y in &lower[i + 1..] {
                assert!(!near_duplicate(x, y), "{x} ~ {y}");
            }
        }
        assert!(near_duplicate("flood", "floods"));
        assert!(!near_duplicate("rain", "region"));
        assert!(near_duplicate("flood authority", "danube flood authority"));
        assert!(!near_duplicate("flood authority", "river levels"));
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
