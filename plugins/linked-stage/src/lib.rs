//! A custom stage linked into your own program, the other way (besides plugins) to extend
//! textpipe: depend on `textpipe-core`, implement [`Stage`] and a [`StageConfig`], register
//! it in a [`Registry`] and build pipelines that name it.
//!
//! The stage here, `term-count`, counts whole-word occurrences of a list of terms and writes
//! them to an output field:
//!
//! ```
//! use textpipe_core::{Document, PipelineConfig};
//!
//! let registry = linked_stage::registry();
//! let config = r#"{"stages": [{"stage": "term-count", "terms": ["port", "strike"]}]}"#;
//! let pipeline = PipelineConfig::parse(config)?.build(&registry)?;
//! let mut doc = Document::from_text("d1", "The port strike ended; the Port reopened.");
//! pipeline.process(&mut doc).map_err(|(_, e)| e)?;
//! assert_eq!(doc.fields["term_counts"], serde_json::json!({"port": 2, "strike": 1}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use textpipe_core::{ConfigError, Document, Registry, Stage, StageConfig, StageError};

/// Config of the `term-count` stage. Deriving `JsonSchema` is what lists its parameters (the
/// field docs are their documentation) in `textpipe stages` and `textpipe schema`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TermCountConfig {
    /// Terms to count (single words or phrases, matched on word boundaries). At least one.
    pub terms: Vec<String>,
    /// Match case exactly (default: case-insensitive).
    pub case_sensitive: bool,
    /// Output field name (default `term_counts`).
    pub field: String,
}

impl Default for TermCountConfig {
    fn default() -> Self {
        TermCountConfig {
            terms: Vec::new(),
            case_sensitive: false,
            field: "term_counts".into(),
        }
    }
}

impl StageConfig for TermCountConfig {
    const NAME: &'static str = "term-count";
    const DESCRIPTION: &'static str =
        "Counts whole-word occurrences of a list of terms into an output field (linked-in example).";

    // Declared from the config, so the registry can show them without building the stage
    // (a default build fails here: no terms).
    fn requires(&self) -> Vec<String> {
        Vec::new()
    }

    fn provides(&self) -> Vec<String> {
        vec![self.field.clone()]
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.terms.iter().any(|t| t.trim().is_empty()) {
            return Err(ConfigError::param(
                "terms",
                "terms must not be empty strings",
            ));
        }
        if self.field.trim().is_empty() {
            return Err(ConfigError::param("field", "must not be empty"));
        }
        Ok(())
    }

    fn build(self) -> Result<Box<dyn Stage>, ConfigError> {
        // An empty list is allowed by `Default` (the defaults shown for the stage) but a
        // pipeline needs terms.
        if self.terms.is_empty() {
            return Err(ConfigError::param("terms", "give at least one term"));
        }
        let fold = |s: &str| {
            if self.case_sensitive {
                s.to_string()
            } else {
                s.to_lowercase()
            }
        };
        Ok(Box::new(TermCount {
            needles: self.terms.iter().map(|t| fold(t.trim())).collect(),
            terms: self.terms,
            case_sensitive: self.case_sensitive,
            field: self.field,
        }))
    }
}

/// The runtime `term-count` stage.
#[derive(Debug)]
pub struct TermCount {
    terms: Vec<String>,
    needles: Vec<String>,
    case_sensitive: bool,
    field: String,
}

/// Occurrences of `needle` in `hay` that start and end on word boundaries.
fn count_word(hay: &str, needle: &str) -> u64 {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle)
        .filter(|(i, m)| {
            !is_word(hay[..*i].chars().next_back()) && !is_word(hay[i + m.len()..].chars().next())
        })
        .count() as u64
}

impl Stage for TermCount {
    fn name(&self) -> &str {
        TermCountConfig::NAME
    }

    fn provides(&self) -> Vec<String> {
        vec![self.field.clone()]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let folded;
        let hay = if self.case_sensitive {
            doc.text.as_str()
        } else {
            folded = doc.text.to_lowercase();
            folded.as_str()
        };
        let mut counts = Map::new();
        let mut total = 0;
        for (term, needle) in self.terms.iter().zip(&self.needles) {
            let n = count_word(hay, needle);
            total += n;
            counts.insert(term.clone(), Value::from(n));
        }
        doc.fields.insert(self.field.clone(), Value::Object(counts));
        doc.count("matches", total);
        Ok(())
    }
}

/// Registers `term-count` (what a stage crate's `register` does).
pub fn register(reg: &mut Registry) {
    reg.register_config::<TermCountConfig>();
}

/// A registry holding only the linked-in stage (add built-in stage crates' `register` calls
/// here to mix them).
pub fn registry() -> Registry {
    let mut reg = Registry::new();
    register(&mut reg);
    reg
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use textpipe_core::registry::parse_params;

    #[test]
    fn config_round_trip_defaults_and_unknown_field() {
        let c = TermCountConfig {
            terms: vec!["a".into()],
            case_sensitive: true,
            field: "f".into(),
        };
        let back: TermCountConfig =
            serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        let d: TermCountConfig = parse_params(&Map::new()).unwrap();
        assert_eq!(d, TermCountConfig::default());
        let err = parse_params::<TermCountConfig>(json!({"term": []}).as_object().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("`term`"), "{err}");
    }

    #[test]
    fn validate_and_build_refuse_bad_values() {
        let c = TermCountConfig {
            terms: vec![" ".into()],
            ..TermCountConfig::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("terms"));
        assert!(TermCountConfig::default().build().is_err());
    }

    #[test]
    fn registry_describes_the_stage_without_building_it() {
        let reg = registry();
        let info = reg.info("term-count").unwrap();
        assert_eq!(info.provides, ["term_counts"]);
        let names: Vec<&str> = info.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["terms", "case_sensitive", "field"]);
        assert_eq!(info.params[0].kind.to_string(), "list of strings");
        assert!(info.params.iter().all(|p| !p.doc.is_empty()));
    }

    #[test]
    fn counts_whole_words_only() {
        assert_eq!(count_word("port, airport, port.", "port"), 2);
        assert_eq!(count_word("new york and new yorkers", "new york"), 1);
        assert_eq!(count_word("", "x"), 0);
    }

    #[test]
    fn case_sensitivity() {
        let stage = TermCountConfig {
            terms: vec!["Apple".into()],
            case_sensitive: true,
            ..TermCountConfig::default()
        }
        .build()
        .unwrap();
        let mut doc = Document::from_text("d", "Apple sells apples; apple pie. Apple!");
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.fields["term_counts"]["Apple"], 2);
        assert_eq!(doc.counters, vec![("matches", 2)]);
    }
}
