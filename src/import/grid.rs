//! A sheet as rows of cells, read from any supported format.
//!
//! xlsx and xlsb are read with calamine's streaming cells reader, so memory
//! follows the cells that exist, never the sheet's claimed dimensions (a tiny
//! file with cells at A1 and XFD1048576 stays tiny). Only rows that hold
//! something are kept, each with its sheet row number.
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use chrono::NaiveDateTime;

use super::delimited;
use super::model::ImportKind;
use super::sheets::{self, PROBE_CELLS, PROBE_ROWS};
use super::sniff::Format;
use crate::error::{Error, Result};

/// Columns beyond this are ignored (and said so): no CRM export is that wide.
pub const MAX_COLUMNS: u32 = 1024;
/// Cells beyond this end the read of a text file with a clear message.
pub const MAX_CELLS: u64 = 30_000_000;
/// Filled cells beyond this end the read of a workbook sheet. Each cell
/// costs tens of bytes by the time it is a row to fix (rejected rows keep
/// their cells), and a workbook packs a million cells in a few kilobytes, so
/// this bounds both memory and time: 3 million is a 120,000-row export with
/// 25 filled columns (the benchmark's 100,000 deals fill 1.2 million).
pub const MAX_SHEET_CELLS: u64 = 3_000_000;
/// Rows beyond this end the read: Excel itself stops at 1,048,576.
pub const MAX_ROWS: u32 = 1_048_576;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(Text),
    Number(f64),
    Bool(bool),
    DateTime(NaiveDateTime),
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.is_blank(),
            _ => false,
        }
    }

    /// The cell as a person reads it, for reports and previews.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::DateTime(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Bytes of text a cell keeps inline: as much as fits beside the tag without
/// making a [`Cell`] larger than its `String` error variant already makes it.
const INLINE_TEXT: usize = 22;

/// A text cell. Most text in a CRM export is short (ids, names, owners,
/// stages, currency codes): it is kept inline, so making a cell allocates
/// nothing and keys made of it (see `rows::Seen`) cost nothing to free.
/// Longer text is shared: an export repeats the same long values.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE_TEXT] },
    Shared(Arc<str>),
}

impl Text {
    /// Short text inline, else a new shared copy.
    fn new(s: &str) -> Text {
        Text::inline(s).unwrap_or_else(|| Text(Repr::Shared(Arc::from(s))))
    }

    fn inline(s: &str) -> Option<Text> {
        let len = s.len();
        if len > INLINE_TEXT {
            return None;
        }
        let mut bytes = [0; INLINE_TEXT];
        bytes[..len].copy_from_slice(s.as_bytes());
        Some(Text(Repr::Inline {
            len: len as u8,
            bytes,
        }))
    }

    /// Whether the text is only whitespace, as `trim().is_empty()` says.
    /// Most cells start with a visible ASCII character, which answers at
    /// once; the full check runs only for the rest.
    pub fn is_blank(&self) -> bool {
        let first = match &self.0 {
            Repr::Inline { len, bytes } => bytes[..*len as usize].first(),
            Repr::Shared(s) => s.as_bytes().first(),
        };
        match first {
            // An ASCII byte is a whole character in UTF-8.
            Some(b) if b.is_ascii() && !char::from(*b).is_whitespace() => false,
            _ => self.as_str().trim().is_empty(),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Copied whole from a `str`, so always valid UTF-8.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or("")
            }
            Repr::Shared(s) => s,
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

/// Hashes as its text, so equal texts hash alike however they are kept.
impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(&s)
    }
}

