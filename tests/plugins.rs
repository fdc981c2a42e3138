//! Custom stages through the binary: the example plugins in pipelines (by path and by
//! `--plugin-dir`), a filter's drops in the rejects file, a panicking plugin, an ABI-mismatched
//! plugin, files that are not plugins, rejected parameters, `stages --plugin` and `new-stage`.
//!
//! cargo does not build cdylib crates for a test, so the first test to need them builds the
//! plugins (examples in plugins/, test fixtures in crates/textpipe-plugin-host/tests/fixtures/)
//! with `cargo build -p ...` into the target dir of the `textpipe` binary.

use crate::TEXTPIPE;
use serde_json::Value;
use std::path::Path;
use std::sync::LazyLock;
use textpipe_testkit::{
    build_crate, dylib_name, fails, ids, ok, read_jsonl, synthetic_jsonl, workspace_root, Env,
    Plugins,
};

/// The plugins these tests load, built on first use beside the binary.
static PLUGINS: LazyLock<Plugins> = LazyLock::new(|| {
    Plugins::beside_binary(
        TEXTPIPE,
        &["word-stats", "length-filter", "panicking", "abi-mismatch"],
    )
});

/// The folder holding the built plugin libraries.
fn plugins() -> &'static Path {
    PLUGINS.dir()
}

/// Absolute path of a built plugin library (e.g. `word_stats`), as a string for configs.
fn lib(crate_name: &str) -> String {
    PLUGINS.lib(crate_name).display().to_string()
}

/// A JSON string literal.
fn q(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

const ARTICLES: &str = concat!(
    r#"{"id": "a1", "text": "The harbour authority said on Monday that it would hire more workers. Critics said the plan came too late."}"#,
    "\n",
    r#"{"id": "a2", "text": "Too short."}"#,
    "\n",
    r#"{"id": "a3", "text": "Officials in the city council approved the budget after a long debate on Tuesday."}"#,
    "\n",
);

fn run_pipeline(env: &Env, config: &str, extra: &[&str]) -> std::process::Output {
    env.write("p.json", config);
    env.write("in.jsonl", ARTICLES);
    let mut args = vec![
        "run",
        "-p",
        "p.json",
        "-i",
        "in.jsonl",
        "-o",
        "out.jsonl",
        "--rejects",
        "rej.jsonl",
        "--stats",
        "stats.json",
    ];
    args.extend_from_slice(extra);
    env.run(&args)
}

#[test]
fn filter_and_transform_plugins_by_path_and_by_search_path() {
    let env = Env::new(TEXTPIPE);
    let config = format!(
        r#"{{"stages": [
            {{"stage": "length-filter", "plugin": {}, "min_words": 5}},
            {{"stage": "word-stats", "words_per_minute": 200}}
        ]}}"#,
        q(&lib("length_filter"))
    );
    let dir = plugins().display().to_string();
    let out = run_pipeline(&env, &config, &["--plugin-dir", &dir]);
    ok(&out);
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(ids(&docs), ["a1", "a3"]);
    assert_eq!(docs[0]["word_stats"]["words"], 19);
    assert_eq!(docs[0]["word_stats"]["sentences"], 2);
    assert_eq!(docs[1]["word_stats"]["sentences"], 1);
    let rej = read_jsonl(&env.path("rej.jsonl"));
    assert_eq!(rej.len(), 1);
    assert_eq!(rej[0]["id"], "a2");
    assert_eq!(rej[0]["stage"], "length-filter");
    assert_eq!(rej[0]["kind"], "dropped");
    assert_eq!(rej[0]["reason"], "too short: 2 words, min_words is 5");
    let stats = env.read_json("stats.json");
    assert_eq!(stats["written"], 2);
    assert_eq!(stats["dropped"], 1);
}

