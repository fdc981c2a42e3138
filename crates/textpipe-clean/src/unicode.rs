//! Character-level clean-up: line endings, control and invisible characters, terminal colour
//! escapes, exotic spaces, Latin ligatures, full- and half-width forms, optional quote
//! straightening, and Unicode normalization (NFC by default, NFKC on request).

use serde::{Deserialize, Serialize};
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Unicode normalization form applied to the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Normalization {
    /// Canonical composition: visually identical text compares equal; nothing is lost.
    #[default]
    Nfc,
    /// Compatibility composition: also folds ligatures, full-width forms, superscripts.
    Nfkc,
    /// Leave the text as it is.
    None,
}

/// What [`clean_chars`] does.
#[derive(Debug, Clone, Copy)]
pub struct CharOptions {
    /// Remove control, zero-width and bidi-format characters and soft hyphens.
    pub remove_control: bool,
    /// Map non-breaking, ideographic and other exotic spaces (and tabs) to a plain space.
    pub normalize_spaces: bool,
    /// Map typographic quotes to `'` and `"`.
    pub straighten_quotes: bool,
    /// Spell out Latin ligatures ("ﬁ" to "fi"): copy-paste residue from typeset PDFs.
    pub fix_ligatures: bool,
    /// Map full-width and half-width forms to their ordinary width ("ＡＢＣ１" to "ABC1",
    /// half-width katakana to the usual forms), as NFKC does for those characters alone.
    pub fix_width: bool,
}

/// A Latin ligature spelled out (the NFKC decomposition of exactly these characters).
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "ʼn",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'Ǳ' => "DZ",
        'ǲ' => "Dz",
        'ǳ' => "dz",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' => "ſt",
        'ﬆ' => "st",
        _ => return None,
    })
}

/// The ordinary-width form of a character of the Halfwidth and Fullwidth Forms block
/// (U+FF01-U+FFEF), `None` for other characters and those without one.
fn ordinary_width(c: char) -> Option<String> {
    if !('\u{FF01}'..='\u{FFEF}').contains(&c) {
        return None;
    }
    let mut out = String::new();
    unicode_normalization::char::decompose_compatible(c, |d| out.push(d));
    (out.chars().ne(std::iter::once(c))).then_some(out)
}

/// Length in bytes of a terminal escape sequence (`ESC [ 31 m`, `ESC [ 0 ; 1 m`) at the start
/// of `b`, which starts with ESC.
fn terminal_escape_len(b: &[u8]) -> Option<usize> {
    if b.get(1) != Some(&b'[') {
        return None;
    }
    let params = b[2..]
        .iter()
        .take_while(|x| x.is_ascii_digit() || **x == b';')
        .count();
    b.get(2 + params)
        .filter(|x| x.is_ascii_alphabetic())
        .map(|_| 3 + params)
}

/// A replacement: fixed text, or text built for the character.
enum Rep {
    Str(&'static str),
    Owned(String),
}

/// Removes invisible characters (zero-width space, word joiner, BOM, soft hyphen, bidi marks).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

fn is_exotic_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{000B}' | '\u{000C}' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// What to do with one character (or a `\r\n` pair).
fn map_char(
    c: char,
    next: Option<char>,
    next2: Option<char>,
    opts: CharOptions,
) -> Option<(Rep, usize, bool)> {
    // (replacement, chars consumed, counts as a removal)
    if opts.fix_ligatures {
        if let Some(l) = ligature(c) {
            return Some((Rep::Str(l), 1, false));
        }
    }
    if opts.fix_width {
        if let Some(w) = ordinary_width(c) {
            return Some((Rep::Owned(w), 1, false));
        }
    }
    let (rep, n, removal) = match c {
        '\r' if next == Some('\n') => ("\n", 2, false),
        // A soft hyphen ending a line marks a word broken there: join it ("pro\u{AD}\nvince").
        '\u{00AD}'
            if opts.remove_control
                && next == Some('\n')
                && next2.is_some_and(char::is_lowercase) =>
        {
            ("", 2, true)
        }
        '\r' | '\u{0085}' | '\u{2028}' => ("\n", 1, false),
        '\u{2029}' => ("\n\n", 1, false),
        c if opts.normalize_spaces && is_exotic_space(c) => (" ", 1, false),
        c if opts.remove_control
            && (is_invisible(c)
                || (c.is_control() && !matches!(c, '\n' | '\t' | '\u{000B}' | '\u{000C}'))) =>
        {
            ("", 1, true)
        }
        '‘' | '’' | '‚' | '‛' if opts.straighten_quotes => ("'", 1, false),
        '“' | '”' | '„' | '‟' if opts.straighten_quotes => ("\"", 1, false),
        _ => return None,
    };
    Some((Rep::Str(rep), n, removal))
}

/// Applies the character-level fixes. Returns the new text and the number of characters
/// removed, or `None` when nothing changed. Plain ASCII runs are skipped in bulk and the
/// output is only built once something changes.
pub fn clean_chars(text: &str, opts: CharOptions) -> Option<(String, u64)> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut removed = 0u64;
    let mut i = 0usize;
    while i < b.len() {
        let x = b[i];
        if (0x20..0x7F).contains(&x) || x == b'\n' {
            i += 1;
            continue;
        }
        // A terminal colour escape goes whole ("\x1b[31m"), not just its ESC.
        if x == 0x1b && opts.remove_control {
            if let Some(n) = terminal_escape_len(&b[i..]) {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[copied..i]);
                removed += 1;
                i += n;
                copied = i;
                continue;
            }
        }
        // A char starts at `i` (we only stop on ASCII bytes and lead bytes).
        let mut it = text[i..].chars();
        let Some(c) = it.next() else { break };
        let next = it.next();
        let next2 = it.next();
        match map_char(c, next, next2, opts) {
            None => i += c.len_utf8(),
            Some((rep, n, is_removal)) => {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[copied..i]);
                match &rep {
                    Rep::Str(r) => o.push_str(r),
                    Rep::Owned(r) => o.push_str(r),
                }
                if is_removal {
                    removed += 1;
                }
                i += c.len_utf8()
                    + if n == 2 {
                        next.map_or(0, char::len_utf8)
                    } else {
                        0
                    };
                copied = i;
            }
        }
    }
    let mut o = out?;
    o.push_str(&text[copied..]);
    Some((o, removed))
}

