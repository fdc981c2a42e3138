//! textpipe-summarize: the `summarize` stage, extractive summaries of news articles.
//!
//! It runs after `sentence-split` and fills [`textpipe_core::Document::summary`] with the
//! indices of the chosen sentences in article order; the writer outputs
//! `"summary": {"text", "sentences"}`.
//!
//! How sentences are chosen (see [`select`](crate::select) module docs for details):
//!
//! 1. Each sentence becomes a bag of stemmed content words (stop words dropped), interned into
//!    per-document ids.
//! 2. It is scored by term salience, LexRank centrality over TF-IDF cosine (the graph is bounded
//!    to the first `graph_sentences` sentences so long articles stay linear), a lead prior,
//!    overlap with the title and its length.
//! 3. Sentences are taken greedily with MMR (redundancy control); those that cannot stand alone
//!    ("But ...", "He said ...", a quote continuation) lose `standalone_penalty` unless their
//!    predecessor is chosen too.
//!
//! Main types: [`SummarizeConfig`] (settings, validation, `build`) and [`Summarize`] (the
//! runtime [`textpipe_core::Stage`]).
//!
//! ```
//! use textpipe_core::{Document, Span, Stage, StageConfig};
//! use textpipe_summarize::SummarizeConfig;
//!
//! let config: SummarizeConfig = serde_json::from_str(r#"{"sentences": 1}"#).unwrap();
//! config.validate().unwrap();
//! let stage = config.build().unwrap();
//!
//! let text = "Rain flooded the town. The town council met. Flood water closed the town roads.";
//! let mut doc = Document::from_text("a1", text);
//! doc.sentences = Some(vec![Span::new(0, 22), Span::new(23, 44), Span::new(45, 79)]);
//! stage.process(&mut doc).unwrap();
//! assert_eq!(doc.summary.unwrap().sentences.len(), 1);
//! ```
//!
//! Defaults were chosen on the BBC development summaries (`../shared/data/`), cross-checked on
//! both halves of the set; `bench/eval-summarize` reproduces the figures.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod config;
mod graph;
mod select;
mod stage;
mod standalone;
mod stopwords;
mod terms;

pub use config::{Length, SummarizeConfig, TermWeighting, DEFAULT_SENTENCES};
pub use stage::Summarize;

/// Registers the `summarize` stage.
pub fn register(reg: &mut textpipe_core::Registry) {
    reg.register_config::<SummarizeConfig>();
}
