//! Training and evaluation.

use crate::error::Error;
use crate::model::Tagger;
use std::collections::BTreeMap;
use textpipe_core::{Entity, EntityLabel, Span};

/// One training or evaluation document: text, sentence spans and gold entities (byte spans).
#[derive(Debug, Clone, Default)]
pub struct TrainDoc {
    /// The text.
    pub text: String,
    /// Sentence byte spans into `text` (empty: one sentence per line).
    pub sentences: Vec<Span>,
    /// Gold entities, byte spans into `text`.
    pub entities: Vec<Entity>,
}

/// Training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training data (1..=100).
    pub epochs: usize,
    /// log2 of the number of feature hash buckets (16..=24).
    pub hash_bits: u32,
    /// Seed of the deterministic shuffling of the training documents.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            hash_bits: 20,
            seed: 1,
        }
    }
}

/// What [`train`] reports after each epoch.
#[derive(Debug, Clone)]
pub struct EpochProgress {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Total epochs.
    pub epochs: usize,
    /// Token tagging errors during this epoch on the training data.
    pub train_errors: usize,
    /// Tokens seen this epoch.
    pub train_tokens: usize,
    /// Score on the dev set with the averaged weights so far, when a dev set is given.
    pub dev: Option<Report>,
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Correct predicted spans.
    pub tp: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Gold spans.
    pub gold: usize,
}

impl Prf {
    /// tp / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// tp / gold (0 when there is no gold span).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Exact-span evaluation: micro-averaged and per label.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Over all labels.
    pub micro: Prf,
    /// Per label.
    pub per_label: BTreeMap<EntityLabel, Prf>,
}

/// Trains a tagger on `train`, scoring `dev` after each epoch; `progress` is called once per
/// epoch. Deterministic for the same data and options.
///
/// # Errors
/// [`Error::Options`] for out-of-range options or an empty training set.
pub fn train(
    opts: &TrainOptions,
    train: &[TrainDoc],
    dev: Option<&[TrainDoc]>,
    mut progress: impl FnMut(&EpochProgress),
) -> Result<(Tagger, Report), Error> {
    if train.is_empty() {
        return Err(Error::Options("the training set is empty".into()));
    }
    let _ = (opts, dev, &mut progress);
    Err(Error::Options("training is not implemented yet".into()))
}

/// Scores `tagger` on `docs` by exact span and label match.
pub fn evaluate(tagger: &Tagger, docs: &[TrainDoc]) -> Report {
    let mut report = Report::default();
    for doc in docs {
        let pred = tagger.tag(&doc.text, &doc.sentences);
        score_doc(&doc.entities, &pred, &mut report);
    }
    report
}

pub(crate) fn score_doc(gold: &[Entity], pred: &[Entity], report: &mut Report) {
    let key = |e: &Entity| (e.span.start, e.span.end, e.label);
    let g: std::collections::BTreeSet<_> = gold.iter().map(key).collect();
    let p: std::collections::BTreeSet<_> = pred.iter().map(key).collect();
    for e in &g {
        report.micro.gold += 1;
        report.per_label.entry(e.2).or_default().gold += 1;
    }
    for e in &p {
        report.micro.predicted += 1;
        let slot = report.per_label.entry(e.2).or_default();
        slot.predicted += 1;
        if g.contains(e) {
            slot.tp += 1;
            report.micro.tp += 1;
        }
    }
}
