//! What the "verify the data" step flags on a deal (docs/method.md §3): no
//! close date (the deal is in no quarter's forecast), a close date already past, close dates pushed between imports, an amount missing,
//! zero or changed, a stage skipped or gone backwards, no activity for 30+
//! days, a deal older than twice the average cycle, no next step.
//!
//! The import history holds what changed and when, so the flags need no
//! bookkeeping of their own: they are read from it for the deals asked about,
//! a few grouped queries per batch rather than a query per deal.
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{FlagKind, ReviewFlag};
use crate::error::Result;
use crate::model::Deal;
use crate::process::DealStatus;

/// Days without activity before a deal counts as gone quiet.
pub const QUIET_DAYS: i64 = 30;

/// The flags' short labels joined for one cell ("" when there are none).
pub fn labels(flags: &[ReviewFlag]) -> String {
    flags
        .iter()
        .map(|f| f.kind.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the history says about a deal.
#[derive(Debug, Default, Clone)]
struct Trail {
    /// Close-date changes to a later date.
    pushes: u32,
    /// The latest amount change: (old, new) in minor units.
    amount_change: Option<(Option<i64>, Option<i64>)>,
    /// Planned next steps not done yet.
    open_steps: u32,
}

/// The flag context shared by every deal of a batch.
pub struct FlagContext {
    today: NaiveDate,
    /// Average days from creation to win, over won deals with both dates.
    average_cycle: Option<i64>,
}

impl FlagContext {
    pub fn load(conn: &Connection, today: NaiveDate) -> Result<FlagContext> {
        let average: Option<f64> = conn.query_row(
            "SELECT avg(julianday(close_date) - julianday(created_date)) FROM deals
             WHERE status = 'won' AND close_date IS NOT NULL AND created_date IS NOT NULL
               AND close_date >= created_date",
            [],
            |r| r.get(0),
        )?;
        Ok(FlagContext {
            today,
            average_cycle: average.map(|d| d.round() as i64).filter(|d| *d > 0),
        })
    }

    pub fn average_cycle(&self) -> Option<i64> {
        self.average_cycle
    }
}

/// The history of every deal, read once, for exports that flag every deal
/// of a quarter one by one (three grouped scans instead of per-batch lists).
pub struct FlagIndex {
    ctx: FlagContext,
    trails: HashMap<i64, Trail>,
}

impl FlagIndex {
    pub fn load(conn: &Connection, today: NaiveDate) -> Result<FlagIndex> {
        Ok(FlagIndex {
            ctx: FlagContext::load(conn, today)?,
            trails: read_trails(conn, "1 = 1")?,
        })
    }

    /// A deal's flags; none for a closed deal.
    pub fn flags(&self, deal: &Deal) -> Vec<ReviewFlag> {
        if deal.status != DealStatus::Open {
            return Vec::new();
        }
        let empty = Trail::default();
        flags(deal, self.trails.get(&deal.id).unwrap_or(&empty), &self.ctx)
    }
}

/// The flags of each deal in `deals`, keyed by deal id. Closed deals have
/// none: there is nothing left to verify on them.
pub fn for_deals(
    conn: &Connection,
    ctx: &FlagContext,
    deals: &[Deal],
) -> Result<HashMap<i64, Vec<ReviewFlag>>> {
    let open: Vec<&Deal> = deals
        .iter()
        .filter(|d| d.status == DealStatus::Open)
        .collect();
    let trails = trails(conn, open.iter().map(|d| d.id))?;
    let empty = Trail::default();
    Ok(open
        .into_iter()
        .map(|d| (d.id, flags(d, trails.get(&d.id).unwrap_or(&empty), ctx)))
        .collect())
}

/// The flags of one deal.
pub fn for_deal(conn: &Connection, ctx: &FlagContext, deal: &Deal) -> Result<Vec<ReviewFlag>> {
    Ok(for_deals(conn, ctx, std::slice::from_ref(deal))?
        .remove(&deal.id)
        .unwrap_or_default())
}

fn flags(d: &Deal, t: &Trail, ctx: &FlagContext) -> Vec<ReviewFlag> {
    let mut out = Vec::new();
    let mut flag = |kind, text: String| out.push(ReviewFlag { kind, text });
    let money = |m: Option<i64>| match m {
        Some(m) => crate::money::format(m, &d.currency),
        None => "no amount".into(),
    };
    if d.close_date.is_none() {
        flag(
            FlagKind::NoCloseDate,
            "No close date: the deal is in no quarter's forecast until it has one".into(),
        );
    }
    if let Some(close) = d.close_date.filter(|c| *c < ctx.today) {
        let days = (ctx.today - close).num_days();
        flag(
            FlagKind::ClosePast,
            format!(
                "Close date {close} passed {days} day{} ago and the deal is still open",
                plural(days)
            ),
        );
    }
    if t.pushes > 0 {
        flag(
            FlagKind::ClosePushed,
            format!(
                "Close date pushed {} time{}",
                t.pushes,
                plural(t.pushes as i64)
            ),
        );
    }
    match d.amount {
        None => flag(FlagKind::AmountMissing, "No amount".into()),
        Some(0) => flag(FlagKind::AmountMissing, "Amount is zero".into()),
        Some(_) => {}
    }
    if let Some((old, new)) = t.amount_change {
        flag(
            FlagKind::AmountChanged,
            format!("Amount changed from {} to {}", money(old), money(new)),
        );
    }
    // A fresh import checks no criterion: that is "not reviewed yet" (the
    // deal's `criteria_reviewed`), not a skip, until someone looks at them.
    if d.criteria_reviewed && d.unmet_criteria > 0 {
        flag(
            FlagKind::StageSkipped,
            format!(
                "Stage skipped: {} exit criteri{} of earlier stages not met",
                d.unmet_criteria,
                if d.unmet_criteria == 1 { "on" } else { "a" }
            ),
        );
    }
    if d.moved_back {
        flag(
            FlagKind::MovedBack,
            "Stage went backwards at the last import".into(),
        );
    }
    if let Some(last) = d.last_activity {
        let quiet = (ctx.today - last).num_days();
        if quiet >= QUIET_DAYS {
            flag(
                FlagKind::NoActivity,
                format!("No activity for {quiet} days"),
            );
        }
    }
    if let (Some(created), Some(cycle)) = (d.created_date, ctx.average_cycle) {
        let age = (ctx.today - created).num_days();
        if age > 2 * cycle {
            flag(
                FlagKind::TooOld,
                format!("Open {age} days: more than twice the {cycle}-day average cycle"),
            );
        }
    }
    let crm_step = d.next_step.as_deref().is_some_and(|s| !s.trim().is_empty());
    if !crm_step && t.open_steps == 0 {
        flag(FlagKind::NoNextStep, "No next step".into());
    }
    out
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Reads the history of the given deals in batches (SQLite caps bound
/// parameters, and a batch keeps each query's IN list cheap).
fn trails(conn: &Connection, ids: impl Iterator<Item = i64>) -> Result<HashMap<i64, Trail>> {
    const BATCH: usize = 500;
    let ids: Vec<i64> = ids.collect();
    let mut out: HashMap<i64, Trail> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let list = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        // Ids are integers we formatted ourselves: no input reaches the SQL.
        out.extend(read_trails(conn, &format!("deal_id IN ({list})"))?);
    }
    Ok(out)
}

/// The trails of the deals `which` selects (a condition on `deal_id`).
fn read_trails(conn: &Connection, which: &str) -> Result<HashMap<i64, Trail>> {
    let mut out: HashMap<i64, Trail> = HashMap::new();
    let mut pushes = conn.prepare(&format!(
        "SELECT deal_id, count(*) FROM deal_history
         WHERE field = 'close_date' AND {which}
           AND old_value IS NOT NULL AND new_value > old_value
         GROUP BY deal_id"
    ))?;
    for row in pushes.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))? {
        let (id, n) = row?;
        out.entry(id).or_default().pushes = n;
    }
    // The latest amount change of each deal. History values are stored as
    // text (the column's affinity).
    let mut amounts = conn.prepare(&format!(
        "SELECT h.deal_id, h.old_value, h.new_value FROM deal_history h
         JOIN (SELECT max(id) AS id FROM deal_history
               WHERE field = 'amount_minor' AND {which} GROUP BY deal_id) last ON last.id = h.id"
    ))?;
    let minor = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok());
    for row in amounts.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })? {
        let (id, old, new) = row?;
        out.entry(id).or_default().amount_change = Some((minor(old), minor(new)));
    }
    let mut steps = conn.prepare(&format!(
        "SELECT deal_id, count(*) FROM next_steps
         WHERE done_at IS NULL AND {which} GROUP BY deal_id"
    ))?;
    for row in steps.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))? {
        let (id, n) = row?;
        out.entry(id).or_default().open_steps = n;
    }
    Ok(out)
}
