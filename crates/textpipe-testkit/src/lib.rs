//! Test kit of the textpipe workspace: the helpers the tests of several crates share, in one
//! place instead of a copy in each test file.
//!
//! - [`env`](mod@env): a temp-dir test environment that runs a binary ([`Env`]), exit-status checks
//!   ([`ok`], [`fails`]), waiting with a timeout, the workspace root.
//! - [`jsonl`]: JSONL readers (plain, gzip, zstd), record ids, sorting by id.
//! - [`corpus`]: synthetic corpora and documents built from their parts (sentences joined by
//!   spaces, entities marked in the text), fixture files.
//! - [`spans`]: span checkers: inside the text, on char boundaries, non-empty, sorted,
//!   non-overlapping, trimmed, covering; and the character offsets of output records.
//! - [`plugin`]: builds cdylib plugin crates with cargo (once per test process) and compiles
//!   one-file libraries with rustc.
//!
//! The kit depends on no crate of the workspace (spans are `Range<usize>` byte ranges, records
//! are `serde_json::Value`), so any crate's tests can use it without a dependency cycle. It is
//! a dev-dependency only (`publish = false`).
//!
//! A library cannot see `env!("CARGO_BIN_EXE_textpipe")` (cargo sets it for the integration
//! tests of the package owning the binary), so [`Env::new`] takes the binary's path.

// Test code: a failed unwrap is a failed test, with the location in the panic message.
#![allow(clippy::unwrap_used)]

pub mod corpus;
pub mod env;
pub mod jsonl;
pub mod plugin;
pub mod spans;

pub use corpus::{
    fixture, joined_sentences, marked, naive_sentences, spans_at_cuts, synthetic_jsonl,
};
pub use env::{fails, files_containing, ok, wait_timeout, workspace_root, Env};
pub use jsonl::{
    gzip, ids, parse_jsonl, read_decompressed, read_json, read_jsonl, read_lines, sort_by_id,
    sort_lines_by_id,
};
pub use plugin::{build_crate, cargo, dylib_name, rustc_cdylib, Plugins};
pub use spans::{char_slice, json_spans, SpanCheck};
