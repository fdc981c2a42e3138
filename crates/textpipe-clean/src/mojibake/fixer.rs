//! The repair itself: find runs of characters that re-encode, in one codec, to well-formed
//! UTF-8, and replace them by what they decode to when that makes the text less bad.
//!
//! A *run* is a maximal chain of UTF-8 sequences in one codec: a character that encodes to a
//! lead byte (`C2..=F4`), then as many characters as it asks for that encode to continuation
//! bytes (`80..=BF`), again and again. Three sloppy readings are allowed inside a sequence, as
//! in ftfy: a plain space where byte `A0` (a no-break space) belongs, in the positions
//! ftfy's `ALTERED_UTF8_RE` lists; `U+FFFD` for a byte a strict decoder lost (the sequence then
//! decodes as one `U+FFFD`); and CESU-8 surrogate pairs.
//!
//! Per line, until nothing changes:
//!
//! 1. *Whole line*: when every non-ASCII character of the line lies in runs of one codec
//!    (ftfy's main case: the line re-encodes and decodes completely), the decoded line is
//!    taken if it is less bad than the line and every run passes [`safe`].
//! 2. *Runs*: otherwise each run is judged alone, with three characters of context either
//!    side: it must be bad in that window, the decoded window strictly less bad, and the run
//!    must pass [`safe`]. Among codecs, the longest run wins, then the one with fewer sloppy
//!    bytes, then codec order.
//! 3. *C1 controls* left over are read as Windows-1252 (`\u{93}` is `“`), when that codec
//!    defines the byte; the five it leaves undefined stay.

use super::badness::{badness, is_bad};
use super::codecs::{
    continuation_count, decode_sequence, decode_surrogate_pair, is_continuation, Byte, Codec,
    CODECS,
};
use crate::tables::WINDOWS_1252;

/// A run found at some position in one codec.
#[derive(Debug, Clone)]
struct Run {
    /// One past its last character.
    end: usize,
    /// What it decodes to.
    decoded: Vec<char>,
    /// Characters read through the sloppy Latin-1 fallback.
    sloppy: usize,
    /// Plain spaces read as byte `A0`.
    restored: usize,
    /// Number of UTF-8 sequences.
    seqs: usize,
    /// Decoded letters that are rare in the languages that use them (see [`rare`]).
    rare: usize,
}

/// Letters rare enough in Czech, Slovak, Romanian (and Nordic in Central European) text that, when Windows-1250 and
/// ISO-8859-2 (which put `Ą Ľ Ś Š Ť Ž Ź` at different bytes) both decode a run, the reading
/// with fewer of them wins (`mĂĄĹĄ` is `máš`, not `måť`).
fn rare(c: char) -> bool {
    matches!(c, 'ť' | 'Ť' | 'ĺ' | 'Ĺ' | 'ŕ' | 'Ŕ' | 'Ţ' | 'ţ' | 'å' | 'Å')
}

