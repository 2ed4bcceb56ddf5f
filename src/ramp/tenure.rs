//! Tenure in the current role (docs/method.md §5, "Tenure"): month 1 starts
//! on the role's start date and every month ends the day before the same
//! day of the next month (start 15 Jan: month 1 is 15 Jan–14 Feb). A start
//! on the 31st begins later months on the last day of shorter months.
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a rep stands in their role on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Tenure {
    /// 1 in the first month of the role.
    pub month: u32,
    /// 1 in the first seven days of the role.
    pub week: u32,
    /// Days since the start, 0 on the start date.
    pub days: u32,
}

/// The first day of tenure month `n` (1-based); `None` past the calendar.
pub fn month_start(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(n.checked_sub(1)?))
}

/// The first day of tenure week `n` (1-based).
pub fn week_start(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let days = u64::from(n.checked_sub(1)?).checked_mul(7)?;
    start.checked_add_days(chrono::Days::new(days))
}

/// The tenure month `day` falls in; `None` before the start.
pub fn month_of(start: NaiveDate, day: NaiveDate) -> Option<u32> {
    if day < start {
        return None;
    }
    use chrono::Datelike;
    let apart = (day.year() - start.year()) * 12 + day.month() as i32 - start.month() as i32;
    let mut n = u32::try_from(apart).ok()?.checked_add(1)?;
    // Within the calendar month of a month's start but before its day.
    while n > 1 && month_start(start, n).is_none_or(|s| s > day) {
        n -= 1;
    }
    Some(n)
}

/// The tenure week `day` falls in; `None` before the start.
pub fn week_of(start: NaiveDate, day: NaiveDate) -> Option<u32> {
    let days = u32::try_from((day - start).num_days()).ok()?;
    Some(days / 7 + 1)
}

impl Tenure {
    /// Tenure on `today` in a role started on `start`; `None` when the role
    /// starts later (a hire who has not joined yet).
    pub fn on(start: NaiveDate, today: NaiveDate) -> Option<Tenure> {
        Some(Tenure {
            month: month_of(start, today)?,
            week: week_of(start, today)?,
            days: u32::try_from((today - start).num_days()).ok()?,
        })
    }

    /// Complete weeks in the role: the weeks whose figures are final.
    pub fn full_weeks(&self) -> u32 {
        self.days / 7
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_end_the_day_before_the_same_day_next_month() {
        let start = d(2026, 1, 15);
        assert_eq!(month_of(start, d(2026, 1, 15)), Some(1));
        assert_eq!(month_of(start, d(2026, 2, 14)), Some(1));
        assert_eq!(month_of(start, d(2026, 2, 15)), Some(2));
        assert_eq!(month_of(start, d(2026, 3, 14)), Some(2));
        assert_eq!(month_of(start, d(2026, 3, 15)), Some(3));
        assert_eq!(month_of(start, d(2027, 1, 14)), Some(12));
        assert_eq!(month_of(start, d(2027, 1, 15)), Some(13));
        assert_eq!(month_of(start, d(2026, 1, 14)), None);
        assert_eq!(month_start(start, 2), Some(d(2026, 2, 15)));
    }

    #[test]
    fn a_start_on_the_31st_begins_short_months_on_their_last_day() {
        let start = d(2026, 1, 31);
        assert_eq!(month_start(start, 2), Some(d(2026, 2, 28)));
        assert_eq!(month_of(start, d(2026, 2, 27)), Some(1));
        assert_eq!(month_of(start, d(2026, 2, 28)), Some(2));
        assert_eq!(month_of(start, d(2026, 3, 30)), Some(2));
        assert_eq!(month_of(start, d(2026, 3, 31)), Some(3));
    }

    #[test]
    fn weeks_count_from_the_start_date() {
        let start = d(2026, 1, 15);
        assert_eq!(week_of(start, d(2026, 1, 21)), Some(1));
        assert_eq!(week_of(start, d(2026, 1, 22)), Some(2));
        assert_eq!(week_start(start, 3), Some(d(2026, 1, 29)));
        let t = Tenure::on(start, d(2026, 2, 20)).unwrap();
        assert_eq!((t.month, t.week, t.days, t.full_weeks()), (2, 6, 36, 5));
        assert_eq!(Tenure::on(start, d(2026, 1, 1)), None);
    }
}
