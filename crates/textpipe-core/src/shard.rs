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
//! on the sorted input names and `N`. [`ShardPlan::reader`] returns a [`RecordReader`] that
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

use crate::error::IoError;
use crate::io::{list_articles, InputSource, RawRecord, RecordReader};
use crate::stats::RunStats;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

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
    /// Listing the inputs failed.
    #[error(transparent)]
    Io(#[from] IoError),
}

/// Which shard of how many this process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    index: usize,
    count: usize,
}

impl ShardSpec {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    ///
    /// [`ShardError::ZeroShards`] or [`ShardError::IndexOutOfRange`].
    pub fn new(index: usize, count: usize) -> Result<Self, ShardError> {
        if count == 0 {
            return Err(ShardError::ZeroShards);
        }
        if index >= count {
            return Err(ShardError::IndexOutOfRange { index, count });
        }
        Ok(ShardSpec { index, count })
    }

    /// The whole input in one shard.
    pub fn single() -> Self {
        ShardSpec { index: 0, count: 1 }
    }

    /// 0-based shard index.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Number of shards.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The index zero-padded to five digits (more when the count needs them), so that file
    /// names sort in shard order.
    pub fn label(&self) -> String {
        label(self.index, self.count)
    }

    /// `template` with every `{shard}` replaced by [`ShardSpec::label`].
    pub fn fill(&self, template: &str) -> String {
        template.replace(PLACEHOLDER, &self.label())
    }
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Shard `index` zero-padded to the width used for `count` shards (at least 5 digits).
pub fn label(index: usize, count: usize) -> String {
    let width = count.saturating_sub(1).to_string().len().max(5);
    format!("{index:0width$}")
}

/// Where the shard index and count came from (logged at start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardSource {
    /// No flags and no scheduler variables: one shard.
    Unsharded,
    /// `--shard-index` (count from `--num-shards`, `TEXTPIPE_NUM_SHARDS` or Slurm).
    Flags,
    /// `SLURM_ARRAY_TASK_ID` (minus `SLURM_ARRAY_TASK_MIN`, divided by the step).
    Slurm,
    /// `JOB_COMPLETION_INDEX` of a Kubernetes Indexed Job.
    Kubernetes,
}

impl fmt::Display for ShardSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShardSource::Unsharded => "no sharding",
            ShardSource::Flags => "--shard-index",
            ShardSource::Slurm => "SLURM_ARRAY_TASK_ID",
            ShardSource::Kubernetes => "JOB_COMPLETION_INDEX",
        })
    }
}

fn env_num(
    env: &dyn Fn(&str) -> Option<String>,
    var: &'static str,
) -> Result<Option<usize>, ShardError> {
    match env(var) {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .map(Some)
            .map_err(|_| ShardError::BadEnv { var, value: v }),
    }
}

