//! Per-document overhead of a plugin stage: the `noop` plugin (reads only the text; a test
//! fixture in `tests/fixtures/noop`) against a no-op built-in stage, on a 5 KB article; the same plugin receiving the sentence spans as
//! JSON; and `word-stats` as a plugin for scale.
//!
//! The plugins are built first (`cargo build --release -p noop -p word-stats` into this bench's
//! target dir). Text: the first document of `TEXTPIPE_BENCH_CORPUS` (JSONL with a `text`
//! field, or a plain text file) cut to 5 KB, or a synthetic article when unset.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use serde_json::Map;
use std::path::PathBuf;
use std::process::Command;
use textpipe_core::{Document, PluginLoader, Span, Stage, StageError};
use textpipe_plugin_host::Loader;

struct NoopBuiltin;

impl Stage for NoopBuiltin {
    fn name(&self) -> &str {
        "noop-builtin"
    }
    fn process(&self, _doc: &mut Document) -> Result<(), StageError> {
        Ok(())
    }
}

fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

fn build_plugins() -> PathBuf {
    let profile = profile_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", profile.parent().unwrap())
        .args(["build", "--quiet", "-p", "noop", "-p", "word-stats"]);
    if profile.file_name().and_then(|n| n.to_str()) == Some("release") {
        cmd.arg("--release");
    }
    assert!(
        cmd.status().unwrap().success(),
        "building the plugins failed"
    );
    profile
}

fn article_5kb() -> String {
    let from_corpus = std::env::var("TEXTPIPE_BENCH_CORPUS").ok().and_then(|p| {
        let raw = std::fs::read_to_string(p).ok()?;
        let first = raw.lines().next()?;
        let text = serde_json::from_str::<serde_json::Value>(first)
            .ok()
            .and_then(|v| v.get("text")?.as_str().map(str::to_owned))
            .unwrap_or_else(|| raw.clone());
        Some(text)
    });
    let mut text = from_corpus.unwrap_or_else(|| {
        "The harbour authority said on Monday that it would hire 120 workers by March, \
         after a year in which cargo volumes rose by 14 percent. Critics said the plan came \
         too late. "
            .repeat(40)
    });
    while text.len() < 5000 {
        text = text.repeat(2);
    }
    let mut cut = 5000;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

fn bench(c: &mut Criterion) {
    let profile = build_plugins();
    let lib = |name: &str| {
        profile.join(format!(
            "{}{name}{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ))
    };
    let loader = Loader::new(vec![]);
    let noop = loader.load(&lib("noop"), "noop", &Map::new()).unwrap();
    let params = serde_json::json!({"requires": ["sentences"]});
    let noop_sentences = loader
        .load(&lib("noop"), "noop", params.as_object().unwrap())
        .unwrap();
    let stats = loader
        .load(&lib("word_stats"), "word-stats", &Map::new())
        .unwrap();
    // Called through `dyn Stage`, as the executor does.
    let builtin: Box<dyn Stage> = Box::new(NoopBuiltin);
    let text = article_5kb();
    let mut group = c.benchmark_group("per-document-5KB");
    group.throughput(Throughput::Bytes(text.len() as u64));
    let mut doc = Document::from_text("d1", text.clone());
    group.bench_function("builtin-noop", |b| {
        b.iter(|| builtin.process(std::hint::black_box(&mut doc)))
    });
    group.bench_function("plugin-noop", |b| {
        b.iter(|| noop.process(std::hint::black_box(&mut doc)))
    });
    let mut with_spans = Document::from_text("d1", text.clone());
    // One span per ~100 bytes, like sentences of a news article.
    let spans: Vec<Span> = (0..text.len() / 100)
        .map(|i| Span::new(i * 100, i * 100 + 90))
        .collect();
    with_spans.sentences = Some(spans);
    group.bench_function("plugin-noop-with-sentences", |b| {
        b.iter(|| noop_sentences.process(std::hint::black_box(&mut with_spans)))
    });
    group.bench_function("plugin-word-stats", |b| {
        b.iter_batched_ref(
            || Document::from_text("d1", text.clone()),
            |d| stats.process(d),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
