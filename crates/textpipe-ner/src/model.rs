//! The tagger: weights, gazetteer and the two-pass document decoding.

use crate::clusters::WordClusters;
use crate::decode::{add_emissions, chunks, viterbi, Rows, SparseRows, Transitions, ROW};
use crate::error::Error;
use crate::features::{doc_features, doc_tokens, static_features, DocTokens, LABELS, T};
use std::path::Path;
use std::sync::OnceLock;
use textpipe_core::{Entity, Span};

/// The default English model, trained on CoNLL-2003 English (see the crate README).
static ENGLISH_BYTES: &[u8] = include_bytes!("../model/english.tpner");

static ENGLISH: OnceLock<Result<Tagger, String>> = OnceLock::new();

/// Phrases (hashes of lowercased token sequences) seen as entities in the training data, with a
/// bit per label, plus [`PREFIX`] on proper prefixes of longer phrases. Stores hashes only,
/// never the words.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Gazetteer {
    /// Sorted by hash, unique (the serialized form).
    entries: Vec<(u64, u8)>,
    /// Open-addressing table (power-of-two size, linear probing; key 0 = empty).
    slots: Vec<(u64, u8)>,
    /// One bit per value of a hash's top 16 bits, set for every entry: most lookups miss,
    /// and this 8 KB filter answers them without touching the table.
    filter: Vec<u64>,
}

/// Gazetteer flag: the phrase starts a longer phrase.
pub(crate) const PREFIX: u8 = 0x80;

impl Gazetteer {
    /// From (hash, mask) pairs sorted by hash and unique.
    pub fn new(entries: Vec<(u64, u8)>) -> Self {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u64, 0u8); cap];
        for &(h, m) in &entries {
            let key = h.max(1);
            let mut i = (key as usize) & (cap - 1);
            while slots[i].0 != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = (key, m);
        }
        let mut filter = vec![0u64; 1024];
        for &(h, _) in &entries {
            let top = (h.max(1) >> 48) as usize;
            filter[top / 64] |= 1 << (top % 64);
        }
        Gazetteer {
            entries,
            slots,
            filter,
        }
    }

    /// The sorted entries.
    pub fn entries(&self) -> &[(u64, u8)] {
        &self.entries
    }

    /// Label mask (and [`PREFIX`] flag) of a phrase hash; 0 when absent.
    #[inline]
    pub fn get(&self, h: u64) -> u8 {
        let key = h.max(1);
        let top = (key >> 48) as usize;
        match self.filter.get(top / 64) {
            Some(w) if w & (1 << (top % 64)) != 0 => {}
            _ => return 0,
        }
        let cap = self.slots.len();
        if cap == 0 {
            return 0;
        }
        let mut i = (key as usize) & (cap - 1);
        loop {
            let (k, m) = self.slots[i];
            if k == key {
                return m;
            }
            if k == 0 {
                return 0;
            }
            i = (i + 1) & (cap - 1);
        }
    }
}

/// A trained named-entity tagger. Immutable after loading, so one instance serves every thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// log2 of the number of feature buckets.
    pub(crate) bits: u32,
    /// Quantized weights of the non-zero buckets.
    pub(crate) table: SparseRows,
    /// Quantized transition scores.
    pub(crate) trans: Transitions,
    /// Training-data phrases.
    pub(crate) gaz: Gazetteer,
    /// Word clusters (empty when trained without unlabeled text).
    pub(crate) clusters: WordClusters,
}

/// Reusable buffers for one document.
#[derive(Default)]
pub(crate) struct Scratch {
    pub feats: Vec<u32>,
    pub offs: Vec<u32>,
    pub dfeats: Vec<u32>,
    pub doffs: Vec<u32>,
    pub em: Vec<i32>,
    pub back: Vec<i32>,
}

impl Tagger {
    /// The default English model (CoNLL-2003 labels) embedded in the crate, parsed once.
    ///
    /// # Errors
    /// The parse error of the embedded model (only possible with a broken build).
    pub fn english() -> Result<&'static Tagger, Error> {
        let slot =
            ENGLISH.get_or_init(|| Tagger::from_bytes(ENGLISH_BYTES).map_err(|e| e.to_string()));
        slot.as_ref()
            .map_err(|e| Error::Invalid(format!("embedded English model: {e}")))
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

