//! Layout: paragraphs (blank-line separated), hard-wrapped lines joined, words split at a line
//! end re-joined, paragraphs broken mid-sentence joined.
//!
//! Every decision looks only at the text of the lines involved (never at where a line came
//! from), so running the step on its own output changes nothing.

use crate::words::keep_hyphen;

/// Layout switches.
#[derive(Debug, Clone, Copy)]
pub struct LayoutOptions {
    /// Join hard-wrapped lines inside a paragraph.
    pub join_wrapped: bool,
    /// Join a paragraph that ends mid-sentence with a following one that starts in lower case.
    pub join_broken_paragraphs: bool,
    /// Re-join words hyphenated at a line end.
    pub dehyphenate: bool,
    /// Lines shorter than this (characters) are kept on their own unless the next line clearly
    /// continues them (starts in lower case).
    pub short_line: usize,
}

/// Counts of what the layout step did.
#[derive(Debug, Default, Clone, Copy)]
pub struct LayoutCounts {
    /// Line breaks removed inside paragraphs.
    pub joined_lines: u64,
    /// Words re-joined across a line-end hyphen.
    pub dehyphenated: u64,
    /// Paragraph breaks removed.
    pub joined_paragraphs: u64,
}

/// True for list items: `- `, `* `, `• `, `1. `, `1) `.
pub fn is_list_item(line: &str) -> bool {
    let b = line.as_bytes();
    match b.first() {
        Some(b'-' | b'*' | b'+') => b.get(1) == Some(&b' '),
        Some(b'0'..=b'9') => {
            let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
            d <= 3 && matches!(b.get(d), Some(b'.' | b')')) && b.get(d + 1) == Some(&b' ')
        }
        _ => line.starts_with("• ") || line.starts_with("· ") || line.starts_with("▪ "),
    }
}

/// At least `n` characters (without counting a long line to its end).
fn long_enough(line: &str, n: usize) -> bool {
    line.len() >= n && (line.len() >= 4 * n || line.chars().take(n).count() >= n)
}

fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Ends without sentence-final punctuation: a letter, digit or comma.
fn ends_open(line: &str) -> bool {
    line.chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ',')
}

/// The word fragment before a trailing hyphen (`pro-` gives `pro`), if the line ends with a
/// letter followed by `-`.
fn hyphen_left(line: &str) -> Option<&str> {
    let body = line.strip_suffix('-')?;
    let last = body.chars().next_back()?;
    if !last.is_alphabetic() {
        return None;
    }
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '-')
        .last()
        .map_or(body.len(), |(i, _)| i);
    Some(&body[start..])
}

/// Appends `next` to `cur`, re-joining a line-end hyphenation when `dehyphenate` is on.
fn join_into(cur: &mut String, next: &str, dehyphenate: bool, counts: &mut LayoutCounts) {
    if dehyphenate && starts_lowercase(next) {
        if let Some(left) = hyphen_left(cur) {
            let right: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
            if !left.is_empty() && !right.is_empty() {
                if !keep_hyphen(left, &right) {
                    cur.pop();
                }
                cur.push_str(next);
                counts.dehyphenated += 1;
                return;
            }
        }
    }
    cur.push(' ');
    cur.push_str(next);
}

/// Should the line `next` continue the line `cur` inside one paragraph?
fn continues(cur: &str, next: &str, opts: &LayoutOptions) -> bool {
    if !opts.join_wrapped || is_list_item(next) {
        return false;
    }
    if long_enough(cur, opts.short_line) {
        return true;
    }
    starts_lowercase(next) && (ends_open(cur) || cur.ends_with('-'))
}

/// Joins the lines of one block (no blank lines inside) into output lines.
pub fn join_block(
    lines: Vec<String>,
    opts: &LayoutOptions,
    counts: &mut LayoutCounts,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(1);
    for line in lines {
        match out.last_mut() {
            Some(cur) if continues(cur, &line, opts) => {
                join_into(cur, &line, opts.dehyphenate, counts);
                counts.joined_lines += 1;
            }
            _ => out.push(line),
        }
    }
    out
}

