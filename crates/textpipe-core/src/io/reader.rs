//! [`RecordReader`]: the raw records of a list of inputs, in order, with the record limit and
//! the shard filter applied before anything is parsed.

use crate::io::raw::{RawKind, RawRecord};
use crate::io::source::{InputSource, Source};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A predicate on raw records, applied before parsing (used for sharding).
pub type RecordFilter = Box<dyn FnMut(&RawRecord) -> bool + Send>;

/// Streams raw records from a list of inputs, in order.
pub struct RecordReader {
    sources: std::vec::IntoIter<InputSource>,
    current: Option<Box<dyn Source>>,
    /// Bytes read so far from all inputs (shared with the progress display).
    pub bytes_read: Arc<AtomicU64>,
    /// Inputs that failed (could not be opened, or not read to the end), with the error.
    pub errors: Vec<String>,
    /// Keeps only the records this returns true for (see [`RecordReader::with_filter`]).
    filter: Option<RecordFilter>,
    /// Stop after this many records, counted before the filter
    /// (see [`RecordReader::with_record_limit`]).
    record_limit: Option<u64>,
    /// Records seen before the filter.
    scanned: u64,
    /// Record bytes (uncompressed) seen before the filter, and kept by it.
    scanned_bytes: u64,
    kept_bytes: u64,
}

impl RecordReader {
    /// A reader over `sources`, in the order given.
    pub fn new(sources: Vec<InputSource>) -> Self {
        RecordReader {
            sources: sources.into_iter(),
            current: None,
            bytes_read: Arc::new(AtomicU64::new(0)),
            errors: Vec::new(),
            filter: None,
            record_limit: None,
            scanned: 0,
            scanned_bytes: 0,
            kept_bytes: 0,
        }
    }

    /// Stops after `limit` records counted before any filter: with a shard filter, the shards
    /// of a run together process the first `limit` records of the input, not `limit` each.
    pub fn with_record_limit(mut self, limit: Option<u64>) -> Self {
        self.record_limit = limit;
        self
    }

    /// This reader's share of [`RecordReader::bytes_read`]: all of it without a filter;
    /// with one, the part in proportion to the (uncompressed) bytes of the records it kept, so
    /// that the shards of one input add up to the input's size instead of counting it once
    /// per shard.
    pub fn input_share(&self) -> u64 {
        let read = self.bytes_read.load(Ordering::Relaxed);
        if self.filter.is_none() || self.scanned_bytes == 0 {
            return read;
        }
        let share =
            (u128::from(read) * u128::from(self.kept_bytes)) / u128::from(self.scanned_bytes);
        u64::try_from(share).unwrap_or(read)
    }

    /// Yields only the records `keep` returns true for, in the same order; the others are
    /// read (and their bytes counted) but never parsed. `crate::shard` uses this to keep one
    /// shard's records.
    pub fn with_filter(mut self, keep: impl FnMut(&RawRecord) -> bool + Send + 'static) -> Self {
        self.filter = Some(Box::new(keep));
        self
    }

    fn next_unfiltered(&mut self) -> Option<RawRecord> {
        loop {
            if self.current.is_none() {
                let src = self.sources.next()?;
                match src.open(self.bytes_read.clone()) {
                    Ok(s) => self.current = Some(s),
                    Err(rec) => return Some(self.note(rec)),
                }
            }
            match self.current.as_mut()?.next_record() {
                Some(rec) => return Some(self.note(rec)),
                None => self.current = None,
            }
        }
    }

    /// Remembers an unreadable input in [`RecordReader::errors`].
    fn note(&mut self, rec: RawRecord) -> RawRecord {
        if let RawKind::Unreadable(msg) = &rec.kind {
            self.errors.push(format!("{}: {msg}", rec.origin.input));
        }
        rec
    }
}

