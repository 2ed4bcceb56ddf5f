//! The records of forecast history: weekly snapshots, the manager's call,
//! the trend, quarter-end accuracy and the pipeline movement between two
//! snapshots (docs/method.md §2, "History and accuracy").
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::process::{DealStatus, Risk};

/// One week of a quarter's forecast, as the latest snapshot of that week
/// saw it (or, for the current week before any snapshot, as it stands now).
/// Money in minor units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrendPoint {
    /// First day of the fiscal week (a Monday, or the quarter's first day).
    pub week_start: NaiveDate,
    pub forecast: i64,
    pub commit: i64,
    pub best_case: i64,
    pub closed_won: i64,
    pub goal: Option<i64>,
    /// The number the manager called that week (the judgement override).
    pub called: Option<i64>,
    pub call_note: Option<String>,
}

/// Whether a snapshot was taken on the week's first open or asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKind {
    Auto,
    Manual,
}

impl SnapshotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotKind::Auto => "auto",
            SnapshotKind::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Self {
        if s == "manual" {
            SnapshotKind::Manual
        } else {
            SnapshotKind::Auto
        }
    }
}

/// A stored snapshot with the team's figures of that day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SnapshotInfo {
    pub id: i64,
    pub quarter: String,
    pub week_start: NaiveDate,
    /// The workspace's "today" when it was taken.
    pub taken_on: NaiveDate,
    /// Local wall-clock time it was written, `YYYY-MM-DD HH:MM:SS`.
    pub taken_at: String,
    pub kind: SnapshotKind,
    pub forecast: i64,
    pub commit: i64,
    pub best_case: i64,
    pub closed_won: i64,
    pub goal: Option<i64>,
    pub open_pipeline: i64,
    /// Deals whose state it kept.
    pub deals: u32,
}

/// The manager's called number for one week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ForecastCall {
    pub quarter: String,
    pub week_start: NaiveDate,
    pub amount: i64,
    pub note: String,
    pub called_at: String,
}

/// How close one week's forecast and call came to what was actually won.
/// Errors are forecast minus actual: positive means the week forecast too much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccuracyWeek {
    pub week_start: NaiveDate,
    pub forecast: i64,
    pub forecast_error: i64,
    /// Error / actual (0.012 = 1.2%); null when nothing was won.
    pub forecast_error_pct: Option<f64>,
    pub called: Option<i64>,
    pub called_error: Option<i64>,
    pub called_error_pct: Option<f64>,
}

/// Forecast accuracy of a finished quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Accuracy {
    /// Closed won of the quarter as the deals stand today.
    pub actual_closed_won: i64,
    pub weeks: Vec<AccuracyWeek>,
    /// Best-in-class teams call the quarter within this share of actuals (0.01).
    pub best_in_class: f64,
    /// Weeks whose call (or forecast, in weeks without a call) was within it.
    pub weeks_within: u32,
}

/// Everything the Forecast page's history section shows for one quarter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ForecastHistory {
    pub quarter: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub today: NaiveDate,
    pub currency: String,
    /// The quarter is over: accuracy can be judged.
    pub finished: bool,
    /// This fiscal week's start when the quarter is the current one.
    pub current_week: Option<NaiveDate>,
    /// Every fiscal week of the quarter, for the chart's axis.
    pub weeks: Vec<NaiveDate>,
    pub trend: Vec<TrendPoint>,
    /// Every snapshot of the quarter, oldest first (for the movement view).
    pub snapshots: Vec<SnapshotInfo>,
    /// This week's call, if the manager made one.
    pub call: Option<ForecastCall>,
    pub accuracy: Option<Accuracy>,
    /// The quarter's forecast as it stands now (not this week's snapshot,
    /// which risk changes since may have overtaken): where a call starts.
    pub forecast_now: i64,
    /// The quarter's goal as it stands now.
    pub goal: Option<i64>,
}

