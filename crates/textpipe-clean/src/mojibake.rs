//! Mojibake repair: text that was UTF-8, decoded with a legacy single-byte encoding
//! (Windows-1252, Latin-1, MacRoman, Windows-1251, Windows-1250, ISO-8859-2, Windows-1253,
//! Windows-1254, DOS code page 437), sometimes twice.
//!
//! The approach is ftfy's, applied span by span so that lines mixing good and broken text are
//! fixed too:
//!
//! 1. Find a *candidate*: a character that, encoded back to a byte in the suspected encoding,
//!    is a UTF-8 lead byte (`C2..=F4`), followed by as many characters as the lead byte asks for,
//!    each of which encodes to a continuation byte (`80..=BF`).
//! 2. Decode those bytes as UTF-8. The candidate is accepted only when they decode cleanly and
//!    the result is *less bad* than the original: the decoded character must belong to a
//!    script or symbol block that real text uses, and a two-character candidate whose lead is an
//!    ordinary accented capital (`É`, `Ö`, ...) also needs supporting context (a letter right
//!    after it, or a neighbouring repaired sequence), because `CAFÉ”` or `HUHLL Õ…` are
//!    legitimate.
//! 3. Repeat on the result (at most six rounds) to undo double encodings.
//!
//! The rarer encodings' lead characters are ordinary letters or drawing characters of real
//! text (Greek capitals in Windows-1253, `Ğ` in Windows-1254, box drawing in code page 437), so
//! each has an allow-list of leads and context rules:
//!
//! - Greek and Cyrillic readings must come in same-script runs; a lone one (a one-letter word)
//!   is repaired only on a line that holds such a run, and so are signs misread through the
//!   same encoding (`Β«` among Greek read as Windows-1253).
//! - Latin read as Windows-1251 or -1253 needs an ASCII letter or digit beside it, or Latin
//!   and no Cyrillic/Greek letters as its nearest neighbours (`mis Γ\u{a0} jour`).
//! - Code page 437 candidates touching box drawing are left alone unless part of a repaired
//!   run; a second character that is itself a drawing piece needs a word around it.
//! - A lone three-byte reading that would be a non-Latin letter inside a Latin or Cyrillic word
//!   is refused (`клієнт` is no Hangul, `voilà\u{a0}»` no Samaritan), as is a lowercase letter
//!   inside an all-capitals word (`PĂŞUNE`).
//! - ISO-8859-2 shares its leads with Windows-1250 (and `Â Ä` with 1252) but reads fifteen
//!   bytes differently; a line vote (Central European letters, case agreement, C1 controls
//!   that only it explains) decides which is tried first.
//! - In a double encoding, a C1 control or spacing accent decoded right after a repair is
//!   kept when the pair is a sequence for the next round.
//!
//! Two lossy cases are restored as well: a non-breaking space byte that became a plain space
//! (`Ã ` for `à`) and the closing quote `â€` whose last byte Windows-1252 does not define.

use crate::tables::{
    CP437, ISO_8859_2, MAC_ROMAN, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252, WINDOWS_1253,
    WINDOWS_1254,
};
use std::sync::OnceLock;

/// The legacy encodings tried, in order of how often they cause mojibake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    /// Windows-1252 merged with Latin-1 (C1 controls map to their own bytes), so text that
    /// mixes both readings, and the five bytes Windows-1252 lacks, still round-trip.
    Win1252,
    /// MacRoman.
    MacRoman,
    /// Windows-1251.
    Win1251,
    /// Windows-1250.
    Win1250,
    /// ISO-8859-2 (Latin-2): same letters as Windows-1250 at C0..FF, C1 controls at 80..9F.
    Latin2,
    /// Windows-1253 (Greek).
    Win1253,
    /// Windows-1254 (Turkish): Windows-1252 but for six letters; only its own leads `Ğ`
    /// (Cyrillic) and `ğ` (four-byte sequences) are tried, the rest reads as Windows-1252.
    Win1254,
    /// DOS code page 437: box drawing at the lead bytes, accented letters at the rest.
    Cp437,
}

const ENCODINGS: [Enc; 8] = [
    Enc::Win1252,
    Enc::MacRoman,
    Enc::Win1251,
    Enc::Win1250,
    Enc::Latin2,
    Enc::Win1253,
    Enc::Win1254,
    Enc::Cp437,
];

/// [`ENCODINGS`] with ISO-8859-2 tried first (lines that read better as it).
const ENCODINGS_LATIN2_FIRST: [Enc; 8] = [
    Enc::Latin2,
    Enc::Win1252,
    Enc::MacRoman,
    Enc::Win1251,
    Enc::Win1250,
    Enc::Win1253,
    Enc::Win1254,
    Enc::Cp437,
];

fn table(enc: Enc) -> &'static [char; 128] {
    match enc {
        Enc::Win1252 => &WINDOWS_1252,
        Enc::MacRoman => &MAC_ROMAN,
        Enc::Win1251 => &WINDOWS_1251,
        Enc::Win1250 => &WINDOWS_1250,
        Enc::Latin2 => &ISO_8859_2,
        Enc::Win1253 => &WINDOWS_1253,
        Enc::Win1254 => &WINDOWS_1254,
        Enc::Cp437 => &CP437,
    }
}

/// Character-to-byte lookup for the upper half of an encoding, sorted by character.
fn reverse(enc: Enc) -> &'static [(char, u8)] {
    static CELLS: [OnceLock<Vec<(char, u8)>>; 8] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let idx = enc as usize;
    CELLS[idx].get_or_init(|| {
        let mut v: Vec<(char, u8)> = table(enc)
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, 0x80u8.wrapping_add(i as u8)))
            .collect();
        v.sort_unstable();
        v
    })
}

/// The byte `c` encodes to in `enc`, if it has one.
fn to_byte(enc: Enc, c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 {
        return Some(cp as u8);
    }
    if enc == Enc::Win1252 && (0x80..=0xFF).contains(&cp) {
        return Some(cp as u8);
    }
    let rev = reverse(enc);
    rev.binary_search_by_key(&c, |e| e.0).ok().map(|i| rev[i].1)
}

fn is_cont(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// A candidate found at some position: how many chars it spans and what it decodes to.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    len: usize,
    decoded: char,
    enc: Enc,
    strong: bool,
}

