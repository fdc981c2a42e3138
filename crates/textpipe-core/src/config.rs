//! The pipeline config: `{"name": ..., "on_error": "skip", "stages": [{"stage": "clean"}, ...]}`.
//!
//! A stage entry is its type under `"stage"`, an optional `"id"` naming the instance, an
//! optional `"plugin"` path to a shared library, and the stage's parameters flat beside them.
//! Parsing reports every problem at once, each naming the stage index, the key and the line.

use crate::error::ConfigError;
use crate::executor::Pipeline;
use crate::registry::Registry;
use crate::stage::Stage;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What the runner does when a stage rejects a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Write the document to the rejects file and go on (the default).
    #[default]
    Skip,
    /// Stop the run at the first rejected document (fail-fast).
    Fail,
}

/// One entry of `stages`, before it is built.
#[derive(Debug, Clone, PartialEq)]
pub struct StageEntry {
    /// Stage type name.
    pub stage: String,
    /// Instance name (defaults to the type name), used in statistics and rejects.
    pub id: String,
    /// Shared library to load the stage from.
    pub plugin: Option<PathBuf>,
    /// The parameters (every key but `stage`, `id` and `plugin`).
    pub params: Map<String, Value>,
    /// 1-based line of the entry in the config file.
    pub line: Option<usize>,
    /// Lines of the parameters, by key.
    pub param_lines: HashMap<String, usize>,
}

/// A parsed pipeline config.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineConfig {
    /// Pipeline name (for logs and statistics).
    pub name: String,
    /// Rejected-document policy.
    pub on_error: OnError,
    /// The stages, in order.
    pub stages: Vec<StageEntry>,
    /// The config text as read, for hashing (shard completion markers).
    pub source: String,
}

const TOP_KEYS: &[&str] = &["name", "description", "version", "on_error", "stages"];

impl PipelineConfig {
    /// Reads and parses a config file.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Read`] or the parse errors of [`PipelineConfig::parse`], wrapped in
    /// [`ConfigError::InFile`].
    pub fn from_path(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Self::parse(&text).map_err(|e| ConfigError::InFile {
            path: path.to_path_buf(),
            source: Box::new(e),
        })?;
        // Plugin paths are relative to the working directory, as the user typed them; keep them.
        config.source = text;
        Ok(config)
    }

