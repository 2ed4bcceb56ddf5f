//! Forecast history: the weekly snapshots, the manager's called number, the
//! trend by week, the pipeline movement between two snapshots and the
//! quarter-end accuracy (docs/method.md §2, "Forecast accuracy").
//!
//! The commands take a snapshot of the current week first when none exists
//! ("the first open of the week"), so the trend fills itself in as the
//! manager uses the app; `take_snapshot` takes one on demand.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::{ApiResult, Empty, ForecastHistory, Movement, SnapshotInfo, SnapshotKind};
use crate::error::Error;
use crate::forecast::history;
use crate::store::Workspace;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ForecastHistoryRequest {
    /// `YYYY-Qn`; the current quarter when absent.
    pub quarter: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CallForecastRequest {
    /// The number the manager calls for this quarter, minor units; null withdraws this week's call.
    pub amount: Option<i64>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MovementRequest {
    pub from: i64,
    pub to: i64,
}

/// How often a host checks whether the week has turned while it is open.
pub const WEEK_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Takes the week's snapshot when none exists yet. The hosts (the local
/// server, the desktop app) call it when they open a workspace and every
/// [`WEEK_CHECK_EVERY`] after, so the week's snapshot is taken where the week
/// turns; read commands never write. A failure is logged, never fatal.
pub fn keep_weekly_snapshot(ws: &Workspace) {
    if let Err(e) = history::ensure_weekly(&ws.conn(), ws.today()) {
        tracing::warn!("weekly forecast snapshot not taken: {e}");
    }
}

/// Takes a snapshot of the current quarter now.
pub fn take_snapshot(ws: &Workspace, _: Empty) -> ApiResult<SnapshotInfo> {
    Ok(history::take(&ws.conn(), ws.today(), SnapshotKind::Manual)?)
}

pub fn forecast_history(ws: &Workspace, req: ForecastHistoryRequest) -> ApiResult<ForecastHistory> {
    let q = super::quarter(req.quarter.as_deref())?;
    Ok(history::history(&ws.conn(), q, ws.today())?)
}

/// Records (or withdraws) this week's called number; returns the current quarter's history.
pub fn call_forecast(ws: &Workspace, req: CallForecastRequest) -> ApiResult<ForecastHistory> {
    if req.amount.is_some_and(|a| a < 0) {
        return Err(Error::invalid("A called number cannot be negative.").into());
    }
    // A call belongs to the week's snapshot: make sure the week has one.
    keep_weekly_snapshot(ws);
    let conn = ws.conn();
    history::call(&conn, ws.today(), req.amount, &req.note)?;
    Ok(history::history(&conn, None, ws.today())?)
}

pub fn pipeline_movement(ws: &Workspace, req: MovementRequest) -> ApiResult<Movement> {
    Ok(history::movement(&ws.conn(), req.from, req.to)?)
}
