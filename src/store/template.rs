//! The workspace's process template. Every save is a new version, so an
//! edit, a preset switch or a spreadsheet taken back can be undone; a save
//! or undo that changes the preset moves the stage mapping and the deals'
//! stages with it, in the same transaction.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::process::template::{default_template, Preset, ProcessTemplate};
use crate::store::{now_text, stages};

/// Versions kept for undo; older ones are dropped as new ones are saved.
const KEPT_VERSIONS: i64 = 200;

/// What caused a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Edit,
    Preset,
    Import,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Edit => "edit",
            Source::Preset => "preset",
            Source::Import => "import",
        }
    }
}

/// The current template: the newest version, or the default in a new workspace.
pub fn load(conn: &Connection) -> Result<ProcessTemplate> {
    let json: Option<String> = conn
        .query_row(
            "SELECT template_json FROM template_versions ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match json {
        None => Ok(default_template()),
        Some(j) => serde_json::from_str(&j).map_err(|e| {
            Error::invalid(format!(
                "The saved process template could not be read ({e}); undo the last change or pick a preset."
            ))
        }),
    }
}

/// Saves a template after checking it. Returns false when nothing changed.
pub fn save(
    conn: &Connection,
    template: &ProcessTemplate,
    source: Source,
    file_name: Option<&str>,
) -> Result<bool> {
    template.validate()?;
    let before = load(conn).ok();
    if before.as_ref() == Some(template) {
        return Ok(false);
    }
    let json = serde_json::to_string(template).map_err(|e| Error::invalid(e.to_string()))?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO template_versions (saved_at, source, file_name, template_json) VALUES (?1, ?2, ?3, ?4)",
        params![now_text(), source.as_str(), file_name, json],
    )?;
    let from = before.map_or(Preset::default(), |t| t.preset);
    stages::switch_preset(&tx, from, template.preset)?;
    sync_criteria(&tx, template)?;
    tx.execute(
        "DELETE FROM template_versions WHERE id <= (SELECT max(id) FROM template_versions) - ?1",
        [KEPT_VERSIONS],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Drops the newest version and returns the template before it. With no
/// saved version left the default comes back.
pub fn undo(conn: &Connection) -> Result<ProcessTemplate> {
    let from = load(conn)?.preset;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "DELETE FROM template_versions WHERE id = (SELECT max(id) FROM template_versions)",
        [],
    )?;
    let template = load(&tx)?;
    stages::switch_preset(&tx, from, template.preset)?;
    sync_criteria(&tx, &template)?;
    tx.commit()?;
    Ok(template)
}

/// Mirrors the template's criteria into `template_criteria`. Checks on
/// deals are kept by id, so a criterion removed and later restored by undo
/// comes back checked.
pub fn sync_criteria(conn: &Connection, template: &ProcessTemplate) -> Result<()> {
    conn.execute("DELETE FROM template_criteria", [])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO template_criteria (criterion_id, stage) VALUES (?1, ?2)")?;
    for stage in &template.stages {
        for c in &stage.exit_criteria {
            insert.execute(params![c.id, stage.number])?;
        }
    }
    Ok(())
}

/// A workspace opened for the first time (or made before criteria were
/// mirrored) gets its template's criteria mirrored once.
pub fn ensure_criteria(conn: &Connection) -> Result<()> {
    let mirrored: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM template_criteria)", [], |r| {
            r.get(0)
        })?;
    if !mirrored {
        sync_criteria(conn, &load(conn)?)?;
    }
    Ok(())
}

/// How many changes can be undone.
pub fn undo_depth(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM template_versions", [], |r| r.get(0))?)
}
