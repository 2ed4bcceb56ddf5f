//! Rows that name a deal another row of the file named already.
//!
//! Exports repeat a deal for three reasons, and each needs its own reading:
//! - **Line items.** A report of opportunities with their products has a row
//!   per product, the opportunity's id, stage and dates on each. The deal is
//!   all of them: the amounts are added up and the products listed with it.
//!   Told by a product column whose value differs between the rows, or, with
//!   none, by the deal's name differing while its account, owner, stage,
//!   status and dates do not (the name column then holds the products).
//! - **Versions.** A dump of a CRM's change log (Bitrix24, a data lake) has
//!   a row per change of a deal and a last-modified column: the row changed
//!   last is the deal.
//! - **Anything else** (the same id pasted twice, a corrected row added at
//!   the bottom): the later row is the deal, and the report names both rows.
//!
//! What the file's repeats are is decided once for the file, from the first
//! rows that repeat a deal (`scan` over the rows read with the header, or
//! the first repeat after them), because one group alone can be ambiguous:
//! two lines of the same product differ only in amount, like two versions.
//!
//! Without an id column a deal is known by its name, account and created
//! date, not by its name alone (3,632 Zoho potentials share 699 names). Two
//! such rows that differ are two deals, not one: nothing says they are the
//! same, and dropping one would lose a deal. Each is imported, with a
//! warning, and a later import matches them in the same order.
//!
//! Every row stays accounted for: a row folded into another's deal is
//! counted in the report's `merged` and listed in `repeats` with the row it
//! was folded into.
use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::types::Value;

use super::model::{Field, ImportKind, RowIssue};
use super::parse::ParsedDeal;
use super::prepare::Prepared;
use crate::money;
use crate::store::deals::{Stored, C_ACCOUNT, C_AMOUNT, C_CLOSE, C_CREATED, C_CRM_STAGE};
use crate::store::deals::{
    C_CURRENCY, C_EXTRA, C_LAST_ACTIVITY, C_NAME, C_NEXT_STEP, C_PROBABILITY, C_RISK, C_STATUS,
};
use sheet::grid::{GridRow, Text};

/// What rows that repeat a deal are, for the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// No row has told yet.
    #[default]
    Undecided,
    /// Line items of one deal: amounts added up, products listed.
    LineItems,
    /// Versions of one deal: the one changed last is the deal.
    Versions,
    /// The later row is the deal (without an id: two deals).
    LaterWins,
}

/// What one repeating row says about the file's repeats, compared with the
/// deal's first row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The same values: a row pasted twice.
    Same,
    /// Another product (or another name, all else equal): a line item.
    LineItem,
    /// Something else differs.
    Other,
}

/// How two rows of one deal differ, whatever they are compared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Differences {
    /// Every value is the same.
    same: bool,
    /// The product differs (`None`: no product column).
    product: Option<bool>,
    name: bool,
    /// Account, owner, stage, status, close and created dates are the same.
    deal_same: bool,
    /// The last-modified time differs (`None`: no such column).
    modified: Option<bool>,
}

/// The rule. Another product is another line. Without a product column,
/// another name with the deal's own values (account, owner, stage, dates)
/// unchanged is another line too, unless the CRM's last-modified time
/// differs: then the deal was renamed.
fn evidence(d: Differences) -> Evidence {
    match (d.same, d.product) {
        (true, _) => Evidence::Same,
        (_, Some(true)) => Evidence::LineItem,
        (_, Some(false)) => Evidence::Other,
        (_, None) if d.name && d.deal_same && d.modified != Some(true) => Evidence::LineItem,
        _ => Evidence::Other,
    }
}

/// The file's mode from the evidence of its repeats so far: line items when
/// at least as many repeats look like line items as not; else versions
/// when there is a last-modified column; else the later row.
pub fn decide(line_items: u32, other: u32, has_modified: bool) -> Mode {
    if line_items > 0 && line_items >= other {
        Mode::LineItems
    } else if line_items + other == 0 {
        Mode::Undecided
    } else if has_modified {
        Mode::Versions
    } else {
        Mode::LaterWins
    }
}

