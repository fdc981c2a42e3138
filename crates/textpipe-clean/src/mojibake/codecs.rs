//! The single-byte codecs whose misreading of UTF-8 the repair undoes, and the UTF-8 decoder
//! that reads the bytes back.
//!
//! Each codec is a 128-entry table of what bytes `0x80..=0xFF` decode to (in [`crate::tables`],
//! generated from Python's codecs). Encoding is "sloppy" the way ftfy's codecs are:
//!
//! - a byte the codec leaves undefined decodes to the C1 control of the same value, and every
//!   C1 control (`U+0080..=U+009F`) encodes back to its own byte in every codec, so
//!   Windows-1252 text that also went through Latin-1 (`\u{93}`) still round-trips and so do
//!   the five bytes Windows-1252 lacks (`0x81 0x8D 0x8F 0x90 0x9D`);
//! - `U+FFFD` encodes to a *wildcard* byte: a decoder that replaced an undefined byte with
//!   `U+FFFD` lost it, and a UTF-8 sequence containing one decodes as a single `U+FFFD`.

use crate::tables::{
    CP437, ISO_8859_2, MAC_ROMAN, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252, WINDOWS_1253,
    WINDOWS_1254, WINDOWS_1255, WINDOWS_1256, WINDOWS_1257,
};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A legacy single-byte codec tried by the repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Codec {
    /// Windows-1252, which includes Latin-1 (its C1 controls encode to their own bytes).
    Win1252,
    /// Windows-1251 (Cyrillic).
    Win1251,
    /// Windows-1250 (Central European).
    Win1250,
    /// Windows-1253 (Greek).
    Win1253,
    /// Windows-1254 (Turkish).
    Win1254,
    /// Windows-1257 (Baltic).
    Win1257,
    /// Windows-1255 (Hebrew).
    Win1255,
    /// Windows-1256 (Arabic).
    Win1256,
    /// ISO-8859-2 (Latin-2): Windows-1250's letters, partly at other bytes; C1 at 0x80..0x9F.
    Latin2,
    /// MacRoman (classic Mac OS).
    MacRoman,
    /// DOS code page 437: box drawing and Greek/maths at the bytes UTF-8 uses most.
    Cp437,
}

/// Every codec, in the order they are tried (ftfy's order, then Hebrew and Arabic).
pub(crate) const CODECS: [Codec; 11] = [
    Codec::Win1252,
    Codec::Win1251,
    Codec::Win1250,
    Codec::Win1253,
    Codec::Win1254,
    Codec::Win1257,
    Codec::Win1255,
    Codec::Win1256,
    Codec::Latin2,
    Codec::MacRoman,
    Codec::Cp437,
];

/// What a character encodes to in a codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Byte {
    /// A byte the codec really maps this character to (or an ASCII byte).
    Exact(u8),
    /// A C1 control standing for its own byte where the codec defines another character: the
    /// text also went through Latin-1. Accepted, but a reading without it is preferred.
    Sloppy(u8),
    /// `U+FFFD`: a byte lost to a strict decoder.
    Lost,
}

impl Byte {
    /// The byte value, `None` for a lost byte.
    pub(crate) fn value(self) -> Option<u8> {
        match self {
            Byte::Exact(b) | Byte::Sloppy(b) => Some(b),
            Byte::Lost => None,
        }
    }
}

impl Codec {
    /// The characters bytes `0x80..=0xFF` decode to.
    pub(crate) fn table(self) -> &'static [char; 128] {
        match self {
            Codec::Win1252 => &WINDOWS_1252,
            Codec::Win1251 => &WINDOWS_1251,
            Codec::Win1250 => &WINDOWS_1250,
            Codec::Win1253 => &WINDOWS_1253,
            Codec::Win1254 => &WINDOWS_1254,
            Codec::Win1257 => &WINDOWS_1257,
            Codec::Win1255 => &WINDOWS_1255,
            Codec::Win1256 => &WINDOWS_1256,
            Codec::Latin2 => &ISO_8859_2,
            Codec::MacRoman => &MAC_ROMAN,
            Codec::Cp437 => &CP437,
        }
    }

    /// The codec's name as Python spells it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Codec::Win1252 => "windows-1252",
            Codec::Win1251 => "windows-1251",
            Codec::Win1250 => "windows-1250",
            Codec::Win1253 => "windows-1253",
            Codec::Win1254 => "windows-1254",
            Codec::Win1257 => "windows-1257",
            Codec::Win1255 => "windows-1255",
            Codec::Win1256 => "windows-1256",
            Codec::Latin2 => "iso-8859-2",
            Codec::MacRoman => "macroman",
            Codec::Cp437 => "cp437",
        }
    }

    /// Does byte `0xA0` decode to a no-break space (so a plain space may stand for it)?
    pub(crate) fn a0_is_nbsp(self) -> bool {
        !matches!(self, Codec::MacRoman | Codec::Cp437)
    }

    /// Does a strict decoder of this codec have undefined bytes it would turn into `U+FFFD`?
    fn has_holes(self) -> bool {
        self != Codec::Latin2
            && self
                .table()
                .iter()
                .take(0x20)
                .enumerate()
                .any(|(i, &c)| c as u32 == 0x80 + i as u32)
    }

    /// The byte `c` encodes to, if any.
    pub(crate) fn encode(self, c: char) -> Option<Byte> {
        let cp = c as u32;
        if cp < 0x80 {
            return Some(Byte::Exact(cp as u8));
        }
        if let Some(&b) = reverse(self).get(&c) {
            return Some(Byte::Exact(b));
        }
        // MacRoman and code page 437 define every byte: text read through them has no C1.
        if (0x80..=0x9F).contains(&cp) && !matches!(self, Codec::MacRoman | Codec::Cp437) {
            return Some(Byte::Sloppy(cp as u8));
        }
        if c == '\u{FFFD}' && self.has_holes() {
            return Some(Byte::Lost);
        }
        None
    }
}

