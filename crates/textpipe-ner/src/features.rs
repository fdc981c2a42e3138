//! Tokens of a document and their hashed features.
//!
//! Everything a token contributes is computed once per document: a [`TokInfo`] per token
//! (hashes of its lowercased form, shapes and affixes), then a flat list of feature buckets per
//! token. Decoding only sums weight rows.

use crate::clusters::WordClusters;
use crate::tokenize::tokenize_into;
use textpipe_core::{EntityLabel, Span};
use textpipe_lexicon::hash::{feed, feed_char, mix, FNV_OFFSET as SEED};

/// Entity labels in tag order.
pub(crate) const LABELS: [EntityLabel; 4] = [
    EntityLabel::PER,
    EntityLabel::ORG,
    EntityLabel::LOC,
    EntityLabel::MISC,
];
/// Number of BILOU tags: O plus B, I, L, U for each label.
pub(crate) const T: usize = 1 + 4 * LABELS.len();
/// Longest gazetteer phrase, in tokens.
pub(crate) const MAX_GAZ_LEN: usize = 6;
/// Longest sentence decoded in one piece; longer ones are cut (keeps scores bounded).
const MAX_SENT_TOKENS: usize = 400;

/// BILOU position inside an entity.
pub(crate) const B: usize = 0;
pub(crate) const I: usize = 1;
pub(crate) const L: usize = 2;
pub(crate) const U: usize = 3;

/// The tag index for `label` index `l` at BILOU position `pos`.
#[inline]
pub(crate) fn tag(l: usize, pos: usize) -> u8 {
    (1 + 4 * l + pos) as u8
}

/// (label index, BILOU position) of a tag, `None` for O.
#[inline]
pub(crate) fn untag(t: u8) -> Option<(usize, usize)> {
    if t == 0 {
        None
    } else {
        let k = usize::from(t) - 1;
        Some((k / 4, k % 4))
    }
}

/// The label index of `label`.
pub(crate) fn label_index(label: EntityLabel) -> usize {
    match label {
        EntityLabel::PER => 0,
        EntityLabel::ORG => 1,
        EntityLabel::LOC => 2,
        EntityLabel::MISC => 3,
    }
}

const INIT_CAP: u8 = 1;
const ALL_CAPS: u8 = 2;
const HAS_DIGIT: u8 = 4;
const HAS_ALPHA: u8 = 8;
const ALL_LOWER: u8 = 16;

/// Per-token hashes, computed once.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct TokInfo {
    /// Lowercased form.
    pub lower: u64,
    /// Exact form.
    exact: u64,
    /// Shape with runs capped at 4 ("Xxxxx" -> "Xxxx", "1996-08-30" -> "dddd-dd-dd").
    shape: u64,
    /// Shape with runs collapsed ("Xx", "d-d-d").
    sshape: u64,
    /// Prefixes of 1..=4 chars of the lowercased form (0 when the word is shorter).
    pre: [u64; 4],
    /// Suffixes of 1..=4 chars.
    suf: [u64; 4],
    flags: u8,
}

#[inline]
fn char_class(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_uppercase() {
            'X'
        } else if c.is_ascii_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
    }
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() || c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

#[inline]
fn lower1(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // First char of the lowercase mapping; multi-char mappings are rare and this stays
    // deterministic.
    c.to_lowercase().next().unwrap_or(c)
}

/// Hashes of one word.
pub(crate) fn tok_info(word: &str) -> TokInfo {
    tok_info_exact(word, textpipe_lexicon::hash::fnv1a(word.as_bytes()))
}

/// Slots of an [`InfoCache`] (a power of two).
const INFO_SLOTS: usize = 2048;

/// Recently seen words' [`TokInfo`] and word clusters, keyed by the hash of their exact form
/// (direct-mapped): news text repeats its words, and a hit costs one hash of the word instead
/// of a dozen (lowercase, shapes, affixes) and a probe of the large, cold cluster table.
/// Reused across the documents of a thread; bound to one model's clusters at a time.
#[derive(Default)]
pub(crate) struct InfoCache {
    /// Id of the model whose clusters the entries hold.
    owner: u64,
    keys: Vec<u64>,
    vals: Vec<(TokInfo, (u16, u16))>,
}