/// What happened to a deal between two snapshots, seen from the quarter.
/// Every change of the forecast falls in one (docs/method.md §2, "History
/// and accuracy"): a risk change that takes a deal into or out of the
/// forecast is movement like a push or a loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MovementCategory {
    /// Created since, closing in the quarter.
    New,
    /// Close date moved into the quarter, or earlier inside it.
    PulledIn,
    /// Close date moved out of the quarter, or later inside it.
    PushedOut,
    Won,
    Lost,
    /// Risk now green or yellow, before orange, red or not assessed: it
    /// entered the forecast.
    IntoForecast,
    /// Risk was green or yellow, now orange, red or not assessed: it left
    /// the forecast.
    OutOfForecast,
    AmountUp,
    AmountDown,
    /// Risk changed without entering or leaving the forecast (green to
    /// yellow moves commit to best case; orange to red changes nothing).
    RiskChanged,
    /// In the quarter before, no longer in the workspace (a reverted import).
    Removed,
    /// Not a deal: the create-and-close estimate changed (fewer days left,
    /// or the manager's number).
    CreateAndClose,
}

impl MovementCategory {
    pub const ALL: [MovementCategory; 12] = [
        MovementCategory::New,
        MovementCategory::PulledIn,
        MovementCategory::PushedOut,
        MovementCategory::Won,
        MovementCategory::Lost,
        MovementCategory::IntoForecast,
        MovementCategory::OutOfForecast,
        MovementCategory::AmountUp,
        MovementCategory::AmountDown,
        MovementCategory::RiskChanged,
        MovementCategory::Removed,
        MovementCategory::CreateAndClose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MovementCategory::New => "new",
            MovementCategory::PulledIn => "pulled_in",
            MovementCategory::PushedOut => "pushed_out",
            MovementCategory::Won => "won",
            MovementCategory::Lost => "lost",
            MovementCategory::IntoForecast => "into_forecast",
            MovementCategory::OutOfForecast => "out_of_forecast",
            MovementCategory::AmountUp => "amount_up",
            MovementCategory::AmountDown => "amount_down",
            MovementCategory::RiskChanged => "risk_changed",
            MovementCategory::Removed => "removed",
            MovementCategory::CreateAndClose => "create_and_close",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MovementCategory::New => "New",
            MovementCategory::PulledIn => "Pulled in",
            MovementCategory::PushedOut => "Pushed out",
            MovementCategory::Won => "Won",
            MovementCategory::Lost => "Lost",
            MovementCategory::IntoForecast => "Into the forecast",
            MovementCategory::OutOfForecast => "Out of the forecast",
            MovementCategory::AmountUp => "Amount up",
            MovementCategory::AmountDown => "Amount down",
            MovementCategory::RiskChanged => "Risk changed",
            MovementCategory::Removed => "Removed",
            MovementCategory::CreateAndClose => "Create & close",
        }
    }
}

/// A deal as one snapshot kept it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DealState {
    pub amount: Option<i64>,
    pub close_date: Option<NaiveDate>,
    pub stage: Option<u8>,
    pub status: DealStatus,
    pub risk: Option<Risk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MovementRow {
    pub deal_id: i64,
    /// As the deal is named today; null when it is no longer in the workspace.
    pub name: Option<String>,
    pub account: Option<String>,
    pub owner: Option<String>,
    pub category: MovementCategory,
    pub before: Option<DealState>,
    pub after: Option<DealState>,
    /// What the category's total counts for this deal: its amount now for
    /// new, pulled-in and won deals, its amount before for pushed, lost and
    /// removed ones, and the difference for amount changes.
    pub amount: i64,
    /// Change to the quarter's open pipeline this deal made.
    pub pipeline_change: i64,
    /// Change to the quarter's forecast this deal made: what it counted for
    /// after (won, or open green or yellow, in the quarter) minus before.
    pub forecast_change: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MovementTotal {
    pub category: MovementCategory,
    pub deals: u32,
    pub amount: i64,
    pub pipeline_change: i64,
    pub forecast_change: i64,
    /// Rows of this category in `rows` (the largest, when there are many).
    pub shown: u32,
}

/// The pipeline movement of a quarter between two snapshots:
/// open pipeline before + every category's change = open pipeline after,
/// and forecast before + every category's forecast change = forecast after.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Movement {
    pub quarter: String,
    pub currency: String,
    pub from: SnapshotInfo,
    pub to: SnapshotInfo,
    pub open_pipeline_from: i64,
    pub open_pipeline_to: i64,
    /// The earlier snapshot's forecast (seen from the later one's quarter
    /// when they are of different quarters).
    pub forecast_from: i64,
    pub forecast_to: i64,
    /// One per category with deals, in category order.
    pub totals: Vec<MovementTotal>,
    /// By category, largest first within each.
    pub rows: Vec<MovementRow>,
}
