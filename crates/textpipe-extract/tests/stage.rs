//! The whole stage on a short article written for this test, with the built-in NER model.
#![allow(clippy::unwrap_used, missing_docs)]

use textpipe_core::{fields, Document, EntityLabel, Span, StageConfig, StageError};
use textpipe_extract::ExtractConfig;

const ARTICLE: &str = "LISBON, Portugal — Prime Minister Carlos Almeida announced on Monday that the government would cut 4,500 jobs at the state railway.\n\n\
\"We cannot keep losing money on every train,\" said Almeida, who took office in 2019.\n\n\
The railway lost €310m last year, and ticket sales fell 12% in the first half.\n\n\
Union leader Marta Sousa called the plan reckless. \"Workers will strike next week,\" she said.";

fn sentences(text: &str) -> Vec<Span> {
    textpipe_testkit::naive_sentences(text)
        .into_iter()
        .map(|r| Span::new(r.start, r.end))
        .collect()
}

fn run(config: ExtractConfig) -> Document {
    let stage = config.build().unwrap();
    let mut doc = Document::from_text("a", ARTICLE);
    doc.meta.date = Some("2012-07-25".into());
    doc.sentences = Some(sentences(ARTICLE));
    stage.process(&mut doc).unwrap();
    doc
}

#[test]
fn fills_every_layer() {
    let doc = run(ExtractConfig::default());
    let text = &doc.text;
    let ents = doc.entities.as_ref().unwrap();
    assert!(
        ents.iter()
            .any(|e| e.label == EntityLabel::PER && e.span.slice(text).contains("Almeida")),
        "{:?}",
        ents.iter()
            .map(|e| (e.span.slice(text), e.label))
            .collect::<Vec<_>>()
    );
    let dates: Vec<(&str, Option<&str>)> = doc
        .dates
        .as_ref()
        .unwrap()
        .iter()
        .map(|d| (d.span.slice(text), d.value.as_deref()))
        .collect();
    assert!(dates.contains(&("Monday", Some("2012-07-23"))), "{dates:?}");
    assert!(dates.contains(&("last year", Some("2011"))), "{dates:?}");
    assert!(
        dates.contains(&("next week", Some("2012-W31"))),
        "{dates:?}"
    );
    let q: Vec<(&str, f64, &str)> = doc
        .quantities
        .as_ref()
        .unwrap()
        .iter()
        .map(|q| (q.span.slice(text), q.value, q.unit.as_str()))
        .collect();
    assert!(q.contains(&("4,500 jobs", 4500.0, "job")), "{q:?}");
    assert!(q.contains(&("€310m", 3.1e8, "EUR")), "{q:?}");
    assert!(q.contains(&("12%", 12.0, "percent")), "{q:?}");
    let quotes = doc.quotes.as_ref().unwrap();
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].speaker.as_deref(), Some("Almeida"));
    assert_eq!(quotes[1].speaker.as_deref(), Some("Marta Sousa"));
    assert!(!doc.keywords.as_ref().unwrap().is_empty());
    assert!(doc.counters.iter().any(|(k, _)| *k == "quotes"));
}

#[test]
fn switches_decide_what_is_provided() {
    let config = ExtractConfig {
        entities: false,
        quotes: false,
        keywords: false,
        ..ExtractConfig::default()
    };
    let stage = config.clone().build().unwrap();
    assert_eq!(
        stage.provides(),
        vec![fields::DATES.to_string(), fields::QUANTITIES.to_string()]
    );
    assert_eq!(
        stage.requires(),
        vec![fields::TEXT.to_string(), fields::SENTENCES.to_string()]
    );
    let doc = run(config);
    assert!(doc.entities.is_none() && doc.quotes.is_none() && doc.keywords.is_none());
    assert!(doc.dates.is_some() && doc.quantities.is_some());
}

#[test]
fn without_sentences_the_document_is_rejected() {
    let stage = ExtractConfig::default().build().unwrap();
    let mut doc = Document::from_text("a", ARTICLE);
    let err = stage.process(&mut doc).unwrap_err();
    assert!(matches!(err, StageError::Reject { .. }));
    assert!(err.to_string().contains("sentences"));
}

#[test]
fn without_a_date_relative_values_stay_empty_unless_configured() {
    let stage = ExtractConfig::default().build().unwrap();
    let mut doc = Document::from_text("a", ARTICLE);
    doc.sentences = Some(sentences(ARTICLE));
    stage.process(&mut doc).unwrap();
    let monday = doc
        .dates
        .as_ref()
        .unwrap()
        .iter()
        .find(|d| d.span.slice(&doc.text) == "Monday")
        .unwrap();
    assert_eq!(monday.value, None);

    let stage = ExtractConfig {
        reference_date: Some("2020-01-01".into()),
        ..ExtractConfig::default()
    }
    .build()
    .unwrap();
    let mut doc = Document::from_text("a", ARTICLE);
    doc.sentences = Some(sentences(ARTICLE));
    stage.process(&mut doc).unwrap();
    let monday = doc
        .dates
        .as_ref()
        .unwrap()
        .iter()
        .find(|d| d.span.slice(&doc.text) == "Monday")
        .unwrap();
    assert_eq!(monday.value.as_deref(), Some("2019-12-30"));
}

#[test]
fn empty_text_is_fine() {
    let stage = ExtractConfig::default().build().unwrap();
    let mut doc = Document::from_text("e", "");
    doc.sentences = Some(Vec::new());
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.entities.as_deref().map(<[_]>::len), Some(0));
    assert_eq!(doc.keywords.as_deref().map(<[_]>::len), Some(0));
}
