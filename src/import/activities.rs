//! Activities into the workspace (docs/method.md §5): the two shapes CRMs
//! and engagement tools export. One row per activity (a Salesforce task or
//! event report, HubSpot's activities, Outreach and Salesloft calls and
//! emails): the type comes from its type column, else from its subject.
//! Or one row per rep and week or month with a column per count. Every row
//! is accounted for like a deals import, and an overlapping re-import
//! counts nothing twice: an activity is known by its id, else by rep,
//! date, type and subject; a summary row by rep, period and count.
use std::collections::BTreeMap;
use std::fmt::Write as _;

use rusqlite::Connection;
use sheet::grid::{Cell, GridRow};
use sheet::stream::RowStream;
use sheet::values::{parse_date, parse_datetime, DateOrder};

use super::cells;
use super::model::{ActivityTypeChoice, ActivityTypeLabel, Field, ImportKind, RowIssue};
use super::parse::CellIssue;
use super::prepare::Prepared;
use super::rows::{self, Rows};
use super::tally::{row_issue, Tally};
use crate::error::Result;
use crate::process::normalize;
use crate::store::activities::{self, ActivityCategory, NewActivity, Span, Stored};
use crate::store::activity_days::{self, DayLog, Identity};
use crate::store::reps::RepResolver;

/// The largest count one summary cell may hold: more calls than a rep can
/// make in a month is a typo or a total row.
const MAX_COUNT: i64 = 100_000;

/// Rows listed per unknown type in the report's note.
const NOTE_ROWS: usize = 5;

/// Whether the file is a summary (a column per count) rather than one row
/// per activity.
pub fn is_summary(p: &Prepared) -> bool {
    super::columns::fields(p.kind)
        .iter()
        .any(|f| f.counts().is_some() && p.has(*f))
}

/// The period a summary row counts: a month when the date column says so
/// ("Month", "Month start"), else a week.
fn summary_span(p: &Prepared) -> Span {
    let header = normalize(&p.header_of(Field::ActivityDate));
    if header.split(' ').any(|w| w == "month" || w == "monthly") {
        Span::Month
    } else {
        Span::Week
    }
}

fn order(p: &Prepared, field: Field) -> DateOrder {
    p.field_columns
        .get(&field)
        .and_then(|c| p.date_orders.get(c))
        .copied()
        .unwrap_or(DateOrder::Iso)
}

fn issue(p: &Prepared, field: Field, cell: &Cell, message: String) -> CellIssue {
    CellIssue {
        column: p.header_of(field),
        value: cell.display(),
        message,
    }
}

/// What counts the row's type as: the user's choice for its type, else the
/// type's words, else the subject's words.
struct Types<'a> {
    conn: &'a Connection,
    chosen: BTreeMap<String, Option<ActivityCategory>>,
    /// What each label as written counts as (`None`: the label says nothing).
    by_label: rustc_hash::FxHashMap<String, Option<ActivityCategory>>,
}

impl Types<'_> {
    fn category(
        &mut self,
        label: Option<&str>,
        subject: Option<&str>,
    ) -> Result<Option<ActivityCategory>> {
        if let Some(label) = label {
            // An export has a handful of types: each is looked up once.
            if let Some(c) = self.by_label.get(label) {
                return Ok(c.or_else(|| subject.and_then(activities::classify)));
            }
            let key = label.to_lowercase();
            if !self.chosen.contains_key(&key) {
                let c = activities::chosen_category(self.conn, label)?;
                self.chosen.insert(key.clone(), c);
            }
            let c = match self.chosen.get(&key) {
                Some(Some(c)) => Some(*c),
                _ => activities::classify(label),
            };
            self.by_label.insert(label.to_string(), c);
            if c.is_some() {
                return Ok(c);
            }
        }
        Ok(subject.and_then(activities::classify))
    }

    /// Whether `label` (asked about before) says how its rows count,
    /// whatever their subject.
    fn decides(&self, label: &str) -> bool {
        matches!(self.by_label.get(label), Some(Some(_)))
    }
}

