//! `word-stats`: an example textpipe plugin. Adds an output field (default `word_stats`) with
//! word and sentence counts, reading time in minutes, type-token ratio and mean sentence
//! length:
//!
//! ```json
//! {"words": 412, "sentences": 19, "reading_minutes": 1.8, "type_token_ratio": 0.5413,
//!  "mean_sentence_words": 21.68}
//! ```
//!
//! Build it with `cargo build --release -p word-stats` and name it in a pipeline:
//! `{"stage": "word-stats", "plugin": "target/release/libword_stats.so"}`. With
//! `"use_sentences": true` it requires the `sentences` annotation (run `sentence-split` first)
//! and counts those spans instead of guessing from punctuation.
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod stats;

use textpipe_plugin::serde_json::json;
use textpipe_plugin::{Descriptor, Outcome, Params, PluginDoc, PluginStage};

/// The word-stats stage.
#[derive(Debug)]
pub struct WordStats {
    field: String,
    words_per_minute: f64,
    use_sentences: bool,
}

impl PluginStage for WordStats {
    fn describe() -> Descriptor {
        Descriptor::new(
            "word-stats",
            env!("CARGO_PKG_VERSION"),
            "Word and sentence counts, reading time, type-token ratio and mean sentence length \
             in one output field.",
        )
        .with_param(
            "field",
            "string",
            json!("word_stats"),
            "Name of the output field.",
        )
        .with_param(
            "words_per_minute",
            "integer",
            json!(230),
            "Reading speed for `reading_minutes`, words per minute (1 to 2000).",
        )
        .with_param(
            "use_sentences",
            "boolean",
            json!(false),
            "Count the `sentences` spans (requires sentence-split before this stage) instead of \
             terminal punctuation.",
        )
        .with_provides(&["word_stats"])
        .with_counters(&["words"])
    }

    fn create(params: &Params) -> Result<Self, String> {
        let field = params.str("field")?.trim().to_string();
        if field.is_empty() {
            return Err("parameter `field` must not be empty".into());
        }
        let wpm = params.u64("words_per_minute")?;
        if !(1..=2000).contains(&wpm) {
            return Err(format!(
                "parameter `words_per_minute` must be between 1 and 2000, found {wpm}"
            ));
        }
        Ok(WordStats {
            field,
            words_per_minute: wpm as f64,
            use_sentences: params.bool("use_sentences")?,
        })
    }

    fn requires(&self) -> Vec<String> {
        if self.use_sentences {
            vec!["sentences".into()]
        } else {
            Vec::new()
        }
    }

    fn provides(&self) -> Vec<String> {
        vec![self.field.clone()]
    }

    fn process(&self, doc: &PluginDoc<'_>) -> Result<Outcome, String> {
        let sentences = if self.use_sentences {
            match doc.sentences() {
                Some(s) => Some(s.len() as u64),
                None => return Err("missing field `sentences`: run sentence-split first".into()),
            }
        } else {
            None
        };
        let s = stats::compute(doc.text(), sentences);
        let minutes = stats::round(s.words as f64 / self.words_per_minute, 1);
        let value = json!({
            "words": s.words,
            "sentences": s.sentences,
            "reading_minutes": minutes,
            "type_token_ratio": s.type_token_ratio,
            "mean_sentence_words": s.mean_sentence_words,
        });
        Ok(Outcome::keep()
            .with_field(&self.field, value)
            .with_count("words", s.words))
    }
}

textpipe_plugin::export_stage!(WordStats);

#[cfg(test)]
mod tests {
    use super::*;

    fn build(params: textpipe_plugin::serde_json::Value) -> Result<WordStats, String> {
        let given = params.as_object().cloned().unwrap_or_default();
        WordStats::create(&Params::resolve(&given, &WordStats::describe().params)?)
    }

    #[test]
    fn adds_the_stats_field() {
        let stage = build(json!({"words_per_minute": 2})).unwrap();
        let doc = PluginDoc::new("d", "One two three. Four!", Default::default());
        let out = stage.process(&doc).unwrap();
        let v = &out.fields()["word_stats"];
        assert_eq!(v["words"], 4);
        assert_eq!(v["sentences"], 2);
        assert_eq!(v["reading_minutes"], 2.0);
        assert_eq!(v["type_token_ratio"], 1.0);
    }

    #[test]
    fn sentence_mode_requires_and_uses_spans() {
        let stage = build(json!({"use_sentences": true, "field": "ws"})).unwrap();
        assert_eq!(stage.requires(), vec!["sentences".to_string()]);
        assert_eq!(stage.provides(), vec!["ws".to_string()]);
        let fields = json!({"sentences": [{"start": 0, "end": 20}]});
        let doc = PluginDoc::new(
            "d",
            "One two three. Four!",
            fields.as_object().unwrap().clone(),
        );
        assert_eq!(stage.process(&doc).unwrap().fields()["ws"]["sentences"], 1);
        let bare = PluginDoc::new("d", "x", Default::default());
        assert!(stage.process(&bare).unwrap_err().contains("sentences"));
    }

    #[test]
    fn rejects_bad_parameters() {
        assert!(build(json!({"words_per_minute": 0}))
            .unwrap_err()
            .contains("words_per_minute"));
        assert!(build(json!({"field": " "})).unwrap_err().contains("field"));
        assert!(build(json!({"wpm": 10}))
            .unwrap_err()
            .contains("unknown parameter `wpm`"));
    }
}