/// The repeats among the rows read with the header, for the mapping step
/// and to decide the file's mode before its first row is written.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub mode: Mode,
    /// Rows repeating the deal of an earlier row, of those scanned.
    pub rows: u32,
    /// The first such row and the row it repeats.
    pub example: Option<(u32, u32)>,
    /// Data rows scanned, and whether there are more.
    pub scanned: usize,
    pub more: bool,
}

/// Data rows scanned for repeats before the import writes anything: enough
/// to meet repeats in a line-item export, few enough to cost nothing.
pub const SCAN_ROWS: usize = 1_000;

/// What identifies the deal of a row as written: its id, or its name,
/// account and created date.
fn raw_key(p: &Prepared, row: &GridRow) -> Option<String> {
    let text = |f: Field| {
        let t = p.cell(row, f).display();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_lowercase())
    };
    match text(Field::ExternalId) {
        Some(id) => Some(format!("id|{id}")),
        None => Some(format!(
            "name|{}|{}|{}",
            text(Field::Name)?,
            text(Field::Account).unwrap_or_default(),
            text(Field::CreatedDate).unwrap_or_default()
        )),
    }
}

/// Compares two rows of one deal as written.
fn raw_evidence(p: &Prepared, first: &GridRow, next: &GridRow) -> Evidence {
    let same = |f: Field| p.cell(first, f) == p.cell(next, f);
    let deal_same = [
        Field::Account,
        Field::Owner,
        Field::Stage,
        Field::Status,
        Field::CloseDate,
        Field::CreatedDate,
    ]
    .into_iter()
    .all(same);
    let all_same = first.cells.len().max(next.cells.len()) as u32;
    let all_same = (0..all_same).all(|c| first.get(c) == next.get(c));
    evidence(Differences {
        same: all_same,
        product: p.has(Field::Product).then(|| !same(Field::Product)),
        name: !same(Field::Name),
        deal_same,
        modified: p
            .has(Field::LastModified)
            .then(|| !same(Field::LastModified)),
    })
}

/// Looks for rows repeating a deal among the first [`SCAN_ROWS`] data rows
/// (of a deals file; other kinds have no deals to repeat). Computed where it
/// is used rather than kept on [`Prepared`], which the scan itself reads.
pub fn scan(p: &Prepared) -> Scan {
    if p.kind != ImportKind::Deals {
        return Scan::default();
    }
    let mut first: HashMap<String, usize> = HashMap::new();
    let (mut line_items, mut other) = (0, 0);
    let mut out = Scan {
        scanned: p.data.len().min(SCAN_ROWS),
        more: p.data.len() > SCAN_ROWS,
        ..Scan::default()
    };
    for &i in p.data.iter().take(SCAN_ROWS) {
        let row = &p.grid.rows[i];
        let Some(key) = raw_key(p, row) else {
            continue;
        };
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&f) => {
                let earlier = &p.grid.rows[f];
                out.rows += 1;
                out.example.get_or_insert((row.number, earlier.number));
                match raw_evidence(p, earlier, row) {
                    Evidence::LineItem => line_items += 1,
                    Evidence::Other => other += 1,
                    Evidence::Same => {}
                }
            }
        }
    }
    out.mode = decide(line_items, other, p.has(Field::LastModified));
    out
}

impl Scan {
    /// What the mapping step says of the repeats it saw.
    pub fn note(&self, p: &Prepared) -> Option<String> {
        let (row, earlier) = self.example?;
        let key = if p.has(Field::ExternalId) {
            p.header_of(Field::ExternalId)
        } else {
            "name, account and created date".into()
        };
        let among = if self.more {
            format!(" (of the first {} rows)", self.scanned)
        } else {
            String::new()
        };
        let what = match self.mode {
            Mode::LineItems => "they are read as line items of one deal: their amounts are added up and their products listed with it.",
            Mode::Versions => "they are read as versions of one deal: the one changed last is imported.",
            _ if p.has(Field::ExternalId) => "the later row of each deal is imported, and the report lists both.",
            _ => "rows that differ are imported as deals of their own, with a warning.",
        };
        Some(format!(
            "{} row(s){among} repeat the {key} of an earlier row (row {row} repeats row {earlier}): {what}",
            self.rows
        ))
    }
}

