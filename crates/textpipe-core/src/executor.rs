//! The batch executor: streams raw records from a [`RecordReader`], runs every stage on every
//! document of a batch in parallel (rayon), and writes results and rejects in input order.
//!
//! Corpus-wide steps ([`crate::corpus`]) run after the stages: their `prepare` in the worker
//! threads, their `decide` on the coordinating thread, in input order, before the batch goes
//! to the writer.
//!
//! Three threads cooperate: a reader splits the input into records and batches them, the rayon
//! pool parses, processes and serializes each batch, and a writer writes the finished batch
//! while the next one is processed. Channels are bounded, so memory stays at a few batches
//! whatever the corpus size. Output order is input order and the bytes do not depend on the
//! thread count: each document's output depends only on that document.

use crate::config::OnError;
use crate::corpus::{CorpusStep, Prepared};
use crate::document::Document;
use crate::error::IoError;
use crate::io::{InputOptions, RawRecord, RecordEncoder, RecordReader, Sink};
use crate::stage::{Stage, StageError};
use crate::stats::{RunStats, StageStats};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// A built pipeline: stage instances in order, with the reject policy.
pub struct Pipeline {
    name: String,
    on_error: OnError,
    stages: Vec<(String, Box<dyn Stage>)>,
    /// Corpus-wide steps `(instance id, step)`, after the stages. `prepare` takes a read lock
    /// from the worker threads; `decide` the write lock on the coordinating thread, between
    /// batches' parallel phases, so the lock is never contended for writing.
    corpus: Vec<(String, RwLock<Box<dyn CorpusStep>>)>,
}

/// Counts the executor reports after every batch (for a progress bar).
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents read so far.
    pub read: u64,
    /// Documents rejected or dropped so far.
    pub rejected: u64,
    /// Input bytes consumed so far (compressed bytes for compressed inputs).
    pub input_bytes: u64,
    /// Text bytes processed so far.
    pub text_bytes: u64,
}

/// Callback receiving [`Progress`] after every batch.
pub type ProgressFn = Box<dyn Fn(&Progress) + Send + Sync>;

/// How to run.
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Documents per batch.
    pub batch_size: usize,
    /// Stop after this many documents.
    pub limit: Option<u64>,
    /// Stop at the first rejected document, whatever the config's `on_error` says.
    pub fail_fast: bool,
    /// Where the id and text are in JSONL records.
    pub input: InputOptions,
    /// Set to true (e.g. by a signal handler) to stop after the current batch.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Called after every batch.
    pub progress: Option<ProgressFn>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 0,
            batch_size: 256,
            limit: None,
            fail_fast: false,
            input: InputOptions::default(),
            cancel: None,
            progress: None,
        }
    }
}

/// Why a run stopped before its end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// A document was rejected under fail-fast.
    #[error("document {id} ({origin}) rejected{}: {reason} (fail-fast)", stage.as_ref().map(|s| format!(" by stage \"{s}\"")).unwrap_or_default())]
    FailFast {
        /// Document id.
        id: String,
        /// Input and line.
        origin: String,
        /// Stage instance id, or none for a reading error.
        stage: Option<String>,
        /// Why.
        reason: String,
    },
    /// A stage reported a fatal error.
    #[error("stage \"{stage}\" failed on document {id}: {reason}")]
    Fatal {
        /// Stage instance id.
        stage: String,
        /// Document id.
        id: String,
        /// Why.
        reason: String,
    },
    /// Writing the output or the rejects failed.
    #[error("writing output: {0}")]
    Output(std::io::Error),
    /// The run was cancelled (SIGINT/SIGTERM).
    #[error("interrupted")]
    Cancelled,
    /// A thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    /// An I/O error with context.
    #[error(transparent)]
    Io(#[from] IoError),
}

struct StageTrace {
    nanos: u64,
    counters: Vec<(&'static str, u64)>,
}

/// A document that passed the stages, waiting for the corpus steps' decisions.
struct Pending {
    doc: Document,
    prepared: Vec<Prepared>,
}

enum Outcome {
    Written(Vec<u8>, Option<Box<Pending>>),
    Rejected {
        line: Vec<u8>,
        id: String,
        origin: String,
        stage: Option<usize>,
        reason: String,
        dropped: bool,
        fatal: bool,
    },
}

struct DocResult {
    outcome: Outcome,
    text_bytes: u64,
    traces: Vec<StageTrace>,
}

impl Pipeline {
    /// A pipeline from built stages `(instance id, stage)`.
    pub fn new(name: String, on_error: OnError, stages: Vec<(String, Box<dyn Stage>)>) -> Self {
        Pipeline {
            name,
            on_error,
            stages,
            corpus: Vec::new(),
        }
    }

