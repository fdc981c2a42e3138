//! The article header: title, date, source and URL lines lifted into metadata, and the
//! dateline that opens the body ("DUSHANBE, Tajikistan —", "LONDON (Reuters) -").

use crate::date::parse_date;

/// `# Title` (exactly one `#`) or `Title: ...`.
pub fn title_line(line: &str) -> Option<String> {
    let body = if let Some(rest) = line.strip_prefix("# ") {
        rest.trim().trim_end_matches('#').trim()
    } else {
        strip_label(line, &["title"])?
    };
    let t = crate::markdown::strip_inline(body);
    let t = collapse(&t);
    (!t.is_empty() && t.chars().count() <= 300).then_some(t)
}

/// A line that is only a date, optionally labelled (`Published: ...`, `Updated on ...`).
pub fn date_line(line: &str) -> Option<String> {
    if line.len() > 80 {
        return None;
    }
    let body = strip_label(
        line,
        &[
            "published on",
            "published",
            "updated on",
            "updated",
            "last updated",
            "posted on",
            "posted",
            "date",
            "dated",
        ],
    )
    .unwrap_or(line);
    let body = body.trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
    parse_date(body)
}

/// `**The Moscow Times**` (a whole line in bold) or `Source: X` (not an address).
pub fn source_line(line: &str) -> Option<String> {
    if line.len() > 120 {
        return None;
    }
    let inner = ["**", "__"].iter().find_map(|d| {
        line.strip_prefix(d)
            .and_then(|r| r.strip_suffix(d))
            .filter(|r| !r.contains(d))
    });
    let body = match inner {
        Some(b) => b,
        None => strip_label(line, &["source", "publisher"])?,
    };
    let s = collapse(body);
    let ok = !s.is_empty()
        && s.chars().count() <= 80
        && s.split(' ').count() <= 8
        && !s.ends_with(['.', '!', '?'])
        && !s.contains("://")
        && parse_date(&s).is_none()
        && s.chars().any(char::is_alphabetic);
    ok.then_some(s)
}

/// `Original url: <https://...>` and its variants: returns the address.
pub fn url_line(line: &str) -> Option<String> {
    if line.len() > 2000 || !crate::scan::has_scheme(line.as_bytes()) {
        return None;
    }
    let body = strip_label(
        line,
        &[
            "original url",
            "original link",
            "source url",
            "canonical url",
            "url",
            "link",
            "source",
            "originally published at",
            "read the original",
            "article url",
        ],
    )?;
    let u = body
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let u = link_target(u).unwrap_or(u);
    let ok = (u.starts_with("http://") || u.starts_with("https://"))
        && !u.contains(char::is_whitespace)
        && u.len() > 10;
    ok.then(|| u.to_string())
}

/// `[text](url)` to `url`.
fn link_target(s: &str) -> Option<&str> {
    let open = s.find("](")?;
    s.starts_with('[').then_some(())?;
    s.ends_with(')').then_some(())?;
    Some(&s[open + 2..s.len() - 1])
}

/// The text after `label:` (or `label ` for labels ending in a preposition), case-insensitive.
fn strip_label<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    for l in labels {
        if line.len() > l.len()
            && line.is_char_boundary(l.len())
            && line[..l.len()].eq_ignore_ascii_case(l)
        {
            let rest = &line[l.len()..];
            if let Some(r) = rest.trim_start().strip_prefix(':') {
                return Some(r.trim());
            }
            if (l.ends_with(" on") || l.ends_with(" at") || *l == "published" || *l == "updated")
                && rest.starts_with(' ')
            {
                return Some(rest.trim());
            }
        }
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A dateline at the start of the body: returns the place ("DUSHANBE, Tajikistan", "LONDON")
/// and the news agency named in brackets, if any ("Reuters"). The text itself is kept.
///
/// The place is in capitals ("WASHINGTON -"), optionally with a region ("DUSHANBE,
/// Tajikistan —"); wire copy that dates its dateline ("Toronto, Feb 26 - ", "RICHMOND, Va.
/// Feb 26 -") may also write the place in title case.
pub fn dateline(first_line: &str) -> Option<(String, Option<String>)> {
    if !first_line.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let mut end = first_line.len().min(120);
    while !first_line.is_char_boundary(end) {
        end -= 1;
    }
    let head = &first_line[..end];
    let (dash, dash_len) = [" — ", " – ", " -- ", " - ", "—", "–", "- "]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()?;
    let tight = !head[..dash].ends_with(' ') && head[dash..].starts_with('-');
    let after = first_line[dash + dash_len..].trim_start();
    if !after
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || "\"“‘'<(".contains(c))
    {
        return None;
    }
    let mut place = head[..dash].trim();
    let mut agency = None;
    if let Some(open) = place.rfind('(') {
        if place.ends_with(')') {
            let a = place[open + 1..place.len() - 1].trim();
            if !a.is_empty() && a.len() <= 30 && a.chars().next().is_some_and(char::is_uppercase) {
                agency = Some(a.to_string());
            }
            place = place[..open].trim();
        }
    }
    // Wire style "SALVADOR, Feb 26" / "RICHMOND, Va. Feb 26": drop the date after the place.
    let mut dated = false;
    let words: Vec<&str> = place.split(' ').collect();
    if words.len() >= 3 {
        let (m, d) = (words[words.len() - 2], words[words.len() - 1]);
        let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
        if crate::date::parse_date(&format!("{m} {d} 2000")).is_some() && (digits(d) || digits(m)) {
            let cut = place.len() - m.len() - d.len() - 1;
            place = place[..cut].trim_end().trim_end_matches(',').trim_end();
            dated = true;
        }
    }
    if place.is_empty() || place.chars().count() > 60 || (tight && !dated) {
        return None;
    }
    let (city, region) = match place.split_once(", ") {
        Some((c, r)) => (c, Some(r)),
        None => (place, None),
    };
    let shape = |c: char| c.is_alphabetic() || " .'-/".contains(c);
    let city_ok = city.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && city.split(' ').count() <= 4
        && if dated {
            city.chars().all(shape)
                && city
                    .split(' ')
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        } else {
            city.chars()
                .all(|c| c.is_uppercase() || " .'-/".contains(c))
        };
    let region_ok = region.map_or(true, |r| {
        r.split(", ").count() <= 2 && r.split(", ").all(region_ok)
    });
    (city_ok && region_ok).then(|| (place.to_string(), agency))
}

