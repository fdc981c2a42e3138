//! Writes every extractor's output over a JSONL(.gz) corpus as JSON lines, so that a speed change
//! can be checked for byte-identical results: `identity FILE [N] > out.jsonl`, then `cmp`.
//!
//! Runs without the NER tagger (so the check does not move when the tagger changes): entities
//! are stand-ins, runs of two or more capitalized words, which still exercise the entity rules
//! of keywords and quotes. Each document goes through two configurations: the defaults, and
//! one with more and longer keyphrases, bare numbers and month-first dates. Set `NER=1` to add
//! a third pass with the real tagger.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::io::Write;

use textpipe_core::{Document, Entity, EntityLabel, Span, StageConfig};
use textpipe_extract::ExtractConfig;

/// Runs of two or more capitalized ASCII words separated by single spaces, labelled by parity.
fn pseudo_entities(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for w in text.split(' ') {
        words.push((pos, pos + w.len()));
        pos += w.len() + 1;
    }
    let cap = |s: &str| {
        s.len() > 1
            && s.as_bytes()[0].is_ascii_uppercase()
            && s.bytes().all(|c| c.is_ascii_alphabetic())
    };
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && cap(&text[words[j].0..words[j].1]) {
            j += 1;
        }
        if j >= i + 2 {
            let label = if out.len() % 2 == 0 {
                EntityLabel::ORG
            } else {
                EntityLabel::PER
            };
            out.push(Entity {
                span: Span::new(words[i].0, words[j - 1].1),
                label,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let n: usize = args.get(2).map_or(usize::MAX, |s| s.parse().unwrap());
    let base = ExtractConfig {
        entities: false,
        ..ExtractConfig::default()
    };
    let wide = ExtractConfig {
        keywords_top: 40,
        keywords_max_words: 5,
        bare_numbers: true,
        day_first: false,
        reference_date: Some("2001-02-03".into()),
        ..base.clone()
    };
    let mut stages = vec![base.build().unwrap(), wide.build().unwrap()];
    if std::env::var("NER").is_ok_and(|v| v == "1") {
        stages.push(ExtractConfig::default().build().unwrap());
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for (k, line) in common::corpus_lines(path).take(n).enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        for stage in &stages {
            let mut d = Document::from_text(k.to_string(), text.to_string());
            if k % 3 != 0 {
                d.meta.date = Some("2012-07-25".into());
            }
            d.sentences = Some(common::split(&d.text));
            d.entities = Some(pseudo_entities(&d.text));
            stage.process(&mut d).unwrap();
            d.sentences = None;
            out.write_all(&d.to_json_line("text")).unwrap();
            out.write_all(b"\n").unwrap();
        }
    }
}
