//! Fuzz target for the `sentence-split` splitter: never panics, and the spans are in order,
//! non-overlapping, non-empty, trimmed, on char boundaries and cover every non-whitespace
//! character, for every newline mode and with and without a length cap. The first byte picks
//! the options; the rest is the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textpipe_split::{NewlineMode, SplitOptions, Splitter};

fuzz_target!(|data: &[u8]| {
    let Some((&opt, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let newlines = match opt % 3 {
        0 => NewlineMode::Auto,
        1 => NewlineMode::Always,
        _ => NewlineMode::Never,
    };
    let max = if opt & 0x04 != 0 {
        16 + usize::from(opt >> 3)
    } else {
        0
    };
    let min = if opt & 0x80 != 0 { 3 } else { 0 };
    let splitter = Splitter::new(SplitOptions {
        newlines,
        extra_abbreviations: vec!["Xyz".into()],
        max_sentence_bytes: max,
        min_sentence_bytes: min,
    });
    let spans = splitter.split(text);
    let mut prev = 0;
    for s in &spans {
        assert!(s.start < s.end, "empty span {s:?}");
        assert!(s.start >= prev, "overlap or disorder at {s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let t = &text[s.start..s.end];
        assert_eq!(t, t.trim(), "untrimmed span {s:?}");
        assert!(
            text[prev..s.start].chars().all(char::is_whitespace),
            "uncovered text"
        );
        if max > 0 && min == 0 {
            assert!(s.len() <= max, "span {s:?} longer than {max}");
        }
        prev = s.end;
    }
    assert!(
        text[prev..].chars().all(char::is_whitespace),
        "uncovered tail"
    );
    assert_eq!(spans, splitter.split(text), "not deterministic");
});