impl InfoCache {
    /// Empties the cache unless it already serves the model `id` (see `Tagger::id`).
    pub fn bind(&mut self, id: u64) {
        if self.owner != id || self.keys.len() != INFO_SLOTS || self.vals.len() != INFO_SLOTS {
            self.owner = id;
            self.keys = vec![0; INFO_SLOTS];
            self.vals = vec![(TokInfo::default(), (0, 0)); INFO_SLOTS];
        }
    }

    /// [`tok_info`] of `word` and its clusters, from the cache when present.
    #[inline]
    fn get(&mut self, word: &str, clusters: &WordClusters) -> (TokInfo, (u16, u16)) {
        let exact = textpipe_lexicon::hash::fnv1a(word.as_bytes());
        let compute = || {
            let info = tok_info_exact(word, exact);
            (info, clusters.get(info.lower))
        };
        // 0 marks an empty slot.
        if exact == 0 || self.keys.len() != INFO_SLOTS || self.vals.len() != INFO_SLOTS {
            return compute();
        }
        let slot = ((exact ^ (exact >> 32)) as usize) & (INFO_SLOTS - 1);
        if self.keys[slot] == exact {
            return self.vals[slot];
        }
        let v = compute();
        self.keys[slot] = exact;
        self.vals[slot] = v;
        v
    }
}

/// [`tok_info`] with the exact form's hash already computed.
fn tok_info_exact(word: &str, exact: u64) -> TokInfo {
    let mut info = TokInfo {
        lower: SEED,
        exact,
        shape: SEED,
        sshape: SEED,
        ..TokInfo::default()
    };
    let mut prev_class = '\0';
    let mut run = 0usize;
    let mut n_alpha = 0usize;
    let mut n_upper = 0usize;
    let mut n_lower = 0usize;
    let mut pre = SEED;
    for (k, c) in word.chars().enumerate() {
        let lc = lower1(c);
        info.lower = feed_char(info.lower, lc);
        if k < 4 {
            pre = feed_char(pre, lc);
            info.pre[k] = pre;
        }
        let cls = char_class(c);
        if cls == prev_class {
            run += 1;
        } else {
            run = 1;
            info.sshape = feed_char(info.sshape, cls);
        }
        if run <= 4 {
            info.shape = feed_char(info.shape, cls);
        }
        prev_class = cls;
        if c.is_alphabetic() {
            n_alpha += 1;
            if c.is_uppercase() {
                n_upper += 1;
                if k == 0 {
                    info.flags |= INIT_CAP;
                }
            } else {
                n_lower += 1;
            }
        } else if c.is_numeric() {
            info.flags |= HAS_DIGIT;
        }
    }
    // Suffixes, reading from the end.
    let mut buf = ['\0'; 4];
    let mut n = 0;
    for c in word.chars().rev().take(4) {
        buf[n] = lower1(c);
        n += 1;
    }
    for k in 0..n {
        let mut h = feed(SEED, b"suf");
        for c in buf[..=k].iter().rev() {
            h = feed_char(h, *c);
        }
        info.suf[k] = h;
    }
    if n_alpha > 0 {
        info.flags |= HAS_ALPHA;
        if n_upper == n_alpha && n_alpha > 1 {
            info.flags |= ALL_CAPS;
        }
        if n_lower == n_alpha {
            info.flags |= ALL_LOWER;
        }
    }
    info
}

/// The tokens of a document grouped into sentences.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocTokens {
    /// Token byte spans into the text.
    pub spans: Vec<Span>,
    /// Token hashes.
    pub infos: Vec<TokInfo>,
    /// Sentences as token index ranges `[a, b)`.
    pub sents: Vec<(usize, usize)>,
    /// Whether each sentence is written in capitals (headline, dateline).
    pub capsent: Vec<bool>,
    /// Word clusters of each token's lowercased form, when the caller filled them in (from a
    /// cache); otherwise empty and [`static_features`] looks them up.
    pub cl: Vec<(u16, u16)>,
}

