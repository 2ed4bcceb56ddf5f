//! Reading typed values out of cells: dates and times in every form exports
//! use. Dates written as text are ambiguous (is 03/04/2026 March or
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

/// "2026-03-10", the date most exports write, read without splitting:
/// (month, day, year).
fn iso_parts(text: &[u8]) -> Option<(u32, u32, i32)> {
    if text.len() != 10 || text.get(4) != Some(&b'-') || text.get(7) != Some(&b'-') {
        return None;
    }
    let number = |from: usize, to: usize| {
        text.get(from..to)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    Some((number(5, 7)?, number(8, 10)?, year))
}

/// The three numbers of a numeric date, as written.
fn numeric_parts(text: &str) -> Option<(u32, u32, i32, bool)> {
    if let Some((month, day, year)) = iso_parts(text.as_bytes()) {
        return Some((month, day, year, true));
    }
    let date_part = text.split(['T', ' ']).next()?.trim();
    // Three runs of digits, split without collecting: every row's dates pass here.
    let mut split = date_part.split(['/', '-', '.']);
    let parts = [split.next()?, split.next()?, split.next()?];
    if split.next().is_some()
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()))
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
/// decision can follow rows as they stream in and be checked at the end;
/// and, for the note that explains it, an example of each kind of date and
/// the first rows whose date the order changes. `Copy`, with no heap, so
/// tallying a row allocates nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderTally {
    texts: u32,
    numeric: u32,
    iso: u32,
    /// Dates only day first reads (25/03/2026), and the first of them.
    first_big: u32,
    first_big_example: Example,
    /// Dates only month first reads (03/25/2026), and the first of them.
    second_big: u32,
    second_big_example: Example,
    /// Dates the order turns into another date (03/04/2026, not 04/04/2026).
    either_way: u32,
    either_way_example: Example,
    either_way_rows: [u32; EITHER_WAY_ROWS],
}

/// Rows kept of the dates either order reads, to list in a note.
pub const EITHER_WAY_ROWS: usize = 8;

/// A short text kept inline (a date as written), for a note.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Example {
    len: u8,
    bytes: [u8; 24],
}

impl Example {
    /// Keeps the first text offered that fits (a date does).
    fn offer(&mut self, text: &str) {
        if self.len == 0 && !text.is_empty() && text.len() <= self.bytes.len() {
            self.bytes[..text.len()].copy_from_slice(text.as_bytes());
            self.len = text.len() as u8;
        }
    }

    fn get(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes.get(..usize::from(self.len))?)
            .ok()
            .filter(|s| !s.is_empty())
    }
}

impl OrderTally {
    /// Counts one text date, written on sheet row `row`.
    pub fn add(&mut self, text: &str, row: u32) {
        self.texts += 1;
        if let Some((a, b, _, year_first)) = numeric_parts(text) {
            self.numeric += 1;
            if year_first {
                self.iso += 1;
            } else if a > 12 {
                self.first_big += 1;
                self.first_big_example.offer(date_part(text));
            } else if b > 12 {
                self.second_big += 1;
                self.second_big_example.offer(date_part(text));
            } else if a != b {
                if let Some(slot) = self.either_way_rows.get_mut(self.either_way as usize) {
                    *slot = row;
                }
                self.either_way += 1;
                self.either_way_example.offer(date_part(text));
            }
        }
    }

    /// The column holds dates written as text (and so has an order to tell).
    pub fn has_text(&self) -> bool {
        self.texts > 0
    }

