//! Training (averaged structured perceptron) and evaluation.

use crate::clusters::WordClusters;
use crate::decode::{add_emissions, viterbi, SparseRows, Transitions, ROW};
use crate::error::Error;
use crate::features::{
    doc_features, doc_tokens, label_index, phrase_step, static_features, tag, DocTokens, B, I, L,
    MAX_GAZ_LEN, PHRASE_SEED, T, U,
};
use crate::model::{Gazetteer, Scratch, Tagger, PREFIX};
use std::collections::BTreeMap;
use textpipe_core::{Entity, EntityLabel, Span};

/// One training or evaluation document: text, sentence spans and gold entities (byte spans).
#[derive(Debug, Clone, Default)]
pub struct TrainDoc {
    /// The text.
    pub text: String,
    /// Sentence byte spans into `text` (empty: one sentence per line).
    pub sentences: Vec<Span>,
    /// Gold entities, byte spans into `text`.
    pub entities: Vec<Entity>,
    /// Documents with the same group are renderings of one source document; the gazetteer
    /// features of a document in training ignore phrases seen only in its own group.
    /// `None`: the document is its own group.
    pub group: Option<u64>,
}

/// Training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training data (1..=100).
    pub epochs: usize,
    /// log2 of the number of feature hash buckets (16..=24); the model table has
    /// `2^hash_bits * 17` weights before sparse storage.
    pub hash_bits: u32,
    /// Seed of the deterministic shuffling of the training documents.
    pub seed: u64,
    /// Features (hash buckets) seen fewer times than this in training get no weight (1..).
    pub min_count: u32,
    /// Feature rows whose largest weight is below this fraction of the model's largest weight
    /// are dropped from the final model ([`Tagger::pruned`]; 0..=1, 0 keeps all).
    pub prune: f32,
    /// Word clusters learnt from unlabeled text ([`WordClusters::learn`]); empty for none.
    /// They are stored in the model.
    pub clusters: WordClusters,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            hash_bits: 20,
            seed: 1,
            min_count: 2,
            prune: 0.04,
            clusters: WordClusters::default(),
        }
    }
}

impl TrainOptions {
    fn validate(&self) -> Result<(), Error> {
        if !(1..=100).contains(&self.epochs) {
            return Err(Error::Options(format!(
                "epochs {} not in 1..=100",
                self.epochs
            )));
        }
        if !(16..=24).contains(&self.hash_bits) {
            return Err(Error::Options(format!(
                "hash_bits {} not in 16..=24",
                self.hash_bits
            )));
        }
        if !(0.0..=1.0).contains(&self.prune) {
            return Err(Error::Options(format!("prune {} not in 0..=1", self.prune)));
        }
        if self.min_count == 0 {
            return Err(Error::Options("min_count must be at least 1".into()));
        }
        Ok(())
    }
}

/// What [`train`] reports after each epoch.
#[derive(Debug, Clone)]
pub struct EpochProgress {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Total epochs.
    pub epochs: usize,
    /// Tokens mis-tagged during this epoch on the training data (before each update).
    pub train_errors: usize,
    /// Tokens seen this epoch.
    pub train_tokens: usize,
    /// Score on the dev set with the averaged weights so far, when a dev set is given.
    pub dev: Option<Report>,
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prf {
    /// Correct predicted spans.
    pub tp: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Gold spans.
    pub gold: usize,
}

impl Prf {
    /// tp / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// tp / gold (0 when there is no gold span).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Exact-span evaluation: micro-averaged and per label.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Over all labels.
    pub micro: Prf,
    /// Per label.
    pub per_label: BTreeMap<EntityLabel, Prf>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "micro P {:.4} R {:.4} F1 {:.4}",
            self.micro.precision(),
            self.micro.recall(),
            self.micro.f1()
        )?;
        for (l, p) in &self.per_label {
            write!(f, " | {} F1 {:.4}", l.as_str(), p.f1())?;
        }
        Ok(())
    }
}

