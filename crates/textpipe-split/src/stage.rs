//! [`SentenceSplit`]: the runtime `sentence-split` stage.

use crate::splitter::Splitter;
use textpipe_core::{fields, Document, Stage, StageError};

/// The `sentence-split` stage: fills [`Document::sentences`] from [`Document::text`].
#[derive(Debug, Clone, Default)]
pub struct SentenceSplit {
    splitter: Splitter,
}

impl SentenceSplit {
    /// A stage that splits with `splitter`.
    pub fn new(splitter: Splitter) -> Self {
        SentenceSplit { splitter }
    }

    /// The splitter this stage uses.
    pub fn splitter(&self) -> &Splitter {
        &self.splitter
    }
}

impl Stage for SentenceSplit {
    fn name(&self) -> &str {
        "sentence-split"
    }

    fn requires(&self) -> Vec<String> {
        vec![fields::TEXT.into()]
    }

    fn provides(&self) -> Vec<String> {
        vec![fields::SENTENCES.into()]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut spans = doc.sentences.take().unwrap_or_default();
        self.splitter.split_into(&doc.text, &mut spans);
        doc.count("sentences", spans.len() as u64);
        doc.sentences = Some(spans);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_sentences_and_replaces_old_ones() {
        let mut doc = Document::from_text("d", "One here. Two there.\n\nThree");
        doc.sentences = Some(vec![textpipe_core::Span::new(0, 1)]);
        let stage = SentenceSplit::default();
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.sentence_texts(), ["One here.", "Two there.", "Three"]);
        assert_eq!(stage.requires(), ["text"]);
        assert_eq!(stage.provides(), ["sentences"]);
    }

    #[test]
    fn empty_text_gives_no_sentences() {
        let mut doc = Document::from_text("d", "");
        SentenceSplit::default().process(&mut doc).unwrap();
        assert_eq!(doc.sentences, Some(vec![]));
    }
}
