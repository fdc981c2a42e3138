//! The document fields sent to a plugin: only those the stage requires, as one JSON object with
//! byte offsets (see [`textpipe_plugin::PluginDoc::field`] for the shapes).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use textpipe_core::{fields, Document, Metadata};

/// Serializes the `names` fields of `doc` (none of them `text`) as a JSON object. A field the
/// document lacks is absent from the object.
pub(crate) fn encode(doc: &Document, names: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    // The layer types serialize to plain JSON (string keys, finite numbers or null): no error.
    let _ = serde_json::to_writer(&mut out, &Sent { doc, names });
    out
}

/// The fields sent to a plugin, serialized straight from the document's layers with the
/// model's serde shapes (byte offsets, no text).
struct Sent<'a> {
    doc: &'a Document,
    names: &'a [String],
}

impl Serialize for Sent<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.doc;
        let mut map = serializer.serialize_map(None)?;
        for name in self.names {
            if let Some(m) = d.meta.get(name) {
                if let Some(v) = m {
                    map.serialize_entry(name, v)?;
                }
                continue;
            }
            match name.as_str() {
                fields::SENTENCES => entry(&mut map, name, d.sentences.as_ref())?,
                fields::ENTITIES => entry(&mut map, name, d.entities.as_ref())?,
                fields::DATES => entry(&mut map, name, d.dates.as_ref())?,
                fields::QUANTITIES => entry(&mut map, name, d.quantities.as_ref())?,
                fields::QUOTES => entry(&mut map, name, d.quotes.as_ref())?,
                fields::KEYWORDS => entry(&mut map, name, d.keywords.as_ref())?,
                fields::SUMMARY => entry(&mut map, name, d.summary.as_ref())?,
                other => entry(
                    &mut map,
                    name,
                    d.fields.get(other).or_else(|| d.record.get(other)),
                )?,
            }
        }
        map.end()
    }
}

/// Writes `name: value` when the document has the field.
fn entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &str,
    value: Option<&T>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(name, v),
        None => Ok(()),
    }
}

/// Sets metadata field `name`; false when `name` is not a metadata field.
pub(crate) fn set_meta(m: &mut Metadata, name: &str, value: Option<String>) -> bool {
    match m.get_mut(name) {
        Some(slot) => {
            *slot = value;
            true
        }
        None => false,
    }
}

/// True for the names of core fields a plugin may not write as a free-form output field
/// (annotation layers and metadata have typed homes in the document).
pub(crate) fn is_core_field(name: &str) -> bool {
    matches!(
        name,
        fields::TEXT
            | fields::TITLE
            | fields::DATE
            | fields::SOURCE
            | fields::URL
            | fields::DATELINE
            | fields::SENTENCES
            | fields::ENTITIES
            | fields::DATES
            | fields::QUANTITIES
            | fields::QUOTES
            | fields::KEYWORDS
            | fields::SUMMARY
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use textpipe_core::{Entity, EntityLabel, Span};

    #[test]
    fn encodes_only_the_named_fields_with_byte_offsets() {
        let mut doc = Document::from_text("d", "Ann went to Paris. Then home.");
        doc.sentences = Some(vec![Span::new(0, 18), Span::new(19, 29)]);
        doc.entities = Some(vec![Entity {
            span: Span::new(12, 17),
            label: EntityLabel::LOC,
        }]);
        doc.meta.title = Some("Trip".into());
        doc.fields.insert("score".into(), json!(0.5));
        let v: Value = serde_json::from_slice(&encode(
            &doc,
            &[
                "sentences".into(),
                "title".into(),
                "score".into(),
                "dates".into(),
            ],
        ))
        .unwrap();
        assert_eq!(
            v,
            json!({"sentences": [{"start": 0, "end": 18}, {"start": 19, "end": 29}],
                   "title": "Trip", "score": 0.5})
        );
        let v: Value = serde_json::from_slice(&encode(&doc, &["entities".into()])).unwrap();
        assert_eq!(
            v,
            json!({"entities": [{"start": 12, "end": 17, "label": "LOC"}]})
        );
    }

    #[test]
    fn metadata_is_set_by_name() {
        let mut m = Metadata::default();
        assert!(set_meta(&mut m, "title", Some("T".into())));
        assert_eq!(m.title.as_deref(), Some("T"));
        assert!(!set_meta(&mut m, "sentences", None));
        assert!(is_core_field("entities") && !is_core_field("word_stats"));
    }
}
