//! Scoring and Viterbi decoding over BILOU tags.

use crate::features::{untag, B, I, L, T, U};

/// Where the decoder finds the weights of a feature bucket.
pub(crate) trait Rows {
    /// Adds the weights of bucket `f` (if any) to `acc`.
    fn add_row(&self, f: u32, acc: &mut [i32; T]);

    /// Adds the rows of all `feats` to `acc`. The default adds them one by one.
    #[inline]
    fn add_rows(&self, feats: &[u32], acc: &mut [i32; T]) {
        for &f in feats {
            self.add_row(f, acc);
        }
    }
}

/// A dense table of `T` weights per bucket (training).
impl Rows for [i32] {
    #[inline]
    fn add_row(&self, f: u32, acc: &mut [i32; T]) {
        let base = f as usize * T;
        if let Some(row) = self.get(base..base + T) {
            for (x, w) in acc.iter_mut().zip(row) {
                *x += *w;
            }
        }
    }
}

/// Weights stored per row in [`SparseRows`]: tags other than O. The O weight of every row is
/// folded into the others (subtracting the same amount from every tag of a token changes no
/// decision), which makes a row 16 `i16`s, half a cache line.
pub(crate) const ROW: usize = T - 1;

/// Non-zero rows only, found through a bitmap of present buckets and a rank index: the
/// shipped model's hot data is a few MB, so lookups mostly hit the cache.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SparseRows {
    /// Bit `f` set when bucket `f` has a row.
    pub present: Vec<u64>,
    /// Per 64-bucket word: the word of `present` and the number of present buckets before it,
    /// side by side so that a lookup touches one cache line (derived by `build_rank`).
    pub rank: Vec<(u64, u32)>,
    /// [`ROW`] weights per present bucket, in bucket order.
    pub rows: Vec<i16>,
}

impl SparseRows {
    /// Builds from a dense table ([`ROW`] weights per bucket), keeping non-zero rows.
    pub fn from_dense(table: &[i16]) -> Self {
        let buckets = table.len() / ROW;
        let mut s = SparseRows {
            present: vec![0; buckets.div_ceil(64)],
            rank: Vec::with_capacity(buckets.div_ceil(64)),
            rows: Vec::new(),
        };
        for (b, row) in table.chunks_exact(ROW).enumerate() {
            if row.iter().any(|&w| w != 0) {
                s.present[b / 64] |= 1 << (b % 64);
                s.rows.extend_from_slice(row);
            }
        }
        s.build_rank();
        s
    }

    /// Fills `rank` from `present`.
    pub fn build_rank(&mut self) {
        self.rank.clear();
        let mut n = 0u32;
        for &w in &self.present {
            self.rank.push((w, n));
            n += w.count_ones();
        }
    }

    /// Present buckets in increasing order.
    pub fn buckets(&self) -> impl Iterator<Item = usize> + '_ {
        self.present.iter().enumerate().flat_map(|(k, &w)| {
            (0..64)
                .filter(move |b| w & (1u64 << b) != 0)
                .map(move |b| k * 64 + b)
        })
    }
}

impl SparseRows {
    /// Row index of bucket `f`, `None` when it has no row.
    #[inline]
    fn index(&self, f: u32) -> Option<usize> {
        let bit = 1u64 << (f & 63);
        let &(word, rank) = self.rank.get((f >> 6) as usize)?;
        if word & bit == 0 {
            return None;
        }
        Some(rank as usize + (word & (bit - 1)).count_ones() as usize)
    }
}

impl Rows for SparseRows {
    /// Finds all row indices first, then sums the rows: the row loads do not wait on each
    /// other's index computation, so their cache misses overlap.
    #[inline]
    fn add_rows(&self, feats: &[u32], acc: &mut [i32; T]) {
        let mut idx = [0u32; 32];
        for chunk in feats.chunks(idx.len()) {
            let mut n = 0;
            for &f in chunk {
                if let Some(r) = self.index(f) {
                    idx[n] = r as u32;
                    n += 1;
                }
            }
            let mut sum = [0i32; ROW];
            for &r in &idx[..n] {
                let r = r as usize;
                if let Some(row) = self.rows.get(r * ROW..r * ROW + ROW) {
                    for (x, w) in sum.iter_mut().zip(row) {
                        *x += i32::from(*w);
                    }
                }
            }
            for (x, s) in acc[1..].iter_mut().zip(sum) {
                *x += s;
            }
        }
    }

    #[inline]
    fn add_row(&self, f: u32, acc: &mut [i32; T]) {
        let Some(r) = self.index(f) else {
            return;
        };
        if let Some(row) = self.rows.get(r * ROW..r * ROW + ROW) {
            for (x, w) in acc[1..].iter_mut().zip(row) {
                *x += i32::from(*w);
            }
        }
    }
}

