//! `textpipe merge-stats`: add up per-shard statistics (`--stats` files or completion
//! markers, which embed the shard's statistics) into one `RunStats` JSON.

use crate::cli::{Cli, MergeStatsArgs};
use crate::report::{Exit, Failure, WithExit};
use anyhow::{anyhow, Context};
use serde_json::Value;
use std::path::Path;
use textpipe_core::shard::CompletionMarker;
use textpipe_core::RunStats;

/// Reads a stats file, or the statistics inside a completion marker.
fn read_stats(path: &Path) -> anyhow::Result<RunStats> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let is_marker = value.get("config_hash").is_some() && value.get("stats").is_some();
    if is_marker {
        let marker: CompletionMarker = serde_json::from_value(value)
            .with_context(|| format!("{} is not a valid completion marker", path.display()))?;
        Ok(marker.stats)
    } else {
        serde_json::from_value(value)
            .with_context(|| format!("{} is not a textpipe stats file", path.display()))
    }
}

/// Merges `args.files` in the order given and prints or writes the total.
pub fn run(cli: &Cli, args: &MergeStatsArgs) -> Result<Exit, Failure> {
    let mut total = RunStats::default();
    for path in &args.files {
        let stats = read_stats(path).exit(Exit::Usage)?;
        if !total.pipeline.is_empty()
            && !stats.pipeline.is_empty()
            && stats.pipeline != total.pipeline
        {
            return Err(anyhow!(
                "{} is from pipeline \"{}\", the others from \"{}\"",
                path.display(),
                stats.pipeline,
                total.pipeline
            ))
            .exit(Exit::Usage);
        }
        total.merge(&stats);
    }
    match &args.output {
        Some(path) => {
            super::run::write_stats(path, &total).exit(Exit::RunFailed)?;
            if !cli.quiet {
                eprintln!(
                    "textpipe: merged {} file(s): read {}, written {}, rejected {}, dropped {} -> {}",
                    args.files.len(),
                    total.read,
                    total.written,
                    total.rejected,
                    total.dropped,
                    path.display()
                );
            }
        }
        None => {
            let text = serde_json::to_string_pretty(&total)
                .context("cannot serialize statistics")
                .exit(Exit::RunFailed)?;
            println!("{text}");
        }
    }
    Ok(Exit::Success)
}
