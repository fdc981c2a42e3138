//! The [`Sink`] trait and the outputs a user can name.
//!
//! A sink is where finished records go. Encoding a document is split from writing it: the
//! executor asks the sink for its [`RecordEncoder`] once, encodes every document in the worker
//! threads (in parallel), and hands the encoded records to the sink on one writer thread, in
//! input order. A sink writes atomically: nothing appears under the final name until
//! [`Sink::finish`] succeeds; a sink dropped without `finish` leaves nothing behind.
//!
//! The output format is chosen by [`OutputTarget::from_arg`] from the extension; an extension
//! no format claims is refused with the list of supported ones. To add a format: implement
//! [`Sink`] and [`RecordEncoder`] in a module of its own beside [`crate::io::jsonl`], add a
//! variant to [`OutputTarget`] and open it in [`OutputTarget::open`].

use crate::document::Document;
use crate::error::IoError;
use crate::io::atomic::AtomicFile;
use crate::io::jsonl::JsonlSink;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Turns a finished document into the bytes its sink stores (a JSON line for JSONL; a columnar
/// sink may use its own row encoding). Called from the worker threads, so it must be shareable.
pub trait RecordEncoder: Send + Sync {
    /// The encoded record.
    fn encode(&self, doc: &Document) -> Vec<u8>;
}

/// Where encoded records go, in input order.
pub trait Sink: Send {
    /// The encoder whose output [`Sink::write`] takes.
    fn encoder(&self) -> Arc<dyn RecordEncoder>;

    /// Writes one encoded record.
    ///
    /// # Errors
    ///
    /// The underlying I/O error (a closed stdout gives `BrokenPipe`); the run then stops.
    fn write(&mut self, record: &[u8]) -> std::io::Result<()>;

    /// Flushes and puts the output in place (renames the temporary file).
    ///
    /// # Errors
    ///
    /// [`IoError::WithPath`] when writing, syncing or renaming fails.
    fn finish(self: Box<Self>) -> Result<(), IoError>;
}

/// Where output goes, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// JSONL on standard output.
    Stdout,
    /// A JSONL file; `.gz` and `.zst` extensions select compression.
    File(PathBuf),
}

impl OutputTarget {
    /// Every output form accepted, as shown in the refusal of an unknown one.
    pub const SUPPORTED: &'static str =
        ".jsonl, .ndjson, .json (each optionally .gz or .zst), or - for stdout";

    /// `-` is stdout, anything else a file path whose extension selects the format.
    ///
    /// # Errors
    ///
    /// [`IoError::Unsupported`] for an extension no output format claims (`out.parquet` is
    /// refused rather than written as JSONL under a misleading name).
    pub fn from_arg(arg: &str) -> Result<Self, IoError> {
        if arg == "-" {
            return Ok(OutputTarget::Stdout);
        }
        let path = PathBuf::from(arg);
        if crate::io::InputFormat::from_path(&path) == Some(crate::io::InputFormat::Jsonl) {
            Ok(OutputTarget::File(path))
        } else {
            let ext = path
                .extension()
                .map(|e| format!("extension .{}", e.to_string_lossy()))
                .unwrap_or_else(|| "no extension".into());
            Err(IoError::Unsupported {
                path,
                message: format!(
                    "unsupported output format ({ext}); supported: {}",
                    Self::SUPPORTED
                ),
            })
        }
    }

    /// The file path, or `None` for stdout.
    pub fn path(&self) -> Option<&Path> {
        match self {
            OutputTarget::Stdout => None,
            OutputTarget::File(p) => Some(p),
        }
    }

    /// Opens the sink (a file under its temporary name).
    ///
    /// # Errors
    ///
    /// As [`AtomicFile::create`].
    pub fn open(&self) -> Result<Box<dyn Sink>, IoError> {
        Ok(match self {
            OutputTarget::Stdout => Box::new(JsonlSink::stdout()),
            OutputTarget::File(p) => Box::new(JsonlSink::File(AtomicFile::create(p)?)),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn outputs_by_extension() {
        assert_eq!(OutputTarget::from_arg("-").unwrap(), OutputTarget::Stdout);
        assert!(OutputTarget::from_arg("out/x.jsonl.zst").is_ok());
        assert!(OutputTarget::from_arg("x.ndjson.gz").is_ok());
        let err = OutputTarget::from_arg("out.parquet")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("out.parquet") && err.contains(".jsonl"),
            "{err}"
        );
        let err = OutputTarget::from_arg("out").unwrap_err().to_string();
        assert!(err.contains("no extension"), "{err}");
    }

    #[test]
    fn a_sink_writes_nothing_until_finished() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.jsonl");
        let target = OutputTarget::from_arg(p.to_str().unwrap()).unwrap();
        let mut sink = target.open().unwrap();
        let doc = Document::from_text("d", "Hi.");
        let rec = sink.encoder().encode(&doc);
        sink.write(&rec).unwrap();
        assert!(!p.exists());
        sink.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"text\":\"Hi.\"}\n");
        let mut dropped = target.open().unwrap();
        dropped.write(b"{}").unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
