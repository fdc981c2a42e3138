//! The scan state and its driver: one pass over the bytes that finds candidate boundaries
//! (four cached `memchr` searches), hands each to its rule (`terminal`, `lines`) and cuts and
//! pushes the sentences (length limits, minimum-length merges).

use super::bytes::*;
use super::*;

/// The next match of one candidate search, cached until the scan passes it.
pub(super) struct Cache {
    pub(super) at: usize,
    pub(super) fresh: bool,
}

impl Cache {
    pub(super) fn new() -> Self {
        Cache {
            at: 0,
            fresh: false,
        }
    }

    /// The next match at or after `i` (`usize::MAX` when none), searching only when the
    /// cached one is behind `i`.
    #[inline]
    pub(super) fn next(&mut self, i: usize, search: impl FnOnce() -> Option<usize>) -> usize {
        if !self.fresh || (self.at < i) {
            self.at = search().map_or(usize::MAX, |x| i + x);
            self.fresh = true;
        }
        self.at
    }
}

/// Kinds of list markers, so that "1." continues "1." lists and "a)" continues "a)" lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    NumDot,
    NumDotParen,
    NumParen,
    AlphaDot,
    AlphaParen,
}

/// What kind of token stands before a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// Nothing (the period follows a space).
    Empty,
    /// A known abbreviation.
    Abbrev(AbbrevClass),
    /// One uppercase letter (an initial).
    Initial,
    /// One lowercase letter, or letters and dots (U.S, e.g, Ph.D): an acronym.
    Acronym,
    /// Anything else: a word, a number, a URL.
    Word,
}

/// The first word after a candidate.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Next {
    /// Starts with a lowercase letter.
    pub(super) lower: bool,
    /// Starts with an uppercase letter (or a letter without case).
    pub(super) upper: bool,
    /// Starts with a digit or a currency sign.
    pub(super) digit: bool,
    /// Opening quotes were skipped before the word.
    pub(super) quoted: bool,
    /// Opening brackets were skipped before the word.
    pub(super) bracket: bool,
    /// The word usually opens a sentence.
    pub(super) starter: bool,
    /// The word is the pronoun "I".
    pub(super) is_i: bool,
    /// The word is a weekday or a time zone.
    pub(super) time_follower: bool,
    /// A lowercase word that opens sentences in informal text ("i", "the", "we").
    pub(super) lower_starter: bool,
}

pub(super) struct Scan<'a, 'o> {
    pub(super) text: &'a str,
    pub(super) b: &'a [u8],
    pub(super) sp: &'a Splitter,
    pub(super) out: &'o mut Vec<Span>,
    /// Where the current sentence starts (byte).
    pub(super) sent_start: usize,
    /// Where the current line starts.
    pub(super) line_start: usize,
    /// Index in `out` of the first sentence of the current paragraph (for min-length merges).
    pub(super) para_first: usize,
    /// The last list marker seen in this paragraph.
    pub(super) list: Option<(ListKind, u32)>,
    /// Boundaries found ahead of the scan (a dateline, a figure label), ascending.
    pub(super) forced: Vec<usize>,
}

