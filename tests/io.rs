//! Inputs and outputs: folders, JSONL (plain, gzip, zstd), stdin/stdout, several inputs, and
//! errors for missing inputs and unwritable outputs.

use crate::TEXTPIPE;
use textpipe_testkit::{fails, gzip, ok, parse_jsonl, read_jsonl, synthetic_jsonl, Env};

const SPLIT: &str = r#"{"name": "s", "stages": [{"stage": "sentence-split"}]}"#;

#[test]
fn compressed_inputs_and_outputs_roundtrip() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    let jsonl = synthetic_jsonl(40);
    env.write("in.jsonl", &jsonl);
    // gzip written as two members (as concatenated .gz files are)
    let half = jsonl.len() / 2;
    let cut = jsonl[..half].rfind('\n').unwrap() + 1;
    let mut gz = Vec::new();
    for part in [&jsonl[..cut], &jsonl[cut..]] {
        gz.extend(gzip(part.as_bytes()));
    }
    env.write("in.jsonl.gz", gz);
    env.write(
        "in.jsonl.zst",
        zstd::encode_all(jsonl.as_bytes(), 3).unwrap(),
    );
    let mut outputs = Vec::new();
    for (input, output) in [
        ("in.jsonl", "a.jsonl"),
        ("in.jsonl.gz", "b.jsonl.gz"),
        ("in.jsonl.zst", "c.jsonl.zst"),
    ] {
        ok(&env.run(&["run", "-q", "-p", "p.json", "-i", input, "-o", output]));
        outputs.push(read_jsonl(&env.path(output)));
    }
    assert_eq!(outputs[0].len(), 40);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn stdin_to_stdout() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    let jsonl = synthetic_jsonl(5);
    let out = env.run_stdin(
        &["run", "-q", "-p", "p.json", "-i", "-", "-o", "-"],
        jsonl.as_bytes(),
    );
    ok(&out);
    let docs = parse_jsonl(&out.stdout);
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[4]["id"], "doc-0004");
    assert!(docs[0]["sentences"].as_array().unwrap().len() >= 3);
}

#[test]
fn several_inputs_in_order_and_limit() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write("a.jsonl", "{\"id\": \"a1\", \"text\": \"One. Two.\"}\n");
    env.write("dir/x.txt", "Plain text article. Second sentence.");
    env.write("dir/sub/y.md", "Another one.");
    ok(&env.run(&[
        "run", "-q", "-p", "p.json", "-i", "a.jsonl", "-i", "dir", "-o", "o.jsonl",
    ]));
    let ids: Vec<String> = read_jsonl(&env.path("o.jsonl"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a1", "sub/y.md", "x.txt"]);
    ok(&env.run(&[
        "run", "-q", "-p", "p.json", "-i", "a.jsonl", "-i", "dir", "-o", "o.jsonl", "--limit", "2",
    ]));
    assert_eq!(read_jsonl(&env.path("o.jsonl")).len(), 2);
}

#[test]
fn missing_input_and_unwritable_output_fail_before_running() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    let err = fails(
        &env.run(&["run", "-p", "p.json", "-i", "nope.jsonl", "-o", "o.jsonl"]),
        2,
    );
    assert!(err.contains("nope.jsonl"), "{err}");
    env.write("in.jsonl", "{\"text\": \"x\"}\n");
    let err = fails(
        &env.run(&[
            "run",
            "-p",
            "p.json",
            "-i",
            "in.jsonl",
            "-o",
            "in.jsonl/o.jsonl",
        ]),
        2,
    );
    // ^ a folder that cannot exist: its parent is a file
    assert!(err.contains("in.jsonl/o.jsonl"), "{err}");
    // a missing folder is created
    ok(&env.run(&[
        "run",
        "-q",
        "-p",
        "p.json",
        "-i",
        "in.jsonl",
        "-o",
        "new/dir/o.jsonl",
    ]));
    assert_eq!(read_jsonl(&env.path("new/dir/o.jsonl")).len(), 1);
}

#[test]
fn id_and_text_fields_can_be_renamed() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write(
        "in.jsonl",
        "{\"doc_id\": \"g1\", \"body\": \"First. Second.\"}\n",
    );
    ok(&env.run(&[
        "run",
        "-q",
        "-p",
        "p.json",
        "-i",
        "in.jsonl",
        "-o",
        "o.jsonl",
        "--id-field",
        "doc_id",
        "--text-field",
        "body",
    ]));
    let docs = read_jsonl(&env.path("o.jsonl"));
    assert_eq!(docs[0]["doc_id"], "g1");
    assert_eq!(
        docs[0]["body"], "First. Second.",
        "input field carried through untouched"
    );
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
}
