//! What a plugin says about its stages: the [`Descriptor`] the host reads through `describe`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What kind of stage: a transform adds fields or rewrites the text; a filter may also drop
/// documents (dropped documents are counted and listed in the rejects file with the reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Adds fields or rewrites text and metadata; never drops a document.
    #[default]
    Transform,
    /// May drop documents, with a reason.
    Filter,
}

impl Kind {
    /// `"transform"` or `"filter"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Transform => "transform",
            Kind::Filter => "filter",
        }
    }
}

/// One parameter of a stage: name, kind, default and documentation. The same type as
/// textpipe-core's `ParamInfo` (both are [`textpipe_model::Param`]); its [`ParamKind`] is
/// checked by the SDK before `create` (see [`crate::Params::resolve`]).
pub use textpipe_model::params::{Param, ParamKind};

/// Describes one stage a plugin library provides. Serialized as JSON across the boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Descriptor {
    /// Stage type name used in pipeline configs (`"word-stats"`).
    pub name: String,
    /// The plugin's version (usually `env!("CARGO_PKG_VERSION")`).
    pub version: String,
    /// One-paragraph description for `textpipe stages`.
    pub description: String,
    /// Transform or filter.
    #[serde(default)]
    pub kind: Kind,
    /// Parameters with defaults.
    #[serde(default)]
    pub params: Vec<Param>,
    /// Fields read (with default parameters). Only these, besides the text, are sent to the
    /// plugin with each document.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Fields added or replaced (with default parameters). A plugin may only write fields it
    /// provides.
    #[serde(default)]
    pub provides: Vec<String>,
    /// Names of the counters the stage may bump (shown in the run statistics).
    #[serde(default)]
    pub counters: Vec<String>,
}

impl Descriptor {
    /// A transform with no parameters, requirements or outputs yet.
    pub fn new(name: &str, version: &str, description: &str) -> Self {
        Descriptor {
            name: name.into(),
            version: version.into(),
            description: description.into(),
            kind: Kind::Transform,
            params: Vec::new(),
            requires: Vec::new(),
            provides: Vec::new(),
            counters: Vec::new(),
        }
    }

    /// Sets the kind.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds a parameter; `kind` is a [`ParamKind`] or its word (`"integer"`, `"list of
    /// strings"`).
    pub fn with_param(
        mut self,
        name: &str,
        kind: impl Into<ParamKind>,
        default: Value,
        doc: &str,
    ) -> Self {
        self.params.push(Param::new(name, kind, default, doc));
        self
    }

    /// Sets the fields read.
    pub fn with_requires(mut self, fields: &[&str]) -> Self {
        self.requires = fields.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Sets the fields written.
    pub fn with_provides(mut self, fields: &[&str]) -> Self {
        self.provides = fields.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Sets the counter names.
    pub fn with_counters(mut self, names: &[&str]) -> Self {
        self.counters = names.iter().map(|s| s.to_string()).collect();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_and_defaults_missing_lists() {
        let d = Descriptor::new("x", "1.0.0", "does x")
            .with_kind(Kind::Filter)
            .with_param("n", "integer", json!(3), "how many")
            .with_requires(&["sentences"])
            .with_provides(&["x"])
            .with_counters(&["seen"]);
        let text = serde_json::to_string(&d).unwrap();
        assert!(text.contains("\"kind\":\"filter\""));
        let back: Descriptor = serde_json::from_str(&text).unwrap();
        assert_eq!(back, d);
        let minimal: Descriptor =
            serde_json::from_str(r#"{"name":"y","version":"0","description":""}"#).unwrap();
        assert_eq!(minimal.kind, Kind::Transform);
        assert!(minimal.params.is_empty() && minimal.requires.is_empty());
    }
}
