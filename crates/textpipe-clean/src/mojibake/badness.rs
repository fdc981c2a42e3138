//! "Badness": how many character sequences in a text are very unlikely in real writing and
//! typical of UTF-8 read through a single-byte codec.
//!
//! The few hundred characters that UTF-8 mojibake produces are sorted into classes (the
//! classes of ftfy's `badness.py`, plus two for Hebrew and Arabic read as Windows-1255/1256),
//! and a sequence is bad when it puts classes side by side that real text does not. The
//! classes:
//!
//! | class | members | why |
//! |---|---|---|
//! | `C1` | U+0080..U+009F | C1 controls: no use in modern text |
//! | `BAD` | `¦ ¤ ¨ ¬ ¯ ¸ ƒ ˆ ˇ ˘ ˛ ˜ † ‡ ‰ ⌐ ◊ � ª º` | almost only seen in mojibake |
//! | `COMMON` | NBSP, soft hyphen, `· ´ – — ― … ’` | common anywhere: never evidence alone |
//! | `LAW` | `¶ §` | legal text |
//! | `CURRENCY` | `¢ £ ¥ ₧ €` | |
//! | `START` | `¡ « ¿ © ΄ ΅ ‘ ‚ “ „ • ‹` U+F8FF | punctuation opening something |
//! | `END` | `® » ˝ ” › ™` | punctuation closing something |
//! | `NUMERIC` | `² ³ ¹ ± ¼ ½ ¾ × µ ÷ ⁄ ∂ ∆ ∏ ∑ √ ∞ ∩ ∫ ≈ ≠ ≡ ≤ ≥ №` | maths signs |
//! | `KAOMOJI` | `Ò-Ö Ù-Ü ò-ö ø-ü Ő Ō Ū Ų °` | letters of emoticon faces: judged leniently |
//! | `UPPER_ACC` | `À-Ñ Ø Ü Ý` and Latin Extended-A capitals, `Ґ` | leads of 2-byte UTF-8 |
//! | `LOWER_ACC` | `ß à-ñ` and Latin Extended-A small letters, `ґ ﬁ ﬂ` | leads of 3-byte UTF-8 |
//! | `UPPER_COMMON` | `Þ`, Greek and Cyrillic capitals | |
//! | `LOWER_COMMON` | Greek and Cyrillic small letters | |
//! | `BOX` | box drawing and block pieces but `─` | code page 437 readings |
//! | `HEB_LEAD` | `׳ ״` (bytes D7 D8 in Windows-1255) | Hebrew UTF-8 leads in Windows-1255 |
//! | `ARAB_LEAD` | `ط ظ ع غ` (bytes D8..DB in Windows-1256) | Arabic UTF-8 leads in Windows-1256 |
//!
//! The bad patterns ("neighbour rules") are listed in [`bad_at`]; each is a test of one, two,
//! three or four neighbouring characters. Counting is per starting character.

/// Bit flags of the classes a character belongs to (a character can be in several).
pub(crate) mod class {
    /// C1 control.
    pub const C1: u32 = 1;
    /// Nearly only in mojibake.
    pub const BAD: u32 = 1 << 1;
    /// Common everywhere.
    pub const COMMON: u32 = 1 << 2;
    /// Legal signs.
    pub const LAW: u32 = 1 << 3;
    /// Currency signs.
    pub const CURRENCY: u32 = 1 << 4;
    /// Opening punctuation.
    pub const START: u32 = 1 << 5;
    /// Closing punctuation.
    pub const END: u32 = 1 << 6;
    /// Maths signs.
    pub const NUMERIC: u32 = 1 << 7;
    /// Letters of emoticons.
    pub const KAOMOJI: u32 = 1 << 8;
    /// Accented capitals that lead 2-byte UTF-8.
    pub const UPPER_ACC: u32 = 1 << 9;
    /// Accented small letters that lead 3-byte UTF-8.
    pub const LOWER_ACC: u32 = 1 << 10;
    /// Greek and Cyrillic capitals, thorn.
    pub const UPPER_COMMON: u32 = 1 << 11;
    /// Greek and Cyrillic small letters.
    pub const LOWER_COMMON: u32 = 1 << 12;
    /// Box drawing.
    pub const BOX: u32 = 1 << 13;
    /// Windows-1255 readings of Hebrew UTF-8 leads.
    pub const HEB_LEAD: u32 = 1 << 14;
    /// Windows-1256 readings of Arabic UTF-8 leads.
    pub const ARAB_LEAD: u32 = 1 << 15;
}

