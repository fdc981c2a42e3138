//! Times the stage per extractor over a JSONL(.gz) corpus: `throughput FILE [N]`.
#![allow(clippy::unwrap_used, missing_docs)]

use std::io::{BufRead, BufReader, Read};
use std::time::Instant;

use textpipe_core::{Document, Span, StageConfig};
use textpipe_extract::ExtractConfig;

fn split(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        if (matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1).is_some_and(u8::is_ascii_whitespace))
            || b[i] == b'\n'
        {
            if !text[start..=i].trim().is_empty() {
                out.push(Span::new(start, i + 1));
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// CPU time of the current thread in ns (Linux).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let n: usize = args.get(2).map_or(5000, |s| s.parse().unwrap());
    let file = std::fs::File::open(path).unwrap();
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let docs: Vec<Document> = BufReader::new(reader)
        .lines()
        .map_while(Result::ok)
        .take(n)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).ok()?;
            let t = v.get("text")?.as_str()?.to_string();
            let mut d = Document::from_text("x", t);
            d.meta.date = Some("2012-07-25".into());
            d.sentences = Some(split(&d.text));
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
