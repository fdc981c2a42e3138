//! Does a sentence make sense without the one before it?
//!
//! A summary sentence that opens with "But", "He said" or "This", or that finishes a quotation
//! opened earlier, reads as a fragment when its predecessor is not in the summary. These are
//! surface checks on the opening word and the quotation marks, cheap enough to run on every
//! sentence.

use crate::stopwords::packed_bytes;
use crate::terms::pack_ascii_lower;
use std::sync::LazyLock;
use textpipe_lexicon::WordSet;

/// Opening words that point back to an earlier sentence: connectives and pronouns whose
/// antecedent is elsewhere. Sorted for binary search; compared lower-cased.
const DEPENDENT_OPENERS: &[&str] = &[
    "also",
    "and",
    "besides",
    "but",
    "consequently",
    "furthermore",
    "he",
    "hence",
    "her",
    "hers",
    "him",
    "his",
    "however",
    "instead",
    "it",
    "its",
    "meanwhile",
    "moreover",
    "nevertheless",
    "nonetheless",
    "or",
    "otherwise",
    "she",
    "so",
    "still",
    "that",
    "their",
    "theirs",
    "them",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "yet",
];

/// [`DEPENDENT_OPENERS`] as a word set, built on first use.
static OPENER_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(DEPENDENT_OPENERS));

/// True when the sentence probably cannot stand alone.
pub(crate) fn depends_on_context(sentence: &str) -> bool {
    let body = sentence.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '\u{201C}' | '\u{2018}' | '(' | '-' | '\u{2014}'
            )
    });
    let Some(first) = body.chars().next() else {
        return false;
    };
    if first.is_lowercase() {
        return true;
    }
    let word_end = body
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(body.len());
    let word = &body[..word_end];
    // Openers are short ASCII words: one packed, lower-cased key and a set probe.
    if (1..=15).contains(&word.len()) && word.is_ascii() {
        let (bytes, len) = packed_bytes(&pack_ascii_lower(body.as_bytes(), 0, word.len()));
        if OPENER_SET.contains_bytes(&bytes[..len]) {
            return true;
        }
    }
    continues_quote(sentence)
}

/// True when the sentence closes a quotation that it did not open: an odd number of straight
/// double quotes without one at the start, or more closing than opening curly quotes.
///
/// Counted on the bytes: `"` is one byte, and the curly quotes U+201C and U+201D are the only
/// characters encoded as `E2 80 9C` and `E2 80 9D` (looked for only when an `E2` byte occurs).
fn continues_quote(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    // One pass (vectorised: two byte counts) for the straight quotes and the E2 bytes.
    let (mut straight, mut e2) = (0u32, 0u32);
    for &c in b {
        straight += u32::from(c == b'"');
        e2 += u32::from(c == 0xE2);
    }
    let (mut open, mut close) = (0u32, 0u32);
    if e2 > 0 {
        for w in b.windows(3) {
            match w {
                [0xE2, 0x80, 0x9C] => open += 1,
                [0xE2, 0x80, 0x9D] => close += 1,
                _ => {}
            }
        }
    }
    let starts_with_quote = sentence.trim_start().starts_with(['"', '\u{201C}']);
    (straight % 2 == 1 && !starts_with_quote) || close > open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_sorted() {
        for w in DEPENDENT_OPENERS.windows(2) {
            assert!(w[0] < w[1], "{} / {}", w[0], w[1]);
        }
    }

    #[test]
    fn opener_set_holds_exactly_the_openers() {
        for w in DEPENDENT_OPENERS {
            assert!(OPENER_SET.contains(w), "{w}");
            let cap = format!("{}{} rest", w[..1].to_uppercase(), &w[1..]);
            assert!(depends_on_context(&cap), "{cap}");
        }
        for w in [
            "Butt", "Alsop", "Hes", "Ore", "Soon", "Thence", "Yeti", "Itself",
        ] {
            assert!(!depends_on_context(&format!("{w} here.")), "{w}");
        }
    }

    #[test]
    fn dependent_sentences() {
        for s in [
            "But the plan failed.",
            "He said the talks would go on.",
            "They refused to comment.",
            "However, sales fell.",
            "and then it rained.",
            "\"This is not over,\" she said.",
            "the minister added.",
            "we will win,\" he said.",
            "This was the third time.",
        ] {
            assert!(depends_on_context(s), "{s}");
        }
    }

    #[test]
    fn standalone_sentences() {
        for s in [
            "The central bank raised rates on Tuesday.",
            "\"We will win,\" the coach said.",
            "Butter prices rose 5%.",
            "Theatre audiences grew.",
            "Shares in Acme fell 3%.",
            "",
            "   ",
            "2004 was a record year.",
        ] {
            assert!(!depends_on_context(s), "{s}");
        }
    }

    #[test]
    fn quote_counts_on_bytes_match_chars() {
        for s in [
            "\u{201C}a\u{201D} \u{201D}",
            "\"x\" \"",
            "\u{2018}single\u{2019} \u{201E}low\u{201C} \u{201D}\u{201D}",
            "caf\u{e9} \u{2014} \u{20AC}5 \"",
            "no quotes",
        ] {
            let (mut straight, mut open, mut close) = (0usize, 0usize, 0usize);
            for c in s.chars() {
                match c {
                    '"' => straight += 1,
                    '\u{201C}' => open += 1,
                    '\u{201D}' => close += 1,
                    _ => {}
                }
            }
            let starts = s.trim_start().starts_with(['"', '\u{201C}']);
            let expected = (straight % 2 == 1 && !starts) || close > open;
            assert_eq!(continues_quote(s), expected, "{s}");
        }
    }

    #[test]
    fn curly_quote_continuation() {
        assert!(depends_on_context("Nobody expected it\u{201D}, he said."));
        assert!(!depends_on_context(
            "\u{201C}Nobody expected it\u{201D}, the coach said."
        ));
    }
}
