//! The safe side of the SDK: the [`PluginStage`] trait a plugin author implements, the
//! [`PluginDoc`] it reads, the [`Params`] it is built from and the [`Outcome`] it returns.

use crate::descriptor::{Descriptor, Param};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A stage in a plugin library. [`crate::export_stage!`] turns implementations into the
/// library's C entry points.
///
/// The host calls [`PluginStage::process`] from several threads at once on the same instance,
/// hence the `Send + Sync` bound: keep settings in the struct and per-document state on the
/// stack. Shared mutable state needs a lock or atomics, and must stay consistent if a panic
/// interrupts a call (a panic rejects that one document and the run goes on).
pub trait PluginStage: Send + Sync + Sized + 'static {
    /// Name, version, kind, parameters with defaults, and the fields required and provided.
    fn describe() -> Descriptor;

    /// Builds the stage from its parameters. Unknown parameters and values of the wrong JSON
    /// type were already refused by the SDK, and every parameter of the descriptor is present
    /// (defaults filled in).
    ///
    /// # Errors
    ///
    /// A message naming the parameter when a value is out of range; the host reports it with
    /// the library path and a non-zero exit.
    fn create(params: &Params) -> Result<Self, String>;

    /// Fields this instance reads; defaults to the descriptor's (override when parameters
    /// change them).
    fn requires(&self) -> Vec<String> {
        Self::describe().requires
    }

    /// Fields this instance writes; defaults to the descriptor's.
    fn provides(&self) -> Vec<String> {
        Self::describe().provides
    }

    /// Processes one document.
    ///
    /// # Errors
    ///
    /// A message: the document is rejected (listed in the rejects file with it) and the run
    /// goes on. Use [`Outcome::drop`] to filter a document out, [`Outcome::fatal`] to stop the
    /// run.
    fn process(&self, doc: &PluginDoc<'_>) -> Result<Outcome, String>;
}

/// A half-open byte range `[start, end)` into [`PluginDoc::text`], on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct ByteSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One document as a plugin sees it: id, text, and only the fields the stage requires.
///
/// The fields arrive as JSON and are parsed on first use, so a stage pays only for what it
/// reads: [`PluginDoc::sentences`] parses just the spans, [`PluginDoc::field`] the whole object.
#[derive(Debug)]
pub struct PluginDoc<'a> {
    id: &'a str,
    text: &'a str,
    raw: &'a [u8],
    fields: OnceLock<Map<String, Value>>,
}

/// Only the sentence spans of the fields object (other keys skipped unparsed).
#[derive(serde::Deserialize)]
struct SentencesOnly {
    #[serde(default)]
    sentences: Option<Vec<ByteSpan>>,
}

impl<'a> PluginDoc<'a> {
    /// A document (the export glue builds it; tests of a plugin build their own).
    pub fn new(id: &'a str, text: &'a str, fields: Map<String, Value>) -> Self {
        PluginDoc {
            id,
            text,
            raw: &[],
            fields: OnceLock::from(fields),
        }
    }

    /// A document whose fields are the JSON object `raw` (empty for none), parsed lazily.
    pub(crate) fn from_json(id: &'a str, text: &'a str, raw: &'a [u8]) -> Self {
        PluginDoc {
            id,
            text,
            raw,
            fields: OnceLock::new(),
        }
    }

    fn map(&self) -> &Map<String, Value> {
        self.fields.get_or_init(|| {
            if self.raw.is_empty() {
                Map::new()
            } else {
                // The host serializes a JSON object; anything else reads as no fields.
                serde_json::from_slice(self.raw).unwrap_or_default()
            }
        })
    }

    /// Document id.
    pub fn id(&self) -> &str {
        self.id
    }

    /// The text.
    pub fn text(&self) -> &str {
        self.text
    }

    /// A required field as JSON: metadata (`"title"`: string), annotations (`"sentences"`:
    /// `[{"start", "end"}]` in bytes, `"entities"`: `[{"start", "end", "label"}]`, `"dates"`:
    /// `[{"start", "end", "value"}]`, `"quantities"`: `[{"start", "end", "value", "unit"}]` (plus `"max"` for a range),
    /// `"quotes"`: `[{"start", "end", "speaker"}]`, `"keywords"`: `[{"text", "score"}]`,
    /// `"summary"`: `[sentence index]`) or an earlier stage's output field. `None` when absent
    /// or not required.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.map().get(name)
    }

    /// Every field received.
    pub fn fields(&self) -> &Map<String, Value> {
        self.map()
    }

    /// The sentence spans (requires `"sentences"`); `None` when not received.
    pub fn sentences(&self) -> Option<Vec<ByteSpan>> {
        if self.fields.get().is_none() && !self.raw.is_empty() {
            return serde_json::from_slice::<SentencesOnly>(self.raw)
                .ok()?
                .sentences;
        }
        let list = self.map().get("sentences")?.as_array()?;
        list.iter()
            .map(|s| {
                let start = s.get("start")?.as_u64()? as usize;
                let end = s.get("end")?.as_u64()? as usize;
                Some(ByteSpan { start, end })
            })
            .collect()
    }

    /// The text under `span`, or "" when it does not fit.
    pub fn slice(&self, span: ByteSpan) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// A stage's parameters: the config object with every default filled in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    values: Map<String, Value>,
}

