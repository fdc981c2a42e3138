//! Throughput of the `summarize` stage alone (sentences already split), in bytes of article
//! text per second.
//!
//! Corpus: the JSONL (optionally .gz) file named by `TEXTPIPE_BENCH_CORPUS` (records with
//! `text` and optionally `title`), e.g. `../shared/data/news_corpus.jsonl.gz`; at most
//! `TEXTPIPE_BENCH_DOCS` documents (default 3000). Without it, a synthetic corpus is used so the
//! bench always runs. A second group measures one 2,000-sentence article.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::{BufRead, BufReader, Read};
use textpipe_core::{Document, Span, StageConfig};
use textpipe_summarize::SummarizeConfig;

/// Sentence spans by a simple rule (`.!?` + space), enough to feed the stage.
fn naive_split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        let end_here = matches!(b[i], b'.' | b'!' | b'?' | b'\n')
            && b.get(i + 1).map_or(true, |c| c.is_ascii_whitespace());
        if end_here {
            if i + 1 > start {
                out.push(Span::new(start, i + 1));
            }
            start = i + 1;
            while start < b.len() && b[start].is_ascii_whitespace() {
                start += 1;
            }
        }
    }
    if start < b.len() {
        out.push(Span::new(start, b.len()));
    }
    out
}

fn doc(id: usize, title: Option<String>, text: String) -> Document {
    let mut d = Document::from_text(id.to_string(), text);
    d.meta.title = title;
    d.sentences = Some(naive_split(&d.text));
    d
}

fn load_corpus() -> Vec<Document> {
    let limit: usize = std::env::var("TEXTPIPE_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    if let Ok(path) = std::env::var("TEXTPIPE_BENCH_CORPUS") {
        if let Ok(file) = std::fs::File::open(&path) {
            let reader: Box<dyn Read> = if path.ends_with(".gz") {
                Box::new(flate2::read::MultiGzDecoder::new(file))
            } else {
                Box::new(file)
            };
            let docs: Vec<Document> = BufReader::new(reader)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
                .take(limit)
                .enumerate()
                .map(|(i, v)| {
                    let text = v["text"].as_str().unwrap_or("").to_string();
                    let title = v["title"].as_str().map(str::to_string);
                    doc(i, title, text)
                })
                .collect();
            if !docs.is_empty() {
                return docs;
            }
        }
        eprintln!("cannot read {path}; using the synthetic corpus");
    }
    synthetic(500, 25)
}

/// Articles built from a small vocabulary, deterministic.
fn synthetic(docs: usize, sentences: usize) -> Vec<Document> {
    const WORDS: &[&str] = &[
        "the",
        "council",
        "budget",
        "approved",
        "transport",
        "buses",
        "said",
        "minister",
        "prices",
        "rose",
        "market",
        "shares",
        "fell",
        "company",
        "profits",
        "year",
        "police",
        "report",
        "government",
        "plans",
        "new",
        "of",
        "and",
        "in",
        "to",
        "election",
        "team",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..docs)
        .map(|d| {
            let mut text = String::new();
            for _ in 0..sentences {
                let len = 8 + (next() % 20) as usize;
                for w in 0..len {
                    let word = WORDS[(next() % WORDS.len() as u64) as usize];
                    if w == 0 {
                        let mut c = word.chars();
                        let first = c.next().unwrap().to_ascii_uppercase();
                        text.push(first);
                        text.push_str(c.as_str());
                    } else {
                        text.push(' ');
                        text.push_str(word);
                    }
                }
                text.push_str(". ");
            }
            doc(d, Some("Council approves transport budget".into()), text)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let stage = SummarizeConfig::default().build().unwrap();
    let corpus = load_corpus();
    let bytes: usize = corpus.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("summarize");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("corpus", |b| {
        b.iter_batched_ref(
            || corpus.clone(),
            |docs| {
                for d in docs.iter_mut() {
                    stage.process(d).unwrap();
                }
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let long = synthetic(1, 2000).pop().unwrap();
    group.throughput(Throughput::Bytes(long.text.len() as u64));
    group.bench_function("2000_sentences", |b| {
        b.iter_batched_ref(
            || long.clone(),
            |d| stage.process(d).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
