//! textpipe-summarize: the `summarize` stage, extractive summaries of news articles.
//!
//! It runs after `sentence-split` and fills [`textpipe_core::Document::summary`] with the
//! indices of the chosen sentences in article order; the writer outputs
//! `"summary": {"text", "sentences"}`.
//!
//! How sentences are chosen (details in the `select` module):
//!
//! 1. Each sentence becomes a bag of content words: whitespace tokens trimmed of punctuation,
//!    lower-cased, stop words dropped (optionally stemmed), interned into per-document ids
//!    through a per-document table of packed word forms, so no string is allocated per token.
//! 2. Signals: LexRank and degree centrality over the cosine graph of the sentences (the graph
//!    is bounded to the first `graph_sentences` sentences, later ones are scored against them,
//!    so 2,000-sentence articles stay linear), overlap with `meta.title`, and optional
//!    salience, lead-position and length priors. Each is standardized over the article and
//!    weighted.
//! 3. The score becomes a probability that a reference summary would hold the sentence, and
//!    sentences are chosen greedily to maximise the expected ROUGE-style F1 (long likely
//!    sentences beat short sure ones), with MMR against redundancy and a penalty for sentences
//!    that cannot stand alone ("But ...", "He said ...", a quote continuation) unless their
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
//! both halves of the set: ROUGE-1 F1 0.659 and ROUGE-2 0.629 at 3 sentences (lead-3: 0.44).
//! `bench/eval-summarize` reproduces the figures through the real pipeline.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod config;
mod graph;
mod pool;
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
