//! Counting an ODS file's cells before the ODS reader opens it.
//!
//! ODS compresses runs of equal cells and rows into one element with
//! `table:number-columns-repeated` / `table:number-rows-repeated`, and the
//! ODS reader expands every run in memory (all sheets, values and formulas)
//! when it opens the file: a 2 KB file repeating one value cell a few
//! million times asks for gigabytes. This pass reads `content.xml` as a
//! stream, holding nothing but counters, and works out the cells the reader
//! would make the way it makes them (the box from the first to the last
//! filled row and column of each sheet, runs included), so such a file is
//! refused before anything is expanded; so is one whose runs copy more
//! text than [`MAX_ODS_TEXT_BYTES`]. Trailing empty runs, which
//! LibreOffice writes to the end of every sheet, cost nothing here as there.
use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};

use crate::markup;
use crate::package::{Zip, MAX_SHEET_PART_BYTES};
use crate::{Error, Result};

/// Cells (filled or not, in each sheet's filled box, all sheets together)
/// an ODS file may expand to. The reader keeps a value and a formula per
/// cell, about 56 bytes: 2 million cells is ~110 MB, and a 50,000-row,
/// 40-column export still fits.
pub const MAX_ODS_CELLS: u64 = 2_000_000;
/// Bytes of cell text an ODS file may expand to: the reader holds all of it
/// (a run of a long text is a copy per cell).
pub const MAX_ODS_TEXT_BYTES: u64 = 128 * 1024 * 1024;
/// The reader's own caps on a sheet's rows and columns.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Refuses an ODS file whose sheets would expand to more than
/// [`MAX_ODS_CELLS`]. A `content.xml` this pass cannot parse is left to the
/// reader to judge (it stops at the same fault, before expanding anything).
pub(crate) fn check_repeats(zip: &mut Zip<'_>) -> Result<()> {
    let Ok(entry) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_SHEET_PART_BYTES)));
    reader.config_mut().check_end_names = false;
    let mut count = Count::default();
    let mut buf = Vec::with_capacity(1024);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) if markup::is_gap(&e) => return Err(markup::gap_error()),
            Err(_) => return Ok(()),
        };
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => count.table = Table::default(),
                "table:table-row" => count.start_row(repeats(&e, "table:number-rows-repeated")),
                "table:table-cell" | "table:covered-table-cell" => count.start_cell(&e),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    count.start_cell(&e);
                    count.end_cell();
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(cell) = &mut count.cell {
                    cell.text = cell.text.saturating_add(t.len() as u64);
                    cell.filled |= t.chars().any(|c| !c.is_whitespace());
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => count.end_cell(),
                "table:table-row" => count.end_row()?,
                "table:table" => count.end_table(),
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Counters of the pass: the sheets done, the sheet, row and cell being read.
#[derive(Default)]
struct Count {
    /// Cells of the sheets already read.
    done: u64,
    /// Bytes of text of all sheets so far, runs included.
    text: u64,
    table: Table,
    row: Row,
    cell: Option<CellRun>,
}

#[derive(Default)]
struct Table {
    /// Rows so far, runs included.
    rows: u64,
    /// First filled row and the row after the last one.
    first_row: Option<u64>,
    end_row: u64,
    /// First filled column and the column after the last one.
    first_col: u64,
    end_col: u64,
}

impl Table {
    fn cells(&self) -> u64 {
        let rows = self
            .first_row
            .map_or(0, |first| self.end_row.saturating_sub(first));
        let cols = self.end_col.saturating_sub(self.first_col);
        rows.saturating_mul(cols)
    }
}

#[derive(Default)]
struct Row {
    repeats: u64,
    /// Columns so far, runs included.
    cols: u64,
    first_col: Option<u64>,
    end_col: u64,
    /// Bytes of text in the row, column runs included.
    text: u64,
}

struct CellRun {
    repeats: u64,
    filled: bool,
    /// Bytes of text in the cell.
    text: u64,
}

impl Count {
    fn start_row(&mut self, repeats: u64) {
        let left = MAX_ROWS.saturating_sub(self.table.rows);
        self.row = Row {
            repeats: repeats.min(left),
            ..Row::default()
        };
    }

    fn start_cell(&mut self, e: &BytesStart<'_>) {
        let filled = e.attributes().filter_map(|a| a.ok()).any(|a| {
            matches!(
                a.key.as_ref(),
                "office:value-type" | "table:formula" | "calcext:value-type"
            )
        });
        self.cell = Some(CellRun {
            repeats: repeats(e, "table:number-columns-repeated"),
            filled,
            text: 0,
        });
    }

    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else {
            return;
        };
        let row = &mut self.row;
        let end = row.cols.saturating_add(cell.repeats).min(MAX_COLUMNS);
        if cell.filled && end > row.cols {
            row.first_col.get_or_insert(row.cols);
            row.end_col = end;
            row.text = row
                .text
                .saturating_add(cell.text.saturating_mul(end - row.cols));
        }
        row.cols = end;
    }

    fn end_row(&mut self) -> Result<()> {
        let row = std::mem::take(&mut self.row);
        let table = &mut self.table;
        if let Some(first_col) = row.first_col {
            if table.first_row.is_none() {
                table.first_row = Some(table.rows);
                table.first_col = first_col;
            }
            table.first_col = table.first_col.min(first_col);
            table.end_col = table.end_col.max(row.end_col);
            table.end_row = table.rows.saturating_add(row.repeats);
        }
        table.rows = table.rows.saturating_add(row.repeats);
        self.text = self
            .text
            .saturating_add(row.text.saturating_mul(row.repeats));
        if self.done.saturating_add(table.cells()) > MAX_ODS_CELLS || self.text > MAX_ODS_TEXT_BYTES
        {
            return Err(Error::unreadable(format!(
                "This spreadsheet repeats its cells to more than {MAX_ODS_CELLS} cells or {} MB of text, more than SalesOS opens from an ODS file; save it as xlsx or CSV in LibreOffice and import that.",
                MAX_ODS_TEXT_BYTES / (1024 * 1024)
            )));
        }
        Ok(())
    }

    fn end_table(&mut self) {
        self.done = self.done.saturating_add(self.table.cells());
        self.table = Table::default();
    }
}

/// A run length attribute; missing or unreadable counts as one.
fn repeats(e: &BytesStart<'_>, key: &str) -> u64 {
    e.attributes()
        .filter_map(|a| a.ok())
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}
