//! The output record: a finished [`Document`] as one JSON object, through serde.
//!
//! Field order: the input record's fields in input order, where a field a stage provides
//! replaces the input value in place; then the provided fields the input did not have, in
//! schema order (text, metadata, sentences, entities, dates, quantities, quotes, keywords,
//! summary), then fields added by custom stages. Spans are written in Unicode character
//! offsets with the text they cover ([`CharIndex::text_span`], the one conversion point).

use crate::document::{fields, Document, Layer, Span, SummaryOutput};
use crate::offsets::CharIndex;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

/// A document as the output writes it. Serialize it with any serde serializer; the JSONL
/// writer uses [`OutputRecord::to_json_line`].
pub struct OutputRecord<'a> {
    doc: &'a Document,
    idx: CharIndex<'a>,
}

/// One field a stage provided (or the text), found in the document.
#[derive(Clone, Copy)]
enum Provided<'a> {
    Text,
    Meta(&'a str),
    Sentences,
    Entities,
    Dates,
    Quantities,
    Quotes,
    Keywords,
    Summary,
    Extra(&'a Value),
}

impl<'a> OutputRecord<'a> {
    /// The output view of `doc`.
    pub fn new(doc: &'a Document) -> Self {
        OutputRecord {
            doc,
            idx: CharIndex::new(&doc.text),
        }
    }

    /// The record as one JSON line (no newline).
    pub fn to_json_line(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.doc.text.len() * 2 + 256);
        // Serializing into a Vec cannot fail: every key is a string, every number finite or
        // written as null by serde_json.
        let _ = serde_json::to_writer(&mut out, self);
        out
    }

    /// The fields stages provided, by output key, in schema order.
    fn provided(&self) -> Vec<(&'a str, Provided<'a>)> {
        let d = self.doc;
        let mut v: Vec<(&'a str, Provided<'a>)> = Vec::with_capacity(10 + d.fields.len());
        v.push((fields::TEXT, Provided::Text));
        for name in crate::document::Metadata::FIELDS {
            if let Some(Some(s)) = d.meta.get(name) {
                v.push((name, Provided::Meta(s)));
            }
        }
        let layers = [
            (
                fields::SENTENCES,
                d.sentences.is_some(),
                Provided::Sentences,
            ),
            (fields::ENTITIES, d.entities.is_some(), Provided::Entities),
            (fields::DATES, d.dates.is_some(), Provided::Dates),
            (
                fields::QUANTITIES,
                d.quantities.is_some(),
                Provided::Quantities,
            ),
            (fields::QUOTES, d.quotes.is_some(), Provided::Quotes),
            (fields::KEYWORDS, d.keywords.is_some(), Provided::Keywords),
            (fields::SUMMARY, d.summary.is_some(), Provided::Summary),
        ];
        v.extend(layers.into_iter().filter(|l| l.1).map(|(k, _, p)| (k, p)));
        v.extend(
            d.fields
                .iter()
                .map(|(k, val)| (k.as_str(), Provided::Extra(val))),
        );
        v
    }
}

impl Serialize for OutputRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let provided = self.provided();
        let mut used = vec![false; provided.len()];
        let mut map = serializer.serialize_map(None)?;
        for (k, val) in &self.doc.record {
            match provided.iter().position(|(pk, _)| *pk == k.as_str()) {
                Some(i) => {
                    map.serialize_entry(k, &Field(self, provided[i].1))?;
                    used[i] = true;
                }
                None => map.serialize_entry(k, val)?,
            }
        }
        for ((k, p), used) in provided.iter().zip(used) {
            if !used {
                map.serialize_entry(k, &Field(self, *p))?;
            }
        }
        map.end()
    }
}

/// One provided field, serialized from the document.
struct Field<'r, 'a>(&'r OutputRecord<'a>, Provided<'a>);

impl Serialize for Field<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rec = self.0;
        let d = rec.doc;
        let at = |span: Span| rec.idx.text_span(span);
        match self.1 {
            Provided::Text => s.serialize_str(&d.text),
            Provided::Meta(v) => s.serialize_str(v),
            Provided::Sentences => {
                s.collect_seq(d.sentences.iter().flatten().map(|x| x.with_spans(at)))
            }
            Provided::Entities => {
                s.collect_seq(d.entities.iter().flatten().map(|x| x.with_spans(at)))
            }
            Provided::Dates => s.collect_seq(d.dates.iter().flatten().map(|x| x.with_spans(at))),
            Provided::Quantities => {
                s.collect_seq(d.quantities.iter().flatten().map(|x| x.with_spans(at)))
            }
            Provided::Quotes => s.collect_seq(d.quotes.iter().flatten().map(|x| x.with_spans(at))),
            Provided::Keywords => s.collect_seq(d.keywords.iter().flatten()),
            Provided::Summary => {
                let idx = d.summary.as_ref().map(|x| x.sentences.as_slice());
                let idx = idx.unwrap_or(&[]);
                let sents = d.sentences.as_deref().unwrap_or(&[]);
                let text = idx
                    .iter()
                    .filter_map(|i| sents.get(*i))
                    .map(|sp| sp.slice(&d.text).trim())
                    .collect::<Vec<_>>()
                    .join(" ");
                SummaryOutput {
                    text,
                    sentences: idx,
                }
                .serialize(s)
            }
            Provided::Extra(v) => v.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, EntityLabel, Summary};

    #[test]
    fn offsets_are_characters_and_fields_keep_order() {
        let mut record = serde_json::Map::new();
        record.insert("id".into(), "d".into());
        record.insert("text".into(), "raw".into());
        record.insert("extra".into(), serde_json::json!({"k": [1, 2]}));
        let text = "Café — Zürich. Next one.".to_string();
        let mut doc = Document::new("d".into(), crate::Origin::memory(), text.clone(), record);
        let first_end = text.find(". ").unwrap() + 1;
        doc.sentences = Some(vec![
            Span::new(0, first_end),
            Span::new(first_end + 1, text.len()),
        ]);
        let z = text.find("Zürich").unwrap();
        doc.entities = Some(vec![Entity {
            span: Span::new(z, z + "Zürich".len()),
            label: EntityLabel::LOC,
        }]);
        doc.summary = Some(Summary { sentences: vec![1] });
        let line = doc.to_json_line("text");
        let v: Value = serde_json::from_slice(&line).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "text", "extra", "sentences", "entities", "summary"]
        );
        let chars: Vec<char> = text.chars().collect();
        let e = &v["entities"][0];
        let (s, en) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars[s..en].iter().collect::<String>(), "Zürich");
        assert_eq!(e["text"], "Zürich");
        assert_eq!(v["summary"]["text"], "Next one.");
        assert_eq!(v["summary"]["sentences"], serde_json::json!([1]));
    }
}
