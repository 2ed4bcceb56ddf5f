//! Next steps planned on deals: what to get in the next interaction, who
//! does it, by when (docs/method.md §3, "plan next steps").
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::{now_text, parse_date};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest next-step text: a sentence or two, not a document.
pub const MAX_TEXT: usize = 500;

pub fn list_open(conn: &Connection, deal_id: i64) -> Result<Vec<NextStep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, criterion_id, owner, due_date FROM next_steps
         WHERE deal_id = ?1 AND done_at IS NULL ORDER BY due_date IS NULL, due_date, id",
    )?;
    let steps = stmt
        .query_map([deal_id], |r| {
            Ok(NextStep {
                id: r.get(0)?,
                text: r.get(1)?,
                criterion_id: r.get(2)?,
                owner: r.get(3)?,
                due_date: parse_date(r.get(4)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(steps)
}

pub fn add(
    conn: &Connection,
    deal_id: i64,
    text: &str,
    criterion_id: Option<&str>,
    owner: Option<&str>,
    due_date: Option<NaiveDate>,
) -> Result<()> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(
            "Write the next step: what do we need to get in the next interaction?",
        ));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(Error::invalid(format!(
            "A next step is at most {MAX_TEXT} characters; keep it to what to get, who and when."
        )));
    }
    crate::store::deals::ensure_exists(conn, deal_id)?;
    let owner = owner.map(str::trim).filter(|o| !o.is_empty());
    conn.execute(
        "INSERT INTO next_steps (deal_id, text, criterion_id, owner, due_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            deal_id,
            text,
            criterion_id,
            owner,
            due_date.map(|d| d.to_string()),
            now_text()
        ],
    )?;
    Ok(())
}

/// Marks a step done; returns its deal.
pub fn complete(conn: &Connection, step_id: i64) -> Result<i64> {
    let deal: Option<i64> = conn
        .query_row(
            "SELECT deal_id FROM next_steps WHERE id = ?1",
            [step_id],
            |r| r.get(0),
        )
        .optional()?;
    let deal = deal.ok_or_else(|| Error::NotFound(format!("Next step {step_id}")))?;
    conn.execute(
        "UPDATE next_steps SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL",
        params![step_id, now_text()],
    )?;
    Ok(deal)
}

/// A next step planned on a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NextStep {
    pub id: i64,
    pub text: String,
    /// The exit criterion it is meant to get, if it was planned from one.
    pub criterion_id: Option<String>,
    pub owner: Option<String>,
    pub due_date: Option<chrono::NaiveDate>,
}
