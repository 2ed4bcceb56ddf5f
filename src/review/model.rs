//! The records of the weekly deal review (docs/method.md §3): the queue to
//! walk, a review as the manager saves it, and what saving it changed.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Deal;
use crate::process::Risk;

/// The part of the review queue a deal is in (docs/method.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewGroup {
    /// Closing in the quarter under review.
    Quarter,
    /// Open without a close date: in no quarter's forecast until it has one.
    NoCloseDate,
    /// Closing later, here for its flags.
    Flagged,
}

/// One deal in the review, with what to verify on it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewItem {
    pub deal: Deal,
    pub flags: Vec<ReviewFlag>,
    /// Closing in the quarter under review (the rest are here for their flags).
    pub in_quarter: bool,
    pub group: ReviewGroup,
    pub last_review: Option<NaiveDate>,
    pub reviewed_this_week: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewQueue {
    pub quarter: String,
    pub rep_id: Option<i64>,
    pub items: Vec<ReviewItem>,
    /// Deals that qualify, before the queue's cap.
    pub total: u32,
    pub truncated: bool,
    pub reviewed_this_week: u32,
    /// Average days from creation to win: the "older than twice" flag's yardstick.
    pub average_cycle_days: Option<i64>,
    /// The name the last review was saved under.
    pub reviewer: Option<String>,
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
    pub done_steps: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SavedReview {
    pub review: ReviewRecord,
    pub deal: Deal,
    pub flags: Vec<ReviewFlag>,
}

/// The data checked against the CRM in the review's first step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Verified {
    pub close_date: bool,
    pub stage: bool,
    pub amount: bool,
}

/// A saved review, as the deal's history shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewRecord {
    pub id: i64,
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

/// The kinds of flag, so the UI and the exports can filter and style them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    NoCloseDate,
    ClosePast,
    ClosePushed,
    AmountMissing,
    AmountChanged,
    StageSkipped,
    MovedBack,
    NoActivity,
    TooOld,
    NoNextStep,
}

impl FlagKind {
    /// A few words for a column of flags (the board pack's Deals sheet).
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::NoCloseDate => "No close date",
            FlagKind::ClosePast => "Close date past",
            FlagKind::ClosePushed => "Close date pushed",
            FlagKind::AmountMissing => "No amount",
            FlagKind::AmountChanged => "Amount changed",
            FlagKind::StageSkipped => "Stage skipping",
            FlagKind::MovedBack => "Moved back",
            FlagKind::NoActivity => "Quiet 30+ days",
            FlagKind::TooOld => "Older than 2x cycle",
            FlagKind::NoNextStep => "No next step",
        }
    }
}

/// One thing to verify on a deal, said the way a manager would say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewFlag {
    pub kind: FlagKind,
    pub text: String,
}