/// The rows import counted a deal as, to move it between counts when a
/// later row changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// A deal the import has written, by the slot [`Seen`] keeps for it.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The row that named the deal first.
    pub first_row: u32,
    /// The row whose values the deal holds.
    pub row: u32,
    pub deal: i64,
    pub outcome: Outcome,
    /// The last-modified time of `row`.
    pub modified: Option<NaiveDateTime>,
    /// Without an id: the next deal of the same name, account and created
    /// date, and how many came before this one.
    pub next: Option<u32>,
    pub nth: u32,
}

/// The deals read so far, by what identifies them. External ids are kept as
/// [`Text`]: short ones inline, so a 100,000-row import allocates nothing
/// per row here, and freeing the map, which happens after the last row
/// while nothing else runs, costs nothing (freeing 100,000 strings took 20
/// to 40 ms). Each maps to a slot in a vector, reserved before the deal is
/// written and filled in after, so each row costs one lookup.
#[derive(Default)]
pub struct Seen {
    by_id: HashMap<Text, u32>,
    /// Deals without an id: lowercase name, account and created date.
    by_name: HashMap<String, u32>,
    pub slots: Vec<Slot>,
}

/// Whether a row names a new deal (its slot reserved) or one already seen.
pub enum Found {
    New(u32),
    Repeat(u32),
}

impl Seen {
    pub fn find(&mut self, deal: &ParsedDeal, row: u32) -> Found {
        let next = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        let at = match (&deal.external_id, &deal.name) {
            (Some(id), _) => *self.by_id.entry(Text::from(id.as_str())).or_insert(next),
            (None, name) => {
                let key = format!(
                    "{}|{}|{}",
                    name.as_deref().unwrap_or("").to_lowercase(),
                    deal.account.as_deref().unwrap_or("").to_lowercase(),
                    deal.created_date.map(|d| d.to_string()).unwrap_or_default()
                );
                *self.by_name.entry(key).or_insert(next)
            }
        };
        if at != next {
            return Found::Repeat(at);
        }
        self.slots.push(Slot {
            first_row: row,
            row,
            deal: 0,
            outcome: Outcome::Created,
            modified: deal.modified,
            next: None,
            nth: 0,
        });
        Found::New(at)
    }

    /// A deal of the same name, account and created date as the one in
    /// `slot`'s chain, but another deal: its slot, reserved at the end of
    /// the chain.
    pub fn another(&mut self, slot: u32, deal: &ParsedDeal, row: u32) -> u32 {
        let mut last = slot;
        while let Some(next) = self.get(last).and_then(|s| s.next) {
            last = next;
        }
        let nth = self.get(last).map_or(0, |s| s.nth.saturating_add(1));
        let at = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        self.slots.push(Slot {
            first_row: row,
            row,
            deal: 0,
            outcome: Outcome::Created,
            modified: deal.modified,
            next: None,
            nth,
        });
        if let Some(s) = self.slots.get_mut(last as usize) {
            s.next = Some(at);
        }
        at
    }

    pub fn get(&self, slot: u32) -> Option<&Slot> {
        self.slots.get(slot as usize)
    }

    pub fn get_mut(&mut self, slot: u32) -> Option<&mut Slot> {
        self.slots.get_mut(slot as usize)
    }
}

/// What became of a row that repeats a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Its amount added to the deal, its product listed.
    LineItem,
    /// An older version: a newer row is the deal.
    Older,
    /// A later row of the deal replaced it.
    Replaced,
    /// The same values as the deal's row.
    Exact,
}

