//! Named entities: the statistical tagger from `textpipe-ner`, plus document-level label
//! consistency.

use std::collections::BTreeMap;
use textpipe_core::{Entity, EntityLabel};

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

#[cfg(test)]
mod tests {
    use super::*;
    use textpipe_core::Span;

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
    fn ties_go_to_the_first_mention() {
        let text = "Paris saw Paris.";
        let mut v = vec![ent(0, 5, EntityLabel::PER), ent(10, 15, EntityLabel::LOC)];
        assert_eq!(harmonize(text, &mut v), 1);
        assert!(v.iter().all(|e| e.label == EntityLabel::PER));
        let mut none: Vec<Entity> = Vec::new();
        assert_eq!(harmonize(text, &mut none), 0);
    }
}
