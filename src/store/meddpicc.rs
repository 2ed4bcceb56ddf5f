//! The MEDDPICC overlay's fields on deals: a yes / partial / no status and a
//! note per field. Kept whether the overlay is on or off, so switching it
//! (or the preset) never loses what was written.
use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::process::template::MEDDPICC;
use crate::store::now_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest note per field.
pub const MAX_NOTE: usize = 1_000;

/// All eight fields of a deal, in order; unset ones are empty.
pub fn load(conn: &Connection, deal_id: i64) -> Result<Vec<MeddpiccEntry>> {
    let mut entries: Vec<MeddpiccEntry> = MEDDPICC
        .iter()
        .enumerate()
        .map(|(i, name)| MeddpiccEntry {
            field: i as u8,
            name: name.to_string(),
            status: None,
            note: String::new(),
        })
        .collect();
    let mut stmt =
        conn.prepare_cached("SELECT field, status, note FROM deal_meddpicc WHERE deal_id = ?1")?;
    let rows = stmt.query_map([deal_id], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (field, status, note) = row?;
        if let Some(e) = entries.get_mut(field as usize) {
            e.status = status.as_deref().and_then(MeddpiccStatus::parse);
            e.note = note;
        }
    }
    Ok(entries)
}

pub fn set(
    conn: &Connection,
    deal_id: i64,
    field: u8,
    status: Option<MeddpiccStatus>,
    note: &str,
) -> Result<()> {
    if field as usize >= MEDDPICC.len() {
        return Err(Error::invalid(
            "MEDDPICC has eight fields, numbered 0 to 7.",
        ));
    }
    let note = note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(Error::invalid(format!(
            "{}: the note is longer than {MAX_NOTE} characters.",
            MEDDPICC[field as usize]
        )));
    }
    crate::store::deals::ensure_exists(conn, deal_id)?;
    conn.execute(
        "INSERT INTO deal_meddpicc (deal_id, field, status, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (deal_id, field) DO UPDATE SET status = excluded.status, note = excluded.note,
             updated_at = excluded.updated_at",
        params![deal_id, field, status.map(|s| s.as_str()), note, now_text()],
    )?;
    Ok(())
}

/// How far a MEDDPICC field is established on a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MeddpiccStatus {
    Yes,
    Partial,
    No,
}

impl MeddpiccStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MeddpiccStatus::Yes => "yes",
            MeddpiccStatus::Partial => "partial",
            MeddpiccStatus::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yes" => Some(MeddpiccStatus::Yes),
            "partial" => Some(MeddpiccStatus::Partial),
            "no" => Some(MeddpiccStatus::No),
            _ => None,
        }
    }
}

/// One MEDDPICC field on a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeddpiccEntry {
    /// 0-7, in MEDDPICC order.
    pub field: u8,
    pub name: String,
    pub status: Option<MeddpiccStatus>,
    pub note: String,
}
