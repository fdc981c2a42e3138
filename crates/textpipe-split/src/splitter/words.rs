//! Reading the words around a candidate: the token before a mark and what kind it is
//! (abbreviation, initial, acronym, word), the first word after it, word counts and list
//! markers.

use super::bytes::*;
use super::scan::*;
use super::*;

impl Scan<'_, '_> {
    /// The token before byte `end`: (raw start after whitespace, start after opening
    /// quotes/brackets/bullets). `None` when longer than [`MAX_TOKEN`].
    pub(super) fn token_before(&self, end: usize) -> Option<(usize, usize)> {
        let b = self.b;
        let floor = end.saturating_sub(MAX_TOKEN);
        let lo = floor.max(self.sent_start.min(end));
        let mut p = end;
        while p > lo && !is_ws(b[p - 1]) {
            p -= 1;
        }
        if p == floor && p > self.sent_start && !is_ws(b[p - 1]) {
            return None;
        }
        let raw = p;
        loop {
            let l = opener_len(&b[p..end])
                .0
                .max(bullet_len(&b[p..end]))
                .max(usize::from(
                    p < end && b[p] == b'-' && end - p > 1 && b[p + 1] != b'-',
                ));
            if l == 0 || p + l > end {
                break;
            }
            p += l;
        }
        Some((raw, p))
    }

    /// Classifies the token `tok` before a period.
    pub(super) fn classify(&self, tok: &[u8]) -> Tok {
        if tok.is_empty() {
            return Tok::Empty;
        }
        let cap = tok[0].is_ascii_uppercase();
        let mut buf = [0u8; 16];
        if let Some(len) = lower_buf(tok, &mut buf) {
            let lower = &buf[..len];
            if let Some(c) = abbrev::lookup(lower, cap) {
                return Tok::Abbrev(c);
            }
            if self.sp.is_extra(lower) {
                return Tok::Abbrev(AbbrevClass::MayEnd);
            }
            // "Maj.-Gen", "ex-Gov": the part after the last hyphen.
            if let Some(h) = lower.iter().rposition(|&c| c == b'-') {
                let part = &lower[h + 1..];
                let pcap = tok.get(h + 1).is_some_and(u8::is_ascii_uppercase);
                if let Some(AbbrevClass::Title) = abbrev::lookup(part, pcap) {
                    return Tok::Abbrev(AbbrevClass::Title);
                }
            }
        }
        if tok.len() == 1 {
            if tok[0].is_ascii_uppercase() {
                return Tok::Initial;
            }
            if tok[0].is_ascii_lowercase() {
                return Tok::Acronym;
            }
            return Tok::Word;
        }
        // Letters and dots with short segments: U.S, e.g, Ph.D, a.k.a.
        if tok.contains(&b'.')
            && tok.len() <= 12
            && tok.split(|&c| c == b'.').all(|seg| {
                !seg.is_empty() && seg.len() <= 2 && seg.iter().all(u8::is_ascii_alphabetic)
            })
        {
            return Tok::Acronym;
        }
        Tok::Word
    }

    /// Reads the first word at `k` (after whitespace), skipping opening quotes and brackets.
    pub(super) fn next_word(&self, mut k: usize) -> Next {
        let b = self.b;
        let mut next = Next::default();
        for _ in 0..4 {
            let (l, quote) = opener_len(&b[k..]);
            if l == 0 {
                break;
            }
            if quote {
                next.quoted = true;
            } else {
                next.bracket = true;
            }
            k += l;
        }
        let Some(&c) = b.get(k) else {
            return next;
        };
        if c.is_ascii_lowercase() {
            // "eBay", "iPhone", "wikiHow": a name, not a lowercase continuation.
            let mut q = k + 1;
            let hi = (k + 16).min(b.len());
            let mut camel = false;
            while q < hi && b[q].is_ascii_alphabetic() {
                camel |= b[q].is_ascii_uppercase();
                q += 1;
            }
            if camel {
                next.upper = true;
            } else {
                next.lower = true;
                // Informal text starts sentences in lowercase: "thanks. i will call".
                let w = &b[k..q];
                let apostrophe_or_end = !matches!(b.get(q), Some(c) if c.is_ascii_alphanumeric());
                next.lower_starter = apostrophe_or_end && abbrev::is_lower_starter(w);
            }
        } else if c.is_ascii_uppercase() {
            next.upper = true;
            let mut buf = [0u8; 16];
            let mut len = 0;
            let mut q = k;
            while q < b.len() && b[q].is_ascii_alphabetic() && len < buf.len() {
                buf[len] = b[q].to_ascii_lowercase();
                len += 1;
                q += 1;
            }
            let whole = q >= b.len() || !b[q].is_ascii_alphabetic();
            if whole {
                let w = &buf[..len];
                next.starter = abbrev::is_starter(w);
                next.is_i = w == b"i";
                next.time_follower = abbrev::is_time_follower(w);
            }
        } else if c.is_ascii_digit() || matches!(c, b'$' | b'#') {
            next.digit = true;
        } else if c >= 0x80 {
            if let Some(ch) = self.text.get(k..).and_then(|s| s.chars().next()) {
                if ch.is_lowercase() {
                    next.lower = true;
                } else if ch.is_alphabetic() {
                    next.upper = true;
                } else if matches!(ch, '£' | '€' | '¥') {
                    next.digit = true;
                }
            }
        }
        next
    }

    /// Counts whitespace-separated words between the sentence start and `p`, up to `cap`.
    pub(super) fn words_before(&self, p: usize, cap: usize) -> usize {
        let b = self.b;
        let mut count = 0;
        let mut q = p;
        let mut in_word = false;
        let lo = self.sent_start.max(p.saturating_sub(100));
        while q > lo {
            q -= 1;
            if is_ws(b[q]) {
                if in_word {
                    count += 1;
                    if count >= cap {
                        return count;
                    }
                }
                in_word = false;
            } else {
                in_word = true;
            }
        }
        count + usize::from(in_word)
    }

    /// A list marker token `[ts, te)` ending in `.` or `)`: records it at a sentence start,
    /// or cuts before it when it continues the current list. Returns true when it was a marker.
    pub(super) fn list_marker(
        &mut self,
        raw: usize,
        ts: usize,
        te: usize,
        kind_num: ListKind,
        kind_alpha: ListKind,
    ) -> bool {
        let tok = &self.b[ts..te];
        let Some((numeric, value)) = marker_value(tok) else {
            if self.at_sentence_start(ts) && is_roman(tok) {
                return true;
            }
            return false;
        };
        let kind = if numeric { kind_num } else { kind_alpha };
        if self.at_sentence_start(ts) {
            if numeric || value <= 26 {
                self.list = Some((kind, value));
                return true;
            }
            return false;
        }
        if let Some((k, v)) = self.list {
            if k == kind && value == v + 1 {
                self.cut(raw);
                self.list = Some((kind, value));
                return true;
            }
        }
        false
    }
}