    /// Adds a corpus-wide step (see [`crate::corpus`]) after the stages and the steps added
    /// before it. `id` names it in the statistics and the rejects file.
    pub fn add_corpus_step(&mut self, id: impl Into<String>, step: Box<dyn CorpusStep>) {
        self.corpus.push((id.into(), RwLock::new(step)));
    }

    /// The id of stage or corpus step `i` (corpus steps are numbered after the stages).
    fn step_id(&self, i: usize) -> &str {
        match self.stages.get(i) {
            Some((id, _)) => id,
            None => self
                .corpus
                .get(i - self.stages.len())
                .map_or("", |(id, _)| id.as_str()),
        }
    }

    /// Pipeline name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The reject policy from the config.
    pub fn on_error(&self) -> OnError {
        self.on_error
    }

    /// Stage instances `(id, stage)`, in order.
    pub fn stages(&self) -> &[(String, Box<dyn Stage>)] {
        &self.stages
    }

    /// Runs every stage on one document (for linked-in use and tests).
    ///
    /// # Errors
    ///
    /// The instance id of the failing stage with its error.
    pub fn process(&self, doc: &mut Document) -> Result<(), (String, StageError)> {
        for (id, stage) in &self.stages {
            stage.process(doc).map_err(|e| (id.clone(), e))?;
            doc.counters.clear();
        }
        Ok(())
    }

    fn process_raw(
        &self,
        raw: RawRecord,
        opts: &InputOptions,
        encoder: &dyn RecordEncoder,
    ) -> DocResult {
        let mut traces = Vec::with_capacity(self.stages.len());
        let mut doc = match raw.into_document(opts) {
            Ok(d) => d,
            Err(rej) => {
                let id = rej.id.clone().unwrap_or_else(|| rej.origin.to_string());
                let key = if rej.payload.is_object() {
                    "record"
                } else {
                    "raw"
                };
                let line = reject_line(
                    rej.id.as_deref(),
                    &rej.origin,
                    None,
                    "rejected",
                    &rej.reason,
                    key,
                    &rej.payload,
                );
                return DocResult {
                    outcome: Outcome::Rejected {
                        line,
                        id,
                        origin: rej.origin.to_string(),
                        stage: None,
                        reason: rej.reason,
                        dropped: false,
                        fatal: false,
                    },
                    text_bytes: 0,
                    traces,
                };
            }
        };
        let text_bytes = doc.text.len() as u64;
        for (i, (_, stage)) in self.stages.iter().enumerate() {
            let t = Instant::now();
            let result = stage.process(&mut doc);
            traces.push(StageTrace {
                nanos: t.elapsed().as_nanos() as u64,
                counters: std::mem::take(&mut doc.counters),
            });
            if let Err(err) = result {
                return DocResult {
                    outcome: self.stage_reject(&mut doc, i, err),
                    text_bytes,
                    traces,
                };
            }
        }
        let encoded = encoder.encode(&doc);
        let pending = (!self.corpus.is_empty()).then(|| {
            let prepared = self
                .corpus
                .iter()
                .map(|(_, step)| {
                    let t = Instant::now();
                    let p = match step.read() {
                        Ok(s) => s.prepare(&doc),
                        Err(poisoned) => poisoned.into_inner().prepare(&doc),
                    };
                    traces.push(StageTrace {
                        nanos: t.elapsed().as_nanos() as u64,
                        counters: Vec::new(),
                    });
                    p
                })
                .collect();
            Box::new(Pending { doc, prepared })
        });
        DocResult {
            outcome: Outcome::Written(encoded, pending),
            text_bytes,
            traces,
        }
    }

    /// Runs the corpus steps' decisions on one written document, in input order; a drop or
    /// reject turns the outcome into a rejected one. Returns the time spent per step.
    fn decide(&self, r: &mut DocResult) -> Vec<u64> {
        let Outcome::Written(_, pending) = &mut r.outcome else {
            return Vec::new();
        };
        let Some(pending) = pending.take() else {
            return Vec::new();
        };
        let Pending { mut doc, prepared } = *pending;
        let mut nanos = Vec::with_capacity(prepared.len());
        for (j, ((_, step), p)) in self.corpus.iter().zip(prepared).enumerate() {
            let t = Instant::now();
            let result = match step.write() {
                Ok(mut s) => s.decide(&doc.id, p),
                Err(poisoned) => poisoned.into_inner().decide(&doc.id, p),
            };
            nanos.push(t.elapsed().as_nanos() as u64);
            if let Err(err) = result {
                r.outcome = self.stage_reject(&mut doc, self.stages.len() + j, err);
                break;
            }
        }
        nanos
    }

