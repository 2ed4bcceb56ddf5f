//! Writing an import into the workspace: one transaction, cached statements,
//! every row accounted for. A dry run or a strict failure rolls it all back.
use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::Connection;

use super::cells;
use super::history as imports;
use super::model::{Field, ImportKind, ImportReport, RowIssue, StageChoice};
use super::parse::{self, CellIssue, Context, ParsedDeal};
use super::prepare::{self, Prepared};
use super::repeats::{self, Fold, Folded, Found, Outcome, Seen, Slot};
use super::rows::{self, Ready, Rows};
use super::tally::{row_issue, Tally};
use crate::error::Result;
use crate::money;
use crate::process::normalize;
use crate::store::corrections;
use crate::store::deals::{self, Incoming, Upserted};
use crate::store::reps::{self, RepResolver};
use crate::store::stages::{self, Meaning, StageMeanings};
use crate::store::{now_text, settings};
use sheet::stream::RowStream;

/// From this many rows on, a first import builds the indexes once at the end.
const BULK_ROWS: usize = 5_000;

pub struct Options {
    pub activity_types: Vec<super::model::ActivityTypeChoice>,
    /// The workspace's today: a rep whose role changes starts a new ramp on it.
    pub today: chrono::NaiveDate,
    pub strict: bool,
    pub dry_run: bool,
}

/// The stage mapping this import uses: the workspace's, then the user's
/// choices for this file on top.
pub fn stage_meanings(conn: &Connection, choices: &[StageChoice]) -> Result<StageMeanings> {
    let preset = crate::store::template::load(conn)?.preset;
    let mut map = stages::load(conn, preset)?;
    for c in choices {
        map.choose(
            &c.label,
            Meaning {
                stage: c.stage,
                outcome: c.outcome,
                confirmed: true,
            },
        );
    }
    Ok(map)
}

/// Imports the prepared rows and then those still to come from `tail`.
/// `progress(done, total)` is called as rows are written (total 0 while it
/// is not known). `None` means the first rows misled (the sheet was out of
/// order, or later dates decided a column's order differently): nothing was
/// written, and the caller imports the sheet read whole instead.
pub fn run(
    conn: &mut Connection,
    p: &Prepared,
    tail: &mut RowStream,
    choices: &[StageChoice],
    options: &Options,
    digest: &super::digest::FileDigest<'_>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Option<ImportReport>> {
    let tx = conn.transaction()?;
    // A text file has no sheets: its report and log name none.
    let sheet = if p.format == super::Format::Delimited {
        String::new()
    } else {
        p.sheet.clone()
    };
    let import_id = imports::begin(&tx, p.kind, &p.file_name, &sheet)?;
    let mut tally = Tally {
        report: ImportReport {
            file_name: p.file_name.clone(),
            kind: p.kind,
            sheet,
            dry_run: options.dry_run,
            missing: p.missing.clone(),
            column_headers: p.headers.clone(),
            unused_columns: p
                .mapping
                .iter()
                .filter(|a| a.field.is_none())
                .filter_map(|a| {
                    p.headers
                        .get(a.column as usize)
                        .filter(|h| !h.is_empty())
                        .cloned()
                })
                .collect(),
            ..ImportReport::default()
        },
        issues: Vec::new(),
        fix_cells: 0,
        fix_cells_dropped: 0,
    };
    let started = std::time::Instant::now();
    let mut rows = Rows::new(p);
    match p.kind {
        ImportKind::Deals => import_deals(
            &tx, &mut rows, tail, choices, import_id, &mut tally, progress,
        )?,
        ImportKind::Reps => import_reps(
            &tx,
            &mut rows,
            tail,
            import_id,
            options.today,
            &mut tally,
            progress,
        )?,
        ImportKind::Activities => super::activities::import(
            &tx,
            &mut rows,
            tail,
            &options.activity_types,
            import_id,
            &mut tally,
            progress,
        )?,
    }
    reject_broken(p, &mut rows, tail, &mut tally);
    tracing::debug!(elapsed = ?started.elapsed(), "rows written");
    if !tail.in_order() || !rows.orders_held() {
        tracing::debug!("the first rows misled; the sheet is read whole instead");
        return Ok(None); // dropping `tx` rolls back
    }
    let report = &mut tally.report;
    report.rows_read = rows.read;
    report.skipped = rows
        .skipped
        .iter()
        .map(|(row, why)| RowIssue {
            row: *row,
            column: None,
            value: None,
            message: why.clone(),
        })
        .collect();
    let mut notes = p.notes(rows.skipped.len(), &rows.tallies);
    notes.extend_from_slice(tail.notes());
    if !report.unused_columns.is_empty() {
        notes.push(match p.kind {
            ImportKind::Deals => format!(
                "Not used by any field, kept with each deal: {}.",
                report.unused_columns.join(", ")
            ),
            // A roster stores only its fields: say so rather than promise to keep them.
            ImportKind::Reps => format!(
                "Not imported (a roster keeps only the columns matched to a field): {}.",
                report.unused_columns.join(", ")
            ),
            ImportKind::Activities => format!(
                "Not imported (an activity keeps only the columns matched to a field): {}.",
                report.unused_columns.join(", ")
            ),
        });
    }
    if tally.fix_cells_dropped > 0 {
        notes.push(format!(
            "The rows-to-fix list keeps the cells of the first rows to fix only; {} more row(s) are listed without their cells.",
            tally.fix_cells_dropped
        ));
    }
    notes.append(&mut report.notes);
    report.notes = notes;
    report.group_issues();
    let problems = !tally.report.errors.is_empty() || !tally.report.warnings.is_empty();
    if options.strict && problems {
        tally.report.strict_failed = true;
        tally.report.notes.push(format!(
            "Strict import: nothing was imported because of {} problem(s). Fix them and import again.",
            tally.report.errors.len() + tally.report.warnings.len()
        ));
        return Ok(Some(tally.report)); // dropping `tx` rolls back
    }
    if options.dry_run {
        tally
            .report
            .notes
            .push("Dry run: nothing was changed.".into());
        return Ok(Some(tally.report));
    }
    tally.report.import_id = Some(import_id);
    prepare::remember(&tx, p)?;
    imports::finish(&tx, import_id, digest.hex(), &tally.report, &tally.issues)?;
    tracing::debug!(elapsed = ?started.elapsed(), "import logged");
    tx.commit()?;
    tracing::debug!(elapsed = ?started.elapsed(), "import committed");
    Ok(Some(tally.report))
}

