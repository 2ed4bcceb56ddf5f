//! The ramp board's commands (docs/method.md §5).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApiResult, Download};
use crate::ramp::board::{self, RampBoard, RepRamp};
use crate::ramp::plan::{RampPlan, Role};
use crate::store::Workspace;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RampRequest {
    /// One role's reps only; all when absent.
    pub role: Option<Role>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RepRampRequest {
    /// The rep's name as the roster writes it (case does not matter).
    pub rep: String,
    /// The last N complete weeks; 26 when absent.
    pub weeks: Option<u32>,
}

/// The board, kept while the workspace is unchanged (the Team page and the
/// board's workbook ask for it one after the other).
fn kept_board(ws: &Workspace, role: Option<Role>) -> crate::error::Result<RampBoard> {
    let today = ws.today();
    ws.kept(format!("ramp_board {today} {role:?}"), |conn| {
        board::board(conn, today, role)
    })
}

fn kept_rep(ws: &Workspace, req: &RepRampRequest) -> crate::error::Result<RepRamp> {
    let today = ws.today();
    let key = format!("rep_ramp {today} {:?} {:?}", req.rep, req.weeks);
    ws.kept(key, |conn| {
        board::rep_ramp(conn, today, &req.rep, req.weeks)
    })
}

pub fn ramp_board(ws: &Workspace, req: RampRequest) -> ApiResult<RampBoard> {
    Ok(kept_board(ws, req.role)?)
}

pub fn rep_ramp(ws: &Workspace, req: RepRampRequest) -> ApiResult<RepRamp> {
    Ok(kept_rep(ws, &req)?)
}

/// Saves a role's ramp plan and answers with every role's.
pub fn save_ramp_plan(ws: &Workspace, plan: RampPlan) -> ApiResult<Vec<RampPlan>> {
    let conn = ws.conn();
    board::save_plan(&conn, &plan)?;
    Ok(board::plans(&conn)?)
}

/// The board and the harness as a print-ready workbook.
pub fn ramp_xlsx(ws: &Workspace, req: RampRequest) -> ApiResult<Download> {
    let b = kept_board(ws, req.role)?;
    Ok(Download {
        file_name: format!("Ramp board {}.xlsx", b.as_of),
        bytes: crate::export::ramp::board_workbook(&b)?,
    })
}

/// One rep's one-pager for the 1:1.
pub fn rep_ramp_xlsx(ws: &Workspace, req: RepRampRequest) -> ApiResult<Download> {
    let r = kept_rep(ws, &req)?;
    Ok(Download {
        file_name: format!("{} - ramp 1-1 {}.xlsx", r.rep.name, r.as_of),
        bytes: crate::export::ramp::one_pager(&r)?,
    })
}
