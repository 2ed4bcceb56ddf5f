//! Candidate profiles and candidates. Hiring a candidate makes them a rep
//! (with a start date) so onboarding tracking finds them in the roster.
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::hiring::{default_profile, Candidate, CandidateInput, Profile, Role, Source, Stage};
use crate::store::{now_text, parse_date, reps};

/// A role's profile: the one the team saved, else the default.
pub fn profile(conn: &Connection, role: Role) -> Result<Profile> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT profile_json FROM hiring_profiles WHERE role = ?1")?
        .query_row([role.as_str()], |r| r.get(0))
        .optional()?;
    match stored {
        None => Ok(default_profile(role)),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            Error::invalid(format!(
                "The saved {} profile cannot be read ({e}); reset it to the default.",
                role.as_str()
            ))
        }),
    }
}

/// Whether the team has edited this role's profile.
pub fn customized(conn: &Connection, role: Role) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM hiring_profiles WHERE role = ?1",
        [role.as_str()],
        |r| r.get(0),
    )?)
}

/// Saves a validated profile.
pub fn save_profile(conn: &Connection, p: &Profile) -> Result<()> {
    let json = serde_json::to_string(p)
        .map_err(|e| Error::invalid(format!("The profile cannot be saved: {e}")))?;
    conn.execute(
        "INSERT INTO hiring_profiles (role, profile_json, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (role) DO UPDATE SET profile_json = excluded.profile_json, updated_at = excluded.updated_at",
        params![p.role.as_str(), json, now_text()],
    )?;
    Ok(())
}

/// Back to the default profile (scores of traits the default lacks stay stored).
pub fn reset_profile(conn: &Connection, role: Role) -> Result<()> {
    conn.execute(
        "DELETE FROM hiring_profiles WHERE role = ?1",
        [role.as_str()],
    )?;
    Ok(())
}

const COLUMNS: &str =
    "id, name, role, source, stage, notes, resume_url, start_date, rep_id, created_at, updated_at";

fn candidate(r: &Row) -> rusqlite::Result<Candidate> {
    let role: String = r.get(2)?;
    let source: Option<String> = r.get(3)?;
    let stage: String = r.get(4)?;
    Ok(Candidate {
        id: r.get(0)?,
        name: r.get(1)?,
        // The CHECK constraints keep these to known values.
        role: Role::parse(&role).unwrap_or(Role::Ae),
        source: source.as_deref().and_then(Source::parse),
        stage: Stage::parse(&stage).unwrap_or(Stage::Screen),
        notes: r.get(5)?,
        resume_url: r.get(6)?,
        start_date: parse_date(r.get(7)?),
        rep_id: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// Candidates, optionally of one role, by name.
pub fn list(conn: &Connection, role: Option<Role>) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM candidates WHERE ?1 IS NULL OR role = ?1 ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt
        .query_map([role.map(Role::as_str)], candidate)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<Candidate> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM candidates WHERE id = ?1"))?
        .query_row([id], candidate)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Candidate {id}")))
}

/// The candidate with this name (any case), if any.
pub fn find(conn: &Connection, name: &str) -> Result<Option<Candidate>> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM candidates WHERE name = ?1 COLLATE NOCASE"
        ))?
        .query_row([name], candidate)
        .optional()?)
}

fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<()> {
    if let Some(other) = find(conn, name)? {
        if Some(other.id) != except {
            return Err(Error::invalid(format!(
                "There is already a candidate named {}: add something to tell them apart (a middle initial, the city).",
                other.name
            )));
        }
    }
    Ok(())
}

