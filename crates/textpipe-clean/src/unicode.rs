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
    /// Remove C0 control characters but tab, line feed, vertical tab and form feed
    /// (U+0000..U+0008, U+000E..U+001F, U+007F), terminal escape sequences whole (CSI and
    /// OSC), and the invisible characters listed at `is_invisible` (zero-width space, bidi
    /// marks, BOM, soft hyphens). C1 controls are kept.
    pub remove_control: bool,
    /// Map non-breaking, ideographic and other exotic spaces (and tabs) to a plain space.
    pub normalize_spaces: bool,
    /// Map typographic quotes to `'` and `"`.
    pub straighten_quotes: bool,
    /// Spell out Latin ligatures ("ﬁ" to "fi"): copy-paste residue from typeset PDFs.
    pub fix_ligatures: bool,
    /// Map full-width and half-width forms to their ordinary width ("ＡＢＣ１" to "ABC1",
    /// half-width katakana to the usual forms), as NFKC does for those characters alone.
    /// Full-width punctuation next to CJK text (`你好，世界！`) is kept.
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

/// Is `c` a full-width punctuation mark (`，！：（）`...) next to Chinese, Japanese or Korean
/// text (or the box drawing and shapes of kaomoji, `(╯°□°）╯︵ ┻━┻`)? There it is the correct form, not copy-paste residue, and `fix_width` keeps it;
/// full-width letters and digits (`ＡＢＣ１`) are still mapped.
fn cjk_punctuation_in_cjk(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let punct = matches!(c, '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}');
    let cjk = |x: Option<char>| {
        x.is_some_and(|x| {
            matches!(x, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}'
                | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}'
                | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
                | '\u{FF5B}'..='\u{FF65}' | '\u{2500}'..='\u{27BF}' | '\u{FE30}'..='\u{FE4F}'
                | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}'
                | '\u{20000}'..='\u{2FA1F}')
        })
    };
    punct && (cjk(prev) || cjk(next))
}

/// Length in bytes of a terminal escape sequence at the start of `b` (which starts with ESC),
/// as ECMA-48 defines them:
///
/// - CSI: `ESC [`, parameter bytes `0x30..=0x3F` (digits, `;`, `<=>?`), intermediate bytes
///   `0x20..=0x2F`, one final byte `0x40..=0x7E` (`ESC[31m`, `ESC[=3h`, `ESC[?25l`);
/// - OSC: `ESC ]` up to BEL or `ESC \` (window titles, hyperlinks: `ESC]0;title BEL`); an
///   OSC left open runs to the end of the line at most.
fn terminal_escape_len(b: &[u8]) -> Option<usize> {
    match b.get(1)? {
        b'[' => {
            let mut i = 2;
            while b.get(i).is_some_and(|x| (0x30..=0x3F).contains(x)) {
                i += 1;
            }
            while b.get(i).is_some_and(|x| (0x20..=0x2F).contains(x)) {
                i += 1;
            }
            b.get(i)
                .filter(|x| (0x40..=0x7E).contains(*x))
                .map(|_| i + 1)
        }
        b']' => {
            let mut i = 2;
            while let Some(&x) = b.get(i) {
                match x {
                    0x07 => return Some(i + 1),
                    0x1B if b.get(i + 1) == Some(&b'\\') => return Some(i + 2),
                    b'\n' | 0x1B => return None,
                    _ => i += 1,
                }
            }
            None
        }
        _ => None,
    }
}

/// A replacement: fixed text, or text built for the character.
enum Rep {
    Str(&'static str),
    Owned(String),
}

/// Invisible characters removed by `remove_control` (besides the control characters listed
/// at [`CharOptions::remove_control`]):
///
/// - U+00AD soft hyphen (at a line end followed by a small letter, the line break goes too);
/// - U+034F combining grapheme joiner, U+061C Arabic letter mark, U+180E Mongolian vowel
///   separator;
/// - U+200B zero-width space, U+200E/U+200F left-to-right and right-to-left marks;
/// - U+202A..U+202E bidi embeddings and overrides, U+2060..U+2064 word joiner and invisible
///   operators, U+2066..U+2069 bidi isolates;
/// - U+FEFF byte-order mark / zero-width no-break space;
/// - U+FFF9..U+FFFB interlinear annotation marks.
///
/// Zero-width joiner and non-joiner (U+200C, U+200D) are kept: emoji sequences and Persian or
/// Indic spelling need them.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Control characters removed by `remove_control`: C0 controls U+0000..U+0008, U+000E..U+001F
/// and DEL U+007F. Tab, line feed, vertical tab and form feed stay (spaces and breaks);
/// carriage return becomes a line break. C1 controls U+0080..U+009F stay, as ftfy keeps them:
/// the mojibake repair has already read those that stood for Windows-1252 characters, and what
/// is left may belong to the text (U+0085 next line becomes a line break).
fn is_removed_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{E}'..='\u{1F}' | '\u{7F}')
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
    prev: Option<char>,
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
    if opts.fix_width && !cjk_punctuation_in_cjk(c, prev, next) {
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
        c if opts.remove_control && (is_invisible(c) || is_removed_control(c)) => ("", 1, true),
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
        let prev = text[..i].chars().next_back();
        match map_char(c, prev, next, next2, opts) {
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
        // Full-width punctuation is correct inside Chinese, Japanese and Korean text.
        let zh = "你好，世界！北京（中国）：首都。こんにちは！ (╯°□°）╯︵ ┻━┻";
        assert_eq!(run(zh, ALL), zh);
        assert_eq!(run("ＡＢＣ，ｘ", ALL), "ABC,x");
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
        // Private-mode CSI and OSC sequences go whole.
        assert_eq!(run("\x1b[=3hmode\x1b[?25l off", ALL), "mode off");
        assert_eq!(
            run("\x1b]0;title\x07text \x1b]8;;http://x\x1b\\link", ALL),
            "text link"
        );
        // An OSC left open at a line end is not swallowed: only its ESC goes.
        assert_eq!(run("\x1b]0;t\nnext", ALL), "]0;t\nnext");
    }

    #[test]
    fn c1_controls_are_kept() {
        let c1 = "odd \u{81} and \u{9D} bytes, \u{90}";
        assert_eq!(run(c1, ALL), c1);
        // Next line is a line break; C0 controls and DEL go.
        assert_eq!(run("a\u{85}b\u{1}\u{7F}c", ALL), "a\nbc");
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
