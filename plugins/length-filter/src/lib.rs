//! `length-filter`: an example filter plugin. Drops documents that are too short or too long
//! (in words or characters) or, optionally, that do not look like English. Dropped documents
//! are counted in the run summary and listed in the rejects file with the reason, e.g.
//! `too short: 12 words, min_words is 50`.
//!
//! The English check is deliberately simple: the share of words that are common English
//! function words (`the`, `of`, `and`, ...) and the share of letters that are ASCII letters.
//! Both must reach their thresholds.
#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod language;

use textpipe_plugin::serde_json::json;
use textpipe_plugin::{Descriptor, Kind, Outcome, Params, PluginDoc, PluginStage};

/// The filter.
#[derive(Debug)]
pub struct LengthFilter {
    min_words: u64,
    max_words: Option<u64>,
    min_chars: u64,
    max_chars: Option<u64>,
    english: bool,
    min_stopword_share: f64,
    min_ascii_share: f64,
}

fn limit(v: u64) -> Option<u64> {
    (v > 0).then_some(v)
}

fn share(params: &Params, name: &str) -> Result<f64, String> {
    let v = params.f64(name)?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "parameter `{name}` must be between 0 and 1, found {v}"
        ))
    }
}

impl PluginStage for LengthFilter {
    fn describe() -> Descriptor {
        Descriptor::new(
            "length-filter",
            env!("CARGO_PKG_VERSION"),
            "Drops documents by length in words or characters, or by a simple English check \
             (share of English stopwords and of ASCII letters).",
        )
        .with_kind(Kind::Filter)
        .with_param(
            "min_words",
            "integer",
            json!(0),
            "Drop documents with fewer words (0: no minimum).",
        )
        .with_param(
            "max_words",
            "integer",
            json!(0),
            "Drop documents with more words (0: no maximum).",
        )
        .with_param(
            "min_chars",
            "integer",
            json!(0),
            "Drop documents with fewer characters (0: no minimum).",
        )
        .with_param(
            "max_chars",
            "integer",
            json!(0),
            "Drop documents with more characters (0: no maximum).",
        )
        .with_param(
            "english",
            "boolean",
            json!(false),
            "Drop documents that do not look like English.",
        )
        .with_param(
            "min_stopword_share",
            "number",
            json!(0.2),
            "English check: least share of words that are English stopwords (0 to 1).",
        )
        .with_param(
            "min_ascii_share",
            "number",
            json!(0.9),
            "English check: least share of letters that are ASCII letters (0 to 1).",
        )
        .with_counters(&["dropped_short", "dropped_long", "dropped_language"])
    }

    fn create(params: &Params) -> Result<Self, String> {
        let f = LengthFilter {
            min_words: params.u64("min_words")?,
            max_words: limit(params.u64("max_words")?),
            min_chars: params.u64("min_chars")?,
            max_chars: limit(params.u64("max_chars")?),
            english: params.bool("english")?,
            min_stopword_share: share(params, "min_stopword_share")?,
            min_ascii_share: share(params, "min_ascii_share")?,
        };
        for (min, max, unit) in [
            (f.min_words, f.max_words, "words"),
            (f.min_chars, f.max_chars, "chars"),
        ] {
            if let Some(max) = max {
                if min > max {
                    return Err(format!(
                        "`min_{unit}` ({min}) is greater than `max_{unit}` ({max})"
                    ));
                }
            }
        }
        Ok(f)
    }

