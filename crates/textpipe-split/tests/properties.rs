//! Span invariants on arbitrary input.

use crate::check_invariants;
use proptest::prelude::*;
use textpipe_split::{NewlineMode, SplitOptions, Splitter};

/// Text biased towards the characters the rules look at.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(". ".to_string()),
        Just("...".to_string()),
        Just(" . . .".to_string()),
        Just("?!".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("Mr.".to_string()),
        Just("U.S.".to_string()),
        Just("1.".to_string()),
        Just("a)".to_string()),
        Just("”".to_string()),
        Just("…".to_string()),
        Just("。".to_string()),
        Just("•".to_string()),
        Just(" — ".to_string()),
        Just("[1]".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just(":)".to_string()),
        Just(" -- ".to_string()),
        Just("Tuesday, May 3, 2020".to_string()),
        Just("Figure 2 ".to_string()),
        "[A-Za-z]{1,8}",
        " {1,3}",
        "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn invariants_on_arbitrary_utf8(text in "\\PC*") {
        check_invariants(&text, &textpipe_split::split(&text));
    }

    #[test]
    fn invariants_on_tricky_text(text in tricky_text(), mode in 0..3u8, max in prop_oneof![Just(0usize), 16..200usize], min in 0..10usize) {
        let newlines = [NewlineMode::Auto, NewlineMode::Always, NewlineMode::Never][mode as usize];
        let sp = Splitter::new(SplitOptions {
            newlines,
            extra_abbreviations: vec!["Xyz".into()],
            max_sentence_bytes: max,
            min_sentence_bytes: min,
        });
        let spans = sp.split(&text);
        check_invariants(&text, &spans);
        if max > 0 && min == 0 {
            for s in &spans {
                prop_assert!(s.len() <= max, "{s:?} longer than {max}");
            }
        }
        // Deterministic.
        prop_assert_eq!(spans, sp.split(&text));
    }
}