/// Adds the weight rows of the features of tokens `a..b` to `em` (`(b - a) * T` scores).
/// Buckets without a row are ignored.
#[inline]
pub(crate) fn add_emissions<R: Rows + ?Sized>(
    table: &R,
    feats: &[u32],
    offs: &[u32],
    a: usize,
    b: usize,
    em: &mut [i32],
) {
    for (i, row_out) in (a..b).zip(em.chunks_exact_mut(T)) {
        let (Some(&lo), Some(&hi)) = (offs.get(i), offs.get(i + 1)) else {
            continue;
        };
        let Some(fs) = feats.get(lo as usize..hi as usize) else {
            continue;
        };
        let mut acc = [0i32; T];
        table.add_rows(fs, &mut acc);
        for (o, x) in row_out.iter_mut().zip(acc) {
            *o += x;
        }
    }
}

const fn pos_of(t: usize) -> (usize, usize) {
    ((t - 1) / 4, (t - 1) % 4)
}

/// Whether tag `next` may follow tag `prev` in a BILOU sequence.
#[cfg(test)]
pub(crate) const fn allowed(prev: usize, next: usize) -> bool {
    let prev_open = prev != 0 && (pos_of(prev).1 == B || pos_of(prev).1 == I);
    if next == 0 {
        return !prev_open;
    }
    let (nl, np) = pos_of(next);
    if np == B || np == U {
        !prev_open
    } else {
        prev_open && pos_of(prev).0 == nl
    }
}

/// Whether a sentence may start with tag `t`.
pub(crate) const fn start_ok(t: usize) -> bool {
    t == 0 || pos_of(t).1 == B || pos_of(t).1 == U
}

/// Whether a sentence may end with tag `t`.
pub(crate) const fn end_ok(t: usize) -> bool {
    t == 0 || pos_of(t).1 == L || pos_of(t).1 == U
}

/// Score of a forbidden transition: low enough never to win against a valid path (path scores
/// stay within +-2^28: at most 400 tokens a sentence, weights quantized to +-8000 and under
/// 70 features a token), high enough that adding two never overflows i32.
pub(crate) const NEG: i32 = -(1 << 29);

/// Transition scores: `trans[prev * T + next]`, plus sentence start and end scores.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transitions {
    pub trans: Vec<i32>,
    pub start: Vec<i32>,
    pub end: Vec<i32>,
}

impl Transitions {
    pub fn zeros() -> Self {
        Transitions {
            trans: vec![0; T * T],
            start: vec![0; T],
            end: vec![0; T],
        }
    }
}