impl Params {
    /// Parameters from a JSON object.
    pub fn new(values: Map<String, Value>) -> Self {
        Params { values }
    }

    /// Checks `given` against the descriptor's parameters (unknown names, JSON types) and fills
    /// in the defaults.
    ///
    /// # Errors
    ///
    /// A message naming the parameter.
    pub fn resolve(given: &Map<String, Value>, declared: &[Param]) -> Result<Params, String> {
        let mut values = Map::new();
        for (key, value) in given {
            let Some(p) = declared.iter().find(|p| &p.name == key) else {
                let known: Vec<&str> = declared.iter().map(|p| p.name.as_str()).collect();
                return Err(if known.is_empty() {
                    format!("unknown parameter `{key}` (this stage takes no parameters)")
                } else {
                    format!(
                        "unknown parameter `{key}` (expected one of: {})",
                        known.join(", ")
                    )
                });
            };
            p.check(value)?;
            values.insert(key.clone(), value.clone());
        }
        for p in declared {
            if !values.contains_key(&p.name) {
                values.insert(p.name.clone(), p.default.clone());
            }
        }
        Ok(Params { values })
    }

    /// The whole object (deserialize it with serde if you prefer a config struct).
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.values
    }

    /// A parameter's raw value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// A non-negative integer parameter.
    ///
    /// # Errors
    ///
    /// When absent or not a non-negative integer.
    pub fn u64(&self, name: &str) -> Result<u64, String> {
        self.typed(name, "a non-negative integer", Value::as_u64)
    }

    /// A number parameter.
    ///
    /// # Errors
    ///
    /// When absent or not a number.
    pub fn f64(&self, name: &str) -> Result<f64, String> {
        self.typed(name, "a number", Value::as_f64)
    }

    /// A boolean parameter.
    ///
    /// # Errors
    ///
    /// When absent or not a boolean.
    pub fn bool(&self, name: &str) -> Result<bool, String> {
        self.typed(name, "a boolean", Value::as_bool)
    }

    /// A string parameter.
    ///
    /// # Errors
    ///
    /// When absent or not a string.
    pub fn str(&self, name: &str) -> Result<&str, String> {
        self.typed(name, "a string", Value::as_str)
    }

    /// A list-of-strings parameter.
    ///
    /// # Errors
    ///
    /// When absent or not a list of strings.
    pub fn strings(&self, name: &str) -> Result<Vec<String>, String> {
        self.typed(name, "a list of strings", |v| {
            v.as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
    }

    fn typed<'a, T>(
        &'a self,
        name: &str,
        what: &str,
        get: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Result<T, String> {
        match self.values.get(name) {
            None => Err(format!("missing parameter `{name}`")),
            Some(v) => {
                get(v).ok_or_else(|| format!("parameter `{name}`: expected {what}, found {v}"))
            }
        }
    }
}

/// What the stage decided about a document.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Decision {
    /// Keep the document (with the changes, if any).
    #[default]
    Keep,
    /// Filter it out (filters only); counted as dropped and listed in the rejects file.
    Drop(String),
    /// Stop the whole run.
    Fatal(String),
}

/// The result of [`PluginStage::process`]: a decision and the changes to apply.
///
/// ```
/// use textpipe_plugin::Outcome;
/// let o = Outcome::keep().with_field("n_words", 12).with_count("words", 12);
/// assert!(!o.is_unchanged());
/// assert!(Outcome::keep().is_unchanged());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    decision: Decision,
    fields: Map<String, Value>,
    text: Option<String>,
    meta: Map<String, Value>,
    counters: BTreeMap<String, u64>,
}

impl Outcome {
    /// Keep the document unchanged (costs nothing to send back).
    pub fn keep() -> Self {
        Outcome::default()
    }

    /// Drop the document (a filter's decision) with a reason for the rejects file.
    pub fn drop(reason: impl Into<String>) -> Self {
        Outcome {
            decision: Decision::Drop(reason.into()),
            ..Outcome::default()
        }
    }

    /// Stop the run with this reason.
    pub fn fatal(reason: impl Into<String>) -> Self {
        Outcome {
            decision: Decision::Fatal(reason.into()),
            ..Outcome::default()
        }
    }

    /// Sets output field `name` (it must be in the stage's `provides`).
    pub fn with_field(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.fields.insert(name.to_string(), value.into());
        self
    }

    /// Replaces the text (the stage must provide `"text"`).
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Sets a metadata field (`title`, `date`, `source`, `url`, `dateline`; `None` clears it).
    /// The stage must provide it.
    pub fn with_meta(mut self, name: &str, value: Option<String>) -> Self {
        self.meta
            .insert(name.to_string(), value.map_or(Value::Null, Value::String));
        self
    }

