//! Span checkers. Stages keep spans as byte ranges into the text; the output records carry
//! Unicode character offsets (`text[start:end]` in Python) and the span's own `text`. Both are
//! checked here with the same rules: [`json_spans`] turns an output record's spans into byte
//! ranges (checking their `text`), and [`SpanCheck`] checks byte ranges.

use serde_json::Value;
use std::ops::Range;

/// The characters `start..end` (character offsets, end exclusive) of `text`, as Python's
/// `text[start:end]` gives them.
pub fn char_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect()
}

/// The spans of output record `record` in its list `field` (`"sentences"`, `"entities"`, ...)
/// as byte ranges into the record's `"text"`, after checking that each has integer `start` and
/// `end`, that `start <= end <=` the number of characters of the text, and that the span's
/// `"text"` (when it has one) equals the text at those character offsets. Panics, naming the
/// field and span, when the field is missing or a span is wrong.
#[track_caller]
pub fn json_spans(record: &Value, field: &str) -> Vec<Range<usize>> {
    let text = record["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no string `text`: {record}"));
    let list = record[field]
        .as_array()
        .unwrap_or_else(|| panic!("no {field}: {record}"));
    // Byte offset of every char boundary, by character index (the last is the text's length).
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    list.iter()
        .map(|s| {
            let offset = |key: &str| -> usize {
                s[key]
                    .as_u64()
                    .unwrap_or_else(|| panic!("{field}: no integer `{key}` in {s}"))
                    as usize
            };
            let (start, end) = (offset("start"), offset("end"));
            assert!(
                start <= end && end <= chars,
                "{field}: {s} is not inside the text ({chars} characters)"
            );
            let bytes = bounds[start]..bounds[end];
            if let Some(t) = s.get("text") {
                assert_eq!(
                    Some(&text[bytes.clone()]),
                    t.as_str(),
                    "{field}: the span's text is not the text at its character offsets: {s}"
                );
            }
            bytes
        })
        .collect()
}

/// Rules a list of byte-range spans must keep in a text, checked by [`SpanCheck::check`].
/// Always checked: `start <= end <= text.len()` and both ends on char boundaries. The other
/// rules are switched on one by one, as each layer promises them (sentences tile the text,
/// dates do not overlap, entities may come in any order, ...).
#[derive(Clone, Debug)]
#[must_use = "a SpanCheck checks nothing until `check` is called"]
pub struct SpanCheck<'a> {
    text: &'a str,
    what: &'a str,
    non_empty: bool,
    sorted: bool,
    disjoint: bool,
    trimmed: bool,
    covering: bool,
}

impl<'a> SpanCheck<'a> {
    /// Spans into `text`: inside it and on char boundaries, nothing more until switched on.
    pub fn new(text: &'a str) -> Self {
        SpanCheck {
            text,
            what: "span",
            non_empty: false,
            sorted: false,
            disjoint: false,
            trimmed: false,
            covering: false,
        }
    }

    /// Names the spans in failure messages (`"sentence"`, `"date"`).
    pub fn named(mut self, what: &'a str) -> Self {
        self.what = what;
        self
    }

    /// Every span has `start < end`.
    pub fn non_empty(mut self) -> Self {
        self.non_empty = true;
        self
    }

    /// Starts never decrease (spans may still overlap).
    pub fn sorted(mut self) -> Self {
        self.sorted = true;
        self
    }

    /// Each span starts at or after the end of the one before: sorted and non-overlapping.
    pub fn disjoint(mut self) -> Self {
        self.disjoint = true;
        self
    }

    /// No span starts or ends with whitespace.
    pub fn trimmed(mut self) -> Self {
        self.trimmed = true;
        self
    }

    /// Everything outside the spans is whitespace: they cover every other character of the
    /// text (implies [`disjoint`](Self::disjoint)).
    pub fn covering(mut self) -> Self {
        self.covering = true;
        self.disjoint = true;
        self
    }

