//! Trains a model from CoNLL-style JSONL (both renderings) and reports dev F1 per epoch.
//!
//! `cargo run --release -p textpipe-ner --example train -- TRAIN.jsonl DEV.jsonl OUT.tpner [EPOCHS] [BITS] [MIN_COUNT]`
#![allow(clippy::unwrap_used)]

use std::path::Path;
use textpipe_ner::{read_jsonl, train, Rendering, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let all = [Rendering::Text, Rendering::Spaced, Rendering::Joined];
    // RENDERINGS=3 also trains on the one-line (joined) rendering.
    let n: usize = std::env::var("RENDERINGS").map_or(2, |v| v.parse().unwrap());
    let both = &all[..n];
    let t0 = std::time::Instant::now();
    let tr = read_jsonl(Path::new(&args[1]), both).unwrap();
    let dev_text = read_jsonl(Path::new(&args[2]), &[Rendering::Text]).unwrap();
    let dev_spaced = read_jsonl(Path::new(&args[2]), &[Rendering::Spaced]).unwrap();
    let mut opts = TrainOptions::default();
    if let Some(e) = args.get(4) {
        opts.epochs = e.parse().unwrap();
    }
    if let Some(b) = args.get(5) {
        opts.hash_bits = b.parse().unwrap();
    }
    if let Some(m) = args.get(6) {
        opts.min_count = m.parse().unwrap();
    }
    if let Ok(paths) = std::env::var("UNLABELED") {
        let mut texts = Vec::new();
        for p in paths.split(',') {
            for line in std::fs::read_to_string(p).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        }
        let mut copts = textpipe_ner::ClusterOptions::default();
        if let Ok(k) = std::env::var("FINE") {
            copts.fine = k.parse().unwrap();
        }
        opts.clusters = textpipe_ner::WordClusters::learn(texts.iter().map(String::as_str), &copts);
        eprintln!(
            "clusters: {} words from {} texts ({:.1}s)",
            opts.clusters.len(),
            texts.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    let (tagger, report) = train(&opts, &tr, Some(&dev_text), |p| {
        eprintln!(
            "epoch {}/{}: train errors {}/{} | dev {} | {:.1}s",
            p.epoch,
            p.epochs,
            p.train_errors,
            p.train_tokens,
            p.dev.as_ref().map(|r| r.to_string()).unwrap_or_default(),
            t0.elapsed().as_secs_f64()
        )
    })
    .unwrap();
    eprintln!("final dev (text): {report}");
    eprintln!(
        "dev (spaced): {}",
        textpipe_ner::evaluate(&tagger, &dev_spaced)
    );
    tagger.save(Path::new(&args[3])).unwrap();
    eprintln!(
        "model bytes: {}",
        std::fs::metadata(&args[3]).unwrap().len()
    );
}
