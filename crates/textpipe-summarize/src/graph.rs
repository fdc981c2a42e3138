//! Sentence similarity and bounded LexRank centrality.
//!
//! Sentences become unit-length vectors over their content terms: term counts (the default:
//! best ranking on the BBC development set), binary, or TF-IDF (IDF over the document's own
//! sentences), so a dot product is a cosine. Centrality is LexRank (PageRank over the cosine
//! graph) on the first `core` sentences; every sentence, inside the core or not, then gets one
//! step of the walk from the core (for core sentences, exactly their stationary value). The cost is
//! O(n * core) dot products instead of O(n^2), which keeps 2,000-sentence articles fast.
//!
//! The core's cosines come from term postings: only pairs of sentences that share a term are
//! touched, and each pair sums the same products in the same order as a sparse dot product,
//! so the matrix is bit for bit the one the dot products give.

use crate::config::TermWeighting;
use crate::pool;
use crate::terms::Analysis;

/// Sparse unit vectors of a document's sentences, one after another (one allocation per
/// document): each is `(term id, weight)` sorted by term id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vectors {
    weights: Vec<(u32, f32)>,
    /// Sentence `i` owns `weights[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
}

impl Vectors {
    /// Number of sentences.
    pub fn count(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// Hands the buffers back to the thread's pool.
    pub fn recycle(self) {
        pool::give(|p| &mut p.weights, self.weights);
        pool::give(|p| &mut p.vector_bounds, self.bounds);
    }

    /// The vector of sentence `i` (empty past the end).
    pub fn get(&self, i: usize) -> &[(u32, f32)] {
        match (self.bounds.get(i), self.bounds.get(i + 1)) {
            (Some(&a), Some(&b)) => self.weights.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Damping factor of the random walk (the usual PageRank value).
const DAMPING: f32 = 0.85;
/// Power iterations at most; the walk converges in far fewer on sentence graphs.
const MAX_ITERATIONS: usize = 50;
/// Stop iterating when the L1 change falls below this.
const TOLERANCE: f32 = 1e-5;

/// Unit vectors of every sentence (empty for a sentence without content terms), weighted as
/// `weighting` says.
pub(crate) fn sentence_vectors(a: &Analysis, weighting: TermWeighting) -> Vectors {
    let n = a.count().max(1) as f32;
    let binary = weighting == TermWeighting::Binary;
    let idf: Vec<f32> = if weighting == TermWeighting::Tfidf {
        a.document_frequencies()
            .iter()
            .map(|&df| (1.0 + n / df.max(1) as f32).ln())
            .collect()
    } else {
        Vec::new()
    };
    let mut out = Vectors {
        weights: pool::take(|p| &mut p.weights),
        bounds: pool::take(|p| &mut p.vector_bounds),
    };
    out.bounds.push(0);
    for i in 0..a.count() {
        let start = out.weights.len();
        out.weights.extend(a.terms(i).iter().map(|&(t, c)| {
            let tf = if binary { 1.0 } else { c as f32 };
            let idf = if idf.is_empty() {
                1.0
            } else {
                idf.get(t as usize).copied().unwrap_or(0.0)
            };
            (t, tf * idf)
        }));
        let v = out.weights.get_mut(start..).unwrap_or_default();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in v.iter_mut() {
                *w /= norm;
            }
        }
        out.bounds.push(out.weights.len());
    }
    out
}

/// A dense accumulator for dot products of one sparse vector against many: scatter once, then
/// each dot product costs the length of the other vector.
pub(crate) struct Scatter {
    dense: Vec<f32>,
}

impl Scatter {
    /// An accumulator for term ids `0..n_terms`.
    pub fn new(n_terms: usize) -> Self {
        Scatter {
            dense: vec![0.0; n_terms],
        }
    }

    /// Loads `v` (after clearing the previous one with [`Scatter::unload`]).
    pub fn load(&mut self, v: &[(u32, f32)]) {
        for &(t, w) in v {
            if let Some(d) = self.dense.get_mut(t as usize) {
                *d = w;
            }
        }
    }

    /// Clears what `v` loaded.
    pub fn unload(&mut self, v: &[(u32, f32)]) {
        for &(t, _) in v {
            if let Some(d) = self.dense.get_mut(t as usize) {
                *d = 0.0;
            }
        }
    }

    /// Dot product of the loaded vector with `v`.
    pub fn dot(&self, v: &[(u32, f32)]) -> f32 {
        v.iter()
            .map(|&(t, w)| self.dense.get(t as usize).copied().unwrap_or(0.0) * w)
            .sum()
    }
}

/// For each term, the sentences that contain it with the term's weight there, in sentence
/// order: dot products between sentences then cost only their shared terms.
#[derive(Debug, Clone, Default)]
pub(crate) struct Postings {
    entries: Vec<(u32, f32)>,
    /// Term `t`'s list is `entries[starts[t]..starts[t + 1]]`.
    starts: Vec<usize>,
}

impl Postings {
    /// Inverts `vectors`, whose term ids are below `n_terms` (others are ignored).
    pub fn new(vectors: &Vectors, n_terms: usize) -> Self {
        // Counts go to starts[t + 2]; after the prefix sum starts[t + 1] is where term t's
        // list begins, and it serves as the write cursor, ending where the list ends.
        let mut starts = pool::take(|p| &mut p.starts);
        starts.resize(n_terms + 2, 0);
        for &(t, _) in &vectors.weights {
            if let Some(c) = starts.get_mut(t as usize + 2) {
                *c += 1;
            }
        }
        for t in 2..starts.len() {
            starts[t] += starts[t - 1];
        }
        let mut entries = pool::take(|p| &mut p.entries);
        entries.resize(vectors.weights.len(), (0, 0.0));
        for i in 0..vectors.count() {
            for &(t, w) in vectors.get(i) {
                if let Some(at) = starts.get_mut(t as usize + 1) {
                    if let Some(e) = entries.get_mut(*at) {
                        *e = (i as u32, w);
                    }
                    *at += 1;
                }
            }
        }
        starts.pop();
        Postings { entries, starts }
    }

    /// Hands the buffers back to the thread's pool.
    pub fn recycle(self) {
        pool::give(|p| &mut p.entries, self.entries);
        pool::give(|p| &mut p.starts, self.starts);
    }

    /// Number of terms.
    pub fn terms(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// `(sentence, weight)` of the sentences containing term `t`, in sentence order.
    pub fn list(&self, t: usize) -> &[(u32, f32)] {
        match (self.starts.get(t), self.starts.get(t + 1)) {
            (Some(&a), Some(&b)) => self.entries.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Calls `visit(i, weight(t in i) * w)` for every term `(t, w)` of `v`, in the order of
    /// `v` (ascending term ids), and every sentence `i` containing it. Summing the products
    /// per sentence gives the same non-zero products in the same order as [`Scatter::dot`],
    /// so the sum is bit for bit the dot product wherever that is not zero.
    pub fn accumulate(&self, v: &[(u32, f32)], mut visit: impl FnMut(usize, f32)) {
        for &(t, wv) in v {
            for &(i, wi) in self.list(t as usize) {
                visit(i as usize, wv * wi);
            }
        }
    }
}

/// Centrality scores of every sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct Centrality {
    /// LexRank (stationary mass of the random walk, times the core size), >= 0.
    pub rank: Vec<f32>,
    /// Degree: sum of cosines to the core sentences, >= 0.
    pub degree: Vec<f32>,
}

/// Centrality of every sentence against a LexRank-ranked core of the first `core` sentences.
pub(crate) fn centrality(vectors: &Vectors, postings: &Postings, core: usize) -> Centrality {
    let n = vectors.count();
    let k = core.min(n);
    if k == 0 {
        return Centrality {
            rank: vec![0.0; n],
            degree: vec![0.0; n],
        };
    }
    let sim = core_similarity(vectors, postings, k);
    let (rank, row_sum) = lexrank(&sim, k);
    // One step of the walk from the core: for a core sentence this is its stationary value,
    // for a later sentence the mass it would receive from the core.
    let flow: Vec<f32> = (0..k)
        .map(|j| {
            if row_sum[j] > 0.0 {
                DAMPING * rank[j] / row_sum[j]
            } else {
                0.0
            }
        })
        .collect();
    let dangling: f32 = (0..k).filter(|&j| row_sum[j] <= 0.0).map(|j| rank[j]).sum();
    let base = (1.0 - DAMPING) / k as f32 + DAMPING * dangling / k as f32;
    let mut out = vec![0.0f32; n];
    let mut degree = vec![0.0f32; n];
    for i in 0..k {
        let row = &sim[i * k..(i + 1) * k];
        out[i] = base + row.iter().zip(&flow).map(|(s, f)| s * f).sum::<f32>();
        degree[i] = row.iter().sum();
    }
    let mut scatter = Scatter::new(postings.terms());
    for i in k..n {
        scatter.load(vectors.get(i));
        let (mut r, mut d) = (base, 0.0f32);
        for (j, f) in flow.iter().enumerate() {
            let s = scatter.dot(vectors.get(j));
            r += s * f;
            d += s;
        }
        out[i] = r;
        degree[i] = d;
        scatter.unload(vectors.get(i));
    }
    // Scale so that the numbers do not depend on the core size.
    let scale = k as f32;
    for o in &mut out {
        *o *= scale;
    }
    pool::give(|p| &mut p.sim, sim);
    Centrality { rank: out, degree }
}

/// Cosine matrix of the first `k` sentences, row-major k x k, zero diagonal, from the
/// postings: each pair sharing a term gets the product of its weights, terms in ascending
/// order, so every entry equals the sparse dot product of the two vectors bit for bit
/// (including its sign of zero: -0.0, the empty sum, when the later vector is empty).
fn core_similarity(vectors: &Vectors, postings: &Postings, k: usize) -> Vec<f32> {
    let mut sim = pool::take(|p| &mut p.sim);
    sim.resize(k * k, 0.0);
    for t in 0..postings.terms() {
        let list = postings.list(t);
        let core = list.partition_point(|&(i, _)| (i as usize) < k);
        for (a, &(i, wi)) in list[..core].iter().enumerate() {
            let row = i as usize * k;
            for &(j, wj) in &list[a + 1..core] {
                if let Some(s) = sim.get_mut(row + j as usize) {
                    *s += wi * wj;
                }
            }
        }
    }
    for j in 0..k {
        let empty = vectors.get(j).is_empty();
        for i in 0..j {
            let s = if empty { -0.0 } else { sim[i * k + j] };
            sim[i * k + j] = s;
            sim[j * k + i] = s;
        }
    }
    sim
}

/// Stationary distribution of the damped random walk over the weighted graph `sim` (k x k).
/// A sentence without edges spreads its mass uniformly (dangling node).
/// Returns the ranks and the row sums of `sim`.
fn lexrank(sim: &[f32], k: usize) -> (Vec<f32>, Vec<f32>) {
    let row_sum: Vec<f32> = (0..k)
        .map(|i| sim[i * k..(i + 1) * k].iter().sum())
        .collect();
    let mut p = vec![1.0 / k as f32; k];
    let mut next = vec![0.0f32; k];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f32 = (0..k).filter(|&j| row_sum[j] <= 0.0).map(|j| p[j]).sum();
        let base = (1.0 - DAMPING) / k as f32 + DAMPING * dangling / k as f32;
        for x in next.iter_mut() {
            *x = base;
        }
        for j in 0..k {
            if row_sum[j] <= 0.0 {
                continue;
            }
            let share = DAMPING * p[j] / row_sum[j];
            let row = &sim[j * k..(j + 1) * k];
            for (x, &s) in next.iter_mut().zip(row) {
                *x += share * s;
            }
        }
        let delta: f32 = p.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut p, &mut next);
        if delta < TOLERANCE {
            break;
        }
    }
    (p, row_sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::Analyzer;

    fn vectors(sents: &[&str]) -> (Vectors, Postings) {
        let (a, _) = Analyzer::new(true).analyze(sents, &[]);
        let v = sentence_vectors(&a, TermWeighting::Tfidf);
        let p = Postings::new(&v, a.n_terms);
        (v, p)
    }

    #[test]
    fn postings_give_the_dot_products_bit_for_bit() {
        let (v, p) = vectors(&[
            "Oil prices rose on supply fears and oil traders said prices would rise.",
            "the of and",
            "Supply fears sent oil prices up and shares in airlines down.",
            "Airlines said fuel costs rose; shares fell.",
            "",
            "Prices, prices, prices: traders said supply fears eased.",
        ]);
        let k = v.count();
        let sim = core_similarity(&v, &p, k);
        let mut scatter = Scatter::new(p.terms());
        for i in 0..k {
            scatter.load(v.get(i));
            for j in (i + 1)..k {
                let s = scatter.dot(v.get(j));
                assert_eq!(sim[i * k + j].to_bits(), s.to_bits(), "{i} {j}");
                assert_eq!(sim[j * k + i].to_bits(), s.to_bits(), "{j} {i}");
            }
            assert_eq!(sim[i * k + i].to_bits(), 0.0f32.to_bits());
            let (mut acc, mut touched) = (vec![0.0f32; k], vec![false; k]);
            p.accumulate(v.get(i), |j, product| {
                acc[j] += product;
                touched[j] = true;
            });
            for j in (0..k).filter(|&j| j != i) {
                let s = scatter.dot(v.get(j));
                if s > 0.0 {
                    assert_eq!(acc[j].to_bits(), s.to_bits(), "{i} {j}");
                } else {
                    assert!(!touched[j] && acc[j] == 0.0, "{i} {j}");
                }
            }
            scatter.unload(v.get(i));
        }
    }

    #[test]
    fn vectors_are_unit_length() {
        let (v, _) = vectors(&["Oil prices rose sharply.", "Gold prices fell.", "the of"]);
        for i in 0..2 {
            let norm: f32 = v.get(i).iter().map(|(_, w)| w * w).sum();
            assert!((norm - 1.0).abs() < 1e-5);
        }
        assert!(v.get(2).is_empty());
    }

    #[test]
    fn central_sentence_ranks_first() {
        let (v, n) = vectors(&[
            "Oil prices rose on supply fears.",
            "Oil supply fears sent prices up and shares in airlines down.",
            "Shares in airlines fell.",
            "The weather was sunny.",
        ]);
        let c = centrality(&v, &n, 100).rank;
        assert!(c[1] > c[0] && c[1] > c[2], "{c:?}");
        assert!(c[3] < c[2], "{c:?}");
    }

    #[test]
    fn sentences_outside_the_core_are_scored_against_it() {
        let (v, n) = vectors(&[
            "Oil prices rose on supply fears.",
            "Oil supply fears pushed prices higher.",
            "Oil prices and supply fears dominate.",
            "The weather was sunny.",
        ]);
        let full = centrality(&v, &n, 100).rank;
        let bounded = centrality(&v, &n, 2).rank;
        assert!(bounded[2] > bounded[3]);
        assert!(full[2] > full[3]);
    }

    #[test]
    fn lexrank_is_a_distribution() {
        let sim = vec![0.0, 0.5, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0];
        let (p, _) = lexrank(&sim, 3);
        let total: f32 = p.iter().sum();
        assert!((total - 1.0).abs() < 1e-4, "{p:?}");
    }

    #[test]
    fn empty_graph() {
        assert!(centrality(&Vectors::default(), &Postings::default(), 10)
            .rank
            .is_empty());
    }
}
