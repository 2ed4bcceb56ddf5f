//! The board-ready forecast workbook (`export::board`) as a command: bytes
//! out, wired by hand in the server and the desktop shell like `template_xlsx`.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{quarter, ApiResult, Download};
use crate::error::Error;
use crate::export::board::{self, BoardOptions, BoardPack};
use crate::store::Workspace;

/// Which quarter to export, and an optional goal for this export.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct BoardRequest {
    /// `YYYY-Qn` fiscal quarter; the current one when absent.
    pub quarter: Option<String>,
    /// Overrides the stored team goal for this export (minor units).
    pub goal: Option<i64>,
}

/// The board pack with what it holds (the CLI reports on it).
pub fn board_pack(ws: &Workspace, req: BoardRequest) -> ApiResult<BoardPack> {
    if req.goal.is_some_and(|g| g < 0) {
        return Err(Error::invalid("The goal cannot be negative.").into());
    }
    let opts = BoardOptions {
        quarter: quarter(req.quarter.as_deref())?,
        goal: req.goal,
        today: ws.today(),
        generated_at: chrono::Local::now().naive_local(),
        trend: None,
    };
    Ok(board::board_pack(&ws.conn(), &opts)?)
}

/// The board-ready forecast workbook of a quarter.
pub fn board_xlsx(ws: &Workspace, req: BoardRequest) -> ApiResult<Download> {
    let pack = board_pack(ws, req)?;
    Ok(Download {
        file_name: format!("Board forecast {}.xlsx", pack.quarter),
        bytes: pack.bytes,
    })
}
