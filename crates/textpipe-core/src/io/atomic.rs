//! [`AtomicFile`]: outputs appear under their final name only when complete.

use crate::error::IoError;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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

#[cfg(test)]
mod tests {
    use super::*;

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