#[test]
fn unknown_stage_without_plugin_dir_is_a_config_error() {
    let env = Env::new(TEXTPIPE);
    let out = run_pipeline(&env, r#"{"stages": [{"stage": "word-stats"}]}"#, &[]);
    let err = fails(&out, 2);
    assert!(err.contains("unknown stage \"word-stats\""), "{err}");
}

#[test]
fn a_panicking_plugin_rejects_one_document_and_the_run_goes_on() {
    let env = Env::new(TEXTPIPE);
    let config = format!(
        r#"{{"stages": [{{"stage": "panicking", "plugin": {}, "trigger": "budget"}}]}}"#,
        q(&lib("panicking"))
    );
    let out = run_pipeline(&env, &config, &[]);
    ok(&out);
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(ids(&docs), ["a1", "a2"]);
    assert!(docs.iter().all(|d| d["panic_checked"] == true));
    let rej = read_jsonl(&env.path("rej.jsonl"));
    assert_eq!(rej.len(), 1);
    assert_eq!(rej[0]["id"], "a3");
    assert_eq!(rej[0]["kind"], "rejected");
    let reason = rej[0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("plugin panicked: trigger word \"budget\" found in document a3"),
        "{reason}"
    );
}

#[test]
fn abi_mismatch_names_both_versions_and_fails() {
    let env = Env::new(TEXTPIPE);
    let path = lib("abi_mismatch");
    let config = format!(
        r#"{{"stages": [{{"stage": "anything", "plugin": {}}}]}}"#,
        q(&path)
    );
    let err = fails(&run_pipeline(&env, &config, &[]), 2);
    let v = textpipe_plugin_host::ABI_VERSION;
    assert!(err.contains(&path), "{err}");
    assert!(
        err.contains(&format!("built for plugin ABI version {}", v + 1))
            && err.contains(&format!("this textpipe supports version {v}")),
        "{err}"
    );
    let err = fails(&env.run(&["stages", "--plugin", &path]), 2);
    assert!(err.contains("ABI version mismatch"), "{err}");
}

#[test]
fn files_that_are_not_plugins_are_clear_errors() {
    let env = Env::new(TEXTPIPE);
    env.write("fake.so", "this is a text file");
    let config = r#"{"stages": [{"stage": "x", "plugin": "fake.so"}]}"#;
    let err = fails(&run_pipeline(&env, config, &[]), 2);
    assert!(
        err.contains("fake.so") && err.contains("not a loadable shared library"),
        "{err}"
    );
    let config = r#"{"stages": [{"stage": "x", "plugin": "missing/libnothing.so"}]}"#;
    let err = fails(&run_pipeline(&env, config, &[]), 2);
    assert!(
        err.contains("missing/libnothing.so: file not found"),
        "{err}"
    );
    // A plugin library asked for a stage it does not have.
    let config = format!(
        r#"{{"stages": [{{"stage": "nope", "plugin": {}}}]}}"#,
        q(&lib("word_stats"))
    );
    let err = fails(&run_pipeline(&env, &config, &[]), 2);
    assert!(
        err.contains("no stage \"nope\" (it provides: word-stats)"),
        "{err}"
    );
}

#[test]
fn parameters_the_plugin_rejects_name_stage_and_parameter() {
    let env = Env::new(TEXTPIPE);
    let config = format!(
        r#"{{"stages": [
            {{"stage": "word-stats", "plugin": {p}, "words_per_minute": 0}},
            {{"stage": "length-filter", "plugin": {f}, "min_words": 9, "max_words": 3}}
        ]}}"#,
        p = q(&lib("word_stats")),
        f = q(&lib("length_filter"))
    );
    let err = fails(&run_pipeline(&env, &config, &[]), 2);
    assert!(
        err.contains("stages[0]") && err.contains("`words_per_minute` must be between 1 and 2000"),
        "{err}"
    );
    assert!(
        err.contains("stages[1]")
            && err.contains("`min_words` (9) is greater than `max_words` (3)"),
        "{err}"
    );
    let config = format!(
        r#"{{"stages": [{{"stage": "word-stats", "plugin": {}, "wpm": 3}}]}}"#,
        q(&lib("word_stats"))
    );
    env.write("v.json", &config);
    let err = fails(&env.run(&["validate", "v.json"]), 2);
    assert!(err.contains("unknown parameter `wpm`"), "{err}");
}

