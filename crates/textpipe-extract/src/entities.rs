//! Named entities: the statistical tagger from `textpipe-ner`, plus document-level label
//! consistency.

use std::collections::BTreeMap;
use textpipe_core::{Entity, EntityLabel, Span};

fn label_index(l: EntityLabel) -> usize {
    match l {
        EntityLabel::PER => 0,
        EntityLabel::ORG => 1,
        EntityLabel::LOC => 2,
        EntityLabel::MISC => 3,
    }
}

const LABELS: [EntityLabel; 4] = [
    EntityLabel::PER,
    EntityLabel::ORG,
    EntityLabel::LOC,
    EntityLabel::MISC,
];

/// Gives every mention of the same string one label: the label it has most often in the
/// document (ties go to the label of its first mention). The tagger decides each mention from a
/// few words of context, so "Jordan" can come out PER once and LOC once; within one article the
/// same name nearly always denotes the same thing. Returns the number of labels changed.
pub(crate) fn harmonize(text: &str, entities: &mut [Entity]) -> usize {
    let mut votes: BTreeMap<&str, ([u32; 4], usize)> = BTreeMap::new();
    for e in entities.iter() {
        let s = e.span.slice(text);
        let entry = votes.entry(s).or_insert(([0; 4], label_index(e.label)));
        entry.0[label_index(e.label)] += 1;
    }
    let mut changed = 0;
    for e in entities.iter_mut() {
        let s = e.span.slice(text);
        if let Some((counts, first)) = votes.get(s) {
            let mut best = *first;
            for (k, &c) in counts.iter().enumerate() {
                if c > counts[best] {
                    best = k;
                }
            }
            if LABELS[best] != e.label {
                e.label = LABELS[best];
                changed += 1;
            }
        }
    }
    changed
}

/// The places of the dateline that opens the text ("MERIDIAN CITY, Avalonia — …"), as the
/// clean stage lifted it into `dateline`: each comma-separated part becomes one LOC, replacing
/// whatever the tagger made of it. The tagger, trained on datelines that carry a date, tags
/// bare ones as ORG ("LOS ANGELES") or in pieces ("BOCA" + "RATON"). Entities stay sorted and
/// non-overlapping. Returns the number of parts relabelled or added.
pub(crate) fn dateline_places(text: &str, dateline: &str, entities: &mut Vec<Entity>) -> usize {
    let lead = text.len() - text.trim_start().len();
    if dateline.is_empty() || !text[lead..].starts_with(dateline) {
        return 0;
    }
    let mut changed = 0;
    let mut at = lead;
    for part in dateline.split(',') {
        let start = at + (part.len() - part.trim_start().len());
        let end = at + part.trim_end().len();
        at += part.len() + 1;
        let sp = Span::new(start, end);
        let Some(name) = text.get(start..end) else {
            continue;
        };
        if start >= end
            || !name.starts_with(char::is_uppercase)
            || name.split_whitespace().count() > 4
        {
            continue;
        }
        // Only names wholly inside this part are replaced; one reaching past it is left.
        let overlaps = |e: &Entity| e.span.start < sp.end && sp.start < e.span.end;
        if entities
            .iter()
            .any(|e| overlaps(e) && (e.span.start < sp.start || e.span.end > sp.end))
        {
            continue;
        }
        let same = entities
            .iter()
            .any(|e| e.span == sp && e.label == EntityLabel::LOC);
        if same {
            continue;
        }
        entities.retain(|e| !overlaps(e));
        entities.push(Entity {
            span: sp,
            label: EntityLabel::LOC,
        });
        changed += 1;
    }
    entities.sort_by_key(|e| (e.span.start, e.span.end));
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(s: usize, e: usize, label: EntityLabel) -> Entity {
        Entity {
            span: Span::new(s, e),
            label,
        }
    }

    #[test]
    fn majority_label_wins() {
        let text = "Jordan met Jordan and Jordan.";
        let mut v = vec![
            ent(0, 6, EntityLabel::PER),
            ent(11, 17, EntityLabel::LOC),
            ent(22, 28, EntityLabel::LOC),
        ];
        assert_eq!(harmonize(text, &mut v), 1);
        assert!(v.iter().all(|e| e.label == EntityLabel::LOC));
    }

    #[test]
    fn dateline_names_are_places() {
        let text = "MERIDIAN CITY, Avalonia — A team of students won.";
        let mut v = vec![ent(0, 13, EntityLabel::ORG)];
        assert_eq!(dateline_places(text, "MERIDIAN CITY, Avalonia", &mut v), 2);
        assert_eq!(
            v,
            vec![ent(0, 13, EntityLabel::LOC), ent(15, 23, EntityLabel::LOC)]
        );
        // Pieces of one place become the place.
        let text = "BOCA RATON, Fla. - Shares rose.";
        let mut v = vec![ent(0, 4, EntityLabel::LOC), ent(5, 10, EntityLabel::ORG)];
        assert_eq!(dateline_places(text, "BOCA RATON, Fla.", &mut v), 2);
        assert_eq!(
            v,
            vec![ent(0, 10, EntityLabel::LOC), ent(12, 16, EntityLabel::LOC)]
        );
        // Already right: nothing to do.
        assert_eq!(dateline_places(text, "BOCA RATON, Fla.", &mut v), 0);
        // Not at the start of the text, or another dateline: nothing changes.
        let mut w = vec![ent(0, 13, EntityLabel::ORG)];
        assert_eq!(dateline_places(text, "Avalonia", &mut w), 0);
        assert_eq!(w, vec![ent(0, 13, EntityLabel::ORG)]);
    }

    #[test]
    fn ties_go_to_the_first_mention() {
        let text = "Paris saw Paris.";
        let mut v = vec![ent(0, 5, EntityLabel::PER), ent(10, 15, EntityLabel::LOC)];
        assert_eq!(harmonize(text, &mut v), 1);
        assert!(v.iter().all(|e| e.label == EntityLabel::PER));
        let mut none: Vec<Entity> = Vec::new();
        assert_eq!(harmonize(text, &mut none), 0);
    }
}
