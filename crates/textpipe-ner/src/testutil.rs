//! Crate-private helpers for tests: a tiny hand-written training set and a model trained on it.

use crate::clusters::{ClusterOptions, WordClusters};
use crate::train::{train, TrainDoc, TrainOptions};
use crate::Tagger;
use textpipe_core::{Entity, EntityLabel, Span};

/// A document from text with entities marked as `[LABEL words]`.
pub(crate) fn doc(marked: &str) -> TrainDoc {
    let mut text = String::new();
    let mut entities = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = rest[open..]
            .find(']')
            .map(|c| open + c)
            .unwrap_or(rest.len() - 1);
        let inner = &rest[open + 1..close];
        let (label, words) = inner.split_once(' ').unwrap_or(("MISC", inner));
        let label = match label {
            "PER" => EntityLabel::PER,
            "ORG" => EntityLabel::ORG,
            "LOC" => EntityLabel::LOC,
            _ => EntityLabel::MISC,
        };
        let start = text.len();
        text.push_str(words);
        entities.push(Entity {
            span: Span::new(start, text.len()),
            label,
        });
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
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
