//! Crate-private helpers for tests: a tiny hand-written training set and a model trained on it.

use crate::clusters::{ClusterOptions, WordClusters};
use crate::train::{train, TrainDoc, TrainOptions};
use crate::Tagger;
use textpipe_core::{Entity, EntityLabel, Span};

/// A document from text with entities marked as `[LABEL words]`.
pub(crate) fn doc(marked: &str) -> TrainDoc {
    let (text, marks) = textpipe_testkit::marked(marked);
    let entities = marks
        .into_iter()
        .map(|(range, label)| Entity {
            span: Span::new(range.start, range.end),
            label: match label {
                "PER" => EntityLabel::PER,
                "ORG" => EntityLabel::ORG,
                "LOC" => EntityLabel::LOC,
                _ => EntityLabel::MISC,
            },
        })
        .collect();
    TrainDoc {
        text,
        sentences: Vec::new(),
        entities,
        group: None,
    }
}

/// Hand-written training sentences.
pub(crate) fn tiny_docs() -> Vec<TrainDoc> {
    [
        "[PER Anna Berg] flew to [LOC Oslo] on Monday.\n[ORG Nordbank] said profits rose.",
        "[ORG Nordbank] opened an office in [LOC Lisbon].\n[PER Berg] was not there.",
        "The [MISC Danish] minister [PER Lars Holm] visited [LOC Oslo].",
        "[PER Lars Holm] met [PER Anna Berg] at [ORG Vesta Group] headquarters in [LOC Lisbon].",
        "Talks in [LOC Madrid] ended without a deal, officials said.",
        "[ORG Vesta Group] shares fell 3 percent in [LOC Madrid].",
    ]
    .iter()
    .map(|s| doc(s))
    .collect()
}

/// A small model trained on [`tiny_docs`], with word clusters learnt from the same texts.
pub(crate) fn tiny_tagger() -> Tagger {
    let docs = tiny_docs();
    let copts = ClusterOptions {
        vocab: 100,
        min_count: 1,
        contexts: 20,
        coarse: 3,
        fine: 6,
        iterations: 3,
    };
    let clusters = WordClusters::learn(docs.iter().map(|d| d.text.as_str()), &copts);
    assert!(!clusters.is_empty());
    let opts = TrainOptions {
        clusters,
        epochs: 5,
        hash_bits: 16,
        seed: 7,
        min_count: 1,
        ..TrainOptions::default()
    };
    match train(&opts, &docs, None, |_| {}) {
        Ok((t, _)) => t,
        Err(e) => panic!("training the tiny model failed: {e}"),
    }
}
