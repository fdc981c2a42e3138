//! Rules for a terminal mark (`. ? ! … 。`): the cluster of marks, closing quotes and
//! brackets, citations, attributions and speech, and the decision whether a sentence ends.

use super::bytes::*;
use super::scan::*;
use super::*;

/// What is known about a terminal mark once its cluster and closers are read.
#[derive(Clone, Copy)]
struct Terminal {
    /// Byte of the first mark.
    i: usize,
    /// One past the last mark of the cluster.
    cluster_end: usize,
    /// Dots in the cluster (an ellipsis char counts three).
    dots: usize,
    /// A `?` or `!` (or their full-width forms) is in the cluster.
    strong: bool,
    /// A CJK full stop is in the cluster.
    cjk: bool,
    /// Closing quotes and brackets after the cluster.
    closers: usize,
    /// One of them is a quotation mark.
    quote_closer: bool,
}

impl Scan<'_, '_> {
    /// A terminal mark at `i`: reads the marks, closers and citations after it, the token
    /// before and the word after, and cuts the sentence when the rules say it ends here.
    /// Returns where the scan goes on.
    pub(super) fn on_terminal(&mut self, i: usize) -> usize {
        let b = self.b;
        let n = b.len();
        let t = self.read_marks(i);
        let cluster_end = t.cluster_end;
        let (dots, strong, cjk) = (t.dots, t.strong, t.cjk);
        let closer_first = closer_len(&b[cluster_end..]);
        let (j, closers) = self.closers_after(cluster_end);
        let quote_closer = b[cluster_end..j]
            .iter()
            .any(|c| matches!(c, b'"' | b'\'' | 0x9D | 0x99 | 0xBB));
        let end = self.citations_after(j);
        if end >= n {
            return n;
        }
        if cjk {
            self.cut(end);
            return end;
        }
        let mut k = end;
        while k < n && is_ws(b[k]) {
            k += 1;
        }
        if k >= n {
            return end;
        }
        let spaced = k > end;

        // The token before the mark.
        let tok_range = self.token_before(i);
        if dots == 1 && !strong {
            if let Some((raw, ts)) = tok_range {
                if spaced || closer_first > 0 {
                    let (kn, ka) = if b.get(cluster_end) == Some(&b')') {
                        (ListKind::NumDotParen, ListKind::AlphaParen)
                    } else {
                        (ListKind::NumDot, ListKind::AlphaDot)
                    };
                    if spaced && self.list_marker(raw, ts, i, kn, ka) {
                        return end;
                    }
                }
            }
        }
        let tok = match tok_range {
            Some((_, ts)) => self.classify(&b[ts..i]),
            None => Tok::Word,
        };
        // "Figure 2. Original and mutant": a caption label, not a sentence.
        if let (Some((raw, ts)), true) = (tok_range, dots == 1 && !strong) {
            if b[ts..i].iter().all(u8::is_ascii_digit) && self.caption_label_before(raw) {
                return end;
            }
        }

        if !spaced {
            if self.no_space_break(i, tok_range.map(|r| r.1), k, dots, strong, closers) {
                self.cut(end);
            }
            return end;
        }
        let next = self.next_word(k);
        // `"... a long game." - Matthew Ingram`: an attribution after a quotation.
        if quote_closer && self.attribution_at(k) {
            return end;
        }
        let t = Terminal {
            closers,
            quote_closer,
            ..t
        };
        if self.ends_before_word(&t, tok, tok_range, &next, k) {
            self.cut(end);
        }
        end
    }

    /// The cluster of marks starting at `i` (`?!`, `...`, `. . .`, `。`).
    #[inline]
    fn read_marks(&self, i: usize) -> Terminal {
        let b = self.b;
        let n = b.len();
        let mut j = i;
        let mut dots = 0usize;
        let mut strong = false;
        let mut cjk = false;
        loop {
            if let Some((l, m)) = terminal_len(&b[j..]) {
                match m {
                    Mark::Dot => dots += 1,
                    Mark::Ellipsis => dots += 3,
                    Mark::Strong => strong = true,
                    Mark::Cjk => cjk = true,
                }
                j += l;
            } else if dots > 0
                && !strong
                && j + 1 < n
                && b[j] == b' '
                && b[j + 1] == b'.'
                && (j + 2 == n
                    || matches!(b[j + 2], b' ' | b'.' | b'\n')
                    || closer_len(&b[j + 2..]) > 0)
            {
                j += 1; // spaced ellipsis ". . ."
            } else {
                break;
            }
        }
        Terminal {
            i,
            cluster_end: j,
            dots,
            strong,
            cjk,
            closers: 0,
            quote_closer: false,
        }
    }

