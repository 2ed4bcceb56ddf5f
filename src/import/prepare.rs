//! From bytes to a mapped table: format, sheet, header row, footer rows,
//! column mapping and the date order of each date column.
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::columns;
use super::columns::header_fields;
use super::dictionary;
use super::missing;
use super::model::{ColumnAssignment, ColumnChoice, Field, ImportKind, MissingField};
use crate::error::{Error, Result};
use crate::money::{DecimalMark, DecimalTally};
use crate::process::normalize;
use crate::process::DealStatus;
use sheet::delimited::{self, Broken};
use sheet::grid::{Cell, Grid, GridRow};
use sheet::letter;
use sheet::sniff;
use sheet::values::{DateOrder, OrderTally};
use sheet::Format;

/// The column each field is read from: a lookup per cell of every row, so an
/// array indexed by field rather than a hash map.
#[derive(Debug, Clone)]
pub struct FieldColumns([Option<u32>; FIELD_SLOTS]);

/// Room for every field: the last one must fit (checked when compiling).
const FIELD_SLOTS: usize = 48;
const _: () = assert!((Field::OpportunitiesCreated as usize) < FIELD_SLOTS);

impl Default for FieldColumns {
    fn default() -> Self {
        FieldColumns([None; FIELD_SLOTS])
    }
}

impl FieldColumns {
    pub fn get(&self, field: &Field) -> Option<&u32> {
        self.0[*field as usize].as_ref()
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.0[*field as usize].is_some()
    }
}

impl FromIterator<(Field, u32)> for FieldColumns {
    fn from_iter<I: IntoIterator<Item = (Field, u32)>>(iter: I) -> Self {
        let mut columns = FieldColumns::default();
        for (field, column) in iter {
            columns.0[field as usize] = Some(column);
        }
        columns
    }
}

/// A file read and understood, ready to preview or import.
pub struct Prepared {
    pub file_name: String,
    pub format: Format,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub kind: ImportKind,
    pub grid: Grid,
    /// Index into `grid.rows` of the header row.
    pub header_index: usize,
    pub headers: Vec<String>,
    pub mapping: Vec<ColumnAssignment>,
    pub mapping_remembered: bool,
    pub source_key: String,
    /// Where each field is read from.
    pub field_columns: FieldColumns,
    /// The currency the amount column's header names ("amount_usd"): the
    /// amounts' currency unless a currency column or the value says another.
    pub amount_currency: Option<&'static str>,
    /// Fields the forecast needs that no column feeds.
    pub missing: Vec<MissingField>,
    pub date_orders: HashMap<u32, DateOrder>,
    /// The decimal mark of the amount column's text amounts, when they need one.
    pub decimal: Option<DecimalMark>,
    /// The one currency the currency column names, for its empty cells.
    pub column_currency: Option<String>,
    /// How the date and amount columns write their values in `data`, behind
    /// `date_orders` and `decimal` (see [`Readings`]).
    pub tallies: Tallies,
    /// What `tallies` decided.
    pub readings: Readings,
    /// Indexes into `grid.rows` of the data rows.
    pub data: Vec<usize>,
    /// Rows after the header that are not data (totals, footers), with why.
    pub skipped: Vec<(u32, String)>,
    /// Where footer detection stands after the last row of `grid`.
    pub footers: Footers,
    /// Notes about the sheet and header; [`Prepared::notes`] adds the rest.
    sheet_notes: Vec<String>,
    /// Data rows a stray quote broke (text files): rejected, never guessed at.
    pub broken: Vec<Broken>,
    /// The outcome every deal takes when no column says (no stage, status or
    /// won/closed column) and the file's name does: an export of a CRM view
    /// named "Lost opportunities" holds lost deals.
    pub named_outcome: Option<DealStatus>,
}

