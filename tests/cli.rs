//! The command line: the news pipeline on the shipped examples, validate, stages, and every
//! config error the foundation issue lists.

use crate::TEXTPIPE;
use serde_json::Value;
use textpipe_testkit::{
    fails, ids, json_spans, ok, parse_jsonl, read_jsonl, workspace_root, Env, SpanCheck,
};

#[test]
fn news_pipeline_on_examples() {
    let env = Env::new(TEXTPIPE);
    let pipeline = workspace_root().join("pipelines/news.json");
    let examples = workspace_root().join("examples/articles");
    let out = env.run(&[
        "run",
        "--pipeline",
        pipeline.to_str().unwrap(),
        "--input",
        examples.to_str().unwrap(),
        "--output",
        "out.jsonl",
        "--stats",
        "stats.json",
    ]);
    let stderr = ok(&out);
    assert!(stderr.contains("read 3, written 3, rejected 0"), "{stderr}");
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(docs.len(), 3);
    assert_eq!(
        ids(&docs),
        [
            "001_harbour_bridge.md",
            "002_orchard_cooperative.md",
            "003_space_telescope.txt"
        ]
    );
    let d = &docs[0];
    assert_eq!(d["title"], "Storm Closes Harbour Bridge as Repairs Begin");
    assert_eq!(d["date"], "2021-03-03");
    assert_eq!(d["source"], "The Coastal Herald");
    assert_eq!(
        d["url"],
        "https://coastal-herald.example/news/2021/03/03/harbour-bridge-closed"
    );
    let text = d["text"].as_str().unwrap();
    assert!(text.starts_with("PORTVALE, Norland"), "{text}");
    assert!(!text.contains("Original url"), "{text}");
    assert!(!text.contains("**"), "{text}");
    assert!(
        text.contains("Safety comes before convenience."),
        "broken line not joined: {text}"
    );
    // every span's text equals the cleaned text at its character offsets; none is empty;
    // sentences, dates and quantities do not overlap
    for field in ["sentences", "entities", "dates", "quantities", "quotes"] {
        let check = SpanCheck::new(text).named(field).non_empty();
        let check = match field {
            "sentences" => check.disjoint().trimmed(),
            "dates" | "quantities" => check.disjoint(),
            _ => check,
        };
        assert!(check.check(json_spans(d, field)) > 0, "{field} is empty");
        assert!(
            d[field]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["text"].is_string()),
            "{field}: a span without its text"
        );
    }
    let summary = &d["summary"];
    assert_eq!(summary["sentences"].as_array().unwrap().len(), 3);
    assert!(!d["keywords"].as_array().unwrap().is_empty());
    let stats = env.read_json("stats.json");
    assert_eq!(stats["written"], 3);
    assert_eq!(stats["stages"].as_array().unwrap().len(), 4);
}

#[test]
fn every_shipped_pipeline_validates_and_runs() {
    let env = Env::new(TEXTPIPE);
    let examples = workspace_root().join("examples/articles");
    let mut n = 0;
    for entry in std::fs::read_dir(workspace_root().join("pipelines")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        n += 1;
        ok(&env.run(&["validate", path.to_str().unwrap()]));
        // `-p` as `run` takes it works too.
        ok(&env.run(&["validate", "-p", path.to_str().unwrap()]));
        let out = env.run(&[
            "run",
            "-q",
            "--pipeline",
            path.to_str().unwrap(),
            "--input",
            examples.to_str().unwrap(),
            "--output",
            "o.jsonl",
        ]);
        ok(&out);
        assert_eq!(
            read_jsonl(&env.path("o.jsonl")).len(),
            3,
            "{}",
            path.display()
        );
    }
    assert!(n >= 2);
}

#[test]
fn stages_lists_builtins_with_parameters() {
    let env = Env::new(TEXTPIPE);
    let out = env.run(&["stages"]);
    ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["clean", "sentence-split", "extract", "summarize"] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    let out = env.run(&["stages", "--json"]);
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let summarize = list.iter().find(|s| s["name"] == "summarize").unwrap();
    assert!(summarize["requires"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "sentences"));
    let params = summarize["params"].as_array().unwrap();
    let sentences = params.iter().find(|p| p["name"] == "sentences").unwrap();
    // `sentences`, `ratio` and `words` are exclusive: none has a default value of its own, and
    // the documentation says what applies when none is given.
    assert!(
        sentences["doc"].as_str().unwrap().contains('3'),
        "{sentences}"
    );
}

