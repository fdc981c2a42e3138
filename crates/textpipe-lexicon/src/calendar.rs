//! Gregorian calendar maths through the `jiff` crate: days in a month, leap years, weekdays,
//! day and month arithmetic, ISO weeks.
//!
//! Dates are plain `(year, month, day)` numbers, as the stages parse them from text; every
//! function checks them and answers `None` for an impossible date (month 13, 30 February, a
//! year outside jiff's range -9999..=9999) instead of panicking, because the numbers come from
//! the documents.

use jiff::civil::Date;
use jiff::Span;

/// The jiff date of `(year, month, day)`, or `None` when there is no such day.
#[inline]
fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// `(year, month, day)` of a jiff date.
#[inline]
fn ymd(d: Date) -> (i32, u32, u32) {
    // jiff keeps month in 1..=12 and day in 1..=31.
    (
        i32::from(d.year()),
        d.month().unsigned_abs().into(),
        d.day().unsigned_abs().into(),
    )
}

/// True when `year` is a Gregorian leap year; `None` outside jiff's years (-9999..=9999).
pub fn is_leap_year(year: i32) -> Option<bool> {
    date(year, 1, 1).map(Date::in_leap_year)
}

/// Number of days (28-31) in `month` (1-12) of `year`; `None` for a month outside 1-12 or a
/// year outside -9999..=9999.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    date(year, month, 1).map(|d| d.days_in_month().unsigned_abs().into())
}

/// True when `(year, month, day)` is a day of the calendar.
pub fn is_valid_date(year: i32, month: u32, day: u32) -> bool {
    date(year, month, day).is_some()
}

/// Day of the week of a date, 0 = Monday ... 6 = Sunday; `None` for an impossible date.
pub fn weekday(year: i32, month: u32, day: u32) -> Option<u32> {
    let w = date(year, month, day)?.weekday().to_monday_zero_offset();
    Some(w.unsigned_abs().into())
}

/// The date `days` days after (or, when negative, before) a date; `None` for an impossible
/// date or a result outside jiff's years.
pub fn add_days(year: i32, month: u32, day: u32, days: i64) -> Option<(i32, u32, u32)> {
    let span = Span::new().try_days(days).ok()?;
    date(year, month, day)?.checked_add(span).ok().map(ymd)
}

/// The month `months` months after (or before) `month` of `year`, as `(year, month)`; `None`
/// for a month outside 1-12 or a result outside jiff's years.
pub fn add_months(year: i32, month: u32, months: i64) -> Option<(i32, u32)> {
    let span = Span::new().try_months(months).ok()?;
    let (y, m, _) = ymd(date(year, month, 1)?.checked_add(span).ok()?);
    Some((y, m))
}

/// ISO 8601 week-numbering year and week (1-53) of a date: 2010-01-03 is in week 53 of 2009.
/// `None` for an impossible date.
pub fn iso_week(year: i32, month: u32, day: u32) -> Option<(i32, u32)> {
    let w = date(year, month, day)?.iso_week_date();
    Some((i32::from(w.year()), w.week().unsigned_abs().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths_and_leap_years() {
        assert_eq!(days_in_month(2012, 2), Some(29));
        assert_eq!(days_in_month(2011, 2), Some(28));
        assert_eq!(days_in_month(1900, 2), Some(28));
        assert_eq!(days_in_month(2000, 2), Some(29));
        assert_eq!(days_in_month(2012, 4), Some(30));
        assert_eq!(days_in_month(2012, 12), Some(31));
        assert_eq!(is_leap_year(2024), Some(true));
        assert_eq!(is_leap_year(2100), Some(false));
    }

    #[test]
    fn invalid_dates_are_none() {
        for m in [0, 13, u32::MAX] {
            assert_eq!(days_in_month(2012, m), None, "month {m}");
        }
        assert_eq!(days_in_month(10_000, 1), None);
        assert_eq!(days_in_month(i32::MIN, 1), None);
        assert_eq!(is_leap_year(70_000), None);
        assert!(!is_valid_date(2011, 2, 29));
        assert!(!is_valid_date(2012, 4, 31));
        assert!(!is_valid_date(2012, 1, 0));
        assert!(is_valid_date(2012, 2, 29));
        assert_eq!(weekday(2012, 2, 30), None);
        assert_eq!(add_days(2012, 13, 1, 1), None);
        assert_eq!(iso_week(2012, 0, 1), None);
        assert_eq!(add_months(2012, 0, 1), None);
    }

    #[test]
    fn weekdays_and_weeks() {
        assert_eq!(weekday(2012, 7, 25), Some(2)); // a Wednesday
        assert_eq!(weekday(1970, 1, 1), Some(3)); // a Thursday
        assert_eq!(iso_week(2012, 7, 25), Some((2012, 30)));
        assert_eq!(iso_week(2010, 1, 3), Some((2009, 53)));
        assert_eq!(iso_week(2008, 12, 29), Some((2009, 1)));
    }

    #[test]
    fn arithmetic() {
        assert_eq!(add_days(2012, 7, 25, -366), Some((2011, 7, 25)));
        assert_eq!(add_days(2012, 2, 28, 1), Some((2012, 2, 29)));
        assert_eq!(add_days(2012, 12, 31, 1), Some((2013, 1, 1)));
        assert_eq!(add_months(2012, 1, -1), Some((2011, 12)));
        assert_eq!(add_months(2012, 7, 18), Some((2014, 1)));
        // Out of range results, not panics.
        assert_eq!(add_days(9999, 12, 31, 1), None);
        assert_eq!(add_days(2012, 1, 1, i64::MAX), None);
        assert_eq!(add_days(2012, 1, 1, 999_999_999), None);
        assert_eq!(add_months(2012, 1, i64::MIN), None);
    }
}
