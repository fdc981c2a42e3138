//! The mojibake repair against a multilingual corpus written for these tests
//! (`data/multilingual.txt`: paragraphs in some forty languages and scripts, all-caps
//! headlines, letter-spaced words, box drawing, maths, currency, emoji), and against the repair
//! cases built from it by `bench/ftfy-conformance/make_cases.py` (`data/mojibake_cases.jsonl`:
//! each paragraph read through every codec, double-encoded, with no-break spaces turned into
//! spaces, with undefined bytes replaced by U+FFFD, one line or one word broken).
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use std::collections::BTreeMap;
use textpipe_clean::mojibake::fix_mojibake;

fn fix(s: &str) -> String {
    fix_mojibake(s).map_or_else(|| s.to_string(), |(t, _)| t)
}

fn corpus() -> Vec<String> {
    include_str!("data/multilingual.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('\t').map_or(l, |(_, t)| t).to_string())
        .collect()
}

#[test]
fn correct_text_is_never_changed() {
    let texts = corpus();
    assert!(texts.len() >= 80);
    let changed: Vec<String> = texts
        .iter()
        .filter(|t| fix_mojibake(t).is_some())
        .map(|t| format!("{t:?} -> {:?}", fix(t)))
        .collect();
    assert!(changed.is_empty(), "changed:\n{}", changed.join("\n"));
    // All of it at once, as one document.
    assert!(fix_mojibake(&texts.join("\n")).is_none());
}

/// Repair cases: (set, broken, expected).
fn cases() -> Vec<(String, String, String)> {
    include_str!("data/mojibake_cases.jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (s("set"), s("text"), s("expected"))
        })
        .collect()
}

/// Minimum share of cases repaired exactly, per corruption (measured: see the README).
fn floor(set: &str) -> f64 {
    match set {
        "correct" => 1.0,
        // A byte lost to U+FFFD cannot come back: those cases end with U+FFFD where the
        // letter was (as in ftfy), so only the texts that lost nothing match exactly.
        "replaced" => 0.45,
        "nbsp-space" | "word" | "cp1256" | "iso8859-2" => 0.9,
        _ => 0.95,
    }
}

#[test]
fn corrupted_corpus_is_repaired() {
    let mut per_set: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (set, broken, expected) in cases() {
        let got = fix(&broken);
        let e = per_set.entry(set.clone()).or_default();
        e.1 += 1;
        if got == expected {
            e.0 += 1;
        } else if set == "correct" || failures.len() < 40 {
            failures.push(format!("[{set}] {broken:?}\n   -> {got:?}"));
        }
        // Whatever it did, the result is a fixed point.
        assert_eq!(fix(&got), got, "not idempotent on {broken:?}");
    }
    let mut low = Vec::new();
    for (set, (ok, n)) in &per_set {
        let rate = *ok as f64 / *n as f64;
        if rate < floor(set) {
            low.push(format!("{set}: {ok}/{n}"));
        }
    }
    let (ok, n) = per_set
        .values()
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    assert!(
        low.is_empty() && ok as f64 / n as f64 >= 0.9,
        "below floor: {low:?}; total {ok}/{n}\n{}",
        failures.join("\n")
    );
}

/// Words taken from the corpus, to build new correct text. The single capitals of the
/// letter-spaced headline are left out: a lone `Ã` is correct only among other capitals (a
/// lone `Ã` plus a no-break space after a small-letter word is what a French `à` looks like
/// read as Windows-1252, and is repaired).
fn words() -> Vec<String> {
    let mut w: Vec<String> = corpus()
        .iter()
        .flat_map(|t| t.split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .filter(|w| !(w.chars().count() == 1 && w.chars().all(char::is_uppercase)))
        .collect();
    w.sort();
    w.dedup();
    w
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    /// Correct text built from the corpus' words in any order, joined by spaces, no-break
    /// spaces, newlines or punctuation, is left exactly as it is.
    #[test]
    fn shuffled_correct_text_is_unchanged(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..6), 1..30)
    ) {
        let w = words();
        let seps = [" ", "\u{a0}", "\n", " — ", "» «", ", "];
        let mut s = String::new();
        for (idx, sep) in &picks {
            s.push_str(&w[idx.index(w.len())]);
            s.push_str(seps[*sep]);
        }
        prop_assert_eq!(fix(&s), s);
    }
}
