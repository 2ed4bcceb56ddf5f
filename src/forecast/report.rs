//! What the forecast computes (docs/method.md §2): the team's, each
//! manager's and each rep's line, and the deals that could close the gap.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Deal, GoalBasis};

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
    /// What the line is measured against: the board number for the team, a
    /// quota for a rep, the sum of its reps' quotas for a manager's team.
    pub goal: Option<i64>,
    /// Which of those `goal` is (null without a goal).
    pub goal_basis: Option<GoalBasis>,
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
    /// The team against its goal: the board number when one is set (or
    /// given), else the sum of the reps' quotas.
    pub team: ForecastLine,
    /// The same team figures against the sum of the reps' quotas, when a
    /// board number is set and reps have quotas: quotas are over-assigned on
    /// purpose (docs/method.md §2, "Goals and quotas"), so both gaps are real.
    pub team_vs_quotas: Option<ForecastLine>,
    /// The sum of the reps' quotas for the quarter (each rep's one quota).
    pub rep_quotas_total: Option<i64>,
    /// Reps' quotas ÷ board number (1.2 = 120 %), when both are set.
    pub over_assignment: Option<f64>,
    pub by_manager: Vec<ForecastLine>,
    /// Reps without a manager and deals without an owner, as one more row of
    /// the manager view, so its rows add up to the team.
    pub no_manager: Option<ForecastLine>,
    pub by_rep: Vec<ForecastLine>,
    /// Deals without an owner (and create & close no rep's history
    /// explains), so the rep rows add up to the team to the cent.
    pub no_owner: Option<ForecastLine>,
    /// Orange and red deals first (largest first), then the rest of the open pipeline.
    pub gap_closers: Vec<GapCloser>,
    /// When new pipeline can close the team's gap: this quarter, or (with
    /// fewer days left than the average cycle) next quarter's plan.
    pub gap_plan: super::GapPlan,
    /// Open deals with no close date, whatever the quarter: they are in no
    /// quarter's forecast or pipeline, so the forecast says so beside its
    /// numbers (docs/method.md §2).
    pub open_without_close_date: OpenWithoutCloseDate,
}

/// Open deals that have no close date (docs/method.md §2): counted in no
/// quarter, and easy to miss when an export leaves the date out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpenWithoutCloseDate {
    pub deals: u32,
    /// The sum of their amounts, minor units (those without one count 0).
    pub amount: i64,
    /// How many of them have no amount either.
    pub without_amount: u32,
}

/// A quarter's goals side by side (docs/method.md §2, "Goals and quotas"):
/// the team's board number, each rep's one quota and where it comes from,
/// their sum and the over-assignment. Settings shows it; the forecast
/// measures by the same rule.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuarterQuotas {
    pub quarter: String,
    pub currency: String,
    /// The team's goal set for the quarter: the number committed to the board.
    pub board_number: Option<i64>,
    /// The sum of the reps' quotas (null when no rep has one).
    pub rep_quotas_total: Option<i64>,
    /// Reps' quotas ÷ board number (1.2 = 120 %), when both are set.
    pub over_assignment: Option<f64>,
    pub reps: Vec<RepQuota>,
}

/// One rep's quota for a quarter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RepQuota {
    pub rep_id: i64,
    pub name: String,
    pub role: Option<String>,
    pub manager: Option<String>,
    /// The quota that counts: the quarter's own, else the roster's.
    pub quota: Option<i64>,
    /// `quota` or `roster_quota` (null without a quota).
    pub basis: Option<GoalBasis>,
    /// Set for this quarter in Settings.
    pub quarter_quota: Option<i64>,
    /// From the roster: the default for every quarter without its own.
    pub roster_quota: Option<i64>,
}
