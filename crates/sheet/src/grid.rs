//! A sheet as rows of cells: what every reader yields, whatever the format,
//! and the limits every reader holds a sheet to while it reads.
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::{Error, Result};

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

/// Bytes of text a cell keeps inline: as much as fits beside the tags and
/// the length without making a [`Cell`] larger than its `String` error
/// variant already makes it (the cell's tag shares a byte with the text's).
/// Thirty holds most subjects, names and ids of an export: twenty-two left
/// half the subjects of an activity export to a shared copy each.
const INLINE_TEXT: usize = 30;
const _: () = assert!(std::mem::size_of::<Cell>() == 32);

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
    pub(crate) fn new(s: &str) -> Text {
        Text::inline(s).unwrap_or_else(|| Text(Repr::Shared(Arc::from(s))))
    }

    pub(crate) fn inline(s: &str) -> Option<Text> {
        let len = s.len();
        if len > INLINE_TEXT {
            return None;
        }
        let mut bytes = [0; INLINE_TEXT];
        copy_short(s.as_bytes(), &mut bytes);
        Some(Text(Repr::Inline {
            len: len as u8,
            bytes,
        }))
    }

    /// Whether the text is only whitespace (see [`is_blank`]).
    pub fn is_blank(&self) -> bool {
        is_blank(self.as_str())
    }

    /// Text kept once and shared by every cell that repeats it.
    pub(crate) fn shared(s: Arc<str>) -> Text {
        Text(Repr::Shared(s))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Checking the bytes again on every read cost an import a tenth
            // of its time: each cell is read several times per row.
            Repr::Inline { len, bytes } => match bytes.get(..*len as usize) {
                // SAFETY: `Text::inline` is the only maker of `Inline`, and it
                // copies the whole of a `&str` (so valid UTF-8, ending on a
                // character boundary) into `bytes[..len]`; nothing mutates them.
                Some(b) => unsafe { std::str::from_utf8_unchecked(b) },
                None => "",
            },
            Repr::Shared(s) => s,
        }
    }
}

/// Copies `from` (at most [`INLINE_TEXT`] bytes) to the start of `to` in
/// two fixed-size copies that may overlap, as `memcpy` does for short sizes:
/// a call to it for each of millions of cells cost more than the copy.
#[inline]
fn copy_short(from: &[u8], to: &mut [u8; INLINE_TEXT]) {
    let len = from.len();
    match len {
        16..=INLINE_TEXT => {
            to[..16].copy_from_slice(&from[..16]);
            to[len - 16..len].copy_from_slice(&from[len - 16..]);
        }
        8..=15 => {
            to[..8].copy_from_slice(&from[..8]);
            to[len - 8..len].copy_from_slice(&from[len - 8..]);
        }
        4..=7 => {
            to[..4].copy_from_slice(&from[..4]);
            to[len - 4..len].copy_from_slice(&from[len - 4..]);
        }
        _ => {
            for (t, f) in to.iter_mut().zip(from) {
                *t = *f;
            }
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

#[derive(Debug, Clone, Default)]
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

    pub(crate) fn set(&mut self, column: u32, cell: Cell) {
        let at = column as usize;
        if at < self.cells.len() {
            self.cells[at] = cell;
        } else {
            // Cells arrive left to right: usually this only appends, after
            // an empty cell or two.
            while self.cells.len() < at {
                self.cells.push(Cell::Empty);
            }
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
    /// The separator of a text file (`b';'`, `b','`, `b'\t'`...): a file
    /// saved with semicolons comes from a spreadsheet whose decimal mark is
    /// the comma. `None` for workbooks.
    pub delimiter: Option<u8>,
}

/// Spreadsheet column letter for a 0-based index (0 → A, 26 → AA).
pub fn letter(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The limits every reader holds a sheet to, whatever the format.
#[derive(Default)]
pub(crate) struct CellLimits {
    cells: u64,
    /// A text file's: its reader holds it to [`MAX_CELLS`] fields itself,
    /// and a text file has no row limit.
    text: bool,
    wide: bool,
    /// Texts cut to [`MAX_CELL_TEXT`] characters.
    cut: u64,
}

impl CellLimits {
    pub(crate) fn text() -> CellLimits {
        CellLimits {
            text: true,
            ..CellLimits::default()
        }
    }

    /// Whether a cell is kept: empty cells and columns beyond
    /// [`MAX_COLUMNS`] are not; more than [`MAX_SHEET_CELLS`], or a row
    /// beyond [`MAX_ROWS`], ends the read.
    pub(crate) fn admit(&mut self, row: u32, col: u32, cell: &Cell) -> Result<bool> {
        if cell.is_empty() {
            return Ok(false);
        }
        self.cells += 1;
        if self.text {
            return Ok(col < MAX_COLUMNS || {
                self.wide = true;
                false
            });
        }
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
    pub(crate) fn cap_text<'s>(&mut self, s: &'s str) -> &'s str {
        match cut_text(s) {
            Some(cut) => {
                self.cut += 1;
                cut
            }
            None => s,
        }
    }

    /// Notes that fields beyond [`MAX_COLUMNS`] were left out (a text row
    /// that long is cut before its cells are made).
    pub(crate) fn ignore_wide(&mut self) {
        self.wide = true;
    }

    /// Counts texts another thread cut (see [`cut_text`]).
    pub(crate) fn add_cut(&mut self, cut: u64) {
        self.cut = self.cut.saturating_add(cut);
    }

    pub(crate) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.wide {
            notes.push(format!(
                "Cells beyond column {} were ignored: no field is read from that far right.",
                letter(MAX_COLUMNS - 1)
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

/// Whether `s` is only whitespace, as `trim().is_empty()` says. Most cells
/// start with a visible ASCII character, which answers at once; the full
/// check runs only for the rest.
pub fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        // An ASCII byte is a whole character in UTF-8.
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b => false,
        _ => s.trim().is_empty(),
    }
}

/// The first [`MAX_CELL_TEXT`] characters of `s`, or `None` if it is not
/// longer than that. Most text is short and answers at once.
pub(crate) fn cut_text(s: &str) -> Option<&str> {
    if s.len() <= MAX_CELL_TEXT {
        return None;
    }
    let (end, _) = s.char_indices().nth(MAX_CELL_TEXT)?;
    s.get(..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_every_length_reads_back_as_written() {
        let long = "é,Rep 001 – Follow-up meeting with Account 4711 ✓";
        for end in (0..=long.len()).filter(|&i| long.is_char_boundary(i)) {
            let s = &long[..end];
            let text = Text::new(s);
            assert_eq!(text.as_str(), s);
            assert_eq!(Text::inline(s).is_some(), s.len() <= INLINE_TEXT, "{s:?}");
        }
    }

    #[test]
    fn letters() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(16383), "XFD");
    }
}