    /// Some of its text dates are written in numbers (03/04/2026,
    /// 2026-03-04), not with a month name (16 Apr, 2021).
    pub fn has_numeric(&self) -> bool {
        self.numeric > 0
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

    /// Dates only day first reads (25/03/2026): how many, and the first.
    pub fn day_first_only(&self) -> (u32, Option<&str>) {
        (self.first_big, self.first_big_example.get())
    }

    /// Dates only month first reads (03/25/2026): how many, and the first.
    pub fn month_first_only(&self) -> (u32, Option<&str>) {
        (self.second_big, self.second_big_example.get())
    }

    /// Dates the two orders read as two different dates (03/04/2026): how
    /// many, the first, and the sheet rows of the first [`EITHER_WAY_ROWS`].
    pub fn either_way(&self) -> (u32, Option<&str>, &[u32]) {
        let kept = (self.either_way as usize).min(EITHER_WAY_ROWS);
        (
            self.either_way,
            self.either_way_example.get(),
            &self.either_way_rows[..kept],
        )
    }
}

/// "03/04/2026" of "03/04/2026 14:30".
fn date_part(text: &str) -> &str {
    text.split(['T', ' ']).next().unwrap_or(text).trim()
}

const NAMED_FORMATS: &[&str] = &[
    "%b %d, %Y",
    // Zoho CRM: "16 Apr, 2021" (with a time, cut off first).
    "%d %b, %Y",
    "%d %B, %Y",
    "%d/%b/%Y",
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

/// A date and time from a cell: when a record was last changed, to tell
/// which of two versions of it is newer. A date without a time is at
/// midnight. An offset ("+03:00", "Z") is dropped, not applied: the time is
/// kept as written, like dates, and the versions of one export share one.
pub fn parse_datetime(
    cell: &Cell,
    order: DateOrder,
    is_1904: bool,
) -> Result<Option<NaiveDateTime>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::DateTime(dt) => Ok(Some(*dt)),
        Cell::Number(n) => {
            let date = excel_serial(*n, is_1904).ok_or_else(|| format!("{n} is not a date"))?;
            // The fraction of the serial is the time of day, to the second.
            let seconds = ((n - n.floor()) * 86_400.0).round() as u32;
            let time =
                chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)
                    .unwrap_or(chrono::NaiveTime::MIN);
            Ok(Some(date.and_time(time)))
        }
        Cell::Text(t) => {
            let t = t.trim();
            // Most cells are a date alone: no time format can match them.
            if !t.contains(':') {
                return Ok(Some(
                    parse_date_text(t, order)?.and_time(chrono::NaiveTime::MIN),
                ));
            }
            if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
                return Ok(Some(dt.naive_local()));
            }
            for f in DATETIME_FORMATS {
                if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
                    return Ok(Some(dt));
                }
            }
            let date = parse_date_text(t, order)?;
            Ok(Some(date.and_time(
                time_of_day(t).unwrap_or(chrono::NaiveTime::MIN),
            )))
        }
        Cell::Bool(_) | Cell::Error(_) => Err(format!("\"{}\" is not a date", cell.display())),
    }
}

