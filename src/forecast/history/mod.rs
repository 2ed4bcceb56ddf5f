//! Forecast history (docs/method.md §2, "Forecast accuracy"): a snapshot of the
//! forecast each fiscal week, the manager's called number, the trend by
//! week, the pipeline movement between two snapshots and, once a quarter is
//! over, how close each week came to what was actually won.
//!
//! A fiscal week starts on Monday, except that a quarter's first week starts
//! on the quarter's first day: every week then belongs to exactly one
//! quarter, and a quarter starting mid-week gets its own first snapshot.
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;

mod accuracy;
mod model;
mod movement;
pub mod snapshots;

pub use accuracy::judge;
pub use model::*;
pub use movement::{classify, movement};

use super::{compute, Overrides};
use crate::calendar::{FiscalCalendar, Quarter};
use crate::error::{Error, Result};
use crate::model::Settings;
use crate::store::settings;

/// Longest note on a called number: the reason in a sentence or two.
pub const MAX_NOTE: usize = 500;

/// The quarter and first day of the fiscal week `date` falls in.
pub fn week_of(cal: &FiscalCalendar, date: NaiveDate) -> (Quarter, NaiveDate) {
    let quarter = cal.quarter_of(date);
    let (start, _) = cal.bounds(quarter);
    let monday = date - Days::new(date.weekday().num_days_from_monday() as u64);
    (quarter, monday.max(start))
}

/// The first day of every fiscal week of a quarter.
pub fn weeks(cal: &FiscalCalendar, quarter: Quarter) -> Vec<NaiveDate> {
    let (start, end) = cal.bounds(quarter);
    let mut out = vec![start];
    let mut next = start + Days::new(7 - start.weekday().num_days_from_monday() as u64);
    while next <= end {
        out.push(next);
        next = next + Days::new(7);
    }
    out
}

fn no_overrides() -> Overrides {
    Overrides {
        goal: None,
        create_and_close: None,
    }
}

/// Takes a snapshot of the current quarter's forecast and deals as they stand `today`.
pub fn take(conn: &Connection, today: NaiveDate, kind: SnapshotKind) -> Result<SnapshotInfo> {
    take_with(conn, &settings::load(conn)?, today, kind)
}

fn take_with(
    conn: &Connection,
    settings: &Settings,
    today: NaiveDate,
    kind: SnapshotKind,
) -> Result<SnapshotInfo> {
    let (quarter, week) = week_of(&settings.calendar(), today);
    let report = compute(conn, settings, Some(quarter), today, no_overrides())?;
    let tx = conn.unchecked_transaction()?;
    let id = snapshots::insert(&tx, &report, week, kind)?;
    tx.commit()?;
    snapshots::get(conn, id)
}

/// Takes the week's automatic snapshot unless the week already has one or
/// the workspace has no deals yet (a snapshot of nothing would stand in for
/// the week's real one after the first import).
pub fn ensure_weekly(conn: &Connection, today: NaiveDate) -> Result<Option<SnapshotInfo>> {
    let settings = settings::load(conn)?;
    let (quarter, week) = week_of(&settings.calendar(), today);
    if snapshots::exists_for_week(conn, &quarter.to_string(), week)? {
        return Ok(None);
    }
    let has_deals: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM deals)", [], |r| r.get(0))?;
    if !has_deals {
        return Ok(None);
    }
    take_with(conn, &settings, today, SnapshotKind::Auto).map(Some)
}

