//! Scoring sentences and choosing the summary.
//!
//! 1. Analyze: sentences (and the title) become term-id bags ([`crate::terms`]).
//! 2. Score each sentence: term salience (how often its content words recur in the article),
//!    LexRank centrality ([`crate::graph`]), the lead prior `1/(1+i)`, the share of title terms
//!    it holds and its length; each signal is scaled to [0, 1] over the article and weighted.
//! 3. Choose greedily with MMR: the next sentence maximises
//!    `lambda * score - (1 - lambda) * max cosine to the chosen ones`, where the score loses
//!    `standalone_penalty` when the sentence cannot stand alone and its predecessor is not
//!    chosen. Sentences under `min_words` come last; empty ones never.
//! 4. Return the chosen indices in article order.

use crate::config::{Length, SummarizeConfig};
use crate::graph::{centrality, sentence_vectors, Scatter};
use crate::standalone::depends_on_context;
use crate::terms::Analyzer;

/// Per-sentence facts the selection needs.
struct Candidate {
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
    let n = sentences.len();
    if n == 0 {
        return Vec::new();
    }
    let title_texts: Vec<&str> = title.into_iter().collect();
    let (analysis, extra) = analyzer.analyze(sentences.iter().copied(), &title_texts);
    let vectors = sentence_vectors(&analysis, config.term_weighting);

    // Signals, each scaled to [0, 1] by its maximum over the article.
    let salience: Vec<f32> = analysis
        .sentences
        .iter()
        .map(|s| {
            s.terms
                .iter()
                .map(|&(t, _)| analysis.tf[t as usize].saturating_sub(1) as f32)
                .sum()
        })
        .collect();
    let central = if config.centrality_weight > 0.0 {
        centrality(&vectors, analysis.n_terms, config.graph_sentences)
    } else {
        vec![0.0; n]
    };
    let title_share: Vec<f32> = match extra.first() {
        Some(t) if !t.terms.is_empty() => {
            let total = t.terms.len() as f32;
            analysis
                .sentences
                .iter()
                .map(|s| {
                    t.terms
                        .iter()
                        .filter(|(id, _)| s.terms.binary_search_by_key(id, |&(x, _)| x).is_ok())
                        .count() as f32
                        / total
                })
                .collect()
        }
        _ => vec![0.0; n],
    };
    let salience = scaled(salience);
    let central = scaled(central);
    let max_words = config.max_words.max(1);

    let mut cands: Vec<Candidate> = Vec::with_capacity(n);
    for (i, text) in sentences.iter().enumerate() {
        let words = text.split_whitespace().count();
        let usable = text.chars().any(char::is_alphanumeric);
        let length = words.min(max_words) as f32 / max_words as f32;
        let score = config.salience_weight as f32 * salience[i]
            + config.centrality_weight as f32 * central[i]
            + config.position_weight as f32 / (1.0 + i as f32)
            + config.title_weight as f32 * title_share[i]
            + config.length_weight as f32 * length;
        cands.push(Candidate {
            score,
            words,
            dependent: depends_on_context(text) || words > max_words,
            short: words < config.min_words,
            usable,
        });
    }

    let (limit, mut budget) = match config.length() {
        Length::Sentences(k) => (k, usize::MAX),
        Length::Ratio(r) => (((r * n as f64).ceil() as usize).clamp(1, n), usize::MAX),
        Length::Words(w) => (n, w),
    };

    let lambda = config.mmr_lambda as f32;
    let penalty = config.standalone_penalty as f32;
    let mut chosen = vec![false; n];
    let mut open: Vec<bool> = cands.iter().map(|c| c.usable).collect();
    let mut redundancy = vec![0.0f32; n];
    let mut scatter = Scatter::new(analysis.n_terms);
    let mut picked = Vec::new();
    while picked.len() < limit {
        let mut best: Option<(bool, f32, usize)> = None;
        for i in 0..n {
            if !open[i] {
                continue;
            }
            let c = &cands[i];
            if c.words > budget {
                open[i] = false;
                continue;
            }
            let mut s = c.score;
            if c.dependent && !(i > 0 && chosen[i - 1]) {
                s -= penalty;
            }
            let value = lambda * s - (1.0 - lambda) * redundancy[i];
            // Long-enough sentences first; then the higher value; ties go to the earlier one.
            let key = (!c.short, value);
            let better = match best {
                None => true,
                Some((long, v, _)) => key.0 & !long || (key.0 == long && key.1 > v),
            };
            if better {
                best = Some((key.0, key.1, i));
            }
        }
        let Some((_, _, p)) = best else { break };
        open[p] = false;
        chosen[p] = true;
        picked.push(p);
        budget = budget.saturating_sub(cands[p].words);
        if lambda < 1.0 && picked.len() < limit {
            scatter.load(&vectors[p]);
            for i in 0..n {
                if open[i] {
                    let s = scatter.dot(&vectors[i]);
                    if s > redundancy[i] {
                        redundancy[i] = s;
                    }
                }
            }
            scatter.unload(&vectors[p]);
        }
    }
    picked.sort_unstable();
    picked
}

/// Divides by the maximum so the values lie in [0, 1] (all zero stays zero).
fn scaled(mut v: Vec<f32>) -> Vec<f32> {
    let max = v.iter().copied().fold(0.0f32, f32::max);
    if max > 0.0 && max.is_finite() {
        for x in &mut v {
            *x /= max;
        }
    }
    v
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
            mmr_lambda: 0.3,
            ..c
        };
        let s = run(&c, &sents, None);
        assert!(s.contains(&2) && s.len() == 2, "{s:?}");
    }
}
