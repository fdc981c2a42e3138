//! [`LoadedStage`]: a stage instance living in a plugin library, seen by the runner as an
//! ordinary [`Stage`].

use crate::ffi::Instance;
use crate::fields;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use textpipe_core::{Document, Stage, StageError};
use textpipe_plugin::abi::status;
use textpipe_plugin::Kind;

/// A plugin stage instance. `process` sends the text borrowed and only the required fields as
/// JSON, then applies the plugin's answer: output fields, replaced text or metadata, counters,
/// or a drop, reject or fatal decision.
#[derive(Debug)]
pub struct LoadedStage {
    name: String,
    path: PathBuf,
    kind: Kind,
    requires: Vec<String>,
    provides: Vec<String>,
    /// Required fields other than `text`: serialized for each document.
    send: Vec<String>,
    /// Declared counter names, leaked once per stage instance (`Document::count` wants
    /// `&'static str`).
    counters: Vec<&'static str>,
    instance: Instance,
}

/// What a plugin writes with a drop.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DropPayload {
    reason: String,
    #[serde(default)]
    counters: BTreeMap<String, u64>,
}

/// The change set a plugin writes (see `textpipe_plugin::abi`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Changes {
    #[serde(default)]
    fields: Map<String, Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    meta: Map<String, Value>,
    #[serde(default)]
    counters: BTreeMap<String, u64>,
}

impl LoadedStage {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        name: String,
        path: PathBuf,
        kind: Kind,
        requires: Vec<String>,
        provides: Vec<String>,
        counters: &[String],
        instance: Instance,
    ) -> Self {
        let send = requires
            .iter()
            .filter(|f| f.as_str() != textpipe_core::fields::TEXT)
            .cloned()
            .collect();
        let counters = counters
            .iter()
            .map(|c| &*Box::leak(c.clone().into_boxed_str()))
            .collect();
        LoadedStage {
            name,
            path,
            kind,
            requires,
            provides,
            send,
            counters,
            instance,
        }
    }

    /// The library the stage comes from.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Transform or filter.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    fn contract(&self) -> Contract<'_> {
        Contract {
            provides: &self.provides,
            counters: &self.counters,
        }
    }
}

/// What a stage instance may change: the fields it provides and the counters it declared.
#[derive(Debug)]
struct Contract<'a> {
    provides: &'a [String],
    counters: &'a [&'static str],
}

impl Contract<'_> {
    /// Maps counter names to the declared `'static` names.
    fn counts(
        &self,
        counters: &BTreeMap<String, u64>,
    ) -> Result<Vec<(&'static str, u64)>, StageError> {
        counters
            .iter()
            .map(
                |(key, n)| match self.counters.iter().find(|c| **c == key.as_str()) {
                    Some(c) => Ok((*c, *n)),
                    None => Err(StageError::reject(format!(
                        "plugin bumped counter `{key}`, which its descriptor does not declare"
                    ))),
                },
            )
            .collect()
    }

    /// A drop: applies its counters and returns the drop with its reason.
    fn drop_doc(&self, doc: &mut Document, payload: &[u8]) -> StageError {
        let Ok(drop) = serde_json::from_slice::<DropPayload>(payload) else {
            return StageError::drop_doc(message(payload));
        };
        match self.counts(&drop.counters) {
            Ok(counts) => {
                for (name, n) in counts {
                    doc.count(name, n);
                }
                StageError::drop_doc(drop.reason)
            }
            Err(e) => e,
        }
    }

    fn provides_field(&self, name: &str) -> bool {
        self.provides.iter().any(|p| p == name)
    }

    /// Checks the whole change set, then applies it (all or nothing).
    fn apply(&self, doc: &mut Document, payload: &[u8]) -> Result<(), StageError> {
        let changes: Changes = serde_json::from_slice(payload)
            .map_err(|e| StageError::reject(format!("plugin returned a malformed result: {e}")))?;
        for key in changes.fields.keys() {
            if fields::is_core_field(key) {
                return Err(StageError::reject(format!(
                    "plugin wrote output field `{key}`, a core field; set text and metadata through the outcome's text and meta"
                )));
            }
            if !self.provides_field(key) {
                return Err(StageError::reject(format!(
                    "plugin wrote output field `{key}`, which it does not declare in `provides`"
                )));
            }
        }
        if changes.text.is_some() && !self.provides_field(textpipe_core::fields::TEXT) {
            return Err(StageError::reject(
                "plugin replaced the text without declaring `text` in `provides`",
            ));
        }
        let mut meta = Vec::with_capacity(changes.meta.len());
        for (key, value) in changes.meta {
            if !self.provides_field(&key) {
                return Err(StageError::reject(format!(
                    "plugin set metadata `{key}`, which it does not declare in `provides`"
                )));
            }
            let value = match value {
                Value::Null => None,
                Value::String(s) => Some(s),
                other => {
                    return Err(StageError::reject(format!(
                        "plugin set metadata `{key}` to {other}; expected a string or null"
                    )))
                }
            };
            meta.push((key, value));
        }
        let counts = self.counts(&changes.counters)?;
        for (key, value) in meta {
            if !fields::set_meta(&mut doc.meta, &key, value) {
                return Err(StageError::reject(format!(
                    "plugin set `{key}`, which is not a metadata field (title, date, source, url, dateline)"
                )));
            }
        }
        if let Some(text) = changes.text {
            doc.text = text;
        }
        doc.fields.extend(changes.fields);
        for (name, n) in counts {
            doc.count(name, n);
        }
        Ok(())
    }
}

