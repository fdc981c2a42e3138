//! The lifecycle of one shard's run, shared by every front end (the CLI, the Python package):
//!
//! 1. [`ShardJob::new`]: which shard this is and which paths it writes; path templates are
//!    checked (with `N > 1` every output needs the `{shard}` placeholder in its file name).
//! 2. [`ShardJob::resume`]: with `--resume`, skip a shard whose marker matches this run, and
//!    refuse to mix with markers of another config, input list or shard count.
//! 3. [`ShardJob::begin`]: the shard's own marker is removed (from here on it is not
//!    complete), output folders are created, temporary files of interrupted runs removed.
//! 4. The caller runs the pipeline and finishes its sinks (atomic renames).
//! 5. [`ShardJob::complete`]: the completion marker is written last, atomically.

use super::{
    check_marker, completions_dir, label, marker_path, read_markers, remove_stale_temps,
    write_marker, CompletionMarker, MarkerKey, ShardError, ShardPlan, ShardSource, ShardSpec,
    PLACEHOLDER,
};
use crate::error::IoError;
use crate::stats::RunStats;
use std::path::{Path, PathBuf};

/// One shard's run: its spec, whether it keeps markers, and where.
#[derive(Debug, Clone)]
pub struct ShardJob {
    spec: ShardSpec,
    markers: bool,
    marker_dir: PathBuf,
}

/// What [`ShardJob::resume`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    /// Run the shard.
    Run,
    /// The shard is complete (its marker matches and its outputs exist): skip it.
    Skip(PathBuf),
}

/// Fingerprint of everything besides the inputs that changes a run's output: the pipeline
/// config as written and the options that select or stop records (each as bytes).
pub fn config_fingerprint(config_source: &str, options: &[&[u8]]) -> String {
    let mut parts: Vec<&[u8]> = vec![b"textpipe-config-v2", config_source.as_bytes()];
    parts.extend_from_slice(options);
    super::fingerprint(parts)
}

impl ShardJob {
    /// The job of shard `spec` (found by [`super::resolve`], which says its `source`), writing
    /// `output` (a path template, `-` for stdout) and the other named `templates`
    /// (`("--rejects", path)`, ...). Markers are kept for a sharded run or when `resume`.
    ///
    /// # Errors
    ///
    /// [`ShardError::StdoutOutput`], [`ShardError::NoPlaceholder`] or
    /// [`ShardError::PlaceholderInFolder`] for path templates that cannot work.
    pub fn new(
        spec: ShardSpec,
        source: ShardSource,
        resume: bool,
        output: &str,
        templates: &[(&str, String)],
    ) -> Result<Self, ShardError> {
        let markers = source != ShardSource::Unsharded || resume;
        if markers && output == "-" {
            return Err(ShardError::StdoutOutput);
        }
        if spec.count() > 1 {
            let named = std::iter::once(("--output", output.to_string()))
                .chain(templates.iter().map(|(f, p)| (*f, p.clone())));
            for (flag, path) in named {
                if !path.contains(PLACEHOLDER) {
                    return Err(ShardError::NoPlaceholder {
                        flag: flag.to_string(),
                        path,
                        count: spec.count(),
                    });
                }
            }
        }
        let marker_dir = match Path::new(output).parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if markers && marker_dir.to_string_lossy().contains(PLACEHOLDER) {
            return Err(ShardError::PlaceholderInFolder);
        }
        Ok(ShardJob {
            spec,
            markers,
            marker_dir,
        })
    }

    /// This shard.
    pub fn spec(&self) -> ShardSpec {
        self.spec
    }

    /// True when this run keeps completion markers.
    pub fn markers(&self) -> bool {
        self.markers
    }

    /// The folder whose `_completions/` holds the markers.
    pub fn marker_dir(&self) -> &Path {
        &self.marker_dir
    }

    /// This shard's marker file.
    pub fn marker_path(&self) -> PathBuf {
        marker_path(&self.marker_dir, self.spec)
    }

