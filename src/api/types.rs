//! Request and response types of the command layer.
//!
//! Every type here crosses the boundary to the UI, so each derives `TS` and is
//! written into `ui/src/lib/api-types.ts` (see `tests/bindings.rs`). Money is
//! always integer minor units of the workspace currency (cents for USD), so no
//! amount is ever rounded on its way to the screen; dates are `YYYY-MM-DD`.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::process::{DealStatus, Risk};

/// A request that carries nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct Empty {}

/// What the app shows before anything else: is the workspace empty, where is it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WorkspaceInfo {
    pub data_dir: String,
    pub deals: u32,
    pub open_deals: u32,
    pub reps: u32,
    pub imports: u32,
    pub currency: String,
    pub today: NaiveDate,
    pub current_quarter: String,
    /// True when there are no deals and no reps: the UI offers the sample team.
    pub empty: bool,
    /// The current template's stages, in order: what stage numbers are called.
    pub stages: Vec<StageInfo>,
}

/// What `load_demo` created.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoSummary {
    pub reps: u32,
    pub deals: u32,
}

/// One deal as the pipeline table and the forecast show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Deal {
    #[ts(type = "number")]
    pub id: i64,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub account: Option<String>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    /// Minor units.
    #[ts(type = "number | null")]
    pub amount: Option<i64>,
    pub currency: String,
    pub close_date: Option<NaiveDate>,
    pub created_date: Option<NaiveDate>,
    pub status: DealStatus,
    /// The stage reached (a number of the current preset: 0-5 for the buyer
    /// agreements), for open deals whose CRM stage is mapped.
    pub stage: Option<u8>,
    pub crm_stage: Option<String>,
    pub risk: Option<Risk>,
    pub next_step: Option<String>,
    pub last_activity: Option<NaiveDate>,
    /// The CRM's win probability, 0..=1 (context only: the forecast uses risk).
    pub probability: Option<f64>,
    /// Fiscal quarter of the close date, e.g. `2026-Q4`.
    pub quarter: Option<String>,
    /// Exit criteria of earlier stages not checked on this open deal: its
    /// stage is not backed by them ("stage skipping") when more than none.
    pub unmet_criteria: u32,
    /// The latest stage change between imports went backwards.
    pub moved_back: bool,
}

/// Columns the pipeline table can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DealColumn {
    Name,
    Account,
    Owner,
    #[default]
    Amount,
    CloseDate,
    Stage,
    Risk,
    Status,
    ExternalId,
}

/// Risk filter: a level, or deals nobody has assessed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskFilter {
    Red,
    Orange,
    Yellow,
    Green,
    Unassessed,
}

/// A window of the pipeline table: filters, sort and the rows wanted.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DealQuery {
    /// Matches name, account, owner or external id.
    pub search: Option<String>,
    #[ts(type = "number | null")]
    pub rep_id: Option<i64>,
    pub stage: Option<u8>,
    pub risk: Option<RiskFilter>,
    pub status: Option<DealStatus>,
    pub quarter: Option<String>,
    /// Only deals flagged for stage skipping or a backwards stage move.
    #[serde(default)]
    pub flagged: bool,
    pub sort: DealColumn,
    pub descending: bool,
    pub offset: u32,
    /// At most 1,000 rows per call; 0 means the count and totals only.
    pub limit: u32,
}

/// A window of deals plus the size of the whole filtered set.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DealPage {
    pub total: u32,
    #[ts(type = "number")]
    pub total_amount: i64,
    pub offset: u32,
    pub rows: Vec<Deal>,
}

/// A rep as pickers show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rep {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub role: Option<String>,
    pub manager: Option<String>,
    #[ts(type = "number | null")]
    pub manager_id: Option<i64>,
    pub start_date: Option<NaiveDate>,
    /// Quarterly quota, minor units.
    #[ts(type = "number | null")]
    pub quota: Option<i64>,
    pub open_deals: u32,
}

/// One of the six process stages (0 = meeting booked, 1..=5 = buyer agreements).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StageInfo {
    pub number: u8,
    pub name: String,
    pub question: String,
}

/// Everything the pipeline filters offer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PipelineFacets {
    pub reps: Vec<Rep>,
    pub quarters: Vec<String>,
    pub current_quarter: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetRiskRequest {
    #[ts(type = "number")]
    pub deal_id: i64,
    pub risk: Option<Risk>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ForecastRequest {
    /// `YYYY-Qn` fiscal quarter; the current one when absent.
    pub quarter: Option<String>,
    /// Overrides the stored team goal for this call (minor units).
    #[ts(type = "number | null")]
    pub goal: Option<i64>,
    /// Overrides the create-and-close estimate for this call (minor units).
    #[ts(type = "number | null")]
    pub create_and_close: Option<i64>,
}

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
    #[ts(type = "number | null")]
    pub rep_id: Option<i64>,
    pub manager: Option<String>,
    #[ts(type = "number | null")]
    pub goal: Option<i64>,
    #[ts(type = "number")]
    pub closed_won: i64,
    #[ts(type = "number")]
    pub commit: i64,
    #[ts(type = "number")]
    pub best_case: i64,
    #[ts(type = "number")]
    pub create_and_close: i64,
    #[ts(type = "number")]
    pub forecast: i64,
    /// goal - forecast: positive is short of goal.
    #[ts(type = "number | null")]
    pub gap: Option<i64>,
    /// Open pipeline closing in the quarter / (goal - closed won).
    pub coverage: Option<f64>,
    #[ts(type = "number")]
    pub open_pipeline: i64,
    #[ts(type = "number")]
    pub at_risk: i64,
    #[ts(type = "number")]
    pub unassessed: i64,
    /// Won / (won + lost) over all closed deals with an amount.
    pub win_rate: Option<f64>,
    #[ts(type = "number | null")]
    pub average_deal_size: Option<i64>,
    /// Positive gap / win rate.
    #[ts(type = "number | null")]
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Goal {
    pub quarter: String,
    #[ts(type = "number | null")]
    pub rep_id: Option<i64>,
    pub rep: Option<String>,
    #[ts(type = "number")]
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuarterAmount {
    pub quarter: String,
    #[ts(type = "number")]
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Settings {
    pub currency: String,
    /// 1 = January.
    pub fiscal_year_start_month: u8,
    pub goals: Vec<Goal>,
    pub create_and_close_overrides: Vec<QuarterAmount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveSettingsRequest {
    pub currency: String,
    pub fiscal_year_start_month: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetGoalRequest {
    pub quarter: String,
    /// None: the team goal.
    #[ts(type = "number | null")]
    pub rep_id: Option<i64>,
    /// None removes the goal.
    #[ts(type = "number | null")]
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetCreateAndCloseRequest {
    pub quarter: String,
    /// None returns to the estimate from history.
    #[ts(type = "number | null")]
    pub amount: Option<i64>,
}
