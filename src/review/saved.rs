//! Saved deal reviews: one row per deal per review, with what was verified,
//! the risk before and after, the flags seen and the changes made, so a deal
//! shows its review history and a quarter shows how often deals were looked at.
use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::{ReviewFlag, ReviewRecord, Verified};
use crate::error::{Error, Result};
use crate::process::Risk;
use crate::store::parse_date;

/// What a review row holds before it has an id.
pub struct NewReview<'a> {
    pub deal_id: i64,
    pub reviewed_at: &'a str,
    pub review_date: NaiveDate,
    pub reviewer: Option<&'a str>,
    pub risk_before: Option<Risk>,
    pub risk_after: Option<Risk>,
    pub verified: &'a Verified,
    pub flags: &'a [ReviewFlag],
    pub changes: &'a [String],
    pub note: &'a str,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::invalid(e.to_string()))
}

pub fn insert(conn: &Connection, r: &NewReview<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO reviews (deal_id, reviewed_at, review_date, reviewer, risk_before, risk_after,
                              verified_json, flags_json, changes_json, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            r.deal_id,
            r.reviewed_at,
            r.review_date.to_string(),
            r.reviewer,
            r.risk_before.map(Risk::as_str),
            r.risk_after.map(Risk::as_str),
            json(r.verified)?,
            json(&r.flags)?,
            json(&r.changes)?,
            r.note,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A deal's reviews, newest first.
pub fn for_deal(conn: &Connection, deal_id: i64) -> Result<Vec<ReviewRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, deal_id, reviewed_at, review_date, reviewer, risk_before, risk_after,
                verified_json, flags_json, changes_json, note
         FROM reviews WHERE deal_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([deal_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, deal_id, at, date, reviewer, before, after, verified, flags, changes, note) = row?;
        // A row this code wrote always parses; an unreadable one still shows, emptied.
        out.push(ReviewRecord {
            id,
            deal_id,
            reviewed_at: at,
            review_date: parse_date(Some(date)).unwrap_or_default(),
            reviewer,
            risk_before: before.as_deref().and_then(Risk::parse),
            risk_after: after.as_deref().and_then(Risk::parse),
            verified: serde_json::from_str(&verified).unwrap_or_default(),
            flags: serde_json::from_str(&flags).unwrap_or_default(),
            changes: serde_json::from_str(&changes).unwrap_or_default(),
            note,
        });
    }
    Ok(out)
}

/// The date of each deal's latest review, for the deals that have one.
pub fn last_dates(conn: &Connection) -> Result<std::collections::HashMap<i64, NaiveDate>> {
    let mut stmt =
        conn.prepare_cached("SELECT deal_id, max(review_date) FROM reviews GROUP BY deal_id")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (id, date) = row?;
        if let Some(d) = parse_date(date) {
            out.insert(id, d);
        }
    }
    Ok(out)
}