impl Prepared {
    pub fn cell<'a>(&self, row: &'a GridRow, field: Field) -> &'a Cell {
        match self.field_columns.get(&field) {
            Some(c) => row.get(*c),
            None => &Cell::Empty,
        }
    }

    pub fn has(&self, field: Field) -> bool {
        self.field_columns.contains_key(&field)
    }

    /// Whether some column says where a deal stands: its stage, its status
    /// or its won/closed flags (so an import may set a deal open, won or lost).
    pub fn reads_status(&self) -> bool {
        [Field::Stage, Field::Status, Field::IsWon, Field::IsClosed]
            .iter()
            .any(|f| self.has(*f))
    }

    pub fn header_of(&self, field: Field) -> String {
        self.field_columns
            .get(&field)
            .map(|c| {
                self.headers
                    .get(*c as usize)
                    .cloned()
                    .unwrap_or_else(|| letter(*c))
            })
            .unwrap_or_default()
    }

    /// What the user should know about how the file was read, given the
    /// footer rows skipped and the values seen in all data rows.
    pub fn notes(&self, skipped: usize, tallies: &Tallies) -> Vec<String> {
        let mut notes = self.sheet_notes.clone();
        if skipped > 0 {
            notes.push(format!(
                "{skipped} total or footer row(s) were skipped (they are not deals)."
            ));
        }
        let readings = tallies.decide(self.semicolons());
        for (reading, (_, tally)) in readings.dates.iter().zip(&tallies.dates) {
            if tally.has_text() {
                notes.push(self.date_note(reading, tally));
            }
        }
        if let (Some(code), Some((col, tally))) = (&readings.currency, &tallies.currency) {
            if tally.empty > 0 {
                notes.push(format!(
                    "{}: {} row(s) name no currency; read as {code}, the currency of every other row.",
                    self.header_name(*col),
                    tally.empty
                ));
            }
        }
        if let (Some(mark), Some((col, tally))) = (readings.decimal, &tallies.amount) {
            if let Some(note) =
                decimal_note(&self.header_name(*col), mark, tally, self.semicolons())
            {
                notes.push(note);
            }
        }
        if self.grid.is_1904 {
            notes.push(
                "The workbook uses the 1904 date system (older Mac Excel); dates were converted."
                    .into(),
            );
        }
        notes
    }

    fn header_name(&self, col: u32) -> String {
        self.headers
            .get(col as usize)
            .filter(|h| !h.is_empty())
            .cloned()
            .unwrap_or_else(|| letter(col))
    }

    /// The file was saved with semicolons: its decimal mark is the comma.
    pub fn semicolons(&self) -> bool {
        self.grid.delimiter == Some(b';')
    }

    /// Which order a date column was read in and why: the dates only that
    /// order reads ("day first: 14 dates like 25/03/2023"), those that
    /// contradict it, or, when no date tells, the rows whose date the
    /// choice changes.
    fn date_note(&self, reading: &DateReading, tally: &OrderTally) -> String {
        let header = self.header_name(reading.column);
        let order = reading.order.describe();
        let (day_first, day_example) = tally.day_first_only();
        let (month_first, month_example) = tally.month_first_only();
        let like = |n: u32, example: Option<&str>| match (n, example) {
            (1, Some(e)) => format!("1 date ({e})"),
            (n, Some(e)) => format!("{n} dates like {e}"),
            (n, None) => format!("{n} dates"),
        };
        match (reading.order, reading.decided_by) {
            (DateOrder::Iso, _) if !tally.has_numeric() => {
                format!("{header}: dates read as written, with the month's name.")
            }
            (DateOrder::Iso, _) => format!("{header}: dates read as {order}."),
            (DateOrder::DayFirst | DateOrder::MonthFirst, Decided::Values) => {
                let (read, read_example, other, other_example, other_name) =
                    if reading.order == DateOrder::DayFirst {
                        (day_first, day_example, month_first, month_example, "month")
                    } else {
                        (month_first, month_example, day_first, day_example, "day")
                    };
                let first = if reading.order == DateOrder::DayFirst {
                    "day"
                } else {
                    "month"
                };
                let mut note = format!(
                    "{header}: dates read as {order}. {} can only be {first} first.",
                    like(read, read_example)
                );
                if other > 0 {
                    note.push_str(&format!(
                        " {} can only be {other_name} first: they were left empty (see the warnings).",
                        like(other, other_example)
                    ));
                }
                note
            }
            (_, Decided::Column(other)) => format!(
                "{header}: dates read as {order}, as in {}: no date of this column tells day from month (none has a day above 12).",
                self.header_name(other)
            ),
            (_, Decided::Default) => {
                let (n, example, rows) = tally.either_way();
                if n == 0 {
                    return format!(
                        "{header}: dates read as {order}; none of them would read differently the other way."
                    );
                }
                let mut listed: Vec<String> = rows.iter().map(u32::to_string).collect();
                if n as usize > rows.len() {
                    listed.push(format!("{} more", n as usize - rows.len()));
                }
                let example = example
                    .and_then(|e| {
                        let as_read = sheet::values::parse_date_text(e, reading.order).ok()?;
                        let other = match reading.order {
                            DateOrder::DayFirst => DateOrder::MonthFirst,
                            _ => DateOrder::DayFirst,
                        };
                        let other_way = sheet::values::parse_date_text(e, other).ok()?;
                        Some(format!(
                            " ({e} was read as {}, not {})",
                            as_read.format("%-d %B %Y"),
                            other_way.format("%-d %B %Y")
                        ))
                    })
                    .unwrap_or_default();
                let (why, other) = if reading.order == DateOrder::DayFirst {
                    (
                        ", as the file is separated by semicolons (spreadsheets save it so where dates are written day first)",
                        "month first",
                    )
                } else {
                    ("", "day first")
                };
                format!(
                    "{header}: every date could be read either way; read as {order}{why}. No date has a day above 12 to tell; check the rows whose date the order changes{example}: {}. If they are {other}, save the dates as year-month-day and import again.",
                    join_and(&listed)
                )
            }
        }
    }

    pub fn header_row_number(&self) -> u32 {
        self.grid
            .rows
            .get(self.header_index)
            .map(|r| r.number)
            .unwrap_or(1)
    }
}

