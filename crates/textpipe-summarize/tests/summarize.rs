//! Behaviour of the `summarize` stage through its public API: length modes, ordering, title
//! preference, tiny and huge articles, determinism, and a property test that a summary is
//! always a subset of the sentences in article order.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use textpipe_core::{Document, Registry, Span, Stage, StageConfig};
use textpipe_summarize::{Summarize, SummarizeConfig};

/// A document whose sentences are `sents` joined by single spaces.
fn doc(sents: &[String], title: Option<&str>) -> Document {
    let (text, spans) = textpipe_testkit::joined_sentences(sents);
    let mut d = Document::from_text("t", text);
    d.meta.title = title.map(str::to_string);
    d.sentences = Some(
        spans
            .into_iter()
            .map(|r| Span::new(r.start, r.end))
            .collect(),
    );
    d
}

fn run(config: SummarizeConfig, sents: &[String], title: Option<&str>) -> Vec<usize> {
    let stage = config.build().unwrap();
    let mut d = doc(sents, title);
    stage.process(&mut d).unwrap();
    d.summary.unwrap().sentences
}

fn article() -> Vec<String> {
    [
        "The national railway company announced a large investment in new trains on Tuesday.",
        "The investment of two billion pounds will replace trains built in the 1970s.",
        "Passenger groups welcomed the new trains but warned that fares could rise.",
        "He said the plan was overdue.",
        "A spokesman for the railway said fares would not rise because of the investment.",
        "Separately, a zoo in the north welcomed a baby giraffe.",
        "The first new trains are expected to run on the busiest lines from next year.",
        "Unions said the railway company must also invest in staff.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Deterministic pseudo-random article of `n` sentences.
fn long_article(n: usize) -> Vec<String> {
    const WORDS: &[&str] = &[
        "council",
        "budget",
        "transport",
        "buses",
        "minister",
        "prices",
        "market",
        "shares",
        "company",
        "profits",
        "police",
        "report",
        "government",
        "election",
        "team",
        "the",
        "of",
        "and",
        "rose",
        "fell",
    ];
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    (0..n)
        .map(|_| {
            let mut words = Vec::new();
            for _ in 0..(6 + x % 15) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                words.push(WORDS[(x % WORDS.len() as u64) as usize]);
            }
            format!("The {}.", words.join(" "))
        })
        .collect()
}

#[test]
fn default_length_is_three_sentences_in_order() {
    let s = run(SummarizeConfig::default(), &article(), None);
    assert_eq!(s.len(), 3);
    assert!(s.windows(2).all(|w| w[0] < w[1]), "{s:?}");
    assert!(
        !s.contains(&5),
        "the unrelated zoo sentence is not chosen: {s:?}"
    );
}

#[test]
fn sentences_n_is_respected() {
    for n in 1..=8 {
        let c = SummarizeConfig {
            sentences: Some(n),
            ..SummarizeConfig::default()
        };
        assert_eq!(run(c, &article(), None).len(), n);
    }
    let c = SummarizeConfig {
        sentences: Some(20),
        ..SummarizeConfig::default()
    };
    assert_eq!(run(c, &article(), None), (0..8).collect::<Vec<_>>());
}

#[test]
fn ratio_is_respected_and_rounds_up() {
    for (r, want) in [(0.1, 1), (0.25, 2), (0.3, 3), (0.5, 4), (1.0, 8)] {
        let c = SummarizeConfig {
            ratio: Some(r),
            ..SummarizeConfig::default()
        };
        assert_eq!(run(c, &article(), None).len(), want, "ratio {r}");
    }
}

#[test]
fn words_budget_is_respected() {
    let a = article();
    for budget in [5, 14, 30, 60, 1000] {
        let c = SummarizeConfig {
            words: Some(budget),
            ..SummarizeConfig::default()
        };
        let s = run(c, &a, None);
        let words: usize = s.iter().map(|&i| a[i].split_whitespace().count()).sum();
        assert!(words <= budget, "{words} > {budget}");
        if budget >= 14 {
            assert!(!s.is_empty(), "a sentence fits in {budget} words");
        }
    }
}

#[test]
fn title_overlap_is_preferred() {
    let sents: Vec<String> = [
        "Heavy snow closed schools in the north on Monday.",
        "Heavy snow closed airports in the north on Monday.",
        "Heavy snow closed motorways in the north on Monday.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let c = || SummarizeConfig {
        sentences: Some(1),
        position_weight: 0.0,
        title_weight: 0.5,
        ..SummarizeConfig::default()
    };
    assert_eq!(run(c(), &sents, Some("Snow shuts airports")), vec![1]);
    assert_eq!(run(c(), &sents, Some("Motorways closed by snow")), vec![2]);
}

#[test]
fn empty_one_and_two_sentence_articles() {
    assert!(run(SummarizeConfig::default(), &[], None).is_empty());
    let one = vec!["Only this sentence.".to_string()];
    assert_eq!(
        run(SummarizeConfig::default(), &one, Some("Title")),
        vec![0]
    );
    let two = vec![
        "First one here.".to_string(),
        "Second one there.".to_string(),
    ];
    assert_eq!(run(SummarizeConfig::default(), &two, None), vec![0, 1]);
}

#[test]
fn two_thousand_sentences() {
    let a = long_article(2000);
    let s = run(SummarizeConfig::default(), &a, None);
    assert_eq!(s.len(), 3);
    let c = SummarizeConfig {
        ratio: Some(0.1),
        ..SummarizeConfig::default()
    };
    let s = run(c, &a, None);
    assert_eq!(s.len(), 200);
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    // The run statistics say the graph was bounded.
    let stage = SummarizeConfig::default().build().unwrap();
    let mut d = doc(&a, None);
    stage.process(&mut d).unwrap();
    assert!(d
        .counters
        .iter()
        .any(|(k, v)| *k == "graph_bounded" && *v == 1));
}

#[test]
fn long_summaries_of_long_articles() {
    let a = long_article(3000);
    for (ratio, want) in [(0.5, 1500), (1.0, 3000)] {
        let c = SummarizeConfig {
            ratio: Some(ratio),
            ..SummarizeConfig::default()
        };
        let s = run(c, &a, None);
        assert_eq!(s.len(), want);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }
    let budget = 2000;
    let c = SummarizeConfig {
        words: Some(budget),
        ..SummarizeConfig::default()
    };
    let s = run(c, &a, None);
    let words: usize = s.iter().map(|&i| a[i].split_whitespace().count()).sum();
    assert!(
        words <= budget && words > budget - 30,
        "{words} words for a {budget} budget"
    );
    assert!(s.len() > 64, "past the greedy phase: {}", s.len());
}

#[test]
fn deterministic() {
    let a = long_article(300);
    let first = run(SummarizeConfig::default(), &a, Some("council budget"));
    for _ in 0..3 {
        assert_eq!(
            run(SummarizeConfig::default(), &a, Some("council budget")),
            first
        );
    }
}

#[test]
fn same_output_on_any_thread() {
    // Each thread keeps its own word lexicon; the summary must not depend on what a thread
    // has seen before.
    let docs: Vec<Vec<String>> = (0..12)
        .map(|i| {
            let mut a = long_article(20 + i * 7);
            a.rotate_left(i);
            a
        })
        .collect();
    let serial: Vec<Vec<usize>> = docs
        .iter()
        .map(|d| run(SummarizeConfig::default(), d, Some("council budget")))
        .collect();
    let handles: Vec<_> = (0..3)
        .map(|t| {
            let docs = docs.clone();
            std::thread::spawn(move || {
                // Different threads see the documents in different orders.
                let mut out = vec![Vec::new(); docs.len()];
                for k in 0..docs.len() {
                    let n = docs.len();
                    let i = if t % 2 == 0 {
                        (k + 5 * t) % n
                    } else {
                        n - 1 - k
                    };
                    out[i] = run(SummarizeConfig::default(), &docs[i], Some("council budget"));
                }
                out
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), serial);
    }
}

#[test]
fn registers_under_its_name() {
    let mut reg = Registry::new();
    textpipe_summarize::register(&mut reg);
    let info = reg.info("summarize").unwrap();
    assert!(info.requires.contains(&"sentences".to_string()));
    assert_eq!(info.provides, vec!["summary".to_string()]);
    let params = serde_json::json!({"sentences": 2})
        .as_object()
        .cloned()
        .unwrap();
    assert!(reg.build("summarize", None, &params).is_ok());
    let bad = serde_json::json!({"sentences": 2, "words": 9})
        .as_object()
        .cloned()
        .unwrap();
    let err = reg.build("summarize", None, &bad).err().unwrap();
    assert!(err.to_string().contains("words"), "{err}");
}

#[test]
fn runtime_type_matches_config() {
    let stage = Summarize::new(SummarizeConfig::default()).unwrap();
    assert_eq!(stage.name(), "summarize");
    assert_eq!(stage.select(&["A sentence here."], None), vec![0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn summary_is_an_ordered_subset(
        sents in prop::collection::vec("[A-Za-z ,.'\"é]{0,60}", 0..40),
        n in 1usize..6,
        title in prop::option::of("[a-z ]{0,20}"),
    ) {
        let c = SummarizeConfig { sentences: Some(n), ..SummarizeConfig::default() };
        let s = run(c, &sents, title.as_deref());
        prop_assert!(s.len() <= n);
        prop_assert!(s.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(s.iter().all(|&i| i < sents.len()));
        let usable = sents.iter().filter(|x| x.chars().any(char::is_alphanumeric)).count();
        prop_assert_eq!(s.len(), n.min(usable));
    }
}
