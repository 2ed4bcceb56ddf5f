//! A look inside an xls file's OLE/CFB container before the xls reader opens
//! it. That reader reserves rows × columns cells for every sheet as its
//! DIMENSIONS record claims them, so a 5 KB file claiming four billion rows
//! would end the process (an allocation failure aborts; it is not a panic
//! that can be caught). Only the Workbook stream's records are read here.
use crate::error::{Error, Result};

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
/// An xls sheet has at most 65,536 rows and 256 columns.
const MAX_SHEET_CELLS: u64 = 65_536 * 256;

/// BIFF record FILEPASS: the records after it are encrypted.
const FILEPASS: u16 = 0x002F;
/// BIFF record DIMENSIONS.
const DIMENSIONS: u16 = 0x0200;

/// Refuses an xls that is password-protected or whose sheets claim more
/// cells than the format can hold. A container this reader cannot follow is
/// left to the xls reader to judge.
pub fn check_xls(bytes: &[u8]) -> Result<()> {
    match workbook_stream(bytes) {
        Some(stream) => check_records(&stream),
        None => Ok(()),
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

struct Container<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl Container<'_> {
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(start..start.checked_add(self.sector)?)
    }

    /// The sectors of a chain, in order; `None` when it is broken or loops.
    fn chain(&self, first: u32, table: &[u32]) -> Option<Vec<u32>> {
        let mut ids = Vec::new();
        let mut id = first;
        while id != END_OF_CHAIN {
            if ids.len() > table.len() {
                return None;
            }
            ids.push(id);
            id = *table.get(id as usize)?;
        }
        Some(ids)
    }

    fn read(&self, first: u32) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for id in self.chain(first, &self.fat)? {
            out.extend_from_slice(self.sector(id)?);
        }
        Some(out)
    }
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// The "Workbook" (or BIFF5 "Book") stream of the container.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 0x1E)?;
    let mini_shift = u16_at(bytes, 0x20)?;
    if !(shift == 9 || shift == 12) || mini_shift != 6 {
        return None;
    }
    let sector = 1usize << shift;
    let fat_sectors = u32_at(bytes, 0x2C)? as usize;
    let directory = u32_at(bytes, 0x30)?;
    let cutoff = u32_at(bytes, 0x38)? as u64;
    let mini_fat = u32_at(bytes, 0x3C)?;
    let mut difat_next = u32_at(bytes, 0x44)?;
    let max_sectors = bytes.len() / sector;

    // Where the FAT is: 109 entries in the header, the rest in DIFAT sectors.
    let mut fat_ids: Vec<u32> = u32s(bytes.get(0x4C..0x200)?);
    let mut container = Container {
        bytes,
        sector,
        fat: Vec::new(),
    };
    let mut hops = 0;
    while difat_next != END_OF_CHAIN && difat_next != FREE && fat_ids.len() < fat_sectors {
        hops += 1;
        if hops > max_sectors {
            return None;
        }
        let entries = u32s(container.sector(difat_next)?);
        let (next, ids) = entries.split_last()?;
        fat_ids.extend_from_slice(ids);
        difat_next = *next;
    }
    for id in fat_ids
        .into_iter()
        .take(fat_sectors)
        .filter(|id| *id != FREE)
    {
        let fat = u32s(container.sector(id)?);
        container.fat.extend(fat);
    }

    let dir = container.read(directory)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let found = entries.iter().find(|e| {
        let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = e[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let name = String::from_utf16_lossy(&units);
        e[0x42] == 2 && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
    })?;
    let start = u32_at(found, 0x74)?;
    let size = u32_at(found, 0x78)? as u64;
    let mut stream = if size < cutoff {
        // Small streams live in 64-byte sectors inside the root's mini stream.
        let mini_stream = container.read(u32_at(root, 0x74)?)?;
        let mini_table = u32s(&container.read(mini_fat)?);
        let mut out = Vec::new();
        for id in container.chain(start, &mini_table)? {
            let at = (id as usize).checked_mul(64)?;
            out.extend_from_slice(mini_stream.get(at..at + 64)?);
        }
        out
    } else {
        container.read(start)?
    };
    stream.truncate(size.min(stream.len() as u64) as usize);
    Some(stream)
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
