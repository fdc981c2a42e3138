//! Cleans text files (or a JSONL file's `text` fields) and prints the result with its
//! metadata: `cargo run -p textpipe-clean --example clean_file -- FILE...`.
#![allow(clippy::unwrap_used)]

use std::io::BufRead;
use textpipe_clean::Clean;

fn main() {
    let clean = Clean::default();
    for path in std::env::args().skip(1) {
        if path.ends_with(".jsonl") {
            let f = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
            for line in f.lines() {
                let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
                let text = v["text"].as_str().unwrap_or("");
                let out = clean.clean(text);
                println!(
                    "{}",
                    serde_json::json!({"text": out.text, "meta": format!("{:?}", out.meta)})
                );
            }
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            let out = clean.clean(&text);
            println!(
                "== {path}\n{:?}\n{:?}\n---\n{}\n---",
                out.meta, out.counts, out.text
            );
        }
    }
}