/// Resolves this process's shard from the flags, then the environment.
///
/// The index comes from `flag_index`, else from Slurm (`SLURM_ARRAY_TASK_ID`, offset by
/// `SLURM_ARRAY_TASK_MIN` and divided by `SLURM_ARRAY_TASK_STEP`), else from Kubernetes
/// (`JOB_COMPLETION_INDEX`). The count comes from `flag_count` (the CLI also fills it from
/// [`NUM_SHARDS_ENV`]), else from `SLURM_ARRAY_TASK_COUNT` when Slurm gave the index. Without
/// any of these the run is a single shard. `env` looks up an environment variable (a closure
/// so that tests do not touch the process environment).
///
/// # Errors
///
/// A [`ShardError`] naming the flag or variable at fault.
pub fn resolve(
    flag_index: Option<usize>,
    flag_count: Option<usize>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(ShardSpec, ShardSource), ShardError> {
    let slurm_count = env_num(env, "SLURM_ARRAY_TASK_COUNT")?;
    if let Some(index) = flag_index {
        let count = flag_count
            .or(slurm_count)
            .ok_or_else(|| ShardError::UnknownCount {
                source_name: "--shard-index".into(),
            })?;
        return Ok((ShardSpec::new(index, count)?, ShardSource::Flags));
    }
    if let Some(id) = env_num(env, "SLURM_ARRAY_TASK_ID")? {
        let min = env_num(env, "SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let step = env_num(env, "SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
        let count = flag_count
            .or(slurm_count)
            .ok_or_else(|| ShardError::UnknownCount {
                source_name: "SLURM_ARRAY_TASK_ID".into(),
            })?;
        if id < min || (id - min) % step != 0 {
            return Err(ShardError::SlurmLayout {
                id,
                min,
                step,
                count,
            });
        }
        return Ok((
            ShardSpec::new((id - min) / step, count)?,
            ShardSource::Slurm,
        ));
    }
    if let Some(index) = env_num(env, "JOB_COMPLETION_INDEX")? {
        let count = flag_count.ok_or_else(|| ShardError::UnknownCount {
            source_name: "JOB_COMPLETION_INDEX".into(),
        })?;
        return Ok((ShardSpec::new(index, count)?, ShardSource::Kubernetes));
    }
    match flag_count {
        None | Some(1) => Ok((ShardSpec::single(), ShardSource::Unsharded)),
        Some(0) => Err(ShardError::ZeroShards),
        Some(count) => Err(ShardError::UnknownIndex { count }),
    }
}

/// The shard of the `k`-th unit (sorted order) in [`Mode::Files`].
pub fn file_shard(k: usize, count: usize) -> usize {
    k % count.max(1)
}

/// The shard of the `ordinal`-th record (0-based, over the sorted inputs) in [`Mode::Records`].
pub fn record_shard(ordinal: u64, count: usize) -> usize {
    (ordinal % count.max(1) as u64) as usize
}

/// How records are assigned to shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Whole units (files, articles): unit `k` to shard `k mod N`.
    Files,
    /// Records interleaved: record `r` to shard `r mod N` (fewer units than shards).
    Records,
}

/// The assignment mode for `units` units and `count` shards.
pub fn mode(units: usize, count: usize) -> Mode {
    if units >= count {
        Mode::Files
    } else {
        Mode::Records
    }
}

/// One unit of assignment: a JSONL file, a text article, or one article of a folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unit {
    /// The name records of this unit carry as their origin input (`RawRecord::origin.input`):
    /// the path as named for a file, `<folder>/<relative path>` for an article of a folder.
    pub name: String,
    /// Size in bytes (part of the input fingerprint).
    pub size: u64,
}

/// The units of `sources`, sorted by name.
///
/// # Errors
///
/// [`ShardError::Stdin`] for stdin (it has no name to assign), [`ShardError::Io`] when a
/// folder cannot be listed.
pub fn list_units(sources: &[InputSource]) -> Result<Vec<Unit>, ShardError> {
    let mut units = Vec::new();
    for src in sources {
        match src {
            InputSource::Stdin => return Err(ShardError::Stdin),
            InputSource::Jsonl(p) | InputSource::TextFile(p) => units.push(Unit {
                name: src.display_name(),
                size: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            }),
            InputSource::Dir(dir) => {
                let base = src.display_name();
                let base = base.trim_end_matches('/');
                for (path, rel) in list_articles(dir)? {
                    units.push(Unit {
                        name: format!("{base}/{rel}"),
                        size: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
                    });
                }
            }
        }
    }
    units.sort();
    Ok(units)
}

/// 64-bit FNV-1a over `parts`, each followed by a 0 byte, as 16 hex digits. Stable across
/// platforms and Rust versions (unlike `DefaultHasher`); not cryptographic.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// What a shard reads and which of the records it keeps.
#[derive(Debug, Clone)]
pub struct ShardPlan {
    spec: ShardSpec,
    mode: Mode,
    units: Vec<Unit>,
    owned: BTreeSet<String>,
    sources: Vec<InputSource>,
}

