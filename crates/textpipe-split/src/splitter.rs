//! The splitting algorithm: one pass over the bytes, deciding each candidate boundary with
//! rules.
//!
//! Candidates are the terminal marks `. ? ! … 。 ！ ？`, newlines, bullets in running text and
//! the `)` of list markers. For a terminal mark the splitter reads the cluster of marks
//! (`?!`, `...`, `. . . .`), the closing quotes and brackets after it (`."`, `.)`, `.[1]`), the
//! token before it (`Mr`, `U.S`, `J`, `3.14`) and the word after it, then decides:
//!
//! - a lowercase word after the mark never starts a sentence;
//! - a title (Mr., Dr., Gen.) never ends one;
//! - an abbreviation that can end a sentence (Inc., U.S., etc.) and a single initial end it only
//!   when the next word usually opens a sentence (He, The, It...);
//! - "No.", "p.", "Fig." before a number are abbreviations, elsewhere words;
//! - an ellipsis ends a sentence when four dots are written or an opening word follows;
//! - anything else ends the sentence before a capital, a digit, a quote or a symbol.
//!
//! Blank lines always end a sentence. A single newline ends one (in [`NewlineMode::Auto`])
//! before a list item or bullet, after a short heading-like line, and between short
//! unpunctuated lines; otherwise it is line wrapping.
//!
//! Every backward or forward look is bounded (a token is at most [`MAX_TOKEN`] bytes), so the
//! pass is linear in the text length whatever the input.

use crate::abbrev::{self, AbbrevClass};
use serde::{Deserialize, Serialize};
use textpipe_core::Span;

/// Longest token (bytes) the splitter looks at around a candidate; longer ones are treated as
/// plain words (URLs, base64).
pub const MAX_TOKEN: usize = 64;

/// A line of at most this many bytes (trimmed) and no final punctuation can be a heading.
const SHORT_LINE: usize = 50;

/// How a single newline (not a blank line) inside a paragraph is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NewlineMode {
    /// Decide from the lines around it: a break before list items and bullets, after short
    /// heading-like lines and between short unpunctuated lines; otherwise line wrapping.
    #[default]
    Auto,
    /// Every newline ends a sentence (one sentence or heading a line).
    Always,
    /// Newlines are plain spaces: only punctuation and blank lines end sentences.
    Never,
}

/// Options of a [`Splitter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOptions {
    /// How single newlines are treated.
    pub newlines: NewlineMode,
    /// More abbreviations (without the final period, any case) that may end a sentence only
    /// before a word that typically opens one, like "Inc.".
    pub extra_abbreviations: Vec<String>,
    /// Longest sentence in bytes; longer ones are cut at the last space before the limit.
    /// 0 means no limit.
    pub max_sentence_bytes: usize,
    /// Sentences shorter than this many bytes are merged into the previous sentence of the
    /// same paragraph. 0 keeps every sentence.
    pub min_sentence_bytes: usize,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            newlines: NewlineMode::Auto,
            extra_abbreviations: Vec::new(),
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
            min_sentence_bytes: 0,
        }
    }
}

/// Default cap on a sentence's length: long enough for any real sentence, short enough that a
/// page without punctuation does not become one huge "sentence" for later stages.
pub const DEFAULT_MAX_SENTENCE_BYTES: usize = 5000;

/// A configured sentence splitter. Cheap to share between threads (`&self` only).
///
/// ```
/// use textpipe_split::Splitter;
///
/// let text = "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.";
/// let spans = Splitter::default().split(text);
/// let sentences: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
/// assert_eq!(sentences, ["Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday."]);
/// ```
#[derive(Debug, Clone)]
pub struct Splitter {
    newlines: NewlineMode,
    /// Lowercase extra abbreviations, sorted and deduplicated.
    extra: Vec<Box<[u8]>>,
    max_bytes: usize,
    min_bytes: usize,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter::new(SplitOptions::default())
    }
}

/// Splits `text` with the default options: byte spans of the sentences, trimmed, in order.
///
/// This is the function other stages call when a document has no `sentences` yet.
pub fn split(text: &str) -> Vec<Span> {
    Splitter::default().split(text)
}

impl Splitter {
    /// A splitter with these options.
    pub fn new(opts: SplitOptions) -> Self {
        let mut extra: Vec<Box<[u8]>> = opts
            .extra_abbreviations
            .iter()
            .map(|a| {
                a.trim()
                    .trim_end_matches('.')
                    .to_lowercase()
                    .into_bytes()
                    .into_boxed_slice()
            })
            .filter(|a| !a.is_empty())
            .collect();
        extra.sort();
        extra.dedup();
        Splitter {
            newlines: opts.newlines,
            extra,
            max_bytes: opts.max_sentence_bytes,
            min_bytes: opts.min_sentence_bytes,
        }
    }

