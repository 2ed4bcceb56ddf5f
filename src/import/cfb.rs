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
use crate::error::{Error, Result};

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
        let mut out = Vec::new();
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
            if out.len() >= len {
                break;
            }
            id = *table.get(usize::try_from(id).ok()?)?;
        }
        Some(out)
    }
}

/// The "Workbook" (or BIFF5 "Book") stream, after checking every chain the
/// xls reader follows.
fn workbook_stream(bytes: &[u8]) -> std::result::Result<Vec<u8>, Damage> {
    walk(bytes).unwrap_or(Err(Damage::Container))
}

fn walk(bytes: &[u8]) -> Option<std::result::Result<Vec<u8>, Damage>> {
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
    let (mini_stream, mini_table) = if mini_fat_sectors > 0 {
        let stream = sectors.chain(u32_at(root, 0x74)?, &fat, entry_len(root)?)?;
        let table = sectors.chain(mini_fat, &fat, mini_fat_sectors.checked_mul(size)?)?;
        (stream, u32s(&table))
    } else {
        (Vec::new(), Vec::new())
    };
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
        let stream = if len < MINI_CUTOFF {
            minis.chain(start, &mini_table, len)?
        } else {
            sectors.chain(start, &fat, len)?
        };
        if workbook.is_none() && (wanted == "Workbook" || wanted == "Book") {
            workbook = Some(stream);
        }
    }
    Some(workbook.ok_or(Damage::NoWorkbook))
}

/// Walks the BIFF records: a FILEPASS record means the workbook is
/// encrypted (record headers stay readable, their contents do not, so it is
/// looked for before any DIMENSIONS record is believed); every DIMENSIONS
/// record is checked the way the xls reader will read it.
fn check_records(stream: &[u8]) -> Result<()> {
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(data) = stream.get(at + 4..at + 4 + len as usize) else {
            break;
        };
        at += 4 + len as usize;
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