/// Data rows the mapping looks at to check a column's values.
const SAMPLE_ROWS: usize = 50;

/// Fields read as dates: their columns' orders are decided from their values.
const DATE_FIELDS: [Field; 7] = [
    Field::CloseDate,
    Field::CreatedDate,
    Field::LastActivity,
    Field::LastModified,
    Field::StartDate,
    Field::RoleStart,
    Field::ActivityDate,
];

/// How the date columns and the amount column write their values, over
/// the data rows read so far (see `sheet::values::OrderTally` and
/// `money::DecimalTally`). Counts only: a sheet that streams is tallied as
/// its rows arrive and the decisions checked at the end.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    pub dates: Vec<(u32, OrderTally)>,
    pub amount: Option<(u32, DecimalTally)>,
    pub currency: Option<(u32, CurrencyTally)>,
}

/// The currencies a currency column names, so its empty cells can take the
/// one the others agree on (a Bitrix24 export in rubles with one cell left
/// empty is in rubles, not in the workspace's currency). Up to four codes
/// are told apart: more than one already means no single currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CurrencyTally {
    codes: [Option<[u8; 3]>; 4],
    /// A code beyond the four, or text that names none.
    other: bool,
    /// Rows whose currency cell is empty.
    pub empty: u32,
}

impl CurrencyTally {
    fn add(&mut self, cell: &Cell) {
        let code = match cell {
            Cell::Text(t) if !t.is_blank() => {
                let t = t.trim().as_bytes();
                match t {
                    [a, b, c] if t.iter().all(u8::is_ascii_alphabetic) => Some([
                        a.to_ascii_uppercase(),
                        b.to_ascii_uppercase(),
                        c.to_ascii_uppercase(),
                    ]),
                    _ => None,
                }
            }
            c if c.is_empty() => {
                self.empty = self.empty.saturating_add(1);
                return;
            }
            _ => None,
        };
        let Some(code) = code else {
            self.other = true;
            return;
        };
        if self.codes.contains(&Some(code)) {
            return;
        }
        match self.codes.iter_mut().find(|c| c.is_none()) {
            Some(slot) => *slot = Some(code),
            None => self.other = true,
        }
    }

    /// The one currency of the column, when all its filled cells name it.
    fn only(&self) -> Option<String> {
        match (self.codes, self.other) {
            ([Some(code), None, None, None], false) => String::from_utf8(code.to_vec()).ok(),
            _ => None,
        }
    }
}

