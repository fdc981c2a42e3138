//! textpipe-core: the part of textpipe that knows nothing about any particular stage.
//!
//! A pipeline is a list of [`Stage`]s built from a JSON config by a [`Registry`]. The
//! [`executor`] streams [`Document`]s from the [`io`] readers in batches, runs every stage on
//! every document in parallel with rayon, and writes the results (and the rejects) in input
//! order.
//!
//! - [`document`]: the [`Document`] a stage reads and mutates, with typed annotation layers
//!   (sentences, entities, ...) in byte offsets, converted to character offsets on output.
//! - [`stage`]: the [`Stage`] trait and [`StageError`].
//! - [`registry`]: maps a stage name to a constructor; stage crates call `register`.
//! - [`config`]: the pipeline JSON, parsed and validated with errors that name the stage index,
//!   the key and the line.
//! - [`executor`]: batching, parallelism, rejects, statistics.
//! - [`corpus`]: corpus-wide steps that decide in input order (deduplication, statistics).
//! - [`io`]: the [`io::Source`] and [`io::Sink`] traits; JSONL (plain, gzip, zstd, stdin and
//!   stdout) and text-article implementations; atomic output files.
//! - [`shard`]: deterministic shards, completion markers and the shard lifecycle
//!   ([`shard::ShardJob`]).
//!
//! The crate's README describes the design (document model, sources and sinks, corpus steps,
//! shards).
//!
//! ```
//! use textpipe_core::{Document, Registry, Stage, StageError, fields};
//!
//! struct Upper;
//! impl Stage for Upper {
//!     fn name(&self) -> &str { "upper" }
//!     fn provides(&self) -> Vec<String> { vec![fields::TEXT.into()] }
//!     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
//!         doc.text = doc.text.to_uppercase();
//!         Ok(())
//!     }
//! }
//! let mut doc = Document::from_text("d1", "hello");
//! Upper.process(&mut doc).unwrap();
//! assert_eq!(doc.text, "HELLO");
//! let _registry = Registry::new();
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
pub mod corpus;
pub mod document;
pub mod error;
pub mod executor;
pub mod io;
pub mod offsets;
pub mod registry;
pub mod shard;
pub mod stage;
pub mod stats;

pub use config::{OnError, PipelineConfig, StageEntry};
pub use document::{
    fields, DateMention, Document, Entity, EntityLabel, Keyword, Layer, Metadata, Origin, Quantity,
    Quote, Sentence, Span, Summary, SummaryOutput, TemporalMention, TextSpan,
};
pub use error::{ConfigError, IoError};
pub use executor::{Pipeline, RunOptions};
pub use registry::{ParamInfo, ParamKind, PluginLoader, Registry, StageConfig, StageInfo};
pub use stage::{Stage, StageError};
pub use stats::RunStats;
