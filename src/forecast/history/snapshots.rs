//! Forecast snapshots and the manager's weekly calls, as migration 7 stores them.
//!
//! A snapshot is a header (quarter, fiscal week, when), the forecast lines of
//! that day (team, manager teams, reps) and the state of every deal that can
//! move the quarter: all open deals, and closed deals dated from the
//! quarter's start on. Deal states are written by one `INSERT … SELECT`
//! inside SQLite, so a 100,000-deal workspace snapshots in milliseconds.
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{DealState, ForecastCall, SnapshotInfo, SnapshotKind};
use crate::error::{Error, Result};
use crate::forecast::ForecastReport;
use crate::process::{DealStatus, Risk};
use crate::store::{now_text, parse_date};

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01, the epoch close dates are counted from.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Status and risk as the small integers a snapshot keeps (one byte each on disk).
/// The SQL below spells the same codes.
fn status_from_code(code: i64) -> DealStatus {
    match code {
        1 => DealStatus::Won,
        2 => DealStatus::Lost,
        _ => DealStatus::Open,
    }
}

fn risk_from_code(code: Option<i64>) -> Option<Risk> {
    match code? {
        1 => Some(Risk::Red),
        2 => Some(Risk::Orange),
        3 => Some(Risk::Yellow),
        4 => Some(Risk::Green),
        _ => None,
    }
}

fn day_to_date(day: Option<i64>) -> Option<NaiveDate> {
    let day = i32::try_from(day?).ok()?;
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(EPOCH_DAYS_FROM_CE)?)
}

/// Stores a snapshot of `report` (the current quarter's forecast) for the
/// fiscal week starting `week_start`; returns its id. The caller holds the
/// transaction.
pub fn insert(
    conn: &Connection,
    report: &ForecastReport,
    week_start: NaiveDate,
    kind: SnapshotKind,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO forecast_snapshots (quarter, week_start, taken_on, taken_at, kind, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            report.quarter,
            week_start.to_string(),
            report.today.to_string(),
            now_text(),
            kind.as_str(),
            report.currency
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut line = conn.prepare_cached(
        "INSERT INTO snapshot_lines (snapshot_id, scope, name, rep_id, goal, closed_won, commit_amount,
            best_case, create_and_close, forecast, open_pipeline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let scoped = std::iter::once(("team", &report.team))
        .chain(report.by_manager.iter().map(|l| ("manager", l)))
        .chain(report.by_rep.iter().map(|l| ("rep", l)));
    for (scope, l) in scoped {
        line.execute(params![
            id,
            scope,
            l.name,
            l.rep_id,
            l.goal,
            l.closed_won,
            l.commit,
            l.best_case,
            l.create_and_close,
            l.forecast,
            l.open_pipeline
        ])?;
    }
    conn.execute(
        "INSERT INTO snapshot_deals (snapshot_id, deal_id, origin, amount, close_day, stage, status, risk)
         SELECT ?1, id, created_import, amount_minor,
                CAST(julianday(close_date) - 2440587.5 AS INTEGER),
                stage,
                CASE status WHEN 'won' THEN 1 WHEN 'lost' THEN 2 ELSE 0 END,
                CASE risk WHEN 'red' THEN 1 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 3 WHEN 'green' THEN 4 END
         FROM deals
         WHERE status = 'open' OR close_date >= ?2",
        params![id, report.period_start.to_string()],
    )?;
    Ok(id)
}

/// Whether the fiscal week already has a snapshot.
pub fn exists_for_week(conn: &Connection, quarter: &str, week_start: NaiveDate) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM forecast_snapshots WHERE quarter = ?1 AND week_start = ?2)",
        )?
        .query_row(params![quarter, week_start.to_string()], |r| r.get(0))?)
}

const SELECT_INFO: &str = "SELECT s.id, s.quarter, s.week_start, s.taken_on, s.taken_at, s.kind,
        l.forecast, l.commit_amount, l.best_case, l.closed_won, l.goal, l.open_pipeline,
        (SELECT count(*) FROM snapshot_deals d WHERE d.snapshot_id = s.id)
    FROM forecast_snapshots s
    LEFT JOIN snapshot_lines l ON l.snapshot_id = s.id AND l.scope = 'team'";

