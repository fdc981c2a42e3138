//! `textpipe run`: build the pipeline, open inputs and outputs, run, commit the outputs
//! atomically, print the summary.
//!
//! Sharded runs (`--shard-index/--num-shards`, or a Slurm job array / Kubernetes Indexed Job
//! environment) read only their share of the inputs (`textpipe_core::shard`), fill `{shard}`
//! in the output paths, and write a completion marker after the outputs are in place;
//! `--resume` skips shards whose marker matches. SIGINT/SIGTERM stop the run after the current
//! batch: the temporary output files are removed and the exit code is 130.

use crate::cli::{Cli, RunArgs};
use crate::report::{Exit, Failure, WithExit};
use anyhow::{anyhow, Context};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use textpipe_core::executor::{RunError, RunOptions};
use textpipe_core::io::{
    AtomicFile, InputFormat, InputOptions, InputSource, JsonlSink, OutputTarget, Sink,
};
use textpipe_core::shard::{
    self, CompletionMarker, MarkerKey, ShardPlan, ShardSource, ShardSpec, PLACEHOLDER,
};
use textpipe_core::{PipelineConfig, RunStats};

/// The rejects file used when none is named: `<output stem>.rejects.jsonl` beside the output.
pub fn default_rejects(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut stem = name.as_str();
    for ext in [".gz", ".zst", ".jsonl", ".json", ".ndjson"] {
        stem = stem.strip_suffix(ext).unwrap_or(stem);
    }
    output.with_file_name(format!("{stem}.rejects.jsonl"))
}

/// The shard of this process and the paths it writes.
struct Sharding {
    spec: ShardSpec,
    /// Markers are written (a sharded run, or `--resume`).
    markers: bool,
    /// Folder holding the outputs' `_completions/`.
    marker_dir: PathBuf,
}

/// Resolves the shard from flags and environment and checks the path templates.
fn sharding(args: &RunArgs) -> Result<Sharding, Failure> {
    let (spec, source) = shard::resolve(args.shard_index, args.num_shards, &|k| {
        std::env::var(k).ok()
    })
    .context("cannot determine the shard of this process")
    .exit(Exit::Usage)?;
    let markers = source != ShardSource::Unsharded || args.resume;
    if source != ShardSource::Unsharded {
        tracing::info!(
            shard = spec.index(),
            num_shards = spec.count(),
            "shard {spec} (from {source})"
        );
    }
    if markers && args.output == "-" {
        return Err(anyhow!(
            "a sharded or resumable run needs a file --output (with {PLACEHOLDER} in its name)"
        ))
        .exit(Exit::Usage);
    }
    if spec.count() > 1 {
        let mut named = vec![("--output", args.output.clone())];
        if let Some(r) = &args.rejects {
            named.push(("--rejects", r.display().to_string()));
        }
        if let Some(s) = &args.stats {
            named.push(("--stats", s.display().to_string()));
        }
        for (flag, path) in named {
            if !path.contains(PLACEHOLDER) {
                return Err(anyhow!(
                    "{flag} {path} has no {PLACEHOLDER} placeholder: all {} shards would write the same file (e.g. out/part-{PLACEHOLDER}.jsonl.zst)",
                    spec.count()
                ))
                .exit(Exit::Usage);
            }
        }
    }
    let template = Path::new(&args.output);
    let marker_dir = match template.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if markers && marker_dir.to_string_lossy().contains(PLACEHOLDER) {
        return Err(anyhow!(
            "put {PLACEHOLDER} in the file name of --output, not in its folder: completion markers go to <folder>/{}",
            shard::COMPLETIONS_DIR
        ))
        .exit(Exit::Usage);
    }
    Ok(Sharding {
        spec,
        markers,
        marker_dir,
    })
}

/// Fingerprint of everything that changes the output besides the inputs: the pipeline JSON
/// as written and the options that select or stop records.
fn config_hash(config: &PipelineConfig, args: &RunArgs) -> String {
    let limit = args.limit.map(|l| l.to_string()).unwrap_or_default();
    shard::fingerprint([
        &b"textpipe-config-v1"[..],
        config.source.as_bytes(),
        args.id_field.as_bytes(),
        args.text_field.as_bytes(),
        limit.as_bytes(),
        if args.fail_fast { b"1" } else { b"0" },
    ])
}

