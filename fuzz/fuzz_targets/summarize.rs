//! Fuzz the `summarize` stage: arbitrary text cut into arbitrary sentence spans (some of them
//! out of range or off char boundaries, as a buggy earlier stage might produce), with each
//! length mode. Checks the invariants, not only that nothing panics: the summary is a set of
//! valid indices in ascending order, within the requested length, and the same on a second run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textpipe_core::{Document, Span, StageConfig};
use textpipe_summarize::SummarizeConfig;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let mode = data[0];
    let param = usize::from(data[1]);
    let text = String::from_utf8_lossy(&data[2..]).into_owned();

    let mut config = SummarizeConfig {
        mmr_lambda: f64::from(mode >> 4) / 15.0,
        graph_sentences: 1 + param % 7,
        ..SummarizeConfig::default()
    };
    match mode % 3 {
        0 => config.sentences = Some(1 + param % 5),
        1 => config.ratio = Some((1 + param % 100) as f64 / 100.0),
        _ => config.words = Some(1 + param),
    }
    let stage = config.clone().build().expect("a valid config builds");

    // Sentences: cut at '.', '!', '?' and newlines; every 7th cut byte-shifted to test bad spans.
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n') {
            let end = i + c.len_utf8();
            let span = if spans.len() % 7 == 6 {
                Span::new(start + 1, end + 3)
            } else {
                Span::new(start, end)
            };
            spans.push(span);
            start = end;
        }
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    let n = spans.len();
    let mut doc = Document::from_text("fuzz", text);
    if mode & 8 != 0 {
        doc.meta.title = Some(doc.text.chars().take(40).collect());
    }
    doc.sentences = Some(spans.clone());
    let mut again = doc.clone();
    stage
        .process(&mut doc)
        .expect("summarize never rejects a document with sentences");
    stage.process(&mut again).expect("second run");
    let chosen = doc.summary.expect("summary is set").sentences;
    assert_eq!(
        Some(&chosen),
        again.summary.as_ref().map(|s| &s.sentences),
        "deterministic"
    );
    assert!(
        chosen.windows(2).all(|w| w[0] < w[1]),
        "ascending and unique: {chosen:?}"
    );
    assert!(chosen.iter().all(|&i| i < n), "indices in range");
    match (config.sentences, config.ratio, config.words) {
        (Some(k), _, _) => assert!(chosen.len() <= k),
        (_, Some(r), _) => assert!(chosen.len() <= ((r * n as f64).ceil() as usize).max(1)),
        (_, _, Some(w)) => {
            let words: usize = chosen
                .iter()
                .map(|&i| spans[i].slice(&doc.text).split_whitespace().count())
                .sum();
            assert!(words <= w, "{words} words > {w}");
        }
        _ => {}
    }
});
