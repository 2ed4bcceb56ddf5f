//! A sheet's rows, read on a second thread while the importer writes them,
//! so that writing overlaps decompressing and parsing the file.
//!
//! Reading is the longer of the two jobs (calamine's cells reader alone
//! takes most of an import), so the reader thread does as little as it can:
//! it copies each cell calamine yields into a batch (all text of a batch in
//! one buffer) and hands the batch over. The importer's thread makes cells
//! and rows of it, holds the sheet to the same limits as a sheet read whole,
//! and sends the emptied batch back to be filled again. So neither thread
//! allocates per cell or per row for the other to free (freeing memory
//! another thread allocated, and reference counts both threads touch, cost
//! more than reading the cell).
use std::io::Cursor;
use std::mem;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender, TryRecvError};

use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType, Reader, Xlsb, Xlsx};

use crate::delimited::{self, Broken};
use crate::format::Format;
use crate::grid::{cut_text, is_blank, Cell, CellLimits, Grid, GridRow, MAX_CELLS, MAX_CELL_TEXT};
use crate::sheets::{self, Fields};
use crate::workbook::{
    data_ref, date_cell, guard, pick_sheet, probe_cells, probe_grid, reader_error, TEXT_SHEET,
};
use crate::{Error, Result};

/// Cells in a batch: one message per cell or row would cost more than it.
const BATCH_CELLS: usize = 8192;
/// Bytes of text after which a batch is sent whatever its cell count, so a
/// sheet of very long texts keeps little in flight.
const BATCH_TEXT: usize = 1 << 20;
/// Batches in flight: enough to keep both threads busy, little memory.
const BATCHES_IN_FLIGHT: usize = 8;

/// A cell as the reader copied it: 24 bytes, so that handing millions of
/// them from one core to the other moves as little memory as it can.
struct RawCell {
    row: u32,
    col: u32,
    value: Raw,
}

const _: () = assert!(mem::size_of::<RawCell>() == 24);

enum Raw {
    /// Bytes `start..end` of the batch's text (a batch holds about a
    /// megabyte of text: `u32` offsets are ample).
    Text(u32, u32),
    Number(f64),
    /// An Excel date serial (or a duration), made a calendar date by the
    /// importer's thread: the reader's is the longer job for a workbook.
    Date {
        serial: f64,
        duration: bool,
    },
    DateTime(chrono::NaiveDateTime),
    Bool(bool),
    /// Anything else (an error value): rare, so boxed.
    Other(Box<Cell>),
}

/// Cells in sheet order, with their text.
#[derive(Default)]
struct Batch {
    cells: Vec<RawCell>,
    text: String,
    /// Texts cut to `MAX_CELL_TEXT` characters (see `grid::cut_text`).
    cut: u64,
}

