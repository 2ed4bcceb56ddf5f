//! The workspace's stage mapping: CRM stage label → agreement or outcome.
use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::import::{StageChoice, StageMappingEntry};
use crate::process::{normalize, suggest_stage, DealStatus, StageSuggestion};

/// What a label means, as the mapping (or a fresh suggestion) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    pub stage: Option<u8>,
    pub outcome: Option<DealStatus>,
    pub confirmed: bool,
}

impl Meaning {
    pub fn suggested(label: &str) -> Meaning {
        // "Won", "Closed Lost": outcomes that cannot mean anything else need no confirming.
        if let Some(o) = DealStatus::from_label(label).filter(|s| *s != DealStatus::Open) {
            return Meaning {
                stage: None,
                outcome: Some(o),
                confirmed: true,
            };
        }
        match suggest_stage(label) {
            StageSuggestion::Outcome(o) => Meaning {
                stage: None,
                outcome: Some(o),
                confirmed: false,
            },
            StageSuggestion::Stage(s) => Meaning {
                stage: Some(s),
                outcome: None,
                confirmed: false,
            },
        }
    }
}

/// The whole mapping keyed by normalised label.
pub fn load(conn: &Connection) -> Result<HashMap<String, Meaning>> {
    let mut stmt =
        conn.prepare_cached("SELECT label, stage, outcome, confirmed FROM stage_mapping")?;
    let rows = stmt.query_map([], |r| {
        let outcome: Option<String> = r.get(2)?;
        Ok((
            normalize(&r.get::<_, String>(0)?),
            Meaning {
                stage: r.get(1)?,
                outcome: outcome.as_deref().and_then(DealStatus::parse),
                confirmed: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
}

fn validate(choice: &StageChoice) -> Result<()> {
    match (choice.stage, choice.outcome) {
        (Some(s), None) if s <= 5 => Ok(()),
        (None, Some(DealStatus::Won | DealStatus::Lost)) => Ok(()),
        _ => Err(Error::invalid(format!(
            "Stage \"{}\" needs either an agreement from 0 to 5 or an outcome (won or lost).",
            choice.label
        ))),
    }
}

/// Saves the user's decision for a label (confirmed).
pub fn save(conn: &Connection, choice: &StageChoice, import_id: Option<i64>) -> Result<()> {
    validate(choice)?;
    conn.execute(
        "INSERT INTO stage_mapping (label, stage, outcome, confirmed, created_import) VALUES (?1, ?2, ?3, 1, ?4)
         ON CONFLICT(label) DO UPDATE SET stage = excluded.stage, outcome = excluded.outcome, confirmed = 1",
        params![choice.label.trim(), choice.stage, choice.outcome.map(DealStatus::as_str), import_id],
    )?;
    Ok(())
}

/// Records a suggestion for a label seen for the first time (unconfirmed).
pub fn remember_suggestion(
    conn: &Connection,
    label: &str,
    meaning: Meaning,
    import_id: Option<i64>,
) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO stage_mapping (label, stage, outcome, confirmed, created_import) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![label.trim(), meaning.stage, meaning.outcome.map(DealStatus::as_str), meaning.confirmed, import_id],
    )?;
    Ok(())
}

/// Re-applies the mapping to the deals carrying `label`, so a corrected
/// mapping fixes the pipeline at once. Closed deals stay closed when the label
/// becomes a stage: their outcome may have come from a status column.
pub fn apply_to_deals(conn: &Connection, choice: &StageChoice) -> Result<()> {
    match choice.outcome {
        Some(outcome) => conn.execute(
            "UPDATE deals SET status = ?1, stage = NULL WHERE crm_stage = ?2 COLLATE NOCASE",
            params![outcome.as_str(), choice.label.trim()],
        )?,
        None => conn.execute(
            "UPDATE deals SET stage = ?1 WHERE crm_stage = ?2 COLLATE NOCASE AND status = 'open'",
            params![choice.stage, choice.label.trim()],
        )?,
    };
    Ok(())
}

pub fn list(conn: &Connection) -> Result<Vec<StageMappingEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.label, m.stage, m.outcome, m.confirmed,
                (SELECT count(*) FROM deals d WHERE d.crm_stage = m.label COLLATE NOCASE)
         FROM stage_mapping m ORDER BY m.outcome IS NOT NULL, m.stage, m.label",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let outcome: Option<String> = r.get(2)?;
            Ok(StageMappingEntry {
                label: r.get(0)?,
                stage: r.get(1)?,
                outcome: outcome.as_deref().and_then(DealStatus::parse),
                confirmed: r.get(3)?,
                deals: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
