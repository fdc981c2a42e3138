//! Prunes a model at several thresholds and reports dev F1 and rows.
//!
//! `cargo run --release -p textpipe-ner --example prune -- MODEL DEV.jsonl [OUT FRACTION]`
#![allow(clippy::unwrap_used)]

use std::path::Path;
use textpipe_ner::{evaluate, read_jsonl, Rendering, Tagger};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t = Tagger::load(Path::new(&args[1])).unwrap();
    let dev = read_jsonl(Path::new(&args[2]), &[Rendering::Text]).unwrap();
    if let (Some(out), Some(f)) = (args.get(3), args.get(4)) {
        let p = t.pruned(f.parse().unwrap());
        p.save(Path::new(out)).unwrap();
        eprintln!(
            "{f}: rows {} F1 {:.4}",
            p.rows(),
            evaluate(&p, &dev).micro.f1()
        );
        return;
    }
    for f in [0.0f32, 0.005, 0.01, 0.02, 0.04] {
        let p = t.pruned(f);
        eprintln!(
            "{f}: rows {} bytes {} | {}",
            p.rows(),
            p.to_bytes().len(),
            evaluate(&p, &dev)
        );
    }
}