impl Batch {
    fn push(&mut self, row: u32, col: u32, value: &DataRef<'_>) {
        let value = match value {
            // Empty cells are never kept; skipping them here saves copying them.
            DataRef::Empty => return,
            DataRef::SharedString(s) => self.text(s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => self.text(s),
            DataRef::DateTime(d) => Raw::Date {
                serial: d.as_f64(),
                duration: d.is_duration(),
            },
            other => match data_ref(other) {
                Cell::Empty => return,
                Cell::Number(n) => Raw::Number(n),
                Cell::DateTime(d) => Raw::DateTime(d),
                Cell::Bool(b) => Raw::Bool(b),
                Cell::Text(t) => self.text(&t),
                other => Raw::Other(Box::new(other)),
            },
        };
        self.cells.push(RawCell { row, col, value });
    }

    /// A text file's record: its filled fields as cells. The fields of a
    /// record lie end to end in it, so their text is copied in one go (a
    /// copy per field cost more than the copying); a record long enough
    /// to hold a field over `MAX_CELL_TEXT` is copied field by field, cut.
    fn push_record(&mut self, row: u32, record: &csv::StringRecord) {
        let all = record.as_slice();
        let long = all.len() > MAX_CELL_TEXT;
        let base = self.text.len();
        if !long {
            self.text.push_str(all);
        }
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for col in 0..record.len() {
            let Some(range) = record.range(col) else {
                continue;
            };
            let Some(field) = all.get(range.clone()) else {
                continue;
            };
            if is_blank(field) {
                continue;
            }
            let value = if long {
                self.text(field)
            } else {
                Raw::Text(
                    offset(base.saturating_add(range.start)),
                    offset(base.saturating_add(range.end)),
                )
            };
            let col = offset(col);
            self.cells.push(RawCell { row, col, value });
        }
    }

    fn text(&mut self, s: &str) -> Raw {
        let s = match cut_text(s) {
            Some(cut) => {
                self.cut += 1;
                cut
            }
            None => s,
        };
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let start = offset(self.text.len());
        self.text.push_str(s);
        Raw::Text(start, offset(self.text.len()))
    }

    fn is_full(&self) -> bool {
        self.cells.len() >= BATCH_CELLS || self.text.len() >= BATCH_TEXT
    }

    /// The cell at `at`, made for the grid.
    fn cell(&mut self, at: usize, is_1904: bool) -> (u32, u32, Cell) {
        let raw = &mut self.cells[at];
        let cell = match &mut raw.value {
            Raw::Text(start, end) => Cell::Text(
                self.text
                    .get(*start as usize..*end as usize)
                    .unwrap_or("")
                    .into(),
            ),
            Raw::Number(n) => Cell::Number(*n),
            Raw::Date { serial, duration } => {
                let kind = if *duration {
                    ExcelDateTimeType::TimeDelta
                } else {
                    ExcelDateTimeType::DateTime
                };
                date_cell(&ExcelDateTime::new(*serial, kind, is_1904))
            }
            Raw::DateTime(d) => Cell::DateTime(*d),
            Raw::Bool(b) => Cell::Bool(*b),
            Raw::Other(c) => mem::replace(&mut **c, Cell::Empty),
        };
        (raw.row, raw.col, cell)
    }
}

enum Message {
    /// The workbook's sheets, and the one to read (or why there is none).
    Opened {
        sheets: Vec<String>,
        sheet: Result<String>,
        /// Which sheet was read, when the workbook has others.
        note: Option<String>,
        is_1904: bool,
        /// A text file's separator.
        delimiter: Option<u8>,
    },
    Cells(Batch),
    Failed(Error),
    /// The end of the sheet, with a text file's rows a stray quote broke.
    Finished(Vec<Broken>),
}

/// A sheet's rows in order as a second thread reads them. Built by
/// [`stream`]; [`RowStream::empty`] is the stream of a sheet read whole.
pub struct RowStream {
    receiver: Option<Receiver<Message>>,
    /// Where emptied batches go back to the reader.
    recycle: Option<Sender<Batch>>,
    batch: Batch,
    /// The next cell of `batch` to take.
    at: usize,
    /// The row whose cells are arriving.
    pending: Option<GridRow>,
    limits: CellLimits,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub is_1904: bool,
    delimiter: Option<u8>,
    /// A text file's rows a stray quote broke, known at the end.
    broken: Vec<Broken>,
    unordered: bool,
    notes: Vec<String>,
    /// Which sheet was read, for the notes of the sheet's first rows.
    sheet_note: Option<String>,
}

impl RowStream {
    pub fn empty() -> Self {
        RowStream {
            receiver: None,
            recycle: None,
            batch: Batch::default(),
            at: 0,
            pending: None,
            limits: CellLimits::default(),
            sheets: Vec::new(),
            sheet: String::new(),
            is_1904: false,
            delimiter: None,
            broken: Vec::new(),
            unordered: false,
            notes: Vec::new(),
            sheet_note: None,
        }
    }

    /// The next filled row, or `None` at the end of the sheet (or when the
    /// sheet turned out to be unordered: see [`RowStream::in_order`]).
    pub fn next_row(&mut self) -> Result<Option<GridRow>> {
        let mut row = GridRow::default();
        Ok(self.next_row_into(&mut row)?.then_some(row))
    }