/// What an activity row's rep, type and call result make of it: the rep
/// and the day log's group. An export repeats a few hundred of these a
/// million times, so each is worked out once and then found by one lookup
/// of the three texts as written, where each took a lookup of its own.
#[derive(Clone, Copy)]
struct Class {
    rep_id: i64,
    group: u32,
}

/// The three cells as one key (each text with its length before it, so no
/// two rows' texts run together alike); false when one is not text, and
/// the row is worked out the long way.
fn class_key(key: &mut Vec<u8>, cells: [&Cell; 3]) -> bool {
    key.clear();
    for cell in cells {
        let text = match cell {
            Cell::Text(t) => t.as_str(),
            Cell::Empty => "",
            _ => return false,
        };
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        key.extend_from_slice(&len.to_le_bytes());
        key.extend_from_slice(text.as_bytes());
    }
    true
}

/// Whether the duration column counts seconds (its header says so), not minutes.
fn seconds_header(p: &Prepared) -> bool {
    normalize(&p.header_of(Field::Duration))
        .split(' ')
        .any(|w| w.starts_with("sec"))
}

/// A duration cell as seconds: a number of minutes (seconds when the
/// header says so) or h:mm[:ss].
fn duration_seconds(cell: &Cell, seconds_header: bool) -> std::result::Result<Option<i64>, String> {
    let n = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        other => {
            let t = cells::text(other).unwrap_or_default();
            if t.contains(':') {
                let parts: Vec<&str> = t.split(':').collect();
                let nums: Option<Vec<i64>> =
                    parts.iter().map(|x| x.trim().parse::<i64>().ok()).collect();
                return match nums.as_deref() {
                    Some([h, m]) if *h >= 0 && (0..60).contains(m) => Ok(Some(h * 3600 + m * 60)),
                    Some([h, m, s]) if *h >= 0 && (0..60).contains(m) && (0..60).contains(s) => {
                        Ok(Some(h * 3600 + m * 60 + s))
                    }
                    _ => Err("not a duration".into()),
                };
            }
            t.replace(',', ".")
                .parse::<f64>()
                .map_err(|_| "not a duration".to_string())?
        }
    };
    if !n.is_finite() || !(0.0..=1.0e7).contains(&n) {
        return Err("not a duration".into());
    }
    let seconds = if seconds_header { n } else { n * 60.0 };
    Ok(Some(seconds.round() as i64))
}

/// A count cell: a whole number from 0 to [`MAX_COUNT`].
fn count(cell: &Cell) -> std::result::Result<Option<i64>, String> {
    match cells::parse_count(cell) {
        None if cell.is_empty() => Ok(None),
        None => Err("not a whole number".into()),
        Some(n) if n > MAX_COUNT => Err(format!("more than {MAX_COUNT}")),
        Some(n) => Ok(Some(n)),
    }
}