/// Snapshots of a quarter taken up to `today` (a workspace whose "today" was
/// moved back does not show weeks that have not happened yet).
fn snapshots_until(
    conn: &Connection,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<Vec<SnapshotInfo>> {
    let mut list = snapshots::list(conn, &quarter.to_string())?;
    list.retain(|s| s.taken_on <= today);
    Ok(list)
}

/// The quarter's forecast by fiscal week: the latest snapshot of each week,
/// with that week's call. In the current quarter, a week without a snapshot
/// yet shows the forecast as it stands now, so the line always reaches today.
/// A week whose snapshot has no goal (taken before the goal was set) shows
/// the quarter's goal as it stands now: the goal is the quarter's, not the
/// week's, so the line runs across every week.
/// Reads only; the board export uses it as is.
pub fn trend(
    conn: &Connection,
    settings: &Settings,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<Vec<TrendPoint>> {
    Ok(trend_and_now(conn, settings, quarter, today)?.0)
}

/// [`trend`], and the team's forecast line of the quarter as it stands now
/// (computed once for both).
fn trend_and_now(
    conn: &Connection,
    settings: &Settings,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<(Vec<TrendPoint>, super::ForecastLine)> {
    let cal = settings.calendar();
    let (start, end) = cal.bounds(quarter);
    let now = compute(conn, settings, Some(quarter), today, no_overrides())?.team;
    let calls: HashMap<NaiveDate, (i64, String)> = snapshots::calls(conn, &quarter.to_string())?
        .into_iter()
        .map(|c| (c.week_start, (c.amount, c.note)))
        .collect();
    let mut by_week: BTreeMap<NaiveDate, TrendPoint> = BTreeMap::new();
    for s in snapshots_until(conn, quarter, today)? {
        by_week.insert(
            s.week_start,
            TrendPoint {
                week_start: s.week_start,
                forecast: s.forecast,
                commit: s.commit,
                best_case: s.best_case,
                closed_won: s.closed_won,
                goal: s.goal.or(now.goal),
                called: None,
                call_note: None,
            },
        );
    }
    if (start..=end).contains(&today) {
        let (_, week) = week_of(&cal, today);
        if let Entry::Vacant(slot) = by_week.entry(week) {
            slot.insert(TrendPoint {
                week_start: week,
                forecast: now.forecast,
                commit: now.commit,
                best_case: now.best_case,
                closed_won: now.closed_won,
                goal: now.goal,
                called: None,
                call_note: None,
            });
        }
    }
    let points = by_week
        .into_values()
        .map(|mut p| {
            if let Some((amount, note)) = calls.get(&p.week_start) {
                p.called = Some(*amount);
                p.call_note = Some(note.clone()).filter(|n| !n.is_empty());
            }
            p
        })
        .collect();
    Ok((points, now))
}

/// Everything the history view shows for a quarter (the current one by default).
pub fn history(
    conn: &Connection,
    quarter: Option<Quarter>,
    today: NaiveDate,
) -> Result<ForecastHistory> {
    let settings = settings::load(conn)?;
    let cal = settings.calendar();
    let quarter = quarter.unwrap_or_else(|| cal.quarter_of(today));
    let (start, end) = cal.bounds(quarter);
    let finished = today > end;
    let current_week = (start..=end)
        .contains(&today)
        .then(|| week_of(&cal, today).1);
    let (trend, now) = trend_and_now(conn, &settings, quarter, today)?;
    let label = quarter.to_string();
    let call = match current_week {
        Some(w) => snapshots::calls(conn, &label)?
            .into_iter()
            .find(|c| c.week_start == w),
        None => None,
    };
    let accuracy = if finished {
        Some(judge(now.closed_won, &trend))
    } else {
        None
    };
    Ok(ForecastHistory {
        quarter: label,
        period_start: start,
        period_end: end,
        today,
        currency: settings.currency.clone(),
        finished,
        current_week,
        weeks: weeks(&cal, quarter),
        trend,
        snapshots: snapshots_until(conn, quarter, today)?,
        call,
        accuracy,
        forecast_now: now.forecast,
        goal: now.goal,
    })
}

/// Records this week's called number with its note (`None` withdraws it).
pub fn call(conn: &Connection, today: NaiveDate, amount: Option<i64>, note: &str) -> Result<()> {
    if amount.is_some_and(|a| a < 0) {
        return Err(Error::invalid("A called number cannot be negative."));
    }
    let note = note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(Error::invalid(format!(
            "The note on a call is at most {MAX_NOTE} characters: say in a sentence or two why you call this number."
        )));
    }
    let cal = settings::calendar(conn)?;
    let (quarter, week) = week_of(&cal, today);
    snapshots::set_call(conn, &quarter.to_string(), week, amount, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_quarter_starting_mid_week_has_a_short_first_week() {
        let cal = FiscalCalendar::default();
        // 2026-10-01 is a Thursday.
        let q = cal.quarter_of(d(2026, 10, 1));
        let w = weeks(&cal, q);
        assert_eq!(w[0], d(2026, 10, 1));
        assert_eq!(w[1], d(2026, 10, 5));
        assert_eq!(*w.last().unwrap(), d(2026, 12, 28));
        assert_eq!(w.len(), 14);
        assert_eq!(week_of(&cal, d(2026, 10, 3)), (q, d(2026, 10, 1)));
        assert_eq!(week_of(&cal, d(2026, 11, 25)), (q, d(2026, 11, 23)));
        // The last days of September are the previous quarter's last week.
        assert_eq!(week_of(&cal, d(2026, 9, 30)).1, d(2026, 9, 28));
    }
}
