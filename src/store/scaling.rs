//! What the scaling calculator reads (docs/method.md §6): the closed deals
//! its win rate, deal size and cycle come from, and each person's fully
//! loaded cost from the roster.
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::parse_date;
use crate::error::Result;

/// A deal won or lost, as the calculator counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedDeal {
    pub won: bool,
    pub owner_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub created: Option<NaiveDate>,
    pub closed: NaiveDate,
}

/// Every won or lost deal with a close date (a deal closed on no known day
/// belongs to no period).
pub fn closed_deals(conn: &Connection) -> Result<Vec<ClosedDeal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, owner_id, amount_minor, created_date, close_date FROM deals
         WHERE (status = 'won' OR status = 'lost') AND close_date IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (status, owner_id, amount_minor, created, closed) = row?;
        let Some(closed) = parse_date(closed) else {
            continue;
        };
        out.push(ClosedDeal {
            won: status == "won",
            owner_id,
            amount_minor,
            created: parse_date(created),
            closed,
        });
    }
    Ok(out)
}

/// Each rep's fully loaded cost a year (minor units), where the roster gave one.
pub fn annual_costs(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, annual_cost_minor FROM reps WHERE annual_cost_minor IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<std::result::Result<HashMap<_, _>, _>>()?)
}