/// Rejects the rows a stray quote broke (text files: found when the file
/// was read whole, or at the end of its stream), so the report names them
/// with their row numbers instead of losing them, and sorts them in.
fn reject_broken(p: &Prepared, rows: &mut Rows<'_>, tail: &mut RowStream, tally: &mut Tally) {
    // A broken row above the header is part of a title; the header's own is the header.
    let header = p.header_row_number();
    let streamed = tail.take_broken();
    let broken: Vec<_> = p
        .broken
        .iter()
        .chain(streamed.iter().filter(|b| b.row.number > header))
        .collect();
    if broken.is_empty() {
        return;
    }
    for b in broken {
        let issue = RowIssue {
            row: b.row.number,
            column: None,
            value: None,
            message: b.message.clone(),
        };
        tally.reject(issue, rows::cells(p, &b.row));
        rows.read = rows.read.saturating_add(1);
    }
    tally.report.errors.sort_by_key(|e| e.row);
    tally.issues.sort_by_key(|i| i.row);
}

fn import_deals(
    tx: &Connection,
    rows: &mut Rows<'_>,
    tail: &mut RowStream,
    choices: &[StageChoice],
    import_id: i64,
    tally: &mut Tally,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let p = rows.p;
    let currency = settings::currency(tx)?;
    let meanings = stage_meanings(tx, choices)?;
    let ctx = Context::new(p, &currency, &meanings);
    let empty_before: bool =
        tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM deals)", [], |r| r.get(0))?;
    // A sheet still streaming after its first rows is a large one.
    let bulk = empty_before && (p.data.len() >= BULK_ROWS || tail.is_streaming());
    if bulk {
        deals::drop_indexes(tx)?;
    }
    let mut w = Writer {
        tx,
        p,
        import_id,
        now: now_text(),
        empty_before,
        resolver: RepResolver::default(),
        insert: tx.prepare_cached(deals::INSERT_SQL)?,
        labels: BTreeMap::new(),
        raw_labels: std::collections::HashSet::new(),
    };
    let total = rows.total(tail);
    let mut repeats = Repeats {
        seen: Seen::default(),
        mode: repeats::scan(p).mode,
        folded: Folded::default(),
    };
    let mut buf = sheet::grid::GridRow::default();
    while let Some(cells_row) = rows.next(tail, &mut buf)? {
        if rows.read.is_multiple_of(2048) {
            progress(rows.read as u64, total);
        }
        let (row, mut deal, cells) = match rows::ready(&ctx, cells_row) {
            Ready::Rejected { issue, cells } => {
                tally.reject(issue, cells);
                continue;
            }
            Ready::Deal { row, deal, cells } => (row, deal, cells),
        };
        match repeats.seen.find(&deal, row) {
            Found::New(slot) => {
                let (id, outcome) = w.write_new(&mut deal, 0)?;
                tally.count(outcome);
                if let Some(s) = repeats.seen.get_mut(slot) {
                    (s.deal, s.outcome) = (id, outcome);
                }
            }
            Found::Repeat(slot) => repeats.fold(&mut w, tally, slot, row, &mut deal)?,
        }
        // A repeat can add a warning of its own (another deal of the same name).
        let cells =
            cells.or_else(|| (!deal.warnings.is_empty()).then(|| rows::cells(p, cells_row)));
        if let Some(cells) = cells {
            let warnings = deal.warnings.iter().map(|c| row_issue(row, c)).collect();
            tally.warn(row, warnings, cells);
        }
    }
    let Writer {
        insert,
        labels,
        resolver,
        ..
    } = w;
    tally.report.repeats.sort_by_key(|r| r.row);
    tally.report.notes.extend(repeats.folded.notes(p));
    drop(insert);
    if bulk {
        tracing::debug!("rows inserted");
        deals::rebuild_indexes(tx)?;
        tracing::debug!("indexes rebuilt");
    }
    progress(rows.read as u64, rows.read as u64);
    // Stage labels: the user's choices are saved as confirmed; new labels keep
    // their suggestion, unconfirmed, and the report asks to confirm them.
    for choice in choices {
        stages::save(tx, meanings.preset, choice, Some(import_id))?;
    }
    let template = crate::store::template::load(tx)?;
    for (key, label) in &labels {
        if meanings.is_known(key) {
            continue;
        }
        let meaning = meanings.meaning(label);
        stages::remember_suggestion(tx, label, meaning, Some(import_id))?;
        if !meaning.confirmed {
            let what = match (meaning.stage, meaning.outcome) {
                (_, Some(o)) => o.as_str().to_string(),
                (Some(s), _) => match template.stage(s) {
                    Some(t) => format!("stage {s} ({})", t.name.trim()),
                    None => format!("stage {s}"),
                },
                _ => "unknown".into(),
            };
            tally.report.notes.push(format!(
                "Stage \"{label}\" was read as {what}. This is a suggestion: confirm it under Stage mapping on the Process page."
            ));
        }
    }
    if !resolver.created.is_empty() {
        tally.report.notes.push(format!(
            "{} new rep(s) added from deal owners.",
            resolver.created.len()
        ));
    }
    Ok(())
}

