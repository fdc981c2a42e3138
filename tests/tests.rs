//! End-to-end tests of the `textpipe` binary. One harness, topic modules:
#![allow(clippy::unwrap_used)]

// Shared helpers (temp dirs running the binary, JSONL readers, span checkers, plugin
// builds) are in crates/textpipe-testkit; each module imports what it uses.

/// The `textpipe` binary under test: the kit's `Env::new(TEXTPIPE)` runs it.
const TEXTPIPE: &str = env!("CARGO_BIN_EXE_textpipe");

// Command line: run on the examples, validate, stages, config errors.
mod cli;
// Inputs and outputs: folders, compressed JSONL, stdin/stdout, atomic writes.
mod io;
// Formats chosen by extension, unknown ones refused.
mod formats;
// Bad input: every document ends in the output or the rejects file.
mod rejects;
// Byte-identical output whatever the thread count.
mod determinism;
// Sharded runs (Slurm array / Kubernetes Indexed Job env), resume, signals.
mod shards;
// A one-node Slurm on localhost running deploy/slurm (skipped without Slurm).
mod slurm;
// Custom stages: plugins, new-stage.
mod plugins;
// `textpipe schema`: shipped pipelines validate against it, typos and wrong types do not.
mod schema;
