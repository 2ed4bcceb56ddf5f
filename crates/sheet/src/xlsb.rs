//! An xlsb package's workbook part, checked the way the xlsb reader reads it
//! before that reader opens it.
//!
//! The reader trusts the workbook part's sheet list: a sheet whose
//! relationship id is missing from `xl/_rels/workbook.bin.rels` (a damaged
//! or hand-made package) makes it panic on the lookup, and records shorter
//! than it expects make it slice past their end. The records are few and
//! small (one per sheet, a few names), so they are walked here and such a
//! package is refused as damaged instead.
use std::collections::HashSet;
use std::io::Read;

use quick_xml::events::Event;

use crate::package::{normalize, Zip, MAX_HELD_PART_BYTES};
use crate::{Error, Result};

/// BrtWbProp: its first byte holds the 1904 flag.
const WORKBOOK_PROPERTIES: u16 = 0x0099;
/// BrtBundleSh: one sheet, with its relationship id.
const SHEET: u16 = 0x009C;
/// BrtEndBundleShs: the end of the sheet list.
const END_OF_SHEETS: u16 = 0x0090;
/// BrtExternSheet: entries of 12 bytes after a count.
const EXTERN_SHEET: u16 = 0x016A;
/// Records that come after the defined names: the reader stops there.
const AFTER_NAMES: [u16; 9] = [
    0x009D, 0x0225, 0x018D, 0x0180, 0x009A, 0x0252, 0x0229, 0x009B, 0x0084,
];

fn damaged() -> Error {
    Error::unreadable(
        "The workbook is damaged: its list of sheets does not match its parts. Open it in Excel, save it again as xlsx, and import that.",
    )
}

/// Refuses an xlsb package whose workbook part the reader could not read
/// safely (see the module comment).
pub(crate) fn check_workbook(zip: &mut Zip<'_>) -> Result<()> {
    let ids = relationship_ids(zip)?;
    let workbook = part(zip, "xl/workbook.bin")?.ok_or_else(damaged)?;
    walk(&workbook, &ids).ok_or_else(damaged)
}

/// A part's bytes, found whatever its name's case or separators.
fn part(zip: &mut Zip<'_>, wanted: &str) -> Result<Option<Vec<u8>>> {
    let Some(name) = zip
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| normalize(n) == wanted)
        .map(|n| n.to_string())
    else {
        return Ok(None);
    };
    let entry = zip.by_name(&name).map_err(|_| damaged())?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_HELD_PART_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|_| damaged())?;
    Ok(Some(bytes))
}

/// The `Id`s of the workbook part's relationships.
fn relationship_ids(zip: &mut Zip<'_>) -> Result<HashSet<String>> {
    let xml = part(zip, "xl/_rels/workbook.bin.rels")?.ok_or_else(damaged)?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut ids = HashSet::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| damaged())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let Some(id) = e
                    .attributes()
                    .filter_map(|a| a.ok())
                    .find(|a| a.key.local_name().as_ref() == "Id")
                {
                    ids.insert(id.value.into_owned());
                }
            }
            Event::Eof => return Ok(ids),
            _ => {}
        }
        buf.clear();
    }
}

/// The records of the workbook part, read as the reader reads them (a type
/// of one or two bytes, a length of one to four), until the defined names
/// end; `None` when one would trip the reader. The reader keeps one buffer
/// for all records, emptied after each record of the sheet list but not
/// after the names, and some records are read from the buffer rather than
/// the record: `held` follows its length.
fn walk(bytes: &[u8], ids: &HashSet<String>) -> Option<()> {
    let mut at = 0usize;
    let byte = |at: &mut usize| -> Option<u8> {
        let b = *bytes.get(*at)?;
        *at += 1;
        Some(b)
    };
    let mut held = 0usize;
    let mut in_sheet_list = true;
    loop {
        let first = byte(&mut at)?;
        let kind = if first & 0x80 != 0 {
            u16::from(first & 0x7F) | (u16::from(byte(&mut at)? & 0x7F) << 7)
        } else {
            u16::from(first)
        };
        if !in_sheet_list && AFTER_NAMES.contains(&kind) {
            return Some(());
        }
        let mut b = byte(&mut at)?;
        let mut len = usize::from(b & 0x7F);
        for i in 1..4 {
            if b & 0x80 == 0 {
                break;
            }
            b = byte(&mut at)?;
            len |= usize::from(b & 0x7F) << (7 * i);
        }
        let end = at.checked_add(len)?;
        let record = bytes.get(at..end)?;
        at = end;
        held = held.max(len);
        match kind {
            WORKBOOK_PROPERTIES if in_sheet_list && len < 1 => return None,
            SHEET if in_sheet_list => {
                let rel_len = u32::from_le_bytes(record.get(8..12)?.try_into().ok()?);
                if rel_len != u32::MAX {
                    let end = usize::try_from(rel_len)
                        .ok()?
                        .checked_mul(2)?
                        .checked_add(12)?;
                    let units: Vec<u16> = record
                        .get(12..end)?
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    if !ids.contains(&String::from_utf16_lossy(&units)) {
                        return None;
                    }
                }
            }
            END_OF_SHEETS if in_sheet_list => in_sheet_list = false,
            EXTERN_SHEET if !in_sheet_list => {
                if held < 4 {
                    return None;
                }
                let count = usize::try_from(u32::from_le_bytes(
                    record.get(..4).unwrap_or(&[0xFF; 4]).try_into().ok()?,
                ))
                .ok()?;
                let whole = (held - 4) / 12;
                let short = (held - 4) % 12;
                if short > 0 && short < 8 && count > whole {
                    return None;
                }
            }
            _ => {}
        }
        if in_sheet_list {
            held = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        if kind < 0x80 {
            out.push(kind as u8);
        } else {
            out.push((kind & 0x7F) as u8 | 0x80);
            out.push((kind >> 7) as u8);
        }
        out.push(data.len() as u8);
        out.extend_from_slice(data);
        out
    }

    fn sheet(rel: &str) -> Vec<u8> {
        let mut data = vec![0u8; 8];
        data.extend_from_slice(&(rel.len() as u32).to_le_bytes());
        for u in rel.encode_utf16() {
            data.extend_from_slice(&u.to_le_bytes());
        }
        data.extend_from_slice(&1u32.to_le_bytes());
        data.extend_from_slice(&u16::from(b'S').to_le_bytes());
        record(SHEET, &data)
    }

    #[test]
    fn a_sheet_whose_relationship_is_missing_is_damage() {
        let ids: HashSet<String> = ["rId1".to_string()].into();
        let good = [
            sheet("rId1"),
            record(END_OF_SHEETS, &[]),
            record(0x009D, &[]),
        ]
        .concat();
        assert_eq!(walk(&good, &ids), Some(()));
        let missing = [sheet("rId7"), record(END_OF_SHEETS, &[])].concat();
        assert_eq!(walk(&missing, &ids), None);
        let short = [record(SHEET, &[0; 6]), record(END_OF_SHEETS, &[])].concat();
        assert_eq!(walk(&short, &ids), None);
        let empty_props = record(WORKBOOK_PROPERTIES, &[]);
        assert_eq!(walk(&empty_props, &ids), None);
    }
}