/// Writes the deals of an import: a new one, or one written already again.
struct Writer<'p, 't> {
    tx: &'t Connection,
    p: &'p Prepared,
    import_id: i64,
    now: String,
    /// No deal existed before: none is looked up.
    empty_before: bool,
    resolver: RepResolver,
    insert: rusqlite::CachedStatement<'t>,
    /// Stage labels written, normalised, with a spelling as written.
    labels: BTreeMap<String, String>,
    /// Labels as written, so each distinct spelling is normalised once, not once per row.
    raw_labels: std::collections::HashSet<String>,
}

impl Writer<'_, '_> {
    fn note_label(&mut self, deal: &ParsedDeal) {
        if let Some(label) = deal
            .crm_stage
            .as_ref()
            .filter(|l| !self.raw_labels.contains(*l))
        {
            self.raw_labels.insert(label.clone());
            self.labels
                .entry(normalize(label))
                .or_insert_with(|| label.clone());
        }
    }

    /// Writes a deal no earlier row of the file named: created, or the
    /// existing deal it describes (the `nth` of its name, account and
    /// created date when it has no id) updated.
    fn write_new(&mut self, deal: &mut ParsedDeal, nth: u32) -> Result<(i64, Outcome)> {
        self.note_label(deal);
        let incoming = to_incoming(self.tx, self.p, deal, &mut self.resolver, self.import_id)?;
        let existing = if self.empty_before {
            None
        } else {
            deals::find_existing_nth(self.tx, &incoming, nth)?
        };
        Ok(match existing {
            None => (
                deals::insert(&mut self.insert, &incoming, Some(self.import_id), &self.now)?,
                Outcome::Created,
            ),
            Some(id) => match deals::upsert(
                self.tx,
                // Local corrections stay while the CRM sends what it had
                // when they were made.
                &corrections::adjust_incoming(
                    self.tx,
                    id,
                    &incoming,
                    Some(self.import_id),
                    &self.now,
                )?
                .unwrap_or(incoming),
                existing,
                Some(self.import_id),
                &self.now,
            )? {
                Upserted::Created(id) => (id, Outcome::Created),
                Upserted::Updated(id) => (id, Outcome::Updated),
                Upserted::Unchanged(id) => (id, Outcome::Unchanged),
            },
        })
    }