/// What `--resume` decided for this shard.
enum Resume {
    /// Run the shard.
    Run,
    /// The shard is complete: skip it.
    Skip(PathBuf),
}

/// Checks every marker in the output folder against this run. Any marker of another config,
/// input list or shard count stops the run unless `--force`.
fn check_resume(
    sh: &Sharding,
    expected: &MarkerKey,
    outputs: &[PathBuf],
    force: bool,
) -> Result<Resume, Failure> {
    let markers = shard::read_markers(&sh.marker_dir)
        .context("cannot read completion markers")
        .exit(Exit::Usage)?;
    let own_path = shard::marker_path(&sh.marker_dir, sh.spec);
    let mut conflicts = Vec::new();
    let mut own_ok = false;
    for (path, marker) in &markers {
        let marker = match marker {
            Ok(m) => m,
            Err(e) => {
                // A marker is written atomically, so a bad one was not written by textpipe;
                // for this shard it simply does not count.
                tracing::warn!("ignoring unreadable completion marker: {e}");
                continue;
            }
        };
        let why = shard::check_marker(marker, expected);
        if why.is_empty() {
            if *path == own_path && marker.shard == sh.spec.index() {
                own_ok = true;
            }
        } else {
            conflicts.push(format!(
                "shard {} ({}): {}",
                shard::label(marker.shard, marker.num_shards),
                path.display(),
                why.join("; ")
            ));
        }
    }
    if !conflicts.is_empty() {
        if !force {
            return Err(anyhow!(
                "cannot resume: finished shards were made by a different run, and mixing them would give inconsistent output:\n  {}\nrerun without --resume to recompute everything, or pass --force to recompute this shard anyway",
                conflicts.join("\n  ")
            ))
            .exit(Exit::Usage);
        }
        tracing::warn!(
            "--force: recomputing shard {} although {} marker(s) come from a different run",
            sh.spec.label(),
            conflicts.len()
        );
    }
    if own_ok {
        if let Some(missing) = outputs.iter().find(|p| !p.exists()) {
            tracing::warn!(
                "shard {} has a completion marker but {} is missing; recomputing",
                sh.spec.label(),
                missing.display()
            );
        } else {
            return Ok(Resume::Skip(own_path));
        }
    }
    Ok(Resume::Run)
}

/// Installs the SIGINT/SIGTERM handler: the first signal asks the executor to stop after the
/// current batch, a second one exits at once (temporary files are then cleaned up by the next
/// run).
fn cancel_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    let installed = ctrlc::set_handler(move || {
        if f.swap(true, Ordering::SeqCst) {
            std::process::exit(Exit::Interrupted as i32);
        }
        eprintln!("textpipe: interrupted; stopping after the current batch");
    });
    if let Err(e) = installed {
        tracing::warn!("cannot install the SIGINT/SIGTERM handler: {e}");
    }
    flag
}