impl ShardPlan {
    /// Plans shard `spec` over `sources`. With one shard the sources are read in the order
    /// given and nothing is filtered; otherwise they are sorted by name and assigned as the
    /// [module docs](self) describe.
    ///
    /// # Errors
    ///
    /// [`ShardError::Stdin`] when stdin is sharded, [`ShardError::Duplicate`] when an input
    /// is named twice, [`ShardError::Io`] when a folder cannot be listed.
    pub fn new(sources: Vec<InputSource>, spec: ShardSpec) -> Result<Self, ShardError> {
        if spec.count == 1 {
            let units = if sources.contains(&InputSource::Stdin) {
                Vec::new()
            } else {
                list_units(&sources)?
            };
            return Ok(ShardPlan {
                spec,
                mode: Mode::Files,
                owned: units.iter().map(|u| u.name.clone()).collect(),
                units,
                sources,
            });
        }
        let units = list_units(&sources)?;
        for pair in units.windows(2) {
            if pair[0].name == pair[1].name {
                return Err(ShardError::Duplicate(pair[0].name.clone()));
            }
        }
        let mode = mode(units.len(), spec.count);
        let mut sources = sources;
        sources.sort_by_key(InputSource::display_name);
        let owned: BTreeSet<String> = match mode {
            Mode::Files => units
                .iter()
                .enumerate()
                .filter(|(k, _)| file_shard(*k, spec.count) == spec.index)
                .map(|(_, u)| u.name.clone())
                .collect(),
            Mode::Records => units.iter().map(|u| u.name.clone()).collect(),
        };
        if mode == Mode::Files {
            // Read only the files this shard owns (and the folders holding its articles).
            sources.retain(|s| match s {
                InputSource::Dir(_) => {
                    let prefix = format!("{}/", s.display_name().trim_end_matches('/'));
                    owned
                        .range(prefix.clone()..)
                        .next()
                        .is_some_and(|n| n.starts_with(&prefix))
                }
                _ => owned.contains(&s.display_name()),
            });
        }
        Ok(ShardPlan {
            spec,
            mode,
            units,
            owned,
            sources,
        })
    }

    /// A plan that reads every source in the order given, for an unsharded run without
    /// markers. Unlike [`ShardPlan::new`] it lists no folder, so [`ShardPlan::units`] is empty
    /// and [`ShardPlan::inputs_hash`] does not describe the inputs.
    pub fn unsharded(sources: Vec<InputSource>) -> Self {
        ShardPlan {
            spec: ShardSpec::single(),
            mode: Mode::Files,
            units: Vec::new(),
            owned: BTreeSet::new(),
            sources,
        }
    }

    /// The shard.
    pub fn spec(&self) -> ShardSpec {
        self.spec
    }

    /// How records are assigned.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// All units of the run (every shard), sorted.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The sources this shard reads, in reading order.
    pub fn sources(&self) -> &[InputSource] {
        &self.sources
    }

    /// Names of the units this shard owns (in [`Mode::Records`], all units: it owns part of
    /// each).
    pub fn owned_units(&self) -> impl Iterator<Item = &str> {
        self.owned.iter().map(String::as_str)
    }

    /// Fingerprint of the input list: sorted unit names and sizes, plus the shard count.
    /// Identical in every shard of a run.
    pub fn inputs_hash(&self) -> String {
        let count = self.spec.count.to_string();
        let sizes: Vec<String> = self.units.iter().map(|u| u.size.to_string()).collect();
        let mut parts: Vec<&[u8]> = vec![b"textpipe-inputs-v1", count.as_bytes()];
        for (u, s) in self.units.iter().zip(&sizes) {
            parts.push(u.name.as_bytes());
            parts.push(s.as_bytes());
        }
        fingerprint(parts)
    }

    /// The record filter of this shard.
    pub fn filter(&self) -> ShardFilter {
        if self.spec.count == 1 {
            return ShardFilter::All;
        }
        match self.mode {
            Mode::Files => ShardFilter::Units(self.owned.clone()),
            Mode::Records => ShardFilter::Interleave {
                spec: self.spec,
                next: 0,
            },
        }
    }