    /// Writes `incoming` over a deal this import wrote already (see
    /// `deals::restate`); returns the deal's outcome now.
    fn restate(&mut self, slot: &Slot, incoming: &deals::Incoming) -> Result<Outcome> {
        let created_here = slot.outcome == Outcome::Created;
        // A deal this import created has no correction yet.
        let adjusted = if created_here {
            None
        } else {
            corrections::adjust_incoming(
                self.tx,
                slot.deal,
                incoming,
                Some(self.import_id),
                &self.now,
            )?
        };
        let changed = deals::restate(
            self.tx,
            slot.deal,
            adjusted.as_ref().unwrap_or(incoming),
            self.import_id,
            created_here,
            &self.now,
        )?;
        Ok(match (created_here, changed) {
            (true, _) => Outcome::Created,
            (false, true) => Outcome::Updated,
            (false, false) => Outcome::Unchanged,
        })
    }
}

/// The deals seen so far and what the file's repeats are (see `repeats`).
struct Repeats {
    seen: Seen,
    mode: repeats::Mode,
    folded: Folded,
}

impl Repeats {
    /// A row naming a deal an earlier row named: a line item added to it, a
    /// newer or older version, a later row replacing it, an exact repeat,
    /// or (without an id) another deal of the same name. Every case is
    /// counted and listed with both rows.
    fn fold(
        &mut self,
        w: &mut Writer<'_, '_>,
        tally: &mut Tally,
        at: u32,
        row: u32,
        deal: &mut ParsedDeal,
    ) -> Result<()> {
        use repeats::{Evidence, Mode};
        let p = w.p;
        let Some(slot) = self.seen.get(at).cloned() else {
            return Ok(());
        };
        let stored = deals::stored(w.tx, slot.deal)?;
        let evidence = repeats::compare(p, deal, &stored, slot.modified);
        if self.mode == Mode::Undecided {
            let line = u32::from(evidence == Evidence::LineItem);
            let other = u32::from(evidence == Evidence::Other);
            self.mode = repeats::decide(line, other, p.has(Field::LastModified));
        }
        let has_id = deal.external_id.is_some();
        // Taken before the row's values move into the deal it replaces.
        let listed = repeats::issue(p, deal, row, String::new());
        let deal_id = match &deal.external_id {
            Some(id) => format!("{} {id}", p.header_of(Field::ExternalId)),
            None => format!("\"{}\"", deal.name.as_deref().unwrap_or_default()),
        };
        let (fold, folded_row, message) = match (self.mode, evidence) {
            (Mode::LineItems, _) => {
                let product = repeats::product_header(p);
                let (amount, kept, warning) = repeats::add_line(product.as_deref(), &stored, deal);
                let mut incoming = deals::Incoming::default();
                if p.has(Field::Amount) {
                    incoming.set(deals::C_AMOUNT, amount.map_or(Value::Null, Value::Integer));
                }
                incoming.set(deals::C_EXTRA, Value::Text(kept));
                self.restated(w, tally, at, &slot, &incoming)?;
                let added = match (&warning, deal.amount) {
                    (Some(why), _) => format!(" Its amount was not added: {why}"),
                    (None, Some(a)) => format!(
                        " Its amount, {}, was added to the deal's.",
                        money::format(a, &deal.currency)
                    ),
                    (None, None) => " It has no amount to add.".to_string(),
                };
                (
                    Fold::LineItem,
                    row,
                    format!(
                        "A line item of the deal on row {} (same {}): its product is listed with the deal.{added}",
                        slot.first_row,
                        deal_id
                    ),
                )
            }
            (_, Evidence::Same) => (
                Fold::Exact,
                row,
                format!(
                    "Repeats row {} exactly: the deal was imported once.",
                    slot.row
                ),
            ),
            (Mode::Versions, _) => {
                let header = p.header_of(Field::LastModified);
                match (deal.modified, slot.modified) {
                    (Some(new), Some(old)) if new < old => (
                        Fold::Older,
                        row,
                        format!(
                            "An older version of the deal on row {} ({}): its {header} is {}, row {}'s is {}. Row {} was imported.",
                            slot.row,
                            deal_id,
                            repeats::when(new),
                            slot.row,
                            repeats::when(old),
                            slot.row
                        ),
                    ),
                    (new, old) => {
                        self.replace(w, tally, at, &slot, row, deal)?;
                        let why = match (new, old) {
                            (Some(new), Some(old)) if new == old => format!(
                                "row {row} has the same {header} ({}) and comes later in the file",
                                repeats::when(new)
                            ),
                            (Some(new), Some(old)) => format!(
                                "row {row} was changed later ({header} {}, this row's is {})",
                                repeats::when(new),
                                repeats::when(old)
                            ),
                            _ => format!(
                                "one of them has no {header} to compare, so the later row, {row}, was taken"
                            ),
                        };
                        (
                            Fold::Older,
                            slot.row,
                            format!(
                                "An older version of the deal on row {row} ({}): {why}. Row {row} was imported.",
                                deal_id
                            ),
                        )
                    }
                }
            }
            (_, _) if has_id => {
                self.replace(w, tally, at, &slot, row, deal)?;
                (
                    Fold::Replaced,
                    slot.row,
                    format!(
                        "Names the same deal as row {row} ({}), which comes later in the file and was imported instead.",
                        deal_id
                    ),
                )
            }
            (_, _) => return self.another(w, tally, at, row, deal),
        };
        self.folded.count(fold);
        tally.report.merged = tally.report.merged.saturating_add(1);
        tally.report.repeats.push(RowIssue {
            row: folded_row,
            message,
            ..listed
        });
        Ok(())
    }

