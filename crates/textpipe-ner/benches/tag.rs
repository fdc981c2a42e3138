//! Tagging throughput of the default English model (bytes of text per second).
//!
//! Corpus: `TEXTPIPE_BENCH_CORPUS` (a JSONL file with a `text` field, optionally gzip-free)
//! or a synthetic news-like text when unset.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use textpipe_ner::Tagger;

fn corpus() -> String {
    if let Ok(path) = std::env::var("TEXTPIPE_BENCH_CORPUS") {
        if let Ok(raw) = std::fs::read_to_string(&path) {
            let mut text = String::new();
            for line in raw.lines().take(2000) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                        text.push_str(t);
                        text.push('\n');
                    }
                }
            }
            if !text.is_empty() {
                return text;
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
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(sentences[i % sentences.len()]);
        text.push('\n');
    }
    text
}

fn bench_tag(c: &mut Criterion) {
    let tagger = Tagger::english().unwrap();
    let text = corpus();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("tag", |b| b.iter(|| tagger.tag(&text, &[])));
    group.finish();
}

criterion_group!(benches, bench_tag);
criterion_main!(benches);
