//! Throughput of the `clean` stage alone, in bytes per second.
//!
//! Corpus: the JSONL(.gz) file named by `TEXTPIPE_BENCH_CORPUS` (its `text` fields; e.g.
//! `../shared/data/news_corpus.jsonl.gz`), or a synthetic corpus of seed-layout articles,
//! wire copy, HTML and mojibake when the variable is unset.
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::{BufRead, BufReader, Read};
use textpipe_clean::Clean;

fn load_corpus() -> Vec<String> {
    if let Ok(path) = std::env::var("TEXTPIPE_BENCH_CORPUS") {
        let file = std::fs::File::open(&path).unwrap_or_else(|e| {
            panic!("TEXTPIPE_BENCH_CORPUS={path}: {e} (relative to the crate folder)")
        });
        let reader: Box<dyn Read> = if path.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let limit: usize = std::env::var("TEXTPIPE_BENCH_DOCS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(usize::MAX);
        return BufReader::new(reader)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .take(limit)
            .collect();
    }
    let seed = "# Harbour Council Approves New Ferry Terminal\n\nMarch 3, 2021\n\n**The  Coastal  Herald**\n\n\
        PORTVALE, Norland — The harbour council voted on Tuesday to build a new ferry terminal on the\n\
        northern quay, ending a decade of debate over the future of the old docks.\n\n\
        The project will cost about 40 million crowns and is due to open in 2025, officials said.\n\n\
        \"We have waited long enough,\" said councillor Ada Brenner. \"The town deserves a terminal that\n\n\
        works for everyone.\"\n\nAdvertisement\n\nOriginal url: <https://herald.example/ferry>\n";
    let wire = "OSLO, March 2 - Shipping rates rose for a third week on strong demand for grain\n\
        cargoes from the Black Sea, brokers said on Monday, adding that the well-\nknown seasonal \
        slowdown had not arrived.\n\nRates for large bulk carriers rose 4 pct.\n";
    let html =
        "<p>The museum&rsquo;s new wing opened on <b>Saturday</b>.</p><script>var a=1;</script>\
        <p>Visitors queued &ndash; some for hours.</p>";
    let moji = "The cafÃ© ownerâ€™s plan was â€œbold,â€ critics said.\n\nPrices start at Â£3.";
    let mut docs = Vec::new();
    for i in 0..400 {
        docs.push(match i % 10 {
            0 => html.to_string(),
            1 => moji.to_string(),
            2..=5 => wire.repeat(3),
            _ => seed.to_string(),
        });
    }
    docs
}

fn bench(c: &mut Criterion) {
    let docs = load_corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let stage = Clean::default();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += stage.clean(d).text.len();
            }
            n
        })
    });
    // The mojibake step alone, on the corpus and on correct non-ASCII text in many scripts
    // (the worst case for its filters: every line is non-ASCII).
    group.bench_function("mojibake", |b| {
        b.iter(|| {
            docs.iter()
                .filter(|d| textpipe_clean::mojibake::fix_mojibake(d).is_some())
                .count()
        })
    });
    group.finish();
    let multi: Vec<String> = include_str!("../tests/data/multilingual.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_once('\t').map_or(l, |(_, t)| t).to_string())
        .collect();
    let multi = multi.join("\n").repeat(20);
    let mut group = c.benchmark_group("multilingual");
    group.throughput(Throughput::Bytes(multi.len() as u64));
    group.sample_size(10);
    group.bench_function("mojibake", |b| {
        b.iter(|| textpipe_clean::mojibake::fix_mojibake(&multi).is_some())
    });
    group.bench_function("clean", |b| b.iter(|| stage.clean(&multi).text.len()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
