//! The weekly deal review (docs/method.md §3): verify the data, assess the risk,
//! plan what to get next. This module orders the deals to review and saves a
//! review as one change: the risk set, next steps planned or done, and a
//! record of who reviewed what and what changed.
mod flags;
mod model;
pub mod saved;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;

pub use flags::{for_deal, for_deals, labels, FlagContext, FlagIndex, QUIET_DAYS};
pub use model::*;

use crate::calendar::Quarter;
use crate::error::{Error, Result};
use crate::model::{Deal, DealQuery};
use crate::process::{DealStatus, Risk};
use crate::store::{self, deals, next_steps, now_text, settings};
use saved as reviews;

/// A review walks this many deals at most; the rest wait for next week.
pub const MAX_QUEUE: usize = 300;
/// Longest review note.
pub const MAX_NOTE: usize = 2_000;

/// The Monday of `day`'s week: reviews are weekly.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// The deals to review, in the order that matters: open deals closing in the
/// quarter, largest first; then open deals without a close date (in no
/// quarter's forecast until they get one), largest first; then open deals
/// closing later that carry flags, largest first.
pub fn queue(
    conn: &Connection,
    today: NaiveDate,
    rep_id: Option<i64>,
    quarter: Option<Quarter>,
) -> Result<ReviewQueue> {
    let cal = settings::calendar(conn)?;
    let quarter = quarter.unwrap_or_else(|| cal.quarter_of(today));
    let q_label = quarter.to_string();
    let open = deals::all(
        conn,
        &cal,
        &DealQuery {
            rep_id,
            status: Some(DealStatus::Open),
            ..DealQuery::default()
        },
    )?;
    let ctx = FlagContext::load(conn, today)?;
    let mut flags = for_deals(conn, &ctx, &open)?;
    let last = reviews::last_dates(conn)?;
    let this_week = week_start(today);

    let by_amount = |a: &Deal, b: &Deal| {
        b.amount
            .unwrap_or(i64::MIN)
            .cmp(&a.amount.unwrap_or(i64::MIN))
    };
    let (mut closing, rest): (Vec<Deal>, Vec<Deal>) = open
        .into_iter()
        .partition(|d| d.quarter.as_deref() == Some(q_label.as_str()));
    closing.sort_by(by_amount);
    let (mut undated, rest): (Vec<Deal>, Vec<Deal>) =
        rest.into_iter().partition(|d| d.close_date.is_none());
    undated.sort_by(by_amount);
    let mut flagged: Vec<Deal> = rest
        .into_iter()
        .filter(|d| flags.get(&d.id).is_some_and(|f| !f.is_empty()))
        .collect();
    flagged.sort_by(by_amount);

    let total = closing.len() + undated.len() + flagged.len();
    let items: Vec<ReviewItem> = closing
        .into_iter()
        .map(|d| (d, ReviewGroup::Quarter))
        .chain(undated.into_iter().map(|d| (d, ReviewGroup::NoCloseDate)))
        .chain(flagged.into_iter().map(|d| (d, ReviewGroup::Flagged)))
        .take(MAX_QUEUE)
        .map(|(deal, group)| {
            let last_review = last.get(&deal.id).copied();
            ReviewItem {
                flags: flags.remove(&deal.id).unwrap_or_default(),
                in_quarter: group == ReviewGroup::Quarter,
                group,
                reviewed_this_week: last_review.is_some_and(|d| d >= this_week),
                last_review,
                deal,
            }
        })
        .collect();
    Ok(ReviewQueue {
        quarter: q_label,
        rep_id,
        reviewed_this_week: items.iter().filter(|i| i.reviewed_this_week).count() as u32,
        truncated: total > items.len(),
        total: total as u32,
        items,
        average_cycle_days: ctx.average_cycle(),
        reviewer: settings::reviewer(conn)?,
    })
}

