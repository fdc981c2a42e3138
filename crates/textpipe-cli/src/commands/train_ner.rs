//! `textpipe train-ner`: trains a named-entity model from annotated JSONL (CoNLL-2003 style
//! records: `text` + `entities` with `char_start`/`char_end`/`type`, and/or `tokens` +
//! `sentences` + token `start`/`end`), printing per-epoch progress and the dev score on
//! stderr. A thin wrapper around [`textpipe_ner::train`].

use anyhow::{bail, Context};
use std::path::PathBuf;
use std::time::Instant;
use textpipe_ner::{read_jsonl, ClusterOptions, Rendering, TrainOptions, WordClusters};

/// Arguments of `textpipe train-ner`.
#[derive(clap::Args, Debug)]
pub struct TrainNerArgs {
    /// Training JSONL (records with `text`/`entities`, and `tokens`/`sentences` for the
    /// space-joined renderings).
    #[arg(long, value_name = "PATH")]
    pub train: PathBuf,
    /// Dev JSONL, scored (exact spans, natural text) after every epoch.
    #[arg(long, value_name = "PATH")]
    pub dev: Option<PathBuf>,
    /// Where to write the model (binary, loadable with `Tagger::load`).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: PathBuf,
    /// Passes over the training data (1-100).
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// log2 of the number of feature hash buckets (16-24).
    #[arg(long, default_value_t = TrainOptions::default().hash_bits)]
    pub hash_bits: u32,
    /// Features seen fewer times than this in training get no weight.
    #[arg(long, default_value_t = TrainOptions::default().min_count)]
    pub min_count: u32,
    /// Drop feature rows whose largest weight is below this fraction of the largest (0-1):
    /// a smaller, faster model.
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    pub prune: f32,
    /// Seed of the deterministic shuffling.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
    /// Train on the natural `text` only (by default also on the tokens joined by spaces, one
    /// sentence a line).
    #[arg(long, conflicts_with = "joined")]
    pub text_only: bool,
    /// Also train on each record's tokens joined by spaces on one line (no sentence breaks):
    /// better on such input, slightly worse on natural text.
    #[arg(long)]
    pub joined: bool,
    /// Unlabeled JSONL (records with `text`) to learn word clusters from; repeatable. The
    /// training texts are always added. Without it the model has no cluster features.
    #[arg(long, value_name = "PATH")]
    pub unlabeled: Vec<PathBuf>,
}

/// The `text` fields of a JSONL file.
fn texts_of(path: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: invalid JSON", path.display(), i + 1))?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            out.push(t.to_string());
        }
    }
    Ok(out)
}

/// Trains, reports progress on stderr, and writes the model.
pub fn run(args: &TrainNerArgs) -> anyhow::Result<()> {
    let renderings: &[Rendering] = match (args.text_only, args.joined) {
        (true, _) => &[Rendering::Text],
        (false, false) => &[Rendering::Text, Rendering::Spaced],
        (false, true) => &[Rendering::Text, Rendering::Spaced, Rendering::Joined],
    };
    let train = read_jsonl(&args.train, renderings)
        .with_context(|| format!("reading training data {}", args.train.display()))?;
    if train.is_empty() {
        bail!("{}: no usable training records", args.train.display());
    }
    let dev = match &args.dev {
        Some(p) => Some(
            read_jsonl(p, &[Rendering::Text])
                .with_context(|| format!("reading dev data {}", p.display()))?,
        ),
        None => None,
    };
    let t0 = Instant::now();
    let mut clusters = WordClusters::default();
    if !args.unlabeled.is_empty() {
        let mut texts = Vec::new();
        for p in args.unlabeled.iter().chain([&args.train]) {
            texts.extend(texts_of(p)?);
        }
        clusters =
            WordClusters::learn(texts.iter().map(String::as_str), &ClusterOptions::default());
        eprintln!(
            "train-ner: {} word clusters from {} texts ({:.1}s)",
            clusters.len(),
            texts.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    let opts = TrainOptions {
        epochs: args.epochs,
        hash_bits: args.hash_bits,
        seed: args.seed,
        min_count: args.min_count,
        prune: args.prune,
        clusters,
    };
    eprintln!(
        "train-ner: {} training documents, {} dev documents",
        train.len(),
        dev.as_ref().map_or(0, Vec::len)
    );
    let (tagger, report) = textpipe_ner::train(&opts, &train, dev.as_deref(), |p| {
        let dev = p
            .dev
            .as_ref()
            .map(|r| format!(" | dev {r}"))
            .unwrap_or_default();
        eprintln!(
            "epoch {}/{}: {} of {} training tokens wrong{dev} ({:.1}s)",
            p.epoch,
            p.epochs,
            p.train_errors,
            p.train_tokens,
            t0.elapsed().as_secs_f64()
        );
    })
    .context("training the NER model")?;
    tagger
        .save(&args.output)
        .with_context(|| format!("writing the model to {}", args.output.display()))?;
    let what = if dev.is_some() { "dev" } else { "training set" };
    eprintln!("train-ner: {what}: {report}");
    eprintln!(
        "train-ner: wrote {} ({} bytes) in {:.1}s",
        args.output.display(),
        std::fs::metadata(&args.output)
            .map(|m| m.len())
            .unwrap_or(0),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
