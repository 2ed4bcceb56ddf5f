//! A deal's timeline: everything that happened to it, oldest first, each
//! with when and where it came from (which import, a review and who, or
//! "edited in SalesOS"). Read from what is kept anyway: the import history
//! of the deal's fields, risk changes, reviews, next steps and corrections.
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::corrections::{self, text};

/// The source of what was changed in the app rather than by an import.
pub const IN_APP: &str = "edited in SalesOS";

/// What kind of event a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// The deal arrived, by an import or with the sample data.
    Created,
    /// An import changed one of its fields (a close-date push, an amount
    /// change, a stage move, a status, owner or risk from the CRM).
    CrmChange,
    /// Its risk level was set in the app (in a review or on its own).
    RiskChange,
    Review,
    /// A next step was planned ...
    NextStep,
    /// ... and done.
    NextStepDone,
    /// A local correction of its close date, amount or stage.
    Correction,
    /// A correction ended because the CRM's value changed: the CRM's won.
    CorrectionDropped,
}

/// One entry. `from` and `to` are stored values: dates `YYYY-MM-DD`,
/// amounts in minor units, stages as numbers, risks as levels, owners by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    /// `YYYY-MM-DD HH:MM:SS`, local time: the order of the timeline.
    pub at: String,
    pub kind: TimelineKind,
    /// `close_date`, `amount`, `stage`, `status`, `risk`, `owner`, `next_step`;
    /// none for a review, a creation or a planned step.
    pub field: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// An import's file name, "sample data", "review by NAME" or [`IN_APP`].
    pub source: String,
    /// A review's note or a next step's text and due date.
    pub note: Option<String>,
}

/// The imported columns the timeline follows, with the name it shows them by.
const FOLLOWED: [(&str, &str); 7] = [
    ("close_date", "close_date"),
    ("amount_minor", "amount"),
    ("stage", "stage"),
    ("status", "status"),
    ("risk", "risk"),
    ("owner_id", "owner"),
    ("next_step", "next_step"),
];

fn date_of(at: &str) -> NaiveDate {
    at.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_default()
}

/// Where an import's changes came from: its file, or the sample data.
fn import_source(conn: &Connection, import_id: Option<i64>) -> Result<String> {
    let Some(id) = import_id else {
        return Ok(IN_APP.into());
    };
    let found: Option<(String, String)> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT kind, file_name FROM imports WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?;
    Ok(match found {
        Some((kind, _)) if kind == "demo" => "sample data".into(),
        Some((_, file)) => file,
        None => format!("import {id}"),
    })
}

fn rep_name(conn: &Connection, id: Option<String>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    let name: Option<String> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT name FROM reps WHERE id = CAST(?1 AS INTEGER)")?
            .query_row([&id], |r| r.get(0)),
    )?;
    Ok(name.or(Some(id)))
}

fn entry(at: String, kind: TimelineKind, source: String) -> TimelineEntry {
    TimelineEntry {
        date: date_of(&at),
        at,
        kind,
        field: None,
        from: None,
        to: None,
        source,
        note: None,
    }
}