/// Splits `text` into sentences (given spans, each further cut at line breaks; lines when
/// `sentences` is empty) and tokens.
pub(crate) fn doc_tokens(text: &str, sentences: &[Span]) -> DocTokens {
    let mut doc = DocTokens::default();
    doc_tokens_into(text, sentences, &mut doc, None);
    doc
}

/// [`doc_tokens`] into a reused `doc` (cleared first), so its buffers are not reallocated for
/// every document. With a `cache` (bound to the model whose clusters are given), word hashes
/// come from it and `doc.cl` is filled too.
pub(crate) fn doc_tokens_into(
    text: &str,
    sentences: &[Span],
    doc: &mut DocTokens,
    mut cache: Option<(&mut InfoCache, &WordClusters)>,
) {
    doc.spans.clear();
    doc.infos.clear();
    doc.sents.clear();
    doc.capsent.clear();
    doc.cl.clear();
    let whole = [Span::new(0, text.len())];
    let sorted;
    let spans: &[Span] = if sentences.is_empty() {
        &whole
    } else if sentences.windows(2).all(|w| w[0] <= w[1]) {
        sentences
    } else {
        let mut v = sentences.to_vec();
        v.sort_unstable();
        sorted = v;
        &sorted
    };
    // In order, without overlaps (a part tagged twice would give overlapping entities).
    let mut covered = 0;
    for s in spans {
        let s = Span::new(s.start.max(covered), s.end);
        let Some(part) = text.get(s.start..s.end) else {
            continue;
        };
        covered = s.end;
        let mut line_start = s.start;
        for (i, c) in part.char_indices() {
            if c == '\n' {
                push_sentence(
                    text,
                    Span::new(line_start, s.start + i),
                    doc,
                    cache.as_mut().map(|(c, w)| (&mut **c, *w)),
                );
                line_start = s.start + i + 1;
            }
        }
        push_sentence(
            text,
            Span::new(line_start, s.end),
            doc,
            cache.as_mut().map(|(c, w)| (&mut **c, *w)),
        );
    }
}

fn push_sentence(
    text: &str,
    span: Span,
    doc: &mut DocTokens,
    cache: Option<(&mut InfoCache, &WordClusters)>,
) {
    let a = doc.spans.len();
    tokenize_into(text, span, &mut doc.spans);
    let b = doc.spans.len();
    match cache {
        Some((cache, clusters)) => {
            for sp in &doc.spans[a..b] {
                let (info, cl) = cache.get(sp.slice(text), clusters);
                doc.infos.push(info);
                doc.cl.push(cl);
            }
        }
        None => {
            for sp in &doc.spans[a..b] {
                doc.infos.push(tok_info(sp.slice(text)));
            }
        }
    }
    let mut start = a;
    while start < b {
        // A standalone ".", "?" or "!" followed by a word ends a sentence: text given as one
        // long line (tokens joined by spaces) still gets sentence-sized pieces.
        // So does a dateline: capitalised words then a date ("LONDON 1996-08-30").
        let mut end = (start + MAX_SENT_TOKENS).min(b);
        let mut dateline = true;
        for k in start + 1..end {
            let prev = doc.spans[k - 1].slice(text);
            let next_word = doc.spans[k]
                .slice(text)
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            let stop = |t: &str| matches!(t, "." | "?" | "!");
            let closed = matches!(prev, "\"" | "'" | ")" | "”" | "’")
                && k >= start + 2
                && stop(doc.spans[k - 2].slice(text));
            if (stop(prev) || closed) && next_word {
                end = k;
                break;
            }
            let pinfo = &doc.infos[k - 1];
            if dateline && k - start >= 2 && is_date(prev) && next_word {
                end = k;
                break;
            }
            // The dateline opens with a word in capitals ("NEW YORK", "CARDIFF , Wales").
            dateline &= k - start <= 6
                && (pinfo.flags & ALL_CAPS != 0
                    || (k - 1 > start && pinfo.flags & INIT_CAP != 0)
                    || matches!(prev, "," | "-" | "(" | ")"));
        }
        let (mut alpha, mut caps) = (0, 0);
        for t in &doc.infos[start..end] {
            if t.flags & HAS_ALPHA != 0 {
                alpha += 1;
                if t.flags & ALL_CAPS != 0 {
                    caps += 1;
                }
            }
        }
        doc.sents.push((start, end));
        doc.capsent.push(alpha > 0 && caps * 10 >= alpha * 6);
        start = end;
    }
}

