//! The stage registry: stage names mapped to constructors, and what each stage says about
//! itself.
//!
//! Core never names a stage crate. Each stage crate exports `pub fn register(reg: &mut Registry)`
//! and the binary (or a user's own program) calls it. Run-time plugins come in through a
//! [`PluginLoader`] set on the registry.
//!
//! # Stage metadata
//!
//! A built-in stage describes itself once, on its config type (a [`StageConfig`]):
//!
//! - its name and description: [`StageConfig::NAME`] and [`StageConfig::DESCRIPTION`];
//! - its parameters: the config struct itself. It derives `schemars::JsonSchema`, and
//!   [`Registry::register_config`] reads the struct's JSON Schema (draft 2020-12, see
//!   [`config_schema`]): one [`ParamInfo`] per property, in field order, with the
//!   [`ParamKind`] named by the property's schema ([`ParamKind::from_json_schema`]), the field's
//!   doc comment as its documentation and the value in `C::default()` as its default. Ranges
//!   and other constraints given with `#[schemars(...)]` attributes end up in the schema, for
//!   editors; [`StageConfig::validate`] still checks them at run time;
//! - the fields it reads and writes: [`StageConfig::requires`] and [`StageConfig::provides`],
//!   computed from the config without building the stage (building may load a model, and a
//!   failing default build would hide the stage's fields). The registry checks, in debug
//!   builds, that every stage it builds reports the fields its config declared.
//!
//! `textpipe stages` ([`Registry::infos`]), `textpipe validate` (which builds through
//! [`Registry::build`], so through [`parse_params`]) and `textpipe schema`
//! ([`Registry::params_schema`] and [`crate::config::pipeline_schema`]) all read this one
//! description. Unknown keys are found structurally: the schema of a
//! `#[serde(deny_unknown_fields)]` struct says `"additionalProperties": false`, and every key
//! that is not one of its properties is reported ([`ConfigError::UnknownKey`], with a "did you
//! mean" suggestion) before serde sees the rest; serde's error text is never parsed.
//!
//! A plugin describes its stages with the same [`ParamInfo`] type (the plugin SDK's `Param`,
//! both being [`textpipe_model::Param`]), so their parameters are listed, checked and put in the
//! schema the same way.

use crate::config::{PluginKey, StageSchema};
use crate::error::ConfigError;
use crate::stage::Stage;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

pub use textpipe_model::params::ParamKind;

/// Documentation of one stage parameter (name, [`ParamKind`], default, doc), for `textpipe
/// stages` and `textpipe schema`. The same type as the plugin SDK's `Param`.
pub type ParamInfo = textpipe_model::params::Param;

/// What `textpipe stages` shows about a stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageInfo {
    /// Type name used in pipeline configs.
    pub name: String,
    /// One-paragraph description.
    pub description: String,
    /// Parameters with defaults.
    pub params: Vec<ParamInfo>,
    /// Fields required (with default parameters).
    pub requires: Vec<String>,
    /// Fields provided (with default parameters).
    pub provides: Vec<String>,
    /// Where it comes from: "built-in", "linked", or a plugin path.
    pub origin: String,
}

impl StageInfo {
    /// The JSON Schema of the stage's parameters built from [`StageInfo::params`] alone (each
    /// [`ParamKind`]'s schema, with doc and default): an object schema that accepts no other
    /// key. Used for plugin stages, whose SDK rejects undeclared parameters.
    pub fn params_schema(&self) -> Value {
        let properties: Map<String, Value> = self
            .params
            .iter()
            .map(|p| (p.name.clone(), p.json_schema()))
            .collect();
        serde_json::json!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }

    /// The pipeline-schema alternative ([`crate::config::pipeline_schema`]) of a plugin stage
    /// described by this info: parameters from [`StageInfo::params_schema`]; `"plugin"`
    /// required when `shadowed` (a registered stage has the same name, so the name alone
    /// would not load the plugin), optional otherwise.
    pub fn plugin_schema(&self, shadowed: bool) -> StageSchema {
        StageSchema {
            name: self.name.clone(),
            description: self.description.clone(),
            params: Some(self.params_schema()),
            plugin: if shadowed {
                PluginKey::Required
            } else {
                PluginKey::Optional
            },
        }
    }
}

