//! Fuzz the `extract` stage: arbitrary text cut into arbitrary sentence spans (some out of range
//! or off char boundaries, as a buggy earlier stage might produce), with an arbitrary or missing
//! reference date and every extractor on. Checks the invariants, not only that nothing panics:
//! every span is non-empty, inside the text and on char boundaries; dates and quantities are in
//! order without overlaps; values are finite; keywords are best first; a second run gives the
//! same output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use textpipe_core::{Document, Span, Stage, StageConfig};
use textpipe_extract::ExtractConfig;

fn stage(with_entities: bool) -> &'static dyn Stage {
    static WITH: OnceLock<Box<dyn Stage>> = OnceLock::new();
    static WITHOUT: OnceLock<Box<dyn Stage>> = OnceLock::new();
    let slot = if with_entities { &WITH } else { &WITHOUT };
    slot.get_or_init(|| {
        ExtractConfig {
            entities: with_entities,
            bare_numbers: true,
            ..ExtractConfig::default()
        }
        .build()
        .expect("the default config builds")
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let mode = data[0];
    let text = String::from_utf8_lossy(&data[1..]).into_owned();
    let stage = stage(mode & 1 == 1);

    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n') {
            let end = i + c.len_utf8();
            let span = if mode & 2 != 0 && spans.len() % 5 == 4 {
                Span::new(start + 1, end + 2)
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
    let mut doc = Document::from_text("fuzz", text);
    doc.meta.date = match mode >> 2 & 3 {
        0 => None,
        1 => Some("2012-07-25".into()),
        2 => Some("9999-12-31".into()),
        _ => Some(doc.text.chars().take(20).collect()),
    };
    doc.sentences = Some(spans);
    let mut again = doc.clone();
    stage.process(&mut doc).expect("extract never rejects a document with sentences");
    stage.process(&mut again).expect("second run");

    let text = &doc.text;
    let ok = |s: Span| {
        s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for e in doc.entities.as_deref().unwrap_or(&[]) {
        assert!(ok(e.span), "entity span {:?}", e.span);
    }
    let mut last = 0;
    for d in doc.dates.as_deref().expect("dates set") {
        assert!(ok(d.span) && d.span.start >= last, "date span {:?}", d.span);
        last = d.span.end;
    }
    let mut last = 0;
    for q in doc.quantities.as_deref().expect("quantities set") {
        assert!(ok(q.span) && q.span.start >= last, "quantity span {:?}", q.span);
        assert!(q.value.is_finite());
        last = q.span.end;
    }
    for q in doc.quotes.as_deref().expect("quotes set") {
        assert!(ok(q.span), "quote span {:?}", q.span);
    }
    let kws = doc.keywords.as_deref().expect("keywords set");
    for w in kws.windows(2) {
        assert!(w[0].score >= w[1].score, "keywords not best first");
    }
    assert_eq!(doc.entities, again.entities);
    assert_eq!(doc.dates, again.dates);
    assert_eq!(doc.quantities, again.quantities);
    assert_eq!(doc.quotes, again.quotes);
    assert_eq!(doc.keywords, again.keywords);
});
