//! The [`Source`] trait and the inputs a user can name.
//!
//! A source yields the raw records of one input in order. Which implementation reads an input
//! is chosen by [`InputSource::from_arg`] from the file extension (a folder is a folder of
//! articles, `-` is stdin); an extension no format claims is refused with the list of the
//! supported ones instead of being read as something it is not. To add a format: implement
//! [`Source`] in a module of its own beside [`crate::io::jsonl`] and [`crate::io::text`], add a
//! variant to [`InputFormat`] with its extensions, and open it in [`InputSource::open`].

use crate::document::Origin;
use crate::error::IoError;
use crate::io::raw::{RawKind, RawRecord};
use crate::io::{jsonl, text};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// One input's records, in order.
///
/// An input that fails part-way (a corrupt compressed stream, an I/O error) yields one record
/// of kind [`RawKind::Unreadable`] saying where and why, then ends: nothing disappears
/// silently, and the run goes on with the next input.
pub trait Source: Send {
    /// The next record, or `None` at the end of the input.
    fn next_record(&mut self) -> Option<RawRecord>;
}

/// A record format a file can hold, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object a line (`.jsonl`, `.ndjson`, `.json`), plain, gzip or zstd (`.gz`,
    /// `.zst`; detected by magic bytes, so stdin may be compressed too).
    Jsonl,
    /// One article a file (`.txt`, `.md`, `.text`, `.markdown`); the file name is the id.
    Text,
}

impl InputFormat {
    /// Every extension a format claims, as shown in the refusal of an unknown one.
    pub const SUPPORTED: &'static str = ".jsonl, .ndjson, .json (each optionally .gz or .zst), \
         .txt, .md, .text, .markdown, a folder of articles, or - for JSONL on stdin";

    /// The format of `path` by its extension(s); `None` when no format claims it.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let inner = name
            .strip_suffix(".gz")
            .or_else(|| name.strip_suffix(".zst"))
            .map(|stem| (stem, true))
            .unwrap_or((name.as_str(), false));
        let ext = inner.0.rsplit_once('.').map(|(_, e)| e);
        match (ext, inner.1) {
            (Some("jsonl" | "ndjson" | "json"), _) => Some(InputFormat::Jsonl),
            (Some("txt" | "md" | "text" | "markdown"), false) => Some(InputFormat::Text),
            // `data.gz`, `dump.zst`: a compressed stream with no inner extension is JSONL,
            // the only format read compressed.
            (None, true) => Some(InputFormat::Jsonl),
            _ => None,
        }
    }

    /// The format's name in messages.
    pub fn name(&self) -> &'static str {
        match self {
            InputFormat::Jsonl => "jsonl",
            InputFormat::Text => "text",
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
    /// A folder of text articles, read recursively (following symbolic links) in sorted order.
    Dir(PathBuf),
}

impl InputSource {
    /// Classifies a command-line input (`-` is stdin) by what it is and its extension.
    ///
    /// # Errors
    ///
    /// [`IoError::WithPath`] when the path does not exist or cannot be read;
    /// [`IoError::Unsupported`] for a file whose extension no format claims (a `.parquet` or
    /// `.csv` file is refused, not read as JSONL line by line).
    pub fn from_arg(arg: &str) -> Result<Self, IoError> {
        Self::with_format(arg, None)
    }

