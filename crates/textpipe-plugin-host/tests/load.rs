//! Loads the example plugins through the host and runs documents through them: results,
//! filters, panics, ABI mismatch, missing symbols, bad files, rejected parameters, search path.
#![allow(clippy::unwrap_used)]

mod common;

use common::{lib, plugins, rustc_cdylib};
use serde_json::{json, Map, Value};
use textpipe_core::{
    ConfigError, Document, PipelineConfig, PluginLoader, Registry, Span, Stage, StageError,
};
use textpipe_plugin_host::Loader;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn load(name: &str, file: &str, params: Value) -> Result<Box<dyn Stage>, ConfigError> {
    Loader::new(vec![]).load(&lib(file), name, &obj(params))
}

#[test]
fn word_stats_adds_its_field_and_counter() {
    let stage = load("word-stats", "word_stats", json!({"words_per_minute": 2})).unwrap();
    assert_eq!(stage.name(), "word-stats");
    assert!(stage.requires().is_empty());
    assert_eq!(stage.provides(), vec!["word_stats".to_string()]);
    let mut doc = Document::from_text("d1", "The cat sat. The cat ran away!");
    stage.process(&mut doc).unwrap();
    let stats = &doc.fields["word_stats"];
    assert_eq!(stats["words"], 7);
    assert_eq!(stats["sentences"], 2);
    assert_eq!(stats["reading_minutes"], 3.5);
    assert_eq!(stats["type_token_ratio"], 0.7143);
    assert_eq!(doc.counters, vec![("words", 7)]);
    assert_eq!(doc.text, "The cat sat. The cat ran away!");
}

#[test]
fn required_annotations_cross_with_byte_offsets() {
    let stage = load("word-stats", "word_stats", json!({"use_sentences": true})).unwrap();
    assert_eq!(stage.requires(), vec!["sentences".to_string()]);
    let mut doc = Document::from_text("d1", "Dr. Ruiz came. He left. Bye.");
    doc.sentences = Some(vec![Span::new(0, 14), Span::new(15, 28)]);
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.fields["word_stats"]["sentences"], 2);
    // Without the annotation the plugin rejects the document with its own message.
    let mut bare = Document::from_text("d2", "No spans.");
    let err = stage.process(&mut bare).unwrap_err();
    assert!(
        matches!(err, StageError::Reject { ref reason } if reason.contains("sentences")),
        "{err}"
    );
}

#[test]
fn length_filter_drops_with_a_reason() {
    let stage = load("length-filter", "length_filter", json!({"min_words": 4})).unwrap();
    let mut short = Document::from_text("s", "Too short.");
    match stage.process(&mut short).unwrap_err() {
        StageError::Drop { reason } => assert_eq!(reason, "too short: 2 words, min_words is 4"),
        other => panic!("expected a drop, got {other:?}"),
    }
    assert_eq!(short.counters, vec![("dropped_short", 1)]);
    let mut long = Document::from_text("l", "This one is long enough.");
    stage.process(&mut long).unwrap();
}

#[test]
fn panic_rejects_the_document_and_the_stage_keeps_working() {
    let stage = load("panicking", "panicking", json!({"trigger": "KABOOM"})).unwrap();
    let mut bad = Document::from_text("bad", "all fine until KABOOM here");
    match stage.process(&mut bad).unwrap_err() {
        StageError::Reject { reason } => {
            assert!(reason.starts_with("plugin panicked: "), "{reason}");
            assert!(
                reason.contains("trigger word \"KABOOM\" found in document bad (at ")
                    && reason.contains("src/lib.rs:"),
                "{reason}"
            );
        }
        other => panic!("expected a reject, got {other:?}"),
    }
    let mut good = Document::from_text("good", "nothing to see");
    stage.process(&mut good).unwrap();
    assert_eq!(good.fields["panic_checked"], true);
}

#[test]
fn panic_while_creating_is_a_config_error() {
    let err = load("panicking", "panicking", json!({"panic_in_create": true}))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("libpanicking") && err.contains("panicked while being created"),
        "{err}"
    );
    assert!(err.contains("asked to panic in create"), "{err}");
}

#[test]
fn concurrent_calls_on_one_instance() {
    let stage = load("word-stats", "word_stats", json!({})).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let stage = &stage;
            s.spawn(move || {
                for i in 0..200 {
                    let text = "word ".repeat(1 + (t * 200 + i) % 17);
                    let mut doc = Document::from_text(format!("{t}-{i}"), text);
                    stage.process(&mut doc).unwrap();
                    assert_eq!(doc.fields["word_stats"]["words"], 1 + (t * 200 + i) % 17);
                }
            });
        }
    });
}

