//! A fast word tokenizer that returns byte spans.
//!
//! It follows CoNLL/PTB conventions closely enough that entity boundaries fall on token
//! boundaries in both detokenized text ("England's captain, Mr. Smith.") and space-joined
//! token text ("England 's captain , Mr. Smith ."): punctuation is split off the ends of words,
//! clitics ("'s", "n't") are split off, while abbreviations ("U.S.", "Mr."), dates
//! ("1996-08-30"), numbers ("1,000.5", "$1.13bn") and hyphenated words stay whole.

use textpipe_core::Span;

/// Abbreviations (lowercase, without the final period) that keep their trailing period.
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "ave", "bros", "capt", "cmdr", "co", "col", "corp", "cpl", "dec", "dept",
    "dr", "est", "feb", "fig", "fri", "ft", "gen", "gov", "inc", "jan", "jr", "jul", "jun", "lt",
    "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt", "nov", "oct", "plc", "pres",
    "prof", "rep", "rev", "sat", "sen", "sep", "sept", "sgt", "sr", "st", "sun", "thu", "tue",
    "vs", "wed",
];

/// Clitics split off the end of a word (compared case-insensitively).
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'m", "'d", "’s"];

/// Appends the token spans of `text[span]` to `out`. Spans are byte offsets into `text`, on
/// char boundaries, in order and non-overlapping. A span that does not fit `text` (or is not
/// on char boundaries) yields no tokens.
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Span>) {
    let Some(part) = text.get(span.start..span.end) else {
        return;
    };
    let base = span.start;
    let bytes = part.as_bytes();
    let mut chunk_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes are classified directly; other chars are decoded (`char::is_whitespace`
        // also covers U+0085, U+00A0, U+2028 and the like).
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            (matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1)
        } else {
            match part.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        if space {
            if let Some(s) = chunk_start.take() {
                split_chunk(part, s, i, base, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
        i += len;
    }
    if let Some(s) = chunk_start {
        split_chunk(part, s, part.len(), base, out);
    }
}

/// The token spans of the whole `text`.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    tokenize_into(text, Span::new(0, text.len()), &mut out);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits one whitespace-free chunk `part[s..e]` into tokens.
///
/// Over 80 lines on purpose: the tokenizer's hot path, a single scan over one chunk with its fast
/// path first.
fn split_chunk(part: &str, mut s: usize, mut e: usize, base: usize, out: &mut Vec<Span>) {
    // Most chunks are plain ASCII words or numbers: one token, no punctuation or clitic.
    if part
        .as_bytes()
        .get(s..e)
        .is_some_and(|w| w.iter().all(u8::is_ascii_alphanumeric))
    {
        out.push(Span::new(base + s, base + e));
        return;
    }
    // Leading punctuation: one token per char, except a currency sign or sign glued to a
    // number ("$1.13bn", "-5").
    while s < e {
        if CLITICS.iter().any(|cl| part[s..e].eq_ignore_ascii_case(cl)) {
            out.push(Span::new(base + s, base + e));
            return;
        }
        let Some(c) = part[s..e].chars().next() else {
            break;
        };
        if is_word_char(c) {
            break;
        }
        let rest = &part[s + c.len_utf8()..e];
        let next_digit = rest.chars().next().is_some_and(|n| n.is_ascii_digit());
        if next_digit && matches!(c, '$' | '£' | '€' | '¥' | '-' | '+' | '#') {
            break;
        }
        // "..." and "--" stay together.
        let run = part[s..e].chars().take_while(|&x| x == c).count();
        let len = if run > 1 && (c == '.' || c == '-') {
            run * c.len_utf8()
        } else {
            c.len_utf8()
        };
        out.push(Span::new(base + s, base + s + len));
        s += len;
    }
    if s >= e {
        return;
    }
    // Trailing punctuation and clitics, collected right to left.
    let mut tail: [Span; 8] = [Span::default(); 8];
    let mut ntail = 0;
    while s < e && ntail < tail.len() {
        let word = &part[s..e];
        let Some(c) = word.chars().next_back() else {
            break;
        };
        if is_word_char(c) {
            // Clitic?
            let lower_end = word.len();
            let mut hit = 0;
            for cl in CLITICS {
                if lower_end > cl.len()
                    && word.is_char_boundary(lower_end - cl.len())
                    && word[lower_end - cl.len()..].eq_ignore_ascii_case(cl)
                {
                    hit = cl.len();
                    break;
                }
            }
            if hit > 0 {
                tail[ntail] = Span::new(base + e - hit, base + e);
                ntail += 1;
                e -= hit;
            }
            break;
        }
        if c == '.' && keeps_period(&word[..word.len() - 1]) {
            break;
        }
        // "..." and "--" stay together.
        let run = word.chars().rev().take_while(|&x| x == c).count();
        let len = if run > 1 && (c == '.' || c == '-') {
            run * c.len_utf8()
        } else {
            c.len_utf8()
        };
        tail[ntail] = Span::new(base + e - len, base + e);
        ntail += 1;
        e -= len;
    }
    if s < e {
        out.push(Span::new(base + s, base + e));
    }
    for t in tail[..ntail].iter().rev() {
        out.push(*t);
    }
}

/// Whether `stem` + "." is an abbreviation that keeps its period ("U.S", "Mr", "J").
fn keeps_period(stem: &str) -> bool {
    if stem.is_empty() {
        return false;
    }
    let mut chars = stem.chars();
    // Single letter initial: "J."
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic();
    }
    // Dotted abbreviation: letters separated by periods ("U.S", "a.m", "U.N").
    if stem.contains('.') {
        return stem.split('.').all(|p| {
            !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic)
        });
    }
    if stem.len() <= 6 && stem.chars().all(|c| c.is_ascii_alphabetic()) {
        let mut buf = [0u8; 6];
        for (b, c) in buf.iter_mut().zip(stem.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        let lower = &buf[..stem.len()];
        return ABBREVIATIONS.iter().any(|a| a.as_bytes() == lower);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn splits_at_unicode_and_ascii_whitespace() {
        assert_eq!(
            toks("a\u{a0}b\x0bc\u{2028}d\u{85}e\tf\u{3000}g"),
            vec!["a", "b", "c", "d", "e", "f", "g"]
        );
        // Non-ASCII words and plain ASCII words side by side.
        assert_eq!(
            toks("Zürich and Köln 2024"),
            vec!["Zürich", "and", "Köln", "2024"]
        );
    }

    #[test]
    fn splits_punctuation_and_clitics() {
        assert_eq!(
            toks("England's captain, Mr. Smith (right) said: \"No.\""),
            vec![
                "England", "'s", "captain", ",", "Mr.", "Smith", "(", "right", ")", "said", ":",
                "\"", "No", ".", "\""
            ]
        );
        assert_eq!(toks("don't"), vec!["do", "n't"]);
    }

    #[test]
    fn keeps_abbreviations_dates_numbers() {
        assert_eq!(
            toks("The U.S. paid $1.13bn on 1996-08-30, up 1,000.5 pct."),
            vec![
                "The",
                "U.S.",
                "paid",
                "$1.13bn",
                "on",
                "1996-08-30",
                ",",
                "up",
                "1,000.5",
                "pct",
                "."
            ]
        );
        assert_eq!(
            toks("J. Smith ... all-rounder"),
            vec!["J.", "Smith", "...", "all-rounder"]
        );
    }

    #[test]
    fn space_joined_tokens_round_trip() {
        let s = "EU rejects German call to boycott British lamb .";
        assert_eq!(toks(s), s.split(' ').collect::<Vec<_>>());
        let s = "Hussain , considered surplus to England 's one-day requirements , struck 158 .";
        assert_eq!(toks(s), s.split(' ').collect::<Vec<_>>());
    }

    #[test]
    fn spans_are_offsets_into_text() {
        let text = "  Zoë went to Köln.\n";
        let spans = tokenize(text);
        assert_eq!(spans[0], Span::new(2, 6));
        assert_eq!(toks(text), vec!["Zoë", "went", "to", "Köln", "."]);
        let mut sub = Vec::new();
        tokenize_into(text, Span::new(7, 13), &mut sub);
        assert_eq!(sub, vec![Span::new(7, 11), Span::new(12, 13)]);
    }

    proptest::proptest! {
        #[test]
        fn tokens_cover_every_non_space_char(text in "\\PC{0,80}|[a-zA-Z.,'$ -]{0,80}") {
            let spans = tokenize(&text);
            let mut covered = 0;
            let mut last = 0;
            for s in &spans {
                proptest::prop_assert!(s.start < s.end && s.start >= last);
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                let tok = s.slice(&text);
                proptest::prop_assert!(!tok.chars().any(char::is_whitespace));
                // Nothing but whitespace between tokens.
                proptest::prop_assert!(text[last..s.start].chars().all(char::is_whitespace));
                covered += tok.len();
                last = s.end;
            }
            proptest::prop_assert!(text[last..].chars().all(char::is_whitespace));
            let non_space: usize = text.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum();
            proptest::prop_assert_eq!(covered, non_space);
        }
    }

    #[test]
    fn bad_span_yields_nothing() {
        let mut out = Vec::new();
        tokenize_into("héllo", Span::new(0, 2), &mut out);
        assert!(out.is_empty());
        tokenize_into("abc", Span::new(2, 10), &mut out);
        assert!(out.is_empty());
    }
}