impl Tallies {
    fn for_columns(columns: &FieldColumns) -> Tallies {
        Tallies {
            dates: DATE_FIELDS
                .iter()
                .filter_map(|f| columns.get(f).map(|&c| (c, OrderTally::default())))
                .collect(),
            amount: columns
                .get(&Field::Amount)
                .map(|&c| (c, DecimalTally::default())),
            currency: columns
                .get(&Field::Currency)
                .map(|&c| (c, CurrencyTally::default())),
        }
    }

    /// Counts the text dates and amount of one data row.
    pub fn add(&mut self, row: &GridRow) {
        for (col, tally) in &mut self.dates {
            if let Cell::Text(t) = row.get(*col) {
                tally.add(t, row.number);
            }
        }
        if let Some((col, tally)) = &mut self.currency {
            tally.add(row.get(*col));
        }
        if let Some((col, tally)) = &mut self.amount {
            if let Cell::Text(t) = row.get(*col) {
                tally.add(t);
            }
        }
    }

    /// The order of each date column and the amounts' decimal mark. A
    /// column none of whose dates tells day from month takes the order the
    /// file's other date columns show, when they agree on one (an export
    /// writes all its dates alike); else day first in a semicolon-separated
    /// file and month first in others, and its note lists the rows to check.
    pub fn decide(&self, semicolons: bool) -> Readings {
        let own: Vec<(u32, DateOrder, bool)> = self
            .dates
            .iter()
            .map(|(col, t)| {
                let (order, ambiguous) = t.decide();
                (*col, order, ambiguous)
            })
            .collect();
        let shown: Vec<(u32, DateOrder)> = own
            .iter()
            .filter(|(_, order, ambiguous)| !ambiguous && *order != DateOrder::Iso)
            .map(|(col, order, _)| (*col, *order))
            .collect();
        let agreed = shown
            .first()
            .filter(|(_, first)| shown.iter().all(|(_, o)| o == first))
            .copied();
        let dates = own
            .iter()
            .map(|&(column, order, ambiguous)| match (ambiguous, agreed) {
                (false, _) => DateReading {
                    column,
                    order,
                    decided_by: Decided::Values,
                },
                (true, Some((other, order))) => DateReading {
                    column,
                    order,
                    decided_by: Decided::Column(other),
                },
                // Spreadsheets save ";"-separated text where the comma is the
                // decimal mark: Europe and Latin America, which write the day first.
                (true, None) => DateReading {
                    column,
                    order: if semicolons {
                        DateOrder::DayFirst
                    } else {
                        order
                    },
                    decided_by: Decided::Default,
                },
            })
            .collect();
        Readings {
            dates,
            decimal: self.amount.and_then(|(_, t)| t.decide(semicolons)),
            currency: self.currency.and_then(|(_, t)| t.only()),
        }
    }
}

/// What decided a date column's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// Its own dates (or it has only year-first ones).
    Values,
    /// The dates of that other column: its own read either way.
    Column(u32),
    /// Nothing: every date reads either way, month first was assumed.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateReading {
    pub column: u32,
    pub order: DateOrder,
    pub decided_by: Decided,
}

/// How the file's text dates and amounts are read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Readings {
    pub dates: Vec<DateReading>,
    pub decimal: Option<DecimalMark>,
    /// The currency column's one currency, for its empty cells.
    pub currency: Option<String>,
}

impl Readings {
    fn date_orders(&self) -> HashMap<u32, DateOrder> {
        self.dates.iter().map(|r| (r.column, r.order)).collect()
    }
}

/// The note on a text amount column's decimal mark, when it is not the
/// usual point: which amounts show a comma, or why "1.500" is 1,500.
fn decimal_note(
    header: &str,
    mark: DecimalMark,
    tally: &DecimalTally,
    semicolons: bool,
) -> Option<String> {
    if mark != DecimalMark::Comma {
        return None;
    }
    let (shown, example) = tally.comma();
    let (either, either_example) = tally.either();
    let mut note = match (shown, example) {
        (0, _) if semicolons => format!(
            "{header}: amounts read with a decimal comma, as the file is separated by semicolons (spreadsheets that write 1.234,56 save it so)."
        ),
        (1, Some(e)) => format!("{header}: amounts read with a decimal comma, as 1 amount ({e}) shows."),
        (n, Some(e)) => format!("{header}: amounts read with a decimal comma, as {n} amounts like {e} show."),
        _ => format!("{header}: amounts read with a decimal comma."),
    };
    if let (n, Some(e)) = (either, either_example) {
        if let Some(v) = crate::money::parse_amount_as(e, Some(DecimalMark::Comma)) {
            note.push_str(&format!(
                " So {e} is {v}{}.",
                if n > 1 {
                    format!(" (and {} more like it)", n - 1)
                } else {
                    String::new()
                }
            ));
        }
    }
    Some(note)
}

