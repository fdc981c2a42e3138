//! Which shard this process is: [`ShardSpec`], from flags or the Slurm / Kubernetes
//! environment ([`resolve`]), and the assignment functions.

use super::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which shard of how many this process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    pub(super) index: usize,
    pub(super) count: usize,
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
