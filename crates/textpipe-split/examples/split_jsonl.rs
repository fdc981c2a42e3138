//! Splits the `text` of every record of a JSONL file and writes `{"id", "sentences": [{"start",
//! "end"}]}` lines with character offsets, the format `score.py sbd` reads. For quick
//! iteration without the CLI:
//!
//!     cargo run --release -p textpipe-split --example split_jsonl -- IN.jsonl OUT.jsonl
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = match (args.get(1), args.get(2)) {
        (Some(i), Some(o)) => (i, o),
        _ => {
            eprintln!("usage: split_jsonl IN.jsonl OUT.jsonl");
            std::process::exit(2);
        }
    };
    let splitter = textpipe_split::Splitter::default();
    let reader = std::io::BufReader::new(std::fs::File::open(input).unwrap());
    let mut out = BufWriter::new(std::fs::File::create(output).unwrap());
    for line in reader.lines() {
        let line = line.unwrap();
        if line.trim().is_empty() {
            continue;
        }
        let rec: serde_json::Value = serde_json::from_str(&line).unwrap();
        let text = rec["text"].as_str().unwrap_or("");
        let id = rec.get("id").or_else(|| rec.get("doc_id")).cloned();
        let spans = splitter.split(text);
        // Byte offsets to char offsets, counting incrementally (linear in the text).
        let (mut byte, mut chars) = (0, 0);
        let sentences: Vec<serde_json::Value> = spans
            .iter()
            .map(|s| {
                chars += text[byte..s.start].chars().count();
                let start = chars;
                chars += text[s.start..s.end].chars().count();
                byte = s.end;
                serde_json::json!({"start": start, "end": chars})
            })
            .collect();
        let rec = serde_json::json!({"id": id, "text": text, "sentences": sentences});
        writeln!(out, "{rec}").unwrap();
    }
}
