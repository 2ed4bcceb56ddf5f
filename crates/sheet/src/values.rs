//! Reading typed values out of cells: dates in every form exports use, and
//! money. Dates written as text are ambiguous (is 03/04/2026 March or
//! April?), so the order is decided per column from all its values.
use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::grid::Cell;

/// How a column writes day, month and year in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 2026-03-04, 2026/03/04
    Iso,
    /// 03/04/2026 is March 4
    MonthFirst,
    /// 03/04/2026 is 3 April
    DayFirst,
}

impl DateOrder {
    pub fn describe(self) -> &'static str {
        match self {
            DateOrder::Iso => "year-month-day",
            DateOrder::MonthFirst => "month/day/year (US)",
            DateOrder::DayFirst => "day/month/year",
        }
    }
}

/// The three numbers of a numeric date, as written.
fn numeric_parts(text: &str) -> Option<(u32, u32, i32, bool)> {
    let date_part = text.split(['T', ' ']).next()?.trim();
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if parts[0].len() == 4 {
        // Year first.
        return Some((
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
            parts[0].parse().ok()?,
            true,
        ));
    }
    let mut year: i32 = parts[2].parse().ok()?;
    if parts[2].len() <= 2 {
        year += if year < 70 { 2000 } else { 1900 };
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, year, false))
}

/// What a column's text dates say about their order so far. Counts, so the
/// decision can follow rows as they stream in and be checked at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderTally {
    texts: u32,
    numeric: u32,
    iso: u32,
    first_big: u32,
    second_big: u32,
}

impl OrderTally {
    pub fn add(&mut self, text: &str) {
        self.texts += 1;
        if let Some((a, b, _, year_first)) = numeric_parts(text) {
            self.numeric += 1;
            if year_first {
                self.iso += 1;
            } else if a > 12 {
                self.first_big += 1;
            } else if b > 12 {
                self.second_big += 1;
            }
        }
    }

    /// The column holds dates written as text (and so has an order to tell).
    pub fn has_text(&self) -> bool {
        self.texts > 0
    }

    /// The order, and whether the values left it ambiguous.
    pub fn decide(&self) -> (DateOrder, bool) {
        if self.numeric == 0 || self.iso == self.numeric {
            return (DateOrder::Iso, false);
        }
        if self.first_big > self.second_big {
            (DateOrder::DayFirst, false)
        } else if self.second_big > 0 {
            (DateOrder::MonthFirst, false)
        } else {
            (DateOrder::MonthFirst, true)
        }
    }
}

const NAMED_FORMATS: &[&str] = &[
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %d %Y",
    "%B %d %Y",
    "%a, %d %b %Y",
    "%A, %B %d, %Y",
    "%d. %B %Y",
    "%Y%m%d",
];

const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// A date from a cell. Date-times become their date; numbers are Excel serial dates.
pub fn parse_date(
    cell: &Cell,
    order: DateOrder,
    is_1904: bool,
) -> Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::DateTime(dt) => Ok(Some(dt.date())),
        Cell::Number(n) => excel_serial(*n, is_1904)
            .map(Some)
            .ok_or_else(|| format!("{n} is not a date")),
        Cell::Text(t) => parse_date_text(t.trim(), order).map(Some),
        Cell::Bool(_) | Cell::Error(_) => Err(format!("\"{}\" is not a date", cell.display())),
    }
}

pub fn parse_date_text(t: &str, order: DateOrder) -> Result<NaiveDate, String> {
    if t.is_empty() {
        return Err("empty".into());
    }
    if let Some((a, b, year, year_first)) = numeric_parts(t) {
        let (month, day) = match (year_first, order) {
            (true, _) => (a, b),
            (false, DateOrder::DayFirst) => (b, a),
            (false, _) => (a, b),
        };
        return NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("\"{t}\" is not a valid date (read as {})", order.describe()));
    }
    // RFC 3339 with offset: keep the date as written.
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(dt.date_naive());
    }
    for f in DATETIME_FORMATS {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(dt.date());
        }
    }
    let cleaned = strip_time(t);
    for f in NAMED_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, f) {
            return Ok(d);
        }
    }
    if let Ok(n) = t.parse::<f64>() {
        if let Some(d) = excel_serial(n, false) {
            return Ok(d);
        }
    }
    Err(format!("\"{t}\" is not a date"))
}

