//! Deals: reading the pipeline, the import upsert with history, risk changes.
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Statement};

use crate::calendar::{FiscalCalendar, Quarter};
use crate::error::{Error, Result};
use crate::model::{Deal, DealColumn, DealPage, DealQuery, RiskFilter, StatusTotal};
use crate::process::{DealStatus, Risk};
use crate::store::{now_text, parse_date};

/// The columns an import writes, in the order of [`Incoming::values`].
pub const COLUMNS: [&str; 16] = [
    "external_id",
    "name",
    "account",
    "owner_id",
    "amount_minor",
    "currency",
    "close_date",
    "created_date",
    "status",
    "stage",
    "crm_stage",
    "risk",
    "next_step",
    "last_activity",
    "extra",
    "probability",
];
pub const C_EXTERNAL_ID: usize = 0;
pub const C_NAME: usize = 1;
pub const C_ACCOUNT: usize = 2;
pub const C_OWNER: usize = 3;
pub const C_AMOUNT: usize = 4;
pub const C_CURRENCY: usize = 5;
pub const C_CLOSE: usize = 6;
pub const C_CREATED: usize = 7;
pub const C_STATUS: usize = 8;
pub const C_STAGE: usize = 9;
pub const C_CRM_STAGE: usize = 10;
pub const C_RISK: usize = 11;
pub const C_NEXT_STEP: usize = 12;
pub const C_LAST_ACTIVITY: usize = 13;
pub const C_EXTRA: usize = 14;
pub const C_PROBABILITY: usize = 15;

/// The deals table's secondary indexes, as the latest migration creates them.
/// A first import into an empty table drops them and builds them once at the
/// end (sorting once beats inserting 100,000 keys at random places); a test
/// keeps this list equal to the schema.
pub const SECONDARY_INDEXES: [(&str, &str); 3] = [
    (
        "deals_close",
        "CREATE INDEX deals_close ON deals (close_date)",
    ),
    (
        "deals_owner",
        "CREATE INDEX deals_owner ON deals (owner_id, status)",
    ),
    (
        "deals_amount",
        "CREATE INDEX deals_amount ON deals (amount_minor)",
    ),
];

/// Drops the secondary indexes for a bulk load into an empty table; the
/// caller's transaction makes it atomic with `rebuild_indexes`.
pub fn drop_indexes(conn: &Connection) -> Result<()> {
    for (name, _) in SECONDARY_INDEXES {
        conn.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
    }
    Ok(())
}