/// The deal's timeline, oldest first (events of the same second in the
/// order they were recorded).
pub fn for_deal(conn: &Connection, id: i64) -> Result<Vec<TimelineEntry>> {
    crate::store::deals::ensure_exists(conn, id)?;
    let mut out: Vec<TimelineEntry> = Vec::new();

    let created: (Option<i64>, String) = conn.query_row(
        "SELECT d.created_import, coalesce(i.imported_at, d.updated_at)
         FROM deals d LEFT JOIN imports i ON i.id = d.created_import WHERE d.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if created.0.is_some() {
        let source = import_source(conn, created.0)?;
        out.push(entry(created.1, TimelineKind::Created, source));
    }

    // Reviews first: a risk set by a review is told as the review's.
    let mut reviews: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT reviewed_at, reviewer, risk_before, risk_after, note
             FROM reviews WHERE deal_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let at: String = r.get(0)?;
            let reviewer: Option<String> = r.get(1)?;
            let reviewer = reviewer.filter(|s| !s.trim().is_empty());
            let source = match &reviewer {
                Some(name) => format!("review by {name}"),
                None => IN_APP.into(),
            };
            let note: String = r.get(4)?;
            let mut e = entry(at.clone(), TimelineKind::Review, source);
            e.from = r.get(2)?;
            e.to = r.get(3)?;
            e.note = Some(note).filter(|n| !n.trim().is_empty());
            reviews.push((at, reviewer, e.to.clone()));
            out.push(e);
        }
    }

    {
        let mut stmt = conn.prepare_cached(
            "SELECT changed_at, import_id, field, old_value, new_value
             FROM deal_history WHERE deal_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Value>(3)?,
                    r.get::<_, Value>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (at, import_id, column, old, new) in rows {
            let Some((_, field)) = FOLLOWED.iter().find(|(c, _)| *c == column) else {
                continue;
            };
            let (mut from, mut to) = (text(&old), text(&new));
            if *field == "owner" {
                from = rep_name(conn, from)?;
                to = rep_name(conn, to)?;
            }
            let (kind, source) = match import_id {
                Some(_) => (TimelineKind::CrmChange, import_source(conn, import_id)?),
                None => {
                    let by_review = reviews
                        .iter()
                        .find(|(when, _, after)| *when == at && *after == to);
                    let source = match by_review {
                        Some((_, Some(name), _)) => format!("review by {name}"),
                        _ => IN_APP.into(),
                    };
                    (TimelineKind::RiskChange, source)
                }
            };
            let mut e = entry(at, kind, source);
            e.field = Some((*field).into());
            e.from = from;
            e.to = to;
            out.push(e);
        }
    }

    {
        let mut stmt = conn.prepare_cached(
            "SELECT created_at, done_at, text, owner, due_date FROM next_steps
             WHERE deal_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (created_at, done_at, step, owner, due) in rows {
            let by_review = reviews.iter().find(|(when, _, _)| *when == created_at);
            let source = match by_review {
                Some((_, Some(name), _)) => format!("review by {name}"),
                _ => IN_APP.into(),
            };
            let mut note = step.clone();
            if let Some(owner) = owner.filter(|o| !o.trim().is_empty()) {
                note.push_str(&format!(" — {owner}"));
            }
            if let Some(due) = due {
                note.push_str(&format!(", by {due}"));
            }
            let mut e = entry(created_at, TimelineKind::NextStep, source);
            e.field = Some("next_step".into());
            e.to = Some(step.clone());
            e.note = Some(note);
            out.push(e);
            if let Some(done) = done_at {
                let mut e = entry(done, TimelineKind::NextStepDone, IN_APP.into());
                e.field = Some("next_step".into());
                e.to = Some(step);
                out.push(e);
            }
        }
    }

    for c in corrections::history(conn, id)? {
        let field = c.field.as_str().to_string();
        let source = match c.corrected_by.as_deref() {
            Some(by) => format!("{IN_APP} by {by}"),
            None => IN_APP.into(),
        };
        let mut e = entry(c.corrected_at, TimelineKind::Correction, source);
        e.field = Some(field.clone());
        e.from = c.old_value;
        e.to = c.value.clone();
        out.push(e);
        if let Some((at, import_id, crm)) = c.dropped {
            let mut e = entry(
                at,
                TimelineKind::CorrectionDropped,
                import_source(conn, import_id)?,
            );
            e.field = Some(field);
            e.from = c.value;
            e.to = crm;
            e.note = Some("The CRM's value changed, so it replaced the correction.".into());
            out.push(e);
        }
    }

    // Stable: entries of the same second keep the order they were read in.
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// How many corrections are in force, over all deals.
pub fn corrections_in_force(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM deal_corrections WHERE ended_at IS NULL",
        params![],
        |r| r.get(0),
    )?)
}