#[derive(Debug, Clone)]
pub struct GridRow {
    /// Row number as the spreadsheet app shows it (1-based).
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl GridRow {
    pub fn get(&self, column: u32) -> &Cell {
        self.cells.get(column as usize).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    pub(super) fn set(&mut self, column: u32, cell: Cell) {
        let at = column as usize;
        if at < self.cells.len() {
            self.cells[at] = cell;
        } else {
            // Cells arrive left to right: usually this only appends.
            self.cells.resize(at, Cell::Empty);
            self.cells.push(cell);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<GridRow>,
    /// The workbook counts dates from 1904 (old Mac Excel).
    pub is_1904: bool,
    pub notes: Vec<String>,
}

/// The one "sheet" of a CSV or TSV file.
pub const TEXT_SHEET: &str = "Text";

/// Sheet names of a workbook (one unnamed sheet for CSV).
pub fn sheet_names(format: Format, bytes: &[u8]) -> Result<Vec<String>> {
    guard(|| {
        let cursor = Cursor::new(bytes);
        Ok(match format {
            Format::Xlsx => Xlsx::new(cursor).map_err(reader_error)?.sheet_names(),
            Format::Xlsb => Xlsb::new(cursor).map_err(reader_error)?.sheet_names(),
            Format::Xls => {
                let defused = super::cfb::defuse_formulas(bytes)?;
                Xls::new(Cursor::new(defused.as_ref()))
                    .map_err(reader_error)?
                    .sheet_names()
            }
            Format::Ods => Ods::new(cursor).map_err(reader_error)?.sheet_names(),
            Format::Delimited => vec![TEXT_SHEET.to_string()],
        })
    })
}

/// Picks the sheet to read: the one asked for (exact name, then any case), else the first.
pub(super) fn choose(sheets: &[String], wanted: Option<&str>) -> Result<String> {
    match wanted.filter(|s| !s.is_empty()) {
        Some(name) => sheets
            .iter()
            .find(|s| s.as_str() == name)
            .or_else(|| sheets.iter().find(|s| s.eq_ignore_ascii_case(name)))
            .cloned()
            .ok_or_else(|| {
                Error::invalid(format!(
                    "There is no sheet named \"{name}\". The workbook has: {}.",
                    sheets.join(", ")
                ))
            }),
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::unreadable("The workbook has no sheets.")),
    }
}

/// Streams one sheet's cells into a grid.
macro_rules! stream_cells {
    ($wb:expr, $sheet:expr) => {{
        let is_1904 = $wb.has_1904_epoch();
        let mut reader = $wb.worksheet_cells_reader($sheet).map_err(reader_error)?;
        let mut builder = Builder::new(is_1904);
        while let Some(cell) = reader.next_cell().map_err(reader_error)? {
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::SharedString(s) => {
                    let s = builder.limits.cap_text(s);
                    Cell::Text(builder.shared.get(s))
                }
                DataRef::String(s) => Cell::Text(builder.limits.cap_text(s).into()),
                other => data_ref(other),
            };
            builder.push(row, col, value)?;
        }
        builder.finish()
    }};
}

/// What a streamed sheet's first rows hold (see [`sheets::classify`]),
/// read from at most [`PROBE_CELLS`] of its cells.
macro_rules! probe_cells {
    ($wb:expr, $name:expr, $kind:expr) => {{
        match $wb.worksheet_cells_reader($name) {
            Ok(mut reader) => {
                let grid = probe_grid(|| match reader.next_cell() {
                    Ok(Some(cell)) => {
                        let (row, col) = cell.get_position();
                        // Cut as the read cuts it: a long text is not copied whole.
                        let value = match cell.get_value() {
                            DataRef::String(s) => Cell::Text(cut_text(s).unwrap_or(s).into()),
                            DataRef::SharedString(s) => Cell::Text(cut_text(s).unwrap_or(s).into()),
                            other => data_ref(other),
                        };
                        Some((row, col, value))
                    }
                    _ => None,
                });
                sheets::classify(&grid, $kind)
            }
            Err(_) => sheets::Probe::Empty,
        }
    }};
}
pub(super) use probe_cells;

/// The first [`PROBE_ROWS`] filled rows of the cells `next` yields, read
/// from at most [`PROBE_CELLS`] cells.
pub(super) fn probe_grid(mut next: impl FnMut() -> Option<(u32, u32, Cell)>) -> Grid {
    let mut builder = Builder::new(false);
    for _ in 0..PROBE_CELLS {
        let Some((row, col, cell)) = next() else {
            break;
        };
        if builder.push(row, col, cell).is_err() || builder.grid.rows.len() > PROBE_ROWS {
            break;
        }
    }
    builder.finish()
}

/// The workbook's sheet names and the sheet to read (see [`sheets::pick`]);
/// `$probe` tells what a sheet's first rows hold.
macro_rules! pick_sheet {
    ($wb:expr, $wanted:expr, $probe:expr) => {{
        let meta = $wb.sheets_metadata().to_vec();
        let names: Vec<String> = meta.iter().map(|s| s.name.clone()).collect();
        (names, sheets::pick(&meta, $wanted, $probe))
    }};
}
pub(super) use pick_sheet;

/// Opens the workbook once (parsing its text table is much of the cost of
/// reading it) and reads one sheet. Returns all sheet names, the sheet read
/// and its rows.
pub fn load(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
    kind: ImportKind,
) -> Result<(Vec<String>, String, Grid)> {
    guard(|| match format {
        Format::Delimited => {
            let sheets = vec![TEXT_SHEET.to_string()];
            Ok((sheets, TEXT_SHEET.to_string(), delimited::read(bytes)?))
        }
        Format::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(reader_error)?;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_cells!(wb, n, kind));
            let choice = choice?;
            let grid = stream_cells!(wb, &choice.sheet);
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_cells!(wb, n, kind));
            let choice = choice?;
            let grid = stream_cells!(wb, &choice.sheet);
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
        // xls and ods have no streaming reader; their formats cap a sheet's
        // size anyway (and an ODS file's cells are counted before it is opened).
        Format::Xls => {
            // The formulas' text is never imported: see `cfb::defuse_formulas`.
            let defused = super::cfb::defuse_formulas(bytes)?;
            let mut wb = Xls::new(Cursor::new(defused.as_ref())).map_err(reader_error)?;
            let mut probed = None;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_range(
                wb.worksheet_range(n),
                n,
                kind,
                &mut probed
            ));
            let choice = choice?;
            let is_1904 = wb.has_1904_epoch();
            let range = match probed {
                Some((name, range)) if name == choice.sheet => range,
                _ => wb.worksheet_range(&choice.sheet).map_err(reader_error)?,
            };
            let grid = from_range(range, is_1904)?;
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
        Format::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(reader_error)?;
            let mut probed = None;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_range(
                wb.worksheet_range(n),
                n,
                kind,
                &mut probed
            ));
            let choice = choice?;
            let range = match probed {
                Some((name, range)) if name == choice.sheet => range,
                _ => wb.worksheet_range(&choice.sheet).map_err(reader_error)?,
            };
            let grid = from_range(range, false)?;
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
    })
}

