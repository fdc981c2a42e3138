//! Date parsing for header lines: the common news formats to ISO 8601.
//!
//! Accepted (weekday optional everywhere): `July 25, 2012`, `Jul. 25, 2012`, `25 July 2012`,
//! `2012-07-25`, `2012/07/25`, `2012-07-25T10:15:00Z`, `Wed 25 Jul 2012 10:15 GMT`,
//! `Wed, 25 Jul 2012 10:15:00 +0000`, `26-FEB-1987 15:01:01.79`, `25.07.2012`, `07/25/2012`
//! (slashes are month first unless the first number exceeds 12), with an optional time
//! (`10:15`, `10:15:30`, `3:05 pm`) and zone (`GMT`, `UTC`, `Z`, `+0100`, `+01:00`, `EST`...).
//! The whole string must be a date: "July 25, 2012 was hot" is not one.

use textpipe_lexicon::{calendar, names};

/// Parses `s` as a date (with optional time) and returns ISO 8601: `2012-07-25`, or
/// `2012-07-25T10:15:00` with `Z` / `+01:00` when a zone was given.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() < 6 || s.len() > 64 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut parts = Parts::default();
    for tok in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        parts.read(tok)?;
    }
    parts.place_numbers()?;
    parts.iso()
}

/// The parts of a date string read so far.
#[derive(Default)]
struct Parts {
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<(u32, u32, u32)>,
    zone: Option<String>,
    pm: Option<bool>,
    /// Plain numbers ("25", "25th", "2012"), placed once every token is read.
    loose_numbers: Vec<u32>,
}

impl Parts {
    /// Reads one token; `None` when it cannot belong to a date (or repeats a part).
    fn read(&mut self, tok: &str) -> Option<()> {
        let lower = tok.to_lowercase();
        let word = lower.trim_end_matches('.');
        if names::is_weekday_or_abbreviation(word) {
            return Some(());
        }
        if let Some(m) = month_of(word) {
            if self.month.is_some() {
                return None;
            }
            self.month = Some(m);
            return Some(());
        }
        if let Some((y, m, d, rest)) = numeric_date(tok) {
            if self.year.is_some() {
                return None;
            }
            self.year = Some(y);
            self.month = Some(m);
            self.day = Some(d);
            if let Some(rest) = rest {
                let (t, z) = parse_time_zone(rest)?;
                self.time = Some(t);
                self.zone = z;
            }
            return Some(());
        }
        if let Some(t) = parse_time(tok) {
            if self.time.is_some() {
                return None;
            }
            self.time = Some(t);
            return Some(());
        }
        match word {
            "am" | "a.m" => {
                self.pm = Some(false);
                return Some(());
            }
            "pm" | "p.m" => {
                self.pm = Some(true);
                return Some(());
            }
            "-" | "|" | "at" | "on" | "–" | "—" | "de" | "le" | "den" => return Some(()),
            _ => {}
        }
        if let Some(z) = zone_of(tok) {
            if self.zone.is_some() {
                return None;
            }
            self.zone = Some(z);
            return Some(());
        }
        // Day with ordinal suffix or plain number.
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &word[digits.len()..];
        if !digits.is_empty()
            && digits.len() <= 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        {
            let n: u32 = digits.parse().ok()?;
            self.loose_numbers.push(n);
            return Some(());
        }
        None
    }

    /// Places the plain numbers: four digits are the year, the first of 1-31 the day.
    fn place_numbers(&mut self) -> Option<()> {
        for n in std::mem::take(&mut self.loose_numbers) {
            if n >= 1000 {
                if self.year.is_some() {
                    return None;
                }
                self.year = Some(n);
            } else if self.day.is_none() && (1..=31).contains(&n) {
                self.day = Some(n);
            } else {
                return None;
            }
        }
        Some(())
    }

    /// The ISO 8601 form of a complete, valid date (with the time and zone when given).
    fn iso(self) -> Option<String> {
        let (y, m, d) = (self.year?, self.month?, self.day?);
        let days = i32::try_from(y)
            .ok()
            .and_then(|y| calendar::days_in_month(y, m));
        if !(1800..=2100).contains(&y) || d == 0 || days.map_or(true, |n| d > n) {
            return None;
        }
        let mut out = format!("{y:04}-{m:02}-{d:02}");
        if let Some((mut h, mi, se)) = self.time {
            match self.pm {
                Some(true) if h < 12 => h += 12,
                Some(false) if h == 12 => h = 0,
                _ => {}
            }
            if h > 23 {
                return None;
            }
            out.push_str(&format!("T{h:02}:{mi:02}:{se:02}"));
            if let Some(z) = self.zone {
                out.push_str(&z);
            }
        } else if self.pm.is_some() {
            return None;
        }
        Some(out)
    }
}

/// Month number of an English, French, German or Spanish month name or abbreviation (the date
/// line of a foreign-language page is still a date line).
fn month_of(w: &str) -> Option<u32> {
    names::month_number(w).or_else(|| names::foreign_month_number(w))
}

