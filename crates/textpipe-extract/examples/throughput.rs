//! Times the stage per extractor over a JSONL(.gz) corpus: `throughput FILE [N]`.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::time::Instant;

use textpipe_core::{Document, StageConfig};
use textpipe_extract::ExtractConfig;

/// CPU time of the current thread in ns (Linux).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let n: usize = args.get(2).map_or(5000, |s| s.parse().unwrap());
    let docs: Vec<Document> = common::corpus_lines(path)
        .take(n)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).ok()?;
            let t = v.get("text")?.as_str()?.to_string();
            let mut d = Document::from_text("x", t);
            d.meta.date = Some("2012-07-25".into());
            d.sentences = Some(common::split(&d.text));
            Some(d)
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let off = ExtractConfig {
        entities: false,
        dates: false,
        quantities: false,
        quotes: false,
        keywords: false,
        ..ExtractConfig::default()
    };
    let configs = [
        ("all", ExtractConfig::default()),
        (
            "no-entities",
            ExtractConfig {
                entities: false,
                ..ExtractConfig::default()
            },
        ),
        (
            "tokens-only",
            ExtractConfig {
                quotes: true,
                ..off.clone()
            },
        ),
        (
            "entities",
            ExtractConfig {
                entities: true,
                ..off.clone()
            },
        ),
        (
            "dates",
            ExtractConfig {
                dates: true,
                ..off.clone()
            },
        ),
        (
            "quantities",
            ExtractConfig {
                quantities: true,
                ..off.clone()
            },
        ),
        (
            "quotes",
            ExtractConfig {
                quotes: true,
                ..off.clone()
            },
        ),
        (
            "keywords",
            ExtractConfig {
                keywords: true,
                ..off.clone()
            },
        ),
        (
            "keywords-1",
            ExtractConfig {
                keywords: true,
                keywords_max_words: 1,
                ..off.clone()
            },
        ),
    ];
    let only = std::env::var("ONLY").ok();
    for (name, c) in configs {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let stage = match c.build() {
            Ok(s) => s,
            Err(e) => {
                println!("{name:12} skipped: {e}");
                continue;
            }
        };
        let repeat: usize = std::env::var("REPEAT")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(1);
        let mut work = docs.clone();
        let (t0, c0) = (Instant::now(), cpu_ns());
        for _ in 0..repeat {
            for d in &mut work {
                stage.process(d).unwrap();
            }
        }
        let wall = t0.elapsed().as_secs_f64();
        // CPU time of this thread when available (the machine is shared), wall time otherwise.
        let s = match (c0, cpu_ns()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
            _ => wall,
        } / repeat as f64;
        println!(
            "{name:12} {:8.2} MB/s  ({} docs, {:.1} MB)",
            bytes as f64 / s / 1e6,
            work.len(),
            bytes as f64 / 1e6
        );
    }
}
