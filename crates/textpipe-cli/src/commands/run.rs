//! `textpipe run`: build the pipeline, open inputs and outputs, run, commit the outputs
//! atomically, print the summary.

use crate::cli::{Cli, RunArgs};
use crate::report::{Exit, Failure, WithExit};
use anyhow::{anyhow, Context};
use std::path::{Path, PathBuf};
use textpipe_core::executor::{RunError, RunOptions};
use textpipe_core::io::input::{InputOptions, InputSource, RecordReader};
use textpipe_core::io::output::{AtomicFile, OutputTarget, RecordWriter};
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

/// Runs `args`.
pub fn run(cli: &Cli, args: &RunArgs) -> Result<Exit, Failure> {
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

    let mut sources = Vec::new();
    for arg in &args.inputs {
        let src = InputSource::from_arg(arg)
            .with_context(|| format!("cannot read input {arg}"))
            .exit(Exit::Usage)?;
        sources.push(src);
    }
    if sources.iter().filter(|s| **s == InputSource::Stdin).count() > 1 {
        return Err(anyhow!("stdin (-) can be named only once as input")).exit(Exit::Usage);
    }
    let total: Option<u64> = sources.iter().map(InputSource::size_hint).sum();

    let target = OutputTarget::from_arg(&args.output);
    let mut out = RecordWriter::open(&target)
        .context("cannot create output")
        .exit(Exit::Usage)?;
    let rejects_path = match (&args.rejects, &target) {
        (Some(p), _) => Some(p.clone()),
        (None, OutputTarget::File(p)) => Some(default_rejects(p)),
        (None, OutputTarget::Stdout) => None,
    };
    let mut rejects = match &rejects_path {
        Some(p) => RecordWriter::File(
            AtomicFile::create(p)
                .context("cannot create rejects file")
                .exit(Exit::Usage)?,
        ),
        None => RecordWriter::Stderr(std::io::stderr()),
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
        cancel: None,
        progress: progress_fn,
    };
    tracing::info!(
        pipeline = pipeline.name(),
        inputs = args.inputs.len(),
        threads = args.threads,
        "run starting"
    );
    let reader = RecordReader::new(sources);
    let result = pipeline.run(reader, &mut out, &mut rejects, &opts);
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
    if let Some(path) = &args.stats {
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
    Ok(Exit::Success)
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