/// A training document prepared once: tokens, gold tags and static features.
struct Prepared {
    doc: DocTokens,
    gold: Vec<u8>,
    feats: Vec<u32>,
    offs: Vec<u32>,
}

/// Gold BILOU tags of `doc`'s tokens; entities whose edges fall inside a token still tag the
/// tokens they cover. Returns the tags and the number of entities that do not line up with
/// token boundaries or sentences.
fn gold_tags(doc: &DocTokens, entities: &[Entity]) -> (Vec<u8>, usize) {
    let n = doc.spans.len();
    let mut tags = vec![0u8; n];
    let mut sent_of = vec![0usize; n];
    for (s, &(a, b)) in doc.sents.iter().enumerate() {
        for x in &mut sent_of[a..b] {
            *x = s;
        }
    }
    let mut bad = 0;
    for e in entities {
        let first = doc.spans.partition_point(|t| t.end <= e.span.start);
        let last = doc.spans.partition_point(|t| t.start < e.span.end);
        if first >= last {
            bad += 1;
            continue;
        }
        let (fs, ls) = (doc.spans[first], doc.spans[last - 1]);
        if fs.start != e.span.start || ls.end != e.span.end {
            bad += 1;
        }
        if sent_of[first] != sent_of[last - 1] || tags[first..last].iter().any(|&t| t != 0) {
            bad += 1;
            continue;
        }
        let l = label_index(e.label);
        if last - first == 1 {
            tags[first] = tag(l, U);
        } else {
            tags[first] = tag(l, B);
            for t in &mut tags[first + 1..last - 1] {
                *t = tag(l, I);
            }
            tags[last - 1] = tag(l, L);
        }
    }
    (tags, bad)
}

/// Pseudo label index marking a proper prefix of a phrase.
const PREFIX_LABEL: usize = 4;