#[test]
fn fix_text_pipeline_repairs_encoding_and_keeps_layout() {
    let env = Env::new(TEXTPIPE);
    let input = concat!(
        r#"{"id": "a", "text": "It\u00e2\u0080\u0099s  *fine*\nsecond line"}"#,
        "\n",
        r##"{"id": "b", "text": "# not a title\ncaf\u00c3\u00a9 \ufb01le"}"##,
        "\n"
    );
    env.write("in.jsonl", input);
    let pipeline = workspace_root().join("pipelines/fix-text.json");
    let out = env.run(&[
        "run",
        "-q",
        "-p",
        pipeline.to_str().unwrap(),
        "-i",
        "in.jsonl",
        "-o",
        "out.jsonl",
    ]);
    ok(&out);
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(docs[0]["text"], "It\u{2019}s  *fine*\nsecond line");
    assert_eq!(docs[1]["text"], "# not a title\ncafé file");
    assert!(
        docs[1].get("title").is_none_or(Value::is_null),
        "{}",
        docs[1]
    );
}

#[test]
fn run_reads_stdin_and_writes_stdout_by_default() {
    let env = Env::new(TEXTPIPE);
    let pipeline = workspace_root().join("pipelines/split-only.json");
    let out = env.run_stdin(
        &["run", "-q", "-p", pipeline.to_str().unwrap()],
        b"{\"id\": \"a\", \"text\": \"One here. Two there.\"}\n",
    );
    ok(&out);
    let docs = parse_jsonl(&out.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["sentences"].as_array().map(Vec::len), Some(2));
}

#[test]
fn validate_needs_a_file() {
    let env = Env::new(TEXTPIPE);
    let err = fails(&env.run(&["validate"]), 2);
    assert!(err.contains("FILES") || err.contains("--pipeline"), "{err}");
}

fn validate_err(config: &str) -> String {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", config);
    let out = env.run(&["validate", "p.json"]);
    fails(&out, 2)
}

#[test]
fn unknown_stage_gets_a_suggestion() {
    let err =
        validate_err("{\"stages\": [\n  {\"stage\": \"clean\"},\n  {\"stage\": \"sumarize\"}\n]}");
    assert!(err.contains("stages[1]"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("did you mean \"summarize\""), "{err}");
}

#[test]
fn unknown_keys_are_rejected_with_their_line() {
    let err = validate_err("{\n \"stages\": [{\"stage\": \"clean\"}],\n \"on_eror\": \"skip\"\n}");
    assert!(
        err.contains("unknown key `on_eror`") && err.contains("line 3"),
        "{err}"
    );
    let err = validate_err(
        "{\"stages\": [\n {\"stage\": \"sentence-split\"},\n {\"stage\": \"summarize\",\n  \"sentence\": 3}\n]}",
    );
    assert!(err.contains("unknown key `sentence`"), "{err}");
    assert!(err.contains("stages[1]") && err.contains("line 4"), "{err}");
}

#[test]
fn wrong_types_name_the_field() {
    let err = validate_err(
        "{\"stages\": [\n {\"stage\": \"sentence-split\"},\n {\"stage\": \"summarize\", \"sentences\": \"three\"}\n]}",
    );
    assert!(
        err.contains("stages[1]") && err.contains("`sentences`"),
        "{err}"
    );
    assert!(err.contains("line 3"), "{err}");
    let err = validate_err("{\"stages\": {\"stage\": \"clean\"}}");
    assert!(err.contains("stages"), "{err}");
}

#[test]
fn stage_order_is_checked() {
    let err = validate_err(
        "{\"stages\": [\n {\"stage\": \"summarize\"},\n {\"stage\": \"sentence-split\"}\n]}",
    );
    assert!(
        err.contains("stages[0]") && err.contains("`sentences`"),
        "{err}"
    );
    assert!(err.contains("sentence-split"), "{err}");
    let err = validate_err(
        "{\"stages\": [\n {\"stage\": \"sentence-split\"},\n {\"stage\": \"clean\"}\n]}",
    );
    assert!(err.contains("rewrites `text`"), "{err}");
}

#[test]
fn malformed_json_names_line_and_column() {
    let err = validate_err("{\n  \"stages\": [\n    {\"stage\": \"clean\",}\n  ]\n}");
    assert!(err.contains("malformed JSON at line 3, column"), "{err}");
}

#[test]
fn run_refuses_an_invalid_config_before_reading() {
    let env = Env::new(TEXTPIPE);
    env.write("p.json", "{\"stages\": [{\"stage\": \"nope\"}]}");
    env.write("in.jsonl", "{\"text\": \"x\"}\n");
    let out = env.run(&[
        "run",
        "--pipeline",
        "p.json",
        "--input",
        "in.jsonl",
        "--output",
        "o.jsonl",
    ]);
    let err = fails(&out, 2);
    assert!(err.contains("unknown stage \"nope\""), "{err}");
    assert!(!env.path("o.jsonl").exists());
}
