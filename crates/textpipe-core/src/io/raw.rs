//! Raw records and how they become documents.
//!
//! A [`crate::io::Source`] only splits its input into [`RawRecord`]s (a whole text file, one
//! JSONL line) and counts bytes; parsing, UTF-8 checks and field lookups happen in the worker
//! threads through [`RawRecord::into_document`], so that a bad record becomes a reject (a
//! [`ReadReject`] with its reason and payload), never a failed run.

use crate::document::{Document, Origin};
use serde_json::{Map, Value};

/// How to find the id and the text in a JSONL record.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Field holding the document id (default `id`); documents without one get `input:line`.
    pub id_field: String,
    /// Field holding the text (default `text`). A record without it but with a `tokens` list of
    /// strings gets the tokens joined by single spaces (the CoNLL convention).
    pub text_field: String,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            id_field: "id".into(),
            text_field: "text".into(),
        }
    }
}

/// The content of one raw record.
#[derive(Debug)]
pub enum RawKind {
    /// A whole text article with its id.
    TextFile {
        /// Id (relative path).
        id: String,
        /// File bytes.
        bytes: Vec<u8>,
    },
    /// One JSONL line (without the line terminator).
    JsonLine(Vec<u8>),
    /// The rest of an input could not be read (a corrupt compressed stream, an I/O error); it
    /// is reported as a reject so that nothing disappears silently.
    Unreadable(String),
}

/// A record as read, not yet parsed.
#[derive(Debug)]
pub struct RawRecord {
    /// Where it came from.
    pub origin: Origin,
    /// Its content.
    pub kind: RawKind,
}

/// Why a raw record could not become a document; it goes to the rejects file.
#[derive(Debug)]
pub struct ReadReject {
    /// The id, when it could be found.
    pub id: Option<String>,
    /// Where.
    pub origin: Origin,
    /// Why.
    pub reason: String,
    /// The record (parsed JSON) or the raw line (lossy UTF-8), so nothing is lost.
    pub payload: Value,
}

/// `line` with every `\uD800`-`\uDFFF` escape that is not part of a valid surrogate pair
/// replaced by `\uFFFD`; `None` when there is none.
fn replace_lone_surrogates(line: &str) -> Option<String> {
    let b = line.as_bytes();
    // (position, value) of each \uXXXX escape in a surrogate range, in order.
    let mut escapes: Vec<(usize, u16)> = Vec::new();
    let mut i = 0;
    while i + 6 <= b.len() {
        if b[i] == b'\\' {
            if b[i + 1] == b'u' {
                let v = std::str::from_utf8(&b[i + 2..i + 6])
                    .ok()
                    .and_then(|h| u16::from_str_radix(h, 16).ok());
                if let Some(v) = v.filter(|v| (0xD800..=0xDFFF).contains(v)) {
                    escapes.push((i, v));
                }
                i += 6;
            } else {
                // Any other escape, including an escaped backslash ("\\\\ud800" is text).
                i += 2;
            }
        } else {
            i += 1;
        }
    }
    let mut lone: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < escapes.len() {
        let (pos, v) = escapes[k];
        let paired = (0xD800..0xDC00).contains(&v)
            && escapes
                .get(k + 1)
                .is_some_and(|&(p2, v2)| p2 == pos + 6 && (0xDC00..=0xDFFF).contains(&v2));
        if paired {
            k += 2;
        } else {
            lone.push(pos);
            k += 1;
        }
    }
    if lone.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for pos in lone {
        out.push_str(&line[copied..pos]);
        out.push_str("\\uFFFD");
        copied = pos + 6;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

impl RawRecord {
    /// Bytes of this record (for throughput figures).
    pub fn len(&self) -> usize {
        match &self.kind {
            RawKind::TextFile { bytes, .. } | RawKind::JsonLine(bytes) => bytes.len(),
            RawKind::Unreadable(_) => 0,
        }
    }

    /// True for an empty record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Parses the record into a [`Document`].
    ///
    /// # Errors
    ///
    /// A [`ReadReject`] for invalid UTF-8, malformed JSON, a line that is not an object, or a
    /// record without a string text field.
    pub fn into_document(self, opts: &InputOptions) -> Result<Document, Box<ReadReject>> {
        let origin = self.origin;
        let reject = |id: Option<String>, reason: String, payload: Value, origin: &Origin| {
            Box::new(ReadReject {
                id,
                origin: origin.clone(),
                reason,
                payload,
            })
        };
        match self.kind {
            RawKind::Unreadable(reason) => Err(reject(None, reason, Value::Null, &origin)),
            RawKind::TextFile { id, bytes } => match String::from_utf8(bytes) {
                Ok(text) => {
                    let mut record = Map::new();
                    record.insert(opts.id_field.clone(), Value::String(id.clone()));
                    record.insert(opts.text_field.clone(), Value::String(text.clone()));
                    Ok(Document::new(id, origin, text, record))
                }
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    Err(reject(
                        Some(id),
                        format!("invalid UTF-8 at byte {at}"),
                        Value::String(lossy),
                        &origin,
                    ))
                }
            },
            RawKind::JsonLine(bytes) => {
                let line = match std::str::from_utf8(&bytes) {
                    Ok(s) => s,
                    Err(e) => {
                        let lossy = String::from_utf8_lossy(&bytes).into_owned();
                        return Err(reject(
                            None,
                            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                            Value::String(lossy),
                            &origin,
                        ));
                    }
                };
                // JSON written by Python may escape lone surrogates ("\ud800"), which Rust
                // strings cannot hold: they become U+FFFD (as ftfy does) rather than losing the
                // whole record.
                let parsed = serde_json::from_str(line).or_else(|e| {
                    replace_lone_surrogates(line)
                        .and_then(|fixed| serde_json::from_str(&fixed).ok())
                        .ok_or(e)
                });
                let value: Value = match parsed {
                    Ok(v) => v,
                    Err(e) => {
                        return Err(reject(
                            None,
                            format!(
                                "malformed JSON at column {}: {}",
                                e.column(),
                                strip_at(&e.to_string())
                            ),
                            Value::String(line.to_string()),
                            &origin,
                        ))
                    }
                };
                let Value::Object(record) = value else {
                    return Err(reject(
                        None,
                        "the line is valid JSON but not an object".into(),
                        value,
                        &origin,
                    ));
                };
                let id = match record.get(&opts.id_field) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                let text = match record.get(&opts.text_field) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => {
                        let kind = match other {
                            Value::Null => "null",
                            Value::Bool(_) => "a boolean",
                            Value::Number(_) => "a number",
                            Value::Array(_) => "a list",
                            Value::Object(_) => "an object",
                            Value::String(_) => "a string",
                        };
                        return Err(reject(
                            id,
                            format!("field `{}` is {kind}, expected a string", opts.text_field),
                            Value::Object(record),
                            &origin,
                        ));
                    }
                    None => match joined_tokens(&record) {
                        Some(t) => t,
                        None => {
                            return Err(reject(
                                id,
                                format!(
                                    "no string field `{}` (use --text-field to name another)",
                                    opts.text_field
                                ),
                                Value::Object(record),
                                &origin,
                            ))
                        }
                    },
                };
                let id = id.unwrap_or_else(|| origin.to_string());
                Ok(Document::new(id, origin, text, record))
            }
        }
    }
}