/// Joins paragraphs broken mid-sentence: the previous paragraph's last line is at least
/// twice `short_line` characters (a table row or a heading is shorter than a paragraph cut
/// mid-sentence), is not a list item and ends without terminal punctuation, and the
/// next paragraph starts with a lower-case letter. Returns whether anything was joined.
pub fn join_paragraphs(
    paras: &mut Vec<Vec<String>>,
    opts: &LayoutOptions,
    counts: &mut LayoutCounts,
) -> bool {
    if !opts.join_broken_paragraphs || paras.len() < 2 {
        return false;
    }
    let mut out: Vec<Vec<String>> = Vec::with_capacity(paras.len());
    let mut any = false;
    for para in paras.drain(..) {
        let merge = match (out.last().and_then(|p| p.last()), para.first()) {
            (Some(last), Some(first)) => {
                long_enough(last, 2 * opts.short_line)
                    && !is_list_item(last)
                    && (ends_open(last) || hyphen_left(last).is_some())
                    && starts_lowercase(first)
                    && !is_list_item(first)
            }
            _ => false,
        };
        if merge {
            let mut rest = para.into_iter();
            if let (Some(prev), Some(first)) = (out.last_mut(), rest.next()) {
                if let Some(last) = prev.last_mut() {
                    join_into(last, &first, opts.dehyphenate, counts);
                }
                // The joined line is longer now: the lines after it may continue it. Lines
                // before it are settled, so only the tail is looked at again.
                let mut tail = prev.split_off(prev.len().saturating_sub(1));
                tail.extend(rest);
                prev.extend(join_block(tail, opts, counts));
            }
            counts.joined_paragraphs += 1;
            any = true;
        } else {
            out.push(para);
        }
    }
    *paras = out;
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: LayoutOptions = LayoutOptions {
        join_wrapped: true,
        join_broken_paragraphs: true,
        dehyphenate: true,
        short_line: 40,
    };

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn joins_wrapped_lines() {
        let mut c = LayoutCounts::default();
        let b = lines(
            "The council met on Tuesday to discuss the new harbour\nplan and its cost to the town.",
        );
        assert_eq!(join_block(b.clone(), &OPTS, &mut c), vec!["The council met on Tuesday to discuss the new harbour plan and its cost to the town."]);
        assert_eq!(c.joined_lines, 1);
    }

    #[test]
    fn dehyphenates() {
        let mut c = LayoutCounts::default();
        let b = lines(
            "Farmers in the northern pro-\nvince grew a well-\nknown variety of pear for export.",
        );
        assert_eq!(
            join_block(b.clone(), &OPTS, &mut c),
            vec!["Farmers in the northern province grew a well-known variety of pear for export."]
        );
        assert_eq!(c.dehyphenated, 2);
    }

    #[test]
    fn keeps_lists_and_short_lines() {
        let mut c = LayoutCounts::default();
        let b = lines("Ingredients:\n- two apples\n- one pear\nServe cold.");
        assert_eq!(join_block(b.clone(), &OPTS, &mut c), b);
        let b = lines("Jane Smith\nChief Editor");
        assert_eq!(join_block(b.clone(), &OPTS, &mut c), b);
    }

    #[test]
    fn joins_broken_paragraph_only_mid_sentence() {
        let mut c = LayoutCounts::default();
        let mut p = vec![
            lines("\"The old bridge over the river should have been repaired years ago, back when they"),
            lines("had the money,\" said a resident."),
            lines("A new paragraph starts here with a capital letter and no stop"),
            lines("Another one."),
        ];
        assert!(join_paragraphs(&mut p, &OPTS, &mut c));
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[0][0],
            "\"The old bridge over the river should have been repaired years ago, back when they \
             had the money,\" said a resident."
        );
        assert!(!join_paragraphs(&mut p, &OPTS, &mut c));
    }
}
