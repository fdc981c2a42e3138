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

/// Checks the span invariants: in order, non-overlapping, on char boundaries, trimmed,
/// covering every non-whitespace char.
pub fn check_invariants(text: &str, spans: &[textpipe_core::Span]) {
    let mut prev_end = 0;
    for s in spans {
        assert!(s.start < s.end, "empty span {s:?}");
        assert!(s.start >= prev_end, "overlap or disorder at {s:?}");
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?}"
        );
        let t = &text[s.start..s.end];
        assert_eq!(t, t.trim(), "untrimmed span {s:?}");
        assert!(
            text[prev_end..s.start].chars().all(char::is_whitespace),
            "uncovered text before {s:?}: {:?}",
            &text[prev_end..s.start]
        );
        prev_end = s.end;
    }
    assert!(
        text[prev_end..].chars().all(char::is_whitespace),
        "uncovered tail"
    );
}