    /// Adds `n` to counter `name` (it must be in the descriptor's `counters`). Counters are
    /// kept for kept and dropped documents.
    pub fn with_count(mut self, name: &str, n: u64) -> Self {
        *self.counters.entry(name.to_string()).or_insert(0) += n;
        self
    }

    /// The decision.
    pub fn decision(&self) -> &Decision {
        &self.decision
    }

    /// The output fields set.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// True when the document is kept and nothing changes.
    pub fn is_unchanged(&self) -> bool {
        self.decision == Decision::Keep
            && self.fields.is_empty()
            && self.text.is_none()
            && self.meta.is_empty()
            && self.counters.is_empty()
    }

    /// What a drop sends to the host: the reason and the counters.
    pub(crate) fn drop_json(&self, reason: &str) -> Value {
        let mut obj = Map::new();
        obj.insert("reason".into(), Value::String(reason.to_string()));
        if !self.counters.is_empty() {
            obj.insert("counters".into(), self.counters_json());
        }
        Value::Object(obj)
    }

    fn counters_json(&self) -> Value {
        Value::Object(
            self.counters
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(*v)))
                .collect(),
        )
    }

    /// The change set as the JSON object sent to the host.
    pub(crate) fn changes_json(&self) -> Value {
        let mut obj = Map::new();
        if !self.fields.is_empty() {
            obj.insert("fields".into(), Value::Object(self.fields.clone()));
        }
        if let Some(t) = &self.text {
            obj.insert("text".into(), Value::String(t.clone()));
        }
        if !self.meta.is_empty() {
            obj.insert("meta".into(), Value::Object(self.meta.clone()));
        }
        if !self.counters.is_empty() {
            obj.insert("counters".into(), self.counters_json());
        }
        Value::Object(obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn declared() -> Vec<Param> {
        vec![
            Param::new("min", "integer", json!(5), "minimum"),
            Param::new("lang", "string", json!("en"), "language"),
            Param::new("stop", "list of strings", json!([]), "words"),
        ]
    }

    #[test]
    fn resolve_fills_defaults_and_keeps_given_values() {
        let given = json!({"min": 10}).as_object().unwrap().clone();
        let p = Params::resolve(&given, &declared()).unwrap();
        assert_eq!(p.u64("min").unwrap(), 10);
        assert_eq!(p.str("lang").unwrap(), "en");
        assert!(p.strings("stop").unwrap().is_empty());
    }

    #[test]
    fn resolve_rejects_unknown_and_mistyped_parameters() {
        let given = json!({"mni": 10}).as_object().unwrap().clone();
        let err = Params::resolve(&given, &declared()).unwrap_err();
        assert!(
            err.contains("`mni`") && err.contains("min, lang, stop"),
            "{err}"
        );
        let given = json!({"min": "ten"}).as_object().unwrap().clone();
        let err = Params::resolve(&given, &declared()).unwrap_err();
        assert!(err.contains("`min`") && err.contains("integer"), "{err}");
        let given = json!({"stop": ["a", 1]}).as_object().unwrap().clone();
        assert!(Params::resolve(&given, &declared()).is_err());
    }

    #[test]
    fn typed_getters_name_the_parameter() {
        let p = Params::new(json!({"x": -1}).as_object().unwrap().clone());
        assert!(p.u64("x").unwrap_err().contains("`x`"));
        assert!(p.f64("x").is_ok());
        assert!(p.bool("y").unwrap_err().contains("missing parameter `y`"));
    }

    #[test]
    fn sentences_are_read_from_the_fields() {
        let fields = json!({"sentences": [{"start": 0, "end": 3}, {"start": 4, "end": 7}]});
        let doc = PluginDoc::new("d", "Hi. Yo.", fields.as_object().unwrap().clone());
        let s = doc.sentences().unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(doc.slice(s[1]), "Yo.");
        assert!(PluginDoc::new("d", "x", Map::new()).sentences().is_none());
    }

    #[test]
    fn fields_from_json_are_parsed_on_demand() {
        let raw = br#"{"title": "T", "sentences": [{"start": 0, "end": 3}]}"#;
        let doc = PluginDoc::from_json("d", "Hi. Yo.", raw);
        assert_eq!(
            doc.sentences().unwrap(),
            vec![ByteSpan { start: 0, end: 3 }]
        );
        assert_eq!(doc.field("title").unwrap(), "T");
        assert_eq!(doc.sentences().unwrap().len(), 1);
        let none = PluginDoc::from_json("d", "x", b"");
        assert!(none.sentences().is_none() && none.fields().is_empty());
    }

    #[test]
    fn changes_json_has_only_what_changed() {
        assert_eq!(Outcome::keep().changes_json(), json!({}));
        let o = Outcome::keep()
            .with_field("a", 1)
            .with_text("t")
            .with_meta("title", None)
            .with_count("c", 2)
            .with_count("c", 3);
        assert_eq!(
            o.changes_json(),
            json!({"fields": {"a": 1}, "text": "t", "meta": {"title": null}, "counters": {"c": 5}})
        );
    }
}
