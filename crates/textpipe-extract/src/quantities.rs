//! Numbers with what they count or measure.
//!
//! - money: "$1.13bn" (1.13e9 `USD`), "£600m" (`GBP`), "€5 million", "US$3", "20 euros",
//!   "50 pence" (0.5 `GBP`),
//!   Reuters style "1.5 mln dlrs" (`USD`), "stg";
//! - percentages: "76%", "12 percent", "3 per cent", "5 pct" (`percent`), "2 percentage
//!   points" (`percentage point`);
//! - measures with a unit, normalized to a short symbol: "500 kilometers" and "500-km" (`km`),
//!   "40 tonnes" (`tonne`), "3 miles" (`mile`), "20 kg", "90 mph", "100,000 barrels";
//! - counts: a number (digits or words: "Twelve", "thirty-five", "two hundred", "a dozen") and
//!   the noun it counts, allowing one modifier between ("6,000 troops", "12 more soldiers");
//!   a count other than one needs a plural (or invariant: "staff", "police") noun, so "the top
//!   500 list" counts nothing; in a noun compound the head counts ("9,000 internet users" →
//!   `user`).
//!   **The unit of a count is the noun's singular lemma**: "troops" → `troop`, "years" →
//!   `year`, "lives" → `life`; "people" stays `people` (its own lemma as a count noun);
//! - vague amounts: "tens of thousands of people" (value 10000, the lower bound), "hundreds of
//!   homes" (100), "dozens of" (12);
//! - ranges, both ends taking the unit and scale written after the second: "10-15 people",
//!   "$5-6bn", "20–25 degrees", "3 to 4 per cent", "between 10 and 15 people" (`value` is the
//!   lower end, `max` the upper); "from 10 to 15 per cent" is a change and stays apart.
//!
//! Numbers inside dates and times are left to the date recognizer (durations such as "49
//! years" are reported by both). Bare numbers with no unit are reported (unit "") only when the
//! config asks for them. Ordinals ("2nd") are never quantities.

use crate::tokens::{is_stopword, Kind, Tokens, WordMap};
use std::sync::LazyLock;
use textpipe_core::{Quantity, Span};
use textpipe_lexicon::names::compound_number_word;

/// Parses "6,000", "1.13", "250000" (rejects other separators and malformed groups).
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() {
        return None;
    }
    let (int, frac) = match s.find('.') {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let mut digits = String::with_capacity(s.len());
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !first.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(first);
        for g in groups {
            if g.len() != 3 || !g.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            digits.push_str(g);
        }
    } else {
        if !int.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(int);
    }
    if let Some(f) = frac {
        digits.push('.');
        digits.push_str(f);
    }
    let v: f64 = digits.parse().ok()?;
    v.is_finite().then_some(v)
}

/// `x` rounded to 15 significant digits: scaling a decimal by a power of ten in binary
/// floating point leaves noise ("16.1 mln" would be 16100000.000000002).
fn tidy(x: f64) -> f64 {
    // Whole numbers (most counts) are exact already: no formatting on that path.
    if !x.is_finite() || (x.fract() == 0.0 && x.abs() < 1e15) {
        return x;
    }
    format!("{x:.14e}").parse().unwrap_or(x)
}

/// A range written as one token: "10-15", "1,000-2,000", "5-6" (ascending ends, each a
/// number [`parse_number`] accepts).
fn parse_range(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (parse_number(a)?, parse_number(b)?);
    (a < b).then_some((a, b))
}

/// Scale words and suffixes: "bn", "million", "k".
pub(crate) fn multiplier(lc: &str) -> Option<f64> {
    static MAP: LazyLock<WordMap<f64>> = LazyLock::new(|| WordMap::from_groups(MULTIPLIERS));
    MAP.get(lc)
}

/// The words of [`multiplier`], grouped by value.
pub(crate) const MULTIPLIERS: &[(f64, &[&str])] = &[
    (1e3, &["thousand", "k"]),
    (1e6, &["million", "millions", "m", "mn", "mln", "mio"]),
    (1e9, &["billion", "billions", "bn", "b", "bln"]),
    (1e12, &["trillion", "tn", "trn"]),
];

fn currency_symbol(s: &str) -> Option<&'static str> {
    Some(match s {
        "$" => "USD",
        "£" => "GBP",
        "€" => "EUR",
        "¥" => "JPY",
        "₹" => "INR",
        "₽" => "RUB",
        _ => return None,
    })
}

/// Prefix before "$": "US$", "A$", "C$", "HK$", "NZ$", "S$".
fn dollar_prefix(s: &str) -> Option<&'static str> {
    Some(match s {
        "US" => "USD",
        "A" | "AU" => "AUD",
        "C" | "CA" => "CAD",
        "HK" => "HKD",
        "NZ" => "NZD",
        "S" => "SGD",
        _ => return None,
    })
}

/// Currency names and Reuters abbreviations: "dollars", "dlrs", "stg" (ISO code, or `cent`).
pub(crate) fn currency_word(lc: &str) -> Option<&'static str> {
    static MAP: LazyLock<WordMap<&'static str>> =
        LazyLock::new(|| WordMap::from_groups(CURRENCY_WORDS));
    MAP.get(lc)
}

