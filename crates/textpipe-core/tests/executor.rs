//! Executor behaviour with small fake stages: order, determinism across thread counts, rejects,
//! drops, fail-fast, limits and config-order validation.
#![allow(clippy::unwrap_used)]

use serde_json::{Map, Value};
use std::io::Write;
use textpipe_core::executor::{RunError, RunOptions};
use textpipe_core::io::{AtomicFile, InputSource, RecordReader, RecordWriter};
use textpipe_core::{
    fields, ConfigError, Document, PipelineConfig, Registry, Span, Stage, StageError, StageInfo,
};
use textpipe_testkit::{char_slice, json_spans, parse_jsonl, SpanCheck};

/// Splits on ". " (good enough to exercise the executor).
struct Dots;
impl Stage for Dots {
    fn name(&self) -> &str {
        "dots"
    }
    fn requires(&self) -> Vec<String> {
        vec![fields::TEXT.into()]
    }
    fn provides(&self) -> Vec<String> {
        vec![fields::SENTENCES.into()]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.text.contains("REJECT") {
            return Err(StageError::reject("the text asks to be rejected"));
        }
        if doc.text.contains("DROP") {
            return Err(StageError::drop_doc("too short"));
        }
        let mut spans = Vec::new();
        let mut start = 0;
        for (i, _) in doc.text.match_indices(". ") {
            spans.push(Span::new(start, i + 1));
            start = i + 2;
        }
        if start < doc.text.len() {
            spans.push(Span::new(start, doc.text.len()));
        }
        doc.count("sentences", spans.len() as u64);
        doc.sentences = Some(spans);
        Ok(())
    }
}

/// Rewrites the text (must come before span stages).
struct Upper;
impl Stage for Upper {
    fn name(&self) -> &str {
        "upper"
    }
    fn provides(&self) -> Vec<String> {
        vec![fields::TEXT.into()]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.text = doc.text.to_uppercase();
        Ok(())
    }
}

fn info(name: &str) -> StageInfo {
    StageInfo {
        name: name.into(),
        description: String::new(),
        params: vec![],
        requires: vec![],
        provides: if name == "dots" {
            vec![fields::SENTENCES.into()]
        } else {
            vec![fields::TEXT.into()]
        },
        origin: "test".into(),
    }
}

fn registry() -> Registry {
    let mut reg = Registry::new();
    reg.register(info("dots"), |p: &Map<String, Value>| {
        if let Some(k) = p.keys().next() {
            return Err(ConfigError::UnknownKey {
                key: k.clone(),
                expected: vec![],
            });
        }
        Ok(Box::new(Dots) as Box<dyn Stage>)
    });
    reg.register(info("upper"), |_| Ok(Box::new(Upper) as Box<dyn Stage>));
    reg
}

fn corpus(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("in.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    for i in 0..n {
        let text = match i % 10 {
            3 => "Please REJECT me. Now.".to_string(),
            7 => "DROP".to_string(),
            _ => format!("Doc {i} one. Café {i} two. Three"),
        };
        writeln!(
            f,
            "{}",
            serde_json::json!({"id": format!("d{i}"), "text": text, "keep": i})
        )
        .unwrap();
        if i == 5 {
            writeln!(f, "{{broken json").unwrap();
        }
    }
    path
}

fn run(
    config: &str,
    input: &std::path::Path,
    threads: usize,
    opts: impl FnOnce(&mut RunOptions),
) -> (Result<textpipe_core::RunStats, RunError>, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let rej_path = dir.path().join("rej.jsonl");
    let pipeline = PipelineConfig::parse(config)
        .unwrap()
        .build(&registry())
        .unwrap();
    let mut out = RecordWriter::File(AtomicFile::create(&out_path).unwrap());
    let mut rej = RecordWriter::File(AtomicFile::create(&rej_path).unwrap());
    let mut o = RunOptions {
        threads,
        batch_size: 7,
        ..Default::default()
    };
    opts(&mut o);
    let reader = RecordReader::new(vec![InputSource::from_arg(input.to_str().unwrap()).unwrap()]);
    let res = pipeline.run(reader, &mut out, &mut rej, &o);
    if res.is_ok() {
        out.finish().unwrap();
        rej.finish().unwrap();
        (
            res,
            std::fs::read(&out_path).unwrap(),
            std::fs::read(&rej_path).unwrap(),
        )
    } else {
        drop(out);
        drop(rej);
        assert!(!out_path.exists(), "failed run left an output file");
        (res, Vec::new(), Vec::new())
    }
}