    /// Closing quotes and brackets from `j`, and citation marks like "[12]": where they end
    /// and how many closers there were.
    #[inline]
    fn closers_after(&self, mut j: usize) -> (usize, usize) {
        let b = self.b;
        let n = b.len();
        let mut closers = 0;
        loop {
            let l = closer_len(&b[j..]);
            if l > 0 {
                j += l;
                closers += 1;
                continue;
            }
            if b.get(j) == Some(&b'[') {
                let mut q = j + 1;
                while q < n && q < j + 5 && b[q].is_ascii_digit() {
                    q += 1;
                }
                if q > j + 1 && b.get(q) == Some(&b']') {
                    j = q + 1;
                    continue;
                }
            }
            break;
        }
        (j, closers)
    }

    /// Whether a spaced terminal mark `t` ends the sentence before the word `next` at `k`,
    /// given the token before the mark (`tok`, its range `tok_range`).
    #[inline]
    fn ends_before_word(
        &self,
        t: &Terminal,
        tok: Tok,
        tok_range: Option<(usize, usize)>,
        next: &Next,
        k: usize,
    ) -> bool {
        let b = self.b;
        let Terminal {
            i,
            dots,
            strong,
            closers,
            quote_closer,
            ..
        } = *t;
        let bang_lower =
            next.lower && next.lower_starter && b[i] == b'!' && !quote_closer && closers == 0;
        if next.lower && !bang_lower {
            // "... at the bar. (credit: Ken Thomas)": an aside in brackets after a plain word.
            let aside = next.bracket && !next.quoted && dots == 1 && !strong;
            // "great place. the staff was kind": a plain word, then a lowercase opener.
            let informal = next.lower_starter
                && !next.bracket
                && !next.quoted
                && closers == 0
                && (dots == 1 || (strong && b[i] == b'?'))
                && tok_range.is_some_and(|(_, ts)| plain_lowercase_word(&b[ts..i]));
            (aside && matches!(tok, Tok::Word))
                || (informal && (strong || matches!(tok, Tok::Word)))
        } else if (strong || dots >= 3) && quote_closer && next.upper && self.speech_follows(k) {
            false
        } else if strong {
            let exclaim = b[i] == b'!'
                && tok_range.is_some_and(|(_, ts)| {
                    let mut buf = [0u8; 16];
                    lower_buf(&b[ts..i], &mut buf)
                        .is_some_and(|len| abbrev::is_exclaim_name(&buf[..len]))
                });
            !exclaim || next.starter
        } else if dots >= 4 {
            true
        } else if dots == 3 {
            next.starter && !next.is_i
        } else {
            match tok {
                Tok::Abbrev(AbbrevClass::Title) => false,
                Tok::Abbrev(AbbrevClass::BeforeNumber) => !next.digit,
                Tok::Abbrev(AbbrevClass::Time) => {
                    if next.digit || !next.upper {
                        false
                    } else if next.starter {
                        true
                    } else if next.time_follower {
                        false
                    } else {
                        self.words_before(tok_range.map_or(i, |r| r.0), 4) >= 4
                    }
                }
                Tok::Abbrev(AbbrevClass::MayEnd) | Tok::Initial | Tok::Acronym => next.starter,
                Tok::Empty | Tok::Word => true,
            }
        }
    }

    /// Extends a sentence end at `j` over citation marks after a space: "[3]", "[4] [5]",
    /// "[1].", or a bare footnote number before a capital ("fee. 8 Yet").
    pub(super) fn citations_after(&self, j: usize) -> usize {
        let b = self.b;
        let n = b.len();
        let mut end = j;
        loop {
            let mut q = end;
            while q < n && matches!(b[q], b' ' | b'\t') {
                q += 1;
            }
            if q == end || q >= n {
                return end;
            }
            let digits = |from: usize| {
                let mut r = from;
                while r < n && r < from + 3 && b[r].is_ascii_digit() {
                    r += 1;
                }
                r
            };
            // ":)" after the mark belongs to the sentence.
            let emo = match &b[q..] {
                [b':' | b';', b')' | b'(' | b'D' | b'P', ..] => 2,
                [b':' | b';', b'-', b')' | b'(' | b'D' | b'P', ..] => 3,
                _ => 0,
            };
            if emo > 0 && !matches!(b.get(q + emo), Some(c) if !is_ws(*c)) {
                end = q + emo;
                continue;
            }
            if b[q] == b'[' {
                let r = digits(q + 1);
                // "[citation needed]": a short bracket of lowercase words.
                let mut w = q + 1;
                while w < n && w < q + 32 && (b[w].is_ascii_lowercase() || b[w] == b' ') {
                    w += 1;
                }
                if w > q + 4 && b.get(w) == Some(&b']') {
                    end = w + 1;
                    continue;
                }
                if r > q + 1 && b.get(r) == Some(&b']') {
                    end = r + 1;
                    if b.get(end) == Some(&b'.') {
                        end += 1;
                    }
                    continue;
                }
                return end;
            }
            let r = digits(q);
            if r > q
                && r - q <= 2
                && b.get(r) == Some(&b' ')
                && b.get(r + 1).is_some_and(u8::is_ascii_uppercase)
                && b.get(r + 2).is_some_and(u8::is_ascii_lowercase)
            {
                return r;
            }
            return end;
        }
    }

