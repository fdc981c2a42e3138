//! Stage parameters: what kind of value a parameter takes ([`ParamKind`]) and its description
//! ([`Param`]: name, kind, default, documentation).
//!
//! One description serves both sides of textpipe: the core registry derives it from a built-in
//! stage's config struct (through its JSON Schema, see [`ParamKind::from_json_schema`]) and
//! shows it in `textpipe stages`; a run-time plugin declares it in its descriptor, which crosses
//! the C ABI as JSON, and the plugin SDK checks the values a pipeline gives against it before
//! the stage is created.
//!
//! On the wire a kind is one word, the same words plugin descriptors always used: `"integer"`,
//! `"number"`, `"string"`, `"boolean"`, `"list of strings"`; newer kinds add `"one of \"a\",
//! \"b\""` (a choice of strings), `"list"`, `"object"` and `"any"`. Any other word still
//! parses (as [`ParamKind::Other`], kept verbatim and not checked), so descriptors written by
//! older or newer plugins keep loading.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// The kind of value a stage parameter takes.
///
/// Serialized as one word (see the [module docs](self)); [`ParamKind::parse`] reads any word
/// back, so the serialization round-trips.
///
/// ```
/// use textpipe_model::ParamKind;
/// let kind = ParamKind::parse("one of \"nfc\", \"nfkc\", \"none\"");
/// assert_eq!(kind, ParamKind::Choice(vec!["nfc".into(), "nfkc".into(), "none".into()]));
/// assert_eq!(kind.to_string(), "one of \"nfc\", \"nfkc\", \"none\"");
/// assert!(kind.accepts(&serde_json::json!("nfkc")));
/// assert!(!ParamKind::Integer.accepts(&serde_json::json!(2.5)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// A whole number (`"integer"`): a JSON number without a fractional part.
    Integer,
    /// Any JSON number (`"number"`).
    Number,
    /// A JSON string (`"string"`).
    String,
    /// `true` or `false` (`"boolean"`).
    Boolean,
    /// A JSON list whose items are all strings (`"list of strings"`).
    StringList,
    /// One of these strings (`"one of \"a\", \"b\""`).
    Choice(Vec<std::string::String>),
    /// Any JSON list (`"list"`).
    List,
    /// A JSON object (`"object"`).
    Object,
    /// Any JSON value (`"any"`); not checked.
    Any,
    /// A word this version does not know; kept verbatim and not checked.
    Other(std::string::String),
}

/// Prefix of the [`ParamKind::Choice`] word.
const CHOICE_PREFIX: &str = "one of ";

impl ParamKind {
    /// Reads a kind word. Never fails: an unknown word is [`ParamKind::Other`].
    pub fn parse(word: &str) -> ParamKind {
        match word {
            "integer" => ParamKind::Integer,
            "number" => ParamKind::Number,
            "string" => ParamKind::String,
            "boolean" => ParamKind::Boolean,
            "list of strings" => ParamKind::StringList,
            "list" => ParamKind::List,
            "object" => ParamKind::Object,
            "any" => ParamKind::Any,
            other => other
                .strip_prefix(CHOICE_PREFIX)
                .and_then(|rest| {
                    serde_json::from_str::<Vec<std::string::String>>(&format!("[{rest}]")).ok()
                })
                .filter(|choices| !choices.is_empty())
                .map_or_else(|| ParamKind::Other(other.to_string()), ParamKind::Choice),
        }
    }

