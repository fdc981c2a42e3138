//! The document model: the text of one article, its metadata and the annotation layers that
//! stages add.
//!
//! The layer types (spans, entities, dates, ...) are defined once, with serde, in
//! `textpipe-model` and re-exported here; the JSONL writer, the plugin host and every stage use
//! them.
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

pub use textpipe_model::layers::{
    DateMention, Entity, EntityLabel, Keyword, Layer, Metadata, Quantity, Quote, Sentence, Span,
    Summary, SummaryOutput, TemporalMention, TextSpan,
};

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
    pub dates: Option<Vec<DateMention>>,
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
        let _ = text_field;
        crate::io::record::OutputRecord::new(self).to_json_line()
    }
}