/// "2, 5 and 9".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub struct Request<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub sheet: Option<&'a str>,
    pub kind: ImportKind,
    pub mapping: Option<Vec<ColumnAssignment>>,
    /// Columns chosen by name on top of the mapping.
    pub columns: &'a [ColumnChoice],
}

/// Reads the whole sheet and understands it (the preview's path, and the
/// import's for formats that cannot stream).
pub fn prepare(conn: &Connection, req: Request<'_>) -> Result<Prepared> {
    let format = sniff::sniff(req.bytes)?;
    if format == Format::Delimited {
        // Read here rather than by `grid::load` to keep the rows a stray quote broke.
        let bytes = req.bytes;
        let (grid, broken) = sheet::guard(|| delimited::read_checked(bytes))?;
        let sheet = sheet::TEXT_SHEET.to_string();
        let mut p = understand(conn, req, format, vec![sheet.clone()], sheet, grid)?;
        let header = p.header_row_number();
        // A broken row above the header is part of a title; the header's own is the header.
        p.broken = broken
            .into_iter()
            .filter(|b| b.row.number > header)
            .collect();
        return Ok(p);
    }
    let (sheets, sheet, grid) =
        sheet::load(format, req.bytes, req.sheet, &header_fields(req.kind))?;
    understand(conn, req, format, sheets, sheet, grid)
}

/// Finds the header, mapping, footers and date orders in `grid`: the whole
/// sheet, or its first rows while the rest streams in.
pub fn understand(
    conn: &Connection,
    req: Request<'_>,
    format: Format,
    sheets: Vec<String>,
    sheet: String,
    grid: Grid,
) -> Result<Prepared> {
    if grid.rows.is_empty() {
        return Err(Error::unreadable(format!(
            "The sheet \"{sheet}\" is empty: there is nothing to import."
        )));
    }
    let header_index = columns::find_header(&grid, req.kind).ok_or_else(|| {
        let examples = match req.kind {
            ImportKind::Deals => "Opportunity Name, Amount, Close Date",
            ImportKind::Reps => "Rep Name, Manager, Email",
            ImportKind::Activities => "Assigned, Date, Activity Type",
        };
        Error::unreadable(format!(
            "No header row found in the first 30 rows of \"{sheet}\". The file needs a row of column names such as {examples}."
        ))
    })?;
    let header_row = &grid.rows[header_index];
    let headers: Vec<String> = header_row.cells.iter().map(Cell::display).collect();
    let source_key = columns::source_key(req.kind, &headers);

    let mut sheet_notes = grid.notes.clone();
    if let Some(note) = rows_above_note(&grid, header_index, header_row.number) {
        sheet_notes.push(note);
    }
    let mut footers = Footers::default();
    let mut data = Vec::new();
    let mut skipped = Vec::new();
    for (i, row) in grid.rows.iter().enumerate().skip(header_index + 1) {
        match footers.classify(row) {
            RowKind::Blank => {}
            RowKind::Data => data.push(i),
            RowKind::Skipped(why) => skipped.push((row.number, why)),
        }
    }
    // The first data cells of a column: what the suggested mapping and the
    // closest candidates for a missing field look at besides the header.
    let sample = |column: u32| -> Vec<&Cell> {
        data.iter()
            .take(SAMPLE_ROWS)
            .map(|&i| grid.rows[i].get(column))
            .collect()
    };

    let (mapping, mapping_remembered) = match req.mapping {
        Some(m) => (validate_mapping(m, headers.len())?, false),
        None => match remembered(conn, &source_key)? {
            Some(m) => (m, true),
            None => (columns::suggest(req.kind, &headers, sample), false),
        },
    };
    let mapping = choose_columns(mapping, &headers, req.columns)?;
    let field_columns: FieldColumns = mapping
        .iter()
        .filter_map(|a| a.field.map(|f| (f, a.column)))
        .collect();
    let amount_header = field_columns
        .get(&Field::Amount)
        .and_then(|c| headers.get(*c as usize));
    let amount_currency = amount_header.and_then(|h| dictionary::header_currency(h));
    if let (Some(code), Some(header)) = (amount_currency, amount_header) {
        if !field_columns.contains_key(&Field::Currency) {
            sheet_notes.push(format!(
                "Amounts are in {code}, as the column name \"{}\" says (unless a value names another currency).",
                header.trim()
            ));
        }
    }
    let missing = missing::find(req.kind, &headers, &mapping, sample);

    let mut tallies = Tallies::for_columns(&field_columns);
    for &i in &data {
        tallies.add(&grid.rows[i]);
    }
    let semicolons = grid.delimiter == Some(b';');
    let readings = tallies.decide(semicolons);
    let date_orders = readings.date_orders();
    let decimal = readings.decimal;
    let column_currency = readings.currency.clone();

    let mut prepared = Prepared {
        file_name: req.file_name.to_string(),
        format,
        sheets,
        sheet,
        kind: req.kind,
        grid,
        header_index,
        headers,
        mapping,
        mapping_remembered,
        source_key,
        field_columns,
        amount_currency,
        missing,
        date_orders,
        decimal,
        column_currency,
        tallies,
        readings,
        data,
        skipped,
        footers,
        sheet_notes,
        broken: Vec::new(),
        named_outcome: None,
    };
    if prepared.kind == ImportKind::Deals {
        prepared.named_outcome = outcome_named(&prepared);
        if let Some(o) = prepared.named_outcome {
            let word = if o == DealStatus::Won { "won" } else { "lost" };
            prepared.sheet_notes.insert(
                0,
                format!(
                    "No stage or status column: the file's name (\"{}\") says these are {word} deals, so every deal was read as {word}. Map a stage or status column if that is wrong.",
                    prepared.file_name
                ),
            );
        }
    }
    Ok(prepared)
}

