//! Byte offsets to Unicode character (code point) offsets.
//!
//! Stages work in byte offsets; the output uses character offsets so that `text[start:end]`
//! works in Python. [`CharIndex`] answers each conversion in O(1) amortized after one pass over
//! the text (and at no cost for ASCII text).

const BLOCK: usize = 64;

/// Converts byte offsets of one text into character offsets.
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// Character count before byte `k * BLOCK`; empty for ASCII text.
    blocks: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                text,
                blocks: Vec::new(),
            };
        }
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0usize;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chunk.iter().filter(|b| (**b as i8) >= -0x40).count();
        }
        blocks.push(count);
        CharIndex { text, blocks }
    }

    /// `span` as the output writes it: character offsets and the text it covers. This is the
    /// one place where byte spans become output offsets.
    pub fn text_span(&self, span: crate::document::Span) -> crate::document::TextSpan<'a> {
        crate::document::TextSpan {
            start: self.char_offset(span.start),
            end: self.char_offset(span.end),
            text: span.slice(self.text),
        }
    }

    /// The character offset of byte offset `byte` (clamped to the text; an offset inside a
    /// character counts that character as not yet started).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.blocks.is_empty() {
            return byte;
        }
        let block = byte / BLOCK;
        let start = block * BLOCK;
        let base = self.blocks[block];
        base + self.text.as_bytes()[start..byte]
            .iter()
            .filter(|b| (**b as i8) >= -0x40)
            .count()
    }
}

/// The byte offset of character offset `chars` in `text` (clamped to the text length).
pub fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_is_identity() {
        let idx = CharIndex::new("hello world");
        assert_eq!(idx.char_offset(5), 5);
        assert_eq!(idx.char_offset(99), 11);
    }

    #[test]
    fn multibyte() {
        let t = "Tajikistan — “Dushanbe” 😀 end";
        let idx = CharIndex::new(t);
        for (ci, (bi, _)) in t.char_indices().enumerate() {
            assert_eq!(idx.char_offset(bi), ci);
        }
        assert_eq!(idx.char_offset(t.len()), t.chars().count());
    }

    proptest! {
        #[test]
        fn agrees_with_char_indices(s in "\\PC{0,300}") {
            let idx = CharIndex::new(&s);
            for (ci, (bi, _)) in s.char_indices().enumerate() {
                prop_assert_eq!(idx.char_offset(bi), ci);
                prop_assert_eq!(byte_offset(&s, ci), bi);
            }
        }
    }
}