    /// Whether `value` is of this kind. [`ParamKind::Any`] and [`ParamKind::Other`] accept
    /// everything (a kind the reader does not know cannot be checked).
    pub fn accepts(&self, value: &Value) -> bool {
        match self {
            ParamKind::Integer => value.is_i64() || value.is_u64(),
            ParamKind::Number => value.is_number(),
            ParamKind::String => value.is_string(),
            ParamKind::Boolean => value.is_boolean(),
            ParamKind::StringList => value
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string)),
            ParamKind::Choice(choices) => value
                .as_str()
                .is_some_and(|s| choices.iter().any(|c| c == s)),
            ParamKind::List => value.is_array(),
            ParamKind::Object => value.is_object(),
            ParamKind::Any | ParamKind::Other(_) => true,
        }
    }

    /// The JSON Schema (draft 2020-12 and draft-07 alike) of values of this kind, for editors.
    /// [`ParamKind::Any`] and [`ParamKind::Other`] give the empty schema (anything).
    pub fn json_schema(&self) -> Value {
        let mut s = Map::new();
        let ty = |s: &mut Map<std::string::String, Value>, t: &str| {
            s.insert("type".into(), Value::from(t));
        };
        match self {
            ParamKind::Integer => ty(&mut s, "integer"),
            ParamKind::Number => ty(&mut s, "number"),
            ParamKind::String => ty(&mut s, "string"),
            ParamKind::Boolean => ty(&mut s, "boolean"),
            ParamKind::StringList => {
                ty(&mut s, "array");
                s.insert("items".into(), serde_json::json!({"type": "string"}));
            }
            ParamKind::Choice(choices) => {
                ty(&mut s, "string");
                s.insert("enum".into(), Value::from(choices.clone()));
            }
            ParamKind::List => ty(&mut s, "array"),
            ParamKind::Object => ty(&mut s, "object"),
            ParamKind::Any | ParamKind::Other(_) => {}
        }
        Value::Object(s)
    }

    /// The kind that best describes the values a JSON Schema accepts (as generated from a
    /// config struct, e.g. by schemars). `null` is ignored (an optional parameter has the kind
    /// of its value); `$ref`s are looked up in `root`. Schemas it cannot name are
    /// [`ParamKind::Any`].
    pub fn from_json_schema(schema: &Value, root: &Value) -> ParamKind {
        Self::from_schema_depth(schema, root, 0)
    }

    fn from_schema_depth(schema: &Value, root: &Value, depth: usize) -> ParamKind {
        let Some(obj) = schema.as_object() else {
            return ParamKind::Any;
        };
        if depth > 16 {
            return ParamKind::Any;
        }
        if let Some(target) = obj.get("$ref").and_then(Value::as_str) {
            return target
                .strip_prefix('#')
                .and_then(|pointer| root.pointer(pointer))
                .map_or(ParamKind::Any, |s| {
                    Self::from_schema_depth(s, root, depth + 1)
                });
        }
        if let Some(c) = obj.get("const").and_then(Value::as_str) {
            return ParamKind::Choice(vec![c.to_string()]);
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let strings: Option<Vec<std::string::String>> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.as_str().map(str::to_string))
                .collect();
            return match strings {
                Some(s) if !s.is_empty() => ParamKind::Choice(s),
                _ => ParamKind::Any,
            };
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = obj.get(key).and_then(Value::as_array) {
                let kinds: Vec<ParamKind> = alternatives
                    .iter()
                    .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .map(|a| Self::from_schema_depth(a, root, depth + 1))
                    .collect();
                return Self::union(kinds);
            }
        }
        let types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ => Vec::new(),
        };
        match types.as_slice() {
            ["integer"] => ParamKind::Integer,
            ["number"] | ["integer", "number"] | ["number", "integer"] => ParamKind::Number,
            ["string"] => ParamKind::String,
            ["boolean"] => ParamKind::Boolean,
            ["object"] => ParamKind::Object,
            ["array"] => {
                match obj
                    .get("items")
                    .map(|items| Self::from_schema_depth(items, root, depth + 1))
                {
                    Some(ParamKind::String) => ParamKind::StringList,
                    _ => ParamKind::List,
                }
            }
            _ => ParamKind::Any,
        }
    }

    /// The kind of a value that is any of `kinds`: choices merge; otherwise they must agree.
    fn union(kinds: Vec<ParamKind>) -> ParamKind {
        let mut iter = kinds.into_iter();
        let Some(mut acc) = iter.next() else {
            return ParamKind::Any;
        };
        for k in iter {
            acc = match (acc, k) {
                (ParamKind::Choice(mut a), ParamKind::Choice(b)) => {
                    a.extend(b);
                    ParamKind::Choice(a)
                }
                (a, b) if a == b => a,
                _ => return ParamKind::Any,
            };
        }
        acc
    }
}

impl fmt::Display for ParamKind {
    /// The kind word, as serialized.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamKind::Integer => f.write_str("integer"),
            ParamKind::Number => f.write_str("number"),
            ParamKind::String => f.write_str("string"),
            ParamKind::Boolean => f.write_str("boolean"),
            ParamKind::StringList => f.write_str("list of strings"),
            ParamKind::Choice(choices) => {
                f.write_str(CHOICE_PREFIX)?;
                for (i, c) in choices.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    // A JSON string literal, so that any choice reads back.
                    write!(f, "{}", Value::from(c.as_str()))?;
                }
                Ok(())
            }
            ParamKind::List => f.write_str("list"),
            ParamKind::Object => f.write_str("object"),
            ParamKind::Any => f.write_str("any"),
            ParamKind::Other(word) => f.write_str(word),
        }
    }
}