impl Iterator for RecordReader {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        loop {
            if self.record_limit.is_some_and(|l| self.scanned >= l) {
                return None;
            }
            let rec = self.next_unfiltered()?;
            self.scanned += 1;
            let Some(keep) = self.filter.as_mut() else {
                return Some(rec);
            };
            let size = match &rec.kind {
                RawKind::JsonLine(line) => line.len() as u64 + 1,
                RawKind::TextFile { bytes, .. } => bytes.len() as u64,
                RawKind::Unreadable(_) => 0,
            };
            self.scanned_bytes += size;
            if keep(&rec) {
                self.kept_bytes += size;
                return Some(rec);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::io::raw::InputOptions;
    use std::io::Write;

    #[test]
    fn filtered_reader_reports_its_share_and_honours_a_record_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        // Ten records of equal length: 20 bytes each with the newline.
        let body: String = (0..10)
            .map(|i| format!("{{\"text\":\"rec {i:04}\"}}\n"))
            .collect();
        assert_eq!(body.len(), 200);
        std::fs::write(&path, &body).unwrap();
        let src = || vec![InputSource::from_arg(path.to_str().unwrap()).unwrap()];
        // Every other record: half the bytes.
        let mut n = 0u64;
        let mut reader = RecordReader::new(src()).with_filter(move |_| {
            n += 1;
            n % 2 == 1
        });
        assert_eq!(reader.by_ref().count(), 5);
        assert_eq!(reader.bytes_read.load(Ordering::Relaxed), 200);
        assert_eq!(reader.input_share(), 100);
        // Without a filter the share is everything read.
        let mut plain = RecordReader::new(src());
        assert_eq!(plain.by_ref().count(), 10);
        assert_eq!(plain.input_share(), 200);
        // The record limit counts records before the filter.
        let mut m = 0u64;
        let limited = RecordReader::new(src())
            .with_filter(move |_| {
                m += 1;
                m % 2 == 0
            })
            .with_record_limit(Some(5));
        assert_eq!(limited.count(), 2);
    }

    #[test]
    fn reads_gzip_multi_member_and_zstd() {
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("a.jsonl.gz");
        let mut bytes = Vec::new();
        for part in ["{\"text\":\"one\"}\n", "{\"text\":\"two\"}\n"] {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(part.as_bytes()).unwrap();
            bytes.extend(enc.finish().unwrap());
        }
        std::fs::write(&gz, bytes).unwrap();
        let zst = dir.path().join("b.jsonl.zst");
        std::fs::write(
            &zst,
            zstd::encode_all(&b"{\"text\":\"three\"}\n\n"[..], 1).unwrap(),
        )
        .unwrap();
        let sources = vec![
            InputSource::from_arg(gz.to_str().unwrap()).unwrap(),
            InputSource::from_arg(zst.to_str().unwrap()).unwrap(),
        ];
        let texts: Vec<String> = RecordReader::new(sources)
            .map(|r| r.into_document(&InputOptions::default()).unwrap().text)
            .collect();
        assert_eq!(texts, ["one", "two", "three"]);
    }

    #[test]
    fn folder_is_recursive_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "B").unwrap();
        std::fs::write(dir.path().join("sub/a.md"), "A").unwrap();
        std::fs::write(dir.path().join("skip.bin"), "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "A0").unwrap();
        let src = InputSource::from_arg(dir.path().to_str().unwrap()).unwrap();
        let ids: Vec<String> = RecordReader::new(vec![src])
            .map(|r| r.into_document(&InputOptions::default()).unwrap().id)
            .collect();
        assert_eq!(ids, ["a.txt", "b.txt", "sub/a.md"]);
    }

    #[test]
    fn corrupt_gzip_becomes_an_unreadable_record() {
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("bad.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n")
            .unwrap();
        let mut bytes = enc.finish().unwrap();
        let n = bytes.len();
        bytes.truncate(n - 12);
        bytes.extend_from_slice(&[0xde, 0xad]);
        std::fs::write(&gz, bytes).unwrap();
        let mut reader =
            RecordReader::new(vec![InputSource::from_arg(gz.to_str().unwrap()).unwrap()]);
        let recs: Vec<RawRecord> = reader.by_ref().collect();
        assert!(recs
            .iter()
            .any(|r| matches!(r.kind, RawKind::Unreadable(_))));
        assert_eq!(reader.errors.len(), 1);
    }
}
