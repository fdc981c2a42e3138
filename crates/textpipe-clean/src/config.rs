//! [`CleanConfig`]: what the user writes in a pipeline (`{"stage": "clean", ...}`), its
//! defaults, validation and `build`.

use crate::stage::Clean;
use crate::unicode::Normalization;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use textpipe_core::registry::choice_schema;
use textpipe_core::{ConfigError, Stage, StageConfig};

/// Settings of the `clean` stage. Every step can be switched off; `{"stage": "clean"}` alone
/// runs them all with the defaults below.
///
/// The field docs are the parameters' documentation in `textpipe stages` and `textpipe schema`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CleanConfig {
    /// Repair mojibake (UTF-8 read as Windows-1252, Latin-1, MacRoman, Windows-1251/1250,
    /// ISO-8859-2, Windows-1253/1254, code page 437, double encodings) without touching
    /// legitimate accented or non-Latin text. Default true.
    pub fix_mojibake: bool,
    /// Strip HTML tags, dropping script/style/nav/header/footer/aside/form content and turning
    /// block elements into breaks. Only applies to text with clear evidence of HTML. Default true.
    pub strip_html: bool,
    /// Decode HTML entities (`&amp;`, `&eacute;`, `&#8217;`, `&#x1F600;`). Default true.
    pub decode_entities: bool,
    /// Remove Markdown: headings, emphasis, links (`[text](url)` to text), images, code spans
    /// and fences, `<url>` autolinks, rules, link definitions. Default true.
    pub strip_markdown: bool,
    /// Unicode normalization form: `"nfc"` (default), `"nfkc"` (also folds ligatures and
    /// full-width forms) or `"none"`.
    #[schemars(schema_with = "normalization_schema")]
    pub normalization: Normalization,
    /// Remove control characters (terminal colour escapes such as `ESC[31m` whole),
    /// zero-width characters, bidi marks and soft hyphens. Default true.
    pub remove_control: bool,
    /// Map non-breaking, thin, ideographic and other exotic spaces and tabs to a plain space.
    /// Default true.
    pub normalize_spaces: bool,
    /// Replace typographic quotes (‘ ’ “ ” „) with `'` and `"`. Default false: they are kept.
    pub straighten_quotes: bool,
    /// Spell out Latin ligatures ("ﬁ" to "fi", "ĳ" to "ij"), which are copy-paste residue
    /// from typeset text. Default true.
    pub fix_ligatures: bool,
    /// Map full-width and half-width forms to ordinary width ("ＡＢＣ１" to "ABC1"). Default
    /// true.
    pub fix_width: bool,
    /// Collapse runs of spaces inside a line into one. Lines are trimmed (unless
    /// `keep_layout`). Default true.
    pub collapse_whitespace: bool,
    /// Keep the text's lines and spaces exactly as written: only the character-level repairs
    /// run (HTML per `strip_html`/`decode_entities`, mojibake, control characters, ligatures,
    /// width, spaces per `normalize_spaces`, normalization). Header lifting, boilerplate,
    /// Markdown, line joining, trimming and whitespace collapsing are skipped, as ftfy does.
    /// Default false.
    pub keep_layout: bool,
    /// Join hard-wrapped lines inside a paragraph (wire copy at ~70 columns). List items and
    /// short title-like lines stay on their own line. Default true.
    pub join_wrapped_lines: bool,
    /// Join a paragraph broken mid-sentence (ends without terminal punctuation, next starts
    /// in lower case). Default true.
    pub join_broken_paragraphs: bool,
    /// Re-join words hyphenated at a line end ("pro-\nvince" to "province", while
    /// "well-\nknown" stays "well-known"). Needs `join_wrapped_lines`. Default true.
    pub dehyphenate: bool,
    /// Lines shorter than this many characters are treated as deliberate breaks (bylines,
    /// addresses, headings) and only joined when the next line starts in lower case.
    /// Range 1..=1000, default 40.
    #[schemars(range(min = 1, max = 1000))]
    pub short_line: usize,
    /// Remove boilerplate lines (share/follow/subscribe prompts, "Advertisement", "Read more",
    /// cookie notices, copyright footers). Default true.
    pub remove_boilerplate: bool,
    /// Use the built-in boilerplate lists (in addition to the two lists below). Default true.
    pub builtin_boilerplate: bool,
    /// Extra whole lines to remove, compared case-insensitively, ignoring trailing
    /// punctuation. Needs `remove_boilerplate`. Default empty.
    pub boilerplate_lines: Vec<String>,
    /// Extra line prefixes to remove (lines up to 200 bytes), case-insensitive. Needs
    /// `remove_boilerplate`. Default empty.
    pub boilerplate_prefixes: Vec<String>,
    /// Lift the article header into metadata: a `# Title` line, a date line, a `**Source**`
    /// line at the top, and an `Original url: <...>` line anywhere. Default true.
    pub extract_header: bool,
    /// Recognize a dateline opening the body ("DUSHANBE, Tajikistan —", "LONDON (Reuters) -")
    /// and store the place as `dateline` (the text keeps it). Default true.
    pub extract_dateline: bool,
    /// Rewrite a `date` that came with the input record ("26-FEB-1987 15:01:01.79") to
    /// ISO 8601 when it parses; otherwise leave it. Default true.
    pub normalize_date: bool,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            fix_mojibake: true,
            strip_html: true,
            decode_entities: true,
            strip_markdown: true,
            normalization: Normalization::Nfc,
            remove_control: true,
            normalize_spaces: true,
            straighten_quotes: false,
            fix_ligatures: true,
            fix_width: true,
            collapse_whitespace: true,
            keep_layout: false,
            join_wrapped_lines: true,
            join_broken_paragraphs: true,
            dehyphenate: true,
            short_line: 40,
            remove_boilerplate: true,
            builtin_boilerplate: true,
            boilerplate_lines: Vec::new(),
            boilerplate_prefixes: Vec::new(),
            extract_header: true,
            extract_dateline: true,
            normalize_date: true,
        }
    }
}

