//! A zip workbook package (xlsx, xlsb, ods) looked at before a reader opens
//! it: which workbook it holds, found the way the package's relationships
//! say, and whether its parts unpack to sizes SalesOS can hold.
//!
//! The zip reader never unpacks a part beyond the size its directory
//! declares (a part that tries to is an error), so checking the declared
//! sizes here bounds what the readers will decompress, at no cost.
use std::io::{Cursor, Read};

use quick_xml::events::Event;

use crate::format::Format;
use crate::grid;
use crate::markup;
use crate::{Error, Result};

/// Largest worksheet part once unpacked: worksheets are read as a stream,
/// so this bounds time, not memory (about 30 million short cells).
pub const MAX_SHEET_PART_BYTES: u64 = 768 * 1024 * 1024;
/// Largest other part once unpacked. The readers hold these whole in memory
/// (the text table above all), so they are held to much less.
pub const MAX_HELD_PART_BYTES: u64 = 128 * 1024 * 1024;
/// Largest package once unpacked, all parts together.
pub const MAX_PACKAGE_BYTES: u64 = 1024 * 1024 * 1024;
/// The package's relationships part is a few hundred bytes; more is not read.
const MAX_RELS_BYTES: u64 = 64 * 1024;

pub(crate) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// A part name as the readers look parts up: `/` separators (some tools
/// write `\`), no leading slash, any letter case.
pub(crate) fn normalize(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

/// The workbook format of the package, or `None` when it holds no workbook.
/// The package relationships (`_rels/.rels`) say where the workbook is (it
/// need not be `xl/workbook.xml`); packages without them are recognised by
/// their usual part names.
pub(crate) fn workbook_format(zip: &mut Zip<'_>) -> Option<Format> {
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| normalize(&n))
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if let Some(target) = office_document(zip) {
        if has(&target) {
            if target.ends_with(".bin") {
                return Some(Format::Xlsb);
            }
            if target.ends_with(".xml") {
                return Some(Format::Xlsx);
            }
        }
    }
    if has("xl/workbook.xml") {
        Some(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Some(Format::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Some(Format::Ods)
    } else {
        None
    }
}

/// The part the package relationships name as the office document,
/// normalized (see [`normalize`]).
fn office_document(zip: &mut Zip<'_>) -> Option<String> {
    let name = zip
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| normalize(n) == "_rels/.rels")?
        .to_string();
    let entry = zip.by_name(&name).ok()?;
    let mut xml = Vec::new();
    entry.take(MAX_RELS_BYTES).read_to_end(&mut xml).ok()?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes()
                        .filter_map(|a| a.ok())
                        .find(|a| a.key.local_name().as_ref() == key)
                        .map(|a| a.value.into_owned())
                };
                let is_document = attr("Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_document, attr("Target")) {
                    return Some(normalize(target.trim_start_matches("./")));
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// Refuses a package whose parts, as declared, unpack to more than
/// SalesOS holds: one worksheet, one other part, or all parts together.
pub(crate) fn check_sizes(zip: &mut Zip<'_>) -> Result<()> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| {
            Error::unreadable("The workbook is damaged: one of its parts cannot be read.")
        })?;
        let name = entry.name().map(|n| normalize(&n)).unwrap_or_default();
        let size = entry.size();
        // ODS keeps every sheet in content.xml; its cells are counted before
        // it is read (see `ods`), so it is held to the worksheet size.
        let streamed = name.contains("worksheets/") || name == "content.xml";
        // Pictures and embedded files are never read: only the total counts them.
        let unread = ["media/", "embeddings/", "thumbnail", "pictures/"]
            .iter()
            .any(|p| name.contains(p));
        let limit = if streamed {
            MAX_SHEET_PART_BYTES
        } else if unread {
            MAX_PACKAGE_BYTES
        } else {
            MAX_HELD_PART_BYTES
        };
        total = total.saturating_add(size);
        if size > limit || total > MAX_PACKAGE_BYTES {
            return Err(too_large());
        }
    }
    Ok(())
}

/// Worksheets no larger than this are not scanned for long gaps between
/// tags: the reader holds a gap about three times over while it grows its
/// buffer, so the worst such a part can hide costs under 450 MB, and a
/// usual workbook (the benchmark's 100,000 deals are a 45 MB sheet) is not
/// unpacked twice.
const UNSCANNED_SHEET_BYTES: u64 = 128 * 1024 * 1024;
/// The text table is held whole besides, an allocation per entry, so it is
/// scanned from a smaller size (it is rarely large, and cheap to scan when
/// it is): for gaps, and for more entries than a sheet can use.
const UNSCANNED_TEXT_TABLE_BYTES: u64 = 16 * 1024 * 1024;

/// Refuses a package whose large parts (worksheets, the text table) hold
/// more than [`markup::MAX_GAP_BYTES`] between two tags or in one xlsb
/// record: see `markup`.
pub(crate) fn check_gaps(zip: &mut Zip<'_>) -> Result<()> {
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| normalize(&n)).unwrap_or_default();
        let unscanned = if name.ends_with("sharedstrings.xml") {
            UNSCANNED_TEXT_TABLE_BYTES
        } else if name.contains("worksheets/") || name.ends_with("sharedstrings.bin") {
            UNSCANNED_SHEET_BYTES
        } else {
            continue;
        };
        if entry.size() <= unscanned {
            continue;
        }
        if name.ends_with(".bin") {
            // xlsb: binary records, each read whole.
            markup::check_records(std::io::BufReader::new(entry.take(MAX_SHEET_PART_BYTES)))?;
            continue;
        }
        let mut gaps = markup::Gaps::new(entry.take(MAX_SHEET_PART_BYTES));
        if unscanned == UNSCANNED_TEXT_TABLE_BYTES {
            count_texts(&mut gaps)?;
        } else if let Err(e) = std::io::copy(&mut gaps, &mut std::io::sink()) {
            if markup::is_gap(&e) {
                return Err(markup::gap_error());
            }
            // A part that cannot be unpacked is the reader's to report.
        }
    }
    Ok(())
}

/// Counts a text table's entries (`si` elements) as a stream. The reader
/// keeps a string per entry (24 bytes and an allocation each), and a sheet
/// reads at most [`grid::MAX_SHEET_CELLS`] cells, so a table of more
/// entries (8 million empty ones pack in a 300 KB file) is refused.
fn count_texts(part: impl Read) -> Result<()> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::with_capacity(1024);
    let mut entries: u64 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "si" => {
                entries += 1;
                if entries > grid::MAX_SHEET_CELLS {
                    return Err(Error::unreadable(format!(
                        "The workbook's text table holds more than {} entries, more than the cells SalesOS reads from a sheet; the file is damaged or was not made by a spreadsheet app. Save it again as xlsx or CSV.",
                        grid::MAX_SHEET_CELLS
                    )));
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(quick_xml::Error::Io(e)) if markup::is_gap(&e) => return Err(markup::gap_error()),
            // A part that cannot be unpacked or parsed is the reader's to report.
            Err(_) => return Ok(()),
        }
        buf.clear();
    }
}

fn too_large() -> Error {
    Error::unreadable(format!(
        "The workbook unpacks to more data than SalesOS opens (over {} MB in all, or {} MB in one sheet); export fewer rows or columns, or save it as CSV.",
        MAX_PACKAGE_BYTES / (1024 * 1024),
        MAX_SHEET_PART_BYTES / (1024 * 1024)
    ))
}
