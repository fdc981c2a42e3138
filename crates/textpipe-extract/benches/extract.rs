//! Throughput of the `extract` stage: all extractors, all but entities, and keywords alone.
//!
//! Corpus: `TEXTPIPE_BENCH_CORPUS` = a `.jsonl` or `.jsonl.gz` file with a `text` field per line
//! (for example `../shared/data/news_corpus.jsonl.gz`); the first 2,000 documents are used. Without
//! it, a synthetic news-like corpus is generated so the bench always runs. Sentences come from a
//! simple punctuation split done here, outside the measured loop.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::{BufRead, BufReader, Read};
use textpipe_core::{Document, Span, StageConfig};
use textpipe_extract::ExtractConfig;

fn load_corpus() -> Vec<String> {
    if let Ok(path) = std::env::var("TEXTPIPE_BENCH_CORPUS") {
        if let Ok(file) = std::fs::File::open(&path) {
            let reader: Box<dyn Read> = if path.ends_with(".gz") {
                Box::new(flate2::read::MultiGzDecoder::new(file))
            } else {
                Box::new(file)
            };
            let docs: Vec<String> = BufReader::new(reader)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| {
                    let v: serde_json::Value = serde_json::from_str(&l).ok()?;
                    v.get("text")?.as_str().map(str::to_owned)
                })
                .take(2000)
                .collect();
            if !docs.is_empty() {
                return docs;
            }
        }
        eprintln!("TEXTPIPE_BENCH_CORPUS={path}: unreadable, using the synthetic corpus");
    }
    synthetic()
}

fn synthetic() -> Vec<String> {
    let parts = [
        "President Anna Novak called off the offensive on Wednesday after 42 people died.",
        "\"We had no other choice,\" said a senior official in the defence ministry.",
        "The army moved 6,000 troops some 500 kilometers to the east in 2014.",
        "Shares in Baltic Shipping rose 7.5% to $1.13bn last week, analysts said.",
        "\"It is far from over,\" he said, speaking on condition of anonymity.",
        "During the 1992-97 war, tens of thousands of people fled to the hills.",
        "Twelve soldiers and 30 rebels were killed on Tuesday, officials said.",
        "The lease runs for another 49 years, the agency reported on July 25, 2012.",
    ];
    (0..400)
        .map(|k| {
            (0..12)
                .map(|j| parts[(k * 7 + j * 3) % parts.len()])
                .collect::<Vec<_>>()
                .join(if k % 2 == 0 { " " } else { "\n\n" })
        })
        .collect()
}

/// Sentence spans: split after . ! ? followed by whitespace, and at blank lines.
fn split(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let end_here = matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_some_and(u8::is_ascii_whitespace)
            || b[i] == b'\n';
        if end_here {
            if i + 1 > start && !text[start..=i].trim().is_empty() {
                out.push(Span::new(start, i + 1));
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

fn docs(corpus: &[String]) -> Vec<Document> {
    corpus
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let mut d = Document::from_text(format!("d{k}"), t.clone());
            d.meta.date = Some("2012-07-25".into());
            d.sentences = Some(split(t));
            d
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let corpus = load_corpus();
    let bytes: u64 = corpus.iter().map(|t| t.len() as u64).sum();
    let prepared = docs(&corpus);
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    let configs = [
        ("all", ExtractConfig::default()),
        (
            "no-entities",
            ExtractConfig {
                entities: false,
                ..ExtractConfig::default()
            },
        ),
        // The costliest extractor after the tagger, alone (with the shared tokenization).
        (
            "keywords",
            ExtractConfig {
                entities: false,
                dates: false,
                quantities: false,
                quotes: false,
                ..ExtractConfig::default()
            },
        ),
    ];
    for (name, config) in configs {
        let Ok(stage) = config.build() else {
            eprintln!("{name}: stage cannot be built (NER model missing?), skipped");
            continue;
        };
        group.bench_function(name, |b| {
            b.iter_batched(
                || prepared.clone(),
                |mut docs| {
                    for d in &mut docs {
                        stage.process(d).unwrap();
                    }
                    docs
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
