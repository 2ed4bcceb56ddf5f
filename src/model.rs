//! The records the whole core shares: deals, reps and the workspace's
//! settings. They sit on the ground floor (nothing here imports a layer above
//! it) so the store can persist them, the domain modules compute with them
//! and `api` hands them to the UI without anyone importing upwards.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::FiscalCalendar;
use crate::process::{DealStatus, Risk};

/// One deal as the pipeline table and the forecast show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Deal {
    pub id: i64,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub account: Option<String>,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    /// Minor units.
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
    pub total_amount: i64,
    pub offset: u32,
    pub rows: Vec<Deal>,
}

/// A rep as pickers show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rep {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub role: Option<String>,
    pub manager: Option<String>,
    pub manager_id: Option<i64>,
    pub start_date: Option<NaiveDate>,
    /// Quarterly quota, minor units.
    pub quota: Option<i64>,
    pub open_deals: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Goal {
    pub quarter: String,
    pub rep_id: Option<i64>,
    pub rep: Option<String>,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuarterAmount {
    pub quarter: String,
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

/// Read once per request (see `store::settings::load`) and asked here, so a
/// computation does not go back to the database for each figure.
impl Settings {
    /// The fiscal calendar (January when the stored month is out of range).
    pub fn calendar(&self) -> FiscalCalendar {
        FiscalCalendar::new(self.fiscal_year_start_month as u32).unwrap_or_default()
    }

    /// The goal set for `quarter`: a rep's, or the team's when `rep_id` is `None`.
    pub fn goal(&self, quarter: &str, rep_id: Option<i64>) -> Option<i64> {
        self.goals
            .iter()
            .find(|g| g.quarter == quarter && g.rep_id == rep_id)
            .map(|g| g.amount)
    }

    /// The manager's create-and-close amount for `quarter`, if set.
    pub fn create_and_close(&self, quarter: &str) -> Option<i64> {
        self.create_and_close_overrides
            .iter()
            .find(|o| o.quarter == quarter)
            .map(|o| o.amount)
    }
}