pub fn rebuild_indexes(conn: &Connection) -> Result<()> {
    for (_, sql) in SECONDARY_INDEXES {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// A deal as one import row describes it. Only `provided` columns are
/// written: a file without a risk column never erases the risks set in the app.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub values: [Value; 16],
    pub provided: [bool; 16],
}

impl Default for Incoming {
    fn default() -> Self {
        Incoming {
            values: std::array::from_fn(|_| Value::Null),
            provided: [false; 16],
        }
    }
}

impl Incoming {
    pub fn set(&mut self, column: usize, value: Value) {
        self.values[column] = value;
        self.provided[column] = true;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created(i64),
    Updated(i64),
    Unchanged(i64),
}

/// Finds the deal a row describes: by external id, or by name and account when
/// the export has no ids.
pub fn find_existing(conn: &Connection, incoming: &Incoming) -> Result<Option<i64>> {
    find_existing_nth(conn, incoming, 0)
}

/// Finds the deal a row describes: by external id; without one, by name,
/// account and created date (a deal imported without a created date
/// matches any), those with the same created date first. `nth` tells apart
/// deals an export names alike: the second row with the same name, account
/// and created date is the second such deal, in the order they were created.
pub fn find_existing_nth(conn: &Connection, incoming: &Incoming, nth: u32) -> Result<Option<i64>> {
    let id = match &incoming.values[C_EXTERNAL_ID] {
        Value::Text(ext) => conn
            .prepare_cached("SELECT id FROM deals WHERE external_id = ?1")?
            .query_row([ext], |r| r.get(0))
            .optional()?,
        _ => conn
            .prepare_cached(
                "SELECT id FROM deals WHERE external_id IS NULL AND name = ?1 AND coalesce(account, '') = coalesce(?2, '')
                   AND (?3 IS NULL OR created_date IS NULL OR created_date = ?3)
                 ORDER BY created_date IS ?3 DESC, id LIMIT 1 OFFSET ?4",
            )?
            .query_row(
                params![
                    incoming.values[C_NAME],
                    incoming.values[C_ACCOUNT],
                    incoming.values[C_CREATED],
                    nth
                ],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(id)
}

/// A deal's imported columns as stored (in [`COLUMNS`] order), and its
/// owner's name.
pub struct Stored {
    pub values: [Value; 16],
    pub owner: Option<String>,
}

pub fn stored(conn: &Connection, id: i64) -> Result<Stored> {
    Ok(conn
        .prepare_cached(
            "SELECT d.external_id, d.name, d.account, d.owner_id, d.amount_minor, d.currency, d.close_date,
                    d.created_date, d.status, d.stage, d.crm_stage, d.risk, d.next_step, d.last_activity,
                    d.extra, d.probability, r.name
             FROM deals d LEFT JOIN reps r ON r.id = d.owner_id WHERE d.id = ?1",
        )?
        .query_row([id], |r| {
            let mut values: [Value; 16] = std::array::from_fn(|_| Value::Null);
            for (i, slot) in values.iter_mut().enumerate() {
                *slot = r.get(i)?;
            }
            Ok(Stored {
                values,
                owner: r.get(16)?,
            })
        })?)
}

/// Writes again a deal this import has written already (a later version of
/// it, a line item added to it). A deal the import created is simply
/// updated: its creation is the import's one record of it. A deal that
/// existed before keeps one history entry per field for the import, from
/// its value before the import to its value now (none when they are
/// equal), so a revert restores it exactly and the deal review counts one
/// change, not one per row. Returns whether the deal now differs from what
/// it was before the import.
pub fn restate(
    conn: &Connection,
    id: i64,
    incoming: &Incoming,
    import_id: i64,
    created_here: bool,
    now: &str,
) -> Result<bool> {
    let current = stored(conn, id)?.values;
    for (i, column) in COLUMNS.iter().enumerate() {
        if !incoming.provided[i] || current[i] == incoming.values[i] {
            continue;
        }
        let new = &incoming.values[i];
        conn.prepare_cached(&format!(
            "UPDATE deals SET {column} = ?1, updated_at = ?2 WHERE id = ?3"
        ))?
        .execute(params![new, now, id])?;
        if created_here {
            continue;
        }
        // Compared by SQLite, as the history column stores it (its text
        // affinity turns 1250050 into '1250050').
        let earlier: Option<(i64, bool)> = conn
            .prepare_cached(
                "SELECT id, old_value IS ?4 FROM deal_history WHERE deal_id = ?1 AND import_id = ?2 AND field = ?3
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![id, import_id, column, new], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match earlier {
            Some((entry, true)) => {
                conn.prepare_cached("DELETE FROM deal_history WHERE id = ?1")?
                    .execute([entry])?;
            }
            Some((entry, _)) => {
                conn.prepare_cached("UPDATE deal_history SET new_value = ?1 WHERE id = ?2")?
                    .execute(params![new, entry])?;
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO deal_history (deal_id, import_id, changed_at, field, old_value, new_value)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![id, import_id, now, column, current[i], new])?;
            }
        }
    }
    if created_here {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM deal_history WHERE deal_id = ?1 AND import_id = ?2)",
        )?
        .query_row(params![id, import_id], |r| r.get(0))?)
}

/// The statement [`insert`] runs: every imported column, the import that
/// created the deal and when.
pub const INSERT_SQL: &str =
    "INSERT INTO deals (external_id, name, account, owner_id, amount_minor, currency, close_date,
        created_date, status, stage, crm_stage, risk, next_step, last_activity, extra, probability,
        created_import, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";

/// Inserts a new deal with `INSERT_SQL` prepared by the caller, once for a
/// whole import (looking a statement up in the cache hashes its text, which
/// cost a tenth of writing a row). Returns the new deal's id. The deal's
/// `created_import` records its creation; the history holds changes.
pub fn insert(
    stmt: &mut Statement<'_>,
    incoming: &Incoming,
    import_id: Option<i64>,
    now: &str,
) -> Result<i64> {
    let v = &incoming.values;
    Ok(stmt.insert(params![
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
        v[14], v[15], import_id, now
    ])?)
}

/// Inserts or updates one deal and records every changed field of an
/// existing deal in the history, tagged with the import, so pushes, amount changes and stage moves
/// are known and the import can be reverted exactly.
pub fn upsert(
    conn: &Connection,
    incoming: &Incoming,
    existing: Option<i64>,
    import_id: Option<i64>,
    now: &str,
) -> Result<Upserted> {
    let Some(id) = existing else {
        let mut stmt = conn.prepare_cached(INSERT_SQL)?;
        return Ok(Upserted::Created(insert(
            &mut stmt, incoming, import_id, now,
        )?));
    };
    let current: [Value; 16] = conn
        .prepare_cached(
            "SELECT external_id, name, account, owner_id, amount_minor, currency, close_date, created_date,
                    status, stage, crm_stage, risk, next_step, last_activity, extra, probability FROM deals WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let mut out: [Value; 16] = std::array::from_fn(|_| Value::Null);
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = r.get(i)?;
            }
            Ok(out)
        })?;
    let mut changed = false;
    for (i, column) in COLUMNS.iter().enumerate() {
        if !incoming.provided[i] || current[i] == incoming.values[i] {
            continue;
        }
        changed = true;
        conn.prepare_cached(&format!(
            "UPDATE deals SET {column} = ?1, updated_at = ?2 WHERE id = ?3"
        ))?
        .execute(params![incoming.values[i], now, id])?;
        conn.prepare_cached(
            "INSERT INTO deal_history (deal_id, import_id, changed_at, field, old_value, new_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id,
            import_id,
            now,
            column,
            current[i],
            incoming.values[i]
        ])?;
    }
    Ok(if changed {
        Upserted::Updated(id)
    } else {
        Upserted::Unchanged(id)
    })
}

