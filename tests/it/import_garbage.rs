//! Files that are not spreadsheets, or are hostile ones, end with one clear
//! message: never a panic, never a change to the workspace. A tiny workbook
//! with a cell at XFD1048576 imports quickly in little memory.

use std::time::{Duration, Instant};

use crate::common::*;

/// A workspace with a few deals, so "unchanged" means something.
fn seeded() -> TestWs {
    let t = TestWs::new();
    let r = t.import(
        "seed.csv",
        "Opportunity ID,Opportunity Name,Opportunity Owner,Amount,Close Date,Stage\n\
         K-1,Keep one,Ann Lee,100,2026-03-01,Prospecting\n\
         K-2,Keep two,Bob Ray,200,2026-03-02,Closed Won\n",
    );
    assert_eq!(r.created, 2);
    t
}

/// Imports `bytes` as `name`, expects a refusal containing `phrase`, and
/// checks that the workspace did not change.
fn refused(t: &TestWs, name: &str, bytes: &[u8], phrase: &str) -> String {
    let before = t.snapshot();
    let message = t.import_err(name, bytes);
    assert!(
        message.contains(phrase),
        "{name}: expected {phrase:?} in {message:?}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(!message.contains('\n'), "one line: {message:?}");
    assert_eq!(t.snapshot(), before, "{name} changed the workspace");
    message
}

/// A real workbook to damage.
fn workbook() -> Vec<u8> {
    xlsx(&[
        row!["Opportunity ID", "Opportunity Name", "Amount", "Close Date"],
        row!["G-1", "Genuine", 1000.0, d(2026, 3, 1)],
        row!["G-2", "Genuine too", 2000.0, d(2026, 3, 2)],
    ])
}

/// Deterministic noise (xorshift), so the test sees the same bytes every run.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_file() {
    let t = seeded();
    refused(&t, "empty.csv", b"", "The file is empty");
}

#[test]
fn png_image() {
    let t = seeded();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(noise(512));
    refused(&t, "pipeline.xlsx", &png, "PNG image, not a spreadsheet");
}

#[test]
fn random_bytes() {
    let t = seeded();
    refused(&t, "pipeline.csv", &noise(8192), "not a spreadsheet");
}

#[test]
fn truncated_xlsx() {
    let t = seeded();
    let full = workbook();
    refused(
        &t,
        "download.xlsx",
        &full[..full.len() / 2],
        "damaged or incomplete",
    );
}

#[test]
fn zip_without_a_workbook() {
    let t = seeded();
    let zip = zip_of(&[
        ("readme.txt", b"Quarterly export".as_slice()),
        ("data/pipeline.json", b"[]".as_slice()),
    ]);
    refused(&t, "export.zip", &zip, "zip archive without a workbook");
    // Named like a workbook, it is still not one.
    refused(&t, "export.xlsx", &zip, "zip archive without a workbook");
}

#[test]
fn password_protected_workbook() {
    // Excel saves an encrypted xlsx as an OLE/CFB container holding an
    // "EncryptedPackage" stream (its directory names are UTF-16LE).
    let t = seeded();
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(std::iter::repeat_n(0u8, 1016));
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    cfb.extend(std::iter::repeat_n(0u8, 512));
    refused(&t, "secret.xlsx", &cfb, "protected with a password");
}

