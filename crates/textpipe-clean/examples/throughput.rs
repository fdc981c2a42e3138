//! Measures the `clean` stage's single-thread throughput in CPU time (robust on a busy
//! machine): `cargo run --release -p textpipe-clean --example throughput -- CORPUS.jsonl.gz [ROUNDS]`.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use textpipe_clean::Clean;

/// Nanoseconds this thread has spent on a CPU (Linux), or wall time elsewhere.
fn cpu_ns() -> u128 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("corpus path");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let file = std::fs::File::open(&path).unwrap();
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let docs: Vec<String> = reader
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let clean = Clean::default();
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let t0 = cpu_ns();
        let mut n = 0usize;
        for d in &docs {
            n += clean.clean(d).text.len();
        }
        let secs = (cpu_ns() - t0) as f64 / 1e9;
        best = best.min(secs);
        assert!(n > 0);
    }
    let unstable = docs
        .iter()
        .filter(|d| {
            let once = clean.clean(d).text;
            clean.clean(&once).text != once
        })
        .count();
    println!("documents where clean(clean(x)) != clean(x): {unstable}");
    println!(
        "{} docs, {:.1} MB, best of {rounds}: {:.3} s CPU, {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
}
