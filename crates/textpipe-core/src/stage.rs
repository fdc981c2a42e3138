//! The [`Stage`] trait: the one interface every built-in stage, linked-in custom stage and
//! run-time plugin implements.

use crate::document::Document;

/// One step of a pipeline.
///
/// A stage holds its settings (built once from the pipeline config) and mutates the
/// [`Document`] it is given. Invariants:
///
/// - `process` takes `&self` and may be called concurrently from several threads on different
///   documents (hence `Send + Sync`); a stage keeps no per-document state in itself.
/// - The result for a document depends only on that document and the stage's settings, so the
///   output is byte-identical whatever the thread count.
/// - A stage never panics on any input; bad input is a [`StageError::Reject`].
/// - `requires` and `provides` name document fields (see [`crate::fields`]); the pipeline
///   validator checks that every required field is provided by an earlier stage.
pub trait Stage: Send + Sync {
    /// The stage's type name as written in the pipeline config (`"sentence-split"`).
    fn name(&self) -> &str;

    /// Fields this stage reads and that an earlier stage must have provided.
    fn requires(&self) -> Vec<String> {
        Vec::new()
    }

    /// Fields this stage adds or replaces.
    fn provides(&self) -> Vec<String> {
        Vec::new()
    }

    /// Processes one document in place.
    ///
    /// # Errors
    ///
    /// [`StageError::Reject`] sends the document to the rejects file, [`StageError::Drop`]
    /// filters it out (counted and listed in the rejects file as dropped), and
    /// [`StageError::Fatal`] stops the whole run.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// What went wrong in a stage, and what the runner should do about it.
///
/// "Skip this document" and "stop the run" are different variants, not different messages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// This document cannot be processed; it goes to the rejects file with the reason and the
    /// run goes on (unless the user asked for fail-fast).
    #[error("{reason}")]
    Reject {
        /// Why, for the rejects file.
        reason: String,
    },
    /// A filter stage decided this document does not belong in the output. It is counted as
    /// dropped and listed in the rejects file with the reason; never a failure, even under
    /// fail-fast.
    #[error("dropped: {reason}")]
    Drop {
        /// Why, for the rejects file.
        reason: String,
    },
    /// The stage cannot go on at all (a broken model, a lost resource): the run stops.
    #[error("fatal: {reason}")]
    Fatal {
        /// Why.
        reason: String,
    },
}

impl StageError {
    /// A [`StageError::Reject`] with this reason.
    pub fn reject(reason: impl Into<String>) -> Self {
        StageError::Reject {
            reason: reason.into(),
        }
    }
    /// A [`StageError::Drop`] with this reason.
    pub fn drop_doc(reason: impl Into<String>) -> Self {
        StageError::Drop {
            reason: reason.into(),
        }
    }
    /// A [`StageError::Fatal`] with this reason.
    pub fn fatal(reason: impl Into<String>) -> Self {
        StageError::Fatal {
            reason: reason.into(),
        }
    }
    /// A reject for a document that lacks a field this stage needs.
    pub fn missing(field: &str) -> Self {
        StageError::reject(format!(
            "missing field `{field}`: run the stage that provides it first"
        ))
    }
}
