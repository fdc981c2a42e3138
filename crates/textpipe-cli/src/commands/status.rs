//! `textpipe status DIR`: which shards of a sharded run are done (have a completion marker)
//! and which are missing. Exit 0 when all are done, 1 otherwise.

use crate::cli::{Cli, StatusArgs};
use crate::report::{Exit, Failure, WithExit};
use anyhow::{anyhow, Context};
use serde_json::json;
use textpipe_core::shard::{self, label};

/// Prints the status of `args.dir`.
pub fn run(cli: &Cli, args: &StatusArgs) -> Result<Exit, Failure> {
    if !args.dir.is_dir() {
        return Err(anyhow!("{} is not a folder", args.dir.display())).exit(Exit::Usage);
    }
    let st = shard::shard_status(&args.dir, args.num_shards)
        .context("cannot read completion markers")
        .exit(Exit::Usage)?;
    let Some(n) = st.num_shards else {
        return Err(anyhow!(
            "no completion markers in {}: no shard has finished yet (pass --num-shards N to list them all as missing)",
            shard::completions_dir(&args.dir).display()
        ))
        .exit(Exit::RunFailed);
    };
    let labels = |v: &[usize]| -> Vec<String> { v.iter().map(|i| label(*i, n)).collect() };
    if args.json {
        let value = json!({
            "num_shards": n,
            "done": st.done,
            "missing": st.missing,
            "invalid": st.invalid.iter().map(|(p, why)| json!({"path": p.display().to_string(), "reason": why})).collect::<Vec<_>>(),
            "runs": st.runs.len(),
            "read": st.stats.read,
            "written": st.stats.written,
            "rejected": st.stats.rejected,
            "dropped": st.stats.dropped,
        });
        println!("{value:#}");
    } else if !cli.quiet {
        println!("{}/{} shards done", st.done.len(), n);
        if !st.missing.is_empty() {
            println!("missing: {}", labels(&st.missing).join(" "));
            // Slurm array indices to resubmit (sbatch --array=...).
            let ids: Vec<String> = st.missing.iter().map(|i| i.to_string()).collect();
            println!("resubmit with: --array={}", ids.join(","));
        }
        println!(
            "done shards: read {}, written {}, rejected {}, dropped {}",
            st.stats.read, st.stats.written, st.stats.rejected, st.stats.dropped
        );
        for (path, why) in &st.invalid {
            println!("invalid marker {}: {why}", path.display());
        }
        if st.runs.len() > 1 {
            println!(
                "warning: the markers come from {} different runs (config or inputs changed); rerun the stale shards",
                st.runs.len()
            );
        }
    }
    if st.missing.is_empty() && st.invalid.is_empty() && st.runs.len() <= 1 {
        Ok(Exit::Success)
    } else {
        Ok(Exit::RunFailed)
    }
}
