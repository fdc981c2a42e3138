//! Scoring and Viterbi decoding over BILOU tags.

use crate::features::{untag, B, I, L, T, U};

/// A weight type the decoder can sum (i16 in shipped models, i32 while training).
pub(crate) trait Weight: Copy {
    /// The weight as i32.
    fn get(self) -> i32;
}

impl Weight for i16 {
    #[inline]
    fn get(self) -> i32 {
        i32::from(self)
    }
}

impl Weight for i32 {
    #[inline]
    fn get(self) -> i32 {
        self
    }
}

/// Adds the weight rows of the features of tokens `a..b` to `em` (`(b - a) * T` scores).
/// `table` holds `T` weights per bucket; buckets outside it are ignored.
#[inline]
pub(crate) fn add_emissions<W: Weight>(
    table: &[W],
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
        for &f in fs {
            let base = f as usize * T;
            if let Some(row) = table.get(base..base + T) {
                for (x, w) in acc.iter_mut().zip(row) {
                    *x += w.get();
                }
            }
        }
        for (o, x) in row_out.iter_mut().zip(acc) {
            *o += x;
        }
    }
}

const fn pos_of(t: usize) -> (usize, usize) {
    ((t - 1) / 4, (t - 1) % 4)
}

/// Whether tag `next` may follow tag `prev` in a BILOU sequence.
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

/// For each tag, the tags allowed before it (count, list).
const PREV: [(usize, [u8; T]); T] = {
    let mut out = [(0usize, [0u8; T]); T];
    let mut next = 0;
    while next < T {
        let mut n = 0;
        let mut prev = 0;
        while prev < T {
            if allowed(prev, next) {
                out[next].1[n] = prev as u8;
                n += 1;
            }
            prev += 1;
        }
        out[next].0 = n;
        next += 1;
    }
    out
};

const NEG: i64 = i64::MIN / 4;

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

/// Best valid BILOU sequence for the emission scores `em` (`n * T`), written to `out` (`n`).
/// `back` is scratch space.
pub(crate) fn viterbi(em: &[i32], tr: &Transitions, back: &mut Vec<u8>, out: &mut [u8]) {
    let n = out.len().min(em.len() / T);
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n * T, 0);
    let mut prev = [NEG; T];
    for t in 0..T {
        if start_ok(t) {
            prev[t] = i64::from(tr.start[t]) + i64::from(em[t]);
        }
    }
    for i in 1..n {
        let mut cur = [NEG; T];
        let em_i = &em[i * T..i * T + T];
        for t in 0..T {
            let (cnt, list) = &PREV[t];
            let mut best = NEG;
            let mut arg = 0u8;
            for &p in &list[..*cnt] {
                let s = prev[p as usize] + i64::from(tr.trans[p as usize * T + t]);
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            cur[t] = best + i64::from(em_i[t]);
            back[i * T + t] = arg;
        }
        prev = cur;
    }
    let mut best = NEG;
    let mut arg = 0usize;
    for t in 0..T {
        if end_ok(t) {
            let s = prev[t] + i64::from(tr.end[t]);
            if s > best {
                best = s;
                arg = t;
            }
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
