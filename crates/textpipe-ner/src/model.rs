//! The tagger: weights, gazetteer and the two-pass document decoding.

use crate::clusters::WordClusters;
use crate::decode::{add_emissions, chunks, viterbi, Rows, SparseRows, Transitions, ROW};
use crate::error::Error;
use crate::features::{
    doc_features, doc_tokens_into, static_features, word_features, word_key, DocTokens, InfoCache,
    LABELS, T,
};
use std::path::Path;
use std::sync::OnceLock;
use textpipe_core::{Entity, EntityLabel, Span};

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
#[derive(Debug)]
pub struct Tagger {
    /// Identity for the per-thread word cache (unique per constructed model).
    pub(crate) id: u64,
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
    pub back: Vec<u8>,
    pub mids: Vec<u32>,
    /// Word-level features of one token (on a word-cache miss).
    pub wfeats: Vec<u32>,
}

/// Slots of the per-thread word cache (a power of two).
const CACHE_SLOTS: usize = 4096;

/// Summed weights of the word-level features of recently seen words, per thread: frequent words
/// ("the", "said", "Reuters") then cost one lookup instead of a dozen weight rows. Keyed by the
/// model's id, so a thread switching models starts afresh.
#[derive(Default)]
struct WordCache {
    owner: u64,
    keys: Vec<u64>,
    vals: Vec<[i32; T]>,
}

thread_local! {
    /// Token and feature buffers reused by [`Tagger::tag`] across the documents of a thread.
    static TAG_SCRATCH: std::cell::RefCell<(DocTokens, Scratch, InfoCache)> =
        std::cell::RefCell::new((DocTokens::default(), Scratch::default(), InfoCache::default()));
    static WORD_CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

/// Source of model ids (0 is never used, so a fresh cache matches no model).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fresh model id.
pub(crate) fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Clone for Tagger {
    fn clone(&self) -> Self {
        Tagger {
            id: next_id(),
            bits: self.bits,
            table: self.table.clone(),
            trans: self.trans.clone(),
            gaz: self.gaz.clone(),
            clusters: self.clusters.clone(),
        }
    }
}

/// Models are equal when their weights, gazetteer and clusters are (the cache id is ignored).
impl PartialEq for Tagger {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
            && self.table == other.table
            && self.trans == other.trans
            && self.gaz == other.gaz
            && self.clusters == other.clusters
    }
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
            id: next_id(),
            bits: self.bits,
            table: SparseRows::from_dense(&dense),
            trans: self.trans.clone(),
            gaz: self.gaz.clone(),
            clusters: self.clusters.clone(),
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
        TAG_SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (doc, scratch, infos) = &mut *guard;
            infos.bind(self.id);
            doc_tokens_into(text, sentences, doc, Some((infos, &self.clusters)));
            let tags = self.decode_doc(doc, scratch);
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
            join_prepositional_names(text, &mut out);
            strip_honorifics(text, &mut out);
            cut_at_spaced_dashes(text, &mut out);
            companies_are_organizations(text, &mut out);
            out
        })
    }

    /// BILOU tags of every token of `doc` (first pass, then the document-consistency pass).
    pub(crate) fn decode_doc(&self, doc: &mut DocTokens, s: &mut Scratch) -> Vec<u8> {
        let n = doc.spans.len();
        s.em.clear();
        s.em.resize(n * T, 0);
        WORD_CACHE.with(|cell| {
            let mut guard = cell.borrow_mut();
            let cache = &mut *guard;
            if cache.owner != self.id || cache.keys.len() != CACHE_SLOTS {
                cache.owner = self.id;
                cache.keys = vec![0; CACHE_SLOTS];
                cache.vals = vec![[0; T]; CACHE_SLOTS];
            }
            let gaz = |h: u64| self.gaz.get(h);
            static_features(
                doc,
                &gaz,
                &self.clusters,
                self.mask(),
                false,
                &mut s.feats,
                &mut s.offs,
                &mut s.mids,
            );
            for (sent, &(a, b)) in doc.sents.iter().enumerate() {
                let caps = doc.capsent.get(sent).copied().unwrap_or(false);
                for i in a..b {
                    let key = word_key(&doc.infos[i], caps).max(1);
                    let slot = (key as usize) & (CACHE_SLOTS - 1);
                    let (mid, hi) = (s.mids[i] as usize, s.offs[i + 1] as usize);
                    if cache.keys[slot] != key {
                        // Only on a miss: the features of the word itself.
                        let t = &doc.infos[i];
                        s.wfeats.clear();
                        word_features(
                            t,
                            doc.cl.get(i).copied().unwrap_or((0, 0)),
                            caps,
                            !self.clusters.is_empty(),
                            self.mask(),
                            &mut s.wfeats,
                        );
                        let mut acc = [0i32; T];
                        self.table.add_rows(&s.wfeats, &mut acc);
                        cache.keys[slot] = key;
                        cache.vals[slot] = acc;
                    }
                    let mut acc = cache.vals[slot];
                    self.table.add_rows(&s.feats[mid..hi], &mut acc);
                    s.em[i * T..i * T + T].copy_from_slice(&acc);
                }
            }
        });
        two_pass(&self.table, &self.trans, doc, self.mask(), s)
    }

    pub(crate) fn mask(&self) -> u64 {
        (1u64 << self.bits) - 1
    }
}