impl From<&str> for ParamKind {
    /// [`ParamKind::parse`], so that `Param::new("n", "integer", ...)` reads as before.
    fn from(word: &str) -> Self {
        ParamKind::parse(word)
    }
}

impl Serialize for ParamKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ParamKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = std::string::String::deserialize(deserializer)?;
        Ok(ParamKind::parse(&word))
    }
}

/// One parameter of a stage: its name, kind, default and documentation.
///
/// The same type describes a built-in stage's parameters (`textpipe stages`, derived from the
/// stage's config struct) and a plugin's (its descriptor, as JSON across the C ABI:
/// `{"name": "min_words", "kind": "integer", "default": 5, "doc": "..."}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Name as written in the pipeline config.
    pub name: std::string::String,
    /// What kind of value it takes.
    pub kind: ParamKind,
    /// Default value (JSON), used when the config omits the parameter.
    #[serde(default)]
    pub default: Value,
    /// What it does, its unit and range, and what it conflicts with.
    #[serde(default)]
    pub doc: std::string::String,
}

impl Param {
    /// A parameter; `kind` may be a [`ParamKind`] or its word (`"integer"`).
    pub fn new(name: &str, kind: impl Into<ParamKind>, default: Value, doc: &str) -> Self {
        Param {
            name: name.into(),
            kind: kind.into(),
            default,
            doc: doc.into(),
        }
    }

    /// Checks a value given for this parameter against its kind.
    ///
    /// # Errors
    ///
    /// `parameter `NAME`: expected KIND, found VALUE`.
    pub fn check(&self, value: &Value) -> Result<(), std::string::String> {
        if self.kind.accepts(value) {
            Ok(())
        } else {
            Err(format!(
                "parameter `{}`: expected {}, found {value}",
                self.name, self.kind
            ))
        }
    }