    /// `template` with this shard's label in place of `{shard}`.
    pub fn fill(&self, template: &str) -> String {
        self.spec.fill(template)
    }

    /// The marker key of this run: shard count, config fingerprint, inputs fingerprint.
    pub fn key(&self, config_hash: String, plan: &ShardPlan) -> MarkerKey {
        MarkerKey {
            num_shards: self.spec.count(),
            config_hash,
            inputs_hash: plan.inputs_hash(),
        }
    }

    /// Checks every marker in the output folder against this run (`--resume`). A marker of
    /// another config, input list or shard count stops the run unless `force`.
    ///
    /// # Errors
    ///
    /// [`ShardError::Io`] when the markers cannot be listed; [`ShardError::ForeignMarkers`]
    /// naming each conflicting shard and why.
    pub fn resume(
        &self,
        expected: &MarkerKey,
        outputs: &[PathBuf],
        force: bool,
    ) -> Result<Resume, ShardError> {
        let own_path = self.marker_path();
        let mut conflicts = Vec::new();
        let mut own_ok = false;
        for (path, marker) in read_markers(&self.marker_dir)? {
            let marker = match marker {
                Ok(m) => m,
                Err(e) => {
                    // A marker is written atomically, so a bad one was not written by
                    // textpipe; for this shard it simply does not count.
                    tracing::warn!("ignoring unreadable completion marker: {e}");
                    continue;
                }
            };
            let why = check_marker(&marker, expected);
            if why.is_empty() {
                own_ok |= path == own_path && marker.shard == self.spec.index();
            } else {
                conflicts.push(format!(
                    "shard {} ({}): {}",
                    label(marker.shard, marker.num_shards),
                    path.display(),
                    why.join("; ")
                ));
            }
        }
        if !conflicts.is_empty() {
            if !force {
                return Err(ShardError::ForeignMarkers(conflicts));
            }
            tracing::warn!(
                "--force: recomputing shard {} although {} marker(s) come from a different run",
                self.spec.label(),
                conflicts.len()
            );
        }
        if own_ok {
            match outputs.iter().find(|p| !p.exists()) {
                Some(missing) => tracing::warn!(
                    "shard {} has a completion marker but {} is missing; recomputing",
                    self.spec.label(),
                    missing.display()
                ),
                None => return Ok(Resume::Skip(own_path)),
            }
        }
        Ok(Resume::Run)
    }

