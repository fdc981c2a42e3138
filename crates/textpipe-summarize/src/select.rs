//! Scoring sentences and choosing the summary.
//!
//! 1. Analyze: sentences (and the title) become term-id bags ([`crate::terms`]).
//! 2. Score: LexRank and degree centrality ([`crate::graph`]), term salience, the lead prior
//!    `1/(1+i)`, the share of title terms and length are each standardized over the article
//!    and summed with their weights. `p = sigmoid(scale * score + offset)` is read as the
//!    chance that a reference summary holds the sentence; a sentence that cannot stand alone
//!    loses `standalone_penalty` from its score unless its predecessor is already chosen.
//! 3. Choose greedily, maximising `expected matched words / (summary words + reference words)`
//!    where a sentence of `L` words is expected to match `L * (p + (1 - p) * background)`
//!    words, discounted by its redundancy with what is already chosen (MMR), and the reference
//!    is expected to hold `reference_ratio` of the article's words. This is ROUGE-style F1 in
//!    expectation: it prefers a long likely sentence to a short sure one, up to a point.
//!    Sentences under `min_words` come last; empty ones never. The length limit (sentences,
//!    ratio or word budget) is filled even when a further sentence lowers the ratio. After 64
//!    picks the rest is taken in one pass ranked by `gain - current ratio * length`, so long
//!    summaries of long articles stay O(n log n).
//! 4. Return the chosen indices in article order.
//!
//! Cost: O(tokens) for the analysis, O(n x graph_sentences) for the graph and
//! O(n x min(chosen, 64) + n log n) for the selection.

use crate::config::{Length, SummarizeConfig};
use crate::graph::{centrality, sentence_vectors, Postings, Vectors};
use crate::standalone::depends_on_context;
use crate::terms::Analyzer;

/// Sentences chosen one at a time (rescanning every candidate); the rest of a long summary is
/// taken in one ranked pass.
const GREEDY_PICKS: usize = 64;

/// Per-sentence facts the selection needs.
struct Candidate {
    /// Combined feature score (standardized features times weights).
    score: f32,
    words: usize,
    dependent: bool,
    short: bool,
    /// Has any alphanumeric character: empty sentences are never chosen.
    usable: bool,
}

/// Picks the summary sentences of one article. Returns indices into `sentences`, ascending and
/// unique.
pub(crate) fn select(
    config: &SummarizeConfig,
    analyzer: &Analyzer,
    sentences: &[&str],
    title: Option<&str>,
) -> Vec<usize> {
    if sentences.is_empty() {
        return Vec::new();
    }
    let scored = score(config, analyzer, sentences, title);
    let picked = choose(config, sentences, &scored);
    scored.vectors.recycle();
    scored.postings.recycle();
    picked
}

/// The combined score of every sentence (see [`select`]); empty for no sentences.
pub(crate) fn scores(
    config: &SummarizeConfig,
    analyzer: &Analyzer,
    sentences: &[&str],
    title: Option<&str>,
) -> Vec<f32> {
    if sentences.is_empty() {
        return Vec::new();
    }
    let scored = score(config, analyzer, sentences, title);
    scored.vectors.recycle();
    scored.postings.recycle();
    scored.score
}

/// What scoring leaves for the selection.
struct Scored {
    /// Unit term vectors of the sentences.
    vectors: Vectors,
    /// Term → sentences, for the redundancy of candidates with a chosen sentence.
    postings: Postings,
    /// Combined score of each sentence.
    score: Vec<f32>,
    /// Whitespace-separated words of each sentence.
    words: Vec<u32>,
    /// Whether each sentence has an alphanumeric character.
    usable: Vec<bool>,
}