/// Tags that close an entity or are outside one (O, L-x, U-x): the only ones that may precede
/// O, B-x and U-x.
const CLOSED: [usize; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// Tags that may start after a closed tag (O, B-x, U-x).
const OPENING: [usize; 9] = [0, 1, 4, 5, 8, 9, 12, 13, 16];

/// Best valid BILOU sequence for the emission scores `em` (`n * T`), written to `out` (`n`).
/// `back` is scratch space for the back-pointers. Only allowed transitions are scored (O, B-x
/// and U-x follow a closed tag; I-x and L-x follow B-x or I-x); among equal scores the first
/// predecessor in tag order wins.
///
/// Over 80 lines on purpose: the dynamic programme (forward pass over the allowed transitions, then
/// the backtrace) is one algorithm over shared buffers.
#[allow(clippy::needless_range_loop)] // indices address several parallel arrays
pub(crate) fn viterbi(em: &[i32], tr: &Transitions, back: &mut Vec<u8>, out: &mut [u8]) {
    let n = out.len().min(em.len() / T);
    if n == 0 || tr.trans.len() != T * T || tr.start.len() != T || tr.end.len() != T {
        return;
    }
    back.clear();
    back.resize(n * T, 0);
    let mut prev = [0i32; T];
    for t in 0..T {
        prev[t] = if start_ok(t) {
            tr.start[t] + em[t]
        } else {
            NEG + em[t]
        };
    }
    // Compact transition table, closed -> opening tags, one row per closed predecessor and one
    // lane per opening tag (padded to 12 lanes with NEG): the max over predecessors and its
    // argument are then a few whole-row, branch-free vector operations.
    const LANES: usize = 12;
    let mut co = [[NEG; LANES]; 9];
    for (pi, &p) in CLOSED.iter().enumerate() {
        for (ti, &t) in OPENING.iter().enumerate() {
            co[pi][ti] = tr.trans[p * T + t];
        }
    }
    let mut cont = [[0i32; 4]; 4]; // per label: [B->I, I->I, B->L, I->L]
    for (l, c) in cont.iter_mut().enumerate() {
        let (b, ii, ll) = (1 + 4 * l + B, 1 + 4 * l + I, 1 + 4 * l + L);
        *c = [
            tr.trans[b * T + ii],
            tr.trans[ii * T + ii],
            tr.trans[b * T + ll],
            tr.trans[ii * T + ll],
        ];
    }
    let mut cur = [0i32; T];
    for i in 1..n {
        let em_i = &em[i * T..i * T + T];
        let bp = &mut back[i * T..i * T + T];
        // Scores stay within +-2^30 (see NEG), so no sum below overflows.
        let mut best = co[0];
        let mut arg = [CLOSED[0] as i32; LANES];
        let p0 = prev[CLOSED[0]];
        for b in best.iter_mut() {
            *b += p0;
        }
        for (row, &p) in co.iter().zip(&CLOSED).skip(1) {
            let pv = prev[p];
            for ((b, a), &w) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = pv + w;
                let better = s > *b;
                *b = if better { s } else { *b };
                *a = if better { p as i32 } else { *a };
            }
        }
        for (ti, &t) in OPENING.iter().enumerate() {
            cur[t] = best[ti] + em_i[t];
            bp[t] = arg[ti] as u8;
        }
        for (l, c) in cont.iter().enumerate() {
            let (b, ii, ll) = (1 + 4 * l + B, 1 + 4 * l + I, 1 + 4 * l + L);
            let (pb, pi) = (prev[b], prev[ii]);
            // From B-x unless I-x scores strictly higher.
            let pick = |from_b: i32, from_i: i32| {
                if from_i > from_b {
                    (from_i, ii)
                } else {
                    (from_b, b)
                }
            };
            let (s, from) = pick(pb + c[0], pi + c[1]);
            cur[ii] = s.max(NEG) + em_i[ii];
            bp[ii] = from as u8;
            let (s, from) = pick(pb + c[2], pi + c[3]);
            cur[ll] = s.max(NEG) + em_i[ll];
            bp[ll] = from as u8;
        }
        prev = cur;
    }
    // Best end, then follow the back-pointers.
    let mut best = i32::MIN;
    let mut arg = 0usize;
    for t in 0..T {
        if end_ok(t) && prev[t] + tr.end[t] > best {
            best = prev[t] + tr.end[t];
            arg = t;
        }
    }
    out[n - 1] = arg as u8;
    for i in (1..n).rev() {
        arg = usize::from(back[i * T + arg]);
        out[i - 1] = arg as u8;
    }
}

/// Entity token ranges `(first, last_inclusive, label index)` in a tag sequence. Invalid
/// sequences (never produced by [`viterbi`]) are read leniently.
pub(crate) fn chunks(tags: &[u8], mut f: impl FnMut(usize, usize, usize)) {
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match untag(t) {
            None => open = None,
            Some((l, pos)) => match pos {
                U => {
                    open = None;
                    f(i, i, l);
                }
                B => open = Some((i, l)),
                I => {
                    if !matches!(open, Some((_, ol)) if ol == l) {
                        open = Some((i, l));
                    }
                }
                _ => {
                    let s = match open {
                        Some((s, ol)) if ol == l => s,
                        _ => i,
                    };
                    open = None;
                    f(s, i, l);
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tag;

    #[test]
    fn transitions_follow_bilou() {
        assert!(allowed(0, usize::from(tag(0, B))));
        assert!(!allowed(0, usize::from(tag(0, I))));
        assert!(allowed(usize::from(tag(1, B)), usize::from(tag(1, L))));
        assert!(!allowed(usize::from(tag(1, B)), usize::from(tag(2, L))));
        assert!(!allowed(usize::from(tag(1, I)), 0));
        assert!(start_ok(0) && !start_ok(usize::from(tag(0, L))));
        assert!(end_ok(usize::from(tag(3, U))) && !end_ok(usize::from(tag(3, B))));
    }

    #[test]
    fn viterbi_respects_constraints() {
        // Emissions favour I-PER everywhere, which is never valid on its own.
        let n = 3;
        let mut em = vec![0i32; n * T];
        for i in 0..n {
            em[i * T + usize::from(tag(0, I))] = 100;
            em[i * T + usize::from(tag(0, U))] = 10;
        }
        let tr = Transitions::zeros();
        let mut out = vec![0u8; n];
        viterbi(&em, &tr, &mut Vec::new(), &mut out);
        assert_eq!(out, vec![tag(0, B), tag(0, I), tag(0, L)]);
        let mut got = Vec::new();
        chunks(&out, |a, b, l| got.push((a, b, l)));
        assert_eq!(got, vec![(0, 2, 0)]);
    }
}
