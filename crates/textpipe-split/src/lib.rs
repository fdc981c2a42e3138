//! textpipe-split: the `sentence-split` stage and the sentence splitter behind it.
//!
//! Every later stage (extract, summarize) sees a document through its sentences. This crate
//! finds them in one linear pass over the bytes, with rules for the hard cases of news and web
//! text: abbreviations and titles (Mr., Inc., U.S.), initials, a.m./p.m., numbers, numbered and
//! lettered lists, ellipses, `?!` runs, closing quotes and brackets, URLs and e-mail addresses,
//! Unicode marks (… 。), headings and lines without final punctuation, blank lines and single
//! newlines. See [`splitter`] for the rules.
//!
//! - [`Splitter`] (and the shortcut [`split`]): the library entry point other crates call.
//! - [`SentenceSplitConfig`]: the stage's settings in the pipeline JSON; builds a
//!   [`SentenceSplit`], the runtime [`textpipe_core::Stage`].
//!
//! Spans are byte offsets into the text, trimmed of surrounding whitespace, in order, never
//! overlapping, and together they cover every non-whitespace character.
//!
//! ```
//! use textpipe_core::{Document, StageConfig};
//! use textpipe_split::SentenceSplitConfig;
//!
//! let config: SentenceSplitConfig = serde_json::from_str(r#"{"newlines": "auto"}"#).unwrap();
//! let stage = config.build().unwrap();
//! let mut doc = Document::from_text("d1", "Apple Inc. said on Monday it would buy a U.S. firm. \
//!     Shares rose 2.5% to $13.10 at 4 p.m. Eastern Time.");
//! stage.process(&mut doc).unwrap();
//! assert_eq!(doc.sentence_texts(), [
//!     "Apple Inc. said on Monday it would buy a U.S. firm.",
//!     "Shares rose 2.5% to $13.10 at 4 p.m. Eastern Time.",
//! ]);
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod abbrev;
pub mod config;
pub mod splitter;
pub mod stage;

pub use config::SentenceSplitConfig;
pub use splitter::{split, NewlineMode, SplitOptions, Splitter};
pub use stage::SentenceSplit;

/// Registers the `sentence-split` stage.
pub fn register(reg: &mut textpipe_core::Registry) {
    reg.register_config::<SentenceSplitConfig>();
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn registered_under_its_name() {
        let mut reg = textpipe_core::Registry::new();
        super::register(&mut reg);
        let info = reg.info("sentence-split").unwrap();
        assert_eq!(info.requires, ["text"]);
        assert_eq!(info.provides, ["sentences"]);
        assert_eq!(info.params.len(), 5);
        let serde_json::Value::Object(params) = json!({"newlines": "always"}) else {
            unreachable!()
        };
        let stage = reg.build("sentence-split", None, &params).unwrap();
        let mut doc = textpipe_core::Document::from_text("d", "first line\nsecond line");
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.sentence_texts(), ["first line", "second line"]);
        let serde_json::Value::Object(bad) = json!({"newline": "always"}) else {
            unreachable!()
        };
        let err = reg.build("sentence-split", None, &bad).err().unwrap();
        assert!(err.to_string().contains("newline"), "{err}");
    }
}