    /// The JSON Schema of this parameter's values: its kind's schema with the doc as
    /// `description` and the default as `default`.
    pub fn json_schema(&self) -> Value {
        let mut schema = self.kind.json_schema();
        if let Value::Object(s) = &mut schema {
            if !self.doc.is_empty() {
                s.insert("description".into(), Value::from(self.doc.as_str()));
            }
            if !self.default.is_null() {
                s.insert("default".into(), self.default.clone());
            }
        }
        schema
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    const ALL: &[&str] = &[
        "integer",
        "number",
        "string",
        "boolean",
        "list of strings",
        "list",
        "object",
        "any",
        "one of \"a\", \"b, c\", \"d\\\"e\"",
        "one of \"x\"",
        "colour",
        "list of integers",
        "one of nonsense",
        "",
    ];

    #[test]
    fn every_word_round_trips() {
        for word in ALL {
            let kind = ParamKind::parse(word);
            assert_eq!(kind.to_string(), *word);
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(json, json!(word));
            assert_eq!(serde_json::from_value::<ParamKind>(json).unwrap(), kind);
        }
        assert_eq!(ParamKind::parse("list of strings"), ParamKind::StringList);
        assert_eq!(
            ParamKind::parse("one of \"a\", \"b, c\", \"d\\\"e\""),
            ParamKind::Choice(vec!["a".into(), "b, c".into(), "d\"e".into()])
        );
        assert_eq!(
            ParamKind::parse("colour"),
            ParamKind::Other("colour".into())
        );
        assert_eq!(
            ParamKind::parse("one of nonsense"),
            ParamKind::Other("one of nonsense".into())
        );
    }

    #[test]
    fn old_descriptor_params_still_parse() {
        // What plugins built with the SDK before ParamKind wrote (kind was free text).
        let old = r#"[
            {"name": "min_words", "kind": "integer", "default": 5, "doc": "at least"},
            {"name": "ratio", "kind": "number", "default": 0.5, "doc": ""},
            {"name": "lang", "kind": "string", "default": "en", "doc": "language"},
            {"name": "strict", "kind": "boolean", "default": false, "doc": ""},
            {"name": "words", "kind": "list of strings", "default": [], "doc": ""},
            {"name": "shape", "kind": "a circle or a square", "default": null, "doc": ""}
        ]"#;
        let params: Vec<Param> = serde_json::from_str(old).unwrap();
        let kinds: Vec<&ParamKind> = params.iter().map(|p| &p.kind).collect();
        assert_eq!(
            kinds,
            [
                &ParamKind::Integer,
                &ParamKind::Number,
                &ParamKind::String,
                &ParamKind::Boolean,
                &ParamKind::StringList,
                &ParamKind::Other("a circle or a square".into()),
            ]
        );
        // Written back, they are the same JSON an old host reads.
        let back: Value = serde_json::to_value(&params).unwrap();
        let orig: Value = serde_json::from_str(old).unwrap();
        assert_eq!(back, orig);
        // Without default and doc (lenient).
        let p: Param = serde_json::from_str(r#"{"name": "n", "kind": "integer"}"#).unwrap();
        assert_eq!((p.default, p.doc.as_str()), (Value::Null, ""));
    }

    #[test]
    fn values_are_checked_against_the_kind() {
        let cases = [
            (ParamKind::Integer, json!(3), json!(3.5)),
            (ParamKind::Integer, json!(-3), json!("3")),
            (ParamKind::Number, json!(3), json!("3")),
            (ParamKind::String, json!("x"), json!(1)),
            (ParamKind::Boolean, json!(true), json!("true")),
            (ParamKind::StringList, json!(["a", "b"]), json!(["a", 1])),
            (ParamKind::Choice(vec!["a".into()]), json!("a"), json!("b")),
            (ParamKind::List, json!([1, "a"]), json!({})),
            (ParamKind::Object, json!({"a": 1}), json!([])),
        ];
        for (kind, good, bad) in cases {
            assert!(kind.accepts(&good), "{kind} {good}");
            assert!(!kind.accepts(&bad), "{kind} {bad}");
        }
        assert!(ParamKind::Any.accepts(&json!(null)));
        assert!(ParamKind::Other("x".into()).accepts(&json!([])));
        let p = Param::new("n", "integer", json!(1), "how many");
        assert_eq!(
            p.check(&json!("many")).unwrap_err(),
            "parameter `n`: expected integer, found \"many\""
        );
    }

    #[test]
    fn kinds_from_json_schemas() {
        let root = json!({"$defs": {"Mode": {"type": "string", "enum": ["auto", "never"]}}});
        let cases = [
            (json!({"type": "boolean"}), ParamKind::Boolean),
            (
                json!({"type": "integer", "format": "uint", "minimum": 0}),
                ParamKind::Integer,
            ),
            (json!({"type": ["integer", "null"]}), ParamKind::Integer),
            (
                json!({"type": "number", "format": "double"}),
                ParamKind::Number,
            ),
            (json!({"type": ["string", "null"]}), ParamKind::String),
            (
                json!({"type": "array", "items": {"type": "string"}}),
                ParamKind::StringList,
            ),
            (
                json!({"type": "array", "items": {"type": "integer"}}),
                ParamKind::List,
            ),
            (json!({"type": "object"}), ParamKind::Object),
            (
                json!({"$ref": "#/$defs/Mode"}),
                ParamKind::Choice(vec!["auto".into(), "never".into()]),
            ),
            (
                json!({"oneOf": [{"type": "string", "const": "a"}, {"type": "string", "const": "b"}]}),
                ParamKind::Choice(vec!["a".into(), "b".into()]),
            ),
            (
                json!({"anyOf": [{"$ref": "#/$defs/Mode"}, {"type": "null"}]}),
                ParamKind::Choice(vec!["auto".into(), "never".into()]),
            ),
            (json!({}), ParamKind::Any),
            (json!(true), ParamKind::Any),
            (json!({"$ref": "#/$defs/Missing"}), ParamKind::Any),
        ];
        for (schema, kind) in cases {
            assert_eq!(
                ParamKind::from_json_schema(&schema, &root),
                kind,
                "{schema}"
            );
        }
    }

    #[test]
    fn schema_of_a_param() {
        let p = Param::new(
            "mode",
            ParamKind::Choice(vec!["a".into(), "b".into()]),
            json!("a"),
            "which",
        );
        assert_eq!(
            p.json_schema(),
            json!({"type": "string", "enum": ["a", "b"], "description": "which", "default": "a"})
        );
        assert_eq!(ParamKind::Any.json_schema(), json!({}));
    }
}
