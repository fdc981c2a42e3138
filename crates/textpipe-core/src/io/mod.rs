//! Input readers and output writers.
//!
//! - [`input`]: folders of `.txt`/`.md` articles, JSONL (plain, gzip including multi-member,
//!   zstd; detected by magic bytes, so stdin may be compressed too), and `-` for stdin.
//! - [`output`]: JSONL writers, compressed by extension, written under a temporary name and
//!   renamed into place on success; the document serializer with character offsets.

pub mod input;
pub mod output;
pub mod record;

pub use input::{InputOptions, InputSource, RawRecord};
pub use output::{AtomicFile, OutputTarget, RecordWriter};