/// One sequence at `chars[j]`: (characters consumed, decoded character, sloppy count,
/// restored count).
fn sequence_at(chars: &[char], j: usize, codec: Codec) -> Option<(usize, char, usize, usize)> {
    let lead_byte = codec.encode(*chars.get(j)?)?;
    let lead = lead_byte.value()?;
    let n = continuation_count(lead).or(if lead == 0xED { Some(2) } else { None })?;
    let mut sloppy = usize::from(matches!(lead_byte, Byte::Sloppy(_)));
    // `Ã` + space + a word: an `à` whose A0 byte was lost (ftfy's A_GRAVE_WORD_RE); the
    // space stays.
    if lead == 0xC3 && chars.get(j + 1) == Some(&' ') && codec.a0_is_nbsp() {
        let rest: String = chars.iter().skip(j + 2).take(5).collect();
        let next = chars.get(j + 2).copied();
        let excluded = ["quele", "quela", "quilo", "s "]
            .iter()
            .any(|w| rest.starts_with(w));
        if next.is_some_and(char::is_alphanumeric) && !excluded {
            return Some((1, 'à', sloppy, 1));
        }
    }
    let mut bytes: [Option<u8>; 4] = [Some(lead), None, None, None];
    let mut restored = 0usize;
    for k in 1..=n {
        let c = *chars.get(j + k)?;
        if c == ' '
            && restored == 0
            && codec.a0_is_nbsp()
            && (a0_allowed(lead, k, n, &bytes) || a0_in_script_run(chars, j, k, n, lead))
        {
            // Only where the next byte (if any) does not rule it out.
            bytes[k] = Some(0xA0);
            restored += 1;
            continue;
        }
        match codec.encode(c)? {
            Byte::Lost => bytes[k] = None,
            b @ (Byte::Exact(_) | Byte::Sloppy(_)) => {
                let v = b.value()?;
                if !is_continuation(v) {
                    return None;
                }
                sloppy += usize::from(matches!(b, Byte::Sloppy(_)));
                bytes[k] = Some(v);
            }
        }
    }
    if restored > 0 && n >= 2 {
        // ftfy: the other continuation bytes of a 3-byte sequence must not be 85 or A0.
        let others_ok = bytes[1..=n]
            .iter()
            .all(|b| b.is_some_and(|v| v != 0x85) || b.is_none());
        if !others_ok {
            return None;
        }
    }
    if lead == 0xED && bytes[1].is_some_and(|b| (0xA0..=0xAF).contains(&b)) {
        // A CESU-8 surrogate pair: six characters.
        let mut six = [0u8; 6];
        for (k, slot) in six.iter_mut().enumerate() {
            *slot = codec.encode(*chars.get(j + k)?)?.value()?;
        }
        let c = decode_surrogate_pair(&six)?;
        return Some((6, c, sloppy, restored));
    }
    let decoded = decode_sequence(&bytes[..=n])?;
    Some((n + 1, decoded, sloppy, restored))
}

/// May a plain space stand for byte `A0` at continuation `k` of a sequence led by `lead`?
/// The cases of ftfy's `ALTERED_UTF8_RE`, which decode to likely characters.
fn a0_allowed(lead: u8, k: usize, n: usize, bytes: &[Option<u8>; 4]) -> bool {
    match n {
        1 => matches!(lead, 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9),
        2 if k == 1 => matches!(lead, 0xE2 | 0xE3),
        // Not `â€ `: a `”` whose undefined last byte was dropped, far likelier than a `†`.
        2 if lead == 0xE2 && bytes[1] == Some(0x80) => false,
        2 => {
            (0xE0..=0xE3).contains(&lead)
                && bytes[1].is_some_and(|b| b != 0x85 && b != 0xA0 && is_continuation(b))
        }
        _ => lead == 0xF0,
    }
}

/// Beyond ftfy's list: a space for byte `A0` inside a run of Hebrew (`×` leads, `נ` is
/// `D7 A0`) or CJK (leads `E4..=E9`, `你` is `E4 BD A0`) mojibake, when more mojibake follows.
fn a0_in_script_run(chars: &[char], j: usize, k: usize, n: usize, lead: u8) -> bool {
    let after = chars.get(j + n + 1).copied();
    match (n, lead) {
        (1, 0xD7) => after == Some('×'),
        (2, 0xE4..=0xE9) => k == 2 && after.is_some_and(|c| !c.is_ascii() && !c.is_whitespace()),
        _ => false,
    }
}

/// Decoded letters whose case does not fit their neighbours: a capital before or after a
/// small letter inside a word (`HÜlgyeim`), `ß` right after a capital (`Fßr`). A tiebreak
/// between codecs that both decode a run (Windows-1250 and ISO-8859-2 read `Ăź` as `ß`
/// and `ü`).
fn oddness(run: &Run, chars: &[char], i: usize) -> usize {
    let (_, p, n, _) = context(chars, i, run.end);
    let d = &run.decoded;
    let at = |k: isize| -> Option<char> {
        if k < 0 {
            p
        } else if k as usize >= d.len() {
            n
        } else {
            Some(d[k as usize])
        }
    };
    let lower = |c: Option<char>| c.is_some_and(char::is_lowercase);
    let upper = |c: Option<char>| c.is_some_and(char::is_uppercase);
    (0..d.len() as isize)
        .filter(|&k| {
            let c = d[k as usize];
            let (before, after) = (at(k - 1), at(k + 1));
            c.is_uppercase() && !c.is_ascii() && lower(after) && (lower(before) || upper(before))
                || c == 'ß' && upper(before) && lower(after)
        })
        .count()
}