/// What a sheet read whole holds (see [`sheets::classify`]); a sheet with
/// anything in it is kept in `probed` unless one is kept already (or this
/// one has a header), so the sheet chosen is usually not read twice.
fn probe_range<E>(
    range: std::result::Result<calamine::Range<Data>, E>,
    name: &str,
    kind: ImportKind,
    probed: &mut Option<(String, calamine::Range<Data>)>,
) -> sheets::Probe {
    let Ok(range) = range else {
        return sheets::Probe::Empty;
    };
    let mut cells = range.used_cells();
    let grid = probe_grid(|| {
        cells
            .next()
            .map(|(row, col, v)| (row as u32, col as u32, data(v)))
    });
    let probe = sheets::classify(&grid, kind);
    let keep = match probe {
        sheets::Probe::Header => true,
        sheets::Probe::Filled => probed.is_none(),
        sheets::Probe::Empty => false,
    };
    if keep {
        *probed = Some((name.to_string(), range));
    }
    probe
}

/// The grid with the note about which sheet was read first among its notes.
fn with_note(mut grid: Grid, note: Option<String>) -> Grid {
    if let Some(note) = note {
        grid.notes.insert(0, note);
    }
    grid
}

fn from_range(range: calamine::Range<Data>, is_1904: bool) -> Result<Grid> {
    let mut builder = Builder::new(is_1904);
    for (row, col, value) in range.used_cells() {
        let cell = match value {
            Data::String(s) => Cell::Text(builder.limits.cap_text(s).into()),
            other => data(other),
        };
        builder.push(row as u32, col as u32, cell)?;
    }
    Ok(builder.finish())
}