fn message(payload: &[u8]) -> String {
    String::from_utf8_lossy(payload).into_owned()
}

impl Stage for LoadedStage {
    fn name(&self) -> &str {
        &self.name
    }

    fn requires(&self) -> Vec<String> {
        self.requires.clone()
    }

    fn provides(&self) -> Vec<String> {
        self.provides.clone()
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let fields_json = if self.send.is_empty() {
            Vec::new()
        } else {
            fields::encode(doc, &self.send)
        };
        let (code, payload) = self.instance.process(&doc.id, &doc.text, &fields_json);
        match code {
            status::OK if payload.is_empty() => Ok(()),
            status::OK => self.contract().apply(doc, &payload),
            status::DROP if self.kind == Kind::Filter => {
                Err(self.contract().drop_doc(doc, &payload))
            }
            status::DROP => Err(StageError::reject(format!(
                "transform stage tried to drop the document ({}); only stages of kind \"filter\" may drop",
                message(&payload)
            ))),
            status::REJECT => Err(StageError::reject(message(&payload))),
            status::FATAL => Err(StageError::fatal(message(&payload))),
            status::PANIC => Err(StageError::reject(format!(
                "plugin panicked: {}",
                message(&payload)
            ))),
            other => Err(StageError::reject(format!(
                "plugin returned unknown status {other}: {}",
                message(&payload)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(payload: &str) -> (Document, Result<(), StageError>) {
        let provides = vec!["stats".to_string(), "text".to_string(), "title".to_string()];
        let contract = Contract {
            provides: &provides,
            counters: &["seen"],
        };
        let mut doc = Document::from_text("d", "old text");
        let r = contract.apply(&mut doc, payload.as_bytes());
        (doc, r)
    }

    fn reason(r: Result<(), StageError>) -> String {
        match r {
            Err(StageError::Reject { reason }) => reason,
            other => panic!("expected a reject, got {other:?}"),
        }
    }

    #[test]
    fn drops_carry_reason_and_counters() {
        let provides = Vec::new();
        let contract = Contract {
            provides: &provides,
            counters: &["seen"],
        };
        let mut doc = Document::from_text("d", "x");
        let e = contract.drop_doc(
            &mut doc,
            br#"{"reason": "too short", "counters": {"seen": 1}}"#,
        );
        assert!(
            matches!(e, StageError::Drop { ref reason } if reason == "too short"),
            "{e:?}"
        );
        assert_eq!(doc.counters, vec![("seen", 1)]);
        let e = contract.drop_doc(&mut doc, b"plain reason");
        assert!(matches!(e, StageError::Drop { ref reason } if reason == "plain reason"));
        let e = contract.drop_doc(&mut doc, br#"{"reason": "r", "counters": {"other": 1}}"#);
        assert!(matches!(e, StageError::Reject { .. }));
    }

    #[test]
    fn applies_declared_changes() {
        let (doc, r) = apply(
            r#"{"fields": {"stats": {"n": 1}}, "text": "new", "meta": {"title": "T"}, "counters": {"seen": 2}}"#,
        );
        r.unwrap();
        assert_eq!(doc.text, "new");
        assert_eq!(doc.meta.title.as_deref(), Some("T"));
        assert_eq!(doc.fields["stats"]["n"], 1);
        assert_eq!(doc.counters, vec![("seen", 2)]);
    }

    #[test]
    fn refuses_undeclared_or_core_outputs_and_changes_nothing() {
        let cases = [
            (r#"{"fields": {"other": 1}}"#, "does not declare"),
            (
                r#"{"fields": {"stats": 1, "sentences": []}}"#,
                "a core field",
            ),
            (
                r#"{"meta": {"date": "2020"}, "text": "x"}"#,
                "metadata `date`",
            ),
            (r#"{"meta": {"title": 3}}"#, "expected a string or null"),
            (r#"{"counters": {"nope": 1}}"#, "counter `nope`"),
            (r#"{"extra": 1}"#, "malformed result"),
            ("not json", "malformed result"),
        ];
        for (payload, expected) in cases {
            let (doc, r) = apply(payload);
            let reason = reason(r);
            assert!(reason.contains(expected), "{payload}: {reason}");
            assert_eq!(doc.text, "old text");
            assert!(doc.fields.is_empty() && doc.meta.title.is_none());
        }
    }
}
