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
    /// Print the JSON Schema (draft 2020-12) of a pipeline config, for editors: the built-in
    /// stages with their parameters, plus plugin stages from --plugin and --plugin-dir.
    Schema(SchemaArgs),
    /// Combine per-shard statistics (stats files or completion markers) into one.
    MergeStats(MergeStatsArgs),
    /// Show which shards of a sharded run are done and which are missing (exit 1 if any is).
    Status(StatusArgs),
    /// Train a named-entity model from annotated JSONL (CoNLL-2003 style) for the extract stage.
    TrainNer(crate::commands::train_ner::TrainNerArgs),
    /// Scaffold a plugin crate for a custom stage, ready to build and load.
    NewStage(crate::commands::new_stage::NewStageArgs),
}

/// `textpipe run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Pipeline config (JSON), e.g. pipelines/news.json.
    #[arg(short, long)]
    pub pipeline: PathBuf,
    /// Input: a folder of .txt/.md articles, a .jsonl/.jsonl.gz/.jsonl.zst file, or - for stdin.
    /// Repeat for several inputs (read in the order given). Default: stdin, when it is not a
    /// terminal.
    #[arg(short, long = "input")]
    pub inputs: Vec<String>,
    /// Read every input file in this format whatever its extension (`jsonl` or `text`).
    /// Without it the format follows the extension, and a file whose extension no format
    /// claims is refused with the list of supported ones.
    #[arg(long, value_parser = ["jsonl", "text"])]
    pub input_format: Option<String>,
    /// Output JSONL path (.gz/.zst compress), or - for stdout (the default). A file is written
    /// under a temporary name and renamed when complete.
    #[arg(short, long, default_value = "-")]
    pub output: String,
    /// Rejects file (JSONL: id, input, line, stage, reason, record). Default: next to the
    /// output as `NAME.rejects.jsonl`; with --output - rejects are logged to stderr.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Worker threads (default: one per core). Output is identical whatever the count.
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Documents per batch.
    #[arg(long, default_value_t = 256)]
    pub batch_size: usize,
    /// Stop after this many documents. With record sharding (one input split by record),
    /// the shards together take the first N records of the input; with file sharding, each
    /// shard stops after N of its own.
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
    /// This process's shard (0-based). Default: from SLURM_ARRAY_TASK_ID (minus
    /// SLURM_ARRAY_TASK_MIN) in a Slurm job array, or JOB_COMPLETION_INDEX in a Kubernetes
    /// Indexed Job. Paths in --output/--rejects/--stats must then contain {shard}.
    #[arg(long)]
    pub shard_index: Option<usize>,
    /// Number of shards. Default: SLURM_ARRAY_TASK_COUNT in a Slurm job array; for a
    /// Kubernetes Indexed Job set it (or TEXTPIPE_NUM_SHARDS) to the Job's completions.
    #[arg(long, env = "TEXTPIPE_NUM_SHARDS")]
    pub num_shards: Option<usize>,
    /// Skip this shard when its completion marker (OUTPUT_FOLDER/_completions/SHARD.json)
    /// matches the pipeline config and inputs; refuse when any marker was made with another
    /// config, input list or shard count.
    #[arg(long)]
    pub resume: bool,
    /// With --resume: recompute this shard even though markers of another config or input
    /// list exist.
    #[arg(long, requires = "resume")]
    pub force: bool,
}

/// `textpipe merge-stats`.
#[derive(Debug, Args)]
pub struct MergeStatsArgs {
    /// Per-shard stats files (from --stats) or completion markers (_completions/*.json).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the merged statistics here (JSON) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `textpipe status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The output folder of a sharded run (holding _completions/), or _completions itself.
    pub dir: PathBuf,
    /// Expected number of shards (default: the count recorded in the markers).
    #[arg(long)]
    pub num_shards: Option<usize>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `textpipe validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Pipeline config files to check.
    #[arg(required_unless_present = "pipeline")]
    pub files: Vec<PathBuf>,
    /// A pipeline config file to check (as `run -p` takes it); may be repeated.
    #[arg(short = 'p', long = "pipeline", value_name = "FILE")]
    pub pipeline: Vec<PathBuf>,
}

impl ValidateArgs {
    /// Every file to check: the positional ones, then those given with `-p`.
    pub fn all_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.iter().chain(&self.pipeline)
    }
}

/// `textpipe schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Also describe the stages of this plugin library (their parameters are checked as the
    /// plugin declares them). May be repeated.
    #[arg(long, value_name = "LIB")]
    pub plugin: Vec<PathBuf>,
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
