//! [`Summarize`]: the runtime stage.

use crate::config::SummarizeConfig;
use crate::select::{scores, select};
use crate::terms::Analyzer;
use textpipe_core::{fields, ConfigError, Document, Stage, StageError, Summary};

/// The `summarize` stage: fills [`Document::summary`] with the indices of the chosen
/// sentences, ascending. Needs `sentences`; uses `meta.title` when there is one.
#[derive(Debug)]
pub struct Summarize {
    config: SummarizeConfig,
    analyzer: Analyzer,
}

impl Summarize {
    /// Builds the stage from validated settings.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Param`] when the settings are invalid (see [`SummarizeConfig`]).
    pub fn new(config: SummarizeConfig) -> Result<Self, ConfigError> {
        config.check()?;
        Ok(Summarize {
            analyzer: Analyzer::new(config.stem),
            config,
        })
    }

    /// The settings.
    pub fn config(&self) -> &SummarizeConfig {
        &self.config
    }

    /// Chooses summary sentences among `sentences` (the article's sentences in order), with
    /// the article title if known. Returns indices into `sentences`, ascending and unique.
    pub fn select(&self, sentences: &[&str], title: Option<&str>) -> Vec<usize> {
        select(&self.config, &self.analyzer, sentences, title)
    }

    /// The combined score of each sentence (weighted sum of the standardized signals, before
    /// the standalone penalty and the selection), for inspecting why sentences were chosen
    /// and for checking that two builds score alike. One entry per sentence.
    pub fn scores(&self, sentences: &[&str], title: Option<&str>) -> Vec<f32> {
        scores(&self.config, &self.analyzer, sentences, title)
    }
}

impl Stage for Summarize {
    fn name(&self) -> &str {
        "summarize"
    }

    fn requires(&self) -> Vec<String> {
        vec![fields::TEXT.into(), fields::SENTENCES.into()]
    }

    fn provides(&self) -> Vec<String> {
        vec![fields::SUMMARY.into()]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let Some(spans) = doc.sentences.as_deref() else {
            return Err(StageError::missing(fields::SENTENCES));
        };
        // `Span::slice`, inlined: the text of each span, or "" when it is not a valid range.
        let texts: Vec<&str> = spans
            .iter()
            .map(|s| doc.text.get(s.start..s.end).unwrap_or(""))
            .collect();
        let title = doc.meta.title.as_deref().filter(|t| !t.trim().is_empty());
        let chosen = self.select(&texts, title);
        if spans.len() > self.config.graph_sentences {
            doc.count("graph_bounded", 1);
        }
        doc.summary = Some(Summary { sentences: chosen });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpipe_core::Span;

    fn doc_with_sentences(sents: &[&str]) -> Document {
        let text = sents.join(" ");
        let mut spans = Vec::new();
        let mut at = 0;
        for s in sents {
            spans.push(Span::new(at, at + s.len()));
            at += s.len() + 1;
        }
        let mut doc = Document::from_text("d", text);
        doc.sentences = Some(spans);
        doc
    }

    fn stage() -> Summarize {
        Summarize::new(SummarizeConfig::default()).unwrap()
    }

    #[test]
    fn requires_sentences() {
        let mut doc = Document::from_text("d", "No sentences yet.");
        let err = stage().process(&mut doc).unwrap_err();
        assert!(matches!(err, StageError::Reject { .. }));
        assert!(err.to_string().contains("sentences"), "{err}");
        assert!(stage().requires().contains(&"sentences".to_string()));
        assert_eq!(stage().provides(), vec!["summary".to_string()]);
    }

    #[test]
    fn fills_the_summary() {
        let mut doc = doc_with_sentences(&[
            "The council approved a budget for buses on Monday.",
            "The budget adds buses and night services.",
            "A bakery won a prize.",
            "The council will review the bus budget next year.",
        ]);
        stage().process(&mut doc).unwrap();
        let s = doc.summary.unwrap().sentences;
        assert_eq!(s.len(), 3);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn empty_article_gets_an_empty_summary() {
        let mut doc = doc_with_sentences(&[]);
        doc.sentences = Some(Vec::new());
        stage().process(&mut doc).unwrap();
        assert_eq!(doc.summary, Some(Summary { sentences: vec![] }));
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let mut doc = Document::from_text("d", "héllo world. Again here.");
        doc.sentences = Some(vec![Span::new(0, 2), Span::new(5, 500), Span::new(13, 24)]);
        stage().process(&mut doc).unwrap();
        assert_eq!(doc.summary.unwrap().sentences, vec![2]);
    }

    #[test]
    fn scores_one_per_sentence() {
        let s = stage();
        assert!(s.scores(&[], None).is_empty());
        let sents = [
            "The council approved a budget for buses on Monday.",
            "The budget adds buses and night services.",
            "A bakery won a prize.",
            "The council will review the bus budget next year.",
        ];
        let scores = s.scores(&sents, Some("Council budget"));
        assert_eq!(scores.len(), 4);
        let lowest = (0..4).min_by(|&a, &b| scores[a].total_cmp(&scores[b]));
        assert_eq!(lowest, Some(2), "the off-topic sentence: {scores:?}");
        assert_eq!(scores, s.scores(&sents, Some("Council budget")));
    }

    #[test]
    fn rejects_invalid_settings() {
        let c = SummarizeConfig {
            ratio: Some(2.0),
            ..SummarizeConfig::default()
        };
        assert!(Summarize::new(c).is_err());
    }
}
