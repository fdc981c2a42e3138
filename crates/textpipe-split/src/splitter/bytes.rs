//! Byte-level helpers of the scan: whitespace, quotes and brackets, bullets, dashes, terminal
//! marks, list-marker values, roman numerals, lower-casing a token into a stack buffer.
//! All look at a bounded number of bytes.

use super::*;

pub(super) fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// Length of the multibyte closing quote or bracket at the start of `s`, if any.
pub(super) fn closer_len(s: &[u8]) -> usize {
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
pub(super) fn opener_len(s: &[u8]) -> (usize, bool) {
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
pub(super) fn bullet_len(s: &[u8]) -> usize {
    match s {
        [0xE2, 0x80, 0xA2 | 0xA3, ..] => 3, // • ‣
        [0xE2, 0x81, 0x83, ..] => 3,        // ⁃
        [0xE2, 0x96, 0xAA | 0xA0, ..] => 3, // ▪ ■
        [0xE2, 0x97, 0x8F | 0xA6, ..] => 3, // ● ◦
        _ => 0,
    }
}

/// Length of a dash used as a pause at the start of `s`: — – or --.
pub(super) fn dash_len(s: &[u8]) -> usize {
    match s {
        [0xE2, 0x80, 0x93 | 0x94, ..] => 3,
        [b'-', b'-', c, ..] if *c != b'-' => 2,
        _ => 0,
    }
}

/// After "Tuesday," at `p`: " September 1, 2015"; returns the end of the year.
pub(super) fn date_after_weekday(b: &[u8], p: usize) -> Option<usize> {
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
pub(super) fn terminal_len(s: &[u8]) -> Option<(usize, Mark)> {
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
pub(super) enum Mark {
    Dot,
    Strong,
    Ellipsis,
    Cjk,
}

/// Lowercases an ASCII token into a fixed buffer; `None` when it is too long to be an
/// abbreviation.
pub(super) fn lower_buf(tok: &[u8], buf: &mut [u8; 16]) -> Option<usize> {
    if tok.len() > buf.len() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(tok) {
        *d = s.to_ascii_lowercase();
    }
    Some(tok.len())
}

/// True when `s` is a list-marker body: 1-2 digits, or one ASCII letter.
pub(super) fn marker_value(s: &[u8]) -> Option<(bool, u32)> {
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
pub(super) fn plain_lowercase_word(w: &[u8]) -> bool {
    w.len() >= 2
        && w.iter().all(u8::is_ascii_alphabetic)
        && (w[0].is_ascii_lowercase() || w.len() > 5)
}

/// Small roman numerals used as list markers at the start of a line ("ii.").
pub(super) fn is_roman(s: &[u8]) -> bool {
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
