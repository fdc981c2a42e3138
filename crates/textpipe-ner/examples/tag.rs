//! Tags the `text` of each JSONL record and writes `{doc_id, entities}` with character offsets
//! (the format `score.py ner` reads).
//!
//! `cargo run --release -p textpipe-ner --example tag -- IN.jsonl OUT.jsonl [MODEL] [--spaced]`
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use textpipe_ner::Tagger;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let spaced = args.iter().any(|a| a == "--spaced");
    let pos: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let owned;
    let tagger: &Tagger = match pos.get(2) {
        Some(p) => {
            owned = Tagger::load(Path::new(p)).unwrap();
            &owned
        }
        None => Tagger::english().unwrap(),
    };
    let raw = std::fs::read_to_string(pos[0]).unwrap();
    if let Some(reps) = args.iter().find_map(|a| a.strip_prefix("--reps=")) {
        // Tag only, `reps` times (measure CPU time with `perf stat -e task-clock`).
        let texts: Vec<String> = raw
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap().to_string()
            })
            .collect();
        let reps: usize = reps.parse().unwrap();
        let mut n = 0usize;
        let t0 = std::time::Instant::now();
        for _ in 0..reps {
            for t in &texts {
                n += tagger.tag(t, &[]).len();
            }
        }
        let bytes: usize = texts.iter().map(String::len).sum::<usize>() * reps;
        eprintln!(
            "{bytes} bytes, {n} entities, wall {:.3}s",
            t0.elapsed().as_secs_f64()
        );
        return;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(pos[1]).unwrap());
    let (mut bytes, mut secs) = (0usize, 0f64);
    for line in raw.lines() {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let text: String = if spaced {
            rec["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            rec["text"].as_str().unwrap().to_string()
        };
        let t0 = std::time::Instant::now();
        let ents = tagger.tag(&text, &[]);
        secs += t0.elapsed().as_secs_f64();
        bytes += text.len();
        let char_of = |b: usize| text[..b].chars().count();
        let ents: Vec<serde_json::Value> = ents
            .iter()
            .map(|e| {
                serde_json::json!({"start": char_of(e.span.start), "end": char_of(e.span.end),
                    "label": e.label.as_str(), "text": e.span.slice(&text)})
            })
            .collect();
        let id = rec.get("doc_id").or_else(|| rec.get("id")).cloned();
        writeln!(
            out,
            "{}",
            serde_json::json!({"doc_id": id, "entities": ents})
        )
        .unwrap();
    }
    eprintln!(
        "{bytes} bytes in {secs:.3}s: {:.1} MB/s",
        bytes as f64 / secs / 1e6
    );
}