/// The outcome the file's name gives its deals when no column gives one: a
/// word "won" or "lost" in the name (a CRM view exported as "Lost
/// Opportunities.csv", "won_deals_2025.xlsx"), and not both.
fn outcome_named(p: &Prepared) -> Option<DealStatus> {
    let says = [Field::Stage, Field::Status, Field::IsWon, Field::IsClosed];
    if says.iter().any(|f| p.has(*f)) {
        return None;
    }
    let stem = std::path::Path::new(&p.file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let words: Vec<&str> = stem.split(|c: char| !c.is_alphanumeric()).collect();
    match (words.contains(&"won"), words.contains(&"lost")) {
        (true, false) => Some(DealStatus::Won),
        (false, true) => Some(DealStatus::Lost),
        _ => None,
    }
}

/// Says where the column names were found when rows above them were
/// skipped: title rows, blank rows (which some readers never list), or both.
fn rows_above_note(grid: &Grid, header_index: usize, header_number: u32) -> Option<String> {
    let titles = grid
        .rows
        .get(..header_index)
        .unwrap_or_default()
        .iter()
        .filter(|r| !r.is_blank())
        .count();
    let above = usize::try_from(header_number.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .max(titles);
    let blanks = above.saturating_sub(titles);
    let skipped = match (titles, blanks) {
        (0, 0) => return None,
        (0, 1) => "the blank row above it was skipped".to_string(),
        (0, n) => format!("the {n} blank rows above it were skipped"),
        (1, 0) => "the row above it was skipped as a title".to_string(),
        (n, 0) => format!("the {n} rows above it were skipped as a title"),
        _ => format!("the {above} rows above it (title and blank rows) were skipped"),
    };
    Some(format!(
        "Column names found on row {header_number}; {skipped}."
    ))
}

/// `mapping` with the columns the user chose by name: the named column
/// feeds the field (and no other column does), or feeds nothing.
fn choose_columns(
    mut mapping: Vec<ColumnAssignment>,
    headers: &[String],
    choices: &[ColumnChoice],
) -> Result<Vec<ColumnAssignment>> {
    for choice in choices {
        let wanted = choice.header.trim();
        let column = headers
            .iter()
            .position(|h| h.trim() == wanted)
            .or_else(|| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(wanted))
            })
            .ok_or_else(|| {
                Error::invalid(format!(
                    "There is no column named \"{wanted}\". The columns are: {}.",
                    headers.join(", ")
                ))
            })?;
        for a in mapping.iter_mut() {
            if choice.field.is_some() && a.field == choice.field {
                a.field = None;
            }
        }
        match mapping.iter_mut().find(|a| a.column as usize == column) {
            Some(a) => a.field = choice.field,
            None => mapping.push(ColumnAssignment {
                column: column as u32,
                field: choice.field,
            }),
        }
    }
    Ok(mapping)
}

