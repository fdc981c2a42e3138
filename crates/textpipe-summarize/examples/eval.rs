//! Development harness: summarizes a BBC-format JSONL file (`id`, `title`, `text`) and writes
//! `{"id", "summary": {"text", "sentences"}}` lines for `../shared/eval/score.py rouge`.
//!
//! Sentences come from a small splitter written here (paragraphs, then `.!?` before a capital),
//! so the stage can be evaluated without the `sentence-split` stage; `bench/eval-summarize`
//! runs the real pipeline instead.
//!
//! ```text
//! cargo run --release -p textpipe-summarize --example eval -- IN.jsonl OUT.jsonl ['{"sentences": 3}']
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::{Duration, Instant};
use textpipe_core::{Document, Origin, Span, StageConfig};
use textpipe_summarize::SummarizeConfig;

const ABBREVIATIONS: &[&str] = &[
    "Co", "Corp", "Dr", "Gen", "Gov", "Inc", "Jr", "Ltd", "Mr", "Mrs", "Ms", "No", "Prof", "Rep",
    "Rev", "Sen", "Sr", "St", "vs",
];

/// Byte spans of the sentences of `text`: paragraphs (blank lines), then a `.`, `!` or `?`
/// (plus closing quotes or brackets) followed by space and a capital, digit or quote.
fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut para_start = 0;
    let bytes = text.as_bytes();
    let push = |s: usize, e: usize, out: &mut Vec<Span>| {
        let seg = &text[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let trail = seg.len() - seg.trim_end().len();
        if s + lead < e - trail {
            out.push(Span::new(s + lead, e - trail));
        }
    };
    let mut paras: Vec<(usize, usize)> = Vec::new();
    for (i, _) in text.match_indices("\n\n") {
        paras.push((para_start, i));
        para_start = i + 2;
    }
    paras.push((para_start, text.len()));
    for (ps, pe) in paras {
        let mut start = ps;
        let mut i = ps;
        while i < pe {
            let c = bytes[i];
            if c == b'.' || c == b'!' || c == b'?' {
                let mut j = i + 1;
                while j < pe && matches!(bytes[j], b'"' | b'\'' | b')' | b'.') {
                    j += 1;
                }
                let mut k = j;
                while k < pe && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                let next_ok = k < pe
                    && k > j
                    && (bytes[k].is_ascii_uppercase()
                        || bytes[k].is_ascii_digit()
                        || matches!(bytes[k], b'"' | b'\'' | b'('));
                let word_start = text[start..i]
                    .rfind(|ch: char| !ch.is_alphanumeric())
                    .map(|p| start + p + text[start + p..].chars().next().map_or(1, char::len_utf8))
                    .unwrap_or(start);
                let word = &text[word_start..i];
                let abbrev = c == b'.'
                    && (ABBREVIATIONS.contains(&word)
                        || (word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase()));
                if next_ok && !abbrev {
                    push(start, j, &mut out);
                    start = k;
                    i = k;
                    continue;
                }
            }
            i += 1;
        }
        push(start, pe, &mut out);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: eval IN.jsonl OUT.jsonl [CONFIG_JSON]");
        std::process::exit(2);
    }
    let config: SummarizeConfig =
        serde_json::from_str(args.get(3).map(String::as_str).unwrap_or("{}")).expect("config");
    config.validate().expect("valid config");
    let stage = config.build().expect("build");
    let input = BufReader::new(std::fs::File::open(&args[1]).expect("open input"));
    let mut out = BufWriter::new(std::fs::File::create(&args[2]).expect("create output"));
    let (mut bytes, mut docs, mut spent) = (0usize, 0usize, Duration::ZERO);
    for line in input.lines() {
        let line = line.expect("read");
        if line.trim().is_empty() {
            continue;
        }
        let record: Map<String, Value> = serde_json::from_str(&line).expect("json");
        let id = record
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let text = record
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut doc = Document::new(id.clone(), Origin::memory(), text, record);
        doc.sentences = Some(split(&doc.text));
        let t = Instant::now();
        stage.process(&mut doc).expect("process");
        spent += t.elapsed();
        bytes += doc.text.len();
        docs += 1;
        let chosen = doc.summary.map(|s| s.sentences).unwrap_or_default();
        let spans = doc.sentences.unwrap_or_default();
        let text: Vec<&str> = chosen.iter().map(|&i| spans[i].slice(&doc.text)).collect();
        let rec = json!({"id": id, "summary": {"text": text.join(" "), "sentences": chosen}, "picked": text});
        writeln!(out, "{rec}").expect("write");
    }
    out.flush().expect("flush");
    eprintln!(
        "{docs} docs, {:.1} MB, stage {:.3}s = {:.1} MB/s",
        bytes as f64 / 1e6,
        spent.as_secs_f64(),
        bytes as f64 / 1e6 / spent.as_secs_f64().max(1e-9)
    );
}