use class::*;

/// The classes of `c` (0 for characters mojibake does not produce, and all ASCII).
pub(crate) fn classes(c: char) -> u32 {
    let cp = c as u32;
    if cp < 0x80 {
        return 0;
    }
    match c {
        '\u{80}'..='\u{9F}' => C1,
        '\u{A0}' | '\u{AD}' | '·' | '´' | '–' | '—' | '―' | '…' | '’' => COMMON,
        '¦' | '¤' | '¨' | '¬' | '¯' | '¸' | 'ƒ' | 'ˆ' | 'ˇ' | '˘' | '˛' | '˜' | '†' | '‡' | '‰'
        | '⌐' | '◊' | '\u{FFFD}' | 'ª' | 'º' => BAD,
        '¶' | '§' => LAW,
        '¢' | '£' | '¥' | '₧' | '€' => CURRENCY,
        '¡' | '«' | '¿' | '©' | '΄' | '΅' | '‘' | '‚' | '“' | '„' | '•' | '‹' | '\u{F8FF}' => {
            START
        }
        '®' | '»' | '˝' | '”' | '›' | '™' => END,
        '²' | '³' | '¹' | '±' | '¼' | '½' | '¾' | '×' | 'µ' | '÷' | '⁄' | '∂' | '∆' | '∏' | '∑'
        | '√' | '∞' | '∩' | '∫' | '≈' | '≠' | '≡' | '≤' | '≥' | '№' => NUMERIC,
        '°' => KAOMOJI,
        'Ò'..='Ö' | 'Ù'..='Û' | 'ò'..='ö' | 'ø'..='û' | 'Ő' | 'Ō' | 'Ū' | 'Ų' => {
            KAOMOJI
        }
        'Ü' => KAOMOJI | UPPER_ACC,
        'ü' => KAOMOJI | LOWER_ACC,
        'À'..='Ñ'
        | 'Ø'
        | 'Ý'
        | 'Ă'
        | 'Ā'
        | 'Ą'
        | 'Ć'
        | 'Č'
        | 'Ď'
        | 'Đ'
        | 'Ę'
        | 'Ě'
        | 'Ē'
        | 'Ė'
        | 'Ğ'
        | 'Ģ'
        | 'İ'
        | 'Ī'
        | 'Ķ'
        | 'Ĺ'
        | 'Ľ'
        | 'Ł'
        | 'Ļ'
        | 'Ń'
        | 'Ň'
        | 'Ņ'
        | 'Œ'
        | 'Ř'
        | 'Ś'
        | 'Ş'
        | 'Š'
        | 'Ţ'
        | 'Ť'
        | 'Ů'
        | 'Ű'
        | 'Ÿ'
        | 'Ź'
        | 'Ż'
        | 'Ž'
        | 'Ґ' => UPPER_ACC,
        'ß'
        | 'à'..='ñ'
        | 'ă'
        | 'ą'
        | 'ā'
        | 'ć'
        | 'č'
        | 'ď'
        | 'đ'
        | 'ę'
        | 'ě'
        | 'ē'
        | 'ė'
        | 'ğ'
        | 'ģ'
        | 'į'
        | 'ī'
        | 'ķ'
        | 'ĺ'
        | 'ľ'
        | 'ł'
        | 'ļ'
        | 'œ'
        | 'ŕ'
        | 'ś'
        | 'ş'
        | 'š'
        | 'ť'
        | 'ź'
        | 'ż'
        | 'ž'
        | 'ґ'
        | 'ﬁ'
        | 'ﬂ' => LOWER_ACC,
        'Þ' | 'Α'..='Ω' | 'Ά' | 'Έ' | 'Ή' | 'Ί' | 'Ό' | 'Ύ' | 'Ώ' | 'Ϊ' | 'Ϋ' | 'Ё'..='Я' => {
            UPPER_COMMON
        }
        'α'..='ω' | 'ά' | 'έ' | 'ή' | 'ί' | 'ΰ' | 'а'..='џ' => LOWER_COMMON,
        '│'
        | '┌'
        | '┐'
        | '┘'
        | '├'
        | '┤'
        | '┬'
        | '┼'
        | '═'..='╬'
        | '▀'
        | '▄'
        | '█'
        | '▌'
        | '▐'
        | '░'
        | '▒'
        | '▓' => BOX,
        '׳' | '״' => HEB_LEAD,
        'ط' | 'ظ' | 'ع' | 'غ' => ARAB_LEAD,
        _ => 0,
    }
}

