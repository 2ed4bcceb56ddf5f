//! Local corrections: a close date, amount or stage a leader fixed in
//! SalesOS because the CRM has it wrong or missing.
//!
//! The deal's row holds the corrected value, so the forecast, the pipeline
//! and every export use it. The correction remembers what the CRM said when
//! it was made: a re-import that still sends that value keeps the
//! correction; one that sends another value means the CRM was updated, and
//! the CRM wins (the correction ends, and the deal's timeline says so).
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::deals::{self, Incoming};

/// What can be corrected on a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionField {
    CloseDate,
    Amount,
    Stage,
}

impl CorrectionField {
    pub const ALL: [CorrectionField; 3] = [
        CorrectionField::CloseDate,
        CorrectionField::Amount,
        CorrectionField::Stage,
    ];

    /// The name stored in `deal_corrections.field` and shown in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionField::CloseDate => "close_date",
            CorrectionField::Amount => "amount",
            CorrectionField::Stage => "stage",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The field as a sales leader reads it.
    pub fn label(self) -> &'static str {
        match self {
            CorrectionField::CloseDate => "Close date",
            CorrectionField::Amount => "Amount",
            CorrectionField::Stage => "Stage",
        }
    }

    /// The deals column that holds it, and its index in [`deals::COLUMNS`].
    fn column(self) -> (&'static str, usize) {
        match self {
            CorrectionField::CloseDate => ("close_date", deals::C_CLOSE),
            CorrectionField::Amount => ("amount_minor", deals::C_AMOUNT),
            CorrectionField::Stage => ("stage", deals::C_STAGE),
        }
    }
}