/// "1996-08-30", "30-08-1996", "1996/08/30": the date of a dateline.
fn is_date(tok: &str) -> bool {
    let (mut parts, mut long) = (0, false);
    for p in tok.split(['-', '/']) {
        parts += 1;
        if parts > 3 || p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        long |= p.len() == 4;
    }
    parts == 3 && long
}

/// Feature templates (mixed with their values).
mod tpl {
    pub const BIAS: u64 = 1;
    pub const W0: u64 = 2;
    pub const EXACT0: u64 = 3;
    pub const SHAPE0: u64 = 4;
    pub const SSHAPE0: u64 = 5;
    pub const PRE: u64 = 6;
    pub const SUF: u64 = 7;
    pub const WM1: u64 = 8;
    pub const WP1: u64 = 9;
    pub const WM2: u64 = 10;
    pub const WP2: u64 = 11;
    pub const SHM1: u64 = 12;
    pub const SHP1: u64 = 13;
    pub const SHM2: u64 = 14;
    pub const SHP2: u64 = 15;
    pub const BI_M1: u64 = 16;
    pub const BI_P1: u64 = 17;
    pub const TRI_SH: u64 = 18;
    pub const FIRST: u64 = 19;
    pub const CAPS_W: u64 = 20;
    pub const LC_ELSE: u64 = 21;
    pub const CAP_ELSE: u64 = 22;
    pub const GAZ: u64 = 23;
    pub const DOC: u64 = 24;
    pub const DOC_SH: u64 = 25;
    pub const SUF_M1: u64 = 26;
    pub const W0_SHP1: u64 = 27;
    pub const CL_C0: u64 = 28;
    pub const CL_F0: u64 = 29;
    pub const CL_FM1: u64 = 30;
    pub const CL_FP1: u64 = 31;
    pub const CL_F0_SH: u64 = 32;
}

/// Cache key of the word-level features of a token (its exact form and whether its sentence is
/// in capitals).
#[inline]
pub(crate) fn word_key(t: &TokInfo, caps: bool) -> u64 {
    mix(t.exact, 0x0c0f_fee0 + u64::from(caps))
}

/// Boundary sentinels for neighbours outside the sentence.
const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;

/// Hash of a gazetteer phrase, built token by token from lowercased-form hashes.
#[inline]
pub(crate) fn phrase_step(h: u64, lower: u64) -> u64 {
    mix(h ^ 0x9a2e_7f31, lower)
}

/// Start value of [`phrase_step`].
pub(crate) const PHRASE_SEED: u64 = 0x7a5e_11ed;

/// [`SeenForms`] flag: the lowercased form occurs in lowercase in the document.
const SEEN_LOWER: u8 = 1;
/// [`SeenForms`] flag: it occurs capitalized in a normal sentence, away from its start.
const SEEN_CAP: u8 = 2;

/// Per-document flags of lowercased-form hashes (open addressing, linear probing): the
/// document-level case evidence, looked up once or twice per token.
struct SeenForms {
    /// `(hash, flags)`; flags 0 marks an empty slot.
    slots: Vec<(u64, u8)>,
}

impl SeenForms {
    /// Room for up to `n` distinct forms at a load of at most one half.
    fn with_capacity(n: usize) -> Self {
        SeenForms {
            slots: vec![(0, 0); (2 * n).next_power_of_two().max(16)],
        }
    }

    /// Slot of `h`: where it is, or the empty slot where it belongs.
    #[inline]
    fn slot(&self, h: u64) -> usize {
        let m = self.slots.len() - 1;
        let mut i = ((h ^ (h >> 32)) as usize) & m;
        while self.slots[i].1 != 0 && self.slots[i].0 != h {
            i = (i + 1) & m;
        }
        i
    }