    /// Prepares the shard's outputs: warns about markers of other runs (when not resuming),
    /// removes this shard's marker, creates the output folders and removes temporary files
    /// left by interrupted runs. Does nothing for a run without markers.
    ///
    /// # Errors
    ///
    /// [`ShardError::Io`] naming the marker or folder that could not be removed or created.
    pub fn begin(
        &self,
        key: &MarkerKey,
        outputs: &[PathBuf],
        resuming: bool,
    ) -> Result<(), ShardError> {
        if !self.markers {
            return Ok(());
        }
        if !resuming {
            let stale = read_markers(&self.marker_dir)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(_, m)| m.ok())
                .filter(|m| m.shard != self.spec.index() && !check_marker(m, key).is_empty())
                .count();
            if stale > 0 {
                tracing::warn!(
                    "{stale} completion marker(s) in {} come from a different run (config, inputs or shard count); rerun those shards too",
                    completions_dir(&self.marker_dir).display()
                );
            }
        }
        let marker = self.marker_path();
        match std::fs::remove_file(&marker) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(IoError::WithPath {
                    path: marker,
                    source,
                }
                .into())
            }
        }
        for p in outputs.iter().chain(std::iter::once(&marker)) {
            // Shards usually start on a fresh cluster folder: create the output folders.
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| IoError::WithPath {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            for stale in remove_stale_temps(p) {
                tracing::info!("removed {} left by an interrupted run", stale.display());
            }
        }
        Ok(())
    }

    /// Writes the completion marker, last, once every output is in place. Does nothing for a
    /// run without markers.
    ///
    /// # Errors
    ///
    /// [`IoError::WithPath`] when the marker cannot be written.
    pub fn complete(
        &self,
        plan: &ShardPlan,
        key: MarkerKey,
        outputs: &[PathBuf],
        stats: RunStats,
    ) -> Result<(), IoError> {
        if !self.markers {
            return Ok(());
        }
        let marker = CompletionMarker {
            shard: self.spec.index(),
            num_shards: self.spec.count(),
            mode: plan.mode(),
            config_hash: key.config_hash,
            inputs_hash: key.inputs_hash,
            outputs: outputs.iter().map(|p| p.display().to_string()).collect(),
            stats,
        };
        write_marker(&self.marker_path(), &marker)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn spec(i: usize, n: usize) -> ShardSpec {
        ShardSpec::new(i, n).unwrap()
    }

    #[test]
    fn templates_are_checked() {
        let job = ShardJob::new(spec(0, 1), ShardSource::Unsharded, false, "-", &[]).unwrap();
        assert!(!job.markers());
        let e = ShardJob::new(spec(0, 1), ShardSource::Unsharded, true, "-", &[]).unwrap_err();
        assert!(matches!(e, ShardError::StdoutOutput));
        let e = ShardJob::new(spec(1, 3), ShardSource::Flags, false, "out/a.jsonl", &[])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--output out/a.jsonl") && e.contains("3 shards"),
            "{e}"
        );
        let rejects = [("--rejects", "out/r.jsonl".to_string())];
        let e = ShardJob::new(
            spec(1, 3),
            ShardSource::Flags,
            false,
            "o/p-{shard}.jsonl",
            &rejects,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("--rejects"), "{e}");
        let e = ShardJob::new(
            spec(1, 3),
            ShardSource::Flags,
            false,
            "o-{shard}/p.jsonl",
            &[],
        )
        .unwrap_err();
        assert!(matches!(e, ShardError::PlaceholderInFolder));
    }

    #[test]
    fn a_completed_shard_is_skipped_and_a_foreign_marker_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "{\"text\":\"a\"}\n").unwrap();
        let plan = ShardPlan::new(
            vec![crate::io::InputSource::from_arg(input.to_str().unwrap()).unwrap()],
            spec(0, 2),
        )
        .unwrap();
        let template = dir.path().join("out/p-{shard}.jsonl");
        let template = template.to_str().unwrap();
        let job = ShardJob::new(spec(0, 2), ShardSource::Flags, true, template, &[]).unwrap();
        let out = PathBuf::from(job.fill(template));
        let outs = vec![out.clone()];
        let key = job.key(config_fingerprint("{}", &[]), &plan);
        assert_eq!(job.resume(&key, &outs, false).unwrap(), Resume::Run);
        job.begin(&key, &outs, true).unwrap();
        std::fs::write(&out, "").unwrap();
        job.complete(&plan, key.clone(), &outs, RunStats::default())
            .unwrap();
        assert!(matches!(
            job.resume(&key, &outs, false).unwrap(),
            Resume::Skip(_)
        ));
        // A missing output: recompute.
        std::fs::remove_file(&out).unwrap();
        assert_eq!(job.resume(&key, &outs, false).unwrap(), Resume::Run);
        // Another config: refused unless forced.
        let other = job.key(config_fingerprint("{\"x\":1}", &[]), &plan);
        let e = job.resume(&other, &outs, false).unwrap_err();
        assert!(
            matches!(e, ShardError::ForeignMarkers(ref v) if v.len() == 1),
            "{e}"
        );
        assert_eq!(job.resume(&other, &outs, true).unwrap(), Resume::Run);
    }

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(
            config_fingerprint("a", &[b"bc"]),
            config_fingerprint("ab", &[b"c"])
        );
        assert_eq!(config_fingerprint("a", &[b"b"]).len(), 32);
    }
}