/// The time in "25/03/2026 14:30", "3/25/2026 2:30:15 PM",
/// "2026-03-25T14:30:00+03:00": the first word with a colon, and AM or PM.
fn time_of_day(t: &str) -> Option<chrono::NaiveTime> {
    let mut words = t
        .split(|c: char| c.is_whitespace() || c == 'T')
        .filter(|w| !w.is_empty());
    let clock = words.find(|w| w.contains(':'))?;
    let lower = clock.to_ascii_lowercase();
    let (clock, suffix) = match lower.strip_suffix("pm").or(lower.strip_suffix("am")) {
        Some(c) => (c.to_string(), lower.get(c.len()..).map(str::to_string)),
        None => (lower.clone(), words.next().map(|w| w.to_ascii_lowercase())),
    };
    // Drop an offset or a "Z": the time as written.
    let clock: &str = clock
        .split(['+', 'z'])
        .next()
        .unwrap_or(&clock)
        .split('-')
        .next()
        .unwrap_or("");
    let mut parts = clock.split(':').map(|p| p.split('.').next().unwrap_or(p));
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let second: u32 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    let hour = match suffix.as_deref() {
        Some("pm") if hour < 12 => hour + 12,
        Some("am") if hour == 12 => 0,
        _ => hour,
    };
    chrono::NaiveTime::from_hms_opt(hour, minute, second)
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
        texts.zip(2..).for_each(|(t, row)| tally.add(t, row));
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

    /// What the note explaining a column's order is made of.
    #[test]
    fn keeps_examples_and_the_rows_either_order_reads() {
        let mut tally = OrderTally::default();
        for (row, t) in (2..).zip([
            "03/04/2026",
            "04/04/2026",
            "25/03/2023 10:00",
            "1/08/26",
            "30/05/26",
            "2026-01-05",
        ]) {
            tally.add(t, row);
        }
        assert_eq!(tally.decide(), (DateOrder::DayFirst, false));
        assert_eq!(tally.day_first_only(), (2, Some("25/03/2023")));
        assert_eq!(tally.month_first_only(), (0, None));
        // 04/04/2026 is the same date either way: not listed.
        assert_eq!(tally.either_way(), (2, Some("03/04/2026"), &[2, 5][..]));
        let mut many = OrderTally::default();
        for row in 2..40 {
            many.add("5/6/24", row);
        }
        assert_eq!(many.decide(), (DateOrder::MonthFirst, true));
        let (n, example, rows) = many.either_way();
        assert_eq!((n, example), (38, Some("5/6/24")));
        assert_eq!(rows, [2, 3, 4, 5, 6, 7, 8, 9]);
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
        // Exports as they write dates: Zoho, Salesforce re-saved in Excel
        // (two-digit years), a Spanish sheet (D/MM/YY), an Indian broker
        // (DD-MM-YYYY), Bitrix24 (ISO with offset, and DD.MM.YYYY HH:MM).
        assert_eq!(
            parse_date_text("16 Apr, 2021 00:03:00", DateOrder::MonthFirst),
            Ok(d(2021, 4, 16))
        );
        assert_eq!(
            parse_date_text("02/23/26 08:55 PM", DateOrder::MonthFirst),
            Ok(d(2026, 2, 23))
        );
        assert_eq!(
            parse_date_text("4/7/23", DateOrder::MonthFirst),
            Ok(d(2023, 4, 7))
        );
        assert_eq!(
            parse_date_text("4/7/23", DateOrder::DayFirst),
            Ok(d(2023, 7, 4))
        );
        assert_eq!(
            parse_date_text("1/08/26", DateOrder::DayFirst),
            Ok(d(2026, 8, 1))
        );
        assert_eq!(
            parse_date_text("13-11-2019", DateOrder::DayFirst),
            Ok(d(2019, 11, 13))
        );
        assert_eq!(
            parse_date_text("2021-02-03T03:00:00+03:00", DateOrder::Iso),
            Ok(d(2021, 2, 3))
        );
        // The date as written, not moved to UTC: 23:30 at +05:00 is still the 1st.
        assert_eq!(
            parse_date_text("2026-06-01T23:30:00+05:00", DateOrder::Iso),
            Ok(d(2026, 6, 1))
        );
        assert_eq!(
            parse_date_text("2024-11-10T08:00:00.000Z", DateOrder::Iso),
            Ok(d(2024, 11, 10))
        );
        assert_eq!(
            parse_date_text("14.06.2026 09:20", DateOrder::DayFirst),
            Ok(d(2026, 6, 14))
        );
        // An Excel serial written as text (a CSV saved from a date column
        // formatted as a number).
        assert_eq!(parse_date_text("46000", DateOrder::Iso), Ok(d(2025, 12, 9)));
        assert_eq!(
            parse_date_text("Apr 16, 2021 12:03 PM", DateOrder::Iso),
            Ok(d(2021, 4, 16))
        );
        assert!(parse_date_text("TBD", DateOrder::Iso).is_err());
        assert!(parse_date_text("31/02/2026", DateOrder::DayFirst).is_err());
    }

    #[test]
    fn date_times_of_versions() {
        let t = |s: &str| parse_datetime(&Cell::Text(s.into()), DateOrder::DayFirst, false);
        let at = |y, m, d, h, min, s| {
            Ok(Some(
                NaiveDate::from_ymd_opt(y, m, d)
                    .unwrap()
                    .and_hms_opt(h, min, s)
                    .unwrap(),
            ))
        };
        assert_eq!(t("2021-02-03T15:58:12+03:00"), at(2021, 2, 3, 15, 58, 12));
        assert_eq!(t("2026-06-08T10:06:00+05:00"), at(2026, 6, 8, 10, 6, 0));
        assert_eq!(t("2024-11-10T08:00:00.000Z"), at(2024, 11, 10, 8, 0, 0));
        assert_eq!(t("2016-11-05 00:00:00"), at(2016, 11, 5, 0, 0, 0));
        assert_eq!(t("14.06.2026 09:20"), at(2026, 6, 14, 9, 20, 0));
        assert_eq!(t("23/02/26 08:55 PM"), at(2026, 2, 23, 20, 55, 0));
        assert_eq!(t("23/02/26 12:05am"), at(2026, 2, 23, 0, 5, 0));
        assert_eq!(t("16 Apr, 2021 00:03:00"), at(2021, 4, 16, 0, 3, 0));
        assert_eq!(t("15/04/26"), at(2026, 4, 15, 0, 0, 0));
        assert_eq!(
            parse_datetime(&Cell::Empty, DateOrder::Iso, false),
            Ok(None)
        );
        assert_eq!(
            parse_datetime(&Cell::Number(46000.75), DateOrder::Iso, false),
            at(2025, 12, 9, 18, 0, 0)
        );
        assert!(t("soon").is_err());
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