/// Is `cp`, decoded from a two-byte sequence, a character real text uses?
fn plausible2(cp: u32, prev: Option<char>) -> bool {
    match cp {
        0xA0..=0x21B => true,
        0x2BB | 0x2BC => true,
        0x300..=0x36F => prev.is_some_and(char::is_alphabetic),
        0x384..=0x3CE => cp != 0x3A2 && cp != 0x385,
        // Not the historic letters U+0460..U+048F (`Ѳ` is `СІ` in Ukrainian capitals).
        0x400..=0x45F | 0x490..=0x4FF => true,
        0x531..=0x556 | 0x561..=0x587 => true,
        0x5D0..=0x5EA => true,
        0x60C | 0x61B | 0x61F | 0x621..=0x64A | 0x660..=0x669 | 0x66A..=0x6D3 => true,
        0x6F0..=0x6F9 => true,
        _ => false,
    }
}

/// Is `cp`, decoded from a three- or four-byte sequence, a character real text uses? `broad`
/// allows every assigned-looking block (Windows-1252 candidates, whose shape is unmistakable);
/// otherwise only punctuation, symbols, CJK and a few scripts.
fn plausible_long(cp: u32, broad: bool) -> bool {
    let narrow = matches!(cp,
        0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x21FF | 0x2200..=0x22FF | 0x2460..=0x24FF
        | 0x2500..=0x25FF | 0x2600..=0x27BF | 0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3
        | 0xFF01..=0xFF5E | 0xFFFD | 0x1F300..=0x1FAFF);
    if narrow || !broad {
        return narrow;
    }
    matches!(cp,
        0x800..=0x1FFF | 0x2070..=0x209F | 0x20D0..=0x20FF | 0x2300..=0x245F | 0x27C0..=0x2BFF
        | 0x2E80..=0x2FFF | 0x3100..=0x4DFF | 0xA000..=0xABFF | 0xF900..=0xFAFF
        | 0xFB00..=0xFDFF | 0xFE00..=0xFEFE | 0xFF00..=0xFFEF | 0x1D400..=0x1D7FF
        | 0x1F000..=0x1F2FF | 0x20000..=0x2FFFF)
}

/// Leads whose two-character candidates need no context in `enc`.
fn strong_lead2(enc: Enc, c: char) -> bool {
    match enc {
        Enc::Win1252 => matches!(c, 'Â' | 'Ã'),
        Enc::MacRoman => matches!(c, '√' | '¬'),
        Enc::Win1250 | Enc::Latin2 => c == 'Â',
        _ => false,
    }
}

/// Leads allowed at all for two-character candidates in the rarer encodings, where many lead
/// characters are ordinary letters or punctuation of that encoding's own language.
fn allowed_lead2(enc: Enc, c: char) -> bool {
    match enc {
        Enc::Win1252 => true,
        Enc::MacRoman => matches!(c, '√' | '¬' | 'ƒ' | '≈' | 'Œ' | 'œ' | '–' | '—'),
        Enc::Win1251 => matches!(c, 'Р' | 'С' | 'О' | 'П' | 'В' | 'Г' | 'Д' | 'Е'),
        Enc::Win1250 | Enc::Latin2 => matches!(c, 'Â' | 'Ă' | 'Ĺ' | 'Ä' | 'Č'),
        // Β Γ: symbols and Latin-1 letters; Δ Ε: Latin Extended-A; Ξ Ο: Greek; Π Ρ: Cyrillic.
        Enc::Win1253 => matches!(c, 'Β' | 'Γ' | 'Δ' | 'Ε' | 'Ξ' | 'Ο' | 'Π' | 'Ρ'),
        // Every other Windows-1254 lead is the Windows-1252 one.
        Enc::Win1254 => c == 'Ğ',
        // C2..C5 (symbols, Latin-1, Extended-A), C8 C9 (Extended-B: Romanian), CA (modifier
        // letters: `ʻ`), CC (combining accents), CE CF (Greek), D0 D1 (Cyrillic), D7 (Hebrew),
        // D8 D9 (Arabic).
        Enc::Cp437 => matches!(
            c,
            '┬' | '├'
                | '─'
                | '┼'
                | '╚'
                | '╔'
                | '╩'
                | '╠'
                | '╬'
                | '╧'
                | '╨'
                | '╤'
                | '╫'
                | '╪'
                | '┘'
        ),
    }
}

/// Leads allowed for three- and four-character candidates. Windows-1253's are Greek
/// lowercase letters, and a Greek word ending before `…»` must not become a CJK ideograph:
/// only `β` (punctuation and symbols, U+2000..) and `π` (four-byte: emoji) are tried. Windows-1254
/// shares all of them with Windows-1252 but `ğ` (F0).
fn allowed_lead_long(enc: Enc, c: char) -> bool {
    match enc {
        Enc::Win1253 => matches!(c, 'β' | 'π'),
        Enc::Win1254 => c == 'ğ',
        _ => true,
    }
}

