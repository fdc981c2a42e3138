//! Month, weekday and number words (all lower case: callers lower-case first).
//!
//! These used to be written out in clean (header dates), extract (dates, quantities, keyword
//! stop words) and the tests of each; the lists here are the one source.

/// The English month names, January first (index + 1 is the month number).
pub const FULL_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The English month abbreviations written in news copy ("Sept." as well as "Sep."). "May",
/// "June" and "July" have none: they are short already.
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// The English weekday names, Monday first (index = [`weekday_number`]).
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The English weekday abbreviations of date lines ("Wed, 25 Jul 2012").
pub const WEEKDAY_ABBREVIATIONS: [&str; 10] = [
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Month number (1-12) of an English month name or abbreviation ("july", "jul", "sept").
#[inline]
pub fn month_number(lc: &str) -> Option<u32> {
    Some(match lc {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Month number (1-12) of a French, German or Spanish month name or abbreviation: the date
/// line of a foreign-language page is still a date line. English words are not included (see
/// [`month_number`]).
#[inline]
pub fn foreign_month_number(lc: &str) -> Option<u32> {
    Some(match lc {
        "janvier" | "januar" | "jänner" | "enero" | "ene" => 1,
        "février" | "fevrier" | "févr" | "februar" | "febrero" => 2,
        "mars" | "märz" | "maerz" | "marzo" => 3,
        "avril" | "avr" | "abril" | "abr" => 4,
        "mai" | "mayo" => 5,
        "juin" | "juni" | "junio" => 6,
        "juillet" | "juil" | "juli" | "julio" => 7,
        "août" | "aout" | "agosto" | "ago" => 8,
        "septembre" | "septiembre" | "setiembre" => 9,
        "octobre" | "oktober" | "okt" | "octubre" => 10,
        "novembre" | "noviembre" => 11,
        "décembre" | "decembre" | "déc" | "dezember" | "dez" | "diciembre" | "dic" => 12,
        _ => return None,
    })
}

/// True when `lc` is a full English month name ("may", not "jan").
#[inline]
pub fn is_full_month(lc: &str) -> bool {
    matches!(
        lc,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// Day of the week (0 = Monday) of a full English weekday name.
#[inline]
pub fn weekday_number(lc: &str) -> Option<u32> {
    Some(match lc {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

/// True when `lc` is an English weekday name or one of its abbreviations ("wed", "thurs").
#[inline]
pub fn is_weekday_or_abbreviation(lc: &str) -> bool {
    weekday_number(lc).is_some() || WEEKDAY_ABBREVIATIONS.contains(&lc)
}

/// The English number words with their values, from "zero" to "ninety" (the words that
/// compose every number below a hundred, as in "thirty-five").
pub const NUMBER_WORDS: [(&str, u64); 28] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Value of one English number word of [`NUMBER_WORDS`] ("twelve" is 12; "hundred" and
/// "thirty-five" are not single number words: see [`compound_number_word`]).
#[inline]
pub fn number_word(lc: &str) -> Option<u64> {
    Some(match lc {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Value of a number word or of a hyphenated tens-and-units word ("twelve", "thirty-five");
/// `None` for anything else ("five-twenty", "thirty-").
pub fn compound_number_word(lc: &str) -> Option<u64> {
    if let Some(v) = number_word(lc) {
        return Some(v);
    }
    let (a, b) = lc.split_once('-')?;
    let (x, y) = (number_word(a)?, number_word(b)?);
    (x >= 20 && x % 10 == 0 && (1..=9).contains(&y)).then_some(x + y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_agree_with_the_functions() {
        for (i, m) in FULL_MONTHS.iter().enumerate() {
            assert_eq!(month_number(m), Some(i as u32 + 1));
            assert!(is_full_month(m));
        }
        for a in MONTH_ABBREVIATIONS {
            assert!(month_number(a).is_some() && !is_full_month(a), "{a}");
        }
        for (i, d) in WEEKDAYS.iter().enumerate() {
            assert_eq!(weekday_number(d), Some(i as u32));
            assert!(is_weekday_or_abbreviation(d));
        }
        for a in WEEKDAY_ABBREVIATIONS {
            assert!(
                is_weekday_or_abbreviation(a) && weekday_number(a).is_none(),
                "{a}"
            );
        }
        for (w, v) in NUMBER_WORDS {
            assert_eq!(number_word(w), Some(v));
        }
    }

    #[test]
    fn foreign_months_do_not_overlap_english() {
        assert_eq!(foreign_month_number("märz"), Some(3));
        assert_eq!(foreign_month_number("dic"), Some(12));
        for w in FULL_MONTHS.iter().chain(&MONTH_ABBREVIATIONS) {
            assert_eq!(foreign_month_number(w), None, "{w}");
        }
    }

    #[test]
    fn unknown_words() {
        for w in ["", "Jan", "janu", "mayday", "13", "monday.", "Monday"] {
            assert_eq!(month_number(w), None, "{w}");
            assert_eq!(weekday_number(w), None, "{w}");
        }
        assert!(!is_weekday_or_abbreviation("wednes"));
        assert_eq!(number_word("hundred"), None);
        assert_eq!(number_word("Two"), None);
    }

    #[test]
    fn compound_numbers() {
        assert_eq!(compound_number_word("thirty-five"), Some(35));
        assert_eq!(compound_number_word("twelve"), Some(12));
        for w in [
            "five-twenty",
            "thirty-",
            "-five",
            "twelve-one",
            "thirty-ten",
            "x-y",
        ] {
            assert_eq!(compound_number_word(w), None, "{w}");
        }
    }
}