const SPLIT: &str = r#"{"name": "t", "stages": [{"stage": "dots"}]}"#;

#[test]
fn every_document_ends_in_output_or_rejects_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 50);
    let (res, out, rej) = run(SPLIT, &input, 2, |_| {});
    let stats = res.unwrap();
    assert_eq!(stats.read, 51);
    assert_eq!(stats.written, 40);
    assert_eq!(stats.rejected, 6); // 5 REJECT docs + 1 broken line
    assert_eq!(stats.dropped, 5);
    assert_eq!(stats.stages[0].counters["sentences"], 40 * 3);
    let out = parse_jsonl(&out);
    let ids = textpipe_testkit::ids(&out);
    let mut sorted = ids.clone();
    sorted.sort_by_key(|s| s[1..].parse::<u32>().unwrap());
    assert_eq!(ids, sorted, "output keeps input order");
    // input fields carried through, offsets in characters
    let first = &out[0];
    assert_eq!(first["keep"], 0);
    let s1 = &first["sentences"][1];
    let text = first["text"].as_str().unwrap();
    let (a, b) = (s1["start"].as_u64().unwrap(), s1["end"].as_u64().unwrap());
    assert_eq!(char_slice(text, a, b), "Café 0 two.");
    // every record's sentences: in character offsets, equal to their text, non-overlapping
    for rec in &out {
        SpanCheck::new(rec["text"].as_str().unwrap())
            .disjoint()
            .check(json_spans(rec, "sentences"));
    }
    let rej = parse_jsonl(&rej);
    assert_eq!(rej.len(), 11);
    let broken = rej.iter().find(|r| r["raw"] == "{broken json").unwrap();
    assert_eq!(broken["line"], 7);
    assert!(broken["reason"]
        .as_str()
        .unwrap()
        .starts_with("malformed JSON"));
    let r3 = rej.iter().find(|r| r["id"] == "d3").unwrap();
    assert_eq!(r3["stage"], "dots");
    assert_eq!(r3["kind"], "rejected");
    assert_eq!(
        r3["record"]["keep"], 3,
        "the original record is kept in the rejects"
    );
    let d7 = rej.iter().find(|r| r["id"] == "d7").unwrap();
    assert_eq!(d7["kind"], "dropped");
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 300);
    let (_, out1, rej1) = run(SPLIT, &input, 1, |_| {});
    let (_, out2, rej2) = run(SPLIT, &input, 2, |o| o.batch_size = 64);
    let (_, out4, rej4) = run(SPLIT, &input, 4, |o| o.batch_size = 1);
    assert!(!out1.is_empty());
    assert_eq!(out1, out2);
    assert_eq!(out1, out4);
    assert_eq!(rej1, rej2);
    assert_eq!(rej1, rej4);
}

#[test]
fn fail_fast_stops_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 20);
    let (res, _, _) = run(SPLIT, &input, 2, |o| o.fail_fast = true);
    match res {
        Err(RunError::FailFast { id, stage, .. }) => {
            assert_eq!(id, "d3");
            assert_eq!(stage.as_deref(), Some("dots"));
        }
        other => panic!("expected fail-fast, got {other:?}"),
    }
    let cfg = r#"{"on_error": "fail", "stages": [{"stage": "dots"}]}"#;
    let (res, _, _) = run(cfg, &input, 1, |_| {});
    assert!(matches!(res, Err(RunError::FailFast { .. })));
}

#[test]
fn limit_stops_reading() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 50);
    let (res, out, _) = run(SPLIT, &input, 2, |o| o.limit = Some(3));
    assert_eq!(res.unwrap().read, 3);
    assert_eq!(
        out.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count(),
        3
    );
}

#[test]
fn order_and_names_are_validated() {
    let reg = registry();
    let err = PipelineConfig::parse(r#"{"stages": [{"stage": "dots"}, {"stage": "upper"}]}"#)
        .unwrap()
        .build(&reg)
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("rewrites `text` after stage \"dots\""),
        "{err}"
    );
    let err = PipelineConfig::parse("{\"stages\": [\n{\"stage\": \"dot\"}\n]}")
        .unwrap()
        .build(&reg)
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(msg.contains("did you mean \"dots\""), "{msg}");
    assert!(msg.contains("stages[0]") && msg.contains("line 2"), "{msg}");
    let err = PipelineConfig::parse("{\"stages\": [\n{\"stage\": \"dots\",\n \"bogus\": 1}]}")
        .unwrap()
        .build(&reg)
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(
        msg.contains("unknown key `bogus`") && msg.contains("line 3"),
        "{msg}"
    );
}