/// The run of `codec` sequences starting at `chars[i]`, if there is one.
fn run_at(chars: &[char], i: usize, codec: Codec) -> Option<Run> {
    let mut run = Run {
        end: i,
        decoded: Vec::new(),
        sloppy: 0,
        restored: 0,
        seqs: 0,
        rare: 0,
    };
    while let Some((len, c, sloppy, restored)) = sequence_at(chars, run.end, codec) {
        run.end += len;
        run.decoded.push(c);
        run.sloppy += sloppy;
        run.restored += restored;
        run.seqs += 1;
        run.rare += usize::from(rare(c));
    }
    (run.seqs > 0).then_some(run)
}

/// Characters a repair may produce: the scripts, signs and symbols of real text (and C1
/// controls, which a double encoding's first round leaves for the second).
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0x80..=0x17F | 0x18F | 0x192 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1CD..=0x1DC | 0x1E6
        | 0x1E7 | 0x1EA | 0x1EB | 0x1F8 | 0x1F9 | 0x218..=0x21B | 0x259 | 0x2BB | 0x2BC | 0x2C6..=0x2DD | 0x300..=0x36F
        | 0x370..=0x3FF | 0x401..=0x40C | 0x40E..=0x44F | 0x451..=0x45C | 0x45E..=0x52F | 0x531..=0x58A | 0x591..=0x5F4 | 0x600..=0x6FF
        | 0x900..=0xDFF | 0xE00..=0xEFF | 0x10A0..=0x10FF | 0x1100..=0x11FF
        | 0x1E00..=0x1FFF | 0x2000..=0x2064 | 0x2070..=0x209F | 0x20A0..=0x20C0
        | 0x2100..=0x23FF | 0x2460..=0x27FF | 0x2900..=0x2BFF | 0x3000..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFB00..=0xFB4F | 0xFE00..=0xFE0F | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0xFFFD
        | 0x1F000..=0x1FAFF | 0x20000..=0x2FA1F | 0xE0020..=0xE007F)
}

/// A letter of Latin script (ASCII, Latin-1, Extended-A/B, Vietnamese).
fn latin_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(c as u32, 0..=0x24F | 0x1E00..=0x1EFF)
}

/// A letter of an alphabet that two-byte UTF-8 encodes (Greek, Cyrillic, Armenian, Hebrew,
/// Arabic and their neighbours).
fn two_byte_script_letter(c: char) -> bool {
    c.is_alphabetic() && (0x370..=0x7FF).contains(&(c as u32))
}

/// The context rules that keep correct text correct. `p` and `n` are the characters around
/// the run (outside it), `pp` the one before `p` and `nn` the one after `n`.
///
/// - Every decoded character is [`plausible`]; a combining accent needs a letter before it.
/// - A run starting with box drawing must not touch more box drawing (`─┐»`).
/// - A single decoded two-byte sequence must fit its neighbours: no small letter after a
///   capital unless a small letter follows and the capital starts its word
///   (`MANHÃ\u{a0}QUE`, `«AMANHÃ»`, `IRMÃ\u{a0}a`), no capital
///   inside a small-letter word, and no Greek, Cyrillic, Hebrew or Arabic letter between two
///   Latin letters, or touching one when its second character is a common sign such as a
///   no-break space (`ÞAÐ\u{a0}ER`).
/// - A space read as byte `A0` needs a small-letter context: a small letter next to it or one
///   space away, not after a capital or a lone capital, and not before a capital
///   (`C O N C L U S Ã O`).
fn safe(run: &Run, chars: &[char], i: usize) -> bool {
    let (pp, p, n, nn) = context(chars, i, run.end);
    let d = &run.decoded;
    if !d.iter().all(|&c| plausible(c)) {
        return false;
    }
    if let Some(&first) = d.first() {
        if ('\u{300}'..='\u{36F}').contains(&first) && !p.is_some_and(char::is_alphabetic) {
            return false;
        }
    }
    // Box drawing touching more box drawing is a drawing, not code page 437 mojibake.
    let drawing = |c: Option<char>| c.is_some_and(|c| ('\u{2500}'..='\u{259F}').contains(&c));
    if drawing(chars.get(i).copied()) && (drawing(p) || drawing(n)) {
        return false;
    }
    let upper = |c: Option<char>| c.is_some_and(char::is_uppercase);
    let lower = |c: Option<char>| c.is_some_and(char::is_lowercase);
    if run.seqs == 1 && d.len() == 1 && (d[0] as u32) < 0x800 {
        let c = d[0];
        if c.is_lowercase() && upper(p) && (!lower(n) || upper(pp)) {
            return false;
        }
        if c.is_uppercase() && lower(p) && lower(n) {
            return false;
        }
        let common_second = chars
            .get(i + 1)
            .is_some_and(|&x| super::badness::classes(x) & super::badness::class::COMMON != 0);
        let lat = |c: Option<char>| c.is_some_and(latin_letter);
        if two_byte_script_letter(c) && (lat(p) && lat(n) || (lat(p) || lat(n)) && common_second) {
            return false;
        }
    }
    if run.restored > 0 {
        if upper(p) || upper(n) {
            return false;
        }
        if p.is_some_and(char::is_whitespace) && upper(pp) {
            return false;
        }
        if n == Some(' ') && upper(nn) {
            return false;
        }
        let spaced = |c: Option<char>| c.is_some_and(char::is_whitespace);
        let small_near = lower(p) || lower(n) || spaced(p) && lower(pp) || spaced(n) && lower(nn);
        // A lone `Ã` word at the end of a line is no `à` that lost its byte.
        if !small_near || spaced(p) && (n.is_none() || spaced(n) && nn.is_none()) {
            return false;
        }
    }
    true
}