/// Joins two organization names separated by just " of ", " on " or " for ", and two place
/// names separated by " of ", into one: "Commission on Presidential Debates", "State Committee
/// on National Security", "Holy City of Jerusalem". The tagger sees the lower-case preposition as outside any name more
/// often than inside one, and cuts such names in two. `entities` is sorted and non-overlapping.
fn join_prepositional_names(text: &str, entities: &mut Vec<Entity>) {
    let mut k = 0;
    while k + 1 < entities.len() {
        let (a, b) = (entities[k].clone(), entities[k + 1].clone());
        let between = text.get(a.span.end..b.span.start);
        let joins = a.label == b.label
            && match a.label {
                EntityLabel::ORG => matches!(between, Some(" of " | " on " | " for ")),
                // "Gulf of Mexico", not "Tumaco on Colombia" or "Renault of France".
                EntityLabel::LOC => {
                    between == Some(" of ")
                        && text
                            .get(a.span.start..a.span.end)
                            .and_then(|t| t.rsplit(' ').next())
                            .is_some_and(is_place_head)
                }
                _ => false,
            };
        if joins {
            entities[k].span = Span::new(a.span.start, b.span.end);
            entities.remove(k + 1);
        } else {
            k += 1;
        }
    }
}

/// Cuts a name that runs across a spaced dash ("Norland — City" after a dateline): the part
/// before the dash keeps the label, the part after only when it has two words or more (a lone
/// capitalized word after a dash usually starts the sentence). Names never hold a spaced dash
/// in CoNLL, whose headlines use one between topic and title.
fn cut_at_spaced_dashes(text: &str, entities: &mut Vec<Entity>) {
    let dashed = |e: &Entity| {
        text.get(e.span.start..e.span.end)
            .is_some_and(|n| n.contains(" — ") || n.contains(" – ") || n.contains(" - "))
    };
    if !entities.iter().any(dashed) {
        return;
    }
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    for e in entities.drain(..) {
        let Some(name) = text.get(e.span.start..e.span.end) else {
            out.push(e);
            continue;
        };
        let cut = [" — ", " – ", " - "]
            .iter()
            .filter_map(|d| name.find(d).map(|k| (k, d.len())))
            .min();
        let Some((k, len)) = cut else {
            out.push(e);
            continue;
        };
        out.push(Entity {
            span: Span::new(e.span.start, e.span.start + k),
            label: e.label,
        });
        let after = &name[k + len..];
        if after.split(' ').filter(|w| !w.is_empty()).count() >= 2 {
            out.push(Entity {
                span: Span::new(e.span.start + k + len, e.span.end),
                label: e.label,
            });
        }
    }
    *entities = out;
}

