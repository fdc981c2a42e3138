//! Mojibake repair: text that was UTF-8, decoded with a legacy single-byte codec (Latin-1,
//! Windows-1250/1251/1252/1253/1254/1255/1256/1257, ISO-8859-2, MacRoman, code page 437),
//! sometimes more than once.
//!
//! The principle is ftfy's, which is what makes it safe: text is changed only when
//!
//! 1. it contains sequences that are very unlikely in real text (the character classes and
//!    bad neighbour patterns of the `badness` module);
//! 2. a whole suspicious run re-encodes exactly in one single-byte codec (module `codecs`) to
//!    well-formed UTF-8;
//! 3. the decoded text is strictly less bad than the input, and fits its neighbours (no small
//!    letter dropped into an all-capitals word, no Cyrillic letter glued to a Latin one: the
//!    context rules of the `fixer` module).
//!
//! This repeats until stable, so double and triple encodings come undone. Lines are repaired
//! independently, and within a line each run on its own, so text where one line or one word
//! is broken is fixed too. The sloppy cases ftfy handles are handled: byte `A0` that became a
//! plain space (`Ã perturber`), the bytes `81 8D 8F 90 9D` that Windows-1252 leaves undefined,
//! bytes lost to `U+FFFD`, C1 controls from a Latin-1 reading of Windows-1252.
//!
//! Correct text in any script is left byte-identical: the crate's tests check this as a
//! property over a multilingual corpus (`tests/data/multilingual.txt`).

pub(crate) mod badness;
pub(crate) mod codecs;
pub(crate) mod fixer;

/// Repairs mojibake in `text`. Returns the repaired text and the number of sequences fixed, or
/// `None` when nothing needed fixing (the common case, decided without allocating for ASCII).
pub fn fix_mojibake(text: &str) -> Option<(String, usize)> {
    if text.is_ascii() {
        return None;
    }
    let mut out: Option<String> = None;
    let mut total = 0usize;
    let mut copied = 0usize;
    let mut buf: Vec<char> = Vec::new();
    let mut start = 0usize;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        if !body.is_ascii() {
            buf.clear();
            buf.extend(body.chars());
            if let Some((fixed, n)) = fixer::fix_line(&buf) {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[copied..start]);
                o.extend(fixed.iter());
                copied = start + body.len();
                total += n;
            }
        }
        start = end;
    }
    let mut o = out?;
    o.push_str(&text[copied..]);
    Some((o, total))
}

/// The names of the codecs tried, in order (for documentation and the conformance harness).
pub fn codec_names() -> Vec<&'static str> {
    codecs::CODECS.iter().map(|c| c.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        fix_mojibake(s).map_or_else(|| s.to_string(), |(t, _)| t)
    }

    #[test]
    fn windows_1252_and_latin1() {
        assert_eq!(fix("the mayorâ€™s office"), "the mayor’s office");
        assert_eq!(
            fix("â€œWe wonâ€™t stop,â€\u{9d} she said"),
            "“We won’t stop,” she said"
        );
        assert_eq!(fix("cafÃ© crÃ¨me"), "café crème");
        assert_eq!(fix("it\u{e2}\u{80}\u{99}s"), "it’s");
        assert_eq!(fix("\u{c3}\u{81}frica"), "África");
        assert_eq!(fix("\u{93}quoted\u{94} \u{80}5"), "“quoted” €5");
    }

    #[test]
    fn double_encoding_and_lossy() {
        assert_eq!(fix("donÃ¢â‚¬â„¢t"), "don’t");
        assert_eq!(fix("cafÃƒÂ©"), "café");
        assert_eq!(fix("voilÃ  la"), "voilà la");
        assert_eq!(fix("Ã perturber"), "à perturber");
        assert_eq!(fix("â€œ like this â€\u{FFFD}"), "“ like this \u{FFFD}");
        assert_eq!(fix("he said â€œnoâ€ twice"), "he said “no” twice");
    }

    #[test]
    fn only_broken_lines_and_words_change() {
        assert_eq!(
            fix("café and cafÃ© — naïve\nKraków\nÐŸÑ€Ð¸Ð²ÐµÑ‚"),
            "café and café — naïve\nKraków\nПривет"
        );
    }

    #[test]
    fn issue_examples_untouched() {
        for s in [
            "MARQUÉ…",
            "SELKÄ\u{a0}EDELLÄ",
            "├┤a┼┐a",
            "ANUNCIÓ\u{a0}QUE",
            "MANHÃ\u{a0}QUE",
            "ÞAÐ\u{a0}ER",
            "NELJÄ\u{a0}ON",
            "ÜÇ\u{a0}KİŞİ",
            "«AMANHÃ»",
            "C O N C L U S Ã O",
            "odd \u{81} byte",
        ] {
            assert_eq!(fix(s), s);
        }
    }

    #[test]
    fn ascii_is_fast_path() {
        assert!(fix_mojibake("plain ascii text").is_none());
        assert_eq!(codec_names().len(), 11);
    }
}