/// Analyzes the sentences and combines the weighted, standardized signals. Signals with
/// weight 0 are not computed at all.
fn score(
    config: &SummarizeConfig,
    analyzer: &Analyzer,
    sentences: &[&str],
    title: Option<&str>,
) -> Scored {
    let n = sentences.len();
    let (mut analysis, extra) = analyzer.analyze(sentences, title.as_slice());
    let vectors = sentence_vectors(&analysis, config.term_weighting);
    let usable = std::mem::take(&mut analysis.usable);
    let max_words = config.max_words.max(1);
    let postings = Postings::new(&vectors, analysis.n_terms);

    // Each signal is standardized over the article's usable sentences, so the weights compare
    // like with like whatever the article's length, and added in this order.
    let mut score = vec![0.0f32; n];
    if config.centrality_weight > 0.0 || config.degree_weight > 0.0 {
        let graph = centrality(&vectors, &postings, config.graph_sentences);
        add_standardized(&mut score, config.centrality_weight, &graph.rank, &usable);
        add_standardized(&mut score, config.degree_weight, &graph.degree, &usable);
    }
    if config.salience_weight > 0.0 {
        let tf = analysis.term_frequencies();
        let salience: Vec<f32> = (0..n)
            .map(|i| {
                analysis
                    .terms(i)
                    .iter()
                    .map(|&(t, _)| tf.get(t as usize).map_or(0, |f| f.saturating_sub(1)) as f32)
                    .sum()
            })
            .collect();
        add_standardized(&mut score, config.salience_weight, &salience, &usable);
    }
    if config.position_weight > 0.0 {
        let position: Vec<f32> = (0..n).map(|i| 1.0 / (1.0 + i as f32)).collect();
        add_standardized(&mut score, config.position_weight, &position, &usable);
    }
    match extra.first() {
        Some(t) if !t.terms.is_empty() && config.title_weight > 0.0 => {
            let total = t.terms.len() as f32;
            // Title terms each sentence contains, counted through the postings (title-only
            // terms have none).
            let mut shared = vec![0u32; n];
            for &(id, _) in &t.terms {
                for &(i, _) in postings.list(id as usize) {
                    if let Some(c) = shared.get_mut(i as usize) {
                        *c += 1;
                    }
                }
            }
            let title_share: Vec<f32> = shared.iter().map(|&c| c as f32 / total).collect();
            add_standardized(&mut score, config.title_weight, &title_share, &usable);
        }
        // No title: the signal is 0 everywhere, which standardizes to 0 and adds nothing.
        _ => {}
    }
    if config.length_weight > 0.0 {
        let length: Vec<f32> = analysis
            .tokens
            .iter()
            .map(|&w| (w as usize).min(max_words) as f32 / max_words as f32)
            .collect();
        add_standardized(&mut score, config.length_weight, &length, &usable);
    }

    let words = std::mem::take(&mut analysis.tokens);
    analysis.recycle();
    Scored {
        vectors,
        postings,
        score,
        // Whitespace-separated tokens, as counted by the analyzer.
        words,
        usable,
    }
}

/// Per-sentence state of the greedy selection.
#[derive(Clone, Copy, Default)]
struct State {
    /// Still a candidate.
    open: bool,
    /// In the summary.
    chosen: bool,
    /// Highest cosine to a chosen sentence.
    redundancy: f32,
    /// Cosine with the latest pick, being summed.
    acc: f32,
    /// `acc` is in use.
    seen: bool,
}

/// The selection's view of every sentence: score, length, and whether it is short, depends
/// on its predecessor or can be chosen at all.
fn candidates(
    config: &SummarizeConfig,
    sentences: &[&str],
    score: &[f32],
    words: &[u32],
    usable: &[bool],
) -> Vec<Candidate> {
    let max_words = config.max_words.max(1);
    (0..sentences.len())
        .map(|i| {
            let words = words[i] as usize;
            Candidate {
                score: score[i],
                words,
                dependent: usable[i] && (words > max_words || depends_on_context(sentences[i])),
                short: words < config.min_words,
                usable: usable[i],
            }
        })
        .collect()
}