    /// Writes `incoming` over the deal in `slot` and moves it between the
    /// report's counts if that changed whether it differs from before.
    fn restated(
        &mut self,
        w: &mut Writer<'_, '_>,
        tally: &mut Tally,
        at: u32,
        slot: &Slot,
        incoming: &deals::Incoming,
    ) -> Result<()> {
        let outcome = w.restate(slot, incoming)?;
        if outcome != slot.outcome {
            tally.uncount(slot.outcome);
            tally.count(outcome);
        }
        if let Some(s) = self.seen.get_mut(at) {
            s.outcome = outcome;
        }
        Ok(())
    }

    /// The row `row` becomes the deal in `slot`: its values written over it.
    fn replace(
        &mut self,
        w: &mut Writer<'_, '_>,
        tally: &mut Tally,
        at: u32,
        slot: &Slot,
        row: u32,
        deal: &mut ParsedDeal,
    ) -> Result<()> {
        w.note_label(deal);
        let modified = deal.modified;
        let incoming = to_incoming(w.tx, w.p, deal, &mut w.resolver, w.import_id)?;
        self.restated(w, tally, at, slot, &incoming)?;
        if let Some(s) = self.seen.get_mut(at) {
            s.row = row;
            s.modified = modified;
        }
        Ok(())
    }

    /// A row without an id that shares its name, account and created date
    /// with an earlier one: an exact repeat of one of the deals of that key,
    /// or another deal, imported beside them with a warning.
    fn another(
        &mut self,
        w: &mut Writer<'_, '_>,
        tally: &mut Tally,
        at: u32,
        row: u32,
        deal: &mut ParsedDeal,
    ) -> Result<()> {
        let p = w.p;
        let mut next = self.seen.get(at).and_then(|s| s.next);
        while let Some(n) = next {
            let Some(slot) = self.seen.get(n).cloned() else {
                break;
            };
            let stored = deals::stored(w.tx, slot.deal)?;
            if repeats::compare(p, deal, &stored, slot.modified) == repeats::Evidence::Same {
                self.folded.count(Fold::Exact);
                tally.report.merged = tally.report.merged.saturating_add(1);
                let message = format!(
                    "Repeats row {} exactly: the deal was imported once.",
                    slot.row
                );
                tally
                    .report
                    .repeats
                    .push(repeats::issue(p, deal, row, message));
                return Ok(());
            }
            next = slot.next;
        }
        let first_row = self.seen.get(at).map_or(0, |s| s.first_row);
        let slot = self.seen.another(at, deal, row);
        let nth = self.seen.get(slot).map_or(0, |s| s.nth);
        let (id, outcome) = w.write_new(deal, nth)?;
        tally.count(outcome);
        if let Some(s) = self.seen.get_mut(slot) {
            (s.deal, s.outcome) = (id, outcome);
        }
        self.folded.separate = self.folded.separate.saturating_add(1);
        deal.warnings.push(CellIssue {
            column: p.header_of(Field::Name),
            value: deal.name.clone().unwrap_or_default(),
            message: format!(
                "the same name, account and created date as row {first_row}, but other values: imported as a deal of its own. If it is the same deal, delete one of the two rows and import again."
            ),
        });
        Ok(())
    }
}