/// Exit criteria of stages before an open deal's current one that are not
/// checked on it: more than none is "stage skipping" (docs/method.md §1).
/// (Macros, so the SELECT below can be one `concat!` literal.)
macro_rules! unmet_criteria {
    () => {
        "(SELECT count(*) FROM template_criteria t
          WHERE d.status = 'open' AND t.stage < d.stage
            AND NOT EXISTS (SELECT 1 FROM deal_criteria c WHERE c.deal_id = d.id AND c.criterion_id = t.criterion_id))"
    };
}

/// Whether anyone has looked at the deal's exit criteria: one checked on it
/// (of any preset), or a saved review of it. Unmet criteria of a deal nobody
/// looked at are "not reviewed yet", not stage skipping.
macro_rules! criteria_reviewed {
    () => {
        "(EXISTS (SELECT 1 FROM deal_criteria c WHERE c.deal_id = d.id)
          OR EXISTS (SELECT 1 FROM reviews v WHERE v.deal_id = d.id))"
    };
}

/// Whether the deal's latest stage change between imports went backwards.
macro_rules! moved_back {
    () => {
        "coalesce((SELECT CAST(h.new_value AS INTEGER) < CAST(h.old_value AS INTEGER)
          FROM deal_history h WHERE h.deal_id = d.id AND h.field = 'stage'
            AND h.new_value IS NOT NULL AND h.old_value IS NOT NULL
          ORDER BY h.id DESC LIMIT 1), 0)"
    };
}

const SELECT_DEAL: &str = concat!(
    "SELECT d.id, d.external_id, d.name, d.account, d.owner_id, r.name, d.amount_minor,
    d.currency, d.close_date, d.created_date, d.status, d.stage, d.crm_stage, d.risk, d.next_step,
    d.last_activity, d.probability, ",
    unmet_criteria!(),
    ", ",
    moved_back!(),
    ", ",
    criteria_reviewed!(),
    " FROM deals d LEFT JOIN reps r ON r.id = d.owner_id"
);

/// `SELECT_DEAL` without the two per-row subqueries (0 in their place):
/// `for_each` works them out from two tables read once instead.
const SELECT_DEAL_BULK: &str =
    "SELECT d.id, d.external_id, d.name, d.account, d.owner_id, r.name, d.amount_minor,
    d.currency, d.close_date, d.created_date, d.status, d.stage, d.crm_stage, d.risk, d.next_step,
    d.last_activity, d.probability, 0, 0, 0 FROM deals d LEFT JOIN reps r ON r.id = d.owner_id";

/// What `unmet_criteria!` and `moved_back!` compute per row, read in two
/// passes for a bulk read: per-row subqueries made 60,000 deals take 0.6 s.
struct Flags {
    /// Stage of each template criterion.
    criteria: Vec<i64>,
    /// Checked criteria: (deal, index into `criteria`).
    checked: std::collections::HashSet<(i64, usize)>,
    /// Deals whose latest stage change went backwards.
    moved_back: std::collections::HashSet<i64>,
    /// Deals whose criteria someone looked at (as `criteria_reviewed!`).
    reviewed: std::collections::HashSet<i64>,
}

