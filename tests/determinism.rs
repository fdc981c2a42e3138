//! The same input and config give byte-identical output whatever the thread count and batch
//! size.

use crate::TEXTPIPE;
use textpipe_testkit::{ok, synthetic_jsonl, workspace_root, Env};

#[test]
fn news_pipeline_is_byte_identical_across_threads() {
    let env = Env::new(TEXTPIPE);
    env.write("in.jsonl", synthetic_jsonl(120));
    let pipeline = workspace_root().join("pipelines/news.json");
    let p = pipeline.to_str().unwrap();
    let mut outputs = Vec::new();
    for (threads, batch) in [("1", "256"), ("2", "7"), ("4", "1")] {
        let name = format!("out-{threads}.jsonl");
        ok(&env.run(&[
            "run",
            "-q",
            "-p",
            p,
            "-i",
            "in.jsonl",
            "-o",
            &name,
            "-j",
            threads,
            "--batch-size",
            batch,
        ]));
        outputs.push(std::fs::read(env.path(&name)).unwrap());
    }
    assert!(!outputs[0].is_empty());
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}