/// A stage's config type: deserialized from the stage's JSON object (without `stage` and `id`),
/// validated, then built into the runtime stage. It is also the stage's description (see the
/// [module docs](self#stage-metadata)).
///
/// Implement it on a `#[serde(deny_unknown_fields, default)]` struct that derives `JsonSchema`
/// and has a `Default` impl, document every field (the doc comment is the parameter's
/// documentation), and register it with [`Registry::register_config`].
pub trait StageConfig: DeserializeOwned + Serialize + JsonSchema + Default + 'static {
    /// Type name in pipeline configs.
    const NAME: &'static str;
    /// One-paragraph description for `textpipe stages`.
    const DESCRIPTION: &'static str;

    /// Checks values serde cannot check (ranges, conflicts). Both `build` and `textpipe validate`
    /// go through it.
    ///
    /// # Errors
    ///
    /// A [`ConfigError::Param`] naming the field.
    fn validate(&self) -> Result<(), ConfigError> {
        Ok(())
    }

    /// Fields a stage built from this config reads (what its [`Stage::requires`] will say),
    /// computed without building it.
    fn requires(&self) -> Vec<String>;

    /// Fields a stage built from this config adds or replaces (what its [`Stage::provides`]
    /// will say), computed without building it.
    fn provides(&self) -> Vec<String>;

    /// Builds the runtime stage. Called after [`StageConfig::validate`] succeeded.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] when a resource (a model, a word list) cannot be loaded.
    fn build(self) -> Result<Box<dyn Stage>, ConfigError>;
}

/// The JSON Schema (draft 2020-12) of a config type, as `#[derive(JsonSchema)]` describes it
/// for deserializing, with every subschema inlined (no `$ref`), so that a property's schema can
/// be moved into a larger schema (`textpipe schema`) as it is.
///
/// Doc comments become `description`s with their hard line wraps undone (a paragraph is one
/// line; blank lines and list items are kept), as editors and `textpipe stages` show them.
pub fn config_schema<T: JsonSchema>() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    unwrap_descriptions(&mut schema);
    schema
}

/// Undoes the line wrapping of every `description` in a schema.
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => *text = unwrap_doc(text),
                    other => unwrap_descriptions(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// A doc comment's text with each paragraph on one line: a newline becomes a space unless the
/// next line is blank or starts a list item (`- `, `* `).
fn unwrap_doc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line.trim_end());
        if let Some(next) = lines.peek() {
            let next = next.trim_start();
            let keep = line.trim().is_empty()
                || next.is_empty()
                || next.starts_with("- ")
                || next.starts_with("* ");
            out.push(if keep { '\n' } else { ' ' });
        }
    }
    out
}

/// The JSON Schema of a choice of strings, `{"type": "string", "enum": [...]}`, naming each of
/// `values` as serde writes it. For a config field whose type is an enum defined outside the
/// config module, which need not derive `JsonSchema`:
/// `#[schemars(schema_with = "my_field_schema")]` with
/// `fn my_field_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
/// choice_schema(&[Mode::A, Mode::B]) }`.
pub fn choice_schema<T: Serialize>(values: &[T]) -> schemars::Schema {
    let names: Vec<Value> = values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .collect();
    schemars::json_schema!({"type": "string", "enum": names})
}

/// The parameters a config schema describes, in property order: kind from the property's
/// schema, doc from its description, default from `defaults` (the serialized `Default`) or
/// else the schema's `default`.
pub fn params_from_schema(schema: &Value, defaults: &Value) -> Vec<ParamInfo> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, prop)| ParamInfo {
            name: name.clone(),
            kind: ParamKind::from_json_schema(prop, schema),
            default: defaults
                .get(name)
                .or_else(|| prop.get("default"))
                .cloned()
                .unwrap_or(Value::Null),
            doc: prop
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        })
        .collect()
}

/// The keys an object schema accepts, when it accepts no others (`"additionalProperties":
/// false`); `None` when any key is allowed.
fn closed_keys(schema: &Value) -> Option<Vec<String>> {
    if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
        return None;
    }
    Some(
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default(),
    )
}

