//! Counts how many distinct non-ASCII lines of real corpora the mojibake repair changes (a
//! false-positive check: these corpora hold legitimate text):
//! `cargo run --release -p textpipe-clean --example mojibake_corpus -- FILE.jsonl[.gz] ... [--show]`.
//! Every string value of every JSON record is split into lines; `.txt` files are read as is.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show");
    let mut lines: BTreeSet<String> = BTreeSet::new();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let file = std::fs::File::open(path).unwrap();
        let reader: Box<dyn Read> = if path.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let mut texts = Vec::new();
        if path.ends_with(".txt") {
            let mut s = String::new();
            BufReader::new(reader).read_to_string(&mut s).unwrap();
            texts.push(s);
        } else {
            for l in BufReader::new(reader).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&l) {
                    strings(&v, &mut texts);
                }
            }
        }
        for t in texts {
            for line in t.lines().filter(|l| !l.is_ascii()) {
                lines.insert(line.to_string());
            }
        }
    }
    let mut changed = 0usize;
    for line in &lines {
        if let Some((fixed, _)) = textpipe_clean::mojibake::fix_mojibake(line) {
            if fixed != *line {
                changed += 1;
                if show {
                    println!("- {line}\n+ {fixed}");
                }
            }
        }
    }
    println!(
        "distinct non-ASCII lines: {}, changed by fix_mojibake: {changed}",
        lines.len()
    );
}