    /// Adds `flag` to the flags of `h`.
    fn mark(&mut self, h: u64, flag: u8) {
        let i = self.slot(h);
        self.slots[i] = (h, self.slots[i].1 | flag);
    }

    /// Flags of `h` (0 when never marked).
    #[inline]
    fn get(&self, h: u64) -> u8 {
        self.slots[self.slot(h)].1
    }
}

/// Features of a token that depend only on its word and its sentence's caps flag (forms,
/// shapes, affixes, clusters): what [`word_key`] identifies, so a per-word cache of summed
/// weights can stand in for them. `cl` is the word's `(coarse, fine)` cluster.
#[inline]
pub(crate) fn word_features(
    t: &TokInfo,
    cl: (u16, u16),
    caps: bool,
    with_clusters: bool,
    mask: u64,
    feats: &mut Vec<u32>,
) {
    let salt = if caps { 0x00ca_5000 } else { 0 };
    let push = |feats: &mut Vec<u32>, h: u64| feats.push((h & mask) as u32);
    if with_clusters {
        let fine = u64::from(cl.1);
        push(feats, mix(tpl::CL_C0, u64::from(cl.0)));
        push(feats, mix(tpl::CL_F0, fine));
        push(feats, mix(mix(tpl::CL_F0_SH ^ salt, fine), t.sshape));
    }
    push(feats, mix(tpl::BIAS, salt));
    push(feats, mix(tpl::W0, t.lower));
    push(feats, mix(tpl::EXACT0, t.exact));
    push(feats, mix(tpl::SHAPE0 ^ salt, t.shape));
    push(feats, mix(tpl::SSHAPE0 ^ salt, t.sshape));
    for k in 0..4 {
        if t.pre[k] != 0 {
            push(feats, mix(tpl::PRE + ((k as u64) << 8), t.pre[k]));
        }
        if t.suf[k] != 0 {
            push(feats, mix(tpl::SUF + ((k as u64) << 8), t.suf[k]));
        }
    }
    if caps {
        push(feats, mix(tpl::CAPS_W, t.lower));
    }
}

