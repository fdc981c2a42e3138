//! The stage registry: stage names mapped to constructors.
//!
//! Core never names a stage crate. Each stage crate exports `pub fn register(reg: &mut Registry)`
//! and the binary (or a user's own program) calls it. Run-time plugins come in through a
//! [`PluginLoader`] set on the registry.

use crate::error::ConfigError;
use crate::stage::Stage;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Documentation of one stage parameter, for `textpipe stages`.
#[derive(Debug, Clone, Serialize)]
pub struct ParamInfo {
    /// Parameter name as written in the config.
    pub name: String,
    /// Type in words ("integer", "number", "string", "boolean", "list of strings").
    pub kind: String,
    /// The default value (JSON).
    pub default: Value,
    /// What it does, its unit and range, and what it conflicts with.
    pub doc: String,
}

impl ParamInfo {
    /// A parameter description; the default is filled in by [`Registry::register_config`].
    pub fn new(name: &str, kind: &str, doc: &str) -> Self {
        ParamInfo {
            name: name.into(),
            kind: kind.into(),
            default: Value::Null,
            doc: doc.into(),
        }
    }
}

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

/// A stage's config type: deserialized from the stage's JSON object (without `stage` and `id`),
/// validated, then built into the runtime stage.
///
/// Implement it on a `#[serde(deny_unknown_fields, default)]` struct with a `Default` impl and
/// register it with [`Registry::register_config`].
pub trait StageConfig: DeserializeOwned + Serialize + Default + 'static {
    /// Type name in pipeline configs.
    const NAME: &'static str;
    /// One-paragraph description for `textpipe stages`.
    const DESCRIPTION: &'static str;

    /// Parameter docs (defaults are filled in from `Default`).
    fn params() -> Vec<ParamInfo>;

    /// Checks values serde cannot check (ranges, conflicts). Both `build` and `textpipe validate`
    /// go through it.
    ///
    /// # Errors
    ///
    /// A [`ConfigError::Param`] naming the field.
    fn validate(&self) -> Result<(), ConfigError> {
        Ok(())
    }

    /// Builds the runtime stage. Called after [`StageConfig::validate`] succeeded.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] when a resource (a model, a word list) cannot be loaded.
    fn build(self) -> Result<Box<dyn Stage>, ConfigError>;
}

/// Deserializes a stage's parameters into `T`, turning serde's message into a
/// [`ConfigError`] that names the field.
///
/// # Errors
///
/// [`ConfigError::UnknownKey`] for a key `T` does not accept, [`ConfigError::Param`] otherwise.
pub fn parse_params<T: DeserializeOwned>(params: &Map<String, Value>) -> Result<T, ConfigError> {
    let value = Value::Object(params.clone());
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let msg = inner.to_string();
            if let Some(rest) = msg.strip_prefix("unknown field `") {
                let key = rest.split('`').next().unwrap_or("").to_string();
                let expected = rest
                    .split_once("expected ")
                    .map(|(_, e)| {
                        e.split(", ")
                            .map(|s| {
                                s.trim_start_matches("one of ")
                                    .trim_matches('`')
                                    .to_string()
                            })
                            .filter(|s| !s.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                return Err(ConfigError::UnknownKey { key, expected });
            }
            let field = if path == "." { String::new() } else { path };
            Err(ConfigError::Param {
                field,
                message: msg,
            })
        }
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
    plugins: Option<Box<dyn PluginLoader>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers a stage from its config type. The defaults and the fields required and
    /// provided shown by `textpipe stages` come from `C::default()`.
    pub fn register_config<C: StageConfig>(&mut self) {
        let defaults = serde_json::to_value(C::default()).unwrap_or(Value::Null);
        let mut params = C::params();
        for p in &mut params {
            if let Some(v) = defaults.get(&p.name) {
                p.default = v.clone();
            }
        }
        let (requires, provides) = match C::default().build() {
            Ok(stage) => (stage.requires(), stage.provides()),
            Err(_) => (Vec::new(), Vec::new()),
        };
        let info = StageInfo {
            name: C::NAME.to_string(),
            description: C::DESCRIPTION.to_string(),
            params,
            requires,
            provides,
            origin: "built-in".into(),
        };
        self.register(info, |params| {
            let config: C = parse_params(params)?;
            config.validate()?;
            config.build()
        });
    }

    /// Registers a stage with a hand-written constructor (for stages without a serde config).
    pub fn register<F>(&mut self, info: StageInfo, build: F)
    where
        F: Fn(&Map<String, Value>) -> Result<Box<dyn Stage>, ConfigError> + Send + Sync + 'static,
    {
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