/// Slots of [`SharedText`]: enough for the long values an export repeats.
const SHARED_SLOTS: usize = 1024;

/// Long text of the workbook's text table, shared: an export repeats the
/// same long values (a next step, a product line) on many rows. Keyed by
/// where the reader keeps the text (its address and length are stable while
/// it reads). A slot per address hash, overwritten on a clash: a map of every
/// entry grew with each unique value (an id, a deal name) and looking it up
/// cost more than copying the value.
struct SharedText(Vec<Option<(TextAddress, Arc<str>)>>);

/// Where the reader keeps a text: its address and length.
type TextAddress = (usize, usize);

impl Default for SharedText {
    fn default() -> Self {
        SharedText(vec![None; SHARED_SLOTS])
    }
}

impl SharedText {
    fn get(&mut self, s: &str) -> Text {
        if let Some(short) = Text::inline(s) {
            return short;
        }
        let key = (s.as_ptr() as usize, s.len());
        // Text table entries are separate allocations: the address bits
        // above the allocator's alignment tell them apart.
        let slot = (key.0 >> 4 ^ key.0 >> 14) % SHARED_SLOTS;
        let text = match &self.0[slot] {
            Some((k, text)) if *k == key => text.clone(),
            _ => {
                let text: Arc<str> = Arc::from(s);
                self.0[slot] = Some((key, text.clone()));
                text
            }
        };
        Text(Repr::Shared(text))
    }
}

/// Collects streamed cells into rows, in whatever order they arrive.
struct Builder {
    grid: Grid,
    limits: CellLimits,
    shared: SharedText,
    /// A row arrived after a later one: the rows are sorted at the end.
    unordered: bool,
}

impl Builder {
    fn new(is_1904: bool) -> Self {
        Builder {
            grid: Grid {
                is_1904,
                ..Grid::default()
            },
            limits: CellLimits::default(),
            shared: SharedText::default(),
            unordered: false,
        }
    }