fn validate_mapping(mapping: Vec<ColumnAssignment>, width: usize) -> Result<Vec<ColumnAssignment>> {
    let mut seen = HashMap::new();
    for a in &mapping {
        if a.column as usize >= width.max(1) + 64 {
            return Err(Error::invalid(format!(
                "Column {} is not in the file.",
                letter(a.column)
            )));
        }
        if let Some(f) = a.field {
            if let Some(prev) = seen.insert(f, a.column) {
                return Err(Error::invalid(format!(
                    "Columns {} and {} are both mapped to the same field; pick one.",
                    letter(prev),
                    letter(a.column)
                )));
            }
        }
    }
    Ok(mapping)
}

fn remembered(conn: &Connection, key: &str) -> Result<Option<Vec<ColumnAssignment>>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping_json FROM column_mappings WHERE source_key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

pub fn remember(conn: &Connection, prepared: &Prepared) -> Result<()> {
    let json =
        serde_json::to_string(&prepared.mapping).map_err(|e| Error::invalid(e.to_string()))?;
    conn.execute(
        "INSERT INTO column_mappings (source_key, mapping_json, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(source_key) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at",
        params![prepared.source_key, json, crate::store::now_text()],
    )?;
    Ok(())
}

/// What a row after the header is.
pub enum RowKind {
    Blank,
    Data,
    /// A total, footer or anything below the grand total, with why.
    Skipped(String),
}

/// Separates data rows from totals and footers, row by row in sheet order.
/// A row is a footer when its first filled cell reads like a total, a record
/// count or a notice; after a grand total, everything is footer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Footers {
    after_total: bool,
}

impl Footers {
    pub fn classify(&mut self, row: &GridRow) -> RowKind {
        let Some(first) = row.cells.iter().find(|c| !c.is_empty()) else {
            return RowKind::Blank;
        };
        // Totals and footers are text; other cells need no closer look.
        let reason = match first {
            Cell::Text(t) => footer_reason(t.trim(), row),
            _ => None,
        };
        match reason {
            Some(reason) => {
                if reason.starts_with("Grand total") {
                    self.after_total = true;
                }
                RowKind::Skipped(reason)
            }
            None if self.after_total => {
                RowKind::Skipped("Below the grand total: not part of the data.".into())
            }
            None => RowKind::Data,
        }
    }
}

