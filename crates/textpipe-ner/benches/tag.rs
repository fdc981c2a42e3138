//! Tagging throughput of the default English model (bytes of text per second).
//!
//! Corpus: `TEXTPIPE_BENCH_CORPUS` (an uncompressed JSONL file with a `text` field; each record
//! is tagged as one document) or synthetic news-like documents when unset.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use textpipe_ner::Tagger;

/// Documents to tag: the first 2000 records of the corpus, or synthetic articles.
fn corpus() -> Vec<String> {
    if let Ok(path) = std::env::var("TEXTPIPE_BENCH_CORPUS") {
        if let Ok(raw) = std::fs::read_to_string(&path) {
            let docs: Vec<String> = raw
                .lines()
                .take(2000)
                .filter_map(|line| {
                    let v: serde_json::Value = serde_json::from_str(line).ok()?;
                    Some(v.get("text")?.as_str()?.to_string())
                })
                .collect();
            if !docs.is_empty() {
                return docs;
            }
        }
    }
    let sentences = [
        "GENEVA 2024-03-14 The World Health Organization said on Tuesday that Maria Lopez would lead its new office in Nairobi.",
        "Shares of Northwind Traders rose 4.5 percent to $12.30 in New York after the company reported record sales in Canada.",
        "Prime Minister John Harper told reporters in Ottawa that talks with the European Union would resume next week.",
        "FOOTBALL - UNITED BEAT CITY 2-1 IN DERBY.",
        "The U.S. Federal Reserve kept rates unchanged, said analyst Peter Novak of Baltic Securities in Riga.",
    ];
    (0..200)
        .map(|d| {
            let mut text = String::new();
            for i in 0..8 {
                text.push_str(sentences[(d + i) % sentences.len()]);
                text.push(if i % 3 == 2 { '\n' } else { ' ' });
            }
            text
        })
        .collect()
}

fn bench_tag(c: &mut Criterion) {
    let tagger = Tagger::english().unwrap();
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("tag", |b| {
        b.iter(|| docs.iter().map(|d| tagger.tag(d, &[]).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench_tag);
criterion_main!(benches);