/// Static (first-pass) features of every token in `doc`, appended as bucket indices to `feats`
/// with `offs[i]..offs[i+1]` the range of token `i` (`offs` gets `n + 1` entries). The
/// features of the word itself ([`word_features`]) come first: `offs[i]..mids[i]`, keyed by
/// [`word_key`]; with `word_feats` false they are left out (`mids[i] == offs[i]`), for a caller
/// that takes their summed weights from a cache. `gaz(phrase_hash)` returns the label bit mask
/// of a gazetteer phrase.
///
/// Over 80 lines on purpose: one pass per token writing every feature hash into parallel buffers;
/// the order of the hashes is the model file's feature layout, so it stays in one place.
#[allow(clippy::needless_range_loop)] // indices address several parallel arrays
#[allow(clippy::too_many_arguments)] // three output buffers the caller reuses across documents
pub(crate) fn static_features(
    doc: &DocTokens,
    gaz: &dyn Fn(u64) -> u8,
    clusters: &WordClusters,
    mask: u64,
    word_feats: bool,
    feats: &mut Vec<u32>,
    offs: &mut Vec<u32>,
    mids: &mut Vec<u32>,
) {
    feats.clear();
    offs.clear();
    offs.push(0);
    mids.clear();
    // Document-level case evidence: lowercased forms seen in lowercase, and seen capitalized
    // inside a normal (not all-caps) sentence away from its start.
    let mut seen = SeenForms::with_capacity(doc.infos.len());
    for (s, &(a, b)) in doc.sents.iter().enumerate() {
        let caps = doc.capsent.get(s).copied().unwrap_or(false);
        for (i, t) in doc.infos[a..b].iter().enumerate() {
            if t.flags & ALL_LOWER != 0 {
                seen.mark(t.lower, SEEN_LOWER);
            } else if !caps && i > 0 && t.flags & INIT_CAP != 0 && t.flags & ALL_CAPS == 0 {
                seen.mark(t.lower, SEEN_CAP);
            }
        }
    }

    let computed: Vec<(u16, u16)>;
    let cl: &[(u16, u16)] = if doc.cl.len() == doc.infos.len() {
        &doc.cl
    } else {
        computed = doc.infos.iter().map(|t| clusters.get(t.lower)).collect();
        &computed
    };
    let mut gaz_bits: Vec<u16> = Vec::new();
    let push = |feats: &mut Vec<u32>, h: u64| feats.push((h & mask) as u32);
    for (s, &(a, b)) in doc.sents.iter().enumerate() {
        let caps = doc.capsent.get(s).copied().unwrap_or(false);
        let salt = if caps { 0x00ca_5000 } else { 0 };
        let infos = &doc.infos[a..b];
        let n = infos.len();
        // Gazetteer matches.
        gaz_bits.clear();
        gaz_bits.resize(n, 0);
        for i in 0..n {
            let mut h = PHRASE_SEED;
            for len in 1..=MAX_GAZ_LEN.min(n - i) {
                h = phrase_step(h, infos[i + len - 1].lower);
                let m = gaz(h);
                if m == 0 {
                    // Neither a phrase nor the start of one: no longer match either.
                    break;
                }
                let m = m & 0x0f;
                if m == 0 {
                    continue;
                }
                for k in i..i + len {
                    let pos = if len == 1 {
                        U
                    } else if k == i {
                        B
                    } else if k == i + len - 1 {
                        L
                    } else {
                        I
                    };
                    for l in 0..LABELS.len() {
                        if m & (1 << l) != 0 {
                            gaz_bits[k] |= 1 << (l * 4 + pos);
                        }
                    }
                }
            }
        }
        let cl = &cl[a..b];
        // A value of the token at `j`, or a sentinel past either end of the sentence.
        let at = |j: isize, value: &dyn Fn(usize) -> u64| -> u64 {
            if j < 0 {
                BOS
            } else if j as usize >= n {
                EOS
            } else {
                value(j as usize)
            }
        };
        let word = |j: isize| at(j, &|k| infos[k].lower);
        let shape = |j: isize| at(j, &|k| infos[k].shape);
        let sshape = |j: isize| at(j, &|k| infos[k].sshape);
        let fine = |j: isize| at(j, &|k| u64::from(cl[k].1));
        for (i, t) in infos.iter().enumerate() {
            let j = i as isize;
            // Features of the word alone (and the sentence's caps flag) come first, so a cache
            // can replace them by their summed weights (see `mids`).
            if word_feats {
                word_features(t, cl[i], caps, !clusters.is_empty(), mask, feats);
            }
            mids.push(feats.len() as u32);
            if !clusters.is_empty() {
                push(feats, mix(tpl::CL_FM1, fine(j - 1)));
                push(feats, mix(tpl::CL_FP1, fine(j + 1)));
            }
            push(feats, mix(tpl::WM1, word(j - 1)));
            push(feats, mix(tpl::WP1, word(j + 1)));
            push(feats, mix(tpl::WM2, word(j - 2)));
            push(feats, mix(tpl::WP2, word(j + 2)));
            push(feats, mix(tpl::SHM1 ^ salt, shape(j - 1)));
            push(feats, mix(tpl::SHP1 ^ salt, shape(j + 1)));
            push(feats, mix(tpl::SHM2 ^ salt, sshape(j - 2)));
            push(feats, mix(tpl::SHP2 ^ salt, sshape(j + 2)));
            push(feats, mix(mix(tpl::BI_M1, word(j - 1)), t.lower));
            push(feats, mix(mix(tpl::BI_P1, t.lower), word(j + 1)));
            push(
                feats,
                mix(
                    mix(mix(tpl::TRI_SH ^ salt, sshape(j - 1)), t.sshape),
                    sshape(j + 1),
                ),
            );
            push(feats, mix(mix(tpl::W0_SHP1 ^ salt, t.lower), sshape(j + 1)));
            if i > 0 {
                push(feats, mix(tpl::SUF_M1, infos[i - 1].suf[2]));
            }
            if i == 0 {
                push(feats, mix(tpl::FIRST ^ salt, t.shape));
            }
            let lc_else = t.flags & ALL_LOWER == 0
                && t.flags & HAS_ALPHA != 0
                && seen.get(t.lower) & SEEN_LOWER != 0;
            if lc_else {
                push(feats, mix(tpl::LC_ELSE, salt + u64::from(i == 0)));
            }
            let cap_else = t.flags & HAS_ALPHA != 0 && seen.get(t.lower) & SEEN_CAP != 0;
            if cap_else {
                let ctx = u64::from(caps) * 2
                    + u64::from(i == 0)
                    + 4 * u64::from(t.flags & ALL_LOWER != 0);
                push(feats, mix(tpl::CAP_ELSE, ctx));
            }
            let g = gaz_bits[i];
            if g != 0 {
                for bit in 0..16u64 {
                    if g & (1 << bit) != 0 {
                        push(feats, mix(tpl::GAZ, bit));
                        push(feats, mix(tpl::GAZ ^ salt ^ 0x100, mix(bit, t.sshape)));
                    }
                }
            }
            offs.push(feats.len() as u32);
        }
    }
}

