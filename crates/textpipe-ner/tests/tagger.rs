//! Behaviour of the shipped English model, training API and invariants on arbitrary input.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use textpipe_ner::{
    evaluate, record_docs, train, EntityLabel, Error, Rendering, Span, Tagger, TrainDoc,
    TrainOptions,
};

fn tagged(text: &str) -> Vec<(String, &'static str)> {
    Tagger::english()
        .unwrap()
        .tag(text, &[])
        .iter()
        .map(|e| (e.span.slice(text).to_string(), e.label.as_str()))
        .collect()
}

fn has(got: &[(String, &'static str)], text: &str, label: &str) -> bool {
    got.iter().any(|(t, l)| t == text && *l == label)
}

#[test]
fn tags_obvious_names() {
    let got = tagged("Angela Merkel met Microsoft executives in Berlin.");
    assert!(has(&got, "Angela Merkel", "PER"), "{got:?}");
    assert!(has(&got, "Microsoft", "ORG"), "{got:?}");
    assert!(has(&got, "Berlin", "LOC"), "{got:?}");
    assert_eq!(got.len(), 3, "{got:?}");
}

#[test]
fn spans_exclude_punctuation_and_possessives() {
    let text = "Officials in Paris, France's capital, said Jacques Dupont's plan would go to the United Nations.";
    let got = tagged(text);
    assert!(has(&got, "Paris", "LOC"), "{got:?}");
    assert!(has(&got, "France", "LOC"), "{got:?}");
    assert!(has(&got, "Jacques Dupont", "PER"), "{got:?}");
    assert!(has(&got, "United Nations", "ORG"), "{got:?}");
}

#[test]
fn works_on_space_joined_tokens_and_headlines() {
    let got = tagged("Jacques Dupont , the French minister , arrived in Tokyo on Tuesday .");
    assert!(has(&got, "Jacques Dupont", "PER"), "{got:?}");
    assert!(has(&got, "French", "MISC"), "{got:?}");
    assert!(has(&got, "Tokyo", "LOC"), "{got:?}");
    // A dateline and an all-caps headline must not turn every word into an entity.
    let got = tagged("SOCCER - KEEGAN QUITS AFTER HEAVY DEFEAT.\nMADRID 1997-05-02\nKevin Keegan resigned on Friday.");
    assert!(has(&got, "MADRID", "LOC"), "{got:?}");
    assert!(
        !got.iter()
            .any(|(t, _)| t == "QUITS" || t == "HEAVY" || t == "DEFEAT"),
        "{got:?}"
    );
}

#[test]
fn sentences_limit_the_tagging() {
    let text = "Angela Merkel met Microsoft executives in Berlin.";
    let tagger = Tagger::english().unwrap();
    // Only the first sentence span is tagged.
    let only = tagger.tag(text, &[Span::new(0, 13)]);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].span.slice(text), "Angela Merkel");
    assert_eq!(only[0].label, EntityLabel::PER);
    // Spans outside the text are ignored.
    assert!(tagger.tag(text, &[Span::new(40, 400)]).is_empty());
    assert!(tagger.tag("", &[]).is_empty());
}

#[test]
fn tagger_is_send_sync_and_deterministic() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tagger>();
    let text = "Talks between Lufthansa and the Greek government resumed in Athens on Monday.";
    let tagger = Tagger::english().unwrap();
    let first = tagger.tag(text, &[]);
    let threads: Vec<_> = (0..2)
        .map(|_| std::thread::spawn(move || Tagger::english().unwrap().tag(text, &[])))
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), first);
    }
}

#[test]
fn english_is_loaded_once() {
    let a = Tagger::english().unwrap() as *const Tagger;
    let b = Tagger::english().unwrap() as *const Tagger;
    assert_eq!(a, b);
}

fn doc(text: &str, ents: &[(&str, EntityLabel)]) -> TrainDoc {
    let entities = ents
        .iter()
        .map(|(w, l)| {
            let s = text.find(w).unwrap();
            textpipe_ner::Entity {
                span: Span::new(s, s + w.len()),
                label: *l,
            }
        })
        .collect();
    TrainDoc {
        text: text.to_string(),
        sentences: Vec::new(),
        entities,
        group: None,
    }
}

#[test]
fn training_is_deterministic_and_learns() {
    use EntityLabel::*;
    let docs = vec![
        doc(
            "Maria Silva visited Porto on Sunday.",
            &[("Maria Silva", PER), ("Porto", LOC)],
        ),
        doc(
            "Acme Corp hired Maria Silva.",
            &[("Acme Corp", ORG), ("Maria Silva", PER)],
        ),
        doc("Rain fell on Porto again.", &[("Porto", LOC)]),
        doc(
            "Acme Corp sells bricks in Porto.",
            &[("Acme Corp", ORG), ("Porto", LOC)],
        ),
    ];
    let opts = TrainOptions {
        epochs: 6,
        hash_bits: 16,
        seed: 3,
        min_count: 1,
        ..TrainOptions::default()
    };
    let mut epochs = 0;
    let (a, report) = train(&opts, &docs, Some(&docs), |p| {
        epochs += 1;
        assert!(p.dev.is_some());
    })
    .unwrap();
    assert_eq!(epochs, 6);
    let (b, _) = train(&opts, &docs, Some(&docs), |_| {}).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
    // Seeds that differ only in their lowest bit still shuffle differently.
    let other = TrainOptions {
        seed: 2,
        ..opts.clone()
    };
    let (c, _) = train(&other, &docs, None, |_| {}).unwrap();
    assert_ne!(a.to_bytes(), c.to_bytes());
    assert!(report.micro.f1() > 0.9, "{report}");
    assert_eq!(report, evaluate(&a, &docs));
}

