//! Request and response types of the command layer.
//!
//! Every type here crosses the boundary to the UI, so each derives `TS` and is
//! written into `ui/src/lib/api-types.ts` (see `tests/it/bindings.rs`). Money is
//! always integer minor units of the workspace currency (cents for USD), so no
//! amount is ever rounded on its way to the screen; dates are `YYYY-MM-DD`.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Rep;
use crate::process::Risk;

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
    pub deal_id: i64,
    pub risk: Option<Risk>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ForecastRequest {
    /// `YYYY-Qn` fiscal quarter; the current one when absent.
    pub quarter: Option<String>,
    /// Overrides the stored team goal for this call (minor units).
    pub goal: Option<i64>,
    /// Overrides the create-and-close estimate for this call (minor units).
    pub create_and_close: Option<i64>,
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
    pub rep_id: Option<i64>,
    /// None removes the goal.
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetCreateAndCloseRequest {
    pub quarter: String,
    /// None returns to the estimate from history.
    pub amount: Option<i64>,
}

/// Which quarter's goals and quotas to show.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct QuotasRequest {
    /// `YYYY-Qn` fiscal quarter; the current one when absent.
    pub quarter: Option<String>,
}
