//! `textpipe schema`: the JSON Schema of a pipeline config. It is a valid draft 2020-12
//! schema; every shipped pipeline validates against it; a typo'd key, a wrong type, a value out
//! of range or an unknown stage does not; plugin stages are typed when their library is given.

use crate::TEXTPIPE;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use textpipe_testkit::{ok, workspace_root as repo, Env};

fn schema(env: &Env, extra: &[&str]) -> Value {
    let mut args = vec!["schema"];
    args.extend_from_slice(extra);
    let out = env.run(&args);
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).unwrap()
}

/// The validation errors, as text (empty when valid).
fn errors(v: &jsonschema::Validator, config: &Value) -> Vec<String> {
    v.iter_errors(config).map(|e| e.to_string()).collect()
}

#[test]
fn schema_is_a_valid_2020_12_schema_of_the_top_level_keys() {
    let env = Env::new(TEXTPIPE);
    let s = schema(&env, &[]);
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::meta::validate(&s).unwrap();
    assert_eq!(s["additionalProperties"], false);
    let keys: Vec<&String> = s["properties"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["name", "description", "version", "on_error", "stages"]
    );
    let names: Vec<&Value> = s["properties"]["stages"]["items"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["title"])
        .collect();
    assert_eq!(
        names,
        [
            "clean",
            "extract",
            "sentence-split",
            "summarize",
            "plugin stage"
        ]
    );
}

#[test]
fn every_shipped_pipeline_validates() {
    let env = Env::new(TEXTPIPE);
    let v = validator(&schema(&env, &[]));
    let mut n = 0;
    for entry in std::fs::read_dir(repo().join("pipelines")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            errors(&v, &config),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 7, "only {n} pipelines");
}

#[test]
fn typos_wrong_types_and_bad_values_do_not_validate() {
    let env = Env::new(TEXTPIPE);
    let v = validator(&schema(&env, &[]));
    let good = json!({
        "name": "n",
        "version": 1,
        "on_error": "fail",
        "stages": [
            {"stage": "clean", "normalization": "nfkc", "boilerplate_lines": ["x"]},
            {"stage": "sentence-split", "id": "split", "newlines": "always"},
            {"stage": "extract", "ner_model": null, "keywords_top": 5},
            {"stage": "summarize", "ratio": 0.2},
            {"stage": "anything", "plugin": "lib/libx.so", "free": [1, 2]}
        ]
    });
    assert_eq!(errors(&v, &good), Vec::<String>::new());
    let bad = [
        json!({"stages": [{"stage": "summarize", "sentence": 3}]}),
        json!({"stages": [{"stage": "summarize", "sentences": "three"}]}),
        json!({"stages": [{"stage": "summarize", "sentences": 0}]}),
        json!({"stages": [{"stage": "summarize", "ratio": 1.5}]}),
        json!({"stages": [{"stage": "summarize", "term_weighting": "bm25"}]}),
        json!({"stages": [{"stage": "clean", "fix_mojibak": true}]}),
        json!({"stages": [{"stage": "clean", "short_line": 0}]}),
        json!({"stages": [{"stage": "clean", "normalization": "nfd"}]}),
        json!({"stages": [{"stage": "clean", "strip_html": "yes"}]}),
        json!({"stages": [{"stage": "extract", "keywords_top": 1000}]}),
        json!({"stages": [{"stage": "sentence-split", "newlines": "sometimes"}]}),
        json!({"stages": [{"stage": "sumarize"}]}),
        json!({"stages": [{"stage": "clean", "id": ""}]}),
        json!({"stages": [{"stage": "clean", "plugin": "lib.so", "x": 1}, {"stage": "clean", "plugin": 3}]}),
        json!({"stages": [{"type": "clean"}]}),
        json!({"stages": [{"stage": "clean"}], "on_eror": "skip"}),
        json!({"stages": [{"stage": "clean"}], "on_error": "maybe"}),
        json!({"stages": [{"stage": "clean"}], "version": 2}),
        json!({"stages": {"stage": "clean"}}),
        json!({"name": "no stages"}),
    ];
    for config in bad {
        assert!(!v.is_valid(&config), "{config} validated");
    }
    // `"plugin"` on a built-in stage name is a plugin entry: any parameters.
    assert!(v.is_valid(&json!({"stages": [{"stage": "clean", "plugin": "lib.so", "x": 1}]})));
}

#[test]
fn the_schema_agrees_with_validate_on_stage_parameters() {
    let env = Env::new(TEXTPIPE);
    let v = validator(&schema(&env, &[]));
    for (config, valid) in [
        (
            json!({"stages": [{"stage": "sentence-split"}, {"stage": "summarize", "words": 50}]}),
            true,
        ),
        (
            json!({"stages": [{"stage": "sentence-split"}, {"stage": "summarize", "word": 50}]}),
            false,
        ),
        (
            json!({"stages": [{"stage": "sentence-split", "max_sentence_bytes": -1}]}),
            false,
        ),
        (
            json!({"stages": [{"stage": "clean", "boilerplate_prefixes": ["a", 2]}]}),
            false,
        ),
    ] {
        assert_eq!(v.is_valid(&config), valid, "{config}");
        let path = env.write("p.json", config.to_string());
        let out = env.run(&["validate", path.to_str().unwrap()]);
        assert_eq!(
            out.status.success(),
            valid,
            "{config}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The word-stats example plugin, built once into the binary's target folder.
fn word_stats() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let profile = Path::new(env!("CARGO_BIN_EXE_textpipe")).parent().unwrap();
        let mut cmd =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(repo())
            .env("CARGO_TARGET_DIR", profile.parent().unwrap())
            .args(["build", "--quiet", "-p", "word-stats"]);
        if profile.file_name().and_then(|n| n.to_str()) == Some("release") {
            cmd.arg("--release");
        }
        assert!(
            cmd.status().unwrap().success(),
            "building word-stats failed"
        );
        profile.join(format!(
            "{}word_stats{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ))
    })
}

#[test]
fn plugin_stages_are_typed_when_their_library_is_given() {
    let env = Env::new(TEXTPIPE);
    let lib = word_stats().display().to_string();
    let entry = |params: Value| {
        let mut e = json!({"stage": "word-stats", "plugin": lib});
        for (k, val) in params.as_object().unwrap() {
            e[k] = val.clone();
        }
        json!({"stages": [e]})
    };
    let good = entry(json!({"words_per_minute": 200, "field": "stats"}));
    let typo = entry(json!({"wpm": 200}));
    let wrong = entry(json!({"words_per_minute": "fast"}));
    // Without the library, a plugin entry takes any parameters.
    let plain = validator(&schema(&env, &[]));
    for c in [&good, &typo, &wrong] {
        assert!(plain.is_valid(c), "{c}");
    }
    let typed = validator(&schema(&env, &["--plugin", &lib]));
    assert_eq!(errors(&typed, &good), Vec::<String>::new());
    assert!(!typed.is_valid(&typo));
    assert!(!typed.is_valid(&wrong));
    // On --plugin-dir the stage can be named without a path, with the same parameters.
    let dir = word_stats().parent().unwrap().display().to_string();
    let by_dir = validator(&schema(&env, &["--plugin-dir", &dir]));
    assert!(by_dir.is_valid(&json!({"stages": [{"stage": "word-stats", "words_per_minute": 100}]})));
    assert!(!by_dir.is_valid(&json!({"stages": [{"stage": "word-stats", "wpm": 100}]})));
}