impl Flags {
    fn load(conn: &Connection) -> Result<Flags> {
        let mut stmt = conn.prepare("SELECT criterion_id, stage FROM template_criteria")?;
        let listed = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(String, i64)>, _>>()?;
        let index: std::collections::HashMap<&str, usize> = listed
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.as_str(), i))
            .collect();
        let mut checked = std::collections::HashSet::new();
        let mut reviewed = std::collections::HashSet::new();
        let mut stmt = conn.prepare("SELECT deal_id, criterion_id FROM deal_criteria")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let deal: i64 = r.get(0)?;
            reviewed.insert(deal);
            let id: String = r.get(1)?;
            if let Some(i) = index.get(id.as_str()) {
                checked.insert((deal, *i));
            }
        }
        let mut stmt = conn.prepare("SELECT DISTINCT deal_id FROM reviews")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            reviewed.insert(r.get(0)?);
        }
        let criteria = listed.into_iter().map(|(_, stage)| stage).collect();
        // The latest stage change with both ends known, per deal (as `moved_back!`).
        let mut stmt = conn.prepare(
            "SELECT h.deal_id, CAST(h.new_value AS INTEGER) < CAST(h.old_value AS INTEGER)
             FROM deal_history h
             JOIN (SELECT deal_id, max(id) AS id FROM deal_history
                   WHERE field = 'stage' AND new_value IS NOT NULL AND old_value IS NOT NULL
                   GROUP BY deal_id) last ON last.id = h.id",
        )?;
        let mut moved_back = std::collections::HashSet::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if r.get::<_, bool>(1)? {
                moved_back.insert(r.get(0)?);
            }
        }
        Ok(Flags {
            criteria,
            checked,
            moved_back,
            reviewed,
        })
    }

    fn apply(&self, d: &mut Deal) {
        if let (DealStatus::Open, Some(stage)) = (d.status, d.stage) {
            d.unmet_criteria = self
                .criteria
                .iter()
                .enumerate()
                .filter(|(i, s)| **s < i64::from(stage) && !self.checked.contains(&(d.id, *i)))
                .count() as u32;
        }
        d.moved_back = self.moved_back.contains(&d.id);
        d.criteria_reviewed = self.reviewed.contains(&d.id);
    }
}

/// Reads a deal row selected with `SELECT_DEAL`.
fn deal_from_row(r: &Row<'_>, cal: &FiscalCalendar) -> rusqlite::Result<Deal> {
    let close_date = parse_date(r.get(8)?);
    let status: String = r.get(10)?;
    let risk: Option<String> = r.get(13)?;
    Ok(Deal {
        id: r.get(0)?,
        external_id: r.get(1)?,
        name: r.get(2)?,
        account: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        amount: r.get(6)?,
        currency: r.get(7)?,
        close_date,
        created_date: parse_date(r.get(9)?),
        status: DealStatus::parse(&status).unwrap_or_default(),
        stage: r.get(11)?,
        crm_stage: r.get(12)?,
        risk: risk.as_deref().and_then(Risk::parse),
        next_step: r.get(14)?,
        last_activity: parse_date(r.get(15)?),
        probability: r.get(16)?,
        quarter: close_date.map(|d| cal.quarter_of(d).to_string()),
        unmet_criteria: r.get(17)?,
        moved_back: r.get(18)?,
        criteria_reviewed: r.get(19)?,
    })
}

/// Fails with "not found" unless the deal exists: for writes that hang
/// something on a deal by id (checks, next steps, MEDDPICC fields).
pub fn ensure_exists(conn: &Connection, id: i64) -> Result<()> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM deals WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    if exists {
        Ok(())
    } else {
        Err(Error::NotFound(format!("Deal {id}")))
    }
}

pub fn get(conn: &Connection, cal: &FiscalCalendar, id: i64) -> Result<Deal> {
    conn.prepare_cached(&format!("{SELECT_DEAL} WHERE d.id = ?1"))?
        .query_row([id], |r| deal_from_row(r, cal))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Deal {id}")))
}

