//! Rules for line structure: newlines (blank lines, list items, headings, short lines),
//! bullets, list-marker `)`, spaced dashes, datelines and figure captions found ahead of the
//! scan.

use super::bytes::*;
use super::scan::*;
use super::*;

impl Scan<'_, '_> {
    /// A spaced dash (" — ", " – ", " -- ") followed by a word that opens a sentence ends the
    /// sentence (interrupted speech: "I was gonna — First of all I didn't").
    pub(super) fn on_dash(&mut self, i: usize) -> usize {
        let b = self.b;
        let l = dash_len(&b[i..]);
        if l == 0 {
            return i + 1;
        }
        let end = i + l;
        if i == 0 || b[i - 1] != b' ' || b.get(end) != Some(&b' ') || self.at_sentence_start(i) {
            return end;
        }
        // "Taipei, Taiwan — The festival": a dateline, not an interruption.
        let dateline = i - self.sent_start.min(i) <= 60
            && self.text.get(self.sent_start..i).is_some_and(|before| {
                before
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .all(|w| w.is_empty() || w.starts_with(|c: char| c.is_uppercase()))
            });
        if dateline {
            return end;
        }
        let mut k = end;
        while k < b.len() && b[k] == b' ' {
            k += 1;
        }
        let next = self.next_word(k);
        if next.upper && next.starter && !next.is_i && !next.quoted && !next.bracket {
            self.cut(end);
        }
        end
    }

    /// A Wikinews-style dateline near the top ("... ants Tuesday, September 1, 2015 Wikinews
    /// interviewed ..."): a full date with the weekday is a sentence of its own.
    pub(super) fn find_dateline(&mut self) {
        let b = self.b;
        let hi = b.len().min(400);
        let mut p = 0;
        while p < hi {
            let Some(x) = memchr::memchr(b',', &b[p..hi]) else {
                break;
            };
            let comma = p + x;
            p = comma + 1;
            let ws = b[..comma]
                .iter()
                .rposition(|c| !c.is_ascii_alphabetic())
                .map_or(0, |q| q + 1);
            let mut buf = [0u8; 16];
            let Some(len) = lower_buf(&b[ws..comma], &mut buf) else {
                continue;
            };
            if !b[ws].is_ascii_uppercase() || !abbrev::is_weekday(&buf[..len]) {
                continue;
            }
            let Some(de) = date_after_weekday(b, comma + 1) else {
                continue;
            };
            // Before: text on the same paragraph that is not a preposition phrase.
            let mut q = ws;
            while q > 0 && matches!(b[q - 1], b' ' | b'\t') {
                q -= 1;
            }
            if q > 0 && b[q - 1] != b'\n' && q < ws {
                let wstart = b[..q]
                    .iter()
                    .rposition(|c| !c.is_ascii_alphabetic())
                    .map_or(0, |r| r + 1);
                if !matches!(
                    &b[wstart..q],
                    b"on"
                        | b"On"
                        | b"of"
                        | b"by"
                        | b"until"
                        | b"since"
                        | b"from"
                        | b"before"
                        | b"after"
                        | b"and"
                        | b"or"
                        | b"to"
                ) && !matches!(b[q - 1], b',' | b'(' | b'-')
                {
                    self.forced.push(ws);
                }
            }
            // After: more text on the same paragraph starting with a capital.
            let mut k = de;
            while k < b.len() && matches!(b[k], b' ' | b'\t') {
                k += 1;
            }
            if k > de && b.get(k).is_some_and(u8::is_ascii_uppercase) {
                self.forced.push(de);
            }
            break;
        }
    }

    /// A figure or table label opening a paragraph ("Figure 1.3 This map shows") is a
    /// sentence of its own.
    pub(super) fn find_caption(&mut self, j: usize) {
        let b = &self.b[j..];
        let rest = if let Some(r) = b.strip_prefix(b"Figure ") {
            r
        } else if let Some(r) = b.strip_prefix(b"Table ") {
            r
        } else {
            return;
        };
        let mut q = 0;
        while q < rest.len()
            && q < 8
            && (rest[q].is_ascii_digit()
                || (rest[q] == b'.' && q > 0 && rest.get(q + 1).is_some_and(u8::is_ascii_digit)))
        {
            q += 1;
        }
        if q == 0 || rest.get(q) != Some(&b' ') {
            return;
        }
        if rest
            .get(q + 1)
            .is_some_and(|c| c.is_ascii_uppercase() || *c == b'(')
        {
            let at = j + (b.len() - rest.len()) + q;
            if !matches!(self.forced.last(), Some(&l) if l >= at) {
                self.forced.push(at);
            }
        }
    }

    pub(super) fn on_paren(&mut self, i: usize) -> usize {
        let b = self.b;
        let end = i + 1;
        if end < b.len() && !is_ws(b[end]) {
            return end;
        }
        // An emoticon ends a sentence before a capital: "Great service :) Will be back".
        let emoticon = (i >= 1 && matches!(b[i - 1], b':' | b';'))
            || (i >= 2 && b[i - 1] == b'-' && matches!(b[i - 2], b':' | b';'));
        if emoticon {
            let start = if b[i - 1] == b'-' { i - 2 } else { i - 1 };
            if start == 0 || is_ws(b[start - 1]) {
                let mut k = end;
                while k < b.len() && is_ws(b[k]) {
                    k += 1;
                }
                let next = self.next_word(k);
                if next.upper || next.quoted {
                    self.cut(end);
                }
            }
            return end;
        }
        if let Some((raw, ts)) = self.token_before(i) {
            // "(a)" markers: the raw token includes the opening bracket.
            if ts < i && ts - raw <= 1 {
                self.list_marker(raw, ts, i, ListKind::NumParen, ListKind::AlphaParen);
            }
        }
        end
    }

