//! A look inside an xls file's OLE/CFB container before the xls reader opens
//! it, following every chain of sectors that reader will follow.
//!
//! The xls reader trusts the container: a chain of sectors that loops makes
//! it append the same sectors for ever (a 25 KB file grew to 24 GB), a
//! sector past the end of a truncated file makes it panic, and a sheet's
//! DIMENSIONS record makes it reserve rows × columns cells (a 5 KB file
//! claiming four billion rows ends the process: an allocation failure aborts,
//! it is not a panic that can be caught). So the container is walked here
//! the way that reader walks it (the DIFAT chain, every FAT sector, the
//! directory chain, the mini stream and mini FAT, and the streams it reads),
//! and a file whose chains loop, break or point past its end is refused as
//! damaged before the reader sees it. Then the Workbook stream's records are
//! checked.
use crate::{Error, Result};

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector ids from here up are markers, not sectors (the DIFAT chain ends there).
const RESERVED: u32 = 0xFFFF_FFFA;
/// FAT entries from here up mark DIFAT or FAT sectors, or free ones.
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream (the xls reader's cutoff).
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;
/// An xls sheet has at most 65,536 rows and 256 columns.
const MAX_SHEET_CELLS: u64 = 65_536 * 256;
/// The streams the xls reader opens.
const READ_STREAMS: [&str; 4] = [
    "Workbook",
    "Book",
    "\u{5}SummaryInformation",
    "\u{5}DocumentSummaryInformation",
];

/// BIFF record FILEPASS: the records after it are encrypted.
const FILEPASS: u16 = 0x002F;
/// BIFF record DIMENSIONS.
const DIMENSIONS: u16 = 0x0200;

/// Refuses an xls whose container the reader could not follow safely, that
/// is password-protected, or whose sheets claim more cells than the format
/// can hold.
pub fn check_xls(bytes: &[u8]) -> Result<()> {
    match workbook_stream(bytes) {
        Ok(stream) => check_records(&stream),
        Err(Damage::NoWorkbook) => Err(Error::unreadable(
            "This Office file holds no Excel workbook (it may be a Word or Outlook file). Export the pipeline from your CRM as CSV or Excel and import that.",
        )),
        Err(Damage::Container) => Err(Error::unreadable(
            "The workbook is damaged: its internal table of contents is broken or cut short. Open it in Excel or LibreOffice, save it again as xlsx, and import that.",
        )),
    }
}

/// Why the Workbook stream could not be had.
#[derive(Debug, PartialEq, Eq)]
enum Damage {
    /// A chain loops, breaks or points past the end of the file.
    Container,
    /// A sound container without a Workbook stream.
    NoWorkbook,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Sectors of `size` bytes after the header. The last one may be cut short
/// (the reader takes what is there); one that starts past the end is missing.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl Sectors<'_> {
    /// A sector, or what there is of the last one.
    fn get(&self, id: u32) -> Option<&[u8]> {
        let start = usize::try_from(id).ok()?.checked_mul(self.size)?;
        if start >= self.data.len() {
            return None;
        }
        let end = start.checked_add(self.size)?.min(self.data.len());
        self.data.get(start..end)
    }

    /// A whole sector: tables (DIFAT, FAT) are read as 4-byte entries, and the
    /// reader asserts a table sector is whole.
    fn whole(&self, id: u32) -> Option<&[u8]> {
        self.get(id).filter(|s| s.len() == self.size)
    }

    fn count(&self) -> usize {
        self.data.len().div_ceil(self.size)
    }

    /// The bytes of a chain, at most `len` of them, the way the xls reader
    /// reads it; `None` when a sector is missing or the chain loops.
    fn chain(&self, first: u32, table: &[u32], len: usize) -> Option<Vec<u8>> {
        self.chain_at(first, table, len).map(|(bytes, _)| bytes)
    }

    /// [`Sectors::chain`], with where each piece of it is in `data`
    /// (start, length), in order.
    fn chain_at(&self, first: u32, table: &[u32], len: usize) -> Option<(Vec<u8>, Vec<Span>)> {
        let mut out = Vec::new();
        let mut spans = Vec::new();
        let mut id = first;
        let mut hops = 0usize;
        while id != END_OF_CHAIN && out.len() < len {
            hops += 1;
            if hops > self.count() {
                return None;
            }
            let sector = self.get(id)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            spans.push((usize::try_from(id).ok()?.checked_mul(self.size)?, take));
            if out.len() >= len {
                break;
            }
            id = *table.get(usize::try_from(id).ok()?)?;
        }
        Some((out, spans))
    }
}

/// A piece of a stream: where it starts, and its length.
type Span = (usize, usize);

/// Where byte `at` of a stream made of `spans` is.
fn locate(spans: &[Span], mut at: usize) -> Option<usize> {
    for &(start, len) in spans {
        if at < len {
            return start.checked_add(at);
        }
        at -= len;
    }
    None
}

/// The Workbook stream and where its pieces are in the file.
struct Workbook {
    stream: Vec<u8>,
    spans: Vec<Span>,
}

/// The "Workbook" (or BIFF5 "Book") stream, after checking every chain the
/// xls reader follows.
fn workbook_stream(bytes: &[u8]) -> std::result::Result<Vec<u8>, Damage> {
    workbook(bytes).map(|w| w.stream)
}

fn workbook(bytes: &[u8]) -> std::result::Result<Workbook, Damage> {
    walk(bytes).unwrap_or(Err(Damage::Container))
}

fn walk(bytes: &[u8]) -> Option<std::result::Result<Workbook, Damage>> {
    let shift = u16_at(bytes, 0x1E)?;
    if !(shift == 9 || shift == 12) {
        return None;
    }
    let size = 1usize << shift;
    let mini_fat_sectors = usize::try_from(u32_at(bytes, 0x40)?).ok()?;
    let directory = u32_at(bytes, 0x30)?;
    let mini_fat = u32_at(bytes, 0x3C)?;
    let sectors = Sectors {
        data: bytes.get(size..)?,
        size,
    };

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors
    // whose last entry names the next one.
    let mut difat: Vec<u32> = u32s(bytes.get(0x4C..0x200)?);
    let mut next = u32_at(bytes, 0x44)?;
    let mut hops = 0usize;
    while next < RESERVED {
        hops += 1;
        if hops > sectors.count() {
            return None;
        }
        difat.extend(u32s(sectors.whole(next)?));
        next = difat.pop()?;
    }
    // Every FAT sector the DIFAT names.
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFAT_SECTOR) {
        fat.extend(u32s(sectors.whole(id)?));
    }

    let dir = sectors.chain(directory, &fat, usize::MAX)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let entry_len = |e: &[u8]| -> Option<usize> {
        if shift == 9 {
            usize::try_from(u32_at(e, 0x78)?).ok()
        } else {
            usize::try_from(u64::from_le_bytes(e.get(0x78..0x80)?.try_into().ok()?)).ok()
        }
    };
    let (mini_stream, mini_spans, mini_table) = if mini_fat_sectors > 0 {
        let (stream, spans) = sectors.chain_at(u32_at(root, 0x74)?, &fat, entry_len(root)?)?;
        let table = sectors.chain(mini_fat, &fat, mini_fat_sectors.checked_mul(size)?)?;
        (stream, spans, u32s(&table))
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    // Offsets in the file: regular sectors come after the header sector.
    let in_file = |spans: Vec<Span>| -> Option<Vec<Span>> {
        spans
            .into_iter()
            .map(|(start, len)| Some((start.checked_add(size)?, len)))
            .collect()
    };
    let mini_spans = in_file(mini_spans)?;
    let minis = Sectors {
        data: &mini_stream,
        size: MINI_SECTOR,
    };
    let name_of = |e: &[u8]| -> String {
        let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = e[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut workbook = None;
    for wanted in READ_STREAMS {
        // The reader takes the first entry of the name, of whatever type.
        let Some(e) = entries
            .iter()
            .find(|e| name_of(e).eq_ignore_ascii_case(wanted))
        else {
            continue;
        };
        let len = entry_len(e)?;
        let start = u32_at(e, 0x74)?;
        let (stream, spans) = if len < MINI_CUTOFF {
            // A mini sector lies inside one sector of the mini stream.
            let (stream, spans) = minis.chain_at(start, &mini_table, len)?;
            let spans = spans
                .into_iter()
                .map(|(at, len)| Some((locate(&mini_spans, at)?, len)))
                .collect::<Option<Vec<Span>>>()?;
            (stream, spans)
        } else {
            let (stream, spans) = sectors.chain_at(start, &fat, len)?;
            (stream, in_file(spans)?)
        };
        if workbook.is_none() && (wanted == "Workbook" || wanted == "Book") {
            workbook = Some(Workbook { stream, spans });
        }
    }
    Some(workbook.ok_or(Damage::NoWorkbook))
}

/// BIFF record BOF: a sheet's (or the workbook's) records begin.
const BOF: u16 = 0x0809;
/// Records of a cell with a value the xls reader keeps, each starting with
/// its row and column (NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR,
/// FORMULA).
const CELL_RECORDS: [u16; 7] = [0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006];
/// MULRK: several RK cells of one row, the last column at the record's end.
const MULRK: u16 = 0x00BD;
/// The xls reader lays every sheet out, as it opens the workbook, as one
/// block from its first cell to its last, every cell of the block held (32
/// bytes each): a workbook whose blocks together span more than this is
/// refused before they are made. The reader also copies a sheet's block when
/// it is read, so this is held to the cells a whole read takes
/// ([`crate::grid::MAX_SHEET_CELLS`]): three million is a full xls sheet of
/// 65,536 rows and 45 columns.
const MAX_SHEET_SPAN: u64 = crate::grid::MAX_SHEET_CELLS;

/// The block a sheet's cells cover so far, and the blocks of the sheets
/// before it.
#[derive(Default)]
struct CellSpan {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
    before: u64,
}

impl CellSpan {
    fn widen(range: &mut Option<(u16, u16)>, low: u16, high: u16) {
        *range = Some(match *range {
            Some((a, b)) => (a.min(low), b.max(high)),
            None => (low.min(high), low.max(high)),
        });
    }

    fn extent(r: Option<(u16, u16)>) -> u64 {
        r.map_or(0, |(a, b)| u64::from(b - a) + 1)
    }

    /// The next sheet begins: this one's block is counted as done.
    fn next_sheet(&mut self) {
        let area = Self::extent(self.rows).saturating_mul(Self::extent(self.cols));
        *self = CellSpan {
            before: self.before.saturating_add(area),
            ..CellSpan::default()
        };
    }

    /// Takes in a cell record's position; refuses once the blocks are too big.
    fn add(&mut self, kind: u16, data: &[u8]) -> Result<()> {
        let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else {
            return Ok(());
        };
        let last_col = if kind == MULRK {
            match data.len().checked_sub(2).and_then(|at| u16_at(data, at)) {
                Some(c) => c,
                None => return Ok(()),
            }
        } else if CELL_RECORDS.contains(&kind) {
            col
        } else {
            return Ok(());
        };
        Self::widen(&mut self.rows, row, row);
        Self::widen(&mut self.cols, col, last_col);
        let extent = Self::extent;
        let cells = extent(self.rows)
            .saturating_mul(extent(self.cols))
            .saturating_add(self.before);
        if cells > MAX_SHEET_SPAN {
            let (first_row, last_row) = self.rows.unwrap_or((0, 0));
            return Err(Error::unreadable(format!(
                "This workbook's sheets spread their cells over more than {MAX_SHEET_SPAN} cells (one has cells from row {} to row {} across {} columns), more than SalesOS reads from an xls file. Open it in your spreadsheet app, delete the stray cells far from the data or save it as xlsx, and import that.",
                u32::from(first_row) + 1,
                u32::from(last_row) + 1,
                extent(self.cols)
            )));
        }
        Ok(())
    }
}

/// BIFF record FORMULA: a cell's cached value, then its formula's tokens.
const FORMULA: u16 = 0x0006;
/// BIFF record BOUNDSHEET: where a sheet's records start in the stream.
const BOUNDSHEET: u16 = 0x0085;
/// BIFF record EOF: the end of a sheet's records.
const EOF: u16 = 0x000A;
/// The formula token that stands for a missing argument: one byte, parsed
/// safely whatever follows it.
const PTG_MISS_ARG: u8 = 0x16;
/// A FORMULA record's bytes before its tokens' length.
const FORMULA_HEAD: usize = 20;

/// A copy of the file in which every formula's tokens are harmless.
///
/// The xls reader turns every formula into text as it opens a workbook, and
/// it trusts the tokens' bytes: a damaged formula makes it slice past the
/// record's end. SalesOS imports the values cells hold, never the formulas'
/// text, so each FORMULA record's tokens are replaced with missing-argument
/// tokens of the same length; the cached values stay as they are. A file
/// without formulas is returned as it is.
pub fn defuse_formulas(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>> {
    let Ok(wb) = workbook(bytes) else {
        // Refused already by `check_xls`; the reader reports it.
        return Ok(std::borrow::Cow::Borrowed(bytes));
    };
    let stream = &wb.stream;
    let record = |at: usize| -> Option<(u16, usize)> {
        Some((
            u16_at(stream, at)?,
            usize::from(u16_at(stream, at.checked_add(2)?)?),
        ))
    };
    // The records the reader reads: the workbook's from the start, and each
    // sheet's from where its BOUNDSHEET record says, up to its EOF.
    let mut formulas = std::collections::BTreeSet::new();
    let mut sheets = Vec::new();
    let mut at = 0usize;
    while let Some((kind, len)) = record(at) {
        match kind {
            FORMULA => {
                formulas.insert(at);
            }
            BOUNDSHEET => {
                if let Some(pos) = u32_at(stream, at + 4) {
                    sheets.push(pos as usize);
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    for mut at in sheets {
        while let Some((kind, len)) = record(at) {
            if kind == FORMULA {
                formulas.insert(at);
            }
            if kind == EOF {
                break;
            }
            at += 4 + len;
        }
    }
    if formulas.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = bytes.to_vec();
    let mut put = |stream_at: usize, byte: u8| -> Option<()> {
        *out.get_mut(locate(&wb.spans, stream_at)?)? = byte;
        Some(())
    };
    for at in formulas {
        let Some((_, len)) = record(at) else { continue };
        if len < FORMULA_HEAD {
            // The reader refuses a FORMULA record this short itself.
            continue;
        }
        let tokens = len - FORMULA_HEAD;
        let data = at + 4;
        if tokens < 2 || data + len > stream.len() {
            return Err(Error::unreadable(
                "The workbook is damaged: a formula's record is cut short. Open it in Excel or LibreOffice, save it again as xlsx, and import that.",
            ));
        }
        let count = u16::try_from(tokens - 2).unwrap_or(u16::MAX).to_le_bytes();
        let damaged =
            || Error::unreadable("The workbook is damaged: a formula lies outside the file.");
        put(data + FORMULA_HEAD, count[0]).ok_or_else(damaged)?;
        put(data + FORMULA_HEAD + 1, count[1]).ok_or_else(damaged)?;
        for i in data + FORMULA_HEAD + 2..data + len {
            put(i, PTG_MISS_ARG).ok_or_else(damaged)?;
        }
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// Walks the BIFF records: a FILEPASS record means the workbook is
/// encrypted (record headers stay readable, their contents do not, so it is
/// looked for before any DIMENSIONS record is believed); every DIMENSIONS
/// record is checked the way the xls reader will read it.
fn check_records(stream: &[u8]) -> Result<()> {
    let mut at = 0;
    let mut sheets = Vec::new();
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(data) = stream.get(at + 4..at + 4 + len as usize) else {
            break;
        };
        at += 4 + len as usize;
        if trips_the_reader(kind, data) {
            return Err(Error::unreadable(
                "The workbook is damaged: a record that names its sheets or ranges is cut short. Open it in Excel or LibreOffice, save it again as xlsx, and import that.",
            ));
        }
        if kind == BOUNDSHEET {
            if let Some(pos) = u32_at(data, 0) {
                sheets.push(pos as usize);
            }
        }
        if kind == FILEPASS {
            return Err(Error::unreadable(
                "This workbook is protected with a password. Open it in Excel, remove the password (File > Info > Protect Workbook), save it and import it again.",
            ));
        }
        if kind != DIMENSIONS {
            continue;
        }
        let parts = match data.len() {
            10 => (
                u16_at(data, 0).map(u32::from),
                u16_at(data, 2).map(u32::from),
                u16_at(data, 4),
                u16_at(data, 6),
            ),
            14 | 16 => (
                u32_at(data, 0),
                u32_at(data, 4),
                u16_at(data, 8),
                u16_at(data, 10),
            ),
            _ => continue,
        };
        let (Some(first_row), Some(row_end), Some(mut first_col), Some(col_end)) = parts else {
            continue;
        };
        if first_col > 0xFF || col_end < first_col {
            first_col = 0;
        }
        if row_end == 0 || col_end == 0 {
            continue;
        }
        let rows = row_end as i64 - first_row as i64;
        let cols = col_end as i64 - first_col as i64;
        if rows <= 0 || (rows as u64).saturating_mul(cols as u64) > MAX_SHEET_CELLS {
            return Err(Error::unreadable(format!(
                "The workbook is damaged: a sheet claims rows {} to {row_end} and {cols} column(s), more than an xls file can hold. Open it in your spreadsheet app, save it again as xlsx, and import that.",
                first_row as u64 + 1
            )));
        }
    }
    check_spans(stream, &sheets)
}

/// BIFF record NAME (a defined name): 14 bytes, then the name, then the
/// formula whose length is at offset 4.
const NAME: u16 = 0x0018;

/// Whether a workbook-level record is shorter than the xls reader reads it
/// without checking: a BOUNDSHEET under 6 bytes, a NAME under 14 bytes or
/// whose formula is longer than the record.
fn trips_the_reader(kind: u16, data: &[u8]) -> bool {
    match kind {
        BOUNDSHEET => data.len() < 6,
        NAME => data.len() < 14 || u16_at(data, 4).is_none_or(|cce| usize::from(cce) > data.len()),
        _ => false,
    }
}

/// BIFF record MERGEDCELLS: a count, then 8 bytes per merged range.
const MERGED_CELLS: u16 = 0x00E5;

/// Whether a MERGEDCELLS record holds the ranges its count says (the reader
/// reads them without checking).
fn merged_cells_fit(data: &[u8]) -> bool {
    u16_at(data, 0).is_some_and(|count| 2 + usize::from(count) * 8 <= data.len())
}

/// Walks each sheet's records from where its BOUNDSHEET record says, as the
/// xls reader does (a nested substream, such as an embedded chart, is
/// skipped; the sheet ends at its EOF), and refuses the workbook when the
/// blocks its sheets' cells span add up to more than [`MAX_SHEET_SPAN`].
fn check_spans(stream: &[u8], sheets: &[usize]) -> Result<()> {
    let mut span = CellSpan::default();
    for &start in sheets {
        span.next_sheet();
        let (mut at, mut seen_bof, mut depth) = (start, false, 0usize);
        while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
            let Some(data) = stream.get(at + 4..at + 4 + len as usize) else {
                break;
            };
            at += 4 + len as usize;
            if depth > 0 {
                match kind {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match kind {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                MERGED_CELLS if !merged_cells_fit(data) => {
                    return Err(Error::unreadable(
                        "The workbook is damaged: a sheet's list of merged cells is cut short. Open it in Excel or LibreOffice, save it again as xlsx, and import that.",
                    ))
                }
                _ => span.add(kind, data)?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn an_encrypted_workbook_is_a_password_not_damage() {
        // BOF, FILEPASS, then a DIMENSIONS record whose (encrypted) bytes
        // claim absurd rows: the password is what the user must hear about.
        let mut stream = record(0x0809, &[0; 16]);
        stream.extend(record(FILEPASS, &[1, 0, 1, 0, 1, 0]));
        let mut dims = Vec::new();
        dims.extend_from_slice(&0x52B4_A7B1u32.to_le_bytes());
        dims.extend_from_slice(&0x2240_2A31u32.to_le_bytes());
        dims.extend_from_slice(&[0, 0, 9, 0, 0, 0]);
        stream.extend(record(DIMENSIONS, &dims));
        let message = check_records(&stream).unwrap_err().to_string();
        assert!(message.contains("protected with a password"), "{message}");
        // Without FILEPASS the same record is damage.
        let plain: Vec<u8> = [record(0x0809, &[0; 16]), record(DIMENSIONS, &dims)].concat();
        assert!(check_records(&plain)
            .unwrap_err()
            .to_string()
            .contains("damaged"));
    }
}