fn to_incoming(
    tx: &Connection,
    p: &Prepared,
    deal: &mut ParsedDeal,
    resolver: &mut RepResolver,
    import_id: i64,
) -> Result<Incoming> {
    use crate::store::deals::*;
    // Text fields move into the row (taken, not cloned): this runs per row.
    let text = |v: &mut Option<String>| v.take().map(Value::Text).unwrap_or(Value::Null);
    let date =
        |v: Option<chrono::NaiveDate>| v.map(|d| Value::Text(iso_date(d))).unwrap_or(Value::Null);
    let mut i = Incoming::default();
    i.set(C_EXTERNAL_ID, text(&mut deal.external_id));
    if p.has(Field::Name) {
        i.set(C_NAME, text(&mut deal.name));
    }
    if p.has(Field::Account) {
        i.set(C_ACCOUNT, text(&mut deal.account));
    }
    if p.has(Field::Owner) {
        let owner = match &deal.owner {
            Some(name) => Value::Integer(resolver.resolve(tx, name, Some(import_id))?),
            None => Value::Null,
        };
        i.set(C_OWNER, owner);
    }
    if p.has(Field::Amount) {
        i.set(
            C_AMOUNT,
            deal.amount.map(Value::Integer).unwrap_or(Value::Null),
        );
    }
    // Currency is always stored: a new deal needs one.
    i.values[C_CURRENCY] = Value::Text(std::mem::take(&mut deal.currency));
    i.provided[C_CURRENCY] = p.has(Field::Amount) || p.has(Field::Currency);
    if p.has(Field::CloseDate) {
        i.set(C_CLOSE, date(deal.close_date));
    }
    if p.has(Field::CreatedDate) {
        i.set(C_CREATED, date(deal.created_date));
    }
    i.values[C_STATUS] = Value::Text(deal.status.as_str().into());
    if p.reads_status() {
        i.provided[C_STATUS] = true;
        i.set(
            C_STAGE,
            deal.stage
                .map(|s| Value::Integer(s as i64))
                .unwrap_or(Value::Null),
        );
    }
    if p.has(Field::Stage) {
        i.set(C_CRM_STAGE, text(&mut deal.crm_stage));
    }
    if p.has(Field::Risk) {
        i.set(
            C_RISK,
            deal.risk
                .map(|r| Value::Text(r.as_str().into()))
                .unwrap_or(Value::Null),
        );
    } else if deal.status != crate::process::DealStatus::Open && p.reads_status() {
        // A deal that closed no longer carries a risk.
        i.set(C_RISK, Value::Null);
    }
    if p.has(Field::NextStep) {
        i.set(C_NEXT_STEP, text(&mut deal.next_step));
    }
    if p.has(Field::LastActivity) {
        i.set(C_LAST_ACTIVITY, date(deal.last_activity));
    }
    if p.has(Field::Probability) {
        i.set(
            C_PROBABILITY,
            deal.probability.map(Value::Real).unwrap_or(Value::Null),
        );
    }
    if p.mapping.iter().any(|a| parse::kept_in_extra(a.field)) {
        i.set(C_EXTRA, text(&mut deal.extra));
    }
    Ok(i)
}

/// A date as `YYYY-MM-DD`, exactly as `NaiveDate`'s `Display` writes it
/// (and the store reads it), without the formatting machinery: an import
/// writes three dates a row.
fn iso_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.to_string();
    }
    fn digits(s: &mut String, n: u32, width: u32) {
        for p in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
        }
    }
    let mut s = String::with_capacity(10);
    digits(&mut s, year as u32, 4);
    s.push('-');
    digits(&mut s, d.month(), 2);
    s.push('-');
    digits(&mut s, d.day(), 2);
    s
}