/// Builds the WHERE clause of a pipeline query.
fn filter_sql(q: &DealQuery, cal: &FiscalCalendar) -> Result<(String, Vec<Value>)> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        args.push(Value::Text(pattern));
        let n = args.len();
        clauses.push(format!(
            "(d.name LIKE ?{n} ESCAPE '\\' OR d.account LIKE ?{n} ESCAPE '\\' OR r.name LIKE ?{n} ESCAPE '\\' OR d.external_id LIKE ?{n} ESCAPE '\\')"
        ));
    }
    if let Some(rep) = q.rep_id {
        args.push(Value::Integer(rep));
        clauses.push(format!("d.owner_id = ?{}", args.len()));
    }
    if let Some(stage) = q.stage {
        args.push(Value::Integer(stage as i64));
        clauses.push(format!("d.stage = ?{} AND d.status = 'open'", args.len()));
    }
    if let Some(risk) = q.risk {
        match risk {
            RiskFilter::Unassessed => clauses.push("d.risk IS NULL AND d.status = 'open'".into()),
            other => {
                let level = match other {
                    RiskFilter::Red => Risk::Red,
                    RiskFilter::Orange => Risk::Orange,
                    RiskFilter::Yellow => Risk::Yellow,
                    _ => Risk::Green,
                };
                args.push(Value::Text(level.as_str().into()));
                clauses.push(format!("d.risk = ?{} AND d.status = 'open'", args.len()));
            }
        }
    }
    if let Some(status) = q.status {
        args.push(Value::Text(status.as_str().into()));
        clauses.push(format!("d.status = ?{}", args.len()));
    }
    if q.flagged {
        // Stage skipping counts once the criteria were looked at (see `criteria_reviewed!`).
        clauses.push(
            concat!(
                "((",
                criteria_reviewed!(),
                " AND ",
                unmet_criteria!(),
                " > 0) OR ",
                moved_back!(),
                ")"
            )
            .into(),
        );
    }
    if q.no_close_date {
        clauses.push("d.close_date IS NULL".into());
    }
    if let Some(quarter) = q.quarter.as_deref().filter(|s| !s.is_empty()) {
        let (start, end) = cal.bounds(quarter.parse::<Quarter>()?);
        args.push(Value::Text(start.to_string()));
        args.push(Value::Text(end.to_string()));
        clauses.push(format!(
            "d.close_date BETWEEN ?{} AND ?{}",
            args.len() - 1,
            args.len()
        ));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, args))
}

/// One window of the filtered, sorted pipeline, with the size of the whole set.
pub fn query(conn: &Connection, cal: &FiscalCalendar, q: &DealQuery) -> Result<DealPage> {
    let (filter, args) = filter_sql(q, cal)?;
    // The set's totals by status, one grouped scan; the overall figures add
    // them up (saturating: a crafted file's absurd amounts must not wrap).
    let mut by_status: Vec<StatusTotal> = [DealStatus::Open, DealStatus::Won, DealStatus::Lost]
        .into_iter()
        .map(|status| StatusTotal {
            status,
            deals: 0,
            amount: 0,
        })
        .collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT d.status, count(*), coalesce(sum(d.amount_minor), 0) FROM deals d LEFT JOIN reps r ON r.id = d.owner_id{filter} GROUP BY d.status"
    ))?;
    let mut grouped = stmt.query(params_from_iter(args.iter()))?;
    while let Some(r) = grouped.next()? {
        let status: String = r.get(0)?;
        let status = DealStatus::parse(&status).unwrap_or_default();
        if let Some(t) = by_status.iter_mut().find(|t| t.status == status) {
            t.deals = t.deals.saturating_add(r.get(1)?);
            t.amount = t.amount.saturating_add(r.get(2)?);
        }
    }
    drop(grouped);
    let total = by_status
        .iter()
        .fold(0u32, |a, t| a.saturating_add(t.deals));
    let total_amount = by_status
        .iter()
        .fold(0i64, |a, t| a.saturating_add(t.amount));
    let limit = q.limit.min(1000);
    let mut rows = Vec::new();
    if limit > 0 {
        let column = match q.sort {
            DealColumn::Name => "d.name COLLATE NOCASE",
            DealColumn::Account => "d.account COLLATE NOCASE",
            DealColumn::Owner => "r.name COLLATE NOCASE",
            DealColumn::Amount => "d.amount_minor",
            DealColumn::CloseDate => "d.close_date",
            DealColumn::Stage => "d.stage",
            DealColumn::Risk => {
                "CASE d.risk WHEN 'red' THEN 1 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 3 WHEN 'green' THEN 4 END"
            }
            DealColumn::Status => "d.status",
            DealColumn::ExternalId => "d.external_id",
        };
        let dir = if q.descending { "DESC" } else { "ASC" };
        // The window is chosen on ids and sort keys alone, then its rows are
        // read: sorting 100,000 full rows to keep 200 made deep pages slow.
        // NULLS LAST with the id as tie-break lets SQLite walk an index for
        // the usual views (largest first, soonest first).
        let order = format!("{column} {dir} NULLS LAST, d.id {dir}");
        let sql = format!(
            "{SELECT_DEAL} WHERE d.id IN (
                SELECT d.id FROM deals d LEFT JOIN reps r ON r.id = d.owner_id{filter}
                ORDER BY {order} LIMIT {limit} OFFSET {offset})
             ORDER BY {order}",
            offset = q.offset
        );
        let mut stmt = conn.prepare(&sql)?;
        rows = stmt
            .query_map(params_from_iter(args.iter()), |r| deal_from_row(r, cal))?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(DealPage {
        total,
        total_amount,
        by_status,
        offset: q.offset,
        rows,
    })
}

