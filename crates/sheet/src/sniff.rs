//! What kind of file this is, decided from its bytes, not its name: a CRM
//! export named `.xls` is often HTML or CSV, and a "spreadsheet" may be an
//! image, a truncated download or a password-protected workbook.
use std::io::{Cursor, Read};

use crate::format::Format;
use crate::package;
use crate::{Error, Result};

/// Largest file SalesOS reads.
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.is_empty() {
        return Err(Error::unreadable("The file is empty."));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::unreadable(format!(
            "The file is {} MB; SalesOS reads files up to {} MB.",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if contains_utf16(bytes, "EncryptedPackage") {
            Err(Error::unreadable(
                "This workbook is protected with a password. Open it in Excel, remove the password (File > Info > Protect Workbook), save it and import it again.",
            ))
        } else {
            crate::cfb::check_xls(bytes)?;
            Ok(Format::Xls)
        };
    }
    if let Some(version) = old_excel(bytes) {
        return Err(Error::unreadable(format!(
            "This is an {version} worksheet, a format SalesOS cannot read; open it in Excel or LibreOffice and save it as xlsx."
        )));
    }
    if let Some(kind) = known_binary(bytes) {
        return Err(Error::unreadable(format!(
            "This is {kind}, not a spreadsheet. Export the pipeline from your CRM as CSV or Excel and import that."
        )));
    }
    if looks_like_text(bytes) {
        if let Some(kind) = markup(bytes) {
            return Err(Error::unreadable(format!(
                "This file is {kind} with a spreadsheet's name, not a real spreadsheet. Open it in Excel and save it as xlsx or CSV, or export the report from your CRM as CSV."
            )));
        }
        return Ok(Format::Delimited);
    }
    Err(Error::unreadable(
        "This file is not a spreadsheet SalesOS can read (it is neither a workbook nor text). Export the pipeline from your CRM as CSV or Excel and import that.",
    ))
}

fn sniff_zip(bytes: &[u8]) -> Result<Format> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        Error::unreadable(
            "The workbook is damaged or incomplete (its zip structure cannot be read). If it was downloaded, download it again.",
        )
    })?;
    let Some(format) = package::workbook_format(&mut zip) else {
        return Err(Error::unreadable(
            "This is a zip archive without a workbook in it. Unzip it and import the spreadsheet inside, or export the pipeline again as xlsx or CSV.",
        ));
    };
    package::check_sizes(&mut zip)?;
    package::check_gaps(&mut zip)?;
    match format {
        Format::Xlsx => check_shared_strings(&mut zip)?,
        Format::Ods => crate::ods::check_repeats(&mut zip)?,
        Format::Xlsb => crate::xlsb::check_workbook(&mut zip)?,
        _ => {}
    }
    Ok(format)
}

/// A shared-string table that claims more strings than its bytes could hold
/// would make the reader reserve memory for all of them: refuse it. The
/// reader finds the part whatever its letter case, and XML allows either
/// quote around the count, so both are looked for here too.
fn check_shared_strings(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<()> {
    const HEAD: u64 = 64 * 1024;
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| {
            n.replace('\\', "/")
                .to_ascii_lowercase()
                .ends_with("sharedstrings.xml")
        })
        .map(|n| n.into_owned())
        .collect();
    for part in parts {
        let entry = zip.by_name(&part).map_err(|_| {
            Error::unreadable("The workbook is damaged: its text table cannot be read.")
        })?;
        let size = entry.size();
        let mut head = Vec::with_capacity(4096);
        entry.take(HEAD).read_to_end(&mut head).map_err(|_| {
            Error::unreadable("The workbook is damaged: its text table cannot be read.")
        })?;
        let text = String::from_utf8_lossy(&head);
        // Every entry takes at least "<si><t/></si>" (13 bytes).
        let plausible = size / 13 + 16;
        for claimed in attribute_numbers(&text, "uniqueCount") {
            if claimed > plausible {
                return Err(Error::unreadable(format!(
                    "The workbook is damaged: its text table claims {claimed} entries in {size} bytes."
                )));
            }
        }
        if size > head.len() as u64 && !has_start_tag(&text, "sst") {
            return Err(Error::unreadable(
                "The workbook is damaged: its text table does not start like one.",
            ));
        }
    }
    Ok(())
}

/// Every number given to attribute `name` in `text` (`name="12"`, `name = '12'`).
fn attribute_numbers(text: &str, name: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices(name) {
        let rest = text[pos + name.len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = rest[1..].split(quote).next().unwrap_or("").trim();
        let digits = value.strip_prefix('+').unwrap_or(value);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            out.push(digits.parse().unwrap_or(u64::MAX));
        }
    }
    out
}

/// Whether `text` holds a start tag `<name` or `<prefix:name`.
fn has_start_tag(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(pos, _)| {
        let before = text[..pos].chars().next_back();
        let after = text[pos + name.len()..].chars().next();
        matches!(before, Some('<') | Some(':'))
            && matches!(after, Some(c) if c.is_whitespace() || c == '>' || c == '/')
    })
}

/// CRM "Excel" exports that are really web pages or Excel 2003 XML.
fn markup(bytes: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<table")
    {
        Some("a web page (HTML)")
    } else if head.starts_with("<?xml") && head.contains("<workbook") {
        Some("an Excel 2003 XML file")
    } else {
        None
    }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// Excel 2.x to 4.0 files (BIFF2 to BIFF4) are bare BIFF records, no
/// container: they start with a BOF record (type 0x0009, 0x0209 or 0x0409)
/// whose length field is small and whose document type is a worksheet, a
/// chart, a macro sheet or a workbook.
fn old_excel(bytes: &[u8]) -> Option<&'static str> {
    let kind = u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]);
    let len = u16::from_le_bytes([*bytes.get(2)?, *bytes.get(3)?]);
    let doc = u16::from_le_bytes([*bytes.get(6)?, *bytes.get(7)?]);
    let version = match kind {
        0x0009 => "Excel 2.1",
        0x0209 => "Excel 3.0",
        0x0409 => "Excel 4.0",
        _ => return None,
    };
    let plausible = (4..=16).contains(&len) && matches!(doc, 0x0010 | 0x0020 | 0x0040 | 0x0100);
    plausible.then_some(version)
}

fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"BM", "a bitmap image"),
        (b"SQLite format 3", "a database file"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, k)| *k)
}

/// Text in any of the encodings CSV exports use: few control characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    control * 100 <= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_spreadsheet() {
        assert!(sniff(b"").is_err());
        assert!(sniff(b"\x89PNG\r\n\x1a\n0000")
            .unwrap_err()
            .to_string()
            .contains("PNG image"));
        assert!(sniff(&[0u8, 1, 2, 3, 4, 5, 6, 7, 200, 3, 1, 0]).is_err());
        assert!(sniff(b"PK\x03\x04garbage")
            .unwrap_err()
            .to_string()
            .contains("damaged"));
        assert_eq!(sniff(b"a,b\n1,2\n").unwrap(), Format::Delimited);
        assert!(sniff(b"<html><table><tr><td>1</td></tr></table></html>")
            .unwrap_err()
            .to_string()
            .contains("web page"));
    }
}