    /// The sentences of `text` as byte spans: trimmed of surrounding whitespace, in order,
    /// non-overlapping, on char boundaries, covering every non-whitespace character.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        self.split_into(text, &mut out);
        out
    }

    /// As [`Splitter::split`], appending to `out` (which is cleared first) so a caller can
    /// reuse the allocation.
    pub fn split_into(&self, text: &str, out: &mut Vec<Span>) {
        out.clear();
        let mut scan = Scan {
            text,
            b: text.as_bytes(),
            sp: self,
            out,
            sent_start: 0,
            line_start: 0,
            para_first: 0,
            list: None,
            forced: Vec::new(),
        };
        scan.run();
    }

    fn is_extra(&self, lower: &[u8]) -> bool {
        !self.extra.is_empty()
            && self
                .extra
                .binary_search_by(|e| e.as_ref().cmp(lower))
                .is_ok()
    }
}

/// The next match of one candidate search, cached until the scan passes it.
struct Cache {
    at: usize,
    fresh: bool,
}

impl Cache {
    fn new() -> Self {
        Cache {
            at: 0,
            fresh: false,
        }
    }

    /// The next match at or after `i` (`usize::MAX` when none), searching only when the
    /// cached one is behind `i`.
    #[inline]
    fn next(&mut self, i: usize, search: impl FnOnce() -> Option<usize>) -> usize {
        if !self.fresh || (self.at < i) {
            self.at = search().map_or(usize::MAX, |x| i + x);
            self.fresh = true;
        }
        self.at
    }
}

/// Kinds of list markers, so that "1." continues "1." lists and "a)" continues "a)" lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    NumDot,
    NumDotParen,
    NumParen,
    AlphaDot,
    AlphaParen,
}

/// What kind of token stands before a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
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
struct Next {
    /// Starts with a lowercase letter.
    lower: bool,
    /// Starts with an uppercase letter (or a letter without case).
    upper: bool,
    /// Starts with a digit or a currency sign.
    digit: bool,
    /// Opening quotes were skipped before the word.
    quoted: bool,
    /// Opening brackets were skipped before the word.
    bracket: bool,
    /// The word usually opens a sentence.
    starter: bool,
    /// The word is the pronoun "I".
    is_i: bool,
    /// The word is a weekday or a time zone.
    time_follower: bool,
    /// A lowercase word that opens sentences in informal text ("i", "the", "we").
    lower_starter: bool,
}