    /// A reader over this shard's sources that yields only this shard's records, with a
    /// `--limit` applied where it can count the whole input: in [`Mode::Records`] the shards
    /// together process the first `limit` records (each keeps its own among them); in
    /// [`Mode::Files`] a shard never sees the other shards' files, so the limit is left to the
    /// run and counts this shard's documents.
    pub fn reader_with_limit(&self, limit: Option<u64>) -> RecordReader {
        match self.mode {
            Mode::Records if self.spec.count > 1 => self.reader().with_record_limit(limit),
            _ => self.reader(),
        }
    }

    /// A reader over this shard's sources that yields only this shard's records.
    pub fn reader(&self) -> RecordReader {
        let reader = RecordReader::new(self.sources.clone());
        let mut filter = self.filter();
        match filter {
            ShardFilter::All => reader,
            _ => reader.with_filter(move |rec| filter.keep(rec)),
        }
    }
}

/// Decides, record by record and without parsing, whether a record belongs to this shard.
#[derive(Debug, Clone)]
pub enum ShardFilter {
    /// Keep everything (one shard).
    All,
    /// Keep records whose origin input is one of these units ([`Mode::Files`]).
    Units(BTreeSet<String>),
    /// Keep the records whose ordinal maps to this shard ([`Mode::Records`]).
    Interleave {
        /// The shard.
        spec: ShardSpec,
        /// Ordinal of the next record.
        next: u64,
    },
}

impl ShardFilter {
    /// True when `rec` belongs to this shard. Must see every record in reading order.
    pub fn keep(&mut self, rec: &RawRecord) -> bool {
        match self {
            ShardFilter::All => true,
            ShardFilter::Units(owned) => owned.contains(&*rec.origin.input),
            ShardFilter::Interleave { spec, next } => {
                let r = *next;
                *next += 1;
                record_shard(r, spec.count) == spec.index
            }
        }
    }
}

/// Written last, after a shard's outputs are in place: proof that the shard is complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionMarker {
    /// Shard index.
    pub shard: usize,
    /// Shard count.
    pub num_shards: usize,
    /// How records were assigned.
    pub mode: Mode,
    /// Fingerprint of the pipeline config and the options that change the output.
    pub config_hash: String,
    /// [`ShardPlan::inputs_hash`].
    pub inputs_hash: String,
    /// Files written by the shard (output, rejects, stats), as named.
    pub outputs: Vec<String>,
    /// The shard's statistics (`textpipe merge-stats` accepts marker files too).
    pub stats: RunStats,
}

impl CompletionMarker {
    /// The identity a run expects markers to have.
    pub fn key(&self) -> MarkerKey {
        MarkerKey {
            num_shards: self.num_shards,
            config_hash: self.config_hash.clone(),
            inputs_hash: self.inputs_hash.clone(),
        }
    }
}

/// What must match for a marker to count as done for the current run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MarkerKey {
    /// Shard count.
    pub num_shards: usize,
    /// Config fingerprint.
    pub config_hash: String,
    /// Input fingerprint.
    pub inputs_hash: String,
}

/// Differences between a marker and the current run, as readable sentences (empty when it
/// matches).
pub fn check_marker(marker: &CompletionMarker, expected: &MarkerKey) -> Vec<String> {
    let mut why = Vec::new();
    if marker.num_shards != expected.num_shards {
        why.push(format!(
            "the number of shards changed ({} then, {} now)",
            marker.num_shards, expected.num_shards
        ));
    }
    if marker.config_hash != expected.config_hash {
        why.push(format!(
            "the pipeline config or output options changed (hash {} then, {} now)",
            marker.config_hash, expected.config_hash
        ));
    }
    if marker.inputs_hash != expected.inputs_hash {
        why.push(format!(
            "the input list changed (hash {} then, {} now)",
            marker.inputs_hash, expected.inputs_hash
        ));
    }
    why
}

/// The completion-marker folder for outputs in `dir`.
pub fn completions_dir(dir: &Path) -> PathBuf {
    dir.join(COMPLETIONS_DIR)
}