/// The words of [`currency_word`], grouped by value.
pub(crate) const CURRENCY_WORDS: &[(&str, &[&str])] = &[
    ("USD", &["dollar", "dollars", "dlr", "dlrs"]),
    ("EUR", &["euro", "euros"]),
    ("GBP", &["pound", "pounds", "stg", "sterling"]),
    ("JPY", &["yen"]),
    ("CNY", &["yuan", "renminbi"]),
    ("INR", &["rupee", "rupees"]),
    ("RUB", &["rouble", "roubles", "ruble", "rubles"]),
    ("DEM", &["marks"]),
    ("FRF", &["francs"]),
    ("cent", &["cents", "cts"]),
    ("GBP", &["pence"]),
];

/// Units of measure, normalized to a short symbol: "kilometres" → `km`.
pub(crate) fn measure_unit(lc: &str) -> Option<&'static str> {
    static MAP: LazyLock<WordMap<&'static str>> =
        LazyLock::new(|| WordMap::from_groups(MEASURE_UNITS));
    MAP.get(lc)
}

/// The words of [`measure_unit`], grouped by value.
pub(crate) const MEASURE_UNITS: &[(&str, &[&str])] = &[
    (
        "km",
        &[
            "km",
            "kms",
            "kilometre",
            "kilometres",
            "kilometer",
            "kilometers",
        ],
    ),
    ("m", &["m", "metre", "metres", "meter", "meters"]),
    (
        "cm",
        &[
            "cm",
            "centimetre",
            "centimetres",
            "centimeter",
            "centimeters",
        ],
    ),
    (
        "mm",
        &[
            "mm",
            "millimetre",
            "millimetres",
            "millimeter",
            "millimeters",
        ],
    ),
    ("mile", &["mile", "miles", "mi"]),
    ("ft", &["foot", "feet", "ft"]),
    ("inch", &["inch", "inches"]),
    ("yard", &["yard", "yards"]),
    (
        "kg",
        &["kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"],
    ),
    ("g", &["g", "gram", "grams", "gramme", "grammes"]),
    ("tonne", &["tonne", "tonnes"]),
    ("ton", &["ton", "tons"]),
    ("lb", &["lb", "lbs"]),
    ("l", &["litre", "litres", "liter", "liters"]),
    ("gallon", &["gallon", "gallons"]),
    ("barrel", &["barrel", "barrels"]),
    ("barrel/day", &["bpd"]),
    ("ha", &["hectare", "hectares", "ha"]),
    ("acre", &["acre", "acres"]),
    ("mph", &["mph"]),
    ("km/h", &["kph", "km/h"]),
    ("degree", &["degree", "degrees"]),
    ("MW", &["mw", "megawatt", "megawatts"]),
    ("GW", &["gw", "gigawatt", "gigawatts"]),
    ("kW", &["kw", "kilowatt", "kilowatts"]),
    ("MB", &["mb", "megabyte", "megabytes"]),
    ("GB", &["gb", "gigabyte", "gigabytes"]),
    ("percent", &["percent", "pct"]),
];