/// The candidate starting at `chars[i]` in `enc`, if the bytes decode cleanly.
fn candidate_at(chars: &[char], i: usize, enc: Enc) -> Option<Candidate> {
    let lead = *chars.get(i)?;
    if (lead as u32) < 0x80 {
        return None;
    }
    let b0 = to_byte(enc, lead)?;
    let need = match b0 {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    if need == 1 && !allowed_lead2(enc, lead) || need > 1 && !allowed_lead_long(enc, lead) {
        return None;
    }
    let mut bytes = [b0, 0, 0, 0];
    for (k, slot) in bytes.iter_mut().enumerate().take(need + 1).skip(1) {
        let c = *chars.get(i + k)?;
        let b = to_byte(enc, c)?;
        if !is_cont(b) {
            return None;
        }
        *slot = b;
    }
    let s = std::str::from_utf8(&bytes[..=need]).ok()?;
    let decoded = s.chars().next()?;
    let strong = need >= 2 || strong_lead2(enc, lead);
    Some(Candidate {
        len: need + 1,
        decoded,
        enc,
        strong,
    })
}

/// The first acceptable-looking candidate at `i` over all encodings (without context checks).
fn any_candidate(chars: &[char], i: usize) -> Option<Candidate> {
    ENCODINGS
        .iter()
        .find_map(|&enc| candidate_at(chars, i, enc).filter(|c| intrinsic_ok(c, None)))
}

/// Checks that depend only on the candidate itself.
fn intrinsic_ok(c: &Candidate, prev: Option<char>) -> bool {
    let cp = c.decoded as u32;
    if (0x80..=0x9F).contains(&cp) || (0xE000..=0xF8FF).contains(&cp) {
        return false;
    }
    match c.len {
        2 => plausible2(cp, prev),
        _ => plausible_long(cp, c.enc == Enc::Win1252),
    }
}

/// Could `ch` start mojibake in some encoding? A cheap filter before the real check.
fn maybe_lead(ch: char) -> bool {
    let cp = ch as u32;
    if cp < 0xAC {
        // ASCII, C1 controls and the first Latin-1 signs lead in no encoding (`¬` is the first).
        return false;
    }
    (0xC2..=0xF4).contains(&cp)
        // Windows-1253 leads (Greek capitals, `β`, `π`) and code page 437's Greek letters.
        || (0x392..=0x3A9).contains(&cp)
        || (0x3B2..=0x3C6).contains(&cp)
        // Code page 437's box drawing (C0..DF) and math signs (E0..F0).
        || (0x2500..=0x256C).contains(&cp)
        || matches!(ch, 'µ' | '∞' | '∩' | '≡' | 'Ğ' | 'ğ')
        || matches!(
            ch,
            '√' | '¬'
                | 'ƒ'
                | '≈'
                | 'Œ'
                | 'œ'
                | '–'
                | '—'
                | '‚'
                | '„'
                | 'Р'
                | 'С'
                | 'Ă'
                | 'Ĺ'
                | 'В'
                | 'Г'
                | 'Д'
                | 'Е'
                | 'Č'
                | 'О'
                | 'П'
                | '\u{F8FF}'
        )
        || (0x430..=0x43F).contains(&cp)
        || is_macroman_long_lead(ch)
}

fn is_macroman_long_lead(ch: char) -> bool {
    // MacRoman bytes E0..=F4: ‡ · ‚ „ ‰ Â Ê Á Ë È Í Î Ï Ì Ó Ô  Ò Ú Û Ù
    matches!(
        ch,
        '‡' | '·'
            | '‚'
            | '„'
            | '‰'
            | 'Â'
            | 'Ê'
            | 'Á'
            | 'Ë'
            | 'È'
            | 'Í'
            | 'Î'
            | 'Ï'
            | 'Ì'
            | 'Ó'
            | 'Ô'
            | 'Ò'
            | 'Ú'
            | 'Û'
            | 'Ù'
    )
}

/// One round of repair. Returns the new text and how many sequences were replaced.
fn fix_round(text: &str) -> Option<(String, usize)> {
    if !text.chars().any(maybe_lead) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut fixes = 0usize;
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if line.is_ascii() || !line.chars().any(maybe_lead) {
            out.push_str(line);
            continue;
        }
        if let Some((fixed, n)) = whole_line(line) {
            // `ZÄžava` reads as Windows-1252 too (`ZĞava`), but better as ISO-8859-2.
            let latin2 =
                line.contains(['Ä', 'Â']) && prefers_latin2(&line.chars().collect::<Vec<char>>());
            if !latin2 {
                out.push_str(&fixed);
                fixes += n;
                continue;
            }
        }
        fixes += fix_candidates(line, &mut out);
    }
    (fixes > 0).then_some((out, fixes))
}

/// ftfy's strongest signal: the whole line, encoded back to Windows-1252 / Latin-1, is valid
/// UTF-8 with at least one multi-byte sequence, and every character that produces is one real
/// Western text uses (Latin letters, punctuation, symbols, CJK, emoji). Legitimate text almost
/// never passes: a single accented letter next to a plain one breaks the UTF-8.
fn whole_line(line: &str) -> Option<(String, usize)> {
    let mut bytes = Vec::with_capacity(line.len());
    for c in line.chars() {
        bytes.push(to_byte(Enc::Win1252, c)?);
    }
    let mut restored = 0usize;
    let decoded = match String::from_utf8(bytes) {
        Ok(d) => d,
        Err(e) => {
            // ftfy's "restore byte A0": a non-breaking space inside a sequence (`à` is C3 A0)
            // often became a plain space. Try that reading after the usual lead bytes (ED: the
            // first byte of an encoded surrogate, see `join_cesu_pairs`).
            let mut bytes = e.into_bytes();
            let mut changed = false;
            for k in 1..bytes.len() {
                if bytes[k] == b' '
                    && matches!(bytes[k - 1], 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9 | 0xED)
                {
                    bytes[k] = 0xA0;
                    changed = true;
                    restored += 1;
                }
            }
            if let Some(joined) = join_cesu_pairs(&bytes) {
                // Six bytes of a surrogate pair are evidence enough on their own.
                bytes = joined;
                changed = true;
                restored = 0;
            }
            if !changed {
                return None;
            }
            String::from_utf8(bytes).ok()?
        }
    };
    let mut n = 0usize;
    let mut before = ' ';
    for c in decoded.chars() {
        let after = std::mem::replace(&mut before, c);
        if c.is_ascii() {
            continue;
        }
        let cp = c as u32;
        let ok = ('\u{80}'..='\u{9F}').contains(&c) && completes_pair(after, c)
            || matches!(cp, 0xA0..=0x24F | 0x2C6 | 0x2DC | 0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20A0..=0x20CF
            | 0x2100..=0x214F | 0x2190..=0x21FF | 0x2200..=0x22FF | 0x2600..=0x27BF
            | 0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xFFFD | 0x1F300..=0x1FAFF);
        if !ok {
            return None;
        }
        n += 1;
    }
    // A restored byte alone is no evidence ("IRMÃ E" is Portuguese): other sequences must
    // decode too.
    (n > restored && decoded != line).then_some((decoded, n))
}

/// Java's "modified UTF-8" (CESU-8) writes a character beyond U+FFFF as two encoded UTF-16
/// surrogates of three bytes each (`ED A0..AF xx ED B0..BF xx`), which UTF-8 forbids; this
/// joins every such pair into the character's four-byte UTF-8 form (ftfy's "utf-8-variants").
/// `None` when there is no pair.
fn join_cesu_pairs(bytes: &[u8]) -> Option<Vec<u8>> {
    let pair_at = |k: usize| -> Option<char> {
        let p = bytes.get(k..k + 6)?;
        let ok = p[0] == 0xED
            && (0xA0..=0xAF).contains(&p[1])
            && is_cont(p[2])
            && p[3] == 0xED
            && (0xB0..=0xBF).contains(&p[4])
            && is_cont(p[5]);
        if !ok {
            return None;
        }
        let hi = ((u32::from(p[1]) & 0x0F) << 6) | (u32::from(p[2]) & 0x3F);
        let lo = ((u32::from(p[4]) & 0x0F) << 6) | (u32::from(p[5]) & 0x3F);
        char::from_u32(0x10000 + (hi << 10) + lo)
    };
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut k = 0;
    while k < bytes.len() {
        if let Some(c) = pair_at(k) {
            let o = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            o.extend_from_slice(&bytes[copied..k]);
            let mut buf = [0u8; 4];
            o.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            k += 6;
            copied = k;
        } else {
            k += 1;
        }
    }
    let mut o = out?;
    o.extend_from_slice(&bytes[copied..]);
    Some(o)
}