    /// Parses config text. Reports every structural problem at once.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Json`] for malformed JSON (line and column), otherwise one error or
    /// [`ConfigError::Multiple`].
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let value: Value = serde_json::from_str(text).map_err(|e| ConfigError::Json {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        let lines = locate(text);
        let Value::Object(top) = value else {
            return Err(ConfigError::Param {
                field: "(top level)".into(),
                message: "a pipeline config is a JSON object with a `stages` list".into(),
            });
        };
        let mut errors = Vec::new();
        let at = |key: &str, e: ConfigError| ConfigError::AtKey {
            key: key.to_string(),
            line: lines.get(key).copied(),
            source: Box::new(e),
        };
        for key in top.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                errors.push(at(
                    key,
                    ConfigError::UnknownKey {
                        key: key.clone(),
                        expected: TOP_KEYS.iter().map(|s| s.to_string()).collect(),
                    },
                ));
            }
        }
        let name = match top.get("name") {
            None => "pipeline".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                errors.push(at("name", type_error("a string", other)));
                String::new()
            }
        };
        if let Some(d) = top.get("description") {
            if !d.is_string() {
                errors.push(at("description", type_error("a string", d)));
            }
        }
        match top.get("version") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
            Some(other) => errors.push(at(
                "version",
                ConfigError::param(
                    "version",
                    format!("this textpipe reads config version 1, found {other}"),
                ),
            )),
        }
        let on_error = match top.get("on_error") {
            None => OnError::Skip,
            Some(Value::String(s)) if s == "skip" => OnError::Skip,
            Some(Value::String(s)) if s == "fail" => OnError::Fail,
            Some(other) => {
                errors.push(at(
                    "on_error",
                    ConfigError::param(
                        "on_error",
                        format!("expected \"skip\" or \"fail\", found {other}"),
                    ),
                ));
                OnError::Skip
            }
        };
        let mut stages = Vec::new();
        match top.get("stages") {
            None => errors.push(ConfigError::MissingKey {
                key: "stages".into(),
            }),
            Some(Value::Array(list)) => {
                let mut ids = BTreeSet::new();
                for (index, item) in list.iter().enumerate() {
                    match parse_entry(index, item, &lines) {
                        Ok(entry) => {
                            if !ids.insert(entry.id.clone()) {
                                errors.push(ConfigError::InStage {
                                    index,
                                    stage: entry.stage.clone(),
                                    line: entry.param_lines.get("id").copied().or(entry.line),
                                    source: Box::new(ConfigError::param(
                                        "id",
                                        format!("duplicate stage id \"{}\": give each instance its own `id`", entry.id),
                                    )),
                                });
                            }
                            stages.push(entry);
                        }
                        Err(e) => errors.push(e),
                    }
                }
            }
            Some(other) => errors.push(at("stages", type_error("a list of stage objects", other))),
        }
        finish(errors)?;
        Ok(PipelineConfig {
            name,
            on_error,
            stages,
            source: text.to_string(),
        })
    }

    /// Builds every stage through `registry` and checks the order of required and provided
    /// fields. Reports every problem at once.
    ///
    /// # Errors
    ///
    /// One [`ConfigError::InStage`] per failing stage (unknown name, bad parameter, wrong
    /// order), or [`ConfigError::Multiple`].
    pub fn build(&self, registry: &Registry) -> Result<Pipeline, ConfigError> {
        let mut errors = Vec::new();
        let mut built: Vec<(String, Box<dyn Stage>)> = Vec::new();
        let mut provided_by: Vec<Vec<String>> = Vec::new();
        for (index, entry) in self.stages.iter().enumerate() {
            match registry.build(&entry.stage, entry.plugin.as_deref(), &entry.params) {
                Ok(stage) => {
                    provided_by.push(stage.provides());
                    built.push((entry.id.clone(), stage));
                }
                Err(e) => {
                    // Several problems in one stage (unknown keys and a bad value): one error
                    // each, each with its own line.
                    errors.extend(e.into_list().into_iter().map(|e| in_stage(entry, index, e)));
                    provided_by.push(
                        registry
                            .info(&entry.stage)
                            .map(|i| i.provides.clone())
                            .unwrap_or_default(),
                    );
                }
            }
        }
        if errors.is_empty() {
            errors.extend(check_order(self, &built, registry));
        }
        finish(errors)?;
        Ok(Pipeline::new(self.name.clone(), self.on_error, built))
    }
}

/// Whether a stage entry in the pipeline schema may, must or must not name a `"plugin"`
/// library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKey {
    /// A built-in (registered) stage: `"plugin"` is not allowed.
    Forbidden,
    /// A plugin stage found by name on the plugin search path: `"plugin"` may be given.
    Optional,
    /// A plugin stage that can only be named with its library (a built-in stage has its name).
    Required,
}

/// One stage the pipeline schema knows: one alternative of the `stages` items.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSchema {
    /// Stage type name (`"stage": NAME`).
    pub name: String,
    /// What it does (the schema's `description`, shown by editors).
    pub description: String,
    /// The JSON Schema of its parameters: an object schema whose `properties` are the
    /// parameters and whose `"additionalProperties": false` forbids other keys. `None` accepts
    /// any parameters (a stage registered by hand).
    pub params: Option<Value>,
    /// Whether the entry may name a plugin library.
    pub plugin: PluginKey,
}

/// The JSON Schema dialect of [`pipeline_schema`]: draft 2020-12.
pub const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keys of a stage entry that are not parameters.
const ENTRY_KEYS: &[&str] = &["stage", "id", "plugin"];

