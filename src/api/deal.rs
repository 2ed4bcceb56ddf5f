//! Commands of the deal panel: a deal with its corrections and timeline,
//! correcting deals (one or a selection), and the list of corrections to
//! carry back into the CRM.
use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApiResult, Deal, DealIdRequest, Download, Empty};
use crate::error::Error;
use crate::store::corrections::{self, Correction, CorrectionField};
use crate::store::timeline::{self, TimelineEntry};
use crate::store::{self, now_text, Workspace};

/// The most deals one bulk correction may touch: a page's selection, not the CRM.
pub const MAX_CORRECTED: usize = 1000;

/// A deal as the panel shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DealDetail {
    pub deal: Deal,
    /// The corrections in force on it, in field order.
    pub corrections: Vec<Correction>,
    /// Everything that happened to it, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// Set the close date, amount and/or stage of one or more deals as local
/// corrections. Fields left out are not touched.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CorrectDealsRequest {
    pub deal_ids: Vec<i64>,
    /// `YYYY-MM-DD`.
    pub close_date: Option<String>,
    /// Minor units of the workspace currency.
    pub amount: Option<i64>,
    /// A stage of the process, by name or number.
    pub stage: Option<String>,
    /// Who made the correction, when known.
    pub corrected_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CorrectedDeals {
    /// The deals as they are now, in the order asked.
    pub deals: Vec<Deal>,
    /// How many of them changed (the others had these values already).
    pub changed: u32,
}

pub fn deal_detail(ws: &Workspace, req: DealIdRequest) -> ApiResult<DealDetail> {
    let conn = ws.conn();
    let cal = store::settings::calendar(&conn)?;
    let deal = store::deals::get(&conn, &cal, req.deal_id)?;
    Ok(DealDetail {
        deal,
        corrections: corrections::active(&conn, req.deal_id)?,
        timeline: timeline::for_deal(&conn, req.deal_id)?,
    })
}

/// The deal an external (CRM) id names, for the command line.
pub fn deal_id_by_external(ws: &Workspace, external_id: &str) -> ApiResult<i64> {
    let conn = ws.conn();
    let found: Option<i64> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM deals WHERE external_id = ?1",
        [external_id.trim()],
        |r| r.get(0),
    ))
    .map_err(Error::from)?;
    found.ok_or_else(|| {
        Error::NotFound(format!("A deal with the id \"{}\"", external_id.trim())).into()
    })
}

/// The values to write, checked: a plain message for each mistake.
fn checked_values(
    conn: &rusqlite::Connection,
    req: &CorrectDealsRequest,
) -> Result<Vec<(CorrectionField, Value)>, Error> {
    let mut values = Vec::new();
    if let Some(text) = &req.close_date {
        let t = text.trim();
        let date = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
            Error::invalid(format!(
                "\"{t}\" is not a date: write the close date as YYYY-MM-DD, e.g. 2026-12-15."
            ))
        })?;
        values.push((
            CorrectionField::CloseDate,
            Value::Text(date.format("%Y-%m-%d").to_string()),
        ));
    }
    if let Some(amount) = req.amount {
        if amount < 0 {
            return Err(Error::invalid("An amount cannot be negative."));
        }
        values.push((CorrectionField::Amount, Value::Integer(amount)));
    }
    if let Some(text) = &req.stage {
        let template = store::template::load(conn)?;
        let t = text.trim();
        let found = template.stages.iter().find(|s| {
            s.name.trim().eq_ignore_ascii_case(t) || t.parse::<u8>().ok() == Some(s.number)
        });
        let Some(stage) = found else {
            let known: Vec<String> = template
                .stages
                .iter()
                .map(|s| format!("{} {}", s.number, s.name.trim()))
                .collect();
            return Err(Error::invalid(format!(
                "\"{t}\" is not a stage of your process. The stages are: {}.",
                known.join(", ")
            )));
        };
        values.push((CorrectionField::Stage, Value::Integer(stage.number.into())));
    }
    if values.is_empty() {
        return Err(Error::invalid(
            "Give a close date, an amount or a stage to set.",
        ));
    }
    Ok(values)
}

/// Corrects one deal or a selection, all or nothing: a deal the correction
/// does not apply to (a stage on a won deal) stops the whole request.
pub fn correct_deals(ws: &Workspace, req: CorrectDealsRequest) -> ApiResult<CorrectedDeals> {
    if req.deal_ids.is_empty() {
        return Err(Error::invalid("Choose at least one deal to correct.").into());
    }
    if req.deal_ids.len() > MAX_CORRECTED {
        return Err(Error::invalid(format!(
            "Correct at most {MAX_CORRECTED} deals at a time; narrow the selection."
        ))
        .into());
    }
    let mut conn = ws.conn();
    let values = checked_values(&conn, &req)?;
    let cal = store::settings::calendar(&conn)?;
    let now = now_text();
    let tx = conn.transaction().map_err(Error::from)?;
    let mut changed = 0u32;
    for &id in &req.deal_ids {
        store::deals::ensure_exists(&tx, id)?;
        let mut any = false;
        for (field, value) in &values {
            corrections::check_applies(&tx, id, *field).map_err(|e| match e {
                Error::Invalid(m) => {
                    let name = store::deals::get(&tx, &cal, id)
                        .ok()
                        .and_then(|d| d.name)
                        .unwrap_or_else(|| format!("Deal {id}"));
                    Error::invalid(format!("{name}: {m}"))
                }
                other => other,
            })?;
            any |= corrections::set(
                &tx,
                id,
                *field,
                value.clone(),
                req.corrected_by.as_deref(),
                &now,
            )?;
        }
        changed += u32::from(any);
    }
    tx.commit().map_err(Error::from)?;
    let deals = req
        .deal_ids
        .iter()
        .map(|&id| store::deals::get(&conn, &cal, id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorrectedDeals { deals, changed })
}

/// Every correction in force, as a workbook to update the CRM from.
pub fn corrections_xlsx(ws: &Workspace, _: Empty) -> ApiResult<Download> {
    let conn = ws.conn();
    let rows = corrections::for_crm(&conn)?;
    let template = store::template::load(&conn)?;
    let bytes = crate::export::corrections::workbook(&rows, &template)?;
    Ok(Download {
        file_name: format!("Corrections for the CRM {}.xlsx", ws.today()),
        bytes,
    })
}