fn import_reps(
    tx: &Connection,
    rows: &mut Rows<'_>,
    tail: &mut RowStream,
    import_id: i64,
    today: chrono::NaiveDate,
    tally: &mut Tally,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let p = rows.p;
    let currency = settings::currency(tx)?;
    let mut resolver = RepResolver::default();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut promoted: Vec<String> = Vec::new();
    let total = rows.total(tail);
    let mut buf = sheet::grid::GridRow::default();
    while let Some(row) = rows.next(tail, &mut buf)? {
        if rows.read.is_multiple_of(512) {
            progress(rows.read as u64, total);
        }
        let Some(name) = cells::text(p.cell(row, Field::Name)) else {
            let issue = RowIssue {
                row: row.number,
                column: None,
                value: None,
                message: "No rep name: the row cannot be matched to anyone.".into(),
            };
            tally.reject(issue, rows::cells(p, row));
            continue;
        };
        if let Some(first) = seen.get(&name.to_lowercase()) {
            let issue = RowIssue {
                row: row.number,
                column: Some(p.header_of(Field::Name)),
                value: Some(name.clone()),
                message: format!("Same rep as row {first}; only the first is imported."),
            };
            tally.reject(issue, rows::cells(p, row));
            continue;
        }
        seen.insert(name.to_lowercase(), row.number);
        // The resolver says whether it had to create the rep: no second lookup.
        let created_before = resolver.created.len();
        let id = resolver.resolve(tx, &name, Some(import_id))?;
        let existed = resolver.created.len() == created_before;
        let mut warnings: Vec<CellIssue> = Vec::new();
        let mut values: Vec<(usize, Value)> = Vec::new();
        if p.has(Field::Email) {
            values.push((
                0,
                cells::text(p.cell(row, Field::Email))
                    .map(Value::Text)
                    .unwrap_or(Value::Null),
            ));
        }
        if p.has(Field::Role) {
            let cell = p.cell(row, Field::Role);
            let role = cells::text(cell).map(|t| match crate::model::role_of_title(&t) {
                Some(r) => r.to_string(),
                None => {
                    warnings.push(CellIssue {
                        column: p.header_of(Field::Role),
                        value: t.clone(),
                        message: "not a known role (AE, SDR, CSM, manager); kept as written."
                            .into(),
                    });
                    t
                }
            });
            values.push((1, role.map(Value::Text).unwrap_or(Value::Null)));
        }
        if p.has(Field::Manager) {
            let manager = match cells::text(p.cell(row, Field::Manager)) {
                Some(m) if m.eq_ignore_ascii_case(&name) => {
                    warnings.push(CellIssue {
                        column: p.header_of(Field::Manager),
                        value: m,
                        message: "a rep cannot be their own manager; left empty.".into(),
                    });
                    Value::Null
                }
                Some(m) => Value::Integer(resolver.resolve(tx, &m, Some(import_id))?),
                None => Value::Null,
            };
            values.push((2, manager));
        }
        for (slot, field, what) in [
            (3, Field::StartDate, "start date"),
            (7, Field::RoleStart, "role start"),
        ] {
            if !p.has(field) {
                continue;
            }
            let col = p.field_columns.get(&field).copied().unwrap_or_default();
            let order = p
                .date_orders
                .get(&col)
                .copied()
                .unwrap_or(sheet::values::DateOrder::Iso);
            let cell = p.cell(row, field);
            let v = match sheet::values::parse_date(cell, order, p.grid.is_1904) {
                Ok(d) => d.map(|d| Value::Text(d.to_string())).unwrap_or(Value::Null),
                Err(why) => {
                    warnings.push(CellIssue {
                        column: p.header_of(field),
                        value: cell.display(),
                        message: format!("{why}; the {what} was left empty."),
                    });
                    Value::Null
                }
            };
            values.push((slot, v));
        }
        if p.has(Field::Segment) {
            let v = cells::text(p.cell(row, Field::Segment));
            values.push((5, v.map(Value::Text).unwrap_or(Value::Null)));
        }
        if p.has(Field::RepStatus) {
            let cell = p.cell(row, Field::RepStatus);
            let v = match cells::text(cell) {
                None => Value::Null,
                Some(t) => {
                    match cells::rep_status(&t) {
                        Some(s) => Value::Text(s.to_string()),
                        None => {
                            warnings.push(CellIssue {
                            column: p.header_of(Field::RepStatus),
                            value: t,
                            message: "not a status SalesOS knows (active, left, promoted); left empty.".into(),
                        });
                            Value::Null
                        }
                    }
                }
            };
            values.push((6, v));
        }
        if p.has(Field::Quota) {
            let v = roster_money(
                p,
                row,
                Field::Quota,
                &currency,
                &mut warnings,
                "the quota",
                "",
            );
            values.push((4, v));
        }
        if p.has(Field::AnnualCost) {
            let (field, why) = (Field::AnnualCost, " (the role's default applies)");
            let v = roster_money(p, row, field, &currency, &mut warnings, "the cost", why);
            values.push((8, v));
        }
        // A new role (SDR to AE) starts a new ramp (docs/method.md §5); a new
        // manager does not. Without a date for it on the row, it starts today.
        if existed
            && !values
                .iter()
                .any(|(slot, v)| *slot == 7 && *v != Value::Null)
        {
            if let Some(change) = role_change(tx, id, &values)? {
                values.push((7, Value::Text(today.to_string())));
                promoted.push(format!("{name} ({change})"));
            }
        }
        let changed = reps::update_roster(tx, id, &values, Some(import_id))?;
        match (existed, changed) {
            (false, _) => tally.report.created += 1,
            (true, true) => tally.report.updated += 1,
            (true, false) => tally.report.unchanged += 1,
        }
        if !warnings.is_empty() {
            let warnings = warnings.iter().map(|c| row_issue(row.number, c)).collect();
            tally.warn(row.number, warnings, rows::cells(p, row));
        }
    }
    progress(rows.read as u64, rows.read as u64);
    if !promoted.is_empty() {
        tally.report.notes.push(format!(
            "{} rep(s) changed role and start a new ramp on {today}: {}. A Role Start column gives the real date.",
            promoted.len(),
            promoted.join(", ")
        ));
    }
    let managers_added = resolver.created.len() as u32;
    if managers_added > tally.report.created {
        tally.report.notes.push(format!(
            "{} manager(s) named in the roster were added as people too.",
            managers_added - tally.report.created
        ));
    }
    Ok(())
}