/// What the candidate checks know about the whole line.
#[derive(Debug, Clone, Copy, Default)]
struct LineState {
    /// Try ISO-8859-2 before Windows-1250 (see [`prefers_latin2`]).
    latin2_first: bool,
    /// Scripts ([`script_bit`]) and encodings ([`enc_bit`]) whose candidates are accepted
    /// without context on this line, because the line holds a run of Greek or Cyrillic repairs
    /// to that script or through that encoding.
    relaxed: u16,
    /// Scripts and encodings with two or more neighbouring Greek or Cyrillic candidates
    /// accepted (filled in while scanning).
    runs: u16,
    /// Scripts and encodings with a candidate refused only for lack of context.
    wanted: u16,
}

/// A bit per encoding, above the [`script_bit`]s, for [`LineState`]'s masks.
fn enc_bit(enc: Enc) -> u16 {
    1 << (4 + enc as u16)
}

/// The verdict of the context checks on a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Repair it.
    Yes,
    /// Leave it: the context says it is real text.
    No,
    /// Nothing against it but nothing for it either (a lone Greek or Cyrillic letter): repair
    /// it on a line that holds a run of the same script.
    Alone,
}

/// A bit per non-Latin alphabet whose one-letter words (`и`, `Η`, `і`) look like lone
/// candidates: Cyrillic and Greek. 0 for anything else.
fn script_bit(c: char) -> u8 {
    if !c.is_alphabetic() {
        return 0;
    }
    match c as u32 {
        0x370..=0x3FF => 1,
        0x400..=0x4FF => 2,
        _ => 0,
    }
}

/// Candidate-by-candidate repair of one line (mixed lines). Returns the number of fixes.
fn fix_candidates(line: &str, out: &mut String) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let mut state = LineState {
        latin2_first: prefers_latin2(&chars),
        ..LineState::default()
    };
    let start = out.len();
    let fixes = fix_candidates_pass(&chars, &mut state, out);
    if state.runs & state.wanted == 0 {
        return fixes;
    }
    // A single Greek or Cyrillic letter (`Ξ—` for `Η`) alone is no evidence, but on a line
    // that holds a run of repairs to the same script it is part of the same text; so are
    // signs misread through the same encoding (`Β«` for `«` among Greek repaired as 1253).
    out.truncate(start);
    state.relaxed = state.runs;
    fix_candidates_pass(&chars, &mut state, out)
}

