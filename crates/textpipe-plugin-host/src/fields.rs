//! The document fields sent to a plugin: only those the stage requires, as one JSON object with
//! byte offsets (see [`textpipe_plugin::PluginDoc::field`] for the shapes).

use serde_json::{json, Value};
use std::io::Write;
use textpipe_core::{fields, Document, Metadata};

/// Serializes the `names` fields of `doc` (none of them `text`) as a JSON object. A field the
/// document lacks is absent from the object.
pub(crate) fn encode(doc: &Document, names: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(b'{');
    let mut first = true;
    for name in names {
        let mut key = || {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            // A field name is a plain string; serializing one cannot fail.
            let _ = serde_json::to_writer(&mut out, name);
            out.push(b':');
        };
        if name == fields::SENTENCES {
            // The common case, written directly: `[{"start":0,"end":90},...]`.
            if let Some(spans) = &doc.sentences {
                key();
                out.push(b'[');
                for (i, s) in spans.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    let _ = write!(out, r#"{{"start":{},"end":{}}}"#, s.start, s.end);
                }
                out.push(b']');
            }
        } else if let Some(v) = field(doc, name) {
            key();
            let _ = serde_json::to_writer(&mut out, &v);
        }
    }
    out.push(b'}');
    out
}

fn meta(m: &Metadata, name: &str) -> Option<Option<String>> {
    Some(match name {
        fields::TITLE => m.title.clone(),
        fields::DATE => m.date.clone(),
        fields::SOURCE => m.source.clone(),
        fields::URL => m.url.clone(),
        fields::DATELINE => m.dateline.clone(),
        _ => return None,
    })
}

/// Sets metadata field `name`; false when `name` is not a metadata field.
pub(crate) fn set_meta(m: &mut Metadata, name: &str, value: Option<String>) -> bool {
    let slot = match name {
        fields::TITLE => &mut m.title,
        fields::DATE => &mut m.date,
        fields::SOURCE => &mut m.source,
        fields::URL => &mut m.url,
        fields::DATELINE => &mut m.dateline,
        _ => return false,
    };
    *slot = value;
    true
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

fn field(doc: &Document, name: &str) -> Option<Value> {
    if let Some(m) = meta(&doc.meta, name) {
        return m.map(Value::String);
    }
    let v = match name {
        fields::SENTENCES => {
            let s = doc.sentences.as_ref()?;
            Value::Array(
                s.iter()
                    .map(|s| json!({"start": s.start, "end": s.end}))
                    .collect(),
            )
        }
        fields::ENTITIES => Value::Array(
            doc.entities
                .as_ref()?
                .iter()
                .map(|e| json!({"start": e.span.start, "end": e.span.end, "label": e.label.as_str()}))
                .collect(),
        ),
        fields::DATES => Value::Array(
            doc.dates
                .as_ref()?
                .iter()
                .map(|d| json!({"start": d.span.start, "end": d.span.end, "value": d.value}))
                .collect(),
        ),
        fields::QUANTITIES => Value::Array(
            doc.quantities
                .as_ref()?
                .iter()
                .map(|q| {
                    let mut v = json!({"start": q.span.start, "end": q.span.end, "value": q.value, "unit": q.unit});
                    if let (Some(max), Some(o)) = (q.max, v.as_object_mut()) {
                        o.insert("max".into(), json!(max));
                    }
                    v
                })
                .collect(),
        ),
        fields::QUOTES => Value::Array(
            doc.quotes
                .as_ref()?
                .iter()
                .map(|q| json!({"start": q.span.start, "end": q.span.end, "speaker": q.speaker}))
                .collect(),
        ),
        fields::KEYWORDS => Value::Array(
            doc.keywords
                .as_ref()?
                .iter()
                .map(|k| json!({"text": k.text, "score": k.score}))
                .collect(),
        ),
        fields::SUMMARY => json!(doc.summary.as_ref()?.sentences),
        other => doc
            .fields
            .get(other)
            .or_else(|| doc.record.get(other))?
            .clone(),
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
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