/// Gazetteer phrases of one document: (phrase hash, label index), sorted and unique.
fn doc_phrases(doc: &DocTokens, gold: &[u8]) -> Vec<(u64, usize)> {
    let mut out = Vec::new();
    for &(a, b) in &doc.sents {
        crate::decode::chunks(&gold[a..b], |s, e, l| {
            if e - s < MAX_GAZ_LEN {
                let mut h = PHRASE_SEED;
                for (k, t) in doc.infos[a + s..=a + e].iter().enumerate() {
                    h = phrase_step(h, t.lower);
                    if a + s + k < a + e {
                        out.push((h, PREFIX_LABEL));
                    }
                }
                out.push((h, l));
            }
        });
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Deterministic xorshift64* generator for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<X>(&mut self, v: &mut [X]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Averaged perceptron weights (current and accumulated `c * delta`).
struct Averaged {
    w: Vec<i32>,
    acc: Vec<i64>,
}

impl Averaged {
    fn new(n: usize) -> Self {
        Averaged {
            w: vec![0; n],
            acc: vec![0; n],
        }
    }
    #[inline]
    fn add(&mut self, i: usize, d: i32, c: i64) {
        if let (Some(w), Some(a)) = (self.w.get_mut(i), self.acc.get_mut(i)) {
            *w += d;
            *a += c * i64::from(d);
        }
    }
    fn avg(&self, i: usize, c: i64) -> f64 {
        f64::from(self.w[i]) - self.acc[i] as f64 / c as f64
    }
}

struct Model {
    table: Averaged,
    trans: Averaged,
    c: i64,
}

impl Model {
    fn transitions(&self) -> Transitions {
        Transitions {
            trans: self.trans.w[..T * T].to_vec(),
            start: self.trans.w[T * T..T * T + T].to_vec(),
            end: self.trans.w[T * T + T..].to_vec(),
        }
    }

    /// The averaged weights, quantized to i16 with one scale.
    fn averaged(&self, bits: u32, gaz: &Gazetteer, clusters: &WordClusters) -> Tagger {
        let c = self.c.max(1);
        let mut max = 1e-9f64;
        let table_f: Vec<f32> = (0..self.table.w.len())
            .map(|i| {
                let v = self.table.avg(i, c);
                max = max.max(v.abs());
                v as f32
            })
            .collect();
        let trans_f: Vec<f64> = (0..self.trans.w.len())
            .map(|i| self.trans.avg(i, c))
            .collect();
        for v in &trans_f {
            max = max.max(v.abs());
        }
        let scale = 8000.0 / max;
        // Fold each row's O weight into its other tags (see `decode::ROW`).
        let mut dense: Vec<i16> = Vec::with_capacity(table_f.len() / T * ROW);
        for row in table_f.chunks_exact(T) {
            for &v in &row[1..] {
                let d = (f64::from(v) - f64::from(row[0])) * scale;
                dense.push(d.round().clamp(-32767.0, 32767.0) as i16);
            }
        }
        let table = SparseRows::from_dense(&dense);
        let q = |v: &f64| (v * scale).round() as i32;
        Tagger {
            id: crate::model::next_id(),
            bits,
            table,
            trans: Transitions {
                trans: trans_f[..T * T].iter().map(q).collect(),
                start: trans_f[T * T..T * T + T].iter().map(q).collect(),
                end: trans_f[T * T + T..].iter().map(q).collect(),
            },
            gaz: gaz.clone(),
            clusters: clusters.clone(),
        }
    }

    /// Perceptron update for one sentence: towards `gold`, away from `pred`.
    fn update(&mut self, feats: [(&[u32], &[u32]); 2], a: usize, gold: &[u8], pred: &[u8]) {
        let c = self.c;
        for (i, (&g, &p)) in gold.iter().zip(pred).enumerate() {
            if g != p {
                for (fs, offs) in feats {
                    let (lo, hi) = (offs[a + i] as usize, offs[a + i + 1] as usize);
                    for &f in &fs[lo..hi] {
                        self.table.add(f as usize * T + usize::from(g), 1, c);
                        self.table.add(f as usize * T + usize::from(p), -1, c);
                    }
                }
            }
            let idx = |prev: Option<u8>, cur: u8| match prev {
                None => T * T + usize::from(cur),
                Some(pt) => usize::from(pt) * T + usize::from(cur),
            };
            let (gp, pp) = if i == 0 {
                (None, None)
            } else {
                (Some(gold[i - 1]), Some(pred[i - 1]))
            };
            if (gp, g) != (pp, p) {
                self.trans.add(idx(gp, g), 1, c);
                self.trans.add(idx(pp, p), -1, c);
            }
        }
        let (gl, pl) = (gold.last(), pred.last());
        if let (Some(&g), Some(&p)) = (gl, pl) {
            if g != p {
                self.trans.add(T * T + T + usize::from(g), 1, c);
                self.trans.add(T * T + T + usize::from(p), -1, c);
            }
        }
    }
}

/// Trains a tagger on `train`, scoring `dev` after each epoch; `progress` is called once per
/// epoch. Deterministic for the same data and options. Returns the averaged model and its dev
/// report (the training-set report when there is no dev set).
///
/// # Errors
/// [`Error::Options`] for out-of-range options or an empty training set.
#[allow(clippy::needless_range_loop)] // label indices address several arrays
pub fn train(
    opts: &TrainOptions,
    train: &[TrainDoc],
    dev: Option<&[TrainDoc]>,
    mut progress: impl FnMut(&EpochProgress),
) -> Result<(Tagger, Report), Error> {
    opts.validate()?;
    if train.is_empty() {
        return Err(Error::Options("the training set is empty".into()));
    }
    let bits = opts.hash_bits;
    let mask = (1u64 << bits) - 1;

    // Tokens, gold tags and gazetteer phrases.
    let mut docs: Vec<(DocTokens, Vec<u8>)> = Vec::with_capacity(train.len());
    let mut by_group: BTreeMap<u64, Vec<(u64, usize)>> = BTreeMap::new();
    for (k, d) in train.iter().enumerate() {
        let doc = doc_tokens(&d.text, &d.sentences);
        let (gold, _bad) = gold_tags(&doc, &d.entities);
        let group = d.group.unwrap_or(u64::MAX - k as u64);
        by_group
            .entry(group)
            .or_default()
            .extend(doc_phrases(&doc, &gold));
        docs.push((doc, gold));
    }
    // Number of groups that have each (phrase, label).
    let mut counts: BTreeMap<u64, [u32; 5]> = BTreeMap::new();
    for phrases in by_group.values_mut() {
        phrases.sort_unstable();
        phrases.dedup();
        for &(h, l) in phrases.iter() {
            counts.entry(h).or_default()[l] += 1;
        }
    }
    let mask_of = |c: &[u32; 5]| {
        let m = (0..4).fold(0u8, |m, l| if c[l] > 0 { m | 1 << l } else { m });
        if c[PREFIX_LABEL] > 0 {
            m | PREFIX
        } else {
            m
        }
    };
    let gaz = Gazetteer::new(counts.iter().map(|(&h, c)| (h, mask_of(c))).collect());

    // Static features (gazetteer without the document's own group), then the count cut-off.
    let mut prepared: Vec<Prepared> = Vec::with_capacity(docs.len());
    let mut bucket_count = vec![0u32; 1 << bits];
    for (k, (doc, gold)) in docs.into_iter().enumerate() {
        let group = train[k].group.unwrap_or(u64::MAX - k as u64);
        let own: &[(u64, usize)] = by_group.get(&group).map_or(&[], |v| v.as_slice());
        let lookup = |h: u64| -> u8 {
            let Some(c) = counts.get(&h) else { return 0 };
            let lo = own.partition_point(|&(x, _)| x < h);
            let mut m = if c[PREFIX_LABEL] > 0 { PREFIX } else { 0 };
            for l in 0..4 {
                let mine = own[lo..]
                    .iter()
                    .take_while(|&&(x, _)| x == h)
                    .any(|&(_, ol)| ol == l);
                if c[l] > u32::from(mine) {
                    m |= 1 << l;
                }
            }
            m
        };
        let (mut feats, mut offs) = (Vec::new(), Vec::new());
        static_features(
            &doc,
            &lookup,
            &opts.clusters,
            mask,
            true,
            &mut feats,
            &mut offs,
            &mut Vec::new(),
        );
        for &f in &feats {
            bucket_count[f as usize] = bucket_count[f as usize].saturating_add(1);
        }
        prepared.push(Prepared {
            doc,
            gold,
            feats,
            offs,
        });
    }
    if opts.min_count > 1 {
        for p in &mut prepared {
            let mut nf = Vec::with_capacity(p.feats.len());
            let mut no = Vec::with_capacity(p.offs.len());
            no.push(0u32);
            for w in p.offs.windows(2) {
                for &f in &p.feats[w[0] as usize..w[1] as usize] {
                    if bucket_count[f as usize] >= opts.min_count {
                        nf.push(f);
                    }
                }
                no.push(nf.len() as u32);
            }
            p.feats = nf;
            p.offs = no;
        }
    }
    drop(bucket_count);

    let mut model = Model {
        table: Averaged::new((1usize << bits) * T),
        trans: Averaged::new(T * T + 2 * T),
        c: 1,
    };
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    // Every seed gives its own stream (xorshift needs a non-zero state).
    let mut rng = Rng(textpipe_lexicon::hash::mix(opts.seed, 0x9e37_79b9_7f4a_7c15).max(1));
    let mut scratch = Scratch::default();
    let mut pass1: Vec<u8> = Vec::new();
    let mut pred: Vec<u8> = Vec::new();
    let mut em: Vec<i32> = Vec::new();
    let mut last_report = None;
    let mut tagger = None;
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        let (mut errors, mut tokens) = (0usize, 0usize);
        for &k in &order {
            let p = &prepared[k];
            let n = p.doc.spans.len();
            if n == 0 {
                continue;
            }
            // First pass with the current weights gives the document features.
            let tr = model.transitions();
            scratch.em.clear();
            scratch.em.resize(n * T, 0);
            add_emissions(
                model.table.w.as_slice(),
                &p.feats,
                &p.offs,
                0,
                n,
                &mut scratch.em,
            );
            pass1.clear();
            pass1.resize(n, 0);
            for &(a, b) in &p.doc.sents {
                viterbi(
                    &scratch.em[a * T..b * T],
                    &tr,
                    &mut scratch.back,
                    &mut pass1[a..b],
                );
            }
            doc_features(
                &p.doc,
                &pass1,
                mask,
                &mut scratch.dfeats,
                &mut scratch.doffs,
            );
            let dfeats = std::mem::take(&mut scratch.dfeats);
            let doffs = std::mem::take(&mut scratch.doffs);
            for &(a, b) in &p.doc.sents {
                let tr = model.transitions();
                em.clear();
                em.resize((b - a) * T, 0);
                add_emissions(model.table.w.as_slice(), &p.feats, &p.offs, a, b, &mut em);
                add_emissions(model.table.w.as_slice(), &dfeats, &doffs, a, b, &mut em);
                pred.clear();
                pred.resize(b - a, 0);
                viterbi(&em, &tr, &mut scratch.back, &mut pred);
                let gold = &p.gold[a..b];
                tokens += b - a;
                let wrong = gold.iter().zip(&pred).filter(|(g, q)| g != q).count();
                if wrong > 0 {
                    errors += wrong;
                    model.update([(&p.feats, &p.offs), (&dfeats, &doffs)], a, gold, &pred);
                }
                model.c += 1;
            }
            scratch.dfeats = dfeats;
            scratch.doffs = doffs;
        }
        let t = model
            .averaged(bits, &gaz, &opts.clusters)
            .pruned(opts.prune);
        let dev_report = dev.map(|d| evaluate(&t, d));
        progress(&EpochProgress {
            epoch,
            epochs: opts.epochs,
            train_errors: errors,
            train_tokens: tokens,
            dev: dev_report.clone(),
        });
        last_report = dev_report;
        tagger = Some(t);
    }
    let tagger = match tagger {
        Some(t) => t,
        None => model
            .averaged(bits, &gaz, &opts.clusters)
            .pruned(opts.prune),
    };
    let report = match last_report {
        Some(r) => r,
        None => evaluate(&tagger, train),
    };
    Ok((tagger, report))
}

/// Scores `tagger` on `docs` by exact span and label match.
pub fn evaluate(tagger: &Tagger, docs: &[TrainDoc]) -> Report {
    let mut report = Report::default();
    for doc in docs {
        let pred = tagger.tag(&doc.text, &doc.sentences);
        score_doc(&doc.entities, &pred, &mut report);
    }
    report
}

pub(crate) fn score_doc(gold: &[Entity], pred: &[Entity], report: &mut Report) {
    let key = |e: &Entity| (e.span.start, e.span.end, e.label);
    let g: std::collections::BTreeSet<_> = gold.iter().map(key).collect();
    let p: std::collections::BTreeSet<_> = pred.iter().map(key).collect();
    for e in &g {
        report.micro.gold += 1;
        report.per_label.entry(e.2).or_default().gold += 1;
    }
    for e in &p {
        report.micro.predicted += 1;
        let slot = report.per_label.entry(e.2).or_default();
        slot.predicted += 1;
        if g.contains(e) {
            slot.tp += 1;
            report.micro.tp += 1;
        }
    }
}
