//! The splitting algorithm: one pass over the bytes, deciding each candidate boundary with
//! rules.
//!
//! Candidates are the terminal marks `. ? ! … 。 ！ ？`, newlines, bullets in running text and
//! the `)` of list markers. For a terminal mark the splitter reads the cluster of marks
//! (`?!`, `...`, `. . . .`), the closing quotes and brackets after it (`."`, `.)`, `.[1]`), the
//! token before it (`Mr`, `U.S`, `J`, `3.14`) and the word after it, then decides:
//!
//! - a lowercase word after the mark never starts a sentence;
//! - a title (Mr., Dr., Gen.) never ends one;
//! - an abbreviation that can end a sentence (Inc., U.S., etc.) and a single initial end it only
//!   when the next word usually opens a sentence (He, The, It...);
//! - "No.", "p.", "Fig." before a number are abbreviations, elsewhere words;
//! - an ellipsis ends a sentence when four dots are written or an opening word follows;
//! - anything else ends the sentence before a capital, a digit, a quote or a symbol.
//!
//! Blank lines always end a sentence. A single newline ends one (in [`NewlineMode::Auto`])
//! before a list item or bullet, after a short heading-like line, and between short
//! unpunctuated lines; otherwise it is line wrapping.
//!
//! Every backward or forward look is bounded (a token is at most [`MAX_TOKEN`] bytes), so the
//! pass is linear in the text length whatever the input.

use crate::abbrev::{self, AbbrevClass};
use serde::{Deserialize, Serialize};
use textpipe_core::Span;

mod bytes;
mod lines;
mod scan;
mod terminal;
mod words;

use scan::*;

/// Longest token (bytes) the splitter looks at around a candidate; longer ones are treated as
/// plain words (URLs, base64).
pub const MAX_TOKEN: usize = 64;

/// A line of at most this many bytes (trimmed) and no final punctuation can be a heading.
const SHORT_LINE: usize = 50;

/// How a single newline (not a blank line) inside a paragraph is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NewlineMode {
    /// Decide from the lines around it: a break before list items and bullets, after short
    /// heading-like lines and between short unpunctuated lines; otherwise line wrapping.
    #[default]
    Auto,
    /// Every newline ends a sentence (one sentence or heading a line).
    Always,
    /// Newlines are plain spaces: only punctuation and blank lines end sentences.
    Never,
}

/// Options of a [`Splitter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOptions {
    /// How single newlines are treated.
    pub newlines: NewlineMode,
    /// More abbreviations (without the final period, any case) that may end a sentence only
    /// before a word that typically opens one, like "Inc.".
    pub extra_abbreviations: Vec<String>,
    /// Longest sentence in bytes; longer ones are cut at the last space before the limit.
    /// 0 means no limit.
    pub max_sentence_bytes: usize,
    /// Sentences shorter than this many bytes are merged into the previous sentence of the
    /// same paragraph. 0 keeps every sentence.
    pub min_sentence_bytes: usize,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            newlines: NewlineMode::Auto,
            extra_abbreviations: Vec::new(),
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
            min_sentence_bytes: 0,
        }
    }
}

/// Default cap on a sentence's length: long enough for any real sentence, short enough that a
/// page without punctuation does not become one huge "sentence" for later stages.
pub const DEFAULT_MAX_SENTENCE_BYTES: usize = 5000;

/// A configured sentence splitter. Cheap to share between threads (`&self` only).
///
/// ```
/// use textpipe_split::Splitter;
///
/// let text = "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.";
/// let spans = Splitter::default().split(text);
/// let sentences: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
/// assert_eq!(sentences, ["Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday."]);
/// ```
#[derive(Debug, Clone)]
pub struct Splitter {
    newlines: NewlineMode,
    /// Lowercase extra abbreviations, sorted and deduplicated.
    extra: Vec<Box<[u8]>>,
    max_bytes: usize,
    min_bytes: usize,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter::new(SplitOptions::default())
    }
}

/// Splits `text` with the default options: byte spans of the sentences, trimmed, in order.
///
/// This is the function other stages call when a document has no `sentences` yet.
pub fn split(text: &str) -> Vec<Span> {
    Splitter::default().split(text)
}

impl Splitter {
    /// A splitter with these options.
    pub fn new(opts: SplitOptions) -> Self {
        let mut extra: Vec<Box<[u8]>> = opts
            .extra_abbreviations
            .iter()
            .map(|a| {
                a.trim()
                    .trim_end_matches('.')
                    .to_lowercase()
                    .into_bytes()
                    .into_boxed_slice()
            })
            .filter(|a| !a.is_empty())
            .collect();
        extra.sort();
        extra.dedup();
        Splitter {
            newlines: opts.newlines,
            extra,
            max_bytes: opts.max_sentence_bytes,
            min_bytes: opts.min_sentence_bytes,
        }
    }

    /// The sentences of `text` as byte spans: trimmed of surrounding whitespace, in order,
    /// non-overlapping, on char boundaries, covering every non-whitespace character.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        self.split_into(text, &mut out);
        out
    }

    /// As [`Splitter::split`], appending to `out` (which is cleared first) so a caller can
    /// reuse the allocation.
    pub fn split_into(&self, text: &str, out: &mut Vec<Span>) {
        out.clear();
        let mut scan = Scan {
            text,
            b: text.as_bytes(),
            sp: self,
            out,
            sent_start: 0,
            line_start: 0,
            para_first: 0,
            list: None,
            forced: Vec::new(),
        };
        scan.run();
    }

    fn is_extra(&self, lower: &[u8]) -> bool {
        !self.extra.is_empty()
            && self
                .extra
                .binary_search_by(|e| e.as_ref().cmp(lower))
                .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn simple_marks() {
        assert_eq!(
            sents("Hello World. My name is Jonas."),
            ["Hello World.", "My name is Jonas."]
        );
        assert_eq!(
            sents("What is your name? My name is Jonas."),
            ["What is your name?", "My name is Jonas."]
        );
        assert_eq!(
            sents("There it is! I found it."),
            ["There it is!", "I found it."]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(sents("").is_empty());
        assert!(sents("  \n\n \t").is_empty());
        assert_eq!(sents("  word  "), ["word"]);
    }
}
