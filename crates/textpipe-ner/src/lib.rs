//! Statistical named-entity tagger for textpipe (PER, ORG, LOC, MISC).
//!
//! The `extract` stage calls [`Tagger::tag`] on a document's text and sentence spans and gets
//! [`Entity`] byte spans back. The model is a linear-chain structured perceptron (averaged)
//! over BILOU tags with Viterbi decoding; features are hashed into a fixed-size weight table, so
//! the model stores no corpus words verbatim. [`Tagger::english`] loads the default English
//! model trained on CoNLL-2003, embedded in the crate.
//!
//! Pieces:
//! 1. [`tokenize`]: a fast tokenizer producing byte spans (punctuation split off words,
//!    "U.S.", "1996-08-30", "$1.13bn" kept whole); sentences are the given spans, further cut
//!    at line breaks, standalone stops and datelines.
//! 2. feature extraction: hashed, computed once per document (word shape, affixes, context
//!    words, a gazetteer of training-data phrase hashes, [`WordClusters`] learnt from
//!    unlabeled text, document-level case evidence); the summed weights of a word's own
//!    features are cached per thread.
//! 3. decoding: Viterbi over allowed BILOU transitions, then a second pass in which names
//!    tagged elsewhere in the document inform each other.
//! 4. [`train`] (from [`read_jsonl`] documents) and [`evaluate`] (exact-span P/R/F1).
//!
//! The model file format is versioned and checksummed; [`Tagger::load`] and
//! [`Tagger::from_bytes`] return an [`Error`] for anything damaged, never panic.
//!
//! ```
//! use textpipe_ner::Tagger;
//! let tagger = Tagger::english().expect("embedded model");
//! let text = "Angela Merkel met Microsoft executives in Berlin.";
//! let entities = tagger.tag(text, &[]);
//! for e in &entities {
//!     println!("{} {}", e.label.as_str(), e.span.slice(text));
//! }
//! ```
//!
//! Training (what `textpipe train-ner` does):
//!
//! ```no_run
//! use std::path::Path;
//! use textpipe_ner::{read_jsonl, train, Rendering, TrainOptions};
//! let both = [Rendering::Text, Rendering::Spaced];
//! let docs = read_jsonl(Path::new("train.jsonl"), &both)?;
//! let dev = read_jsonl(Path::new("dev.jsonl"), &[Rendering::Text])?;
//! let (tagger, report) = train(&TrainOptions::default(), &docs, Some(&dev), |p| {
//!     eprintln!("epoch {}: {:?}", p.epoch, p.dev.as_ref().map(|r| r.micro.f1()));
//! })?;
//! println!("dev {report}");
//! tagger.save(Path::new("model.tpner"))?;
//! # Ok::<(), textpipe_ner::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod clusters;
mod data;
mod decode;
mod error;
mod features;
mod format;
mod model;
#[cfg(test)]
mod testutil;
pub mod tokenize;
mod train;

pub use clusters::{ClusterOptions, WordClusters};
pub use data::{read_jsonl, record_docs, Rendering};
pub use error::Error;
pub use model::Tagger;
pub use textpipe_core::{Entity, EntityLabel, Span};
pub use train::{evaluate, train, EpochProgress, Prf, Report, TrainDoc, TrainOptions};