/// Imports the rows of an activities file.
pub(super) fn import(
    tx: &Connection,
    rows: &mut Rows<'_>,
    tail: &mut RowStream,
    choices: &[ActivityTypeChoice],
    import_id: i64,
    tally: &mut Tally,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let p = rows.p;
    for c in choices {
        activities::choose_category(tx, &c.label, c.category, Some(import_id))?;
    }
    let summary = is_summary(p);
    let span = summary_span(p);
    let count_fields: Vec<Field> = super::columns::fields(p.kind)
        .iter()
        .copied()
        .filter(|f| f.counts().is_some() && p.has(*f))
        .collect();
    let mut resolver = RepResolver::default();
    let mut types = Types {
        conn: tx,
        chosen: BTreeMap::new(),
        by_label: Default::default(),
    };
    // Types nobody has said how to count: label → rows.
    let mut unknown: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let date_order = order(p, Field::ActivityDate);
    let total = rows.total(tail);
    let mut log = DayLog::default();
    let in_seconds = seconds_header(p);
    let mut identity = String::new();
    // What each call result says (a file has a handful).
    let mut outcomes: rustc_hash::FxHashMap<String, bool> = Default::default();
    let mut buf = GridRow::default();
    // Rows' rep, type and call result as written, and what they make.
    let mut classes: rustc_hash::FxHashMap<Vec<u8>, Class> = Default::default();
    let mut key_buf: Vec<u8> = Vec::new();
    let mut last_date: Option<(sheet::grid::Text, chrono::NaiveDateTime)> = None;
    while let Some(row) = rows.next(tail, &mut buf)? {
        if rows.read.is_multiple_of(4096) {
            progress(rows.read as u64, total);
        }
        let reject = |tally: &mut Tally, column: Option<Field>, message: String| {
            let issue = RowIssue {
                row: row.number,
                column: column.map(|f| p.header_of(f)),
                value: column.and_then(|f| cells::text(p.cell(row, f))),
                message,
            };
            tally.reject(issue, rows::cells(p, row));
        };
        let Some(rep) = cells::text_ref(p.cell(row, Field::Owner)) else {
            reject(
                tally,
                None,
                "No rep: the activity cannot be counted for anyone.".into(),
            );
            continue;
        };
        let date_cell = p.cell(row, Field::ActivityDate);
        // Exports run in date order: the same date text row after row is
        // read once.
        let same_as_last = match (date_cell, &last_date) {
            (Cell::Text(t), Some((text, when))) if t.as_str() == text.as_str() => Some(*when),
            _ => None,
        };
        let parsed = match same_as_last {
            Some(when) => Ok(Some(when)),
            None => parse_datetime(date_cell, date_order, p.grid.is_1904),
        };
        let when = match parsed {
            Ok(Some(d)) => {
                if same_as_last.is_none() {
                    if let Cell::Text(t) = date_cell {
                        last_date = Some((t.clone(), d));
                    }
                }
                d
            }
            Ok(None) => {
                reject(
                    tally,
                    None,
                    "No date: the activity cannot be placed in a week.".into(),
                );
                continue;
            }
            Err(why) => match parse_date(date_cell, date_order, p.grid.is_1904) {
                Ok(Some(d)) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
                _ => {
                    reject(
                        tally,
                        Some(Field::ActivityDate),
                        format!("{why}: the activity cannot be placed in a week."),
                    );
                    continue;
                }
            },
        };
        let day = when.date();
        let mut warnings: Vec<CellIssue> = Vec::new();
        let outcome = if summary {
            let rep_id = resolver.resolve(tx, &rep, Some(import_id))?;
            let mut outcome = Stored::Unchanged;
            let mut any = false;
            let mut read: Vec<(Field, i64)> = Vec::new();
            for f in &count_fields {
                let cell = p.cell(row, *f);
                match count(cell) {
                    Ok(Some(n)) => read.push((*f, n)),
                    Ok(None) => {}
                    Err(why) => warnings.push(issue(p, *f, cell, format!("{why}; left out."))),
                }
            }
            // A "Customer meetings" total holds the first and follow-up
            // meetings counted beside it: only the rest are other meetings.
            let of = |field: Field| {
                read.iter()
                    .find(|(f, _)| *f == field)
                    .map_or(0, |(_, n)| *n)
            };
            let named = of(Field::FirstMeetings).saturating_add(of(Field::FollowUpMeetings));
            for (f, n) in &mut read {
                if *f == Field::Meetings {
                    if *n < named {
                        let cell = p.cell(row, Field::Meetings);
                        warnings.push(issue(
                            p,
                            Field::Meetings,
                            cell,
                            format!("fewer than the {named} first and follow-up meetings beside it; read as {named}."),
                        ));
                    }
                    *n = n.saturating_sub(named).max(0);
                }
            }
            for (f, n) in read {
                let Some(category) = f.counts() else { continue };
                any = true;
                let stored = activities::store(
                    tx,
                    &NewActivity {
                        rep_id,
                        day,
                        span,
                        category: Some(category),
                        count: n,
                        answered: None,
                        identity: format!("{rep_id}|{}|{day}|{}", span.as_str(), category.as_str()),
                    },
                    import_id,
                )?;
                outcome = match (outcome, stored) {
                    (Stored::Created, _) | (_, Stored::Created) => Stored::Created,
                    (Stored::Updated, _) | (_, Stored::Updated) => Stored::Updated,
                    _ => Stored::Unchanged,
                };
            }
            if !any {
                let why = if warnings.is_empty() {
                    "No counts on the row: nothing to add."
                } else {
                    "No count on the row could be read."
                };
                let mut reasons: Vec<String> = warnings
                    .iter()
                    .map(|w| format!("{}: {} ({})", w.column, w.message, w.value))
                    .collect();
                reasons.insert(0, why.to_string());
                reject(tally, None, reasons.join(" "));
                continue;
            }
            Some(outcome)
        } else {
            let label_cell = p.cell(row, Field::ActivityType);
            let result_cell = p.cell(row, Field::CallResult);
            let label = cells::text_ref(label_cell);
            let keyed = class_key(
                &mut key_buf,
                [p.cell(row, Field::Owner), label_cell, result_cell],
            );
            let known = if keyed {
                classes.get(key_buf.as_slice()).copied()
            } else {
                None
            };
            let mut subject = None;
            let Class { rep_id, group } = match known {
                Some(class) => class,
                None => {
                    let rep_id = resolver.resolve(tx, &rep, Some(import_id))?;
                    subject = cells::text_ref(p.cell(row, Field::Subject));
                    let category = types.category(label.as_deref(), subject.as_deref())?;
                    if category.is_none() {
                        let key = label.as_deref().unwrap_or(NO_TYPE).to_string();
                        unknown.entry(key).or_default().push(row.number);
                    }
                    let result = cells::text_ref(result_cell);
                    let answered = result.as_deref().map(|r| match outcomes.get(r) {
                        Some(a) => *a,
                        None => {
                            let a = activities::answered(r);
                            outcomes.insert(r.to_string(), a);
                            a
                        }
                    });
                    let type_label = label.as_deref().or(if category.is_none() {
                        Some(NO_TYPE)
                    } else {
                        None
                    });
                    let class = Class {
                        rep_id,
                        group: log.group(rep_id, type_label, category, answered)?,
                    };
                    // Rows whose type alone says how they count share the
                    // class of their rep, type and call result.
                    if keyed && label.as_deref().is_some_and(|l| types.decides(l)) {
                        classes.insert(key_buf.clone(), class);
                    }
                    class
                }
            };
            // A duration is not kept; one that cannot be read is still said.
            if let Err(why) = duration_seconds(p.cell(row, Field::Duration), in_seconds) {
                let cell = p.cell(row, Field::Duration);
                warnings.push(issue(p, Field::Duration, cell, format!("{why}; left out.")));
            }
            let id = cells::text_ref(p.cell(row, Field::ActivityId));
            // The identity text an activity had when it was stored one row
            // each (migration 13 hashed those): the same key either way.
            let key = match &id {
                Some(id) => Identity::default().add("id|").add(id).key(),
                None => {
                    if subject.is_none() {
                        subject = cells::text_ref(p.cell(row, Field::Subject));
                    }
                    identity.clear();
                    let _ = write!(
                        identity,
                        "{rep_id}|{}|{}|{}",
                        when.format("%Y-%m-%d %H:%M:%S"),
                        label.as_deref().map(normalize).unwrap_or_default(),
                        subject.as_deref().map(normalize).unwrap_or_default()
                    );
                    activity_days::key_of(&identity)
                }
            };
            // Whether it is new is known once the whole file is read.
            log.add(key, group, day)?;
            None
        };
        if let Some(outcome) = outcome {
            let n = match outcome {
                Stored::Created => &mut tally.report.created,
                Stored::Updated => &mut tally.report.updated,
                Stored::Unchanged => &mut tally.report.unchanged,
            };
            *n = n.saturating_add(1);
        }
        if !warnings.is_empty() {
            let warnings = warnings.iter().map(|c| row_issue(row.number, c)).collect();
            tally.warn(row.number, warnings, rows::cells(p, row));
        }
    }
    if !log.is_empty() {
        let stored = activity_days::stored_keys(tx)?;
        let written = log.write(tx, Some(import_id), &stored)?;
        let report = &mut tally.report;
        report.created = report.created.saturating_add(written.created);
        report.unchanged = report.unchanged.saturating_add(written.repeated);
    }
    progress(rows.read as u64, rows.read as u64);
    for (label, at) in &unknown {
        let listed: Vec<String> = at.iter().take(NOTE_ROWS).map(|r| r.to_string()).collect();
        let more = if at.len() > NOTE_ROWS { ", …" } else { "" };
        tally.report.notes.push(format!(
            "{} activit{} of type \"{label}\" (rows {}{more}) are not counted yet: choose how they count (on the Import page, or --activity-type \"{label}=call\").",
            at.len(),
            if at.len() == 1 { "y" } else { "ies" },
            listed.join(", ")
        ));
    }
    if !resolver.created.is_empty() {
        tally.report.notes.push(format!(
            "{} rep(s) not on the roster were added: {}.",
            resolver.created.len(),
            resolver.created.join(", ")
        ));
    }
    Ok(())
}

