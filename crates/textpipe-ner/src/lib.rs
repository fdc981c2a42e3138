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
//!    "U.S.", "1996-08-30", "$1.13bn" kept whole).
//! 2. feature extraction (hashed, computed once per sentence),
//! 3. decoding (Viterbi over allowed BILOU transitions) and a second, document-level pass,
//! 4. [`train`] and [`evaluate`] (exact-span precision/recall/F1).
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
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod clusters;
mod data;
mod decode;
mod error;
mod features;
mod format;
mod hash;
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
