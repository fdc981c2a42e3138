//! Distributional word clusters learnt from unlabeled text.
//!
//! Names that never occur in the labelled data still share contexts with names that do
//! ("... said on Tuesday", "in northern ..."), so a word's cluster generalises where its identity
//! cannot. Each frequent word (by lowercased form) gets two cluster ids, a coarse and a fine
//! one, from spherical k-means over its left/right neighbour counts. Only word hashes are kept.

use crate::features::tok_info;
use crate::tokenize::tokenize_into;
use std::collections::HashMap;
use textpipe_core::Span;

/// Settings of [`WordClusters::learn`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterOptions {
    /// Most frequent words that get a cluster.
    pub vocab: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Most frequent words used as context dimensions (left and right).
    pub contexts: usize,
    /// Number of coarse clusters.
    pub coarse: usize,
    /// Number of fine clusters.
    pub fine: usize,
    /// k-means iterations.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            vocab: 40_000,
            min_count: 3,
            contexts: 800,
            coarse: 64,
            fine: 512,
            iterations: 8,
        }
    }
}

/// Word-hash to (coarse, fine) cluster ids.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordClusters {
    /// Sorted by hash, unique (the serialized form).
    pub(crate) entries: Vec<(u64, u16, u16)>,
    /// Open-addressing table (key 0 = empty).
    slots: Vec<(u64, u16, u16)>,
}

impl WordClusters {
    /// From entries sorted by hash (unique).
    pub(crate) fn new(entries: Vec<(u64, u16, u16)>) -> Self {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u64, 0u16, 0u16); cap];
        for &(h, c, f) in &entries {
            let key = h.max(1);
            let mut i = (key as usize) & (cap - 1);
            while slots[i].0 != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = (key, c, f);
        }
        WordClusters { entries, slots }
    }

    /// Number of clustered words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// (coarse + 1, fine + 1) of a lowercased-word hash; (0, 0) when unknown.
    #[inline]
    pub(crate) fn get(&self, h: u64) -> (u16, u16) {
        let cap = self.slots.len();
        if cap == 0 {
            return (0, 0);
        }
        let key = h.max(1);
        let mut i = (key as usize) & (cap - 1);
        loop {
            let (k, c, f) = self.slots[i];
            if k == key {
                return (c + 1, f + 1);
            }
            if k == 0 {
                return (0, 0);
            }
            i = (i + 1) & (cap - 1);
        }
    }

    /// Learns clusters from `texts` (one document each; lines are sentences).
    /// Deterministic for the same texts and options.
    pub fn learn<'a>(texts: impl Iterator<Item = &'a str>, opts: &ClusterOptions) -> WordClusters {
        // Token streams as lowercased-word hashes; sentence breaks as 0.
        let mut stream: Vec<u64> = Vec::new();
        let mut spans = Vec::new();
        for text in texts {
            let mut line_start = 0;
            for line in text.split('\n') {
                spans.clear();
                let span = Span::new(line_start, line_start + line.len());
                tokenize_into(text, span, &mut spans);
                for s in &spans {
                    stream.push(tok_info(s.slice(text)).lower.max(1));
                }
                stream.push(0);
                line_start += line.len() + 1;
            }
        }
        let mut freq: HashMap<u64, u32> = HashMap::new();
        for &h in &stream {
            if h != 0 {
                *freq.entry(h).or_default() += 1;
            }
        }
        let mut by_freq: Vec<(u32, u64)> = freq
            .iter()
            .filter(|(_, &c)| c >= opts.min_count)
            .map(|(&h, &c)| (c, h))
            .collect();
        by_freq.sort_unstable_by(|a, b| b.cmp(a));
        by_freq.truncate(opts.vocab);
        let vocab: HashMap<u64, usize> = by_freq
            .iter()
            .enumerate()
            .map(|(i, &(_, h))| (h, i))
            .collect();
        let ctx: HashMap<u64, usize> = by_freq
            .iter()
            .take(opts.contexts)
            .enumerate()
            .map(|(i, &(_, h))| (h, i))
            .collect();
        let dims = 2 * ctx.len() + 2;
        let (bos, eos) = (dims - 2, dims - 1);
        // Sparse context counts per vocabulary word.
        let mut pairs: HashMap<(usize, usize), u32> = HashMap::new();
        for i in 0..stream.len() {
            let Some(&w) = vocab.get(&stream[i]) else {
                continue;
            };
            let left = if i == 0 { 0 } else { stream[i - 1] };
            let right = stream.get(i + 1).copied().unwrap_or(0);
            let l = if left == 0 {
                Some(bos)
            } else {
                ctx.get(&left).copied()
            };
            let r = if right == 0 {
                Some(eos)
            } else {
                ctx.get(&right).map(|&c| ctx.len() + c)
            };
            for d in [l, r].into_iter().flatten() {
                *pairs.entry((w, d)).or_default() += 1;
            }
        }
        let mut pairs: Vec<((usize, usize), u32)> = pairs.into_iter().collect();
        pairs.sort_unstable();
        let n = by_freq.len();
        let mut vecs: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
        for ((w, d), c) in pairs {
            vecs[w].push((d as u32, (c as f32).sqrt()));
        }
        for v in &mut vecs {
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            for x in v.iter_mut() {
                x.1 /= norm;
            }
        }
        let coarse = kmeans(&vecs, dims, opts.coarse.max(1), opts.iterations, 11);
        let fine = kmeans(&vecs, dims, opts.fine.max(1), opts.iterations, 23);
        let mut entries: Vec<(u64, u16, u16)> = by_freq
            .iter()
            .enumerate()
            .filter(|(i, _)| !vecs[*i].is_empty())
            .map(|(i, &(_, h))| (h, coarse[i] as u16, fine[i] as u16))
            .collect();
        entries.sort_unstable();
        WordClusters::new(entries)
    }
}

