//! JSONL in and out: one JSON object a line, plain, gzip (multi-member) or zstd.
//!
//! [`JsonlSource`] splits a stream into lines (decompressing by magic bytes, so stdin may be
//! compressed too); [`JsonlSink`] writes one record a line to an atomic file (compressed by
//! extension), stdout or stderr.

use crate::document::{Document, Origin};
use crate::error::IoError;
use crate::io::atomic::AtomicFile;
use crate::io::raw::{RawKind, RawRecord};
use crate::io::record::OutputRecord;
use crate::io::sink::{RecordEncoder, Sink};
use crate::io::source::Source;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A reader that counts the bytes that pass through it (compressed bytes for compressed input).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Wraps `r` in a decoder chosen by its first bytes: gzip (multi-member), zstd, or none.
fn decode(r: Box<dyn Read + Send>) -> std::io::Result<Box<dyn BufRead + Send>> {
    let mut buf = BufReader::with_capacity(1 << 16, r);
    let head = buf.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buf),
        )))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(buf)?,
        )))
    } else {
        Ok(Box::new(buf))
    }
}

/// The lines of one JSONL stream as raw records (blank lines skipped, line numbers kept).
pub struct JsonlSource {
    name: Arc<str>,
    reader: Option<Box<dyn BufRead + Send>>,
    line: u64,
}

impl JsonlSource {
    /// A source over `stream`, named `name` in rejects; `bytes_read` counts the stream's bytes.
    ///
    /// # Errors
    ///
    /// The I/O error when the first bytes (which select the decompressor) cannot be read.
    pub fn new(
        name: Arc<str>,
        stream: Box<dyn Read + Send>,
        bytes_read: Arc<AtomicU64>,
    ) -> std::io::Result<Self> {
        let counting = Counting {
            inner: stream,
            count: bytes_read,
        };
        Ok(JsonlSource {
            name,
            reader: Some(decode(Box::new(counting))?),
            line: 0,
        })
    }
}

impl Source for JsonlSource {
    fn next_record(&mut self) -> Option<RawRecord> {
        loop {
            let reader = self.reader.as_mut()?;
            let mut buf = Vec::new();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.reader = None;
                    return None;
                }
                Ok(_) => {
                    self.line += 1;
                    while matches!(buf.last(), Some(b'\n' | b'\r')) {
                        buf.pop();
                    }
                    if buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    return Some(RawRecord {
                        origin: Origin {
                            input: self.name.clone(),
                            line: Some(self.line),
                        },
                        kind: RawKind::JsonLine(buf),
                    });
                }
                Err(e) => {
                    self.reader = None;
                    let msg = format!("input unreadable from line {} on: {e}", self.line + 1);
                    return Some(RawRecord {
                        origin: Origin {
                            input: self.name.clone(),
                            line: Some(self.line + 1),
                        },
                        kind: RawKind::Unreadable(msg),
                    });
                }
            }
        }
    }
}

/// Encodes a finished document as one JSON line ([`OutputRecord`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct JsonlEncoder;

impl RecordEncoder for JsonlEncoder {
    fn encode(&self, doc: &Document) -> Vec<u8> {
        OutputRecord::new(doc).to_json_line()
    }
}

/// A JSONL destination: an atomic file, standard output or standard error. Also the rejects
/// file (the dead-letter output), whatever the output format.
pub enum JsonlSink {
    /// Atomic file.
    File(AtomicFile),
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
    /// Standard error (rejects when output goes to stdout and no rejects file is named).
    Stderr(std::io::Stderr),
}

/// The former name of [`JsonlSink`].
pub type RecordWriter = JsonlSink;

impl JsonlSink {
    /// Standard output, buffered.
    pub fn stdout() -> Self {
        JsonlSink::Stdout(BufWriter::with_capacity(1 << 16, std::io::stdout()))
    }

    /// Writes one line (the newline is added).
    ///
    /// # Errors
    ///
    /// The underlying I/O error (a closed stdout gives `BrokenPipe`).
    pub fn write_line(&mut self, line: &[u8]) -> std::io::Result<()> {
        let w: &mut dyn Write = match self {
            JsonlSink::File(f) => f,
            JsonlSink::Stdout(s) => s,
            JsonlSink::Stderr(s) => s,
        };
        w.write_all(line)?;
        w.write_all(b"\n")
    }

    /// Flushes and, for a file, renames it into place.
    ///
    /// # Errors
    ///
    /// As [`AtomicFile::commit`].
    pub fn finish(self) -> Result<(), IoError> {
        match self {
            JsonlSink::File(f) => f.commit(),
            JsonlSink::Stdout(mut s) => s.flush().map_err(|source| IoError::WithPath {
                path: PathBuf::from("-"),
                source,
            }),
            JsonlSink::Stderr(_) => Ok(()),
        }
    }
}

impl Sink for JsonlSink {
    fn encoder(&self) -> Arc<dyn RecordEncoder> {
        Arc::new(JsonlEncoder)
    }

    fn write(&mut self, record: &[u8]) -> std::io::Result<()> {
        self.write_line(record)
    }

    fn finish(self: Box<Self>) -> Result<(), IoError> {
        JsonlSink::finish(*self)
    }
}
