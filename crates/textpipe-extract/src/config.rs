//! [`ExtractConfig`]: the `extract` stage's parameters, their defaults and validation.

use crate::stage::Extract;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use textpipe_core::{fields, ConfigError, Stage, StageConfig};

/// Parameters of the `extract` stage.
///
/// Pipeline JSON: `{"stage": "extract", "keywords_top": 5, "quotes": false}`. Every field has a
/// default, so `{"stage": "extract"}` runs every extractor.
///
/// The field docs are the parameters' documentation in `textpipe stages` and `textpipe schema`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Tag named entities (PER, ORG, LOC, MISC) with the statistical tagger. Default true.
    pub entities: bool,
    /// Find date and time expressions. Default true.
    pub dates: bool,
    /// Find quantities (counts, money, percentages, measures). Default true.
    pub quantities: bool,
    /// Find direct quotations and their speakers. Default true. Speakers are resolved against
    /// the entities (this stage's, or an earlier stage's when `entities` is false).
    pub quotes: bool,
    /// Extract keyphrases. Default true.
    pub keywords: bool,
    /// Number of keyphrases to keep, 1-100. Default 10.
    #[schemars(range(min = 1, max = 100))]
    pub keywords_top: usize,
    /// Longest keyphrase in words, 1-5. Default 3.
    #[schemars(range(min = 1, max = 5))]
    pub keywords_max_words: usize,
    /// Give every mention of the same string one entity label within a document (its most
    /// frequent label). Default false: the tagger already runs a document-level pass, and this
    /// vote lowered CoNLL-2003 dev F1 from 0.924 to 0.919. Only with `entities`.
    pub entity_consistency: bool,
    /// Path of a NER model file (written by `textpipe train-ner`); `null` uses the built-in
    /// English model. Only with `entities`.
    pub ner_model: Option<PathBuf>,
    /// Read ambiguous numeric dates such as "05/07/2012" day first (5 July). Default true;
    /// set false for US-style month-first dates. A part above 12 always decides.
    pub day_first: bool,
    /// Reference date (ISO `YYYY-MM-DD`) for relative expressions ("yesterday", "Wednesday")
    /// in documents that carry no `date` of their own. Default `null` (left unresolved).
    pub reference_date: Option<String>,
    /// Also report bare numbers that count or measure nothing named (unit ""). Default false.
    pub bare_numbers: bool,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            entities: true,
            dates: true,
            quantities: true,
            quotes: true,
            keywords: true,
            keywords_top: 10,
            keywords_max_words: 3,
            entity_consistency: false,
            ner_model: None,
            day_first: true,
            reference_date: None,
            bare_numbers: false,
        }
    }
}

impl StageConfig for ExtractConfig {
    const NAME: &'static str = "extract";
    const DESCRIPTION: &'static str = "Extracts named entities (statistical tagger), dates and \
        times resolved against the article date, quantities with their units, direct quotes with \
        their speakers, and YAKE-style keyphrases.";

    fn requires(&self) -> Vec<String> {
        vec![fields::TEXT.into(), fields::SENTENCES.into()]
    }

    /// One field per extractor switched on.
    fn provides(&self) -> Vec<String> {
        [
            (self.entities, fields::ENTITIES),
            (self.dates, fields::DATES),
            (self.quantities, fields::QUANTITIES),
            (self.quotes, fields::QUOTES),
            (self.keywords, fields::KEYWORDS),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| (*f).to_string())
        .collect()
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !(self.entities || self.dates || self.quantities || self.quotes || self.keywords) {
            return Err(ConfigError::param(
                "entities",
                "every extractor is switched off: enable at least one of entities, dates, \
                 quantities, quotes, keywords",
            ));
        }
        if !(1..=100).contains(&self.keywords_top) {
            return Err(ConfigError::param(
                "keywords_top",
                format!("must be between 1 and 100, got {}", self.keywords_top),
            ));
        }
        if !(1..=5).contains(&self.keywords_max_words) {
            return Err(ConfigError::param(
                "keywords_max_words",
                format!("must be between 1 and 5, got {}", self.keywords_max_words),
            ));
        }
        if self.ner_model.is_some() && !self.entities {
            return Err(ConfigError::param(
                "ner_model",
                "a NER model is set but `entities` is false",
            ));
        }
        if let Some(d) = &self.reference_date {
            if crate::dates::parse_reference(d).is_none() {
                return Err(ConfigError::param(
                    "reference_date",
                    format!("not an ISO date (YYYY-MM-DD): {d:?}"),
                ));
            }
        }
        Ok(())
    }

    fn build(self) -> Result<Box<dyn Stage>, ConfigError> {
        self.validate()?;
        Ok(Box::new(Extract::new(self)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use textpipe_core::registry::parse_params;

    fn parse(v: serde_json::Value) -> Result<ExtractConfig, ConfigError> {
        let map = v.as_object().cloned().unwrap_or_default();
        let c: ExtractConfig = parse_params(&map)?;
        c.validate()?;
        Ok(c)
    }

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(parse(json!({})).unwrap(), ExtractConfig::default());
    }

    #[test]
    fn json_round_trip() {
        let c = ExtractConfig {
            keywords_top: 7,
            quotes: false,
            reference_date: Some("2012-07-25".into()),
            ..ExtractConfig::default()
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(parse(v).unwrap(), c);
    }

    #[test]
    fn unknown_field_is_named() {
        let err = parse(json!({"keyword_top": 5})).unwrap_err();
        assert!(err.to_string().contains("keyword_top"), "{err}");
    }

    #[test]
    fn invalid_values_are_rejected() {
        for (v, field) in [
            (json!({"keywords_top": 0}), "keywords_top"),
            (json!({"keywords_top": 1000}), "keywords_top"),
            (json!({"keywords_max_words": 9}), "keywords_max_words"),
            (json!({"reference_date": "yesterday"}), "reference_date"),
            (
                json!({"entities": false, "ner_model": "m.tpner"}),
                "ner_model",
            ),
            (
                json!({"entities": false, "dates": false, "quantities": false, "quotes": false, "keywords": false}),
                "entities",
            ),
            (json!({"dates": "yes"}), "dates"),
        ] {
            let err = parse(v.clone()).unwrap_err();
            assert!(err.to_string().contains(field), "{v}: {err}");
        }
    }

    #[test]
    fn declared_fields_are_the_built_stage_fields() {
        for c in [
            ExtractConfig::default(),
            ExtractConfig {
                entities: false,
                quotes: false,
                ..ExtractConfig::default()
            },
        ] {
            let (requires, provides) = (c.requires(), c.provides());
            let stage = c.build().unwrap();
            assert_eq!((stage.requires(), stage.provides()), (requires, provides));
        }
    }

    #[test]
    fn every_field_is_a_documented_parameter() {
        let mut reg = textpipe_core::Registry::new();
        crate::register(&mut reg);
        let info = reg.info("extract").unwrap();
        let defaults = serde_json::to_value(ExtractConfig::default()).unwrap();
        let fields: Vec<&String> = defaults.as_object().unwrap().keys().collect();
        let params: Vec<&String> = info.params.iter().map(|p| &p.name).collect();
        assert_eq!(fields, params);
        assert!(info.params.iter().all(|p| !p.doc.is_empty()));
        let schema = reg.params_schema("extract").unwrap();
        assert_eq!(schema["properties"]["keywords_top"]["maximum"], 100);
    }

    #[test]
    fn missing_model_file_fails_build() {
        let c = ExtractConfig {
            ner_model: Some("/nonexistent/model.tpner".into()),
            ..ExtractConfig::default()
        };
        let err = c.build().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("ner_model"), "{err}");
    }
}