/// Normalizes `text` to `form`; `None` when it already is (checked without allocating).
pub fn normalize(text: &str, form: Normalization) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    match form {
        Normalization::None => None,
        Normalization::Nfc => {
            if is_nfc_quick(text.chars()) == IsNormalized::Yes {
                return None;
            }
            let s: String = text.nfc().collect();
            (s != text).then_some(s)
        }
        Normalization::Nfkc => {
            if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
                return None;
            }
            let s: String = text.nfkc().collect();
            (s != text).then_some(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: CharOptions = CharOptions {
        remove_control: true,
        normalize_spaces: true,
        straighten_quotes: false,
        fix_ligatures: true,
        fix_width: true,
    };

    fn run(s: &str, o: CharOptions) -> String {
        clean_chars(s, o)
            .map(|x| x.0)
            .unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn line_endings_controls_and_spaces() {
        assert_eq!(run("a\r\nb\rc", ALL), "a\nb\nc");
        assert_eq!(
            run("zero\u{200B}width soft\u{00AD}hyphen\u{0007}", ALL),
            "zerowidth softhyphen"
        );
        assert_eq!(run("a\u{00A0}b\u{2009}c\u{3000}d\te", ALL), "a b c d e");
        assert_eq!(run("\u{FEFF}bom", ALL), "bom");
        assert_eq!(run("para\u{2029}next", ALL), "para\n\nnext");
        assert_eq!(run("pro\u{AD}\nvince", ALL), "province");
        assert_eq!(run("end\u{AD}\n\nNext", ALL), "end\n\nNext");
    }

    #[test]
    fn ligatures_widths_and_terminal_escapes() {
        assert_eq!(
            run("The ﬁnal ﬂight, efﬁcient ﬀ ﬃ ĳ", ALL),
            "The final flight, efficient ff ffi ij"
        );
        assert_eq!(run("ＡＢＣ　１２３！ ｈｅｌｌｏ", ALL), "ABC 123! hello");
        // Half-width katakana become the usual forms; signs keep their meaning.
        assert_eq!(run("ｶﾀｶﾅ ￥500 ￡3", ALL), "カタカナ ¥500 £3");
        // Ordinary CJK, accented and Greek text is untouched.
        let plain = "日本語 café Καλημέρα ½";
        assert_eq!(run(plain, ALL), plain);
        assert_eq!(
            run("\x1b[31mRed\x1b[0m and \x1b[1;4mbold\x1b[m.", ALL),
            "Red and bold."
        );
        // A lone ESC (not a colour code) is still a control character.
        assert_eq!(run("a\x1bb \x1b[", ALL), "ab [");
    }

    #[test]
    fn keeps_joiners_and_quotes_by_default() {
        let family = "👨\u{200D}👩\u{200D}👧 “quoted” ‘single’";
        assert_eq!(run(family, ALL), family);
        let straight = CharOptions {
            straighten_quotes: true,
            ..ALL
        };
        assert_eq!(run("“quoted” it’s", straight), "\"quoted\" it's");
    }

    #[test]
    fn switches_off() {
        let none = CharOptions {
            remove_control: false,
            normalize_spaces: false,
            straighten_quotes: false,
            fix_ligatures: false,
            fix_width: false,
        };
        let kept = "a\u{00A0}b\u{200B} ﬁne ＡＢＣ \x1b[1m";
        assert_eq!(run(kept, none), kept);
    }

    #[test]
    fn nfc_and_nfkc() {
        assert_eq!(
            normalize("cafe\u{0301}", Normalization::Nfc).as_deref(),
            Some("café")
        );
        assert_eq!(normalize("café", Normalization::Nfc), None);
        assert_eq!(
            normalize("ﬁne ²", Normalization::Nfkc).as_deref(),
            Some("fine 2")
        );
        assert_eq!(normalize("ﬁne", Normalization::Nfc), None);
        assert_eq!(normalize("cafe\u{0301}", Normalization::None), None);
    }
}