/// A roster's amount (a quota, a fully loaded cost) in minor units: empty
/// when the cell is, and empty with a warning when it is negative or not an
/// amount ("a negative quota; left empty.").
fn roster_money(
    p: &Prepared,
    row: &sheet::grid::GridRow,
    field: Field,
    currency: &str,
    warnings: &mut Vec<CellIssue>,
    what: &str,
    then: &str,
) -> Value {
    let cell = p.cell(row, field);
    let mut warn = |message: String| {
        warnings.push(CellIssue {
            column: p.header_of(field),
            value: cell.display(),
            message,
        });
        Value::Null
    };
    match super::cells::parse_money(cell) {
        Ok(Some((v, _))) if v >= 0.0 => money::to_minor(v, currency)
            .map(Value::Integer)
            .unwrap_or(Value::Null),
        Ok(None) => Value::Null,
        Ok(Some(_)) => {
            let noun = what.trim_start_matches("the ");
            warn(format!("a negative {noun}; left empty{then}."))
        }
        Err(why) => warn(format!("{why}; {what} was left empty{then}.")),
    }
}

/// "SDR → AE" when the row gives the rep another kind of role than the one
/// on the roster (titles compared by what they are: "Sr. AE" is an AE).
fn role_change(tx: &Connection, id: i64, values: &[(usize, Value)]) -> Result<Option<String>> {
    let Some((_, Value::Text(new))) = values.iter().find(|(slot, _)| *slot == 1) else {
        return Ok(None);
    };
    let old: Option<String> = tx
        .prepare_cached("SELECT role FROM reps WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let (Some(old), Some(to)) = (
        old.as_deref().and_then(crate::model::role_of_title),
        crate::model::role_of_title(new),
    ) else {
        return Ok(None);
    };
    Ok((old != to).then(|| format!("{old} → {to}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates_read_as_display_writes_them() {
        for (y, m, d) in [
            (2026, 3, 4),
            (1950, 12, 31),
            (9999, 1, 1),
            (0, 2, 29),
            (10000, 1, 1),
            (-5, 6, 7),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(super::iso_date(date), date.to_string());
        }
    }
}