/// The rows folded into other rows' deals, by kind, for the report's notes.
#[derive(Debug, Default)]
pub struct Folded {
    pub line_items: u32,
    pub older: u32,
    pub replaced: u32,
    pub exact: u32,
    /// Rows without an id imported as deals of their own beside a deal of
    /// the same name, account and created date.
    pub separate: u32,
}

impl Folded {
    pub fn count(&mut self, fold: Fold) {
        let n = match fold {
            Fold::LineItem => &mut self.line_items,
            Fold::Older => &mut self.older,
            Fold::Replaced => &mut self.replaced,
            Fold::Exact => &mut self.exact,
        };
        *n = n.saturating_add(1);
    }

    pub fn notes(&self, p: &Prepared) -> Vec<String> {
        let id = if p.has(Field::ExternalId) {
            p.header_of(Field::ExternalId)
        } else {
            "name, account and created date".into()
        };
        let mut notes = Vec::new();
        if self.line_items > 0 {
            notes.push(format!(
                "{} row(s) are line items of a deal named on an earlier row (same {id}): their amounts were added to it and their products listed with it (see the rows merged).",
                self.line_items
            ));
        }
        if self.older > 0 {
            notes.push(format!(
                "{} row(s) are older versions of a deal (same {id}, an earlier {}): the version changed last was imported.",
                self.older,
                p.header_of(Field::LastModified)
            ));
        }
        if self.replaced > 0 {
            notes.push(format!(
                "{} row(s) name the same deal as a later row (same {id}) and were replaced by it: check the rows merged to see both.",
                self.replaced
            ));
        }
        if self.exact > 0 {
            notes.push(format!(
                "{} row(s) repeat an earlier row exactly; each deal was imported once.",
                self.exact
            ));
        }
        if self.separate > 0 {
            notes.push(format!(
                "{} row(s) have no deal ID and the same name, account and created date as an earlier row, but other values: each was imported as a deal of its own (see the warnings).",
                self.separate
            ));
        }
        notes
    }
}

/// Whether `value` (stored) holds `text`.
fn eq_text(text: Option<&str>, value: &Value) -> bool {
    match (text, value) {
        (None, Value::Null) => true,
        (Some(t), Value::Text(v)) => t == v,
        _ => false,
    }
}

fn eq_date(date: Option<chrono::NaiveDate>, value: &Value) -> bool {
    match (date, value) {
        (None, Value::Null) => true,
        (Some(d), Value::Text(v)) => d.to_string() == *v,
        _ => false,
    }
}

/// The product a stored deal's row had (kept with it as written, under
/// the product column's header).
fn stored_product(header: &str, stored: &Stored) -> Option<String> {
    let Value::Text(extra) = &stored.values[C_EXTRA] else {
        return None;
    };
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(extra).ok()?;
    map.get(header)?.as_str().map(str::to_string)
}

/// The header of the product column, when there is one.
pub fn product_header(p: &Prepared) -> Option<String> {
    p.has(Field::Product).then(|| p.header_of(Field::Product))
}