struct Scan<'a, 'o> {
    text: &'a str,
    b: &'a [u8],
    sp: &'a Splitter,
    out: &'o mut Vec<Span>,
    /// Where the current sentence starts (byte).
    sent_start: usize,
    /// Where the current line starts.
    line_start: usize,
    /// Index in `out` of the first sentence of the current paragraph (for min-length merges).
    para_first: usize,
    /// The last list marker seen in this paragraph.
    list: Option<(ListKind, u32)>,
    /// Boundaries found ahead of the scan (a dateline, a figure label), ascending.
    forced: Vec<usize>,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// Length of the multibyte closing quote or bracket at the start of `s`, if any.
fn closer_len(s: &[u8]) -> usize {
    match s {
        [b'"' | b'\'' | b')' | b']' | b'}', ..] => 1,
        [0xE2, 0x80, 0x9D | 0x99 | 0xBA, ..] => 3, // ” ’ ›
        [0xC2, 0xBB, ..] => 2,                     // »
        [0xE3, 0x80, 0x8D | 0x8F, ..] => 3,        // 」 』
        [0xEF, 0xBC, 0x89, ..] => 3,               // ）
        _ => 0,
    }
}

/// Length of an opening quote or bracket at the start of `s`: (len, is_quote).
fn opener_len(s: &[u8]) -> (usize, bool) {
    match s {
        [b'"' | b'\'' | b'`', ..] => (1, true),
        [b'(' | b'[' | b'{', ..] => (1, false),
        [0xE2, 0x80, 0x9C | 0x98 | 0xB9, ..] => (3, true), // “ ‘ ‹
        [0xC2, 0xAB, ..] => (2, true),                     // «
        [0xE3, 0x80, 0x8C | 0x8E, ..] => (3, true),        // 「 『
        [0xEF, 0xBC, 0x88, ..] => (3, false),              // （
        _ => (0, false),
    }
}

/// Length of a bullet character at the start of `s`.
fn bullet_len(s: &[u8]) -> usize {
    match s {
        [0xE2, 0x80, 0xA2 | 0xA3, ..] => 3, // • ‣
        [0xE2, 0x81, 0x83, ..] => 3,        // ⁃
        [0xE2, 0x96, 0xAA | 0xA0, ..] => 3, // ▪ ■
        [0xE2, 0x97, 0x8F | 0xA6, ..] => 3, // ● ◦
        _ => 0,
    }
}

/// Length of a dash used as a pause at the start of `s`: — – or --.
fn dash_len(s: &[u8]) -> usize {
    match s {
        [0xE2, 0x80, 0x93 | 0x94, ..] => 3,
        [b'-', b'-', c, ..] if *c != b'-' => 2,
        _ => 0,
    }
}

/// After "Tuesday," at `p`: " September 1, 2015"; returns the end of the year.
fn date_after_weekday(b: &[u8], p: usize) -> Option<usize> {
    let mut q = p;
    while b.get(q) == Some(&b' ') {
        q += 1;
    }
    let ms = q;
    while q < b.len() && b[q].is_ascii_alphabetic() {
        q += 1;
    }
    let mut buf = [0u8; 16];
    let len = lower_buf(&b[ms..q], &mut buf)?;
    if !abbrev::is_month(&buf[..len]) || b.get(q) != Some(&b' ') {
        return None;
    }
    q += 1;
    let ds = q;
    while q < b.len() && b[q].is_ascii_digit() {
        q += 1;
    }
    if !(1..=2).contains(&(q - ds)) || b.get(q) != Some(&b',') {
        return None;
    }
    q += 1;
    while b.get(q) == Some(&b' ') {
        q += 1;
    }
    let ys = q;
    while q < b.len() && b[q].is_ascii_digit() {
        q += 1;
    }
    (q - ys == 4 && !b.get(q).is_some_and(u8::is_ascii_alphanumeric)).then_some(q)
}

/// Length of a terminal mark at the start of `s` and whether it is a CJK full stop.
fn terminal_len(s: &[u8]) -> Option<(usize, Mark)> {
    match s {
        [b'.', ..] => Some((1, Mark::Dot)),
        [b'?' | b'!', ..] => Some((1, Mark::Strong)),
        [0xE2, 0x80, 0xA6, ..] => Some((3, Mark::Ellipsis)), // …
        [0xE2, 0x80, 0xBC | 0xBD, ..] => Some((3, Mark::Strong)), // ‼ ‽
        [0xE3, 0x80, 0x82, ..] => Some((3, Mark::Cjk)),      // 。
        [0xEF, 0xBC, 0x81 | 0x9F, ..] => Some((3, Mark::Cjk)), // ！ ？
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Dot,
    Strong,
    Ellipsis,
    Cjk,
}

/// Lowercases an ASCII token into a fixed buffer; `None` when it is too long to be an
/// abbreviation.
fn lower_buf(tok: &[u8], buf: &mut [u8; 16]) -> Option<usize> {
    if tok.len() > buf.len() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(tok) {
        *d = s.to_ascii_lowercase();
    }
    Some(tok.len())
}

/// True when `s` is a list-marker body: 1-2 digits, or one ASCII letter.
fn marker_value(s: &[u8]) -> Option<(bool, u32)> {
    match s {
        [d] if d.is_ascii_digit() => Some((true, u32::from(d - b'0'))),
        [d, e] if d.is_ascii_digit() && e.is_ascii_digit() => {
            Some((true, u32::from(d - b'0') * 10 + u32::from(e - b'0')))
        }
        [c] if c.is_ascii_lowercase() => Some((false, u32::from(c - b'a') + 1)),
        [c] if c.is_ascii_uppercase() => Some((false, u32::from(c - b'A') + 1)),
        _ => None,
    }
}

/// True when `w` is a word of two or more ASCII letters, not a capitalized short one (which
/// may be an unknown abbreviation: "Eng.", "Epis.").
fn plain_lowercase_word(w: &[u8]) -> bool {
    w.len() >= 2
        && w.iter().all(u8::is_ascii_alphabetic)
        && (w[0].is_ascii_lowercase() || w.len() > 5)
}

/// Small roman numerals used as list markers at the start of a line ("ii.").
fn is_roman(s: &[u8]) -> bool {
    matches!(
        s,
        b"i" | b"ii"
            | b"iii"
            | b"iv"
            | b"v"
            | b"vi"
            | b"vii"
            | b"viii"
            | b"ix"
            | b"x"
            | b"I"
            | b"II"
            | b"III"
            | b"IV"
            | b"V"
            | b"VI"
            | b"VII"
            | b"VIII"
            | b"IX"
            | b"X"
    )
}

impl Scan<'_, '_> {
    fn run(&mut self) {
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

    /// A spaced dash (" — ", " – ", " -- ") followed by a word that opens a sentence ends the
    /// sentence (interrupted speech: "I was gonna — First of all I didn't").
    fn on_dash(&mut self, i: usize) -> usize {
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
    fn find_dateline(&mut self) {
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
    fn find_caption(&mut self, j: usize) {
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

    /// Ends the current sentence at `p` (exclusive) and starts the next one there.
    fn cut(&mut self, p: usize) {
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
    fn push(&mut self, mut a: usize, z: usize) {
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
    fn long_cut(&self, a: usize, limit: usize) -> usize {
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
    fn at_sentence_start(&self, p: usize) -> bool {
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

    /// The token before byte `end`: (raw start after whitespace, start after opening
    /// quotes/brackets/bullets). `None` when longer than [`MAX_TOKEN`].
    fn token_before(&self, end: usize) -> Option<(usize, usize)> {
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
    fn classify(&self, tok: &[u8]) -> Tok {
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
    fn next_word(&self, mut k: usize) -> Next {
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
    fn words_before(&self, p: usize, cap: usize) -> usize {
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
    fn list_marker(
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

    fn on_terminal(&mut self, i: usize) -> usize {
        let b = self.b;
        let n = b.len();
        // The cluster of marks.
        let mut j = i;
        let mut dots = 0usize;
        let mut strong = false;
        let mut cjk = false;
        let mut first = None;
        loop {
            if let Some((l, m)) = terminal_len(&b[j..]) {
                first.get_or_insert(m);
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
        let cluster_end = j;
        let closer_first = closer_len(&b[j..]);
        // Closing quotes and brackets, and citation marks like "[12]".
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
        let bang_lower =
            next.lower && next.lower_starter && b[i] == b'!' && !quote_closer && closers == 0;
        let brk = if next.lower && !bang_lower {
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
        };
        if brk {
            self.cut(end);
        }
        end
    }

    /// Extends a sentence end at `j` over citation marks after a space: "[3]", "[4] [5]",
    /// "[1].", or a bare footnote number before a capital ("fee. 8 Yet").
    fn citations_after(&self, j: usize) -> usize {
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
    fn caption_label_before(&self, raw: usize) -> bool {
        let Some(before) = self.text.get(self.sent_start..raw) else {
            return false;
        };
        matches!(before.trim(), "Figure" | "Table" | "Fig." | "Chart" | "Map")
    }

    /// True when a dash and a capitalized name start at `k` ("- Matthew Ingram", "— Rick
    /// Santorum") and the line or paragraph ends within a few words.
    fn attribution_at(&self, k: usize) -> bool {
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
    fn speech_follows(&self, k: usize) -> bool {
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
    fn no_space_break(
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

    fn on_paren(&mut self, i: usize) -> usize {
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

    fn on_bullet(&mut self, i: usize) -> usize {
        let b = self.b;
        let l = bullet_len(&b[i..]);
        let after_space = i == 0 || is_ws(b[i - 1]);
        if after_space && !self.at_sentence_start(i) {
            self.cut(i);
        }
        i + l.max(1)
    }

    fn on_newline(&mut self, i: usize) -> usize {
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
            return j;
        }
        if matches!(last, b',' | b';' | b'-' | b'(' | b'&' | b'/') {
            return j;
        }
        let line_len = e - s;
        if line_len > SHORT_LINE && last != b':' {
            return j;
        }
        if Self::ends_with_function_word(&b[s..e]) {
            return j;
        }
        let next = self.next_word(j);
        let next_upper = next.upper || next.digit || next.quoted;
        if next_upper {
            self.cut(i);
            return j;
        }
        if last == b':' {
            return j;
        }
        // Short unpunctuated lines in a row: a list.
        let hi = memchr::memchr(b'\n', &b[j..]).map_or(n, |x| j + x);
        let mut ne = hi;
        while ne > j && is_ws(b[ne - 1]) {
            ne -= 1;
        }
        if ne > j && ne - j <= SHORT_LINE && !matches!(b[ne - 1], b'.' | b'?' | b'!' | b',') {
            self.cut(i);
        }
        j
    }

    /// True when a list item or bullet starts at `j` ("- ", "* ", "• ", "1. ", "2) ", "a) ").
    fn line_item_at(&self, j: usize) -> bool {
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
    fn ends_with_function_word(line: &[u8]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn simple_marks() {
        assert_eq!(
            sents("Hello World. My name is Jonas."),
            ["Hello World.", "My name is Jonas."]
        );
        assert_eq!(
            sents("What is your name? My name is Jonas."),
            ["What is your name?", "My name is Jonas."]
        );
        assert_eq!(
            sents("There it is! I found it."),
            ["There it is!", "I found it."]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(sents("").is_empty());
        assert!(sents("  \n\n \t").is_empty());
        assert_eq!(sents("  word  "), ["word"]);
    }
}