/// A name of two words or more ending in a company suffix ("Hoare Govett Ltd.", "Aon Corp.",
/// "Peavey Company") is an organization, whatever the tagger said (CoNLL labels every one of
/// them ORG).
fn companies_are_organizations(text: &str, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| e.label != EntityLabel::ORG) {
        let Some(name) = text.get(e.span.start..e.span.end) else {
            continue;
        };
        let Some((head, last)) = name.rsplit_once(' ') else {
            continue;
        };
        let company = matches!(
            last,
            "Inc"
                | "Inc."
                | "Corp"
                | "Corp."
                | "Ltd"
                | "Ltd."
                | "Plc"
                | "PLC"
                | "plc"
                | "LLC"
                | "GmbH"
                | "Co."
                | "AG"
                | "Holdings"
                | "Company"
                | "Airlines"
                | "Corporation"
        );
        if company && !head.trim().is_empty() {
            e.label = EntityLabel::ORG;
        }
    }
}

/// Drops a leading honorific or office from person names ("Mr Blair" -> "Blair", "Dr. Jane
/// Roe" -> "Jane Roe", "Mayor Helena Osterby" -> "Helena Osterby"), as CoNLL and OntoNotes
/// annotate names. The tagger learned that from Reuters'
/// "Mr." but British text writes "Mr" without the period.
fn strip_honorifics(text: &str, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| e.label == EntityLabel::PER) {
        let Some(name) = text.get(e.span.start..e.span.end) else {
            continue;
        };
        let Some((first, rest)) = name.split_once(' ') else {
            continue;
        };
        let honorific = matches!(
            first.trim_end_matches('.'),
            "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Prof"
                // Offices written before a name ("Mayor Helena Osterby").
                | "President"
                | "Mayor"
                | "Governor"
                | "Senator"
                | "Judge"
                | "Coach"
                | "Chancellor"
        );
        let rest = rest.trim_start();
        if honorific && rest.starts_with(char::is_uppercase) {
            e.span.start = e.span.end - rest.len();
        }
    }
}

/// Words that head a place name continued by "of X" ("Gulf of Mexico", "Republic of China").
fn is_place_head(w: &str) -> bool {
    matches!(
        w,
        "Gulf"
            | "Bay"
            | "Sea"
            | "Strait"
            | "Straits"
            | "Isle"
            | "Island"
            | "Islands"
            | "Cape"
            | "Lake"
            | "Mount"
            | "Republic"
            | "Kingdom"
            | "Province"
            | "State"
            | "District"
            | "County"
            | "City"
            | "Port"
            | "Channel"
            | "Sound"
            | "Coast"
            | "Valley"
            | "Emirate"
            | "Principality"
            | "Federation"
            | "Commonwealth"
            | "Territory"
            | "Region"
    )
}