/// Every [`Normalization`], for the schema of `normalization` (the enum lives with the code
/// that applies it).
const NORMALIZATIONS: [Normalization; 3] =
    [Normalization::Nfc, Normalization::Nfkc, Normalization::None];

/// Fails to compile when [`Normalization`] gains a variant that [`NORMALIZATIONS`] lacks.
const _: fn(Normalization) = |n| match n {
    Normalization::Nfc | Normalization::Nfkc | Normalization::None => {}
};

fn normalization_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    choice_schema(&NORMALIZATIONS)
}

impl StageConfig for CleanConfig {
    const NAME: &'static str = "clean";
    const DESCRIPTION: &'static str = "Repairs mojibake, strips HTML and Markdown, normalizes \
        Unicode and whitespace, removes boilerplate lines, joins hard-wrapped lines and broken \
        paragraphs, and lifts the article header (title, date, source, url, dateline) into \
        metadata.";

    fn requires(&self) -> Vec<String> {
        Vec::new()
    }

    fn provides(&self) -> Vec<String> {
        crate::stage::PROVIDES
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=1000).contains(&self.short_line) {
            return Err(ConfigError::param(
                "short_line",
                format!("must be between 1 and 1000, got {}", self.short_line),
            ));
        }
        for (field, list) in [
            ("boilerplate_lines", &self.boilerplate_lines),
            ("boilerplate_prefixes", &self.boilerplate_prefixes),
        ] {
            if let Some(i) = list.iter().position(|s| s.trim().is_empty()) {
                return Err(ConfigError::param(
                    format!("{field}[{i}]"),
                    "must not be empty (it would match nothing or everything)",
                ));
            }
            if !list.is_empty() && !self.remove_boilerplate {
                return Err(ConfigError::param(
                    field,
                    "has no effect when remove_boilerplate is false",
                ));
            }
        }
        if self.dehyphenate && !self.join_wrapped_lines && !self.join_broken_paragraphs {
            return Err(ConfigError::param(
                "dehyphenate",
                "needs join_wrapped_lines or join_broken_paragraphs (words are re-joined when lines are)",
            ));
        }
        Ok(())
    }

    fn build(self) -> Result<Box<dyn Stage>, ConfigError> {
        self.validate()?;
        Ok(Box::new(Clean::new(self)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpipe_core::registry::parse_params;

    fn parse(json: &str) -> Result<CleanConfig, ConfigError> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        parse_params(v.as_object().unwrap())
    }

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(parse("{}").unwrap(), CleanConfig::default());
    }

    #[test]
    fn json_round_trip() {
        let mut c = CleanConfig {
            normalization: Normalization::Nfkc,
            straighten_quotes: true,
            short_line: 25,
            boilerplate_lines: vec!["Harbour Gazette".into()],
            ..CleanConfig::default()
        };
        c.fix_mojibake = false;
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"normalization\":\"nfkc\""));
        let back: CleanConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn unknown_field_named() {
        let err = parse(r#"{"fix_mojibak": true}"#).unwrap_err();
        assert!(err.to_string().contains("fix_mojibak"), "{err}");
    }

    #[test]
    fn wrong_type_and_bad_enum_rejected() {
        assert!(parse(r#"{"short_line": "long"}"#).is_err());
        let err = parse(r#"{"normalization": "nfd"}"#).unwrap_err();
        assert!(err.to_string().contains("nfd"), "{err}");
    }

    #[test]
    fn validate_rejects_bad_values() {
        let bad = CleanConfig {
            short_line: 0,
            ..CleanConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("short_line"));
        let bad = CleanConfig {
            boilerplate_lines: vec![" ".into()],
            ..CleanConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("boilerplate_lines[0]"));
        let bad = CleanConfig {
            remove_boilerplate: false,
            boilerplate_prefixes: vec!["x".into()],
            ..CleanConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("boilerplate_prefixes"));
        let bad = CleanConfig {
            join_wrapped_lines: false,
            join_broken_paragraphs: false,
            ..CleanConfig::default()
        };
        assert!(bad.validate().is_err());
        assert!(bad.build().is_err());
        assert!(CleanConfig::default().build().is_ok());
    }

    #[test]
    fn declared_fields_are_the_built_stage_fields() {
        for c in [
            CleanConfig::default(),
            CleanConfig {
                keep_layout: true,
                extract_header: false,
                ..CleanConfig::default()
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
        let info = reg.info("clean").unwrap();
        let defaults = serde_json::to_value(CleanConfig::default()).unwrap();
        let fields: Vec<&String> = defaults.as_object().unwrap().keys().collect();
        let params: Vec<&String> = info.params.iter().map(|p| &p.name).collect();
        assert_eq!(fields, params);
        for p in &info.params {
            assert!(!p.doc.is_empty(), "{} has no doc", p.name);
            assert_eq!(p.default, defaults[&p.name], "{}", p.name);
        }
        let norm = info
            .params
            .iter()
            .find(|p| p.name == "normalization")
            .unwrap();
        assert_eq!(norm.kind.to_string(), "one of \"nfc\", \"nfkc\", \"none\"");
        for choice in NORMALIZATIONS {
            let name = serde_json::to_value(choice).unwrap();
            assert!(norm.kind.accepts(&name));
            assert_eq!(
                serde_json::from_value::<Normalization>(name).unwrap(),
                choice
            );
        }
    }

    #[test]
    fn example_pipeline_entry_parses() {
        let c = parse(r#"{"normalization": "nfkc", "straighten_quotes": true, "boilerplate_lines": ["Tip us off"]}"#).unwrap();
        assert!(c.validate().is_ok());
    }
}
