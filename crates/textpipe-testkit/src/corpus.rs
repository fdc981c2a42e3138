//! Test inputs: a synthetic news-like corpus, documents built from their parts with the spans
//! of those parts, and fixture files.

use std::ops::Range;
use std::path::Path;

/// `n` synthetic news-like records as JSONL, ids `doc-0000`, `doc-0001`, ... (deterministic:
/// the same `n` gives the same bytes). Each text has a dateline, a quote, abbreviations,
/// names of people, places and organisations, numbers and amounts, in three paragraphs.
pub fn synthetic_jsonl(n: usize) -> String {
    let people = [
        "Anna Berg",
        "Tomas Ruiz",
        "Li Wen",
        "Omar Haddad",
        "Grace Otieno",
    ];
    let places = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn"];
    let orgs = [
        "the Harbour Authority",
        "Northwind Bank",
        "the City Council",
        "Apex Rail",
    ];
    let mut out = String::new();
    for i in 0..n {
        let p = people[i % people.len()];
        let q = places[(i * 7) % places.len()];
        let o = orgs[(i * 3) % orgs.len()];
        let text = format!(
            "{q} — {p} said on Monday that {o} would hire {n} workers by March.\n\n\
             \"We expect growth of {pct}% next year,\" {p} told reporters. Dr. Smith, an analyst \
             at the U.S. office, disagreed. The plan costs $1.{i}bn.\n\n\
             Critics said the move came too late. Officials declined to comment on the \
             {n} new jobs.",
            n = 100 + i,
            pct = i % 40
        );
        out.push_str(&serde_json::json!({"id": format!("doc-{i:04}"), "text": text}).to_string());
        out.push('\n');
    }
    out
}

/// `sentences` joined by single spaces, with the byte range of each sentence in the result
/// (a document whose sentence layer is known exactly).
pub fn joined_sentences<S: AsRef<str>>(sentences: &[S]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for s in sentences {
        let s = s.as_ref();
        if !text.is_empty() {
            text.push(' ');
        }
        spans.push(text.len()..text.len() + s.len());
        text.push_str(s);
    }
    (text, spans)
}

/// A text with entities marked as `[LABEL words]` (e.g. `"[PER Anna Berg] flew to [LOC
/// Oslo]."`): the plain text, and each entity's byte range in it with its label. A mark
/// without a space (`[words]`) gets the label `MISC`.
pub fn marked(marked: &str) -> (String, Vec<(Range<usize>, &str)>) {
    let mut text = String::new();
    let mut entities = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = open
            + rest[open..]
                .find(']')
                .unwrap_or_else(|| panic!("unclosed `[` in {marked:?}"));
        let inner = &rest[open + 1..close];
        let (label, words) = inner.split_once(' ').unwrap_or(("MISC", inner));
        let start = text.len();
        text.push_str(words);
        entities.push((start..text.len(), label));
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    (text, entities)
}

/// Rough sentence spans: a sentence ends after a `.` followed by whitespace, and at every
/// newline; blank pieces are skipped. For stages that need a sentence layer in a test that is
/// not about splitting.
pub fn naive_sentences(text: &str) -> Vec<Range<usize>> {
    let mut v = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        if (b[i] == b'.' && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())) || b[i] == b'\n'
        {
            if !text[start..=i].trim().is_empty() {
                v.push(start..i + 1);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        v.push(start..text.len());
    }
    v
}

/// Spans that tile `text` (sorted, non-overlapping, on char boundaries) cut at arbitrary
/// positions: each cut is taken modulo `text.len() + 1` and moved back to a char boundary.
/// For property tests that need a sentence layer of any shape.
pub fn spans_at_cuts(text: &str, cuts: &[usize]) -> Vec<Range<usize>> {
    let mut bounds: Vec<usize> = cuts
        .iter()
        .map(|c| {
            let mut p = c % (text.len() + 1);
            while !text.is_char_boundary(p) {
                p -= 1;
            }
            p
        })
        .collect();
    bounds.push(0);
    bounds.push(text.len());
    bounds.sort_unstable();
    bounds.dedup();
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Reads the fixture file `name` of folder `dir` as text (typically
/// `concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")`), naming the file when it cannot.
pub fn fixture(dir: impl AsRef<Path>, name: &str) -> String {
    let path = dir.as_ref().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
