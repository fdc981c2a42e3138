//! textpipe-model: the vocabulary every part of textpipe shares.
//!
//! This crate has no dependency but serde, so that the core runner, every stage crate and the
//! plugin SDK (which a run-time plugin depends on alone) can all speak of the same things with
//! the same types:
//!
//! - the annotation layers of a document (spans, sentences, entities, dates, quantities,
//!   quotes, keywords, summaries), with one serde description used by the JSONL writer, the
//!   plugin host and the plugin SDK;
//! - the kinds of stage parameters, shared by the built-in stages' metadata and the plugin
//!   descriptors.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod layers;

pub use layers::{
    DateMention, Entity, EntityLabel, Keyword, Layer, Metadata, Quantity, Quote, Sentence, Span,
    Summary, SummaryOutput, TemporalMention, TextSpan,
};
pub mod params;
pub use params::{Param, ParamKind};
