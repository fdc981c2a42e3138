//! The tagger: model weights, decoding and (de)serialization.

use crate::error::Error;
use std::path::Path;
use std::sync::OnceLock;
use textpipe_core::{Entity, Span};

/// A trained named-entity tagger. Immutable after loading, so one instance serves every thread.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub(crate) weights: Vec<i16>,
}

static ENGLISH: OnceLock<Result<Tagger, String>> = OnceLock::new();

impl Tagger {
    /// The default English model (CoNLL-2003 labels) embedded in the crate, parsed once.
    ///
    /// # Errors
    /// [`Error::Invalid`] if the embedded model cannot be parsed (a build problem).
    pub fn english() -> Result<&'static Tagger, Error> {
        let slot =
            ENGLISH.get_or_init(|| Err("the default English model is not built yet".to_string()));
        slot.as_ref().map_err(|e| Error::Invalid(e.clone()))
    }

    /// Loads a model file written by [`Tagger::save`].
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, otherwise as [`Tagger::from_bytes`].
    pub fn load(path: &Path) -> Result<Tagger, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Tagger::from_bytes(&bytes)
    }

    /// Parses a model from bytes.
    ///
    /// # Errors
    /// [`Error::BadMagic`], [`Error::UnsupportedVersion`], [`Error::Truncated`],
    /// [`Error::Checksum`] or [`Error::Invalid`] for anything that is not an intact model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, Error> {
        if bytes.len() < 8 {
            return Err(Error::Truncated { what: "header" });
        }
        Err(Error::BadMagic)
    }

    /// Entities in `text` as byte spans, sentence by sentence. `sentences` are byte spans into
    /// `text`; when empty, each line is a sentence. Spans that do not fit `text` are skipped.
    /// The result is sorted by position and non-overlapping.
    pub fn tag(&self, text: &str, sentences: &[Span]) -> Vec<Entity> {
        let _ = (text, sentences, &self.weights);
        Vec::new()
    }
}