#[test]
fn stages_lists_a_plugin_library() {
    let env = Env::new(TEXTPIPE);
    let out = env.run(&["stages", "--json", "--plugin", &lib("word_stats")]);
    ok(&out);
    let infos: Value = serde_json::from_slice(&out.stdout).unwrap();
    let infos = infos.as_array().unwrap();
    assert_eq!(infos.len(), 1);
    assert_eq!(infos[0]["name"], "word-stats");
    assert_eq!(infos[0]["provides"], serde_json::json!(["word_stats"]));
    let wpm = infos[0]["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "words_per_minute")
        .unwrap();
    assert_eq!(wpm["default"], 230);
}

#[test]
fn new_stage_scaffolds_a_plugin_that_builds_and_runs() {
    let env = Env::new(TEXTPIPE);
    // Without --sdk-path the crate depends on the SDK of the tree the binary was built from.
    let out = env.run(&["new-stage", "char-words", "--dir", "gen"]);
    ok(&out);
    let krate = env.path("gen/char-words");
    for f in ["Cargo.toml", "src/lib.rs", "README.md"] {
        assert!(krate.join(f).is_file(), "{f} missing");
    }
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("textpipe-plugin = { path = "),
        "{manifest}"
    );
    // Same dependency versions as the workspace, so the build needs no registry update.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .unwrap();
    // A target dir that persists between runs keeps the build incremental.
    let target = PLUGINS.target_dir().join("scaffold-test");
    let so = build_crate(&krate, &target).join(dylib_name("char_words"));
    let config = format!(
        r#"{{"stages": [{{"stage": "char-words", "plugin": {}}}]}}"#,
        q(&so.display().to_string())
    );
    ok(&run_pipeline(&env, &config, &[]));
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[1]["char_words"],
        serde_json::json!({"chars": 10, "words": 2})
    );
    // A second scaffold into the same place is refused.
    let err = fails(&env.run(&["new-stage", "char-words", "--dir", "gen"]), 2);
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn a_plugin_after_built_in_stages_receives_their_annotations() {
    let env = Env::new(TEXTPIPE);
    let config = format!(
        r#"{{"stages": [
            {{"stage": "sentence-split"}},
            {{"stage": "word-stats", "plugin": {}, "use_sentences": true}}
        ]}}"#,
        q(&lib("word_stats"))
    );
    ok(&run_pipeline(&env, &config, &[]));
    let docs = read_jsonl(&env.path("out.jsonl"));
    assert_eq!(docs.len(), 3);
    for d in &docs {
        let n = d["sentences"].as_array().unwrap().len();
        assert_eq!(d["word_stats"]["sentences"], n, "{d}");
    }
    // In the other order the config is refused: word-stats needs the sentences first.
    let config = format!(
        r#"{{"stages": [
            {{"stage": "word-stats", "plugin": {}, "use_sentences": true}},
            {{"stage": "sentence-split"}}
        ]}}"#,
        q(&lib("word_stats"))
    );
    let err = fails(&run_pipeline(&env, &config, &[]), 2);
    assert!(err.contains("needs field `sentences`"), "{err}");
}

#[test]
fn plugin_output_is_identical_at_any_thread_count() {
    let env = Env::new(TEXTPIPE);
    env.write("in.jsonl", synthetic_jsonl(150));
    // Every fifth document names Lisbon and makes the panicking stage panic, on whatever
    // worker thread it lands.
    let config = format!(
        r#"{{"stages": [
            {{"stage": "length-filter", "plugin": {}, "min_words": 5}},
            {{"stage": "panicking", "plugin": {}, "trigger": "Lisbon"}},
            {{"stage": "word-stats", "plugin": {}}}
        ]}}"#,
        q(&lib("length_filter")),
        q(&lib("panicking")),
        q(&lib("word_stats"))
    );
    env.write("p.json", config);
    let mut outputs = Vec::new();
    for threads in ["1", "3"] {
        let out = format!("out{threads}.jsonl");
        let rej = format!("rej{threads}.jsonl");
        ok(&env.run(&[
            "run",
            "-p",
            "p.json",
            "-i",
            "in.jsonl",
            "-o",
            &out,
            "--rejects",
            &rej,
            "-j",
            threads,
            "--batch-size",
            "7",
        ]));
        outputs.push((
            std::fs::read(env.path(&out)).unwrap(),
            std::fs::read(env.path(&rej)).unwrap(),
        ));
    }
    assert_eq!(outputs[0], outputs[1]);
    let written = read_jsonl(&env.path("out1.jsonl")).len();
    let dropped = read_jsonl(&env.path("rej1.jsonl")).len();
    assert_eq!(written + dropped, 150);
    assert!(
        written > 0 && dropped > 0,
        "written {written}, dropped {dropped}"
    );
}
