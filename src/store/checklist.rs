//! Exit criteria checked on deals.
use std::collections::HashSet;

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::store::now_text;

/// The ids of the criteria checked on a deal.
pub fn checked(conn: &Connection, deal_id: i64) -> Result<HashSet<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT criterion_id FROM deal_criteria WHERE deal_id = ?1")?;
    let ids = stmt
        .query_map([deal_id], |r| r.get(0))?
        .collect::<Result<HashSet<String>, _>>()?;
    Ok(ids)
}

/// Checks or unchecks one criterion of the current template on a deal.
pub fn set(conn: &Connection, deal_id: i64, criterion_id: &str, checked: bool) -> Result<()> {
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM template_criteria WHERE criterion_id = ?1)",
        [criterion_id],
        |r| r.get(0),
    )?;
    if !known {
        return Err(Error::invalid(
            "That exit criterion is no longer in the process template; reload the deal.",
        ));
    }
    crate::store::deals::ensure_exists(conn, deal_id)?;
    if checked {
        conn.execute(
            "INSERT OR IGNORE INTO deal_criteria (deal_id, criterion_id, checked_at) VALUES (?1, ?2, ?3)",
            params![deal_id, criterion_id, now_text()],
        )?;
    } else {
        conn.execute(
            "DELETE FROM deal_criteria WHERE deal_id = ?1 AND criterion_id = ?2",
            params![deal_id, criterion_id],
        )?;
    }
    Ok(())
}
