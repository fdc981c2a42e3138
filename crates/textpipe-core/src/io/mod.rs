//! Inputs and outputs: [`Source`]s that yield raw records, [`Sink`]s that store finished
//! records atomically, and the glue between them and the executor.
//!
//! - [`source`]: the [`Source`] trait, [`InputSource`] (an input as named by the user) and
//!   [`InputFormat`] (chosen by extension; unknown ones are refused).
//! - [`sink`]: the [`Sink`] and [`RecordEncoder`] traits, [`OutputTarget`].
//! - [`jsonl`]: JSONL in (plain, gzip including multi-member, zstd; detected by magic bytes)
//!   and out (compressed by extension), stdin and stdout; the rejects file is JSONL too.
//! - [`text`]: `.txt`/`.md` articles, alone or in folders walked recursively.
//! - [`raw`]: [`RawRecord`] and its parsing into a document (in the worker threads).
//! - [`reader`]: [`RecordReader`], many inputs in order, with limit and shard filter.
//! - [`record`]: the output record (a document as one JSON object, character offsets).
//! - [`atomic`]: [`AtomicFile`], written under a temporary name and renamed on success.

pub mod atomic;
pub mod jsonl;
pub mod raw;
pub mod reader;
pub mod record;
pub mod sink;
pub mod source;
pub mod text;

pub use atomic::AtomicFile;
pub use jsonl::{JsonlEncoder, JsonlSink, JsonlSource, RecordWriter};
pub use raw::{InputOptions, RawKind, RawRecord, ReadReject};
pub use reader::{RecordFilter, RecordReader};
pub use record::OutputRecord;
pub use sink::{OutputTarget, RecordEncoder, Sink};
pub use source::{InputFormat, InputSource, Source};
pub use text::list_articles;