/// Deserializes a stage's parameters into `T`, checking the keys against `T`'s JSON Schema
/// first. Every problem is reported: each unknown key, then the first type error among the
/// known ones.
///
/// # Errors
///
/// [`ConfigError::UnknownKey`] for a key `T` does not accept, [`ConfigError::Param`] naming
/// the field otherwise, or [`ConfigError::Multiple`] when there are several.
pub fn parse_params<T: DeserializeOwned + JsonSchema>(
    params: &Map<String, Value>,
) -> Result<T, ConfigError> {
    parse_with_schema(params, &config_schema::<T>())
}

/// [`parse_params`] with `T`'s schema already computed.
fn parse_with_schema<T: DeserializeOwned>(
    params: &Map<String, Value>,
    schema: &Value,
) -> Result<T, ConfigError> {
    let mut errors = Vec::new();
    let mut known = params.clone();
    if let Some(accepted) = closed_keys(schema) {
        for key in params.keys() {
            if !accepted.contains(key) {
                errors.push(ConfigError::UnknownKey {
                    key: key.clone(),
                    expected: accepted.clone(),
                });
                known.remove(key);
            }
        }
    }
    match serde_path_to_error::deserialize::<_, T>(Value::Object(known)) {
        Ok(v) if errors.is_empty() => return Ok(v),
        Ok(_) => {}
        Err(err) => errors.push(type_error(err, params, schema)),
    }
    if errors.len() == 1 {
        Err(errors.remove(0))
    } else {
        Err(ConfigError::Multiple(errors))
    }
}

/// A [`ConfigError::Param`] for a deserialization error, naming its path. When the value at a
/// top-level key is not of the key's [`ParamKind`] the message says so in the kind's words
/// ("expected integer, found \"three\""); otherwise it is serde's.
fn type_error(
    err: serde_path_to_error::Error<serde_json::Error>,
    params: &Map<String, Value>,
    schema: &Value,
) -> ConfigError {
    let path = err.path().to_string();
    let top = match err.path().iter().collect::<Vec<_>>().as_slice() {
        [serde_path_to_error::Segment::Map { key }] => Some(key.clone()),
        _ => None,
    };
    let inner = err.into_inner();
    let message = top
        .as_ref()
        .and_then(|key| {
            let value = params.get(key)?;
            let prop = schema.get("properties")?.get(key)?;
            let kind = ParamKind::from_json_schema(prop, schema);
            (!kind.accepts(value)).then(|| format!("expected {kind}, found {value}"))
        })
        .unwrap_or_else(|| inner.to_string());
    ConfigError::Param {
        field: if path == "." { String::new() } else { path },
        message,
    }
}

type BuildFn =
    Box<dyn Fn(&Map<String, Value>) -> Result<Box<dyn Stage>, ConfigError> + Send + Sync>;

/// Loads stages from shared libraries at run time. Implemented by the plugin host; core only
/// calls it.
pub trait PluginLoader: Send + Sync {
    /// Loads the stage `name` from the library at `path` with these parameters.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Plugin`] naming the path (not found, not a library, missing symbols, ABI
    /// version mismatch, parameters rejected).
    fn load(
        &self,
        path: &Path,
        name: &str,
        params: &Map<String, Value>,
    ) -> Result<Box<dyn Stage>, ConfigError>;

    /// Finds a library on the plugin search path that provides stage `name`.
    fn find(&self, name: &str) -> Option<std::path::PathBuf>;

    /// Describes the stages a library provides.
    ///
    /// # Errors
    ///
    /// As [`PluginLoader::load`].
    fn describe(&self, path: &Path) -> Result<Vec<StageInfo>, ConfigError>;
}