    /// The rejected outcome of `doc` for `err` from stage or corpus step `i`.
    fn stage_reject(&self, doc: &mut Document, i: usize, err: StageError) -> Outcome {
        let (kind, dropped, fatal, reason) = match err {
            StageError::Drop { reason } => ("dropped", true, false, reason),
            StageError::Reject { reason } => ("rejected", false, false, reason),
            StageError::Fatal { reason } => ("fatal", false, true, reason),
        };
        let record = Value::Object(std::mem::take(&mut doc.record));
        let line = reject_line(
            Some(&doc.id),
            &doc.origin,
            Some(self.step_id(i)),
            kind,
            &reason,
            "record",
            &record,
        );
        Outcome::Rejected {
            line,
            id: std::mem::take(&mut doc.id),
            origin: doc.origin.to_string(),
            stage: Some(i),
            reason,
            dropped,
            fatal,
        }
    }

    /// Runs the pipeline over every record of `reader`, writing documents to `out` (encoded by
    /// its [`Sink::encoder`] in the worker threads) and rejected or dropped ones to `rejects`
    /// (JSON lines). The caller finishes (or drops) the sinks.
    ///
    /// # Errors
    ///
    /// [`RunError`] when the run stops early; documents already written are then incomplete
    /// and the caller should not commit the output.
    pub fn run(
        &self,
        mut reader: RecordReader,
        out: &mut dyn Sink,
        rejects: &mut dyn Sink,
        opts: &RunOptions,
    ) -> Result<RunStats, RunError> {
        let started = Instant::now();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads)
            .thread_name(|i| format!("textpipe-worker-{i}"))
            .build()
            .map_err(|e| RunError::Threads(e.to_string()))?;
        let mut stats = RunStats {
            pipeline: self.name.clone(),
            threads: pool.current_num_threads(),
            stages: self
                .stages
                .iter()
                .map(|(id, s)| (id.clone(), s.name().to_string()))
                .chain(self.corpus.iter().map(|(id, s)| {
                    let name = match s.read() {
                        Ok(s) => s.name().to_string(),
                        Err(p) => p.into_inner().name().to_string(),
                    };
                    (id.clone(), name)
                }))
                .map(|(id, stage)| StageStats {
                    id,
                    stage,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let fail_fast = opts.fail_fast || self.on_error == OnError::Fail;
        let encoder = out.encoder();
        let batch_size = opts.batch_size.max(1);
        let bytes_read = reader.bytes_read.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let cancelled = || {
            opts.cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
        };

        let result = std::thread::scope(|scope| -> Result<(), RunError> {
            let (batch_tx, batch_rx) = sync_channel::<Vec<RawRecord>>(2);
            let (done_tx, done_rx) = sync_channel::<Vec<DocResult>>(2);
            let stop_r = stop.clone();
            let limit = opts.limit;
            let reader_handle = scope.spawn(move || {
                let mut batch = Vec::with_capacity(batch_size);
                for (n, rec) in reader.by_ref().enumerate() {
                    if stop_r.load(Ordering::Relaxed) || limit.is_some_and(|l| n as u64 >= l) {
                        break;
                    }
                    batch.push(rec);
                    if batch.len() == batch_size {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                        if batch_tx.send(full).is_err() {
                            break;
                        }
                    }
                }
                if !batch.is_empty() {
                    let _ = batch_tx.send(batch);
                }
                (std::mem::take(&mut reader.errors), reader.input_share())
            });
            let writer_stop = stop.clone();
            let writer_handle = scope.spawn(move || -> Result<(), std::io::Error> {
                for batch in done_rx {
                    for r in batch {
                        let res = match &r.outcome {
                            Outcome::Written(record, _) => out.write(record),
                            Outcome::Rejected { line, .. } => rejects.write(line),
                        };
                        if let Err(e) = res {
                            writer_stop.store(true, Ordering::Relaxed);
                            return Err(e);
                        }
                    }
                }
                Ok(())
            });

            let mut outcome = Ok(());
            for batch in batch_rx {
                if cancelled() {
                    outcome = Err(RunError::Cancelled);
                    break;
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let results: Vec<DocResult> = pool.install(|| {
                    batch
                        .into_par_iter()
                        .map(|raw| self.process_raw(raw, &opts.input, encoder.as_ref()))
                        .collect()
                });
                let mut results = results;
                let mut keep = results.len();
                for (k, r) in results.iter_mut().enumerate() {
                    let n = self.stages.len();
                    for (j, nanos) in self.decide(r).into_iter().enumerate() {
                        stats.stages[n + j].seconds += nanos as f64 / 1e9;
                    }
                    stats.read += 1;
                    stats.text_bytes += r.text_bytes;
                    for (s, t) in r.traces.iter().enumerate() {
                        let st = &mut stats.stages[s];
                        st.documents += 1;
                        st.seconds += t.nanos as f64 / 1e9;
                        for (name, v) in &t.counters {
                            *st.counters.entry((*name).to_string()).or_default() += v;
                        }
                    }
                    match &r.outcome {
                        Outcome::Written(..) => stats.written += 1,
                        Outcome::Rejected {
                            id,
                            origin,
                            stage,
                            reason,
                            dropped,
                            fatal,
                            ..
                        } => {
                            let sid = stage.map(|i| self.step_id(i).to_string());
                            if let Some(i) = stage {
                                if *dropped {
                                    stats.stages[*i].dropped += 1;
                                } else {
                                    stats.stages[*i].rejected += 1;
                                }
                            }
                            if *dropped {
                                stats.dropped += 1;
                            } else {
                                stats.rejected += 1;
                                tracing::debug!(id = %id, origin = %origin, stage = ?sid, "rejected: {reason}");
                            }
                            if *fatal {
                                outcome = Err(RunError::Fatal {
                                    stage: sid.unwrap_or_default(),
                                    id: id.clone(),
                                    reason: reason.clone(),
                                });
                            } else if fail_fast && !*dropped {
                                outcome = Err(RunError::FailFast {
                                    id: id.clone(),
                                    origin: origin.clone(),
                                    stage: sid,
                                    reason: reason.clone(),
                                });
                            }
                            if outcome.is_err() {
                                keep = k + 1;
                                break;
                            }
                        }
                    }
                }
                results.truncate(keep);
                if let Some(p) = &opts.progress {
                    p(&Progress {
                        read: stats.read,
                        rejected: stats.rejected + stats.dropped,
                        input_bytes: bytes_read.load(Ordering::Relaxed),
                        text_bytes: stats.text_bytes,
                    });
                }
                if done_tx.send(results).is_err() || outcome.is_err() {
                    break;
                }
            }
            stop.store(true, Ordering::Relaxed);
            drop(done_tx);
            let writer_result = writer_handle.join();
            let (reader_errors, share) = reader_handle
                .join()
                .unwrap_or_else(|_| (Vec::new(), bytes_read.load(Ordering::Relaxed)));
            stats.input_errors = reader_errors;
            stats.input_bytes = share;
            match writer_result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    if outcome.is_ok() {
                        outcome = Err(RunError::Output(e));
                    }
                }
                Err(_) => {
                    outcome = Err(RunError::Output(std::io::Error::other(
                        "writer thread panicked",
                    )))
                }
            }
            outcome
        });
        let n = self.stages.len();
        for (j, (_, step)) in self.corpus.iter().enumerate() {
            let counters = match step.read() {
                Ok(s) => s.counters(),
                Err(p) => p.into_inner().counters(),
            };
            stats.stages[n + j].counters.extend(counters);
        }
        stats.seconds = started.elapsed().as_secs_f64();
        result.map(|()| stats)
    }
}

fn reject_line(
    id: Option<&str>,
    origin: &crate::document::Origin,
    stage: Option<&str>,
    kind: &str,
    reason: &str,
    payload_key: &str,
    payload: &Value,
) -> Vec<u8> {
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), id.map_or(Value::Null, |s| json!(s)));
    obj.insert("input".into(), json!(&*origin.input));
    obj.insert("line".into(), origin.line.map_or(Value::Null, |l| json!(l)));
    obj.insert("stage".into(), stage.map_or(Value::Null, |s| json!(s)));
    obj.insert("kind".into(), json!(kind));
    obj.insert("reason".into(), json!(reason));
    if !payload.is_null() {
        obj.insert(payload_key.into(), payload.clone());
    }
    serde_json::to_vec(&Value::Object(obj)).unwrap_or_default()
}