/// The type of an activity whose row names no type and whose subject does
/// not tell one.
pub const NO_TYPE: &str = "(no type)";

/// The activity types of the rows read and how each counts, for the Import
/// page to confirm: the user's earlier choice, else what the words say,
/// else nothing yet. Rows whose type is told by their subject alone are
/// listed under their category's name; those it cannot tell, as "(no type)".
pub fn type_labels(conn: &Connection, p: &Prepared) -> Result<Vec<ActivityTypeLabel>> {
    if p.kind != ImportKind::Activities || is_summary(p) {
        return Ok(Vec::new());
    }
    let mut types = Types {
        conn,
        chosen: BTreeMap::new(),
        by_label: Default::default(),
    };
    let mut found: BTreeMap<String, ActivityTypeLabel> = BTreeMap::new();
    for &i in &p.data {
        let row = &p.grid.rows[i];
        let label = cells::text(p.cell(row, Field::ActivityType));
        let subject = cells::text(p.cell(row, Field::Subject));
        let category = types.category(label.as_deref(), subject.as_deref())?;
        let shown = match (&label, category) {
            (Some(l), _) => l.clone(),
            (None, Some(c)) => c.label().to_string(),
            (None, None) => NO_TYPE.to_string(),
        };
        let chosen = label.is_some()
            && types
                .chosen
                .get(&shown.to_lowercase())
                .is_some_and(Option::is_some);
        let entry = found
            .entry(shown.to_lowercase())
            .or_insert(ActivityTypeLabel {
                label: shown,
                count: 0,
                category,
                chosen,
            });
        entry.count = entry.count.saturating_add(1);
    }
    let mut out: Vec<ActivityTypeLabel> = found.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    Ok(out)
}

/// What the preview says of a row the import will reject: an activity with
/// no rep or no date counts for nobody and in no week.
pub fn row_problems(p: &Prepared, row: &GridRow) -> Vec<String> {
    if p.kind != ImportKind::Activities {
        return Vec::new();
    }
    let mut out = Vec::new();
    if p.has(Field::Owner) && cells::text(p.cell(row, Field::Owner)).is_none() {
        out.push("No rep: this row will be rejected.".to_string());
    }
    if p.has(Field::ActivityDate) && p.cell(row, Field::ActivityDate).is_empty() {
        out.push("No date: this row will be rejected.".to_string());
    }
    out
}