#[test]
fn shared_strings_claiming_four_billion_entries() {
    let t = seeded();
    let good = workbook();
    let sst = zip_part(&good, "xl/sharedStrings.xml");
    let claimed = sst
        .split("uniqueCount=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("rust_xlsxwriter writes uniqueCount")
        .to_string();
    let hostile = patch_part(
        &good,
        "xl/sharedStrings.xml",
        &format!("uniqueCount=\"{claimed}\""),
        "uniqueCount=\"4000000000\"",
    );
    let message = refused(&t, "hostile.xlsx", &hostile, "damaged");
    assert!(message.contains("4000000000"), "{message}");
}

#[test]
fn shared_strings_claim_in_single_quotes() {
    // XML lets attributes use single quotes; the reader reserves the claimed
    // count all the same.
    let t = seeded();
    let good = workbook();
    let hostile = rewrite_zip(&good, |name, content| {
        if name != "xl/sharedStrings.xml" {
            return Some((name.to_string(), content));
        }
        let text = String::from_utf8(content).unwrap();
        let start = text.find("uniqueCount=\"").unwrap();
        let end = start + text[start + 13..].find('"').unwrap() + 14;
        let text = format!("{}uniqueCount='4000000000'{}", &text[..start], &text[end..]);
        Some((name.to_string(), text.into_bytes()))
    });
    refused(&t, "hostile.xlsx", &hostile, "damaged");
}

#[test]
fn shared_strings_part_with_other_letter_case() {
    // Zip part names are matched case-insensitively by the reader, so the
    // check must find "xl/SharedStrings.xml" too.
    let t = seeded();
    let good = workbook();
    let hostile = rewrite_zip(&good, |name, content| {
        if name != "xl/sharedStrings.xml" {
            return Some((name.to_string(), content));
        }
        let text = String::from_utf8(content).unwrap();
        let start = text.find("uniqueCount=\"").unwrap();
        let end = start + text[start + 13..].find('"').unwrap() + 14;
        let text = format!(
            "{}uniqueCount=\"4000000000\"{}",
            &text[..start],
            &text[end..]
        );
        Some(("xl/SharedStrings.xml".to_string(), text.into_bytes()))
    });
    refused(&t, "hostile.xlsx", &hostile, "damaged");
}

/// A header and `rows` deals: `tests/fixtures/sources/dims-{rows}.xlsx`,
/// which LibreOffice converted to `tests/fixtures/dims-{rows}.xls`.
pub(crate) fn dims_rows(rows: usize) -> Vec<Vec<C>> {
    let mut data = vec![row!["Opportunity ID", "Opportunity Name", "Amount"]];
    for i in 0..rows {
        data.push(row![format!("X-{i}"), format!("Deal {i}"), i as f64 * 10.0]);
    }
    data
}

#[test]
fn xls_whose_sheet_claims_four_billion_rows() {
    // The xls reader reserves rows x columns cells as a sheet's DIMENSIONS
    // record claims them: a 6 KB file claiming 4 billion rows would abort
    // the process. A small stream (kept in the container's mini stream) and
    // a large one (in regular sectors).
    let t = seeded();
    for rows in [2usize, 400] {
        // `dims_rows(rows)` as LibreOffice saves it as xls.
        let genuine = fixture(&format!("dims-{rows}.xls"));
        let fresh = TestWs::new();
        assert_eq!(fresh.import("genuine.xls", &genuine).created, rows as u32);

        let mut hostile = genuine.clone();
        let mut patched = 0;
        for i in 0..hostile.len().saturating_sub(18) {
            // DIMENSIONS (0x0200, 14 bytes): first row, last row + 1 (u32),
            // first column, last column + 1 (u16).
            if hostile[i..i + 4] == [0x00, 0x02, 0x0E, 0x00] {
                hostile[i + 8..i + 12].copy_from_slice(&u32::MAX.to_le_bytes());
                hostile[i + 14..i + 16].copy_from_slice(&0xFFu16.to_le_bytes());
                patched += 1;
            }
        }
        assert!(patched >= 1, "no DIMENSIONS record found");
        refused(&t, "huge.xls", &hostile, "more than an xls file can hold");
    }
}

#[test]
fn text_without_a_header_row() {
    let t = seeded();
    refused(
        &t,
        "notes.txt",
        b"just some notes\nnothing tabular here\n",
        "No header row found",
    );
}

#[test]
fn the_damaged_workbook_is_fine_before_it_is_damaged() {
    // The garbage tests above start from this workbook: it imports.
    let t = TestWs::new();
    let r = t.import("genuine.xlsx", workbook());
    assert_eq!(r.created, 2);
    assert_eq!(t.deal("G-2").amount, Some(200_000));
}

/// A 6 KB workbook whose used range is the whole sheet: cells A1..C3 plus
/// one at XFD1048576 (the last cell Excel has).
fn far_cell_workbook() -> Vec<u8> {
    let mut cells = vec![
        (0, 0, C::from("Opportunity ID")),
        (0, 1, C::from("Opportunity Name")),
        (0, 2, C::from("Amount")),
        (1, 0, C::from("F-1")),
        (1, 1, C::from("First")),
        (1, 2, C::N(1000.0)),
        (2, 0, C::from("F-2")),
        (2, 1, C::from("Second")),
        (2, 2, C::N(2000.0)),
    ];
    cells.push((1_048_575, 16_383, C::from("far away")));
    xlsx_cells(&cells)
}

#[test]
fn a_cell_at_xfd1048576_is_ignored_quickly() {
    let t = TestWs::new();
    let bytes = far_cell_workbook();
    assert!(bytes.len() < 16 * 1024, "{} bytes", bytes.len());
    assert!(zip_part(&bytes, "xl/worksheets/sheet1.xml").contains("XFD1048576"));

    let started = Instant::now();
    let report = t.import("far.xlsx", &bytes);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!((report.rows_read, report.created), (2, 2), "{report:#?}");
    assert!(
        has_note(&report, "Cells beyond column AMJ were ignored"),
        "{:#?}",
        report.notes
    );
    assert_eq!(t.deal("F-2").amount, Some(200_000));
    assert_eq!(t.deal_count(), 2);
}

#[cfg(target_os = "linux")]
#[test]
fn a_cell_at_xfd1048576_needs_little_memory() {
    // Through the real binary, so the peak memory is this import's alone.
    let t = TestWs::new();
    let path = t.write("far.xlsx", far_cell_workbook());
    let (code, out, err, peak_kb) = cli_peak_memory(
        &t.data_dir(),
        &["import", path.to_str().unwrap(), "--json"],
        t.dir.path(),
    );
    assert_eq!(code, 0, "stdout {out}\nstderr {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["created"], 2);
    assert!(
        peak_kb < 150 * 1024,
        "peak resident memory {peak_kb} kB for a 6 KB file"
    );
}
