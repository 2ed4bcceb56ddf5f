//! A sheet as rows of cells, read from any supported format.
//!
//! xlsx and xlsb are read with calamine's streaming cells reader, so memory
//! follows the cells that exist, never the sheet's claimed dimensions (a tiny
//! file with cells at A1 and XFD1048576 stays tiny). Only rows that hold
//! something are kept, each with its sheet row number.
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
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

/// Bytes of text a cell keeps inline: as much as fits beside the tag without
/// making a [`Cell`] larger than its `String` error variant already makes it.
const INLINE_TEXT: usize = 22;

/// A text cell. Most text in a CRM export is short (ids, names, owners,
/// stages, currency codes): it is kept inline, so reading it allocates
/// nothing, and the reader thread that makes it and the importer thread that
/// drops it share no reference count (atomics bounced between cores and
/// per-cell allocations freed on another thread cost more than reading the
/// cell). Longer text is shared: an export repeats the same long values.
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

    fn set(&mut self, column: u32, cell: Cell) {
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
    ($wb:expr, $sheet:expr) => {{
        let is_1904 = $wb.has_1904_epoch();
        let mut reader = $wb.worksheet_cells_reader($sheet).map_err(reader_error)?;
        let mut builder = Builder::new(is_1904);
        while let Some(cell) = reader.next_cell().map_err(reader_error)? {
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::SharedString(s) => Cell::Text(builder.shared.get(s)),
                other => data_ref(other),
            };
            builder.push(row, col, value)?;
        }
        builder.finish()
    }};
}

/// Opens the workbook once (parsing its text table is much of the cost of
/// reading it) and reads one sheet. Returns all sheet names, the sheet read
/// and its rows.
pub fn load(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
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
            let grid = stream_cells!(wb, &sheet);
            Ok((sheets, sheet, grid))
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let grid = stream_cells!(wb, &sheet);
            Ok((sheets, sheet, grid))
        }
        // xls and ods have no streaming reader; their formats cap a sheet's size anyway.
        Format::Xls => {
            let mut wb = Xls::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let is_1904 = wb.has_1904_epoch();
            let range = wb.worksheet_range(&sheet).map_err(reader_error)?;
            Ok((sheets, sheet, from_range(range, is_1904)?))
        }
        Format::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(reader_error)?;
            let sheets = wb.sheet_names();
            let sheet = choose(&sheets, wanted)?;
            let range = wb.worksheet_range(&sheet).map_err(reader_error)?;
            Ok((sheets, sheet, from_range(range, false)?))
        }
    })
}

fn from_range(range: calamine::Range<Data>, is_1904: bool) -> Result<Grid> {
    let mut builder = Builder::new(is_1904);
    for (row, col, value) in range.used_cells() {
        builder.push(row as u32, col as u32, data(value))?;
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
        }
    }

    fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<()> {
        if !self.limits.admit(col, &cell)? {
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
        self.grid.rows[index].set(col, cell);
        Ok(())
    }

    fn finish(mut self) -> Grid {
        self.grid.notes.extend(self.limits.notes());
        self.grid
    }
}

/// Rows handed from the reader thread to the importer in batches: one
/// message per row would cost more than the row.
const BATCH_ROWS: usize = 512;
/// Batches in flight: enough to keep both threads busy, little memory.
const BATCHES_IN_FLIGHT: usize = 8;

enum Message {
    Opened {
        sheets: Vec<String>,
        sheet: String,
        is_1904: bool,
    },
    Rows(Vec<GridRow>),
    /// A row arrived after a later one: the sheet must be read whole.
    Unordered,
    Failed(Error),
    Finished {
        notes: Vec<String>,
    },
}

/// A sheet's rows in order as a second thread reads them, so that writing
/// rows overlaps decompressing and parsing the file (on two cores an import
/// of a large xlsx takes about as long as reading it). Built by [`stream`];
/// [`RowStream::empty`] is the stream of a sheet that was read whole.
pub struct RowStream {
    receiver: Option<Receiver<Message>>,
    batch: std::vec::IntoIter<GridRow>,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub is_1904: bool,
    unordered: bool,
    notes: Vec<String>,
}