fn region_ok(r: &str) -> bool {
    !r.is_empty()
        && r.split(' ').count() <= 3
        && r.split(' ')
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && r.chars().all(|c| c.is_alphabetic() || " .'-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines() {
        assert_eq!(
            title_line("# Storm Hits  Coast").as_deref(),
            Some("Storm Hits Coast")
        );
        assert_eq!(title_line("## Section"), None);
        assert_eq!(date_line("July 25, 2012").as_deref(), Some("2012-07-25"));
        assert_eq!(
            date_line("Published: 25 July 2012").as_deref(),
            Some("2012-07-25")
        );
        assert_eq!(
            date_line("Updated on Jul. 25, 2012").as_deref(),
            Some("2012-07-25")
        );
        assert_eq!(date_line("The vote was July 25, 2012"), None);
        assert_eq!(
            source_line("**The  Daily  Ledger**").as_deref(),
            Some("The Daily Ledger")
        );
        assert_eq!(source_line("**July 25, 2012**"), None);
        assert_eq!(source_line("**bold** and **more**"), None);
        assert_eq!(
            source_line("**Officials warned of more storms on Monday.**"),
            None
        );
        assert_eq!(
            source_line("Source: Harbour Gazette").as_deref(),
            Some("Harbour Gazette")
        );
        assert_eq!(
            url_line("Original url: <https://news.example/a/b>").as_deref(),
            Some("https://news.example/a/b")
        );
        assert_eq!(
            url_line("URL: https://x.example/y").as_deref(),
            Some("https://x.example/y")
        );
        assert_eq!(url_line("Original url: not a link"), None);
        assert_eq!(url_line("See https://x.example/y for more"), None);
    }

    #[test]
    fn datelines() {
        let d = |s: &str| dateline(s).map(|x| x.0);
        assert_eq!(
            d("DUSHANBE, Tajikistan — Officials said").as_deref(),
            Some("DUSHANBE, Tajikistan")
        );
        assert_eq!(
            dateline("LONDON (Reuters) - Shares fell"),
            Some(("LONDON".to_string(), Some("Reuters".to_string())))
        );
        assert_eq!(d("WASHINGTON - The Senate").as_deref(), Some("WASHINGTON"));
        assert_eq!(
            d("SALVADOR, Feb 26 - Showers continued").as_deref(),
            Some("SALVADOR")
        );
        assert_eq!(
            d("NEW YORK, N.Y. — Traders").as_deref(),
            Some("NEW YORK, N.Y.")
        );
        assert_eq!(d("The minister - who spoke - said"), None);
        assert_eq!(d("Officials said"), None);
        assert_eq!(d("A - B"), None);
        assert_eq!(
            d("RICHMOND, Va. Feb 26 - Qtly div").as_deref(),
            Some("RICHMOND, Va.")
        );
        assert_eq!(
            d("Scarborough, Ontario, Feb 26 - Shr 45 cts").as_deref(),
            Some("Scarborough, Ontario")
        );
        assert_eq!(
            d("MONTREAL, Feb 26- Shr 1.11 dlrs").as_deref(),
            Some("MONTREAL")
        );
        assert_eq!(
            d("OMAHA, Neb., Feb 26 - <First Fund> said").as_deref(),
            Some("OMAHA, Neb.")
        );
        assert_eq!(d("Toronto - a city"), None);
        assert_eq!(
            d("AMSTERDAM, 2 March - The bank").as_deref(),
            Some("AMSTERDAM")
        );
        assert_eq!(
            d("DALLAS/FORT WORTH, Texas, March 3 - AMR").as_deref(),
            Some("DALLAS/FORT WORTH, Texas")
        );
        assert_eq!(d("Well-known rules - apply"), None);
    }
}