/// Vague plural amounts: "tens", "hundreds", "thousands", "millions", "dozens".
fn vague(lc: &str) -> Option<f64> {
    Some(match lc {
        "dozens" => 12.0,
        "tens" => 10.0,
        "scores" => 20.0,
        "hundreds" => 100.0,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

/// Modifiers that may stand between a number and the noun it counts.
fn is_count_modifier(lc: &str) -> bool {
    matches!(
        lc,
        "more"
            | "other"
            | "additional"
            | "extra"
            | "new"
            | "armed"
            | "foreign"
            | "civilian"
            | "local"
            | "young"
            | "small"
            | "large"
            | "former"
            | "senior"
            | "full-time"
            | "part-time"
            | "retail"
            | "private"
            | "public"
            | "military"
            | "police"
            | "government"
            | "common"
            | "ordinary"
            | "preferred"
            | "separate"
            | "different"
            | "major"
            | "main"
    )
}

/// Words after a number that are not what it counts.
fn is_not_counted(lc: &str) -> bool {
    if is_stopword(lc) || multiplier(lc).is_some() {
        return true;
    }
    if matches!(
        lc,
        "dead"
            | "killed"
            | "died"
            | "wounded"
            | "injured"
            | "were"
            | "was"
            | "are"
            | "said"
            | "says"
            | "percent"
            | "per"
            | "cent"
            | "against"
            | "times"
            | "to"
            | "or"
            | "and"
            | "st"
            | "nd"
            | "rd"
            | "th"
            | "s"
            | "am"
            | "pm"
            | "a.m."
            | "p.m."
            | "ago"
            | "later"
            | "earlier"
            | "before"
            | "after"
            | "each"
            | "apiece"
            | "percentage"
            | "dozen"
            | "hundred"
            | "vs"
            | "versus"
    ) {
        return true;
    }
    // Past participles and adverbs ("42 arrested", "10 mostly").
    (lc.len() > 4
        && lc.ends_with("ed")
        && !matches!(
            lc,
            "speed" | "breed" | "seed" | "shed" | "creed" | "hundred" | "bed"
        ))
        || (lc.len() > 4 && lc.ends_with("ly") && !matches!(lc, "family" | "ally" | "supply"))
        || lc.ends_with("ing")
}

/// Nouns whose plural is the singular ("80 staff", "200 police").
fn is_invariant(lc: &str) -> bool {
    matches!(
        lc,
        "people"
            | "police"
            | "personnel"
            | "staff"
            | "sheep"
            | "fish"
            | "aircraft"
            | "series"
            | "species"
            | "news"
            | "cattle"
            | "crew"
            | "data"
            | "deer"
            | "offspring"
            | "media"
            | "troops"
            | "headquarters"
    )
}

/// Singular lemma of a counted noun (see the module docs).
pub(crate) fn lemma(lc: &str) -> String {
    let irregular = match lc {
        "people" | "persons" => Some("people"),
        "men" => Some("man"),
        "women" => Some("woman"),
        "children" => Some("child"),
        "feet" => Some("foot"),
        "teeth" => Some("tooth"),
        "mice" => Some("mouse"),
        "geese" => Some("goose"),
        "lives" => Some("life"),
        "wives" => Some("wife"),
        "knives" => Some("knife"),
        "halves" => Some("half"),
        "thieves" => Some("thief"),
        "leaves" => Some("leaf"),
        "shelves" => Some("shelf"),
        "police" | "personnel" | "staff" | "sheep" | "fish" | "aircraft" | "series" | "species"
        | "news" | "cattle" | "crew" | "data" => Some(lc),
        "centuries" => Some("century"),
        "movies" => Some("movie"),
        "cookies" => Some("cookie"),
        "calories" => Some("calorie"),
        "zombies" => Some("zombie"),
        "rookies" => Some("rookie"),
        "selfies" => Some("selfie"),
        "pies" => Some("pie"),
        "ties" => Some("tie"),
        "lies" => Some("lie"),
        "goalies" => Some("goalie"),
        "viruses" => Some("virus"),
        "buses" => Some("bus"),
        "bonuses" => Some("bonus"),
        "campuses" => Some("campus"),
        "censuses" => Some("census"),
        "statuses" => Some("status"),
        "circuses" => Some("circus"),
        "gases" => Some("gas"),
        "aliases" => Some("alias"),
        "biases" => Some("bias"),
        "lenses" => Some("lens"),
        "crises" => Some("crisis"),
        "analyses" => Some("analysis"),
        "theses" => Some("thesis"),
        "diagnoses" => Some("diagnosis"),
        _ => None,
    };
    if let Some(w) = irregular {
        return w.to_string();
    }
    let n = lc.len();
    if n > 4 && lc.ends_with("ies") && !lc.ends_with("eies") {
        return format!("{}y", &lc[..n - 3]);
    }
    if n > 4
        && (lc.ends_with("sses")
            || lc.ends_with("shes")
            || lc.ends_with("ches")
            || lc.ends_with("xes")
            || lc.ends_with("zes"))
    {
        return lc[..n - 2].to_string();
    }
    if n > 3
        && lc.ends_with('s')
        && !lc.ends_with("ss")
        && !lc.ends_with("us")
        && !lc.ends_with("is")
        && !lc.ends_with("'s")
    {
        return lc[..n - 1].to_string();
    }
    lc.to_string()
}

struct Finder<'t, 'a> {
    t: &'t Tokens<'a>,
}

/// A found quantity: index after it, value, unit.
type Hit = (usize, f64, String);

impl Finder<'_, '_> {
    fn lc(&self, i: usize) -> &str {
        self.t.lc(i)
    }

    /// A lower-case noun at `i` (after at most one modifier) that the number counts; with
    /// `plural` (any count but one) the noun must be plural or invariant ("the top 500 list"
    /// and "18 certificate" count nothing).
    fn counted_noun(&self, i: usize, plural: bool) -> Option<(usize, String)> {
        self.counted_noun_with(i, plural, true)
    }

    /// [`Finder::counted_noun`]; without `compounds`, only the word right after the number
    /// (and its modifier) can be the noun: after a year-like number, "1986 payout includes"
    /// counts nothing.
    fn counted_noun_with(
        &self,
        i: usize,
        plural: bool,
        compounds: bool,
    ) -> Option<(usize, String)> {
        let mut j = i;
        if self.t.is_word(j) && is_count_modifier(self.lc(j)) && self.t.is_word(j + 1) {
            j += 1;
        }
        if !self.t.is_word(j) || self.t.is_cap(j) || !self.t.same_sent(i, j) {
            return None;
        }
        let lc = self.lc(j);
        if lc.len() < 2
            || is_not_counted(lc)
            || crate::dates::is_calendar_word(lc)
            || !lc
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c == b'-' || c == b'\'')
        {
            return None;
        }
        // A noun compound ends in its head: "100,000 internet users" counts users (but "the
        // computer elicits a response" is a verb with its object).
        let next = self.lc(j + 1);
        let after = self.lc(j + 2);
        if compounds
            && !lc.ends_with('s')
            && !matches!(
                after,
                "a" | "an"
                    | "the"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "it"
                    | "them"
                    | "him"
                    | "that"
                    | "this"
                    | "to"
                    | "our"
                    | "my"
                    | "your"
            )
            && self.t.is_word(j + 1)
            && !self.t.is_cap(j + 1)
            && self.t.same_sent(j, j + 1)
            && !self.t.newline_after(j)
            && next.len() > 3
            && next.ends_with('s')
            && !next.ends_with("ss")
            && !next.ends_with("us")
            && !is_not_counted(next)
            && next.bytes().all(|c| c.is_ascii_lowercase())
        {
            return Some((j + 2, lemma(next)));
        }
        let l = lemma(lc);
        if plural && l == lc && !is_invariant(lc) {
            return None;
        }
        Some((j + 1, l))
    }

    /// What follows a number ending before `j`: unit, percent, currency word or counted noun.
    /// `value` is the number so far; returns (end, value, unit).
    fn after_number(&self, j: usize, value: f64, bare_ok: bool) -> Option<Hit> {
        let lc = self.lc(j);
        // Percent.
        if self.t.is_p(j, '%') {
            return Some((j + 1, value, "percent".into()));
        }
        if lc == "per" && self.lc(j + 1) == "cent" {
            return Some((j + 2, value, "percent".into()));
        }
        if lc == "percentage" && matches!(self.lc(j + 1), "point" | "points") {
            return Some((j + 2, value, "percentage point".into()));
        }
        // Currency word: "20 euros", "1.5 mln dlrs", "10 pounds sterling".
        if self.t.is_word(j) {
            if let Some(c) = currency_word(lc) {
                if matches!(lc, "pound" | "pounds") && self.lc(j + 1) == "of" {
                    return Some((j + 1, value, "lb".into()));
                }
                let mut end = j + 1;
                if matches!(lc, "pound" | "pounds") && self.lc(j + 1) == "sterling" {
                    end += 1;
                }
                // Pence are hundredths of a pound; "cents" name no currency, so they stay cents.
                let (v, u) = if matches!(lc, "pence") {
                    (value / 100.0, "GBP".to_string())
                } else {
                    (value, c.to_string())
                };
                return Some((end, v, u));
            }
            // Square and cubic units.
            if matches!(lc, "square" | "sq" | "cubic" | "cu") {
                if let Some(u) = measure_unit(self.lc(j + 1)) {
                    if matches!(u, "km" | "m" | "mile" | "ft" | "cm" | "inch" | "yard") {
                        let power = if matches!(lc, "cubic" | "cu") { 3 } else { 2 };
                        return Some((j + 2, value, format!("{u}{power}")));
                    }
                }
            }
            if let Some(u) = measure_unit(lc) {
                // A lone "m" after a spaced number is too ambiguous.
                if !(lc == "m" || lc == "g" || lc == "mi") || self.t.glued(j) {
                    let mut end = j + 1;
                    // "km/h"
                    if u == "km" && self.t.is_p(end, '/') && self.lc(end + 1) == "h" {
                        return Some((end + 2, value, "km/h".into()));
                    }
                    if u == "percent" {
                        return Some((end, value, "percent".into()));
                    }
                    if self.lc(end) == "per" && self.lc(end + 1) == "day" && u == "barrel" {
                        end += 2;
                        return Some((end, value, "barrel/day".into()));
                    }
                    return Some((end, value, u.into()));
                }
            }
            // A number that reads as a year right before: no noun compounds.
            let yearish = j > 0
                && self.t.kind(j - 1) == Kind::Number
                && self.t.s(j - 1).len() == 4
                && (1900.0..=2100.0).contains(&value);
            if let Some((end, noun)) = self.counted_noun_with(j, value != 1.0, !yearish) {
                return Some((end, value, noun));
            }
        }
        bare_ok.then(|| (j, value, String::new()))
    }

    /// Currency symbol (with an optional "US" before it) and a number: "$1.13bn", "US$5 million".
    fn money(&self, i: usize) -> Option<Hit> {
        self.money_with(i, None)
    }

    /// [`Finder::money`], with the number's value given (the top of a range such as "$5-6bn")
    /// instead of parsed.
    fn money_with(&self, i: usize, number: Option<f64>) -> Option<Hit> {
        let (code, mut j) = if let Some(c) = currency_symbol(self.t.s(i)) {
            // "US$": the prefix is a token before.
            (c, i + 1)
        } else if self.t.s(i + 1) == "$" && self.t.glued(i + 1) {
            (dollar_prefix(self.t.s(i))?, i + 2)
        } else {
            return None;
        };
        if !self.t.is_num(j) {
            return None;
        }
        let mut value = match number {
            Some(v) => v,
            None => parse_number(self.t.s(j))?,
        };
        j += 1;
        // Glued scale suffix ("1.13bn", "600m") or a scale word ("5 million").
        if self.t.is_word(j) {
            if let Some(m) = multiplier(self.lc(j)) {
                value *= m;
                j += 1;
            }
        }
        Some((j, value, code.to_string()))
    }

    /// The number token of a money amount starting at `i` ("$" or "US" "$"), if any.
    fn money_number(&self, i: usize) -> Option<usize> {
        let j = if currency_symbol(self.t.s(i)).is_some() {
            i + 1
        } else if self.t.s(i + 1) == "$" && self.t.glued(i + 1) {
            i + 2
        } else {
            return None;
        };
        self.t.is_num(j).then_some(j)
    }

    /// A digit number at `i`.
    fn digits(&self, i: usize, bare_ok: bool) -> Option<Hit> {
        self.digits_with(i, parse_number(self.t.s(i))?, bare_ok)
    }

    /// [`Finder::digits`] with the number's value given (the top of a range such as "10-15").
    fn digits_with(&self, i: usize, number: f64, bare_ok: bool) -> Option<Hit> {
        let s = self.t.s(i);
        let mut value = number;
        // "the 1986 deficit", "its 2004 profit": a year used as a modifier.
        if s.len() == 4
            && (1900.0..=2100.0).contains(&value)
            && i > 0
            && matches!(
                self.lc(i - 1),
                "the" | "its" | "their" | "his" | "her" | "this" | "that" | "'s" | "’s"
            )
        {
            return None;
        }
        // Part of a word ("G8", "A380", the rating "A-1-plus") or an ordinal ("2nd").
        if i > 0 && self.t.glued(i) && self.t.is_word(i - 1) {
            return None;
        }
        if i > 1
            && self.t.glued(i)
            && self.t.is_p(i - 1, '-')
            && self.t.glued(i - 1)
            && self.t.is_word(i - 2)
        {
            return None;
        }
        let mut j = i + 1;
        if self.t.glued(j) && self.t.is_word(j) && matches!(self.lc(j), "st" | "nd" | "rd" | "th") {
            return None;
        }
        // "500-km", "30-year-old", "a 10-day trip".
        if self.t.is_p(j, '-') && self.t.glued(j) && self.t.glued(j + 1) && self.t.is_word(j + 1) {
            let w = self.lc(j + 1);
            let head = w.split('-').next().unwrap_or(w);
            if let Some(u) = measure_unit(head) {
                return Some((j + 2, value, u.into()));
            }
            if crate::dates::is_time_unit(head)
                || (head.len() > 2 && !is_not_counted(head) && !self.t.is_cap(j + 1))
            {
                return Some((j + 2, value, lemma(head)));
            }
            return None;
        }
        // Glued suffix: "5m people" (scale), "10km" (unit).
        if self.t.glued(j) && self.t.is_word(j) {
            let lc = self.lc(j);
            if let Some(m) = multiplier(lc) {
                if lc != "m"
                    || self.counted_noun(j + 1, true).is_some()
                    || currency_word(self.lc(j + 1)).is_some()
                {
                    value *= m;
                    j += 1;
                    return self.after_number(j, value, true);
                }
            }
            if let Some(u) = measure_unit(lc) {
                return Some((j + 1, value, u.into()));
            }
            return None;
        }
        // Scale word: "2.5 million people", "6 billion".
        if self.t.is_word(j) {
            if let Some(m) = multiplier(self.lc(j)) {
                if self.lc(j).len() > 2 || self.lc(j) == "mn" || self.lc(j) == "bn" {
                    value *= m;
                    j += 1;
                    return self.after_number(j, value, true);
                }
            }
            if self.lc(j) == "hundred" {
                value *= 100.0;
                j += 1;
                return self.after_number(j, value, true);
            }
        }
        self.after_number(j, value, bare_ok)
    }

    /// Number words at `i`: "Twelve soldiers", "thirty-five people", "two hundred homes",
    /// "a dozen eggs", "three million people".
    fn words(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut total: f64 = 0.0;
        let mut current: f64 = 0.0;
        let mut any = false;
        let mut article = false;
        if matches!(self.lc(j), "a" | "an") {
            article = true;
            j += 1;
        }
        loop {
            let lc = self.lc(j);
            if !self.t.is_word(j) {
                break;
            }
            if let Some(v) = compound_number_word(lc).filter(|_| !article || any) {
                current += v as f64;
                any = true;
            } else if lc == "hundred" {
                current = current.max(1.0) * 100.0;
                any = true;
            } else if lc == "dozen" {
                current = current.max(1.0) * 12.0;
                any = true;
            } else if let Some(m) = multiplier(lc).filter(|_| lc.len() > 2 && lc != "mln") {
                total += current.max(1.0) * m;
                current = 0.0;
                any = true;
            } else {
                break;
            }
            j += 1;
        }
        if !any {
            return None;
        }
        let value = total + current;
        let span_words = j - i - usize::from(article);
        // "one" alone is a pronoun more often than a count.
        if span_words == 1 && matches!(self.lc(j - 1), "one" | "zero") {
            return None;
        }
        let hit = self.after_number(j, value, false)?;
        Some(hit)
    }

    /// A range starting at token `i`, both ends sharing the unit and scale written after the
    /// second: one token ("10-15 people", "1,000-2,000 troops", "$5-6bn"), or two numbers
    /// joined by a dash, "to", or "between ... and" ("20–25 degrees", "3 to 4 per cent",
    /// "between 10 and 15 people"). The ends must ascend; "from 10 to 15" is a change, not a
    /// range, and is left alone.
    fn range(&self, i: usize, bare_ok: bool) -> Option<Quantity> {
        let t = self.t;
        let make = |start: usize, low: f64, high: f64, hit: Hit| -> Option<Quantity> {
            let (end, top, unit) = hit;
            // The scale and unit conversion of the top ("bn", pence) applies to both ends.
            let low = if high != 0.0 { low * (top / high) } else { low };
            (end > start && low < top && low.is_finite() && top.is_finite()).then(|| Quantity {
                span: t.span(start, end - 1),
                value: tidy(low),
                unit,
                max: Some(tidy(top)),
            })
        };
        match t.kind(i) {
            Kind::Punct => {
                let j = self.money_number(i)?;
                let (low, high) = parse_range(t.s(j))?;
                make(i, low, high, self.money_with(i, Some(high))?)
            }
            Kind::Number => {
                if let Some((low, high)) = parse_range(t.s(i)) {
                    return make(i, low, high, self.digits_with(i, high, bare_ok)?);
                }
                let low = parse_number(t.s(i))?;
                let between = i > 0 && self.lc(i - 1) == "between";
                let joined = if between {
                    self.lc(i + 1) == "and"
                } else {
                    (self.lc(i + 1) == "to" && !(i > 0 && self.lc(i - 1) == "from"))
                        || matches!(t.s(i + 1), "-" | "–" | "—")
                };
                if !joined || t.kind(i + 2) != Kind::Number || !t.same_sent(i, i + 2) {
                    return None;
                }
                let high = parse_number(t.s(i + 2))?;
                let hit = self.digits(i + 2, bare_ok)?;
                if hit.2.is_empty() {
                    return None;
                }
                make(if between { i - 1 } else { i }, low, high, hit)
            }
            Kind::Word => None,
        }
    }

    /// "tens of thousands of people", "hundreds of homes".
    fn vague(&self, i: usize) -> Option<Hit> {
        let mut value = vague(self.lc(i))?;
        let mut j = i + 1;
        if self.lc(j) != "of" {
            return None;
        }
        if let Some(v2) = vague(self.lc(j + 1)).filter(|v| *v >= 1e3) {
            if self.lc(j + 2) == "of" {
                value *= v2;
                j += 2;
            }
        }
        let (end, noun) = self.counted_noun(j + 1, true)?;
        Some((end, value, noun))
    }
}

/// Every word (lower case) that can start a quantity written in words; hyphenated number
/// words ("thirty-five") are checked separately.
const QUANTITY_STARTER_WORDS: &[&str] = &[
    // (the number words "zero".."ninety" come from `textpipe_lexicon::names::NUMBER_WORDS`)
    "a",
    "an",
    "hundred",
    "dozen",
    "thousand",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozens",
    "tens",
    "scores",
    "hundreds",
    "thousands",
];

static QUANTITY_STARTERS: std::sync::LazyLock<crate::tokens::WordSet> =
    std::sync::LazyLock::new(|| {
        let numbers = textpipe_lexicon::names::NUMBER_WORDS.map(|(w, _)| w);
        crate::tokens::WordSet::from_lists(&[QUANTITY_STARTER_WORDS, &numbers])
    });

/// Finds quantities; tokens starting inside `exclude` (date spans, sorted) are skipped.
pub(crate) fn find(t: &Tokens<'_>, exclude: &[Span], bare_numbers: bool) -> Vec<Quantity> {
    let f = Finder { t };
    let mut out = Vec::new();
    let n = t.len();
    let mut ex = 0usize;
    let mut i = 0usize;
    let starters: &crate::tokens::WordSet = &QUANTITY_STARTERS;
    while i < n {
        let start = t.toks[i].start;
        while ex < exclude.len() && exclude[ex].end <= start {
            ex += 1;
        }
        if ex < exclude.len() && exclude[ex].start <= start {
            i += 1;
            continue;
        }
        if let Some(q) = f.range(i, bare_numbers) {
            let end_tok = t.at_or_after(q.span.end);
            let clash = exclude
                .get(ex)
                .is_some_and(|e| e.start < q.span.end && e.start > q.span.start);
            if !clash && end_tok > i {
                out.push(q);
                i = end_tok;
                continue;
            }
        }
        let hit = match t.kind(i) {
            Kind::Number => f.digits(i, bare_numbers),
            Kind::Punct => f.money(i),
            Kind::Word
                if t.has_hyphen(i)
                    || (t.is_p(i + 1, '$') && t.glued(i + 1))
                    || starters.contains(t.lc(i)) =>
            {
                f.money(i).or_else(|| f.vague(i)).or_else(|| f.words(i))
            }
            Kind::Word => None,
        };
        match hit {
            Some((end, value, unit)) if end > i && end <= n && value.is_finite() => {
                // Do not run into an excluded span.
                let span = t.span(i, end - 1);
                let clash = exclude
                    .get(ex)
                    .is_some_and(|e| e.start < span.end && e.start > span.start);
                if !clash {
                    out.push(Quantity {
                        span,
                        value: tidy(value),
                        unit,
                        max: None,
                    });
                    i = end;
                    continue;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tables_look_up_exact_words() {
        for (table, f) in [
            (
                CURRENCY_WORDS,
                currency_word as fn(&str) -> Option<&'static str>,
            ),
            (MEASURE_UNITS, measure_unit),
        ] {
            for &(v, words) in table {
                for w in words {
                    assert_eq!(f(w), Some(v), "{w}");
                }
            }
        }
        for &(v, words) in MULTIPLIERS {
            for w in words {
                assert_eq!(multiplier(w), Some(v), "{w}");
            }
        }
        assert_eq!(measure_unit("km/h"), Some("km/h"));
        assert_eq!(multiplier("mln"), Some(1e6));
        for w in ["", "kilometre ", "Km", "dollarss", "troops", "bns", "é"] {
            assert_eq!(measure_unit(w), None, "{w}");
            assert_eq!(currency_word(w), None, "{w}");
            assert_eq!(multiplier(w), None, "{w}");
        }
    }

    fn ranges(text: &str) -> Vec<(String, f64, Option<f64>, String)> {
        let t = Tokens::new(text, &[Span::new(0, text.len())]);
        find(&t, &[], false)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value, m.max, m.unit))
            .collect()
    }

    #[test]
    fn scaled_values_carry_no_binary_noise_and_codes_are_no_counts() {
        assert_eq!(
            one("rose by 16.1 mln marks"),
            e("16.1 mln marks", 16_100_000.0, "DEM")
        );
        assert_eq!(one("a 0.3 pct rise"), e("0.3 pct", 0.3, "percent"));
        assert!(q("Note: 1986 payout includes two dlrs")
            .iter()
            .all(|x| x.2 != "include"));
        assert!(q("upgraded to A-1-plus and AA-plus").is_empty());
    }

    #[test]
    fn ranges_share_the_unit_and_scale_of_their_top() {
        let r = |s: &str, lo: f64, hi: f64, u: &str| (s.to_string(), lo, Some(hi), u.to_string());
        assert_eq!(
            ranges("Between 10 and 15 people were hurt and 10-15 houses burned."),
            vec![
                r("Between 10 and 15 people", 10.0, 15.0, "people"),
                r("10-15 houses", 10.0, 15.0, "house"),
            ]
        );
        assert_eq!(
            ranges("Losses reached $5-6bn, up 3 to 4 per cent, at 20–25 degrees."),
            vec![
                r("$5-6bn", 5e9, 6e9, "USD"),
                r("3 to 4 per cent", 3.0, 4.0, "percent"),
                r("20–25 degrees", 20.0, 25.0, "degree"),
            ]
        );
        assert_eq!(
            ranges("About 1,000-2,000 troops and 2 - 3 million people left."),
            vec![
                r("1,000-2,000 troops", 1000.0, 2000.0, "troop"),
                r("2 - 3 million people", 2e6, 3e6, "people"),
            ]
        );
        // Not ranges: a change ("from ... to"), a score, descending ends, no unit.
        let v = ranges("It rose from 10 to 15 per cent; Wales won 20-3; 15-10 winners; 10 to 15.");
        assert!(v.iter().all(|x| x.2.is_none()), "{v:?}");
        assert_eq!(v[0].0, "15 per cent");
    }

    fn q(text: &str) -> Vec<(String, f64, String)> {
        q_with(text, false)
    }

    fn q_with(text: &str, bare: bool) -> Vec<(String, f64, String)> {
        let t = Tokens::new(text, &[Span::new(0, text.len())]);
        find(&t, &[], bare)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value, m.unit))
            .collect()
    }

    fn one(text: &str) -> (String, f64, String) {
        let v = q(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v[0].clone()
    }

    fn e(s: &str, v: f64, u: &str) -> (String, f64, String) {
        (s.to_string(), v, u.to_string())
    }

    #[test]
    fn number_parsing() {
        assert_eq!(parse_number("6,000"), Some(6000.0));
        assert_eq!(parse_number("1,234,567.5"), Some(1_234_567.5));
        assert_eq!(parse_number("1.13"), Some(1.13));
        assert_eq!(parse_number("1,5"), None);
        assert_eq!(parse_number("12,34,567"), None);
        assert_eq!(parse_number("10:15"), None);
        assert_eq!(parse_number("1992-97"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn counts_use_the_singular_lemma() {
        assert_eq!(
            one("The flood killed 37 people on Sunday."),
            e("37 people", 37.0, "people")
        );
        assert_eq!(
            one("Some 8,500 troops remain."),
            e("8,500 troops", 8500.0, "troop")
        );
        assert_eq!(
            one("Eleven villagers were hurt."),
            e("Eleven villagers", 11.0, "villager")
        );
        assert_eq!(
            one("It has twenty-two branches."),
            e("twenty-two branches", 22.0, "branch")
        );
        assert_eq!(
            one("They sent 12 more soldiers."),
            e("12 more soldiers", 12.0, "soldier")
        );
        assert_eq!(one("The fire claimed 3 lives."), e("3 lives", 3.0, "life"));
        assert_eq!(
            one("She served 25 years there."),
            e("25 years", 25.0, "year")
        );
        assert_eq!(
            one("Two hundred homes burned."),
            e("Two hundred homes", 200.0, "home")
        );
        assert_eq!(one("He ate a dozen eggs."), e("a dozen eggs", 12.0, "egg"));
        assert_eq!(
            one("About 3 million people voted."),
            e("3 million people", 3e6, "people")
        );
    }

    #[test]
    fn money() {
        assert_eq!(one("It paid $2.45bn for it."), e("$2.45bn", 2.45e9, "USD"));
        assert_eq!(one("A £350m deal."), e("£350m", 3.5e8, "GBP"));
        assert_eq!(one("It raised €5 million."), e("€5 million", 5e6, "EUR"));
        assert_eq!(one("Costs hit US$40 last year."), e("US$40", 40.0, "USD"));
        assert_eq!(
            one("Profit was 1.5 mln dlrs."),
            e("1.5 mln dlrs", 1.5e6, "USD")
        );
        assert_eq!(one("Tickets cost 20 euros."), e("20 euros", 20.0, "EUR"));
        assert_eq!(one("Shares fell 50 pence."), e("50 pence", 0.5, "GBP"));
    }

    #[test]
    fn percents_and_measures() {
        assert_eq!(one("Turnout was 64%."), e("64%", 64.0, "percent"));
        assert_eq!(
            one("Sales rose 3.5 per cent."),
            e("3.5 per cent", 3.5, "percent")
        );
        assert_eq!(
            one("Rates rose 12 percent."),
            e("12 percent", 12.0, "percent")
        );
        assert_eq!(
            one("The town lies 320 kilometres north."),
            e("320 kilometres", 320.0, "km")
        );
        assert_eq!(one("A 40-km convoy."), e("40-km", 40.0, "km"));
        assert_eq!(one("They ran 10km today."), e("10km", 10.0, "km"));
        assert_eq!(
            one("It spans 2,000 square miles."),
            e("2,000 square miles", 2000.0, "mile2")
        );
        assert_eq!(
            one("Output is 90,000 barrels per day."),
            e("90,000 barrels per day", 90000.0, "barrel/day")
        );
        assert_eq!(one("A 30-year-old man."), e("30-year-old", 30.0, "year"));
    }

    #[test]
    fn vague_amounts() {
        assert_eq!(
            one("Hundreds of protesters gathered."),
            e("Hundreds of protesters", 100.0, "protester")
        );
        assert_eq!(
            one("Tens of thousands of refugees fled."),
            e("Tens of thousands of refugees", 1e4, "refugee")
        );
    }

    #[test]
    fn not_quantities() {
        assert!(q("He came 2nd in the race.").is_empty());
        assert!(q("The G8 summit and the A380.").is_empty());
        assert!(q("Its 3-Series sold well.").is_empty());
        assert!(q("Net 1,234 vs 1,100.").is_empty());
        assert!(q("It made the top 500 list.").is_empty());
        assert!(q("The 64 computer elicits a reply.").is_empty());
        assert_eq!(one("It shows 84 movies."), e("84 movies", 84.0, "movie"));
        assert_eq!(one("He sent 80 staff home."), e("80 staff", 80.0, "staff"));
        assert_eq!(
            one("They hired 1 engineer."),
            e("1 engineer", 1.0, "engineer")
        );
        assert!(q("It cut the 1986 deficit.").is_empty());
        assert!(q("No one knows.").is_empty());
        assert!(q("One of them left.").is_empty());
        assert!(q("Score 42 and then 7 died.").is_empty());
        assert!(q("").is_empty());
        // Bare numbers only on request.
        assert_eq!(q_with("Score 42 now.", true), vec![e("42", 42.0, "")]);
    }

    #[test]
    fn excluded_spans_are_skipped() {
        let text = "In 2012 there were 40 people.";
        let t = Tokens::new(text, &[]);
        let found = find(&t, &[Span::new(3, 7)], true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.slice(text), "40 people");
    }

    #[test]
    fn lemmas() {
        assert_eq!(lemma("troops"), "troop");
        assert_eq!(lemma("people"), "people");
        assert_eq!(lemma("cities"), "city");
        assert_eq!(lemma("churches"), "church");
        assert_eq!(lemma("status"), "status");
        assert_eq!(lemma("crisis"), "crisis");
    }
}
