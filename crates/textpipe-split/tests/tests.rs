//! Integration tests of the splitter, by topic.
#![allow(clippy::unwrap_used)]

// Sentence-boundary phenomena, one test per phenomenon, with cases written for this project.
mod phenomena;
// Invariants on arbitrary input (proptest).
mod properties;
// Pathological inputs: huge runs without punctuation, runs of periods, deep nesting.
mod pathological;

/// The sentences of `text` as strings.
pub fn sents(text: &str) -> Vec<&str> {
    textpipe_split::split(text)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

/// Checks the span invariants: inside the text, non-empty, in order, non-overlapping, on char
/// boundaries, trimmed, covering every non-whitespace char.
#[track_caller]
pub fn check_invariants(text: &str, spans: &[textpipe_core::Span]) {
    textpipe_testkit::SpanCheck::new(text)
        .named("sentence")
        .non_empty()
        .trimmed()
        .covering()
        .check(spans.iter().map(|s| s.start..s.end));
}
