//! Deterministic sharding of inputs across processes, completion markers and resumable runs.
//!
//! A sharded run starts the same command `N` times (a Slurm job array, a Kubernetes Indexed
//! Job, or by hand); process `I` handles shard `I` of `N`. Every process computes the same
//! assignment from the same command line, without talking to the others:
//!
//! 1. The inputs are expanded into *units* ([`list_units`]): a JSONL file or a text article
//!    is one unit, a folder contributes one unit per article. Units are sorted by name.
//! 2. With at least `N` units ([`Mode::Files`]), unit `k` goes to shard `k mod N` (whole files,
//!    as datatrove does); a shard reads only its own files.
//! 3. With fewer units than shards ([`Mode::Records`], e.g. one large JSONL file), records are
//!    interleaved: the `r`-th record read (0-based, over the sorted inputs) goes to shard
//!    `r mod N`. Every shard reads the inputs, but parses only its own records.
//!
//! Either way every input record lands in exactly one shard, and the assignment depends only
//! on the sorted input names and `N`. [`ShardPlan::reader`] returns a [`RecordReader`](crate::io::RecordReader) that
//! yields only this shard's records (filtering on the record's origin, without parsing JSON).
//!
//! After a shard's outputs are renamed into place, a [`CompletionMarker`] is written (last)
//! to `<output dir>/_completions/<shard>.json`. It records a hash of the pipeline config and of
//! the input list, so that `--resume` can skip finished shards and refuse to mix results of a
//! changed config or changed inputs ([`check_marker`]). [`shard_status`] lists done and missing
//! shards.
//!
//! ```
//! use textpipe_core::shard::{file_shard, record_shard, ShardSpec};
//!
//! let spec = ShardSpec::new(2, 12).unwrap();
//! assert_eq!(spec.label(), "00002");
//! assert_eq!(spec.fill("out/part-{shard}.jsonl.zst"), "out/part-00002.jsonl.zst");
//! assert_eq!(file_shard(14, 12), 2);
//! assert_eq!(record_shard(26, 12), 2);
//! ```

mod lifecycle;
mod marker;
mod plan;
mod spec;

pub use lifecycle::*;
pub use marker::*;
pub use plan::*;
pub use spec::*;

use crate::error::IoError;

/// The placeholder replaced by the zero-padded shard index in output paths.
pub const PLACEHOLDER: &str = "{shard}";

/// Name of the folder (beside the outputs) holding one completion marker per shard.
pub const COMPLETIONS_DIR: &str = "_completions";

/// Environment variable giving the shard count when the index comes from a Kubernetes Indexed
/// Job (`JOB_COMPLETION_INDEX`); set it to the Job's `completions`.
pub const NUM_SHARDS_ENV: &str = "TEXTPIPE_NUM_SHARDS";

