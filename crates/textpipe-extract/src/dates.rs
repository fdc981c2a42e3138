//! Date and time expressions, absolute and relative, with ISO 8601 values.
//!
//! Recognized (case as written in news copy):
//! - full dates: "July 25, 2012", "Jul. 25 2012", "25 July 2012", "25th of July, 2012",
//!   "2012-07-25", "25/07/2012" (day first unless configured otherwise; a part above 12 decides);
//! - partial dates: "July 25" (year of the reference date), "July 2012", "in July" (reference
//!   year), "mid-July", "early 2013";
//! - years and ranges: "in 2014" → `2014`, "1992-97" → `1992/1997`, "the 1990s" → `199X`;
//! - times: "10:15 GMT" → `T10:15Z`, "1830 GMT" → `T18:30Z`, "10 a.m." → `T10:00`, "3.30pm" →
//!   `T15:30`, "noon", "midnight";
//! - relative: "today", "yesterday", "tomorrow", "tonight", "last night", "this week"
//!   (`2012-W30`), "last month" (`2012-06`), "next year", "last weekend" (`2012-W29-WE`),
//!   "three days ago" (a date), "a year before", "two weeks later", "for 49 years" and "the past
//!   15 years" (durations `P1Y`, `P2W`, `P49Y`, `P15Y`: their anchor is an event, not the
//!   article date);
//! - weekdays: "Wednesday", "on Tuesday night", "last Saturday", "next Monday".
//!
//! **Weekday rule.** News is written about the past: a bare weekday resolves to the nearest
//! such day on or before the reference date (the article date itself when the weekdays agree).
//! When a future cue ("will", "'ll", "won't", "shall", "due", "scheduled", "expected",
//! "plans", "going to", "set to", "next", "coming") stands in the same sentence within six
//! tokens before the weekday or two after, it resolves to the nearest such day on or after the
//! reference date instead. "last Wednesday" is strictly before the reference date, "next
//! Wednesday" strictly after. Without a reference date, relative expressions have no value.

use crate::tokens::{Kind, Tokens};
use textpipe_core::TemporalMention;
use textpipe_lexicon::names::{
    is_full_month, month_number as month_of, weekday_number as weekday_of,
};
pub(crate) use textpipe_lexicon::names::{FULL_MONTHS, WEEKDAYS};
use textpipe_lexicon::{calendar, names};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    /// Year.
    pub y: i32,
    /// Month 1-12.
    pub m: u32,
    /// Day 1-31.
    pub d: u32,
}

impl Ymd {
    /// A valid date of the years 1 to 9999, or None.
    pub fn new(y: i32, m: u32, d: u32) -> Option<Ymd> {
        ((1..=9999).contains(&y) && calendar::is_valid_date(y, m, d)).then_some(Ymd { y, m, d })
    }

    /// Day of the week, 0 = Monday (None only for a hand-built impossible date).
    fn weekday(self) -> Option<u32> {
        calendar::weekday(self.y, self.m, self.d)
    }

    fn add_days(self, n: i64) -> Option<Ymd> {
        let (y, m, d) = calendar::add_days(self.y, self.m, self.d, n)?;
        Ymd::new(y, m, d)
    }

    /// ISO week-numbering year and week.
    fn iso_week(self) -> Option<(i32, u32)> {
        calendar::iso_week(self.y, self.m, self.d)
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    fn week_iso(self) -> Option<String> {
        let (y, w) = self.iso_week()?;
        Some(format!("{y:04}-W{w:02}"))
    }

    /// Shifts by whole months (day clamped to 1).
    fn add_months(self, n: i64) -> Option<(i32, u32)> {
        calendar::add_months(self.y, self.m, n).filter(|(y, _)| (1..=9999).contains(y))
    }
}

/// Parses a reference date: ISO `YYYY-MM-DD` (optionally followed by a time) or a written date
/// such as "July 25, 2012".
pub fn parse_reference(s: &str) -> Option<Ymd> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let y = s.get(..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        return Ymd::new(y, m, d);
    }
    let toks = Tokens::new(s, &[]);
    let found = find(&toks, None, &Options::default());
    found.into_iter().find_map(|m| {
        let v = m.value?;
        if v.len() == 10 {
            parse_reference(&v)
        } else {
            None
        }
    })
}

/// Options of the date recognizer.
#[derive(Debug, Clone)]
pub struct Options {
    /// Read "05/07/2012" as 5 July (true) or May 7 (false).
    pub day_first: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { day_first: true }
    }
}

fn is_abbrev_month(lc: &str) -> bool {
    lc.len() <= 4 && lc != "may" && lc != "june" && lc != "july"
}

