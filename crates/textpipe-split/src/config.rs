//! [`SentenceSplitConfig`]: what a user writes in the pipeline JSON for `sentence-split`.

use crate::splitter::{NewlineMode, SplitOptions, Splitter, DEFAULT_MAX_SENTENCE_BYTES};
use crate::stage::SentenceSplit;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use textpipe_core::registry::choice_schema;
use textpipe_core::{fields, ConfigError, Stage, StageConfig};

/// Settings of the `sentence-split` stage.
///
/// `{"stage": "sentence-split"}` alone uses the defaults; for example
/// `{"stage": "sentence-split", "newlines": "always", "extra_abbreviations": ["Dept"]}`.
///
/// The field docs are the parameters' documentation in `textpipe stages` and `textpipe schema`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SentenceSplitConfig {
    /// Language of the rules and word lists. Only `"en"` (English) is supported. Default `"en"`.
    pub language: String,
    /// More abbreviations, without the final period, any case (`["Dept", "approx"]`). They
    /// end a sentence only before a word that usually opens one (The, He, It...). Default
    /// empty.
    pub extra_abbreviations: Vec<String>,
    /// Single newlines (not blank lines, which always end a sentence): `"auto"` decides from
    /// the lines around (list items, headings and short lines break; wrapped lines join),
    /// `"always"` ends a sentence at every newline (one sentence a line), `"never"` treats
    /// them as spaces. Default `"auto"`.
    #[schemars(schema_with = "newlines_schema")]
    pub newlines: NewlineMode,
    /// Longest sentence in bytes; a longer one is cut at the last space before the limit.
    /// 0 means no limit; otherwise at least 16. Default 5000.
    pub max_sentence_bytes: usize,
    /// Sentences shorter than this many bytes are merged into the previous sentence of the
    /// same paragraph. 0 (the default) keeps every sentence. Must be below
    /// `max_sentence_bytes` when that is set.
    pub min_sentence_bytes: usize,
}

impl Default for SentenceSplitConfig {
    fn default() -> Self {
        SentenceSplitConfig {
            language: "en".into(),
            extra_abbreviations: Vec::new(),
            newlines: NewlineMode::Auto,
            max_sentence_bytes: DEFAULT_MAX_SENTENCE_BYTES,
            min_sentence_bytes: 0,
        }
    }
}

impl SentenceSplitConfig {
    /// The library options these settings stand for.
    pub fn options(&self) -> SplitOptions {
        SplitOptions {
            newlines: self.newlines,
            extra_abbreviations: self.extra_abbreviations.clone(),
            max_sentence_bytes: self.max_sentence_bytes,
            min_sentence_bytes: self.min_sentence_bytes,
        }
    }

    /// Checks the values serde cannot check (shared by `build` and `textpipe validate`).
    fn check(&self) -> Result<(), ConfigError> {
        if self.language != "en" {
            return Err(ConfigError::param(
                "language",
                format!("unsupported language `{}`; supported: en", self.language),
            ));
        }
        if let Some(bad) = self.extra_abbreviations.iter().find(|a| {
            a.trim().trim_end_matches('.').is_empty() || a.trim().contains(char::is_whitespace)
        }) {
            return Err(ConfigError::param(
                "extra_abbreviations",
                format!("`{bad}` is not an abbreviation (empty or contains spaces)"),
            ));
        }
        if self.max_sentence_bytes != 0 && self.max_sentence_bytes < 16 {
            return Err(ConfigError::param(
                "max_sentence_bytes",
                format!(
                    "{} is too small: use 0 (no limit) or at least 16",
                    self.max_sentence_bytes
                ),
            ));
        }
        if self.max_sentence_bytes != 0 && self.min_sentence_bytes >= self.max_sentence_bytes {
            return Err(ConfigError::param(
                "min_sentence_bytes",
                format!(
                    "{} must be below max_sentence_bytes ({})",
                    self.min_sentence_bytes, self.max_sentence_bytes
                ),
            ));
        }
        Ok(())
    }
}

/// Every [`NewlineMode`], for the schema of `newlines` (the enum lives with the splitter).
const NEWLINE_MODES: [NewlineMode; 3] =
    [NewlineMode::Auto, NewlineMode::Always, NewlineMode::Never];

/// Fails to compile when [`NewlineMode`] gains a variant that [`NEWLINE_MODES`] lacks.
const _: fn(NewlineMode) = |m| match m {
    NewlineMode::Auto | NewlineMode::Always | NewlineMode::Never => {}
};

fn newlines_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    choice_schema(&NEWLINE_MODES)
}