/// One scan of [`fix_candidates`].
fn fix_candidates_pass(chars: &[char], state: &mut LineState, out: &mut String) -> usize {
    let mut fixes = 0usize;
    let mut i = 0usize;
    // What the repair right before `i` decoded to, if `i` follows one.
    let mut fixed_before: Option<char> = None;
    while i < chars.len() {
        let ch = chars[i];
        if (ch as u32) < 0x80 || !maybe_lead(ch) {
            out.push(ch);
            fixed_before = None;
            i += 1;
            continue;
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if let Some(c) = accept_at(chars, i, prev, fixed_before, state) {
            out.push(c.decoded);
            fixes += 1;
            fixed_before = Some(c.decoded);
            i += c.len;
            continue;
        }
        if let Some((decoded, len)) = lossy_at(chars, i, prev) {
            out.push(decoded);
            fixes += 1;
            fixed_before = Some(decoded);
            i += len;
            continue;
        }
        out.push(ch);
        fixed_before = None;
        i += 1;
    }
    fixes
}

/// How typical `c` is of Central European languages (Polish, Czech, Slovak, Hungarian,
/// Slovene, Croatian, Romanian, German): 2 for their frequent accented letters, 1 for the
/// rarer Czech and Slovak `ť ď ň ľ ĺ ŕ` (`ĹĄ` is `š` in ISO-8859-2, `ť` in Windows-1250)
/// and `ß` (`Ăź` is `ü` or `ß`), 0 otherwise. The tie-breaker between the ISO-8859-2 and Windows-1250/1252 readings. Not
/// the cedilla `ş ţ`: `Ĺź` is Polish `ż` read as ISO-8859-2 far more often than Romanian `ş`
/// read as Windows-1250.
fn central_european_weight(c: char) -> i32 {
    match c.to_lowercase().next().unwrap_or(c) {
        'á' | 'é' | 'í' | 'ó' | 'ú' | 'ý' | 'ä' | 'ö' | 'ü' | 'ô' | 'â' | 'î' | 'ă' | 'č' | 'ě'
        | 'ř' | 'š' | 'ů' | 'ž' | 'ą' | 'ć' | 'ę' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż' | 'ő' | 'ű'
        | 'đ' => 2,
        'ť' | 'ď' | 'ň' | 'ľ' | 'ĺ' | 'ŕ' | 'ß' => 1,
        _ => 0,
    }
}

/// Should ISO-8859-2 be tried first on this line? It shares its lead characters with
/// Windows-1250 (and `Â Ä` with Windows-1252) but reads fifteen continuation bytes
/// differently (`Ă©` is `é` in Windows-1250, `ĂŠ` is `é` in ISO-8859-2, where Windows-1250
/// makes it `Ê`). At each shared lead every reading scores a point if it decodes, plus the
/// [`central_european_weight`] of what it yields, plus one (or minus one) when the letter's
/// case agrees (or not) with the letter before it (or a lowercase word before it); ISO-8859-2 goes first when its total over the line beats
/// both others' (its C1 controls are undecodable in Windows-1250; the others win ties).
fn prefers_latin2(chars: &[char]) -> bool {
    let score = |enc: Enc, i: usize| -> i32 {
        let Some(c) = candidate_at(chars, i, enc).filter(|c| intrinsic_ok(c, None)) else {
            return 0;
        };
        let d = c.decoded;
        // A letter foreign to these languages (`å`, `Ğ`) is a hint of the wrong reading.
        let weight = central_european_weight(d);
        let mut points = if weight == 0 && d.is_alphabetic() {
            0
        } else {
            1 + weight
        };
        // The letter before it in the word, when lowercase (a capital before it may start the
        // word, and a word may start with either case: `Îles`, `în`), or a lowercase word right
        // before it, mid-sentence (`conflict în`).
        let neighbour = match i.checked_sub(1).map(|k| chars[k]) {
            Some(p) if p.is_lowercase() => Some(p),
            Some(' ') => i
                .checked_sub(2)
                .map(|k| chars[k])
                .filter(|p| p.is_lowercase()),
            _ => None,
        };
        if let Some(n) = neighbour.filter(|_| d.is_alphabetic()) {
            points += if n.is_lowercase() == d.is_lowercase() {
                1
            } else {
                -1
            };
        }
        points
    };
    let (mut latin2, mut win1250, mut win1252) = (0i32, 0i32, 0i32);
    for (i, &ch) in chars.iter().enumerate() {
        if matches!(ch, 'Â' | 'Ă' | 'Ĺ' | 'Ä' | 'Č') {
            latin2 += score(Enc::Latin2, i);
            win1250 += score(Enc::Win1250, i);
            win1252 += score(Enc::Win1252, i);
        }
    }
    latin2 > win1250 && latin2 > win1252
}

/// Leads that are ordinary letters or punctuation in running text of some language (Cyrillic
/// `Р`/`С` read as Windows-1251, MacRoman `Œ œ – —`, Greek `Ξ Ο` and Cyrillic `Π Ρ` read as
/// Windows-1253, Turkish `Ğ` read as Windows-1254): their candidates must come in runs.
fn needs_run(enc: Enc, lead: char) -> bool {
    match enc {
        Enc::Win1251 => matches!(lead, 'Р' | 'С' | 'О' | 'П'),
        Enc::MacRoman => matches!(lead, 'Œ' | 'œ' | '–' | '—'),
        Enc::Win1253 => matches!(lead, 'Ξ' | 'Ο' | 'Π' | 'Ρ'),
        Enc::Win1254 => lead == 'Ğ',
        _ => false,
    }
}

/// The accepted candidate at `i`, all checks done; the longest one when several encodings
/// offer one (`Ë™û` is MacRoman for 語, not Windows-1252 `˙` plus `û`).
fn accept_at(
    chars: &[char],
    i: usize,
    prev: Option<char>,
    fixed_before: Option<char>,
    state: &mut LineState,
) -> Option<Candidate> {
    let order = if state.latin2_first {
        &ENCODINGS_LATIN2_FIRST
    } else {
        &ENCODINGS
    };
    let mut best: Option<Candidate> = None;
    for &enc in order {
        let Some(c) = candidate_at(chars, i, enc) else {
            continue;
        };
        let inner = !intrinsic_ok(&c, prev)
            && c.len == 2
            && fixed_before.is_some_and(|p| completes_pair(p, c.decoded));
        if inner && accept(chars, i, &c, prev, fixed_before) == Verdict::Yes {
            // Half of a sequence for the next round: the double encoding is the evidence, and
            // no longer reading of these characters may cut it (`Â™Ä` is no MacRoman `媀`).
            return Some(c);
        }
        if best.is_some_and(|b| b.len >= c.len) || !intrinsic_ok(&c, prev) {
            continue;
        }
        let bits = u16::from(script_bit(c.decoded)) | enc_bit(c.enc);
        let take = match accept(chars, i, &c, prev, fixed_before) {
            Verdict::Yes => {
                if same_script_neighbour(chars, i, &c, fixed_before) {
                    state.runs |= bits;
                }
                true
            }
            Verdict::Alone => {
                state.wanted |= bits;
                state.relaxed & bits != 0
            }
            Verdict::No => false,
        };
        if take {
            best = Some(c);
        }
    }
    best
}

/// Is the repair right before candidate `c`, or the candidate right after it, a letter of the
/// same non-Latin script ([`script_bit`])? Runs of Greek or Cyrillic repairs are evidence; a
/// Greek letter next to a Latin sign (`ОЉ` + `Е“` in Serbian capitals) is not.
fn same_script_neighbour(
    chars: &[char],
    i: usize,
    c: &Candidate,
    fixed_before: Option<char>,
) -> bool {
    let script = script_bit(c.decoded);
    script != 0
        && (fixed_before.is_some_and(|p| script_bit(p) == script)
            || any_candidate(chars, i + c.len).is_some_and(|n| script_bit(n.decoded) == script))
}

/// Does the candidate at `i` (`len` characters) stand between words whose nearest letters
/// (within three characters) are Latin on one side and of `script` ([`script_bit`]: the
/// encoding's own alphabet; 0: none) on neither? Then a Windows-1251 or -1253 reading is Latin text's
/// (`mis Г\u{a0} jour`, `info Β« %s Β»`), not a Cyrillic or Greek capital.
fn latin_gap(chars: &[char], i: usize, len: usize, script: u8) -> bool {
    let left = nearest_letter(chars[..i].iter().rev());
    let right = nearest_letter(chars[i + len..].iter());
    (left.is_some_and(|l| l.is_ascii()) || right.is_some_and(|r| r.is_ascii()))
        && (script == 0
            || !left.is_some_and(|l| script_bit(l) == script)
                && !right.is_some_and(|r| script_bit(r) == script))
}

/// The first letter among the next three characters of `it`, if any.
fn nearest_letter<'a>(it: impl Iterator<Item = &'a char>) -> Option<char> {
    it.take(3).copied().find(|c| c.is_alphabetic())
}

/// Does `d`, decoded right after the character `p` decoded just before it, continue a
/// sequence for the next round? Text misread twice, first through ISO-8859-2 or a codec with
/// undefined bytes (`Ä\u{85}` for `ą`, `Ă˝` for `ý`), then through Windows-1252 (`Ã„Â…`,
/// `Ä‚Ë\u{9d}`), decodes to such a pair on the way back: `d` is then a C1 control or a
/// spacing accent that real text rarely holds. Either the pair is a whole two-character
/// candidate, or `d` is a C1 control after a three- or four-byte lead or another such control.
fn completes_pair(p: char, d: char) -> bool {
    let pair = ENCODINGS.iter().any(|&enc| {
        candidate_at(&[p, d], 0, enc).is_some_and(|c| c.len == 2 && intrinsic_ok(&c, None))
    });
    let c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    let long_lead = [Enc::Win1252, Enc::Latin2]
        .iter()
        .any(|&enc| to_byte(enc, p).is_some_and(|b| (0xE0..=0xF4).contains(&b)));
    pair || c1(d) && (c1(p) || long_lead)
}