/// Context of a run at `i..end`: two characters before and two after.
fn context(
    chars: &[char],
    i: usize,
    end: usize,
) -> (Option<char>, Option<char>, Option<char>, Option<char>) {
    let before = |k: usize| i.checked_sub(k).and_then(|x| chars.get(x)).copied();
    (
        before(2),
        before(1),
        chars.get(end).copied(),
        chars.get(end + 1).copied(),
    )
}

/// Step 1: the whole line in one codec. Returns the new line and the number of sequences.
///
/// Every decoded character must be plausible, and more runs must pass the context rules of
/// [`safe`] than fail them (a Vietnamese line read as Windows-1252 has a few runs that look
/// like an all-capitals word alone, `HÃ\u{a0}`; a correct all-capitals line has only those).
/// The result must be less bad than the line, or lead in one more round to a line that is.
fn whole_line(chars: &[char], lookahead: bool) -> Option<(Vec<char>, usize)> {
    let before = badness(chars, true);
    // (badness after, rare + odd letters, sloppy bytes), the line, sequences fixed.
    type Candidate = ((usize, usize, usize), Vec<char>, usize);
    let mut best: Option<Candidate> = None;
    for &codec in &CODECS {
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0usize;
        let (mut seqs, mut sloppy, mut passed, mut failed) = (0usize, 0usize, 0usize, 0usize);
        let mut rarity = 0usize;
        let mut odd = 0usize;
        let mut ok = true;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii() {
                out.push(c);
                i += 1;
                continue;
            }
            let Some(run) = run_at(chars, i, codec) else {
                ok = false;
                break;
            };
            if !run.decoded.iter().all(|&c| plausible(c)) {
                ok = false;
                break;
            }
            if safe(&run, chars, i) {
                passed += 1;
            } else {
                failed += 1;
            }
            out.extend_from_slice(&run.decoded);
            seqs += run.seqs;
            sloppy += run.sloppy;
            rarity += run.rare;
            odd += oddness(&run, chars, i);
            i = run.end;
        }
        if !ok || seqs == 0 || failed >= passed {
            continue;
        }
        let mut after = badness(&out, true);
        if after >= before && lookahead {
            // A double encoding's first round can leave as many C1 controls as it removed.
            if let Some((next, n)) = whole_line(&out, false).or_else(|| runs(&out)) {
                let b = badness(&next, true);
                if b < before {
                    out = next;
                    seqs += n;
                    after = b;
                }
            }
        }
        if after >= before {
            continue;
        }
        let key = (after, odd + rarity, sloppy);
        let better = match &best {
            None => true,
            Some(b) => key < b.0,
        };
        if better {
            best = Some((key, out, seqs));
        }
    }
    best.map(|(_, out, seqs)| (out, seqs))
}

