//! A sheet as rows of cells, read from any supported format.
//!
//! xlsx and xlsb are read with calamine's streaming cells reader, so memory
//! follows the cells that exist, never the sheet's claimed dimensions (a tiny
//! file with cells at A1 and XFD1048576 stays tiny). Only rows that hold
//! something are kept, each with its sheet row number.
use std::collections::HashMap;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use chrono::NaiveDateTime;

use super::delimited;
use super::sniff::Format;
use crate::error::{Error, Result};

/// Columns beyond this are ignored (and said so): no CRM export is that wide.
pub const MAX_COLUMNS: u32 = 1024;
/// Cells beyond this end the read with a clear message.
pub const MAX_CELLS: u64 = 30_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Shared: an export repeats the same owner, stage and currency on every
    /// row, and the workbook's text table already holds each value once.
    Text(Arc<str>),
    Number(f64),
    Bool(bool),
    DateTime(NaiveDateTime),
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
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
            Format::Xls => Xls::new(cursor).map_err(reader_error)?.sheet_names(),
            Format::Ods => Ods::new(cursor).map_err(reader_error)?.sheet_names(),
            Format::Delimited => vec![TEXT_SHEET.to_string()],
        })
    })
}

/// Picks the sheet to read: the one asked for (exact name, then any case), else the first.
fn choose(sheets: &[String], wanted: Option<&str>) -> Result<String> {
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
    ($wb:expr, $sheet:expr, $progress:expr) => {{
        let is_1904 = $wb.has_1904_epoch();
        let mut reader = $wb.worksheet_cells_reader($sheet).map_err(reader_error)?;
        let mut builder = Builder::new(is_1904);
        while let Some(cell) = reader.next_cell().map_err(reader_error)? {
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::SharedString(s) => Cell::Text(builder.intern(s)),
                other => data_ref(other),
            };
            builder.push(row, col, value, $progress)?;
        }
        builder.finish()
    }};
}

/// Opens the workbook once (parsing its text table is much of the cost of
/// reading it) and reads one sheet. Returns all sheet names, the sheet read
/// and its rows. `progress` receives the number of cells read so far.
pub fn load(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
    progress: &mut dyn FnMut(u64),
) -> Result<(Vec<String>, String, Grid)> {
    guard(|| match format {
        Format::Delimited => {
            let sheets = vec![TEXT_SHEET.to_string()];
            Ok((sheets, TEXT_SHEET.to_string(), delimited::read(bytes)?))
        }
        Format::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let grid = stream_cells!(wb, &sheet, progress);
            Ok((sheets, sheet, grid))
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let grid = stream_cells!(wb, &sheet, progress);
            Ok((sheets, sheet, grid))
        }
        // xls and ods have no streaming reader; their formats cap a sheet's size anyway.
        Format::Xls => {
            let mut wb = Xls::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let is_1904 = wb.has_1904_epoch();
            let range = wb.worksheet_range(&sheet).map_err(reader_error)?;
            Ok((sheets, sheet, from_range(range, is_1904, progress)?))
        }
        Format::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let range = wb.worksheet_range(&sheet).map_err(reader_error)?;
            Ok((sheets, sheet, from_range(range, false, progress)?))
        }
    })
}

fn from_range(
    range: calamine::Range<Data>,
    is_1904: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<Grid> {
    let mut builder = Builder::new(is_1904);
    for (row, col, value) in range.used_cells() {
        builder.push(row as u32, col as u32, data(value), progress)?;
    }
    Ok(builder.finish())
}

/// Collects streamed cells into rows, in whatever order they arrive.
struct Builder {
    grid: Grid,
    cells: u64,
    wide: bool,
    /// One `Arc` per entry of the workbook's text table, keyed by where the
    /// reader keeps it (its address and length are stable while it reads).
    shared: HashMap<(usize, usize), Arc<str>>,
}

impl Builder {
    fn new(is_1904: bool) -> Self {
        Builder {
            grid: Grid {
                is_1904,
                ..Grid::default()
            },
            cells: 0,
            wide: false,
            shared: HashMap::new(),
        }
    }

    fn intern(&mut self, s: &str) -> Arc<str> {
        self.shared
            .entry((s.as_ptr() as usize, s.len()))
            .or_insert_with(|| Arc::from(s))
            .clone()
    }

    fn push(
        &mut self,
        row: u32,
        col: u32,
        cell: Cell,
        progress: &mut dyn FnMut(u64),
    ) -> Result<()> {
        if cell.is_empty() {
            return Ok(());
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(Error::unreadable(format!(
                "The sheet has more than {MAX_CELLS} filled cells; SalesOS imports up to that many. Export fewer columns or split the file."
            )));
        }
        if self.cells.is_multiple_of(65_536) {
            progress(self.cells);
        }
        if col >= MAX_COLUMNS {
            self.wide = true;
            return Ok(());
        }
        let number = row.saturating_add(1);
        let needs_new = self.grid.rows.last().is_none_or(|r| r.number != number);
        if needs_new {
            // The previous row is complete: give back what its growth over-allocated.
            if let Some(last) = self.grid.rows.last_mut() {
                last.cells.shrink_to_fit();
            }
        }
        let index = if needs_new {
            match self.grid.rows.binary_search_by_key(&number, |r| r.number) {
                Ok(i) => i,
                Err(i) => {
                    self.grid.rows.insert(
                        i,
                        GridRow {
                            number,
                            cells: Vec::new(),
                        },
                    );
                    i
                }
            }
        } else {
            self.grid.rows.len() - 1
        };
        let cells = &mut self.grid.rows[index].cells;
        if cells.len() <= col as usize {
            cells.resize(col as usize + 1, Cell::Empty);
        }
        cells[col as usize] = cell;
        Ok(())
    }

    fn finish(mut self) -> Grid {
        if self.wide {
            self.grid.notes.push(format!(
                "Cells beyond column {} were ignored: no field is read from that far right.",
                super::columns::letter(MAX_COLUMNS - 1)
            ));
        }
        self.grid
    }
}

fn data_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::SharedString(s) => Cell::Text((*s).into()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => d
            .as_datetime()
            .map(Cell::DateTime)
            .unwrap_or(Cell::Number(d.as_f64())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn data(v: &Data) -> Cell {
    match v {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => d
            .as_datetime()
            .map(Cell::DateTime)
            .unwrap_or(Cell::Number(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn reader_error(e: impl std::fmt::Display) -> Error {
    let text = e.to_string();
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
fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(Error::unreadable(
            "The spreadsheet reader could not make sense of this file (it is damaged or unusual). Open it in your spreadsheet app, save it again as xlsx or CSV, and import that.",
        )),
    }
}