/// Expected matched words of each candidate before redundancy, alone and after its chosen
/// predecessor (a dependent sentence alone pays `standalone_penalty` on its score): computed
/// once per candidate and case, not once per pick.
fn expected_words(config: &SummarizeConfig, cands: &[Candidate]) -> Vec<(f32, f32)> {
    let scale = config.score_scale as f32;
    let offset = config.score_offset as f32;
    let background = config.background_overlap as f32;
    let penalty = config.standalone_penalty as f32;
    let expected = |words: usize, s: f32| {
        let p = sigmoid(scale * s + offset);
        words as f32 * (p + (1.0 - p) * background)
    };
    cands
        .iter()
        .map(|c| {
            if !c.usable {
                (0.0, 0.0)
            } else if c.dependent {
                (
                    expected(c.words, c.score - penalty),
                    expected(c.words, c.score),
                )
            } else {
                let e = expected(c.words, c.score);
                (e, e)
            }
        })
        .collect()
}

/// Raises each open sentence's redundancy to its cosine with the new pick `pick` when higher.
/// Cosines are summed over shared terms only: only sentences sharing a term with the pick can
/// exceed their current redundancy (>= 0). `touched` is a reused buffer.
fn update_redundancy(
    postings: &Postings,
    pick: &[(u32, f32)],
    state: &mut [State],
    touched: &mut Vec<usize>,
) {
    postings.accumulate(pick, |i, product| {
        if let Some(st) = state.get_mut(i).filter(|st| st.open) {
            if !st.seen {
                st.seen = true;
                touched.push(i);
            }
            st.acc += product;
        }
    });
    for &i in touched.iter() {
        let st = &mut state[i];
        if st.acc > st.redundancy {
            st.redundancy = st.acc;
        }
        st.acc = 0.0;
        st.seen = false;
    }
    touched.clear();
}

