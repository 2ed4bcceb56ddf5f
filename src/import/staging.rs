//! Files the user dropped in wait in the workspace's `incoming` folder
//! between the preview and the import, so the browser and the desktop window
//! hand over a file once and then refer to it by id.
use std::path::Path;

use super::grid;
use super::model::StagedFile;
use super::sniff;
use crate::error::{Error, Result};
use crate::store::Workspace;

fn new_id() -> Result<String> {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).map_err(|e| Error::invalid(format!("no randomness available: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_hexdigit())
}

/// Keeps the bytes of a dropped-in file and says what it is. A file that is
/// not a spreadsheet is refused here, before the user maps anything.
pub fn stage_bytes(ws: &Workspace, file_name: &str, bytes: &[u8]) -> Result<StagedFile> {
    let format = sniff::sniff(bytes)?;
    let sheets = grid::sheet_names(format, bytes)?;
    let file_id = new_id()?;
    let name = sanitize(file_name);
    let dir = ws.incoming_dir();
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(&file_id), bytes)?;
    std::fs::write(dir.join(format!("{file_id}.name")), &name)?;
    Ok(StagedFile {
        file_id,
        file_name: name,
        format: format.label().to_string(),
        size: bytes.len() as u64,
        template: super::template::is_template(bytes),
        sheets,
    })
}

/// Stages a file the user picked in the desktop file dialog.
pub fn stage_path(ws: &Workspace, path: &Path) -> Result<StagedFile> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::unreadable(format!("Cannot read {}: {e}", path.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    stage_bytes(ws, &name, &bytes)
}

/// The staged file's name and bytes.
pub fn read_staged(ws: &Workspace, file_id: &str) -> Result<(String, Vec<u8>)> {
    if !valid_id(file_id) {
        return Err(Error::invalid(
            "That file reference is not valid; add the file again.",
        ));
    }
    let dir = ws.incoming_dir();
    let bytes = std::fs::read(dir.join(file_id)).map_err(|_| {
        Error::NotFound("The file (it may have been imported already; add it again)".into())
    })?;
    let name = std::fs::read_to_string(dir.join(format!("{file_id}.name")))
        .unwrap_or_else(|_| "file".into());
    Ok((name, bytes))
}

/// Forgets a staged file once it has been imported.
pub fn discard(ws: &Workspace, file_id: &str) {
    if valid_id(file_id) {
        let dir = ws.incoming_dir();
        let _ = std::fs::remove_file(dir.join(file_id));
        let _ = std::fs::remove_file(dir.join(format!("{file_id}.name")));
    }
}

fn sanitize(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "file".into()
    } else {
        clean
    }
}