/// Saves a review in one transaction: the new risk, the next steps planned
/// and done, and the record of it. The changes are written out in words for
/// the deal's history.
pub fn save(conn: &Connection, today: NaiveDate, req: &SaveReviewRequest) -> Result<SavedReview> {
    let note = req.note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(Error::invalid(format!(
            "The review note is longer than {MAX_NOTE} characters; keep it to what matters for the deal."
        )));
    }
    // Every review says who made it: the deal's history and the weekly count
    // are read by people who were not in the room.
    let Some(reviewer) = req
        .reviewer
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    else {
        return Err(Error::invalid(
            "Say who is reviewing: type your name in \"Reviewing as\", then save again.",
        ));
    };
    if reviewer.chars().count() > 80 {
        return Err(Error::invalid(
            "The reviewer's name is longer than 80 characters.",
        ));
    }
    let cal = settings::calendar(conn)?;
    let tx = conn.unchecked_transaction()?;
    let before = deals::get(&tx, &cal, req.deal_id)?;
    if before.status != DealStatus::Open {
        return Err(Error::invalid(format!(
            "This deal is {}: reviews are for open deals.",
            before.status.as_str()
        )));
    }
    let ctx = FlagContext::load(&tx, today)?;
    let flags_seen = for_deal(&tx, &ctx, &before)?;

    let mut changes = Vec::new();
    let v = &req.verified;
    for (ok, what) in [
        (v.close_date, "close date"),
        (v.stage, "stage"),
        (v.amount, "amount"),
    ] {
        if !ok {
            changes.push(format!("The {what} needs fixing in the CRM."));
        }
    }
    if req.risk != before.risk {
        deals::set_risk(&tx, &cal, req.deal_id, req.risk)?;
        changes.push(format!(
            "Risk {} → {}.",
            risk_word(before.risk),
            risk_word(req.risk)
        ));
    }
    let open_steps = next_steps::list_open(&tx, req.deal_id)?;
    for id in &req.done_steps {
        let step = open_steps.iter().find(|s| s.id == *id).ok_or_else(|| {
            Error::invalid(
                "A next step marked done is not an open step of this deal; reload the review.",
            )
        })?;
        next_steps::complete(&tx, *id)?;
        changes.push(format!("Done: {}.", step.text.trim_end_matches('.')));
    }
    for step in &req.next_steps {
        next_steps::add(
            &tx,
            req.deal_id,
            &step.text,
            step.criterion_id.as_deref(),
            step.owner.as_deref(),
            step.due_date,
        )?;
        let mut said = format!("Next step: {}", step.text.trim().trim_end_matches('.'));
        if let Some(owner) = step
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            said.push_str(&format!(" ({owner}"));
            said.push_str(&match step.due_date {
                Some(d) => format!(", by {d})"),
                None => ")".into(),
            });
        } else if let Some(d) = step.due_date {
            said.push_str(&format!(" (by {d})"));
        }
        said.push('.');
        changes.push(said);
    }
    let reviewed_at = now_text();
    let id = reviews::insert(
        &tx,
        &reviews::NewReview {
            deal_id: req.deal_id,
            reviewed_at: &reviewed_at,
            review_date: today,
            reviewer: Some(reviewer),
            risk_before: before.risk,
            risk_after: req.risk,
            verified: v,
            flags: &flags_seen,
            changes: &changes,
            note,
        },
    )?;
    settings::set_reviewer(&tx, reviewer)?;
    let deal = deals::get(&tx, &cal, req.deal_id)?;
    let flags = for_deal(&tx, &ctx, &deal)?;
    let review = reviews::for_deal(&tx, req.deal_id)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::NotFound(format!("Review {id}")))?;
    tx.commit()?;
    Ok(SavedReview {
        review,
        deal,
        flags,
    })
}

/// A deal's review history, newest first.
pub fn history(conn: &Connection, deal_id: i64) -> Result<Vec<ReviewRecord>> {
    store::deals::ensure_exists(conn, deal_id)?;
    reviews::for_deal(conn, deal_id)
}

fn risk_word(r: Option<Risk>) -> &'static str {
    r.map_or("not assessed", Risk::as_str)
}
