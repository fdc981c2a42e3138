//! Bad input loses nothing: every document ends in the output or in the rejects file, with a
//! reason naming the input and line; fail-fast stops with a clear error and writes no output.

use crate::TEXTPIPE;
use textpipe_testkit::{fails, files_containing, ids, ok, read_jsonl, Env};

const SPLIT: &str = r#"{"name": "s", "stages": [{"stage": "sentence-split"}]}"#;

fn bad_input(env: &Env) {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"id\": \"ok1\", \"text\": \"Fine. Really.\"}\n");
    bytes.extend_from_slice(b"{\"id\": \"broken\", \"text\": \n");
    bytes.extend_from_slice(b"{\"id\": \"num\", \"text\": 42}\n");
    bytes.extend_from_slice(b"{\"id\": \"notext\"}\n");
    bytes.extend_from_slice(b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}\n");
    bytes.extend_from_slice(b"[1, 2]\n");
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(b"{\"id\": \"empty\", \"text\": \"\"}\n");
    bytes.extend_from_slice(b"{\"id\": \"ok2\", \"text\": \"Also fine.\"}\n");
    env.write("in.jsonl", bytes);
    env.write("p.json", SPLIT);
}

#[test]
fn bad_records_go_to_rejects_and_the_run_completes() {
    let env = Env::new(TEXTPIPE);
    bad_input(&env);
    let out = env.run(&[
        "run",
        "-p",
        "p.json",
        "-i",
        "in.jsonl",
        "-o",
        "out.jsonl",
        "--rejects",
        "rej.jsonl",
    ]);
    let stderr = ok(&out);
    assert!(stderr.contains("read 8, written 3, rejected 5"), "{stderr}");
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(ids(&docs), ["ok1", "empty", "ok2"]);
    assert_eq!(docs[1]["sentences"].as_array().unwrap().len(), 0);
    let rej = read_jsonl(&env.path("rej.jsonl"));
    assert_eq!(rej.len(), 5);
    let lines: Vec<u64> = rej.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6]);
    assert!(rej[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("malformed JSON"));
    assert!(rej[1]["reason"].as_str().unwrap().contains("is a number"));
    assert_eq!(rej[1]["id"], "num");
    assert!(rej[2]["reason"]
        .as_str()
        .unwrap()
        .contains("no string field `text`"));
    assert!(rej[3]["reason"].as_str().unwrap().contains("invalid UTF-8"));
    assert!(rej[4]["reason"].as_str().unwrap().contains("not an object"));
    for r in &rej {
        assert_eq!(r["input"], "in.jsonl");
        assert!(
            r.get("record").is_some() || r.get("raw").is_some(),
            "payload kept: {r}"
        );
    }
}

#[test]
fn default_rejects_file_sits_next_to_the_output() {
    let env = Env::new(TEXTPIPE);
    bad_input(&env);
    ok(&env.run(&[
        "run",
        "-q",
        "-p",
        "p.json",
        "-i",
        "in.jsonl",
        "-o",
        "out.jsonl.gz",
    ]));
    assert_eq!(read_jsonl(&env.path("out.rejects.jsonl")).len(), 5);
}

#[test]
fn fail_fast_stops_at_the_first_bad_document() {
    let env = Env::new(TEXTPIPE);
    bad_input(&env);
    let out = env.run(&[
        "run",
        "-p",
        "p.json",
        "-i",
        "in.jsonl",
        "-o",
        "out.jsonl",
        "--fail-fast",
    ]);
    let err = fails(&out, 1);
    assert!(
        err.contains("in.jsonl:2") && err.contains("malformed JSON"),
        "{err}"
    );
    assert!(
        !env.path("out.jsonl").exists(),
        "no partial output under the final name"
    );
    let leftovers = files_containing(env.root(), ".tmp");
    assert!(leftovers.is_empty(), "{leftovers:?}");
    env.write(
        "p2.json",
        r#"{"on_error": "fail", "stages": [{"stage": "sentence-split"}]}"#,
    );
    fails(
        &env.run(&["run", "-p", "p2.json", "-i", "in.jsonl", "-o", "out.jsonl"]),
        1,
    );
}

#[test]
fn invalid_utf8_text_file_is_rejected_not_fatal() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write("arts/a.txt", "Good article.");
    env.write("arts/b.txt", b"Bad \xff\xfe bytes.");
    ok(&env.run(&["run", "-q", "-p", "p.json", "-i", "arts", "-o", "o.jsonl"]));
    assert_eq!(read_jsonl(&env.path("o.jsonl")).len(), 1);
    let rej = read_jsonl(&env.path("o.rejects.jsonl"));
    assert_eq!(rej[0]["id"], "b.txt");
    assert!(rej[0]["reason"].as_str().unwrap().contains("invalid UTF-8"));
}
