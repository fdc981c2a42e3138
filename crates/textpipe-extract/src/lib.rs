//! textpipe stage `extract`: turns sentences into facts.
//!
//! Sits after `clean` and `sentence-split` in a pipeline. From the text and its sentences it
//! fills five annotation layers of the [`Document`](textpipe_core::Document), all with byte
//! spans into the text on char boundaries:
//!
//! 1. **entities** (PER, ORG, LOC, MISC) from the statistical tagger in `textpipe-ner`
//!    (optionally one label per name within a document: `entity_consistency`);
//! 2. **dates**: absolute and relative expressions with ISO 8601 values resolved against the
//!    article date (`doc.meta.date`), see [`dates`] for the weekday rule;
//! 3. **quantities**: numbers with what they count or measure, see [`quantities`];
//! 4. **quotes**: direct quotations with their speakers, see [`quotes`];
//! 5. **keywords**: YAKE-style keyphrases, see [`keywords`].
//!
//! Everything runs from one shared tokenization of the text; word lists are compiled into the
//! binary and looked up through exact tables built once (behind a small bit filter), and
//! per-document buffers are reused per thread, so nothing is allocated per token.
//!
//! [`ExtractConfig`] is the stage's JSON config and [`Extract`] the runtime stage.
//!
//! ```
//! use textpipe_core::{Document, Span, StageConfig};
//! use textpipe_extract::ExtractConfig;
//!
//! let config: ExtractConfig = serde_json::from_str(r#"{"entities": false}"#).unwrap();
//! let stage = config.build().unwrap();
//! let mut doc = Document::from_text("d1", "Prices rose 4% on Monday, a trader said.");
//! doc.meta.date = Some("2012-07-25".into());
//! doc.sentences = Some(vec![Span::new(0, doc.text.len())]);
//! stage.process(&mut doc).unwrap();
//! let dates = doc.dates.unwrap();
//! assert_eq!(dates[0].value.as_deref(), Some("2012-07-23"));
//! assert_eq!(doc.quantities.unwrap()[0].unit, "percent");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod config;
pub mod dates;
mod entities;
pub mod keywords;
pub mod quantities;
pub mod quotes;
mod stage;
mod tokens;

pub use config::ExtractConfig;
pub use stage::Extract;

/// Registers the `extract` stage.
pub fn register(reg: &mut textpipe_core::Registry) {
    reg.register_config::<ExtractConfig>();
}