/// Classes that, followed by a `BAD` character, make a bad pair.
const BEFORE_BAD: u32 = BAD | LOWER_ACC | UPPER_ACC | BOX | START | END | CURRENCY | NUMERIC | LAW;

/// Is `c` in the class set `set`?
fn is(c: Option<char>, set: u32) -> bool {
    c.is_some_and(|c| classes(c) & set != 0)
}

/// Windows-1255 readings of UTF-8 continuation bytes that real Hebrew does not put after a
/// geresh or gershayim: C1, signs, and letters of other codecs.
fn heb_cont(c: Option<char>) -> bool {
    matches!(
        c,
        Some(
            '\u{80}'
                ..='\u{9F}'
                    | '€'
                    | 'ƒ'
                    | '„'
                    | '†'
                    | '‡'
                    | 'ˆ'
                    | '‰'
                    | '‹'
                    | '•'
                    | '˜'
                    | '™'
                    | '›'
                    | '¡'
                    | '¢'
                    | '£'
                    | '₪'
                    | '¥'
                    | '¦'
                    | '§'
                    | '¨'
                    | '©'
                    | '×'
                    | '¬'
                    | '®'
                    | '¯'
                    | '°'
                    | '±'
                    | '²'
                    | '³'
                    | '´'
                    | 'µ'
                    | '¶'
                    | '·'
                    | '¸'
                    | '¹'
                    | '÷'
                    | '¼'
                    | '½'
                    | '¾'
                    | '¿'
        )
    )
}

/// Windows-1256 readings of UTF-8 continuation bytes that real Arabic does not put right after
/// `ط ظ ع غ`: C1, signs (not the Arabic comma, quotes or guillemets).
fn arab_cont(c: Option<char>) -> bool {
    matches!(
        c,
        Some(
            '\u{80}'
                ..='\u{9F}'
                    | '€'
                    | 'ƒ'
                    | '„'
                    | '†'
                    | '‡'
                    | 'ˆ'
                    | '‰'
                    | '‹'
                    | 'Œ'
                    | '•'
                    | '™'
                    | '›'
                    | 'œ'
                    | '¢'
                    | '£'
                    | '¤'
                    | '¥'
                    | '¦'
                    | '§'
                    | '¨'
                    | '©'
                    | '¬'
                    | '®'
                    | '¯'
                    | '°'
                    | '±'
                    | '²'
                    | '³'
                    | '´'
                    | 'µ'
                    | '¶'
                    | '·'
                    | '¸'
                    | '¹'
                    | '¼'
                    | '½'
                    | '¾'
        )
    )
}

/// A letter of Cyrillic, Hebrew (with its points) or Arabic script.
fn foreign_letter(c: char) -> bool {
    let cp = c as u32;
    (0x400..=0x4FF).contains(&cp) && c.is_alphabetic()
        || (0x5B0..=0x5F2).contains(&cp)
        || (0x620..=0x64A).contains(&cp)
        || (0x671..=0x6D3).contains(&cp)
}

/// A Latin capital with a diacritic (Latin-1 Supplement, Extended-A and -B).
fn latin_upper_accented(c: char) -> bool {
    ('\u{C0}'..='\u{24F}').contains(&c) && c.is_uppercase()
}

/// A sign: not ASCII, not a letter, digit or space.
fn is_sign(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace()
}

/// Windows-1251 readings of continuation bytes that are signs (not letters).
fn cp1251_sign(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        is_sign(c) && crate::tables::WINDOWS_1251[..0x40].contains(&c) && !matches!(c, '«' | '»')
    })
}

/// Code page 437's readings of UTF-8 two-byte leads `C2..=DF`.
fn cp437_lead(c: char) -> bool {
    matches!(
        c,
        '┬' | '├'
            | '─'
            | '┼'
            | '╞'
            | '╟'
            | '╚'
            | '╔'
            | '╩'
            | '╦'
            | '╠'
            | '═'
            | '╬'
            | '╧'
            | '╨'
            | '╤'
            | '╥'
            | '╙'
            | '╘'
            | '╒'
            | '╓'
            | '╫'
            | '╪'
            | '┘'
            | '┌'
            | '█'
            | '▄'
            | '▌'
            | '▐'
            | '▀'
    )
}

