//! Throughput of the splitter alone (criterion, MB/s of text).
//!
//! Corpus: the `text` fields of the JSONL(.gz) file named by `TEXTPIPE_BENCH_CORPUS` (e.g.
//! `../shared/data/news_corpus.jsonl.gz`), up to 20 MB; without it, synthetic news-like text
//! so the bench always runs.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::{BufRead, BufReader, Read};
use textpipe_split::{SplitOptions, Splitter};

const LIMIT: usize = 20 << 20;

fn load_corpus() -> Vec<String> {
    if let Ok(path) = std::env::var("TEXTPIPE_BENCH_CORPUS") {
        let file = std::fs::File::open(&path).unwrap();
        let reader: Box<dyn Read> = if path.ends_with(".gz") {
            Box::new(flate2::read::GzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let mut docs = Vec::new();
        let mut total = 0;
        for line in BufReader::new(reader).lines() {
            let line = line.unwrap();
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                total += t.len();
                docs.push(t.to_string());
                if total > LIMIT {
                    break;
                }
            }
        }
        if !docs.is_empty() {
            return docs;
        }
    }
    synthetic()
}

fn synthetic() -> Vec<String> {
    let para = "WASHINGTON, March 3 - Mr. J. R. Smith of Acme Inc. said on Tuesday that the U.S. \
        economy grew 2.5% in the quarter, to $1.13 trillion. \"It was a good year,\" he said. \
        Shares rose 3.14 points at 4 p.m. Eastern Time... Analysts (e.g. Dr. Lee) disagreed! \
        See https://example.com/report.html for details. Was it enough? Nobody knows.";
    (0..2000)
        .map(|i| format!("Headline number {i}\n\n{para}\n\n{para}\n\n{para}"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = load_corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("split");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    let splitter = Splitter::new(SplitOptions::default());
    g.bench_function("corpus", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                splitter.split_into(d, &mut out);
                n += out.len();
            }
            n
        })
    });
    let no_punct = "lorem ipsum dolor sit amet ".repeat(400_000);
    let periods = ".".repeat(10 << 20);
    let spaced = ". ".repeat(5 << 20);
    let lines = "a\n".repeat(5 << 20);
    let mixed = "Mr. A. B. (1) U.S. -- x:) [1] ... \n\n Figure 1 ".repeat(200_000);
    let unlimited = Splitter::new(SplitOptions {
        max_sentence_bytes: 0,
        ..SplitOptions::default()
    });
    for (name, text) in [
        ("no_punctuation_10mb", &no_punct),
        ("periods_10mb", &periods),
        ("spaced_periods_10mb", &spaced),
        ("short_lines_10mb", &lines),
        ("rule_soup_10mb", &mixed),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| unlimited.split(text).len()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
