//! Reading documents: a folder of articles, JSONL files (plain, `.gz`, `.zst`) or stdin.
//!
//! Reading only splits the input into raw records (a whole text file, or one JSONL line) and
//! counts bytes; parsing, UTF-8 checks and field lookups happen in the worker threads through
//! [`RawRecord::into_document`], so that a bad record becomes a reject, never a failed run.

use crate::document::{Document, Origin};
use crate::error::IoError;
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How to find the id and the text in a JSONL record.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Field holding the document id (default `id`); documents without one get `input:line`.
    pub id_field: String,
    /// Field holding the text (default `text`). A record without it but with a `tokens` list of
    /// strings gets the tokens joined by single spaces (the CoNLL convention).
    pub text_field: String,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            id_field: "id".into(),
            text_field: "text".into(),
        }
    }
}

/// One input as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// JSONL on standard input (optionally gzip or zstd compressed).
    Stdin,
    /// A JSONL file (plain, `.gz`, `.zst`).
    Jsonl(PathBuf),
    /// A single text article (`.txt`, `.md`).
    TextFile(PathBuf),
    /// A folder of text articles, read recursively in sorted order.
    Dir(PathBuf),
}

impl InputSource {
    /// Classifies a command-line input (`-` is stdin).
    ///
    /// # Errors
    ///
    /// [`IoError::WithPath`] when the path does not exist or cannot be read.
    pub fn from_arg(arg: &str) -> Result<Self, IoError> {
        if arg == "-" {
            return Ok(InputSource::Stdin);
        }
        let path = PathBuf::from(arg);
        let meta = std::fs::metadata(&path).map_err(|source| IoError::WithPath {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            Ok(InputSource::Dir(path))
        } else if is_text_article(&path) {
            Ok(InputSource::TextFile(path))
        } else {
            // Fail now, not halfway through the run, when the file cannot be opened.
            File::open(&path).map_err(|source| IoError::WithPath {
                path: path.clone(),
                source,
            })?;
            Ok(InputSource::Jsonl(path))
        }
    }

    /// The name used in rejects and messages.
    pub fn display_name(&self) -> String {
        match self {
            InputSource::Stdin => "-".into(),
            InputSource::Jsonl(p) | InputSource::TextFile(p) | InputSource::Dir(p) => {
                p.display().to_string()
            }
        }
    }

    /// Total bytes on disk, when known (for progress ETA).
    pub fn size_hint(&self) -> Option<u64> {
        match self {
            InputSource::Stdin => None,
            InputSource::Jsonl(p) | InputSource::TextFile(p) => {
                std::fs::metadata(p).ok().map(|m| m.len())
            }
            InputSource::Dir(p) => list_articles(p).ok().map(|v| {
                v.iter()
                    .filter_map(|(f, _)| std::fs::metadata(f).ok())
                    .map(|m| m.len())
                    .sum()
            }),
        }
    }
}

fn is_text_article(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("txt" | "md" | "text" | "markdown")
    )
}

