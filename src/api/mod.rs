//! The one command layer. Every operation the UI uses is a plain function
//! here, `fn(&Workspace, Request) -> Result<Response, ApiError>`; the desktop
//! shell registers each as a Tauri command and `salesos serve` exposes the
//! same functions over HTTP (see `commands.rs` for the list).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod bindings;
mod board;
mod commands;
mod deal;
mod file_name;
mod hiring;
mod hiring_types;
mod history;
mod ramp;
mod review;
mod scale;
mod template;
mod types;

pub use board::*;
pub use commands::{UploadRequest, FILE_NAME_HEADER};
pub use deal::*;
pub use file_name::{content_disposition, safe_file_name};
pub use hiring::*;
pub use hiring_types::*;
pub use history::*;
pub use ramp::*;
pub use review::*;
pub use scale::*;
pub use template::*;
pub use types::*;

// The records the commands return live with the layer that makes them; they
// are named here too so the UI's types are generated from one place.
pub use crate::demo::DemoSummary;
pub use crate::forecast::history::{
    Accuracy, AccuracyWeek, DealState, ForecastCall, ForecastHistory, Movement, MovementCategory,
    MovementRow, MovementTotal, SnapshotInfo, SnapshotKind, TrendPoint,
};
pub use crate::forecast::{
    CarriedGap, CreateAndCloseSource, ForecastLine, ForecastReport, GapCloser, GapPlan,
    OpenWithoutCloseDate, QuarterQuotas, RepQuota,
};
pub use crate::hiring::{ComparedCandidate, Debrief, RoleComparison};
pub use crate::model::{
    Deal, DealColumn, DealPage, DealQuery, Goal, GoalBasis, QuarterAmount, Rep, RiskFilter,
    Settings, StatusTotal,
};
pub use crate::money::currencies::CurrencyInfo;
pub use crate::review::{
    FlagKind, PlannedStep, ReviewFlag, ReviewGroup, ReviewItem, ReviewQueue, ReviewRecord,
    SaveReviewRequest, SavedReview, Verified,
};
pub use crate::scaling::{
    plan::{HireLine, RoleAssumption},
    readiness::FailureModeKind,
    Capacity, Check, CheckName, CheckStatus, ExitCriterion, FailureMode, Hire, Input, MissingInput,
    Period, PlanMonth, Readiness, SalesOps, ScaleInputs, ScalePlan, ScalePlanRequest, ScaleReport,
    ScaleRequest, Span, StaffRole, Stage as ScaleStage, StageReport, Thresholds,
    Verdict as ScaleVerdict,
};
pub use crate::store::corrections::{Correction, CorrectionField};
pub use crate::store::meddpicc::{MeddpiccEntry, MeddpiccStatus};
pub use crate::store::next_steps::NextStep;
pub use crate::store::timeline::{TimelineEntry, TimelineKind};

use crate::calendar::Quarter;
use crate::error::Error;
use crate::forecast;
use crate::import::{
    self, ImportCommitRequest, ImportIdRequest, ImportPreview, ImportPreviewRequest,
    ImportProgress, ImportRecord, ImportReport, StageChoice, StageMappingEntry, StagePathRequest,
    StagedFile, Upload,
};
use crate::store::{self, Workspace};

/// What kind of failure an [`ApiError`] is: the UI and the server decide by
/// it (retry, HTTP status), never by the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request does not make sense (bad quarter, unknown option...).
    Invalid,
    NotFound,
    /// The file could not be read as a spreadsheet.
    Unreadable,
    /// `strict` and the file had problems: nothing was imported.
    Rejected,
    /// Another write held the workspace too long: nothing changed, try again.
    Busy,
    /// The write could not be made durable: nothing was saved.
    Unsafe,
    /// The request did not carry this launch's token.
    Unauthorized,
    Internal,
}

