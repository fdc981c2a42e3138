//! Text articles: one document a `.txt`/`.md` file, alone or in a folder read recursively.

use crate::document::Origin;
use crate::error::IoError;
use crate::io::raw::{RawKind, RawRecord};
use crate::io::source::{InputFormat, Source};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Every article under `dir`, recursively (symbolic links to folders and files are followed;
/// a link cycle is an error), sorted by relative path, with its id (the path relative to `dir`,
/// `/`-separated).
///
/// Folder walking uses `walkdir`, which follows links safely (it detects loops), instead of a
/// hand-written walk that skipped symlinked folders.
///
/// # Errors
///
/// [`IoError::WithPath`] when a folder cannot be listed or a link loops.
pub fn list_articles(dir: &Path) -> Result<Vec<(PathBuf, String)>, IoError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            IoError::WithPath {
                path,
                source: e.into(),
            }
        })?;
        if !entry.file_type().is_file()
            || InputFormat::from_path(entry.path()) != Some(InputFormat::Text)
        {
            continue;
        }
        let path = entry.into_path();
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((path, rel));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// Text files read one record each, in order.
pub struct ArticleSource {
    /// The folder as named by the user, or `None` for a single file.
    folder: Option<Arc<str>>,
    files: std::vec::IntoIter<(PathBuf, String)>,
    bytes_read: Arc<AtomicU64>,
}

impl ArticleSource {
    /// One article file; its id is the file name.
    pub fn single(path: &Path, bytes_read: Arc<AtomicU64>) -> Self {
        let id = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        ArticleSource {
            folder: None,
            files: vec![(path.to_path_buf(), id)].into_iter(),
            bytes_read,
        }
    }

    /// Every article under `dir` ([`list_articles`]); `name` is the folder as the user named
    /// it, used in the origin of each record (`name/relative/path.txt`).
    ///
    /// # Errors
    ///
    /// As [`list_articles`].
    pub fn folder(name: Arc<str>, dir: &Path, bytes_read: Arc<AtomicU64>) -> Result<Self, IoError> {
        Ok(ArticleSource {
            folder: Some(name),
            files: list_articles(dir)?.into_iter(),
            bytes_read,
        })
    }
}

impl Source for ArticleSource {
    fn next_record(&mut self) -> Option<RawRecord> {
        let (path, id) = self.files.next()?;
        let input: Arc<str> = match &self.folder {
            None => Arc::from(path.display().to_string()),
            Some(name) => Arc::from(format!("{}/{}", name.trim_end_matches('/'), id)),
        };
        let origin = Origin { input, line: None };
        Some(match std::fs::read(&path) {
            Ok(bytes) => {
                self.bytes_read
                    .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                RawRecord {
                    origin,
                    kind: RawKind::TextFile { id, bytes },
                }
            }
            Err(e) => RawRecord {
                origin,
                kind: RawKind::Unreadable(format!("cannot read: {e}")),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_followed_and_loops_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = tempfile::tempdir().unwrap();
        std::fs::write(real.path().join("linked.txt"), "L").unwrap();
        std::fs::write(dir.path().join("a.txt"), "A").unwrap();
        std::os::unix::fs::symlink(real.path(), dir.path().join("more")).unwrap();
        let ids: Vec<String> = list_articles(dir.path())
            .unwrap()
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(ids, ["a.txt", "more/linked.txt"]);
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let err = list_articles(dir.path()).unwrap_err().to_string();
        assert!(err.contains("loop"), "{err}");
    }
}