/// Why sharding cannot be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// The shard count is zero.
    #[error("the number of shards must be at least 1")]
    ZeroShards,
    /// The index is not below the count.
    #[error("shard index {index} is out of range for {count} shard(s) (valid: 0..={})", count.saturating_sub(1))]
    IndexOutOfRange {
        /// Index asked for.
        index: usize,
        /// Shard count.
        count: usize,
    },
    /// An environment variable holds something that is not a number.
    #[error("environment variable {var}={value:?} is not a non-negative integer")]
    BadEnv {
        /// Variable name.
        var: &'static str,
        /// Its value.
        value: String,
    },
    /// The shard index is known but the count is not.
    #[error("the shard index comes from {source_name} but the number of shards is unknown: pass --num-shards N or set {NUM_SHARDS_ENV}")]
    UnknownCount {
        /// Where the index came from.
        source_name: String,
    },
    /// A shard count above one without any shard index.
    #[error("--num-shards {count} needs --shard-index (or SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX in the environment)")]
    UnknownIndex {
        /// Shard count.
        count: usize,
    },
    /// A Slurm array whose task ids do not map onto 0..N.
    #[error("Slurm array task {id} does not map onto a shard (min {min}, step {step}); use a contiguous array such as --array=0-{}", count.saturating_sub(1))]
    SlurmLayout {
        /// SLURM_ARRAY_TASK_ID.
        id: usize,
        /// SLURM_ARRAY_TASK_MIN.
        min: usize,
        /// SLURM_ARRAY_TASK_STEP.
        step: usize,
        /// Shard count.
        count: usize,
    },
    /// Stdin cannot be split between processes.
    #[error(
        "stdin (-) cannot be sharded: every process would read its own stdin; name files instead"
    )]
    Stdin,
    /// The same input (or article) is named twice.
    #[error("input {0} is named more than once; a sharded run needs distinct inputs")]
    Duplicate(String),
    /// A sharded or resumable run writing to stdout.
    #[error("a sharded or resumable run needs a file --output (with {PLACEHOLDER} in its name)")]
    StdoutOutput,
    /// Several shards would write the same file.
    #[error("{flag} {path} has no {PLACEHOLDER} placeholder: all {count} shards would write the same file (e.g. out/part-{PLACEHOLDER}.jsonl.zst)")]
    NoPlaceholder {
        /// The option naming the path (`--output`, `--rejects`, `--stats`).
        flag: String,
        /// The path template.
        path: String,
        /// Shard count.
        count: usize,
    },
    /// The placeholder is in the folder, where the markers of all shards must meet.
    #[error("put {PLACEHOLDER} in the file name of --output, not in its folder: completion markers go to <folder>/{COMPLETIONS_DIR}")]
    PlaceholderInFolder,
    /// `--resume` found markers of another run.
    #[error("cannot resume: finished shards were made by a different run, and mixing them would give inconsistent output:\n  {}\nrerun without --resume to recompute everything, or pass --force to recompute this shard anyway", .0.join("\n  "))]
    ForeignMarkers(Vec<String>),
    /// Listing the inputs, or preparing the output folders, failed.
    #[error(transparent)]
    Io(#[from] IoError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{InputSource, RawRecord, RecordReader};
    use crate::stats::RunStats;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn labels_are_zero_padded_and_sort() {
        assert_eq!(label(3, 4), "00003");
        assert_eq!(label(7, 200_000), "000007");
        let s = ShardSpec::new(1, 3).unwrap();
        assert_eq!(s.fill("o/part-{shard}.jsonl"), "o/part-00001.jsonl");
        assert_eq!(s.to_string(), "1/3");
        assert!(matches!(
            ShardSpec::new(3, 3),
            Err(ShardError::IndexOutOfRange { .. })
        ));
        assert!(matches!(ShardSpec::new(0, 0), Err(ShardError::ZeroShards)));
    }

    #[test]
    fn resolve_prefers_flags_then_slurm_then_kubernetes() {
        let none = env_of(&[]);
        assert_eq!(
            resolve(None, None, &none).unwrap(),
            (ShardSpec::single(), ShardSource::Unsharded)
        );
        assert_eq!(
            resolve(Some(2), Some(4), &none).unwrap(),
            (ShardSpec::new(2, 4).unwrap(), ShardSource::Flags)
        );
        let slurm = env_of(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("JOB_COMPLETION_INDEX", "3"),
        ]);
        assert_eq!(
            resolve(None, None, &slurm).unwrap(),
            (ShardSpec::new(1, 4).unwrap(), ShardSource::Slurm)
        );
        assert_eq!(
            resolve(Some(0), None, &slurm).unwrap().1,
            ShardSource::Flags
        );
        let stepped = env_of(&[
            ("SLURM_ARRAY_TASK_ID", "6"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(resolve(None, None, &stepped).unwrap().0.index(), 3);
        let k8s = env_of(&[("JOB_COMPLETION_INDEX", "3")]);
        assert_eq!(
            resolve(None, Some(4), &k8s).unwrap(),
            (ShardSpec::new(3, 4).unwrap(), ShardSource::Kubernetes)
        );
    }

    #[test]
    fn resolve_reports_what_is_wrong() {
        let k8s = env_of(&[("JOB_COMPLETION_INDEX", "3")]);
        let e = resolve(None, None, &k8s).unwrap_err().to_string();
        assert!(
            e.contains("JOB_COMPLETION_INDEX") && e.contains(NUM_SHARDS_ENV),
            "{e}"
        );
        let e = resolve(None, Some(2), &k8s).unwrap_err().to_string();
        assert!(e.contains("out of range"), "{e}");
        let bad = env_of(&[
            ("SLURM_ARRAY_TASK_ID", "x"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ]);
        let e = resolve(None, None, &bad).unwrap_err().to_string();
        assert!(e.contains("SLURM_ARRAY_TASK_ID=\"x\""), "{e}");
        let sparse = env_of(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ]);
        assert!(matches!(
            resolve(None, None, &sparse),
            Err(ShardError::SlurmLayout { .. })
        ));
        let none = env_of(&[]);
        assert!(matches!(
            resolve(None, Some(3), &none),
            Err(ShardError::UnknownIndex { count: 3 })
        ));
        assert!(matches!(
            resolve(Some(1), None, &none),
            Err(ShardError::UnknownCount { .. })
        ));
    }

    #[test]
    fn pure_assignment_is_a_partition() {
        for n in 1..=17 {
            for k in 0..200usize {
                let s = file_shard(k, n);
                assert!(s < n);
                assert_eq!(
                    (0..n).filter(|i| file_shard(k, n) == *i).count(),
                    1,
                    "unit {k} with {n} shards"
                );
                assert_eq!(record_shard(k as u64, n), s);
            }
        }
        assert_eq!(mode(3, 4), Mode::Records);
        assert_eq!(mode(4, 4), Mode::Files);
    }

    /// Writes a corpus: `files` JSONL files (in a shuffled naming order) of `lines` lines
    /// each, and a folder of `articles` articles. Returns the sources in a non-sorted order.
    fn corpus(dir: &Path, files: usize, lines: usize, articles: usize) -> Vec<InputSource> {
        let mut sources = Vec::new();
        for f in (0..files).rev() {
            let p = dir.join(format!("f{f:02}.jsonl"));
            let mut s = String::new();
            for l in 0..lines {
                s.push_str(&format!("{{\"id\":\"f{f}-{l}\",\"text\":\"t\"}}\n"));
                if l % 5 == 4 {
                    s.push('\n'); // blank lines are skipped, not records
                }
            }
            std::fs::write(&p, s).unwrap();
            sources.push(InputSource::from_arg(p.to_str().unwrap()).unwrap());
        }
        if articles > 0 {
            let a = dir.join("arts");
            std::fs::create_dir_all(a.join("sub")).unwrap();
            for i in 0..articles {
                let rel = if i % 2 == 0 {
                    format!("a{i}.txt")
                } else {
                    format!("sub/a{i}.md")
                };
                std::fs::write(a.join(rel), format!("Article {i}.")).unwrap();
            }
            sources.insert(0, InputSource::from_arg(a.to_str().unwrap()).unwrap());
        }
        sources
    }

    fn key(r: &RawRecord) -> String {
        r.origin.to_string()
    }

    fn all_keys(sources: &[InputSource]) -> Vec<String> {
        let mut v: Vec<String> = RecordReader::new(sources.to_vec())
            .map(|r| key(&r))
            .collect();
        v.sort();
        v
    }

    fn check_partition(sources: &[InputSource], n: usize) {
        let expected = all_keys(sources);
        let mut seen: Vec<String> = Vec::new();
        for i in 0..n {
            let plan = ShardPlan::new(sources.to_vec(), ShardSpec::new(i, n).unwrap()).unwrap();
            let first: Vec<String> = plan.reader().map(|r| key(&r)).collect();
            let again: Vec<String> = plan.reader().map(|r| key(&r)).collect();
            assert_eq!(first, again, "shard {i}/{n} not stable");
            // A plan made from the sources in another order gives the same shard.
            let mut rev = sources.to_vec();
            rev.reverse();
            let other = ShardPlan::new(rev, ShardSpec::new(i, n).unwrap()).unwrap();
            assert_eq!(other.inputs_hash(), plan.inputs_hash());
            let mut third: Vec<String> = other.reader().map(|r| key(&r)).collect();
            if n == 1 {
                // One shard reads the inputs in the order given, like an unsharded run.
                let mut sorted = first.clone();
                sorted.sort();
                third.sort();
                assert_eq!(sorted, third);
            } else {
                assert_eq!(first, third, "shard {i}/{n} depends on the input order");
            }
            seen.extend(first);
        }
        seen.sort();
        assert_eq!(seen, expected, "{n} shards do not partition the records");
    }

    #[test]
    fn every_record_lands_in_exactly_one_shard() {
        let dir = tempfile::tempdir().unwrap();
        let sources = corpus(dir.path(), 3, 23, 5);
        // 8 units: N <= 8 assigns whole files, N > 8 interleaves records.
        for n in 1..=12 {
            check_partition(&sources, n);
        }
        let one = tempfile::tempdir().unwrap();
        let single = corpus(one.path(), 1, 101, 0);
        for n in [1, 2, 3, 4, 7, 64, 200] {
            check_partition(&single, n);
        }
    }

    #[test]
    fn file_mode_reads_only_owned_files_and_record_mode_interleaves() {
        let dir = tempfile::tempdir().unwrap();
        let sources = corpus(dir.path(), 4, 3, 0);
        let plan = ShardPlan::new(sources.clone(), ShardSpec::new(1, 2).unwrap()).unwrap();
        assert_eq!(plan.mode(), Mode::Files);
        let names: Vec<String> = plan.sources().iter().map(|s| s.display_name()).collect();
        assert_eq!(names.len(), 2);
        assert!(names[0].ends_with("f01.jsonl") && names[1].ends_with("f03.jsonl"));
        let plan = ShardPlan::new(sources, ShardSpec::new(5, 6).unwrap()).unwrap();
        assert_eq!(plan.mode(), Mode::Records);
        let got: Vec<String> = plan.reader().map(|r| key(&r)).collect();
        // 12 records in sorted file order: ordinals 5 and 11 are f01:3 and f03:3.
        assert_eq!(got.len(), 2);
        assert!(
            got[0].ends_with("f01.jsonl:3") && got[1].ends_with("f03.jsonl:3"),
            "{got:?}"
        );
    }

    #[test]
    fn plan_refuses_stdin_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = corpus(dir.path(), 2, 1, 0);
        let spec = ShardSpec::new(0, 2).unwrap();
        let mut with_stdin = sources.clone();
        with_stdin.push(InputSource::Stdin);
        assert!(matches!(
            ShardPlan::new(with_stdin.clone(), spec),
            Err(ShardError::Stdin)
        ));
        assert!(ShardPlan::new(with_stdin.clone(), ShardSpec::single()).is_ok());
        let all = ShardPlan::unsharded(with_stdin.clone());
        assert_eq!(all.sources(), &with_stdin[..]);
        assert!(matches!(all.filter(), ShardFilter::All));
        sources.push(sources[0].clone());
        assert!(matches!(
            ShardPlan::new(sources, spec),
            Err(ShardError::Duplicate(_))
        ));
    }

    #[test]
    fn inputs_hash_sees_names_sizes_and_count() {
        let dir = tempfile::tempdir().unwrap();
        let sources = corpus(dir.path(), 2, 4, 0);
        let h = |s: &[InputSource], n| {
            ShardPlan::new(s.to_vec(), ShardSpec::new(0, n).unwrap())
                .unwrap()
                .inputs_hash()
        };
        let base = h(&sources, 2);
        assert_eq!(base, h(&sources, 2));
        assert_ne!(base, h(&sources, 3));
        assert_ne!(base, h(&sources[..1], 2));
        let p = dir.path().join("f00.jsonl");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("{\"text\":\"more\"}\n");
        std::fs::write(&p, text).unwrap();
        assert_ne!(base, h(&sources, 2));
        assert_eq!(
            fingerprint([&b"a"[..], b"bc"]),
            fingerprint([&b"a"[..], b"bc"])
        );
        assert_ne!(
            fingerprint([&b"ab"[..], b"c"]),
            fingerprint([&b"a"[..], b"bc"])
        );
    }

    fn marker(shard: usize, n: usize, config: &str) -> CompletionMarker {
        CompletionMarker {
            shard,
            num_shards: n,
            mode: Mode::Files,
            config_hash: config.into(),
            inputs_hash: "i".into(),
            outputs: vec![format!("part-{}.jsonl", label(shard, n))],
            stats: RunStats {
                read: 10,
                written: 9,
                rejected: 1,
                ..Default::default()
            },
        }
    }

    #[test]
    fn markers_are_checked_field_by_field() {
        let m = marker(0, 4, "c");
        assert!(check_marker(&m, &m.key()).is_empty());
        let mut k = m.key();
        k.config_hash = "d".into();
        k.num_shards = 3;
        let why = check_marker(&m, &k);
        assert_eq!(why.len(), 2);
        assert!(why[0].contains("number of shards") && why[1].contains("config"));
    }

    #[test]
    fn status_lists_done_missing_and_bad_markers() {
        let dir = tempfile::tempdir().unwrap();
        let st = shard_status(dir.path(), None).unwrap();
        assert_eq!((st.num_shards, st.done.len()), (None, 0));
        let c = completions_dir(dir.path());
        std::fs::create_dir_all(&c).unwrap();
        for i in [0, 2] {
            let m = marker(i, 4, "c");
            std::fs::write(
                marker_path(dir.path(), ShardSpec::new(i, 4).unwrap()),
                serde_json::to_string(&m).unwrap(),
            )
            .unwrap();
        }
        std::fs::write(c.join("00003.json"), "{not json").unwrap();
        std::fs::write(c.join(".00001.json.tmp-1"), "x").unwrap();
        let st = shard_status(dir.path(), None).unwrap();
        assert_eq!(st.num_shards, Some(4));
        assert_eq!(st.done, [0, 2]);
        assert_eq!(st.missing, [1, 3]);
        assert_eq!(st.invalid.len(), 1);
        assert_eq!(st.runs.len(), 1);
        assert_eq!((st.stats.read, st.stats.written), (20, 18));
        // The completions folder itself works too.
        assert_eq!(shard_status(&c, None).unwrap().done, [0, 2]);
    }

    #[test]
    fn stale_temps_are_removed_but_not_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("part-00001.jsonl");
        std::fs::write(dir.path().join(".part-00001.jsonl.tmp-999999"), "x").unwrap();
        std::fs::write(dir.path().join(".part-00002.jsonl.tmp-999999"), "x").unwrap();
        std::fs::write(&out, "keep").unwrap();
        let removed = remove_stale_temps(&out);
        assert_eq!(removed.len(), 1);
        assert!(out.exists());
        assert!(dir.path().join(".part-00002.jsonl.tmp-999999").exists());
    }
}