/// The JSON Schema (draft 2020-12) of a pipeline config, for editors and `textpipe schema`.
///
/// The top level accepts exactly the keys [`PipelineConfig::parse`] reads (`"additionalProperties":
/// false`) and requires `stages`. Each item of `stages` is `oneOf`:
///
/// - one alternative per stage in `stages`: `"stage": {"const": NAME}`, `id`, the stage's
///   parameters, and no other key when the parameters are known;
/// - any stage loaded from a library named with `"plugin"`, with any parameters (the plugin
///   checks them when the stage is created), unless its name is one of the plugin stages in
///   `stages`, whose own alternative then applies.
///
/// The alternatives never overlap (built-in stages forbid `"plugin"`, the generic plugin entry
/// requires it and excludes the named plugin stages; the first stage of each name is kept), so
/// a valid entry matches exactly one. Duplicate `id`s and the order of fields required and
/// provided are not expressed: `textpipe validate` checks those.
pub fn pipeline_schema(stages: &[StageSchema]) -> Value {
    let mut seen = BTreeSet::new();
    let mut alternatives = Vec::new();
    let mut named_plugins = Vec::new();
    for stage in stages {
        if !seen.insert((stage.name.as_str(), stage.plugin == PluginKey::Forbidden)) {
            continue;
        }
        if stage.plugin != PluginKey::Forbidden {
            named_plugins.push(Value::from(stage.name.as_str()));
        }
        alternatives.push(entry_schema(stage));
    }
    let mut stage_name = serde_json::json!({"type": "string"});
    if !named_plugins.is_empty() {
        stage_name["not"] = serde_json::json!({"enum": named_plugins});
    }
    alternatives.push(serde_json::json!({
        "title": "plugin stage",
        "description": "A stage loaded from the shared library named by `plugin`; the plugin checks its parameters when the stage is created.",
        "type": "object",
        "properties": {
            "stage": stage_name,
            "id": id_schema(),
            "plugin": plugin_schema(),
        },
        "required": ["stage", "plugin"],
    }));
    let items = serde_json::json!({"oneOf": alternatives});
    let properties: Map<String, Value> = TOP_KEYS
        .iter()
        .map(|key| (key.to_string(), top_key_schema(key, &items)))
        .collect();
    serde_json::json!({
        "$schema": SCHEMA_DIALECT,
        "title": "textpipe pipeline config",
        "description": "A textpipe pipeline: the stages to run, in order, each with its parameters.",
        "type": "object",
        "properties": properties,
        "required": ["stages"],
        "additionalProperties": false,
    })
}

/// The schema of one top-level key of the config (each of [`TOP_KEYS`], as `parse` reads it).
fn top_key_schema(key: &str, stage_items: &Value) -> Value {
    match key {
        "name" => serde_json::json!({
            "type": "string",
            "description": "Pipeline name, for logs and statistics.",
            "default": "pipeline",
        }),
        "description" => serde_json::json!({
            "type": "string",
            "description": "What the pipeline is for (not used by textpipe).",
        }),
        "version" => serde_json::json!({
            "description": "Config format version: 1 (or absent).",
            "enum": [1, null],
        }),
        "on_error" => serde_json::json!({
            "description": "What to do with a document a stage rejects: \"skip\" writes it to the rejects file and goes on, \"fail\" stops the run.",
            "enum": ["skip", "fail"],
            "default": "skip",
        }),
        "stages" => serde_json::json!({
            "type": "array",
            "description": "The stages, in order: {\"stage\": NAME, \"id\": ..., \"plugin\": ..., PARAMETERS}.",
            "items": stage_items,
        }),
        _ => serde_json::json!({}),
    }
}

fn id_schema() -> Value {
    serde_json::json!({
        "type": "string",
        "minLength": 1,
        "description": "Instance name (default: the stage name), used in statistics and rejects; unique in the pipeline.",
    })
}

fn plugin_schema() -> Value {
    serde_json::json!({
        "type": "string",
        "minLength": 1,
        "description": "Path of the shared library (.so, .dylib, .dll) to load the stage from.",
    })
}

/// One `oneOf` alternative of `stages` items: the entry keys and the stage's parameters.
fn entry_schema(stage: &StageSchema) -> Value {
    let mut properties = Map::new();
    let mut name = serde_json::json!({"const": stage.name});
    if !stage.description.is_empty() {
        name["description"] = Value::from(stage.description.as_str());
    }
    properties.insert("stage".into(), name);
    properties.insert("id".into(), id_schema());
    properties.insert(
        "plugin".into(),
        match stage.plugin {
            PluginKey::Forbidden => Value::Bool(false),
            PluginKey::Optional | PluginKey::Required => plugin_schema(),
        },
    );
    let mut closed = false;
    if let Some(params) = &stage.params {
        closed = params.get("additionalProperties") == Some(&Value::Bool(false));
        if let Some(props) = params.get("properties").and_then(Value::as_object) {
            for (key, schema) in props {
                if !ENTRY_KEYS.contains(&key.as_str()) {
                    properties.insert(key.clone(), schema.clone());
                }
            }
        }
    }
    let required = if stage.plugin == PluginKey::Required {
        serde_json::json!(["stage", "plugin"])
    } else {
        serde_json::json!(["stage"])
    };
    let mut schema = serde_json::json!({
        "title": stage.name,
        "type": "object",
        "properties": properties,
        "required": required,
    });
    if !stage.description.is_empty() {
        schema["description"] = Value::from(stage.description.as_str());
    }
    if closed {
        schema["additionalProperties"] = Value::Bool(false);
    }
    schema
}

