//! Output: the document serializer (byte spans to character offsets) and JSONL writers that
//! compress by extension and write atomically (temporary name, fsync, rename).

use crate::document::{fields, Document, Span};
use crate::error::IoError;
use crate::offsets::CharIndex;
use serde_json::Value;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// Standard output (uncompressed JSONL).
    Stdout,
    /// A file; `.gz` and `.zst` extensions select compression.
    File(PathBuf),
}

impl OutputTarget {
    /// `-` is stdout, anything else a file path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            OutputTarget::Stdout
        } else {
            OutputTarget::File(PathBuf::from(arg))
        }
    }
}

enum Encoder {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

/// A file written under a temporary name in the same folder and renamed into place by
/// [`AtomicFile::commit`]. Dropped without commit, the temporary file is removed, so a failed
/// or interrupted run never leaves a partial file under the final name.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    enc: Option<Encoder>,
}

impl AtomicFile {
    /// Creates the temporary file for `path` (and its folder when missing); compression follows
    /// the extension.
    ///
    /// # Errors
    ///
    /// [`IoError::WithPath`] when the folder cannot be created or is not writable.
    pub fn create(path: &Path) -> Result<Self, IoError> {
        let file_name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .ok_or_else(|| IoError::Unsupported {
                path: path.to_path_buf(),
                message: "not a file path".into(),
            })?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // A missing output folder is created, as users expect from `-o out/run.jsonl`.
        std::fs::create_dir_all(&dir).map_err(|source| IoError::WithPath {
            path: path.to_path_buf(),
            source,
        })?;
        let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp).map_err(|source| IoError::WithPath {
            path: path.to_path_buf(),
            source,
        })?;
        let buf = BufWriter::with_capacity(1 << 16, file);
        let enc = match path.extension().and_then(|e| e.to_str()) {
            Some("gz") => Encoder::Gzip(flate2::write::GzEncoder::new(
                buf,
                flate2::Compression::new(6),
            )),
            Some("zst") => {
                Encoder::Zstd(zstd::stream::write::Encoder::new(buf, 3).map_err(|source| {
                    IoError::WithPath {
                        path: path.to_path_buf(),
                        source,
                    }
                })?)
            }
            _ => Encoder::Plain(buf),
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            enc: Some(enc),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Finishes compression, syncs to disk and renames the file into place.
    ///
    /// # Errors
    ///
    /// [`IoError::WithPath`] when writing, syncing or renaming fails.
    pub fn commit(mut self) -> Result<(), IoError> {
        let err = |source| IoError::WithPath {
            path: self.path.clone(),
            source,
        };
        let buf = match self.enc.take() {
            Some(Encoder::Plain(b)) => b,
            Some(Encoder::Gzip(g)) => g.finish().map_err(err)?,
            Some(Encoder::Zstd(z)) => z.finish().map_err(err)?,
            None => return Ok(()),
        };
        let file = buf.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path).map_err(err)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.enc.as_mut() {
            Some(Encoder::Plain(w)) => w.write(buf),
            Some(Encoder::Gzip(w)) => w.write(buf),
            Some(Encoder::Zstd(w)) => w.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self.enc.as_mut() {
            Some(Encoder::Plain(w)) => w.write_all(buf),
            Some(Encoder::Gzip(w)) => w.write_all(buf),
            Some(Encoder::Zstd(w)) => w.write_all(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.enc.as_mut() {
            Some(Encoder::Plain(w)) => w.flush(),
            Some(Encoder::Gzip(w)) => w.flush(),
            Some(Encoder::Zstd(w)) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.enc.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// A JSONL destination: an atomic file, standard output or standard error.
pub enum RecordWriter {
    /// Atomic file.
    File(AtomicFile),
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
    /// Standard error (rejects when output goes to stdout and no rejects file is named).
    Stderr(std::io::Stderr),
}

impl RecordWriter {
    /// Opens `target` for writing.
    ///
    /// # Errors
    ///
    /// As [`AtomicFile::create`].
    pub fn open(target: &OutputTarget) -> Result<Self, IoError> {
        Ok(match target {
            OutputTarget::Stdout => {
                RecordWriter::Stdout(BufWriter::with_capacity(1 << 16, std::io::stdout()))
            }
            OutputTarget::File(p) => RecordWriter::File(AtomicFile::create(p)?),
        })
    }

    /// Writes one line (the newline is added).
    ///
    /// # Errors
    ///
    /// The underlying I/O error (a closed stdout gives `BrokenPipe`).
    pub fn write_line(&mut self, line: &[u8]) -> std::io::Result<()> {
        let w: &mut dyn Write = match self {
            RecordWriter::File(f) => f,
            RecordWriter::Stdout(s) => s,
            RecordWriter::Stderr(s) => s,
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
            RecordWriter::File(f) => f.commit(),
            RecordWriter::Stdout(mut s) => s.flush().map_err(|source| IoError::WithPath {
                path: PathBuf::from("-"),
                source,
            }),
            RecordWriter::Stderr(_) => Ok(()),
        }
    }
}

struct Obj<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl Obj<'_> {
    fn key(&mut self, k: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        write_str(self.out, k);
        self.out.push(b':');
    }
    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        write_str(self.out, v);
    }
    fn num(&mut self, k: &str, v: usize) {
        self.key(k);
        self.out.extend_from_slice(itoa(v).as_bytes());
    }
    fn value(&mut self, k: &str, v: &Value) {
        self.key(k);
        // Writing a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, v);
    }
    fn f64(&mut self, k: &str, v: f64) {
        self.key(k);
        let _ = serde_json::to_writer(&mut *self.out, &v);
    }
    fn opt_str(&mut self, k: &str, v: Option<&str>) {
        match v {
            Some(s) => self.str(k, s),
            None => {
                self.key(k);
                self.out.extend_from_slice(b"null");
            }
        }
    }
}

fn itoa(v: usize) -> String {
    v.to_string()
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(&mut *out, s);
}

fn span_obj(
    out: &mut Vec<u8>,
    text: &str,
    idx: &CharIndex<'_>,
    span: Span,
    rest: impl FnOnce(&mut Obj<'_>),
) {
    out.push(b'{');
    let mut o = Obj { out, first: true };
    o.num("start", idx.char_offset(span.start));
    o.num("end", idx.char_offset(span.end));
    o.str("text", span.slice(text));
    rest(&mut o);
    o.out.push(b'}');
}

fn list<T>(out: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

/// Serializes `doc` as one JSON object: input fields in input order (a field a stage provides
/// replaces the input value in place), then the fields stages added, in schema order.
pub fn document_to_json(doc: &Document, _text_field: &str) -> Vec<u8> {
    let text = doc.text.as_str();
    let idx = CharIndex::new(text);
    // Serialized replacement values, by key, in schema order.
    let mut fresh: Vec<(&str, Vec<u8>)> = Vec::with_capacity(12);
    let mut v = Vec::with_capacity(text.len() + 16);
    write_str(&mut v, text);
    fresh.push((fields::TEXT, v));
    for (k, val) in [
        (fields::TITLE, &doc.meta.title),
        (fields::DATE, &doc.meta.date),
        (fields::SOURCE, &doc.meta.source),
        (fields::URL, &doc.meta.url),
        (fields::DATELINE, &doc.meta.dateline),
    ] {
        if let Some(s) = val {
            let mut v = Vec::new();
            write_str(&mut v, s);
            fresh.push((k, v));
        }
    }
    if let Some(sents) = &doc.sentences {
        let mut v = Vec::with_capacity(text.len() + sents.len() * 32);
        list(&mut v, sents, |out, s| {
            span_obj(out, text, &idx, *s, |_| {})
        });
        fresh.push((fields::SENTENCES, v));
    }
    if let Some(ents) = &doc.entities {
        let mut v = Vec::new();
        list(&mut v, ents, |out, e| {
            span_obj(out, text, &idx, e.span, |o| {
                o.str("label", e.label.as_str())
            })
        });
        fresh.push((fields::ENTITIES, v));
    }
    if let Some(dates) = &doc.dates {
        let mut v = Vec::new();
        list(&mut v, dates, |out, d| {
            span_obj(out, text, &idx, d.span, |o| {
                o.opt_str("value", d.value.as_deref())
            })
        });
        fresh.push((fields::DATES, v));
    }
    if let Some(qs) = &doc.quantities {
        let mut v = Vec::new();
        list(&mut v, qs, |out, q| {
            span_obj(out, text, &idx, q.span, |o| {
                o.f64("value", q.value);
                if let Some(max) = q.max {
                    o.f64("max", max);
                }
                o.str("unit", &q.unit);
            })
        });
        fresh.push((fields::QUANTITIES, v));
    }
    if let Some(qs) = &doc.quotes {
        let mut v = Vec::new();
        list(&mut v, qs, |out, q| {
            span_obj(out, text, &idx, q.span, |o| {
                o.opt_str("speaker", q.speaker.as_deref())
            })
        });
        fresh.push((fields::QUOTES, v));
    }
    if let Some(ks) = &doc.keywords {
        let mut v = Vec::new();
        list(&mut v, ks, |out, k| {
            out.push(b'{');
            let mut o = Obj { out, first: true };
            o.str("text", &k.text);
            o.f64("score", k.score);
            o.out.push(b'}');
        });
        fresh.push((fields::KEYWORDS, v));
    }
    if let Some(summary) = &doc.summary {
        let sents = doc.sentences.as_deref().unwrap_or(&[]);
        let joined: Vec<&str> = summary
            .sentences
            .iter()
            .filter_map(|i| sents.get(*i))
            .map(|s| s.slice(text).trim())
            .collect();
        let mut v = Vec::new();
        v.push(b'{');
        let mut o = Obj {
            out: &mut v,
            first: true,
        };
        o.str("text", &joined.join(" "));
        o.key("sentences");
        list(o.out, &summary.sentences, |out, i| {
            out.extend_from_slice(i.to_string().as_bytes())
        });
        v.push(b'}');
        fresh.push((fields::SUMMARY, v));
    }
    for (k, val) in &doc.fields {
        let mut v = Vec::new();
        let _ = serde_json::to_writer(&mut v, val);
        fresh.push((k.as_str(), v));
    }

    let mut used = vec![false; fresh.len()];
    let mut out = Vec::with_capacity(fresh.iter().map(|(_, v)| v.len() + 16).sum::<usize>() + 256);
    out.push(b'{');
    let mut o = Obj {
        out: &mut out,
        first: true,
    };
    for (k, val) in &doc.record {
        if let Some(i) = fresh.iter().position(|(fk, _)| *fk == k.as_str()) {
            o.key(k);
            o.out.extend_from_slice(&fresh[i].1);
            used[i] = true;
        } else {
            o.value(k, val);
        }
    }
    for (i, (k, v)) in fresh.iter().enumerate() {
        if !used[i] {
            o.key(k);
            o.out.extend_from_slice(v);
        }
    }
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, EntityLabel, Summary};

    #[test]
    fn offsets_are_characters_and_fields_keep_order() {
        let mut record = serde_json::Map::new();
        record.insert("id".into(), "d".into());
        record.insert("text".into(), "raw".into());
        record.insert("extra".into(), serde_json::json!({"k": [1, 2]}));
        let text = "Café — Zürich. Next one.".to_string();
        let mut doc = Document::new("d".into(), crate::Origin::memory(), text.clone(), record);
        let first_end = text.find(". ").unwrap() + 1;
        doc.sentences = Some(vec![
            Span::new(0, first_end),
            Span::new(first_end + 1, text.len()),
        ]);
        let z = text.find("Zürich").unwrap();
        doc.entities = Some(vec![Entity {
            span: Span::new(z, z + "Zürich".len()),
            label: EntityLabel::LOC,
        }]);
        doc.summary = Some(Summary { sentences: vec![1] });
        let line = doc.to_json_line("text");
        let v: Value = serde_json::from_slice(&line).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "text", "extra", "sentences", "entities", "summary"]
        );
        let chars: Vec<char> = text.chars().collect();
        let e = &v["entities"][0];
        let (s, en) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars[s..en].iter().collect::<String>(), "Zürich");
        assert_eq!(e["text"], "Zürich");
        assert_eq!(v["summary"]["text"], "Next one.");
        assert_eq!(v["summary"]["sentences"], serde_json::json!([1]));
    }

    #[test]
    fn missing_folders_are_created_and_files_under_a_file_fail() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/out.jsonl");
        let f = AtomicFile::create(&p).unwrap();
        f.commit().unwrap();
        assert!(p.exists());
        let err = AtomicFile::create(&p.join("x.jsonl")).err().unwrap();
        assert!(err.to_string().contains("out.jsonl"), "{err}");
    }

    #[test]
    fn atomic_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.jsonl.gz");
        {
            let mut f = AtomicFile::create(&p).unwrap();
            f.write_all(b"x\n").unwrap();
        }
        assert!(!p.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "temp file left behind"
        );
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"{}\n").unwrap();
        f.commit().unwrap();
        let mut s = String::new();
        use std::io::Read;
        flate2::read::MultiGzDecoder::new(File::open(&p).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "{}\n");
    }
}
