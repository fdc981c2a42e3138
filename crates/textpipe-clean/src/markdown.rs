//! Markdown: line classification (headings, list items, rules, fences, link definitions,
//! block quotes) and inline markup removal (links, images, emphasis, code, autolinks).

use std::borrow::Cow;

/// What a source line is, for the layout step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Ordinary text.
    Text,
    /// A `#` heading (its own paragraph).
    Heading,
    /// A list item (`- `, `* `, `1. `): never joined to the line before.
    ListItem,
    /// A line that disappears: horizontal rule, code fence, reference link definition.
    Drop,
}

/// Classifies `line` (already trimmed) and returns its text with the block marker removed.
pub fn classify(line: &str) -> (LineKind, Cow<'_, str>) {
    // Heading and block-quote markers, however deeply stacked (`> ## > text`), in one pass.
    let mut line = line;
    let mut heading = false;
    loop {
        let bytes = line.as_bytes();
        match bytes.first() {
            Some(b'#') => {
                let hashes = bytes.iter().take_while(|&&c| c == b'#').count();
                if hashes <= 6 && bytes.get(hashes).map_or(true, |c| c.is_ascii_whitespace()) {
                    let body = line[hashes..].trim();
                    let trimmed = body.trim_end_matches('#').trim_end();
                    line = if trimmed.is_empty() { body } else { trimmed };
                    heading = true;
                    continue;
                }
            }
            Some(b'>') => {
                line = line.trim_start_matches(['>', ' ']);
                continue;
            }
            _ => {}
        }
        break;
    }
    if heading {
        return (LineKind::Heading, Cow::Borrowed(line));
    }
    let bytes = line.as_bytes();
    let Some(&first) = bytes.first() else {
        return (LineKind::Text, Cow::Borrowed(line));
    };
    match first {
        b'-' | b'*' | b'_' | b'+' => {
            if is_rule(line) {
                return (LineKind::Drop, Cow::Borrowed(""));
            }
            if first != b'_' && bytes.get(1) == Some(&b' ') {
                return if first == b'-' {
                    (LineKind::ListItem, Cow::Borrowed(line))
                } else {
                    (
                        LineKind::ListItem,
                        Cow::Owned(format!("- {}", line[2..].trim_start())),
                    )
                };
            }
        }
        b'`' | b'~' if line.starts_with("```") || line.starts_with("~~~") => {
            return (LineKind::Drop, Cow::Borrowed(""));
        }
        b'[' => {
            if let Some(close) = line.find("]:") {
                let rest = line[close + 2..].trim();
                if close > 1 && !rest.is_empty() && !rest.contains(' ') {
                    return (LineKind::Drop, Cow::Borrowed(""));
                }
            }
        }
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits <= 3
                && matches!(bytes.get(digits), Some(b'.') | Some(b')'))
                && bytes.get(digits + 1) == Some(&b' ')
            {
                return (LineKind::ListItem, Cow::Borrowed(line));
            }
        }
        _ => {}
    }
    if line.starts_with("• ") || line.starts_with("· ") || line.starts_with("▪ ") {
        return (LineKind::ListItem, Cow::Borrowed(line));
    }
    (LineKind::Text, Cow::Borrowed(line))
}