fn season_of(lc: &str) -> Option<&'static str> {
    Some(match lc {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// Small number words used in relative expressions ("two days ago"): "a", "an", "hundred"
/// and the number words that news copy counts days, weeks and years with (a subset of
/// [`names::NUMBER_WORDS`]: "thirteen days ago" is rare enough not to be a date starter).
pub(crate) fn small_number(lc: &str) -> Option<u32> {
    match lc {
        "a" | "an" => Some(1),
        "hundred" => Some(100),
        _ => names::number_word(lc)
            .filter(|n| matches!(n, 1..=12 | 15 | 20 | 30 | 50))
            .map(|n| n as u32),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
    Decade,
    Hour,
    Minute,
}

fn unit_of(lc: &str) -> Option<(Unit, bool)> {
    Some(match lc {
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        _ => return None,
    })
}

fn duration(n: Option<u32>, u: Unit) -> String {
    let n = n.map_or_else(|| "X".to_string(), |n| n.to_string());
    match u {
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Month => format!("P{n}M"),
        Unit::Year => format!("P{n}Y"),
        Unit::Decade => format!("P{n}DE"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Minute => format!("PT{n}M"),
    }
}

/// `ref` shifted by `n` units, at the unit's precision.
fn shift(r: Ymd, n: i64, u: Unit) -> Option<String> {
    match u {
        Unit::Day => r.add_days(n).map(Ymd::iso),
        Unit::Week => r.add_days(7 * n).and_then(Ymd::week_iso),
        Unit::Month => r.add_months(n).map(|(y, m)| format!("{y:04}-{m:02}")),
        Unit::Year => {
            let y = i64::from(r.y) + n;
            (1..=9999).contains(&y).then(|| format!("{y:04}"))
        }
        Unit::Decade => {
            let y = i64::from(r.y) + 10 * n;
            (10..=9999).contains(&y).then(|| format!("{:03}X", y / 10))
        }
        Unit::Hour | Unit::Minute => None,
    }
}

fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A plausible year for a bare four-digit number.
fn year_of(s: &str) -> Option<i32> {
    if s.len() != 4 {
        return None;
    }
    let y = parse_u32(s)?;
    (1800..=2100).contains(&y).then_some(y as i32)
}

fn ordinal_suffix(lc: &str) -> bool {
    matches!(lc, "st" | "nd" | "rd" | "th")
}

fn is_future_cue(lc: &str) -> bool {
    matches!(
        lc,
        "will"
            | "shall"
            | "won't"
            | "due"
            | "scheduled"
            | "expected"
            | "plans"
            | "planned"
            | "plan"
            | "next"
            | "coming"
            | "upcoming"
            | "tomorrow"
    ) || lc.ends_with("'ll")
        || lc.ends_with("’ll")
}

/// Words that make a following four-digit number a year.
fn is_year_cue(lc: &str) -> bool {
    matches!(
        lc,
        "in" | "since"
            | "by"
            | "until"
            | "till"
            | "of"
            | "from"
            | "to"
            | "before"
            | "after"
            | "during"
            | "early"
            | "late"
            | "mid"
            | "year"
            | "the"
            | "between"
            | "and"
            | "through"
            | "throughout"
            | "around"
            | "circa"
            | "summer"
            | "winter"
            | "spring"
            | "autumn"
            | "fall"
            | "season"
            | "fiscal"
    )
}

/// The date recognizer over a document's tokens.
struct Finder<'t, 'a> {
    t: &'t Tokens<'a>,
    r: Option<Ymd>,
    opts: &'t Options,
}

/// Result of one matcher: index one past the last token used, and the value.
type Hit = (usize, Option<String>);

impl Finder<'_, '_> {
    fn lc(&self, i: usize) -> &str {
        self.t.lc(i)
    }

    /// Month name at `i` (capitalized); returns (month, index after it incl. an abbreviation dot).
    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        if !self.t.is_word(i) || !self.t.is_cap(i) {
            return None;
        }
        let lc = self.lc(i);
        let lc = lc.strip_suffix('.').unwrap_or(lc);
        let m = month_of(lc)?;
        let mut next = i + 1;
        if is_abbrev_month(lc) && self.t.is_p(next, '.') && self.t.glued(next) {
            next += 1;
        }
        // "May" after a capitalized word is usually a surname ("Theresa May").
        if m == 5
            && i > 0
            && self.t.is_word(i - 1)
            && self.t.is_cap(i - 1)
            && !self.t.toks[i].sent_start
        {
            let prev = self.lc(i - 1);
            if month_of(prev).is_none() && weekday_of(prev).is_none() && !is_year_cue(prev) {
                return None;
            }
        }
        Some((m, next))
    }

    /// Day-of-month number at `i` ("25", "25th"); returns (day, index after).
    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        if !self.t.is_num(i) {
            return None;
        }
        let d = parse_u32(self.t.s(i))?;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut next = i + 1;
        if self.t.glued(next) && ordinal_suffix(self.lc(next)) {
            next += 1;
        }
        Some((d, next))
    }

    /// Four-digit year at `i`.
    fn year_at(&self, i: usize) -> Option<i32> {
        if !self.t.is_num(i) || (self.t.glued(i + 1) && self.t.is_word(i + 1)) {
            return None;
        }
        year_of(self.t.s(i))
    }

    /// Year for a month (and day) written without one, at token `i`: the latest such date on
    /// or before the reference date, or with a future cue nearby the earliest on or after it
    /// (the weekday rule applied to months).
    fn year_of_ref(&self, i: usize, m: u32, d: Option<u32>) -> Option<String> {
        let r = self.r?;
        let this = (m, d.unwrap_or(if m == r.m { r.d } else { 1 }));
        let now = (r.m, r.d);
        let y = if self.future_near(i) {
            if this >= now {
                r.y
            } else {
                r.y + 1
            }
        } else if this <= now {
            r.y
        } else {
            r.y - 1
        };
        match d {
            Some(d) => Ymd::new(y, m, d).map(Ymd::iso),
            None => Some(format!("{y:04}-{m:02}")),
        }
    }

    /// "July 25, 2012", "July 25", "July 2012", "July".
    fn month_first(&self, i: usize) -> Option<Hit> {
        let (m, mut j) = self.month_at(i)?;
        let abbrev = is_abbrev_month(self.lc(i).trim_end_matches('.'));
        if let Some((d, k)) = self.day_at(j) {
            let mut k2 = k;
            if self.t.is_p(k2, ',') {
                k2 += 1;
            }
            if let Some(y) = self.year_at(k2) {
                return Some((k2 + 1, Ymd::new(y, m, d).map(Ymd::iso)));
            }
            // "July 25" (not "July 25,000").
            return Some((k, self.year_of_ref(i, m, Some(d))));
        }
        if self.t.is_p(j, ',') && self.year_at(j + 1).is_some() {
            j += 1;
        }
        if let Some(y) = self.year_at(j) {
            return Some((j + 1, Some(format!("{y:04}-{m:02}"))));
        }
        if abbrev {
            return None;
        }
        // A bare month: needs a cue before it, or is "May"/"March" used as a verb/name?
        if m == 5 || m == 3 {
            let prev = if i > 0 { self.lc(i - 1) } else { "" };
            if !matches!(
                prev,
                "in" | "since"
                    | "until"
                    | "by"
                    | "of"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "this"
                    | "from"
                    | "through"
                    | "during"
                    | "before"
                    | "after"
            ) {
                return None;
            }
        }
        Some((j, self.year_of_ref(i, m, None)))
    }

    /// "25 July 2012", "25th of July", "25 July".
    fn day_first(&self, i: usize) -> Option<Hit> {
        let (d, mut j) = self.day_at(i)?;
        if self.lc(j) == "of" {
            j += 1;
        }
        let (m, k) = self.month_at(j)?;
        let mut k2 = k;
        if self.t.is_p(k2, ',') {
            k2 += 1;
        }
        if let Some(y) = self.year_at(k2) {
            return Some((k2 + 1, Ymd::new(y, m, d).map(Ymd::iso)));
        }
        Some((k, self.year_of_ref(i, m, Some(d))))
    }

    /// Numeric forms inside one number token.
    fn numeric(&self, i: usize) -> Option<Hit> {
        if !self.t.is_num(i) {
            return None;
        }
        let s = self.t.s(i);
        let b = s.as_bytes();
        // Preceded by a currency sign: money, not a date.
        if i > 0 && self.t.glued(i) && matches!(self.t.s(i - 1), "$" | "£" | "€" | "¥") {
            return None;
        }
        // Positions of the separators (at most 4 kept; more match nothing below).
        let mut seps = [(0usize, 0u8); 4];
        let mut ns = 0usize;
        for (k, c) in b.iter().enumerate() {
            if !c.is_ascii_digit() {
                if ns < seps.len() {
                    seps[ns] = (k, *c);
                }
                ns += 1;
            }
        }
        match &seps[..ns.min(seps.len())] {
            // 2012-07-25 or 2012/07/25
            [(4, a), (7, b2)] if a == b2 && (*a == b'-' || *a == b'/') && b.len() == 10 => {
                let y = parse_u32(&s[..4])? as i32;
                let m = parse_u32(&s[5..7])?;
                let d = parse_u32(&s[8..])?;
                Some((i + 1, Some(Ymd::new(y, m, d)?.iso())))
            }
            // 25/07/2012, 25.07.2012, 7-25-2012
            [(p, a), (q, b2)]
                if a == b2 && matches!(a, b'/' | b'.' | b'-') && (*p == 1 || *p == 2) =>
            {
                let x = parse_u32(&s[..*p])?;
                let yv = parse_u32(&s[q + 1..])?;
                let z = parse_u32(&s[p + 1..*q])?;
                let y = match s.len() - q - 1 {
                    4 => yv as i32,
                    2 => {
                        if yv < 50 {
                            2000 + yv as i32
                        } else {
                            1900 + yv as i32
                        }
                    }
                    _ => return None,
                };
                let (d, m) = if x > 12 {
                    (x, z)
                } else if z > 12 || !self.opts.day_first {
                    (z, x)
                } else {
                    (x, z)
                };
                Some((i + 1, Some(Ymd::new(y, m, d)?.iso())))
            }
            // 1992-97, 1992-1997, 1992/93
            [(4, b'-' | b'/')] => {
                let y1 = year_of(&s[..4])?;
                let rest = &s[5..];
                let y2 = match rest.len() {
                    2 => (y1 / 100) * 100 + parse_u32(rest)? as i32,
                    4 => year_of(rest)?,
                    _ => return None,
                };
                let y2 = if y2 <= y1 && rest.len() == 2 {
                    y2 + 100
                } else {
                    y2
                };
                (y2 > y1 && y2 - y1 < 100).then(|| (i + 1, Some(format!("{y1:04}/{y2:04}"))))
            }
            // 10:15, 10:15:30, 3.30 (with am/pm)
            [(p, b':')] | [(p, b':'), (_, b':')] if *p == 1 || *p == 2 => {
                let h = parse_u32(&s[..*p])?;
                let mi = parse_u32(s.get(p + 1..p + 3)?)?;
                if s.len() > p + 3 && s.as_bytes()[p + 3] != b':' {
                    return None;
                }
                self.time(i + 1, h, mi, true)
            }
            [(p, b'.')] if (*p == 1 || *p == 2) && s.len() == p + 3 => {
                let h = parse_u32(&s[..*p])?;
                let mi = parse_u32(&s[p + 1..])?;
                // A decimal needs am/pm to be a time ("3.30pm").
                self.time(i + 1, h, mi, false)
            }
            [] => self.bare_number(i, s),
            _ => None,
        }
    }

    /// A time given its hour and minute, with am/pm and zone after index `j`.
    /// `colon` says whether the number had a colon (otherwise am/pm is required).
    fn time(&self, mut j: usize, mut h: u32, mi: u32, colon: bool) -> Option<Hit> {
        if mi > 59 || h > 24 {
            return None;
        }
        let ampm = match self.lc(j).trim_end_matches('.') {
            "a.m" | "am" => Some(false),
            "p.m" | "pm" => Some(true),
            _ => None,
        };
        if let Some(pm) = ampm {
            if h == 0 || h > 12 {
                return None;
            }
            if pm && h < 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
            j += 1;
        } else if !colon {
            return None;
        }
        let zone = match self.t.s(j) {
            "GMT" | "UTC" | "Z" => {
                j += 1;
                "Z"
            }
            _ => {
                if self.lc(j) == "local" && self.lc(j + 1) == "time" {
                    j += 2;
                }
                ""
            }
        };
        Some((j, Some(format!("T{h:02}:{mi:02}{zone}"))))
    }

    /// A number token without separators: hour with am/pm, year, decade, year range with a
    /// dash token.
    fn bare_number(&self, i: usize, s: &str) -> Option<Hit> {
        // "10 a.m.", "3pm"
        if s.len() <= 2 {
            let h = parse_u32(s)?;
            let next = self.lc(i + 1).trim_end_matches('.');
            if matches!(next, "a.m" | "am" | "p.m" | "pm") {
                return self.time(i + 1, h, 0, false);
            }
            return None;
        }
        // "1830 GMT": a 24-hour clock time.
        if s.len() == 4 && matches!(self.t.s(i + 1), "GMT" | "UTC" | "BST" | "CET") {
            let h = parse_u32(&s[..2])?;
            let mi = parse_u32(&s[2..])?;
            if h < 24 && mi < 60 {
                let zone = if matches!(self.t.s(i + 1), "GMT" | "UTC") {
                    "Z"
                } else {
                    ""
                };
                return Some((i + 2, Some(format!("T{h:02}:{mi:02}{zone}"))));
            }
        }
        let y = year_of(s)?;
        // Decade: "1990s", "1990's".
        if self.t.glued(i + 1) && matches!(self.t.s(i + 1), "s" | "'s" | "’s") {
            if y % 10 != 0 {
                return None;
            }
            return Some((i + 2, Some(format!("{:03}X", y / 10))));
        }
        if self.t.glued(i + 1) && self.t.is_word(i + 1) {
            return None;
        }
        // Range with a dash token: "1992–97", "1992 - 1997".
        if matches!(self.t.s(i + 1), "–" | "-" | "—") && self.t.is_num(i + 2) {
            let rest = self.t.s(i + 2);
            let y2 = match rest.len() {
                2 => Some((y / 100) * 100 + parse_u32(rest)? as i32),
                4 => year_of(rest),
                _ => None,
            };
            if let Some(y2) = y2 {
                let y2 = if y2 <= y && rest.len() == 2 {
                    y2 + 100
                } else {
                    y2
                };
                if y2 > y && y2 - y < 100 {
                    return Some((i + 3, Some(format!("{y:04}/{y2:04}"))));
                }
            }
        }
        // A bare year: a cue word before it, or not counting something after it.
        if i > 0 && matches!(self.t.s(i - 1), "$" | "£" | "€" | "¥" | "#") {
            return None;
        }
        let prev = if i > 0 { self.lc(i - 1) } else { "" };
        // "the 1986 deficit", "its 2004 profit": a determiner makes a recent number a year.
        let determiner = matches!(prev, "the" | "its" | "their" | "his" | "her" | "'s" | "’s");
        let cue = (is_year_cue(prev) && prev != "the")
            || (determiner && y >= 1900)
            || prev == ","
            || month_of(prev).is_some();
        let next_counts = self.t.is_word(i + 1)
            && !self.t.is_cap(i + 1)
            && !crate::tokens::is_stopword(self.lc(i + 1));
        if self.t.is_p(i + 1, '%') || (!cue && next_counts) {
            return None;
        }
        Some((i + 1, Some(format!("{y:04}"))))
    }

    /// "Wednesday", "Wednesday night"; `dir` forces the direction (-1 last, +1 next).
    fn weekday(&self, i: usize, dir: i32) -> Option<Hit> {
        if !self.t.is_cap(i) {
            return None;
        }
        let wd = weekday_of(self.lc(i))?;
        let mut j = i + 1;
        if matches!(self.lc(j), "morning" | "afternoon" | "evening" | "night") {
            j += 1;
        }
        let value = self.r.and_then(|r| {
            let rw = i64::from(r.weekday()?);
            let back = (rw - i64::from(wd)).rem_euclid(7);
            let fwd = (i64::from(wd) - rw).rem_euclid(7);
            let off = match dir {
                -1 => -(if back == 0 { 7 } else { back }),
                1 => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                _ => {
                    if self.future_near(i) {
                        fwd
                    } else {
                        -back
                    }
                }
            };
            r.add_days(off).map(Ymd::iso)
        });
        Some((j, value))
    }

    /// A future cue within the sentence, six tokens before or two after `i`.
    fn future_near(&self, i: usize) -> bool {
        let lo = i.saturating_sub(6);
        let hi = (i + 3).min(self.t.len());
        (lo..hi).any(|k| {
            k != i && self.t.same_sent(k, i) && {
                let lc = self.lc(k);
                is_future_cue(lc)
                    || (lc == "going" || lc == "set") && self.lc(k + 1) == "to" && k + 1 != i
            }
        })
    }

    /// Relative expressions starting at `i`.
    fn relative(&self, i: usize) -> Option<Hit> {
        let lc = self.lc(i);
        let r = self.r;
        match lc {
            "today" | "tonight" => return Some((i + 1, r.map(Ymd::iso))),
            "noon" | "midday" => return Some((i + 1, Some("T12:00".into()))),
            "midnight" => return Some((i + 1, Some("T00:00".into()))),
            "yesterday" => return Some((i + 1, r.and_then(|r| r.add_days(-1)).map(Ymd::iso))),
            "tomorrow" => return Some((i + 1, r.and_then(|r| r.add_days(1)).map(Ymd::iso))),
            _ => {}
        }
        // last / next / this / past / coming + unit | weekday | month | season
        let dir: i64 = match lc {
            "last" | "past" | "previous" => -1,
            "next" | "coming" | "following" => 1,
            "this" | "current" => 0,
            "another" => return self.duration_after(i + 1),
            _ => return self.counted(i),
        };
        let j = i + 1;
        let w = self.lc(j);
        if let Some((u, plural)) = unit_of(w) {
            if plural {
                return None;
            }
            let v = r.and_then(|r| shift(r, dir, u));
            return Some((j + 1, v));
        }
        match w {
            "weekend" => {
                let v = r
                    .and_then(|r| r.add_days(7 * dir))
                    .and_then(Ymd::week_iso)
                    .map(|w| w + "-WE");
                return Some((j + 1, v));
            }
            "night" | "evening" if dir == -1 => {
                return Some((j + 1, r.and_then(|r| r.add_days(-1)).map(Ymd::iso)))
            }
            "morning" | "afternoon" | "evening" | "night" if dir == 0 => {
                return Some((j + 1, r.map(Ymd::iso)))
            }
            _ => {}
        }
        if let Some(season) = season_of(w) {
            let v = r.map(|r| format!("{:04}-{season}", i64::from(r.y) + dir));
            return Some((j + 1, v));
        }
        if weekday_of(w).is_some() {
            return self.weekday(j, if dir == 0 { 0 } else { dir as i32 });
        }
        if self.t.is_cap(j) && is_full_month(w) {
            let m = month_of(w)?;
            let v = r.map(|r| {
                let y = match dir {
                    -1 if m >= r.m => r.y - 1,
                    1 if m <= r.m => r.y + 1,
                    _ => r.y,
                };
                format!("{y:04}-{m:02}")
            });
            return Some((j + 1, v));
        }
        // "the past 15 years", "the last few days", "the next two weeks".
        if dir != 0 {
            let n = self.amount(j)?;
            let (u, plural) = unit_of(self.lc(n.1))?;
            if !plural && n.0 != Some(1) {
                return None;
            }
            return Some((n.1 + 1, Some(duration(n.0, u))));
        }
        None
    }

    /// An amount at `i`: digits or a small number word or few/several. Returns (n, next index).
    fn amount(&self, i: usize) -> Option<(Option<u32>, usize)> {
        let lc = self.lc(i);
        if self.t.is_num(i) {
            let n = parse_u32(lc)?;
            return (n < 10_000).then_some((Some(n), i + 1));
        }
        if matches!(lc, "few" | "several" | "many" | "some") {
            return Some((None, i + 1));
        }
        if lc == "a" && self.lc(i + 1) == "few" {
            return Some((None, i + 2));
        }
        let n = small_number(lc)?;
        Some((Some(n), i + 1))
    }

    /// "three days ago", "a year before", "two weeks later".
    fn counted(&self, i: usize) -> Option<Hit> {
        let (n, j) = self.amount(i)?;
        let (u, plural) = unit_of(self.lc(j))?;
        if n.is_some() && plural != (n != Some(1)) {
            return None;
        }
        match self.lc(j + 1) {
            "ago" => {
                let v = match (self.r, n) {
                    (Some(r), Some(n)) => shift(r, -i64::from(n), u),
                    _ => None,
                };
                Some((j + 2, v))
            }
            "before" | "after" | "earlier" | "later" => Some((j + 2, Some(duration(n, u)))),
            _ => None,
        }
    }

    /// "49 years" after "for" or "another": a duration.
    fn duration_after(&self, i: usize) -> Option<Hit> {
        let (n, j) = self.amount(i)?;
        let (u, plural) = unit_of(self.lc(j))?;
        if n.is_some() && plural != (n != Some(1)) {
            return None;
        }
        Some((j + 1, Some(duration(n, u))))
    }

    /// "the 1990s", "the early 1990s": a decade with its article.
    fn the_decade(&self, i: usize) -> Option<Hit> {
        if self.lc(i) != "the" {
            return None;
        }
        let mut j = i + 1;
        if matches!(self.lc(j), "early" | "late" | "mid") {
            j += 1;
            if self.t.is_p(j, '-') {
                j += 1;
            }
        }
        if !self.t.is_num(j) {
            return None;
        }
        let y = year_of(self.t.s(j))?;
        if y % 10 == 0 && self.t.glued(j + 1) && matches!(self.t.s(j + 1), "s" | "'s" | "’s") {
            return Some((j + 2, Some(format!("{:03}X", y / 10))));
        }
        None
    }

    /// Season + year: "summer 2012", "the summer of 2012".
    fn season(&self, i: usize) -> Option<Hit> {
        let s = season_of(self.lc(i))?;
        let mut j = i + 1;
        if self.lc(j) == "of" {
            j += 1;
        }
        let y = self.year_at(j)?;
        Some((j + 1, Some(format!("{y:04}-{s}"))))
    }

    /// Any core expression at `i`.
    fn core(&self, i: usize) -> Option<Hit> {
        match self.t.kind(i) {
            Kind::Number => self
                .day_first(i)
                .or_else(|| self.numeric(i))
                .or_else(|| self.counted(i)),
            Kind::Word => self
                .the_decade(i)
                .or_else(|| self.month_first(i))
                .or_else(|| self.weekday(i, 0))
                .or_else(|| self.season(i))
                .or_else(|| self.relative(i)),
            Kind::Punct => None,
        }
    }

    /// Modifiers that join the expression after them: "early 2013", "mid-July", "earlier this
    /// month", "late last year".
    fn with_modifier(&self, i: usize) -> Option<Hit> {
        let lc = self.lc(i);
        if lc.starts_with("mid-") && lc.len() > 4 {
            // "mid-July" is one word token: match the part after the hyphen.
            let rest = &lc[4..];
            if let Some(m) = month_of(rest).filter(|_| is_full_month(rest)) {
                return Some((i + 1, self.year_of_ref(i, m, None)));
            }
            return None;
        }
        if !matches!(
            lc,
            "early" | "late" | "mid" | "earlier" | "later" | "end" | "beginning"
        ) {
            return None;
        }
        let mut j = i + 1;
        if self.t.is_p(j, '-') && self.t.glued(j) {
            j += 1;
        }
        if matches!(lc, "end" | "beginning") {
            if self.lc(j) != "of" {
                return None;
            }
            j += 1;
        }
        let (k, v) = self.core(j)?;
        Some((k, v))
    }
}

/// Month and weekday names (lower case): never what a number counts.
pub(crate) fn is_calendar_word(lc: &str) -> bool {
    is_full_month(lc) || weekday_of(lc).is_some()
}

/// Singular time-unit words ("year", "day").
pub(crate) fn is_time_unit(lc: &str) -> bool {
    unit_of(lc).is_some_and(|(_, plural)| !plural)
}

/// Every word (lower case) that can start a date expression besides the month and weekday
/// names; see [`find`].
const DATE_STARTER_WORDS: &[&str] = &[
    // modifiers
    "early",
    "late",
    "mid",
    "earlier",
    "later",
    "end",
    "beginning",
    "the",
    // (months, their abbreviations and weekdays come from `textpipe_lexicon::names`)
    // seasons
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    // relative words
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "noon",
    "midday",
    "midnight",
    "last",
    "past",
    "previous",
    "next",
    "coming",
    "following",
    "this",
    "current",
    "another",
    "for",
    // amounts
    "few",
    "several",
    "many",
    "some",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "fifty",
    "hundred",
];

static DATE_STARTERS: std::sync::LazyLock<crate::tokens::WordSet> =
    std::sync::LazyLock::new(|| {
        crate::tokens::WordSet::from_lists(&[
            DATE_STARTER_WORDS,
            &FULL_MONTHS,
            &names::MONTH_ABBREVIATIONS,
            &WEEKDAYS,
        ])
    });

/// Finds every date and time expression in the tokens, left to right, longest match first,
/// without overlaps. `reference` is the article date used for relative expressions.
pub(crate) fn find(t: &Tokens<'_>, reference: Option<Ymd>, opts: &Options) -> Vec<TemporalMention> {
    let f = Finder {
        t,
        r: reference,
        opts,
    };
    let mut out = Vec::new();
    let mut i = 0;
    let n = t.len();
    let starters: &crate::tokens::WordSet = &DATE_STARTERS;
    while i < n {
        let kind = t.kind(i);
        if kind == Kind::Punct {
            i += 1;
            continue;
        }
        let lc = t.lc(i);
        // "for 49 years": the duration without "for".
        if lc == "for" {
            if let Some((end, value)) = f.duration_after(i + 1) {
                out.push(TemporalMention {
                    span: t.span(i + 1, end - 1),
                    value,
                });
                i = end;
                continue;
            }
        }
        // Most words cannot start a date expression: one set lookup skips them.
        if kind == Kind::Word && !lc.starts_with("mid-") && !starters.contains(lc) {
            i += 1;
            continue;
        }
        let hit = f.with_modifier(i).or_else(|| f.core(i));
        match hit {
            Some((end, value)) if end > i && end <= n => {
                let mut last = end - 1;
                // Never end on a dangling comma or dot token.
                while last > i && t.kind(last) == Kind::Punct && !t.is_p(last, '.') {
                    last -= 1;
                }
                out.push(TemporalMention {
                    span: t.span(i, last),
                    value,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpipe_core::Span;

    #[test]
    fn word_lists_match_the_calendar_functions() {
        for (k, w) in WEEKDAYS.iter().enumerate() {
            assert_eq!(weekday_of(w), Some(k as u32), "{w}");
            assert!(is_calendar_word(w) && !is_full_month(w), "{w}");
        }
        for w in FULL_MONTHS {
            assert!(is_full_month(w) && is_calendar_word(w), "{w}");
            assert!(month_of(w).is_some(), "{w}");
        }
        for w in ["jan", "mon", "weekday", "months", "", "Monday"] {
            assert!(!is_calendar_word(w), "{w}");
        }
    }

    const REF: Ymd = Ymd {
        y: 2012,
        m: 7,
        d: 25,
    }; // a Wednesday

    fn dates(text: &str) -> Vec<(String, Option<String>)> {
        dates_with(text, Some(REF))
    }

    fn dates_with(text: &str, r: Option<Ymd>) -> Vec<(String, Option<String>)> {
        let t = Tokens::new(text, &[Span::new(0, text.len())]);
        find(&t, r, &Options::default())
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value))
            .collect()
    }

    fn one(text: &str) -> (String, Option<String>) {
        let v = dates(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v[0].clone()
    }

    fn val(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(REF.weekday(), Some(2));
        assert_eq!(Ymd::new(2000, 1, 1).and_then(Ymd::weekday), Some(5));
        assert_eq!(REF.iso_week(), Some((2012, 30)));
        assert_eq!(
            Ymd::new(2010, 1, 3).and_then(Ymd::iso_week),
            Some((2009, 53))
        );
        assert_eq!(REF.add_days(-366).map(Ymd::iso), val("2011-07-25"));
        assert_eq!(REF.add_days(0), Some(REF));
        assert_eq!(Ymd::new(9999, 12, 31).and_then(|d| d.add_days(1)), None);
        assert_eq!(Ymd::new(1, 1, 1).and_then(|d| d.add_days(-1)), None);
        assert_eq!(Ymd::new(0, 1, 1), None);
        assert_eq!(Ymd::new(2012, 13, 1), None);
        assert_eq!(Ymd::new(2011, 2, 29), None);
        assert!(Ymd::new(2012, 2, 29).is_some());
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            one("It opened on March 3, 2011 downtown."),
            ("March 3, 2011".into(), val("2011-03-03"))
        );
        assert_eq!(
            one("Born 4 June 1980 in Leeds."),
            ("4 June 1980".into(), val("1980-06-04"))
        );
        assert_eq!(
            one("Filed on 2011-12-01 by the bank."),
            ("2011-12-01".into(), val("2011-12-01"))
        );
        assert_eq!(
            one("Signed 03/11/2010 in Oslo."),
            ("03/11/2010".into(), val("2010-11-03"))
        );
        assert_eq!(
            one("Signed 11/23/2010 in Oslo."),
            ("11/23/2010".into(), val("2010-11-23"))
        );
        assert_eq!(
            one("The deal of Sept. 9, 2001 held."),
            ("Sept. 9, 2001".into(), val("2001-09-09"))
        );
        assert_eq!(
            one("On the 9th of May, 1999 it rained."),
            ("9th of May, 1999".into(), val("1999-05-09"))
        );
        assert_eq!(
            one("Sales rose in October 2011 again."),
            ("October 2011".into(), val("2011-10"))
        );
        assert_eq!(
            one("It ends on Feb 30, 2011."),
            ("Feb 30, 2011".into(), None)
        );
    }

    #[test]
    fn partial_dates_use_the_reference_year() {
        assert_eq!(
            one("Talks will resume on August 2."),
            ("August 2".into(), val("2012-08-02"))
        );
        assert_eq!(
            one("The plant closed on August 2."),
            ("August 2".into(), val("2011-08-02"))
        );
        assert_eq!(
            one("Sales slumped in December."),
            ("December".into(), val("2011-12"))
        );
        assert_eq!(
            one("Sales will recover in December."),
            ("December".into(), val("2012-12"))
        );
        assert_eq!(
            one("Polls closed at 1830 GMT."),
            ("1830 GMT".into(), val("T18:30Z"))
        );
        assert_eq!(
            one("Prices fell in March."),
            ("March".into(), val("2012-03"))
        );
        assert_eq!(
            dates_with("Talks resume on August 2.", None),
            vec![("August 2".into(), None)]
        );
        assert_eq!(
            one("By mid-June the army left."),
            ("mid-June".into(), val("2012-06"))
        );
    }

    #[test]
    fn years_ranges_decades() {
        assert_eq!(
            one("Troops leave in 2014, officials said."),
            ("2014".into(), val("2014"))
        );
        assert_eq!(
            one("The 1975-90 war ended."),
            ("1975-90".into(), val("1975/1990"))
        );
        assert_eq!(
            one("During the 1998–2003 boom."),
            ("1998–2003".into(), val("1998/2003"))
        );
        assert_eq!(
            one("Music of the 1960s is back."),
            ("the 1960s".into(), val("196X"))
        );
        assert_eq!(
            one("Since the early 1980s it grew."),
            ("the early 1980s".into(), val("198X"))
        );
        // Counting, not a year.
        assert!(dates("About 1500 soldiers arrived.").is_empty());
        assert_eq!(
            one("It cut the 1986 deficit."),
            ("1986".into(), val("1986"))
        );
        assert!(dates("It cost $2000 to fix.").is_empty());
        assert!(dates("A 2000% rise.").is_empty());
        assert_eq!(
            one("Output hit 1999 levels in 2003."),
            ("2003".into(), val("2003"))
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            one("The blast came at 10:15 GMT on the dot."),
            ("10:15 GMT".into(), val("T10:15Z"))
        );
        assert_eq!(
            one("He left at 7 p.m. sharp."),
            ("7 p.m.".into(), val("T19:00"))
        );
        assert_eq!(
            one("Polls close at 9.30pm in Leeds."),
            ("9.30pm".into(), val("T21:30"))
        );
        assert_eq!(dates("The score was 3.30 at half time.").len(), 0);
        assert_eq!(dates("It ended 25:61 in the end.").len(), 0);
        assert_eq!(
            one("Talks ran past midnight."),
            ("midnight".into(), val("T00:00"))
        );
    }

    #[test]
    fn weekdays_default_to_the_past() {
        // Reference is Wednesday 2012-07-25.
        assert_eq!(
            one("Rebels attacked on Monday."),
            ("Monday".into(), val("2012-07-23"))
        );
        assert_eq!(
            one("Shops opened Wednesday."),
            ("Wednesday".into(), val("2012-07-25"))
        );
        assert_eq!(
            one("Fighting raged on Thursday night."),
            ("Thursday night".into(), val("2012-07-19"))
        );
        assert_eq!(
            one("Ministers will meet on Friday."),
            ("Friday".into(), val("2012-07-27"))
        );
        assert_eq!(
            one("The vote is scheduled for Monday."),
            ("Monday".into(), val("2012-07-30"))
        );
        assert_eq!(
            one("We met last Wednesday."),
            ("last Wednesday".into(), val("2012-07-18"))
        );
        assert_eq!(
            one("We meet next Wednesday."),
            ("next Wednesday".into(), val("2012-08-01"))
        );
        assert_eq!(
            dates_with("Rebels attacked on Monday.", None),
            vec![("Monday".into(), None)]
        );
    }

    #[test]
    fn relative_expressions() {
        assert_eq!(
            one("He arrived yesterday."),
            ("yesterday".into(), val("2012-07-24"))
        );
        assert_eq!(
            one("Prices rose last week."),
            ("last week".into(), val("2012-W29"))
        );
        assert_eq!(
            one("They agreed this month to talk."),
            ("this month".into(), val("2012-07"))
        );
        assert_eq!(
            one("Results come next month."),
            ("next month".into(), val("2012-08"))
        );
        assert_eq!(
            one("The firm lost money last year."),
            ("last year".into(), val("2011"))
        );
        assert_eq!(
            one("It fell three days ago."),
            ("three days ago".into(), val("2012-07-22"))
        );
        assert_eq!(
            one("It opened 2 years ago."),
            ("2 years ago".into(), val("2010"))
        );
        assert_eq!(
            one("It came a year before the vote."),
            ("a year before".into(), val("P1Y"))
        );
        assert_eq!(
            one("Two weeks later they left."),
            ("Two weeks later".into(), val("P2W"))
        );
        assert_eq!(
            one("The lease runs for another 30 years."),
            ("another 30 years".into(), val("P30Y"))
        );
        assert_eq!(
            one("The lease runs for 49 years."),
            ("49 years".into(), val("P49Y"))
        );
        assert_eq!(
            one("Growth over the past 15 years slowed."),
            ("past 15 years".into(), val("P15Y"))
        );
        assert_eq!(
            one("Sales fell last December."),
            ("last December".into(), val("2011-12"))
        );
        assert_eq!(
            one("We spoke earlier this week."),
            ("earlier this week".into(), val("2012-W30"))
        );
        assert_eq!(
            one("Last night was calm."),
            ("Last night".into(), val("2012-07-24"))
        );
        assert_eq!(
            dates_with("He arrived yesterday.", None),
            vec![("yesterday".into(), None)]
        );
    }

    #[test]
    fn no_false_months() {
        assert!(dates("Theresa May spoke.").is_empty());
        assert!(dates("They may march on.").is_empty());
        assert!(dates("Soldiers march in May.").len() == 1);
    }

    #[test]
    fn reference_parsing() {
        assert_eq!(parse_reference("2012-07-25"), Some(REF));
        assert_eq!(parse_reference("2012-07-25T10:00:00Z"), Some(REF));
        assert_eq!(parse_reference("July 25, 2012"), Some(REF));
        assert_eq!(parse_reference("2012-13-25"), None);
        assert_eq!(parse_reference("soon"), None);
        assert_eq!(parse_reference(""), None);
    }
}