fn footer_reason(first: &str, row: &GridRow) -> Option<String> {
    // Every footer starts with one of these letters or ends with "records":
    // most data rows are ruled out without building a normalised copy.
    let lead = first
        .trim_start()
        .chars()
        .next()
        .map(|c| c.to_ascii_lowercase());
    let tail = first.trim_end().trim_end_matches(')');
    let ends_records = tail.len() >= 7
        && tail.is_char_boundary(tail.len() - 7)
        && tail[tail.len() - 7..].eq_ignore_ascii_case("records");
    // Counting stops at three: "two cells at most" is all that is asked.
    let filled = || row.cells.iter().filter(|c| !c.is_empty()).take(3).count();
    // Totals start with g, t or s; notices (c, r, p, f, e, ©) fill two
    // cells at most, so a data row starting with those letters ("Rep 001")
    // is ruled out by counting its cells.
    let total_lead = matches!(lead, Some('g' | 't' | 's'));
    let notice_lead = matches!(lead, Some('c' | 'r' | 'p' | 'f' | 'e' | '©'));
    if !(total_lead || ends_records || (notice_lead && filled() <= 2)) {
        return None;
    }
    let l = normalize(first);
    let filled = filled();
    if l.starts_with("grand total") {
        return Some(format!("Grand total row (\"{first}\")."));
    }
    if l.starts_with("total") || l.starts_with("subtotal") || l.starts_with("sum ") || l == "sum" {
        return Some(format!("Total row (\"{first}\")."));
    }
    if l.ends_with("records") && l.split(' ').any(|w| w.chars().all(|c| c.is_ascii_digit())) {
        return Some(format!("Record count (\"{first}\")."));
    }
    let notice = [
        "confidential",
        "copyright",
        "generated by",
        "report generated",
        "powered by",
        "filtered by",
        "exported on",
        "exported by",
    ];
    if filled <= 2 && (notice.iter().any(|n| l.starts_with(n)) || first.starts_with('©')) {
        return Some(format!("Report footer (\"{first}\")."));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheet::grid::Cell;

    fn row(number: u32, cells: &[&str]) -> GridRow {
        GridRow {
            number,
            cells: cells.iter().map(|c| Cell::Text((*c).into())).collect(),
        }
    }

    fn tallies(rows: &[GridRow]) -> Tallies {
        let columns: FieldColumns = [
            (Field::CloseDate, 0),
            (Field::CreatedDate, 1),
            (Field::Amount, 2),
        ]
        .into_iter()
        .collect();
        let mut t = Tallies::for_columns(&columns);
        rows.iter().for_each(|r| t.add(r));
        t
    }

    /// A column whose dates all read either way takes the order the file's
    /// other date column shows; alone, it is month first and says so.
    #[test]
    fn a_date_column_that_cannot_tell_follows_the_one_that_can() {
        let t = tallies(&[
            row(2, &["03/04/2026", "25/12/2025", "1.500"]),
            row(3, &["05/06/2026", "13/01/2026", "2.750,50"]),
        ]);
        let r = t.decide(false);
        assert_eq!(
            r.dates,
            [
                DateReading {
                    column: 0,
                    order: DateOrder::DayFirst,
                    decided_by: Decided::Column(1)
                },
                DateReading {
                    column: 1,
                    order: DateOrder::DayFirst,
                    decided_by: Decided::Values
                }
            ]
        );
        assert_eq!(r.decimal, Some(DecimalMark::Comma));
        let alone = tallies(&[row(2, &["03/04/2026", "", "1.500"])]);
        let r = alone.decide(false);
        assert_eq!(r.dates[0].order, DateOrder::MonthFirst);
        assert_eq!(r.dates[0].decided_by, Decided::Default);
        assert_eq!(r.decimal, None);
        // Semicolons: "1.500" is fifteen hundred, and 03/04/2026 is 3 April.
        let european = alone.decide(true);
        assert_eq!(european.decimal, Some(DecimalMark::Comma));
        assert_eq!(european.dates[0].order, DateOrder::DayFirst);
        assert_eq!(european.dates[0].decided_by, Decided::Default);
        // A column whose dates disagree goes with most of them (the others
        // are left empty with a warning), and lends that order.
        let split = tallies(&[
            row(2, &["03/04/2026", "25/12/2025", ""]),
            row(3, &["", "12/25/2025", ""]),
            row(4, &["", "12/26/2025", ""]),
        ]);
        let r = split.decide(false);
        assert_eq!(r.dates[1].order, DateOrder::MonthFirst);
        assert_eq!(r.dates[0].decided_by, Decided::Column(1));
    }

    #[test]
    fn a_currency_column_of_one_currency_fills_its_empty_cells() {
        let tally = |cells: &[Cell]| {
            let mut t = CurrencyTally::default();
            cells.iter().for_each(|c| t.add(c));
            t
        };
        let text = |s: &str| Cell::Text(s.into());
        let rubles = tally(&[text("RUB"), text("rub "), Cell::Empty, text(" ")]);
        assert_eq!(rubles.only().as_deref(), Some("RUB"));
        assert_eq!(rubles.empty, 2);
        assert_eq!(tally(&[text("RUB"), text("EUR")]).only(), None);
        assert_eq!(tally(&[text("RUB"), text("Sin_Factura")]).only(), None);
        assert_eq!(tally(&[Cell::Empty]).only(), None);
    }

    #[test]
    fn lists_in_words() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["2"])), "2");
        assert_eq!(join_and(&s(&["2", "5", "9"])), "2, 5 and 9");
    }
}