/// Adds a candidate (validated input). Returns it as stored.
pub fn create(conn: &Connection, input: &CandidateInput, today: NaiveDate) -> Result<Candidate> {
    name_taken(conn, &input.name, None)?;
    let now = now_text();
    conn.execute(
        "INSERT INTO candidates (name, role, source, stage, notes, resume_url, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'screen', ?4, ?5, ?6, ?6)",
        params![
            input.name,
            input.role.as_str(),
            input.source.map(Source::as_str),
            input.notes,
            input.resume_url,
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    let stage = input.stage.unwrap_or(Stage::Screen);
    if stage != Stage::Screen {
        set_stage(conn, id, stage, input.start_date, today)?;
    }
    get(conn, id)
}

/// Replaces what the user edits about a candidate (validated input).
pub fn update(
    conn: &Connection,
    id: i64,
    input: &CandidateInput,
    today: NaiveDate,
) -> Result<Candidate> {
    let before = get(conn, id)?;
    name_taken(conn, &input.name, Some(id))?;
    conn.execute(
        "UPDATE candidates SET name = ?1, role = ?2, source = ?3, notes = ?4, resume_url = ?5, updated_at = ?6
         WHERE id = ?7",
        params![
            input.name,
            input.role.as_str(),
            input.source.map(Source::as_str),
            input.notes,
            input.resume_url,
            now_text(),
            id
        ],
    )?;
    if let (Some(rep), true) = (before.rep_id, before.name != input.name) {
        // The rep a hire became carries the candidate's name; a name typo
        // fixed on the candidate is fixed on the rep too, unless it clashes.
        let clash = reps::find(conn, &input.name)?.is_some_and(|other| other != rep);
        if !clash {
            conn.execute(
                "UPDATE reps SET name = ?1 WHERE id = ?2",
                params![input.name, rep],
            )?;
        }
    }
    set_stage(
        conn,
        id,
        input.stage.unwrap_or(before.stage),
        input.start_date,
        today,
    )?;
    get(conn, id)
}

/// Moves a candidate on the board. Moving to hired makes them a rep with a
/// start date (the one given, else today); moving a hire back out removes
/// the rep again if hiring created it and it has no deals yet (a misplaced
/// card should not leave a phantom rep in the roster).
pub fn set_stage(
    conn: &Connection,
    id: i64,
    stage: Stage,
    start_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Candidate> {
    let before = get(conn, id)?;
    let now = now_text();
    if stage == Stage::Hired {
        let start = start_date.or(before.start_date).unwrap_or(today);
        let (rep_id, created) = match before.rep_id {
            Some(rep) => (rep, None),
            None => match reps::find(conn, &before.name)? {
                Some(rep) => (rep, Some(false)),
                None => {
                    conn.execute(
                        "INSERT INTO reps (name, role) VALUES (?1, ?2)",
                        params![before.name, before.role.as_str()],
                    )?;
                    (conn.last_insert_rowid(), Some(true))
                }
            },
        };
        conn.execute(
            "UPDATE reps SET start_date = ?1, role = coalesce(role, ?2) WHERE id = ?3",
            params![start.to_string(), before.role.as_str(), rep_id],
        )?;
        conn.execute(
            "UPDATE candidates SET stage = 'hired', start_date = ?1, rep_id = ?2,
                    rep_created = coalesce(?3, rep_created), updated_at = ?4 WHERE id = ?5",
            params![start.to_string(), rep_id, created, now, id],
        )?;
    } else {
        if before.stage == Stage::Hired {
            unhire(conn, id)?;
        }
        conn.execute(
            "UPDATE candidates SET stage = ?1, updated_at = ?2 WHERE id = ?3",
            params![stage.as_str(), now, id],
        )?;
    }
    get(conn, id)
}

/// Undoes the rep a hire created, when nothing depends on it yet.
fn unhire(conn: &Connection, id: i64) -> Result<()> {
    let (rep, created): (Option<i64>, bool) = conn.query_row(
        "SELECT rep_id, rep_created FROM candidates WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(rep) = rep else { return Ok(()) };
    let used: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM deals WHERE owner_id = ?1)
             OR EXISTS (SELECT 1 FROM reps WHERE manager_id = ?1)",
        [rep],
        |r| r.get(0),
    )?;
    conn.execute(
        "UPDATE candidates SET rep_id = NULL, rep_created = 0, start_date = NULL WHERE id = ?1",
        [id],
    )?;
    if created && !used {
        conn.execute("DELETE FROM reps WHERE id = ?1", [rep])?;
    }
    Ok(())
}

/// Removes a candidate with their scorecards and role-play (the rep a hire
/// became stays: they are on the team now).
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM candidates WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("Candidate {id}")));
    }
    Ok(())
}
