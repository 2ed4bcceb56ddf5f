//! Fiscal quarters. A fiscal year is named by the calendar year it ends in
//! (a year starting February 2026 is FY2027), the common convention; with a
//! January start the names match the calendar.
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalCalendar {
    start_month: u32,
}

impl Default for FiscalCalendar {
    fn default() -> Self {
        FiscalCalendar { start_month: 1 }
    }
}

/// A fiscal quarter such as `2026-Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    pub q: u8,
}

impl FiscalCalendar {
    pub fn new(start_month: u32) -> Option<Self> {
        (1..=12)
            .contains(&start_month)
            .then_some(FiscalCalendar { start_month })
    }

    pub fn start_month(&self) -> u32 {
        self.start_month
    }

    pub fn quarter_of(&self, date: NaiveDate) -> Quarter {
        let m = self.start_month as i32;
        let month = date.month() as i32;
        let start_year = if month >= m {
            date.year()
        } else {
            date.year() - 1
        };
        let offset = (month - m).rem_euclid(12);
        Quarter {
            year: if m == 1 { start_year } else { start_year + 1 },
            q: (offset / 3 + 1) as u8,
        }
    }

    /// First and last day of the quarter.
    pub fn bounds(&self, quarter: Quarter) -> (NaiveDate, NaiveDate) {
        let m = self.start_month;
        let fy_start_year = if m == 1 {
            quarter.year
        } else {
            quarter.year - 1
        };
        let fy_start = NaiveDate::from_ymd_opt(fy_start_year, m, 1).unwrap_or(NaiveDate::MIN);
        let start = fy_start + Months::new(3 * (quarter.q as u32 - 1));
        let end = (start + Months::new(3)).pred_opt().unwrap_or(start);
        (start, end)
    }
}

impl Quarter {
    pub fn prev(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

impl FromStr for Quarter {
    type Err = Error;

    /// Accepts `2026-Q4`, `2026Q4`, `Q4 2026` and `Q4-2026` (any case).
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(format!(
                "\"{s}\" is not a quarter. Write it as year and quarter, for example 2026-Q4."
            ))
        };
        let t = s.trim().to_ascii_uppercase().replace([' ', '-', '/'], "");
        let (year, q) = if let Some(rest) = t.strip_prefix('Q') {
            (
                rest.get(1..).ok_or_else(bad)?,
                rest.get(..1).ok_or_else(bad)?,
            )
        } else {
            let (y, q) = t.split_once('Q').ok_or_else(bad)?;
            (y, q)
        };
        let year: i32 = year.parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) || !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn calendar_quarters() {
        let cal = FiscalCalendar::default();
        assert_eq!(cal.quarter_of(d(2026, 11, 25)).to_string(), "2026-Q4");
        assert_eq!(
            cal.bounds("2026-Q4".parse().unwrap()),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
    }

    #[test]
    fn february_fiscal_year_is_named_by_its_end() {
        let cal = FiscalCalendar::new(2).unwrap();
        assert_eq!(cal.quarter_of(d(2026, 2, 1)).to_string(), "2027-Q1");
        assert_eq!(cal.quarter_of(d(2027, 1, 31)).to_string(), "2027-Q4");
        assert_eq!(
            cal.bounds("2027-Q4".parse().unwrap()),
            (d(2026, 11, 1), d(2027, 1, 31))
        );
    }

    #[test]
    fn parses_quarter_spellings() {
        for s in ["2026-Q4", "2026q4", "Q4 2026", "q4-2026"] {
            assert_eq!(s.parse::<Quarter>().unwrap(), Quarter { year: 2026, q: 4 });
        }
        assert!("2026-Q5".parse::<Quarter>().is_err());
        assert!("next quarter".parse::<Quarter>().is_err());
    }
}
