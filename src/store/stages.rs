//! The workspace's stage mapping: CRM stage label → a stage of the current
//! preset, or an outcome. Each preset keeps its own mapping, so switching
//! presets and back restores what the user confirmed.
use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::process::template::Preset;
use crate::process::{normalize, suggest_stage, DealStatus, StageSuggestion};

/// What a label means, as the mapping (or a fresh suggestion) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    pub stage: Option<u8>,
    pub outcome: Option<DealStatus>,
    pub confirmed: bool,
}

impl Meaning {
    /// What SalesOS guesses a label means in `preset`'s stages.
    pub fn suggested(label: &str, preset: Preset) -> Meaning {
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
            StageSuggestion::Stage(agreement) => Meaning {
                stage: Some(preset.stage_for_agreement(agreement)),
                outcome: None,
                confirmed: false,
            },
        }
    }
}

/// The mapping labels are read with: the saved meanings keyed by
/// normalised label, and the preset whose stages an unseen label is
/// suggested in.
#[derive(Debug, Clone)]
pub struct StageMeanings {
    pub preset: Preset,
    known: HashMap<String, Meaning>,
}

impl StageMeanings {
    /// Whether the mapping has an entry for a normalised label.
    pub fn is_known(&self, key: &str) -> bool {
        self.known.contains_key(key)
    }

    /// What a label means: its saved meaning, else a suggestion.
    pub fn meaning(&self, label: &str) -> Meaning {
        self.known
            .get(&normalize(label))
            .copied()
            .unwrap_or_else(|| Meaning::suggested(label, self.preset))
    }

    /// Puts the user's choice for a label on top of the saved mapping.
    pub fn choose(&mut self, label: &str, meaning: Meaning) {
        self.known.insert(normalize(label), meaning);
    }
}

/// The workspace's mapping, in the stages of `preset` (the current
/// template's: the caller reads it, so that the template's versions may
/// switch the mapping's preset without the two modules reading each other).
pub fn load(conn: &Connection, preset: Preset) -> Result<StageMeanings> {
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
    Ok(StageMeanings {
        preset,
        known: rows.collect::<Result<HashMap<_, _>, _>>()?,
    })
}

fn validate(choice: &StageChoice, preset: Preset) -> Result<()> {
    let numbers = preset.stage_numbers();
    match (choice.stage, choice.outcome) {
        (Some(s), None) if numbers.contains(&s) => Ok(()),
        (None, Some(DealStatus::Won | DealStatus::Lost)) => Ok(()),
        _ => Err(Error::invalid(format!(
            "Stage \"{}\" needs either a stage from {} to {} or an outcome (won or lost).",
            choice.label,
            numbers.start(),
            numbers.end()
        ))),
    }
}

/// Saves the user's decision for a label (confirmed), in `preset`'s stages.
pub fn save(
    conn: &Connection,
    preset: Preset,
    choice: &StageChoice,
    import_id: Option<i64>,
) -> Result<()> {
    validate(choice, preset)?;
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

/// Moves the workspace from one preset's stages to another's: the mapping in
/// use is kept for `from`, the one kept for `to` comes back, labels it never
/// saw get their `from` stage translated (unconfirmed, so the mapping page
/// asks to check them), and open deals take their stage from the result.
/// Nothing about a deal but its stage number changes.
pub fn switch_preset(conn: &Connection, from: Preset, to: Preset) -> Result<()> {
    if from == to {
        return Ok(());
    }
    conn.execute(
        "DELETE FROM stage_mapping_kept WHERE preset = ?1",
        [from.as_str()],
    )?;
    conn.execute(
        "INSERT INTO stage_mapping_kept (preset, label, stage, outcome, confirmed)
         SELECT ?1, label, stage, outcome, confirmed FROM stage_mapping",
        [from.as_str()],
    )?;
    // Labels only the kept mapping knows come back first, so every label
    // below has a row to update.
    conn.execute(
        "INSERT OR IGNORE INTO stage_mapping (label, stage, outcome, confirmed)
         SELECT label, stage, outcome, confirmed FROM stage_mapping_kept WHERE preset = ?1",
        [to.as_str()],
    )?;
    let rows: Vec<(String, Option<u8>)> = conn
        .prepare("SELECT label, stage FROM stage_mapping")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut kept = conn.prepare(
        "SELECT stage, outcome, confirmed FROM stage_mapping_kept WHERE preset = ?1 AND label = ?2",
    )?;
    let mut update = conn.prepare(
        "UPDATE stage_mapping SET stage = ?2, outcome = ?3, confirmed = ?4 WHERE label = ?1",
    )?;
    for (label, stage) in rows {
        let back: Option<(Option<u8>, Option<String>, bool)> = kept
            .query_row(params![to.as_str(), label], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .ok();
        match (back, stage) {
            (Some((stage, outcome, confirmed)), _) => {
                update.execute(params![label, stage, outcome, confirmed])?
            }
            (None, Some(s)) => update.execute(params![
                label,
                to.translate(from, s),
                Option::<String>::None,
                false
            ])?,
            // An outcome means the same in every preset.
            (None, None) => 0,
        };
    }
    // Open deals follow their CRM label; deals without a mapped label are
    // translated stage by stage.
    let unmapped: Vec<(i64, u8)> = conn
        .prepare(
            "SELECT d.id, d.stage FROM deals d
             WHERE d.status = 'open' AND d.stage IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM stage_mapping m
                               WHERE m.label = d.crm_stage AND m.stage IS NOT NULL)",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute(
        "UPDATE deals SET stage = (SELECT m.stage FROM stage_mapping m WHERE m.label = deals.crm_stage)
         WHERE status = 'open'
           AND EXISTS (SELECT 1 FROM stage_mapping m WHERE m.label = deals.crm_stage AND m.stage IS NOT NULL)",
        [],
    )?;
    let mut set = conn.prepare("UPDATE deals SET stage = ?2 WHERE id = ?1")?;
    for (id, stage) in unmapped {
        set.execute(params![id, to.translate(from, stage)])?;
    }
    Ok(())
}

/// The user's decision for one stage label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageChoice {
    pub label: String,
    pub stage: Option<u8>,
    pub outcome: Option<DealStatus>,
}

/// A stage label of the workspace's mapping.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StageMappingEntry {
    pub label: String,
    pub stage: Option<u8>,
    pub outcome: Option<DealStatus>,
    pub confirmed: bool,
    pub deals: u32,
}