/// Code page 437's readings of UTF-8 continuation bytes `80..=BF`.
fn cp437_cont(c: Option<char>) -> bool {
    c.is_some_and(|c| crate::tables::CP437[..0x40].contains(&c))
}

/// Does a bad pattern start at `chars[i]`? Every pattern is one branch below; those led by an
/// ASCII character come first.
fn bad_at(chars: &[char], i: usize) -> bool {
    let g = |k: usize| chars.get(i + k).copied();
    let (c0, c1, c2) = (g(0), g(1), g(2));
    let Some(a) = c0 else { return false };
    if a.is_ascii() {
        // [a-zA-Z] [lower_common upper_common] [bad] (ftfy), widened to any sign that
        // continues a UTF-8 sequence (`niΓ±o`, `rΓ\u{ad}o`: Windows-1253).
        if a.is_ascii_alphabetic()
            && is(c1, LOWER_COMMON | UPPER_COMMON)
            && (is(c2, BAD | NUMERIC | CURRENCY | START | END | LAW | C1)
                || matches!(c2, Some('\u{A0}' | '\u{AD}')))
        {
            return true;
        }
        // An ASCII letter glued to a Cyrillic, Hebrew or Arabic letter or a Hebrew point
        // (`cafГ©`, `cafأ©`, `cafֳ©`, `nג€™`): no language mixes these scripts inside a word.
        if a.is_ascii_alphabetic() && c1.is_some_and(foreign_letter) {
            return true;
        }
        // A small ASCII letter followed by an accented Latin capital (`GÜteborg`, `cafĂŠ`).
        if a.is_ascii_lowercase() && c1.is_some_and(latin_upper_accented) {
            return true;
        }
        // \s [upper_acc] [currency]
        if a.is_whitespace() && is(c1, UPPER_ACC) && is(c2, CURRENCY) {
            return true;
        }
        if a.is_ascii_lowercase() {
            // [a-z] [upper_acc] [start currency]
            if is(c1, UPPER_ACC) && is(c2, START | CURRENCY) {
                return true;
            }
            // [a-z] \s? [ÃÂ] [ ]
            if matches!(c1, Some('Ã' | 'Â')) && c2 == Some(' ') {
                return true;
            }
            if c1.is_some_and(char::is_whitespace)
                && matches!(c2, Some('Ã' | 'Â'))
                && g(3) == Some(' ')
            {
                return true;
            }
        }
        // [a-z.,?! end] Â [ start end]
        if (a.is_ascii_lowercase() || matches!(a, '.' | ',' | '?' | '!'))
            && c1 == Some('Â')
            && (c2 == Some(' ') || is(c2, START | END))
        {
            return true;
        }
        return false;
    }
    let ca = classes(a);
    let has = |set: u32| ca & set != 0;
    if has(C1) {
        return true;
    }
    // An accented small letter followed by a non-letter, or a start character like `[a-z]` and
    // `\s` patterns but led by a non-ASCII whitespace.
    if a.is_whitespace() && is(c1, UPPER_ACC) && is(c2, CURRENCY) {
        return true;
    }
    if has(BEFORE_BAD) && is(c1, BAD) {
        return true;
    }
    if has(BAD)
        && is(
            c1,
            LOWER_ACC | UPPER_ACC | BOX | START | END | CURRENCY | NUMERIC | LAW,
        )
    {
        return true;
    }
    if has(LOWER_ACC | LOWER_COMMON | BOX | END | CURRENCY | NUMERIC) && is(c1, UPPER_ACC) {
        return true;
    }
    if has(BOX | END | CURRENCY | NUMERIC) && is(c1, LOWER_ACC) {
        return true;
    }
    if has(LOWER_ACC | BOX | END) && is(c1, CURRENCY) {
        return true;
    }
    if has(UPPER_ACC | BOX) && is(c1, NUMERIC | LAW) {
        return true;
    }
    if has(LOWER_ACC | UPPER_ACC | BOX | CURRENCY | END) && is(c1, START) && is(c2, NUMERIC) {
        return true;
    }
    if has(LOWER_ACC | UPPER_ACC | CURRENCY | NUMERIC | BOX | LAW) && is(c1, END) && is(c2, START) {
        return true;
    }
    if has(CURRENCY | NUMERIC | BOX) && is(c1, START) {
        return true;
    }
    if has(BOX) && is(c1, KAOMOJI) {
        return true;
    }
    if has(LOWER_ACC | UPPER_ACC | CURRENCY | NUMERIC | START | END | LAW) && is(c1, BOX) {
        return true;
    }
    if has(BOX) && is(c1, END) {
        return true;
    }
    if has(LOWER_ACC | UPPER_ACC)
        && is(c1, START | END)
        && c2.is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return true;
    }
    // The ligature œ not followed by an unaccented Latin letter.
    if matches!(a, 'Œ' | 'œ') && c1.is_some_and(|c| !c.is_ascii_alphabetic()) {
        return true;
    }
    // A degree sign after an accented capital.
    if has(UPPER_ACC) && c1 == Some('°') {
        return true;
    }
    // Common Windows-1252 two-character mojibake the rules above miss.
    if matches!(a, 'Â' | 'Ã' | 'Î' | 'Ð')
        && (matches!(
            c1,
            Some(
                '€' | 'œ'
                    | 'Š'
                    | 'š'
                    | '¢'
                    | '£'
                    | 'Ÿ'
                    | 'ž'
                    | '\u{A0}'
                    | '\u{AD}'
                    | '®'
                    | '©'
                    | '°'
                    | '·'
                    | '»'
                    | '–'
                    | '—'
                    | '´'
            )
        ) || is(c1, START | END))
    {
        return true;
    }
    // [end] Â [ start end]: `Â` before a sign it encodes a second time.
    if has(END) && c1 == Some('Â') && (c2 == Some(' ') || is(c2, START | END)) {
        return true;
    }
    if a == '×' && matches!(c1, Some('²' | '³')) {
        return true;
    }
    // Arabic read as Windows-1252: four characters, since the pairs use common characters.
    let arab = |c: Option<char>| {
        is(c, COMMON | CURRENCY | BAD | NUMERIC | START)
            || matches!(c, Some('Ÿ' | 'Š' | '®' | '°' | 'µ' | '»'))
    };
    if matches!(a, 'Ø' | 'Ù') && arab(c1) && matches!(c2, Some('Ø' | 'Ù')) && arab(g(3)) {
        return true;
    }
    // Windows-1252 leads of three-byte South Asian letters.
    if a == 'à' && matches!(c1, Some('²' | 'µ' | '¹' | '¼' | '½' | '¾')) {
        return true;
    }
    // MacRoman.
    if a == '√'
        && matches!(
            c1,
            Some('±' | '∂' | '†' | '≠' | '®' | '™' | '´' | '≤' | '≥' | '¥' | 'µ' | 'ø')
        )
    {
        return true;
    }
    if a == '≈' && matches!(c1, Some('°' | '¢')) {
        return true;
    }
    if a == '‚'
        && c1 == Some('Ä')
        && matches!(
            c2,
            Some('ì' | 'î' | 'ï' | 'ò' | 'ô' | 'ú' | 'ù' | 'û' | '†' | '°' | '¢' | 'π')
        )
    {
        return true;
    }
    if a == '‚' && matches!(c1, Some('â' | 'ó')) && matches!(c2, Some('à' | 'ä' | '°' | 'ê'))
    {
        return true;
    }
    // Windows-1251: U+2000 punctuation, and Latin-1 signs between Cyrillic leads.
    if a == 'в' && c1 == Some('Ђ') {
        return true;
    }
    let cyr_lead = |c: Option<char>| matches!(c, Some('В' | 'Г' | 'Р' | 'С'));
    if cyr_lead(c0)
        && (is(c1, C1 | BAD | START | END | CURRENCY) || matches!(c1, Some('°' | 'µ')))
        && cyr_lead(c2)
    {
        return true;
    }
    if a == 'Г'
        && c1 == Some('ў')
        && c2 == Some('В')
        && g(3) == Some('Ђ')
        && g(4) == Some('В')
        && g(6).is_some_and(|c| c.is_ascii_alphabetic() || c == ' ')
    {
        return true;
    }
    // Windows-1252: `Ã` + the byte A0 or A1 (`à á`).
    if a == 'Ã' && matches!(c1, Some('\u{A0}' | '¡')) {
        return true;
    }
    // Windows-1253.
    if a == 'β'
        && c1 == Some('€')
        && matches!(c2, Some('™' | '\u{A0}' | 'Ά' | '\u{AD}' | '®' | '°'))
    {
        return true;
    }
    let greek_lead = |c: Option<char>| matches!(c, Some('Β' | 'Γ' | 'Ξ' | 'Ο'));
    if greek_lead(c0)
        && (is(c1, C1 | BAD | START | END | CURRENCY) || c1 == Some('°'))
        && greek_lead(c2)
    {
        return true;
    }
    // Windows-1257: U+2000 punctuation.
    if a == 'ā' && c1 == Some('€') {
        return true;
    }
    // Code page 437: a box-drawing lead and a continuation inside a word (`Krak├│w`,
    // `├ëcole`), two letters on one side, so that drawings with labels (`├┤a┼┐a`) stay.
    if cp437_lead(a) && cp437_cont(c1) {
        let before = |k: usize| i.checked_sub(k).and_then(|x| chars.get(x)).copied();
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        if letter(before(1)) && letter(before(2)) || letter(c2) && letter(g(3)) {
            return true;
        }
    }
    // Code page 437 degree sign and other `┬` signs after a number (`25 ┬░C`).
    if a == '┬' && cp437_cont(c1) {
        let before = |k: usize| i.checked_sub(k).and_then(|x| chars.get(x)).copied();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        if digit(before(1)) || before(1) == Some(' ') && digit(before(2)) {
            return true;
        }
    }
    // Windows-1252 leads of three-byte CJK (`E4..=E9`: `ä å æ ç è é`) followed by two signs
    // (`æ°´` is `水`).
    if matches!(a, 'ä' | 'å' | 'æ' | 'ç' | 'è' | 'é')
        && c1.is_some_and(is_sign)
        && c2.is_some_and(is_sign)
        && !matches!(c1, Some('«' | '»' | '…' | '’' | '”' | '–' | '—'))
    {
        return true;
    }
    // ISO-8859-2 / Windows-1250: `Ă` (byte C3) before a small letter of the upper half
    // (`FĂźr`, `HĂślgyeim`); not `ş ţ`, which follow `Ă` in Romanian.
    if a == 'Ă'
        && c1.is_some_and(|c| {
            c.is_lowercase()
                && !matches!(c, 'ş' | 'ţ')
                && (crate::tables::ISO_8859_2[0x20..0x40].contains(&c)
                    || crate::tables::WINDOWS_1250[..0x40].contains(&c))
        })
    {
        return true;
    }
    // A Greek or Cyrillic letter glued to an accented Latin letter (`ΓÇÖ`: code page 437;
    // `ΓΒ©`): no language mixes scripts inside a word.
    if (has(UPPER_COMMON | LOWER_COMMON) && a != 'Þ')
        && c1.is_some_and(|c| ('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
    {
        return true;
    }
    // The mirror case: a Cyrillic, Hebrew or Arabic letter followed by an ASCII letter.
    if foreign_letter(a) && c1.is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    // A Hebrew point not after a Hebrew letter or another point: Windows-1255 reading of a
    // UTF-8 lead (`ֳ©` is `é`).
    if ('\u{5B0}'..='\u{5C7}').contains(&a) {
        let prev = i.checked_sub(1).and_then(|k| chars.get(k)).copied();
        if !prev.is_some_and(|p| ('\u{591}'..='\u{5F2}').contains(&p)) {
            return true;
        }
    }
    // Windows-1251: a Cyrillic capital, a sign, a Cyrillic capital (ftfy's `[ВГРС]` rule for
    // every capital: `О±О»` is `αλ`, `Ч©Ч` Hebrew, `Д‘Г` Vietnamese).
    let cyr_cap = |c: Option<char>| c.is_some_and(|c| ('\u{400}'..='\u{42F}').contains(&c));
    if cyr_cap(c0) && cp1251_sign(c1) && cyr_cap(c2) {
        return true;
    }
    // The lead of a U+2000..U+2FFF sequence (byte E2) followed by two signs: `в”‚` (box drawing
    // read as Windows-1251), `β”‚` (Windows-1253), `ג€™` (Windows-1255).
    if matches!(a, 'в' | 'β' | 'ג' | 'ā') && c1.is_some_and(is_sign) && c2.is_some_and(is_sign)
    {
        return true;
    }
    // MacRoman: `√` (byte C3) before a letter or sign of the upper half but `π` (`√§` is
    // `ä`), and a dash, sign, dash run (`–ü—Ä` is Cyrillic).
    if a == '√' && c1.is_some_and(|c| !c.is_ascii() && c != 'π' && !c.is_whitespace()) {
        return true;
    }
    if matches!(a, '–' | '—')
        && c1.is_some_and(|c| !c.is_ascii() && !c.is_whitespace())
        && matches!(c2, Some('–' | '—'))
    {
        return true;
    }
    // Windows-1255 and -1256: a Hebrew or Arabic UTF-8 lead followed by a sign.
    if has(HEB_LEAD) && heb_cont(c1) {
        return true;
    }
    if has(ARAB_LEAD) && arab_cont(c1) {
        return true;
    }
    false
}

/// Is this the start of a line-initial `[ÃÂ] ` (ftfy's `^[ÃÂ][ ]`)?
fn bad_line_start(chars: &[char]) -> bool {
    matches!(chars.first(), Some('Ã' | 'Â')) && chars.get(1) == Some(&' ')
}

/// The number of positions in `chars` where a bad pattern starts. `at_line_start` says whether
/// `chars[0]` opens a line (for the line-initial rule).
pub(crate) fn badness(chars: &[char], at_line_start: bool) -> usize {
    let mut n = usize::from(at_line_start && bad_line_start(chars));
    for i in 0..chars.len() {
        if chars[i].is_ascii() {
            // ASCII-led patterns need a non-ASCII character right after or one further on.
            if chars.get(i + 1).is_some_and(|c| !c.is_ascii())
                || chars.get(i + 2).is_some_and(|c| !c.is_ascii())
            {
                n += usize::from(bad_at(chars, i));
            }
        } else {
            n += usize::from(bad_at(chars, i));
        }
    }
    n
}

/// Does any bad pattern occur in `chars`?
pub(crate) fn is_bad(chars: &[char], at_line_start: bool) -> bool {
    if at_line_start && bad_line_start(chars) {
        return true;
    }
    (0..chars.len()).any(|i| {
        !chars[i].is_ascii()
            || chars.get(i + 1).is_some_and(|c| !c.is_ascii())
            || chars.get(i + 2).is_some_and(|c| !c.is_ascii())
    } && bad_at(chars, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(s: &str) -> usize {
        badness(&s.chars().collect::<Vec<_>>(), true)
    }

    #[test]
    fn mojibake_is_bad() {
        for s in [
            "cafÃ©",
            "donâ€™t",
            "Ã¨",
            "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
            "caf√©",
            "itвЂ™s",
            "Kraków is Krak├│w",
            "\u{93}quoted\u{94}",
            "׳©׳׳•׳",
            "ظ…ط±ط\u{AD}ط¨ط§",
            "voilÃ  la",
            "Ã  la",
            "2β€™",
            "ā€ś",
            "Le cafГ© de la gare",
            "Le cafֳ© de la gare",
            "Le cafأ© de la gare",
            "kĂśpte",
            "El niΓ±o",
            "H√§n k√§veli",
            "–ü—Ä–∏–≤–µ—Ç",
            "β”‚ Name β”‚",
            "в”‚ Name в”‚",
            "ОљО±О»О·ОјО",
            "It was 25 ┬░C",
            "the sign æ°´ means",
        ] {
            assert!(bad(s) > 0, "not bad: {s}");
        }
    }

    #[test]
    fn real_text_is_not_bad() {
        for s in [
            "café crème, naïve façade, Ångström",
            "Привет, как дела? Вітаю",
            "Καλημέρα κόσμε",
            "שלום עולם, צה״ל, ג׳ירפה",
            "مرحبا بالعالم، «كتاب»",
            "≥ 5 € ± 2 µm, ½ cup, 90°, ©2020",
            "MARQUÉ… SELKÄ\u{a0}EDELLÄ ANUNCIÓ\u{a0}QUE",
            "├┤a┼┐a",
            "Tiếng Việt có dấu",
            "日本語のテキスト、한국어",
            "√2 ≈ 1.414, √π, 1990–2000 — ok",
            "Петров» и «в», Βικιπαίδεια, 2πr²",
            "צה״ל, ג’ירפה, שָׁלוֹם",
        ] {
            assert_eq!(bad(s), 0, "bad: {s}");
        }
    }

    #[test]
    fn classes_overlap_where_ftfy_does() {
        assert_eq!(classes('Ü'), KAOMOJI | UPPER_ACC);
        assert_eq!(classes('a'), 0);
        assert_eq!(classes('\u{85}'), C1);
    }
}