fn check_order(
    config: &PipelineConfig,
    built: &[(String, Box<dyn Stage>)],
    registry: &Registry,
) -> Vec<ConfigError> {
    use crate::document::fields;
    let mut errors = Vec::new();
    // field -> id of the stage that provided it
    let mut available: HashMap<String, String> = HashMap::new();
    available.insert(fields::TEXT.into(), "(input)".into());
    for (index, (entry, (_, stage))) in config.stages.iter().zip(built).enumerate() {
        for field in stage.requires() {
            if !available.contains_key(&field) {
                let provider = built[index + 1..]
                    .iter()
                    .find(|(_, s)| s.provides().contains(&field))
                    .map(|(_, s)| s.name().to_string())
                    .or_else(|| {
                        registry
                            .infos()
                            .into_iter()
                            .find(|i| i.provides.contains(&field))
                            .map(|i| i.name.clone())
                    });
                errors.push(in_stage(
                    entry,
                    index,
                    ConfigError::Order { field, provider },
                ));
            }
        }
        let provides = stage.provides();
        if provides.iter().any(|f| f == fields::TEXT) {
            if let Some((field, earlier)) = fields::SPAN_FIELDS
                .iter()
                .find_map(|f| available.get(*f).map(|p| (f.to_string(), p.clone())))
            {
                errors.push(in_stage(
                    entry,
                    index,
                    ConfigError::TextAfterSpans { earlier, field },
                ));
            }
        }
        for field in provides {
            available.insert(field, entry.id.clone());
        }
    }
    errors
}

fn in_stage(entry: &StageEntry, index: usize, e: ConfigError) -> ConfigError {
    let line = match &e {
        ConfigError::UnknownKey { key, .. } => entry.param_lines.get(key).copied(),
        ConfigError::Param { field, .. } => {
            let top = field.split(['.', '[']).next().unwrap_or("");
            entry.param_lines.get(top).copied()
        }
        ConfigError::UnknownStage { .. } => entry.param_lines.get("stage").copied(),
        ConfigError::Plugin { .. } => entry.param_lines.get("plugin").copied(),
        _ => None,
    }
    .or(entry.line);
    ConfigError::InStage {
        index,
        stage: entry.stage.clone(),
        line,
        source: Box::new(e),
    }
}

fn finish(mut errors: Vec<ConfigError>) -> Result<(), ConfigError> {
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0)),
        _ => Err(ConfigError::Multiple(errors)),
    }
}