/// Sets the risk of an open deal, keeping the old level in the history.
pub fn set_risk(
    conn: &Connection,
    cal: &FiscalCalendar,
    id: i64,
    risk: Option<Risk>,
) -> Result<Deal> {
    let deal = get(conn, cal, id)?;
    if deal.status != DealStatus::Open {
        return Err(Error::invalid(format!(
            "Only open deals carry a risk level; this deal is {}.",
            deal.status.as_str()
        )));
    }
    if deal.risk == risk {
        return Ok(deal);
    }
    let now = now_text();
    let new = risk.map(Risk::as_str);
    conn.execute(
        "UPDATE deals SET risk = ?1, updated_at = ?2 WHERE id = ?3",
        params![new, now, id],
    )?;
    conn.execute(
        "INSERT INTO deal_history (deal_id, import_id, changed_at, field, old_value, new_value)
         VALUES (?1, NULL, ?2, 'risk', ?3, ?4)",
        params![id, now, deal.risk.map(Risk::as_str), new],
    )?;
    get(conn, cal, id)
}

/// All deals matching a query, for the CLI and exports (no paging).
pub fn all(conn: &Connection, cal: &FiscalCalendar, q: &DealQuery) -> Result<Vec<Deal>> {
    let mut rows = Vec::new();
    for_each(conn, cal, q, |d| {
        rows.push(d);
        Ok(())
    })?;
    Ok(rows)
}

/// Every deal matching a query, in close-date order, handed to `f` one at a
/// time: an export of 100,000 deals never holds them all in memory.
pub fn for_each(
    conn: &Connection,
    cal: &FiscalCalendar,
    q: &DealQuery,
    mut f: impl FnMut(Deal) -> Result<()>,
) -> Result<()> {
    let (filter, args) = filter_sql(q, cal)?;
    let flags = Flags::load(conn)?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT_DEAL_BULK}{filter} ORDER BY d.close_date IS NULL, d.close_date, d.id"
    ))?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        let mut deal = deal_from_row(r, cal)?;
        flags.apply(&mut deal);
        f(deal)?;
    }
    Ok(())
}

/// Open deals without a close date: (deals, sum of amounts, deals without
/// an amount). They belong to no quarter, so the forecast reports them
/// beside its figures (docs/method.md §2).
pub fn open_without_close_date(conn: &Connection) -> Result<(u32, i64, u32)> {
    // Summed here, saturating: SQLite's sum() fails on a crafted file's absurd amounts.
    let mut stmt = conn.prepare_cached(
        "SELECT amount_minor FROM deals WHERE close_date IS NULL AND status = 'open'",
    )?;
    let mut rows = stmt.query([])?;
    let (mut deals, mut amount, mut without) = (0u32, 0i64, 0u32);
    while let Some(r) = rows.next()? {
        deals += 1;
        match r.get::<_, Option<i64>>(0)? {
            Some(a) => amount = amount.saturating_add(a),
            None => without += 1,
        }
    }
    Ok((deals, amount, without))
}

/// Fiscal quarters that have deals, newest first.
pub fn quarters(conn: &Connection, cal: &FiscalCalendar) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT substr(close_date, 1, 7) FROM deals WHERE close_date IS NOT NULL",
    )?;
    let months = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut quarters: Vec<Quarter> = months
        .iter()
        .filter_map(|m| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .map(|d| cal.quarter_of(d))
        .collect();
    quarters.sort();
    quarters.dedup();
    quarters.reverse();
    Ok(quarters.iter().map(|q| q.to_string()).collect())
}
