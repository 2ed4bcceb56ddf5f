//! Commands of the Review page: the deals to walk through, saving a review,
//! and a deal's review history.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApiResult, DealIdRequest, ReviewQueue, ReviewRecord, SaveReviewRequest, SavedReview};
use crate::review::{self};
use crate::store::Workspace;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReviewQueueRequest {
    /// One rep's deals; none for the whole team.
    pub rep_id: Option<i64>,
    /// `2026-Q4`; the current quarter when absent.
    pub quarter: Option<String>,
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