/// Runs `args`.
pub fn run(cli: &Cli, args: &RunArgs) -> Result<Exit, Failure> {
    let cancel = cancel_flag();
    let registry = crate::registry::with_plugins(&cli.plugin_dirs);
    let config = PipelineConfig::from_path(&args.pipeline).exit(Exit::Usage)?;
    let pipeline = config
        .build(&registry)
        .map_err(|e| textpipe_core::ConfigError::InFile {
            path: args.pipeline.clone(),
            source: Box::new(e),
        })
        .exit(Exit::Usage)?;
    if args.batch_size == 0 {
        return Err(anyhow!("--batch-size must be at least 1")).exit(Exit::Usage);
    }
    let sh = sharding(args)?;

    let stdin_only = ["-".to_string()];
    let inputs: &[String] = if args.inputs.is_empty() {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return Err(anyhow!(
                "no --input given and stdin is a terminal: name an input (-i FILE, -i FOLDER) \
                 or pipe JSONL in"
            ))
            .exit(Exit::Usage);
        }
        &stdin_only
    } else {
        &args.inputs
    };
    let format = match args.input_format.as_deref() {
        Some("text") => Some(InputFormat::Text),
        Some(_) => Some(InputFormat::Jsonl),
        None => None,
    };
    let mut sources = Vec::new();
    for arg in inputs {
        let src = InputSource::with_format(arg, format)
            .with_context(|| format!("cannot read input {arg}"))
            .exit(Exit::Usage)?;
        sources.push(src);
    }
    if sources.iter().filter(|s| **s == InputSource::Stdin).count() > 1 {
        return Err(anyhow!("stdin (-) can be named only once as input")).exit(Exit::Usage);
    }
    if args.resume && sources.contains(&InputSource::Stdin) {
        return Err(anyhow!(
            "--resume cannot check whether stdin (-) changed; name input files instead"
        ))
        .exit(Exit::Usage);
    }
    let plan = if sh.markers {
        ShardPlan::new(sources, sh.spec)
            .context("cannot assign inputs to shards")
            .exit(Exit::Usage)?
    } else {
        // A plain run: no folder listing up front, an unreadable input becomes a reject.
        ShardPlan::unsharded(sources)
    };
    if sh.spec.count() > 1 {
        tracing::info!(
            mode = ?plan.mode(),
            units = plan.units().len(),
            reading = plan.sources().len(),
            "shard {} of {}",
            sh.spec.index(),
            sh.spec.count()
        );
    }
    let total: Option<u64> = plan.sources().iter().map(InputSource::size_hint).sum();

    let output = sh.spec.fill(&args.output);
    let target = OutputTarget::from_arg(&output)
        .context("cannot write output")
        .exit(Exit::Usage)?;
    let rejects_path = match (&args.rejects, &target) {
        (Some(p), _) => Some(PathBuf::from(sh.spec.fill(&p.to_string_lossy()))),
        (None, OutputTarget::File(p)) => Some(default_rejects(p)),
        (None, OutputTarget::Stdout) => None,
    };
    let stats_path = args
        .stats
        .as_ref()
        .map(|p| PathBuf::from(sh.spec.fill(&p.to_string_lossy())));
    let marker_path = shard::marker_path(&sh.marker_dir, sh.spec);
    let mut written: Vec<PathBuf> = Vec::new();
    if let OutputTarget::File(p) = &target {
        written.push(p.clone());
    }
    written.extend(rejects_path.iter().cloned());
    written.extend(stats_path.iter().cloned());
    let key = MarkerKey {
        num_shards: sh.spec.count(),
        config_hash: config_hash(&config, args),
        inputs_hash: plan.inputs_hash(),
    };
    if sh.markers {
        if args.resume {
            if let Resume::Skip(marker) = check_resume(&sh, &key, &written, args.force)? {
                if !cli.quiet {
                    eprintln!(
                        "textpipe: shard {} of {} is already complete ({}); skipping",
                        sh.spec.index(),
                        sh.spec.count(),
                        marker.display()
                    );
                }
                return Ok(Exit::Success);
            }
        }
        if !args.resume {
            let stale = shard::read_markers(&sh.marker_dir)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(_, m)| m.ok())
                .filter(|m| m.shard != sh.spec.index() && !shard::check_marker(m, &key).is_empty())
                .count();
            if stale > 0 {
                tracing::warn!(
                    "{stale} completion marker(s) in {} come from a different run (config, inputs or shard count); rerun those shards too",
                    shard::completions_dir(&sh.marker_dir).display()
                );
            }
        }
        // From here until the new marker is written, this shard is not complete.
        match std::fs::remove_file(&marker_path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot remove {}", marker_path.display()))
                    .exit(Exit::Usage)
            }
        }
        for p in written.iter().chain(std::iter::once(&marker_path)) {
            // Shards usually start on a fresh cluster folder: create the output folders.
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))
                    .exit(Exit::Usage)?;
            }
            for stale in shard::remove_stale_temps(p) {
                tracing::info!("removed {} left by an interrupted run", stale.display());
            }
        }
    }

    let mut out = target
        .open()
        .context("cannot create output")
        .exit(Exit::Usage)?;
    let mut rejects: Box<dyn Sink> = match &rejects_path {
        Some(p) => Box::new(JsonlSink::File(
            AtomicFile::create(p)
                .context("cannot create rejects file")
                .exit(Exit::Usage)?,
        )),
        None => Box::new(JsonlSink::Stderr(std::io::stderr())),
    };

    let progress = crate::progress::bar(total, cli.quiet);
    let (bar, progress_fn) = match progress {
        Some((b, f)) => (Some(b), Some(f)),
        None => (None, None),
    };
    let opts = RunOptions {
        threads: args.threads,
        batch_size: args.batch_size,
        limit: args.limit,
        fail_fast: args.fail_fast,
        input: InputOptions {
            id_field: args.id_field.clone(),
            text_field: args.text_field.clone(),
        },
        cancel: Some(cancel),
        progress: progress_fn,
    };
    tracing::info!(
        pipeline = pipeline.name(),
        inputs = inputs.len(),
        threads = args.threads,
        "run starting"
    );
    let result = pipeline.run(
        plan.reader_with_limit(args.limit),
        out.as_mut(),
        rejects.as_mut(),
        &opts,
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let stats = match result {
        Ok(stats) => stats,
        Err(e) => {
            // The writers are dropped here: their temporary files are removed, so no partial
            // output appears under a final name.
            let exit = match e {
                RunError::Cancelled => Exit::Interrupted,
                _ => Exit::RunFailed,
            };
            return Err(e)
                .context("run stopped; no output was written")
                .exit(exit);
        }
    };
    out.finish()
        .context("cannot write output")
        .exit(Exit::RunFailed)?;
    rejects
        .finish()
        .context("cannot write rejects file")
        .exit(Exit::RunFailed)?;
    if let Some(path) = &stats_path {
        write_stats(path, &stats).exit(Exit::RunFailed)?;
    }
    if !cli.quiet {
        print_summary(&stats, rejects_path.as_deref());
    }
    if !stats.input_errors.is_empty() {
        return Err(anyhow!(
            "{} input(s) could not be read to the end (listed in the rejects): {}",
            stats.input_errors.len(),
            stats.input_errors.join("; ")
        ))
        .exit(Exit::RunFailed);
    }
    if sh.markers {
        // Last: the marker says the outputs above are complete.
        let marker = CompletionMarker {
            shard: sh.spec.index(),
            num_shards: sh.spec.count(),
            mode: plan.mode(),
            config_hash: key.config_hash,
            inputs_hash: key.inputs_hash,
            outputs: written.iter().map(|p| p.display().to_string()).collect(),
            stats,
        };
        write_marker(&marker_path, &marker).exit(Exit::RunFailed)?;
    }
    Ok(Exit::Success)
}