/// Compares a row with the deal as this import stored it from an earlier
/// row of the file, last modified at `modified` (see [`evidence`]).
pub fn compare(
    p: &Prepared,
    deal: &ParsedDeal,
    stored: &Stored,
    modified: Option<NaiveDateTime>,
) -> Evidence {
    let v = &stored.values;
    let has = |f: Field| p.has(f);
    let owner_same = !has(Field::Owner) || deal.owner.as_deref() == stored.owner.as_deref();
    let deal_same = (!has(Field::Account) || eq_text(deal.account.as_deref(), &v[C_ACCOUNT]))
        && owner_same
        && (!has(Field::Stage) || eq_text(deal.crm_stage.as_deref(), &v[C_CRM_STAGE]))
        && eq_text(Some(deal.status.as_str()), &v[C_STATUS])
        && (!has(Field::CloseDate) || eq_date(deal.close_date, &v[C_CLOSE]))
        && (!has(Field::CreatedDate) || eq_date(deal.created_date, &v[C_CREATED]));
    let name_same = !has(Field::Name) || eq_text(deal.name.as_deref(), &v[C_NAME]);
    let amount_same = match (deal.amount, &v[C_AMOUNT]) {
        (None, Value::Null) => true,
        (Some(a), Value::Integer(b)) => a == *b,
        _ => false,
    } && eq_text(Some(&deal.currency), &v[C_CURRENCY]);
    let probability_same = match (deal.probability, &v[C_PROBABILITY]) {
        (None, Value::Null) => true,
        (Some(a), Value::Real(b)) => a == *b,
        _ => false,
    };
    let same = deal_same
        && name_same
        && (!has(Field::Amount) || amount_same)
        && (!has(Field::NextStep) || eq_text(deal.next_step.as_deref(), &v[C_NEXT_STEP]))
        && (!has(Field::LastActivity) || eq_date(deal.last_activity, &v[C_LAST_ACTIVITY]))
        && (!has(Field::Risk) || eq_text(deal.risk.map(|r| r.as_str()), &v[C_RISK]))
        && (!has(Field::Probability) || probability_same)
        && eq_text(deal.extra.as_deref(), &v[C_EXTRA]);
    evidence(Differences {
        same,
        product: product_header(p)
            .map(|h| deal.product.as_deref() != stored_product(&h, stored).as_deref()),
        name: !name_same,
        deal_same,
        modified: has(Field::LastModified).then(|| deal.modified != modified),
    })
}

/// Longest list of line items kept with a deal, in characters: a deal of
/// thousands of lines keeps the first ones and a count of the rest.
const MAX_LINE_ITEMS_TEXT: usize = 8_000;

/// The key of the line items in a deal's kept values.
pub const LINE_ITEMS: &str = "Line items";

/// A line as listed with its deal: "Canon imageCLASS 2200: $17,499.95".
fn line(label: Option<&str>, amount: Option<i64>, currency: &str) -> String {
    let label = label.unwrap_or("(no product)");
    match amount {
        Some(a) => format!("{label}: {}", money::format(a, currency)),
        None => label.to_string(),
    }
}

/// The deal with one more line item: its amount added (when in the deal's
/// currency) and its product (the product column's, under `product`, else
/// its name) listed with the others in its kept values. Returns the new
/// amount and kept values, and a warning when the line's amount could not
/// be added.
pub fn add_line(
    product: Option<&str>,
    stored: &Stored,
    deal: &ParsedDeal,
) -> (Option<i64>, String, Option<String>) {
    let v = &stored.values;
    let current = match &v[C_AMOUNT] {
        Value::Integer(a) => Some(*a),
        _ => None,
    };
    let currency = match &v[C_CURRENCY] {
        Value::Text(c) => c.clone(),
        _ => deal.currency.clone(),
    };
    let mut warning = None;
    let amount = match (current, deal.amount) {
        (c, None) => c,
        (None, Some(a)) => Some(a),
        (Some(_), Some(_)) if deal.currency != currency => {
            warning = Some(format!(
                "its amount is in {}, the deal's in {currency}: it was not added.",
                deal.currency
            ));
            current
        }
        (Some(c), Some(a)) => match c.checked_add(a) {
            Some(sum) => Some(sum),
            None => {
                warning = Some("the deal's amount would be too large: it was not added.".into());
                current
            }
        },
    };
    let mut kept: serde_json::Map<String, serde_json::Value> = match &v[C_EXTRA] {
        Value::Text(t) => serde_json::from_str(t).unwrap_or_default(),
        _ => serde_json::Map::new(),
    };
    let mut lines = match kept.get(LINE_ITEMS).and_then(|l| l.as_str()) {
        Some(l) => l.to_string(),
        None => {
            let first = match product {
                Some(h) => stored_product(h, stored),
                None => match &v[C_NAME] {
                    Value::Text(n) => Some(n.clone()),
                    _ => None,
                },
            };
            line(first.as_deref(), current, &currency)
        }
    };
    if lines.len() < MAX_LINE_ITEMS_TEXT {
        let label = match product {
            Some(_) => deal.product.as_deref(),
            None => deal.name.as_deref(),
        };
        lines.push_str("; ");
        lines.push_str(&line(label, deal.amount, &deal.currency));
        if lines.len() >= MAX_LINE_ITEMS_TEXT {
            lines.push_str("; and more (see the file)");
        }
    }
    kept.insert(LINE_ITEMS.into(), serde_json::Value::String(lines));
    (amount, serde_json::Value::Object(kept).to_string(), warning)
}

