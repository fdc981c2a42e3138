//! Run statistics: documents read, written, rejected and dropped; bytes; time per stage; the
//! counters stages report. Serialized by `--stats` and combined by `textpipe merge-stats`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Statistics of one stage instance over a run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct StageStats {
    /// Instance id (the `id` in the config, or the stage name).
    pub id: String,
    /// Stage type.
    pub stage: String,
    /// Documents that went through the stage.
    pub documents: u64,
    /// Documents the stage rejected.
    pub rejected: u64,
    /// Documents the stage dropped (filters).
    pub dropped: u64,
    /// Total time spent in the stage, in seconds (summed over threads).
    pub seconds: f64,
    /// Counters the stage reported (e.g. `boilerplate_lines`).
    pub counters: BTreeMap<String, u64>,
}

/// Statistics of a whole run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RunStats {
    /// Pipeline name.
    pub pipeline: String,
    /// Documents read from the inputs (including those rejected on reading).
    pub read: u64,
    /// Documents written to the output.
    pub written: u64,
    /// Documents rejected (malformed input or a stage error).
    pub rejected: u64,
    /// Documents dropped by filter stages.
    pub dropped: u64,
    /// Input bytes of document text (before any stage), for MB/s.
    pub text_bytes: u64,
    /// Bytes of input read (compressed size for compressed inputs). A shard that reads a
    /// shared input and keeps every n-th record reports its share, in proportion to its
    /// records' bytes, so that merged shard statistics add up to the input's size.
    pub input_bytes: u64,
    /// Wall-clock seconds of the run.
    pub seconds: f64,
    /// Worker threads used.
    pub threads: usize,
    /// Inputs that could not be read to their end (path and error).
    pub input_errors: Vec<String>,
    /// Per-stage statistics, in pipeline order.
    pub stages: Vec<StageStats>,
}

impl RunStats {
    /// Megabytes (10^6) of text per second.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.text_bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }

    /// Documents read per second.
    pub fn docs_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.read as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// Adds another run's statistics to this one (per-shard stats into a total). Stages are
    /// matched by id; wall-clock seconds are summed (total work, not elapsed time).
    pub fn merge(&mut self, other: &RunStats) {
        if self.pipeline.is_empty() {
            self.pipeline = other.pipeline.clone();
        }
        self.read += other.read;
        self.written += other.written;
        self.rejected += other.rejected;
        self.dropped += other.dropped;
        self.text_bytes += other.text_bytes;
        self.input_bytes += other.input_bytes;
        self.seconds += other.seconds;
        self.threads = self.threads.max(other.threads);
        self.input_errors.extend(other.input_errors.iter().cloned());
        for s in &other.stages {
            match self.stages.iter_mut().find(|m| m.id == s.id) {
                Some(m) => {
                    m.documents += s.documents;
                    m.rejected += s.rejected;
                    m.dropped += s.dropped;
                    m.seconds += s.seconds;
                    for (k, v) in &s.counters {
                        *m.counters.entry(k.clone()).or_default() += v;
                    }
                }
                None => self.stages.push(s.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_adds_counts_and_stage_counters() {
        let mut a = RunStats {
            read: 3,
            written: 2,
            rejected: 1,
            stages: vec![StageStats {
                id: "clean".into(),
                stage: "clean".into(),
                documents: 3,
                counters: [("boilerplate_lines".to_string(), 2)].into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let b = a.clone();
        a.merge(&b);
        assert_eq!((a.read, a.written, a.rejected), (6, 4, 2));
        assert_eq!(a.stages.len(), 1);
        assert_eq!(a.stages[0].counters["boilerplate_lines"], 4);
    }
}