/// Maps stage names to constructors.
#[derive(Default)]
pub struct Registry {
    entries: BTreeMap<String, (StageInfo, BuildFn)>,
    schemas: BTreeMap<String, Value>,
    plugins: Option<Box<dyn PluginLoader>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers a stage from its config type: name, description, parameters (from the
    /// config's JSON Schema and `C::default()`), fields required and provided (declared by
    /// `C::default()`, without building), and a constructor that checks the keys, deserializes,
    /// validates and builds.
    pub fn register_config<C: StageConfig>(&mut self) {
        let schema = config_schema::<C>();
        let defaults = serde_json::to_value(C::default()).unwrap_or(Value::Null);
        let default = C::default();
        let info = StageInfo {
            name: C::NAME.to_string(),
            description: C::DESCRIPTION.to_string(),
            params: params_from_schema(&schema, &defaults),
            requires: default.requires(),
            provides: default.provides(),
            origin: "built-in".into(),
        };
        let parse_schema = schema.clone();
        self.register(info, move |params| {
            let config: C = parse_with_schema(params, &parse_schema)?;
            config.validate()?;
            let (requires, provides) = (config.requires(), config.provides());
            let stage = config.build()?;
            debug_assert!(
                stage.requires() == requires && stage.provides() == provides,
                "stage \"{}\" reports requires {:?} / provides {:?}, its config declared {:?} / {:?}",
                C::NAME,
                stage.requires(),
                stage.provides(),
                requires,
                provides
            );
            Ok(stage)
        });
        self.schemas.insert(C::NAME.to_string(), schema);
    }

    /// The pipeline-schema alternative ([`crate::config::pipeline_schema`]) of every
    /// registered stage, sorted by name: parameters from [`Registry::params_schema`].
    pub fn stage_schemas(&self) -> Vec<StageSchema> {
        self.infos()
            .into_iter()
            .map(|info| StageSchema {
                name: info.name.clone(),
                description: info.description.clone(),
                params: self.schemas.get(&info.name).cloned(),
                plugin: PluginKey::Forbidden,
            })
            .collect()
    }

    /// The JSON Schema of stage `name`'s parameters (an object schema, see [`config_schema`])
    /// for stages registered with [`Registry::register_config`]; `None` for stages registered
    /// by hand, whose accepted keys the registry does not know.
    pub fn params_schema(&self, name: &str) -> Option<&Value> {
        self.schemas.get(name)
    }

    /// Registers a stage with a hand-written constructor (for stages without a serde config).
    pub fn register<F>(&mut self, info: StageInfo, build: F)
    where
        F: Fn(&Map<String, Value>) -> Result<Box<dyn Stage>, ConfigError> + Send + Sync + 'static,
    {
        self.schemas.remove(&info.name);
        self.entries
            .insert(info.name.clone(), (info, Box::new(build)));
    }

    /// Sets the loader used for `"plugin"` entries and for names found on the plugin path.
    pub fn set_plugin_loader(&mut self, loader: Box<dyn PluginLoader>) {
        self.plugins = Some(loader);
    }

    /// The plugin loader, if one is set.
    pub fn plugin_loader(&self) -> Option<&dyn PluginLoader> {
        self.plugins.as_deref()
    }

    /// Names of every registered stage, sorted.
    pub fn names(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    /// Info about every registered stage, sorted by name.
    pub fn infos(&self) -> Vec<&StageInfo> {
        self.entries.values().map(|(i, _)| i).collect()
    }

    /// Info about one stage.
    pub fn info(&self, name: &str) -> Option<&StageInfo> {
        self.entries.get(name).map(|(i, _)| i)
    }

    /// Builds stage `name` with `params`; `plugin` is the library path from the config, if any.
    ///
    /// # Errors
    ///
    /// [`ConfigError::UnknownStage`] with the closest known name, or the stage's own error.
    pub fn build(
        &self,
        name: &str,
        plugin: Option<&Path>,
        params: &Map<String, Value>,
    ) -> Result<Box<dyn Stage>, ConfigError> {
        if let Some(path) = plugin {
            return match &self.plugins {
                Some(loader) => loader.load(path, name, params),
                None => Err(ConfigError::Plugin {
                    path: path.to_path_buf(),
                    message: "this program was built without plugin support".into(),
                }),
            };
        }
        if let Some((_, build)) = self.entries.get(name) {
            return build(params);
        }
        if let Some(loader) = &self.plugins {
            if let Some(path) = loader.find(name) {
                return loader.load(&path, name, params);
            }
        }
        let known = self.names();
        Err(ConfigError::UnknownStage {
            name: name.to_string(),
            suggestion: crate::config::closest(name, known.iter().map(String::as_str)),
            known,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::document::Document;
    use crate::stage::StageError;
    use serde::Deserialize;
    use serde_json::json;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static BUILDS: AtomicUsize = AtomicUsize::new(0);

    /// How a word is written.
    #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(rename_all = "lowercase")]
    enum Case {
        /// As given.
        Keep,
        /// In upper case.
        Upper,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields, default)]
    struct EchoConfig {
        /// Times to repeat, 1..=10.
        #[schemars(range(min = 1, max = 10))]
        repeat: usize,
        /// Output field.
        field: String,
        /// Share to keep.
        ratio: Option<f64>,
        /// Words to skip.
        skip: Vec<String>,
        /// Case of the output.
        case: Case,
        /// Also count.
        count: bool,
    }

    impl Default for EchoConfig {
        fn default() -> Self {
            EchoConfig {
                repeat: 1,
                field: "echo".into(),
                ratio: None,
                skip: Vec::new(),
                case: Case::Keep,
                count: false,
            }
        }
    }

    struct Echo(String);

    impl Stage for Echo {
        fn name(&self) -> &str {
            "echo"
        }
        fn requires(&self) -> Vec<String> {
            vec!["text".into()]
        }
        fn provides(&self) -> Vec<String> {
            vec![self.0.clone()]
        }
        fn process(&self, _doc: &mut Document) -> Result<(), StageError> {
            Ok(())
        }
    }

    impl StageConfig for EchoConfig {
        const NAME: &'static str = "echo";
        const DESCRIPTION: &'static str = "Echoes.";
        fn validate(&self) -> Result<(), ConfigError> {
            if !(1..=10).contains(&self.repeat) {
                return Err(ConfigError::param("repeat", "must be between 1 and 10"));
            }
            Ok(())
        }
        fn requires(&self) -> Vec<String> {
            vec!["text".into()]
        }
        fn provides(&self) -> Vec<String> {
            vec![self.field.clone()]
        }
        fn build(self) -> Result<Box<dyn Stage>, ConfigError> {
            BUILDS.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(Echo(self.field)))
        }
    }

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn params_come_from_the_config_struct() {
        let before = BUILDS.load(Ordering::SeqCst);
        let mut reg = Registry::new();
        reg.register_config::<EchoConfig>();
        // Describing the stage built nothing.
        assert_eq!(BUILDS.load(Ordering::SeqCst), before);
        let info = reg.info("echo").unwrap();
        assert_eq!(info.description, "Echoes.");
        assert_eq!(info.requires, ["text"]);
        assert_eq!(info.provides, ["echo"]);
        let got: Vec<(&str, String, Value, &str)> = info
            .params
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.kind.to_string(),
                    p.default.clone(),
                    p.doc.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "repeat",
                    "integer".into(),
                    json!(1),
                    "Times to repeat, 1..=10."
                ),
                ("field", "string".into(), json!("echo"), "Output field."),
                ("ratio", "number".into(), Value::Null, "Share to keep."),
                (
                    "skip",
                    "list of strings".into(),
                    json!([]),
                    "Words to skip."
                ),
                (
                    "case",
                    "one of \"keep\", \"upper\"".into(),
                    json!("keep"),
                    "Case of the output."
                ),
                ("count", "boolean".into(), json!(false), "Also count."),
            ]
        );
        let schema = reg.params_schema("echo").unwrap();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["properties"]["repeat"]["maximum"], 10);
    }

    #[test]
    fn unknown_keys_are_found_from_the_schema() {
        let err = parse_params::<EchoConfig>(&params(json!({"repaet": 2}))).unwrap_err();
        match &err {
            ConfigError::UnknownKey { key, expected } => {
                assert_eq!(key, "repaet");
                assert_eq!(
                    expected,
                    &["repeat", "field", "ratio", "skip", "case", "count"]
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        let text = err.to_string();
        assert!(
            text.starts_with(
                "unknown key `repaet`: did you mean `repeat`? (expected one of: repeat, field"
            ),
            "{text}"
        );
        // Every unknown key, and a type error among the known ones, at once.
        let err = parse_params::<EchoConfig>(&params(
            json!({"bogus": 1, "repeat": "twice", "zzzzzzzzzz": 2}),
        ))
        .unwrap_err();
        let list = err.into_list();
        assert_eq!(list.len(), 3, "{list:?}");
        assert!(matches!(&list[0], ConfigError::UnknownKey { key, .. } if key == "bogus"));
        assert!(matches!(&list[1], ConfigError::UnknownKey { key, .. } if key == "zzzzzzzzzz"));
        assert!(!list[1].to_string().contains("did you mean"), "{}", list[1]);
        assert!(matches!(&list[2], ConfigError::Param { field, .. } if field == "repeat"));
    }

    #[test]
    fn type_errors_name_the_field_and_the_kind() {
        let cases = [
            (
                json!({"repeat": "twice"}),
                "repeat",
                "expected integer, found \"twice\"",
            ),
            (json!({"count": 1}), "count", "expected boolean, found 1"),
            (
                json!({"case": "lower"}),
                "case",
                "expected one of \"keep\", \"upper\", found \"lower\"",
            ),
            (
                json!({"ratio": "half"}),
                "ratio",
                "expected number, found \"half\"",
            ),
        ];
        for (v, field, message) in cases {
            match parse_params::<EchoConfig>(&params(v.clone())).unwrap_err() {
                ConfigError::Param {
                    field: f,
                    message: m,
                } => {
                    assert_eq!((f.as_str(), m.as_str()), (field, message), "{v}");
                }
                other => panic!("{v}: unexpected {other:?}"),
            }
        }
        // A value of the right kind that serde still refuses keeps serde's message.
        match parse_params::<EchoConfig>(&params(json!({"repeat": -1}))).unwrap_err() {
            ConfigError::Param { field, message } => {
                assert_eq!(field, "repeat");
                assert!(message.contains("-1"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        // Nested paths are kept.
        match parse_params::<EchoConfig>(&params(json!({"skip": ["a", 3]}))).unwrap_err() {
            ConfigError::Param { field, .. } => assert_eq!(field, "skip[1]"),
            other => panic!("unexpected {other:?}"),
        }
        let ok: EchoConfig =
            parse_params(&params(json!({"ratio": null, "case": "upper"}))).unwrap();
        assert_eq!(ok.case, Case::Upper);
    }

    #[test]
    fn build_goes_through_the_same_checks() {
        let mut reg = Registry::new();
        reg.register_config::<EchoConfig>();
        let stage = reg
            .build("echo", None, &params(json!({"field": "out"})))
            .unwrap();
        assert_eq!(stage.provides(), ["out"]);
        let err = reg
            .build("echo", None, &params(json!({"repeat": 0})))
            .err()
            .unwrap();
        assert!(err.to_string().contains("repeat"), "{err}");
        let err = reg.build("ehco", None, &Map::new()).err().unwrap();
        assert!(err.to_string().contains("did you mean \"echo\""), "{err}");
    }

    #[test]
    fn doc_line_wraps_are_undone() {
        assert_eq!(
            unwrap_doc("one\ntwo.\n\nThree\n- a\n- b"),
            "one two.\n\nThree\n- a\n- b"
        );
        assert_eq!(unwrap_doc("single"), "single");
    }

    #[test]
    fn plugin_params_give_a_closed_schema() {
        let info = StageInfo {
            name: "p".into(),
            description: String::new(),
            params: vec![ParamInfo::new("n", "integer", json!(3), "how many")],
            requires: vec![],
            provides: vec![],
            origin: "lib.so".into(),
        };
        assert_eq!(
            info.params_schema(),
            json!({
                "type": "object",
                "properties": {"n": {"type": "integer", "description": "how many", "default": 3}},
                "additionalProperties": false,
            })
        );
        assert_eq!(info.plugin_schema(true).plugin, PluginKey::Required);
        assert_eq!(info.plugin_schema(false).plugin, PluginKey::Optional);
    }
}