fn joined_tokens(record: &Map<String, Value>) -> Option<String> {
    let tokens = record.get("tokens")?.as_array()?;
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(t.as_str()?);
    }
    Some(out)
}

fn strip_at(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::Arc;

    fn raw(line: &str) -> RawRecord {
        RawRecord {
            origin: Origin {
                input: Arc::from("in.jsonl"),
                line: Some(7),
            },
            kind: RawKind::JsonLine(line.as_bytes().to_vec()),
        }
    }

    #[test]
    fn parses_record_and_falls_back_to_origin_id() {
        let opts = InputOptions::default();
        let d = raw(r#"{"id": "a", "text": "Hi.", "x": 1}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!((d.id.as_str(), d.text.as_str()), ("a", "Hi."));
        let d = raw(r#"{"text": "Hi."}"#).into_document(&opts).unwrap();
        assert_eq!(d.id, "in.jsonl:7");
        let d = raw(r#"{"tokens": ["EU", "rejects", "."]}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!(d.text, "EU rejects .");
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let opts = InputOptions::default();
        let d = raw(r#"{"id": "a", "text": "lone \ud800 high, pair \ud83d\ude00, low \uDC00"}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!(d.text, "lone \u{FFFD} high, pair 😀, low \u{FFFD}");
        // An escaped backslash before "ud800" is text, not an escape.
        let d = raw(r#"{"text": "path \\ud800"}"#)
            .into_document(&opts)
            .unwrap();
        assert_eq!(d.text, "path \\ud800");
        assert_eq!(replace_lone_surrogates(r#"{"text": "\ud83d\ude00"}"#), None);
        // Still malformed for another reason: rejected with that reason.
        let e = raw(r#"{"text": "\ud800"#).into_document(&opts).unwrap_err();
        assert!(e.reason.starts_with("malformed JSON"), "{}", e.reason);
    }

    #[test]
    fn bad_records_are_rejected_with_reasons() {
        let opts = InputOptions::default();
        let e = raw(r#"{"id": "a", "text": 5}"#)
            .into_document(&opts)
            .unwrap_err();
        assert!(e.reason.contains("is a number"), "{}", e.reason);
        assert_eq!(e.id.as_deref(), Some("a"));
        let e = raw("{\"id\": ").into_document(&opts).unwrap_err();
        assert!(e.reason.starts_with("malformed JSON"), "{}", e.reason);
        let e = raw("[1,2]").into_document(&opts).unwrap_err();
        assert!(e.reason.contains("not an object"));
        let mut r = raw("");
        r.kind = RawKind::JsonLine(vec![b'{', 0xff, b'}']);
        let e = r.into_document(&opts).unwrap_err();
        assert!(e.reason.contains("invalid UTF-8"));
    }
}
