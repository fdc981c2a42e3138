//! Reading annotated JSONL (CoNLL-2003 style records) into [`TrainDoc`]s.

use crate::error::Error;
use crate::train::TrainDoc;
use serde_json::Value;
use std::path::Path;
use textpipe_core::{Entity, EntityLabel, Span};

/// How a record's text is laid out in the [`TrainDoc`]s built from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// The record's `text` (natural, detokenized), with `entities[].char_start/char_end` (or
    /// character `start`/`end` when there are no `char_*` fields) and
    /// `sentence_char_offsets` when present.
    Text,
    /// `tokens` joined by single spaces, one sentence a line (sentences from the `sentences`
    /// token ranges), with entity token ranges `entities[].start/end`: the rendering the
    /// scorer uses for `{tokens, tags}` records.
    Spaced,
    /// All `tokens` of the record joined by single spaces on one line, without sentence spans:
    /// exactly the text the scorer builds from `{tokens, tags}` records (headlines and
    /// datelines run into the next sentence).
    Joined,
}

fn label(v: &Value) -> Option<EntityLabel> {
    let s = v.get("type").or_else(|| v.get("label"))?.as_str()?;
    match s {
        "PER" | "PERSON" => Some(EntityLabel::PER),
        "ORG" => Some(EntityLabel::ORG),
        "LOC" | "GPE" => Some(EntityLabel::LOC),
        "MISC" => Some(EntityLabel::MISC),
        _ => None,
    }
}

/// Byte offset of every char index of `text` (plus the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn usize_at(v: &Value, key: &str) -> Option<usize> {
    v.get(key)?.as_u64().and_then(|x| usize::try_from(x).ok())
}

/// Builds the requested renderings of one JSON record. Renderings the record lacks the
/// fields for are skipped; an error names what is malformed.
pub fn record_docs(
    rec: &Value,
    renderings: &[Rendering],
    group: u64,
) -> Result<Vec<TrainDoc>, String> {
    let mut out = Vec::new();
    let ents = rec
        .get("entities")
        .and_then(Value::as_array)
        .ok_or("no `entities` array")?;
    for r in renderings {
        match r {
            Rendering::Text => {
                let Some(text) = rec.get("text").and_then(Value::as_str) else {
                    continue;
                };
                let c2b = char_to_byte(text);
                let conv = |c: usize| c2b.get(c).copied();
                let mut entities = Vec::new();
                for e in ents {
                    let Some(lab) = label(e) else { continue };
                    let (s, t) = match (usize_at(e, "char_start"), usize_at(e, "char_end")) {
                        (Some(s), Some(t)) => (s, t),
                        _ => (
                            usize_at(e, "start").ok_or("entity without start")?,
                            usize_at(e, "end").ok_or("entity without end")?,
                        ),
                    };
                    let (Some(s), Some(t)) = (conv(s), conv(t)) else {
                        return Err(format!("entity offsets {s}..{t} outside the text"));
                    };
                    entities.push(Entity {
                        span: Span::new(s, t),
                        label: lab,
                    });
                }
                let mut sentences = Vec::new();
                if let Some(ss) = rec.get("sentence_char_offsets").and_then(Value::as_array) {
                    for s in ss {
                        let a = s
                            .get(0)
                            .and_then(Value::as_u64)
                            .and_then(|x| conv(x as usize));
                        let b = s
                            .get(1)
                            .and_then(Value::as_u64)
                            .and_then(|x| conv(x as usize));
                        match (a, b) {
                            (Some(a), Some(b)) if a <= b => sentences.push(Span::new(a, b)),
                            _ => return Err("bad sentence_char_offsets".into()),
                        }
                    }
                }
                out.push(TrainDoc {
                    text: text.to_string(),
                    sentences,
                    entities,
                    group: Some(group),
                });
            }
            Rendering::Spaced | Rendering::Joined => {
                let joined = *r == Rendering::Joined;
                let Some(tokens) = rec.get("tokens").and_then(Value::as_array) else {
                    continue;
                };
                let tokens: Vec<&str> = tokens.iter().map(|t| t.as_str().unwrap_or("")).collect();
                let sents: Vec<(usize, usize)> =
                    match rec.get("sentences").and_then(Value::as_array) {
                        Some(ss) => ss
                            .iter()
                            .filter_map(|s| {
                                Some((s.get(0)?.as_u64()? as usize, s.get(1)?.as_u64()? as usize))
                            })
                            .collect(),
                        None => vec![(0, tokens.len())],
                    };
                let mut text = String::new();
                let mut tok_span = vec![Span::default(); tokens.len()];
                let mut sentences = Vec::new();
                for &(a, b) in &sents {
                    if a > b || b > tokens.len() {
                        return Err(format!("sentence {a}..{b} outside the tokens"));
                    }
                    let start = text.len();
                    for (i, tok) in tokens[a..b].iter().enumerate() {
                        if i > 0 || (joined && !text.is_empty()) {
                            text.push(' ');
                        }
                        tok_span[a + i] = Span::new(text.len(), text.len() + tok.len());
                        text.push_str(tok);
                    }
                    if !joined {
                        sentences.push(Span::new(start, text.len()));
                        text.push('\n');
                    }
                }
                let mut entities = Vec::new();
                for e in ents {
                    let Some(lab) = label(e) else { continue };
                    let (Some(s), Some(t)) = (usize_at(e, "start"), usize_at(e, "end")) else {
                        return Err("entity without token start/end".into());
                    };
                    if s >= t || t > tokens.len() {
                        return Err(format!("entity tokens {s}..{t} out of range"));
                    }
                    entities.push(Entity {
                        span: Span::new(tok_span[s].start, tok_span[t - 1].end),
                        label: lab,
                    });
                }
                out.push(TrainDoc {
                    text,
                    sentences,
                    entities,
                    group: Some(group),
                });
            }
        }
    }
    Ok(out)
}

/// Reads a JSONL file of annotated records into documents, one per record and rendering.
/// Both renderings of one record share a group (see [`TrainDoc::group`]).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Data`] for a malformed record.
pub fn read_jsonl(path: &Path, renderings: &[Rendering]) -> Result<Vec<TrainDoc>, Error> {
    let raw = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut docs = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let data_err = |message: String| Error::Data {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let rec: Value = serde_json::from_str(line).map_err(|e| data_err(e.to_string()))?;
        docs.extend(record_docs(&rec, renderings, i as u64).map_err(data_err)?);
    }
    Ok(docs)
}