impl RowStream {
    pub fn empty() -> Self {
        RowStream {
            receiver: None,
            batch: Vec::new().into_iter(),
            sheets: Vec::new(),
            sheet: String::new(),
            is_1904: false,
            unordered: false,
            notes: Vec::new(),
        }
    }

    /// The next filled row, or `None` at the end of the sheet (or when the
    /// sheet turned out to be unordered: see [`RowStream::in_order`]).
    pub fn next_row(&mut self) -> Result<Option<GridRow>> {
        loop {
            if let Some(row) = self.batch.next() {
                return Ok(Some(row));
            }
            let Some(receiver) = &self.receiver else {
                return Ok(None);
            };
            match receiver.recv() {
                Ok(Message::Rows(rows)) => self.batch = rows.into_iter(),
                Ok(Message::Finished { notes }) => {
                    self.notes = notes;
                    self.receiver = None;
                }
                Ok(Message::Unordered) => {
                    self.unordered = true;
                    self.receiver = None;
                }
                Ok(Message::Failed(e)) => {
                    self.receiver = None;
                    return Err(e);
                }
                Ok(Message::Opened { .. }) | Err(_) => {
                    self.receiver = None;
                    return Err(Error::unreadable(
                        "The spreadsheet reader stopped before the end of the sheet.",
                    ));
                }
            }
        }
    }

    /// Reads up to `rows` filled rows into a grid (the part of the sheet
    /// that decides the header, the mapping and the date orders).
    pub fn head(&mut self, rows: usize) -> Result<Grid> {
        let mut grid = Grid {
            is_1904: self.is_1904,
            ..Grid::default()
        };
        while grid.rows.len() < rows {
            match self.next_row()? {
                Some(row) => grid.rows.push(row),
                None => break,
            }
        }
        Ok(grid)
    }

    /// Rows may still come from the reader thread.
    pub fn is_streaming(&self) -> bool {
        self.receiver.is_some()
    }

    /// False when rows arrived out of order and the stream stopped early:
    /// whatever was made of it must be discarded and the sheet read whole.
    pub fn in_order(&self) -> bool {
        !self.unordered
    }

    /// Notes about the whole sheet, known once it has been read to the end.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

/// Streams one sheet's rows to the importer, in batches, in sheet order.
macro_rules! send_rows {
    ($wb:expr, $wanted:expr, $sender:expr) => {{
        let mut wb = $wb;
        let sheets = wb.sheet_names();
        let sheet = choose(&sheets, $wanted)?;
        let is_1904 = wb.has_1904_epoch();
        let sender: &SyncSender<Message> = $sender;
        if sender
            .send(Message::Opened {
                sheets,
                sheet: sheet.clone(),
                is_1904,
            })
            .is_err()
        {
            return Ok(());
        }
        let mut reader = wb.worksheet_cells_reader(&sheet).map_err(reader_error)?;
        let mut rows = RowAssembler::default();
        while let Some(cell) = reader.next_cell().map_err(reader_error)? {
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::SharedString(s) => Cell::Text(rows.shared.get(s)),
                other => data_ref(other),
            };
            match rows.push(row, col, value)? {
                Assembled::Pending => {}
                Assembled::Batch(batch) => {
                    if sender.send(Message::Rows(batch)).is_err() {
                        return Ok(());
                    }
                }
                Assembled::Unordered => {
                    let _ = sender.send(Message::Unordered);
                    return Ok(());
                }
            }
        }
        let (last, notes) = rows.finish();
        if !last.is_empty() && sender.send(Message::Rows(last)).is_err() {
            return Ok(());
        }
        let _ = sender.send(Message::Finished { notes });
        Ok(())
    }};
}

/// Formats whose cells can be streamed in sheet order.
pub fn streams(format: Format) -> bool {
    matches!(format, Format::Xlsx | Format::Xlsb)
}