/// The report's line for a merged row.
pub fn issue(p: &Prepared, deal: &ParsedDeal, row: u32, message: String) -> RowIssue {
    let (column, value) = match &deal.external_id {
        Some(id) => (p.header_of(Field::ExternalId), id.clone()),
        None => (
            p.header_of(Field::Name),
            deal.name.clone().unwrap_or_default(),
        ),
    };
    RowIssue {
        row,
        column: Some(column),
        value: Some(value),
        message,
    }
}

/// A last-modified time as the report shows it.
pub fn when(t: NaiveDateTime) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.date().to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// Stored values, as the deals table keeps them, for a test.
#[cfg(test)]
fn stored_of(values: &[(usize, Value)], owner: Option<&str>) -> Stored {
    let mut v: [Value; 16] = std::array::from_fn(|_| Value::Null);
    for (i, value) in values {
        v[*i] = value.clone();
    }
    Stored {
        values: v,
        owner: owner.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        let d = |product, name, deal_same, modified| {
            evidence(Differences {
                same: false,
                product,
                name,
                deal_same,
                modified,
            })
        };
        // Another product: a line item, whatever else differs.
        assert_eq!(d(Some(true), true, false, Some(true)), Evidence::LineItem);
        // The same product and something else differs: not a line item.
        assert_eq!(d(Some(false), false, true, None), Evidence::Other);
        // No product column: another name with the same stage, dates, owner
        // (the assessment workbook's "Opportunity Name" holds products).
        assert_eq!(d(None, true, true, None), Evidence::LineItem);
        assert_eq!(d(None, true, true, Some(false)), Evidence::LineItem);
        // ... unless the CRM changed the deal in between: renamed (Bitrix D1008).
        assert_eq!(d(None, true, true, Some(true)), Evidence::Other);
        // Another name and another stage: a later version, renamed.
        assert_eq!(d(None, true, false, None), Evidence::Other);
        // Only the amount differs: a version, not a line (no product to say so).
        assert_eq!(d(None, false, true, None), Evidence::Other);
        let same = Differences {
            same: true,
            product: Some(false),
            name: false,
            deal_same: true,
            modified: None,
        };
        assert_eq!(evidence(same), Evidence::Same);
    }

    #[test]
    fn the_files_mode() {
        assert_eq!(decide(0, 0, true), Mode::Undecided);
        assert_eq!(decide(2_469, 2, false), Mode::LineItems);
        assert_eq!(decide(1, 1, true), Mode::LineItems);
        assert_eq!(decide(0, 1, true), Mode::Versions);
        assert_eq!(decide(1, 3, true), Mode::Versions);
        assert_eq!(decide(0, 1, false), Mode::LaterWins);
    }

    #[test]
    fn seen_reserves_a_slot_per_deal() {
        let mut seen = Seen::default();
        let deal = |id: Option<&str>, name: &str| ParsedDeal {
            external_id: id.map(str::to_string),
            name: Some(name.into()),
            ..ParsedDeal::default()
        };
        assert!(matches!(
            seen.find(&deal(Some("A-1"), "x"), 2),
            Found::New(0)
        ));
        assert!(matches!(
            seen.find(&deal(Some("A-2"), "x"), 3),
            Found::New(1)
        ));
        assert!(matches!(
            seen.find(&deal(Some("A-1"), "y"), 4),
            Found::Repeat(0)
        ));
        // Without an id: by name (any case), account and created date.
        let mut zoho = deal(None, "Lewis, James");
        zoho.created_date = chrono::NaiveDate::from_ymd_opt(2021, 4, 15);
        assert!(matches!(seen.find(&zoho, 5), Found::New(2)));
        let mut later = zoho.clone();
        later.name = Some("LEWIS, JAMES".into());
        assert!(matches!(seen.find(&later, 6), Found::Repeat(2)));
        later.created_date = chrono::NaiveDate::from_ymd_opt(2021, 4, 16);
        assert!(matches!(seen.find(&later, 7), Found::New(3)));
        // Another deal of the same key goes at the end of its chain.
        assert_eq!(seen.another(2, &zoho, 8), 4);
        assert_eq!(seen.another(2, &zoho, 9), 5);
        assert_eq!(seen.get(2).and_then(|s| s.next), Some(4));
        assert_eq!(seen.get(4).and_then(|s| s.next), Some(5));
        assert_eq!(seen.get(5).map(|s| s.nth), Some(2));
    }

    #[test]
    fn lines_as_listed_with_their_deal() {
        assert_eq!(
            line(Some("Canon"), Some(1_749_995), "USD"),
            "Canon: $17,499.95"
        );
        assert_eq!(line(None, None, "USD"), "(no product)");
    }

    /// Line items add up in minor units and list their products; a line in
    /// another currency is listed but not added.
    #[test]
    fn adding_line_items() {
        let first = stored_of(
            &[
                (C_NAME, Value::Text("Cisco TelePresence".into())),
                (C_AMOUNT, Value::Integer(2_263_848)),
                (C_CURRENCY, Value::Text("USD".into())),
                (C_EXTRA, Value::Text(r#"{"Row ID":"2698"}"#.into())),
            ],
            None,
        );
        let line_item = |name: &str, amount: i64, currency: &str| ParsedDeal {
            name: Some(name.into()),
            amount: Some(amount),
            currency: currency.into(),
            ..ParsedDeal::default()
        };
        // The name column holds the products (no product column).
        let (amount, kept, warning) = add_line(None, &first, &line_item("Canon", 1_749_995, "USD"));
        assert_eq!(amount, Some(4_013_843));
        assert_eq!(warning, None);
        let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
        assert_eq!(kept["Row ID"], "2698");
        assert_eq!(
            kept[LINE_ITEMS],
            "Cisco TelePresence: $22,638.48; Canon: $17,499.95"
        );
        let (amount, _, warning) = add_line(None, &first, &line_item("Bic", 100, "EUR"));
        assert_eq!(amount, Some(2_263_848));
        assert!(warning.unwrap().contains("in EUR, the deal's in USD"));
        // A product column: its values are the lines.
        let with_product = stored_of(
            &[
                (C_NAME, Value::Text("Acme renewal".into())),
                (C_AMOUNT, Value::Integer(1_000)),
                (C_CURRENCY, Value::Text("USD".into())),
                (C_EXTRA, Value::Text(r#"{"Product":"Seats"}"#.into())),
            ],
            None,
        );
        let mut support = line_item("Acme renewal", 500, "USD");
        support.product = Some("Support".into());
        let (amount, kept, _) = add_line(Some("Product"), &with_product, &support);
        assert_eq!(amount, Some(1_500));
        assert!(kept.contains("Seats: $10; Support: $5"), "{kept}");
        let huge = stored_of(
            &[
                (C_AMOUNT, Value::Integer(i64::MAX)),
                (C_CURRENCY, Value::Text("USD".into())),
            ],
            None,
        );
        let (amount, _, warning) = add_line(None, &huge, &line_item("x", 1, "USD"));
        assert_eq!(amount, Some(i64::MAX));
        assert!(warning.is_some());
    }
}
