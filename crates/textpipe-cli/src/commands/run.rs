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
use textpipe_core::shard::{self, Resume, ShardJob, ShardPlan, ShardSource};
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

/// Resolves the shard from flags and environment and checks the path templates.
fn shard_job(args: &RunArgs) -> Result<ShardJob, Failure> {
    let (spec, source) = shard::resolve(args.shard_index, args.num_shards, &|k| {
        std::env::var(k).ok()
    })
    .context("cannot determine the shard of this process")
    .exit(Exit::Usage)?;
    if source != ShardSource::Unsharded {
        tracing::info!(
            shard = spec.index(),
            num_shards = spec.count(),
            "shard {spec} (from {source})"
        );
    }
    let mut templates = Vec::new();
    if let Some(r) = &args.rejects {
        templates.push(("--rejects", r.display().to_string()));
    }
    if let Some(s) = &args.stats {
        templates.push(("--stats", s.display().to_string()));
    }
    ShardJob::new(spec, source, args.resume, &args.output, &templates).exit(Exit::Usage)
}

/// Fingerprint of everything that changes the output besides the inputs: the pipeline JSON
/// as written and the options that select or stop records.
fn config_hash(config: &PipelineConfig, args: &RunArgs) -> String {
    let limit = args.limit.map(|l| l.to_string()).unwrap_or_default();
    let format = args.input_format.clone().unwrap_or_default();
    shard::config_fingerprint(
        &config.source,
        &[
            args.id_field.as_bytes(),
            args.text_field.as_bytes(),
            limit.as_bytes(),
            if args.fail_fast { b"1" } else { b"0" },
            format.as_bytes(),
        ],
    )
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
    let sh = shard_job(args)?;

    let sources = input_sources(args)?;
    let plan = if sh.markers() {
        ShardPlan::new(sources, sh.spec())
            .context("cannot assign inputs to shards")
            .exit(Exit::Usage)?
    } else {
        // A plain run: no folder listing up front, an unreadable input becomes a reject.
        ShardPlan::unsharded(sources)
    };
    if sh.spec().count() > 1 {
        tracing::info!(
            mode = ?plan.mode(),
            units = plan.units().len(),
            reading = plan.sources().len(),
            "shard {} of {}",
            sh.spec().index(),
            sh.spec().count()
        );
    }
    let outputs = Outputs::new(&sh, args)?;
    let written = outputs.paths();
    let key = sh.key(config_hash(&config, args), &plan);
    if sh.markers() && args.resume {
        let resume = sh
            .resume(&key, &written, args.force)
            .context("cannot resume")
            .exit(Exit::Usage)?;
        if let Resume::Skip(marker) = resume {
            if !cli.quiet {
                eprintln!(
                    "textpipe: shard {} of {} is already complete ({}); skipping",
                    sh.spec().index(),
                    sh.spec().count(),
                    marker.display()
                );
            }
            return Ok(Exit::Success);
        }
    }
    sh.begin(&key, &written, args.resume)
        .context("cannot prepare the shard's outputs")
        .exit(Exit::Usage)?;

    let stats = execute(cli, args, &pipeline, &plan, &outputs, cancel)?;
    if !stats.input_errors.is_empty() {
        return Err(anyhow!(
            "{} input(s) could not be read to the end (listed in the rejects): {}",
            stats.input_errors.len(),
            stats.input_errors.join("; ")
        ))
        .exit(Exit::RunFailed);
    }
    // Last: the marker says the outputs above are complete.
    sh.complete(&plan, key, &written, stats)
        .context("cannot write the completion marker")
        .exit(Exit::RunFailed)?;
    Ok(Exit::Success)
}

/// The inputs named on the command line (stdin when none is named and stdin is not a
/// terminal), each classified by its format.
fn input_sources(args: &RunArgs) -> Result<Vec<InputSource>, Failure> {
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
    let mut sources = Vec::with_capacity(inputs.len());
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
    Ok(sources)
}

/// The files one shard writes, with the shard label filled in.
struct Outputs {
    target: OutputTarget,
    rejects: Option<PathBuf>,
    stats: Option<PathBuf>,
}

impl Outputs {
    fn new(sh: &ShardJob, args: &RunArgs) -> Result<Self, Failure> {
        let target = OutputTarget::from_arg(&sh.fill(&args.output))
            .context("cannot write output")
            .exit(Exit::Usage)?;
        let rejects = match (&args.rejects, &target) {
            (Some(p), _) => Some(PathBuf::from(sh.fill(&p.to_string_lossy()))),
            (None, OutputTarget::File(p)) => Some(default_rejects(p)),
            (None, OutputTarget::Stdout) => None,
        };
        let stats = args
            .stats
            .as_ref()
            .map(|p| PathBuf::from(sh.fill(&p.to_string_lossy())));
        Ok(Outputs {
            target,
            rejects,
            stats,
        })
    }

    /// Every file written (for markers and `--resume`).
    fn paths(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self
            .target
            .path()
            .map(Path::to_path_buf)
            .into_iter()
            .collect();
        v.extend(self.rejects.iter().cloned());
        v.extend(self.stats.iter().cloned());
        v
    }
}

/// Opens the sinks, runs the pipeline over this shard's records with a progress bar, and
/// finishes the sinks (atomic renames) and the stats file.
fn execute(
    cli: &Cli,
    args: &RunArgs,
    pipeline: &textpipe_core::Pipeline,
    plan: &ShardPlan,
    outputs: &Outputs,
    cancel: Arc<AtomicBool>,
) -> Result<RunStats, Failure> {
    let total: Option<u64> = plan.sources().iter().map(InputSource::size_hint).sum();
    let mut out = outputs
        .target
        .open()
        .context("cannot create output")
        .exit(Exit::Usage)?;
    let mut rejects: Box<dyn Sink> = match &outputs.rejects {
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
        inputs = plan.sources().len(),
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
    if let Some(path) = &outputs.stats {
        write_stats(path, &stats).exit(Exit::RunFailed)?;
    }
    if !cli.quiet {
        print_summary(&stats, outputs.rejects.as_deref());
    }
    Ok(stats)
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