/// An error as the UI receives it: a stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let code = match &e {
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Unreadable(_) => ErrorCode::Unreadable,
            Error::Rejected(_) => ErrorCode::Rejected,
            Error::Busy => ErrorCode::Busy,
            Error::Unsafe(_) => ErrorCode::Unsafe,
            Error::Workspace { source, .. } => match **source {
                Error::Busy => ErrorCode::Busy,
                Error::Unsafe(_) => ErrorCode::Unsafe,
                _ => ErrorCode::Internal,
            },
            _ => ErrorCode::Internal,
        };
        if code == ErrorCode::Internal {
            // The details (SQL, paths) help us, not a sales leader: they go to the log.
            tracing::error!("internal error: {e}");
            return ApiError::new(
                code,
                "SalesOS hit an internal problem and did not finish this. Nothing was lost; try again, and if it keeps happening, restart the app.",
            );
        }
        ApiError::new(code, e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A file to hand to the user (download in a browser, save dialog on desktop).
#[derive(Debug, Clone)]
pub struct Download {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn quarter(q: Option<&str>) -> Result<Option<Quarter>, Error> {
    q.filter(|s| !s.trim().is_empty())
        .map(str::parse)
        .transpose()
}

pub fn workspace_info(ws: &Workspace, _: Empty) -> ApiResult<WorkspaceInfo> {
    let conn = ws.conn();
    let count = |sql: &str| -> Result<u32, Error> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let deals = count("SELECT count(*) FROM deals")?;
    let reps = count("SELECT count(*) FROM reps")?;
    let cal = store::settings::calendar(&conn)?;
    Ok(WorkspaceInfo {
        data_dir: ws.dir().display().to_string(),
        deals,
        open_deals: count("SELECT count(*) FROM deals WHERE status = 'open'")?,
        reps,
        imports: count(
            "SELECT count(*) FROM imports WHERE kind <> 'demo' AND reverted_at IS NULL",
        )?,
        currency: store::settings::currency(&conn)?,
        today: ws.today(),
        current_quarter: cal.quarter_of(ws.today()).to_string(),
        empty: deals == 0 && reps == 0,
        stages: store::template::load(&conn)?
            .stages
            .into_iter()
            .map(|s| StageInfo {
                number: s.number,
                name: s.name,
                question: s.question,
            })
            .collect(),
    })
}

pub fn load_demo(ws: &Workspace, _: Empty) -> ApiResult<DemoSummary> {
    Ok(crate::demo::load(ws)?)
}

pub fn list_deals(ws: &Workspace, q: DealQuery) -> ApiResult<DealPage> {
    let conn = ws.conn();
    let cal = store::settings::calendar(&conn)?;
    Ok(store::deals::query(&conn, &cal, &q)?)
}

pub fn pipeline_facets(ws: &Workspace, _: Empty) -> ApiResult<PipelineFacets> {
    let conn = ws.conn();
    let cal = store::settings::calendar(&conn)?;
    let current = cal.quarter_of(ws.today()).to_string();
    let mut quarters = store::deals::quarters(&conn, &cal)?;
    if !quarters.contains(&current) {
        quarters.push(current.clone());
        quarters.sort_by(|a, b| b.cmp(a));
    }
    Ok(PipelineFacets {
        reps: store::reps::list(&conn)?,
        quarters,
        current_quarter: current,
    })
}

pub fn set_risk(ws: &Workspace, req: SetRiskRequest) -> ApiResult<Deal> {
    let conn = ws.conn();
    let cal = store::settings::calendar(&conn)?;
    Ok(store::deals::set_risk(&conn, &cal, req.deal_id, req.risk)?)
}

pub fn forecast(ws: &Workspace, req: ForecastRequest) -> ApiResult<ForecastReport> {
    for (what, v) in [
        ("goal", req.goal),
        ("create-and-close amount", req.create_and_close),
    ] {
        if v.is_some_and(|v| v < 0) {
            return Err(Error::invalid(format!("The {what} cannot be negative.")).into());
        }
    }
    let conn = ws.conn();
    let q = quarter(req.quarter.as_deref())?;
    Ok(forecast::compute(
        &conn,
        &store::settings::load(&conn)?,
        q,
        ws.today(),
        forecast::Overrides {
            goal: req.goal,
            create_and_close: req.create_and_close,
        },
    )?)
}

/// The quarter's board number, each rep's quota, their sum and the
/// over-assignment, as Settings shows them beside the goal editors.
pub fn quarter_quotas(ws: &Workspace, req: QuotasRequest) -> ApiResult<QuarterQuotas> {
    let conn = ws.conn();
    let settings = store::settings::load(&conn)?;
    let q = quarter(req.quarter.as_deref())?
        .unwrap_or_else(|| settings.calendar().quarter_of(ws.today()));
    Ok(forecast::quotas(&conn, &settings, q)?)
}

pub fn get_settings(ws: &Workspace, _: Empty) -> ApiResult<Settings> {
    Ok(store::settings::load(&ws.conn())?)
}

/// The ISO 4217 currencies a workspace can use, for the Settings picker.
pub fn currencies(_: &Workspace, _: Empty) -> ApiResult<Vec<CurrencyInfo>> {
    Ok(crate::money::currencies::all())
}

pub fn save_settings(ws: &Workspace, req: SaveSettingsRequest) -> ApiResult<Settings> {
    let conn = ws.conn();
    store::settings::save(&conn, &req.currency, req.fiscal_year_start_month)?;
    Ok(store::settings::load(&conn)?)
}

pub fn set_goal(ws: &Workspace, req: SetGoalRequest) -> ApiResult<Settings> {
    let q: Quarter = req.quarter.parse()?;
    if req.amount.is_some_and(|a| a < 0) {
        return Err(Error::invalid("A goal cannot be negative.").into());
    }
    let conn = ws.conn();
    if let Some(rep) = req.rep_id {
        let exists: bool = conn
            .query_row("SELECT count(*) > 0 FROM reps WHERE id = ?1", [rep], |r| {
                r.get(0)
            })
            .map_err(Error::from)?;
        if !exists {
            return Err(Error::NotFound(format!("Rep {rep}")).into());
        }
    }
    store::settings::set_goal(&conn, &q.to_string(), req.rep_id, req.amount)?;
    Ok(store::settings::load(&conn)?)
}

pub fn set_create_and_close(ws: &Workspace, req: SetCreateAndCloseRequest) -> ApiResult<Settings> {
    let q: Quarter = req.quarter.parse()?;
    if req.amount.is_some_and(|a| a < 0) {
        return Err(Error::invalid("The create-and-close amount cannot be negative.").into());
    }
    let conn = ws.conn();
    store::settings::set_create_and_close(&conn, &q.to_string(), req.amount)?;
    Ok(store::settings::load(&conn)?)
}

pub fn list_reps(ws: &Workspace, _: Empty) -> ApiResult<Vec<Rep>> {
    Ok(store::reps::list(&ws.conn())?)
}

/// A file the user dropped in or picked in the page (browser upload or
/// desktop drop), once its bytes are in `body`: checked and kept for import.
pub fn stage_upload(ws: &Workspace, req: UploadRequest, body: Upload) -> ApiResult<StagedFile> {
    Ok(body.finish(ws, &req.file_name)?)
}

pub fn stage_path(ws: &Workspace, req: StagePathRequest) -> ApiResult<StagedFile> {
    Ok(import::stage_path(ws, std::path::Path::new(&req.path))?)
}

pub fn import_preview(ws: &Workspace, req: ImportPreviewRequest) -> ApiResult<ImportPreview> {
    let (name, bytes) = import::read_staged(ws, &req.file_id)?;
    Ok(import::preview(
        ws,
        &req.file_id,
        &name,
        &bytes,
        req.sheet.as_deref(),
        req.kind,
        req.mapping,
    )?)
}

pub fn import_commit(ws: &Workspace, req: ImportCommitRequest) -> ApiResult<ImportReport> {
    let (name, bytes) = import::read_staged(ws, &req.file_id)?;
    let options = import::ImportOptions {
        sheet: req.sheet,
        kind: req.kind,
        mapping: req.mapping,
        columns: Vec::new(),
        stages: req.stages,
        activity_types: req.activity_types,
        strict: req.strict,
        dry_run: req.dry_run,
    };
    let report = import::import_bytes(ws, &name, &bytes, &options, &mut |_, _, _| {})?;
    if report.import_id.is_some() {
        import::discard(ws, &req.file_id);
    }
    Ok(report)
}

/// Removes a dropped-in file the user left without importing.
pub fn discard_staged(ws: &Workspace, req: import::FileIdRequest) -> ApiResult<Empty> {
    import::discard(ws, &req.file_id);
    Ok(Empty {})
}

pub fn import_progress(ws: &Workspace, _: Empty) -> ApiResult<ImportProgress> {
    Ok(import::progress::get(ws))
}

pub fn list_imports(ws: &Workspace, _: Empty) -> ApiResult<Vec<ImportRecord>> {
    Ok(import::history::list(&ws.conn())?)
}

pub fn import_report(ws: &Workspace, req: ImportIdRequest) -> ApiResult<ImportReport> {
    Ok(import::history::report(&ws.conn(), req.import_id)?)
}

pub fn revert_import(ws: &Workspace, req: ImportIdRequest) -> ApiResult<ImportRecord> {
    Ok(import::history::revert(&mut ws.conn(), req.import_id)?)
}

/// The rejected and flagged rows of an import as a workbook to fix and re-import.
pub fn import_issues_xlsx(ws: &Workspace, req: ImportIdRequest) -> ApiResult<Download> {
    let conn = ws.conn();
    let (report, issues) = import::history::issues(&conn, req.import_id)?;
    let bytes = crate::export::issues_workbook(&report, &issues)?;
    let stem = report
        .file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(&report.file_name)
        .to_string();
    Ok(Download {
        file_name: format!("{stem} - rows to fix.xlsx"),
        bytes,
    })
}

pub fn stage_mapping(ws: &Workspace, _: Empty) -> ApiResult<Vec<StageMappingEntry>> {
    Ok(store::stages::list(&ws.conn())?)
}

pub fn set_stage_mapping(ws: &Workspace, req: StageChoice) -> ApiResult<Vec<StageMappingEntry>> {
    let mut conn = ws.conn();
    let tx = conn.transaction().map_err(Error::from)?;
    let preset = store::template::load(&tx)?.preset;
    store::stages::save(&tx, preset, &req, None)?;
    store::stages::apply_to_deals(&tx, &req)?;
    tx.commit().map_err(Error::from)?;
    Ok(store::stages::list(&conn)?)
}
