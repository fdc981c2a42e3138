//! Throughput of the `summarize` stage over a JSONL(.gz) corpus, sentences split beforehand by
//! the real `sentence-split` stage, in MB of article text per second of thread CPU time; and,
//! with `--out`, every summary as a JSON line (id, chosen sentence indices and byte spans,
//! the text, every sentence's score) so that two builds can be compared byte for byte.
//!
//! ```text
//! throughput FILE [--config JSON] [--limit N] [--repeat R] [--out OUT.jsonl]
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::time::Instant;
use textpipe_core::{Document, Origin, StageConfig};
use textpipe_split::SentenceSplitConfig;
use textpipe_summarize::{Summarize, SummarizeConfig};

/// CPU time of the current thread in ns (Linux; `None` elsewhere).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: throughput FILE [options]");
    let (mut config, mut limit, mut repeat, mut out) = ("{}".to_string(), usize::MAX, 1, None);
    let mut rest = args[2..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().expect("flag value");
        match flag.as_str() {
            "--config" => config = value.clone(),
            "--limit" => limit = value.parse().expect("--limit N"),
            "--repeat" => repeat = value.parse().expect("--repeat R"),
            "--out" => out = Some(value.clone()),
            other => panic!("unknown flag {other}"),
        }
    }
    let config: SummarizeConfig = serde_json::from_str(&config).expect("config");
    config.validate().expect("valid config");
    let stage = config.clone().build().expect("build");
    let summarize = Summarize::new(config).expect("build");

    let file = std::fs::File::open(path).expect("open corpus");
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let splitter = SentenceSplitConfig::default().build().expect("splitter");
    let docs: Vec<Document> = BufReader::new(reader)
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .map(|l| {
            let record: Map<String, Value> = serde_json::from_str(&l).expect("json");
            let id = record.get("id").and_then(Value::as_str).unwrap_or("");
            let text = record.get("text").and_then(Value::as_str).unwrap_or("");
            let mut d = Document::new(id.into(), Origin::memory(), text.into(), record.clone());
            splitter.process(&mut d).expect("split");
            d
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let mut work = docs.clone();
    let (t0, c0) = (Instant::now(), cpu_ns());
    for _ in 0..repeat {
        for d in &mut work {
            stage.process(d).expect("summarize");
        }
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_ns());
    let cpu = match (c0, cpu) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e9,
        _ => wall,
    };
    let mb = (bytes * repeat) as f64 / 1e6;
    println!(
        "{} docs x {repeat}, {:.1} MB: cpu {cpu:.3}s = {:.1} MB/s (wall {wall:.3}s = {:.1} MB/s)",
        docs.len(),
        bytes as f64 / 1e6,
        mb / cpu,
        mb / wall
    );

    if let Some(out) = out {
        let mut w = BufWriter::new(std::fs::File::create(out).expect("create output"));
        for d in &work {
            let spans = d.sentences.as_deref().unwrap_or_default();
            let chosen = d.summary.as_ref().map(|s| s.sentences.clone());
            let chosen = chosen.unwrap_or_default();
            let picked: Vec<(usize, usize)> = chosen
                .iter()
                .map(|&i| (spans[i].start, spans[i].end))
                .collect();
            let text: Vec<&str> = chosen.iter().map(|&i| spans[i].slice(&d.text)).collect();
            let texts: Vec<&str> = spans.iter().map(|s| s.slice(&d.text)).collect();
            let title = d.meta.title.as_deref().filter(|t| !t.trim().is_empty());
            // Shortest round-trip decimal of each f32: equal strings mean equal bits.
            let scores: Vec<String> = summarize
                .scores(&texts, title)
                .iter()
                .map(|s| format!("{s:?}"))
                .collect();
            let rec = json!({"id": d.id, "n": spans.len(), "sentences": chosen,
                "spans": picked, "text": text.join(" "), "scores": scores.join(" ")});
            writeln!(w, "{rec}").expect("write");
        }
        w.flush().expect("flush");
    }
}