#[test]
fn bad_training_options_are_rejected() {
    let docs = vec![doc("Porto.", &[("Porto", EntityLabel::LOC)])];
    let bad = |o: TrainOptions| match train(&o, &docs, None, |_| {}) {
        Err(Error::Options(m)) => m,
        other => panic!("expected an options error, got {other:?}"),
    };
    assert!(bad(TrainOptions {
        epochs: 0,
        ..TrainOptions::default()
    })
    .contains("epochs"));
    assert!(bad(TrainOptions {
        hash_bits: 30,
        ..TrainOptions::default()
    })
    .contains("hash_bits"));
    assert!(bad(TrainOptions {
        min_count: 0,
        ..TrainOptions::default()
    })
    .contains("min_count"));
    assert!(matches!(
        train(&TrainOptions::default(), &[], None, |_| {}),
        Err(Error::Options(_))
    ));
}

#[test]
fn records_give_both_renderings() {
    let rec = serde_json::json!({
        "text": "Zoë Lang's firm Hexa left Köln.",
        "tokens": ["Zoë", "Lang", "'s", "firm", "Hexa", "left", "Köln", "."],
        "sentences": [[0, 8]],
        "entities": [
            {"type": "PER", "start": 0, "end": 2, "char_start": 0, "char_end": 8},
            {"type": "ORG", "start": 4, "end": 5, "char_start": 16, "char_end": 20},
            {"type": "LOC", "start": 6, "end": 7, "char_start": 26, "char_end": 30}
        ]
    });
    let docs = record_docs(&rec, &[Rendering::Text, Rendering::Spaced], 5).unwrap();
    assert_eq!(docs.len(), 2);
    let words = |d: &TrainDoc| -> Vec<String> {
        d.entities
            .iter()
            .map(|e| e.span.slice(&d.text).to_string())
            .collect()
    };
    assert_eq!(words(&docs[0]), vec!["Zoë Lang", "Hexa", "Köln"]);
    assert_eq!(docs[1].text, "Zoë Lang 's firm Hexa left Köln .\n");
    assert_eq!(words(&docs[1]), vec!["Zoë Lang", "Hexa", "Köln"]);
    assert_eq!(docs[0].group, Some(5));
    let bad = serde_json::json!({"text": "abc", "entities": [{"type": "PER", "char_start": 1, "char_end": 40}]});
    assert!(record_docs(&bad, &[Rendering::Text], 0)
        .unwrap_err()
        .contains("outside"));
}

fn check_spans(text: &str, sentences: &[Span]) -> Result<(), TestCaseError> {
    let ents = Tagger::english().unwrap().tag(text, sentences);
    // The kit panics on a broken rule; proptest reports (and shrinks) panics as failures.
    textpipe_testkit::SpanCheck::new(text)
        .named("entity")
        .non_empty()
        .disjoint()
        .trimmed()
        .check(ents.iter().map(|e| e.span.start..e.span.end));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn spans_are_valid_on_arbitrary_text(text in "\\PC{0,200}") {
        check_spans(&text, &[])?;
    }

    #[test]
    fn spans_are_valid_on_name_like_text(
        text in "([A-Z][a-z]{0,8}|[A-Z]{2,6}|[a-z]{1,8}|[0-9.,$-]{1,6}|[.,;:'\"()-]|é|Ö|\\n| ){0,60}"
    ) {
        check_spans(&text, &[])?;
    }

    #[test]
    fn arbitrary_sentence_spans_do_not_panic(
        text in "\\PC{0,120}",
        spans in proptest::collection::vec((0usize..150, 0usize..150), 0..6),
    ) {
        let spans: Vec<Span> = spans.into_iter().map(|(a, b)| Span::new(a, b)).collect();
        check_spans(&text, &spans)?;
    }
}

#[test]
fn overlapping_sentence_spans_give_no_overlapping_entities() {
    let text = "Angela Merkel met Microsoft executives in Berlin.";
    let spans = [Span::new(0, 30), Span::new(0, text.len()), Span::new(7, 20)];
    let ents = Tagger::english().unwrap().tag(text, &spans);
    for w in ents.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "{ents:?}");
    }
    assert!(ents.iter().any(|e| e.span.slice(text) == "Berlin"));
}