    /// [`RowStream::next_row`] into `out`, whose cells' room is used again
    /// for the row after: an import of a million rows then allocates no
    /// row at all. False at the end of the sheet.
    pub fn next_row_into(&mut self, out: &mut GridRow) -> Result<bool> {
        loop {
            while self.at < self.batch.cells.len() {
                let (row, col, cell) = self.batch.cell(self.at, self.is_1904);
                self.at += 1;
                if !self.limits.admit(row, col, &cell)? {
                    continue;
                }
                let number = row.saturating_add(1);
                match &mut self.pending {
                    Some(pending) if pending.number == number => pending.set(col, cell),
                    Some(pending) if pending.number > number => {
                        // A row arrived after a later one: the sheet must be read whole.
                        self.unordered = true;
                        self.stop();
                        return Ok(false);
                    }
                    Some(pending) => {
                        // The pending row is done: it goes out, and the
                        // next one is made in the room of `out`'s cells.
                        mem::swap(out, pending);
                        pending.number = number;
                        pending.cells.clear();
                        pending.set(col, cell);
                        return Ok(true);
                    }
                    None => {
                        let mut next = GridRow {
                            number,
                            cells: Vec::with_capacity(16),
                        };
                        next.set(col, cell);
                        self.pending = Some(next);
                    }
                }
            }
            let Some(receiver) = &self.receiver else {
                return Ok(match self.pending.take() {
                    Some(last) => {
                        *out = last;
                        true
                    }
                    None => false,
                });
            };
            match receiver.recv() {
                Ok(Message::Cells(batch)) => {
                    self.limits.add_cut(batch.cut);
                    let mut done = mem::replace(&mut self.batch, batch);
                    self.at = 0;
                    done.cells.clear();
                    done.text.clear();
                    done.cut = 0;
                    if let Some(recycle) = &self.recycle {
                        // The reader may have finished; the batch is then just freed.
                        let _ = recycle.send(done);
                    }
                }
                Ok(Message::Finished(broken)) => {
                    self.notes = self.limits.notes();
                    self.broken = broken;
                    self.receiver = None;
                }
                Ok(Message::Failed(e)) => {
                    self.stop();
                    return Err(e);
                }
                Ok(Message::Opened { .. }) | Err(_) => {
                    self.stop();
                    return Err(Error::unreadable(
                        "The spreadsheet reader stopped before the end of the sheet.",
                    ));
                }
            }
        }
    }

    /// Stops reading: the reader gives up at its next batch.
    fn stop(&mut self) {
        self.receiver = None;
        self.recycle = None;
        self.pending = None;
        self.batch = Batch::default();
        self.at = 0;
    }

