//! `linked-stage PIPELINE.json < in.jsonl > out.jsonl`: runs a pipeline that may name the
//! linked-in `term-count` stage over JSONL records (`id`, `text`, other fields kept), writing
//! one JSON object per document; rejected and dropped documents are reported on stderr.
#![forbid(unsafe_code)]

use anyhow::Context;
use std::io::{BufRead, Write};
use textpipe_core::{Document, Origin, PipelineConfig};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .context("usage: linked-stage PIPELINE.json < in.jsonl > out.jsonl")?;
    let registry = linked_stage::registry();
    let config = PipelineConfig::from_path(path.as_ref())?;
    let pipeline = config.build(&registry)?;
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&line)
            .with_context(|| format!("line {}: not a JSON object", n + 1))?;
        let id = record
            .get("id")
            .and_then(|v| v.as_str())
            .map_or_else(|| format!("stdin:{}", n + 1), str::to_owned);
        let text = record
            .get("text")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let origin = Origin {
            input: "-".into(),
            line: Some(n as u64 + 1),
        };
        let mut doc = Document::new(id, origin, text, record);
        match pipeline.process(&mut doc) {
            Ok(()) => {
                out.write_all(&doc.to_json_line("text"))?;
                out.write_all(b"\n")?;
            }
            Err((stage, err)) => eprintln!("{}: stage \"{stage}\": {err}", doc.id),
        }
    }
    out.flush()?;
    Ok(())
}