/// `2012-07-25`, `2012/07/25`, `25.07.2012`, `07/25/2012`, `26-FEB-1987`, optionally followed by
/// `T10:15:00Z`. Returns (year, month, day, rest after `T`).
fn numeric_date(tok: &str) -> Option<(u32, u32, u32, Option<&str>)> {
    let (date, rest) = match tok.find(['T', 't']) {
        Some(i)
            if i >= 8
                && tok.as_bytes()[..i]
                    .iter()
                    .all(|b| b.is_ascii_digit() || *b == b'-') =>
        {
            (&tok[..i], Some(&tok[i + 1..]))
        }
        _ => (tok, None),
    };
    let sep = if date.contains('-') {
        '-'
    } else if date.contains('/') {
        '/'
    } else if date.contains('.') {
        '.'
    } else {
        return None;
    };
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3 {
        return None;
    }
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    if parts[0].len() == 4 {
        let (y, m, d) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
        return ((1..=12).contains(&m)).then_some((y, m, d, rest));
    }
    if parts[2].len() != 4 {
        return None;
    }
    let y = num(parts[2])?;
    if let Some(m) = month_of(&parts[1].to_ascii_lowercase()) {
        return Some((y, m, num(parts[0])?, None));
    }
    let (a, b) = (num(parts[0])?, num(parts[1])?);
    let (m, d) = match sep {
        '.' => (b, a),
        _ if a > 12 => (b, a),
        _ => (a, b),
    };
    ((1..=12).contains(&m)).then_some((y, m, d, None))
}

fn parse_time(tok: &str) -> Option<(u32, u32, u32)> {
    let t = tok.trim_end_matches(['h']);
    let mut parts = t.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = match parts.next() {
        Some(sec) => sec.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || h > 24 || m > 59 || s > 60 {
        return None;
    }
    Some((h, m, s.min(59)))
}

/// `10:15:00Z`, `10:15:00+01:00`, `10:15:00.123-0500`.
fn parse_time_zone(rest: &str) -> Option<((u32, u32, u32), Option<String>)> {
    if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        return Some((parse_time(t)?, Some("Z".into())));
    }
    if let Some(i) = rest.rfind(['+', '-']) {
        let z = zone_of(&rest[i..])?;
        return Some((parse_time(&rest[..i])?, Some(z)));
    }
    Some((parse_time(rest)?, None))
}

fn zone_of(tok: &str) -> Option<String> {
    let up = tok.to_ascii_uppercase();
    let fixed = match up.as_str() {
        "GMT" | "UTC" | "Z" | "UT" => "Z",
        "BST" | "CET" | "WAT" => "+01:00",
        "CEST" | "EET" | "SAST" => "+02:00",
        "EEST" | "MSK" => "+03:00",
        "IST" => "+05:30",
        "JST" | "KST" => "+09:00",
        "AEST" => "+10:00",
        "EST" => "-05:00",
        "EDT" | "AST" => "-04:00",
        "CST" => "-06:00",
        "CDT" => "-05:00",
        "MST" => "-07:00",
        "MDT" => "-06:00",
        "PST" => "-08:00",
        "PDT" => "-07:00",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some(fixed.to_string());
    }
    let sign = match up.as_bytes().first()? {
        b'+' => '+',
        b'-' => '-',
        _ => return None,
    };
    let digits: String = up[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (&digits[..2], &digits[2..]);
    if h.parse::<u32>().ok()? > 14 || m.parse::<u32>().ok()? > 59 {
        return None;
    }
    if h == "00" && m == "00" {
        return Some("Z".into());
    }
    Some(format!("{sign}{h}:{m}"))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn formats() {
        let cases = [
            ("July 25, 2012", "2012-07-25"),
            ("Jul. 25, 2012", "2012-07-25"),
            ("Jul 25 2012", "2012-07-25"),
            ("25 July 2012", "2012-07-25"),
            ("25th July 2012", "2012-07-25"),
            ("Wednesday, July 25, 2012", "2012-07-25"),
            ("2012-07-25", "2012-07-25"),
            ("2012/07/25", "2012-07-25"),
            ("25.07.2012", "2012-07-25"),
            ("07/25/2012", "2012-07-25"),
            ("25/07/2012", "2012-07-25"),
            ("Wed 25 Jul 2012 10:15 GMT", "2012-07-25T10:15:00Z"),
            (
                "Wed, 25 Jul 2012 10:15:00 +0100",
                "2012-07-25T10:15:00+01:00",
            ),
            ("2012-07-25T10:15:00Z", "2012-07-25T10:15:00Z"),
            ("2012-07-25T10:15:00-05:00", "2012-07-25T10:15:00-05:00"),
            ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
            ("July 25, 2012 3:05 pm EST", "2012-07-25T15:05:00-05:00"),
            ("February 29, 2012", "2012-02-29"),
            ("25 juillet 2012", "2012-07-25"),
            ("le 3 mars 2021", "2021-03-03"),
            ("25. Juli 2012", "2012-07-25"),
            ("25 de julio de 2012", "2012-07-25"),
            ("25-07-2012", "2012-07-25"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn rejects() {
        for s in [
            "July 25, 2012 was a hot day",
            "February 30, 2012",
            "2012",
            "July 2012",
            "13/13/2012",
            "25 July 2012 25 July 2012",
            "Tajik President",
            "10:15",
            "",
            "99:99 July 1, 2000",
            "July 1, 3000",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }
}
