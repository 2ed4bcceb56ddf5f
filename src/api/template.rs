//! Commands of the Process page: the template, its undo, presets, and the
//! spreadsheet round trip.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApiResult, Download, Empty};
use crate::error::Error;
use crate::process::template::{self as tpl, Preset, ProcessTemplate, MEDDPICC};
use crate::store::{self, template::Source, Workspace};

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
        presets: [Preset::AgreementBased]
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
    let mut fresh = match req.preset {
        Preset::AgreementBased => tpl::default_template(),
    };
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
