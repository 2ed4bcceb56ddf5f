//! How far each workspace's running import is, for the UI's progress poll
//! (`import_progress` is asked while `import_commit` runs on another thread).
//!
//! Kept by the importer, not in the `Workspace`: it is the importer's state,
//! and the store below has no business knowing about imports.
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use super::model::ImportProgress;
use crate::store::Workspace;

static RUNNING: Mutex<BTreeMap<PathBuf, ImportProgress>> = Mutex::new(BTreeMap::new());

/// The running import's progress in `ws`; not active when none runs.
pub fn get(ws: &Workspace) -> ImportProgress {
    RUNNING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(ws.dir())
        .cloned()
        .unwrap_or_default()
}

pub(super) fn set(ws: &Workspace, progress: ImportProgress) {
    RUNNING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(ws.dir().to_path_buf(), progress);
}

pub(super) fn clear(ws: &Workspace) {
    RUNNING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(ws.dir());
}