/// "Mar 5, 2026 2:30 PM" → "Mar 5, 2026".
fn strip_time(t: &str) -> String {
    let words: Vec<&str> = t.split_whitespace().collect();
    let keep = words
        .iter()
        .position(|w| w.contains(':'))
        .unwrap_or(words.len());
    words[..keep].join(" ")
}

/// Excel serial day numbers: 1900 system (with Excel's phantom 29 Feb 1900)
/// or 1904 system. Only plausible business dates (1950..2200) are accepted.
pub fn excel_serial(n: f64, is_1904: bool) -> Option<NaiveDate> {
    // Serials past year 2200 are refused before any date arithmetic, so a
    // cell holding 1e300 can never overflow it.
    const LAST_SERIAL: f64 = 200_000.0;
    if !n.is_finite() || !(1.0..LAST_SERIAL).contains(&n) {
        return None;
    }
    let days = n.floor() as i64;
    let date = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?.checked_add_signed(Duration::try_days(days)?)?
    } else {
        // Serial 60 is the 29 February 1900 Excel pretends existed.
        let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        let days = if days < 61 { days + 1 } else { days };
        base.checked_add_signed(Duration::try_days(days)?)?
    };
    (1950..=2200)
        .contains(&chrono::Datelike::year(&date))
        .then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn decide_order<'a>(texts: impl Iterator<Item = &'a str>) -> (DateOrder, bool) {
        let mut tally = OrderTally::default();
        texts.for_each(|t| tally.add(t));
        tally.decide()
    }

    #[test]
    fn decides_order_from_the_column() {
        assert_eq!(
            decide_order(["2026-03-04"].into_iter()),
            (DateOrder::Iso, false)
        );
        assert_eq!(
            decide_order(["03/04/2026", "25/04/2026"].into_iter()),
            (DateOrder::DayFirst, false)
        );
        assert_eq!(
            decide_order(["03/04/2026", "04/25/2026"].into_iter()),
            (DateOrder::MonthFirst, false)
        );
        assert_eq!(
            decide_order(["03/04/2026"].into_iter()),
            (DateOrder::MonthFirst, true)
        );
    }

    #[test]
    fn parses_text_dates() {
        assert_eq!(
            parse_date_text("2026-03-04", DateOrder::Iso),
            Ok(d(2026, 3, 4))
        );
        assert_eq!(
            parse_date_text("03/04/2026", DateOrder::DayFirst),
            Ok(d(2026, 4, 3))
        );
        assert_eq!(
            parse_date_text("03/04/26", DateOrder::MonthFirst),
            Ok(d(2026, 3, 4))
        );
        assert_eq!(
            parse_date_text("2026-03-04 14:30:00", DateOrder::Iso),
            Ok(d(2026, 3, 4))
        );
        assert_eq!(
            parse_date_text("2026-03-04T14:30:00Z", DateOrder::Iso),
            Ok(d(2026, 3, 4))
        );
        assert_eq!(
            parse_date_text("3/4/2026 2:30 PM", DateOrder::MonthFirst),
            Ok(d(2026, 3, 4))
        );
        assert_eq!(
            parse_date_text("Mar 5, 2026", DateOrder::Iso),
            Ok(d(2026, 3, 5))
        );
        assert_eq!(
            parse_date_text("5 March 2026", DateOrder::Iso),
            Ok(d(2026, 3, 5))
        );
        assert_eq!(
            parse_date_text("05-Mar-2026", DateOrder::Iso),
            Ok(d(2026, 3, 5))
        );
        assert!(parse_date_text("TBD", DateOrder::Iso).is_err());
        assert!(parse_date_text("31/02/2026", DateOrder::DayFirst).is_err());
    }

    #[test]
    fn excel_serials_in_both_systems() {
        assert_eq!(excel_serial(46000.0, false), Some(d(2025, 12, 9)));
        assert_eq!(excel_serial(44538.0, true), Some(d(2025, 12, 9)));
        assert_eq!(excel_serial(12.0, false), None);
        // Out of range: refused, never an overflow (issue 11, defect 2).
        for n in [100_000_000.0, 1e9, 1e300, f64::MAX, -1e300] {
            assert_eq!(excel_serial(n, false), None);
            assert_eq!(excel_serial(n, true), None);
        }
        assert!(parse_date_text("1e300", DateOrder::Iso).is_err());
    }
}
