//! Command-line flags (clap derive). Doc comments here are the `--help` text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Plugin-based text-processing pipelines for news and web-text corpora.
#[derive(Debug, Parser)]
#[command(name = "textpipe", version, about, long_about = None)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr (no progress bar, no summary).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Folders searched for plugin libraries (stages not built in are looked up there).
    #[arg(
        long = "plugin-dir",
        global = true,
        env = "TEXTPIPE_PLUGIN_PATH",
        value_delimiter = ':'
    )]
    pub plugin_dirs: Vec<PathBuf>,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a pipeline over inputs and write JSONL.
    Run(RunArgs),
    /// Check a pipeline config without running it (exit 0 when valid).
    Validate(ValidateArgs),
    /// List every stage with its parameters, defaults, and the fields it requires and provides.
    Stages(StagesArgs),
}

/// `textpipe run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Pipeline config (JSON), e.g. pipelines/news.json.
    #[arg(short, long)]
    pub pipeline: PathBuf,
    /// Input: a folder of .txt/.md articles, a .jsonl/.jsonl.gz/.jsonl.zst file, or - for stdin.
    /// Repeat for several inputs (read in the order given).
    #[arg(short, long = "input", required = true)]
    pub inputs: Vec<String>,
    /// Output JSONL path (.gz/.zst compress), or - for stdout. Written under a temporary name
    /// and renamed when complete.
    #[arg(short, long)]
    pub output: String,
    /// Rejects file (JSONL: id, input, line, stage, reason, record). Default: next to the
    /// output as <name>.rejects.jsonl; with --output - rejects are logged to stderr.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Worker threads (default: one per core). Output is identical whatever the count.
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Documents per batch.
    #[arg(long, default_value_t = 256)]
    pub batch_size: usize,
    /// Stop after this many documents.
    #[arg(long)]
    pub limit: Option<u64>,
    /// Write run statistics (JSON) to this file.
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// JSONL field holding the document id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSONL field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Stop at the first rejected document (overrides the config's "on_error").
    #[arg(long)]
    pub fail_fast: bool,
}

/// `textpipe validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Pipeline config files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// `textpipe stages`.
#[derive(Debug, Args)]
pub struct StagesArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// List the stages of this plugin library instead of the built-in ones.
    #[arg(long)]
    pub plugin: Option<PathBuf>,
}
