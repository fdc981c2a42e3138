//! Spare buffers kept per thread, so that the large per-document vectors (term lists, sentence
//! vectors, postings, the similarity matrix) are reused instead of allocated and freed for
//! every document. Buffers are returned cleared; contents never carry over.

use std::cell::RefCell;

/// A buffer above this many elements is dropped rather than kept, which bounds what one huge
/// document leaves behind in a thread.
const KEEP_AT_MOST: usize = 1 << 20;

/// One spare buffer of each kind.
#[derive(Default)]
pub(crate) struct Pool {
    /// Term lists of the analysis.
    pub terms: Vec<(u32, u32)>,
    /// Sentence bounds of the analysis.
    pub bounds: Vec<usize>,
    /// Weights of the sentence vectors.
    pub weights: Vec<(u32, f32)>,
    /// Sentence bounds of the vectors.
    pub vector_bounds: Vec<usize>,
    /// Postings entries.
    pub entries: Vec<(u32, f32)>,
    /// Postings list starts.
    pub starts: Vec<usize>,
    /// The core similarity matrix.
    pub sim: Vec<f32>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// An empty buffer: the spare one of this kind when there is one, else a new one.
pub(crate) fn take<T>(slot: fn(&mut Pool) -> &mut Vec<T>) -> Vec<T> {
    let mut v = POOL
        .try_with(|p| p.try_borrow_mut().map(|mut p| std::mem::take(slot(&mut p))))
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    v.clear();
    v
}

/// Hands a buffer back for the next document of this thread.
pub(crate) fn give<T>(slot: fn(&mut Pool) -> &mut Vec<T>, v: Vec<T>) {
    if v.capacity() > KEEP_AT_MOST {
        return;
    }
    // Without thread-local storage (thread teardown) the buffer is simply dropped.
    let _ = POOL.try_with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            *slot(&mut p) = v;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_come_back_empty_with_their_capacity() {
        let mut v = take(|p| &mut p.sim);
        v.extend([1.0, 2.0, 3.0]);
        let cap = v.capacity();
        give(|p| &mut p.sim, v);
        let again = take(|p| &mut p.sim);
        assert!(again.is_empty());
        assert_eq!(again.capacity(), cap);
        assert!(take(|p| &mut p.sim).is_empty(), "taken: a new one");
    }

    #[test]
    fn huge_buffers_are_not_kept() {
        give(|p| &mut p.starts, Vec::with_capacity(KEEP_AT_MOST + 1));
        assert!(take(|p| &mut p.starts).capacity() <= KEEP_AT_MOST);
    }
}