/// Step 2: runs judged one by one. Returns the new line and the number of sequences fixed.
fn runs(chars: &[char]) -> Option<(Vec<char>, usize)> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut fixed = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut best: Option<Run> = None;
        let key = |r: &Run| {
            (
                r.end,
                std::cmp::Reverse(r.rare + oddness(r, chars, i)),
                std::cmp::Reverse(r.sloppy),
            )
        };
        for &codec in &CODECS {
            let Some(run) = run_at(chars, i, codec) else {
                continue;
            };
            if best.as_ref().is_some_and(|b| key(&run) <= key(b)) {
                continue;
            }
            if accept_run(chars, i, &run) {
                best = Some(run);
            }
        }
        match best {
            Some(run) => {
                out.extend_from_slice(&run.decoded);
                fixed += run.seqs;
                i = run.end;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    (fixed > 0).then_some((out, fixed))
}

/// Is the run at `i` a repair on its own: bad in its window, less bad decoded, and safe?
fn accept_run(chars: &[char], i: usize, run: &Run) -> bool {
    if !safe(run, chars, i) {
        return false;
    }
    let lo = i.saturating_sub(3);
    let hi = (run.end + 3).min(chars.len());
    let window = &chars[lo..hi];
    let before = badness(window, lo == 0);
    if before == 0 {
        return false;
    }
    let mut decoded: Vec<char> = Vec::with_capacity(window.len());
    decoded.extend_from_slice(&chars[lo..i]);
    decoded.extend_from_slice(&run.decoded);
    decoded.extend_from_slice(&chars[run.end..hi]);
    badness(&decoded, lo == 0) < before
}

/// `â€` whose third byte was dropped (Windows-1252 leaves 0x9D, the end of `”`, undefined):
/// after a word it was a closing quote; before more emoji mojibake, a zero-width joiner
/// (0x8D). Returns the replacement.
fn dropped_third_byte(chars: &[char], i: usize) -> Option<char> {
    if chars.get(i) != Some(&'â') || chars.get(i + 1) != Some(&'€') {
        return None;
    }
    let next = chars.get(i + 2).copied();
    if next.is_some_and(|c| {
        Codec::Win1252
            .encode(c)
            .and_then(Byte::value)
            .is_some_and(is_continuation)
            || c == '\u{FFFD}'
    }) {
        return None;
    }
    if next == Some('ð') && i > 0 && chars[i - 1] != ' ' {
        return Some('\u{200D}');
    }
    let prev = i.checked_sub(1).map(|k| chars[k]);
    prev.is_some_and(|p| !p.is_whitespace()).then_some('”')
}

/// Step 3: C1 controls read as Windows-1252 where it defines the byte.
fn c1_controls(chars: &[char]) -> Option<(Vec<char>, usize)> {
    let mut n = 0usize;
    let out: Vec<char> = chars
        .iter()
        .map(|&c| {
            if !('\u{80}'..='\u{9F}').contains(&c) {
                return c;
            }
            let mapped = WINDOWS_1252[c as usize - 0x80];
            if mapped == c {
                c
            } else {
                n += 1;
                mapped
            }
        })
        .collect();
    (n > 0).then_some((out, n))
}

/// Lone `â€` with a dropped byte, repaired after the other steps.
fn dropped_bytes(chars: &[char]) -> Option<(Vec<char>, usize)> {
    let mut out = Vec::with_capacity(chars.len());
    let mut n = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        if let Some(r) = dropped_third_byte(chars, i) {
            out.push(r);
            n += 1;
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (n > 0).then_some((out, n))
}

/// Repairs one line (given as characters). Returns the repaired line and how many sequences
/// were replaced, or `None` when it is left as it is.
pub(crate) fn fix_line(chars: &[char]) -> Option<(Vec<char>, usize)> {
    let mut cur: Option<Vec<char>> = None;
    let mut total = 0usize;
    // Each round shortens the line or lowers its badness; ten undo even quintuple encodings.
    for _ in 0..10 {
        let text = cur.as_deref().unwrap_or(chars);
        if !is_bad(text, true) {
            break;
        }
        let step = whole_line(text, true)
            .or_else(|| runs(text))
            .or_else(|| c1_controls(text))
            .or_else(|| dropped_bytes(text));
        match step {
            Some((next, n)) => {
                total += n;
                cur = Some(next);
            }
            None => break,
        }
    }
    cur.map(|c| (c, total))
}