#[test]
fn abi_mismatch_names_both_versions() {
    let err = load("x", "abi_mismatch", json!({})).err().unwrap();
    let ConfigError::Plugin { path, message } = &err else {
        panic!("{err}")
    };
    assert!(path.ends_with(lib("abi_mismatch").file_name().unwrap()));
    let expected = textpipe_plugin::ABI_VERSION;
    assert!(
        message.contains(&format!("built for plugin ABI version {}", expected + 1))
            && message.contains(&format!("this textpipe supports version {expected}")),
        "{message}"
    );
}

#[test]
fn missing_symbols_and_non_libraries() {
    let dir = tempfile::tempdir().unwrap();
    let plain = rustc_cdylib(
        dir.path(),
        "plain",
        "#[no_mangle] pub extern \"C\" fn unrelated() -> u32 { 7 }",
    );
    let err = Loader::new(vec![])
        .describe(&plain)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("libplain") && err.contains("missing symbol `textpipe_plugin_abi_version`"),
        "{err}"
    );
    let half = rustc_cdylib(
        dir.path(),
        "half",
        &format!(
            "#[no_mangle] pub extern \"C\" fn textpipe_plugin_abi_version() -> u32 {{ {} }}",
            textpipe_plugin::ABI_VERSION
        ),
    );
    let err = Loader::new(vec![]).describe(&half).unwrap_err().to_string();
    assert!(err.contains("missing symbol `textpipe_plugin_v1`"), "{err}");
    let text = dir.path().join("notes.so");
    std::fs::write(&text, "just text").unwrap();
    let err = Loader::new(vec![]).describe(&text).unwrap_err().to_string();
    assert!(
        err.contains("notes.so") && err.contains("not a loadable shared library"),
        "{err}"
    );
    let err = Loader::new(vec![])
        .describe(&dir.path().join("gone.so"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("gone.so: file not found"), "{err}");
}

#[test]
fn rejected_parameters_name_the_stage_and_parameter() {
    let err = load("word-stats", "word_stats", json!({"words_per_minute": 0}))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("libword_stats"), "{err}");
    assert!(err.contains("stage \"word-stats\" rejected its parameters: parameter `words_per_minute` must be between 1 and 2000"), "{err}");
    let err = load("word-stats", "word_stats", json!({"wpm": 3}))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("unknown parameter `wpm`"), "{err}");
    let err = load("word-stats", "word_stats", json!({"use_sentences": "yes"}))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("`use_sentences`: expected boolean"), "{err}");
    let err = load("wordstats", "word_stats", json!({}))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no stage \"wordstats\" (it provides: word-stats)"),
        "{err}"
    );
}

#[test]
fn describe_lists_stages_with_defaults() {
    let infos = Loader::new(vec![]).describe(&lib("length_filter")).unwrap();
    assert_eq!(infos.len(), 1);
    let info = &infos[0];
    assert_eq!(info.name, "length-filter");
    assert!(
        info.description.contains("filter plugin, version"),
        "{}",
        info.description
    );
    assert!(info.origin.contains("liblength_filter"));
    let min_words = info.params.iter().find(|p| p.name == "min_words").unwrap();
    assert_eq!(min_words.default, json!(0));
}

#[test]
fn search_path_finds_stages_by_name_and_skips_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("aaa-broken.so"), "not a library").unwrap();
    std::fs::copy(lib("abi_mismatch"), dir.path().join("libabi_mismatch.so")).unwrap();
    let ws = dir.path().join("libword_stats.so");
    std::fs::copy(lib("word_stats"), &ws).unwrap();
    let loader = Loader::new(vec![
        dir.path().join("missing-dir"),
        dir.path().to_path_buf(),
    ]);
    assert_eq!(loader.find("word-stats"), Some(ws));
    assert_eq!(loader.find("no-such-stage"), None);
    let names: Vec<String> = loader
        .search_path_stages()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["word-stats"]);
}

#[test]
fn pipeline_with_plugin_entries_and_search_path() {
    plugins();
    let mut registry = Registry::new();
    registry.set_plugin_loader(Box::new(Loader::new(vec![plugins().to_path_buf()])));
    let config = format!(
        r#"{{"stages": [
            {{"stage": "length-filter", "plugin": {:?}, "min_words": 3}},
            {{"stage": "word-stats", "field": "stats"}}
        ]}}"#,
        lib("length_filter").display().to_string()
    );
    let pipeline = PipelineConfig::parse(&config)
        .unwrap()
        .build(&registry)
        .unwrap();
    let mut doc = Document::from_text("a", "Three words here. And more.");
    pipeline.process(&mut doc).unwrap();
    assert_eq!(doc.fields["stats"]["words"], 5);
    let mut short = Document::from_text("b", "Two words");
    let (stage, err) = pipeline.process(&mut short).unwrap_err();
    assert_eq!(stage, "length-filter");
    assert!(matches!(err, StageError::Drop { .. }));
}
