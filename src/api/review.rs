//! Commands of the Review page: the deals to walk through, saving a review,
//! and a deal's review history.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApiResult, Deal, DealIdRequest};
use crate::process::Risk;
use crate::review::{self, ReviewFlag};
use crate::store::Workspace;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReviewQueueRequest {
    /// One rep's deals; none for the whole team.
    #[ts(type = "number | null")]
    pub rep_id: Option<i64>,
    /// `2026-Q4`; the current quarter when absent.
    pub quarter: Option<String>,
}

/// One deal in the review, with what to verify on it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewItem {
    pub deal: Deal,
    pub flags: Vec<ReviewFlag>,
    /// Closing in the quarter under review (the rest are here for their flags).
    pub in_quarter: bool,
    pub last_review: Option<NaiveDate>,
    pub reviewed_this_week: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewQueue {
    pub quarter: String,
    #[ts(type = "number | null")]
    pub rep_id: Option<i64>,
    pub items: Vec<ReviewItem>,
    /// Deals that qualify, before the queue's cap.
    pub total: u32,
    pub truncated: bool,
    pub reviewed_this_week: u32,
    /// Average days from creation to win: the "older than twice" flag's yardstick.
    #[ts(type = "number | null")]
    pub average_cycle_days: Option<i64>,
    /// The name the last review was saved under.
    pub reviewer: Option<String>,
}

/// The data checked against the CRM in the review's first step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Verified {
    pub close_date: bool,
    pub stage: bool,
    pub amount: bool,
}

/// A next step planned in a review: what to get, who, by when.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlannedStep {
    pub text: String,
    pub criterion_id: Option<String>,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveReviewRequest {
    #[ts(type = "number")]
    pub deal_id: i64,
    pub reviewer: Option<String>,
    pub verified: Verified,
    /// The risk after the review (none clears it).
    pub risk: Option<Risk>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub next_steps: Vec<PlannedStep>,
    /// Open next steps the review marks done.
    #[serde(default)]
    #[ts(type = "number[]")]
    pub done_steps: Vec<i64>,
}

/// A saved review, as the deal's history shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewRecord {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub deal_id: i64,
    /// Local time the review was saved, `YYYY-MM-DD HH:MM:SS`.
    pub reviewed_at: String,
    pub review_date: NaiveDate,
    pub reviewer: Option<String>,
    pub risk_before: Option<Risk>,
    pub risk_after: Option<Risk>,
    pub verified: Verified,
    /// The flags the deal carried when it was reviewed.
    pub flags: Vec<ReviewFlag>,
    /// What the review changed, one sentence each.
    pub changes: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SavedReview {
    pub review: ReviewRecord,
    pub deal: Deal,
    pub flags: Vec<ReviewFlag>,
}

pub fn review_queue(ws: &Workspace, req: ReviewQueueRequest) -> ApiResult<ReviewQueue> {
    let quarter = match req
        .quarter
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        Some(q) => Some(q.parse()?),
        None => None,
    };
    Ok(review::queue(&ws.conn(), ws.today(), req.rep_id, quarter)?)
}

pub fn save_review(ws: &Workspace, req: SaveReviewRequest) -> ApiResult<SavedReview> {
    Ok(review::save(&ws.conn(), ws.today(), &req)?)
}

pub fn deal_reviews(ws: &Workspace, req: DealIdRequest) -> ApiResult<Vec<ReviewRecord>> {
    Ok(review::history(&ws.conn(), req.deal_id)?)
}
