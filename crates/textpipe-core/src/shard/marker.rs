//! Completion markers: written last by a finished shard, read by `--resume` and
//! `textpipe status`.

use super::*;
use crate::error::IoError;
use crate::stats::RunStats;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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

/// Writes `marker` to `path` as pretty JSON, atomically, creating `_completions/` when needed.
///
/// # Errors
///
/// [`IoError::WithPath`] when the folder or the file cannot be written.
pub fn write_marker(path: &Path, marker: &CompletionMarker) -> Result<(), IoError> {
    use std::io::Write;
    let mut f = crate::io::AtomicFile::create(path)?;
    let text = serde_json::to_string_pretty(marker).map_err(|e| IoError::WithPath {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.write_all(b"\n"))
        .map_err(|source| IoError::WithPath {
            path: path.to_path_buf(),
            source,
        })?;
    f.commit()
}