/// Spherical k-means; returns the cluster of each vector. Initial centroids are vectors picked
/// by a seeded generator among the more frequent half of the words.
fn kmeans(vecs: &[Vec<(u32, f32)>], dims: usize, k: usize, iters: usize, seed: u64) -> Vec<usize> {
    let n = vecs.len();
    let mut assign = vec![0usize; n];
    if n == 0 {
        return assign;
    }
    let k = k.min(n);
    // Centroids stored transposed: cent[d * k + c].
    let mut cent = vec![0f32; dims * k];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let pool = (n / 2).max(k);
    let mut chosen = std::collections::BTreeSet::new();
    let mut c = 0;
    while c < k {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        let w = (x.wrapping_mul(0x2545_f491_4f6c_dd1d) % pool as u64) as usize;
        if chosen.insert(w) {
            for &(d, v) in &vecs[w] {
                cent[d as usize * k + c] = v;
            }
            c += 1;
        }
    }
    let mut scores = vec![0f32; k];
    for _ in 0..iters {
        for (w, v) in vecs.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, val) in v {
                let row = &cent[d as usize * k..d as usize * k + k];
                for (s, cv) in scores.iter_mut().zip(row) {
                    *s += val * cv;
                }
            }
            let mut best = 0;
            for (c, &s) in scores.iter().enumerate() {
                if s > scores[best] {
                    best = c;
                }
            }
            assign[w] = best;
        }
        let mut sums = vec![0f32; dims * k];
        let mut sizes = vec![0usize; k];
        for (w, v) in vecs.iter().enumerate() {
            let c = assign[w];
            sizes[c] += 1;
            for &(d, val) in v {
                sums[d as usize * k + c] += val;
            }
        }
        let mut norms = vec![0f32; k];
        for d in 0..dims {
            for c in 0..k {
                norms[c] += sums[d * k + c] * sums[d * k + c];
            }
        }
        for d in 0..dims {
            for c in 0..k {
                if sizes[c] > 0 {
                    cent[d * k + c] = sums[d * k + c] / norms[c].sqrt().max(1e-9);
                }
            }
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_clusters() {
        let mut text = String::new();
        for (i, city) in ["Oslo", "Lima", "Rome", "Kyiv"].iter().enumerate() {
            for day in ["Monday", "Friday"] {
                text.push_str(&format!("Talks were held in {city} on {day} .\n"));
                text.push_str(&format!("He flew to {city} on {day} .\n"));
                text.push_str(&format!("The {} cats ate {} fish .\n", i + 2, i + 3));
            }
        }
        let opts = ClusterOptions {
            vocab: 100,
            min_count: 2,
            contexts: 12,
            coarse: 2,
            fine: 4,
            iterations: 6,
        };
        let a = WordClusters::learn([text.as_str()].into_iter(), &opts);
        let b = WordClusters::learn([text.as_str()].into_iter(), &opts);
        assert_eq!(a, b);
        let id = |w: &str| a.get(tok_info(w).lower);
        assert_ne!(id("oslo"), (0, 0));
        assert_eq!(id("Oslo"), id("rome"));
        assert_eq!(id("unseenword"), (0, 0));
    }
}