    /// As [`InputSource::from_arg`], with the format forced (for files whose extension says
    /// nothing, such as `dump.out`); `None` chooses by extension.
    ///
    /// # Errors
    ///
    /// As [`InputSource::from_arg`].
    pub fn with_format(arg: &str, format: Option<InputFormat>) -> Result<Self, IoError> {
        if arg == "-" {
            return match format {
                None | Some(InputFormat::Jsonl) => Ok(InputSource::Stdin),
                Some(f) => Err(IoError::Unsupported {
                    path: PathBuf::from("-"),
                    message: format!("stdin is read as JSONL, not {}", f.name()),
                }),
            };
        }
        let path = PathBuf::from(arg);
        let meta = std::fs::metadata(&path).map_err(|source| IoError::WithPath {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            return Ok(InputSource::Dir(path));
        }
        let Some(format) = format.or_else(|| InputFormat::from_path(&path)) else {
            let ext = path
                .extension()
                .map(|e| format!("extension .{}", e.to_string_lossy()))
                .unwrap_or_else(|| "no extension".into());
            return Err(IoError::Unsupported {
                path,
                message: format!(
                    "unsupported input format ({ext}); supported: {}; or name the format \
                     with --input-format",
                    InputFormat::SUPPORTED
                ),
            });
        };
        // Fail now, not halfway through the run, when the file cannot be opened.
        std::fs::File::open(&path).map_err(|source| IoError::WithPath {
            path: path.clone(),
            source,
        })?;
        Ok(match format {
            InputFormat::Jsonl => InputSource::Jsonl(path),
            InputFormat::Text => InputSource::TextFile(path),
        })
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
            InputSource::Dir(p) => text::list_articles(p).ok().map(|v| {
                v.iter()
                    .filter_map(|(f, _)| std::fs::metadata(f).ok())
                    .map(|m| m.len())
                    .sum()
            }),
        }
    }

    /// Opens the input; `bytes_read` counts the bytes read from disk (compressed bytes for a
    /// compressed input).
    ///
    /// # Errors
    ///
    /// An [`RawKind::Unreadable`] record saying why the input cannot be opened, to be reported
    /// as a reject.
    pub fn open(&self, bytes_read: Arc<AtomicU64>) -> Result<Box<dyn Source>, RawRecord> {
        let name: Arc<str> = Arc::from(self.display_name());
        let fail = |msg: String| RawRecord {
            origin: Origin {
                input: name.clone(),
                line: None,
            },
            kind: RawKind::Unreadable(msg),
        };
        Ok(match self {
            InputSource::Stdin => Box::new(
                jsonl::JsonlSource::new(name.clone(), Box::new(std::io::stdin()), bytes_read)
                    .map_err(|e| fail(format!("cannot read stdin: {e}")))?,
            ),
            InputSource::Jsonl(path) => {
                let file =
                    std::fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
                Box::new(
                    jsonl::JsonlSource::new(name.clone(), Box::new(file), bytes_read)
                        .map_err(|e| fail(format!("cannot read: {e}")))?,
                )
            }
            InputSource::TextFile(path) => Box::new(text::ArticleSource::single(path, bytes_read)),
            InputSource::Dir(path) => Box::new(
                text::ArticleSource::folder(name.clone(), path, bytes_read)
                    .map_err(|e| fail(e.to_string()))?,
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |p: &str| InputFormat::from_path(Path::new(p));
        assert_eq!(f("a.jsonl"), Some(InputFormat::Jsonl));
        assert_eq!(f("dir/A.JSONL.GZ"), Some(InputFormat::Jsonl));
        assert_eq!(f("a.ndjson.zst"), Some(InputFormat::Jsonl));
        assert_eq!(f("dump.gz"), Some(InputFormat::Jsonl));
        assert_eq!(f("a.md"), Some(InputFormat::Text));
        assert_eq!(f("a.parquet"), None);
        assert_eq!(f("a.txt.gz"), None);
        assert_eq!(f("README"), None);
    }

    #[test]
    fn unknown_extension_is_refused_with_the_supported_list() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("data.parquet");
        std::fs::write(&p, b"PAR1").unwrap();
        let err = InputSource::from_arg(p.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("data.parquet"), "{err}");
        assert!(err.contains(".parquet") && err.contains(".jsonl"), "{err}");
        // Forcing the format reads it anyway.
        let src = InputSource::with_format(p.to_str().unwrap(), Some(InputFormat::Jsonl)).unwrap();
        assert_eq!(src, InputSource::Jsonl(p));
        let err = InputSource::with_format("-", Some(InputFormat::Text)).unwrap_err();
        assert!(err.to_string().contains("stdin"), "{err}");
        let err = InputSource::from_arg("/nonexistent/x.jsonl").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/x.jsonl"), "{err}");
    }
}
