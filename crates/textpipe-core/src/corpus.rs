//! Corpus-wide steps: work that needs to see many documents (exact and near deduplication,
//! corpus statistics) without giving up determinism.
//!
//! A [`Stage`](crate::Stage) sees one document at a time, in whatever thread and order rayon
//! chooses, which is what makes the runner fast and its output independent of the thread
//! count. A decision such as "this article is a copy of an earlier one" depends on the order
//! of the corpus, so it cannot be a stage. A [`CorpusStep`] splits such work in two:
//!
//! 1. [`CorpusStep::prepare`] runs in the worker threads, on each document that passed every
//!    per-document stage, right after the last stage: it computes what the decision needs (a
//!    hash of the normalized text, a MinHash signature). It may depend only on the document.
//! 2. [`CorpusStep::decide`] runs on one thread, next to the sink, once per document **in
//!    input order**, with what `prepare` computed. It keeps whatever state it needs (a set of
//!    hashes, LSH buckets) and may drop or reject the document; a dropped document goes to the
//!    rejects file with its reason and is counted, like a filter's.
//!
//! Because decisions are taken in input order on one thread, the result is byte-identical
//! whatever the thread count or batch size. The steps run in the order they were added, after
//! all stages; a document dropped by one step is not decided on by the next (its `prepare` has
//! already run).
//!
//! ```
//! use std::collections::HashSet;
//! use textpipe_core::corpus::{CorpusStep, Prepared};
//! use textpipe_core::{Document, StageError};
//!
//! /// Drops documents whose text is exactly that of an earlier one.
//! #[derive(Default)]
//! struct Exact { seen: HashSet<String> }
//!
//! impl CorpusStep for Exact {
//!     fn name(&self) -> &str { "exact" }
//!     fn prepare(&self, doc: &Document) -> Prepared { Box::new(doc.text.clone()) }
//!     fn decide(&mut self, _id: &str, p: Prepared) -> Result<(), StageError> {
//!         let text = p.downcast::<String>().map_err(|_| StageError::fatal("bad input"))?;
//!         if self.seen.insert(*text) { Ok(()) } else { Err(StageError::drop_doc("duplicate")) }
//!     }
//! }
//! let mut step = Exact::default();
//! let a = step.prepare(&Document::from_text("a", "same"));
//! let b = step.prepare(&Document::from_text("b", "same"));
//! assert!(step.decide("a", a).is_ok());
//! assert!(step.decide("b", b).is_err());
//! ```

use crate::document::Document;
use crate::stage::StageError;
use std::any::Any;

/// What [`CorpusStep::prepare`] computed for one document, handed to
/// [`CorpusStep::decide`]; the step downcasts it to its own type.
pub type Prepared = Box<dyn Any + Send>;

/// A step that sees the documents of the whole run in input order (see the module docs).
pub trait CorpusStep: Send + Sync {
    /// The step's name, shown in the run statistics and the rejects file.
    fn name(&self) -> &str;

    /// Computes, in a worker thread, what [`CorpusStep::decide`] needs of `doc`. Must depend
    /// only on `doc` and the step's settings, never on state changed by `decide`.
    fn prepare(&self, doc: &Document) -> Prepared;

    /// Decides, on one thread and in input order, about the document `id`.
    ///
    /// # Errors
    ///
    /// [`StageError::Drop`] filters the document out (listed in the rejects file as dropped
    /// with the reason, e.g. "duplicate of reuters-12"); [`StageError::Reject`] rejects it;
    /// [`StageError::Fatal`] stops the run.
    fn decide(&mut self, id: &str, prepared: Prepared) -> Result<(), StageError>;

    /// Counters for the run statistics, asked for once at the end of the run.
    fn counters(&self) -> Vec<(String, u64)> {
        Vec::new()
    }
}