impl StageConfig for SentenceSplitConfig {
    const NAME: &'static str = "sentence-split";
    const DESCRIPTION: &'static str = "Splits the text into sentences (byte spans, trimmed, in \
        order, covering every non-space character) with rules for abbreviations, initials, \
        numbers, lists, ellipses, quotes, URLs, headings and line breaks.";

    fn requires(&self) -> Vec<String> {
        vec![fields::TEXT.into()]
    }

    fn provides(&self) -> Vec<String> {
        vec![fields::SENTENCES.into()]
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.check()
    }

    fn build(self) -> Result<Box<dyn Stage>, ConfigError> {
        self.check()?;
        Ok(Box::new(SentenceSplit::new(Splitter::new(self.options()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use textpipe_core::registry::parse_params;

    fn parse(v: serde_json::Value) -> Result<SentenceSplitConfig, ConfigError> {
        let serde_json::Value::Object(map) = v else {
            panic!("not an object")
        };
        parse_params(&map)
    }

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(parse(json!({})).unwrap(), SentenceSplitConfig::default());
    }

    #[test]
    fn json_round_trip() {
        let c = SentenceSplitConfig {
            language: "en".into(),
            extra_abbreviations: vec!["Dept".into(), "approx".into()],
            newlines: NewlineMode::Always,
            max_sentence_bytes: 300,
            min_sentence_bytes: 4,
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["newlines"], "always");
        assert_eq!(parse(v).unwrap(), c);
    }

    #[test]
    fn unknown_field_is_named() {
        let err = parse(json!({"max_sentence_len": 10})).unwrap_err();
        assert!(err.to_string().contains("max_sentence_len"), "{err}");
    }

    #[test]
    fn bad_enum_value_rejected() {
        let err = parse(json!({"newlines": "sometimes"})).unwrap_err();
        assert!(err.to_string().contains("newlines"), "{err}");
    }

    #[test]
    fn validate_rejects_bad_values() {
        let bad = [
            (json!({"language": "de"}), "language"),
            (json!({"max_sentence_bytes": 3}), "max_sentence_bytes"),
            (
                json!({"min_sentence_bytes": 100, "max_sentence_bytes": 50}),
                "min_sentence_bytes",
            ),
            (
                json!({"extra_abbreviations": ["two words"]}),
                "extra_abbreviations",
            ),
            (json!({"extra_abbreviations": ["."]}), "extra_abbreviations"),
        ];
        for (v, field) in bad {
            let c = parse(v.clone()).unwrap();
            let err = c.validate().unwrap_err();
            assert!(err.to_string().contains(field), "{v}: {err}");
            assert!(c.build().is_err(), "{v} built");
        }
        assert!(parse(json!({"max_sentence_bytes": 0}))
            .unwrap()
            .validate()
            .is_ok());
    }

    #[test]
    fn declared_fields_are_the_built_stage_fields() {
        let c = SentenceSplitConfig::default();
        let (requires, provides) = (c.requires(), c.provides());
        let stage = c.build().unwrap();
        assert_eq!((stage.requires(), stage.provides()), (requires, provides));
    }

    #[test]
    fn every_field_is_a_documented_parameter() {
        let mut reg = textpipe_core::Registry::new();
        crate::register(&mut reg);
        let info = reg.info("sentence-split").unwrap();
        let defaults = serde_json::to_value(SentenceSplitConfig::default()).unwrap();
        let fields: Vec<&String> = defaults.as_object().unwrap().keys().collect();
        let params: Vec<&String> = info.params.iter().map(|p| &p.name).collect();
        assert_eq!(fields, params);
        assert!(info.params.iter().all(|p| !p.doc.is_empty()));
        let newlines = info.params.iter().find(|p| p.name == "newlines").unwrap();
        for mode in NEWLINE_MODES {
            let name = serde_json::to_value(mode).unwrap();
            assert!(newlines.kind.accepts(&name), "{name}");
            assert_eq!(serde_json::from_value::<NewlineMode>(name).unwrap(), mode);
        }
    }

    #[test]
    fn example_config_builds_a_working_stage() {
        let c = parse(json!({"extra_abbreviations": ["Dept"], "newlines": "never"})).unwrap();
        c.validate().unwrap();
        let stage = c.build().unwrap();
        assert_eq!(stage.name(), "sentence-split");
        let mut doc = textpipe_core::Document::from_text("d", "See the Dept. Store now. Go.");
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.sentence_texts(), ["See the Dept. Store now.", "Go."]);
    }
}