/// First pass over the emission scores in `s.em` (static features), then a second pass adding
/// document features; returns the tags.
pub(crate) fn two_pass<R: Rows + ?Sized>(
    table: &R,
    tr: &Transitions,
    doc: &DocTokens,
    mask: u64,
    s: &mut Scratch,
) -> Vec<u8> {
    let n = doc.spans.len();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{tiny_docs, tiny_tagger};

    /// The first mention of `name` in `text` as an entity.
    fn ent(text: &str, name: &str, label: EntityLabel) -> Entity {
        let s = text.find(name).unwrap();
        Entity {
            span: Span::new(s, s + name.len()),
            label,
        }
    }

    #[test]
    fn prepositional_names_are_joined() {
        let text = "The State Committee on National Security met in the Gulf of Mexico, while \
                    Renault of France and Smith of Leeds Council and Acme for Hire waited.";
        let mut v = vec![
            ent(text, "State Committee", EntityLabel::ORG),
            ent(text, "National Security", EntityLabel::ORG),
            ent(text, "Gulf", EntityLabel::LOC),
            ent(text, "Mexico", EntityLabel::LOC),
            ent(text, "Renault", EntityLabel::LOC),
            ent(text, "France", EntityLabel::LOC),
            ent(text, "Smith", EntityLabel::PER),
            ent(text, "Leeds Council", EntityLabel::ORG),
            ent(text, "Acme", EntityLabel::ORG),
            ent(text, "Hire", EntityLabel::ORG),
        ];
        join_prepositional_names(text, &mut v);
        let got: Vec<&str> = v.iter().map(|x| x.span.slice(text)).collect();
        assert_eq!(
            got,
            vec![
                "State Committee on National Security",
                "Gulf of Mexico",
                "Renault",
                "France",
                "Smith",
                "Leeds Council",
                "Acme for Hire"
            ]
        );
    }

    #[test]
    fn company_suffixes_make_organizations() {
        let text = "Hoare Govett Ltd. hired Ross, of Peavey Company, and Ltd. staff.";
        let mut v = vec![
            ent(text, "Hoare Govett Ltd.", EntityLabel::PER),
            ent(text, "Ross", EntityLabel::PER),
            ent(text, "Peavey Company", EntityLabel::LOC),
        ];
        companies_are_organizations(text, &mut v);
        let labels: Vec<EntityLabel> = v.iter().map(|x| x.label).collect();
        assert_eq!(
            labels,
            vec![EntityLabel::ORG, EntityLabel::PER, EntityLabel::ORG]
        );
    }

    #[test]
    fn names_are_cut_at_spaced_dashes() {
        let text =
            "PORTVALE, Norland — City officials said. Lake Ora - New Town fair. Bosnia-Herzegovina";
        let loc = |a: &str| ent(text, a, EntityLabel::LOC);
        let mut v = vec![
            loc("Norland — City"),
            loc("Lake Ora - New Town"),
            loc("Bosnia-Herzegovina"),
        ];
        cut_at_spaced_dashes(text, &mut v);
        let got: Vec<&str> = v.iter().map(|x| x.span.slice(text)).collect();
        assert_eq!(
            got,
            vec!["Norland", "Lake Ora", "New Town", "Bosnia-Herzegovina"]
        );
    }

    #[test]
    fn honorifics_are_not_part_of_names() {
        let text = "Mr Blair met Dr. Jane Roe, Mrs  Smith, Mr and Professor Lee, Mayor Ann Cole.";
        let per = |a: &str| ent(text, a, EntityLabel::PER);
        let mut v = vec![
            per("Mr Blair"),
            per("Dr. Jane Roe"),
            per("Mrs  Smith"),
            per("Mr and"),
            per("Professor Lee"),
            per("Mayor Ann Cole"),
        ];
        strip_honorifics(text, &mut v);
        let got: Vec<&str> = v.iter().map(|x| x.span.slice(text)).collect();
        assert_eq!(
            got,
            vec![
                "Blair",
                "Jane Roe",
                "Smith",
                "Mr and",
                "Professor Lee",
                "Ann Cole"
            ]
        );
    }

    #[test]
    fn word_cache_is_per_model() {
        let a = tiny_tagger();
        let b = Tagger::english().unwrap();
        let texts: Vec<String> = tiny_docs().into_iter().map(|d| d.text).collect();
        let fresh = |t: &'static str| {
            let t = t.to_string();
            std::thread::spawn(move || Tagger::english().unwrap().tag(&t, &[]))
                .join()
                .unwrap()
        };
        for text in &texts {
            let first = a.tag(text, &[]);
            let other = b.tag(text, &[]);
            assert_eq!(a.tag(text, &[]), first);
            let text: &'static str = Box::leak(text.clone().into_boxed_str());
            assert_eq!(fresh(text), other);
        }
        // A clone gets its own cache identity but tags the same.
        let c = a.clone();
        assert_ne!(c.id, a.id);
        assert_eq!(c, a);
        assert_eq!(c.tag(&texts[0], &[]), a.tag(&texts[0], &[]));
    }
}
