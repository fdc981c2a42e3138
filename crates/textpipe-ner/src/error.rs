//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading, training or saving a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The bytes do not start with the model magic: not a textpipe NER model.
    #[error("not a textpipe NER model (bad magic bytes)")]
    BadMagic,
    /// The model was written by an incompatible version of this crate.
    #[error("unsupported NER model version {found} (this build reads version {expected})")]
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The model file ends early.
    #[error("NER model is truncated ({what})")]
    Truncated {
        /// What was being read when the bytes ran out.
        what: &'static str,
    },
    /// The stored checksum does not match the contents.
    #[error("NER model checksum mismatch (stored {stored:016x}, computed {computed:016x}): the file is corrupt")]
    Checksum {
        /// Checksum in the file.
        stored: u64,
        /// Checksum of the bytes read.
        computed: u64,
    },
    /// The model is structurally invalid (bad sizes, out-of-range values).
    #[error("invalid NER model: {0}")]
    Invalid(String),
    /// A training/dev record could not be read.
    #[error("{path}:{line}: {message}")]
    Data {
        /// The JSONL file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the record.
        message: String,
    },
    /// Training options are out of range or the training set is empty.
    #[error("invalid training options: {0}")]
    Options(String),
}
