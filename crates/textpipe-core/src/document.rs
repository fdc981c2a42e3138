//! The document model: the text of one article, its metadata and the annotation layers that
//! stages add.
//!
//! Offsets inside a [`Document`] are **byte** offsets into [`Document::text`], always on `char`
//! boundaries, because that is what Rust string slicing needs. The output writer converts them to
//! Unicode character offsets (see [`crate::offsets`]) so that `text[start:end]` works in Python.

use serde_json::{Map, Value};
use std::sync::Arc;

/// Names of the fields that stages declare in [`crate::Stage::requires`] and
/// [`crate::Stage::provides`]; the runner checks the stage order against them.
pub mod fields {
    /// The (cleaned) text. Every document has it from the start.
    pub const TEXT: &str = "text";
    /// Article title.
    pub const TITLE: &str = "title";
    /// Publication date, ISO 8601.
    pub const DATE: &str = "date";
    /// Publisher or outlet.
    pub const SOURCE: &str = "source";
    /// Original URL.
    pub const URL: &str = "url";
    /// Dateline ("DUSHANBE, Tajikistan").
    pub const DATELINE: &str = "dateline";
    /// Sentence spans.
    pub const SENTENCES: &str = "sentences";
    /// Named entities.
    pub const ENTITIES: &str = "entities";
    /// Date and time mentions.
    pub const DATES: &str = "dates";
    /// Numbers and quantities.
    pub const QUANTITIES: &str = "quantities";
    /// Direct quotations.
    pub const QUOTES: &str = "quotes";
    /// Keyphrases.
    pub const KEYWORDS: &str = "keywords";
    /// Extractive summary.
    pub const SUMMARY: &str = "summary";
    /// Fields that hold spans into the text: a stage that rewrites the text must run before any
    /// stage that provides one of these.
    pub const SPAN_FIELDS: &[&str] = &[SENTENCES, ENTITIES, DATES, QUANTITIES, QUOTES, SUMMARY];
}

/// Where a document came from, for rejects and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Input path as the user named it (`-` for stdin).
    pub input: Arc<str>,
    /// 1-based line number in a JSONL input; `None` for a whole-file document.
    pub line: Option<u64>,
}

impl Origin {
    /// An origin for documents built in code (tests, examples).
    pub fn memory() -> Self {
        Origin {
            input: Arc::from("<memory>"),
            line: None,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.input, line),
            None => write!(f, "{}", self.input),
        }
    }
}

/// A half-open byte range `[start, end)` into [`Document::text`], on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
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

/// Article metadata lifted from the header by the clean stage (or carried from input fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Headline.
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`2012-07-25` or with a time).
    pub date: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// Original URL.
    pub url: Option<String>,
    /// Dateline place ("DUSHANBE, Tajikistan"), when the body opens with one.
    pub dateline: Option<String>,
}

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
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Where it is.
    pub span: Span,
    /// Its class.
    pub label: EntityLabel,
}

/// A date or time expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TemporalMention {
    /// Where it is.
    pub span: Span,
    /// ISO 8601 value when it could be resolved ("2012-07-25", "1992/1997", "199X", "2012-W30").
    pub value: Option<String>,
}

/// A number with what it counts or measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Where it is.
    pub span: Span,
    /// The numeric value (1.13e9 for "$1.13bn").
    pub value: f64,
    /// What it counts or measures ("people", "USD", "percent", "km"); empty for a bare number.
    pub unit: String,
    /// Upper end of a range ("10-15 people", "$5-6bn", "3 to 4 per cent"); `value` is then
    /// the lower end.
    pub max: Option<f64>,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted text, quotation marks excluded.
    pub span: Span,
    /// Who said it, when attributed (resolved to a name where possible).
    pub speaker: Option<String>,
}

/// A keyphrase with its score (higher is more relevant).
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// The phrase.
    pub text: String,
    /// Relevance score, higher is better.
    pub score: f64,
}

/// An extractive summary: indices into [`Document::sentences`], in article order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// Sentence indices, ascending.
    pub sentences: Vec<usize>,
}

/// One article moving through the pipeline.
///
/// The runner builds it from an input record; stages read and mutate it; the writer turns it
/// back into one JSON object. Input fields in [`Document::record`] are carried through untouched
/// unless a stage provides a field of the same name.
#[derive(Debug, Clone)]
pub struct Document {
    /// Document id: the input's id field, the path of a text file, or `input:line`.
    pub id: String,
    /// Where the document came from.
    pub origin: Origin,
    /// The text. Stages that rewrite it (clean) must run before stages that add spans.
    pub text: String,
    /// The input record as read (all fields, in input order).
    pub record: Map<String, Value>,
    /// Header metadata.
    pub meta: Metadata,
    /// Sentence spans, in order, non-overlapping.
    pub sentences: Option<Vec<Span>>,
    /// Named entities, in order.
    pub entities: Option<Vec<Entity>>,
    /// Date and time mentions, in order.
    pub dates: Option<Vec<TemporalMention>>,
    /// Quantities, in order.
    pub quantities: Option<Vec<Quantity>>,
    /// Quotations, in order.
    pub quotes: Option<Vec<Quote>>,
    /// Keyphrases, best first.
    pub keywords: Option<Vec<Keyword>>,
    /// Summary.
    pub summary: Option<Summary>,
    /// Further output fields added by stages (plugins, custom stages), written after the built-in
    /// ones. A key here replaces an input field of the same name.
    pub fields: Map<String, Value>,
    /// Counters a stage bumps while processing (e.g. boilerplate lines removed); the executor
    /// moves them into the run statistics of that stage after each call.
    pub counters: Vec<(&'static str, u64)>,
}

impl Document {
    /// A document with the given id and text and nothing else (tests, examples, linked-in use).
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document::new(id.into(), Origin::memory(), text.into(), Map::new())
    }

    /// A document read from `origin`, with its input record. Metadata fields present in the
    /// record as strings (`title`, `date`, `source`, `url`, `dateline`) seed [`Document::meta`].
    pub fn new(id: String, origin: Origin, text: String, record: Map<String, Value>) -> Self {
        let get = |k: &str| record.get(k).and_then(Value::as_str).map(str::to_owned);
        let meta = Metadata {
            title: get(fields::TITLE),
            date: get(fields::DATE),
            source: get(fields::SOURCE),
            url: get(fields::URL),
            dateline: get(fields::DATELINE),
        };
        Document {
            id,
            origin,
            text,
            record,
            meta,
            sentences: None,
            entities: None,
            dates: None,
            quantities: None,
            quotes: None,
            keywords: None,
            summary: None,
            fields: Map::new(),
            counters: Vec::new(),
        }
    }

    /// Adds `n` to the counter `name` for the stage now running (shown in the run statistics).
    pub fn count(&mut self, name: &'static str, n: u64) {
        if let Some(c) = self.counters.iter_mut().find(|(k, _)| *k == name) {
            c.1 += n;
        } else {
            self.counters.push((name, n));
        }
    }

    /// The sentences as string slices (empty when no sentence-split ran).
    pub fn sentence_texts(&self) -> Vec<&str> {
        self.sentences
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|s| s.slice(&self.text))
            .collect()
    }

    /// Serializes the document as the output JSON object (one line, no newline), converting every
    /// span to Unicode character offsets. See the README's output schema.
    pub fn to_json_line(&self, text_field: &str) -> Vec<u8> {
        crate::io::output::document_to_json(self, text_field)
    }
}