impl Scan<'_, '_> {
    pub(super) fn run(&mut self) {
        let b = self.b;
        let n = b.len();
        self.find_dateline();
        self.find_caption(0);
        // Four memchr searches (SIMD inside the memchr crate) find the candidates; each
        // cache holds the next match at or after `i`, and is refreshed only once passed.
        let mut caches = [Cache::new(), Cache::new(), Cache::new(), Cache::new()];
        let mut i = 0;
        loop {
            let c0 = caches[0].next(i, || memchr::memchr3(b'.', b'?', b'!', &b[i..]));
            let c1 = caches[1].next(i, || memchr::memchr(b'\n', &b[i..]));
            let c2 = caches[2].next(i, || memchr::memchr3(b')', b'-', 0xE2, &b[i..]));
            let c3 = caches[3].next(i, || memchr::memchr2(0xE3, 0xEF, &b[i..]));
            i = c0.min(c1).min(c2).min(c3);
            if i >= n {
                break;
            }
            while let Some(&f) = self.forced.first() {
                if f > i {
                    break;
                }
                self.forced.remove(0);
                self.cut(f);
            }
            i = match b[i] {
                b'\n' => self.on_newline(i),
                b')' => self.on_paren(i),
                b'-' => self.on_dash(i),
                _ => {
                    if terminal_len(&b[i..]).is_some() {
                        self.on_terminal(i)
                    } else if bullet_len(&b[i..]) > 0 {
                        self.on_bullet(i)
                    } else if dash_len(&b[i..]) > 0 {
                        self.on_dash(i)
                    } else {
                        i + 1
                    }
                }
            };
        }
        for f in std::mem::take(&mut self.forced) {
            self.cut(f);
        }
        self.cut(n);
    }

    /// Ends the current sentence at `p` (exclusive) and starts the next one there.
    pub(super) fn cut(&mut self, p: usize) {
        if p <= self.sent_start || p > self.b.len() {
            return;
        }
        let (a, z) = (self.sent_start, p);
        self.sent_start = p;
        let Some(s) = self.text.get(a..z) else {
            return;
        };
        let t = s.trim_start();
        let a = a + (s.len() - t.len());
        let t = t.trim_end();
        if t.is_empty() {
            return;
        }
        let z = a + t.len();
        self.push(a, z);
    }

    /// Pushes a trimmed span, applying the length limits.
    pub(super) fn push(&mut self, mut a: usize, z: usize) {
        let max = self.sp.max_bytes;
        if max > 0 {
            while z - a > max {
                let cut = self.long_cut(a, a + max);
                let piece = self.text.get(a..cut).unwrap_or("").trim_end();
                if !piece.is_empty() {
                    self.out.push(Span::new(a, a + piece.len()));
                }
                let rest = self.text.get(cut..z).unwrap_or("");
                let t = rest.trim_start();
                a = cut + (rest.len() - t.len());
            }
        }
        if a >= z {
            return;
        }
        let min = self.sp.min_bytes;
        if min > 0 && z - a < min && self.out.len() > self.para_first {
            if let Some(last) = self.out.last_mut() {
                last.end = z;
                return;
            }
        }
        self.out.push(Span::new(a, z));
    }

    /// Where to cut a too-long sentence `[a, limit)`: after the last whitespace (a char
    /// boundary), else at the last char boundary before `limit`.
    pub(super) fn long_cut(&self, a: usize, limit: usize) -> usize {
        let b = self.b;
        let mut p = limit;
        while p > a + 1 {
            if is_ws(b[p - 1]) {
                return p;
            }
            p -= 1;
        }
        let mut p = limit;
        while p > a + 1 && !self.text.is_char_boundary(p) {
            p -= 1;
        }
        if p <= a {
            // A single char longer than the limit cannot happen (chars are at most 4 bytes
            // and a limit of less than 4 is rounded up here).
            let mut q = a + 1;
            while q < b.len() && !self.text.is_char_boundary(q) {
                q += 1;
            }
            return q;
        }
        p
    }

    /// True when only whitespace, bullets and opening brackets/quotes stand between the
    /// sentence start and `p`.
    pub(super) fn at_sentence_start(&self, p: usize) -> bool {
        if p < self.sent_start || p - self.sent_start > 24 {
            return false;
        }
        let b = self.b;
        let mut q = self.sent_start;
        while q < p {
            if is_ws(b[q]) || matches!(b[q], b'-' | b'*' | b'#' | b'>') {
                q += 1;
                continue;
            }
            let l = bullet_len(&b[q..]).max(opener_len(&b[q..]).0);
            if l == 0 {
                return false;
            }
            q += l;
        }
        true
    }
}