/// A correction in force on a deal. Values are as stored: a close date
/// `YYYY-MM-DD`, an amount in minor units, a stage number; `None` when empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Correction {
    pub field: CorrectionField,
    pub value: Option<String>,
    /// What the CRM said when the correction was made.
    pub crm_value: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS`, local time.
    pub corrected_at: String,
    pub corrected_by: Option<String>,
}

/// One correction of the history, ended or not (the timeline reads these).
#[derive(Debug, Clone)]
pub struct CorrectionEvent {
    pub field: CorrectionField,
    pub value: Option<String>,
    pub old_value: Option<String>,
    pub corrected_at: String,
    pub corrected_by: Option<String>,
    /// Set when the CRM's value changed and won: when, by which import, to what.
    pub dropped: Option<(String, Option<i64>, Option<String>)>,
}

/// A stored value as text for the API (integers without a decimal point).
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(t) => Some(t.clone()),
        Value::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
    }
}

/// Sets `field` of deal `id` to `value` as a local correction, made at
/// `now` by `by` (a name, or none). Correcting back to the CRM's value ends
/// the correction; the same value again changes nothing. Returns whether
/// the deal changed.
pub fn set(
    conn: &Connection,
    id: i64,
    field: CorrectionField,
    value: Value,
    by: Option<&str>,
    now: &str,
) -> Result<bool> {
    let (column, index) = field.column();
    let current = deals::stored(conn, id)?.values[index].clone();
    if current == value {
        return Ok(false);
    }
    let active: Option<(i64, Value)> = conn
        .prepare_cached(
            "SELECT id, crm_value_at_correction FROM deal_corrections
             WHERE deal_id = ?1 AND field = ?2 AND ended_at IS NULL",
        )?
        .query_row(params![id, field.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let crm = match &active {
        Some((_, crm)) => crm.clone(),
        None => current.clone(),
    };
    if let Some((entry, _)) = active {
        let reason = if value == crm { "cleared" } else { "replaced" };
        conn.prepare_cached(
            "UPDATE deal_corrections SET ended_at = ?1, end_reason = ?2 WHERE id = ?3",
        )?
        .execute(params![now, reason, entry])?;
    }
    let by = by.map(str::trim).filter(|b| !b.is_empty());
    // Set back to what the CRM says: recorded, but no longer in force.
    let (ended, reason) = if value == crm {
        (Some(now), Some("cleared"))
    } else {
        (None, None)
    };
    conn.prepare_cached(
        "INSERT INTO deal_corrections (deal_id, field, value, crm_value_at_correction, old_value,
             corrected_at, corrected_by, ended_at, end_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        field.as_str(),
        value,
        crm,
        current,
        now,
        by,
        ended,
        reason
    ])?;
    conn.prepare_cached(&format!(
        "UPDATE deals SET {column} = ?1, updated_at = ?2 WHERE id = ?3"
    ))?
    .execute(params![value, now, id])?;
    Ok(true)
}

/// The corrections in force on a deal, in field order.
pub fn active(conn: &Connection, id: i64) -> Result<Vec<Correction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, value, crm_value_at_correction, corrected_at, corrected_by
         FROM deal_corrections WHERE deal_id = ?1 AND ended_at IS NULL",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let field: String = r.get(0)?;
        let Some(field) = CorrectionField::parse(&field) else {
            continue;
        };
        out.push(Correction {
            field,
            value: text(&r.get(1)?),
            crm_value: text(&r.get(2)?),
            corrected_at: r.get(3)?,
            corrected_by: r.get(4)?,
        });
    }
    out.sort_by_key(|c| c.field);
    Ok(out)
}

/// Every correction made on a deal, oldest first, for its timeline.
pub fn history(conn: &Connection, id: i64) -> Result<Vec<CorrectionEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, value, old_value, corrected_at, corrected_by, ended_at, end_reason,
                ended_import, crm_value_at_end
         FROM deal_corrections WHERE deal_id = ?1 ORDER BY id",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let field: String = r.get(0)?;
        let Some(field) = CorrectionField::parse(&field) else {
            continue;
        };
        let reason: Option<String> = r.get(6)?;
        let dropped = match (reason.as_deref(), r.get::<_, Option<String>>(5)?) {
            (Some("crm_changed"), Some(at)) => Some((at, r.get(7)?, text(&r.get(8)?))),
            _ => None,
        };
        out.push(CorrectionEvent {
            field,
            value: text(&r.get(1)?),
            old_value: text(&r.get(2)?),
            corrected_at: r.get(3)?,
            corrected_by: r.get(4)?,
            dropped,
        });
    }
    Ok(out)
}

/// Applies a deal's corrections to what an import brings for it, before it
/// is written: a field whose CRM value is still the one the correction was
/// made against keeps the corrected value; a field whose CRM value changed
/// takes the CRM's, and the correction ends. Returns the adjusted row, or
/// `None` when the deal has no correction in force (nothing to change).
pub fn adjust_incoming(
    conn: &Connection,
    id: i64,
    incoming: &Incoming,
    import_id: Option<i64>,
    now: &str,
) -> Result<Option<Incoming>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, field, value, crm_value_at_correction FROM deal_corrections
         WHERE deal_id = ?1 AND ended_at IS NULL",
    )?;
    let found = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Value>(2)?,
                r.get::<_, Value>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if found.is_empty() {
        return Ok(None);
    }
    let mut adjusted = incoming.clone();
    for (entry, field, value, crm) in found {
        let Some(field) = CorrectionField::parse(&field) else {
            continue;
        };
        let (_, index) = field.column();
        if !incoming.provided[index] {
            continue;
        }
        let brought = &incoming.values[index];
        if same(brought, &crm) {
            adjusted.values[index] = value;
        } else {
            conn.prepare_cached(
                "UPDATE deal_corrections SET ended_at = ?1, end_reason = 'crm_changed',
                     ended_import = ?2, crm_value_at_end = ?3 WHERE id = ?4",
            )?
            .execute(params![now, import_id, brought, entry])?;
        }
    }
    Ok(Some(adjusted))
}

/// Equal as stored values: an integer and the same number as text agree
/// (a value may have come back through a text column).
fn same(a: &Value, b: &Value) -> bool {
    a == b || (text(a).is_some() && text(a) == text(b))
}

/// What reverting an import does to corrections, once the deals' values
/// before the import are restored (and before its history is deleted): the
/// corrections it ended because the CRM's value changed are back in force
/// (a correction made since keeps its place), and a field corrected after
/// the import keeps its corrected value rather than the restored one.
pub fn after_revert(conn: &Connection, import_id: i64) -> Result<()> {
    reopen_ended_by(conn, import_id)?;
    for field in CorrectionField::ALL {
        let (column, _) = field.column();
        conn.execute(
            &format!(
                "UPDATE deals SET {column} = (SELECT c.value FROM deal_corrections c
                     WHERE c.deal_id = deals.id AND c.field = ?2 AND c.ended_at IS NULL)
                 WHERE id IN (SELECT deal_id FROM deal_corrections WHERE field = ?2 AND ended_at IS NULL)
                   AND id IN (SELECT deal_id FROM deal_history WHERE import_id = ?1 AND field = ?3)"
            ),
            params![import_id, field.as_str(), column],
        )?;
    }
    Ok(())
}

fn reopen_ended_by(conn: &Connection, import_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE deal_corrections SET ended_at = NULL, end_reason = NULL, ended_import = NULL,
             crm_value_at_end = NULL
         WHERE ended_import = ?1 AND end_reason = 'crm_changed'
           AND NOT EXISTS (SELECT 1 FROM deal_corrections c WHERE c.deal_id = deal_corrections.deal_id
                             AND c.field = deal_corrections.field AND c.ended_at IS NULL)",
        [import_id],
    )?;
    Ok(())
}

/// A correction in force, with what identifies its deal in the CRM: a row
/// of the list to update the CRM from.
#[derive(Debug, Clone)]
pub struct ForCrm {
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub account: Option<String>,
    pub currency: String,
    pub correction: Correction,
}

/// Every correction in force, by deal name then field.
pub fn for_crm(conn: &Connection) -> Result<Vec<ForCrm>> {
    let mut stmt = conn.prepare(
        "SELECT d.external_id, d.name, d.account, d.currency, c.field, c.value,
                c.crm_value_at_correction, c.corrected_at, c.corrected_by
         FROM deal_corrections c JOIN deals d ON d.id = c.deal_id
         WHERE c.ended_at IS NULL
         ORDER BY d.name COLLATE NOCASE, d.id, c.field",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let field: String = r.get(4)?;
        let Some(field) = CorrectionField::parse(&field) else {
            continue;
        };
        out.push(ForCrm {
            external_id: r.get(0)?,
            name: r.get(1)?,
            account: r.get(2)?,
            currency: r.get(3)?,
            correction: Correction {
                field,
                value: text(&r.get(5)?),
                crm_value: text(&r.get(6)?),
                corrected_at: r.get(7)?,
                corrected_by: r.get(8)?,
            },
        });
    }
    Ok(out)
}

/// Fails unless a correction of `field` makes sense on the deal: a stage
/// only on an open deal (won and lost deals have none).
pub fn check_applies(conn: &Connection, id: i64, field: CorrectionField) -> Result<()> {
    let status = deals::stored(conn, id)
        .map_err(|_| Error::NotFound(format!("Deal {id}")))?
        .values[deals::C_STATUS]
        .clone();
    if field == CorrectionField::Stage && status != Value::Text("open".into()) {
        let status = text(&status).unwrap_or_default();
        return Err(Error::invalid(format!(
            "Only open deals have a stage to set; this deal is {status}."
        )));
    }
    Ok(())
}
