//! Reps: created from deal owners on import, completed by a roster import.
use rustc_hash::FxHashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::Rep;
use crate::store::parse_date;

/// Finds reps by name (case-insensitive) and creates the ones not seen yet,
/// caching ids so a 100,000-row import asks SQLite once per owner.
#[derive(Default)]
pub struct RepResolver {
    cache: FxHashMap<String, i64>,
    /// Ids by name exactly as written: an export spells each owner the same
    /// way on every row, so this finds them without building a key per row
    /// (and with a fast hash: it is asked once per row).
    as_written: FxHashMap<String, i64>,
    pub created: Vec<String>,
}

impl RepResolver {
    pub fn resolve(
        &mut self,
        conn: &Connection,
        name: &str,
        import_id: Option<i64>,
    ) -> Result<i64> {
        if let Some(id) = self.as_written.get(name) {
            return Ok(*id);
        }
        let key = name.trim().to_lowercase();
        if let Some(id) = self.cache.get(&key) {
            self.as_written.insert(name.to_string(), *id);
            return Ok(*id);
        }
        let id = match find(conn, name)? {
            Some(id) => id,
            None => {
                conn.prepare_cached("INSERT INTO reps (name, created_import) VALUES (?1, ?2)")?
                    .execute(params![name.trim(), import_id])?;
                self.created.push(name.trim().to_string());
                conn.last_insert_rowid()
            }
        };
        self.cache.insert(key, id);
        self.as_written.insert(name.to_string(), id);
        Ok(id)
    }
}

pub fn find(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM reps WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<Rep>> {
    select(
        conn,
        "SELECT r.id, r.name, r.email, r.role, m.name, r.manager_id, r.start_date, r.quota_minor,
                (SELECT count(*) FROM deals d WHERE d.owner_id = r.id AND d.status = 'open')
         FROM reps r LEFT JOIN reps m ON m.id = r.manager_id ORDER BY r.name COLLATE NOCASE",
    )
}

/// The reps as [`list`] has them, but with `open_deals` left at 0: counting
/// every rep's open deals walks the whole owner index, a seventh of the
/// forecast, which sums the deals itself.
pub fn list_uncounted(conn: &Connection) -> Result<Vec<Rep>> {
    select(
        conn,
        "SELECT r.id, r.name, r.email, r.role, m.name, r.manager_id, r.start_date, r.quota_minor, 0
         FROM reps r LEFT JOIN reps m ON m.id = r.manager_id ORDER BY r.name COLLATE NOCASE",
    )
}

fn select(conn: &Connection, sql: &str) -> Result<Vec<Rep>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let reps = stmt
        .query_map([], |r| {
            Ok(Rep {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                role: r.get(3)?,
                manager: r.get(4)?,
                manager_id: r.get(5)?,
                start_date: parse_date(r.get(6)?),
                quota: r.get(7)?,
                open_deals: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(reps)
}

/// Roster fields a roster import can set on a rep.
pub const ROSTER_COLUMNS: [&str; 9] = [
    "email",
    "role",
    "manager_id",
    "start_date",
    "quota_minor",
    "segment",
    "status",
    "role_start",
    "annual_cost_minor",
];

/// Updates the roster fields the file provides, recording old values for revert.
/// Returns whether anything changed.
pub fn update_roster(
    conn: &Connection,
    rep_id: i64,
    values: &[(usize, rusqlite::types::Value)],
    import_id: Option<i64>,
) -> Result<bool> {
    let mut changed = false;
    for (col, value) in values {
        let column = ROSTER_COLUMNS[*col];
        let old: rusqlite::types::Value = conn.query_row(
            &format!("SELECT {column} FROM reps WHERE id = ?1"),
            [rep_id],
            |r| r.get(0),
        )?;
        if &old == value {
            continue;
        }
        changed = true;
        conn.execute(
            &format!("UPDATE reps SET {column} = ?1 WHERE id = ?2"),
            params![value, rep_id],
        )?;
        conn.prepare_cached(
            "INSERT INTO rep_history (rep_id, import_id, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![rep_id, import_id, column, old, value])?;
    }
    Ok(changed)
}