/// Every article under `dir`, recursively, sorted by relative path, with its id (the path
/// relative to `dir`, `/`-separated).
///
/// # Errors
///
/// [`IoError::WithPath`] when a folder cannot be listed.
pub fn list_articles(dir: &Path) -> Result<Vec<(PathBuf, String)>, IoError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| IoError::WithPath {
            path: d.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| IoError::WithPath {
                path: d.clone(),
                source,
            })?;
            let path = entry.path();
            let ft = entry.file_type().map_err(|source| IoError::WithPath {
                path: path.clone(),
                source,
            })?;
            if ft.is_dir() {
                stack.push(path);
            } else if is_text_article(&path) {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((path, rel));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The content of one raw record.
#[derive(Debug)]
pub enum RawKind {
    /// A whole text article with its id.
    TextFile {
        /// Id (relative path).
        id: String,
        /// File bytes.
        bytes: Vec<u8>,
    },
    /// One JSONL line (without the line terminator).
    JsonLine(Vec<u8>),
    /// The rest of an input could not be read (a corrupt compressed stream, an I/O error); it
    /// is reported as a reject so that nothing disappears silently.
    Unreadable(String),
}

/// A record as read, not yet parsed.
#[derive(Debug)]
pub struct RawRecord {
    /// Where it came from.
    pub origin: Origin,
    /// Its content.
    pub kind: RawKind,
}

/// Why a raw record could not become a document; it goes to the rejects file.
#[derive(Debug)]
pub struct ReadReject {
    /// The id, when it could be found.
    pub id: Option<String>,
    /// Where.
    pub origin: Origin,
    /// Why.
    pub reason: String,
    /// The record (parsed JSON) or the raw line (lossy UTF-8), so nothing is lost.
    pub payload: Value,
}

/// `line` with every `\uD800`-`\uDFFF` escape that is not part of a valid surrogate pair
/// replaced by `\uFFFD`; `None` when there is none.
fn replace_lone_surrogates(line: &str) -> Option<String> {
    let b = line.as_bytes();
    // (position, value) of each \uXXXX escape in a surrogate range, in order.
    let mut escapes: Vec<(usize, u16)> = Vec::new();
    let mut i = 0;
    while i + 6 <= b.len() {
        if b[i] == b'\\' {
            if b[i + 1] == b'u' {
                let v = std::str::from_utf8(&b[i + 2..i + 6])
                    .ok()
                    .and_then(|h| u16::from_str_radix(h, 16).ok());
                if let Some(v) = v.filter(|v| (0xD800..=0xDFFF).contains(v)) {
                    escapes.push((i, v));
                }
                i += 6;
            } else {
                // Any other escape, including an escaped backslash ("\\\\ud800" is text).
                i += 2;
            }
        } else {
            i += 1;
        }
    }
    let mut lone: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < escapes.len() {
        let (pos, v) = escapes[k];
        let paired = (0xD800..0xDC00).contains(&v)
            && escapes
                .get(k + 1)
                .is_some_and(|&(p2, v2)| p2 == pos + 6 && (0xDC00..=0xDFFF).contains(&v2));
        if paired {
            k += 2;
        } else {
            lone.push(pos);
            k += 1;
        }
    }
    if lone.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for pos in lone {
        out.push_str(&line[copied..pos]);
        out.push_str("\\uFFFD");
        copied = pos + 6;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

impl RawRecord {
    /// Bytes of this record (for throughput figures).
    pub fn len(&self) -> usize {
        match &self.kind {
            RawKind::TextFile { bytes, .. } | RawKind::JsonLine(bytes) => bytes.len(),
            RawKind::Unreadable(_) => 0,
        }
    }

    /// True for an empty record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Parses the record into a [`Document`].
    ///
    /// # Errors
    ///
    /// A [`ReadReject`] for invalid UTF-8, malformed JSON, a line that is not an object, or a
    /// record without a string text field.
    pub fn into_document(self, opts: &InputOptions) -> Result<Document, Box<ReadReject>> {
        let origin = self.origin;
        let reject = |id: Option<String>, reason: String, payload: Value, origin: &Origin| {
            Box::new(ReadReject {
                id,
                origin: origin.clone(),
                reason,
                payload,
            })
        };
        match self.kind {
            RawKind::Unreadable(reason) => Err(reject(None, reason, Value::Null, &origin)),
            RawKind::TextFile { id, bytes } => match String::from_utf8(bytes) {
                Ok(text) => {
                    let mut record = Map::new();
                    record.insert(opts.id_field.clone(), Value::String(id.clone()));
                    record.insert(opts.text_field.clone(), Value::String(text.clone()));
                    Ok(Document::new(id, origin, text, record))
                }
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    Err(reject(
                        Some(id),
                        format!("invalid UTF-8 at byte {at}"),
                        Value::String(lossy),
                        &origin,
                    ))
                }
            },
            RawKind::JsonLine(bytes) => {
                let line = match std::str::from_utf8(&bytes) {
                    Ok(s) => s,
                    Err(e) => {
                        let lossy = String::from_utf8_lossy(&bytes).into_owned();
                        return Err(reject(
                            None,
                            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                            Value::String(lossy),
                            &origin,
                        ));
                    }
                };
                // JSON written by Python may escape lone surrogates ("\ud800"), which Rust
                // strings cannot hold: they become U+FFFD (as ftfy does) rather than losing the
                // whole record.
                let parsed = serde_json::from_str(line).or_else(|e| {
                    replace_lone_surrogates(line)
                        .and_then(|fixed| serde_json::from_str(&fixed).ok())
                        .ok_or(e)
                });
                let value: Value = match parsed {
                    Ok(v) => v,
                    Err(e) => {
                        return Err(reject(
                            None,
                            format!(
                                "malformed JSON at column {}: {}",
                                e.column(),
                                strip_at(&e.to_string())
                            ),
                            Value::String(line.to_string()),
                            &origin,
                        ))
                    }
                };
                let Value::Object(record) = value else {
                    return Err(reject(
                        None,
                        "the line is valid JSON but not an object".into(),
                        value,
                        &origin,
                    ));
                };
                let id = match record.get(&opts.id_field) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                let text = match record.get(&opts.text_field) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => {
                        let kind = match other {
                            Value::Null => "null",
                            Value::Bool(_) => "a boolean",
                            Value::Number(_) => "a number",
                            Value::Array(_) => "a list",
                            Value::Object(_) => "an object",
                            Value::String(_) => "a string",
                        };
                        return Err(reject(
                            id,
                            format!("field `{}` is {kind}, expected a string", opts.text_field),
                            Value::Object(record),
                            &origin,
                        ));
                    }
                    None => match joined_tokens(&record) {
                        Some(t) => t,
                        None => {
                            return Err(reject(
                                id,
                                format!(
                                    "no string field `{}` (use --text-field to name another)",
                                    opts.text_field
                                ),
                                Value::Object(record),
                                &origin,
                            ))
                        }
                    },
                };
                let id = id.unwrap_or_else(|| origin.to_string());
                Ok(Document::new(id, origin, text, record))
            }
        }
    }
}

fn joined_tokens(record: &Map<String, Value>) -> Option<String> {
    let tokens = record.get("tokens")?.as_array()?;
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(t.as_str()?);
    }
    Some(out)
}

