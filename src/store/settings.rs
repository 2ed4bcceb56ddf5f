//! Workspace settings, quarter goals and create-and-close overrides.
use rusqlite::{params, Connection, OptionalExtension};

use crate::calendar::FiscalCalendar;
use crate::error::{Error, Result};
use crate::model::{Goal, QuarterAmount, Settings};

const CURRENCY: &str = "currency";
const FY_START: &str = "fiscal_year_start_month";

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The workspace currency (ISO code), USD until the user says otherwise.
pub fn currency(conn: &Connection) -> Result<String> {
    Ok(get(conn, CURRENCY)?.unwrap_or_else(|| "USD".into()))
}

pub fn calendar(conn: &Connection) -> Result<FiscalCalendar> {
    let month = get(conn, FY_START)?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1);
    Ok(FiscalCalendar::new(month).unwrap_or_default())
}

pub fn save(conn: &Connection, currency: &str, fiscal_year_start_month: u8) -> Result<()> {
    let code = crate::money::currencies::check(currency)?;
    if FiscalCalendar::new(fiscal_year_start_month as u32).is_none() {
        return Err(Error::invalid(
            "The fiscal year must start in a month from 1 (January) to 12 (December).",
        ));
    }
    put(conn, CURRENCY, &code)?;
    put(conn, FY_START, &fiscal_year_start_month.to_string())
}

pub fn load(conn: &Connection) -> Result<Settings> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.quarter, g.rep_id, r.name, g.amount_minor FROM goals g
         LEFT JOIN reps r ON r.id = g.rep_id ORDER BY g.quarter, r.name IS NOT NULL, r.name",
    )?;
    let goals = stmt
        .query_map([], |r| {
            Ok(Goal {
                quarter: r.get(0)?,
                rep_id: r.get(1)?,
                rep: r.get(2)?,
                amount: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT quarter, amount_minor FROM create_and_close ORDER BY quarter")?;
    let overrides = stmt
        .query_map([], |r| {
            Ok(QuarterAmount {
                quarter: r.get(0)?,
                amount: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Settings {
        currency: currency(conn)?,
        fiscal_year_start_month: calendar(conn)?.start_month() as u8,
        goals,
        create_and_close_overrides: overrides,
    })
}

/// Sets or (with `None`) removes the goal of the team or one rep for a quarter.
pub fn set_goal(
    conn: &Connection,
    quarter: &str,
    rep_id: Option<i64>,
    amount: Option<i64>,
) -> Result<()> {
    conn.execute(
        "DELETE FROM goals WHERE quarter = ?1 AND coalesce(rep_id, 0) = coalesce(?2, 0)",
        params![quarter, rep_id],
    )?;
    if let Some(a) = amount {
        conn.execute(
            "INSERT INTO goals (quarter, rep_id, amount_minor) VALUES (?1, ?2, ?3)",
            params![quarter, rep_id, a],
        )?;
    }
    Ok(())
}

/// The goal of the team (`rep_id` None) or of one rep for a quarter.
pub fn goal(conn: &Connection, quarter: &str, rep_id: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT amount_minor FROM goals WHERE quarter = ?1 AND coalesce(rep_id, 0) = coalesce(?2, 0)",
            params![quarter, rep_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_create_and_close(conn: &Connection, quarter: &str, amount: Option<i64>) -> Result<()> {
    conn.execute("DELETE FROM create_and_close WHERE quarter = ?1", [quarter])?;
    if let Some(a) = amount {
        conn.execute(
            "INSERT INTO create_and_close (quarter, amount_minor) VALUES (?1, ?2)",
            params![quarter, a],
        )?;
    }
    Ok(())
}

pub fn create_and_close(conn: &Connection, quarter: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT amount_minor FROM create_and_close WHERE quarter = ?1",
            [quarter],
            |r| r.get(0),
        )
        .optional()?)
}

const REVIEWER: &str = "reviewer";

/// The name the last review was saved under: the Review page starts with it.
pub fn reviewer(conn: &Connection) -> Result<Option<String>> {
    get(conn, REVIEWER)
}

pub fn set_reviewer(conn: &Connection, name: &str) -> Result<()> {
    put(conn, REVIEWER, name)
}