/// Is `c` a box-drawing or block character (code page 437's lead and shading bytes)?
fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// Context checks for a candidate that passed [`intrinsic_ok`].
fn accept(
    chars: &[char],
    i: usize,
    c: &Candidate,
    prev: Option<char>,
    fixed_before: Option<char>,
) -> Verdict {
    let yes_or_alone = |ok: bool| if ok { Verdict::Yes } else { Verdict::Alone };
    let prev_fixed = fixed_before.is_some();
    let next = chars.get(i + c.len).copied();
    if c.len > 2 {
        // Three- and four-character shapes are unmistakable (and `plausible_long` already
        // limited the rarer encodings to punctuation, symbols and a few scripts), except a
        // lone letter or digit of a non-Latin script (or a letter-like sign) inside a word:
        // `лії` in Ukrainian `клієнт`, `à\u{a0}»` in French `voilà »` or `á\u{a0}–` in Czech
        // `plná –` are no Hangul, Samaritan or Mongolian. Windows-1251's leads are Cyrillic
        // letters, so its lone ones are refused anywhere (`н’є` ends a Ukrainian word, `в’є`
        // is no circled `Ⓔ`).
        let cp = c.decoded as u32;
        let sign = (matches!(cp, 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0xFFFD)
            || (0x1F000..0x20000).contains(&cp))
            && !c.decoded.is_alphabetic();
        let latin = cp < 0x250 || (0x1E00..=0x1EFF).contains(&cp);
        let in_word =
            prev.is_some_and(char::is_alphanumeric) || next.is_some_and(char::is_alphanumeric);
        let lone = !prev_fixed && any_candidate(chars, i + c.len).is_none();
        // Only a lead that is itself a Latin or Cyrillic letter can be part of a word (code
        // page 437's `πü»` between ASCII words is Japanese `は`).
        let lead = chars[i] as u32;
        let word_lead =
            chars[i].is_alphabetic() && (lead < 0x250 || (0x400..=0x4FF).contains(&lead));
        if !sign && !latin && lone && word_lead && (in_word || c.enc == Enc::Win1251) {
            return Verdict::No;
        }
        return Verdict::Yes;
    }
    // MacRoman `√` + a math sign (`√π`, `√∞`) is as likely a formula as `ù`/`ð`: it needs
    // the usual context (`o√π` for `où` has it).
    let formula = c.enc == Enc::MacRoman
        && chars[i] == '√'
        && chars.get(i + 1).is_some_and(|&m| {
            matches!(
                m,
                '∞' | '±' | '≤' | '≥' | 'µ' | '∂' | '∑' | '∏' | 'π' | '∫' | 'Ω' | '≠'
            )
        });
    if c.strong && !formula {
        return Verdict::Yes;
    }
    let lead = chars[i];
    let next_seq = any_candidate(chars, i + c.len).is_some();
    if needs_run(c.enc, lead) {
        // Only a run of the same script counts (`ОЉ` + `Е“` would be Greek then Latin).
        return yes_or_alone(same_script_neighbour(chars, i, c, fixed_before));
    }
    match c.enc {
        Enc::Win1251 => {
            // `В Г Д Е` + symbol: Latin text read as Windows-1251; only next to Latin letters.
            let latin = (0xA0..=0x24F).contains(&(c.decoded as u32));
            // A Cyrillic letter right after it makes it Cyrillic text (`ВІСІМ`, `\\tВідкрити`).
            if !latin || next.is_some_and(|n| script_bit(n) == 2) && !next_seq {
                return Verdict::No;
            }
            return yes_or_alone(
                next_seq
                    || prev_fixed
                    || next.is_some_and(|n| n.is_ascii_alphanumeric())
                    || prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    || latin_gap(chars, i, c.len, 2)
                    // `В` + a sign is `Â` + sign: a stray NBSP or symbol (`ВЈ15`, `2В°`). Only
                    // signs whose Windows-1251 form is no Cyrillic letter (`Ві` is Ukrainian).
                    || (lead == 'В'
                        && matches!(
                            c.decoded,
                            '°' | '±' | '£' | '©' | '®' | '§' | '¶' | 'µ' | '\u{a0}'
                        )),
            );
        }
        Enc::Win1253 => {
            // `Β Γ Δ Ε` + a sign or accented capital: Latin text read as Windows-1253, but
            // also Greek numerals (`Γ΄ Λυκείου`) and capitals (`ΕΊΝΑΙ`); only inside Latin
            // words or next to another repair.
            if next.is_some_and(|n| script_bit(n) == 1) && !next_seq {
                return Verdict::No;
            }
            return yes_or_alone(
                next_seq
                    || prev_fixed
                    || next.is_some_and(|n| n.is_ascii_alphanumeric())
                    || prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    || latin_gap(chars, i, c.len, 1),
            );
        }
        Enc::Cp437 => return accept_cp437(chars, i, prev, next, prev_fixed, next_seq),
        _ => {}
    }
    // A lowercase letter or a rare combining mark inside an all-capitals word is no repair
    // (`PĂŞUNE` is Romanian, `PROHLÍŽEČ` Czech; but `AÌ\u{81}` is a decomposed `Á`). The next
    // capital must be a real one, not the lead of more mojibake (`BĹ‚Ä™dny`).
    if (c.decoded.is_lowercase() || ('\u{340}'..='\u{36F}').contains(&c.decoded))
        && !prev_fixed
        && !next_seq
        && prev.is_some_and(char::is_uppercase)
        && next.is_some_and(char::is_uppercase)
    {
        return Verdict::No;
    }
    // `Ă` + a non-breaking space is French `à` read as Windows-1250 or ISO-8859-2, a word of
    // its own (`mis Ă\u{a0} jour`).
    let a_grave = c.decoded == 'à' && matches!(c.enc, Enc::Win1250 | Enc::Latin2);
    yes_or_alone(
        next.is_some_and(char::is_alphabetic)
            || next_seq
            || prev_fixed
            || (prev.is_some_and(char::is_lowercase) && c.decoded.is_alphabetic())
            || (a_grave && latin_gap(chars, i, c.len, 0)),
    )
}