/// The marker path of shard `spec` for outputs in `dir`.
pub fn marker_path(dir: &Path, spec: ShardSpec) -> PathBuf {
    completions_dir(dir).join(format!("{}.json", spec.label()))
}

/// Reads one marker.
///
/// # Errors
///
/// [`IoError::WithPath`] when the file cannot be read or is not a marker.
pub fn read_marker(path: &Path) -> Result<CompletionMarker, IoError> {
    let text = std::fs::read_to_string(path).map_err(|source| IoError::WithPath {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| IoError::WithPath {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

/// A marker file and its content (or why it could not be read).
pub type MarkerFile = (PathBuf, Result<CompletionMarker, IoError>);

/// Every `*.json` marker in `<dir>/_completions` (or in `dir` itself when it is the completions
/// folder), sorted by file name; unreadable ones come back as errors. A missing folder gives
/// an empty list.
///
/// # Errors
///
/// [`IoError::WithPath`] when the folder exists but cannot be listed.
pub fn read_markers(dir: &Path) -> Result<Vec<MarkerFile>, IoError> {
    let folder = if dir.file_name().is_some_and(|n| n == COMPLETIONS_DIR) {
        dir.to_path_buf()
    } else {
        completions_dir(dir)
    };
    let entries = match std::fs::read_dir(&folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(IoError::WithPath {
                path: folder,
                source,
            })
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| IoError::WithPath {
            path: folder.clone(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with('.') {
            paths.push(entry.path());
        }
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|p| {
            let m = read_marker(&p);
            (p, m)
        })
        .collect())
}

/// Done and missing shards of a sharded output folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShardStatus {
    /// Shard count (from the markers, or as given).
    pub num_shards: Option<usize>,
    /// Shards with a marker, sorted.
    pub done: Vec<usize>,
    /// Shards without a marker, sorted.
    pub missing: Vec<usize>,
    /// Marker files that could not be read, or whose shard count disagrees, with the reason.
    pub invalid: Vec<(PathBuf, String)>,
    /// How many markers carry each (config, inputs) fingerprint pair; more than one entry
    /// means shards come from different runs.
    pub runs: BTreeMap<(String, String), usize>,
    /// Totals over the done shards.
    pub stats: RunStats,
}

/// Reads the markers under `dir` and lists done and missing shards. `num_shards` overrides
/// the count the markers give (needed when no shard has finished yet).
///
/// # Errors
///
/// As [`read_markers`].
pub fn shard_status(dir: &Path, num_shards: Option<usize>) -> Result<ShardStatus, IoError> {
    let markers = read_markers(dir)?;
    let mut st = ShardStatus {
        num_shards,
        ..Default::default()
    };
    let mut done = BTreeSet::new();
    for (path, m) in markers {
        match m {
            Err(e) => st.invalid.push((path, e.to_string())),
            Ok(m) => {
                let n = *st.num_shards.get_or_insert(m.num_shards);
                if m.num_shards != n || m.shard >= n {
                    st.invalid.push((
                        path,
                        format!(
                            "marker for shard {} of {}, expected {n} shards",
                            m.shard, m.num_shards
                        ),
                    ));
                    continue;
                }
                if done.insert(m.shard) {
                    st.stats.merge(&m.stats);
                    *st.runs
                        .entry((m.config_hash.clone(), m.inputs_hash.clone()))
                        .or_default() += 1;
                }
            }
        }
    }
    let n = st.num_shards.unwrap_or(0);
    st.done = done.iter().copied().collect();
    st.missing = (0..n).filter(|i| !done.contains(i)).collect();
    Ok(st)
}

/// Removes temporary files a killed run left for `path` (`.<name>.tmp-<pid>` beside it, as
/// written by `AtomicFile`), except this process's own. Returns the removed paths.
pub fn remove_stale_temps(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!(".{name}.tmp-");
    let own = format!("{prefix}{}", std::process::id());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n != own && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

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
