//! Runs the `extract` stage over a text file or a JSONL file and prints one JSON object per
//! document (entities, dates, quantities, quotes, keywords), for development.
//!
//! `cargo run -p textpipe-extract --example extract_file -- FILE [DATE] [CONFIG_JSON]`
//! (sentences from a simple punctuation split; DATE is the reference date for .txt files).
#![allow(clippy::unwrap_used, missing_docs)]

use std::io::{BufRead, Write};
use textpipe_core::{Document, Span, StageConfig};
use textpipe_extract::ExtractConfig;

fn split(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        let end_here = (matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_some_and(u8::is_ascii_whitespace))
            || b[i] == b'\n';
        if end_here {
            let s = &text[start..=i];
            if !s.trim().is_empty() {
                let lead = s.len() - s.trim_start().len();
                out.push(Span::new(start + lead, start + s.trim_end().len()));
            }
            start = i + 1;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        let s = &text[start..];
        let lead = s.len() - s.trim_start().len();
        out.push(Span::new(start + lead, start + s.trim_end().len()));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: extract_file FILE [DATE] [CONFIG_JSON]");
    let date = args.get(2).cloned().filter(|d| !d.is_empty());
    let config: ExtractConfig = args
        .get(3)
        .map(|c| serde_json::from_str(c).unwrap())
        .unwrap_or_default();
    let stage = config.build().unwrap();
    let mut docs = Vec::new();
    if path.ends_with(".jsonl") {
        let f = std::io::BufReader::new(std::fs::File::open(path).unwrap());
        for (k, line) in f.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let rec = v.as_object().cloned().unwrap_or_default();
            let text = rec
                .get("text")
                .and_then(|t| t.as_str())
                .unwrap_or("")
                .to_string();
            let id = rec
                .get("id")
                .or(rec.get("doc_id"))
                .and_then(|t| t.as_str())
                .map_or_else(|| k.to_string(), str::to_owned);
            let origin = textpipe_core::Origin::memory();
            docs.push(Document::new(id, origin, text, rec));
        }
    } else {
        let text = std::fs::read_to_string(path).unwrap();
        let mut d = Document::from_text(path.clone(), text);
        d.meta.date = date;
        docs.push(d);
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    for mut d in docs {
        d.sentences = Some(split(&d.text));
        stage.process(&mut d).unwrap();
        d.sentences = None;
        out.write_all(&d.to_json_line("text")).unwrap();
        out.write_all(b"\n").unwrap();
    }
}
