//! Formats by extension: unknown input and output extensions are refused with the supported
//! list (exit 2, nothing written); `--input-format` reads a file whatever its name; symlinked
//! article folders are read.

use crate::TEXTPIPE;
use textpipe_testkit::{fails, ok, read_jsonl, synthetic_jsonl, Env};

const SPLIT: &str = r#"{"name": "s", "stages": [{"stage": "sentence-split"}]}"#;

#[test]
fn unknown_input_extension_is_refused_not_read_as_jsonl() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write("data.parquet", b"PAR1\x00\x01binary");
    let err = fails(
        &env.run(&[
            "run",
            "-q",
            "-p",
            "p.json",
            "-i",
            "data.parquet",
            "-o",
            "o.jsonl",
        ]),
        2,
    );
    assert!(err.contains("data.parquet"), "{err}");
    assert!(err.contains("unsupported input format"), "{err}");
    assert!(err.contains(".jsonl") && err.contains(".txt"), "{err}");
    assert!(!env.path("o.jsonl").exists());
    assert!(!env.path("o.rejects.jsonl").exists());
}

#[test]
fn unknown_output_extension_is_refused() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write("in.jsonl", synthetic_jsonl(3));
    let err = fails(
        &env.run(&[
            "run",
            "-q",
            "-p",
            "p.json",
            "-i",
            "in.jsonl",
            "-o",
            "out.parquet",
        ]),
        2,
    );
    assert!(
        err.contains("out.parquet") && err.contains("unsupported output format"),
        "{err}"
    );
    assert!(!env.path("out.parquet").exists());
}

#[test]
fn input_format_flag_reads_any_name() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write("dump.out", synthetic_jsonl(5));
    env.write("article.body", "One sentence here. And another one.");
    ok(&env.run(&[
        "run",
        "-q",
        "-p",
        "p.json",
        "-i",
        "dump.out",
        "--input-format",
        "jsonl",
        "-o",
        "a.jsonl",
    ]));
    assert_eq!(read_jsonl(&env.path("a.jsonl")).len(), 5);
    ok(&env.run(&[
        "run",
        "-q",
        "-p",
        "p.json",
        "-i",
        "article.body",
        "--input-format",
        "text",
        "-o",
        "b.jsonl",
    ]));
    let recs = read_jsonl(&env.path("b.jsonl"));
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["sentences"].as_array().unwrap().len(), 2);
    let err = fails(
        &env.run(&[
            "run",
            "-q",
            "-p",
            "p.json",
            "-i",
            "dump.out",
            "--input-format",
            "csv",
        ]),
        2,
    );
    assert!(err.contains("csv"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinked_article_folders_are_read() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", SPLIT);
    env.write("arts/a.txt", "Alpha one.");
    env.write("elsewhere/b.txt", "Beta two.");
    std::os::unix::fs::symlink(env.path("elsewhere"), env.path("arts/linked")).unwrap();
    ok(&env.run(&["run", "-q", "-p", "p.json", "-i", "arts", "-o", "o.jsonl"]));
    let ids: Vec<String> = read_jsonl(&env.path("o.jsonl"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a.txt", "linked/b.txt"]);
}