/// Character-to-byte maps of the upper halves, built once.
fn reverse(codec: Codec) -> &'static HashMap<char, u8> {
    static MAPS: OnceLock<Vec<HashMap<char, u8>>> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        CODECS
            .iter()
            .map(|c| {
                c.table()
                    .iter()
                    .enumerate()
                    .map(|(i, &ch)| (ch, 0x80u8.wrapping_add(i as u8)))
                    .collect()
            })
            .collect()
    });
    let idx = CODECS.iter().position(|&c| c == codec).unwrap_or(0);
    &maps[idx]
}

/// How many continuation bytes a UTF-8 lead byte asks for (`None` for bytes that lead no
/// well-formed sequence: ASCII, continuations, `C0 C1 F5..FF`).
pub(crate) fn continuation_count(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// Is `b` a UTF-8 continuation byte?
pub(crate) fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Decodes one UTF-8 sequence given as bytes (`None` for a lost byte). Strict: overlong forms,
/// surrogates and code points past U+10FFFF are refused; a sequence with a lost byte decodes
/// as `U+FFFD`.
pub(crate) fn decode_sequence(bytes: &[Option<u8>]) -> Option<char> {
    if bytes.iter().any(Option::is_none) {
        // The lead must be known and the known continuations in range.
        let lead = bytes.first().copied().flatten()?;
        continuation_count(lead).filter(|&n| n + 1 == bytes.len())?;
        return Some('\u{FFFD}');
    }
    let raw: Vec<u8> = bytes.iter().map(|b| b.unwrap_or(0)).collect();
    let s = std::str::from_utf8(&raw).ok()?;
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Decodes a CESU-8 / Java "modified UTF-8" surrogate pair (`ED A0..AF xx ED B0..BF xx`).
pub(crate) fn decode_surrogate_pair(b: &[u8; 6]) -> Option<char> {
    let hi = ((b[1] as u32 & 0x0F) << 6) | (b[2] as u32 & 0x3F);
    let lo = ((b[4] as u32 & 0x0F) << 6) | (b[5] as u32 & 0x3F);
    let ok = b[0] == 0xED
        && (0xA0..=0xAF).contains(&b[1])
        && is_continuation(b[2])
        && b[3] == 0xED
        && (0xB0..=0xBF).contains(&b[4])
        && is_continuation(b[5]);
    ok.then(|| char::from_u32(0x10000 + (hi << 10) + lo))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_exact_sloppy_and_lost() {
        assert_eq!(Codec::Win1252.encode('€'), Some(Byte::Exact(0x80)));
        assert_eq!(Codec::Win1252.encode('\u{81}'), Some(Byte::Exact(0x81)));
        // A Latin-1 reading of Windows-1252's 0x93.
        assert_eq!(Codec::Win1252.encode('\u{93}'), Some(Byte::Sloppy(0x93)));
        assert_eq!(Codec::Win1252.encode('\u{FFFD}'), Some(Byte::Lost));
        assert_eq!(Codec::MacRoman.encode('\u{FFFD}'), None);
        assert_eq!(Codec::Win1252.encode('Ж'), None);
        assert_eq!(Codec::Win1251.encode('Ж'), Some(Byte::Exact(0xC6)));
        assert_eq!(Codec::Win1255.encode('א'), Some(Byte::Exact(0xE0)));
        assert_eq!(Codec::Win1256.encode('ط'), Some(Byte::Exact(0xD8)));
        assert_eq!(Codec::Win1257.encode('ā'), Some(Byte::Exact(0xE2)));
        assert_eq!(Codec::Cp437.encode('├'), Some(Byte::Exact(0xC3)));
    }

    #[test]
    fn strict_decoding() {
        assert_eq!(decode_sequence(&[Some(0xC3), Some(0xA9)]), Some('é'));
        assert_eq!(decode_sequence(&[Some(0xC3), None]), Some('\u{FFFD}'));
        // Overlong, surrogate, out of range.
        assert_eq!(decode_sequence(&[Some(0xE0), Some(0x80), Some(0x80)]), None);
        assert_eq!(decode_sequence(&[Some(0xED), Some(0xA0), Some(0x80)]), None);
        assert_eq!(
            decode_sequence(&[Some(0xF4), Some(0x90), Some(0x80), Some(0x80)]),
            None
        );
        assert_eq!(
            decode_surrogate_pair(&[0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]),
            Some('😀')
        );
        assert_eq!(
            decode_surrogate_pair(&[0xED, 0xB8, 0x80, 0xED, 0xA0, 0xBD]),
            None
        );
    }
}