fn strip_at(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

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

/// Streams raw records from a list of inputs, in order.
pub struct RecordReader {
    sources: std::vec::IntoIter<InputSource>,
    current: Option<Current>,
    /// Bytes read so far from all inputs (shared with the progress display).
    pub bytes_read: Arc<AtomicU64>,
    /// Inputs that failed mid-way, with the error.
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

/// A predicate on raw records, applied before parsing (used for sharding).
pub type RecordFilter = Box<dyn FnMut(&RawRecord) -> bool + Send>;

enum Current {
    Lines {
        name: Arc<str>,
        reader: Box<dyn BufRead + Send>,
        line: u64,
    },
    Files {
        name: Arc<str>,
        files: std::vec::IntoIter<(PathBuf, String)>,
    },
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

    fn open(&mut self, src: InputSource) -> Result<Current, RawRecord> {
        let name: Arc<str> = Arc::from(src.display_name());
        let fail = |name: &Arc<str>, msg: String| RawRecord {
            origin: Origin {
                input: name.clone(),
                line: None,
            },
            kind: RawKind::Unreadable(msg),
        };
        match src {
            InputSource::Stdin => {
                let counting = Counting {
                    inner: std::io::stdin(),
                    count: self.bytes_read.clone(),
                };
                decode(Box::new(counting))
                    .map(|reader| Current::Lines {
                        name: name.clone(),
                        reader,
                        line: 0,
                    })
                    .map_err(|e| fail(&name, format!("cannot read stdin: {e}")))
            }
            InputSource::Jsonl(path) => {
                let file =
                    File::open(&path).map_err(|e| fail(&name, format!("cannot open: {e}")))?;
                let counting = Counting {
                    inner: file,
                    count: self.bytes_read.clone(),
                };
                decode(Box::new(counting))
                    .map(|reader| Current::Lines {
                        name: name.clone(),
                        reader,
                        line: 0,
                    })
                    .map_err(|e| fail(&name, format!("cannot read: {e}")))
            }
            InputSource::TextFile(path) => {
                let id = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_else(|| name.to_string());
                Ok(Current::Files {
                    name: Arc::from(""),
                    files: vec![(path, id)].into_iter(),
                })
            }
            InputSource::Dir(path) => match list_articles(&path) {
                Ok(files) => Ok(Current::Files {
                    name,
                    files: files.into_iter(),
                }),
                Err(e) => Err(fail(&name, e.to_string())),
            },
        }
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

impl RecordReader {
    fn next_unfiltered(&mut self) -> Option<RawRecord> {
        loop {
            if self.current.is_none() {
                let src = self.sources.next()?;
                match self.open(src) {
                    Ok(c) => self.current = Some(c),
                    Err(rec) => {
                        if let RawKind::Unreadable(msg) = &rec.kind {
                            self.errors.push(format!("{}: {msg}", rec.origin.input));
                        }
                        return Some(rec);
                    }
                }
            }
            let cur = self.current.as_mut()?;
            match cur {
                Current::Lines { name, reader, line } => {
                    let mut buf = Vec::new();
                    match reader.read_until(b'\n', &mut buf) {
                        Ok(0) => {
                            self.current = None;
                            continue;
                        }
                        Ok(_) => {
                            *line += 1;
                            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                                buf.pop();
                            }
                            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                                continue;
                            }
                            return Some(RawRecord {
                                origin: Origin {
                                    input: name.clone(),
                                    line: Some(*line),
                                },
                                kind: RawKind::JsonLine(buf),
                            });
                        }
                        Err(e) => {
                            let origin = Origin {
                                input: name.clone(),
                                line: Some(*line + 1),
                            };
                            let msg = format!("input unreadable from line {} on: {e}", *line + 1);
                            self.errors.push(format!("{}: {msg}", origin.input));
                            self.current = None;
                            return Some(RawRecord {
                                origin,
                                kind: RawKind::Unreadable(msg),
                            });
                        }
                    }
                }
                Current::Files { name, files } => {
                    let Some((path, id)) = files.next() else {
                        self.current = None;
                        continue;
                    };
                    let input: Arc<str> = if name.is_empty() {
                        Arc::from(path.display().to_string())
                    } else {
                        Arc::from(format!("{}/{}", name.trim_end_matches('/'), id))
                    };
                    let origin = Origin { input, line: None };
                    match std::fs::read(&path) {
                        Ok(bytes) => {
                            self.bytes_read
                                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                            return Some(RawRecord {
                                origin,
                                kind: RawKind::TextFile { id, bytes },
                            });
                        }
                        Err(e) => {
                            let msg = format!("cannot read: {e}");
                            self.errors.push(format!("{}: {msg}", origin.input));
                            return Some(RawRecord {
                                origin,
                                kind: RawKind::Unreadable(msg),
                            });
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn raw(line: &str) -> RawRecord {
        RawRecord {
            origin: Origin {
                input: Arc::from("in.jsonl"),
                line: Some(7),
            },
            kind: RawKind::JsonLine(line.as_bytes().to_vec()),
        }
    }

    #[test]
    fn parses_record_and_falls_back_to_origin_id() {
        let opts = InputOptions::default();
        let d = raw(r#"{"id": "a", "text": "Hi.", "x": 1}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!((d.id.as_str(), d.text.as_str()), ("a", "Hi."));
        let d = raw(r#"{"text": "Hi."}"#).into_document(&opts).unwrap();
        assert_eq!(d.id, "in.jsonl:7");
        let d = raw(r#"{"tokens": ["EU", "rejects", "."]}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!(d.text, "EU rejects .");
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let opts = InputOptions::default();
        let d = raw(r#"{"id": "a", "text": "lone \ud800 high, pair \ud83d\ude00, low \uDC00"}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!(d.text, "lone \u{FFFD} high, pair 😀, low \u{FFFD}");
        // An escaped backslash before "ud800" is text, not an escape.
        let d = raw(r#"{"text": "path \\ud800"}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!(d.text, "path \\ud800");
        assert_eq!(replace_lone_surrogates(r#"{"text": "\ud83d\ude00"}"#), None);
        // Still malformed for another reason: rejected with that reason.
        let e = raw(r#"{"text": "\ud800"#).into_document(&opts).unwrap_err();
        assert!(e.reason.starts_with("malformed JSON"), "{}", e.reason);
    }

    #[test]
    fn bad_records_are_rejected_with_reasons() {
        let opts = InputOptions::default();
        let e = raw(r#"{"id": "a", "text": 5}"#)
            .into_document(&opts)
            .unwrap_err();
        assert!(e.reason.contains("is a number"), "{}", e.reason);
        assert_eq!(e.id.as_deref(), Some("a"));
        let e = raw("{\"id\": ").into_document(&opts).unwrap_err();
        assert!(e.reason.starts_with("malformed JSON"), "{}", e.reason);
        let e = raw("[1,2]").into_document(&opts).unwrap_err();
        assert!(e.reason.contains("not an object"));
        let mut r = raw("");
        r.kind = RawKind::JsonLine(vec![b'{', 0xff, b'}']);
        let e = r.into_document(&opts).unwrap_err();
        assert!(e.reason.contains("invalid UTF-8"));
    }

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