    /// Checks `spans` against the rules, panicking at the first broken one with the span, the
    /// text around it and the rule. Returns the number of spans checked.
    #[track_caller]
    pub fn check<I: IntoIterator<Item = Range<usize>>>(&self, spans: I) -> usize {
        let (text, what) = (self.text, self.what);
        let mut prev: Option<Range<usize>> = None;
        let mut n = 0;
        for s in spans {
            n += 1;
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "{what} {s:?} is not inside the text ({} bytes)",
                text.len()
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{what} {s:?} is not on char boundaries of {text:?}"
            );
            let slice = &text[s.clone()];
            if self.non_empty {
                assert!(s.start < s.end, "empty {what} {s:?}");
            }
            if self.trimmed {
                assert_eq!(slice, slice.trim(), "untrimmed {what} {s:?}");
            }
            let prev_end = prev.as_ref().map_or(0, |p| p.end);
            if let Some(p) = &prev {
                if self.disjoint {
                    assert!(
                        s.start >= p.end,
                        "{what} {s:?} overlaps or comes before {p:?}"
                    );
                } else if self.sorted {
                    assert!(s.start >= p.start, "{what} {s:?} comes before {p:?}");
                }
            }
            if self.covering {
                let gap = &text[prev_end..s.start];
                assert!(
                    gap.chars().all(char::is_whitespace),
                    "uncovered text before {what} {s:?}: {gap:?}"
                );
            }
            prev = Some(s);
        }
        if self.covering {
            let tail = &text[prev.map_or(0, |p| p.end)..];
            assert!(
                tail.chars().all(char::is_whitespace),
                "uncovered text after the last {what}: {tail:?}"
            );
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn char_offsets_become_byte_ranges() {
        let rec = json!({"text": "Café au lait. Oui.", "s": [
            {"start": 0, "end": 13, "text": "Café au lait."},
            {"start": 14, "end": 18, "text": "Oui."}
        ]});
        assert_eq!(json_spans(&rec, "s"), vec![0..14, 15..19]);
        assert_eq!(char_slice("Café au lait.", 3, 7), "é au");
    }

    #[test]
    #[should_panic(expected = "not the text at its character offsets")]
    fn a_wrong_span_text_is_caught() {
        let rec = json!({"text": "Café au lait.", "s": [{"start": 1, "end": 4, "text": "afé "}]});
        json_spans(&rec, "s");
    }

    /// Whether `f` panics.
    fn panics(f: impl FnOnce() + std::panic::UnwindSafe) -> bool {
        std::panic::catch_unwind(f).is_err()
    }

    #[test]
    fn rules() {
        let text = "One. Two. Three.";
        let tiles = [0..4, 5..9, 10..16];
        let n = SpanCheck::new(text)
            .non_empty()
            .trimmed()
            .covering()
            .check(tiles);
        assert_eq!(n, 3);
        let overlapping = [0..9, 5..16];
        SpanCheck::new(text).sorted().check(overlapping.clone());
        assert!(panics(|| {
            SpanCheck::new(text).disjoint().check(overlapping);
        }));
        assert!(panics(|| {
            SpanCheck::new(text).sorted().check([5..9, 0..4]);
        }));
        assert!(panics(|| {
            SpanCheck::new(text).covering().check(std::iter::once(0..4));
        }));
        assert!(panics(|| {
            SpanCheck::new("é").check(std::iter::once(0..1));
        }));
        assert!(panics(|| {
            SpanCheck::new(text).trimmed().check(std::iter::once(4..6));
        }));
        assert!(panics(|| {
            SpanCheck::new(text)
                .non_empty()
                .check(std::iter::once(4..4));
        }));
        assert!(panics(|| {
            SpanCheck::new(text).check(std::iter::once(10..17));
        }));
    }

    #[test]
    fn marked_text() {
        let (text, ents) = crate::marked("[PER Anna Berg] flew to [LOC Oslo] via [Kastrup].");
        assert_eq!(text, "Anna Berg flew to Oslo via Kastrup.");
        let got: Vec<(&str, &str)> = ents.iter().map(|(r, l)| (&text[r.clone()], *l)).collect();
        assert_eq!(
            got,
            [("Anna Berg", "PER"), ("Oslo", "LOC"), ("Kastrup", "MISC")]
        );
        let (text, spans) = crate::joined_sentences(&["One.", "Two."]);
        assert_eq!((text.as_str(), spans), ("One. Two.", vec![0..4, 5..9]));
    }
}
