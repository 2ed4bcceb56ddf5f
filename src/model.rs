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
    /// Someone has looked at this deal's exit criteria: one is checked on it,
    /// or it was reviewed. Until then unmet criteria say "not reviewed yet",
    /// not "stage skipping": a fresh import checks nothing (issue 14, item 16).
    pub criteria_reviewed: bool,
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
    /// Only deals without a close date: an open one counts in no quarter's
    /// forecast (docs/method.md §2), so the Forecast page links here to fix them.
    #[serde(default)]
    pub no_close_date: bool,
    pub sort: DealColumn,
    pub descending: bool,
    pub offset: u32,
    /// At most 1,000 rows per call; 0 means the count and totals only.
    pub limit: u32,
}

/// What a forecast line's goal is (docs/method.md §2, "Goals and quotas"):
/// the team is measured against the number committed to the board, a rep
/// against their quota, a manager's team against the sum of its reps'
/// quotas. Every total says which, so two totals never look like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GoalBasis {
    /// The team's goal for the quarter: the number committed to the board.
    BoardNumber,
    /// A goal given for this one forecast or export (`--goal`).
    Given,
    /// The rep's quota set for this quarter.
    Quota,
    /// The rep's roster quota (no quota set for this quarter).
    RosterQuota,
    /// The sum of the reps' quotas (a manager's team, or the team when no
    /// board number is set).
    RepQuotas,
}

impl GoalBasis {
    /// "against the board number": what the CLI and the board pack print.
    pub fn against(self) -> &'static str {
        match self {
            GoalBasis::BoardNumber => "against the board number",
            GoalBasis::Given => "against the goal given",
            GoalBasis::Quota => "against the quarter's quota",
            GoalBasis::RosterQuota => "against the roster quota",
            GoalBasis::RepQuotas => "against the reps' quotas",
        }
    }
}

/// A window of deals plus the size of the whole filtered set.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DealPage {
    pub total: u32,
    pub total_amount: i64,
    /// The filtered set by status: open, won and lost, in that order, each
    /// present (zero when none). Open pipeline, bookings and losses are
    /// different money: a view mixing them shows each total apart.
    pub by_status: Vec<StatusTotal>,
    pub offset: u32,
    pub rows: Vec<Deal>,
}

/// How many deals of one status a filtered set holds, and their amounts
/// (minor units; deals without an amount count, adding nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusTotal {
    pub status: DealStatus,
    pub deals: u32,
    pub amount: i64,
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
    /// The roster's quarterly quota, minor units: the rep's quota for every
    /// quarter that has none of its own (docs/method.md §2, "Goals and quotas").
    pub quota: Option<i64>,
    pub open_deals: u32,
}

/// A quarter's goal: the team's board number (`rep_id` None) or one rep's
/// quota for that quarter.
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

    /// A rep's one quota for `quarter` and where it comes from: the quota
    /// set for that quarter, else the roster's quota (docs/method.md §2,
    /// "Goals and quotas"). A rep has one quota per quarter, never two.
    pub fn rep_quota(&self, quarter: &str, rep: &Rep) -> Option<(i64, GoalBasis)> {
        match self.goal(quarter, Some(rep.id)) {
            Some(q) => Some((q, GoalBasis::Quota)),
            None => rep.quota.map(|q| (q, GoalBasis::RosterQuota)),
        }
    }

    /// The manager's create-and-close amount for `quarter`, if set.
    pub fn create_and_close(&self, quarter: &str) -> Option<i64> {
        self.create_and_close_overrides
            .iter()
            .find(|o| o.quarter == quarter)
            .map(|o| o.amount)
    }
}

/// The kind of role a job title names, as the roster keeps it: "SDR",
/// "CSM", "manager" or "AE" (the names the ramp plans and the scaling
/// calculator group reps by); `None` when the title names none of them.
/// An account manager looks after customers already won: a CSM.
pub fn role_of_title(text: &str) -> Option<&'static str> {
    let l = crate::process::normalize(text);
    let has = |w: &str| l.split(' ').any(|x| x == w);
    if has("sdr") || has("bdr") || l.contains("development") {
        Some("SDR")
    } else if has("csm") || l.contains("success") || l.contains("account manager") {
        Some("CSM")
    } else if l.contains("manager")
        || l.contains("director")
        || has("vp")
        || l.contains("head")
        || l.contains("lead")
    {
        Some("manager")
    } else if has("ae")
        || l.contains("account executive")
        || l.contains("sales")
        || l.contains("executive")
    {
        Some("AE")
    } else {
        None
    }
}
