//! Commands of the Process page: the template, its undo, presets, and the
//! spreadsheet round trip.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApiResult, Download, Empty, MeddpiccEntry, MeddpiccStatus, NextStep};
use crate::error::Error;
use crate::process::template::{self as tpl, Preset, ProcessTemplate, MEDDPICC};
use crate::store::{self, template::Source, Workspace};

/// One exit criterion on a deal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChecklistCriterion {
    pub id: String,
    pub text: String,
    pub checked: bool,
}

/// A stage of the template as it applies to one deal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChecklistStage {
    pub number: u8,
    pub name: String,
    pub question: String,
    pub criteria: Vec<ChecklistCriterion>,
}

/// A deal held to the template: the criteria of its stage and every earlier
/// one, and what to get next.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DealChecklist {
    pub deal_id: i64,
    pub stage: Option<u8>,
    /// Stages 0 to the deal's stage (all of them for a deal without one).
    pub stages: Vec<ChecklistStage>,
    /// The next stage: its question and criteria are what to get next.
    pub next: Option<ChecklistStage>,
    /// Criteria of earlier stages left unchecked.
    pub unmet_criteria: u32,
    /// The stage is not backed by the earlier stages' criteria, which someone
    /// has looked at.
    pub stage_skipping: bool,
    /// Someone has looked at the criteria (one checked, or a review); until
    /// then unmet criteria mean "not reviewed yet" rather than stage skipping.
    pub criteria_reviewed: bool,
    pub moved_back: bool,
    /// Planned next steps not done yet, soonest first.
    pub next_steps: Vec<NextStep>,
    /// The MEDDPICC fields, when the template's overlay is on.
    pub meddpicc: Option<Vec<MeddpiccEntry>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetMeddpiccRequest {
    pub deal_id: i64,
    pub field: u8,
    pub status: Option<MeddpiccStatus>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AddNextStepRequest {
    pub deal_id: i64,
    pub text: String,
    pub criterion_id: Option<String>,
    pub owner: Option<String>,
    pub due_date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NextStepIdRequest {
    pub step_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DealIdRequest {
    pub deal_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetCriterionRequest {
    pub deal_id: i64,
    pub criterion_id: String,
    pub checked: bool,
}

/// A preset as the Process page offers it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PresetInfo {
    pub preset: Preset,
    pub label: String,
}

/// The template with what the page needs around it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TemplateView {
    pub template: ProcessTemplate,
    /// How many saved changes can be undone.
    pub undo_depth: u32,
    pub presets: Vec<PresetInfo>,
    pub meddpicc_fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveTemplateRequest {
    pub template: ProcessTemplate,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ApplyPresetRequest {
    pub preset: Preset,
}

/// A staged file to read as a template.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportTemplateRequest {
    pub file_id: String,
}

/// What taking a template back from a spreadsheet changed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TemplateImportReport {
    pub file_name: String,
    /// One sentence per change; empty when the file matched the template.
    pub changes: Vec<String>,
    pub template: TemplateView,
}

fn view(conn: &rusqlite::Connection) -> Result<TemplateView, Error> {
    Ok(TemplateView {
        template: store::template::load(conn)?,
        undo_depth: store::template::undo_depth(conn)?,
        presets: Preset::ALL
            .into_iter()
            .map(|p| PresetInfo {
                preset: p,
                label: p.label().to_string(),
            })
            .collect(),
        meddpicc_fields: MEDDPICC.iter().map(|f| f.to_string()).collect(),
    })
}

pub fn get_template(ws: &Workspace, _: Empty) -> ApiResult<TemplateView> {
    Ok(view(&ws.conn())?)
}

/// Saves an edit (the page saves as the user types).
pub fn save_template(ws: &Workspace, req: SaveTemplateRequest) -> ApiResult<TemplateView> {
    let conn = ws.conn();
    store::template::save(&conn, &req.template, Source::Edit, None)?;
    Ok(view(&conn)?)
}

pub fn undo_template(ws: &Workspace, _: Empty) -> ApiResult<TemplateView> {
    let conn = ws.conn();
    store::template::undo(&conn)?;
    Ok(view(&conn)?)
}

/// Starts over from a preset, keeping the overlay choice. Undoable; deals
/// keep their stages, risks and checked criteria.
pub fn apply_preset(ws: &Workspace, req: ApplyPresetRequest) -> ApiResult<TemplateView> {
    let conn = ws.conn();
    let current = store::template::load(&conn)?;
    let mut fresh = tpl::preset_template(req.preset);
    fresh.meddpicc = current.meddpicc;
    store::template::save(&conn, &fresh, Source::Preset, None)?;
    Ok(view(&conn)?)
}

/// Applies the edits in a template spreadsheet someone returned.
pub fn import_template_bytes(
    ws: &Workspace,
    file_name: &str,
    bytes: &[u8],
) -> ApiResult<TemplateImportReport> {
    let conn = ws.conn();
    let current = store::template::load(&conn)?;
    let read = crate::import::template::read_template(bytes, &current)?;
    store::template::save(&conn, &read.template, Source::Import, Some(file_name))?;
    Ok(TemplateImportReport {
        file_name: file_name.to_string(),
        changes: read.changes,
        template: view(&conn)?,
    })
}

pub fn import_template(
    ws: &Workspace,
    req: ImportTemplateRequest,
) -> ApiResult<TemplateImportReport> {
    let (file_name, bytes) = crate::import::read_staged(ws, &req.file_id)?;
    let report = import_template_bytes(ws, &file_name, &bytes)?;
    crate::import::discard(ws, &req.file_id);
    Ok(report)
}

/// The template as a print-ready workbook to share.
pub fn template_xlsx(ws: &Workspace, _: Empty) -> ApiResult<Download> {
    let conn = ws.conn();
    let template = store::template::load(&conn)?;
    let mapping = store::stages::list(&conn)?;
    Ok(Download {
        file_name: "Sales process template.xlsx".into(),
        bytes: crate::export::template::template_workbook(&template, &mapping)?,
    })
}

fn checklist(conn: &rusqlite::Connection, deal_id: i64) -> Result<DealChecklist, Error> {
    let cal = store::settings::calendar(conn)?;
    let deal = store::deals::get(conn, &cal, deal_id)?;
    let template = store::template::load(conn)?;
    let checked = store::checklist::checked(conn, deal_id)?;
    let stage_of = |s: &tpl::TemplateStage| ChecklistStage {
        number: s.number,
        name: s.name.clone(),
        question: s.question.clone(),
        criteria: s
            .exit_criteria
            .iter()
            .map(|c| ChecklistCriterion {
                id: c.id.clone(),
                text: c.text.clone(),
                checked: checked.contains(&c.id),
            })
            .collect(),
    };
    let upto = deal.stage.unwrap_or(u8::MAX);
    let open = deal.status == crate::process::DealStatus::Open;
    Ok(DealChecklist {
        deal_id,
        stage: deal.stage,
        stages: template
            .stages
            .iter()
            .filter(|s| s.number <= upto)
            .map(stage_of)
            .collect(),
        next: deal
            .stage
            .filter(|_| open)
            .and_then(|n| template.stage(n + 1))
            .map(stage_of),
        unmet_criteria: deal.unmet_criteria,
        stage_skipping: deal.criteria_reviewed && deal.unmet_criteria > 0,
        criteria_reviewed: deal.criteria_reviewed,
        moved_back: deal.moved_back,
        next_steps: store::next_steps::list_open(conn, deal_id)?,
        meddpicc: if template.meddpicc {
            Some(store::meddpicc::load(conn, deal_id)?)
        } else {
            None
        },
    })
}

pub fn deal_checklist(ws: &Workspace, req: DealIdRequest) -> ApiResult<DealChecklist> {
    Ok(checklist(&ws.conn(), req.deal_id)?)
}

/// Checks or unchecks an exit criterion on a deal.
pub fn set_criterion(ws: &Workspace, req: SetCriterionRequest) -> ApiResult<DealChecklist> {
    let conn = ws.conn();
    store::checklist::set(&conn, req.deal_id, &req.criterion_id, req.checked)?;
    Ok(checklist(&conn, req.deal_id)?)
}

/// Plans a next step on a deal: what to get, who, by when.
pub fn add_next_step(ws: &Workspace, req: AddNextStepRequest) -> ApiResult<DealChecklist> {
    let conn = ws.conn();
    store::next_steps::add(
        &conn,
        req.deal_id,
        &req.text,
        req.criterion_id.as_deref(),
        req.owner.as_deref(),
        req.due_date,
    )?;
    Ok(checklist(&conn, req.deal_id)?)
}

pub fn complete_next_step(ws: &Workspace, req: NextStepIdRequest) -> ApiResult<DealChecklist> {
    let conn = ws.conn();
    let deal = store::next_steps::complete(&conn, req.step_id)?;
    Ok(checklist(&conn, deal)?)
}

/// Sets one MEDDPICC field of a deal (kept even while the overlay is off).
pub fn set_meddpicc(ws: &Workspace, req: SetMeddpiccRequest) -> ApiResult<DealChecklist> {
    let conn = ws.conn();
    store::meddpicc::set(&conn, req.deal_id, req.field, req.status, &req.note)?;
    Ok(checklist(&conn, req.deal_id)?)
}
