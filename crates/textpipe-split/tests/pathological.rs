//! Inputs that would make a careless splitter quadratic. The tests assert results, not time;
//! linearity is watched by the bench.

use crate::check_invariants;
use textpipe_split::{SplitOptions, Splitter};

fn unlimited() -> Splitter {
    Splitter::new(SplitOptions {
        max_sentence_bytes: 0,
        ..SplitOptions::default()
    })
}

#[test]
fn long_text_without_punctuation() {
    let text = "lorem ipsum dolor sit amet ".repeat(40_000); // about 1 MB
    let spans = unlimited().split(&text);
    assert_eq!(spans.len(), 1);
    check_invariants(&text, &spans);
    let capped = textpipe_split::split(&text);
    assert!(capped.len() > 100);
    check_invariants(&text, &capped);
}

#[test]
fn long_token_without_spaces() {
    let text = "x".repeat(500_000);
    let spans = textpipe_split::split(&text);
    check_invariants(&text, &spans);
    assert!(spans
        .iter()
        .all(|s| s.len() <= textpipe_split::splitter::DEFAULT_MAX_SENTENCE_BYTES));
}

#[test]
fn runs_of_periods() {
    let text = ".".repeat(100_000);
    let spans = unlimited().split(&text);
    assert_eq!(spans.len(), 1);
    check_invariants(&text, &spans);
    let text = format!("Start{}End", ". ".repeat(50_000));
    check_invariants(&text, &unlimited().split(&text));
    let text = "a.".repeat(50_000);
    check_invariants(&text, &unlimited().split(&text));
}

#[test]
fn many_short_sentences_and_lines() {
    let text = "Go. ".repeat(50_000);
    let spans = unlimited().split(&text);
    assert_eq!(spans.len(), 50_000);
    let text = "a\n".repeat(50_000);
    check_invariants(&text, &unlimited().split(&text));
    let text = "Mr. ".repeat(50_000);
    assert_eq!(unlimited().split(&text).len(), 1);
}

/// Found by the fuzz target: a line made only of closing brackets at the start of the text.
#[test]
fn line_of_closers_only() {
    for text in [
        ")\nNext",
        "])\n#UU\u{5}<https,:/tpxyzs,:/sum\n",
        "\"\nA",
        "  )]\nb",
    ] {
        check_invariants(text, &textpipe_split::split(text));
    }
}