    /// Reads up to `rows` filled rows into a grid (the part of the sheet
    /// that decides the header, the mapping and the date orders).
    pub fn head(&mut self, rows: usize) -> Result<Grid> {
        let mut grid = Grid {
            is_1904: self.is_1904,
            delimiter: self.delimiter,
            notes: self.sheet_note.iter().cloned().collect(),
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

    /// The rows of a text file a stray quote broke (see
    /// [`delimited::read_checked`]), known once it has been read to the end.
    pub fn take_broken(&mut self) -> Vec<Broken> {
        mem::take(&mut self.broken)
    }
}

/// Streams one sheet's cells to the importer, in batches, in sheet order.
macro_rules! send_cells {
    ($wb:expr, $wanted:expr, $fields:expr, $sender:expr, $recycled:expr) => {{
        let mut wb = $wb;
        let (sheets, choice) = pick_sheet!(wb, $wanted, |n: &str| probe_cells!(wb, n, $fields));
        // No sheet to read is said with the sheet names: what the importer
        // makes of the workbook's sheets comes first.
        let (chosen, sheet, note) = match choice {
            Ok(c) => (Ok(c.sheet.clone()), Some(c.sheet), c.note),
            Err(e) => (Err(e), None, None),
        };
        let is_1904 = wb.has_1904_epoch();
        let sender: &SyncSender<Message> = $sender;
        let recycled: &Receiver<Batch> = $recycled;
        let opened = Message::Opened {
            sheets,
            sheet: chosen,
            note,
            is_1904,
            delimiter: None,
        };
        if sender.send(opened).is_err() {
            return Ok(());
        }
        let Some(sheet) = sheet else {
            return Ok(());
        };
        let mut reader = wb.worksheet_cells_reader(&sheet).map_err(reader_error)?;
        let mut batch = Batch::default();
        while let Some(cell) = reader.next_cell().map_err(reader_error)? {
            let (row, col) = cell.get_position();
            batch.push(row, col, cell.get_value());
            if batch.is_full() && !hand_over(&mut batch, sender, recycled) {
                return Ok(());
            }
        }
        if !batch.cells.is_empty() && sender.send(Message::Cells(batch)).is_err() {
            return Ok(());
        }
        let _ = sender.send(Message::Finished(Vec::new()));
        Ok(())
    }};
}

/// Hands a full batch over and takes an empty one back (or a new one);
/// false when the importer stopped listening.
fn hand_over(batch: &mut Batch, sender: &SyncSender<Message>, recycled: &Receiver<Batch>) -> bool {
    let next = match recycled.try_recv() {
        Ok(empty) => empty,
        Err(TryRecvError::Empty | TryRecvError::Disconnected) => Batch {
            cells: Vec::with_capacity(BATCH_CELLS),
            ..Batch::default()
        },
    };
    sender
        .send(Message::Cells(mem::replace(batch, next)))
        .is_ok()
}

/// Streams a text file's fields: decoded and cut of stray quotes whole
/// (see [`delimited::Text`]), then parsed record by record as the importer
/// takes them. Held to [`MAX_CELLS`] fields like a text file read whole.
fn send_text(bytes: &[u8], sender: &SyncSender<Message>, recycled: &Receiver<Batch>) -> Result<()> {
    let text = delimited::Text::decode(bytes);
    let opened = Message::Opened {
        sheets: vec![TEXT_SHEET.to_string()],
        sheet: Ok(TEXT_SHEET.to_string()),
        note: Some(text.note()),
        is_1904: false,
        delimiter: Some(text.delimiter),
    };
    if sender.send(opened).is_err() {
        return Ok(());
    }
    let mut batch = Batch::default();
    let mut fields: u64 = 0;
    let mut stopped = false;
    let walked = text.walk(|number, record| {
        fields = fields.saturating_add(record.len() as u64);
        if fields > MAX_CELLS {
            return Err(delimited::too_many_cells());
        }
        batch.push_record(number.saturating_sub(1), record);
        if batch.is_full() && !hand_over(&mut batch, sender, recycled) {
            stopped = true;
            return Err(Error::unreadable("stopped"));
        }
        Ok(())
    });
    if stopped {
        return Ok(());
    }
    let broken = walked?;
    if !batch.cells.is_empty() && sender.send(Message::Cells(batch)).is_err() {
        return Ok(());
    }
    let _ = sender.send(Message::Finished(broken));
    Ok(())
}

/// Formats whose cells can be streamed in sheet order.
pub fn streams(format: Format) -> bool {
    matches!(format, Format::Xlsx | Format::Xlsb | Format::Delimited)
}

/// Reads the sheet on a second thread while `consume` works through its
/// rows. `opened` sees the workbook's sheet names as soon as it is open
/// (before a missing sheet is reported); then `consume` gets the stream.
/// Both are the caller's, with the caller's error type. Without `wanted`,
/// the sheet is picked as [`sheets::pick`] does, with `fields` naming the
/// columns the caller knows.
pub fn stream<T, E: From<Error>>(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
    fields: &Fields,
    opened: impl FnOnce(&[String]) -> Result<(), E>,
    consume: impl FnOnce(&mut RowStream) -> Result<T, E>,
) -> Result<T, E> {
    let (sender, receiver) = sync_channel(BATCHES_IN_FLIGHT);
    let (recycle, recycled) = channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let outcome = guard(|| match format {
                Format::Xlsx => {
                    let wb = Xlsx::new(Cursor::new(bytes)).map_err(reader_error)?;
                    send_cells!(wb, wanted, fields, &sender, &recycled)
                }
                Format::Xlsb => {
                    let wb = Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
                    send_cells!(wb, wanted, fields, &sender, &recycled)
                }
                Format::Delimited => send_text(bytes, &sender, &recycled),
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
                note,
                is_1904,
                delimiter,
            }) => {
                if delimiter.is_some() {
                    stream.limits = CellLimits::text();
                }
                stream.delimiter = delimiter;
                opened(&sheets)?;
                stream.sheets = sheets;
                stream.sheet = sheet.map_err(E::from)?;
                stream.sheet_note = note;
                stream.is_1904 = is_1904;
            }
            Ok(Message::Failed(e)) => return Err(e.into()),
            _ => {
                return Err(Error::unreadable(
                    "The spreadsheet reader stopped before opening the sheet.",
                )
                .into())
            }
        }
        stream.receiver = Some(receiver);
        stream.recycle = Some(recycle);
        // Dropping the stream (and its receiver) when `consume` returns makes
        // a reader still sending give up, so the scope can always end.
        consume(&mut stream)
    })
}
