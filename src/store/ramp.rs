//! What the ramp board reads and keeps (docs/method.md §5): the roster with
//! each rep's current role, the deal facts its metrics count, and the ramp
//! plan of each role.
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{now_text, parse_date};
use crate::error::Result;

/// One person of the roster as the ramp board needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    pub id: i64,
    pub name: String,
    /// The job title as the roster writes it.
    pub title: Option<String>,
    pub manager: Option<String>,
    pub segment: Option<String>,
    /// "active", "left", "promoted"; `None` counts as active.
    pub status: Option<String>,
    /// When the current role began: the role start, else the start date.
    pub role_start: Option<NaiveDate>,
}

impl RosterEntry {
    pub fn active(&self) -> bool {
        self.status.as_deref().is_none_or(|s| s == "active")
    }
}

pub fn roster(conn: &Connection) -> Result<Vec<RosterEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name, r.role, m.name, r.segment, r.status, coalesce(r.role_start, r.start_date)
         FROM reps r LEFT JOIN reps m ON m.id = r.manager_id ORDER BY r.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RosterEntry {
            id: r.get(0)?,
            name: r.get(1)?,
            title: r.get(2)?,
            manager: r.get(3)?,
            segment: r.get(4)?,
            status: r.get(5)?,
            role_start: parse_date(r.get(6)?),
        })
    })?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// One deal as the metrics count it.
#[derive(Debug, Clone, PartialEq)]
pub struct DealFact {
    pub owner_id: i64,
    pub status: crate::process::DealStatus,
    pub amount_minor: Option<i64>,
    pub created: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub last_activity: Option<NaiveDate>,
}

/// Every deal with an owner.
pub fn deal_facts(conn: &Connection) -> Result<Vec<DealFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner_id, status, amount_minor, created_date, close_date, last_activity
         FROM deals WHERE owner_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(1)?;
        Ok(DealFact {
            owner_id: r.get(0)?,
            status: match status.as_str() {
                "won" => crate::process::DealStatus::Won,
                "lost" => crate::process::DealStatus::Lost,
                _ => crate::process::DealStatus::Open,
            },
            amount_minor: r.get(2)?,
            created: parse_date(r.get(3)?),
            closed: parse_date(r.get(4)?),
            last_activity: parse_date(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// The saved plan of a role (by its code, "AE"), as JSON.
pub fn plan_json(conn: &Connection, role: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT plan_json FROM ramp_plans WHERE role = ?1")?
        .query_row([role], |r| r.get(0))
        .optional()?)
}

/// Saves a role's plan, already checked, as JSON.
pub fn save_plan_json(conn: &Connection, role: &str, json: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO ramp_plans (role, plan_json, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(role) DO UPDATE SET plan_json = excluded.plan_json, updated_at = excluded.updated_at",
        params![role, json, now_text()],
    )?;
    Ok(())
}