fn type_error(expected: &str, found: &Value) -> ConfigError {
    ConfigError::Param {
        field: String::new(),
        message: format!("expected {expected}, found {}", kind_of(found)),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn parse_entry(
    index: usize,
    item: &Value,
    lines: &HashMap<String, usize>,
) -> Result<StageEntry, ConfigError> {
    let base = format!("stages/{index}");
    let line = lines.get(&base).copied();
    let wrap = |stage: &str, line: Option<usize>, e: ConfigError| ConfigError::InStage {
        index,
        stage: stage.to_string(),
        line,
        source: Box::new(e),
    };
    let Value::Object(obj) = item else {
        return Err(wrap(
            "?",
            line,
            type_error("a stage object like {\"stage\": \"clean\"}", item),
        ));
    };
    let mut param_lines = HashMap::new();
    for key in obj.keys() {
        if let Some(l) = lines.get(&format!("{base}/{key}")) {
            param_lines.insert(key.clone(), *l);
        }
    }
    let stage = match obj.get("stage") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(wrap("?", param_lines.get("stage").copied(), {
                let mut e = type_error("a stage name", other);
                if let ConfigError::Param { field, .. } = &mut e {
                    *field = "stage".into();
                }
                e
            }))
        }
        None => {
            let hint = if obj.contains_key("type") {
                ConfigError::param("type", "the stage name goes under `stage`, not `type`")
            } else {
                ConfigError::MissingKey {
                    key: "stage".into(),
                }
            };
            return Err(wrap("?", line, hint));
        }
    };
    let id = match obj.get("id") {
        None => stage.clone(),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(other) => {
            return Err(wrap(&stage, param_lines.get("id").copied(), {
                ConfigError::param("id", format!("expected a non-empty string, found {other}"))
            }))
        }
    };
    let plugin = match obj.get("plugin") {
        None => None,
        Some(Value::String(s)) if !s.is_empty() => Some(PathBuf::from(s)),
        Some(other) => {
            return Err(wrap(
                &stage,
                param_lines.get("plugin").copied(),
                ConfigError::param("plugin", format!("expected a library path, found {other}")),
            ))
        }
    };
    let params: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "stage" | "id" | "plugin"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(StageEntry {
        stage,
        id,
        plugin,
        params,
        line,
        param_lines,
    })
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The known name closest to `name` by edit distance (Levenshtein, in characters), if it is
/// close enough to be a typo: at most a third of the name's length, and at most 2 for short
/// names. Ties go to the name first in alphabetical order.
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(2);
    known
        .map(|k| (strsim::levenshtein(name, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k.to_string())
}

/// Maps every key and array element of a JSON text to its 1-based line, by path
/// (`"stages/2/sentences"`). The text is already known to be valid JSON.
fn locate(text: &str) -> HashMap<String, usize> {
    enum Frame {
        Obj {
            key: Option<String>,
            expect_key: bool,
        },
        Arr {
            index: usize,
            fresh: bool,
        },
    }
    fn path(stack: &[Frame], last: Option<String>) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (i, f) in stack.iter().enumerate() {
            let is_last = i + 1 == stack.len();
            match f {
                Frame::Obj { key, .. } if !is_last => parts.push(key.clone().unwrap_or_default()),
                Frame::Arr { index, .. } if !is_last => parts.push(index.to_string()),
                _ => {}
            }
        }
        if let Some(l) = last {
            parts.push(l);
        }
        parts.join("/")
    }
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut line = 1usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() || c == ':' {
            continue;
        }
        // An array element starts here?
        if let Some(Frame::Arr { index, fresh }) = stack.last_mut() {
            if *fresh && c != ']' && c != ',' {
                *fresh = false;
                let idx = *index;
                out.insert(path(&stack, Some(idx.to_string())), line);
            }
        }
        match c {
            '{' => stack.push(Frame::Obj {
                key: None,
                expect_key: true,
            }),
            '[' => stack.push(Frame::Arr {
                index: 0,
                fresh: true,
            }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Obj { expect_key, .. }) => *expect_key = true,
                Some(Frame::Arr { index, fresh }) => {
                    *index += 1;
                    *fresh = true;
                }
                None => {}
            },
            '"' => {
                let mut s = String::new();
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            if let Some(e) = chars.next() {
                                s.push(e);
                            }
                        }
                        '"' => break,
                        '\n' => {
                            line += 1;
                            s.push(d)
                        }
                        _ => s.push(d),
                    }
                }
                if let Some(Frame::Obj { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *key = Some(s);
                        *expect_key = false;
                        let k = key.clone();
                        out.insert(path(&stack, k), line);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_elements() {
        let text = "{\n  \"name\": \"x\",\n  \"stages\": [\n    {\"stage\": \"clean\"},\n    {\n      \"stage\": \"summarize\",\n      \"sentences\": 3\n    }\n  ]\n}";
        let l = locate(text);
        assert_eq!(l["name"], 2);
        assert_eq!(l["stages"], 3);
        assert_eq!(l["stages/0"], 4);
        assert_eq!(l["stages/0/stage"], 4);
        assert_eq!(l["stages/1"], 5);
        assert_eq!(l["stages/1/sentences"], 7);
    }

    #[test]
    fn suggests_close_names() {
        let known = ["clean", "sentence-split", "extract", "summarize"];
        assert_eq!(
            closest("sumarize", known.iter().copied()).as_deref(),
            Some("summarize")
        );
        assert_eq!(closest("zzzzzzzz", known.iter().copied()), None);
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = PipelineConfig::parse("{\n \"stages\": [\n  {\"stage\": \"clean\",}\n ]\n}")
            .unwrap_err();
        match err {
            ConfigError::Json { line, .. } => assert_eq!(line, 3),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn collects_every_structural_error() {
        let err = PipelineConfig::parse(
            "{\"stages\": [{\"type\": \"clean\"}, 3], \"on_eror\": \"skip\", \"on_error\": \"maybe\"}",
        )
        .unwrap_err();
        let list = err.into_list();
        assert_eq!(list.len(), 4, "{list:?}");
        let text: Vec<String> = list.iter().map(|e| e.to_string()).collect();
        assert!(text.iter().any(|t| t.contains("on_eror")));
        assert!(text.iter().any(|t| t.contains("stages[1]")));
        assert!(text.iter().any(|t| t.contains("\"skip\" or \"fail\"")));
    }

    #[test]
    fn entry_params_exclude_reserved_keys() {
        let c = PipelineConfig::parse(
            "{\"name\": \"n\", \"on_error\": \"fail\", \"stages\": [{\"stage\": \"summarize\", \"id\": \"s3\", \"sentences\": 3}]}",
        )
        .unwrap();
        assert_eq!(c.on_error, OnError::Fail);
        assert_eq!(c.stages[0].id, "s3");
        assert_eq!(c.stages[0].params.len(), 1);
        assert_eq!(c.stages[0].params["sentences"], 3);
    }

    #[test]
    fn suggestions_use_edit_distance() {
        let known = ["fix_mojibake", "strip_html", "short_line"];
        assert_eq!(
            closest("fix_mojibak", known.iter().copied()).as_deref(),
            Some("fix_mojibake")
        );
        assert_eq!(
            closest("shortline", known.iter().copied()).as_deref(),
            Some("short_line")
        );
        assert_eq!(closest("ab", known.iter().copied()), None);
        // Ties go to the first name alphabetically.
        assert_eq!(
            closest("ac", ["ab", "aa"].into_iter()).as_deref(),
            Some("aa")
        );
    }

    #[test]
    fn pipeline_schema_has_the_top_keys_and_one_alternative_per_stage() {
        let stages = [
            StageSchema {
                name: "clean".into(),
                description: "Cleans.".into(),
                params: Some(serde_json::json!({
                    "type": "object",
                    "properties": {"strip_html": {"type": "boolean"}, "id": {"type": "integer"}},
                    "additionalProperties": false,
                })),
                plugin: PluginKey::Forbidden,
            },
            StageSchema {
                name: "by-hand".into(),
                description: String::new(),
                params: None,
                plugin: PluginKey::Forbidden,
            },
            StageSchema {
                name: "word-stats".into(),
                description: "Counts.".into(),
                params: Some(
                    serde_json::json!({"type": "object", "properties": {}, "additionalProperties": false}),
                ),
                plugin: PluginKey::Optional,
            },
        ];
        let schema = pipeline_schema(&stages);
        assert_eq!(schema["$schema"], SCHEMA_DIALECT);
        assert_eq!(schema["additionalProperties"], false);
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, TOP_KEYS);
        let alternatives = schema["properties"]["stages"]["items"]["oneOf"]
            .as_array()
            .unwrap();
        assert_eq!(alternatives.len(), 4);
        let clean = &alternatives[0];
        assert_eq!(clean["properties"]["stage"]["const"], "clean");
        assert_eq!(clean["properties"]["plugin"], false);
        // A parameter named like an entry key cannot shadow it.
        assert_eq!(clean["properties"]["id"]["type"], "string");
        assert_eq!(clean["additionalProperties"], false);
        // Unknown parameters: any key.
        assert!(alternatives[1].get("additionalProperties").is_none());
        assert_eq!(alternatives[2]["required"], serde_json::json!(["stage"]));
        assert_eq!(alternatives[2]["properties"]["plugin"]["type"], "string");
        let generic = &alternatives[3];
        assert_eq!(generic["required"], serde_json::json!(["stage", "plugin"]));
        assert_eq!(
            generic["properties"]["stage"]["not"]["enum"],
            serde_json::json!(["word-stats"])
        );
    }

    #[test]
    fn duplicate_ids_rejected() {
        let err = PipelineConfig::parse("{\"stages\": [{\"stage\": \"a\"}, {\"stage\": \"a\"}]}")
            .unwrap_err();
        assert!(err.to_string().contains("duplicate stage id"), "{err}");
    }
}