/// Code page 437's two-character candidates start with a box-drawing character. Real box
/// drawing puts them next to other drawing characters (`─┐` would be `Ŀ`, `├┤` would be `ô`),
/// mojibake puts them in words (`Krak├│w`). A candidate touching a drawing character that is
/// not part of a neighbouring repair is refused. One whose second character is a drawing or
/// shading character (`│┤╝░`...) also needs one of: a letter or digit before it (also across
/// an apostrophe or hyphen: `bayt'─▒`) or after its run; a run of two or more Greek or
/// Cyrillic letters (`╬║╬▒╬╣` is `και`); the `┬` lead, whose readings are signs (`┬╖` is
/// `·`), standing apart from other drawing and not followed by a single-line piece (`┬┐` can
/// be an empty cell); or single- and double-line pieces that no drawing joins (`├╝`, `┬╗`).
fn accept_cp437(
    chars: &[char],
    i: usize,
    prev: Option<char>,
    next: Option<char>,
    prev_fixed: bool,
    next_seq: bool,
) -> Verdict {
    if prev.is_some_and(is_box) && !prev_fixed || next.is_some_and(is_box) && !next_seq {
        return Verdict::No;
    }
    let lead = chars[i];
    let Some(cont) = chars.get(i + 1).copied().filter(|&c| is_box(c)) else {
        return Verdict::Yes;
    };
    let word_before = match prev {
        Some(p) if p.is_alphanumeric() => true,
        Some('\'' | '’' | '-') => i >= 2 && chars[i - 2].is_alphanumeric(),
        _ => false,
    };
    let sign = lead == '┬' && box_style(cont) != 1;
    if prev_fixed || word_before || sign || box_styles_clash(lead, cont) {
        return Verdict::Yes;
    }
    // Walk the run of code page 437 candidates this one starts: it is a word when one of them
    // ends in a letter, when a letter or digit follows the run, or when it spells two or more
    // Greek or Cyrillic letters.
    let mut j = i;
    let mut letters = 0usize;
    while let Some(c) = candidate_at(chars, j, Enc::Cp437).filter(|c| intrinsic_ok(c, None)) {
        if !chars.get(j + c.len - 1).copied().is_some_and(is_box) {
            return Verdict::Yes;
        }
        if script_bit(c.decoded) != 0 {
            letters += 1;
        }
        j += c.len;
    }
    if letters >= 2 || chars.get(j).is_some_and(|n| n.is_alphanumeric()) {
        return Verdict::Yes;
    }
    Verdict::Alone
}

/// The line style of a box-drawing piece: 1 only single lines, 2 only double lines, 0 mixed
/// pieces, shading and anything else.
fn box_style(c: char) -> u8 {
    match c {
        '─' | '│' | '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' => 1,
        '═' | '║' | '╔' | '╗' | '╚' | '╝' | '╠' | '╣' | '╦' | '╩' | '╬' => 2,
        _ => 0,
    }
}

/// Do box-drawing pieces `a` and `b` have incompatible line styles (one only single lines, the
/// other only double lines)? Drawings never put such pieces side by side.
fn box_styles_clash(a: char, b: char) -> bool {
    box_style(a) * box_style(b) == 2
}