fn info_from_row(r: &Row<'_>) -> rusqlite::Result<SnapshotInfo> {
    let kind: String = r.get(5)?;
    Ok(SnapshotInfo {
        id: r.get(0)?,
        quarter: r.get(1)?,
        week_start: parse_date(r.get(2)?).unwrap_or_default(),
        taken_on: parse_date(r.get(3)?).unwrap_or_default(),
        taken_at: r.get(4)?,
        kind: SnapshotKind::parse(&kind),
        forecast: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
        commit: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
        best_case: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
        closed_won: r.get::<_, Option<i64>>(9)?.unwrap_or(0),
        goal: r.get(10)?,
        open_pipeline: r.get::<_, Option<i64>>(11)?.unwrap_or(0),
        deals: r.get(12)?,
    })
}

/// The snapshots of a quarter, oldest first.
pub fn list(conn: &Connection, quarter: &str) -> Result<Vec<SnapshotInfo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_INFO} WHERE s.quarter = ?1 ORDER BY s.taken_on, s.id"
    ))?;
    let rows = stmt
        .query_map([quarter], info_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<SnapshotInfo> {
    conn.prepare_cached(&format!("{SELECT_INFO} WHERE s.id = ?1"))?
        .query_row([id], info_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Forecast snapshot {id}")))
}

/// The team's create-and-close figure a snapshot kept (0 without a team line).
pub fn team_create_and_close(conn: &Connection, id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT create_and_close FROM snapshot_lines WHERE snapshot_id = ?1 AND scope = 'team'",
        )?
        .query_row([id], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten()
        .unwrap_or(0))
}

/// A deal's state in a snapshot, with the import that created the deal.
#[derive(Debug, Clone)]
pub struct KeptDeal {
    pub origin: Option<i64>,
    pub state: DealState,
}

/// Every deal state a snapshot kept, by deal id.
pub fn deal_states(conn: &Connection, id: i64) -> Result<HashMap<i64, KeptDeal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT deal_id, origin, amount, close_day, stage, status, risk FROM snapshot_deals WHERE snapshot_id = ?1",
    )?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        out.insert(
            r.get::<_, i64>(0)?,
            KeptDeal {
                origin: r.get(1)?,
                state: DealState {
                    amount: r.get(2)?,
                    close_date: day_to_date(r.get(3)?),
                    stage: r.get(4)?,
                    status: status_from_code(r.get(5)?),
                    risk: risk_from_code(r.get(6)?),
                },
            },
        );
    }
    Ok(out)
}

/// Records the week's call, replacing an earlier one; `None` withdraws it.
pub fn set_call(
    conn: &Connection,
    quarter: &str,
    week_start: NaiveDate,
    amount: Option<i64>,
    note: &str,
) -> Result<()> {
    let week = week_start.to_string();
    match amount {
        None => {
            conn.execute(
                "DELETE FROM forecast_calls WHERE quarter = ?1 AND week_start = ?2",
                params![quarter, week],
            )?;
        }
        Some(a) => {
            conn.execute(
                "INSERT INTO forecast_calls (quarter, week_start, amount_minor, note, called_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (quarter, week_start) DO UPDATE SET
                    amount_minor = excluded.amount_minor, note = excluded.note, called_at = excluded.called_at",
                params![quarter, week, a, note, now_text()],
            )?;
        }
    }
    Ok(())
}

/// The calls of a quarter, by week.
pub fn calls(conn: &Connection, quarter: &str) -> Result<Vec<ForecastCall>> {
    let mut stmt = conn.prepare_cached(
        "SELECT quarter, week_start, amount_minor, note, called_at FROM forecast_calls
         WHERE quarter = ?1 ORDER BY week_start",
    )?;
    let rows = stmt
        .query_map([quarter], |r| {
            Ok(ForecastCall {
                quarter: r.get(0)?,
                week_start: parse_date(r.get(1)?).unwrap_or_default(),
                amount: r.get(2)?,
                note: r.get(3)?,
                called_at: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_days_round_trip_through_the_epoch() {
        let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        assert_eq!(day_to_date(Some(0)), Some(d));
        let later = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(day_to_date(Some((later - d).num_days())), Some(later));
        assert_eq!(day_to_date(None), None);
        assert_eq!(day_to_date(Some(i64::MAX)), None);
    }
}
