//! Files the user dropped in wait in the workspace's `incoming` folder
//! between the preview and the import, so the browser and the desktop window
//! hand over a file once and then refer to it by id.
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::StagedFile;
use crate::error::{Error, Result};
use crate::store::{files, Workspace};
use sheet::sniff;

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
    let described = describe(file_name, bytes)?;
    let file_id = new_id()?;
    let dir = ws.incoming_dir();
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(&file_id), bytes)?;
    std::fs::write(dir.join(format!("{file_id}.name")), &described.file_name)?;
    Ok(StagedFile {
        file_id,
        ..described
    })
}

/// A file being received in pieces (a browser upload streamed to disk, so a
/// large upload is never held in memory whole). Removed unless finished.
pub struct Upload {
    file_id: String,
    path: PathBuf,
    file: Option<std::fs::File>,
    written: usize,
    finished: bool,
}

impl Upload {
    pub fn begin(ws: &Workspace) -> Result<Upload> {
        let dir = ws.incoming_dir();
        std::fs::create_dir_all(&dir)?;
        let file_id = new_id()?;
        let path = dir.join(&file_id);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Upload {
            file_id,
            path,
            file: Some(file),
            written: 0,
            finished: false,
        })
    }

    /// Appends a piece; refuses the upload once it passes the reader's limit.
    pub fn write(&mut self, piece: &[u8]) -> Result<()> {
        self.written = self.written.saturating_add(piece.len());
        if self.written > sniff::MAX_FILE_BYTES {
            return Err(Error::unreadable(format!(
                "The file is larger than {} MB; SalesOS reads files up to that size.",
                sniff::MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        match self.file.as_mut() {
            Some(f) => Ok(f.write_all(piece)?),
            None => Err(Error::invalid("The upload has already finished.")),
        }
    }

    /// Checks the received file is a spreadsheet and keeps it for the import.
    pub fn finish(mut self, ws: &Workspace, file_name: &str) -> Result<StagedFile> {
        if let Some(f) = self.file.take() {
            f.sync_all()?;
        }
        let bytes = std::fs::read(&self.path)?;
        let described = describe(file_name, &bytes)?;
        std::fs::write(
            ws.incoming_dir().join(format!("{}.name", self.file_id)),
            &described.file_name,
        )?;
        self.finished = true;
        Ok(StagedFile {
            file_id: self.file_id.clone(),
            ..described
        })
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if !self.finished {
            self.file.take();
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What a file is, with an empty id: refused if it is not a spreadsheet.
fn describe(file_name: &str, bytes: &[u8]) -> Result<StagedFile> {
    let format = sniff::sniff(bytes)?;
    let sheets = sheet::sheet_names(format, bytes)?;
    let found = super::detect::detect(bytes);
    Ok(StagedFile {
        file_id: String::new(),
        file_name: sanitize(file_name),
        format: format.label().to_string(),
        size: bytes.len() as u64,
        template: found.kind == super::detect::DetectedKind::Template,
        sheets,
        detected_kind: found.kind.as_str().to_string(),
        kind_reason: found.reason,
    })
}

/// Stages a file the user picked in the desktop file dialog. Only a
/// spreadsheet by name and by content, never one of the workspace's own
/// files (reading the live database would drop its locks; see
/// `store::files`), and never more than the reader's limit.
pub fn stage_path(ws: &Workspace, path: &Path) -> Result<StagedFile> {
    files::refuse_inside(ws, path)?;
    if !files::has_spreadsheet_extension(path) {
        return Err(Error::unreadable(format!(
            "{} is not a spreadsheet file; SalesOS imports {} files.",
            path.display(),
            files::SPREADSHEET_EXTENSIONS.join(", ")
        )));
    }
    let bytes = files::read_user_file(ws, path, sniff::MAX_FILE_BYTES)?;
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

/// Forgets a staged file once it has been imported or the user gave it up.
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