    fn process(&self, doc: &PluginDoc<'_>) -> Result<Outcome, String> {
        let text = doc.text();
        let needs_words = self.min_words > 0 || self.max_words.is_some() || self.english;
        let words = if needs_words {
            language::words(text)
        } else {
            Vec::new()
        };
        let n = words.len() as u64;
        if n < self.min_words {
            return Ok(Outcome::drop(format!(
                "too short: {n} words, min_words is {}",
                self.min_words
            ))
            .with_count("dropped_short", 1));
        }
        if let Some(max) = self.max_words.filter(|m| n > *m) {
            return Ok(
                Outcome::drop(format!("too long: {n} words, max_words is {max}"))
                    .with_count("dropped_long", 1),
            );
        }
        if self.min_chars > 0 || self.max_chars.is_some() {
            let c = text.chars().count() as u64;
            if c < self.min_chars {
                return Ok(Outcome::drop(format!(
                    "too short: {c} characters, min_chars is {}",
                    self.min_chars
                ))
                .with_count("dropped_short", 1));
            }
            if let Some(max) = self.max_chars.filter(|m| c > *m) {
                return Ok(
                    Outcome::drop(format!("too long: {c} characters, max_chars is {max}"))
                        .with_count("dropped_long", 1),
                );
            }
        }
        if self.english {
            let stop = language::stopword_share(&words);
            let ascii = language::ascii_letter_share(text);
            if stop < self.min_stopword_share || ascii < self.min_ascii_share {
                return Ok(Outcome::drop(format!(
                    "not English: stopword share {stop:.2} (min {}), ASCII letter share {ascii:.2} (min {})",
                    self.min_stopword_share, self.min_ascii_share
                ))
                .with_count("dropped_language", 1));
            }
        }
        Ok(Outcome::keep())
    }
}

textpipe_plugin::export_stage!(LengthFilter);

#[cfg(test)]
mod tests {
    use super::*;
    use textpipe_plugin::Decision;

    fn build(params: textpipe_plugin::serde_json::Value) -> Result<LengthFilter, String> {
        let given = params.as_object().cloned().unwrap_or_default();
        LengthFilter::create(&Params::resolve(&given, &LengthFilter::describe().params)?)
    }

    fn decide(f: &LengthFilter, text: &str) -> Decision {
        f.process(&PluginDoc::new("d", text, Default::default()))
            .unwrap()
            .decision()
            .clone()
    }

    const ENGLISH: &str = "The council said that it would open the new bridge in the spring, \
                           and the mayor thanked all of the workers for their patience.";
    const GERMAN: &str = "Der Stadtrat teilte mit, dass die neue Brücke im Frühjahr eröffnet \
                          werde, und der Bürgermeister dankte allen Arbeitern für ihre Geduld.";

    #[test]
    fn drops_by_words_and_chars_with_a_reason() {
        let f = build(json!({"min_words": 5, "max_chars": 40})).unwrap();
        assert_eq!(
            decide(&f, "Too short here."),
            Decision::Drop("too short: 3 words, min_words is 5".into())
        );
        assert_eq!(decide(&f, "one two three four five"), Decision::Keep);
        match decide(&f, "one two three four five six seven eight nine ten") {
            Decision::Drop(r) => assert!(r.starts_with("too long: 48 characters"), "{r}"),
            other => panic!("{other:?}"),
        }
        let f = build(json!({"max_words": 3})).unwrap();
        assert!(matches!(decide(&f, "a b c d"), Decision::Drop(r) if r.contains("max_words is 3")));
    }

    #[test]
    fn english_check_keeps_english_and_drops_german() {
        let f = build(json!({"english": true})).unwrap();
        assert_eq!(decide(&f, ENGLISH), Decision::Keep);
        assert!(matches!(decide(&f, GERMAN), Decision::Drop(r) if r.starts_with("not English")));
        // Off by default.
        assert_eq!(decide(&build(json!({})).unwrap(), GERMAN), Decision::Keep);
    }

    #[test]
    fn rejects_inconsistent_parameters() {
        let e = build(json!({"min_words": 10, "max_words": 5})).unwrap_err();
        assert!(e.contains("min_words") && e.contains("max_words"), "{e}");
        assert!(build(json!({"min_stopword_share": 1.5}))
            .unwrap_err()
            .contains("min_stopword_share"));
        assert!(build(json!({"min_words": -1}))
            .unwrap_err()
            .contains("min_words"));
    }
}