    /// True when the sentence so far, before `raw`, is just "Figure" or "Table".
    pub(super) fn caption_label_before(&self, raw: usize) -> bool {
        let Some(before) = self.text.get(self.sent_start..raw) else {
            return false;
        };
        matches!(before.trim(), "Figure" | "Table" | "Fig." | "Chart" | "Map")
    }

    /// True when a dash and a capitalized name start at `k` ("- Matthew Ingram", "— Rick
    /// Santorum") and the line or paragraph ends within a few words.
    pub(super) fn attribution_at(&self, k: usize) -> bool {
        let b = self.b;
        let l = match &b[k..] {
            [b'-', b' ', ..] => 1,
            [b'-', b'-', b' ', ..] => 2,
            [0xE2, 0x80, 0x93 | 0x94, b' ', ..] => 3,
            _ => 0,
        };
        if l == 0 || !b.get(k + l + 1).is_some_and(u8::is_ascii_uppercase) {
            return false;
        }
        // The name: at most five words up to the end of the line or text.
        let hi = (k + l + 80).min(b.len());
        let rest = &b[k + l + 1..hi];
        let line_end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        if line_end == rest.len() && hi < b.len() {
            return false;
        }
        let name = &rest[..line_end];
        name.split(|&c| c == b' ').filter(|w| !w.is_empty()).count() <= 5
            && !name.iter().any(|c| matches!(c, b'.' | b'?' | b'!'))
    }

    /// True when the words at `k` are a speaker and a verb of saying: "Mom asked",
    /// "I say", "Aunt May said".
    pub(super) fn speech_follows(&self, k: usize) -> bool {
        let b = self.b;
        let word = |from: usize| {
            let mut r = from;
            while r < b.len() && r < from + 20 && (b[r].is_ascii_alphabetic() || b[r] == b'\'') {
                r += 1;
            }
            r
        };
        let mut p = k;
        for _ in 0..2 {
            let e = word(p);
            if e == p || !b[p].is_ascii_uppercase() || b.get(e) != Some(&b' ') {
                return false;
            }
            let q = e + 1;
            let e2 = word(q);
            let mut buf = [0u8; 16];
            if let Some(len) = lower_buf(&b[q..e2], &mut buf) {
                if abbrev::is_speech_verb(&buf[..len]) {
                    return true;
                }
            }
            p = q;
        }
        false
    }

    /// Decides a mark followed directly by a non-space ("world.Today", "Jane.Doe@x.com").
    pub(super) fn no_space_break(
        &self,
        i: usize,
        ts: Option<usize>,
        k: usize,
        dots: usize,
        strong: bool,
        closers: usize,
    ) -> bool {
        let b = self.b;
        // Next: an uppercase letter then a lowercase one, in a token without URL marks.
        if !(b[k].is_ascii_uppercase() && b.get(k + 1).is_some_and(u8::is_ascii_lowercase)) {
            return false;
        }
        let hi = (k + MAX_TOKEN).min(b.len());
        let mut q = k;
        while q < hi && !is_ws(b[q]) {
            match b[q] {
                b'@' | b'/' | b':' | b'\\' | b'=' | b'_' => return false,
                b'.' if b.get(q + 1).is_some_and(u8::is_ascii_alphanumeric) => return false,
                _ => {}
            }
            q += 1;
        }
        if strong || dots >= 4 {
            return true;
        }
        if dots == 3 {
            return false;
        }
        let Some(ts) = ts else {
            return false;
        };
        let tok = &b[ts..i];
        if closers > 0 {
            return tok.len() >= 2;
        }
        // Before: a word of two or more letters, or a number, with no URL marks or dots.
        if tok.len() < 2
            || tok
                .iter()
                .any(|c| matches!(c, b'@' | b'/' | b':' | b'.' | b'\\' | b'=' | b'_'))
        {
            return false;
        }
        if !matches!(self.classify(tok), Tok::Word) {
            return false;
        }
        tok.iter()
            .all(|c| c.is_ascii_alphabetic() || *c == b'\'' || *c == b'-')
            || tok.iter().all(|c| c.is_ascii_digit() || *c == b',')
    }
}
