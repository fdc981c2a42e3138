//! The annotation layers of a document, described once.
//!
//! Every layer type is generic over how it locates itself in the text, `S`:
//!
//! - `S = `[`Span`] (the default, what stages build and read): a byte range into the document
//!   text, on `char` boundaries, as Rust slicing needs. This is also the shape a plugin receives
//!   and returns across the C ABI (`{"start": bytes, "end": bytes, ...}`).
//! - `S = `[`TextSpan`] (what the JSONL writer emits): Unicode character offsets plus the
//!   covered text (`{"start": chars, "end": chars, "text": "...", ...}`), so that
//!   `text[start:end]` works in Python.
//!
//! The span is `#[serde(flatten)]`ed into each record, so one derive describes both shapes and
//! the field order (`start`, `end`, [`text`], then the layer's own fields) is the same in every
//! output. [`Layer::with_spans`] converts one into the other; the conversion itself (bytes to
//! characters) lives in one place, core's output writer.
//!
//! [`text`]: TextSpan::text

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text, on `char` boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The text under the span, or "" when the span does not fit `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A span as written in the output: character offsets and the text they cover. Only
/// serialized: a reader of the output gets the offsets back as a [`Span`] in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TextSpan<'a> {
    /// First character (Unicode code point offset).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The covered text.
    pub text: &'a str,
}

/// A sentence is its span: sentence-split provides `Vec<Sentence>`.
pub type Sentence = Span;

/// Named-entity classes (CoNLL-2003 style).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum EntityLabel {
    /// Person.
    PER,
    /// Organization.
    ORG,
    /// Location.
    LOC,
    /// Miscellaneous named thing (nationalities, events, works...).
    MISC,
}

impl EntityLabel {
    /// The label as written in the output.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityLabel::PER => "PER",
            EntityLabel::ORG => "ORG",
            EntityLabel::LOC => "LOC",
            EntityLabel::MISC => "MISC",
        }
    }
}

/// A named entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity<S = Span> {
    /// Where it is.
    #[serde(flatten)]
    pub span: S,
    /// Its class.
    pub label: EntityLabel,
}

/// A date or time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention<S = Span> {
    /// Where it is.
    #[serde(flatten)]
    pub span: S,
    /// ISO 8601 value when it could be resolved ("2012-07-25", "1992/1997", "199X", "2012-W30");
    /// `null` in the output when not.
    pub value: Option<String>,
}

/// The former name of [`DateMention`], kept so that existing stage code reads on.
pub type TemporalMention = DateMention;

/// A number with what it counts or measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity<S = Span> {
    /// Where it is.
    #[serde(flatten)]
    pub span: S,
    /// The numeric value (1.13e9 for "$1.13bn").
    pub value: f64,
    /// Upper end of a range ("10-15 people", "$5-6bn", "3 to 4 per cent"); `value` is then
    /// the lower end. Absent from the output when not a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// What it counts or measures ("people", "USD", "percent", "km"); empty for a bare number.
    pub unit: String,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote<S = Span> {
    /// The quoted text, quotation marks excluded.
    #[serde(flatten)]
    pub span: S,
    /// Who said it, when attributed (resolved to a name where possible); `null` when not.
    pub speaker: Option<String>,
}

/// A keyphrase with its score (higher is more relevant). Not a span: the same phrase may
/// occur many times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// The phrase.
    pub text: String,
    /// Relevance score, higher is better.
    pub score: f64,
}

/// An extractive summary: indices into the document's sentences, in article order.
///
/// Serialized as the bare list of indices (`[0, 3, 7]`), which is what a plugin receives; the
/// JSONL writer adds the joined text ([`SummaryOutput`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Summary {
    /// Sentence indices, ascending.
    pub sentences: Vec<usize>,
}

/// The summary as written in the output: the selected sentences joined by single spaces, and
/// their indices. Only serialized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryOutput<'a> {
    /// The summary text.
    pub text: String,
    /// Sentence indices, ascending.
    pub sentences: &'a [usize],
}

/// Article metadata lifted from the header by the clean stage (or carried from input fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`2012-07-25` or with a time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Original URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Dateline place ("DUSHANBE, Tajikistan"), when the body opens with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
}

impl Metadata {
    /// The names of the metadata fields, in output order.
    pub const FIELDS: [&'static str; 5] = ["title", "date", "source", "url", "dateline"];

    /// The slot of field `name`, or `None` when `name` is not a metadata field.
    pub fn get(&self, name: &str) -> Option<&Option<String>> {
        Some(match name {
            "title" => &self.title,
            "date" => &self.date,
            "source" => &self.source,
            "url" => &self.url,
            "dateline" => &self.dateline,
            _ => return None,
        })
    }

    /// The mutable slot of field `name`, or `None` when `name` is not a metadata field.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "title" => &mut self.title,
            "date" => &mut self.date,
            "source" => &mut self.source,
            "url" => &mut self.url,
            "dateline" => &mut self.dateline,
            _ => return None,
        })
    }
}

/// A layer record that sits at a span of the text, convertible to another span
/// representation (bytes to output offsets) without repeating its other fields.
pub trait Layer {
    /// The same record located by `T` instead of `Self`'s span type.
    type With<T>;
    /// The span as stages see it.
    fn span(&self) -> Span;
    /// A copy of the record with its span replaced by `f(span)`.
    fn with_spans<T>(&self, f: impl FnOnce(Span) -> T) -> Self::With<T>;
}

impl Layer for Span {
    type With<T> = T;
    fn span(&self) -> Span {
        *self
    }
    fn with_spans<T>(&self, f: impl FnOnce(Span) -> T) -> T {
        f(*self)
    }
}

impl Layer for Entity {
    type With<T> = Entity<T>;
    fn span(&self) -> Span {
        self.span
    }
    fn with_spans<T>(&self, f: impl FnOnce(Span) -> T) -> Entity<T> {
        Entity {
            span: f(self.span),
            label: self.label,
        }
    }
}

impl Layer for DateMention {
    type With<T> = DateMention<T>;
    fn span(&self) -> Span {
        self.span
    }
    fn with_spans<T>(&self, f: impl FnOnce(Span) -> T) -> DateMention<T> {
        DateMention {
            span: f(self.span),
            value: self.value.clone(),
        }
    }
}

impl Layer for Quantity {
    type With<T> = Quantity<T>;
    fn span(&self) -> Span {
        self.span
    }
    fn with_spans<T>(&self, f: impl FnOnce(Span) -> T) -> Quantity<T> {
        Quantity {
            span: f(self.span),
            value: self.value,
            max: self.max,
            unit: self.unit.clone(),
        }
    }
}

impl Layer for Quote {
    type With<T> = Quote<T>;
    fn span(&self) -> Span {
        self.span
    }
    fn with_spans<T>(&self, f: impl FnOnce(Span) -> T) -> Quote<T> {
        Quote {
            span: f(self.span),
            speaker: self.speaker.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn byte_shape_is_the_plugin_shape() {
        let e = Entity {
            span: Span::new(12, 17),
            label: EntityLabel::LOC,
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"start": 12, "end": 17, "label": "LOC"})
        );
        let back: Entity =
            serde_json::from_value(json!({"start": 1, "end": 2, "label": "PER"})).unwrap();
        assert_eq!(back.span, Span::new(1, 2));
        let q = Quantity {
            span: Span::new(0, 5),
            value: 10.0,
            max: None,
            unit: "people".into(),
        };
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            r#"{"start":0,"end":5,"value":10.0,"unit":"people"}"#
        );
        let s = Summary {
            sentences: vec![0, 2],
        };
        assert_eq!(serde_json::to_string(&s).unwrap(), "[0,2]");
    }

    #[test]
    fn output_shape_puts_text_after_the_offsets() {
        let q = Quantity {
            span: Span::new(0, 5),
            value: 10.0,
            max: Some(15.0),
            unit: "people".into(),
        };
        let out = q.with_spans(|s| TextSpan {
            start: s.start,
            end: s.end,
            text: "10-15",
        });
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"start":0,"end":5,"text":"10-15","value":10.0,"max":15.0,"unit":"people"}"#
        );
        let d = DateMention {
            span: Span::new(0, 4),
            value: None,
        };
        let out = d.with_spans(|s| TextSpan {
            start: s.start,
            end: s.end,
            text: "then",
        });
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"start":0,"end":4,"text":"then","value":null}"#
        );
    }

    #[test]
    fn malformed_layers_are_refused_with_the_field() {
        let err = serde_json::from_value::<Entity>(json!({"start": 1, "end": 2, "label": "X"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("PER"), "{err}");
        let err = serde_json::from_value::<Quote>(json!({"start": 1, "speaker": null}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("end"), "{err}");
    }

    #[test]
    fn metadata_slots_by_name() {
        let mut m = Metadata::default();
        *m.get_mut("title").unwrap() = Some("T".into());
        assert_eq!(m.get("title"), Some(&Some("T".into())));
        assert!(m.get("sentences").is_none());
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({"title": "T"}),
            "absent metadata is not written"
        );
    }
}