/// Second-pass (document consistency) features: for each token whose lowercased form was
/// tagged as part of an entity elsewhere in the document by the first pass, the majority label
/// of those other mentions. Appends up to two buckets per token to `feats` (`offs` as in
/// [`static_features`]).
pub(crate) fn doc_features(
    doc: &DocTokens,
    first_pass: &[u8],
    mask: u64,
    feats: &mut Vec<u32>,
    offs: &mut Vec<u32>,
) {
    feats.clear();
    offs.clear();
    offs.push(0);
    let mut tagged: Vec<(u64, usize)> = doc
        .infos
        .iter()
        .zip(first_pass)
        .filter_map(|(t, &tg)| untag(tg).map(|(l, _)| (t.lower, l)))
        .collect();
    tagged.sort_unstable();
    for (s, &(a, b)) in doc.sents.iter().enumerate() {
        let caps = doc.capsent.get(s).copied().unwrap_or(false);
        for i in a..b {
            let t = &doc.infos[i];
            if t.flags & HAS_ALPHA != 0 && t.flags & ALL_LOWER == 0 {
                let lo = tagged.partition_point(|&(h, _)| h < t.lower);
                let hi = tagged.partition_point(|&(h, _)| h <= t.lower);
                let mut counts = [0usize; 4];
                for &(_, l) in &tagged[lo..hi] {
                    counts[l] += 1;
                }
                if let Some((l, _)) = first_pass.get(i).and_then(|&tg| untag(tg)) {
                    counts[l] = counts[l].saturating_sub(1);
                }
                let mut best = 0;
                for l in 1..4 {
                    if counts[l] > counts[best] {
                        best = l;
                    }
                }
                if counts[best] > 0 {
                    feats.push((mix(tpl::DOC, best as u64) & mask) as u32);
                    let ctx = best as u64 * 4 + u64::from(caps) * 2 + u64::from(i == a);
                    feats.push((mix(tpl::DOC_SH, mix(ctx, t.sshape)) & mask) as u32);
                }
            }
            offs.push(feats.len() as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_flags() {
        let a = tok_info("Merkel");
        let b = tok_info("Berlin");
        assert_eq!(a.shape, b.shape);
        assert_eq!(a.sshape, tok_info("Xy").sshape);
        assert_ne!(a.shape, tok_info("MERKEL").shape);
        assert_eq!(tok_info("MERKEL").lower, a.lower);
        assert_eq!(tok_info("1996-08-30").sshape, tok_info("12-3-4").sshape);
        assert_ne!(a.flags & INIT_CAP, 0);
        assert_ne!(tok_info("NATO").flags & ALL_CAPS, 0);
        assert_eq!(a.suf[2], tok_info("Nickel").suf[2]);
    }

    #[test]
    fn features_are_deterministic() {
        let text = "Angela Merkel met Microsoft executives in Berlin.\nBERLIN 2024-01-01\n";
        let gaz = |h: u64| u8::from(h % 7 == 0);
        let run = || {
            let doc = doc_tokens(text, &[]);
            let (mut f, mut o) = (Vec::new(), Vec::new());
            static_features(
                &doc,
                &gaz,
                &WordClusters::default(),
                (1 << 20) - 1,
                true,
                &mut f,
                &mut o,
                &mut Vec::new(),
            );
            (f, o)
        };
        let (f1, o1) = run();
        let (f2, o2) = run();
        assert_eq!(f1, f2);
        assert_eq!(o1, o2);
        let doc = doc_tokens(text, &[]);
        assert_eq!(o1.len(), doc.spans.len() + 1);
        assert!(f1.iter().all(|&b| b < 1 << 20));
        assert_eq!(doc.sents.len(), 2);
        assert_eq!(doc.capsent, vec![false, true]);
    }

    #[test]
    fn sentences_are_cut_at_newlines_and_final_stops() {
        let text = "One two.\nThree four.";
        let doc = doc_tokens(text, &[Span::new(0, text.len())]);
        assert_eq!(doc.sents, vec![(0, 3), (3, 6)]);
        let text = "Mr. Lee left . He said \" no . \" Then U.S. troops came ? Yes";
        let doc = doc_tokens(text, &[]);
        assert_eq!(doc.sents, vec![(0, 4), (4, 10), (10, 15), (15, 16)]);
        let text = "RUGBY - WALES WIN . CARDIFF , Wales 1997-02-01 Wales beat Italy 20-3 .";
        let doc = doc_tokens(text, &[]);
        assert_eq!(doc.sents, vec![(0, 5), (5, 9), (9, 14)]);
        // Not a dateline: words before the date are not capitals.
        let doc = doc_tokens("On 1997-02-01 Wales beat Italy", &[]);
        assert_eq!(doc.sents, vec![(0, 5)]);
    }

    #[test]
    fn info_cache_gives_what_tok_info_computes() {
        let words = [
            "Merkel",
            "the",
            "U.S.",
            "1996-08-30",
            "Zürich",
            "",
            "n't",
            "Merkel",
        ];
        let mut cache = InfoCache::default();
        cache.bind(7);
        let clusters = WordClusters::default();
        // Twice: the second round is served from the cache.
        for _ in 0..2 {
            for w in words {
                assert_eq!(cache.get(w, &clusters), (tok_info(w), (0, 0)), "{w:?}");
            }
        }
        // Tokens of a document are the same with and without the cache.
        let text = "Angela Merkel met Merkel's aides.\nBERLIN 2024-01-01 Merkel";
        let mut cached = DocTokens::default();
        doc_tokens_into(text, &[], &mut cached, Some((&mut cache, &clusters)));
        let plain = doc_tokens(text, &[]);
        assert_eq!(cached.infos, plain.infos);
        assert_eq!(cached.spans, plain.spans);
        assert_eq!(cached.cl.len(), plain.infos.len());
    }

    #[test]
    fn seen_forms_keep_flags_apart() {
        let mut seen = SeenForms::with_capacity(4);
        seen.mark(42, SEEN_LOWER);
        seen.mark(42, SEEN_CAP);
        seen.mark(0, SEEN_CAP);
        // Collide in the table on purpose: same low bits.
        seen.mark(42 + (1 << 40), SEEN_LOWER);
        assert_eq!(seen.get(42), SEEN_LOWER | SEEN_CAP);
        assert_eq!(seen.get(0), SEEN_CAP);
        assert_eq!(seen.get(42 + (1 << 40)), SEEN_LOWER);
        assert_eq!(seen.get(7), 0);
    }

    #[test]
    fn tags_round_trip() {
        for l in 0..4 {
            for pos in 0..4 {
                assert_eq!(untag(tag(l, pos)), Some((l, pos)));
            }
        }
        assert_eq!(untag(0), None);
    }
}
