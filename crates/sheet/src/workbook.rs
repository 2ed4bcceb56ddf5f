//! Reading one sheet of a workbook (or the one "sheet" of a text file) into
//! a [`Grid`].
//!
//! xlsx and xlsb are read with calamine's streaming cells reader, so memory
//! follows the cells that exist, never the sheet's claimed dimensions (a tiny
//! file with cells at A1 and XFD1048576 stays tiny). Only rows that hold
//! something are kept, each with its sheet row number.
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};

use crate::delimited;
use crate::format::Format;
use crate::grid::{cut_text, Cell, CellLimits, Grid, GridRow, Text};
use crate::sheets::{self, Fields, PROBE_CELLS, PROBE_ROWS};
use crate::{Error, Result};

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
                let defused = crate::cfb::defuse_formulas(bytes)?;
                Xls::new(Cursor::new(defused.as_ref()))
                    .map_err(reader_error)?
                    .sheet_names()
            }
            Format::Ods => Ods::new(cursor).map_err(reader_error)?.sheet_names(),
            Format::Delimited => vec![TEXT_SHEET.to_string()],
        })
    })
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
    ($wb:expr, $name:expr, $fields:expr) => {{
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
                let declared = reader.dimensions();
                let declared_rows = if declared.end.0 >= declared.start.0 && declared.end != (0, 0)
                {
                    u64::from(declared.end.0 - declared.start.0) + 1
                } else {
                    0
                };
                sheets::classify(&grid, $fields, declared_rows)
            }
            Err(_) => sheets::Probe::EMPTY,
        }
    }};
}
pub(crate) use probe_cells;

/// The first [`PROBE_ROWS`] filled rows of the cells `next` yields, read
/// from at most [`PROBE_CELLS`] cells.
pub(crate) fn probe_grid(mut next: impl FnMut() -> Option<(u32, u32, Cell)>) -> Grid {
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
pub(crate) use pick_sheet;

/// Opens the workbook once (parsing its text table is much of the cost of
/// reading it) and reads one sheet. Returns all sheet names, the sheet read
/// and its rows.
pub fn load(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
    fields: &Fields,
) -> Result<(Vec<String>, String, Grid)> {
    guard(|| match format {
        Format::Delimited => {
            let sheets = vec![TEXT_SHEET.to_string()];
            Ok((sheets, TEXT_SHEET.to_string(), delimited::read(bytes)?))
        }
        Format::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(reader_error)?;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_cells!(wb, n, fields));
            let choice = choice?;
            let grid = stream_cells!(wb, &choice.sheet);
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_cells!(wb, n, fields));
            let choice = choice?;
            let grid = stream_cells!(wb, &choice.sheet);
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
        // xls and ods have no streaming reader; their formats cap a sheet's
        // size anyway (and an ODS file's cells are counted before it is opened).
        Format::Xls => {
            // The formulas' text is never imported: see `cfb::defuse_formulas`.
            let defused = crate::cfb::defuse_formulas(bytes)?;
            let mut wb = Xls::new(Cursor::new(defused.as_ref())).map_err(reader_error)?;
            let mut probed = None;
            let (names, choice) = pick_sheet!(wb, wanted, |n: &str| probe_range(
                wb.worksheet_range(n),
                n,
                fields,
                &mut probed
            ));
            let choice = choice?;
            let is_1904 = wb.has_1904_epoch();
            let range = match probed {
                Some((name, range, _)) if name == choice.sheet => range,
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
                fields,
                &mut probed
            ));
            let choice = choice?;
            let range = match probed {
                Some((name, range, _)) if name == choice.sheet => range,
                _ => wb.worksheet_range(&choice.sheet).map_err(reader_error)?,
            };
            let grid = from_range(range, false)?;
            Ok((names, choice.sheet, with_note(grid, choice.note)))
        }
    })
}

/// What a sheet read whole holds (see [`sheets::classify`]); the sheet
/// most like the data so far is kept in `probed`, so the sheet chosen is
/// usually not read twice.
fn probe_range<E>(
    range: std::result::Result<calamine::Range<Data>, E>,
    name: &str,
    fields: &Fields,
    probed: &mut Option<(String, calamine::Range<Data>, sheets::Probe)>,
) -> sheets::Probe {
    let Ok(range) = range else {
        return sheets::Probe::EMPTY;
    };
    let height = range.height() as u64;
    let mut cells = range.used_cells();
    let grid = probe_grid(|| {
        cells
            .next()
            .map(|(row, col, v)| (row as u32, col as u32, data(v)))
    });
    let probe = sheets::classify(&grid, fields, height);
    let keep = probe.rows > 0
        && probed
            .as_ref()
            .is_none_or(|(_, _, kept)| probe.rank() > kept.rank());
    if keep {
        *probed = Some((name.to_string(), range, probe));
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
        Text::shared(text)
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

pub(crate) fn data_ref(v: &DataRef<'_>) -> Cell {
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
pub(crate) fn date_cell(d: &calamine::ExcelDateTime) -> Cell {
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

pub(crate) fn reader_error(e: impl std::fmt::Display) -> Error {
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
pub fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(Error::unreadable(
            "The spreadsheet reader could not make sense of this file (it is damaged or unusual). Open it in your spreadsheet app, save it again as xlsx or CSV, and import that.",
        )),
    }
}