    pub(super) fn on_bullet(&mut self, i: usize) -> usize {
        let b = self.b;
        let l = bullet_len(&b[i..]);
        let after_space = i == 0 || is_ws(b[i - 1]);
        if after_space && !self.at_sentence_start(i) {
            self.cut(i);
        }
        i + l.max(1)
    }

    pub(super) fn on_newline(&mut self, i: usize) -> usize {
        let b = self.b;
        let n = b.len();
        let mut j = i + 1;
        while j < n && matches!(b[j], b' ' | b'\t' | b'\r' | 0x0B | 0x0C) {
            j += 1;
        }
        if j >= n {
            return n;
        }
        if b[j] == b'\n' {
            // Blank line: a hard boundary.
            self.cut(i);
            self.list = None;
            self.para_first = self.out.len();
            while j < n && is_ws(b[j]) {
                j += 1;
            }
            self.line_start = j;
            self.find_caption(j);
            return j;
        }
        let line_start = self.line_start;
        self.line_start = i + 1;
        match self.sp.newlines {
            NewlineMode::Never => return j,
            NewlineMode::Always => {
                self.cut(i);
                return j;
            }
            NewlineMode::Auto => {}
        }
        // The current line, trimmed.
        let mut e = i;
        while e > line_start && is_ws(b[e - 1]) {
            e -= 1;
        }
        let mut s = line_start;
        while s < e && is_ws(b[s]) {
            s += 1;
        }
        if s >= e {
            return j;
        }
        if self.line_item_at(j) {
            self.cut(i);
            return j;
        }
        if self.line_ends_sentence(s, e, j) {
            self.cut(i);
        }
        j
    }

    /// [`NewlineMode::Auto`]: whether the line `b[s..e]` (trimmed, not blank, no list item
    /// after it) ends a sentence at its newline, the next line starting at `j`. Lines ending
    /// in a terminal mark are left to the mark; a short heading-like line before a capital,
    /// and short unpunctuated lines in a row, end one.
    fn line_ends_sentence(&self, s: usize, e: usize, j: usize) -> bool {
        let b = self.b;
        let n = b.len();
        // Lines ending in a terminal mark are decided by the mark.
        let mut p = e;
        while p > s {
            let l = if b[p - 1] < 0x80 { 1 } else { 0 };
            if l == 1 && matches!(b[p - 1], b'"' | b'\'' | b')' | b']') {
                p -= 1;
                continue;
            }
            break;
        }
        let last = b[e - 1];
        // A line of closers only (")") has no mark before them.
        let before_closers = if p > s { b[p - 1] } else { 0 };
        if matches!(before_closers, b'.' | b'?' | b'!')
            || b[..e].ends_with("…".as_bytes())
            || b[..e].ends_with("”".as_bytes())
            || b[..e].ends_with("’".as_bytes())
        {
            return false;
        }
        if matches!(last, b',' | b';' | b'-' | b'(' | b'&' | b'/') {
            return false;
        }
        let line_len = e - s;
        if line_len > SHORT_LINE && last != b':' {
            return false;
        }
        if Self::ends_with_function_word(&b[s..e]) {
            return false;
        }
        let next = self.next_word(j);
        let next_upper = next.upper || next.digit || next.quoted;
        if next_upper {
            return true;
        }
        if last == b':' {
            return false;
        }
        // Short unpunctuated lines in a row: a list.
        let hi = memchr::memchr(b'\n', &b[j..]).map_or(n, |x| j + x);
        let mut ne = hi;
        while ne > j && is_ws(b[ne - 1]) {
            ne -= 1;
        }
        ne > j && ne - j <= SHORT_LINE && !matches!(b[ne - 1], b'.' | b'?' | b'!' | b',')
    }

    /// True when a list item or bullet starts at `j` ("- ", "* ", "• ", "1. ", "2) ", "a) ").
    pub(super) fn line_item_at(&self, j: usize) -> bool {
        let b = &self.b[j..];
        if bullet_len(b) > 0 {
            return true;
        }
        if matches!(b, [b'-' | b'*' | b'+' | b'>', b' ' | b'\t', ..]) {
            return true;
        }
        let digits = b.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
        if (1..=3).contains(&digits) {
            let rest = &b[digits..];
            return matches!(rest, [b'.' | b')', b' ' | b'\t', ..]);
        }
        matches!(b, [c, b')', b' ' | b'\t', ..] if c.is_ascii_alphabetic())
    }

    /// True when the line ends with a word that cannot end a heading (the, of, and...).
    pub(super) fn ends_with_function_word(line: &[u8]) -> bool {
        let start = line
            .iter()
            .rposition(|c| !c.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        let w = &line[start..];
        matches!(
            w,
            b"a" | b"an"
                | b"and"
                | b"as"
                | b"at"
                | b"but"
                | b"by"
                | b"for"
                | b"from"
                | b"in"
                | b"is"
                | b"of"
                | b"on"
                | b"or"
                | b"that"
                | b"the"
                | b"to"
                | b"was"
                | b"with"
        )
    }
}
