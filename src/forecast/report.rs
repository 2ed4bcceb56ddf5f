//! What the forecast computes (docs/method.md §2): the team's, each
//! manager's and each rep's line, and the deals that could close the gap.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Deal;

/// Where the create-and-close figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CreateAndCloseSource {
    /// Estimated from past quarters' bookings.
    History,
    /// Set by the manager.
    Override,
    /// No closed history to estimate from.
    NoHistory,
}

/// The forecast of one scope (team, a manager's team or a rep) for one quarter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ForecastLine {
    /// "Team", a manager's name or a rep's name.
    pub name: String,
    pub rep_id: Option<i64>,
    pub manager: Option<String>,
    pub goal: Option<i64>,
    pub closed_won: i64,
    pub commit: i64,
    pub best_case: i64,
    pub create_and_close: i64,
    pub forecast: i64,
    /// goal - forecast: positive is short of goal.
    pub gap: Option<i64>,
    /// Open pipeline closing in the quarter / (goal - closed won).
    pub coverage: Option<f64>,
    pub open_pipeline: i64,
    pub at_risk: i64,
    pub unassessed: i64,
    /// Won / (won + lost) over all closed deals with an amount.
    pub win_rate: Option<f64>,
    pub average_deal_size: Option<i64>,
    /// Positive gap / win rate.
    pub new_pipeline_needed: Option<i64>,
    /// New pipeline needed / average deal size, rounded up.
    pub first_meetings_needed: Option<u32>,
}

/// An open deal that could close the gap, with what must change for it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct GapCloser {
    pub deal: Deal,
    pub action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ForecastReport {
    pub quarter: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub today: NaiveDate,
    pub days_left: u32,
    pub currency: String,
    pub create_and_close_source: CreateAndCloseSource,
    pub team: ForecastLine,
    pub by_manager: Vec<ForecastLine>,
    pub by_rep: Vec<ForecastLine>,
    /// Orange and red deals first (largest first), then the rest of the open pipeline.
    pub gap_closers: Vec<GapCloser>,
}