/// Writes a completion marker atomically, creating `_completions/` when needed.
fn write_marker(path: &Path, marker: &CompletionMarker) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut f = AtomicFile::create(path).context("cannot create completion marker")?;
    let text = serde_json::to_string_pretty(marker)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.write_all(b"\n"))
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.commit()?;
    Ok(())
}

/// Writes `stats` as pretty JSON, atomically.
pub fn write_stats(path: &Path, stats: &RunStats) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = AtomicFile::create(path).context("cannot create stats file")?;
    let text = serde_json::to_string_pretty(stats)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.write_all(b"\n"))
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.commit()?;
    Ok(())
}

fn print_summary(stats: &RunStats, rejects: Option<&Path>) {
    let mut line = format!(
        "textpipe: {}: read {}, written {}, rejected {}, dropped {}",
        stats.pipeline, stats.read, stats.written, stats.rejected, stats.dropped
    );
    if stats.rejected + stats.dropped > 0 {
        match rejects {
            Some(p) => line.push_str(&format!(" (see {})", p.display())),
            None => line.push_str(" (logged above)"),
        }
    }
    eprintln!("{line}");
    eprintln!(
        "  {:.1} MB of text in {:.2} s: {:.2} MB/s, {:.0} docs/s, {} threads",
        stats.text_bytes as f64 / 1e6,
        stats.seconds,
        stats.mb_per_s(),
        stats.docs_per_s(),
        stats.threads
    );
    let total: f64 = stats.stages.iter().map(|s| s.seconds).sum();
    if total > 0.0 && !stats.stages.is_empty() {
        let parts: Vec<String> = stats
            .stages
            .iter()
            .map(|s| format!("{} {:.0}%", s.id, 100.0 * s.seconds / total))
            .collect();
        eprintln!("  stage time: {}", parts.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_default_next_to_output() {
        assert_eq!(
            default_rejects(Path::new("out/news.jsonl.gz")),
            PathBuf::from("out/news.rejects.jsonl")
        );
        assert_eq!(
            default_rejects(Path::new("x.zst")),
            PathBuf::from("x.rejects.jsonl")
        );
    }
}