/// Reads the sheet on a second thread while `consume` works through its
/// rows. `consume` gets the stream once the workbook is open.
pub fn stream<T>(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
    consume: impl FnOnce(&mut RowStream) -> Result<T>,
) -> Result<T> {
    let (sender, receiver) = sync_channel(BATCHES_IN_FLIGHT);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let outcome = guard(|| match format {
                Format::Xlsx => {
                    let wb = Xlsx::new(Cursor::new(bytes)).map_err(reader_error)?;
                    send_rows!(wb, wanted, &sender)
                }
                Format::Xlsb => {
                    let wb = Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
                    send_rows!(wb, wanted, &sender)
                }
                _ => Err(Error::unreadable(
                    "This format is read whole, not streamed.",
                )),
            });
            if let Err(e) = outcome {
                // The importer may have stopped listening already; nothing to do then.
                let _ = sender.send(Message::Failed(e));
            }
        });
        let mut stream = RowStream::empty();
        match receiver.recv() {
            Ok(Message::Opened {
                sheets,
                sheet,
                is_1904,
            }) => {
                stream.sheets = sheets;
                stream.sheet = sheet;
                stream.is_1904 = is_1904;
            }
            Ok(Message::Failed(e)) => return Err(e),
            _ => {
                return Err(Error::unreadable(
                    "The spreadsheet reader stopped before opening the sheet.",
                ))
            }
        }
        stream.receiver = Some(receiver);
        // Dropping the stream (and its receiver) when `consume` returns makes
        // a reader still sending give up, so the scope can always end.
        consume(&mut stream)
    })
}

enum Assembled {
    Pending,
    Batch(Vec<GridRow>),
    Unordered,
}

/// Turns cells arriving in sheet order into complete rows, with the same
/// limits as [`Builder`].
#[derive(Default)]
struct RowAssembler {
    current: Option<GridRow>,
    batch: Vec<GridRow>,
    limits: CellLimits,
    shared: SharedText,
}

impl RowAssembler {
    fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<Assembled> {
        if !self.limits.admit(col, &cell)? {
            return Ok(Assembled::Pending);
        }
        let number = row.saturating_add(1);
        let mut full = None;
        match &self.current {
            Some(current) if current.number == number => {}
            Some(current) if current.number > number => return Ok(Assembled::Unordered),
            _ => {
                if let Some(done) = self.current.take() {
                    self.batch.push(done);
                    if self.batch.len() >= BATCH_ROWS {
                        let next = Vec::with_capacity(BATCH_ROWS);
                        full = Some(std::mem::replace(&mut self.batch, next));
                    }
                }
                self.current = Some(GridRow {
                    number,
                    cells: Vec::with_capacity(16),
                });
            }
        }
        if let Some(current) = &mut self.current {
            current.set(col, cell);
        }
        Ok(full.map_or(Assembled::Pending, Assembled::Batch))
    }

    fn finish(mut self) -> (Vec<GridRow>, Vec<String>) {
        self.batch.extend(self.current.take());
        (self.batch, self.limits.notes())
    }
}

/// The limits every reader holds a sheet to, whatever the format.
#[derive(Default)]
struct CellLimits {
    cells: u64,
    wide: bool,
}

impl CellLimits {
    /// Whether a cell is kept: empty cells and columns beyond
    /// [`MAX_COLUMNS`] are not; more than [`MAX_CELLS`] ends the read.
    fn admit(&mut self, col: u32, cell: &Cell) -> Result<bool> {
        if cell.is_empty() {
            return Ok(false);
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(Error::unreadable(format!(
                "The sheet has more than {MAX_CELLS} filled cells; SalesOS imports up to that many. Export fewer columns or split the file."
            )));
        }
        if col >= MAX_COLUMNS {
            self.wide = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn notes(&self) -> Vec<String> {
        if !self.wide {
            return Vec::new();
        }
        vec![format!(
            "Cells beyond column {} were ignored: no field is read from that far right.",
            super::columns::letter(MAX_COLUMNS - 1)
        )]
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