fn is_rule(line: &str) -> bool {
    let mut marker = None;
    let mut count = 0;
    for c in line.chars() {
        match c {
            ' ' => {}
            '-' | '*' | '_' => {
                if marker.is_some_and(|m| m != c) {
                    return false;
                }
                marker = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

/// Removes inline Markdown from one line: images dropped, `[text](url)` and `[text][ref]` to
/// `text`, `<https://...>` autolinks to the address, code spans and emphasis to their content.
pub fn strip_inline(line: &str) -> Cow<'_, str> {
    let b = line.as_bytes();
    if memchr::memchr3(b'*', b'_', b'[', b).is_none()
        && memchr::memchr3(b'`', b'~', b'<', b).is_none()
    {
        return Cow::Borrowed(line);
    }
    let has = |c: u8| memchr::memchr(c, b).is_some();
    let (star, under, bracket) = (has(b'*'), has(b'_'), has(b'['));
    let (tick, tilde, angle) = (has(b'`'), has(b'~'), has(b'<'));
    let mut s: Cow<'_, str> = Cow::Borrowed(line);
    if bracket {
        s = Cow::Owned(links(&s));
    }
    if angle {
        s = Cow::Owned(autolinks(&s));
    }
    for (d, present) in [
        ("`", tick),
        ("***", star),
        ("___", under),
        ("**", star),
        ("__", under),
        ("~~", tilde),
        ("*", star),
        ("_", under),
    ] {
        if !present {
            continue;
        }
        // Each round removes one delimiter pair, so this ends.
        while let Some(next) = strip_pair(&s, d) {
            s = Cow::Owned(next);
        }
    }
    if s == line {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(s.into_owned())
    }
}

/// `![alt](src)` removed, `[text](url)` / `[text][ref]` replaced by `text`.
fn links(line: &str) -> String {
    links_nested(line, 0)
}

fn links_nested(line: &str, depth_left: usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let image = open > 0 && rest.as_bytes()[open - 1] == b'!';
        let after = &rest[open + 1..];
        // Matching `]`, allowing one level of nested brackets.
        let mut depth = 0usize;
        let mut close = None;
        for (k, c) in after.char_indices().take_while(|(k, _)| *k < MAX_SPAN) {
            match c {
                '[' => depth += 1,
                ']' if depth == 0 => {
                    close = Some(k);
                    break;
                }
                ']' => depth -= 1,
                _ => {}
            }
        }
        let Some(close) = close else { break };
        let inner = &after[..close];
        let tail = &after[close + 1..];
        let target_end = if let Some(t) = tail.strip_prefix('(') {
            t.find(')')
                .filter(|&e| e < MAX_SPAN && !t[..e].trim().is_empty() && !t[..e].contains("  "))
                .map(|e| e + 2)
        } else if let Some(t) = tail.strip_prefix('[') {
            t.find(']').filter(|&e| e < MAX_SPAN).map(|e| e + 2)
        } else {
            None
        };
        match target_end {
            Some(te) => {
                let keep_to = if image { open - 1 } else { open };
                out.push_str(&rest[..keep_to]);
                if !image {
                    if depth_left < 4 {
                        out.push_str(&links_nested(inner, depth_left + 1));
                    } else {
                        out.push_str(inner);
                    }
                }
                rest = &tail[te..];
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<https://x>` to `https://x`.
fn autolinks(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let is_link = ["http://", "https://", "mailto:", "www."].iter().any(|p| {
            after
                .get(..p.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        });
        match after.find('>') {
            Some(close)
                if is_link && close < MAX_SPAN && !after[..close].contains(char::is_whitespace) =>
            {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Longest emphasis span or link text looked at (bytes): keeps the scan linear on hostile
/// input such as thousands of unmatched `*`.
const MAX_SPAN: usize = 1000;

/// Removes well-formed pairs of delimiter `d` (opening not preceded by a word character and
/// followed by non-space; closing preceded by non-space and not followed by a word character),
/// left to right in one pass. `None` when there is none.
fn strip_pair(s: &str, d: &str) -> Option<String> {
    let dc = d.chars().next();
    let mut out = String::new();
    let mut copied = 0usize;
    let mut from = 0;
    while let Some(off) = s[from..].find(d) {
        let open = from + off;
        let inner_start = open + d.len();
        from = inner_start;
        let before = s[..open].chars().next_back();
        let first = s[inner_start..].chars().next();
        let opens = !is_word(before)
            && before != dc
            && first.is_some_and(|c| !c.is_whitespace() && Some(c) != dc);
        if !opens {
            continue;
        }
        let mut limit = (inner_start + MAX_SPAN).min(s.len());
        while !s.is_char_boundary(limit) {
            limit -= 1;
        }
        let mut search = inner_start;
        while let Some(o2) = s[search..limit].find(d) {
            let close = search + o2;
            let last = s[..close].chars().next_back();
            let after = s[close + d.len()..].chars().next();
            if close > inner_start
                && last.is_some_and(|c| !c.is_whitespace())
                && !is_word(after)
                && after != dc
                && last != dc
            {
                if out.capacity() == 0 {
                    out.reserve(s.len());
                }
                out.push_str(&s[copied..open]);
                out.push_str(&s[inner_start..close]);
                copied = close + d.len();
                from = copied;
                break;
            }
            search = close + d.len();
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&s[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_lines() {
        assert_eq!(classify("# Title here").0, LineKind::Heading);
        assert_eq!(classify("### Sub ###").1, "Sub");
        assert_eq!(classify("#hashtag").0, LineKind::Text);
        assert_eq!(classify("- item").0, LineKind::ListItem);
        assert_eq!(classify("* item").1, "- item");
        assert_eq!(classify("12. item").0, LineKind::ListItem);
        assert_eq!(classify("2012. A year").0, LineKind::Text);
        assert_eq!(classify("---").0, LineKind::Drop);
        assert_eq!(classify("* * *").0, LineKind::Drop);
        assert_eq!(classify("```rust").0, LineKind::Drop);
        assert_eq!(classify("[1]: https://example.org").0, LineKind::Drop);
        assert_eq!(classify("> quoted text").1, "quoted text");
        assert_eq!(classify("-5 degrees").0, LineKind::Text);
        assert_eq!(classify("# # # # # >text").1, "text");
        assert_eq!(classify("> > ## quoted heading").1, "quoted heading");
        assert_eq!(classify("> - item").0, LineKind::ListItem);
    }

    #[test]
    fn inline() {
        assert_eq!(
            strip_inline("see [the report](https://x.org/a) now"),
            "see the report now"
        );
        assert_eq!(strip_inline("pic ![a cat](cat.png) here"), "pic  here");
        assert_eq!(
            strip_inline("**bold** and *it* and __u__ and `code`"),
            "bold and it and u and code"
        );
        assert_eq!(
            strip_inline("mail <https://example.org/x> now"),
            "mail https://example.org/x now"
        );
        assert_eq!(strip_inline("[rebel] commanders"), "[rebel] commanders");
        assert_eq!(
            strip_inline("snake_case_name and 5 * 3 * 2"),
            "snake_case_name and 5 * 3 * 2"
        );
        assert_eq!(strip_inline("***both***"), "both");
        assert_eq!(strip_inline("[ref link][1] text"), "ref link text");
        assert_eq!(strip_inline("~~gone~~ kept"), "gone kept");
    }

    #[test]
    fn hostile_input_stays_linear() {
        let stars = "*a ".repeat(20_000);
        assert_eq!(strip_inline(&stars).len(), stars.len());
        let pairs = "*a* ".repeat(20_000);
        assert_eq!(strip_inline(&pairs), "a ".repeat(20_000));
        let nested = format!("{}x{}", "[".repeat(5000), "](u)".repeat(5000));
        let _ = strip_inline(&nested);
        let brackets = "[".repeat(50_000);
        assert_eq!(strip_inline(&brackets), brackets);
    }

    #[test]
    fn inline_is_idempotent_on_odd_input() {
        for s in [
            "**a*",
            "*a**b*",
            "[[x](y)](z)",
            "a_b_ c",
            "<http://x",
            "__*_*__",
        ] {
            let once = strip_inline(s).into_owned();
            assert_eq!(strip_inline(&once), once, "input {s:?}");
        }
    }
}
