//! Property tests: whatever the input, every span the stage writes lies inside the text on char
//! boundaries, layers are in order, values are finite, and the output is deterministic.
#![allow(clippy::unwrap_used, missing_docs)]

use proptest::prelude::*;
use textpipe_core::{Document, Span, Stage, StageConfig};
use textpipe_extract::ExtractConfig;
use textpipe_testkit::SpanCheck;

fn stage(entities: bool) -> Box<dyn Stage> {
    ExtractConfig {
        entities,
        bare_numbers: true,
        ..ExtractConfig::default()
    }
    .build()
    .unwrap()
}

/// Pieces that exercise every extractor, glued at random.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("«".to_string()),
        Just("’s".to_string()),
        Just("'s".to_string()),
        Just(" said ".to_string()),
        Just(" he said.".to_string()),
        Just("July 25, 2012".to_string()),
        Just("25/07/2012".to_string()),
        Just("1992-97".to_string()),
        Just("the 1990s".to_string()),
        Just("last Wednesday".to_string()),
        Just("a year before".to_string()),
        Just("10:15 GMT".to_string()),
        Just("$1.13bn".to_string()),
        Just("£600m".to_string()),
        Just("76%".to_string()),
        Just("6,000 troops".to_string()),
        Just("Tens of thousands of people".to_string()),
        Just("Anna Berg".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("-".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("\u{301}".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just(" – ".to_string()),
        Just("10-15 people".to_string()),
        Just("between 3 and 4".to_string()),
        Just(" to 15 per cent".to_string()),
        Just("$5-6bn".to_string()),
        Just("A-1-plus".to_string()),
        Just(" was a member of ".to_string()),
        "[a-zA-Z0-9 .,:;'\"$£%/-]{0,12}",
        any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat())
}

/// Sentence spans at arbitrary char boundaries (sorted, non-overlapping), sometimes broken.
fn sentences(text: &str, cuts: &[usize]) -> Vec<Span> {
    textpipe_testkit::spans_at_cuts(text, cuts)
        .into_iter()
        .map(|r| Span::new(r.start, r.end))
        .collect()
}

fn check(doc: &Document) {
    let text = &doc.text;
    let range = |s: Span| s.start..s.end;
    let spans = SpanCheck::new(text).non_empty();
    let entities = doc.entities.as_deref().unwrap_or(&[]);
    spans
        .clone()
        .named("entity")
        .check(entities.iter().map(|e| range(e.span)));
    let dates = doc.dates.as_deref().unwrap();
    spans
        .clone()
        .named("date")
        .disjoint()
        .check(dates.iter().map(|d| range(d.span)));
    let quantities = doc.quantities.as_deref().unwrap();
    spans
        .clone()
        .named("quantity")
        .disjoint()
        .check(quantities.iter().map(|q| range(q.span)));
    for q in quantities {
        assert!(q.value.is_finite());
        if let Some(max) = q.max {
            assert!(max.is_finite() && max > q.value, "range {q:?}");
        }
    }
    let quotes = doc.quotes.as_deref().unwrap();
    spans
        .named("quote")
        .trimmed()
        .check(quotes.iter().map(|q| range(q.span)));
    let kws = doc.keywords.as_deref().unwrap();
    assert!(kws.len() <= 10);
    for w in kws.windows(2) {
        assert!(w[0].score >= w[1].score);
    }
    for k in kws {
        assert!(!k.text.is_empty() && k.score.is_finite());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn spans_stay_inside_the_text(
        t in text(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        date in prop_oneof![Just(None), Just(Some("2012-07-25".to_string())), Just(Some("garbage".to_string()))],
    ) {
        let s = stage(false);
        let mut doc = Document::from_text("p", t.clone());
        doc.meta.date = date;
        doc.sentences = Some(sentences(&t, &cuts));
        s.process(&mut doc).unwrap();
        check(&doc);
        // Deterministic.
        let mut again = Document::from_text("p", t.clone());
        again.meta.date = doc.meta.date.clone();
        again.sentences = doc.sentences.clone();
        s.process(&mut again).unwrap();
        prop_assert_eq!(&again.dates, &doc.dates);
        prop_assert_eq!(&again.quantities, &doc.quantities);
        prop_assert_eq!(&again.quotes, &doc.quotes);
        prop_assert_eq!(&again.keywords, &doc.keywords);
    }

    #[test]
    fn with_entities_and_bad_sentence_spans(t in text(), a in any::<usize>(), b in any::<usize>()) {
        let s = stage(true);
        let mut doc = Document::from_text("p", t.clone());
        // Spans that may not fit the text at all.
        doc.sentences = Some(vec![Span::new(a % (t.len() + 3), b % (t.len() + 3)), Span::new(0, t.len() + 1)]);
        s.process(&mut doc).unwrap();
        check(&doc);
    }
}