    /// Parses a model from bytes (the format of [`Tagger::to_bytes`]: magic, version, sizes,
    /// sparse weight rows, checksum).
    ///
    /// # Errors
    /// [`Error::BadMagic`], [`Error::UnsupportedVersion`], [`Error::Truncated`],
    /// [`Error::Checksum`] or [`Error::Invalid`] for anything that is not an intact model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, Error> {
        crate::format::parse(bytes)
    }

    /// A copy without the feature rows whose largest weight is below `fraction` of the
    /// model's largest weight: a smaller, faster model for a little accuracy
    /// (`fraction` 0 keeps everything).
    pub fn pruned(&self, fraction: f32) -> Tagger {
        let max = self
            .table
            .rows
            .iter()
            .map(|w| w.unsigned_abs())
            .max()
            .unwrap_or(0);
        let min = (f32::from(max) * fraction.clamp(0.0, 1.0)) as u16;
        let mut dense = vec![0i16; (1usize << self.bits) * ROW];
        for (b, row) in self.table.buckets().zip(self.table.rows.chunks_exact(ROW)) {
            if row.iter().any(|w| w.unsigned_abs() >= min) {
                dense[b * ROW..b * ROW + ROW].copy_from_slice(row);
            }
        }
        Tagger {
            table: SparseRows::from_dense(&dense),
            ..self.clone()
        }
    }

    /// Number of feature rows with weights (a measure of model size).
    pub fn rows(&self) -> usize {
        self.table.rows.len() / ROW
    }

    /// The model in its binary file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        crate::format::write(self)
    }

    /// Writes the model to `path`.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Entities in `text` as byte spans, sentence by sentence. `sentences` are byte spans into
    /// `text` (each is further cut at line breaks); when empty, each line is a sentence. Spans
    /// that do not fit `text` are skipped. The result is sorted by position and non-overlapping.
    ///
    /// The text is treated as one document: a second pass lets names tagged in one sentence
    /// inform other mentions of the same word.
    pub fn tag(&self, text: &str, sentences: &[Span]) -> Vec<Entity> {
        let doc = doc_tokens(text, sentences);
        let mut scratch = Scratch::default();
        let tags = self.decode_doc(&doc, &mut scratch);
        let mut out = Vec::new();
        for &(a, b) in &doc.sents {
            chunks(&tags[a..b], |s, e, l| {
                out.push(Entity {
                    span: Span::new(doc.spans[a + s].start, doc.spans[a + e].end),
                    label: LABELS[l],
                });
            });
        }
        out.sort_by_key(|e| (e.span.start, e.span.end));
        out
    }

    /// BILOU tags of every token of `doc` (first pass, then the document-consistency pass).
    pub(crate) fn decode_doc(&self, doc: &DocTokens, s: &mut Scratch) -> Vec<u8> {
        let gaz = |h: u64| self.gaz.get(h);
        static_features(
            doc,
            &gaz,
            &self.clusters,
            self.mask(),
            &mut s.feats,
            &mut s.offs,
        );
        two_pass(&self.table, &self.trans, doc, self.mask(), s)
    }

    pub(crate) fn mask(&self) -> u64 {
        (1u64 << self.bits) - 1
    }
}

/// First pass over static features, then a second pass adding document features; returns the
/// tags. `s.feats`/`s.offs` must hold the static features of `doc`.
pub(crate) fn two_pass<R: Rows + ?Sized>(
    table: &R,
    tr: &Transitions,
    doc: &DocTokens,
    mask: u64,
    s: &mut Scratch,
) -> Vec<u8> {
    let n = doc.spans.len();
    s.em.clear();
    s.em.resize(n * T, 0);
    add_emissions(table, &s.feats, &s.offs, 0, n, &mut s.em);
    let mut tags = vec![0u8; n];
    for &(a, b) in &doc.sents {
        viterbi(&s.em[a * T..b * T], tr, &mut s.back, &mut tags[a..b]);
    }
    doc_features(doc, &tags, mask, &mut s.dfeats, &mut s.doffs);
    if s.dfeats.is_empty() {
        return tags;
    }
    for &(a, b) in &doc.sents {
        let lo = s.doffs[a];
        let hi = s.doffs[b];
        if lo == hi {
            continue;
        }
        add_emissions(table, &s.dfeats, &s.doffs, a, b, &mut s.em[a * T..b * T]);
        viterbi(&s.em[a * T..b * T], tr, &mut s.back, &mut tags[a..b]);
    }
    tags
}