/// Chooses the summary from scored sentences (steps 3 and 4 of the module docs).
///
/// Still over 80 lines: the greedy loop and the long-summary ranking after it share the
/// running objective (`gained`, `length_so_far`, `budget`) and the gain closure; the parts
/// that stand alone (candidates, expected words, redundancy updates) are functions.
fn choose(config: &SummarizeConfig, sentences: &[&str], scored: &Scored) -> Vec<usize> {
    let n = sentences.len();
    let Scored {
        vectors,
        postings,
        score,
        words,
        usable,
    } = scored;
    let cands = candidates(config, sentences, score, words, usable);

    let (limit, mut budget) = match config.length() {
        Length::Sentences(k) => (k, usize::MAX),
        Length::Ratio(r) => (((r * n as f64).ceil() as usize).clamp(1, n), usize::MAX),
        Length::Words(w) => (n, w),
    };

    // Expected-overlap selection: a sentence is in the reference summary with probability
    // p = sigmoid(scale * score + offset); its words then all count, otherwise only a
    // `background_overlap` share of them does. The summary maximises expected matched words
    // over (summary words + expected reference words), an F1-like ratio that rewards long,
    // likely sentences over short sure ones.
    let total_words: usize = cands.iter().map(|c| c.words).sum();
    let reference = config.reference_ratio as f32 * total_words as f32;
    let lambda = config.mmr_lambda as f32;

    let mut state: Vec<State> = cands
        .iter()
        .map(|c| State {
            open: c.usable,
            ..State::default()
        })
        .collect();
    let mut touched = Vec::new();
    let mut picked = Vec::new();
    let (mut gained, mut length_so_far) = (0.0f32, 0.0f32);
    let base = expected_words(config, &cands);
    // Expected matched words of sentence i given what is chosen so far.
    let gain_of = |i: usize, state: &[State]| {
        let (alone, after) = base[i];
        let e = if i > 0 && state[i - 1].chosen {
            after
        } else {
            alone
        };
        // Words repeating what is already chosen match nothing new in the reference.
        let novelty = 1.0 - (1.0 - lambda) * state[i].redundancy;
        e * novelty
    };
    while picked.len() < limit.min(GREEDY_PICKS) {
        let mut best: Option<(bool, f32, f32, usize)> = None;
        for i in 0..n {
            if !state[i].open {
                continue;
            }
            let c = &cands[i];
            if c.words > budget {
                state[i].open = false;
                continue;
            }
            let gain = gain_of(i, &state);
            let len = c.words as f32;
            let value = (gained + gain) / (length_so_far + len + reference).max(f32::MIN_POSITIVE);
            // Long-enough sentences first; then the higher value; ties go to the earlier one.
            let long = !c.short;
            let better = match best {
                None => true,
                Some((b_long, v, _, _)) => long & !b_long || (long == b_long && value > v),
            };
            if better {
                best = Some((long, value, gain, i));
            }
        }
        let Some((_, _, gain, p)) = best else { break };
        state[p].open = false;
        state[p].chosen = true;
        picked.push(p);
        gained += gain;
        length_so_far += cands[p].words as f32;
        budget = budget.saturating_sub(cands[p].words);
        if lambda < 1.0 && picked.len() < limit.min(GREEDY_PICKS) {
            update_redundancy(postings, vectors.get(p), &mut state, &mut touched);
        }
    }
    if picked.len() < limit {
        // Long summaries: rank the rest once by gain minus the current ratio times length
        // (the Dinkelbach step of the same objective) instead of rescanning per pick, so the
        // cost stays O(n log n) however many sentences are asked for.
        let ratio = gained / (length_so_far + reference).max(f32::MIN_POSITIVE);
        let mut rest: Vec<(bool, f32, usize)> = (0..n)
            .filter(|&i| state[i].open)
            .map(|i| {
                let v = gain_of(i, &state) - ratio * cands[i].words as f32;
                (!cands[i].short, v, i)
            })
            .collect();
        rest.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        for (_, _, i) in rest {
            if picked.len() >= limit {
                break;
            }
            if cands[i].words <= budget {
                budget -= cands[i].words;
                picked.push(i);
            }
        }
    }
    picked.sort_unstable();
    picked
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Adds `weight * (v - mean) / sd` to `score`, mean and sd taken over the entries where
/// `mask` is true (the others get 0); nothing when `weight` is 0 or the values do not vary.
fn add_standardized(score: &mut [f32], weight: f64, v: &[f32], mask: &[bool]) {
    if weight <= 0.0 {
        return;
    }
    let (mut n, mut sum) = (0usize, 0.0f64);
    for (x, _) in v.iter().zip(mask).filter(|(_, m)| **m) {
        n += 1;
        sum += f64::from(*x);
    }
    if n == 0 {
        return;
    }
    let mean = sum / n as f64;
    let var = v
        .iter()
        .zip(mask)
        .filter(|(_, m)| **m)
        .map(|(x, _)| (f64::from(*x) - mean).powi(2))
        .sum::<f64>()
        / n as f64;
    let sd = var.sqrt();
    for ((s, x), m) in score.iter_mut().zip(v).zip(mask) {
        let z = if *m && sd > 1e-9 {
            ((f64::from(*x) - mean) / sd) as f32
        } else {
            0.0
        };
        *s += weight as f32 * z;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(config: &SummarizeConfig, sents: &[&str], title: Option<&str>) -> Vec<usize> {
        select(config, &Analyzer::new(config.stem), sents, title)
    }

    const ARTICLE: &[&str] = &[
        "The city council approved a new budget for public transport on Monday.",
        "The budget adds forty buses and extends the night service for public transport.",
        "Council members argued for hours about the cost of the buses.",
        "But critics said it was not enough.",
        "A local bakery won a prize for its bread.",
        "The transport budget will be reviewed by the council next year.",
    ];

    #[test]
    fn picks_the_requested_number_in_order() {
        let c = SummarizeConfig::default();
        let s = run(&c, ARTICLE, None);
        assert_eq!(s.len(), 3);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert!(
            !s.contains(&4),
            "the off-topic sentence is not central: {s:?}"
        );
    }

    #[test]
    fn ratio_and_words() {
        let c = SummarizeConfig {
            ratio: Some(0.5),
            ..SummarizeConfig::default()
        };
        assert_eq!(run(&c, ARTICLE, None).len(), 3);
        let c = SummarizeConfig {
            words: Some(25),
            ..SummarizeConfig::default()
        };
        let s = run(&c, ARTICLE, None);
        let words: usize = s
            .iter()
            .map(|&i| ARTICLE[i].split_whitespace().count())
            .sum();
        assert!(!s.is_empty() && words <= 25, "{s:?} has {words} words");
        let c = SummarizeConfig {
            words: Some(3),
            ..SummarizeConfig::default()
        };
        assert!(
            run(&c, ARTICLE, None).is_empty(),
            "no sentence fits in 3 words"
        );
    }

    #[test]
    fn title_pulls_in_matching_sentence() {
        let sents = [
            "The storm closed schools across the region.",
            "The storm closed roads across the region.",
            "The storm closed shops across the region.",
        ];
        let c = SummarizeConfig {
            sentences: Some(1),
            position_weight: 0.0,
            title_weight: 0.5,
            ..SummarizeConfig::default()
        };
        assert_eq!(run(&c, &sents, None), vec![0]);
        assert_eq!(run(&c, &sents, Some("Storm shuts shops")), vec![2]);
        assert_eq!(run(&c, &sents, Some("Roads closed by storm")), vec![1]);
    }

    #[test]
    fn dependent_sentence_is_penalised() {
        let sents = [
            "Weather in the region stayed dry.",
            "But prices of wheat and corn rose sharply this week.",
            "Prices of wheat and corn rose sharply this week.",
        ];
        let mut c = SummarizeConfig {
            sentences: Some(1),
            position_weight: 0.0,
            standalone_penalty: 0.0,
            ..SummarizeConfig::default()
        };
        assert_eq!(
            run(&c, &sents, None),
            vec![1],
            "equal scores: the earlier wins"
        );
        c.standalone_penalty = 0.5;
        assert_eq!(run(&c, &sents, None), vec![2]);
    }

    #[test]
    fn empty_and_tiny_articles() {
        let c = SummarizeConfig::default();
        assert!(run(&c, &[], None).is_empty());
        assert_eq!(run(&c, &["Only one sentence here."], None), vec![0]);
        assert_eq!(
            run(&c, &["Hi.", "  "], None),
            vec![0],
            "short but usable; blank never"
        );
        assert!(run(&c, &["", "..."], Some("title")).is_empty());
    }

    #[test]
    fn short_sentences_come_last() {
        let sents = [
            "Yes.",
            "The committee approved the plan after a long debate.",
        ];
        let c = SummarizeConfig {
            sentences: Some(1),
            ..SummarizeConfig::default()
        };
        assert_eq!(run(&c, &sents, None), vec![1]);
    }

    #[test]
    fn mmr_avoids_duplicates() {
        let sents = [
            "Oil prices rose to a record high on supply fears.",
            "Oil prices rose to a record high on supply fears, traders said.",
            "Airlines warned that fuel costs would cut their profits this year.",
        ];
        let c = SummarizeConfig {
            sentences: Some(2),
            mmr_lambda: 1.0,
            ..SummarizeConfig::default()
        };
        assert_eq!(
            run(&c, &sents, None),
            vec![0, 1],
            "score alone takes the duplicate"
        );
        let c = SummarizeConfig {
            mmr_lambda: 0.0,
            ..c
        };
        let s = run(&c, &sents, None);
        assert!(s.contains(&2) && s.len() == 2, "{s:?}");
    }
}
