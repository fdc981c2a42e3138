//! Runs the `linked-stage` binary on a small pipeline.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Stdio};

fn run(config: &str, input: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipeline.json");
    std::fs::write(&path, config).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_linked-stage"))
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn counts_terms_and_keeps_input_fields() {
    let out = run(
        r#"{"stages": [{"stage": "term-count", "terms": ["strike", "port"]}]}"#,
        "{\"id\": \"a\", \"lang\": \"en\", \"text\": \"Port strike: the port is shut.\"}\n\
         {\"id\": \"b\", \"text\": \"Nothing here.\"}\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["lang"], "en");
    assert_eq!(
        lines[0]["term_counts"],
        serde_json::json!({"strike": 1, "port": 2})
    );
    assert_eq!(
        lines[1]["term_counts"],
        serde_json::json!({"strike": 0, "port": 0})
    );
}

#[test]
fn config_errors_name_the_stage_and_field() {
    let out = run(
        r#"{"stages": [{"stage": "term-count", "terms": [""]}]}"#,
        "",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("term-count") && err.contains("terms"), "{err}");
    let out = run(r#"{"stages": [{"stage": "term-cont"}]}"#, "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean \"term-count\""));
}