    /// Adds a cell. Rows are appended as they arrive (a sheet stored
    /// last row first is valid, and sorting once at the end costs
    /// n log n where inserting each row in place cost n²).
    fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<()> {
        if !self.limits.admit(row, col, &cell)? {
            return Ok(());
        }
        let number = row.saturating_add(1);
        match self.grid.rows.last_mut() {
            Some(last) if last.number == number => last.set(col, cell),
            last => {
                if let Some(last) = last {
                    // The previous row is complete: give back what its growth over-allocated.
                    last.cells.shrink_to_fit();
                    self.unordered |= last.number > number;
                }
                let mut next = GridRow {
                    number,
                    cells: Vec::new(),
                };
                next.set(col, cell);
                self.grid.rows.push(next);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Grid {
        if self.unordered {
            sort_rows(&mut self.grid.rows);
        }
        self.grid.notes.extend(self.limits.notes());
        self.grid
    }
}

/// Puts rows in sheet order and merges the parts of a row stored apart
/// (later cells win, as they would have overwritten earlier ones).
fn sort_rows(rows: &mut Vec<GridRow>) {
    // Stable: the parts of one row keep the order they arrived in.
    rows.sort_by_key(|r| r.number);
    let mut merged: Vec<GridRow> = Vec::with_capacity(rows.len());
    for row in rows.drain(..) {
        match merged.last_mut() {
            Some(last) if last.number == row.number => {
                for (col, cell) in (0u32..).zip(row.cells) {
                    if !cell.is_empty() {
                        last.set(col, cell);
                    }
                }
            }
            _ => merged.push(row),
        }
    }
    *rows = merged;
}

/// The limits every reader holds a sheet to, whatever the format.
#[derive(Default)]
pub(super) struct CellLimits {
    cells: u64,
    wide: bool,
    /// Texts cut to [`MAX_CELL_TEXT`] characters.
    cut: u64,
}

impl CellLimits {
    /// Whether a cell is kept: empty cells and columns beyond
    /// [`MAX_COLUMNS`] are not; more than [`MAX_SHEET_CELLS`], or a row
    /// beyond [`MAX_ROWS`], ends the read.
    pub(super) fn admit(&mut self, row: u32, col: u32, cell: &Cell) -> Result<bool> {
        if cell.is_empty() {
            return Ok(false);
        }
        self.cells += 1;
        if self.cells > MAX_SHEET_CELLS {
            return Err(Error::unreadable(format!(
                "The sheet has more than {MAX_SHEET_CELLS} filled cells; SalesOS imports up to that many. Export fewer columns or split the file."
            )));
        }
        if row >= MAX_ROWS {
            return Err(Error::unreadable(format!(
                "The sheet has rows beyond row {MAX_ROWS}, more than Excel allows; the file is damaged or was not made by a spreadsheet app. Export the pipeline again."
            )));
        }
        if col >= MAX_COLUMNS {
            self.wide = true;
            return Ok(false);
        }
        Ok(true)
    }

    /// `s`, cut to [`MAX_CELL_TEXT`] characters (and counted) when longer.
    pub(super) fn cap_text<'s>(&mut self, s: &'s str) -> &'s str {
        match cut_text(s) {
            Some(cut) => {
                self.cut += 1;
                cut
            }
            None => s,
        }
    }

    /// Counts texts another thread cut (see [`cut_text`]).
    pub(super) fn add_cut(&mut self, cut: u64) {
        self.cut = self.cut.saturating_add(cut);
    }

    pub(super) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.wide {
            notes.push(format!(
                "Cells beyond column {} were ignored: no field is read from that far right.",
                super::columns::letter(MAX_COLUMNS - 1)
            ));
        }
        if self.cut > 0 {
            notes.push(format!(
                "{} cell(s) held more than {MAX_CELL_TEXT} characters, more than Excel allows; only their first {MAX_CELL_TEXT} characters were read.",
                self.cut
            ));
        }
        notes
    }
}

/// Characters a cell's text keeps: Excel's own limit. A workbook can hold a
/// 100 MB cell in 100 KB; every copy of it (the row, the report, the row to
/// fix) would cost that much again.
pub const MAX_CELL_TEXT: usize = 32_767;

/// The first [`MAX_CELL_TEXT`] characters of `s`, or `None` if it is not
/// longer than that. Most text is short and answers at once.
pub(super) fn cut_text(s: &str) -> Option<&str> {
    if s.len() <= MAX_CELL_TEXT {
        return None;
    }
    let (end, _) = s.char_indices().nth(MAX_CELL_TEXT)?;
    s.get(..end)
}

pub(super) fn data_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::SharedString(s) => Cell::Text((*s).into()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => date_cell(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// A date cell; a serial number no calendar date matches stays a number.
pub(super) fn date_cell(d: &calamine::ExcelDateTime) -> Cell {
    d.as_datetime()
        .map(Cell::DateTime)
        .unwrap_or(Cell::Number(d.as_f64()))
}

fn data(v: &Data) -> Cell {
    match v {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date_cell(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

pub(super) fn reader_error(e: impl std::fmt::Display) -> Error {
    // The reader's message may quote the damaged bytes (line breaks,
    // control characters, a whole tag): one line, and short.
    let text: String = e
        .to_string()
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        Error::unreadable(
            "This workbook is protected with a password. Open it in Excel, remove the password, save it and import it again.",
        )
    } else if lower.contains("not found") && lower.contains("sheet") {
        Error::unreadable(format!("That sheet is not in the workbook ({text})."))
    } else {
        Error::unreadable(format!(
            "The workbook is damaged or not in a format SalesOS can read ({text}). Open it in your spreadsheet app, save it again as xlsx or CSV, and import that."
        ))
    }
}

/// Runs a parser so that a panic inside it becomes an error message.
pub(super) fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(Error::unreadable(
            "The spreadsheet reader could not make sense of this file (it is damaged or unusual). Open it in your spreadsheet app, save it again as xlsx or CSV, and import that.",
        )),
    }
}
