//! Corpus-wide steps: decisions in input order next to the sink, identical whatever the thread
//! count or batch size; drops listed in the rejects with their reason; stats per step.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;
use textpipe_core::corpus::{CorpusStep, Prepared};
use textpipe_core::executor::{RunError, RunOptions};
use textpipe_core::io::{AtomicFile, InputSource, RecordReader, RecordWriter};
use textpipe_core::{Document, OnError, Pipeline, RunStats, Stage, StageError};

/// Drops a document whose lower-cased, whitespace-folded text was seen before, naming the
/// first one; "FATAL" in the text stops the run.
#[derive(Default)]
struct ExactDedup {
    first: HashMap<u64, String>,
    kept: u64,
}

fn key(text: &str) -> u64 {
    let norm: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    // FNV-1a, enough for a test.
    norm.join(" ")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

impl CorpusStep for ExactDedup {
    fn name(&self) -> &str {
        "exact-dedup"
    }
    fn prepare(&self, doc: &Document) -> Prepared {
        Box::new((key(&doc.text), doc.text.contains("FATAL")))
    }
    fn decide(&mut self, id: &str, p: Prepared) -> Result<(), StageError> {
        let (k, fatal) = *p.downcast::<(u64, bool)>().unwrap();
        if fatal {
            return Err(StageError::fatal("asked to stop"));
        }
        match self.first.get(&k) {
            Some(first) => Err(StageError::drop_doc(format!("duplicate of {first}"))),
            None => {
                self.first.insert(k, id.to_string());
                self.kept += 1;
                Ok(())
            }
        }
    }
    fn counters(&self) -> Vec<(String, u64)> {
        vec![("kept".into(), self.kept)]
    }
}

/// Rejects documents holding "REJECT" before the corpus step sees them.
struct Gate;
impl Stage for Gate {
    fn name(&self) -> &str {
        "gate"
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.text.contains("REJECT") {
            return Err(StageError::reject("gate"));
        }
        Ok(())
    }
}

fn corpus(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        // Every third text repeats an earlier one (with other case and spacing).
        let text = if i % 3 == 2 {
            format!("STORY  number {}", i / 3)
        } else if i == 7 {
            "REJECT me".to_string()
        } else {
            format!("story number {i}")
        };
        s.push_str(&serde_json::json!({"id": format!("d{i}"), "text": text}).to_string());
        s.push('\n');
    }
    s
}

fn run(input: &str, threads: usize, batch: usize) -> (Result<RunStats, RunError>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut pipeline = Pipeline::new(
        "t".into(),
        OnError::Skip,
        vec![("gate".into(), Box::new(Gate) as Box<dyn Stage>)],
    );
    pipeline.add_corpus_step("dedup", Box::<ExactDedup>::default());
    let (o, r) = (dir.path().join("o.jsonl"), dir.path().join("r.jsonl"));
    let mut out = RecordWriter::File(AtomicFile::create(&o).unwrap());
    let mut rej = RecordWriter::File(AtomicFile::create(&r).unwrap());
    let reader = RecordReader::new(vec![InputSource::from_arg(path.to_str().unwrap()).unwrap()]);
    let opts = RunOptions {
        threads,
        batch_size: batch,
        ..Default::default()
    };
    let res = pipeline.run(reader, &mut out, &mut rej, &opts);
    if res.is_err() {
        return (res, String::new(), String::new());
    }
    out.finish().unwrap();
    rej.finish().unwrap();
    // The rejects name the input path, which is a new temporary folder each run.
    let in_path = path.display().to_string();
    (
        res,
        std::fs::read_to_string(&o).unwrap(),
        std::fs::read_to_string(&r).unwrap().replace(&in_path, "IN"),
    )
}

#[test]
fn first_occurrence_kept_in_input_order_whatever_the_threads() {
    let input = corpus(60);
    let (stats, out, rejects) = run(&input, 1, 256);
    let stats = stats.unwrap();
    for (threads, batch) in [(2, 1), (4, 7), (3, 1000)] {
        let (s, o, r) = run(&input, threads, batch);
        assert_eq!(o, out, "output differs at {threads} threads, batch {batch}");
        assert_eq!(
            r, rejects,
            "rejects differ at {threads} threads, batch {batch}"
        );
        assert_eq!(s.unwrap().dropped, stats.dropped);
    }
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(ids.contains(&"d0".to_string()) && !ids.contains(&"d2".to_string()));
    let rej: Vec<Value> = rejects
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let d2 = rej.iter().find(|r| r["id"] == "d2").unwrap();
    assert_eq!(d2["kind"], "dropped");
    assert_eq!(d2["stage"], "dedup");
    assert_eq!(d2["reason"], "duplicate of d0");
    assert_eq!(d2["record"]["text"], "STORY  number 0");
    let d7 = rej.iter().find(|r| r["id"] == "d7").unwrap();
    assert_eq!(
        (d7["stage"].as_str(), d7["kind"].as_str()),
        (Some("gate"), Some("rejected"))
    );
    // Nothing vanishes: every input document is in the output or the rejects.
    assert_eq!(ids.len() + rej.len(), 60);
    // 20 repeats, of which 7 repeat a text that never stood alone ("number 2", "number 5"...,
    // and "number 7", whose first occurrence the gate rejected): 13 drops.
    assert_eq!(stats.dropped, 13);
    assert_eq!(stats.rejected, 1);
    let step = &stats.stages[1];
    assert_eq!(
        (step.id.as_str(), step.stage.as_str()),
        ("dedup", "exact-dedup")
    );
    assert_eq!(step.dropped, 13);
    assert_eq!(step.counters["kept"], 46);
}

#[test]
fn a_fatal_decision_stops_the_run() {
    let mut input = corpus(10);
    input.push_str("{\"id\": \"x\", \"text\": \"FATAL\"}\n");
    let (res, _, _) = run(&input, 2, 4);
    match res {
        Err(RunError::Fatal { stage, id, .. }) => {
            assert_eq!((stage.as_str(), id.as_str()), ("dedup", "x"))
        }
        other => panic!("expected a fatal error, got {other:?}"),
    }
}