/// Restores two lossy Windows-1252 cases: `Ã` + space (the 0xA0 byte of `à` became a plain
/// space) and `â€` whose third byte (0x9D, undefined in Windows-1252) was lost or replaced.
fn lossy_at(chars: &[char], i: usize, prev: Option<char>) -> Option<(char, usize)> {
    let ch = chars[i];
    let next = chars.get(i + 1).copied();
    if ch == 'Ã' && next == Some(' ') && !prev.is_some_and(char::is_uppercase) {
        let after = chars.get(i + 2).copied();
        if after.is_some_and(|a| a == ' ' || a.is_alphabetic()) || after.is_none() {
            return Some(('à', 2));
        }
    }
    // A UTF-8 sequence whose undefined byte a strict decoder replaced with U+FFFD: what it was
    // is lost, so the whole sequence becomes one U+FFFD (ftfy's "lossy sequences").
    if let Some(b0) = to_byte(Enc::Win1252, ch) {
        let need = match b0 {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need > 0 {
            let tail = chars.get(i + 1..i + 1 + need);
            let fits = tail.is_some_and(|t| {
                t.contains(&'\u{FFFD}')
                    && t.iter()
                        .all(|&c| c == '\u{FFFD}' || to_byte(Enc::Win1252, c).is_some_and(is_cont))
            });
            if fits {
                return Some(('\u{FFFD}', need + 1));
            }
        }
    }
    if ch == 'â' && next == Some('€') && prev.is_some_and(|p| !p.is_whitespace()) {
        match chars.get(i + 2).copied() {
            None => return Some(('”', 2)),
            Some(c) if !to_byte(Enc::Win1252, c).is_some_and(is_cont) => return Some(('”', 2)),
            _ => {}
        }
    }
    None
}

/// Repairs mojibake in `text`. Returns the repaired text and the number of sequences fixed, or
/// `None` when nothing needed fixing (the common case, decided without allocating for ASCII).
pub fn fix_mojibake(text: &str) -> Option<(String, usize)> {
    if text.is_ascii() {
        return None;
    }
    let mut cur: Option<String> = None;
    let mut total = 0usize;
    fix_rounds(text, &mut cur, &mut total);
    if let Some((next, n)) = fix_c1(cur.as_deref().unwrap_or(text)) {
        cur = Some(next);
        total += n;
        // The mapped controls may complete a sequence (`Ĺ\u{9B}` is `Ĺ›`, Windows-1250 for
        // `ś`): repair again, so that cleaning the output changes nothing more.
        fix_rounds(text, &mut cur, &mut total);
    }
    cur.map(|c| (c, total))
}

/// Repeats [`fix_round`] on `cur` (or `text` while nothing changed) until nothing changes;
/// each round shortens the text, and six rounds undo even quintuple encodings.
fn fix_rounds(text: &str, cur: &mut Option<String>, total: &mut usize) {
    for _ in 0..6 {
        match fix_round(cur.as_deref().unwrap_or(text)) {
            Some((next, n)) => {
                *cur = Some(next);
                *total += n;
            }
            None => break,
        }
    }
}

/// C1 controls left after the repair are Windows-1252 text read as Latin-1 (`\u{93}quoted
/// \u{94}`): map them to the Windows-1252 characters (the five bytes it leaves undefined stay,
/// and the control-character step removes them).
fn fix_c1(text: &str) -> Option<(String, usize)> {
    let has_c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    if !text.chars().any(has_c1) {
        return None;
    }
    let mut n = 0usize;
    let out = text
        .chars()
        .map(|c| {
            if !has_c1(c) {
                return c;
            }
            let mapped = WINDOWS_1252[(c as usize) - 0x80];
            if has_c1(mapped) {
                c
            } else {
                n += 1;
                mapped
            }
        })
        .collect();
    (n > 0).then_some((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        fix_mojibake(s)
            .map(|(t, _)| t)
            .unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn windows_1252_apostrophes_and_quotes() {
        assert_eq!(fix("the mayorâ€™s office"), "the mayor’s office");
        assert_eq!(
            fix("â€œWe wonâ€™t stop,â€\u{9d} she said"),
            "“We won’t stop,” she said"
        );
        assert_eq!(fix("a long pauseâ€¦ then"), "a long pause… then");
        assert_eq!(fix("2010â€“2014"), "2010–2014");
    }

    #[test]
    fn latin1_letters() {
        assert_eq!(fix("cafÃ© crÃ¨me"), "café crème");
        assert_eq!(fix("SÃ£o Paulo"), "São Paulo");
        assert_eq!(fix("Ã‰cole"), "École");
        assert_eq!(fix("costs Â£5"), "costs £5");
        assert_eq!(fix("MÃ¼nchen and ZÃ¼rich"), "München and Zürich");
    }

    #[test]
    fn c1_controls_from_latin1_reading() {
        // UTF-8 read as Latin-1: the middle byte of ’ becomes U+0080.
        assert_eq!(fix("it\u{e2}\u{80}\u{99}s"), "it’s");
        // 0x81 is undefined in Windows-1252: Á is C3 81.
        assert_eq!(fix("\u{c3}\u{81}frica"), "África");
    }

    #[test]
    fn windows_1252_read_as_latin1() {
        assert_eq!(fix("\u{93}quoted\u{94} \u{80}5"), "“quoted” €5");
        assert_eq!(fix("odd \u{81} byte"), "odd \u{81} byte");
    }

    #[test]
    fn double_encoding() {
        assert_eq!(fix("donÃ¢â‚¬â„¢t"), "don’t");
        assert_eq!(fix("cafÃƒÂ©"), "café");
        assert_eq!(fix("doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t"), "doesn’t");
        assert_eq!(fix("Å¸ is rare, Å\u{a0} too"), "Ÿ is rare, Š too");
    }

    #[test]
    fn other_scripts_and_encodings() {
        assert_eq!(fix("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€"), "Привет мир");
        assert_eq!(fix("Î±Î²Î³ test"), "αβγ test");
        assert_eq!(fix("zaÅ¼Ã³Å‚Ä‡ gÄ™Å›lÄ…"), "zażółć gęślą");
        assert_eq!(fix("emoji ðŸ˜€ here"), "emoji 😀 here");
        // MacRoman.
        assert_eq!(fix("caf√© and it‚Äôs"), "café and it’s");
        assert_eq!(fix("≈Å√≥d≈∫ and ƒ∞stanbul"), "Łódź and İstanbul");
        assert_eq!(fix("Êó•Êú¨Ë™û"), "日本語");
        assert_eq!(fix("smile \u{F8FF}üòÄ"), "smile 😀");
        // Windows-1250 and Latin text read as Windows-1251.
        assert_eq!(fix("cafĂ© crĂ¨me, zaĹĽĂłĹ‚Ä‡"), "café crème, zażółć");
        assert_eq!(fix("SГЈo Paulo, MГјnchen"), "São Paulo, München");
        assert_eq!(fix("25В°C В± 2В°, ВЈ15"), "25°C ± 2°, £15");
        assert_eq!(fix("ОљО±О»О·ОјО\u{AD}ПЃО±"), "Καλημέρα");
        // Windows-1251.
        assert_eq!(fix("РџСЂРёРІРµС‚"), "Привет");
        assert_eq!(fix("itвЂ™s"), "it’s");
    }

    #[test]
    fn mixed_line_keeps_good_text() {
        assert_eq!(fix("café and cafÃ© — naïve"), "café and café — naïve");
    }

    #[test]
    fn java_modified_utf8_surrogate_pairs() {
        // "😀" written as two encoded surrogates (ED A0 BD ED B8 80), read as Windows-1252,
        // with and without the non-breaking space (byte A0) surviving.
        assert_eq!(
            fix("Smile \u{ED}\u{A0}\u{BD}\u{ED}\u{B8}\u{20AC} now"),
            "Smile 😀 now"
        );
        assert_eq!(
            fix("Smile \u{ED} \u{BD}\u{ED}\u{B8}\u{20AC} now"),
            "Smile 😀 now"
        );
        assert_eq!(join_cesu_pairs(b"plain"), None);
        // A lone encoded surrogate is no pair: left alone.
        assert_eq!(fix("x \u{ED}\u{A0}\u{BD} y"), "x \u{ED}\u{A0}\u{BD} y");
    }

    #[test]
    fn lossy_bytes() {
        assert_eq!(fix("voilÃ  la"), "voilà la");
        assert_eq!(fix("voilÃ\u{A0} la"), "voilà la");
        assert_eq!(fix("Ã  cÃ´tÃ© de la gare"), "à côté de la gare");
        assert_eq!(fix("costs 5Â â‚¬ today"), "costs 5\u{A0}€ today");
        assert_eq!(fix("he said â€œnoâ€ twice"), "he said “no” twice");
        assert_eq!(fix("â€œ like this â€\u{FFFD}"), "“ like this \u{FFFD}");
        assert_eq!(fix("the cafÃ\u{FFFD} was shut"), "the caf\u{FFFD} was shut");
    }

    #[test]
    fn legitimate_text_untouched() {
        for s in [
            "café crème brûlée, naïve façade, Ångström",
            "Привет, как дела? Рёв мотора. Съешь же ещё этих мягких французских булок",
            "Вітаю, як справи? Від Києва до Львова",
            "Καλημέρα κόσμε",
            "≥ 5 € ± 2 µm, ½ cup, 90°, ©2020, ™",
            "emoji 😀👍🏽 and 👨‍👩‍👧",
            "CAFÉ” said the sign",
            "HUHLL Õ…",
            "NOËL» and «ÇA»",
            "l’été dernier — à Paris",
            "Łódź, Gdańsk, Kraków; ŹRÓDŁO ÓŁ",
            "Grüß’ dich",
            "IRMÃ E IRMÃO",
            "IRMÃ E",
            "¿Qué? ¡Sí!",
            "(╯°□°）╯︵ ┻━┻",
            "Ĺ and Ľ are Slovak letters: Ĺ’ is odd but legal",
            "Über „Anführungszeichen“ und »Guillemets«",
            "Ça va? À bientôt!",
            "NESTLÉ® and ESPAÑA® brands",
            "½ × ¼ = ⅛, 2×3, 25ºC",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ",
            "ГДЕ» — спросил он. «ОНО»",
            "В «Правде» (В«Известиях») писали",
            "f(x) ≈ 5, ƒ(x) ∞ ‚quoted‘",
            "Tiếng Việt có dấu",
        ] {
            assert_eq!(fix(s), s, "changed: {s}");
        }
    }

    #[test]
    fn ascii_is_fast_path() {
        assert!(fix_mojibake("plain ascii text").is_none());
    }
}
