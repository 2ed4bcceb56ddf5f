//! The import log and exact revert.
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::model::{ImportKind, ImportRecord, ImportReport};
use crate::error::{Error, Result};
use crate::store::now_text;

/// Opens the log entry first so every change of the import can point at it.
pub fn begin(conn: &Connection, kind: ImportKind, file_name: &str, sheet: &str) -> Result<i64> {
    // The file's digest is known by the end (see `digest`): `finish` stores it.
    conn.execute(
        "INSERT INTO imports (kind, file_name, file_digest, sheet, imported_at, report_json) VALUES (?1, ?2, '', ?3, ?4, '{}')",
        params![kind.as_str(), file_name, (!sheet.is_empty()).then_some(sheet), now_text()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Stores the file's digest, the final counts, the report, and the rows to
/// fix (with their cells).
pub fn finish(
    conn: &Connection,
    id: i64,
    file_digest: &str,
    report: &ImportReport,
    issues: &[IssueRow],
) -> Result<()> {
    let json = serde_json::to_string(report).map_err(|e| Error::invalid(e.to_string()))?;
    let issues = serde_json::to_string(issues).map_err(|e| Error::invalid(e.to_string()))?;
    conn.execute(
        "UPDATE imports SET rows_read = ?2, created = ?3, updated = ?4, unchanged = ?5, rejected = ?6,
            warnings = ?7, report_json = ?8, issues_json = ?9, file_digest = ?10 WHERE id = ?1",
        params![
            id,
            report.rows_read,
            report.created,
            report.updated,
            report.unchanged,
            report.rejected,
            report.warnings.len() as u32,
            json,
            issues,
            file_digest
        ],
    )?;
    Ok(())
}

/// A rejected or flagged row with its original cells, for the fix-and-reimport workbook.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct IssueRow {
    pub row: u32,
    pub rejected: bool,
    pub reasons: Vec<String>,
    pub cells: Vec<String>,
}

/// The header of the file and the rows to fix, as stored by `finish`.
pub fn issues(conn: &Connection, id: i64) -> Result<(ImportReport, Vec<IssueRow>)> {
    let (report, issues): (String, String) = conn
        .query_row(
            "SELECT report_json, issues_json FROM imports WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Import {id}")))?;
    let mut report: ImportReport = serde_json::from_str(&report)
        .map_err(|e| Error::invalid(format!("stored report is damaged: {e}")))?;
    // Reports stored before the groups existed get them too.
    report.group_issues();
    let issues: Vec<IssueRow> = serde_json::from_str(&issues)
        .map_err(|e| Error::invalid(format!("stored issues are damaged: {e}")))?;
    Ok((report, issues))
}

pub fn report(conn: &Connection, id: i64) -> Result<ImportReport> {
    Ok(issues(conn, id)?.0)
}

fn latest_active(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT max(id) FROM imports WHERE reverted_at IS NULL AND kind <> 'demo'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

pub fn list(conn: &Connection) -> Result<Vec<ImportRecord>> {
    let latest = latest_active(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, file_name, sheet, imported_at, rows_read, created, updated, unchanged, rejected,
                warnings, reverted_at FROM imports WHERE kind <> 'demo' ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let id: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            Ok(ImportRecord {
                id,
                kind: match kind.as_str() {
                    "reps" => ImportKind::Reps,
                    "activities" => ImportKind::Activities,
                    _ => ImportKind::Deals,
                },
                file_name: r.get(2)?,
                sheet: r.get(3)?,
                imported_at: r.get(4)?,
                rows_read: r.get(5)?,
                created: r.get(6)?,
                updated: r.get(7)?,
                unchanged: r.get(8)?,
                rejected: r.get(9)?,
                warnings: r.get(10)?,
                reverted_at: r.get(11)?,
                can_revert: Some(id) == latest,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Undoes an import: deals and reps it created are removed, fields it changed
/// get their old values back, stage labels it introduced are forgotten. Only
/// the latest import still in effect can be reverted, so every value returns
/// exactly to what it was before.
pub fn revert(conn: &mut Connection, id: i64) -> Result<ImportRecord> {
    let latest = latest_active(conn)?;
    if latest != Some(id) {
        let exists: bool = conn.query_row(
            "SELECT count(*) > 0 FROM imports WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound(format!("Import {id}")));
        }
        return Err(Error::invalid(
            "Only the most recent import can be reverted. Revert the newer imports first.",
        ));
    }
    let tx = conn.transaction()?;
    restore_old_values(
        &tx,
        id,
        "deal_history",
        "deal_id",
        "deals",
        &crate::store::deals::COLUMNS,
    )?;
    restore_old_values(
        &tx,
        id,
        "rep_history",
        "rep_id",
        "reps",
        &crate::store::reps::ROSTER_COLUMNS,
    )?;
    crate::store::activities::revert(&tx, id)?;
    crate::store::corrections::after_revert(&tx, id)?;
    tx.execute("DELETE FROM deal_history WHERE import_id = ?1", [id])?;
    tx.execute("DELETE FROM deals WHERE created_import = ?1", [id])?;
    tx.execute("DELETE FROM rep_history WHERE import_id = ?1", [id])?;
    tx.execute("DELETE FROM reps WHERE created_import = ?1", [id])?;
    tx.execute("DELETE FROM stage_mapping WHERE created_import = ?1", [id])?;
    tx.execute(
        "UPDATE imports SET reverted_at = ?2 WHERE id = ?1",
        params![id, now_text()],
    )?;
    tx.commit()?;
    list(conn)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::NotFound(format!("Import {id}")))
}

/// Puts back the values an import changed, newest change first, from a
/// history table (`history`, keyed by `key`) into `table`. Only known
/// columns are written: the field name comes from the database.
fn restore_old_values(
    tx: &Connection,
    import_id: i64,
    history: &str,
    key: &str,
    table: &str,
    columns: &[&str],
) -> Result<()> {
    let mut changes = tx.prepare(&format!(
        "SELECT {key}, field, old_value FROM {history} WHERE import_id = ?1 ORDER BY id DESC"
    ))?;
    let rows = changes
        .query_map([import_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Value>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (row_id, field, old) in rows {
        if columns.contains(&field.as_str()) {
            tx.execute(
                &format!("UPDATE {table} SET {field} = ?1 WHERE id = ?2"),
                params![old, row_id],
            )?;
        }
    }
    Ok(())
}
