//! What the development examples share: reading a JSONL(.gz) corpus line by line and a simple
//! punctuation sentence split (the examples must not depend on the real splitter's crate).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use textpipe_core::Span;

/// The lines of a JSONL file, gunzipped when the name ends in ".gz".
pub fn corpus_lines(path: &str) -> impl Iterator<Item = String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    BufReader::new(reader).lines().map_while(Result::ok)
}

/// Sentences ending at ".", "!" or "?" before whitespace, and at line breaks.
pub fn split(text: &str) -> Vec<Span> {
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
